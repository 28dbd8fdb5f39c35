"""The `quotes` command: thin typer wrappers over plain functions."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from quotes.errors import ParserUnavailable, QuotesError

if TYPE_CHECKING:
    from quotes.evaluate import Score
    from quotes.query import SpeakerMatch

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="French quote attribution: who said what, in which article, on which date.",
)

# Exit statuses of `quotes extract` (README, "Exit status").
EXIT_INPUT_FAILED = 1  # some inputs could not be read; every good article was written
EXIT_USAGE = 2  # a bad option or argument, or a --parser not installed here (typer's status)
EXIT_CANNOT_RUN = 3  # bad rules, or the tables could not be written
EXIT_INTERRUPTED = 130


@app.command()
def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Article files or folders (recursively): .txt, .md, .html/.htm, "
            ".jsonl/.ndjson, .csv, .parquet; a manifest.csv gives metadata."
        ),
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
    parser: Annotated[
        str,
        typer.Option(
            "--parser",
            help="spacy (offline, the default), stanza or stanza:MODELS_DIR (stanza's French "
            "models, `make stanza`), or conllu:DIR (one CoNLL-U parse per article, <id>.conllu).",
            envvar="QUOTES_PARSER",
        ),
    ] = "spacy",
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="spaCy model (default fr_core_news_md) or stanza package (default: default).",
            envvar="QUOTES_MODEL",
        ),
    ] = None,
    text_column: Annotated[
        str,
        typer.Option(
            help="The text column of .jsonl/.csv/.parquet collections.", envvar="QUOTES_TEXT_COLUMN"
        ),
    ] = "text",
    id_column: Annotated[
        str,
        typer.Option(help="The article id column of collections.", envvar="QUOTES_ID_COLUMN"),
    ] = "id",
    max_size: Annotated[
        str,
        typer.Option(
            help="Largest article accepted: a file of one article, or one row's text "
            "(bytes; K, M, G suffixes).",
            envvar="QUOTES_MAX_SIZE",
        ),
    ] = "20M",
    full: Annotated[
        bool, typer.Option("--full", help="Process every article again, ignoring the cache.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Processes working in parallel (default: the cores available).",
            envvar="QUOTES_WORKERS",
            min=1,
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(help="local, or dask (with --scheduler).", envvar="QUOTES_ENGINE"),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Address of a Dask scheduler (tcp://host:8786) for --engine dask.",
            envvar="QUOTES_SCHEDULER",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")
    ] = False,
    stats: Annotated[
        Path | None,
        typer.Option(help="Write the run's figures (articles, words, time per stage) as JSON."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing but errors (no warnings).")
    ] = False,
) -> None:
    """Find every quote and piece of reported speech in PATHS and write one Parquet table.

    Articles processed by an earlier run into the same table are taken from its cache
    (same text, rules, parser, model and code). Exit status: 0 all read, 1 some inputs
    failed (the rest is written; see the errors file beside the table), 2 usage error or a
    parser not installed here, 3 could not run.
    """
    from quotes.api import RunOptions, extract_to_parquet
    from quotes.engine import default_workers
    from quotes.formats import ReadOptions
    from quotes.table import errors_path

    level = logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s")
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"{engine!r}: choose local or dask", param_hint="--engine")
    if engine == "dask" and not scheduler:
        raise typer.BadParameter(
            "--engine dask needs --scheduler ADDRESS", param_hint="--scheduler"
        )
    options = RunOptions(
        read=ReadOptions(text_column, id_column, _size(max_size)),
        parser=parser,
        model=model,
        workers=workers or default_workers(),
        engine=engine,
        scheduler=scheduler,
        full=full,
        cache=not no_cache,
    )
    try:
        with _library_errors(), _progress(quiet) as progress:
            report = extract_to_parquet(paths, out, rules_dir, options, progress)
    except OSError as err:
        typer.echo(f"error: cannot write the tables: {err}", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: the previous tables are left as they were", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    for failure in report.failures:
        typer.echo(f"error: {failure}", err=True)
    if stats is not None:
        _write_stats(stats, report, options.workers)
    if not report.written:
        typer.echo(
            "error: no article could be read; the previous tables are left as they were",
            err=True,
        )
    elif not quiet:
        cached = report.articles - report.processed
        typer.echo(
            f"{report.articles} articles ({report.processed} processed, {cached} from cache), "
            f"{report.rows} rows -> {out}"
        )
    if report.failures:
        typer.echo(
            f"{len(report.failures)} input(s) could not be read (listed above and in "
            f"{errors_path(out)}).",
            err=True,
        )
        raise typer.Exit(EXIT_INPUT_FAILED)


@app.command()
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders, as for extract.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder of the CoNLL-U files (<id>.conllu).")
    ] = Path("data/conllu"),
    rules_dir: Annotated[
        Path | None, typer.Option("--rules", help="Rules folder.", envvar="QUOTES_RULES")
    ] = None,
    parser: Annotated[
        str, typer.Option("--parser", help="spacy, stanza or stanza:MODELS_DIR.")
    ] = "spacy",
    model: Annotated[
        str | None, typer.Option("--model", help="spaCy model or stanza package.")
    ] = None,
) -> None:
    """Write each article's parse as one CoNLL-U file (UD labels, offsets and entity tags in
    MISC): to inspect what attribution reads, or to run `extract --parser conllu:OUT` later."""
    from quotes.api import RunOptions, parse_to_conllu

    with _library_errors():
        written, failures = parse_to_conllu(
            paths, out, rules_dir, RunOptions(parser=parser, model=model)
        )
    for failure in failures:
        typer.echo(f"error: {failure}", err=True)
    typer.echo(f"{written} CoNLL-U files -> {out}")
    if failures:
        raise typer.Exit(EXIT_INPUT_FAILED)


@contextlib.contextmanager
def _library_errors() -> Iterator[None]:
    """The library's errors as exit statuses: a parser not installed here is a usage error
    (the user can choose another), anything else means the run could not be made."""
    try:
        yield
    except ParserUnavailable as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except QuotesError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN) from None


def _write_stats(path: Path, report: Any, workers: int) -> None:
    import json

    figures = {
        "articles": report.articles,
        "processed": report.processed,
        "rows": report.rows,
        "words": report.words,
        "failures": len(report.failures),
        "workers": workers,
        "stage_seconds": {k: round(v, 3) for k, v in sorted(report.seconds.items())},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


def _size(text: str) -> int:
    """« 20M » -> 20000000; a usage error when it is no size."""
    units = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}
    value = text.strip().upper().removesuffix("B")
    unit = value[-1:] if value[-1:] in units else ""
    try:
        size = int(float(value.removesuffix(unit)) * units[unit])
    except (ValueError, OverflowError):
        raise typer.BadParameter(
            f"{text!r} is no size (e.g. 500K, 20M)", param_hint="--max-size"
        ) from None
    if size <= 0:
        raise typer.BadParameter("the size limit must be positive", param_hint="--max-size")
    return size


@contextlib.contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int], None] | None]:
    """A rich progress display on stderr of the articles done, with the time elapsed and
    the rate (not when quiet, nor when stderr is no terminal). Articles stream from disk,
    so their number is not known in advance."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield None
        return
    columns = (BarColumn(), TextColumn("{task.completed} articles"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("articles", total=None)
        yield lambda done: bar.update(task, completed=done)


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
    counts = df["speaker"].astype(object).fillna("(unresolved)").value_counts().head(top)
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


TableOption = Annotated[
    Path, typer.Option("--table", "-t", help="A quotes Parquet table (from `quotes extract`).")
]
MinConfidence = Annotated[
    float,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Count a speaker only where the row's confidence reaches this (on the shared "
        "gold, 94.7 % of rows at 0.8 or above are right); below it a quote is unattributed.",
        envvar="QUOTES_MIN_CONFIDENCE",
    ),
]
DEFAULT_TABLE = Path("data/quotes.parquet")


@app.command()
def said(
    speaker: Annotated[str, typer.Argument(help="A name or any variant of it (« Dupont »).")],
    table: TableOption = DEFAULT_TABLE,
    since: Annotated[
        dt.datetime | None, typer.Option(help="First date (YYYY-MM-DD).", formats=["%Y-%m-%d"])
    ] = None,
    until: Annotated[
        dt.datetime | None, typer.Option(help="Last date, included.", formats=["%Y-%m-%d"])
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="direct, partial or indirect (repeatable).")
    ] = None,
    grep: Annotated[
        list[str] | None,
        typer.Option("--grep", help="Only quotes holding this word, any inflection (repeatable)."),
    ] = None,
    min_confidence: MinConfidence = 0.0,
) -> None:
    """What SPEAKER said, across articles: by date, then article."""
    from quotes import query

    df, speakers_df = _load(table, min_confidence)
    _check_kinds(kind)
    match = _resolve([speaker], df, speakers_df)[0]
    rows = query.said(
        df,
        match.ids,
        since.date() if since else None,
        until.date() if until else None,
        kind or (),
        grep or (),
    )
    who = "; ".join(match.names)
    out = _rich_table(
        f"{who}: {len(rows)} quotes in {rows['article'].nunique()} articles",
        ("date", "outlet", "article", "kind", "cue", "quote"),
    )
    for r in rows.itertuples(index=False):
        out.add_row(
            query.as_date(r.date),
            _cell(r.source),
            str(r.article),
            str(r.kind),
            _cell(r.cue),
            str(r.quote) + ("" if len(match.ids) == 1 else f"  [{r.speaker}]"),
        )
    _print(out)


