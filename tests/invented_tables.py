"""Quotes, speakers and articles tables of invented articles, written with the real schemas,
for the tests of `quotes serve`: a small one whose every row is known, and a large one
(thousands of rows) to page through."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from quotes.table import ARTICLES_SCHEMA, SCHEMA, SPEAKERS_SCHEMA, articles_path, speakers_path

HOSTILE = '<script>alert(1)</script>" onmouseover="alert(2)'


def _row(
    article: str,
    day: dt.date | None,
    source: str,
    who: tuple[str, str] | None,
    quote: str,
    kind: str,
    start: int,
    statement: str,
    confidence: float,
) -> dict[str, Any]:
    name, sid = who or (None, None)
    return {
        "article": article,
        "date": day,
        "date_source": "row" if day else None,
        "title": f"Titre de {article}",
        "source": source,
        "speaker": name,
        "speaker_id": sid,
        "speaker_type": "person" if sid else None,
        "speaker_gender": None,
        "speaker_mention": name,
        "quote": quote,
        "kind": kind,
        "cue": "dire",
        "start": start,
        "end": start + len(quote),
        "paragraph": 0,
        "statement_id": statement,
        "rule": "test",
        "confidence": confidence,
        "backend": "test",
        "model": "test",
        "rules_hash": "0",
    }


def write(
    folder: Path,
    rows: list[dict[str, Any]],
    texts: dict[str, str],
    variants: dict[str, list[str]],
    name: str = "quotes.parquet",
    parts: bool = False,
) -> Path:
    """The three tables under `folder`; the quotes table as one file or a folder of parts."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / name
    rows = sorted(rows, key=lambda r: (r["article"], r["start"]))
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    if parts:
        out.mkdir()
        half = table.num_rows // 2
        pq.write_table(table.slice(0, half), out / "part-00000.parquet")
        pq.write_table(table.slice(half), out / "part-00001.parquet")
    else:
        pq.write_table(table, out)
    first = {r["article"]: r for r in rows}
    articles = [
        {
            "article": a,
            "title": f"Titre de {a}",
            "date": first[a]["date"] if a in first else None,
            "date_source": None,
            "source": first[a]["source"] if a in first else None,
            "url": f"https://example.org/{a}",
            "path": None,
            "encoding": "utf-8",
            "text": text,
            "words": len(text.split()),
            "content_hash": "0" * 64,
        }
        for a, text in sorted(texts.items())
    ]
    pq.write_table(pa.Table.from_pylist(articles, schema=ARTICLES_SCHEMA), articles_path(out))
    speakers = [
        {
            "speaker_id": sid,
            "speaker": names[0],
            "speaker_type": "person",
            "speaker_gender": None,
            "gender_rule": None,
            "variants": names,
            "source": "test",
        }
        for sid, names in sorted(variants.items())
    ]
    pq.write_table(pa.Table.from_pylist(speakers, schema=SPEAKERS_SCHEMA), speakers_path(out))
    return out


def small(folder: Path, parts: bool = False) -> Path:
    """Three articles: Jeanne Dupont says « nous négocierons » in two of them (a statement
    of two articles) and Paul Martin is given the same words in a third (a conflict); a
    hostile quote holds markup; one row names nobody; one is named at low confidence."""
    dupont, martin = ("Jeanne Dupont", "jeanne-dupont"), ("Paul Martin", "paul-martin")
    texts = {
        "a1": "Jeanne Dupont a dit « nous négocierons jusqu’au bout ». "
        "Elle a ajouté « Noël sera calme ».",
        "a2": "« Nous négocierons jusqu’au bout », a affirmé Jeanne Dupont. Un voisin a dit « "
        + HOSTILE
        + " ».",
        "a3": "Paul Martin a lancé « nous négocierons jusqu’au bout ». Il a parlé du pouvoir "
        "d’achat : « le pouvoir d’achat d’abord ».",
    }
    rows = []

    def add(
        article: str, day: dt.date, who: Any, quote: str, kind: str, st: str, conf: float = 0.95
    ) -> None:
        start = texts[article].index(quote)
        rows.append(_row(article, day, f"Journal {article[-1]}", who, quote, kind, start, st, conf))

    add("a1", dt.date(2024, 1, 5), dupont, "nous négocierons jusqu’au bout", "direct", "st-1")
    add("a1", dt.date(2024, 1, 5), dupont, "Noël sera calme", "direct", "st-2", 0.5)
    add("a2", dt.date(2024, 1, 6), dupont, "Nous négocierons jusqu’au bout", "direct", "st-1")
    add("a2", dt.date(2024, 1, 6), None, HOSTILE, "direct", "st-3", 0.2)
    add("a3", dt.date(2024, 2, 1), martin, "nous négocierons jusqu’au bout", "direct", "st-1")
    add("a3", dt.date(2024, 2, 1), martin, "le pouvoir d’achat d’abord", "direct", "st-4")
    variants = {
        "jeanne-dupont": ["Jeanne Dupont", "J. Dupont", "Dupont"],
        "paul-martin": ["Paul Martin"],
    }
    return write(folder, rows, texts, variants, parts=parts)


def large(folder: Path, n_articles: int = 400, per_article: int = 10, seed: int = 7) -> Path:
    """`n_articles` invented articles of `per_article` quotes each, by 40 invented speakers
    over two years: thousands of rows to page through."""
    rng = random.Random(seed)
    first = ("Jeanne", "Paul", "Amina", "Luc", "Sofia", "Hugo", "Léa", "Karim")
    last = ("Dupont", "Martin", "Benali", "Moreau", "Lefèvre")
    people = [(f"{f} {s}", f"{f.lower()}-{s.lower()}") for f in first for s in last]
    words = (
        "réforme",
        "budget",
        "négociation",
        "hôpital",
        "école",
        "retraites",
        "impôt",
        "climat",
        "sécurité",
        "logement",
        "emploi",
        "énergie",
    )
    rows, texts, variants = [], {}, {sid: [name, name.split()[1]] for name, sid in people}
    for k in range(n_articles):
        article = f"art{k:05d}"
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730))
        parts, cursor = [], 0
        for j in range(per_article):
            who = people[min(int(rng.expovariate(0.15)), len(people) - 1)]
            quote = f"la {rng.choice(words)} compte avant tout pour nous, numéro {j}"
            lead = f"{who[0]} a déclaré : « "
            start = cursor + len(lead)
            parts.append(lead + quote + " ». ")
            cursor += len(parts[-1])
            st = f"st-{article}-{j}"
            rows.append(
                _row(
                    article,
                    day,
                    f"Journal {k % 7}",
                    who,
                    quote,
                    "direct",
                    start,
                    st,
                    round(rng.uniform(0.3, 1.0), 3),
                )
            )
        texts[article] = "".join(parts)
    return write(folder, rows, texts, variants)
