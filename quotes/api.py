"""Plain functions behind the CLI: extract articles to a Parquet table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotes import table
from quotes.ingest import Failure, iter_articles
from quotes.link import link
from quotes.parse.spacy_backend import DEFAULT_MODEL, SpacyBackend
from quotes.pipeline import ArticleError, run_many
from quotes.rules import RuleSet, load_rules
from quotes.types import Article, ArticleResult


@dataclass(frozen=True, slots=True)
class ExtractReport:
    articles: int
    rows: int
    failures: tuple[Failure, ...]


def extract(
    paths: Sequence[Path | str], rules_dir: Path | str | None = None, model: str = DEFAULT_MODEL
) -> tuple[list[ArticleResult], list[Failure], SpacyBackend, RuleSet]:
    """Results for every readable article under `paths`, and the inputs that failed."""
    rules = load_rules(rules_dir)
    backend = SpacyBackend(model)
    articles: list[Article] = []
    failures: list[Failure] = []
    for item in iter_articles([Path(p) for p in paths]):
        (failures if isinstance(item, Failure) else articles).append(item)  # type: ignore[arg-type]
    results: list[ArticleResult] = []
    # Articles go one batch at a time; an article whose attribution fails is reported and the
    # run goes on with the next ones.
    remaining = articles
    while remaining:
        try:
            for result in run_many(remaining, rules, backend):
                results.append(result)
            remaining = []
        except ArticleError as err:
            failures.append(Failure(err.where, str(err)))
            done = {r.article.id for r in results}
            bad = next(i for i, a in enumerate(remaining) if (a.path or a.id) == err.where)
            remaining = [a for a in remaining[bad + 1 :] if a.id not in done]
    return results, failures, backend, rules


def extract_to_parquet(
    paths: Sequence[Path | str],
    out: Path,
    rules_dir: Path | str | None = None,
    model: str = DEFAULT_MODEL,
) -> ExtractReport:
    results, failures, backend, rules = extract(paths, rules_dir, model)
    n_rows = write_tables(results, out, rules, backend.name, backend.model)
    return ExtractReport(len(results), n_rows, tuple(failures))


def write_tables(
    results: Sequence[ArticleResult], out: Path, rules: RuleSet, backend: str = "", model: str = ""
) -> int:
    """Link the speakers across `results` and write the quotes table at `out` with its
    articles and speakers tables beside it; the number of quote rows."""
    linked = link(results, rules)
    table_rows = table.rows(results, linked, backend, model, rules.hash)
    table.write(table.articles_table(r.article for r in results), table.articles_path(out))
    table.write(table.speakers_table(linked), table.speakers_path(out))
    table.write(table.to_table(table_rows), out)
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