@app.command()
def compare(
    speakers: Annotated[list[str], typer.Argument(help="Two or more names.")],
    table: TableOption = DEFAULT_TABLE,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", help="Only quotes about this word or phrase, any inflection."),
    ] = None,
    width: Annotated[int, typer.Option(help="Longest quote shown, in characters.")] = 300,
    min_confidence: MinConfidence = 0.0,
) -> None:
    """Side by side, what each speaker said: one line per date, one column per speaker."""
    from quotes import query

    df, speakers_df = _load(table, min_confidence)
    matches = _resolve(speakers, df, speakers_df)
    columns = [query.said(df, m.ids, grep=topic or ()) for m in matches]
    dates = sorted(
        {query.as_date(d) for rows in columns for d in rows["date"]}, key=lambda d: (d == "", d)
    )
    about = f" on {', '.join(topic)}" if topic else ""
    out = _rich_table(f"What they said{about}", ("date",))
    for m, rows in zip(matches, columns, strict=True):
        out.add_column(f"{'; '.join(m.names)} ({len(rows)})", overflow="fold", ratio=1)
    for day in dates:
        cells = []
        for rows in columns:
            on_day = rows[[query.as_date(d) == day for d in rows["date"]]]
            cells.append("\n\n".join(_said_line(r, width) for r in on_day.itertuples(index=False)))
        out.add_row(day or "undated", *cells)
    _print(out)


