"""The tables of `quotes extract` queried in place by DuckDB, for `quotes serve`.

Nothing is copied or imported: views over the Parquet files (a quotes table may be one file
or a folder of parts) are read at each query. Every value that comes from a request is a
bound parameter; only the table paths, given once at start, are written into SQL.

Words are matched as `--grep` matches them, accent-folded and in any inflection: each word
of a search is folded and cut to its Snowball stem, and a quote holds it when one of its
folded words begins with that stem (« négociation » finds « négociations », « négocier »).
"""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import regex

from quotes.errors import QuotesError
from quotes.query import clip, context
from quotes.statements import _stem, fold_words
from quotes.table import articles_path, speakers_path

_LETTER = r"[\pL\pN]"
_PHRASE = regex.compile(r'"([^"]*)"|(\S+)')

# A name as `fold_words` folds it: lower case, accents out, runs of other signs one space.
_FOLD = (
    "CREATE MACRO fold(s) AS "
    r"trim(regexp_replace(strip_accents(lower(s)), '[^\pL\pN]+', ' ', 'g'))"
)

# Empty stand-ins, typed, for a side table that is not there.
_NO_SPEAKERS = (
    "SELECT NULL::TEXT AS speaker_id, NULL::TEXT AS speaker, NULL::TEXT AS speaker_type,"
    " NULL::TEXT AS speaker_gender, NULL::TEXT[] AS variants WHERE false"
)
_NO_ARTICLES = (
    "SELECT NULL::TEXT AS article, NULL::TEXT AS title, NULL::DATE AS date,"
    " NULL::TEXT AS source, NULL::TEXT AS url, NULL::TEXT AS text WHERE false"
)
_ROW_COLUMNS = (
    "q.article, q.date, q.source, q.title, q.speaker, q.speaker_id, q.speaker_mention, "
    "q.quote, q.kind, q.cue, q.start, q.end, q.statement_id, q.confidence, q.rule"
)


class NoSuchTable(QuotesError):
    """The quotes table to serve does not exist or cannot be read."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What a search asks for; every field optional. `speaker` is a speaker id; `who` is
    free text matched against every name a speaker answers to."""

    words: str = ""
    speaker: str = ""
    who: str = ""
    outlet: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    kind: str = ""
    min_confidence: float = 0.0
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: how many there are in all, and the rows of this page."""

    total: int
    rows: list[dict[str, Any]]


def word_pattern(words: str) -> list[str]:
    """One RE2 pattern per term of a search, to match the quote as written: a term is a word
    or a "quoted phrase", and a quote must hold every term. Each word matches the words that
    begin with its stem or equal it, in any case and with or without accents (folding each
    quote first would cost four times more); a phrase's words must follow each other.

    >>> [bool(regex.search(p, "Les NÉGOCIATIONS du pouvoir d’achat")) for p in word_pattern(
    ...     'négocier "pouvoir d’achat"')]
    [True, True]
    """
    out = []
    for phrase, word in _PHRASE.findall(words):
        folded = fold_words(phrase or word).split()
        if not folded:
            continue
        parts = [
            "(?:" + "|".join(sorted({_accents(_stem(w)), _accents(w)})) + f"){_LETTER}*"
            for w in folded
        ]
        out.append(r"(?i)(?:^|[^\pL\pN])" + r"[^\pL\pN]+".join(parts))
    return out


def _letter_classes() -> dict[str, str]:
    """What a folded letter stands for in a text as written: itself and every Latin letter
    that folds to it (« e » -> [eèéêë…]); case is left to the pattern's (?i) flag."""
    variants: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        letter = chr(code).lower()
        base = unicodedata.normalize("NFD", letter)[0]
        if base != letter and base.isascii() and base.isalpha():
            variants.setdefault(base, set()).add(letter)
    return {b: "[" + b + "".join(sorted(v)) + "]" for b, v in variants.items()}


_LETTERS = _letter_classes()


def _accents(folded: str) -> str:
    """A folded word as a pattern that matches it with any accents; « oe » also as the
    ligature « œ », which no decomposition folds."""
    out = "".join(_LETTERS.get(c, regex.escape(c)) for c in folded)
    oe = _LETTERS["o"] + _LETTERS["e"]
    return out.replace(oe, f"(?:{oe}|œ)")


def _source(path: Path) -> str:
    """A `read_parquet` call for a table file or a folder of parts (paths come from the
    command line, never from a request)."""
    target = f"{path}/**/*.parquet" if path.is_dir() else str(path)
    return "read_parquet('" + target.replace("'", "''") + "')"


