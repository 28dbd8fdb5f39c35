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
    """Verbs the parser missed where only a verb can stand: right after a closing quote mark
    and a comma (« », estime-t-elle » lemmatised « estime »; « », juge Mme X » tagged a
    noun), after a comma for a verb left unlemmatised or tagged an adjective (« …, estime Me
    X », « …, raconte à l'AFP X »), or right after a
    subject clitic (« Il juge que … ») or between a name and « que » (« Prénom Nom juge que
    … »). There, a word whose guessed
    lemma (rules/verbs.toml [incise_guess]) is a reporting verb is that verb."""
    single = {v.lemma: v for v in rules.verbs if len(v.words) == 1}
    closing = {p.close for p in rules.marks.pairs} | {s.mark for s in rules.marks.symmetric}
    words = parse.words
    out: dict[int, Verb] = {}
    for w in words:
        if w.i in found or w.i < 1 or w.pos not in ("VERB", "NOUN", "ADJ", "PROPN"):
            continue
        k = w.i - 1
        if words[k].text.lower() in rules.titles.other_clitics and k > 0:
            k -= 1  # « », s'écrie-t-il »
        after_quote = words[k].text == "," and k > 0 and words[k - 1].text in closing
        after_clitic = words[k].text.lower() in rules.titles.clitic_forms
        # « Prénom Nom juge que … »: between a name and « que », tagged a noun
        after_name = (
            words[k].pos == "PROPN"
            and w.i + 1 < len(words)
            and words[w.i + 1].text.lower() in rules.titles.complementizers
        )
        # « …, estime Me Nom »: a verb the parser left unlemmatised after a comma
        # (or tagged an adjective: « …, raconte à l'AFP Prénom Nom »)
        unlemmatised = words[k].text == "," and (
            (w.pos == "VERB" and w.lemma.lower() == w.text.lower()) or w.pos == "ADJ"
        )
        # « » complète-t-on au ministère »: only a verb takes an inverted subject clitic
        nxt = words[w.i + 1].text if w.i + 1 < len(words) else ""
        inverted = nxt.startswith("-") and (
            rules.titles.bare_clitic(nxt) in rules.titles.clitic_forms
            or nxt.strip("-").lower() in rules.titles.other_clitics
        )
        if inverted:
            unlemmatised = True
        if not (after_quote or after_clitic or unlemmatised or after_name):
            continue
        for lemma in rules.incise_guess.lemmas(w.text):
            verb = single.get(lemma)
            if verb is None or (after_name and not after_clitic and not verb.que):
                continue
            if verb.incise or not (after_quote or unlemmatised):
                out[w.i] = verb
                break
    return out


def lemma_of(parse: Parse, i: int, verbs: dict[int, Verb]) -> str:
    return verbs[i].lemma if i in verbs else parse.words[i].lemma.lower()