@app.command()
def statements(
    table: TableOption = DEFAULT_TABLE,
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, help="Reported by at least this many articles.")
    ] = 2,
    conflicts: Annotated[
        bool,
        typer.Option("--conflicts", help="Only statements given to different speakers."),
    ] = False,
    min_confidence: MinConfidence = 0.0,
) -> None:
    """Statements reported by several articles, with their articles, outlets, dates and
    speakers; --conflicts keeps those that articles attribute to different speakers."""
    from quotes import query

    df, _ = _load(table, min_confidence)
    rows = query.statements(df, min_articles)
    if conflicts:
        rows = rows[rows["conflict"]]
    n = rows["statement_id"].nunique()
    typer.echo(f"{n} statements" + (" attributed to different speakers" if conflicts else ""))
    for sid, group in rows.groupby("statement_id", sort=False, observed=True):
        flag = "  CONFLICT" if bool(group["conflict"].iloc[0]) else ""
        out = _rich_table(
            f"{sid}: « {query.headline(group)} » — {group['article'].nunique()} articles{flag}",
            ("date", "outlet", "article", "speaker", "kind", "quote"),
        )
        for r in group.itertuples(index=False):
            out.add_row(
                query.as_date(r.date),
                _cell(r.source),
                str(r.article),
                _cell(r.speaker) or "(unresolved)",
                str(r.kind),
                str(r.quote),
            )
        _print(out)


@app.command()
def report(
    html_out: Annotated[Path, typer.Option("--html", help="The HTML file to write.")],
    table: TableOption = DEFAULT_TABLE,
    top: Annotated[
        int | None, typer.Option(help="Only the speakers with the most quotes.", min=1)
    ] = None,
    title: Annotated[str, typer.Option(help="The page title.")] = "Who said what",
    min_confidence: MinConfidence = 0.0,
) -> None:
    """One self-contained HTML page: a section per speaker with a timeline of their quotes,
    each quote in its sentence, the conflicting attributions, filters by speaker and outlet."""
    from quotes import report as html_report
    from quotes.api import load_articles_beside

    df, speakers_df = _load(table, min_confidence)
    articles = load_articles_beside(table)
    if articles is None:
        typer.echo(
            f"warning: no articles table beside {table}: quotes are shown without their sentence",
            err=True,
        )
    page = html_report.build(df, articles, speakers_df, title=title, max_speakers=top)
    html_out.parent.mkdir(parents=True, exist_ok=True)
    html_out.write_text(page, encoding="utf-8")
    typer.echo(f"{html_out} ({len(page) // 1024} KB)")


