"""The scorer's figures on the development gold (real articles of ../shared/corpus), held at
floors so that later work cannot quietly regress them. The texts are read from ../shared and
never copied into the repository."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

# Issue 14 (attribution that generalizes) holds dev at its bar of 0.85 quoted end to end,
# with named-speaker precision up from 0.88; a partial quote nobody is found for is left out.
FLOORS = {
    ("quoted", "detect_f1"): 0.94,
    ("quoted", "e2e_f1"): 0.91,
    ("quoted", "named_precision"): 0.95,
    ("indirect", "detect_f1"): 0.78,
    ("indirect", "e2e_f1"): 0.73,
}


@pytest.fixture(scope="module")
def dev_report(dev_results, score_results):
    return score_results(dev_results, "dev.gold.jsonl")


@pytest.mark.parametrize(("part", "figure"), sorted(FLOORS))
def test_dev_scores_hold_their_floor(dev_report, part, figure):
    assert dev_report[part][figure] >= FLOORS[(part, figure)], dev_report[part]
