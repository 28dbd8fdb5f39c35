"""Ingestion plus detection never raises on arbitrary bytes, whatever the file's format:
bad bytes become Failures naming the file, and what is read keeps its offsets in bounds."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.detect_quotes import detect_quotes
from quotes.formats import READERS, ReadOptions
from quotes.ingest import iter_articles
from quotes.pipeline import without_boilerplate
from quotes.rules import load_rules
from quotes.segment import paragraphs
from quotes.types import Article, Failure

RULES = load_rules()
SUFFIXES = sorted(READERS)
# Arbitrary bytes, and bytes that look like the formats (so the parsers get past the start).
STARTS = [
    b"",
    b"---\n",
    b"+++\n",
    b'{"id": "x", "text": "',
    b"id,text\n",
    b"<html><p>",
    b"\xef\xbb\xbf",
]
FRENCH = "« Il a dit », selon le maire. Publié le 3 décembre 2024\nLire aussi : « x »\n"
CONTENT = st.one_of(
    st.binary(max_size=600),
    st.tuples(st.sampled_from(STARTS), st.binary(max_size=300)).map(b"".join),
    st.tuples(
        st.sampled_from(STARTS),
        st.text(
            alphabet=st.sampled_from([*FRENCH, "\x00", "\ufffd", '"', ",", "\n"]), max_size=200
        ),
        st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]),
    ).map(lambda t: t[0] + t[1].encode(t[2], errors="replace")),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CONTENT, st.sampled_from(SUFFIXES))
def test_ingestion_and_detection_never_raise(content, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"article{suffix}"
        path.write_bytes(content)
        items = list(iter_articles([Path(tmp)], RULES.dates, ReadOptions(max_size=400)))
        for item in items:
            assert isinstance(item, Article | Failure)
            if isinstance(item, Failure):
                assert item.path == str(path) and item.reason
                continue
            visible = without_boilerplate(item, RULES)
            assert len(visible.text) == len(item.text)
            for q in detect_quotes(visible.text, paragraphs(visible.text), RULES.marks):
                assert 0 <= q.outer.start <= q.span.start <= q.span.end <= q.outer.end
                assert q.outer.end <= len(item.text)
