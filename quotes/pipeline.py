"""The stages in order: hide boilerplate, segment, parse, detect quotes, find cues, attribute,
indirect speech."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from quotes.attribute import (
    Context,
    Decision,
    attribute_quotes,
    kept,
    repeated_speech,
    same_source,
    within_contents,
)
from quotes.boilerplate import blank, boilerplate_lines
from quotes.detect_cues import verb_cues
from quotes.detect_quotes import detect_quotes
from quotes.errors import ParseInputError, QuotesError
from quotes.firstnames import first_name_gender
from quotes.indirect import indirect_speech
from quotes.likeness import likeness_of
from quotes.parse.base import Parse, ParseInput, ParserBackend
from quotes.resolve import Resolver
from quotes.rules import RuleSet
from quotes.segment import paragraphs
from quotes.timing import Stopwatch
from quotes.types import Article, ArticleResult, Quote, Span


class ArticleError(QuotesError):
    """One article could not be processed: its parse did not fit it, or attribution failed
    (a bug). The message names the article."""

    def __init__(self, where: str, err: Exception) -> None:
        if isinstance(err, ParseInputError):
            self.reason = str(err)
        else:
            self.reason = f"internal error during attribution: {type(err).__name__}: {err}"
        super().__init__(f"{where}: {self.reason}")
        self.where = where


def run(article: Article, rules: RuleSet, backend: ParserBackend) -> ArticleResult:
    """Every piece of reported speech of one article."""
    item = parse_input(article, rules)
    parse = backend.parse_many([item])[0]
    visible = dataclasses.replace(article, text=item.text)
    return _as_read(attribute_article(visible, rules, parse, tuple(item.paragraphs)), article)


def prepare(rules: RuleSet) -> None:
    """Load what attribution reads once per process (the word vectors behind speaker
    likeness, the first-name dictionary), so that forked workers share it."""
    likeness_of(rules)
    first_name_gender("Marie")


def parse_input(article: Article, rules: RuleSet) -> ParseInput:
    """What a backend parses of `article`: its text with boilerplate blanked, its paragraphs."""
    visible = without_boilerplate(article, rules)
    return ParseInput(visible.text, paragraphs(visible.text), article)


def without_boilerplate(article: Article, rules: RuleSet) -> Article:
    """The article with its boilerplate lines blanked (same length: offsets do not move)."""
    lines = boilerplate_lines(article.text, rules.boilerplate)
    return dataclasses.replace(article, text=blank(article.text, lines)) if lines else article


def _as_read(result: ArticleResult, article: Article) -> ArticleResult:
    """The result of the visible text, holding the article as read."""
    return result if result.article is article else dataclasses.replace(result, article=article)


def run_many(
    articles: Iterable[Article],
    rules: RuleSet,
    backend: ParserBackend,
    batch_size: int = 16,
    clock: Stopwatch | None = None,
) -> Iterator[ArticleResult]:
    """`run` over many articles, parsing them in batches; `clock` sums the time of the
    rules, parse and attribution stages."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _run_batch(batch, rules, backend, clock or Stopwatch())
            batch = []
    if batch:
        yield from _run_batch(batch, rules, backend, clock or Stopwatch())


@dataclasses.dataclass(frozen=True, slots=True)
class _Found:
    """What the rule layer found in an article before the parse."""

    visible: Article
    paragraphs: tuple[Span, ...]
    quotes: tuple[Quote, ...]


def _run_batch(
    batch: list[Article], rules: RuleSet, backend: ParserBackend, clock: Stopwatch
) -> Iterator[ArticleResult]:
    with clock.stage("rules"):
        found = [_rule_layer(a, rules) for a in batch]
    try:
        with clock.stage("parse"):
            parses = backend.parse_many(
                [
                    ParseInput(f.visible.text, f.paragraphs, a)
                    for a, f in zip(batch, found, strict=True)
                ]
            )
    except ParseInputError as err:
        if err.index is None:
            raise
        # The articles before the one that does not fit are parsed again without it.
        yield from _run_batch(batch[: err.index], rules, backend, clock)
        bad = batch[err.index]
        raise ArticleError(bad.path or bad.id, err) from err
    for article, f, parse in zip(batch, found, parses, strict=True):
        try:
            with clock.stage("attribution"):
                result = attribute_article(f.visible, rules, parse, f.paragraphs, f.quotes)
        except Exception as err:  # one article's failure must not cost the others
            raise ArticleError(article.path or article.id, err) from err
        yield _as_read(result, article)


def _rule_layer(article: Article, rules: RuleSet) -> _Found:
    visible = without_boilerplate(article, rules)
    paras = paragraphs(visible.text)
    return _Found(visible, paras, detect_quotes(visible.text, paras, rules.marks))


def attribute_article(
    article: Article,
    rules: RuleSet,
    parse: Parse,
    paras: tuple[Span, ...] | None = None,
    quotes: tuple[Quote, ...] | None = None,
    trace: list[Decision] | None = None,
) -> ArticleResult:
    """The stages after the parse: cues, attribution, indirect speech (paragraphs and quotes
    are found again when not given). `trace` receives what was weighed for every quote and
    content."""
    if paras is None:
        paras = paragraphs(article.text)
    if quotes is None:
        quotes = detect_quotes(article.text, paras, rules.marks)
    likeness = likeness_of(rules)
    ctx = Context(article.text, paras, quotes, parse, rules, verb_cues(parse, rules), likeness)
    resolver = Resolver.build(parse, article.text, rules, tuple(q.span for q in quotes), likeness)
    quoted = attribute_quotes(ctx, resolver, trace)
    contents = indirect_speech(ctx, resolver, trace=trace)
    quoted = [within_contents(q, contents, article.text) for q in quoted]
    quoted = repeated_speech(quoted, quotes, article.text, paras, parse)
    rows = sorted([*quoted, *contents], key=lambda a: (a.span.start, a.span.end))
    rows = [r for r in same_source(rows, article.text, rules.titles) if kept(r, article.text)]
    return ArticleResult(article, tuple(rows), resolver.speakers(), parse.backend, parse.model)
