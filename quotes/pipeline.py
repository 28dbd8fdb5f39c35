"""The stages in order: segment, detect quotes, parse, find cues, attribute, indirect speech."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from quotes.attribute import Context, attribute_quotes
from quotes.detect_cues import verb_cues
from quotes.detect_quotes import detect_quotes
from quotes.errors import QuotesError
from quotes.indirect import indirect_speech
from quotes.parse.base import Parse, ParserBackend
from quotes.resolve import Resolver
from quotes.rules import RuleSet
from quotes.segment import paragraphs
from quotes.types import Article, ArticleResult


class ArticleError(QuotesError):
    """Attribution failed on one article (a bug: the message names the article)."""

    def __init__(self, where: str, err: Exception) -> None:
        super().__init__(f"{where}: internal error during attribution: {type(err).__name__}: {err}")
        self.where = where


def run(article: Article, rules: RuleSet, backend: ParserBackend) -> ArticleResult:
    """Every piece of reported speech of one article."""
    paras = paragraphs(article.text)
    parse = backend.parse(article.text, paras)
    return attribute_article(article, rules, parse)


def run_many(
    articles: Iterable[Article], rules: RuleSet, backend: ParserBackend, batch_size: int = 16
) -> Iterator[ArticleResult]:
    """`run` over many articles, parsing them in batches."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _run_batch(batch, rules, backend)
            batch = []
    if batch:
        yield from _run_batch(batch, rules, backend)


def _run_batch(
    batch: list[Article], rules: RuleSet, backend: ParserBackend
) -> Iterator[ArticleResult]:
    paras = [paragraphs(a.text) for a in batch]
    parses = backend.parse_many([(a.text, p) for a, p in zip(batch, paras, strict=True)])
    for article, parse in zip(batch, parses, strict=True):
        try:
            yield attribute_article(article, rules, parse)
        except Exception as err:  # one article's failure must not cost the others
            raise ArticleError(article.path or article.id, err) from err


def attribute_article(article: Article, rules: RuleSet, parse: Parse) -> ArticleResult:
    """The stages after the parse: quotes, cues, attribution, indirect speech."""
    paras = paragraphs(article.text)
    quotes = detect_quotes(article.text, paras, rules.marks)
    ctx = Context(article.text, paras, quotes, parse, rules, verb_cues(parse, rules))
    resolver = Resolver.build(parse, article.text, rules, tuple(q.span for q in quotes))
    rows = attribute_quotes(ctx, resolver) + indirect_speech(ctx, resolver)
    rows.sort(key=lambda a: (a.span.start, a.span.end))
    return ArticleResult(article, tuple(rows), resolver.speakers())
