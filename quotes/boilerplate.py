"""Page furniture left out of detection: lines of `rules/boilerplate.toml` blanked in place.

A blanked line becomes spaces of the same length, so every offset found in the visible text is
an offset into the stored text, which keeps the line.
"""

from __future__ import annotations

from collections.abc import Sequence

from quotes.rules import BoilerplateLine
from quotes.segment import paragraphs
from quotes.types import Span


def boilerplate_lines(text: str, patterns: Sequence[BoilerplateLine]) -> tuple[Span, ...]:
    """Spans of the lines of `text` (trimmed, as `segment.paragraphs` gives them) that a
    boilerplate pattern matches whole.

    >>> from quotes.rules import load_rules
    >>> boilerplate_lines("Lire aussi : « Non »\\nIl a dit « oui ».", load_rules().boilerplate)
    (Span(start=0, end=20),)
    """
    return tuple(
        line
        for line in paragraphs(text)
        if any(p.regex.fullmatch(text, line.start, line.end) for p in patterns)
    )


def blank(text: str, spans: Sequence[Span]) -> str:
    """`text` with every span replaced by as many spaces: offsets do not move."""
    if not spans:
        return text
    parts, last = [], 0
    for s in spans:
        parts += [text[last : s.start], " " * len(s)]
        last = s.end
    parts.append(text[last:])
    return "".join(parts)
