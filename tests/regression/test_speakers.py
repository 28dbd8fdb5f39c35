"""One identity per speaker across articles, through the real model (issue: speakers)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from quotes.api import extract_to_parquet, speakers_overview
from quotes.cli import app
from quotes.link import link
from quotes.table import speakers_path
from tests.conftest import ROOT

pytestmark = pytest.mark.model

OTAN_ARTICLE = "Le secrétaire général de l'OTAN a déclaré : « Nous resterons unis. »\n"


def _folder(tmp_path, articles: dict[str, tuple[str, str]]):
    """A folder of .txt articles with a manifest: {id: (date, text)}."""
    folder = tmp_path / "in"
    folder.mkdir()
    lines = ["id,file,date,title"]
    for article_id, (date, text) in articles.items():
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
        lines.append(f"{article_id},{article_id}.txt,{date},")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _rows(tmp_path, articles):
    out = tmp_path / "q.parquet"
    extract_to_parquet([_folder(tmp_path, articles)], out)
    return pq.read_table(out).to_pandas().set_index("article")


def test_one_role_two_dates_two_people(tmp_path):
    """« le secrétaire général de l'OTAN » is whoever held the office on the article's date."""
    df = _rows(
        tmp_path, {"a2023": ("2023-05-01", OTAN_ARTICLE), "a2025": ("2025-05-01", OTAN_ARTICLE)}
    )
    assert df.loc["a2023", "speaker"] == "Jens Stoltenberg"
    assert df.loc["a2025", "speaker"] == "Mark Rutte"
    assert df.loc["a2023", "speaker_id"] != df.loc["a2025", "speaker_id"]
    assert df.loc["a2025", "speaker_mention"] == "secrétaire général de l'OTAN"


def test_the_article_naming_wins_over_the_file(tmp_path):
    text = (
        "Le secrétaire général de l'OTAN, Paul Ardent, est arrivé à Kiev.\n"
        "Le secrétaire général de l'OTAN a déclaré : « Nous resterons unis. »\n"
    )
    df = _rows(tmp_path, {"a": ("2025-05-01", text)})
    assert df.loc["a", "speaker"] == "Paul Ardent"
    assert df.loc["a", "speaker_gender"] == "m"


def test_unknown_role_keeps_its_phrase(tmp_path):
    text = "Le porte-parole de la mairie a déclaré : « Le marché rouvrira lundi. »\n"
    df = _rows(tmp_path, {"a": ("2025-05-01", text)})
    assert df.loc["a", "speaker"] == "porte-parole de la mairie"
    assert df.loc["a", "speaker_type"] == "person"


@pytest.mark.parametrize(
    ("text", "speaker", "gender"),
    [
        ("« Nous partirons demain », a déclaré Mme Hanna Virtanen.\n", "Hanna Virtanen", "f"),
        ("« Nous partirons demain », a déclaré M. Paul Ardent.\n", "Paul Ardent", "m"),
        (
            "Hanna Virtanen, la porte-parole du parti, a déclaré : « Nous partirons demain. »\n",
            "Hanna Virtanen",
            "f",
        ),
        # An epicene role without a determiner says nothing of gender, nor does a first name
        # that men and women both use.
        (
            "Dominique Virtanen, ministre des Transports, a déclaré : « Nous partirons demain. »\n",
            "Dominique Virtanen",
            None,
        ),
        ("Le ministère des Transports a déclaré : « Nous partirons demain. »\n", None, None),
    ],
)
def test_gender_comes_from_the_text_s_evidence(tmp_path, text, speaker, gender):
    df = _rows(tmp_path, {"a": ("2025-05-01", text)})
    if speaker is not None:
        assert df.loc["a", "speaker"] == speaker
    found = df.loc["a", "speaker_gender"]
    assert (None if pd.isna(found) else found) == gender


def test_seed_speakers_command_shows_one_row_per_person(tmp_path):
    out = tmp_path / "seeds.parquet"
    result = CliRunner().invoke(
        app, ["extract", str(ROOT / "data" / "articles"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert speakers_path(out).is_file()
    listing = CliRunner().invoke(app, ["speakers", str(out)])
    assert listing.exit_code == 0, listing.output
    df = speakers_overview(out)
    for name in ("Mark Rutte", "Volodymyr Zelensky", "Jens Stoltenberg"):
        assert (df["speaker"] == name).sum() == 1, name
        assert name in listing.output
    rutte = df[df["speaker"] == "Mark Rutte"].iloc[0]
    assert {"Marc Rutte", "Mark Rutte"} <= set(rutte["variants"])
    assert rutte["articles"] >= 3
    zelensky = df[df["speaker"] == "Volodymyr Zelensky"].iloc[0]
    assert {"Vladimir Zelensky", "Volodymyr Zelenskyy"} <= set(zelensky["variants"])


def test_seed_people_merge_without_the_speakers_file(seed_results, rules):
    """The variants merge by mechanism (spelling keys, given-name edits), not by the file."""
    results = list(seed_results.values())
    linked = link(results, dataclasses.replace(rules, speakers=()))
    by_surname: dict[str, set[str]] = {}
    for s in linked.speakers:
        if s.kind == "person":
            by_surname.setdefault(s.name.split()[-1][:7], set()).add(s.id)
    for surname in ("Rutte", "Zelensk", "Stolten"):
        assert len(by_surname[surname]) == 1, by_surname


def test_a_role_synonym_names_the_holder_of_that_office(tmp_path):
    """« l'édile » is whoever the article called « le maire » (rules/titles.toml synonyms),
    not the more salient minister."""
    text = (
        "Le maire de Lyon, Paul Ardent, a reçu mardi le ministre Jean Martin.\n"
        "Jean Martin a visité le marché. « Nous rouvrirons lundi », a fait savoir l'édile.\n"
    )
    df = _rows(tmp_path, {"a": ("2025-05-01", text)})
    assert df.loc["a", "speaker"] == "Paul Ardent"


def test_a_first_name_gives_a_gender_only_where_the_text_gives_none_and_says_so(tmp_path):
    articles = {
        "a": ("2025-05-01", "Hanna Virtanen, ministre des Transports, a déclaré : « Non. »\n"),
        "b": ("2025-05-02", "« Oui », a déclaré Andrea Osei, ministre.\n"),
        "c": ("2025-05-03", "« Peut-être », a déclaré M. Andrea Osei.\n"),
    }
    out = tmp_path / "q.parquet"
    extract_to_parquet([_folder(tmp_path, articles)], out)
    speakers = pq.read_table(speakers_path(out)).to_pandas().set_index("speaker")
    assert speakers.loc["Hanna Virtanen", "speaker_gender"] == "f"
    assert speakers.loc["Hanna Virtanen", "gender_rule"] == "gender.first_name"
    # « M. » in one article outweighs what the first name suggests in another
    assert speakers.loc["Andrea Osei", "speaker_gender"] == "m"
    assert speakers.loc["Andrea Osei", "gender_rule"] != "gender.first_name"
