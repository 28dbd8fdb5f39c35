"""The product's evaluator on small invented gold and tables (no model)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from quotes import evaluate as ev

GOLD = [
    {
        "article": "a",
        "kind": "direct",
        "speaker": "Jeanne Dupont",
        "text": "Nous irons jusqu'au bout",
        "start": 10,
        "end": 34,
    },
    {
        "article": "a",
        "kind": "partial",
        "speaker": "Paul Martin",
        "text": "inacceptable",
        "start": 50,
        "end": 62,
    },
    {
        "article": "a",
        "kind": "indirect",
        "speaker": None,
        "text": "la réforme sera votée avant l'été",
        "start": 80,
        "end": 113,
    },
    {"article": "a", "kind": "ignore", "speaker": None, "text": "Loi travail"},
    {
        "article": "b",
        "kind": "direct",
        "speaker": "Jeanne Dupont",
        "text": "Rien ne nous arrêtera",
        "start": 0,
        "end": 21,
    },
]
ALIASES = {"Jeanne Dupont": ["Jeanne Dupont", "Dupont"], "Paul Martin": ["Paul Martin", "Martin"]}
TABLE = pd.DataFrame(
    [
        # right words, right speaker, exact offsets
        ("a", "direct", "Nous irons jusqu'au bout", "J. Dupont", 10, 34),
        # right words, wrong speaker
        ("a", "partial", "inacceptable", "Jeanne Dupont", 50, 62),
        # indirect: overlapping words, null gold speaker matched by an empty prediction
        ("a", "indirect", "que la réforme sera votée avant l'été", None, 76, 113),
        # a title of a law (gold ignore): neither rewarded nor penalised
        ("a", "direct", "Loi travail", "Jeanne Dupont", 200, 211),
        # spurious
        ("a", "direct", "une phrase que personne n'a dite", "Paul Martin", 300, 332),
        # another article, not in the gold: left out
        ("z", "direct", "Rien ne nous arrêtera", "Jeanne Dupont", 0, 21),
    ],
    columns=["article", "kind", "quote", "speaker", "start", "end"],
)


@pytest.fixture()
def scores():
    gold = [
        ev.make_item(g["article"], g["kind"], g["text"], g["speaker"], g.get("start"), g.get("end"))
        for g in GOLD
    ]
    return {
        (s.part, s.matching): s for s in ev.score(gold, ev.predictions(TABLE, {"a", "b"}), ALIASES)
    }


def test_overlap_figures(scores):
    quoted = scores[("quoted", "overlap")]
    assert (quoted.gold, quoted.predicted, quoted.matched, quoted.attributed) == (3, 3, 2, 1)
    assert [g.text for g in quoted.missed] == ["Rien ne nous arrêtera"]
    assert [p.text for p in quoted.spurious] == ["une phrase que personne n'a dite"]
    assert [(g.speaker, p.speaker) for g, p in quoted.wrong] == [("Paul Martin", "Jeanne Dupont")]
    # both matched predictions name someone, one of them rightly
    assert (quoted.named, quoted.named_right, quoted.named_precision) == (2, 1, 0.5)
    indirect = scores[("indirect", "overlap")]
    assert (indirect.matched, indirect.attributed) == (1, 1)
    # an empty prediction for a null gold speaker is right but names nobody
    assert (indirect.named, indirect.named_precision) == (0, 0.0)


def test_exact_matching_needs_the_same_offsets(scores):
    assert scores[("quoted", "exact")].matched == 2
    assert scores[("indirect", "exact")].matched == 0  # « que … » starts 4 characters early


def test_figures_agree_with_the_shared_scorer(scorer, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD), encoding="utf-8")
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps(ALIASES), encoding="utf-8")
    table = tmp_path / "t.parquet"
    TABLE.to_parquet(table)
    theirs = scorer.score(str(gold), str(aliases), str(table))
    ours = ev.as_dict(ev.evaluate(gold, table, aliases))
    for part, figures in theirs.items():
        for key, value in figures.items():
            if isinstance(value, (int, float)):
                assert ours[part]["overlap"][key] == pytest.approx(value, abs=0.01), (part, key)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"gold\.jsonl:2: not a gold item"),
        ('{"article": "a", "kind": "direct"}', r"gold\.jsonl:2: not a gold item .*text"),
    ],
)
def test_bad_gold_line_is_named(tmp_path, line, message):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD[0]) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ev.GoldError, match=message):
        ev.read_gold(gold)
