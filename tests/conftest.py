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
    gold JSONL of ../shared/gold with the shared scorer."""
    from quotes.api import write_tables

    def score(results, gold_name: str, speakers_name: str = "speakers.json") -> dict:
        gold = SHARED / "gold" / gold_name
        if not gold.is_file():
            pytest.skip(f"{gold} is absent")
        out = tmp_path_factory.mktemp("gold") / "table.parquet"
        write_tables(list(results), out, rules)
        return scorer.score(str(gold), str(SHARED / "gold" / speakers_name), str(out))

    return score


@pytest.fixture(scope="session")
def seed_table(seed_results, rules, backend, tmp_path_factory) -> Path:
    """The seed corpus written as `quotes extract` writes it: data/quotes.parquet with its
    articles and speakers tables beside it, in a temporary folder."""
    from quotes.api import write_tables

    out = tmp_path_factory.mktemp("seed-table") / "quotes.parquet"
    write_tables(list(seed_results.values()), out, rules, backend.name, backend.model)
    return out
