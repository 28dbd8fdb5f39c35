"""Quote-mark pairing, paragraph by paragraph, robust to the broken marks of real copy.

Only outermost quotes are returned: a quote nested inside another is part of its text.
One odd or missing mark never costs the other quotes of the article: a stray closing mark is
dropped, an unclosed opening mark runs to the end of its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotes.rules import QuoteMarks
from quotes.segment import SENTENCE_BREAK
from quotes.types import Quote, Span

_CLOSING_PUNCT = ",.;:!?)]…"
_OPENING_CONTEXT = "([{—–-/"


@dataclass(frozen=True, slots=True)
class _Mark:
    pos: int
    family: str
    role: str  # "open" or "close"
    rule: str  # the rule that decided the role


@dataclass(frozen=True, slots=True)
class _Pair:
    open: _Mark
    close_pos: int  # offset of the closing mark, or the paragraph end for an unclosed quote
    rule: str
    closed: bool


def detect_quotes(text: str, paragraphs: tuple[Span, ...], marks: QuoteMarks) -> tuple[Quote, ...]:
    """All outermost quotes of the article, sorted by offset.

    Args:
        text: the article text as read.
        paragraphs: the paragraph spans of `text` (see `segment.paragraphs`).
        marks: the quote marks of `rules/quote_marks.toml`.
    """
    quotes: list[Quote] = []
    for k, para in enumerate(paragraphs):
        reopens = k + 1 < len(paragraphs) and _starts_with_opener(text, paragraphs[k + 1], marks)
        for pair in _pair_paragraph(text, para, marks, reopens):
            quote = _to_quote(text, para, k, pair, marks, reopens)
            if quote is not None:
                quotes.append(quote)
    return tuple(sorted(quotes, key=lambda q: q.span.start))


def _starts_with_opener(text: str, para: Span, marks: QuoteMarks) -> bool:
    first = text[para.start]
    return any(first == p.open for p in marks.pairs) or any(
        first == s.mark for s in marks.symmetric
    )


def _pair_paragraph(text: str, para: Span, marks: QuoteMarks, reopens: bool) -> list[_Pair]:
    stack: list[_Mark] = []
    pairs: list[_Pair] = []
    chars = marks.characters
    for pos in range(para.start, para.end):
        if text[pos] not in chars:
            continue
        mark = _classify(text, pos, para, marks, stack)
        if mark is None:
            continue
        if mark.role == "open":
            stack.append(mark)
            continue
        depth = _find_open(stack, mark.family)
        if depth is None:
            continue  # a stray closing mark: dropped, the other quotes stand
        opener = stack[depth]
        del stack[depth:]  # openers left above it were broken marks inside this quote
        pairs.append(
            _Pair(
                opener,
                pos,
                mark.rule if mark.rule.endswith("reversed_close") else opener.rule,
                True,
            )
        )
    for k, opener in enumerate(stack):
        # every opening mark left open (« … "…" … « …): the outermost may run on into the
        # next paragraph; the others end where their sentence does
        pairs = _close_at_paragraph_end(text, opener, pairs, para, reopens and k == 0)
    return _disjoint([p for p in pairs if not _nested(p, pairs)])


def _close_at_paragraph_end(
    text: str, opener: _Mark, pairs: list[_Pair], para: Span, reopens: bool
) -> list[_Pair]:
    """An opening mark left unclosed at the paragraph end.

    When the next paragraph reopens a quote, this is French multi-paragraph speech: the quote
    runs to the paragraph end. When the next quote of the same family follows with no other
    quote between, its opening mark is broken copy inside this quote, and its closing mark
    closes this one (« … frontières « L'OTAN, … »). Otherwise the closing mark is missing:
    the quote ends with its sentence, or at the next quote mark, and the quotes after it stand
    (« combat pour la paix : "…" … Le président a dit « … » »).
    """
    if reopens:
        return [*pairs, _Pair(opener, para.end, f"{opener.family}.multi_paragraph", False)]
    later = sorted(
        (p for p in pairs if p.open.pos > opener.pos and p.open.family == opener.family),
        key=lambda p: p.open.pos,
    )
    if later and not any(opener.pos < p.open.pos < later[0].open.pos for p in pairs):
        first = later[0]
        kept = [p for p in pairs if p is not first]
        return [*kept, _Pair(opener, first.close_pos, f"{opener.family}.stray_open", True)]
    end = _sentence_end(text, opener.pos + 1, para.end, pairs)
    return [*pairs, _Pair(opener, end, f"{opener.family}.unclosed", False)]


def _sentence_end(text: str, start: int, end: int, pairs: list[_Pair]) -> int:
    """Where a quote left open at `start` most likely ends: the next quote mark, or the end of
    its sentence (a full stop, ! or ? followed by a capital), or `end`."""
    marks = [p.open.pos for p in pairs if p.open.pos > start]
    stop = min([end, *marks])
    m = SENTENCE_BREAK.search(text, start, stop)
    return m.end("end") if m else stop


def _disjoint(pairs: list[_Pair]) -> list[_Pair]:
    """The pairs in order, each one that starts inside the one before dropped (unclosed marks
    that overlap: the earlier quote stands)."""
    kept: list[_Pair] = []
    for pair in sorted(pairs, key=lambda p: p.open.pos):
        if not kept or pair.open.pos > kept[-1].close_pos:
            kept.append(pair)
    return kept


def _nested(pair: _Pair, pairs: list[_Pair]) -> bool:
    return any(
        o is not pair and o.open.pos < pair.open.pos and pair.close_pos <= o.close_pos
        for o in pairs
    )


def _find_open(stack: list[_Mark], family: str) -> int | None:
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].family == family:
            return depth
    return None


def _classify(
    text: str, pos: int, para: Span, marks: QuoteMarks, stack: list[_Mark]
) -> _Mark | None:
    char = text[pos]
    for pair in marks.pairs:
        # A closing mark of a family with an open quote wins over an opening mark of another
        # family made of the same character (“ closes „ but opens “ … ”).
        if char == pair.close and _find_open(stack, pair.id) is not None:
            return _Mark(pos, pair.id, "close", pair.id)
    for pair in marks.pairs:
        if char == pair.open:
            if _find_open(stack, pair.id) is not None and _closes_by_context(text, pos, para):
                # Broken copy closes with an opening mark: « … depuis 2022« , admet …
                return _Mark(pos, pair.id, "close", f"{pair.id}.reversed_close")
            return _Mark(pos, pair.id, "open", pair.id)
    for sym in marks.symmetric:
        if char == sym.mark:
            return _classify_symmetric(text, pos, para, marks, stack, sym.id)
    return None


def _closes_by_context(text: str, pos: int, para: Span) -> bool:
    """True when the mark is glued to a word on its left and followed by punctuation or the end."""
    if pos == para.start or text[pos - 1].isspace():
        return False
    rest = text[pos + 1 : para.end].lstrip(" \t\u00a0\u202f")
    return not rest or rest[0] in _CLOSING_PUNCT


def _classify_symmetric(
    text: str, pos: int, para: Span, marks: QuoteMarks, stack: list[_Mark], family: str
) -> _Mark:
    left = text[pos - 1] if pos > para.start else None
    right = text[pos + 1] if pos + 1 < para.end else None
    # d'"imprudentes": a glued apostrophe elides a word, so the mark opens.
    opens = left is None or left.isspace() or left in _OPENING_CONTEXT or left in marks.apostrophes
    closes = right is None or right.isspace() or right in _CLOSING_PUNCT
    if opens and not closes:
        role = "open"
    elif closes and not opens:
        role = "close"
    else:
        role = "close" if _find_open(stack, family) is not None else "open"
    return _Mark(pos, family, role, family)


def _to_quote(
    text: str, para: Span, k: int, pair: _Pair, marks: QuoteMarks, reopens: bool
) -> Quote | None:
    start, end = pair.open.pos + 1, pair.close_pos
    while start < end and text[start] in marks.inner_spaces:
        start += 1
    while end > start and (
        text[end - 1] in marks.inner_spaces or (not pair.closed and text[end - 1] in ",;:")
    ):
        end -= 1  # a quote left open ends before the punctuation that introduces the next one
    if start >= end:
        return None
    outer_end = pair.close_pos + 1 if pair.closed else pair.close_pos
    continues = not pair.closed and reopens
    return Quote(Span(start, end), Span(pair.open.pos, outer_end), k, pair.rule, continues)
