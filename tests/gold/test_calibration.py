"""`confidence` means something: on the dev and dev2 gold, the rows named at 0.8 or above
are right at least 95 % of the time (issue 14). Measured with the shared scorer on the
tables with every row below 0.8 left unnamed, as `--min-confidence 0.8` shows them: its
named-speaker precision is then the share of those rows named rightly."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

FLOOR = 0.95


def _named(report: dict) -> tuple[int, int]:
    """(rows named, rows named rightly) over quoted and indirect speech."""
    named = sum(r["named"] for r in report.values())
    right = sum(round(r["named"] * r["named_precision"]) for r in report.values())
    return named, right


def test_rows_at_0_8_or_above_are_right_95_percent_of_the_time(
    dev_results, dev2_results, score_results
):
    dev = _named(score_results(dev_results, "dev.gold.jsonl", min_confidence=0.8))
    dev2 = _named(
        score_results(dev2_results, "dev2.gold.jsonl", "dev2.speakers.json", min_confidence=0.8)
    )
    named, right = dev[0] + dev2[0], dev[1] + dev2[1]
    assert named > 300  # the bar holds over most named rows, not a handful
    assert right / named >= FLOOR, (right, named)
