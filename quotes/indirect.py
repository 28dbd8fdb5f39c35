"""Indirect speech: reported content without quote marks.

« X a déclaré que CONTENT », « X a déclaré avoir … », « CONTENT, a affirmé X »,
« Selon X, CONTENT ». A content that is mostly a quote is left to the quote's row.
"""

from __future__ import annotations

from quotes.attribute import (
    Context,
    Decision,
    Found,
    _clitic_in,
    _mention_head,
    cue_candidates,
    decide,
    first_aux,
    source_after,
    source_is_speaker,
    speaker_head,
    subject_after,
)
from quotes.detect_cues import impersonal_subject, single_verbs, source_cues
from quotes.evidence import Candidate
from quotes.parse.base import Parse, Word
from quotes.resolve import Resolver, is_finite
from quotes.rules import Verb
from quotes.segment import SENTENCE_BREAK, paragraph_of
from quotes.types import Attribution, Cue, QuoteKind, Span

_TRIM = " \t\u00a0\u202f,;:.–—-"


def indirect_speech(
    ctx: Context,
    resolver: Resolver,
    min_words: int = 3,
    max_quoted: float = 0.95,
    trace: list[Decision] | None = None,
) -> list[Attribution]:
    """Rows of kind `indirect`, one per reporting cue with a content clause whose speaker
    the evidence names (an indirect content with nobody to say it is no row)."""
    out: list[Decision] = []
    for v, verb in sorted(ctx.verbs.items()):
        if ctx.in_quote(ctx.parse.words[v].start):
            continue
        content = _content(ctx.parse, v, verb, ctx)
        if content is None:
            continue
        span, rule = content
        span = _without_aside(ctx, span)
        if not _acceptable(ctx, span, min_words, max_quoted):
            continue
        w = ctx.parse.words[v]
        # « CONTENT, a souligné. »: an incise verb with no subject speaks for the person the
        # text is about (cue kind "incise"); a content clause without a subject, for nobody.
        kind = "incise" if rule == "indirect.incise" else "content"
        if impersonal_subject(ctx.parse, v, ctx.rules):
            kind = "content"  # « a-t-on indiqué »: the source named after it, else nobody
        found = Found(Cue(w.span, verb.lemma, kind, rule), _speaker(ctx, v, kind), rule, "indirect")
        out.append(_decided(ctx, resolver, span, cue_candidates(ctx, resolver, None, found)))
    for para in ctx.paragraphs:
        for cue in source_cues(ctx.text, ctx.rules, para):
            decision = _source_row(ctx, resolver, cue, min_words, max_quoted)
            if decision is not None:
                out.append(decision)
    if trace is not None:
        trace.extend(out)
    return _dedupe([d.row for d in out if d.row.speaker is not None])


def _speaker(ctx: Context, v: int, kind: str) -> int | None:
    """The word naming who said the content of verb `v`: its subject; in an incise, the
    subject inverted after it (the parser may hang a word before the comma on the verb);
    « a-t-on appris de source policière »: the source."""
    if impersonal_subject(ctx.parse, v, ctx.rules):
        return source_after(ctx, v)
    words = ctx.parse.words
    clitic = _clitic_in(
        ctx.parse, Span(words[first_aux(ctx.parse, v)].start, words[v].end), ctx.rules.titles
    )
    if kind == "incise" and clitic is None:
        para = ctx.paragraphs[paragraph_of(ctx.paragraphs, words[v].start)]
        after = subject_after(ctx, v, para)
        if after is not None and not words[v + 1].text.startswith("-"):
            return after
    head = speaker_head(ctx, v)
    if head is None and kind == "incise":
        return source_after(ctx, v)
    return head


def _decided(ctx: Context, resolver: Resolver, span: Span, candidates: list[Candidate]) -> Decision:
    paragraph = paragraph_of(ctx.paragraphs, span.start)
    return decide(ctx, resolver, span, QuoteKind.INDIRECT, paragraph, candidates)


def _acceptable(ctx: Context, span: Span, min_words: int, max_quoted: float) -> bool:
    if len(ctx.text[span.start : span.end].split()) < min_words:
        return False
    if any(
        q.outer.start <= span.start < q.span.start + 1 and q.span.end + 1 >= span.end
        for q in ctx.quotes
    ):
        # « a rappelé que "…" »: the content is the quote, whose row says it; « a affirmé
        # que "…" arrive au pays » is a content that opens with a fragment
        return False
    quoted = sum(
        max(0, min(q.outer.end, span.end) - max(q.outer.start, span.start)) for q in ctx.quotes
    )
    return quoted < max_quoted * len(span)