class Store:
    """Read-only queries over a quotes table and the speakers and articles tables beside it.

    One DuckDB connection; each query runs on its own cursor, so that requests served on
    several threads do not share one.
    """

    def __init__(self, table: Path | str) -> None:
        self.table = Path(table)
        if not self.table.exists():
            raise NoSuchTable(f"{self.table}: no such table (run `quotes extract` first)")
        self._db = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        speakers, articles = speakers_path(self.table), articles_path(self.table)
        views = {
            "quotes": f"SELECT * FROM {_source(self.table)}",
            "speakers": f"SELECT * FROM {_source(speakers)}"
            if speakers.is_file()
            else _NO_SPEAKERS,
            "articles": f"SELECT * FROM {_source(articles)}"
            if articles.is_file()
            else _NO_ARTICLES,
        }
        try:
            self._db.execute(_FOLD)
            for name, select in views.items():
                self._db.execute(f"CREATE VIEW {name} AS {select}")
            self.rows = int(self._one("SELECT count(*) FROM quotes")[0])
        except duckdb.Error as err:
            raise NoSuchTable(f"{self.table}: cannot be read as a quotes table: {err}") from None

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._db.cursor()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._cursor()
        try:
            result = cur.execute(sql, list(params))
            names = [d[0] for d in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        finally:
            cur.close()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
        cur = self._cursor()
        try:
            row = cur.execute(sql, list(params)).fetchone()
            return tuple(row) if row else ()
        finally:
            cur.close()

    # -- the rows a request filters --------------------------------------------------------

    def _base(self, min_confidence: float) -> tuple[str, list[Any]]:
        """The quotes as a request sees them: below `min_confidence`, a row keeps its quote
        but names nobody (as `--min-confidence` does on the command line)."""
        if min_confidence <= 0:
            return "quotes", []
        masked = ", ".join(
            f"CASE WHEN confidence >= ? THEN {c} END AS {c}"
            for c in ("speaker", "speaker_id", "speaker_type", "speaker_gender")
        )
        return f"(SELECT * REPLACE ({masked}) FROM quotes)", [min_confidence] * 4

    def _where(self, f: Filters) -> tuple[str, list[Any]]:
        """The WHERE clause of `f` over rows `q`, with its parameters."""
        clauses: list[str] = ["true"]
        params: list[Any] = []
        for pattern in word_pattern(f.words):
            clauses.append("regexp_matches(q.quote, ?)")
            params.append(pattern)
        if f.speaker:
            clauses.append("q.speaker_id = ?")
            params.append(f.speaker)
        if f.speakers:
            clauses.append("list_contains(?, q.speaker_id)")
            params.append(list(f.speakers))
        if f.who:
            clauses.append(f"q.speaker_id IN ({_NAMED})")
            params += [fold_words(f.who)] * 2
        for column, value in (("q.source", f.outlet), ("q.kind", f.kind)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if f.since is not None:
            clauses.append("q.date >= ?")
            params.append(f.since)
        if f.until is not None:
            clauses.append("q.date <= ?")
            params.append(f.until)
        return " AND ".join(clauses), params

    def _filtered(self, f: Filters) -> tuple[str, list[Any]]:
        base, base_params = self._base(f.min_confidence)
        where, params = self._where(f)
        return f"FROM {base} q WHERE {where}", base_params + params

    # -- what the pages and the API ask --------------------------------------------------

    def search(self, f: Filters, offset: int = 0, limit: int = 50, newest: bool = True) -> Page:
        """The rows that match `f`, each with its sentence, its article's title and link:
        newest first (or by date when `newest` is False), then article and offset."""
        source, params = self._filtered(f)
        order = "date DESC NULLS LAST" if newest else "date NULLS LAST"
        found = self._page(
            f"SELECT {_ROW_COLUMNS} {source}", params, f"{order}, article, start", offset, limit
        )
        return Page(found.total, self._in_context(found.rows))

    def speaker_id(self, value: str) -> str | None:
        """The speaker a compare form names: `value` as a speaker id; else the speaker with
        the most quotes among those whose name or a merged variant equals it, folded; else
        among those whose name holds it. None when nobody answers."""
        if self._one("SELECT 1 FROM quotes WHERE speaker_id = ? LIMIT 1", [value]):
            return value
        folded = fold_words(value)
        if not folded:
            return None
        for test in ("fold(v) = ?", "contains(fold(v), ?)"):
            found = self._one(
                "WITH names AS (SELECT speaker_id, speaker AS v FROM quotes "
                "UNION ALL SELECT speaker_id, unnest(variants) AS v FROM speakers) "
                "SELECT q.speaker_id FROM quotes q WHERE q.speaker_id IN "
                f"(SELECT speaker_id FROM names WHERE {test}) "
                "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
                [folded],
            )
            if found:
                return str(found[0])
        return None

    def _in_context(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each row with its sentence (`before`, `after`) and its article's url, read from
        the articles table for the articles of this page only."""
        ids = sorted({r["article"] for r in rows})
        if not ids:
            return rows
        texts = {
            a["article"]: a
            for a in self._all(
                "SELECT article, title, url, text FROM articles WHERE list_contains(?, article)",
                [ids],
            )
        }
        for r in rows:
            art = texts.get(r["article"])
            text = (art or {}).get("text") or ""
            r["url"] = (art or {}).get("url")
            r["title"] = r["title"] or (art or {}).get("title")
            ok = text[r["start"] : r["end"]] == r["quote"]
            before, _, after = context(text, r["start"], r["end"]) if ok else ("", "", "")
            r["before"], r["after"] = clip(before[::-1], 400)[::-1], clip(after, 400)
        return rows

    def outlets(self) -> list[str]:
        """Every outlet of the table, by name."""
        found = self._all("SELECT DISTINCT source FROM quotes WHERE source IS NOT NULL")
        return sorted(str(r["source"]) for r in found)

    def speakers(self, words: str = "", offset: int = 0, limit: int = 50) -> Page:
        """Speakers by number of quotes; `words` keeps those with a name (or a variant
        merged into them) that holds it, folded."""
        where, params = "q.speaker_id IS NOT NULL", []
        if fold_words(words):
            where += f" AND q.speaker_id IN ({_NAMED})"
            params = [fold_words(words)] * 2
        groups = (
            "SELECT q.speaker_id AS id, any_value(q.speaker) AS name, "
            "any_value(q.speaker_type) AS type, any_value(q.speaker_gender) AS gender, "
            "count(*) AS quotes, count(DISTINCT q.article) AS articles, "
            "min(q.date) AS first, max(q.date) AS last "
            f"FROM quotes q WHERE {where} GROUP BY q.speaker_id"
        )
        return self._page(groups, params, "quotes DESC, id", offset, limit)

    def _page(self, select: str, params: list[Any], order: str, offset: int, limit: int) -> Page:
        """One page of the rows of `select`, in `order`, with the number of them all (counted
        with the page, so that `select` runs once; again alone past the last page)."""
        rows = self._all(
            f"SELECT *, count(*) OVER () AS total_rows FROM ({select}) "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        if rows:
            total = int(rows[0]["total_rows"])
        else:
            total = int(self._one(f"SELECT count(*) FROM ({select})", params)[0]) if offset else 0
        for r in rows:
            del r["total_rows"]
        return Page(total, rows)

    def speaker(self, sid: str) -> dict[str, Any] | None:
        """One speaker: names merged into them, type, gender, counts by kind, outlets, first
        and last date; None when no row names them."""
        found = self._all(
            "SELECT any_value(speaker) AS name, any_value(speaker_type) AS type, "
            "any_value(speaker_gender) AS gender, count(*) AS quotes, "
            "count(DISTINCT article) AS articles, count(DISTINCT source) AS outlets, "
            "min(date) AS first, max(date) AS last, "
            "count(*) FILTER (WHERE kind = 'direct') AS direct, "
            "count(*) FILTER (WHERE kind = 'partial') AS partial, "
            "count(*) FILTER (WHERE kind = 'indirect') AS indirect, "
            "list(DISTINCT speaker_mention) AS mentions "
            "FROM quotes WHERE speaker_id = ?",
            [sid],
        )
        if not found or not found[0]["quotes"]:
            return None
        out = found[0] | {"id": sid}
        side = self._all("SELECT variants FROM speakers WHERE speaker_id = ?", [sid])
        variants = list(side[0]["variants"] or []) if side else []
        mentions = sorted(m for m in out.pop("mentions") if m)
        out["variants"] = sorted(set(variants) - {out["name"]})
        out["mentions"] = mentions[:40]
        return out

    def timeline(self, sid: str, f: Filters | None = None) -> list[dict[str, Any]]:
        """A speaker's quotes counted per date and kind (undated rows left out)."""
        f = Filters(speaker=sid) if f is None else f
        source, params = self._filtered(f)
        return self._all(
            f"SELECT q.date AS date, q.kind AS kind, count(*) AS n {source} "
            "AND q.date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
            params,
        )

    def compare(self, f: Filters, offset: int = 0, limit: int = 20) -> Page:
        """What the speakers `f.speakers` said, one entry per date (newest first; undated
        last), each holding the rows of that date; `total` counts dates."""
        source, params = self._filtered(f)
        days = self._page(
            f"SELECT DISTINCT q.date AS date {source}",
            params,
            "date DESC NULLS LAST",
            offset,
            limit,
        )
        total, dates = days.total, [r["date"] for r in days.rows]
        if not dates:
            return Page(total, [])
        known = [d for d in dates if d is not None]
        on = "(list_contains(?, q.date)" + (" OR q.date IS NULL)" if None in dates else ")")
        rows = self._all(
            f"SELECT {_ROW_COLUMNS} {source} AND {on} ORDER BY q.article, q.start",
            [*params, known],
        )
        by_date: dict[Any, list[dict[str, Any]]] = {d: [] for d in dates}
        for r in self._in_context(rows):
            by_date[r["date"]].append(r)
        return Page(total, [{"date": d, "rows": by_date[d]} for d in dates])

    def tally(self, f: Filters) -> list[dict[str, Any]]:
        """For each speaker id of `f.speakers`, in that order: its name and how many of its
        rows match `f` (two queries, whatever the number of speakers)."""
        ids = list(f.speakers)
        names = {
            r["id"]: r["name"]
            for r in self._all(
                "SELECT speaker_id AS id, any_value(speaker) AS name FROM quotes "
                "WHERE list_contains(?, speaker_id) GROUP BY 1",
                [ids],
            )
        }
        source, params = self._filtered(f)
        counts = {
            r["id"]: r["n"]
            for r in self._all(
                f"SELECT q.speaker_id AS id, count(*) AS n {source} GROUP BY 1", params
            )
        }
        return [{"id": i, "name": names.get(i, i), "quotes": counts.get(i, 0)} for i in ids]

    def statements(
        self,
        conflicts: bool = False,
        words: str = "",
        min_confidence: float = 0.0,
        offset: int = 0,
        limit: int = 20,
    ) -> Page:
        """Statements that two articles or more report, most reported first: each with its
        number of articles and speakers, whether it is a conflict (two articles give it to
        two different speakers) and its rows."""
        base, base_params = self._base(min_confidence)
        params = list(base_params)
        having = "count(DISTINCT q.article) >= 2"
        if conflicts:
            having += (
                " AND count(DISTINCT q.speaker_id) >= 2"
                " AND count(DISTINCT q.article) FILTER (WHERE q.speaker_id IS NOT NULL) >= 2"
            )
        where, word_params = self._where(Filters(words=words))
        groups = (
            "SELECT q.statement_id AS id, count(DISTINCT q.article) AS articles, "
            "count(DISTINCT q.speaker_id) AS speakers, min(q.date) AS first, "
            "count(DISTINCT q.article) FILTER (WHERE q.speaker_id IS NOT NULL) AS named "
            f"FROM {base} q GROUP BY q.statement_id HAVING {having}"
        )
        if words:
            groups += f" AND q.statement_id IN (SELECT q.statement_id FROM quotes q WHERE {where})"
            params += word_params
        found = self._page(groups, params, "articles DESC, first NULLS LAST, id", offset, limit)
        return Page(found.total, self._statement_rows(found.rows, base, base_params))

    def _statement_rows(
        self, page: list[dict[str, Any]], base: str, params: list[Any]
    ) -> list[dict[str, Any]]:
        ids = [s["id"] for s in page]
        if not ids:
            return []
        rows = self._all(
            f"SELECT {_ROW_COLUMNS} FROM {base} q WHERE list_contains(?, q.statement_id) "
            "ORDER BY q.date NULLS LAST, q.article, q.start",
            [*params, ids],
        )
        by_id: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for r in rows:
            by_id[r["statement_id"]].append(r)
        for s in page:
            s["conflict"] = s.pop("named") >= 2 and s["speakers"] >= 2
            s["rows"] = by_id[s["id"]]
            s["headline"] = headline(s["rows"])
        return page

    def article(self, aid: str, min_confidence: float = 0.0) -> dict[str, Any] | None:
        """An article's text and metadata with its rows (by offset); None when the table
        has no such article."""
        found = self._all(
            "SELECT article, title, date, source, url, text FROM articles WHERE article = ?",
            [aid],
        )
        base, params = self._base(min_confidence)
        rows = self._all(
            f"SELECT {_ROW_COLUMNS} FROM {base} q WHERE q.article = ? ORDER BY q.start",
            [*params, aid],
        )
        if not found and not rows:
            return None
        out: dict[str, Any] = found[0] if found else {"article": aid, "text": None, "url": None}
        if not found:
            first = rows[0]
            out |= {"title": first["title"], "date": first["date"], "source": first["source"]}
        out["rows"] = rows
        return out


# Speaker ids that answer to a folded name: their canonical name or a merged variant holds it.
_NAMED = (
    "SELECT speaker_id FROM quotes WHERE contains(fold(speaker), ?) "
    "UNION SELECT speaker_id FROM speakers, unnest(variants) AS v(name) "
    "WHERE contains(fold(v.name), ?)"
)


def headline(rows: list[dict[str, Any]]) -> str:
    """The words that stand for a statement: its shortest quoted row, else its shortest."""
    quoted = [r["quote"] for r in rows if r["kind"] != "indirect"]
    pool = quoted or [r["quote"] for r in rows]
    return min(pool, key=len) if pool else ""
