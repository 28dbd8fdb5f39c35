"""Candidate speakers of a quote, the evidence for each, and one scoring function.

Small finders (attribute.py) each propose who said a quote: the subject of an incise after it
(« … », a déclaré X), of a reporting verb that governs it, before it or after it in its
sentence, « selon X », the subject of the sentence that holds a fragment, the speaker of the
quote it continues, the previous or next speaker, the speakers named in the sentences around
it, the person the text is about. Each
proposal is a `Candidate`; the candidates that name the same speaker are one `Choice`, whose
`evidence` is a small record of named features (which finders agree, how the mention reached
the speaker, how speaker-like the words are, how salient the speaker is). One logistic
function with the weights of `rules/attribution.toml` (fitted by tools/fit_attribution.py on
the shared gold) scores each choice, and the scores of one quote's choices become
probabilities against each other and against « none of them » (a softmax: a conditional
logit). The best choice is named when its probability reaches the threshold; otherwise the
speaker is left empty, an honest answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from quotes.rules import AttributionModel
from quotes.types import Cue, Mention

# Finders, most reliable first: the strongest candidate of a choice gives the row its rule.
FINDERS = (
    "incise",
    "governing",
    "before",
    "source",
    "indirect",
    "after",
    "subject",
    "continuation",
    "previous",
    "next",
    "window",
    "salient",
)
CUE_FINDERS = frozenset({"incise", "governing", "before", "source", "indirect", "after"})
# How a cue's mention reached its speaker (resolve.Resolution.rule), grouped as features.
_VIA = {
    "pronoun": "via.pronoun",
    "pronoun.alt": "via.pronoun_alt",
    "pronoun.voice": "via.voice",  # « "…", poursuit-il »: the last voice, by a continuing verb
    "role.anaphora": "via.anaphora",
    "salient": "via.anaphora",
    "document": "via.anaphora",
    "role": "via.role",
}
# How a cue's mention names its speaker by itself, without an antecedent to choose.
EXPLICIT = frozenset({"name", "role", "role.unnamed"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One finder's proposal: the mention it read and the speaker it resolved to.

    `key` indexes the article's speakers (None: the mention names nobody the article knows,
    « -t-on »); `via` is how the mention reached the speaker (name, pronoun, role, …).
    """

    finder: str
    rule: str
    key: int | None
    speaker: str | None
    via: str = ""
    cue: Cue | None = None
    mention: Mention | None = None
    adjacent: bool = False
    marks: tuple[str, ...] = ()  # what the finder saw of the mention (evidence features)


@dataclass(frozen=True, slots=True)
class Speakerhood:
    """What the article knows of a candidate speaker, for the evidence."""

    likeness: float  # can these words name someone who speaks (0-1)
    named: bool  # a proper name, not only a role phrase
    salience: float  # decayed salience at the quote (resolve.Resolver.salience)
    voice: bool = False  # the speaker of the last direct speech before the quote


@dataclass(frozen=True, slots=True)
class Choice:
    """A candidate speaker of one quote, its candidates and its evidence."""

    key: int | None
    speaker: str | None
    candidates: tuple[Candidate, ...]
    evidence: tuple[tuple[str, float], ...]
    probability: float

    @property
    def lead(self) -> Candidate:
        """The candidate of the most reliable finder."""
        return min(self.candidates, key=lambda c: FINDERS.index(c.finder))

    @property
    def has_cue(self) -> bool:
        return any(c.finder in CUE_FINDERS for c in self.candidates)


def explicit(candidates: tuple[Candidate, ...]) -> bool:
    """Does a cue of these name its speaker by itself (« …, a dit la ministre »), with no
    pronoun or anaphora between the cue and the speaker?"""
    return any(c.finder in CUE_FINDERS and c.via in EXPLICIT for c in candidates)


def evidence(
    candidates: tuple[Candidate, ...], who: Speakerhood | None, rival: bool = False
) -> tuple[tuple[str, float], ...]:
    """The named features of one choice (`who` is None for nobody); `rival`: another choice
    of the same quote has a cue that names its speaker by itself, and this one has none."""
    found = {c.finder for c in candidates}
    features = {f"finder.{f}": 1.0 for f in found}
    if rival:
        features["rival.explicit"] = 1.0
    features.update({mark: 1.0 for c in candidates for mark in c.marks})
    cues = [c for c in candidates if c.finder in CUE_FINDERS]
    if cues:
        lead = min(cues, key=lambda c: FINDERS.index(c.finder))
        via = _VIA.get(lead.via)
        if via is not None:
            features[via] = 1.0
    if who is None:
        features["nobody"] = 1.0
    else:
        # a name's type comes from the recogniser, a role's likeness from its head noun: two
        # kinds of evidence, two weights
        features["unlike" if not who.named else "unlike.name"] = 1.0 - who.likeness
        features["unnamed"] = 0.0 if who.named else 1.0
        features["salience"] = math.log1p(who.salience)
        if who.voice:
            features["voice"] = 1.0
            if any(c.via in ("pronoun", "pronoun.alt") for c in cues):
                features["voice.pronoun"] = 1.0  # « …, a-t-il dit »: most often the last voice
    return tuple(sorted(features.items()))


def score(model: AttributionModel, features: tuple[tuple[str, float], ...]) -> float:
    """The choice's score: the weighted sum of its evidence."""
    return sum(model.weight(name) * value for name, value in features)


def probabilities(model: AttributionModel, scores: list[float]) -> list[float]:
    """Each choice's probability of being the speaker, against the others and against « none
    of them » (whose score is the model's bias): a softmax over the choices of one quote."""
    top = max([model.bias, *scores])
    exps = [math.exp(z - top) for z in scores]
    total = math.exp(model.bias - top) + sum(exps)
    return [e / total for e in exps]


def choices(
    candidates: list[Candidate],
    speakerhood: dict[int, Speakerhood],
    model: AttributionModel,
) -> list[Choice]:
    """The candidates grouped by speaker, each scored; best first."""
    groups: dict[int | None, list[Candidate]] = {}
    for c in candidates:
        groups.setdefault(c.key, []).append(c)
    named = {key for key, group in groups.items() if explicit(tuple(group))}
    built = []
    for key, group in groups.items():
        rival = bool(named - {key}) and key not in named
        ev = evidence(tuple(group), speakerhood.get(key) if key is not None else None, rival)
        speaker = next((c.speaker for c in group if c.speaker), None)
        built.append((key, speaker, tuple(group), ev))
    shares = probabilities(model, [score(model, ev) for _, _, _, ev in built])
    out = [Choice(k, s, g, ev, p) for (k, s, g, ev), p in zip(built, shares, strict=True)]
    return sorted(out, key=lambda c: (-c.probability, FINDERS.index(c.lead.finder)))
