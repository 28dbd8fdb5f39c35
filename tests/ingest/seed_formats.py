"""Build a folder holding the seed articles in several formats, as a user's collection is."""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "data" / "articles"


def seed_manifest() -> dict[str, dict[str, str]]:
    with (SEEDS / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def seed_text(article: str) -> str:
    return (SEEDS / f"{article}.txt").read_text(encoding="utf-8")


def as_markdown(article: str, meta: dict[str, str]) -> str:
    front = [f"id: {article}", f"date: {meta['date']}"]
    if meta.get("title"):
        front.append(f"title: {json.dumps(meta['title'], ensure_ascii=False)}")
    return "---\n" + "\n".join(front) + "\n---\n\n" + seed_text(article)


def as_html(article: str, meta: dict[str, str]) -> str:
    """A news page: navigation, the article's paragraphs, a footer; date and title in meta."""
    title = html.escape(meta.get("title") or "")
    paragraphs = "\n".join(
        f"<p>{html.escape(line)}</p>" for line in seed_text(article).split("\n") if line.strip()
    )
    return (
        "<!DOCTYPE html>\n<html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:title' content='{title}'>"
        f"<meta property='article:published_time' content='{meta['date']}T08:00:00+01:00'>"
        f"<link rel='canonical' href='https://example.org/{article}'></head><body>"
        "<nav><ul><li><a href='/'>Accueil</a></li><li><a href='/monde'>Monde</a></li></ul></nav>"
        f"<article><h1>{title}</h1>\n{paragraphs}\n</article>"
        "<footer><p>© Example 2024. Tous droits réservés.</p></footer></body></html>"
    )


def as_json_line(article: str, meta: dict[str, str]) -> str:
    row = {"id": article, "date": meta["date"], "title": meta.get("title") or None}
    row["text"] = seed_text(article)
    return json.dumps(row, ensure_ascii=False)


def mixed_folder(root: Path, formats: dict[str, str]) -> Path:
    """`root` holding each seed in the format `formats[id]` (txt, md, html, jsonl); the .txt
    ones with a manifest.csv, the JSONL rows in one `collection.jsonl`."""
    meta = seed_manifest()
    root.mkdir(parents=True, exist_ok=True)
    manifest, rows = [], []
    for article, fmt in sorted(formats.items()):
        if fmt == "txt":
            (root / f"{article}.txt").write_text(seed_text(article), encoding="utf-8")
            manifest.append(meta[article])
        elif fmt == "md":
            (root / f"{article}.md").write_text(as_markdown(article, meta[article]), "utf-8")
        elif fmt == "html":
            (root / f"{article}.html").write_text(as_html(article, meta[article]), "utf-8")
        elif fmt == "jsonl":
            rows.append(as_json_line(article, meta[article]))
    if manifest:
        with (root / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["id", "file", "date", "title"])
            writer.writeheader()
            writer.writerows(manifest)
    if rows:
        (root / "collection.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root
