"""Fit the weights of rules/attribution.toml on the shared gold, and report the calibration.

Usage: python tools/fit_attribution.py [--shared ../shared] [--parser spacy|conllu:DIR…]
                                       [--rounds 2] [--l2 1.0] [--write]

Every article of the gold sets (seeds, dev, dev2) is parsed once; attribution then runs with
the current weights, and every decision (quotes/attribute.py: the candidate speakers of a
quote or indirect content, with their evidence) whose span matches a gold item (as the shared
scorer matches them) gives one training example per choice: its features, and whether its
speaker, once linked across the corpus, is one the gold's aliases accept. A logistic
regression with an L2 penalty is fitted on them; since a decision depends on the previous
ones (a quote continues the speech of the one before), attribution runs again with the new
weights, `--rounds` times. `--write` writes the weights to rules/attribution.toml.

Then, on dev + dev2: the calibration of `confidence` (the chosen choice's probability) in
bins, and the share of named rows right at each threshold.

Only the shared gold is read: never the hidden sets, and no text the scorer does not see.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes import evaluate as ev  # noqa: E402
from quotes.attribute import Decision  # noqa: E402
from quotes.ingest import iter_articles  # noqa: E402
from quotes.link import link  # noqa: E402
from quotes.parse.choice import load_parser, parser_spec  # noqa: E402
from quotes.pipeline import attribute_article, parse_input  # noqa: E402
from quotes.rules import AttributionModel, RuleSet, load_rules  # noqa: E402
from quotes.types import Article, Failure  # noqa: E402

# gold file, aliases file, folder of the articles (relative to ../shared; seeds are the
# project's own data/articles)
SETS = {
    "seeds": ("gold/seeds.gold.jsonl", "gold/speakers.json", None),
    "dev": ("gold/dev.gold.jsonl", "gold/speakers.json", "corpus"),
    "dev2": ("gold/dev2.gold.jsonl", "gold/dev2.speakers.json", "corpus2"),
}


@dataclasses.dataclass
class GoldSet:
    name: str
    gold: list[ev.Item]
    aliases: dict[str, list[str]]
    articles: list[Article]
    parsed: list[tuple[Article, Any, Any]]  # (visible article, parse, paragraphs)


@dataclasses.dataclass(frozen=True)
class Example:
    """One choice of one matched decision: its features and whether it is right."""

    set: str
    group: int  # the decision it belongs to
    features: tuple[tuple[str, float], ...]
    right: bool
    chosen: bool  # the row's choice
    named: bool  # the row names it
    probability: float = 0.0  # its probability under the weights it was weighed with


def load_set(name: str, shared: Path, rules: RuleSet, parser: str) -> GoldSet:
    gold_file, alias_file, folder = SETS[name]
    gold = ev.read_gold(shared / gold_file)
    ids = {g.article for g in gold}
    base = shared / folder if folder else ROOT / "data" / "articles"
    spec = parser_spec(parser.replace("{set}", name))
    backend = load_parser(spec)
    articles = [
        a for a in iter_articles([base], rules.dates) if not isinstance(a, Failure) and a.id in ids
    ]
    inputs = [parse_input(a, rules) for a in articles]
    parses = backend.parse_many(inputs)
    parsed = [
        (dataclasses.replace(a, text=item.text), parse, tuple(item.paragraphs))
        for a, item, parse in zip(articles, inputs, parses, strict=True)
    ]
    return GoldSet(name, gold, ev.read_aliases(shared / alias_file), articles, parsed)


def examples(sets: Sequence[GoldSet], rules: RuleSet) -> list[Example]:
    """Attribution with `rules`' weights on every set; one example per choice of each decision
    that matches a gold item."""
    out: list[Example] = []
    group = 0
    for s in sets:
        traces: dict[str, list[Decision]] = {}
        results = []
        for article, parse, paras in s.parsed:
            trace: list[Decision] = []
            results.append(attribute_article(article, rules, parse, paras, trace=trace))
            traces[article.id] = trace
        linked = link(results, rules)
        texts = {a.id: a.text for a, _, _ in s.parsed}
        for part, kinds in ev.PARTS.items():
            golds = [g for g in s.gold if g.kind in kinds]
            decisions = [
                (aid, d) for aid, ds in traces.items() for d in ds if d.row.kind.value in kinds
            ]
            items = [
                ev.make_item(
                    aid, d.row.kind.value, texts[aid][d.row.span.start : d.row.span.end], ""
                )
                for aid, d in decisions
            ]
            sim = ev.jaccard if part == "quoted" else ev.overlap
            for gi, pi in ev.pair(golds, items, lambda g, p, sim=sim: sim(g.words, p.words), 0.5):
                aid, d = decisions[pi]
                threshold = rules.attribution.threshold
                for rank, choice in enumerate(d.choices):
                    who = linked.of(aid, choice.key)
                    name = who.name if who is not None else (choice.speaker or "")
                    right = ev.speaker_ok(
                        name if choice.key is not None else "", golds[gi].speaker, s.aliases
                    )
                    named = rank == 0 and choice.key is not None and choice.probability >= threshold
                    out.append(
                        Example(
                            s.name,
                            group,
                            choice.evidence,
                            right,
                            rank == 0,
                            named,
                            choice.probability,
                        )
                    )
                group += 1
    return out


def fit(
    data: Sequence[Example],
    l2: float,
    steps: int = 3000,
    start: AttributionModel | None = None,
    only: frozenset[str] = frozenset(),
) -> AttributionModel:
    """A conditional logit: the choices of one decision compete in a softmax with « none of
    them » (score `bias`); the right choice, or « none » when no choice is right, is the
    label. Fitted by gradient descent on the mean negative log-likelihood plus L2. With
    `only`, just those features' weights move; the others and the bias keep `start`'s."""
    names = sorted({n for e in data for n, _ in e.features})
    groups: dict[int, list[Example]] = defaultdict(list)
    for e in data:
        groups[e.group].append(e)
    width = max(len(g) for g in groups.values()) + 1  # slot 0 is « none of them »
    x = np.zeros((len(groups), width, len(names)))
    mask = np.zeros((len(groups), width), dtype=bool)
    y = np.zeros((len(groups), width))
    for gi, members in enumerate(groups.values()):
        mask[gi, 0] = True
        right = [k for k, e in enumerate(members) if e.right]
        y[gi, 1 + right[0] if right else 0] = 1.0
        for k, e in enumerate(members):
            mask[gi, k + 1] = True
            for n, v in e.features:
                x[gi, k + 1, names.index(n)] = v
    w = np.zeros(len(names))
    b = 0.0
    free = np.ones(len(names))
    if only:
        assert start is not None
        w = np.array([start.weight(n) for n in names])
        b = start.bias
        free = np.array([1.0 if n in only else 0.0 for n in names])
    rate = 0.5
    for _ in range(steps):
        z = x @ w
        z[:, 0] = b
        z = np.where(mask, z, -np.inf)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        d = p - y
        w -= free * rate * (np.einsum("gk,gkn->n", d[:, 1:], x[:, 1:]) + l2 * w) / len(groups)
        if not only:
            b -= rate * float(d[:, 0].sum()) / len(groups)
    weights = tuple(zip(names, (round(float(v), 3) for v in w), strict=True))
    return AttributionModel(weights, round(b, 3))


def calibration(data: Sequence[Example], model: AttributionModel) -> list[str]:
    """The chosen choices of dev + dev2 by probability bin: how many, and the share right."""
    chosen = [e for e in data if e.chosen and e.set in ("dev", "dev2")]
    lines = ["confidence   rows  right"]
    edges = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
    for lo, hi in itertools.pairwise(edges):
        rows = [e for e in chosen if lo <= e.probability < hi]
        right = sum(e.right for e in rows)
        share = f"{right / len(rows):.3f}" if rows else "-"
        lines.append(f"[{lo:.1f}, {min(hi, 1.0):.1f})  {len(rows):5d}  {share}")
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):
        rows = [e for e in chosen if e.probability >= t]
        right = sum(e.right for e in rows)
        lines.append(f">= {t:.1f}: {len(rows)} rows, {right / max(len(rows), 1):.3f} right")
    return lines


def write(model: AttributionModel, path: Path, sets: Sequence[str], l2: float) -> None:
    lines = [
        "schema_version = 1",
        "# Weights of the evidence for a candidate speaker (quotes/evidence.py): the probability",
        "# that a choice is right is 1 / (1 + exp(-(bias + sum of weight × feature))); below",
        "# `threshold` no speaker is named.",
        f"# Fitted by tools/fit_attribution.py on {dt.date.today().isoformat()}: logistic",
        f"# regression (L2 {l2}) on the choices of the gold sets {', '.join(sets)} of",
        "# ../shared/gold (never on text the scorer does not see). Edit by refitting.",
        f"bias = {model.bias}",
        f"threshold = {model.threshold}",
        "# an unnamed candidate less speaker-like than this (rules/likeness.toml) is nobody",
        f"min_likeness = {model.min_likeness}",
        "",
        "[weights]",
    ]
    lines += [f'"{name}" = {w}' for name, w in model.weights]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--parser", default="spacy", help="spacy, or conllu:DIR with {set}")
    ap.add_argument("--sets", default="seeds,dev,dev2")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--write", action="store_true")
    ap.add_argument(
        "--only",
        default="",
        help="comma-separated features: fit just their weights, keeping the others (a new "
        "feature weighed against the weights in place)",
    )
    args = ap.parse_args(argv)
    rules = load_rules()
    names = args.sets.split(",")
    sets = [load_set(n, args.shared, rules, args.parser) for n in names]
    model = rules.attribution
    for k in range(args.rounds):
        data = examples(sets, dataclasses.replace(rules, attribution=model))
        threshold = args.threshold if args.threshold is not None else model.threshold
        only = frozenset(f for f in args.only.split(",") if f)
        model = dataclasses.replace(
            fit(data, args.l2, start=model, only=only),
            threshold=threshold,
            min_likeness=rules.attribution.min_likeness,
        )
        right = sum(e.right for e in data)
        print(f"round {k + 1}: {len(data)} choices, {right} right", file=sys.stderr)
    data = examples(sets, dataclasses.replace(rules, attribution=model))
    for name, w in model.weights:
        print(f"{name:24s} {w:+.3f}")
    print(f"{'bias (none of them)':24s} {model.bias:+.3f}")
    print("\n".join(calibration(data, model)))
    if args.write:
        write(model, ROOT / "rules" / "attribution.toml", names, args.l2)
        print("written: rules/attribution.toml")


if __name__ == "__main__":
    main(sys.argv[1:])
