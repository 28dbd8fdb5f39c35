"""Readers, one per input format: a file -> records (one article, or one per row).

One-article files: `.txt` (and files without a suffix), `.md` with an optional front-matter
block (YAML between `---` lines, or TOML between `+++` lines), `.html`/`.htm` (main text and
metadata by trafilatura). Collections, one article per row: `.jsonl`/`.ndjson`, `.csv` (`,`,
`;` or tab, from the header) and `.parquet`, with the columns id, text, date, title, source,
url (the text and id column names are options).

A reader never raises on bad input: what it cannot read becomes a `Failure` naming the file
(and the line or row), and the other records of the file are still read.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import tomllib
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.decode import decode
from quotes.errors import InputError
from quotes.types import Failure

log = logging.getLogger(__name__)
DEFAULT_MAX_SIZE = 20_000_000
META_KEYS = ("title", "date", "source", "url")
# Front-matter keys read as another metadata key.
_META_ALIASES = {"outlet": "source", "publisher": "source", "link": "url"}


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How collections name their columns, and the largest article accepted (bytes)."""

    text_column: str = "text"
    id_column: str = "id"
    max_size: int = DEFAULT_MAX_SIZE


@dataclass(frozen=True, slots=True)
class Record:
    """One article as read, before the manifest and the date are settled.

    `meta` holds the title, date, source and url the input itself gives, and `meta_source`
    says what gave them (front_matter, html_meta, row).
    """

    id: str
    text: str
    path: str
    line: int | None = None
    encoding: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    meta_source: str | None = None


Item = Record | Failure
Reader = Callable[[Path, ReadOptions], Iterator[Item]]


def read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    """The records of one file, whatever its format (unknown suffixes are read as text)."""
    reader = READERS.get(path.suffix.lower(), _text)
    try:
        yield from reader(path, options)
    except OSError as err:
        yield Failure(str(path), f"cannot read: {err.strerror or err}")


def _article_bytes(path: Path, options: ReadOptions) -> bytes:
    size = path.stat().st_size
    if size > options.max_size:
        raise InputError(
            f"{size:,} bytes, over the size limit of {options.max_size:,} (--max-size)"
        )
    return path.read_bytes()


def _one_article(
    path: Path, options: ReadOptions, split: Callable[[str], tuple[str, dict[str, Any], str | None]]
) -> Iterator[Item]:
    """A file holding one article: decoded, then `split` into text, metadata and their source."""
    try:
        decoded = decode(_article_bytes(path, options))
        text, meta, source = split(decoded.text)
    except InputError as err:
        yield Failure(str(path), str(err))
        return
    if not text.strip():
        yield Failure(str(path), "no article text in the file")
        return
    ident = str(meta.pop("id", "") or path.stem)
    yield Record(ident, text, str(path), None, decoded.encoding, meta, source)


def _text(path: Path, options: ReadOptions) -> Iterator[Item]:
    return _one_article(path, options, lambda text: (text, {}, None))


def _markdown(path: Path, options: ReadOptions) -> Iterator[Item]:
    return _one_article(path, options, split_front_matter)


def _html(path: Path, options: ReadOptions) -> Iterator[Item]:
    return _one_article(path, options, html_article)


def split_front_matter(text: str) -> tuple[str, dict[str, Any], str | None]:
    """A Markdown text's body and the metadata of its front-matter block, if it opens with one.

    >>> split_front_matter("---\\ntitle: Un titre\\ndate: 2024-12-03\\n---\\nLe texte.")
    ('Le texte.', {'title': 'Un titre', 'date': datetime.date(2024, 12, 3)}, 'front_matter')
    """
    lines = text.splitlines(keepends=True)
    fence = lines[0].strip() if lines else ""
    if fence not in ("---", "+++"):
        return text, {}, None
    closers = ("---", "...") if fence == "---" else ("+++",)
    for k in range(1, len(lines)):
        if lines[k].strip() in closers:
            block = "".join(lines[1:k])
            body = "".join(lines[k + 1 :]).lstrip("\r\n")
            return body, _meta(_load_block(block, fence)), "front_matter"
    raise InputError(f"the front matter opened by {fence!r} on line 1 is never closed")


def _load_block(block: str, fence: str) -> Any:
    if fence == "+++":
        try:
            return tomllib.loads(block)
        except tomllib.TOMLDecodeError as err:
            raise InputError(f"the front matter is not valid TOML: {err}") from err
    import yaml

    try:
        return yaml.safe_load(block) or {}
    except yaml.YAMLError as err:
        raise InputError(f"the front matter is not valid YAML: {err}") from err


def _meta(values: Any) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise InputError("the front matter is not a mapping of keys to values")
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = _META_ALIASES.get(str(key).lower(), str(key).lower())
        if name in (*META_KEYS, "id") and value not in (None, ""):
            out.setdefault(name, value if name == "date" else str(value))
    return out


