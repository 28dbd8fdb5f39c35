"""The tables of a run, written as the results arrive.

An article's text goes to the articles table (a row group at a time) as soon as its result
is in; what stays in memory is what the corpus-wide steps need: each article's speaker
references (for linking) and its quote rows without the article text (for statement ids and
the final sort). At the end the speakers are linked, the quote rows get their speaker columns
and statement ids, and every table is renamed into place together (see `table.write_all`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from quotes import table
from quotes.link import Linked, SpeakerRefs, link, speaker_refs
from quotes.rules import RuleSet
from quotes.statements import statement_ids
from quotes.timing import Stopwatch
from quotes.types import ArticleResult

# Columns filled only once the whole corpus is linked.
_LINKED = ("speaker", "speaker_id", "speaker_type", "speaker_gender", "statement_id")
_BASE_SCHEMA = pa.schema(
    [f for f in table.SCHEMA if f.name not in _LINKED]
    + [pa.field("_speaker_key", pa.int64()), pa.field("_speaker", pa.string())]
)


class TableSink:
    """Collects results into the quotes, articles and speakers tables of `out`.

    Use as a context manager: leaving it by an exception removes the temporary files and
    leaves the previous tables as they were. `parts` writes the quotes table as a folder of
    Parquet parts of at most `part_rows` rows (a dataset `pd.read_parquet` reads as one).
    """

    def __init__(
        self,
        out: Path,
        rules: RuleSet,
        backend: str,
        model: str,
        parts: bool = False,
        group_articles: int = 256,
        part_rows: int = 100_000,
    ) -> None:
        self.out, self.rules, self.backend, self.model = Path(out), rules, backend, model
        self.parts, self.group_articles, self.part_rows = parts, group_articles, part_rows
        self.articles = 0
        self._refs: list[SpeakerRefs] = []
        self._rows: list[pa.Table] = []
        self._pending_articles: list[Any] = []
        self._pending_rows: list[dict[str, Any]] = []
        self._temps: list[str] = []
        self._writer: pq.ParquetWriter | None = None
        self._articles_tmp = self._temp(table.articles_path(self.out))

    def __enter__(self) -> TableSink:
        return self

    def __exit__(self, kind: object, err: object, tb: object) -> None:
        self._close_writer()
        for tmp in self._temps:
            if os.path.isdir(tmp):
                shutil.rmtree(tmp, ignore_errors=True)
            elif os.path.exists(tmp):
                os.unlink(tmp)

    def add(self, result: ArticleResult) -> None:
        self.articles += 1
        self._refs.append(speaker_refs(result))
        self._pending_articles.append(result.article)
        self._pending_rows.extend(_base_rows(result, self.backend, self.model, self.rules.hash))
        if len(self._pending_articles) >= self.group_articles:
            self._flush()

    def close(
        self, extra: Sequence[tuple[bytes, Path]] = (), clock: Stopwatch | None = None
    ) -> int:
        """Link, finish the quotes table, and rename every table into place; the number of
        quote rows. `clock` counts the linking (speakers and statements) as `link`."""
        clock = clock or Stopwatch()
        with clock.stage("write"):
            self._flush()
            self._close_writer()
        with clock.stage("link"):
            linked = link(self._refs, self.rules)
            rows = _finish(pa.concat_tables(self._rows, promote_options="none"), linked)
        with clock.stage("write"):
            quotes_tmp = self._write_quotes(rows)
            speakers_tmp = self._temp(table.speakers_path(self.out))
            pq.write_table(table.speakers_table(linked), speakers_tmp)
            table.write_all(
                list(extra),
                renames=[
                    (self._articles_tmp, table.articles_path(self.out)),
                    (speakers_tmp, table.speakers_path(self.out)),
                    (quotes_tmp, self.out),
                ],
            )
        return rows.num_rows

    # --- streaming --------------------------------------------------------------------

    def _flush(self) -> None:
        if self._pending_articles:
            batch = table.articles_table(self._pending_articles, sort=False)
            if self._writer is None:
                self._writer = pq.ParquetWriter(self._articles_tmp, table.ARTICLES_SCHEMA)
            self._writer.write_table(batch)
        self._rows.append(pa.Table.from_pylist(self._pending_rows, schema=_BASE_SCHEMA))
        self._pending_articles, self._pending_rows = [], []

    def _close_writer(self) -> None:
        if self._writer is None and not os.path.exists(self._articles_tmp):
            return
        if self._writer is None:  # no article: the table still has its typed columns
            self._writer = pq.ParquetWriter(self._articles_tmp, table.ARTICLES_SCHEMA)
        self._writer.close()
        self._writer = None

    def _temp(self, path: Path) -> str:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        self._temps.append(tmp)
        return tmp

    def _write_quotes(self, rows: pa.Table) -> str:
        tmp = self._temp(self.out)
        if not self.parts:
            pq.write_table(rows, tmp)
            return tmp
        os.unlink(tmp)
        os.mkdir(tmp)
        for k, start in enumerate(range(0, max(rows.num_rows, 1), self.part_rows)):
            part = rows.slice(start, self.part_rows)
            pq.write_table(part, os.path.join(tmp, f"part-{k:05d}.parquet"))
        return tmp


def _base_rows(
    result: ArticleResult, backend: str, model: str, rules_hash: str
) -> Iterable[dict[str, Any]]:
    """An article's rows before linking: the article's own speaker name and key."""
    a = result.article
    for att in result.attributions:
        yield {
            "article": a.id,
            "date": a.date,
            "date_source": a.date_source,
            "title": a.title,
            "source": a.source,
            "speaker_mention": att.mention.text if att.mention else None,
            "quote": a.text[att.span.start : att.span.end],
            "kind": att.kind.value,
            "cue": att.cue.lemma if att.cue else None,
            "start": att.span.start,
            "end": att.span.end,
            "paragraph": att.paragraph,
            "rule": att.rule_id,
            "confidence": float(att.confidence),
            "backend": result.backend or backend or None,
            "model": result.model or model or None,
            "rules_hash": rules_hash or None,
            "_speaker_key": att.speaker_key,
            "_speaker": att.speaker,
        }


def _finish(rows: pa.Table, linked: Linked) -> pa.Table:
    """Sorted by article and offsets, with the linked speaker columns and statement ids."""
    rows = rows.sort_by([("article", "ascending"), ("start", "ascending"), ("end", "ascending")])
    articles = rows.column("article").to_pylist()
    keys = rows.column("_speaker_key").to_pylist()
    own = rows.column("_speaker").to_pylist()
    who = [linked.of(a, k) for a, k in zip(articles, keys, strict=True)]
    columns: dict[str, list[Any]] = {
        "speaker": [w.name if w else o for w, o in zip(who, own, strict=True)],
        "speaker_id": [w.id if w else None for w in who],
        "speaker_type": [w.kind if w else None for w in who],
        "speaker_gender": [w.gender if w else None for w in who],
    }
    starts, ends = rows.column("start").to_pylist(), rows.column("end").to_pylist()
    columns["statement_id"] = statement_ids(
        rows.column("quote").to_pylist(),
        [f"{a}:{s}:{e}" for a, s, e in zip(articles, starts, ends, strict=True)],
    )
    columns["rule"] = rows.column("rule").to_pylist()
    columns["confidence"] = rows.column("confidence").to_pylist()
    lend_speakers(columns, articles)
    out = {
        name: columns[name] if name in columns else rows.column(name) for name in table.SCHEMA.names
    }
    return pa.table(out, schema=table.SCHEMA)


CUE_RULES = ("cue.", "indirect.")


def lend_speakers(columns: dict[str, list[Any]], articles: list[str], sure: float = 0.8) -> None:
    """A row that names nobody takes the speaker of a row of the same statement that a cue
    names at confidence `sure` or above (another article reporting the same words, or the
    same words repeated in an intertitle). Its rule says where the speaker came from
    (`statement.from.<article>`); its confidence is the lender's. Lenders that disagree lend
    nothing: that is a conflict, not evidence."""
    lenders: dict[str, list[int]] = {}
    for i, sid in enumerate(columns["statement_id"]):
        rule = columns["rule"][i] or ""
        if (
            columns["speaker_id"][i] is not None
            and columns["confidence"][i] >= sure
            and rule.startswith(CUE_RULES)
        ):
            lenders.setdefault(sid, []).append(i)
    for i, sid in enumerate(columns["statement_id"]):
        if columns["speaker"][i] is not None or sid not in lenders:
            continue
        ids = {columns["speaker_id"][j] for j in lenders[sid]}
        if len(ids) != 1:
            continue
        j = max(lenders[sid], key=lambda k: columns["confidence"][k])
        for name in table.SPEAKER_COLUMNS:
            columns[name][i] = columns[name][j]
        columns["rule"][i] = f"statement.from.{articles[j]}"
        columns["confidence"][i] = columns["confidence"][j]