def _content(parse: Parse, v: int, verb: Verb, ctx: Context) -> tuple[Span, str] | None:
    """The content clause of reporting verb `v` and the rule that found it."""
    words = parse.words
    for c in parse.children[v]:
        w = words[c]
        if (
            w.dep == "ccomp"
            and verb.que
            and c > v
            and _has_que(parse, c, ctx.rules.titles.complementizers)
        ):
            return _trimmed(ctx, parse.subtree(c), v, after=True), "indirect.que"
        if w.dep == "xcomp" and verb.infinitive and c > v and w.feat("VerbForm") == "Inf":
            return _trimmed(ctx, parse.subtree(c), v, after=True), "indirect.infinitive"
        if w.dep == "xcomp" and verb.infinitive and c > v and _has_aux_inf(parse, c):
            return _trimmed(ctx, parse.subtree(c), v, after=True), "indirect.infinitive"
    forward = _forward_content(parse, v, verb, ctx)
    if forward is not None:
        return forward
    if verb.object:
        obj = _object_content(parse, v)
        # « a déploré, le dirigeant ukrainien »: a noun that names a speaker is an inverted
        # subject, not what was said
        if obj is not None and ctx.likeness(parse.words[obj].lemma.lower()) < 0.5:
            return _trimmed(ctx, _to_clause_end(parse, obj), v, after=True), "indirect.object"
    if (
        verb.incise
        and not _after_quote(ctx, v)
        and (_inverted_incise(parse, v) or _lost_incise(ctx, v, verb.impersonal))
    ):
        # « CONTENT, a affirmé X »: the clause before the comma.
        s = parse.sentence_index[v]
        lo, _ = parse.sentences[s]
        first = first_aux(parse, v)
        span = _last_sentence(ctx.text, _trimmed(ctx, list(range(lo, first)), v, after=False))
        return span, "indirect.incise"
    return None


def _forward_content(
    parse: Parse, v: int, verb: Verb, ctx: Context, reach: int = 6
) -> tuple[Span, str] | None:
    """« a déclaré à son tour avoir discuté … »: the parse hung the clause elsewhere, but a
    « que » or an infinitive within a few words after the verb starts the content, which runs
    to the end of the sentence."""
    words = parse.words
    _, hi = parse.sentences[parse.sentence_index[v]]
    for j in range(v + 1, min(v + 1 + reach, hi)):
        w = words[j]
        if w.pos in ("PUNCT", "ADJ") or (w.pos == "VERB" and w.feat("VerbForm") == "Fin"):
            return None
        if (
            w.pos in ("NOUN", "PROPN", "PRON")
            and not any(words[c].dep == "case" for c in parse.children[j])
            and w.dep != "fixed"
        ):
            return None  # an object (« souligné la nécessité de … ») is no content
        if verb.que and w.lemma.lower() in ctx.rules.titles.complementizers and w.pos == "SCONJ":
            return _trimmed(ctx, list(range(j + 1, hi)), v, after=True), "indirect.que.forward"
        if verb.infinitive and w.feat("VerbForm") == "Inf" and w.pos in ("VERB", "AUX"):
            return _trimmed(ctx, list(range(j, hi)), v, after=True), "indirect.infinitive.forward"
    return None


def _to_clause_end(parse: Parse, obj: int) -> list[int]:
    """The object's words and those after it up to the clause's end (a comma, a semicolon,
    the sentence's end): the parser often hangs the object's complements on the verb."""
    first = min(parse.subtree(obj))
    _, hi = parse.sentences[parse.sentence_index[obj]]
    end = max(parse.subtree(obj)) + 1
    while end < hi and parse.words[end].text not in (",", ";", ".", ":", "!", "?"):
        end += 1
    return list(range(first, end))


def _object_content(parse: Parse, v: int) -> int | None:
    """« a dénoncé les violences policières »: the noun phrase object after the verb (not a
    pronoun, not a bare name: « a salué Marie » names whom, not what)."""
    words = parse.words
    for c in parse.children[v]:
        w = words[c]
        if w.dep == "obj" and c > v and w.pos == "NOUN":
            return c
    return None


