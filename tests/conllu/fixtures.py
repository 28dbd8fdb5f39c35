"""The checked-in CoNLL-U fixtures and the articles they parse."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "conllu"
CONSTRUCTIONS = FIXTURES / "constructions"
SEEDS = FIXTURES / "seeds"
HAS_STANZA = importlib.util.find_spec("stanza") is not None
needs_stanza = pytest.mark.skipif(
    not HAS_STANZA, reason="stanza is an optional extra, not installed here: `make stanza`"
)
# Each way a CoNLL-U file becomes a parse: this project's reader, and stanza's own reader
# (`CoNLL.conll2doc`) through the stanza adapter.
READERS = [
    pytest.param(False, id="reader"),
    pytest.param(True, id="stanza-conll2doc", marks=[needs_stanza, pytest.mark.stanza]),
]


def articles(folder: Path, rules) -> list:
    from quotes.ingest import iter_articles
    from quotes.types import Failure

    texts = sorted(folder.glob("*.txt")) if folder.is_dir() else [folder]
    return [a for a in iter_articles(texts, rules.dates) if not isinstance(a, Failure)]


def rows(result) -> list[tuple]:
    """What a row says, for comparing backends (not which backend said it)."""
    return [
        (
            a.span,
            a.kind.value,
            a.speaker,
            a.mention.text if a.mention else None,
            a.cue.lemma if a.cue else None,
            a.rule_id,
        )
        for a in result.attributions
    ]
