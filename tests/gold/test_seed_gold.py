"""The scorer's figures on the seed gold, through the real spaCy model, held at their bar.

These are accuracy floors (not timings): later work may raise them, never quietly lower them.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.model

# The bar of issue 2 is quoted detect 0.95 / end-to-end 0.90, indirect detect 0.75 /
# end-to-end 0.65; the floors below hold what the pipeline reaches now. Indirect contents
# that open with a quoted fragment and go on (« a soutenu que "…" est de s'assurer "…" »)
# are rows since issue 14, as GUIDELINES.md annotates them (« annotate BOTH ») and dev2's
# gold does; the seed gold has only their partials, so two of them count as spurious here.
FLOORS = {
    ("quoted", "detect_f1"): 0.95,
    ("quoted", "e2e_f1"): 0.97,
    ("quoted", "named_precision"): 0.97,
    ("indirect", "detect_f1"): 0.78,
    ("indirect", "e2e_f1"): 0.78,
}


@pytest.fixture(scope="module")
def seed_report(seed_results, score_results):
    return score_results(seed_results.values(), "seeds.gold.jsonl")


@pytest.mark.parametrize(("part", "figure"), sorted(FLOORS))
def test_seed_scores_hold_their_floor(seed_report, part, figure):
    assert seed_report[part][figure] >= FLOORS[(part, figure)], seed_report[part]


def test_every_seed_row_points_at_its_text(seed_results):
    for result in seed_results.values():
        for att in result.attributions:
            assert 0 <= att.span.start < att.span.end <= len(result.article.text)


def test_seed_folder_is_the_shared_seeds():
    manifest = (ROOT / "data" / "articles" / "manifest.csv").read_text(encoding="utf-8")
    assert manifest.splitlines()[0].startswith("id,file,date,title")
