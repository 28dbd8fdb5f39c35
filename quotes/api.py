"""Plain functions behind the CLI: extract articles to Parquet tables."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes import table
from quotes.cache import ResultCache
from quotes.engine import Engine, InProcess, Job, make_engine, ordered
from quotes.errors import ParseInputError
from quotes.formats import ReadOptions
from quotes.ingest import iter_articles
from quotes.parse.base import Parse, ParserBackend
from quotes.parse.choice import ParserSpec, parser_label, parser_spec
from quotes.rules import RuleSet, load_rules
from quotes.sink import TableSink
from quotes.timing import Stopwatch
from quotes.types import Article, ArticleResult, Failure


@dataclass(frozen=True, slots=True)
class ExtractReport:
    """What a run did: articles read, rows written, inputs that failed, and how many
    articles were processed (the others came from the cache). `written` is false when no
    article could be read and the previous tables were left as they were. `seconds` is the
    time per stage (the stages run in workers are summed over them)."""

    articles: int
    rows: int
    failures: tuple[Failure, ...]
    processed: int = 0
    written: bool = True
    seconds: dict[str, float] = field(default_factory=dict)
    words: int = 0


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How a run reads, where it processes, and what it reuses.

    `parser` is `spacy` (the default), `stanza`, `stanza:MODELS_DIR` or `conllu:DIR`, and
    `model` the spaCy model or stanza package (None: the default one); `workers` processes
    in parallel (1: in this process); `engine` is `local` or `dask`
    (with `scheduler`, the address of a Dask scheduler), which writes the quotes table as a
    folder of Parquet parts of at most `part_rows` rows; `full` ignores the cache, and
    without `cache` it is neither read nor written; `batch` is the number of articles per
    task.
    """

    read: ReadOptions = field(default_factory=ReadOptions)
    parser: str = "spacy"
    model: str | None = None
    ner: str = "names"
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    full: bool = False
    cache: bool = True
    batch: int = 32
    part_rows: int = 100_000


@dataclass(slots=True)
class _Run:
    """The state of one streaming run: failures met, words read, cache keys used."""

    failures: list[Failure] = field(default_factory=list)
    processed: int = 0
    words: int = 0
    keys: set[str] = field(default_factory=set)


def extract(
    paths: Sequence[Path | str],
    rules_dir: Path | str | None = None,
    model: str | None = None,
    read: ReadOptions | None = None,
    parser: str = "spacy",
) -> tuple[list[ArticleResult], list[Failure], RuleSet]:
    """Results for every readable article under `paths` (in memory, for a few articles;
    `extract_to_parquet` streams any number), and the inputs that failed. `parser` and
    `model` as in `RunOptions`."""
    rules = load_rules(rules_dir)
    state = _Run()
    options = RunOptions(read=read or ReadOptions(), parser=parser, model=model)
    items = iter_articles(paths_of(paths), rules.dates, options.read)
    articles = _articles(items, state)
    results = list(_results(articles, rules, options, InProcess(), None, state, Stopwatch()))
    return results, state.failures, rules


