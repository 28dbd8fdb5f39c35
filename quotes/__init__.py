"""quotes: French quote attribution. Who said what, in which article, on which date."""

from quotes.table import load, load_articles, load_speakers
from quotes.types import Article, ArticleResult, Attribution, QuoteKind

__all__ = [
    "Article",
    "ArticleResult",
    "Attribution",
    "QuoteKind",
    "extract",
    "load",
    "load_articles",
    "load_speakers",
]


def extract(paths, rules_dir=None, model=None, parser="spacy"):  # type: ignore[no-untyped-def]
    """Results for every readable article under `paths` (see `quotes.api.extract`);
    `parser` is spacy (the default), stanza, stanza:MODELS_DIR or conllu:DIR."""
    from quotes.api import extract as _extract

    return _extract(paths, rules_dir, model, parser=parser)
