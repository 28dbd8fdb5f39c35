from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rules():
    from quotes.rules import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def backend():
    from quotes.parse.spacy_backend import SpacyBackend

    return SpacyBackend()


@pytest.fixture(scope="session")
def seed_results(rules, backend):
    from quotes.ingest import iter_articles
    from quotes.pipeline import run_many
    from quotes.types import Failure

    articles = [
        a
        for a in iter_articles([ROOT / "data" / "articles"], rules.dates)
        if not isinstance(a, Failure)
    ]
    return {r.article.id: r for r in run_many(articles, rules, backend)}


@pytest.fixture(scope="session")
def scorer():
    path = SHARED / "tools" / "score_quotes.py"
    if not path.is_file():
        pytest.skip(f"the shared scorer is absent ({path}): gold scores need ../shared")
    spec = importlib.util.spec_from_file_location("score_quotes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def score_results(scorer, tmp_path_factory, rules):
    """Score pipeline results, linked across articles as `quotes extract` does, against a
    gold JSONL of ../shared/gold with the shared scorer; `min_confidence` leaves the rows
    below it unnamed first (as `--min-confidence` does)."""
    from quotes.api import write_tables

    def score(
        results, gold_name: str, speakers_name: str = "speakers.json", min_confidence: float = 0.0
    ) -> dict:
        gold = SHARED / "gold" / gold_name
        if not gold.is_file():
            pytest.skip(f"{gold} is absent")
        out = tmp_path_factory.mktemp("gold") / "table.parquet"
        write_tables(list(results), out, rules)
        if min_confidence > 0:
            import pandas as pd

            from quotes.query import confident

            confident(pd.read_parquet(out), min_confidence).to_parquet(out)
        return scorer.score(str(gold), str(SHARED / "gold" / speakers_name), str(out))

    return score


def _results_of(gold_name: str, corpus_name: str, rules, backend) -> list:
    """The pipeline's results on the articles of a shared gold file."""
    import json

    from quotes.ingest import iter_articles
    from quotes.pipeline import run_many
    from quotes.types import Failure

    gold, corpus = SHARED / "gold" / gold_name, SHARED / corpus_name
    if not gold.is_file() or not corpus.is_dir():
        pytest.skip(f"{gold} or {corpus} is absent")
    lines = gold.read_text(encoding="utf-8").splitlines()
    ids = sorted({json.loads(line)["article"] for line in lines if line.strip()})
    paths = [p for i in ids for p in sorted(corpus.glob(f"{i}.*"))]
    articles = [a for a in iter_articles(paths, rules.dates) if not isinstance(a, Failure)]
    return list(run_many(articles, rules, backend))


@pytest.fixture(scope="session")
def dev_results(rules, backend) -> list:
    return _results_of("dev.gold.jsonl", "corpus", rules, backend)


@pytest.fixture(scope="session")
def dev2_results(rules, backend) -> list:
    if not (SHARED / "gold" / "dev2.speakers.json").is_file():
        pytest.skip(f"the dev2 speakers are absent under {SHARED}")
    return _results_of("dev2.gold.jsonl", "corpus2", rules, backend)


@pytest.fixture(scope="session")
def seed_table(seed_results, rules, backend, tmp_path_factory) -> Path:
    """The seed corpus written as `quotes extract` writes it: data/quotes.parquet with its
    articles and speakers tables beside it, in a temporary folder."""
    from quotes.api import write_tables

    out = tmp_path_factory.mktemp("seed-table") / "quotes.parquet"
    write_tables(list(seed_results.values()), out, rules, backend.name, backend.model)
    return out
