"""Indirect speech around incises, on invented articles through the real model."""

from __future__ import annotations

import pytest

from quotes.pipeline import run_many
from quotes.types import Article

pytestmark = pytest.mark.model


def _indirect(text, rules, backend):
    (result,) = run_many([Article("x", text)], rules, backend)
    return [
        (text[a.span.start : a.span.end], a.speaker)
        for a in result.attributions
        if a.kind.value == "indirect"
    ]


def test_selon_after_an_incise_makes_no_row_of_the_incise(rules, backend):
    text = (
        "«Nous avons pratiquement fait échouer toute leur campagne pour 2025», a affirmé le "
        "ministre russe de la Défense, Andreï Sokolov, selon une vidéo diffusée par l’armée "
        "russe, lors d’une inspection des forces russes impliquées dans les combats."
    )
    rows = _indirect(text, rules, backend)
    assert not any(content.startswith("a affirmé") for content, _ in rows), rows
