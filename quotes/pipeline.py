"""The stages in order: hide boilerplate, segment, parse, detect quotes, find cues, attribute,
indirect speech."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from quotes.attribute import Context, attribute_quotes
from quotes.boilerplate import blank, boilerplate_lines
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
    visible = without_boilerplate(article, rules)
    parse = backend.parse(visible.text, paragraphs(visible.text))
    return _as_read(attribute_article(visible, rules, parse), article)


def without_boilerplate(article: Article, rules: RuleSet) -> Article:
    """The article with its boilerplate lines blanked (same length: offsets do not move)."""
    lines = boilerplate_lines(article.text, rules.boilerplate)
    return dataclasses.replace(article, text=blank(article.text, lines)) if lines else article


def _as_read(result: ArticleResult, article: Article) -> ArticleResult:
    """The result of the visible text, holding the article as read."""
    return result if result.article is article else dataclasses.replace(result, article=article)


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
    visible = [without_boilerplate(a, rules) for a in batch]
    parses = backend.parse_many([(v.text, paragraphs(v.text)) for v in visible])
    for article, shown, parse in zip(batch, visible, parses, strict=True):
        try:
            yield _as_read(attribute_article(shown, rules, parse), article)
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
