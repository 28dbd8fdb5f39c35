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

from dataclasses import dataclass

from quotes.detect_cues import lemma_of, pattern_cue, source_cues
from quotes.mentions import NOMINAL, has_case, mention_at, name_run
from quotes.parse.base import Parse
from quotes.resolve import Resolution, Resolver, _finite
from quotes.rules import RuleSet, Titles, Verb
from quotes.segment import paragraph_of
from quotes.types import Attribution, Cue, Mention, Quote, QuoteKind, Span

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

    def in_quote(self, offset: int) -> bool:
        """True when `offset` lies inside a quote, its marks included."""
        return any(q.outer.start <= offset < q.outer.end for q in self.quotes)


@dataclass(frozen=True, slots=True)
class Found:
    """A cue found for a quote and the word heading the speaker mention (None: unknown)."""

    cue: Cue
    head: int | None
    rule: str
    confidence: float
    adjacent: bool = False  # the cue follows the quote right after its closing mark


def subject_of(parse: Parse, v: int, rules: RuleSet, depth: int = 0) -> int | None:
    """The word naming the subject of verb `v`: preverbal, clitic, inverted, or inherited.

    spaCy labels inverted subjects nsubj, obj or obl:mod, and clitics -t-il expl:subj.
    """
    words = parse.words
    if words[v].pos != "VERB" and v > 0 and words[v - 1].text.lower() in rules.titles.clitic_forms:
        return v - 1  # « Elle juge que »: a verb the parser took for a noun, after its clitic
    auxes = [c for c in parse.children[v] if words[c].dep.startswith("aux")]
    # The parser sometimes hangs the subject on the auxiliary (« X a quant à lui souligné »).
    kids = sorted([*parse.children[v], *(k for a in auxes for k in parse.children[a])])
    for c in kids:
        w = words[c]
        if w.dep in ("nsubj", "nsubj:pass") and w.pos in NOMINAL:
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
    if _finite(parse, v) and _incise_position(parse, v):
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
        if w.dep == "acl" and w.feat("VerbForm") == "Part":
            return head  # a participle on its noun
        # « souligné la nécessité de renforcer …, notant que »: through the noun to its verb
        grand = words[head].head
        if grand == head or words[grand].pos not in ("VERB", "AUX"):
            return None
        return subject_of(parse, grand, rules, depth + 1)
    return subject_of(parse, head, rules, depth + 1)


def attribute_quotes(ctx: Context, resolver: Resolver) -> list[Attribution]:
    """One attribution per quote (unattributed fragments that are not speech are left out)."""
    out: list[Attribution] = []
    pending: list[tuple[int, Quote, QuoteKind]] = []
    prev: tuple[Quote, Attribution, Found | None] | None = None
    for q in split_at_incises(ctx):
        found = find_cue(ctx, q)
        kind = quote_kind(ctx, q, found)
        if found is not None:
            att = _attribution(ctx, resolver, q, kind, found)
        elif prev is not None and _continues(ctx, prev, q):
            p = prev[1]
            att = Attribution(
                q.span,
                kind,
                q.paragraph,
                None,
                p.mention,
                p.speaker,
                "continuation",
                min(p.confidence, 0.8),
                p.speaker_key,
            )
        else:
            pending.append((len(out), q, kind))
            att = Attribution(q.span, kind, q.paragraph, None, None, None, "floating", 0.0)
        out.append(att)
        prev = (q, att, found)
        resolver.add_speaker(att.speaker_key, q.span.start)
    for k, q, kind in pending:
        out[k] = _floating(ctx, resolver, q, kind, out)
    return [a for a in out if a.speaker is not None or a.kind is QuoteKind.DIRECT]


