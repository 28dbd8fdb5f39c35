"""Inputs -> Article: files and folders of any supported format, their metadata and date.

A folder is read recursively, in sorted order; hidden files and folders are skipped, and
files of another format are skipped with a notice. A `manifest.csv` in a folder gives
metadata (id, file, date, title, source, url) for the files beside it, and wins over what a
file says of itself. The date comes from the manifest, then the file's own metadata (front
matter, the page's markup, the row), then the text, then the page's address
(`rules/dates.toml`); `date_source` says which.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from quotes.dates import date_in_text, date_in_url, date_value
from quotes.decode import decode
from quotes.errors import InputError
from quotes.formats import READERS, ReadOptions, Record, read_file
from quotes.rules import DateRules
from quotes.types import Article, Failure

log = logging.getLogger(__name__)
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("id", "file", "date", "title", "source", "url")


@dataclass(frozen=True, slots=True)
class Discovered:
    """The files to read, the paths that do not exist, and the files of no known format."""

    files: tuple[Path, ...]
    missing: tuple[Failure, ...]
    skipped: tuple[Path, ...]


def discover(paths: Collection[Path], exclude: Collection[Path] = ()) -> Discovered:
    """The article files under `paths` (files and folders, recursively), sorted.

    A file named on the command line is read whatever its suffix; in a folder, only the
    known formats are. `exclude` holds files never to read (the run's own output tables).
    """
    files: set[Path] = set()
    missing: list[Failure] = []
    skipped: set[Path] = set()
    excluded = {p.resolve() for p in exclude}
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or _hidden(f, p) or f.name == MANIFEST:
                    continue
                if f.resolve() in excluded:
                    continue
                (files if f.suffix.lower() in READERS else skipped).add(f)
        elif p.is_file():
            files.add(p)
        else:
            missing.append(Failure(str(p), "no such file or folder"))
    return Discovered(tuple(sorted(files)), tuple(missing), tuple(sorted(skipped)))


def _hidden(f: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in f.relative_to(root).parts)


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """Manifest rows of `folder` keyed by file name ({} when there is none)."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        text = decode(path.read_bytes()).text
        rows = list(csv.DictReader(text.splitlines()))
    except (OSError, InputError, csv.Error) as err:
        raise InputError(f"cannot read the manifest: {err}") from err
    if rows and "file" not in rows[0]:
        raise InputError("the manifest has no 'file' column")
    return {row["file"]: row for row in rows if row.get("file")}


def iter_articles(
    paths: Collection[Path],
    dates: DateRules,
    options: ReadOptions | None = None,
    exclude: Collection[Path] = (),
) -> Iterator[Article | Failure]:
    """Articles in path order, then row order; what cannot be read yields a Failure, never
    an exception. An id read twice keeps its first article; the second is a Failure."""
    options = options or ReadOptions()
    found = discover(paths, exclude)
    yield from found.missing
    if found.skipped:
        log.warning(
            "%d file(s) of no article format skipped: %s",
            len(found.skipped),
            ", ".join(str(p) for p in found.skipped[:5]) + (" …" if len(found.skipped) > 5 else ""),
        )
    manifests = _Manifests()
    seen: dict[str, str] = {}
    for f in found.files:
        manifest = manifests.of(f.parent)
        if isinstance(manifest, Failure):
            yield manifest
            manifest = {}
        for item in read_file(f, options):
            if isinstance(item, Failure):
                yield item
                continue
            article = build_article(
                item, manifest.get(f.name) if item.line is None else None, dates
            )
            if article.id in seen:
                yield Failure(
                    item.path,
                    f"article id {article.id!r} was already read from {seen[article.id]}; "
                    "this one is left out",
                    item.line,
                )
                continue
            seen[article.id] = article.path or article.id
            yield article


class _Manifests:
    """Each folder's manifest, read once; a bad manifest is reported once."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, dict[str, dict[str, str]] | None] = {}

    def of(self, folder: Path) -> dict[str, dict[str, str]] | Failure:
        if folder in self._by_folder:
            return self._by_folder[folder] or {}
        try:
            rows = read_manifest(folder)
        except InputError as err:
            self._by_folder[folder] = None
            return Failure(
                str(folder / MANIFEST), f"{err}; the files beside it are read without it"
            )
        absent = sorted(name for name in rows if not (folder / name).is_file())
        if absent:
            log.warning(
                "%s lists %d file(s) not in the folder: %s",
                folder / MANIFEST,
                len(absent),
                ", ".join(absent[:5]) + (" …" if len(absent) > 5 else ""),
            )
        self._by_folder[folder] = rows
        return rows


def build_article(record: Record, manifest: dict[str, str] | None, dates: DateRules) -> Article:
    """An Article from a record: the manifest's values first, then the record's own."""
    manifest = {k: v for k, v in (manifest or {}).items() if k in MANIFEST_COLUMNS and v}
    where = record.path if record.line is None else f"{record.path}:{record.line}"
    date, date_source = _date(record, manifest, dates, where)

    def value(key: str) -> str | None:
        found = manifest.get(key) or record.meta.get(key)
        return str(found).strip() or None if found is not None else None

    return Article(
        id=manifest.get("id") or record.id,
        text=record.text,
        date=date,
        title=value("title"),
        source=value("source"),
        url=value("url"),
        path=where,
        date_source=date_source,
        encoding=record.encoding,
    )


def _date(
    record: Record, manifest: dict[str, str], dates: DateRules, where: str
) -> tuple[dt.date | None, str | None]:
    given = ((manifest.get("date"), "manifest"), (record.meta.get("date"), record.meta_source))
    for value, source in given:
        if value in (None, ""):
            continue
        day = date_value(value)
        if day is not None:
            return day, source
        log.warning("%s: %s date %r is not a full date; looking in the text", where, source, value)
    found = date_in_text(record.text, dates)
    if found:
        return found[0], "text"
    url = manifest.get("url") or record.meta.get("url")
    found = date_in_url(str(url), dates) if url else None
    return (found[0], "url") if found else (None, None)
