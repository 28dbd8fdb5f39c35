"""Attribution on the seed articles through the real spaCy model: one row per construction."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

SEED = {
    k: f"{k}_{h}"
    for k, h in (
        ("000", "c969c52df54374a3"),
        ("001", "999fac4f14141b66"),
        ("002", "367df188a69f6029"),
        ("003", "48992c03739d0fc1"),
        ("004", "5e9fcdbe9afd1f96"),
    )
}

CASES = [
    # (article, start of the quote, kind, a word of the expected speaker, construction)
    (
        "000",
        "L’Ukraine a évidemment le droit",
        "direct",
        "Rutte",
        "incise -t-il after a role subject",
    ),
    ("000", "Et cela signifie que cibler", "direct", "Rutte", "continuation paragraph, no cue"),
    ("000", "Nous voulons absolument", "direct", "Zelensky", "incise with inverted name"),
    ("000", "La défense aérienne de l’Ukraine", "direct", "Zelensky", "stray « inside, -t-il"),
    (
        "000",
        "La bombe a touché mercredi soir",
        "indirect",
        "Syniehubov",
        "« CONTENT, a déclaré ROLE, NAME »",
    ),
    ("000", "avoir discuté avec Rutte", "indirect", "Zelensky", "« a déclaré avoir … »"),
    ("001", "Nous constatons que", "direct", "Zelensky", "« a déclaré le président »"),
    ("002", "imprudentes", "partial", "Stoltenberg", 'd\'"…" after a participle'),
    (
        "002",
        "Et c'est le cas presque",
        "direct",
        "Zelensky",
        "« a déploré le dirigeant ukrainien »",
    ),
    (
        "002",
        "une augmentation correspondante",
        "partial",
        "Zelensky",
        "relative « qui a expliqué »",
    ),
    (
        "002",
        "les satellites et les avions",
        "indirect",
        "Zakharova",
        "« Selon la diplomate russe »",
    ),
    (
        "002",
        "les forces ukrainiennes gagnent",
        "indirect",
        "Stoltenberg",
        "headline « X déclare que »",
    ),
    ("003", "Inviter l'Ukraine à adhérer", "direct", "ministère", "« précise le communiqué »"),
    (
        "003",
        "il pourrait mettre fin",
        "indirect",
        "Trump",
        "« Le président américain élu a affirmé »",
    ),
    (
        "004",
        "L’Ukraine est confrontée",
        "direct",
        "Rutte",
        "broken « closing, « admet le chef de l'OTAN »",
    ),
    (
        "004",
        "L’alignement croissant",
        "direct",
        "Rutte",
        "-t-il with a name in a garbled sentence between",
    ),
]


@pytest.mark.parametrize(("article", "start", "kind", "speaker", "construction"), CASES)
def test_seed_attribution(seed_results, article, start, kind, speaker, construction):
    result = seed_results[SEED[article]]
    text = result.article.text
    rows = [a for a in result.attributions if text[a.span.start : a.span.end].startswith(start)]
    assert rows, f"no row for {start!r} ({construction})"
    row = next((a for a in rows if a.kind.value == kind), rows[0])
    assert row.kind.value == kind, construction
    assert row.speaker is not None and speaker in row.speaker, (construction, row)


def test_title_quote_is_not_speech_without_a_speaker(seed_results):
    """Quoted titles with no speaker are not output as speech with a null speaker."""
    for result in seed_results.values():
        for a in result.attributions:
            if a.kind.value == "partial":
                assert a.speaker is not None