def _has_que(parse: Parse, c: int, complementizers: frozenset[str]) -> bool:
    return any(
        parse.words[k].dep == "mark" and parse.words[k].lemma.lower() in complementizers
        for k in parse.children[c]
    )


def _has_aux_inf(parse: Parse, c: int) -> bool:
    """« a déclaré avoir discuté »: the infinitive is the auxiliary of a past participle."""
    return any(
        parse.words[k].dep.startswith("aux") and parse.words[k].feat("VerbForm") == "Inf"
        for k in parse.children[c]
    )


def _without_aside(ctx: Context, span: Span) -> Span:
    """A content ends before an aside that names a source (« …, comme le rapporte Reuters »,
    « …, comme l'a annoncé le ministère »): « comme » and a reporting verb right after it."""
    words = ctx.parse.words_in(span)
    for k, w in enumerate(words[1:], start=1):
        if (
            words[k - 1].text != ","
            or w.text.lower() not in ctx.rules.titles.comparison_prepositions
        ):
            continue
        if any(_reporting(ctx, x) for x in words[k + 1 : k + 5]):
            end = words[k - 1].start
            while end > span.start and ctx.text[end - 1] in _TRIM:
                end -= 1
            return Span(span.start, end)
    return span


def _reporting(ctx: Context, w: Word) -> bool:
    """A reporting verb, or a word whose form gives one (« rapporte » tagged a noun)."""
    if w.i in ctx.verbs:
        return True
    single = single_verbs(ctx.rules)
    return any(g in single for g in ctx.rules.incise_guess.lemmas(w.text))


def _after_quote(ctx: Context, v: int) -> bool:
    """« … : "CONTENT", a-t-elle estimé »: an incise right after a closing quote mark is the
    quote's cue; what comes before the quote is no content of it."""
    words = ctx.parse.words
    first = first_aux(ctx.parse, v)
    if first < 2 or words[first - 1].text != ",":
        return False
    at = words[first - 2].start
    for q in ctx.quotes:
        if q.outer.start <= at < q.outer.end:
            # a quote that opens its sentence or follows a colon is direct speech; one inside
            # a clause is a fragment of the content (« CONTENT "en partie", a-t-il dit »)
            before = ctx.text[: q.outer.start].rstrip()
            return not before or before[-1] in ":.!?»\n"
    return False


def _inverted_incise(parse: Parse, v: int) -> bool:
    """The verb follows a comma and its subject follows it (« …, a déclaré le gouverneur »)."""
    first = first_aux(parse, v)
    s = parse.sentence_index[v]
    lo, _ = parse.sentences[s]
    if first - 1 <= lo or parse.words[first - 1].text != ",":
        return False
    subjects = [k for k in parse.children[v] if parse.words[k].dep.startswith("nsubj")]
    inverted = any(parse.words[k].text.startswith("-") for k in subjects)
    if not inverted and any(k < v for k in subjects):
        # a subject before the verb; with a clitic after it (« a-t-on appris », « a-t-elle
        # ajouté »), a noun the parser hung before the comma is none
        return False
    if parse.words[v].dep == "advcl":
        # « …, a constaté un journaliste »: the parser may hang a finite incise as an
        # adverbial clause of the content; a participle (« …, affirmant ») is none
        return first != v or parse.words[v].feat("VerbForm") == "Fin"
    return parse.words[v].dep in ("parataxis", "ROOT", "conj")


def _lost_incise(ctx: Context, v: int, impersonal: bool) -> bool:
    """« …, ajoute le professeur. » parsed as an adjective or an adverb: the verb follows a
    comma and its inverted subject follows it (a clitic « -t-il », or a noun phrase)."""
    parse = ctx.parse
    words = parse.words
    first = first_aux(parse, v)
    lo, _ = parse.sentences[parse.sentence_index[v]]
    if first - 1 <= lo or words[first - 1].text != ",":
        return False
    if words[v].pos == "VERB" and words[v].dep.startswith(("acl", "ccomp")):
        return False  # « …, assurant que »; a verb tagged an adjective hangs anywhere
    if v + 1 < len(words) and words[v + 1].text.startswith("-"):
        return not any(words[k].dep.startswith("nsubj") and k < first for k in parse.children[v])
    # a subject after the verb makes whatever the parser hung before the comma no subject,
    # provided that is a clause (« L'un des porte-parole, Prénom Nom, justifie le blocage »:
    # a noun phrase and its apposition, the verb's own subject)
    if not any(is_finite(parse, k) for k in range(lo, first - 1)):
        return False
    para = ctx.paragraphs[paragraph_of(ctx.paragraphs, words[v].start)]
    return not impersonal and subject_after(ctx, v, para) is not None