def _attribution(
    ctx: Context, resolver: Resolver, q: Quote, kind: QuoteKind, found: Found
) -> Attribution:
    first = ctx.parse.word_at(q.outer.start)
    anchor = first.i if first is not None and found.adjacent else None
    mention, res = resolve_head(ctx, resolver, found.head, anchor)
    if found.head is None and found.cue.kind in ("verb", "incise"):
        # « …, a souligné. »: a reporting verb with no subject at all speaks for the person
        # the text is about.
        res = salient_speaker(
            ctx, resolver, anchor if anchor is not None else ctx.parse.word_at(found.cue.span.start)
        )
    rule = f"{found.rule}.{res.rule}" if res.rule else found.rule
    conf = found.confidence * (0.85 if res.rule == "pronoun" else 1.0)
    return Attribution(
        q.span, kind, q.paragraph, found.cue, mention, res.speaker, rule, round(conf, 3), res.entity
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


def _floating(
    ctx: Context,
    resolver: Resolver,
    q: Quote,
    kind: QuoteKind,
    rows: list[Attribution],
    min_salience: float = 1.5,
    reach: int = 2,
) -> Attribution:
    """A quote with no cue and no previous speech to continue: the person the text is about,
    else the speaker of the nearest attributed quote within `reach` paragraphs (in a news
    digest, a quote far from any speaker is left unattributed)."""
    first = ctx.parse.word_at(q.span.start)
    k = resolver.most_salient(first.i, None, min_score=min_salience) if first is not None else None
    if k is not None:
        speaker = resolver.entities[k].canonical
        return Attribution(
            q.span, kind, q.paragraph, None, None, speaker, "floating.salient", 0.5, k
        )
    near = [
        a
        for a in rows
        if a.speaker is not None and a.cue is not None and abs(a.paragraph - q.paragraph) <= reach
    ]
    if not near:
        return Attribution(q.span, kind, q.paragraph, None, None, None, "floating", 0.0)
    best = min(
        near, key=lambda a: (abs(a.paragraph - q.paragraph), abs(a.span.start - q.span.start))
    )
    return Attribution(
        q.span,
        kind,
        q.paragraph,
        None,
        None,
        best.speaker,
        "floating.nearby_speaker",
        0.3,
        best.speaker_key,
    )


def _continues(ctx: Context, prev: tuple[Quote, Attribution, Found | None], q: Quote) -> bool:
    """The next paragraph or sentence of the same speech: nothing but the previous quote's own
    cue stands between them."""
    pq, pa, pf = prev
    if pa.kind is QuoteKind.INDIRECT or pa.speaker is None:
        return False
    if pq.continues and q.paragraph == pq.paragraph + 1:
        return True
    if q.paragraph - pq.paragraph > 1:
        return False
    gap_start = pf.cue.span.end if pf is not None and pf.adjacent else pq.outer.end
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
    clause = any(w.pos in ("VERB", "AUX") for w in words) or len(words) >= 8
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
            continue
        left = text[q.span.start : w.start].rstrip(_SPACES)
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
            Span(q.span.start, a_end), Span(q.outer.start, w.start), q.paragraph, q.rule_id
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


def find_cue(ctx: Context, q: Quote) -> Found | None:
    """The cue of quote `q`, most reliable construction first."""
    for finder in (_incise_after, _governing_verb, _verb_before, _source_in_sentence, _verb_after):
        found = finder(ctx, q)
        if found is not None:
            return found
    return None


def _para_of(ctx: Context, q: Quote) -> Span:
    return ctx.paragraphs[q.paragraph]


def _incise_after(ctx: Context, q: Quote) -> Found | None:
    """« … », a-t-il déclaré / déclare le secrétaire général / — Jean Dupont."""
    window = Span(q.outer.end, _para_of(ctx, q).end)
    hit = pattern_cue(ctx.text, ctx.rules, "after", window)
    if hit is None:
        return None
    pattern, cue = hit
    if pattern.kind == "dash":
        head = _mention_head(ctx, cue.mention)
        return Found(cue, head, pattern.id, 0.8, adjacent=True)
    verb = _verb_word(ctx, cue.span, incise=True)
    if verb is None:
        return None
    lemma = lemma_of(ctx.parse, verb, ctx.verbs)
    cue = Cue(cue.span, lemma, "incise", pattern.id, cue.mention)
    head = _clitic_in(ctx.parse, cue.span, ctx.rules.titles) if "clitic" in pattern.id else None
    if head is None:
        head = subject_of(ctx.parse, verb, ctx.rules)
        if head is None or head < verb:
            head = _mention_head(ctx, cue.mention)
    return Found(cue, head, pattern.id, 0.95, adjacent=True)


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
    inside = {w.i for w in words}
    for w in words:
        if w.head not in inside or w.head == w.i:
            return w.i
    return words[0].i if words else None


def _governing_verb(ctx: Context, q: Quote) -> Found | None:
    """A reporting verb that governs the quote (« a rappelé que "…" », « les qualifiant d'"…" »)."""
    words = ctx.parse.words_in(q.span)
    if not words:
        return None
    inside = {w.i for w in words}
    top = next((w for w in words if w.head not in inside or w.head == w.i), words[0])
    chain = [top.i, *ctx.parse.ancestors(top.i)[:4]]
    for a in chain[1:]:
        if a in ctx.verbs and not q.outer.start <= ctx.parse.words[a].start < q.outer.end:
            subject = subject_of(ctx.parse, a, ctx.rules)
            if subject is not None and ctx.in_quote(ctx.parse.words[subject].start):
                continue  # « "la chose …" est de s'assurer "que …" »: not the speaker
            return _verb_found(ctx, a, "cue.governing_verb", 0.9)
    return None


def _verb_found(ctx: Context, v: int, rule: str, confidence: float) -> Found:
    w = ctx.parse.words[v]
    cue = Cue(w.span, lemma_of(ctx.parse, v, ctx.verbs), "verb", rule)
    return Found(cue, speaker_head(ctx, v), rule, confidence)


def speaker_head(ctx: Context, v: int) -> int | None:
    """The subject of reporting verb `v`; when the parse gives none to a finite verb (headlines
    parse badly: « X à Kiev déclare que … »), the nearest speaker-like word before it
    in its clause."""
    head = subject_of(ctx.parse, v, ctx.rules)
    if head is not None or not _finite(ctx.parse, v):
        return head
    words = ctx.parse.words
    para = ctx.paragraphs[paragraph_of(ctx.paragraphs, words[v].start)]
    for j in range(first_aux(ctx.parse, v) - 1, -1, -1):
        w = words[j]
        if w.start < para.start or w.text in _CLAUSE_END or ctx.in_quote(w.start):
            return None
        if w.pos in ("VERB", "AUX") and _finite(ctx.parse, j):
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
    """The first word of verb `v` with its auxiliaries before it (« a » in « a déclaré »)."""
    auxes = [k for k in parse.children[v] if parse.words[k].dep.startswith("aux") and k < v]
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
        return _verb_found(ctx, verbs[-1], "cue.verb_before", 0.85)
    hit = pattern_cue(ctx.text, ctx.rules, "before", window)
    if hit is not None:
        pattern, cue = hit
        head = _mention_head(ctx, cue.mention)
        if head is not None and _speaker_like(ctx, head):
            return Found(cue, head, pattern.id, 0.8)
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
        head = _mention_head(ctx, cue.mention)
        if head is not None and source_is_speaker(ctx, cue, head):
            return Found(cue, head, cue.rule_id, 0.85)
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
    for w in ctx.parse.words_in(Span(q.outer.end, end)):
        if w.i in ctx.verbs and ctx.verbs[w.i].incise:
            found = _verb_found(ctx, w.i, "cue.verb_after", 0.7)
            # « … », après le tir confirmé par … : a verb whose subject names no speaker
            # is not this quote's cue.
            if found.head is None or _speaker_like(ctx, found.head):
                return found
    return None