def html_article(page: str) -> tuple[str, dict[str, Any], str | None]:
    """The main text of a web page and its title, date, url and outlet (trafilatura).

    The headline is dropped from the start of the text when it is the page's title: it is
    kept in the title, as for a text file with a manifest.
    """
    import trafilatura

    try:
        doc = _extract_page(trafilatura, page)
    except Exception as err:  # a third-party parser on arbitrary markup: a failure, no crash
        raise InputError(f"the page could not be parsed: {type(err).__name__}: {err}") from err
    found: dict[str, Any] = (
        {} if doc is None else dict(doc) if isinstance(doc, dict) else doc.as_dict()
    )
    if not found.get("text"):
        raise InputError("no article text found in the page")
    text = unicodedata.normalize("NFC", found["text"])
    title = unicodedata.normalize("NFC", found["title"]) if found.get("title") else None
    first, _, rest = text.partition("\n")
    if title and first.strip().casefold() == title.strip().casefold() and rest.strip():
        text = rest
    meta = {"title": title, "date": found.get("date"), "url": found.get("url")}
    meta["source"] = found.get("sitename")
    return text, {k: v for k, v in meta.items() if v}, "html_meta"


def _extract_page(trafilatura: Any, page: str) -> Any:
    return trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # The date from the page's markup only, never guessed from its wording.
        date_extraction_params={"original_date": True, "extensive_search": False},
        output_format="python",
    )


def _jsonl(path: Path, options: ReadOptions) -> Iterator[Item]:
    rows = 0
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            rows += 1
            try:
                line = decode(raw)
            except InputError as err:
                yield Failure(str(path), str(err), n)
                if "binary" in str(err):  # one message for a binary file, not one per line
                    return
                continue
            try:
                obj = json.loads(line.text)
            except json.JSONDecodeError as err:
                yield Failure(str(path), f"not valid JSON: {err.msg} (column {err.colno})", n)
                continue
            if not isinstance(obj, dict):
                yield Failure(str(path), "a JSON object is expected on each line", n)
                continue
            yield _row(obj, path, n, options, line.encoding)
    if not rows:
        yield Failure(str(path), "the file is empty")


def _csv(path: Path, options: ReadOptions) -> Iterator[Item]:
    try:
        decoded = decode(path.read_bytes())
    except InputError as err:
        yield Failure(str(path), str(err))
        return
    header = decoded.text.partition("\n")[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    csv.field_size_limit(max(options.max_size * 4, 1 << 20))
    reader = csv.DictReader(io.StringIO(decoded.text, newline=""), delimiter=delimiter)
    columns = reader.fieldnames or []
    if options.text_column not in columns:
        yield Failure(str(path), _no_column(options.text_column, columns, "--text-column"))
        return
    try:
        for row in reader:
            yield _row(row, path, reader.line_num, options, decoded.encoding)
    except csv.Error as err:
        yield Failure(
            str(path), f"malformed CSV, the rest of the file is skipped: {err}", reader.line_num
        )


def _parquet(path: Path, options: ReadOptions) -> Iterator[Item]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as err:
        yield Failure(str(path), f"not a readable Parquet file: {err}")
        return
    names = pf.schema_arrow.names
    if options.text_column not in names:
        yield Failure(str(path), _no_column(options.text_column, names, "--text-column"))
        return
    wanted = {options.text_column, options.id_column, *META_KEYS}
    n = 0
    try:
        for batch in pf.iter_batches(columns=[c for c in names if c in wanted]):
            for row in batch.to_pylist():
                n += 1
                yield _row(row, path, n, options, None)
    except (pa.ArrowException, OSError) as err:
        yield Failure(str(path), f"the Parquet file is damaged after row {n}: {err}")


def _no_column(column: str, columns: Sequence[str], option: str) -> str:
    found = ", ".join(repr(c) for c in columns) or "none"
    return f"no {column!r} column (columns: {found}); name the text column with {option}"


def _row(
    row: Mapping[str, Any], path: Path, n: int, options: ReadOptions, encoding: str | None
) -> Item:
    """One article of a collection; a row's number `n` is its line (JSONL, CSV) or row
    (Parquet, from 1)."""
    text = row.get(options.text_column)
    if options.text_column not in row:
        return Failure(str(path), _no_column(options.text_column, sorted(row), "--text-column"), n)
    if not isinstance(text, str) or not text.strip():
        return Failure(str(path), f"the {options.text_column!r} value is empty or not text", n)
    size = len(text.encode("utf-8"))
    if size > options.max_size:
        return Failure(
            str(path), f"{size:,} bytes of text, over the size limit of {options.max_size:,}", n
        )
    ident = row.get(options.id_column)
    ident = ident if _present(ident) else None
    meta = {k: row[k] for k in META_KEYS if _present(row.get(k))}
    return Record(
        str(ident) if ident is not None else f"{path.stem}-{n}",
        unicodedata.normalize("NFC", text),
        str(path),
        n,
        encoding,
        meta,
        "row",
    )


def _present(value: Any) -> bool:
    """False for None, an empty string and a float NaN (a null of a pandas-written file)."""
    return value is not None and value != "" and value == value


READERS: dict[str, Reader] = {
    "": _text,
    ".txt": _text,
    ".md": _markdown,
    ".markdown": _markdown,
    ".html": _html,
    ".htm": _html,
    ".jsonl": _jsonl,
    ".ndjson": _jsonl,
    ".csv": _csv,
    ".tsv": _csv,
    ".parquet": _parquet,
}
