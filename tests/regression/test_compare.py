"""Comparing what each leader said, on the seed corpus through the real model: the typed
table and its articles table, `quotes said`, `quotes statements --conflicts`, `quotes eval`
against the shared scorer, and the HTML report's content."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

import quotes
from quotes.cli import app
from tests.conftest import SHARED

pytestmark = pytest.mark.model

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_load_gives_useful_dtypes(seed_table):
    df = quotes.load(seed_table)
    assert isinstance(df["speaker"].dtype, pd.CategoricalDtype)
    assert list(df["kind"].cat.categories) == ["direct", "partial", "indirect"]
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert df["statement_id"].notna().all()


def test_every_quote_is_found_in_the_articles_table(seed_table):
    df = quotes.load(seed_table)
    articles = quotes.load_articles(seed_table.with_name("articles.parquet"))
    assert set(df["article"]) <= set(articles["article"])
    joined = df.merge(articles[["article", "text"]], on="article", validate="many_to_one")
    for row in joined.itertuples(index=False):
        assert row.text[row.start : row.end] == row.quote
    assert (articles["words"] > 100).all()
    assert articles["content_hash"].str.fullmatch(r"[0-9a-f]{64}").all()


def test_said_lists_zelensky_across_articles_by_date(seed_table):
    out = _run("said", "zelensky", "--table", str(seed_table))
    header = re.search(r"Volodymyr Zelensky: (\d+) quotes in (\d+) articles", out)
    assert header, out
    assert int(header.group(2)) >= 3
    dates = re.findall(r"^│ (\d{4}-\d{2}-\d{2}) ", out, flags=re.M)
    assert len(set(dates)) >= 2
    assert dates == sorted(dates)


def test_said_accepts_accents_and_case_and_filters(seed_table):
    everything = quotes.load(seed_table)
    rutte = everything[everything["speaker"] == "Mark Rutte"]
    out = _run("said", "MARC RUTTÉ", "--kind", "direct", "--table", str(seed_table))
    n = int(re.search(r"Mark Rutte: (\d+) quotes", out).group(1))
    assert n == (rutte["kind"] == "direct").sum()


def test_unknown_speaker_exits_1_with_a_hint(seed_table):
    result = runner.invoke(app, ["said", "Zelenski", "--table", str(seed_table)])
    assert result.exit_code == 1
    assert "no speaker answers to 'Zelenski'" in result.output
    assert "zelensky" in result.output


def test_conflicting_attributions_show_both_speakers(seed_table):
    out = _run("statements", "--conflicts", "--table", str(seed_table))
    assert "pont vers l’adhésion à l’OTAN" in out
    assert "Mark Rutte" in out
    assert "Volodymyr Zelensky" in out


def test_compare_on_a_topic(seed_table):
    out = _run("compare", "Rutte", "Zelensky", "--topic", "adhésion", "--table", str(seed_table))
    assert "Mark Rutte (" in out and "Volodymyr Zelensky (" in out
    assert "pont vers" in out


def test_eval_agrees_with_the_shared_scorer(seed_table, scorer):
    gold = SHARED / "gold" / "seeds.gold.jsonl"
    aliases = SHARED / "gold" / "speakers.json"
    out = _run("eval", str(gold), "--speakers", str(aliases), "--table", str(seed_table), "--json")
    ours = json.loads(out)
    theirs = scorer.score(str(gold), str(aliases), str(seed_table))
    for part, figures in theirs.items():
        for key, value in figures.items():
            if isinstance(value, (int, float)):
                assert ours[part]["overlap"][key] == pytest.approx(value, abs=0.01), (part, key)


def test_report_has_a_section_and_a_chart_per_speaker(seed_table, tmp_path):
    page_path = tmp_path / "report.html"
    _run("report", "--table", str(seed_table), "--html", str(page_path))
    page = page_path.read_text(encoding="utf-8")
    df = quotes.load(seed_table)
    ids = set(df["speaker_id"].dropna().astype(str))
    assert set(re.findall(r'data-speaker="([^"]+)"', page)) == ids
    assert page.count('<svg class="timeline"') == len(ids)
    assert "<mark>jeter un pont vers l’adhésion à l’OTAN</mark>" in page
    # Self-contained: nothing is fetched when the page is viewed.
    assert not re.search(r'(src|href)="(https?:)?//', page.split("<main>")[0])
    assert "<script src" not in page and "<link" not in page


def test_summary_and_speakers_read_the_typed_table(seed_table):
    out = _run("summary", str(seed_table))
    assert "5 articles" in out and "Mark Rutte" in out
    out = _run("speakers", str(seed_table))
    assert re.search(r"mark-rutte .* 2024-\d\d-\d\d ", out)


def test_min_confidence_keeps_only_the_surer_rows_of_a_speaker(seed_table):
    df = quotes.load(seed_table)
    mine = df[df["speaker"] == "Volodymyr Zelensky"]
    cut = float(mine["confidence"].median())
    sure = int((mine["confidence"] >= cut).sum())
    assert 0 < sure < len(mine) or mine["confidence"].nunique() == 1
    out = _run("said", "zelensky", "--min-confidence", str(cut), "--table", str(seed_table))
    header = re.search(r"Volodymyr Zelensky: (\d+) quotes", out)
    assert header and int(header.group(1)) == sure, out


def test_min_confidence_drops_the_less_sure_speakers_from_statements_and_report(
    seed_table, tmp_path
):
    df = quotes.load(seed_table)
    best = df.groupby("speaker", observed=True)["confidence"].max()
    cut = 0.95
    unsure = [str(name) for name, c in best.items() if c < cut]
    assert unsure, best
    page = tmp_path / "report.html"
    _run("report", "--min-confidence", str(cut), "--table", str(seed_table), "--html", str(page))
    shown = page.read_text(encoding="utf-8")
    assert not [name for name in unsure if f">{name}</option>" in shown]
    every = _run("statements", "--conflicts", "--table", str(seed_table))
    sure = _run("statements", "--conflicts", "--min-confidence", "1", "--table", str(seed_table))
    assert int(sure.split()[0]) <= int(every.split()[0])
