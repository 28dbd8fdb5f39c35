"""Parsing only what attribution needs (the entity recogniser on name candidates only) keeps
the scores of parsing everything: the seed rows are identical, and the dev F1 moves by no
more than 0.01."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT, SHARED

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def full_backend():
    from quotes.parse.spacy_backend import SpacyBackend

    return SpacyBackend(ner="all")


def _articles(paths, rules):
    from quotes.ingest import iter_articles
    from quotes.types import Article

    return [a for a in iter_articles(paths, rules.dates) if isinstance(a, Article)]


def _rows(results):
    return [
        (r.article.id, a.span.start, a.span.end, a.kind.value, a.speaker, a.rule_id)
        for r in results
        for a in r.attributions
    ]


def test_seed_rows_are_those_of_the_full_pipeline(rules, backend, full_backend):
    from quotes.pipeline import run_many

    articles = _articles([ROOT / "data" / "articles"], rules)
    assert _rows(run_many(articles, rules, backend)) == _rows(
        run_many(articles, rules, full_backend)
    )


def test_dev_f1_within_001_of_the_full_pipeline(rules, backend, full_backend, score_results):
    from quotes.pipeline import run_many

    gold = SHARED / "gold" / "dev.gold.jsonl"
    if not gold.is_file() or not (SHARED / "corpus").is_dir():
        pytest.skip(f"the dev gold or corpus is absent under {SHARED}")
    ids = sorted({json.loads(line)["article"] for line in gold.read_text("utf-8").splitlines()})
    articles = _articles([SHARED / "corpus" / f"{i}.txt" for i in ids], rules)
    scores = [
        score_results(list(run_many(articles, rules, b)), "dev.gold.jsonl")
        for b in (backend, full_backend)
    ]
    for part in ("quoted", "indirect"):
        for figure in ("detect_f1", "e2e_f1"):
            assert abs(scores[0][part][figure] - scores[1][part][figure]) <= 0.01, part
