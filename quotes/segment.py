"""Paragraphs without a parser: each non-blank line of the article is a paragraph.

Parsing paragraph by paragraph keeps a headline from merging into the next line.
"""

from __future__ import annotations

import regex

from quotes.types import Span

_LINE = regex.compile(r"[^\n\r\u2028\u2029]+")
# Where one sentence ends and the next begins, without a parser: a full stop, ! or ? (with a
# closing parenthesis), or a closing quote mark, then spaces and a capital or an opening mark.
# Group `end` ends the sentence; the match ends where the next one starts.
SENTENCE_BREAK = regex.compile(r"""(?P<end>[.!?…]\)?|[»"”])\s+(?=[\p{Lu}«"“])""")
_EDGE_SPACE = " \t\u00a0\u202f\u2009\ufeff"


def paragraphs(text: str) -> tuple[Span, ...]:
    """Spans of the non-blank lines of `text`, trimmed of surrounding white space.

    >>> paragraphs("Titre\\n\\n  Texte. \\n")
    (Span(start=0, end=5), Span(start=9, end=14))
    """
    out = []
    for m in _LINE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in _EDGE_SPACE:
            start += 1
        while end > start and text[end - 1] in _EDGE_SPACE:
            end -= 1
        if start < end:
            out.append(Span(start, end))
    return tuple(out)


def paragraph_of(spans: tuple[Span, ...], offset: int) -> int:
    """Index of the paragraph holding `offset` (the last one starting at or before it)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].start <= offset:
            lo = mid + 1
        else:
            hi = mid
    return max(lo - 1, 0)
