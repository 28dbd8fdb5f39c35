"""The quotes table: an explicit pyarrow schema, written to Parquet, read back for pandas."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from quotes.link import Linked
from quotes.types import ArticleResult

SCHEMA = pa.schema(
    [
        pa.field("article", pa.string(), nullable=False),
        pa.field("date", pa.date32()),
        pa.field("title", pa.string()),
        pa.field("source", pa.string()),
        pa.field("speaker", pa.string()),
        pa.field("speaker_id", pa.string()),
        pa.field("speaker_type", pa.string()),
        pa.field("speaker_gender", pa.string()),
        pa.field("speaker_mention", pa.string()),
        pa.field("quote", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("cue", pa.string()),
        pa.field("start", pa.int64(), nullable=False),
        pa.field("end", pa.int64(), nullable=False),
        pa.field("paragraph", pa.int64(), nullable=False),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("confidence", pa.float64(), nullable=False),
        pa.field("backend", pa.string()),
        pa.field("model", pa.string()),
        pa.field("rules_hash", pa.string()),
    ]
)


# One row per speaker of the corpus: `quotes speakers` reads it beside the quotes table.
SPEAKERS_SCHEMA = pa.schema(
    [
        pa.field("speaker_id", pa.string(), nullable=False),
        pa.field("speaker", pa.string(), nullable=False),
        pa.field("speaker_type", pa.string()),
        pa.field("speaker_gender", pa.string()),
        pa.field("gender_rule", pa.string()),
        pa.field("variants", pa.list_(pa.string()), nullable=False),
        pa.field("source", pa.string(), nullable=False),
    ]
)


def speakers_path(table: Path) -> Path:
    """The speakers table beside a quotes table: quotes.parquet -> quotes.speakers.parquet."""
    return table.with_name(f"{table.stem}.speakers.parquet")


def rows(
    results: Iterable[ArticleResult],
    linked: Linked | None = None,
    backend: str = "",
    model: str = "",
    rules_hash: str = "",
) -> list[dict[str, Any]]:
    """Table rows, sorted by article then start offset. Without `linked`, each article's
    own speaker names are kept and the speaker columns are empty."""
    out = []
    for result in results:
        a = result.article
        for att in result.attributions:
            who = linked.of(a.id, att.speaker_key) if linked is not None else None
            out.append(
                {
                    "article": a.id,
                    "date": a.date,
                    "title": a.title,
                    "source": a.source,
                    "speaker": who.name if who is not None else att.speaker,
                    "speaker_id": who.id if who is not None else None,
                    "speaker_type": who.kind if who is not None else None,
                    "speaker_gender": who.gender if who is not None else None,
                    "speaker_mention": att.mention.text if att.mention else None,
                    "quote": a.text[att.span.start : att.span.end],
                    "kind": att.kind.value,
                    "cue": att.cue.lemma if att.cue else None,
                    "start": att.span.start,
                    "end": att.span.end,
                    "paragraph": att.paragraph,
                    "rule": att.rule_id,
                    "confidence": float(att.confidence),
                    "backend": backend or None,
                    "model": model or None,
                    "rules_hash": rules_hash or None,
                }
            )
    out.sort(key=lambda r: (r["article"], r["start"], r["end"]))
    return out


def to_table(table_rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(table_rows, schema=SCHEMA)


def speakers_table(linked: Linked) -> pa.Table:
    """One row per linked speaker, sorted by id."""
    return pa.Table.from_pylist(
        [
            {
                "speaker_id": s.id,
                "speaker": s.name,
                "speaker_type": s.kind,
                "speaker_gender": s.gender,
                "gender_rule": s.gender_rule,
                "variants": list(s.variants),
                "source": s.source,
            }
            for s in sorted(linked.speakers, key=lambda s: s.id)
        ],
        schema=SPEAKERS_SCHEMA,
    )


def write(table: pa.Table, path: Path) -> None:
    """Write atomically: to a temporary file beside `path`, then rename into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load(path: str | Path = "data/quotes.parquet") -> Any:
    """The quotes table as a pandas DataFrame."""
    import pandas as pd

    return pd.read_parquet(path)