def _last_sentence(text: str, span: Span) -> Span:
    """« CONTENT, a-t-il ajouté »: the content is the sentence before the incise, even where
    the parser ran sentences of copy without paragraph breaks together."""
    ends = list(SENTENCE_BREAK.finditer(text, span.start, span.end))
    return Span(ends[-1].end(), span.end) if ends else span


def _trimmed(ctx: Context, idx: list[int], v: int, after: bool) -> Span:
    words = ctx.parse.words
    idx = [k for k in idx if (k > v if after else k < v)]
    while idx and (
        (
            words[idx[0]].pos in ("PUNCT", "SCONJ")
            and words[idx[0]].lemma.lower() in ctx.rules.titles.complementizers
        )
        or words[idx[0]].pos == "PUNCT"
    ):
        idx = idx[1:]
    if not idx:
        return Span(words[v].start, words[v].start)
    start, end = words[idx[0]].start, words[idx[-1]].end
    while end > start and ctx.text[end - 1] in _TRIM:
        end -= 1
    return Span(start, end)


def _source_row(
    ctx: Context, resolver: Resolver, cue: Cue, min_words: int, max_quoted: float
) -> Decision | None:
    """« Selon X, CONTENT » / « CONTENT, selon X » / « CONTENT, selon X, CONTENT »."""
    if ctx.in_quote(cue.span.start):
        return None
    head = _mention_head(ctx, cue.mention)
    if head is None or not source_is_speaker(ctx, cue, head):
        return None
    parse = ctx.parse
    sentence = _clause(ctx.text, parse.sentence_span(parse.sentence_index[head]), cue.span)
    mention_end = max(parse.words[k].end for k in parse.subtree(head))
    mention_end = max(mention_end, cue.mention.end if cue.mention else cue.span.end)
    before = ctx.text[sentence.start : cue.span.start].strip(_TRIM)
    after = ctx.text[mention_end : sentence.end].strip(_TRIM)
    # « Au total, selon X, CONTENT »: words before with no verb of their own are no content
    clause_before = any(
        is_finite(parse, w.i) for w in parse.words_in(Span(sentence.start, cue.span.start))
    )
    if not before.split() or len(before.split()) <= 1 or (after.split() and not clause_before):
        span = _strip(ctx.text, Span(mention_end, sentence.end))
    elif len(after.split()) <= 1:
        span = _strip(ctx.text, Span(sentence.start, cue.span.start))
    else:
        span = _strip(ctx.text, sentence)
    if not _acceptable(ctx, span, min_words, max_quoted) or _opens_with_cue(ctx, span):
        return None
    found = Found(cue, head, cue.rule_id, "source")
    return _decided(ctx, resolver, span, cue_candidates(ctx, resolver, None, found))


def _clause(text: str, sentence: Span, at: Span) -> Span:
    """The part of `sentence` between semicolons that holds `at` (« 13 800 selon les
    organisateurs ; 10 500 selon la police »: two statements)."""
    start = text.rfind(";", sentence.start, at.start) + 1 or sentence.start
    end = text.find(";", at.end, sentence.end)
    return Span(max(start, sentence.start), end if end != -1 else sentence.end)


def _opens_with_cue(ctx: Context, span: Span) -> bool:
    """« « … », a affirmé le ministre, selon une vidéo »: what stands before « selon » is the
    incise of the quote (a reporting verb, or its auxiliary), not a statement of its own."""
    first = ctx.parse.word_at(span.start)
    if first is None:
        return False
    verb = ctx.parse.words[first.head] if first.dep.startswith("aux") else first
    return verb.i in ctx.verbs


def _strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return Span(start, end)


def _dedupe(rows: list[Attribution]) -> list[Attribution]:
    """One row per content; an object content inside another content (« …, alors que le
    gouvernement a critiqué la gestion, a-t-on appris ») is part of that statement."""
    out: list[Attribution] = []
    for r in sorted(rows, key=lambda r: (r.span.start, -len(r.span))):
        if any(o.span == r.span for o in out):
            continue
        if r.rule_id.startswith("indirect.object") and any(
            o.span.start <= r.span.start and r.span.end <= o.span.end for o in rows if o is not r
        ):
            continue
        out.append(r)
    return out
