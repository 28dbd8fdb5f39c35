"""Quote detection never raises, and its spans are in bounds, sorted, non-overlapping and shift
exactly when a paragraph is added before the text."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.detect_quotes import detect_quotes
from quotes.rules import load_rules
from quotes.segment import paragraphs

RULES = load_rules()
ALPHABET = st.sampled_from([*list("«»“”„‹›\"'’ \xa0\u202f\n.,:;-—abcXYZé"), "a-t-il", " dit "])
TEXTS = st.one_of(st.text(), st.lists(ALPHABET, max_size=80).map("".join))


def _spans(text):
    return [
        (q.span.start, q.span.end, q.outer.start, q.outer.end)
        for q in detect_quotes(text, paragraphs(text), RULES.marks)
    ]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_spans_in_bounds_sorted_disjoint(text):
    spans = _spans(text)
    for start, end, outer_start, outer_end in spans:
        assert 0 <= outer_start <= start < end <= outer_end <= len(text)
    for (s1, e1, *_), (s2, _e2, *_) in itertools.pairwise(spans):
        assert s1 < s2 and e1 <= s2


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.text(alphabet="abc .", min_size=1, max_size=20))
def test_spans_shift_with_a_prefix_paragraph(text, prefix):
    shifted = prefix + "\n"
    before = _spans(text)
    after = [s for s in _spans(shifted + text) if s[0] >= len(shifted)]
    assert after == [tuple(x + len(shifted) for x in s) for s in before]
