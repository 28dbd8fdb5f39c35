"""Questions asked of a quotes table: what a speaker said, what several said on a topic,
which statements several articles reported, and which of them they attribute differently.

Plain functions from DataFrames (as `table.load` gives them) to DataFrames; the CLI and the
HTML report only lay them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from quotes.errors import QuotesError
from quotes.statements import contains_phrase, fold_words, stems
from quotes.table import SPEAKER_COLUMNS


class NoSuchSpeaker(QuotesError):
    """No speaker of the table answers to a name."""


@dataclass(frozen=True, slots=True)
class SpeakerMatch:
    query: str
    ids: tuple[str, ...]
    names: tuple[str, ...]


def speaker_names(quotes: pd.DataFrame, speakers: pd.DataFrame | None) -> dict[str, set[str]]:
    """Every name each speaker id answers to, folded: its canonical name, its id, and every
    variant merged into it (from the speakers table when there is one)."""
    names: dict[str, set[str]] = {}
    known = quotes.dropna(subset=["speaker_id"])
    for sid, name in zip(
        known["speaker_id"].astype(str), known["speaker"].astype(str), strict=True
    ):
        names.setdefault(sid, set()).update({fold_words(name), fold_words(sid)})
    if speakers is not None:
        for row in speakers.itertuples(index=False):
            found = names.setdefault(str(row.speaker_id), set())
            found.update(fold_words(v) for v in [row.speaker, *list(row.variants)])
    return names


def match_speaker(query: str, names: dict[str, set[str]]) -> tuple[str, ...]:
    """Ids of the speakers `query` names, case and accents folded: those with a name equal
    to it; failing that, those with a name holding all its words (« dupont » names
    « Jeanne Dupont »). Empty when none."""
    q = fold_words(query)
    if not q:
        return ()
    exact = sorted(sid for sid, forms in names.items() if q in forms)
    if exact:
        return tuple(exact)
    words = set(q.split())
    return tuple(
        sorted(sid for sid, forms in names.items() if any(words <= set(f.split()) for f in forms))
    )


def resolve_speakers(
    queries: Sequence[str], quotes: pd.DataFrame, speakers: pd.DataFrame | None
) -> list[SpeakerMatch]:
    """One match per query; raises `NoSuchSpeaker` naming the queries that match nobody,
    with the closest names of the table."""
    from difflib import get_close_matches

    names = speaker_names(quotes, speakers)
    canonical = dict(
        zip(quotes["speaker_id"].astype(str), quotes["speaker"].astype(str), strict=True)
    )
    out, missing = [], []
    for query in queries:
        ids = match_speaker(query, names)
        if not ids:
            missing.append(query)
        out.append(SpeakerMatch(query, ids, tuple(canonical.get(i, i) for i in ids)))
    if missing:
        every = sorted({f for forms in names.values() for f in forms})
        hints = {q: get_close_matches(fold_words(q), every, n=3, cutoff=0.6) for q in missing}
        raise NoSuchSpeaker(
            "; ".join(
                f"no speaker answers to {q!r}"
                + (f" (closest: {', '.join(h)})" if (h := hints[q]) else "")
                for q in missing
            )
        )
    return out


def any_phrase(have: Sequence[str], phrases: Sequence[Sequence[str]]) -> bool:
    """True when the stems `have` hold one of the stemmed words or phrases, so that
    « négociation » finds « négociations » and « négocier »."""
    return any(contains_phrase(have, p) for p in phrases if p)


def confident(quotes: pd.DataFrame, min_confidence: float) -> pd.DataFrame:
    """The rows with the speakers named at `min_confidence` or above: a row below it keeps
    its quote and its mention, but names nobody (as an abstention would)."""
    if min_confidence <= 0:
        return quotes
    low = ~(quotes["confidence"].fillna(0.0) >= min_confidence)
    out = quotes.copy()
    for column in SPEAKER_COLUMNS:
        if column in out.columns:
            out[column] = out[column].mask(low)
    return out


def said(
    quotes: pd.DataFrame,
    ids: Sequence[str],
    since: dt.date | None = None,
    until: dt.date | None = None,
    kinds: Sequence[str] = (),
    grep: Sequence[str] = (),
) -> pd.DataFrame:
    """The rows of the speakers `ids`, within [since, until] (both included; undated rows
    are left out when a bound is given), of the given kinds, holding one of the `grep`
    words; by date (undated last), then article, then offset."""
    keep = quotes["speaker_id"].astype(object).isin(list(ids))
    dates = pd.to_datetime(quotes["date"])
    # NaT compares false both ways, so a bound leaves undated rows out.
    if since is not None:
        keep &= dates >= pd.Timestamp(since)
    if until is not None:
        keep &= dates <= pd.Timestamp(until)
    rows = quotes[keep]
    if kinds:
        rows = rows[rows["kind"].astype(str).isin(list(kinds))]
    if grep:
        phrases = [stems(w) for w in grep]
        rows = rows[[any_phrase(stems(q), phrases) for q in rows["quote"]]]
    return rows.sort_values(["date", "article", "start"], na_position="last").reset_index(drop=True)


def statements(quotes: pd.DataFrame, min_articles: int = 2) -> pd.DataFrame:
    """Statements reported by at least `min_articles` articles: one row per (statement, row)
    with the statement's number of articles and speakers and whether it is a conflict (two
    articles give it to two different speakers). Most reported first, then by first date."""
    grouped = quotes.groupby("statement_id", observed=True)
    rows = quotes.assign(
        articles=grouped["article"].transform("nunique"),
        speakers=grouped["speaker_id"].transform("nunique"),
        first=grouped["date"].transform("min"),
    )
    rows = rows[rows["articles"] >= min_articles]
    conflicts = _conflicts(rows)
    rows = rows.assign(conflict=[conflicts[str(s)] for s in rows["statement_id"]])
    rows = rows.sort_values(
        ["articles", "first", "statement_id", "date", "article", "start"],
        ascending=[False, True, True, True, True, True],
        na_position="last",
    )
    return rows.drop(columns=["first"]).reset_index(drop=True)


def _conflicts(rows: pd.DataFrame) -> dict[str, bool]:
    """Per statement: do two different articles give it to two different known speakers?
    (Two speakers inside one article, say a quote repeated by a second person, is not a
    conflict between articles.)"""
    out: dict[str, bool] = {}
    for sid, group in rows.groupby("statement_id", observed=True):
        pairs = {
            (str(a), str(s))
            for a, s in zip(group["article"], group["speaker_id"], strict=True)
            if pd.notna(s)
        }
        out[str(sid)] = any(a1 != a2 and s1 != s2 for a1, s1 in pairs for a2, s2 in pairs)
    return out


def headline(group: pd.DataFrame) -> str:
    """The words that stand for a statement: its shortest quoted row (the part every
    article shares), else its shortest row."""
    quoted = group[group["kind"].astype(str) != "indirect"]
    pool = quoted if len(quoted) else group
    return str(min(pool["quote"], key=len))


def context(text: str, start: int, end: int, limit: int = 600) -> tuple[str, str, str]:
    """The sentence around text[start:end], as (before, quote, after): from the last
    sentence end before `start` to the first after `end`, within the paragraph, at most
    `limit` characters each side."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    before = text[max(para_start, start - limit) : start]
    after = text[end : min(para_end, end + limit)]
    cut = max((before.rfind(p) for p in (". ", "? ", "! ", "… ")), default=-1)
    if cut >= 0:
        before = before[cut + 2 :]
    ends = [i for i in (after.find(p) for p in (". ", "? ", "! ", "… ")) if i >= 0]
    if ends:
        after = after[: min(ends) + 1]
    return before, text[start:end], after


def clip(text: str, n: int) -> str:
    """`text` cut to `n` characters, an ellipsis marking the cut."""
    return text if len(text) <= n else text[: n - 1] + "…"


def as_date(value: Any) -> str:
    """A table date as YYYY-MM-DD, or an empty string."""
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()
