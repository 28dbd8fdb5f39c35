"""Where batches of articles are processed: in this process, in a pool of worker processes
(`--workers N`), or on a Dask cluster (`--engine dask`).

Every engine runs the same function on a batch (`process_batch`) and hands the outputs back
in the order the batches were given, so that the tables do not depend on the engine or the
number of workers. At most a few batches per worker are in flight: the corpus streams
through, it is never held whole.
"""

from __future__ import annotations

import collections
import functools
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from quotes.errors import QuotesError
from quotes.parse.base import ParserBackend
from quotes.parse.choice import ParserSpec, load_parser
from quotes.pipeline import ArticleError, prepare, run_many
from quotes.rules import RuleSet
from quotes.timing import Stopwatch
from quotes.types import Article, ArticleResult, Failure


@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs besides the articles: the rules and which parser."""

    rules: RuleSet
    parser: ParserSpec = field(default_factory=ParserSpec)


@dataclass(frozen=True, slots=True)
class BatchOutput:
    results: tuple[ArticleResult, ...]
    failures: tuple[Failure, ...]
    seconds: dict[str, float] = field(default_factory=dict)


def process_batch(articles: list[Article], job: Job) -> BatchOutput:
    """Every article of a batch through the pipeline, with the parser of this process (loaded
    once per process). An article whose attribution fails is a Failure; the others go on."""
    backend = parser(job.parser)
    clock = Stopwatch()
    failures: list[Failure] = []
    results: list[ArticleResult] = []
    remaining = articles
    while remaining:
        try:
            for result in run_many(remaining, job.rules, backend, clock=clock):
                results.append(result)
            remaining = []
        except ArticleError as err:
            failures.append(Failure(err.where, err.reason))
            done = {r.article.id for r in results}
            bad = next(i for i, a in enumerate(remaining) if (a.path or a.id) == err.where)
            remaining = [a for a in remaining[bad + 1 :] if a.id not in done]
    return BatchOutput(tuple(results), tuple(failures), clock.seconds)


@functools.lru_cache(maxsize=2)
def parser(spec: ParserSpec) -> ParserBackend:
    """The parser of this process, loaded once (loading takes seconds)."""
    return load_parser(spec)


class Pending(Protocol):
    """A batch's output to come (a concurrent or a Dask future)."""

    def result(self) -> BatchOutput: ...


class Engine(Protocol):
    def submit(self, articles: list[Article], job: Job) -> Pending: ...

    def close(self) -> None: ...

    @property
    def window(self) -> int: ...


class InProcess:
    """Batches run here, one after the other."""

    window = 1

    def submit(self, articles: list[Article], job: Job) -> Future[BatchOutput]:
        done: Future[BatchOutput] = Future()
        done.set_result(process_batch(articles, job))
        return done

    def close(self) -> None:
        pass


class Pool:
    """Batches run in `workers` processes. Where processes can be forked, the parser and the
    data attribution reads (word vectors, first names) are loaded here first and the workers
    share them (loading takes seconds, and once is enough); elsewhere each worker, started
    fresh, loads them once."""

    def __init__(self, workers: int, spec: ParserSpec, rules: RuleSet | None = None) -> None:
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods:
            parser(spec)
            if rules is not None:
                prepare(rules)
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        self.window = 2 * workers

    def submit(self, articles: list[Article], job: Job) -> Future[BatchOutput]:
        return self._pool.submit(process_batch, articles, job)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


class Dask:
    """Batches run as tasks on a Dask cluster (dask.distributed) at `address`; the rules are
    sent to every worker once, and each worker loads the parser once."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError as err:
            raise QuotesError(
                "the dask engine needs dask.distributed: pip install 'dask[distributed]'"
            ) from err
        try:
            self._client = Client(address, timeout="30s")
        except OSError as err:
            raise QuotesError(f"no Dask scheduler answers at {address!r}: {err}") from err
        self.window = 2 * max(1, sum(self._client.nthreads().values()))
        self._job: tuple[Job, Any] | None = None

    def submit(self, articles: list[Article], job: Job) -> Pending:
        if self._job is None or self._job[0] is not job:
            self._job = (job, self._client.scatter(job, broadcast=True))
        future: Pending = self._client.submit(process_batch, articles, self._job[1], pure=False)
        return future

    def close(self) -> None:
        self._client.close()


def make_engine(
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    spec: ParserSpec | None = None,
    rules: RuleSet | None = None,
) -> Engine:
    if engine == "dask":
        if not scheduler:
            raise QuotesError("--engine dask needs --scheduler ADDRESS (tcp://host:8786)")
        return Dask(scheduler)
    if engine != "local":
        raise QuotesError(f"unknown engine {engine!r}: local or dask")
    return Pool(workers, spec or ParserSpec(), rules) if workers > 1 else InProcess()


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def ordered(
    engine: Engine,
    batches: Iterable[tuple[list[Article], Any]],
    job: Job,
) -> Iterator[tuple[Any, BatchOutput]]:
    """Each batch's tag and output, in the order given, with at most `engine.window` batches
    in flight. A batch with no article to process gets an empty output without a task."""
    flight: collections.deque[tuple[Any, Pending | None]] = collections.deque()
    for articles, tag in batches:
        flight.append((tag, engine.submit(articles, job) if articles else None))
        while len(flight) > engine.window:
            yield _ready(flight.popleft())
    while flight:
        yield _ready(flight.popleft())


def _ready(item: tuple[Any, Pending | None]) -> tuple[Any, BatchOutput]:
    tag, future = item
    return tag, future.result() if future is not None else BatchOutput((), ())
