"""Quotes x cues x parse -> attributions.

For each quote, the cue is looked for in order of reliability: an incise right after it
(« … », a-t-il déclaré / déclare le secrétaire général), a reporting verb that governs it, a
reporting verb or colon before it in its sentence, « selon X » in its sentence, a reporting
verb after it in its sentence. Without a cue, a quote continues the previous quote's speech
when nothing intervenes, or goes to the most salient person, then to the speaker of the
nearest attributed quote within two paragraphs (low confidence). The mention at the cue
is resolved to the fullest name by
`resolve.Resolver`.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from quotes.detect_cues import impersonal_subject, lemma_of, pattern_cue, source_cues
from quotes.evidence import CUE_FINDERS, Candidate, Choice, Speakerhood, choices
from quotes.mentions import (
    NOMINAL,
    has_case,
    is_acronym,
    mention_at,
    name_run,
    nominal_adjective,
)
from quotes.parse.base import Parse, Word
from quotes.resolve import Resolution, Resolver, is_finite
from quotes.rules import CuePattern, RuleSet, Titles, Verb
from quotes.segment import SENTENCE_BREAK, paragraph_of
from quotes.statements import fold_words
from quotes.types import Attribution, Cue, Mention, MentionKind, Quote, QuoteKind, Span

_SPACES = " \t\u00a0\u202f"
_INVERTED_DEPS = frozenset({"obj", "obl:mod", "obl", "obl:arg", "nmod", "appos", "nsubj", "iobj"})
_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "acl", "advmod", "obj", "obl:arg"})
_CLAUSE_END = frozenset({".", ";", ":", "!", "?", "«", "»", '"', "“", "”"})


@dataclass(frozen=True, slots=True)
class Context:
    """Everything attribution reads about one article."""

    text: str
    paragraphs: tuple[Span, ...]
    quotes: tuple[Quote, ...]
    parse: Parse
    rules: RuleSet
    verbs: dict[int, Verb]
    likeness: Callable[[str], float] = lambda lemma: 0.5
    # the quotes' outer starts in order, and the furthest end of any quote starting at or
    # before each one: `in_quote` is then a binary search (it is asked for every word read)
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False, default=())
    _reach: tuple[int, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        spans = sorted((q.outer.start, q.outer.end) for q in self.quotes)
        object.__setattr__(self, "_starts", tuple(start for start, _ in spans))
        object.__setattr__(self, "_reach", tuple(itertools.accumulate((e for _, e in spans), max)))

    def in_quote(self, offset: int) -> bool:
        """True when `offset` lies inside a quote, its marks included."""
        k = bisect.bisect_right(self._starts, offset) - 1
        return k >= 0 and self._reach[k] > offset


@dataclass(frozen=True, slots=True)
class Found:
    """A cue found for a quote and the word heading the speaker mention (None: unknown)."""

    cue: Cue
    head: int | None
    rule: str
    finder: str  # which finder found it (evidence.FINDERS)
    adjacent: bool = False  # the cue follows the quote right after its closing mark


def subject_of(parse: Parse, v: int, rules: RuleSet, depth: int = 0) -> int | None:
    """The word naming the subject of verb `v`: preverbal, clitic, inverted, or inherited.

    spaCy labels inverted subjects nsubj, obj or obl:mod, and clitics -t-il expl:subj.
    """
    words = parse.words
    if words[v].pos != "VERB" and v > 0 and words[v - 1].text.lower() in rules.titles.clitic_forms:
        return v - 1  # « Elle juge que »: a verb the parser took for a noun, after its clitic
    if words[v].pos != "VERB" and v > 0 and words[v - 1].pos == "PROPN":
        return v - 1  # « Prénom Nom juge que »: the same, after a name
    auxes = [c for c in parse.children[v] if words[c].dep.startswith("aux")]
    # The parser sometimes hangs the subject on the auxiliary (« X a quant à lui souligné »).
    kids = sorted([*parse.children[v], *(k for a in auxes for k in parse.children[a])])
    # « dénoncés par le ministre », « a été qualifié d'"…" par X »: a passive verb's agent
    # speaks; its grammatical subject is what was said or done.
    agent = _agent(parse, v, kids, rules.titles)
    if agent is not None:
        return agent
    if any(words[c].dep == "nsubj:pass" for c in kids):
        return None
    titles = rules.titles
    for c in kids:
        w = words[c]
        if w.dep == "nsubj" and w.text.lower() in titles.reflexive_clitics:
            continue  # « se défendant »: a reflexive clitic the parser took for the subject
        if (
            w.dep == "nsubj"
            and titles.bare_clitic(w.text) in titles.other_clitics
            and c + 1 < len(words)
            and titles.bare_clitic(words[c + 1].text) in titles.clitic_forms
        ):
            return c + 1  # « a-t-elle ajouté »: « -t » is no subject, « -elle » is
        if w.dep == "nsubj" and w.pos in NOMINAL:
            if w.feat("PronType") == "Rel" and words[v].dep.startswith("acl"):
                antecedent = words[v].head  # « le dirigeant ukrainien, qui a expliqué »
                if words[antecedent].pos in ("VERB", "AUX"):
                    return subject_of(
                        parse, antecedent, rules, depth + 1
                    )  # relative hung on the verb
                return antecedent
            return c
    for c in kids:
        w = words[c]
        if (
            w.dep == "expl:subj"
            and rules.titles.bare_clitic(w.text) not in rules.titles.other_clitics
        ):
            return c
    if is_finite(parse, v) and _incise_position(parse, v):
        for c in kids:
            w = words[c]
            if (
                c > v
                and w.dep in _INVERTED_DEPS
                and w.pos in ("NOUN", "PROPN")
                and not has_case(parse, c)
                and w.lemma.lower() not in rules.titles.time_words
            ):
                return c  # « déclare le secrétaire général »
        return None
    return _inherited_subject(parse, v, rules, depth)


def _agent(parse: Parse, v: int, kids: list[int], titles: Titles) -> int | None:
    """The agent of passive verb `v`: labelled so, or a « par » complement of a past
    participle the parser labelled otherwise (« dénoncée comme "…" par l'opposition »)."""
    words = parse.words
    passive = _past_participle(parse, v, titles)
    for c in kids:
        if words[c].pos not in NOMINAL:
            continue
        if words[c].dep == "obl:agent":
            return c
        if (
            passive
            and words[c].dep.startswith("obl")
            and any(
                words[k].dep == "case" and words[k].lemma.lower() in titles.agent_prepositions
                for k in parse.children[c]
            )
        ):
            return c
    return None


def _participle_of_noun(parse: Parse, v: int, titles: Titles) -> bool:
    """Is `v` a past participle on a noun (« une promesse dénoncée », « X, soupçonné de »),
    which speaks of that noun rather than for it?"""
    return parse.words[v].dep == "acl" and _past_participle(parse, v, titles)


def _past_participle(parse: Parse, v: int, titles: Titles) -> bool:
    """Is `v` a past participle used without « avoir » (a passive, or a participle on a
    noun)?"""
    w = parse.words[v]
    return (
        w.feat("VerbForm") == "Part"
        and w.feat("Tense") == "Past"
        and not any(
            parse.words[c].dep == "aux:tense"
            and parse.words[c].lemma.lower() not in titles.agreeing_auxiliaries
            for c in parse.children[v]
        )
    )


def _after_comma(parse: Parse, v: int) -> bool:
    """« dénoncer l'usage des armes, assurant que … »: a participle set off by a comma says
    what the clause's subject does, though the parser often hangs it on the noun before."""
    return v > 0 and parse.words[v - 1].text == "," and parse.words[v].feat("Tense") == "Pres"


def _incise_position(parse: Parse, v: int) -> bool:
    """Subject inversion happens after a comma, a closing mark or a dash (« », déclare X »)."""
    first = min(
        [v, *(c for c in parse.children[v] if parse.words[c].dep.startswith("aux") and c < v)]
    )
    return first > 0 and parse.words[first - 1].text in (",", "»", '"', "”", "—", "–", "-")


def _inherited_subject(parse: Parse, v: int, rules: RuleSet, depth: int) -> int | None:
    """A non-finite verb takes the subject of the clause it hangs on (« …, affirmant que »)."""
    words = parse.words
    w = words[v]
    head = w.head
    if depth >= 4 or head == v or w.dep not in _CLIMB_DEPS:
        return None
    if words[head].pos in ("NOUN", "PROPN"):
        if _participle_of_noun(parse, v, rules.titles):
            return None  # « une promesse dénoncée comme "…" »: the noun is what was said
        if (
            w.dep == "acl"
            and w.feat("VerbForm") == "Part"
            and (not _after_comma(parse, v) or words[head].dep.startswith("nsubj"))
        ):
            return head  # a participle on its noun
        # « souligné la nécessité de renforcer …, notant que »: through the noun to its verb
        grand = words[head].head
        if grand == head or words[grand].pos not in ("VERB", "AUX"):
            return None
        return subject_of(parse, grand, rules, depth + 1)
    return subject_of(parse, head, rules, depth + 1)


def attribute_quotes(
    ctx: Context, resolver: Resolver, trace: list[Decision] | None = None
) -> list[Attribution]:
    """One attribution per quote, named or not (`kept` says which rows the table keeps).

    Every finder proposes candidates; the evidence of each candidate speaker is scored
    (evidence.py) and the best is named when its probability reaches the threshold. Quotes
    are read in order, since a quote may continue the previous one's speech; those with no
    cue of their own are weighed again once every quote has been read, as the next speaker
    may be theirs. `trace` receives every decision (tools/fit_attribution.py reads them).
    """
    quotes = split_at_incises(ctx)
    # the words of an incise inside the marks (« …, explique la comédienne. … ») are no
    # quote's: its subject is read like any incise's
    ctx = dataclasses.replace(ctx, quotes=tuple(quotes))
    found = [find_cues(ctx, q) for q in quotes]
    kinds = [quote_kind(ctx, q, f[0] if f else None) for q, f in zip(quotes, found, strict=True)]
    decided: list[Decision] = []
    for k, q in enumerate(quotes):
        cands = [c for f in found[k] for c in cue_candidates(ctx, resolver, q, f)]
        # the cue's own subject is no second piece of evidence (« a-t-il dit »: « il »)
        said = {c.mention.span for c in cands if c.mention is not None}
        cands += [
            c
            for c in _context_candidates(ctx, resolver, q, kinds[k], decided, found)
            if c.finder != "window" or c.mention is None or c.mention.span not in said
        ]
        decided.append(decide(ctx, resolver, q.span, kinds[k], q.paragraph, cands))
        resolver.add_speaker(decided[-1].row.speaker_key, q.span.start, _uttered(decided[-1]))
    for k, d in enumerate(decided):
        if not found[k] and (nxt := _next_candidate(decided, k)) is not None:
            cands = [*d.candidates, nxt]
            decided[k] = decide(ctx, resolver, quotes[k].span, kinds[k], quotes[k].paragraph, cands)
    if trace is not None:
        trace.extend(decided)
    return [d.row for d in decided]


def within_contents(
    row: Attribution, contents: list[Attribution], text: str, longest: int = 60
) -> Attribution:
    """A quote left without a speaker that stands inside an indirect content of at most
    `longest` words is that content's speaker's (« Nom a estimé que la décision "ne tient
    pas compte" … »: the parse may hang the quote where no finder sees the verb); a longer
    content is most often sentences run together, whose incise speaks for the last one."""
    if row.speaker is not None or row.kind is QuoteKind.INDIRECT:
        return row
    for c in contents:
        if (
            c.speaker is not None
            and len(text[c.span.start : c.span.end].split()) <= longest
            and c.span.start <= row.span.start
            and row.span.end <= c.span.end
        ):
            return dataclasses.replace(
                row,
                speaker=c.speaker,
                speaker_key=c.speaker_key,
                mention=c.mention,
                cue=c.cue,
                rule_id="quote.within_indirect",
                confidence=c.confidence,
            )
    return row


def repeated_speech(
    rows: list[Attribution],
    quotes: tuple[Quote, ...],
    text: str,
    paras: tuple[Span, ...],
    parse: Parse,
    shared: int = 3,
    excerpt: int = 4,
    pulled: int = 6,
    sure: float = 0.8,
) -> list[Attribution]:
    """Words quoted twice in one article are one speaker's: a quote of at least `shared` words
    left without a speaker takes the speaker every named quote of the same words was given,
    and one of at least `excerpt` words the speaker of every named quote that holds them (an
    intertitle excerpting a quote); words with no verb only from quotes named with
    confidence `sure` (a term set off twice, « le "grand débat national" », is most often
    nobody's). The words of a direct quote of at least `pulled` words, repeated without marks
    elsewhere (a pull quote, a headline glued to the text), are a row of that speaker too."""
    named = [
        (f" {fold_words(text[r.span.start : r.span.end])} ", r)
        for r in rows
        if r.speaker is not None and r.kind is not QuoteKind.INDIRECT
    ]
    out = []
    for row in rows:
        words = fold_words(text[row.span.start : row.span.end])
        if row.speaker is None and row.kind is not QuoteKind.INDIRECT:
            size = len(words.split())
            sources = [
                r
                for said, r in named
                if (size >= shared and said == f" {words} ")
                or (size >= excerpt and f" {words} " in said)
            ]
            if not _clause(parse, row):
                sources = [r for r in sources if r.confidence >= sure]
            if sources and len({r.speaker_key for r in sources}) == 1:
                row = dataclasses.replace(
                    row,
                    speaker=sources[0].speaker,
                    speaker_key=sources[0].speaker_key,
                    rule_id="quote.same_words",
                    confidence=min(r.confidence for r in sources),
                )
        out.append(row)
    return out + _pull_quotes(rows, quotes, text, paras, pulled)


def _clause(parse: Parse, row: Attribution) -> bool:
    """Do the row's words hold a verb (speech, not a term set off)?"""
    return _has_verb(parse.words_in(row.span))


def _has_verb(words: Sequence[Word]) -> bool:
    return any(w.pos in ("VERB", "AUX") for w in words)


def _pull_quotes(
    rows: list[Attribution],
    quotes: tuple[Quote, ...],
    text: str,
    paras: tuple[Span, ...],
    pulled: int,
) -> list[Attribution]:
    """Rows for the words of a named direct quote repeated elsewhere without quote marks."""
    out: list[Attribution] = []
    taken = [q.outer for q in quotes]
    for row in rows:
        words = text[row.span.start : row.span.end]
        if row.kind is not QuoteKind.DIRECT or row.speaker is None or len(words.split()) < pulled:
            continue
        at = text.find(words)
        while at >= 0:
            span = Span(at, at + len(words))
            if not any(o.start < span.end and span.start < o.end for o in taken):
                taken.append(span)
                out.append(
                    dataclasses.replace(
                        row,
                        span=span,
                        paragraph=paragraph_of(paras, at),
                        cue=None,
                        mention=None,
                        rule_id="quote.repeated",
                    )
                )
            at = text.find(words, at + 1)
    return out


def same_source(rows: list[Attribution], text: str, titles: Titles) -> list[Attribution]:
    """« …, selon la même source », « a-t-on ajouté de même source »: the source cited last
    before speaks, whether as a source (« selon X ») or by a cue that names it (« a indiqué
    la mairie »); rows in text order; with none cited before, nobody."""
    out: list[Attribution] = []
    last: Attribution | None = None
    for row in rows:
        if row.mention is not None and _names_same_source(text, row.mention.span, titles):
            row = dataclasses.replace(
                row,
                speaker=last.speaker if last else None,
                speaker_key=last.speaker_key if last else None,
                rule_id=f"{row.rule_id}.same_source",
                confidence=min(row.confidence, last.confidence) if last else row.confidence,
            )
        elif row.speaker is not None and (_is_source(row, text, titles) or _cites(row)):
            last = row
        out.append(row)
    return out


def _names_same_source(text: str, mention: Span, titles: Titles, reach: int = 16) -> bool:
    """Does the mention, with the `reach` characters before it, say « la même source »?
    (The parser may leave « même » out of the mention.)"""
    folded = " " + " ".join(text[max(0, mention.start - reach) : mention.end].lower().split())
    return any(folded.endswith(f" {s}") for s in titles.same_sources)


def _cites(row: Attribution) -> bool:
    """Does the row's own cue name its speaker (a name, role, body or document; not a
    pronoun, an anaphora or a guess)?"""
    return (
        row.cue is not None
        and row.mention is not None
        and row.mention.kind is not MentionKind.PRONOUN
        and "anaphora" not in row.rule_id
    )


def _is_source(row: Attribution, text: str, titles: Titles) -> bool:
    """Was the row's speaker named as a source (« selon X », « de source policière »,
    « a-t-on appris auprès de X »)?"""
    if row.cue is None or row.mention is None:
        return False
    if row.cue.kind == "source":
        return True
    between = text[row.cue.span.end : row.mention.span.start].lower().split()
    return row.mention.span.start >= row.cue.span.end and any(
        w in titles.source_prepositions for w in between
    )


def kept(row: Attribution, text: str, shortest: int = 2) -> bool:
    """Rows of the table: a direct quote always, a fragment only with its speaker (a
    fragment nobody said is most often a term the journalist set off); never words of fewer
    than `shortest` letters or digits (« fiché "S" », a stray « ; » between marks)."""
    said = text[row.span.start : row.span.end]
    if sum(c.isalnum() for c in said) < shortest:
        return False
    return row.speaker is not None or row.kind is QuoteKind.DIRECT


@dataclass(frozen=True, slots=True)
class Decision:
    """What was weighed for one quote or content, and the row it gave."""

    row: Attribution
    candidates: tuple[Candidate, ...]
    choices: tuple[Choice, ...]


def cue_candidates(
    ctx: Context, resolver: Resolver, q: Quote | None, found: Found
) -> list[Candidate]:
    """The speaker a cue names: its mention resolved in the article (a reporting verb with no
    subject at all, « …, a souligné. », speaks for the person the text is about). A pronoun
    proposes its likeliest antecedents, the first as resolved, the others as alternatives."""
    first = ctx.parse.word_at(q.outer.start) if q is not None else None
    anchor = first.i if first is not None and found.adjacent else None
    if found.head is not None and q is not None and _inside(ctx, found.head, q.span):
        return []  # « "Une simple déclaration" suffirait »: the quote's own words say nothing
    mention, res = resolve_head(ctx, resolver, found.head, anchor)
    if (
        found.head is None
        and found.cue.kind in ("verb", "incise")
        and not _impersonal(ctx, found)
        and not _participle_on_noun(ctx, found)
    ):
        res = salient_speaker(
            ctx, resolver, anchor if anchor is not None else ctx.parse.word_at(found.cue.span.start)
        )
    if res.rule == "pronoun" and mention is not None and _continuing(ctx, found):
        # « "…", poursuit-il »: whoever spoke last goes on, whoever the text named last
        said_at = found.cue.span.start
        here = paragraph_of(ctx.paragraphs, said_at)
        since = ctx.paragraphs[max(0, here - 1)].start  # its speech is still in view
        voice = resolver.voice_for(said_at, since, mention.gender, mention.plural)
        if voice is not None:
            res = Resolution(resolver.entities[voice].canonical, voice, "pronoun.voice")
    rule = f"{found.rule}.{res.rule}" if res.rule else found.rule
    cue = found.cue if found.cue.kind != "subject" else None
    out = [
        Candidate(
            found.finder, rule, res.entity, res.speaker, res.rule, cue, mention, found.adjacent
        )
    ]
    if res.rule.startswith("pronoun") and res.entity is not None and mention is not None:
        at = anchor if anchor is not None else found.head
        alternatives = (
            resolver.antecedents(at, mention.gender, mention.plural) if at is not None else []
        )
        for k in [k for k in alternatives if k != res.entity][: len(alternatives) - 1]:
            speaker = resolver.entities[k].canonical
            out.append(
                Candidate(
                    found.finder,
                    f"{rule.removesuffix('.voice')}.alt",
                    k,
                    speaker,
                    "pronoun.alt",
                    cue,
                    mention,
                )
            )
    return out


def _participle_on_noun(ctx: Context, found: Found) -> bool:
    """« X, soupçonné d'avoir voulu commettre des "actions violentes" »: a participle on a
    noun does not say who spoke, and the one the text is about is the one it speaks of (a
    finite passive, « est promis "…" », may well be the salient person's)."""
    v = _cue_verb(ctx, found.cue.span)
    return v is not None and _participle_of_noun(ctx.parse, v, ctx.rules.titles)


def _continuing(ctx: Context, found: Found) -> bool:
    """Is the cue a verb that goes on with the speech before (rules/verbs.toml)?"""
    v = _cue_verb(ctx, found.cue.span)
    return v is not None and v in ctx.verbs and ctx.verbs[v].continues


def _impersonal(ctx: Context, found: Found) -> bool:
    """Is the cue's verb said by « on » (« a-t-on souligné »), who is nobody in particular?"""
    v = _cue_verb(ctx, found.cue.span)
    return v is not None and impersonal_subject(ctx.parse, v, ctx.rules)


def _inside(ctx: Context, i: int, span: Span) -> bool:
    w = ctx.parse.words[i]
    return span.start <= w.start and w.end <= span.end


def _context_candidates(
    ctx: Context,
    resolver: Resolver,
    q: Quote,
    kind: QuoteKind,
    decided: list[Decision],
    found: list[list[Found]],
    reach: int = 2,
) -> list[Candidate]:
    """Speakers the context proposes: the previous quote's when this one continues it, else
    the nearest earlier speaker within `reach` paragraphs; and the person the text is about."""
    out = []
    # The voice a quote without a cue most likely continues: the last speech uttered
    # (« racaille » in the journalist's sentence does not interrupt a testimony); with none
    # yet, a fragment set off before (« leur soutien aux "gilets jaunes" ») is nobody's voice.
    voices = [d for d in decided if d.row.speaker is not None]
    direct = [d.row for d in voices if _uttered(d)]
    if decided and _continues(ctx, decided[-1], found[len(decided) - 1], q, kind):
        p = decided[-1].row
        out.append(Candidate("continuation", "continuation", p.speaker_key, p.speaker))
    elif direct and q.paragraph - direct[-1].paragraph <= reach:
        p = direct[-1]
        out.append(Candidate("previous", "floating.previous", p.speaker_key, p.speaker))
    first = ctx.parse.word_at(q.span.start)
    k = resolver.most_salient(first.i, None) if first is not None else None
    if k is not None:
        speaker = resolver.entities[k].canonical
        out.append(Candidate("salient", "floating.salient", k, speaker, "salient"))
    # « X, soupçonné d'avoir voulu commettre des "actions violentes" »: never X
    spoken_of = _spoken_of(ctx, resolver, first.i) if first is not None else set()
    out = [c for c in out if c.key not in spoken_of]
    return out + window_candidates(ctx, resolver, q.outer, spoken_of)


def window_candidates(
    ctx: Context,
    resolver: Resolver,
    outer: Span,
    spoken_of: set[int],
    before: int = 2,
    after: int = 1,
) -> list[Candidate]:
    """Every speaker named in the quote's sentence, the `before` sentences before it and the
    `after` sentences after it, outside quotes, with where it stands: which sentence, before
    or after the quote, subject of a reporting verb or of another verb, nearest to it; never
    one of the entities in `spoken_of` (see `_spoken_of`)."""
    parse = ctx.parse
    first = parse.word_at(outer.start)
    if first is None:
        return []
    here = parse.sentence_index[first.i]
    lo = parse.sentences[max(0, here - before)][0]
    hi = parse.sentences[min(len(parse.sentences) - 1, here + after)][1]
    out: list[Candidate] = []
    seen: set[int] = set()
    for j in range(lo, hi):
        w = parse.words[j]
        if j in seen or ctx.in_quote(w.start) or not _window_head(ctx, j):
            continue
        mention, res = resolve_head(ctx, resolver, j)
        if mention is None or res.entity is None or res.entity in spoken_of:
            continue
        seen.update(range(j, j + 1))
        marks = _window_marks(ctx, j, here, outer)
        out.append(
            Candidate(
                "window",
                "floating.window",
                res.entity,
                res.speaker,
                res.rule,
                None,
                mention,
                marks=marks,
            )
        )
    nearest = min(out, key=lambda c: _distance(c, outer), default=None)
    return [
        dataclasses.replace(c, marks=(*c.marks, "window.nearest")) if c is nearest else c
        for c in out
    ]


def _spoken_of(ctx: Context, resolver: Resolver, i: int) -> set[int]:
    """The entities that a participle holding word `i` is said of (« X, soupçonné d'avoir
    voulu commettre des "actions violentes" »: X, and what X stands in apposition to)."""
    words, titles = ctx.parse.words, ctx.rules.titles
    v, out = i, set()
    for _ in range(12):
        w = words[v]
        if w.head == v:
            break
        if _participle_of_noun(ctx.parse, v, titles):
            noun = w.head
            near = {noun, words[noun].head} if words[noun].dep == "appos" else {noun}
            near |= {c for c in ctx.parse.children[noun] if words[c].dep == "appos"}
            for j in near:
                entity = resolve_head(ctx, resolver, j)[1].entity
                if entity is not None:
                    out.add(entity)
            break
        v = w.head
    return out


def _window_head(ctx: Context, j: int) -> bool:
    """Does word `j` head a mention worth proposing: a name's last word, or a noun that can
    name a speaker? (Asked again for each quote whose window holds the word: kept.)"""
    key = ("window_head", j, id(ctx.rules))
    if key not in ctx.parse.memo:
        ctx.parse.memo[key] = _is_window_head(ctx, j)
    return bool(ctx.parse.memo[key])


def _is_window_head(ctx: Context, j: int) -> bool:
    w = ctx.parse.words[j]
    if w.pos == "PROPN" or (w.ent == "PER" and w.text[:1].isupper()):
        run = name_run(ctx.parse, j, ctx.rules.titles)
        if run is None:
            return False
        # the name's last capitalised word (« Office fédéral de l'agriculture »: « Office »)
        last = max(k for k in range(*run) if ctx.parse.words[k].text[:1].isupper())
        return j == last
    if w.pos == "NOUN":
        lemma = w.lemma.lower()
        if lemma in ctx.rules.titles.time_words:
            return False  # « mardi soir » names no one
        return ctx.likeness(lemma) >= 0.5 and not has_case(ctx.parse, j)
    return False  # a pronoun's antecedent is weighed as salience, not again as a mention


def _window_marks(ctx: Context, j: int, here: int, outer: Span) -> tuple[str, ...]:
    parse = ctx.parse
    w = parse.words[j]
    s = parse.sentence_index[j]
    where = "same" if s == here else ("before" if s < here else "after")
    marks = [f"window.{where}"]
    if where == "same":
        marks.append("window.left" if w.end <= outer.start else "window.right")
    if w.dep.startswith("nsubj") or w.dep == "obl:agent":
        marks.append("window.speech_subject" if w.head in ctx.verbs else "window.subject")
    return tuple(marks)


def _distance(c: Candidate, outer: Span) -> int:
    if c.mention is None:
        return 10**9
    m = c.mention.span
    return outer.start - m.end if m.end <= outer.start else m.start - outer.end


def _next_candidate(decided: list[Decision], k: int, reach: int = 1) -> Candidate | None:
    """The speaker of the next quote with a cue, within `reach` paragraphs (« "…" "…", a
    dit X »: a quote with no cue often opens the speech its speaker is named after)."""
    here = decided[k].row
    for d in decided[k + 1 :]:
        if d.row.paragraph - here.paragraph > reach:
            return None
        if d.row.speaker is not None and any(c.finder in CUE_FINDERS for c in d.candidates):
            return Candidate("next", "floating.next", d.row.speaker_key, d.row.speaker)
    return None


def decide(
    ctx: Context,
    resolver: Resolver,
    span: Span,
    kind: QuoteKind,
    paragraph: int,
    candidates: list[Candidate],
) -> Decision:
    """The row of `span`: the best choice's speaker when its probability reaches the
    threshold, else no speaker (the best cue's mention is kept)."""
    ranked = weigh(ctx, resolver, span, candidates)
    return Decision(_row(span, kind, paragraph, ranked, ctx), tuple(candidates), ranked)


def weigh(
    ctx: Context, resolver: Resolver, span: Span, candidates: list[Candidate]
) -> tuple[Choice, ...]:
    """The candidates grouped by speaker and scored, best first."""
    first = ctx.parse.word_at(span.start)
    salience = resolver.salience(first.i) if first is not None else {}
    keys = {c.key for c in candidates if c.key is not None}
    voice = resolver.voice_before(span.start)
    who = {
        k: Speakerhood(
            resolver.likeness(k, ctx.likeness),
            resolver.entities[k].named,
            salience.get(k, 0.0),
            k == voice,
        )
        for k in keys
    }
    # « des milliards d'euros de taxes »: words that name no one who can speak are nobody
    floor = ctx.rules.attribution.min_likeness
    mute = {k for k, h in who.items() if not h.named and h.likeness < floor}
    candidates = [
        dataclasses.replace(c, key=None, speaker=None) if c.key in mute else c for c in candidates
    ]
    return tuple(choices(candidates, who, ctx.rules.attribution))


def _row(
    span: Span, kind: QuoteKind, paragraph: int, ranked: tuple[Choice, ...], ctx: Context
) -> Attribution:
    """The row of the best choice; below the threshold, the speaker is left empty and the row
    shows the mention of the best choice with a cue."""
    if not ranked:
        return Attribution(span, kind, paragraph, None, None, None, "floating", 0.0)
    best = ranked[0]
    named = best.key is not None and best.probability >= ctx.rules.attribution.threshold
    cue_choice = next((c for c in ranked if c.has_cue), None)
    shown = best.lead if named or cue_choice is None else cue_choice.lead
    if named:
        rule = shown.rule
    else:
        rule = f"{shown.rule}.abstain" if shown.finder in CUE_FINDERS else "floating"
    return Attribution(
        span,
        kind,
        paragraph,
        shown.cue,
        shown.mention,
        best.speaker if named else None,
        rule,
        round(best.probability, 3),
        best.key if named else None,
    )


def resolve_head(
    ctx: Context, resolver: Resolver, head: int | None, anchor: int | None = None
) -> tuple[Mention | None, Resolution]:
    if head is None:
        return None, Resolution(None, None, "")
    mention = mention_at(ctx.parse, head, ctx.rules.titles, ctx.text)
    if mention is None:
        return None, Resolution(None, None, "")
    return mention, resolver.resolve(mention, head, anchor)


def salient_speaker(ctx: Context, resolver: Resolver, where: object) -> Resolution:
    i = where if isinstance(where, int) else getattr(where, "i", None)
    k = resolver.most_salient(i, None) if i is not None else None
    return Resolution(resolver.entities[k].canonical if k is not None else None, k, "salient")


def _uttered(d: Decision) -> bool:
    """Is the quote speech its speaker uttered: a clause of its own, or words an incise right
    after the marks gives to the speaker (« "Absolument pas", riposte X »), not a fragment of
    the journalist's sentence?"""
    if d.row.speaker is None:
        return False
    if d.row.kind is QuoteKind.DIRECT:
        return True
    return bool(d.choices) and any(c.adjacent for c in d.choices[0].candidates)


def _aside(ctx: Context, d: Decision) -> bool:
    """Is the quote a fragment whose cue stands in a relative clause, an aside of the
    sentence (« la ville où X vint promettre de chasser les "voyous" »)?"""
    v = _cue_verb(ctx, d.row.cue.span) if d.row.cue is not None else None
    return (
        d.row.kind is QuoteKind.PARTIAL
        and v is not None
        and any(ctx.parse.words[j].dep.startswith("acl") for j in [v, *ctx.parse.ancestors(v)])
    )


def _continues(
    ctx: Context, prev: Decision, prev_found: list[Found], q: Quote, kind: QuoteKind
) -> bool:
    """The next paragraph or sentence of the same speech: nothing but the previous quote's own
    cue stands between them. A fragment of an aside is no speech a quote standing alone goes
    on with (« où X vint chasser les "voyous". Ses raisons ? "Le déclin." »)."""
    pa = prev.row
    if pa.kind is QuoteKind.INDIRECT or pa.speaker is None:
        return False
    if kind is QuoteKind.DIRECT and _aside(ctx, prev):
        return False
    pq = next((o for o in ctx.quotes if o.span.start <= pa.span.start < o.outer.end), None)
    if pq is None:
        return False
    if pq.continues and q.paragraph == pq.paragraph + 1:
        return True
    if q.paragraph - pa.paragraph > 1:
        return False
    if pa.kind is QuoteKind.PARTIAL and q.paragraph != pa.paragraph:
        return False  # a fragment of the journalist's sentence is no speech a paragraph goes on
    pf = prev_found[0] if prev_found else None
    gap_start = (
        pf.cue.span.end if pf is not None and pf.adjacent else max(pq.outer.end, pa.span.end)
    )
    if pf is not None and pf.adjacent and pa.mention is not None:
        # « "…", explique cette dame de 59 ans. "…" »: the incise's subject is no gap
        gap_start = max(gap_start, pa.mention.span.end)
    gap = ctx.text[gap_start : q.outer.start]
    return len([t for t in gap.split() if any(ch.isalnum() for ch in t)]) <= 3


def quote_kind(ctx: Context, q: Quote, found: Found | None) -> QuoteKind:
    """Direct when the quote stands as a clause of its own; partial when embedded in a sentence."""
    para = ctx.paragraphs[q.paragraph]
    before = ctx.text[para.start : q.outer.start].rstrip(_SPACES)
    after = ctx.text[q.outer.end : para.end].lstrip(_SPACES)
    standalone_start = not before or before[-1] in '.!?:;—–-…,»"”'
    # A quote whose own words end the sentence (« … c'est promis. » Elle a …) stands alone.
    closed = ctx.text[q.span.start : q.span.end].rstrip(_SPACES)[-1:] in (".", "!", "?", "…")
    standalone_end = (
        not after or after[0] in '.!?…«"“' or closed or (found is not None and found.adjacent)
    )
    words = ctx.parse.words_in(q.span)
    clause = _has_verb(words) or len(words) >= 8
    if standalone_start and standalone_end and clause:
        return QuoteKind.DIRECT
    return QuoteKind.PARTIAL


def split_at_incises(ctx: Context) -> list[Quote]:
    """« Part one, dit-elle. Part two » is two quotes of one speaker: split at the incise."""
    out: list[Quote] = []
    for q in ctx.quotes:
        out.extend(_split(ctx, q))
    return out


def _split(ctx: Context, q: Quote) -> list[Quote]:
    text = ctx.text
    for w in ctx.parse.words_in(q.span):
        if w.i not in ctx.verbs or not ctx.verbs[w.i].incise:
            continue
        clitic = _clitic_after(ctx.parse, w.i, ctx.rules.titles)
        if clitic is None:
            clitic = _subject_incise_end(ctx, w.i)  # « …, explique la comédienne. … »
        if clitic is None:
            continue
        verb_start = ctx.parse.words[first_aux(ctx.parse, w.i)].start
        left = text[q.span.start : verb_start].rstrip(_SPACES)
        right_start = ctx.parse.words[clitic].end
        right = text[right_start : q.span.end]
        if not left.endswith(",") or right.lstrip(_SPACES)[:1] not in (",", "."):
            continue  # « me semble-t-il » at the end is part of the quote
        a_end = q.span.start + len(left) - 1
        while a_end > q.span.start and text[a_end - 1] in _SPACES:
            a_end -= 1
        b_start = right_start + len(right) - len(right.lstrip(_SPACES)) + 1
        while b_start < q.span.end and text[b_start] in _SPACES:
            b_start += 1
        if a_end <= q.span.start or b_start >= q.span.end:
            continue
        first = Quote(
            Span(q.span.start, a_end), Span(q.outer.start, verb_start), q.paragraph, q.rule_id
        )
        second = Quote(
            Span(b_start, q.span.end),
            Span(b_start, q.outer.end),
            q.paragraph,
            f"{q.rule_id}.after_incise",
            q.continues,
        )
        return [first, *_split(ctx, second)]
    return [q]


def _subject_incise_end(ctx: Context, v: int) -> int | None:
    """The last word of a subject inverted right after incise verb `v` inside quote marks,
    followed by a comma or a full stop (« …, explique la comédienne. … », « …, dit Prénom
    Nom, … »); None when the words after the verb are no such subject."""
    words = ctx.parse.words
    j = v + 1
    if j < len(words) and words[j].pos == "DET":
        j += 1
    if j >= len(words):
        return None
    head = words[j]
    if head.pos == "NOUN" or nominal_adjective(ctx.parse, j):
        if ctx.likeness(head.lemma.lower()) < 0.5:
            return None
    elif head.pos != "PROPN":
        return None
    k = j
    while (
        k + 1 < len(words)
        and (words[k + 1].pos in ("PROPN", "ADJ") or words[k + 1].text[:1].isupper())
        and words[k + 1].text not in (",", ".")
    ):
        k += 1
    if k + 1 >= len(words) or words[k + 1].text not in (",", "."):
        return None
    return _apposition_end(ctx, k) if words[k + 1].text == "," else k


def _apposition_end(ctx: Context, k: int, longest: int = 6) -> int:
    """« …, jure Prénom, une militante. … »: a short noun phrase set off after the incise's
    subject and closing its sentence belongs to the incise; else the subject ends at `k`."""
    words = ctx.parse.words
    j = k + 2
    if j >= len(words) or words[j].pos != "DET":
        return k
    end = j
    while end < len(words) and end - j < longest and words[end].text != ".":
        if words[end].pos in ("VERB", "AUX") or not ctx.in_quote(words[end].start):
            return k
        end += 1
    return end - 1 if end < len(words) and words[end].text == "." else k


def _clitic_in(parse: Parse, span: Span, titles: Titles) -> int | None:
    """The subject clitic of an inverted verb (« a-t-il déclaré », « souligne-t-elle »)."""
    for w in parse.words_in(span):
        if w.text.startswith("-") and titles.bare_clitic(w.text) in titles.clitic_forms:
            return w.i
    return None


def _clitic_after(parse: Parse, v: int, titles: Titles) -> int | None:
    for j in range(v + 1, min(v + 3, len(parse.words))):
        w = parse.words[j]
        if w.text.startswith("-") and titles.bare_clitic(w.text) in titles.clitic_forms:
            return j
    return None


def find_cues(ctx: Context, q: Quote) -> list[Found]:
    """Every cue of quote `q` the finders see, most reliable construction first."""
    finders = (
        _incise_after,
        _governing_verb,
        _verb_before,
        _source_in_sentence,
        _verb_after,
        _sentence_subject,
    )
    return [f for finder in finders if (f := finder(ctx, q)) is not None]


def _para_of(ctx: Context, q: Quote) -> Span:
    return ctx.paragraphs[q.paragraph]


def _incise_after(ctx: Context, q: Quote) -> Found | None:
    """« … », a-t-il déclaré / — Jean Dupont / « … », déclare le secrétaire général."""
    window = Span(q.outer.end, _para_of(ctx, q).end)
    hit = pattern_cue(ctx.text, ctx.rules, "after", window)
    if hit is not None and hit[0].kind == "dash":
        pattern, cue = hit
        return Found(cue, _mention_head(ctx, cue.mention), pattern.id, "incise", adjacent=True)
    if hit is not None and hit[0].kind == "incise":
        found = _clitic_incise(ctx, *hit)
        if found is not None:
            return found
    return _inverted_incise(ctx, q)


def _clitic_incise(ctx: Context, pattern: CuePattern, cue: Cue) -> Found | None:
    """« … », a-t-il déclaré / s'emporte-t-elle: whatever the verb (an incise verb says
    that the quote was said), its subject is the clitic; « -t-on » names nobody but the
    source that may follow (« explique-t-on à Bercy »)."""
    verb = _cue_verb(ctx, cue.span)
    clitic = _clitic_in(ctx.parse, cue.span, ctx.rules.titles)
    if verb is None or clitic is None:
        return None
    lemma = _verb_lemma(ctx, verb)
    cue = Cue(cue.span, lemma, "incise", pattern.id, cue.mention)
    head: int | None = clitic
    titles = ctx.rules.titles
    if titles.bare_clitic(ctx.parse.words[clitic].text) in titles.impersonal_clitics:
        head = source_after(ctx, max(clitic, verb))
    return Found(cue, head, pattern.id, "incise", adjacent=True)


def _inverted_incise(ctx: Context, q: Quote) -> Found | None:
    """« … », a tweeté en soirée le ministre X / « … » lui répond une commerciale: after the
    closing mark (and a comma or dash), a verb with its subject after it. Any verb: in that
    position a verb says that the quote was said (« a réagi », « s'enquiert »)."""
    words = ctx.parse.words
    titles = ctx.rules.titles
    para = _para_of(ctx, q)
    j = _first_word_after(ctx, q.outer.end)
    if j is None or words[j].start >= para.end:
        return None
    comma = words[j].text in (",", "—", "–", "-")
    if comma:
        j += 1
    while j < len(words) and words[j].text.lower() in titles.object_clitics:
        j += 1
    aux = None
    if j < len(words) and _is_aux(ctx, j) and j + 1 < len(words):
        aux, j = j, j + 1
        if words[j].pos == "ADV" and j + 1 < len(words):
            j += 1  # « a notamment déclaré »
    if j >= len(words) or words[j].start >= para.end or not _verb_like(ctx, j, aux, comma):
        return None
    head = subject_after(ctx, j, para)
    if head is None:
        return None
    start = words[aux if aux is not None else j].start
    cue = Cue(Span(start, words[j].end), _verb_lemma(ctx, j), "incise", "cue.incise.inverted")
    return Found(cue, head, "cue.incise.inverted", "incise", adjacent=True)


def _first_word_after(ctx: Context, offset: int) -> int | None:
    w = ctx.parse.word_at(offset)
    while w is not None and w.start < offset:
        w = ctx.parse.words[w.i + 1] if w.i + 1 < len(ctx.parse.words) else None
    return w.i if w is not None else None


def _is_aux(ctx: Context, j: int) -> bool:
    w = ctx.parse.words[j]
    return w.text.islower() and (w.pos == "AUX" or w.lemma.lower() in ctx.rules.titles.auxiliaries)


def _verb_like(ctx: Context, j: int, aux: int | None, comma: bool) -> bool:
    """Can word `j` be the incise verb? A lowercase word after an auxiliary; else a word the
    parser or the verb lexicon takes for a verb (without a comma, a known reporting verb
    only: « "…" est le slogan » is no incise)."""
    w = ctx.parse.words[j]
    if not w.text.isalpha() or not w.text.islower():
        return False
    if w.lemma.lower() in ctx.rules.titles.auxiliaries and aux is None:
        return False  # « », est-ce … », « », a un goût … »: no verb of saying
    if j in ctx.verbs:
        return True
    if aux is not None:
        return True
    return comma and w.pos == "VERB"


def subject_after(ctx: Context, v: int, para: Span, reach: int = 14) -> int | None:
    """The subject inverted after incise verb `v`: the first noun phrase that no preposition
    governs, past adverbs, times and complements (« a déclaré jeudi à l'AFP le ministre »,
    « a glissé à Keystone-ATS l'un des manifestants »)."""
    words = ctx.parse.words
    titles = ctx.rules.titles
    in_complement = False
    last = min(len(words), v + 1 + reach)
    for k in range(v + 1, last):
        w = words[k]
        if w.start >= para.end or w.text in _CLAUSE_END or ctx.in_quote(w.start):
            return None
        if w.text == ",":
            in_complement = False
            continue
        if w.pos == "ADP" or w.text.lower() in titles.source_prepositions:
            in_complement = True
            continue
        if w.pos == "VERB" and w.feat("VerbForm") == "Inf" and k <= v + 2:
            in_complement = False  # « a fait savoir l'édile », « a tenu à préciser le maire »
            continue
        if w.pos == "DET" and in_complement and words[k - 1].pos in ("NOUN", "PROPN", "ADJ"):
            in_complement = False  # « à l'AFP le ministre »: a new noun phrase begins
        if (
            w.text in titles.honorific_forms
            or (w.dep.startswith("nsubj") and w.head == v)
            or (w.pos == "PROPN" and w.dep == "appos" and words[k - 1].pos in ("NOUN", "PROPN"))
            or (w.pos == "PROPN" and is_acronym(words[k - 1]) and not is_acronym(w))
        ):
            # « juge au contraire Me Nom », « auprès de l'AFP Prénom Nom », « à l'AFP Prénom »
            in_complement = False
        if in_complement or (
            w.pos in ("ADV", "DET", "ADJ", "NUM", "PUNCT") and not nominal_adjective(ctx.parse, k)
        ):
            continue
        if w.lemma.lower() in titles.time_words:
            continue
        if w.pos in ("VERB", "AUX", "SCONJ", "CCONJ"):
            return None
        if w.pos == "PRON" and w.text.lower() in titles.object_clitics:
            return None  # « …, se défendant de … »: an object clitic opens another verb
        if w.pos in ("NOUN", "PROPN", "PRON", "X") or nominal_adjective(ctx.parse, k):
            return k
    return None


def source_after(ctx: Context, j: int, reach: int = 8) -> int | None:
    """The source named after an impersonal incise: « explique-t-on à Bercy », « a-t-on
    appris de source policière », « dit-on dans l'entourage du ministre »."""
    words = ctx.parse.words
    titles = ctx.rules.titles
    opened = False
    for k in range(j + 1, min(len(words), j + 1 + reach)):
        w = words[k]
        if w.text in _CLAUSE_END or w.text == ",":
            return None
        if w.text.lower() in titles.source_prepositions or w.pos == "ADP":
            opened = True  # « de sources concordantes »: « de » tagged an article too
            continue
        if w.lemma.lower() in titles.time_words or w.pos in ("ADV", "DET"):
            continue
        if opened and w.pos == "ADJ":
            continue  # « de même source », « de bonne source »
        if opened and w.pos in ("NOUN", "PROPN"):
            return k
        if w.pos not in ("VERB", "AUX"):
            return None
    return None


def _cue_verb(ctx: Context, span: Span) -> int | None:
    """The verb of a cue's words: a reporting verb of the lexicon, else the last word the
    parser takes for a verb (« a-t-il déclaré »: déclaré, not a)."""
    words = ctx.parse.words_in(span)
    known = [w.i for w in words if w.i in ctx.verbs]
    if known:
        return known[0]
    verbs = [w.i for w in words if w.pos in ("VERB", "AUX", "X") and not w.text.startswith("-")]
    return verbs[-1] if verbs else None


def _verb_lemma(ctx: Context, v: int) -> str:
    """The lemma of incise verb `v`: the lexicon's, else the guess from its form when that
    is a known verb (« tweeté » → tweeter), else the parser's."""
    if v in ctx.verbs:
        return ctx.verbs[v].lemma
    known = {verb.lemma for verb in ctx.rules.verbs}
    for lemma in ctx.rules.incise_guess.lemmas(ctx.parse.words[v].text):
        if lemma in known:
            return lemma
    return ctx.parse.words[v].lemma.lower()


def _verb_word(ctx: Context, span: Span, incise: bool) -> int | None:
    for w in ctx.parse.words_in(span):
        if w.i in ctx.verbs and (not incise or ctx.verbs[w.i].incise):
            return w.i
    return None


def _mention_head(ctx: Context, span: Span | None) -> int | None:
    """The syntactic head of the words in `span` that can name a speaker."""
    if span is None:
        return None
    words = [
        w
        for w in ctx.parse.words_in(span)
        if w.pos in NOMINAL or name_run(ctx.parse, w.i, ctx.rules.titles)
    ]
    if words and words[0].pos == "PRON":
        return words[0].i  # « selon lui par la participation … »: the pronoun is the source
    inside = {w.i for w in words}
    for w in words:
        if w.head not in inside or w.head == w.i:
            return w.i
    return words[0].i if words else None


def _governing_verb(ctx: Context, q: Quote) -> Found | None:
    """A reporting verb that governs the quote (« a rappelé que "…" », « les qualifiant d'"…" »)."""
    verbs = _governing_verbs(ctx, q)
    return _verb_found(ctx, verbs[0], "cue.governing_verb", "governing") if verbs else None


def _governing_verbs(ctx: Context, q: Quote) -> list[int]:
    """The reporting verbs above the quote in the parse, nearest first."""
    words = ctx.parse.words_in(q.span)
    if not words:
        return []
    inside = {w.i for w in words}
    top = next((w for w in words if w.head not in inside or w.head == w.i), words[0])
    # « a déclaré qu'on ne peut s'empêcher de penser à "…" »: up through the content clause
    chain = [top.i, *ctx.parse.ancestors(top.i)[:8]]
    out = []
    for a in chain[1:]:
        if a in ctx.verbs and not q.outer.start <= ctx.parse.words[a].start < q.outer.end:
            if _sentence_between(ctx, ctx.parse.words[a].span, q.outer):
                continue  # the parser ran two sentences together: not this quote's verb
            subject = subject_of(ctx.parse, a, ctx.rules)
            if subject is not None and ctx.in_quote(ctx.parse.words[subject].start):
                continue  # « "la chose …" est de s'assurer "que …" »: not the speaker
            out.append(a)
    return out


def _sentence_between(ctx: Context, a: Span, b: Span) -> bool:
    """Does a sentence end between spans `a` and `b` (outside quotes)?"""
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return any(
        not ctx.in_quote(m.start())
        for m in SENTENCE_BREAK.finditer(ctx.text, lo, min(len(ctx.text), max(lo, hi) + 1))
    )


def _verb_found(ctx: Context, v: int, rule: str, finder: str) -> Found:
    w = ctx.parse.words[v]
    cue = Cue(w.span, lemma_of(ctx.parse, v, ctx.verbs), "verb", rule)
    return Found(cue, speaker_head(ctx, v), rule, finder)


def speaker_head(ctx: Context, v: int) -> int | None:
    """The subject of reporting verb `v`; when the parse gives none to a finite verb (headlines
    parse badly: « X à Kiev déclare que … »), the nearest speaker-like word before it
    in its clause."""
    head = subject_of(ctx.parse, v, ctx.rules)
    if head is not None or not is_finite(ctx.parse, v):
        return head
    words = ctx.parse.words
    para = ctx.paragraphs[paragraph_of(ctx.paragraphs, words[v].start)]
    for j in range(first_aux(ctx.parse, v) - 1, -1, -1):
        w = words[j]
        if w.start < para.start or w.text in _CLAUSE_END or ctx.in_quote(w.start):
            return None
        if w.pos in ("VERB", "AUX") and is_finite(ctx.parse, j):
            return None
        if w.pos in ("NOUN", "PROPN") and not has_case(ctx.parse, j) and _speaker_like(ctx, j):
            return _apposition_head(ctx, j)
    return None


def _apposition_head(ctx: Context, j: int) -> int:
    """« Prénom Nom, directrice générale du Fonds (FMI), a jugé »: the nearest word before the
    verb is an apposition; the speaker is the word it is apposed to."""
    words = ctx.parse.words
    while words[j].dep == "appos" and words[j].head < j:
        h = words[j].head
        if has_case(ctx.parse, h) or not _speaker_like(ctx, h):
            break
        j = h
    return j


def first_aux(parse: Parse, v: int) -> int:
    """The first word of verb `v` with its auxiliaries before it (« a » in « a déclaré »,
    « a-t-il déclaré »); no punctuation stands inside a verb (« qui nous sommes, poursuit-il »:
    the parser may hang a clause's auxiliary on the incise's verb)."""
    auxes = [
        k
        for k in parse.children[v]
        if parse.words[k].dep.startswith("aux")
        and k < v
        and not any(parse.words[j].pos == "PUNCT" for j in range(k + 1, v))
    ]
    return min([v, *auxes])


def _sentence_window(ctx: Context, q: Quote) -> Span:
    first = ctx.parse.word_at(q.outer.start)
    para = _para_of(ctx, q)
    if first is None:
        return para
    s = ctx.parse.sentence_index[first.i]
    span = ctx.parse.sentence_span(s)
    # A quote that opens a sentence keeps the previous sentence when that one ends with a colon.
    if span.start >= q.outer.start - 1 and s > 0:
        prev = ctx.parse.sentence_span(s - 1)
        if ctx.text[prev.start : prev.end].rstrip().endswith(":") and prev.start >= para.start:
            span = Span(prev.start, span.end)
    return Span(max(span.start, para.start), min(max(span.end, q.outer.end), para.end))


def _verb_before(ctx: Context, q: Quote) -> Found | None:
    """X a déclaré : « … » / X : « … »."""
    sentence = _sentence_window(ctx, q)
    start = max(
        [sentence.start] + [o.outer.end for o in ctx.quotes if o.outer.end <= q.outer.start]
    )
    window = Span(start, q.outer.start)
    verbs = [w.i for w in ctx.parse.words_in(window) if w.i in ctx.verbs]
    if verbs:
        return _verb_found(ctx, verbs[-1], "cue.verb_before", "before")
    hit = pattern_cue(ctx.text, ctx.rules, "before", window)
    if hit is not None:
        pattern, cue = hit
        head = _mention_head(ctx, cue.mention)
        if head is not None and _speaker_like(ctx, head):
            return Found(cue, head, pattern.id, "before")
    return None


def _speaker_like(ctx: Context, head: int) -> bool:
    """Can this word name a speaker (a name, a pronoun, a known role, body or document)?"""
    w = ctx.parse.words[head]
    if w.pos == "PRON" or name_run(ctx.parse, head, ctx.rules.titles) is not None:
        return True
    t = ctx.rules.titles
    lemma = w.lemma.lower()
    return (
        lemma in t.person_roles
        or lemma in t.org_nouns
        or lemma in t.document_nouns
        or lemma in t.group_nouns
    )


def _source_in_sentence(ctx: Context, q: Quote) -> Found | None:
    """Selon X, « … » / d'après X / à ses yeux, « … »."""
    sentence = _sentence_window(ctx, q)
    for cue in source_cues(ctx.text, ctx.rules, sentence):
        if q.outer.start <= cue.span.start < q.outer.end:
            continue
        if _sentence_between(ctx, cue.span, q.outer):
            continue  # the parser ran the sentence before into the quote's
        head = _mention_head(ctx, cue.mention)
        if head is not None and source_is_speaker(ctx, cue, head):
            return Found(cue, head, cue.rule_id, "source")
    return None


def source_is_speaker(ctx: Context, cue: Cue, head: int) -> bool:
    """« selon la police » names a speaker; « selon les chiffres de l'Insee » does not."""
    w = ctx.parse.words[head]
    if w.lemma.lower() in ctx.rules.titles.not_speaker_sources:
        return False
    pattern = next(p for p in ctx.rules.cues if p.id == cue.rule_id)
    return not pattern.person_only or _speaker_like(ctx, head)


def _verb_after(ctx: Context, q: Quote) -> Found | None:
    """« … » a-t-il dit (no comma), or a reporting verb later in the quote's sentence."""
    sentence = _sentence_window(ctx, q)
    nxt = [o.outer.start for o in ctx.quotes if o.outer.start >= q.outer.end]
    end = min([sentence.end, *nxt])
    incise = _inverted_incise(ctx, q)
    for w in ctx.parse.words_in(Span(q.outer.end, end)):
        if incise is not None and incise.cue.span.start <= w.start < incise.cue.span.end:
            continue  # the incise finder read this verb, with its inverted subject
        if w.i in ctx.verbs and ctx.verbs[w.i].incise:
            found = _verb_found(ctx, w.i, "cue.verb_after", "after")
            # « … », après le tir confirmé par … : a verb whose subject names no speaker
            # is not this quote's cue.
            if found.head is None or _speaker_like(ctx, found.head):
                return found
    return _shared_incise(ctx, q, sentence)


def _shared_incise(ctx: Context, q: Quote, sentence: Span) -> Found | None:
    """« Les hommes portent "…", sont équipés de "…", raconte X. »: an incise closing the
    sentence says who gave every quote of the sentence, when no reporting verb stands
    between them."""
    later = [o for o in ctx.quotes if q.outer.end <= o.outer.start < sentence.end]
    if not later:
        return None
    last = later[-1]
    between = ctx.parse.words_in(Span(q.outer.end, last.outer.start))
    if any(w.i in ctx.verbs for w in between):
        return None
    found = _incise_after(ctx, last)
    if found is None or found.cue.kind == "dash":
        return None
    rule = "cue.verb_after.shared"
    return Found(dataclasses.replace(found.cue, rule_id=rule), found.head, rule, "after")


def _sentence_subject(ctx: Context, q: Quote) -> Found | None:
    """« Marie Durand a dénoncé un "repli" », « Le gouvernement a mis en cause "la chaîne de
    commandement" »: a fragment with no reporting verb of its own belongs to the subject of
    the journalist's clause that holds it (the nearest verb above it with a subject)."""
    words = ctx.parse.words_in(q.span)
    if not words:
        return None
    inside = {w.i for w in words}
    top = next((w for w in words if w.head not in inside or w.head == w.i), words[0])
    for a in ctx.parse.ancestors(top.i)[:6]:
        w = ctx.parse.words[a]
        if w.pos not in ("VERB", "AUX") or q.outer.start <= w.start < q.outer.end:
            continue
        if _sentence_between(ctx, w.span, q.outer):
            return None  # the parser ran the sentence before into the quote's
        subject = subject_of(ctx.parse, a, ctx.rules)
        if subject is None or ctx.in_quote(ctx.parse.words[subject].start):
            continue
        cue = Cue(w.span, w.lemma.lower(), "subject", "cue.subject")
        return Found(cue, subject, "cue.subject", "subject")
    return None
