"""Plain functions behind the CLI: extract articles to Parquet tables."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes import table
from quotes.cache import ResultCache
from quotes.formats import ReadOptions
from quotes.ingest import iter_articles
from quotes.link import link
from quotes.parse.base import ParserBackend
from quotes.parse.spacy_backend import DEFAULT_MODEL, SpacyBackend, model_label
from quotes.pipeline import ArticleError, run_many
from quotes.rules import RuleSet, load_rules
from quotes.types import Article, ArticleResult, Failure

BACKEND = "spacy"


@dataclass(frozen=True, slots=True)
class ExtractReport:
    """What a run did: articles read, rows written, inputs that failed, and how many
    articles were processed (the others came from the cache). `written` is false when no
    article could be read and the previous tables were left as they were."""

    articles: int
    rows: int
    failures: tuple[Failure, ...]
    processed: int = 0
    written: bool = True


@dataclass(slots=True)
class Extraction:
    """The results of a run in input order, the failures, and how many were processed."""

    results: list[ArticleResult]
    failures: list[Failure]
    rules: RuleSet
    backend: str
    model: str
    processed: int = 0
    articles: list[Article] = field(default_factory=list)
    cache: ResultCache | None = None


def extract(
    paths: Sequence[Path | str],
    rules_dir: Path | str | None = None,
    model: str = DEFAULT_MODEL,
    read: ReadOptions | None = None,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    exclude: Collection[Path] = (),
    reuse: bool = True,
) -> Extraction:
    """Results for every readable article under `paths`, and the inputs that failed.

    Args:
        paths: files and folders.
        cache_dir: where results are kept for the next run; with `reuse`, articles found
            there are not processed again. None processes every article and keeps nothing.
        progress: called with (articles processed, articles to process) before the first
            and after each article (a progress bar).
        exclude: files never read as inputs (the run's own outputs).
    """
    rules = load_rules(rules_dir)
    articles: list[Article] = []
    failures: list[Failure] = []
    for item in iter_articles([Path(p) for p in paths], rules.dates, read, exclude):
        (failures if isinstance(item, Failure) else articles).append(item)  # type: ignore[arg-type]
    label = model_label(model)
    cache = ResultCache(cache_dir, rules.hash, BACKEND, label) if cache_dir and label else None
    cached = {a.id: r for a in articles if cache and reuse and (r := cache.get(a)) is not None}
    todo = [a for a in articles if a.id not in cached]
    backend = _backend(model) if todo else None
    done = {r.article.id: r for r in _process(todo, rules, backend, failures, progress)}
    if cache is not None:
        for result in done.values():
            cache.put(result)
    results = [cached.get(a.id) or done[a.id] for a in articles if a.id in cached or a.id in done]
    return Extraction(
        results,
        failures,
        rules,
        BACKEND,
        backend.model if backend else label or model,
        len(done),
        articles,
        cache,
    )


@functools.lru_cache(maxsize=2)
def _backend(model: str) -> ParserBackend:
    """A loaded parser, kept for the next call in this process (loading takes seconds)."""
    return SpacyBackend(model)


def _process(
    articles: list[Article],
    rules: RuleSet,
    backend: ParserBackend | None,
    failures: list[Failure],
    progress: Callable[[int, int], None] | None,
) -> list[ArticleResult]:
    """Run the pipeline over `articles`; an article whose attribution fails is reported
    and the run goes on with the next ones."""
    results: list[ArticleResult] = []
    remaining = articles
    if progress:
        progress(0, len(articles))
    while remaining and backend is not None:
        try:
            for result in run_many(remaining, rules, backend):
                results.append(result)
                if progress:
                    progress(len(results), len(articles))
            remaining = []
        except ArticleError as err:
            failures.append(Failure(err.where, str(err)))
            done = {r.article.id for r in results}
            bad = next(i for i, a in enumerate(remaining) if (a.path or a.id) == err.where)
            remaining = [a for a in remaining[bad + 1 :] if a.id not in done]
    return results


def extract_to_parquet(
    paths: Sequence[Path | str],
    out: Path,
    rules_dir: Path | str | None = None,
    model: str = DEFAULT_MODEL,
    read: ReadOptions | None = None,
    full: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ExtractReport:
    """Extract `paths` into the quotes table `out`, its companions and the errors file.

    Articles processed by an earlier run into `out` (same text, rules, backend, model and
    code) are taken from its cache unless `full`. The tables are written only when every
    one is ready; when no article could be read and some inputs failed, the previous tables
    are left as they were.
    """
    out = Path(out)
    outputs = [
        out,
        table.articles_path(out),
        table.speakers_path(out),
        table.errors_path(out),
    ]
    cache_dir = table.cache_dir(out)
    run = extract(paths, rules_dir, model, read, cache_dir, progress, outputs, reuse=not full)
    errors = table.errors_csv(run.failures)
    if not run.articles and run.failures:
        table.write_all([(errors, table.errors_path(out))])
        return ExtractReport(0, 0, tuple(run.failures), 0, written=False)
    n_rows = write_tables(
        run.results,
        out,
        run.rules,
        run.backend,
        run.model,
        extra=[(errors, table.errors_path(out))],
    )
    if run.cache is not None:
        run.cache.keep_only(run.articles)
    return ExtractReport(len(run.results), n_rows, tuple(run.failures), run.processed)


def write_tables(
    results: Sequence[ArticleResult],
    out: Path,
    rules: RuleSet,
    backend: str = "",
    model: str = "",
    extra: Sequence[tuple[bytes, Path]] = (),
) -> int:
    """Link the speakers across `results` and write the quotes table at `out` with its
    articles and speakers tables beside it (and the `extra` files), all in one step; the
    number of quote rows."""
    linked = link(results, rules)
    table_rows = table.rows(results, linked, backend, model, rules.hash)
    table.write_all(
        [
            (table.articles_table(r.article for r in results), table.articles_path(out)),
            (table.speakers_table(linked), table.speakers_path(out)),
            (table.to_table(table_rows), out),
            *extra,
        ]
    )
    return len(table_rows)


def speakers_overview(path: Path) -> Any:
    """One row per speaker of a quotes table: id, name, type, gender, how many quotes and
    articles, first and last date, and the variants merged (from the speakers table beside
    it). Sorted by number of quotes, then id."""
    import pandas as pd

    df = table.load(path)
    df = df[df["speaker_id"].notna()]
    grouped = df.groupby("speaker_id", sort=False, observed=True)
    out = pd.DataFrame(
        {
            "speaker": grouped["speaker"].first(),
            "type": grouped["speaker_type"].first(),
            "gender": grouped["speaker_gender"].first(),
            "quotes": grouped.size(),
            "articles": grouped["article"].nunique(),
            "first": grouped["date"].min(),
            "last": grouped["date"].max(),
        }
    )
    side = load_speakers(path)
    variants = (
        side.set_index("speaker_id")["variants"].map(list)
        if side is not None
        else pd.Series(dtype=object)
    )
    out["variants"] = [variants.get(k, []) for k in out.index]
    out = out.reset_index().sort_values(["quotes", "speaker_id"], ascending=[False, True])
    return out.reset_index(drop=True)


def load_speakers(path: Path | str) -> Any:
    """The speakers table beside a quotes table, or None when there is none."""
    side = table.speakers_path(Path(path))
    return table.load_speakers(side) if side.is_file() else None


def load_articles_beside(path: Path | str) -> Any:
    """The articles table beside a quotes table, or None when there is none."""
    side = table.articles_path(Path(path))
    return table.load_articles(side) if side.is_file() else None