@app.command()
def serve(
    table: TableOption = DEFAULT_TABLE,
    host: Annotated[
        str, typer.Option(help="Address to listen on; only this machine unless you change it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Browse, search and compare a quotes table in the browser (read-only): search, a page
    per speaker with a timeline, compare, statements and conflicts, each article with its
    quotes highlighted; a JSON API under /api/."""
    import uvicorn

    from quotes.store import NoSuchTable
    from quotes.web import create_app

    try:
        web_app = create_app(table)
    except NoSuchTable as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"serving {table} on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold annotations, JSONL (see the README).")],
    aliases: Annotated[
        Path | None, typer.Option("--speakers", help="JSON: each gold speaker's aliases.")
    ] = None,
    table: TableOption = DEFAULT_TABLE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    errors: Annotated[
        int, typer.Option(help="How many missed, spurious and wrong items to list per part.")
    ] = 20,
) -> None:
    """Precision, recall and F1 of TABLE against GOLD: detection, attribution and end to end,
    for quoted and indirect speech, under overlap and exact matching; then the missed,
    spurious and wrongly attributed items."""
    import json

    from quotes import evaluate as ev

    _require_table(table)
    for path in (gold, aliases):
        if path is not None and not path.is_file():
            typer.echo(f"error: {path}: no such file", err=True)
            raise typer.Exit(2)
    try:
        scores = ev.evaluate(gold, table, aliases)
    except QuotesError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(ev.as_dict(scores), ensure_ascii=False, indent=1))
        return
    out = _rich_table(
        f"{table} against {gold}",
        (
            "part",
            "matching",
            "gold",
            "pred",
            "detect P/R/F1",
            "attribution",
            "named-speaker precision",
            "end-to-end P/R/F1",
        ),
    )
    for s in scores:
        out.add_row(
            s.part,
            s.matching,
            str(s.gold),
            str(s.predicted),
            "/".join(f"{v:.3f}" for v in s.detect),
            f"{s.attribution:.3f}",
            f"{s.named_precision:.3f} ({s.named})",
            "/".join(f"{v:.3f}" for v in s.end_to_end),
        )
    _print(out)
    for s in scores:
        if s.matching == "overlap":
            _print_errors(s, errors)


def _said_line(row: Any, width: int) -> str:
    """« quote » (outlet), or the reported content marked as indirect (it is no quote)."""
    from quotes.query import clip

    words = clip(str(row.quote), width)
    said = f"[indirect] {words}" if str(row.kind) == "indirect" else f"« {words} »"
    return f"{said} ({_cell(row.source) or row.article})"


def _print_errors(score: Score, limit: int) -> None:
    from quotes.query import clip

    out = _rich_table(
        f"{score.part}: items to look at", ("", "article", "text", "gold", "predicted")
    )
    listed = [("missed", g.article, g.text, g.speaker, "") for g in score.missed[:limit]]
    listed += [("spurious", p.article, p.text, "", p.speaker) for p in score.spurious[:limit]]
    listed += [("wrong", g.article, g.text, g.speaker, p.speaker) for g, p in score.wrong[:limit]]
    for what, article, text, gold_speaker, predicted in listed:
        out.add_row(what, article, clip(text, 160), gold_speaker or "", predicted or "")
    if listed:
        _print(out)


def _load(table: Path, min_confidence: float = 0.0) -> tuple[Any, Any]:
    """The quotes table (typed; speakers below `min_confidence` left unnamed) and the
    speakers table beside it (or None)."""
    from quotes.api import load_speakers
    from quotes.query import confident
    from quotes.table import load

    _require_table(table)
    return confident(load(table), min_confidence), load_speakers(table)


def _resolve(names: list[str], df: Any, speakers_df: Any) -> list[SpeakerMatch]:
    from quotes.query import NoSuchSpeaker, resolve_speakers

    try:
        return resolve_speakers(names, df, speakers_df)
    except NoSuchSpeaker as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None


def _check_kinds(kinds: list[str] | None) -> None:
    from quotes.table import KINDS

    bad = [k for k in kinds or () if k not in KINDS]
    if bad:
        typer.echo(f"error: --kind {bad[0]!r}: choose among {', '.join(KINDS)}", err=True)
        raise typer.Exit(2)


def _rich_table(title: str, columns: tuple[str, ...]) -> Table:
    out = Table(title=title, title_justify="left", show_lines=True)
    for column in columns:
        out.add_column(column, overflow="fold", ratio=3 if column == "quote" else None)
    return out


def _print(renderable: object) -> None:
    from rich.console import Console

    Console(width=max(140, Console().width)).print(renderable)


def _cell(value: object) -> str:
    import pandas as pd

    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _require_table(table: Path) -> None:
    if not table.is_file():
        typer.echo(f"error: {table}: no such table (run `quotes extract` first)", err=True)
        raise typer.Exit(2)


def main() -> None:  # pragma: no cover
    app(prog_name="quotes")
    sys.exit(0)
