"""Reporting cues: parser-free patterns of `rules/cues.toml`, and verbs matched on lemma and POS.

`pattern_cue` matches around one quote (the incise after it, the colon before it);
`source_cues` finds « selon X », « d'après X », « pour X, » in a paragraph;
`verb_cues` finds reporting verbs in a parse by lemma and part of speech (never by form).
"""

from __future__ import annotations

from quotes.parse.base import Parse
from quotes.rules import CuePattern, RuleSet, Verb
from quotes.types import Cue, Span

VERB_POS = frozenset({"VERB"})


def pattern_cue(
    text: str, rules: RuleSet, where: str, window: Span
) -> tuple[CuePattern, Cue] | None:
    """The first `where` pattern ("after" or "before") that matches `text` inside `window`."""
    fragment = text[window.start : window.end]
    for pattern in rules.cues:
        if pattern.where != where:
            continue
        m = pattern.regex.search(fragment)
        if m is None:
            continue
        return pattern, _cue(pattern, m, window.start)
    return None


def source_cues(text: str, rules: RuleSet, window: Span) -> tuple[Cue, ...]:
    """Every « selon X » kind of cue in `window`, in text order."""
    fragment = text[window.start : window.end]
    out = []
    for pattern in rules.cues:
        if pattern.where != "source":
            continue
        for m in pattern.regex.finditer(fragment):
            out.append(_cue(pattern, m, window.start))
    return tuple(sorted(out, key=lambda c: c.span.start))


def _cue(pattern: CuePattern, m: object, offset: int) -> Cue:
    cue_start, cue_end = m.span("cue")  # type: ignore[attr-defined]
    mention = None
    if "mention" in pattern.regex.groupindex and m.group("mention"):  # type: ignore[attr-defined]
        a, b = m.span("mention")  # type: ignore[attr-defined]
        mention = Span(offset + a, offset + b)
    lemma = pattern.lemma or ""
    return Cue(Span(offset + cue_start, offset + cue_end), lemma, pattern.kind, pattern.id, mention)


def verb_cues(parse: Parse, rules: RuleSet) -> dict[int, Verb]:
    """Reporting verbs of the parse by word index, matched on lemma and part of speech.

    A lemma of several words (« faire valoir », « mettre en garde ») needs the next words'
    lemmas to follow the verb.
    """
    index = rules.verbs_by_head()
    out: dict[int, Verb] = {}
    words = parse.words
    for w in words:
        if w.pos not in VERB_POS:
            continue
        for verb in index.get(w.lemma.lower(), ()):
            rest = verb.words[1:]
            follow = [x.lemma.lower() for x in words[w.i + 1 : w.i + 1 + len(rest)]]
            if list(rest) == follow and (
                not verb.impersonal or impersonal_subject(parse, w.i, rules)
            ):
                out[w.i] = verb
                break
    out.update(_guessed_incise_verbs(parse, rules, out))
    return out


def impersonal_subject(parse: Parse, v: int, rules: RuleSet) -> bool:
    """Is the subject of verb `v` the impersonal « on » (« a-t-on appris », « on apprend »)?"""
    titles = rules.titles
    near = {*parse.children[v], *(k for c in parse.children[v] for k in parse.children[c])}
    return any(
        parse.words[k].pos == "PRON"
        and titles.bare_clitic(parse.words[k].text) in titles.impersonal_clitics
        for k in near
        if abs(k - v) <= 3  # « on apprend », « a-t-on appris » (« -on » hung on « -t »)
    )


def _guessed_incise_verbs(parse: Parse, rules: RuleSet, found: dict[int, Verb]) -> dict[int, Verb]:
    """Verbs the parser missed where only a verb can stand (`_missed_verb_position`). There,
    a word whose guessed lemma (rules/verbs.toml [incise_guess]) is a reporting verb is that
    verb: an incise verb after a quote or a comma, a « que » verb after a name."""
    single = single_verbs(rules)
    closing = {p.close for p in rules.marks.pairs} | {s.mark for s in rules.marks.symmetric}
    out: dict[int, Verb] = {}
    for w in parse.words:
        if w.i in found or w.i < 1 or w.pos not in ("VERB", "NOUN", "ADJ", "PROPN"):
            continue
        position = _missed_verb_position(parse, w.i, rules, closing)
        if position is None:
            continue
        for lemma in rules.incise_guess.lemmas(w.text):
            verb = single.get(lemma)
            if verb is None or (position == "incise" and not verb.incise):
                continue
            if position == "que" and not verb.que:
                continue
            out[w.i] = verb
            break
    return out


def _missed_verb_position(parse: Parse, i: int, rules: RuleSet, closing: set[str]) -> str | None:
    """Where word `i` can only be a verb: « clitic » right after a subject clitic (« Il juge
    que … »); « incise » after a closing mark and a comma (« », juge Mme X » tagged a noun),
    after a comma for a word left unlemmatised or tagged an adjective (« …, estime Me X »,
    « …, raconte à l'AFP X »), or before an inverted clitic (« » complète-t-on »); « que »
    between a name and « que » (« Prénom Nom juge que … »)."""
    words = parse.words
    titles = rules.titles
    w = words[i]
    k = i - 1
    if words[k].text.lower() in titles.other_clitics and k > 0:
        k -= 1  # « », s'écrie-t-il »
    if words[k].text.lower() in titles.clitic_forms:
        return "clitic"
    nxt = words[i + 1].text if i + 1 < len(words) else ""
    comma = words[k].text == ","
    after_quote = comma and k > 0 and words[k - 1].text in closing
    unlemmatised = comma and (
        (w.pos == "VERB" and w.lemma.lower() == w.text.lower()) or w.pos == "ADJ"
    )
    # only a verb takes an inverted subject clitic
    inverted = nxt.startswith("-") and (
        titles.bare_clitic(nxt) in titles.clitic_forms
        or nxt.strip("-").lower() in titles.other_clitics
    )
    if after_quote or unlemmatised or inverted:
        return "incise"
    if words[k].pos == "PROPN" and nxt.lower() in titles.complementizers:
        return "que"
    return None


def single_verbs(rules: RuleSet) -> dict[str, Verb]:
    """The reporting verbs of one word, by lemma."""
    return {v.lemma: v for v in rules.verbs if len(v.words) == 1}


def lemma_of(parse: Parse, i: int, verbs: dict[int, Verb]) -> str:
    return verbs[i].lemma if i in verbs else parse.words[i].lemma.lower()
