"""The quotes table: an explicit pyarrow schema, written to Parquet, read back for pandas."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import regex

from quotes.link import Linked
from quotes.types import Article, Failure

SCHEMA = pa.schema(
    [
        pa.field("article", pa.string(), nullable=False),
        pa.field("date", pa.date32()),
        pa.field("date_source", pa.string()),
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
        pa.field("statement_id", pa.string(), nullable=False),
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


# One row per article read: its text as read, so that every quote's offsets can be shown in
# context, and what was known of it.
ARTICLES_SCHEMA = pa.schema(
    [
        pa.field("article", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("date", pa.date32()),
        pa.field("date_source", pa.string()),
        pa.field("source", pa.string()),
        pa.field("url", pa.string()),
        pa.field("path", pa.string()),
        pa.field("encoding", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("words", pa.int64(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
    ]
)

# Columns read back as pandas categoricals: few distinct values, grouped on often.
# The columns that say who spoke: a row that names nobody has them all null.
SPEAKER_COLUMNS = ("speaker", "speaker_id", "speaker_type", "speaker_gender")
CATEGORICAL = (*SPEAKER_COLUMNS, "source", "cue")
KINDS = ("direct", "partial", "indirect")
_WORD = regex.compile(r"\w+")


def companion_path(table: Path, name: str, suffix: str = ".parquet") -> Path:
    """A file written beside the quotes table: data/quotes.parquet -> data/articles.parquet;
    any other name gets the quotes table's stem as prefix (out.parquet -> out.articles.parquet),
    so that two runs in one folder keep their own companions."""
    table = Path(table)
    stem = "" if table.stem == "quotes" else f"{table.stem}."
    return table.with_name(f"{stem}{name}{suffix}")


def errors_path(table: Path) -> Path:
    """The CSV of the inputs that failed, beside a quotes table (see `companion_path`)."""
    return companion_path(table, "errors", ".csv")


def cache_dir(table: Path) -> Path:
    """The folder of cached article results of a quotes table (hidden, beside it)."""
    return Path(table).with_name(f".{Path(table).stem}.cache")


def speakers_path(table: Path) -> Path:
    """The speakers table beside a quotes table (see `companion_path`)."""
    return companion_path(table, "speakers")


def articles_path(table: Path) -> Path:
    """The articles table beside a quotes table (see `companion_path`)."""
    return companion_path(table, "articles")


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


def articles_table(articles: Iterable[Article], sort: bool = True) -> pa.Table:
    """One row per article (sorted by id, unless not `sort`): metadata, the text as read, its
    word count and a SHA-256 of the text."""
    return pa.Table.from_pylist(
        [
            {
                "article": a.id,
                "title": a.title,
                "date": a.date,
                "date_source": a.date_source,
                "source": a.source,
                "url": a.url,
                "path": a.path,
                "encoding": a.encoding,
                "text": a.text,
                "words": len(_WORD.findall(a.text)),
                "content_hash": hashlib.sha256(a.text.encode("utf-8")).hexdigest(),
            }
            for a in (sorted(articles, key=lambda a: a.id) if sort else articles)
        ],
        schema=ARTICLES_SCHEMA,
    )


def write(table: pa.Table, path: Path) -> None:
    """Write atomically: to a temporary file beside `path`, then rename into place."""
    write_all([(table, path)])


def errors_csv(failures: Iterable[Failure]) -> bytes:
    """The failures as CSV (path, line, reason), in the order met."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["path", "line", "reason"])
    for f in failures:
        writer.writerow([f.path, "" if f.line is None else f.line, f.reason])
    return out.getvalue().encode("utf-8")


def write_all(
    items: Sequence[tuple[pa.Table | bytes, Path]], renames: Sequence[tuple[str, Path]] = ()
) -> None:
    """Write several files as one step: each to a temporary file beside its path, and only
    when all are written, each renamed into place, with the `renames` (temporary files or
    folders already written by the caller). An error or an interrupt before the renames
    leaves every previous file as it was, and no temporary file of `items` behind."""
    temps: list[str] = []
    try:
        for content, path in items:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            temps.append(tmp)
            if isinstance(content, bytes):
                Path(tmp).write_bytes(content)
            else:
                pq.write_table(content, tmp)
        for tmp, path in [*zip(temps, (p for _, p in items), strict=True), *renames]:
            _replace(tmp, path)
    finally:
        for tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _replace(tmp: str, path: Path) -> None:
    """Rename `tmp` (a file or a folder of parts) to `path`, with the permissions of any new
    file (temporary files are private)."""
    umask = os.umask(0)
    os.umask(umask)
    for root, _, files in os.walk(tmp) if os.path.isdir(tmp) else [("", [], [tmp])]:
        for name in files:
            os.chmod(os.path.join(root, name), 0o666 & ~umask)
    if os.path.isdir(tmp):
        os.chmod(tmp, 0o777 & ~umask)
    if os.path.isdir(path) or (os.path.isdir(tmp) and os.path.exists(path)):
        # A folder cannot replace a non-empty folder or a file in one rename: the old one is
        # moved aside first, and removed once the new one is in place.
        aside = f"{path}.old-{os.getpid()}"
        os.replace(path, aside)
        os.replace(tmp, path)
        if os.path.isdir(aside):
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.unlink(aside)
        return
    os.replace(tmp, path)


def load(path: str | Path = "data/quotes.parquet") -> Any:
    """The quotes table as a pandas DataFrame: `date` as datetime64, speaker, kind and the
    other few-valued columns as categoricals (`kind` ordered direct, partial, indirect).
    Join `load_articles` on `article` for each quote's text in context."""
    import pandas as pd

    df = pd.read_parquet(path)
    df["date"] = pd.to_datetime(df["date"])
    for column in CATEGORICAL:
        if column in df.columns:
            df[column] = df[column].astype("category")
    if "kind" in df.columns:
        df["kind"] = pd.Categorical(df["kind"], categories=KINDS)
    return df


def load_articles(path: str | Path = "data/articles.parquet") -> Any:
    """The articles table as a pandas DataFrame (`date` as datetime64, `source` categorical)."""
    import pandas as pd

    df = pd.read_parquet(path)
    df["date"] = pd.to_datetime(df["date"])
    df["source"] = df["source"].astype("category")
    return df


def load_speakers(path: str | Path = "data/speakers.parquet") -> Any:
    """The speakers table as a pandas DataFrame: one row per speaker, `variants` a list."""
    import pandas as pd

    return pd.read_parquet(path)
