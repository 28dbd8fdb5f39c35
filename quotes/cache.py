"""Results of articles already processed, so that a re-run parses only what changed.

An entry is keyed on everything that decides an article's result: its text, the rules hash,
the backend and model version, and the code of this package. Metadata (id, date, title) is
not in the key: it does not change the attribution, and the cached result is re-attached to
the article as read now. Linking and statement ids are recomputed over the whole corpus on
every run, so an incremental run writes exactly the table of a full run.

Entries are pickles of this package's own frozen dataclasses, written by this package into
the folder of the output table; an entry that cannot be read is a miss, never an error.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Collection
from pathlib import Path

from quotes.types import Article, ArticleResult

log = logging.getLogger(__name__)
FORMAT = "1"


@functools.cache
def code_hash() -> str:
    """A hash of this package's source: a new version of the code invalidates the cache."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for f in sorted(root.rglob("*.py")):
        digest.update(f.relative_to(root).as_posix().encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


class ResultCache:
    """One file per article result under `folder`, named by its key."""

    def __init__(self, folder: Path, rules_hash: str, backend: str, model: str) -> None:
        self.folder = folder
        self._salt = "\0".join((FORMAT, code_hash(), rules_hash, backend, model))

    def key(self, article: Article) -> str:
        digest = hashlib.sha256(self._salt.encode())
        digest.update(b"\0")
        digest.update(article.text.encode("utf-8"))
        return digest.hexdigest()

    def get(self, article: Article) -> ArticleResult | None:
        path = self.folder / self.key(article)
        try:
            with path.open("rb") as fh:
                attributions, speakers = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception as err:  # a damaged entry is a miss: the article is processed again
            log.warning("%s: unreadable cache entry (%s); processing the article again", path, err)
            return None
        return ArticleResult(article, attributions, speakers)

    def put(self, result: ArticleResult) -> None:
        """Store a result (written to a temporary file, then renamed: never half written)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((result.attributions, result.speakers), pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, self.folder / self.key(result.article))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def keep_only(self, keep: Collection[str]) -> None:
        """Remove every entry but those of the keys `keep` (articles no longer in the corpus,
        stray temporary files)."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in keep and entry.is_file():
                entry.unlink(missing_ok=True)
