"""An article's date: read from a metadata value, or found in the text by `rules/dates.toml`.

The words of a date are read by `dateparser` (a maintained parser that knows French month
names, abbreviations and « 1er »); the rules only say where a text states its own date.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections import Counter
from collections.abc import Sequence
from typing import Any

import regex

from quotes.rules import DateRules

log = logging.getLogger(__name__)
# A year a news text may mention: four digits, 1800-2099, not inside a longer number.
_YEAR = regex.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def date_value(value: Any, languages: Sequence[str] = ("fr", "en")) -> dt.date | None:
    """A metadata value as a date: a date or datetime object, an ISO string (a time part is
    dropped), or words (« 3 décembre 2024 »). A partial date (« 2019-02 ») gives None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return parse_words(text, tuple(languages))


@functools.lru_cache(maxsize=4096)
def parse_words(text: str, languages: tuple[str, ...]) -> dt.date | None:
    """A full date (day, month and year) in words, or None."""
    import dateparser  # imported late: it takes a third of a second

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"}
    try:
        found = dateparser.parse(text, languages=list(languages), settings=settings)
    except (ValueError, OverflowError) as err:  # dateparser's errors on odd input
        log.debug("dateparser failed on %r: %s", text, err)
        return None
    return found.date() if found else None


def date_in_text(text: str, rules: DateRules) -> tuple[dt.date, str] | None:
    """The date a text gives itself, and the id of the pattern that found it."""
    for pattern in rules.patterns:
        limit = len(text) if pattern.within is None else min(pattern.within, len(text))
        for m in pattern.regex.finditer(text, 0, len(text)):
            if m.start() > limit:
                break
            day = _read(m.group("date"), text, rules)
            if day is not None:
                return day, pattern.id
    return None


def date_in_url(url: str, rules: DateRules) -> tuple[dt.date, str] | None:
    """The date a page's address gives (« …/2018/11/17/titre »), and the id of the pattern
    that found it; a match that is no calendar date is passed over."""
    for pattern in rules.url_patterns:
        for m in pattern.regex.finditer(url):
            try:
                day = dt.date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
            except ValueError:
                continue
            return day, pattern.id
    return None


def _read(words: str, text: str, rules: DateRules) -> dt.date | None:
    words = " ".join(words.split())
    day = parse_words(words, rules.languages)
    if day is not None or _YEAR.search(words):
        return day
    # « jeudi 3 octobre »: the year is one the text mentions.
    weekday = _weekday(words, rules.weekdays)
    years = Counter(int(y) for y in _YEAR.findall(text))
    for year, _ in sorted(years.items(), key=lambda kv: (-kv[1], -kv[0])):
        candidate = parse_words(f"{words} {year}", rules.languages)
        if candidate is not None and (weekday is None or candidate.weekday() == weekday):
            return candidate
    return None


def _weekday(words: str, weekdays: Sequence[str]) -> int | None:
    first = words.split()[0].casefold()
    for k, name in enumerate(weekdays):
        if first == name.casefold():
            return k
    return None
