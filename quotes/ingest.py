"""Files -> Article: .txt files of a folder, with metadata from a `manifest.csv` beside them.

The manifest has the columns id, file, date, title (source and url optional). Without a
manifest, an article's id is its file's stem and the other fields are empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quotes.errors import InputError
from quotes.types import Article

log = logging.getLogger(__name__)
TEXT_SUFFIXES = (".txt",)
MANIFEST = "manifest.csv"


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read, and why."""

    path: str
    reason: str


def discover(paths: list[Path]) -> tuple[list[Path], list[Failure]]:
    """The article files under `paths` (files and folders, recursively), sorted."""
    files: list[Path] = []
    failures: list[Failure] = []
    for p in paths:
        if p.is_dir():
            files.extend(
                f for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES
            )
        elif p.is_file():
            files.append(p)
        else:
            failures.append(Failure(str(p), "no such file or folder"))
    return sorted(set(files)), failures


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """Manifest rows of `folder` keyed by file name ({} when there is none)."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"{path}: cannot read the manifest: {err}") from err
    if rows and "file" not in rows[0]:
        raise InputError(f"{path}: the manifest has no 'file' column")
    return {row["file"]: row for row in rows if row.get("file")}


def read_article(path: Path, meta: dict[str, str] | None = None) -> Article:
    """One article from a UTF-8 text file, its text in Unicode NFC."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from err
    if not raw.strip():
        raise InputError(f"{path}: the file is empty")
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path}: looks binary (NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 (byte {err.start}): {err.reason}") from err
    text = unicodedata.normalize("NFC", text)
    meta = meta or {}
    return Article(
        id=meta.get("id") or path.stem,
        text=text,
        date=_date(meta.get("date"), path),
        title=meta.get("title") or None,
        source=meta.get("source") or None,
        url=meta.get("url") or None,
        path=str(path),
    )


def _date(value: str | None, path: Path) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        log.warning("%s: manifest date %r is not YYYY-MM-DD; left empty", path, value)
        return None


def iter_articles(paths: list[Path]) -> Iterator[Article | Failure]:
    """Articles in path order; a file that cannot be read yields a Failure, never an exception."""
    files, failures = discover(paths)
    yield from failures
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    for f in files:
        try:
            if f.parent not in manifests:
                manifests[f.parent] = read_manifest(f.parent)
            yield read_article(f, manifests[f.parent].get(f.name))
        except InputError as err:
            yield Failure(str(f), str(err))
