"""The stanza backend without its models: stanza's own reader turns the checked-in CoNLL-U
into real stanza Documents, and the backend's code (paragraph Documents in, the adapter, the
project's parse out) runs on them; when the models are absent the command says so."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.parse.conllu_backend import ConlluBackend, read_conllu
from quotes.parse.ud import to_parse
from quotes.pipeline import parse_input, run_many
from tests.conllu.fixtures import CONSTRUCTIONS, HAS_STANZA, SEEDS, articles, needs_stanza, rows

runner = CliRunner()
FILES = sorted([*SEEDS.glob("*.conllu"), *CONSTRUCTIONS.glob("*.conllu")])


@needs_stanza
@pytest.mark.stanza
@pytest.mark.parametrize("path", FILES, ids=[p.stem[:12] for p in FILES])
def test_stanza_documents_give_the_parse_of_the_reader(path):
    """Same words, offsets, tags, heads and sentences from conll2doc + the adapter as from
    this project's reader, on every fixture."""
    from quotes.parse.stanza_backend import read_with_stanza

    source = path.read_text("utf-8")
    text = _article_text(path)
    spans = _paragraphs(text)
    ours, model = read_conllu(source, str(path))
    theirs, their_model = read_with_stanza(source, str(path))
    assert their_model == model
    assert to_parse(theirs, text, spans, "x", model) == to_parse(ours, text, spans, "x", model)


def _article_text(path):
    from quotes.rules import load_rules

    rules = load_rules()
    if path.parent == CONSTRUCTIONS:
        return (CONSTRUCTIONS / f"{path.stem}.txt").read_text("utf-8")
    from tests.conllu.fixtures import ROOT

    found = [a for a in articles(ROOT / "data" / "articles", rules) if a.id == path.stem]
    return found[0].text


def _paragraphs(text):
    from quotes.segment import paragraphs

    return paragraphs(text)


@needs_stanza
@pytest.mark.stanza
def test_the_stanza_backend_on_documents_of_the_hand_annotated_parse(rules):
    """StanzaBackend.parse_many with the neural pipeline replaced by Documents read from the
    fixture (stanza always gives offsets, as mwt.conllu does): rows as the reader's."""
    from quotes.parse.stanza_backend import StanzaBackend
    from tests.conllu.standin import FixturePipeline

    (article,) = [a for a in articles(CONSTRUCTIONS, rules) if a.id == "mwt"]
    pipeline = FixturePipeline([CONSTRUCTIONS / "mwt.conllu"], [article.text])
    backend = StanzaBackend(pipeline=pipeline)
    (result,) = run_many([article], rules, backend)
    (expected,) = run_many([article], rules, ConlluBackend(CONSTRUCTIONS))
    assert rows(result) == rows(expected)
    assert result.backend == "stanza" and result.model.startswith("stanza-")
    de = [w for w in backend.parse_many([parse_input(article, rules)])[0].words if w.text == "le"]
    assert {article.text[w.start : w.end] for w in de} == {"du", "au"}


@pytest.mark.parametrize(
    "setup",
    ["empty", "no-french", "env"],
)
def test_missing_stanza_models_are_a_usage_error(tmp_path, monkeypatch, setup):
    folder = tmp_path / "stanza_resources"
    folder.mkdir()
    if setup == "no-french":
        (folder / "resources.json").write_text(json.dumps({"en": {}}), encoding="utf-8")
    args = ["--parser", "stanza" if setup == "env" else f"stanza:{folder}"]
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(folder))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("« Oui », a dit Jean Dupont.\n", encoding="utf-8")
    out = tmp_path / "q.parquet"
    result = runner.invoke(app, ["extract", str(inputs), "--out", str(out), "--quiet", *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "--parser spacy" in result.output
    if HAS_STANZA:
        assert str(folder) in result.output and "stanza.download('fr'" in result.output
    assert not out.exists()


def test_stanza_not_installed_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "stanza", None)  # import stanza now raises ImportError
    result = _extract_one(tmp_path, "stanza")
    assert result.exit_code == 2
    assert "make stanza" in result.output and "--parser spacy" in result.output


@pytest.mark.parametrize("choice", ["stanzas", "spacy:x", "conllu", "conllu:"])
def test_unknown_parser_is_a_usage_error(tmp_path, choice):
    result = _extract_one(tmp_path, choice)
    assert result.exit_code == 2
    assert "unknown parser" in result.output


def _extract_one(tmp_path, parser):
    (tmp_path / "a.txt").write_text("« Oui », a dit Jean Dupont.\n", encoding="utf-8")
    args = [str(tmp_path / "a.txt"), "--out", str(tmp_path / "q.parquet"), "--parser", parser]
    return runner.invoke(app, ["extract", *args])
