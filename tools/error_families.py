"""Count the attribution errors of a quotes table per error family (issue 14).

Usage: python tools/error_families.py GOLD.jsonl ALIASES.json TABLE.parquet [--list]

Each wrong or missing attribution of the gold's items (matched as the shared scorer matches
them) is put in the first family whose test it passes:

1. non_speaker: the row names words that are no speaker (the linked speaker has no type:
   an abstract, event or quantity noun);
2. cut_or_glued: the row's speaker shares a word with the gold speaker's aliases but is not
   one of them (a name cut short, glued to a word, a role phrase cut in the middle);
3. role_left: the row names an unnamed role (lowercase) where the gold names a person;
4. fragment: a partial quote given to someone else, or to nobody;
5. testimony: a direct quote with no cue of its own (continuation, floating) given to someone
   else or to nobody;
6. indirect: indirect speech missed, or given to the wrong speaker;
other: the rest (a pronoun resolved to the wrong person, a wrong cue, ...).

The families are a diagnostic for the notes, not a score.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from quotes import evaluate as ev

FAMILIES = (
    "non_speaker",
    "cut_or_glued",
    "role_left",
    "fragment",
    "testimony",
    "indirect",
    "other",
)


def family(gold: ev.Item, row: dict | None, aliases: dict[str, list[str]]) -> str:
    """The family of one error: `row` is the matched row (None: the item was missed)."""
    if gold.kind == "indirect":
        return "indirect"
    if row is None:
        return "fragment" if gold.kind == "partial" else "testimony"
    said = ev.fold_words(row["speaker"] or "")
    names = {w for a in aliases.get(gold.speaker, [gold.speaker]) for w in ev.fold_words(a).split()}
    if said and not row.get("speaker_type"):
        return "non_speaker"
    if said and set(said.split()) & names:
        return "cut_or_glued"
    if said and row["speaker"][:1].islower() and gold.speaker[:1].isupper():
        return "role_left"
    if gold.kind == "partial":
        return "fragment"
    if str(row.get("rule", "")).startswith(("floating", "continuation")):
        return "testimony"
    return "other"


def errors(
    gold_path: Path, aliases_path: Path, table_path: Path
) -> list[tuple[str, ev.Item, dict | None]]:
    gold = ev.read_gold(gold_path)
    aliases = ev.read_aliases(aliases_path)
    df = pd.read_parquet(table_path)
    df = df[df.article.astype(str).isin({g.article for g in gold})].reset_index(drop=True)
    records = df.astype(object).where(df.notna(), None).to_dict("records")
    ignores = [g for g in gold if g.kind == "ignore"]
    out = []
    for part, kinds in ev.PARTS.items():
        golds = [g for g in gold if g.kind in kinds]
        idx = [
            i
            for i, r in enumerate(records)
            if r["kind"] in kinds
            and not any(
                g.article == str(r["article"])
                and ev.jaccard(
                    g.words, ev.make_item(r["article"], r["kind"], r["quote"], None).words
                )
                >= 0.5
                for g in ignores
            )
        ]
        items = [
            ev.make_item(
                records[i]["article"],
                records[i]["kind"],
                records[i]["quote"],
                records[i]["speaker"],
            )
            for i in idx
        ]
        sim = ev.jaccard if part == "quoted" else ev.overlap
        pairs = dict(ev.pair(golds, items, lambda g, p, sim=sim: sim(g.words, p.words), 0.5))
        for gi, g in enumerate(golds):
            pi = pairs.get(gi)
            row = records[idx[pi]] if pi is not None else None
            if row is not None and ev.speaker_ok(items[pi].speaker, g.speaker, aliases):
                continue
            out.append((family(g, row, aliases), g, row))
    return out


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    found = errors(Path(args[0]), Path(args[1]), Path(args[2]))
    counts = Counter(f for f, _, _ in found)
    print(" ".join(f"{f}={counts[f]}" for f in FAMILIES), f"total={len(found)}")
    if "--list" in argv:
        for f, g, row in sorted(found, key=lambda x: FAMILIES.index(x[0])):
            said = row["speaker"] if row is not None else "(missed)"
            head = f"{f:13s} [{g.article}] {g.kind:8s}"
            print(f"{head} gold={g.speaker!r} row={said!r}: {g.text[:60]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
