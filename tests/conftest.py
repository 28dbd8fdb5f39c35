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
    from quotes.ingest import Failure, iter_articles
    from quotes.pipeline import run_many

    articles = [
        a for a in iter_articles([ROOT / "data" / "articles"]) if not isinstance(a, Failure)
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
