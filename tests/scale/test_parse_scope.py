"""The entity recogniser on name candidates only: which runs are candidates, and a parse that
does not depend on what was parsed before (the window cache) or beside it (the batch)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

TEXT = (
    "Le maire de Londres Sadiq Khan a déclaré : « Nous resterons unis. »\n"
    "Ursula von der Leyen et Jean-Luc Mélenchon ont répondu, selon l'AFP.\n"
)


@pytest.fixture(scope="module")
def nlp(backend):
    return backend._nlp


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("le maire de Londres Sadiq Khan a parlé", ["Londres Sadiq Khan"]),
        ("selon Ursula von der Leyen hier", ["Ursula von der Leyen"]),
        ("il a vu Charles de Gaulle", ["Charles de Gaulle"]),
        ("il pleut sur la ville", []),
    ],
)
def test_name_candidates(nlp, text, candidates):
    from quotes.parse.spacy_backend import name_candidates

    doc = nlp(text, disable=["ner"])
    found = [doc[a:b].text for a, b in name_candidates(doc)]
    assert [c for c in found if " " in c] == candidates


def test_a_parse_does_not_depend_on_the_cache_or_the_batch(backend):
    from quotes.parse.base import ParseInput
    from quotes.parse.spacy_backend import SpacyBackend
    from quotes.segment import paragraphs

    warm = backend
    other = "Le président Emmanuel Macron a parlé à Paris.\n"
    warm.parse_many([ParseInput(t, paragraphs(t)) for t in (other, TEXT)])
    cold = SpacyBackend()
    assert warm.parse(TEXT, paragraphs(TEXT)) == cold.parse(TEXT, paragraphs(TEXT))
    assert any(w.ent == "PER" for w in cold.parse(TEXT, paragraphs(TEXT)).words)
