"""Questions asked of a quotes table, on small invented tables (no model)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from quotes import query
from quotes.statements import statement_ids


def _table(rows):
    df = pd.DataFrame(
        rows, columns=["article", "date", "source", "speaker", "speaker_id", "kind", "quote"]
    )
    df["start"] = range(len(df))
    df["date"] = pd.to_datetime(df["date"])
    df["statement_id"] = statement_ids(
        list(df["quote"]), [f"{a}:{s}" for a, s in zip(df["article"], df["start"], strict=True)]
    )
    for column in ("speaker", "speaker_id", "kind", "source"):
        df[column] = df[column].astype("category")
    return df


QUOTES = _table(
    [
        (
            "b",
            "2024-03-02",
            "Le Temps",
            "Jeanne Dupont",
            "jeanne-dupont",
            "direct",
            "Nous négocierons",
        ),
        (
            "a",
            "2024-03-02",
            "Le Soir",
            "Jeanne Dupont",
            "jeanne-dupont",
            "partial",
            "la négociation",
        ),
        ("c", "2024-01-10", "Le Soir", "Jeanne Dupont", "jeanne-dupont", "indirect", "rien"),
        ("d", None, "Le Soir", "Jeanne Dupont", "jeanne-dupont", "direct", "sans date"),
        ("a", "2024-03-02", "Le Soir", "Élise Müller", "elise-muller", "direct", "autre"),
        ("e", "2024-02-01", "Le Soir", "Paul Dupont", "paul-dupont", "direct", "encore"),
    ]
)
SPEAKERS = pd.DataFrame(
    {
        "speaker_id": ["jeanne-dupont", "elise-muller", "paul-dupont"],
        "speaker": ["Jeanne Dupont", "Élise Müller", "Paul Dupont"],
        "variants": [["Jeanne Dupont", "J. Dupont", "Dupond"], ["Élise Müller"], ["Paul Dupont"]],
    }
)


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("Jeanne Dupont", ("jeanne-dupont",)),
        ("jeanne dupont", ("jeanne-dupont",)),
        ("JEANNE", ("jeanne-dupont",)),
        ("Dupond", ("jeanne-dupont",)),  # a merged variant
        ("J. Dupont", ("jeanne-dupont",)),
        ("elise muller", ("elise-muller",)),  # accents folded
        ("Müller", ("elise-muller",)),
        ("Dupont", ("jeanne-dupont", "paul-dupont")),  # every Dupont, none chosen
        ("jeanne-dupont", ("jeanne-dupont",)),  # the id itself
        ("Martin", ()),
        ("", ()),
    ],
)
def test_match_speaker(name, ids):
    assert query.match_speaker(name, query.speaker_names(QUOTES, SPEAKERS)) == ids


def test_unknown_speaker_is_named_with_the_closest():
    with pytest.raises(query.NoSuchSpeaker, match=r"'Mueller'.*closest: .*muller"):
        query.resolve_speakers(["Jeanne", "Mueller"], QUOTES, SPEAKERS)


def test_said_orders_by_date_then_article_undated_last():
    rows = query.said(QUOTES, ["jeanne-dupont"])
    assert list(rows["article"]) == ["c", "a", "b", "d"]


@pytest.mark.parametrize(
    ("options", "articles"),
    [
        ({"since": dt.date(2024, 3, 2)}, ["a", "b"]),
        ({"until": dt.date(2024, 3, 1)}, ["c"]),
        ({"kinds": ["direct"]}, ["b", "d"]),
        ({"grep": ["négociations"]}, ["a", "b"]),  # any inflection: négocierons, négociation
        ({"grep": ["NEGOCIATION"]}, ["a", "b"]),
        ({"grep": ["paix"]}, []),
    ],
)
def test_said_filters(options, articles):
    assert list(query.said(QUOTES, ["jeanne-dupont"], **options)["article"]) == articles


STATEMENT = "il faut jeter un pont vers l'adhésion"


@pytest.mark.parametrize(
    ("rows", "conflict"),
    [
        # two articles, two speakers
        ([("a", "Jeanne Dupont", "jeanne-dupont"), ("b", "Paul Dupont", "paul-dupont")], True),
        # two articles, one speaker
        ([("a", "Jeanne Dupont", "jeanne-dupont"), ("b", "Jeanne Dupont", "jeanne-dupont")], False),
        # one speaker unresolved: no evidence of a conflict
        ([("a", "Jeanne Dupont", "jeanne-dupont"), ("b", None, None)], False),
    ],
)
def test_statement_conflicts(rows, conflict):
    df = _table(
        [
            (a, "2024-01-01", "X", s, i, "partial", STATEMENT + (" !" * n))
            for n, (a, s, i) in enumerate(rows)
        ]
    )
    found = query.statements(df, min_articles=2)
    assert df["statement_id"].nunique() == 1
    assert len(found) == 2
    assert bool(found["conflict"].iloc[0]) is conflict


def test_conflicts_are_between_articles():
    df = _table(
        [
            ("a", "2024-01-01", "X", "Jeanne Dupont", "jeanne-dupont", "partial", STATEMENT),
            ("a", "2024-01-01", "X", "Paul Dupont", "paul-dupont", "partial", STATEMENT),
            ("b", "2024-01-02", "Y", "Jeanne Dupont", "jeanne-dupont", "partial", STATEMENT),
        ]
    )
    found = query.statements(df, min_articles=2)
    # Article b agrees with one of a's speakers and disagrees with the other: a conflict.
    assert bool(found["conflict"].iloc[0])
    # Two speakers inside one article (a quote repeated by a second person) are not.
    assert query.statements(df.iloc[:2], min_articles=2).empty
    assert not query.statements(df.iloc[:2], min_articles=1)["conflict"].any()


def test_context_is_the_sentence_around_the_quote():
    text = "Titre\nPremière phrase. Elle a dit « oui » hier. Suite ici.\nAutre."
    start = text.index("oui")
    assert query.context(text, start, start + 3) == ("Elle a dit « ", "oui", " » hier.")


def test_confident_unnames_the_rows_below_the_bar_and_keeps_them():
    df = pd.DataFrame(
        {
            "speaker": ["A", "B", None],
            "speaker_id": ["a", "b", None],
            "confidence": [0.95, 0.5, 0.1],
            "quote": ["un", "deux", "trois"],
        }
    )
    out = query.confident(df, 0.8)
    assert list(out["quote"]) == ["un", "deux", "trois"]
    assert out["speaker"].tolist()[0] == "A"
    assert out["speaker"].isna().tolist() == [False, True, True]
    assert out["speaker_id"].isna().tolist() == [False, True, True]
    assert query.confident(df, 0.0) is df
    assert df["speaker"].tolist()[1] == "B"  # the table read is left as it was


def test_a_sure_cue_lends_its_speaker_to_the_same_statement_and_a_conflict_lends_nothing():
    from quotes.sink import lend_speakers

    columns = {
        "statement_id": ["s1", "s1", "s2", "s2", "s2"],
        "speaker": ["A", None, "A", "B", None],
        "speaker_id": ["a", None, "a", "b", None],
        "speaker_type": ["person", None, "person", "person", None],
        "speaker_gender": ["f", None, "f", "m", None],
        "rule": ["cue.incise.inverted.name", "floating", "cue.x", "cue.y", "floating"],
        "confidence": [0.9, 0.1, 0.95, 0.9, 0.0],
    }
    lend_speakers(columns, ["one", "two", "one", "two", "three"])
    assert columns["speaker"] == ["A", "A", "A", "B", None]
    assert columns["rule"][1] == "statement.from.one"
    assert columns["confidence"][1] == 0.9
    assert columns["speaker_gender"][1] == "f"
