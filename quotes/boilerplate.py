"""Page furniture left out of detection: lines of `rules/boilerplate.toml` blanked in place.

A blanked line becomes spaces of the same length, so every offset found in the visible text is
an offset into the stored text, which keeps the line.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from quotes.rules import BoilerplateLine
from quotes.types import Span

_LINE = regex.compile(r"[^\n\r\u2028\u2029]+")
_EDGE_SPACE = " \t\u00a0\u202f\u2009\ufeff"


def boilerplate_lines(text: str, patterns: Sequence[BoilerplateLine]) -> tuple[Span, ...]:
    """Spans of the lines of `text` that a boilerplate pattern matches whole (trimmed).

    >>> from quotes.rules import load_rules
    >>> boilerplate_lines("Lire aussi : « Non »\\nIl a dit « oui ».", load_rules().boilerplate)
    (Span(start=0, end=20),)
    """
    out = []
    for m in _LINE.finditer(text):
        line = m.group().strip(_EDGE_SPACE)
        if line and any(p.regex.fullmatch(line) for p in patterns):
            out.append(Span(m.start(), m.end()))
    return tuple(out)


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