def extract_to_parquet(
    paths: Sequence[Path | str],
    out: Path,
    rules_dir: Path | str | None = None,
    options: RunOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExtractReport:
    """Extract `paths` into the quotes table `out`, its companions and the errors file,
    streaming: articles are read, processed and written a batch at a time.

    Articles processed by an earlier run into `out` (same text, rules, backend, model and
    code) are taken from its cache unless `options.full`. The tables are renamed into place
    only when every one is written; when no article could be read and some inputs failed,
    the previous tables are left as they were. `progress` is called with the number of
    articles done after each one.
    """
    options = options or RunOptions()
    out = Path(out)
    clock = Stopwatch()
    rules = load_rules(rules_dir)
    spec = _spec(options)
    label = parser_label(spec)
    cache = (
        ResultCache(table.cache_dir(out), rules.hash, spec.kind, label) if options.cache else None
    )
    outputs = [out, table.articles_path(out), table.speakers_path(out), table.errors_path(out)]
    state = _Run()
    items = iter_articles(paths_of(paths), rules.dates, options.read, outputs)
    articles = _articles(_timed(items, clock), state)
    # A corpus of less than one batch per worker is not worth starting workers for.
    head = list(itertools.islice(articles, options.batch * options.workers))
    workers = options.workers if len(head) == options.batch * options.workers else 1
    engine = make_engine(workers, options.engine, options.scheduler, spec, rules)
    articles = itertools.chain(head, articles)
    try:
        parts = options.engine == "dask"
        with TableSink(out, rules, spec.kind, label, parts, part_rows=options.part_rows) as sink:
            for result in _results(articles, rules, options, engine, cache, state, clock):
                with clock.stage("write"):
                    sink.add(result)
                if progress:
                    progress(sink.articles)
            # The workers and their parsers are done: their memory is freed before the
            # corpus-wide linking, whose own memory grows with the corpus.
            engine.close()
            errors = (table.errors_csv(state.failures), table.errors_path(out))
            if not sink.articles and state.failures:
                table.write_all([errors])
                return ExtractReport(0, 0, tuple(state.failures), 0, False, clock.seconds)
            n_rows = sink.close([errors], clock)
    finally:
        engine.close()
    if cache is not None:
        cache.keep_only(state.keys)
    return ExtractReport(
        sink.articles,
        n_rows,
        tuple(state.failures),
        state.processed,
        True,
        clock.seconds,
        state.words,
    )


def parse_to_conllu(
    paths: Sequence[Path | str],
    folder: Path,
    rules_dir: Path | str | None = None,
    options: RunOptions | None = None,
) -> tuple[int, list[Failure]]:
    """Write the parse of each article under `paths` as `folder/<id>.conllu` (the paragraphs
    the pipeline parses, offsets into the article as read); the number written and the
    inputs that failed. `--parser conllu:FOLDER` reads them back."""
    from quotes.engine import parser
    from quotes.parse.conllu_backend import conllu_name, to_conllu

    options = options or RunOptions()
    rules = load_rules(rules_dir)
    state = _Run()
    backend = parser(_spec(options))
    articles = _articles(iter_articles(paths_of(paths), rules.dates, options.read), state)
    written = 0
    while batch := list(itertools.islice(articles, options.batch)):
        for article, parse in _parses(batch, rules, backend, state):
            header = [("newdoc id", article.id), ("backend", parse.backend), ("model", parse.model)]
            text = to_conllu(parse, article.text, header)
            table.write_all([(text.encode("utf-8"), folder / conllu_name(article.id))])
            written += 1
    return written, state.failures


def _parses(
    batch: list[Article], rules: RuleSet, backend: ParserBackend, state: _Run
) -> Iterator[tuple[Article, Parse]]:
    """Each article of `batch` with its parse, as the pipeline parses it; an article whose
    parse cannot be made is a failure, and the others are parsed without it."""
    from quotes.pipeline import parse_input

    inputs = [parse_input(article, rules) for article in batch]
    try:
        yield from zip(batch, backend.parse_many(inputs), strict=True)
    except ParseInputError as err:
        if err.index is None:
            raise
        bad = batch[err.index]
        state.failures.append(Failure(bad.path or bad.id, str(err)))
        for part in (batch[: err.index], batch[err.index + 1 :]):
            yield from _parses(part, rules, backend, state)


def _spec(options: RunOptions) -> ParserSpec:
    return parser_spec(options.parser, options.model, options.ner)


def paths_of(paths: Sequence[Path | str]) -> list[Path]:
    return [Path(p) for p in paths]


def _timed(items: Iterable[Article | Failure], clock: Stopwatch) -> Iterator[Article | Failure]:
    """The ingestion generator, its time counted as the `ingest` stage."""
    stream = iter(items)
    while True:
        with clock.stage("ingest"):
            item = next(stream, None)
        if item is None:
            return
        yield item


def _results(
    articles: Iterable[Article],
    rules: RuleSet,
    options: RunOptions,
    engine: Engine,
    cache: ResultCache | None,
    state: _Run,
    clock: Stopwatch,
) -> Iterator[ArticleResult]:
    """Results in input order: from the cache when there, else processed by `engine`."""
    job = Job(rules, _spec(options))
    for tag, output in ordered(engine, _batches(articles, options, cache, state, clock), job):
        batch, cached = tag
        clock.add(output.seconds)
        state.failures.extend(output.failures)
        state.processed += len(output.results)
        done = {r.article.id: r for r in output.results}
        for article in batch:
            result = cached.get(article.id) or done.get(article.id)
            if result is None:
                continue  # its failure is in state.failures
            if cache is not None and article.id in done:
                with clock.stage("cache"):
                    cache.put(result)
            yield result


def _batches(
    articles: Iterable[Article],
    options: RunOptions,
    cache: ResultCache | None,
    state: _Run,
    clock: Stopwatch,
) -> Iterator[tuple[list[Article], tuple[list[Article], dict[str, ArticleResult]]]]:
    """Batches of articles to process, each tagged with all its articles and those found
    in the cache."""
    articles = iter(articles)
    while batch := list(itertools.islice(articles, options.batch)):
        cached: dict[str, ArticleResult] = {}
        if cache is not None:
            with clock.stage("cache"):
                for a in batch:
                    state.keys.add(cache.key(a))
                    if not options.full and (hit := cache.get(a)) is not None:
                        cached[a.id] = hit
        yield [a for a in batch if a.id not in cached], (batch, cached)


def _articles(items: Iterable[Article | Failure], state: _Run) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Failure):
            state.failures.append(item)
        else:
            state.words += len(item.text.split())
            yield item


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
    with TableSink(out, rules, backend, model) as sink:
        for result in results:
            sink.add(result)
        return sink.close(extra)


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
