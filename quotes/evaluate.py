"""Precision, recall and F1 of a quotes table against gold annotations.

The gold is JSONL in the format of the shared annotation guidelines: one item per line with
`article`, `kind` (direct | partial | indirect | ignore), `speaker`, `text`, and optionally
`start`/`end`. Quoted speech (direct + partial) and indirect speech are scored apart, each
for detection (the words found), attribution (of the matched items, how many have the right
speaker) and end to end (found and right speaker), under two matchings kept apart:

- `overlap`: the folded word multisets agree enough (Jaccard >= 0.5 for quoted speech,
  overlap over the shorter side >= 0.5 for indirect speech), one to one, best pairs first;
- `exact`: the same character offsets (or, without offsets, the same folded words).

A matched item is attributed right when one of the gold speaker's aliases appears, as whole
words, in the predicted speaker (case and accents folded); a gold speaker of null is matched
only by an empty prediction. Predictions that match an `ignore` item are left out.
Named-speaker precision is the share of the matched items whose prediction names a speaker
that name the right one: a wrong name puts words in someone's mouth, an empty one does not.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.errors import QuotesError
from quotes.statements import fold_words

PARTS = {"quoted": ("direct", "partial"), "indirect": ("indirect",)}
MATCHINGS = ("overlap", "exact")


class GoldError(QuotesError):
    """A gold or alias file that cannot be read."""


@dataclass(frozen=True, slots=True)
class Item:
    article: str
    kind: str
    text: str
    speaker: str
    start: int | None = None
    end: int | None = None
    words: Counter[str] = field(default_factory=Counter, compare=False)


@dataclass(frozen=True, slots=True)
class Score:
    part: str
    matching: str
    gold: int
    predicted: int
    matched: int
    attributed: int
    named: int  # matched items whose prediction names a speaker
    named_right: int  # of those, the ones naming the right speaker
    missed: tuple[Item, ...]
    spurious: tuple[Item, ...]
    wrong: tuple[tuple[Item, Item], ...]

    @property
    def detect(self) -> tuple[float, float, float]:
        return prf(self.matched, self.predicted, self.gold)

    @property
    def end_to_end(self) -> tuple[float, float, float]:
        return prf(self.attributed, self.predicted, self.gold)

    @property
    def attribution(self) -> float:
        return self.attributed / self.matched if self.matched else 0.0

    @property
    def named_precision(self) -> float:
        return self.named_right / self.named if self.named else 0.0


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def make_item(
    article: Any, kind: Any, text: Any, speaker: Any, start: Any = None, end: Any = None
) -> Item:
    text = "" if text is None else str(text)
    return Item(
        str(article),
        str(kind),
        text,
        speaker if isinstance(speaker, str) else "",
        None if start is None else int(start),
        None if end is None else int(end),
        Counter(fold_words(text).split()),
    )


def read_gold(path: Path) -> list[Item]:
    """The gold items of a JSONL file; errors name the file and the line."""
    items = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise GoldError(f"{path}: cannot read the gold file ({err})") from err
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            g = json.loads(line)
            items.append(
                make_item(
                    g["article"],
                    g["kind"],
                    g["text"],
                    g.get("speaker"),
                    g.get("start"),
                    g.get("end"),
                )
            )
        except (ValueError, KeyError, TypeError) as err:
            raise GoldError(f"{path}:{number}: not a gold item ({err!r})") from err
    return items


def read_aliases(path: Path | None) -> dict[str, list[str]]:
    """The speaker aliases file ({canonical: [aliases]}), or none."""
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise GoldError(f"{path}: cannot read the aliases file ({err})") from err
    if not isinstance(data, dict):
        raise GoldError(f"{path}: the aliases file must map each speaker to a list of names")
    return {str(k): [str(a) for a in v] for k, v in data.items()}


def predictions(df: Any, articles: set[str]) -> list[Item]:
    """The table's rows of the gold's articles as items."""
    rows = df[df["article"].astype(str).isin(articles)]
    starts = rows["start"] if "start" in rows else [None] * len(rows)
    ends = rows["end"] if "end" in rows else [None] * len(rows)
    kinds = rows["kind"].astype(str) if "kind" in rows else ["direct"] * len(rows)
    return [
        make_item(a, k, q, s, b, e)
        for a, k, q, s, b, e in zip(
            rows["article"],
            kinds,
            rows["quote"],
            rows["speaker"].astype(object),
            starts,
            ends,
            strict=True,
        )
    ]


def jaccard(a: Counter[str], b: Counter[str]) -> float:
    union = sum((a | b).values())
    return sum((a & b).values()) / union if union else 0.0


def overlap(a: Counter[str], b: Counter[str]) -> float:
    shorter = min(sum(a.values()), sum(b.values()))
    return sum((a & b).values()) / shorter if shorter else 0.0


def exact(g: Item, p: Item) -> float:
    if g.start is not None and p.start is not None:
        return float((g.start, g.end) == (p.start, p.end))
    return float(fold_words(g.text) == fold_words(p.text) and bool(g.words))


def speaker_ok(predicted: str, gold: str, aliases: dict[str, list[str]]) -> bool:
    if not gold:
        return not fold_words(predicted)
    padded = f" {fold_words(predicted)} "
    return any(f" {fold_words(a)} " in padded for a in aliases.get(gold, [gold]) if fold_words(a))


def pair(
    golds: Sequence[Item], preds: Sequence[Item], sim: Callable[[Item, Item], float], bar: float
) -> list[tuple[int, int]]:
    """One-to-one pairs of the same article with similarity >= bar, best pairs first."""
    scored = sorted(
        (
            (s, gi, pi)
            for gi, g in enumerate(golds)
            for pi, p in enumerate(preds)
            if g.article == p.article and (s := sim(g, p)) >= bar
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in scored:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _similarity(part: str, matching: str) -> Callable[[Item, Item], float]:
    if matching == "exact":
        return exact
    words = jaccard if part == "quoted" else overlap
    return lambda g, p: words(g.words, p.words)


def score(
    gold: Sequence[Item], preds: Sequence[Item], aliases: dict[str, list[str]]
) -> list[Score]:
    """Scores per part (quoted, indirect) and matching (overlap, exact)."""
    ignores = [g for g in gold if g.kind == "ignore"]
    preds = [
        p
        for p in preds
        if not any(i.article == p.article and jaccard(i.words, p.words) >= 0.5 for i in ignores)
    ]
    out = []
    for part, kinds in PARTS.items():
        golds = [g for g in gold if g.kind in kinds]
        mine = [p for p in preds if p.kind in kinds]
        for matching in MATCHINGS:
            pairs = pair(golds, mine, _similarity(part, matching), 0.5)
            ok = {
                (gi, pi)
                for gi, pi in pairs
                if speaker_ok(mine[pi].speaker, golds[gi].speaker, aliases)
            }
            named = {(gi, pi) for gi, pi in pairs if fold_words(mine[pi].speaker)}
            found_g = {gi for gi, _ in pairs}
            found_p = {pi for _, pi in pairs}
            out.append(
                Score(
                    part,
                    matching,
                    len(golds),
                    len(mine),
                    len(pairs),
                    len(ok),
                    len(named),
                    len(named & ok),
                    tuple(g for i, g in enumerate(golds) if i not in found_g),
                    tuple(p for i, p in enumerate(mine) if i not in found_p),
                    tuple((golds[gi], mine[pi]) for gi, pi in pairs if (gi, pi) not in ok),
                )
            )
    return out


def evaluate(gold_path: Path, table_path: Path, aliases_path: Path | None = None) -> list[Score]:
    """Score the quotes table at `table_path` against the gold file."""
    import pandas as pd

    gold = read_gold(gold_path)
    aliases = read_aliases(aliases_path)
    df = pd.read_parquet(table_path)
    missing = [c for c in ("article", "quote", "speaker") if c not in df.columns]
    if missing:
        raise GoldError(f"{table_path}: the table lacks the columns {missing}")
    return score(gold, predictions(df, {g.article for g in gold}), aliases)


def as_dict(scores: Sequence[Score]) -> dict[str, Any]:
    """Scores as plain data (for --json), rounded to three decimals."""
    out: dict[str, Any] = {}
    for s in scores:
        p, r, f = s.detect
        ep, er, ef = s.end_to_end
        out.setdefault(s.part, {})[s.matching] = {
            "gold": s.gold,
            "predicted": s.predicted,
            "matched": s.matched,
            "attributed": s.attributed,
            "detect_p": round(p, 3),
            "detect_r": round(r, 3),
            "detect_f1": round(f, 3),
            "attribution_acc": round(s.attribution, 3),
            "named": s.named,
            "named_precision": round(s.named_precision, 3),
            "e2e_p": round(ep, 3),
            "e2e_r": round(er, 3),
            "e2e_f1": round(ef, 3),
            "missed": [_brief(g) for g in s.missed],
            "spurious": [_brief(p) for p in s.spurious],
            "wrong_speaker": [
                {**_brief(g), "gold_speaker": g.speaker, "predicted_speaker": p.speaker}
                for g, p in s.wrong
            ],
        }
    return out


def _brief(item: Item) -> dict[str, Any]:
    return {"article": item.article, "kind": item.kind, "text": item.text, "speaker": item.speaker}
