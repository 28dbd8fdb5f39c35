"""`make bench-serve`: how fast `quotes serve` answers on the table of the whole scale corpus.

The table is `quotes extract ../shared/scale/articles.jsonl` (built once under
bench/scale-table/, ignored by git; `--table` to use another). A real `quotes serve` runs in
its own process on 127.0.0.1; this script asks it, one request at a time, a varied set of
questions per endpoint (speaker ids, words, outlets and dates read from the table itself) and
reports the 50th and 95th percentile and the slowest answer of each, in milliseconds.

`--double` also measures a table of twice as many rows (every article copied under a new id,
written as a folder of Parquet parts), labelled as replicated: the page must stay responsive
past 100,000 rows. Results go to bench/serve-results.json (or `--out`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pyarrow.compute as pc
import pyarrow.parquet as pq

from quotes.table import articles_path, speakers_path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUOTES_SHARED", ROOT.parent / "shared"))
BIN = Path(sys.executable).parent

# Everyday words of political news, to search for (no name: names come from the table).
WORDS = (
    "gouvernement",
    "taxe",
    "pouvoir d'achat",
    "manifestation",
    "violence",
    "référendum",
    "Europe",
    "démission",
    "police",
    "dialogue",
    "retraites",
    "salaire",
    "impôts",
    "colère",
    "élection",
    "sécurité",
    "justice",
    "président",
    "grand débat",
    "carburant",
    "blessés",
    "école",
    "hôpital",
    "emploi",
    "climat",
    '"état d\'urgence"',
    "casseurs",
    "Assemblée",
)


def scale_table(out: Path) -> Path:
    """The quotes table of the whole scale corpus, extracted once."""
    if out.exists():
        return out
    source = SHARED / "scale" / "articles.jsonl"
    if not source.is_file():
        sys.exit(f"bench-serve: the scale corpus is absent ({source}); nothing to measure")
    out.parent.mkdir(parents=True, exist_ok=True)
    print(f"bench-serve: extracting {source} into {out} (a few minutes, once)", flush=True)
    subprocess.run([BIN / "quotes", "extract", source, "--out", out, "--quiet"], check=True)
    return out


def doubled(table: Path, out_dir: Path) -> Path:
    """`table` with every article twice (the copy under a new id), as a folder of parts."""
    out = out_dir / "quotes"
    if out.exists():
        return out
    out.mkdir(parents=True)
    rows = pq.read_table(table)
    copy = rows.set_column(
        rows.schema.get_field_index("article"),
        "article",
        pc.binary_join_element_wise(rows["article"], "-copy", ""),
    )
    pq.write_table(rows, out / "part-00000.parquet")
    pq.write_table(copy.cast(rows.schema), out / "part-00001.parquet")
    articles = pq.read_table(articles_path(table))
    copied = articles.set_column(
        0, "article", pc.binary_join_element_wise(articles["article"], "-copy", "")
    )
    import pyarrow as pa

    copied = copied.cast(articles.schema)
    pq.write_table(pa.concat_tables([articles, copied]), out_dir / "articles.parquet")
    shutil.copy(speakers_path(table), out_dir / "speakers.parquet")
    return out


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def questions(table: Path, rng: random.Random, n: int) -> dict[str, list[str]]:
    """`n` addresses per endpoint, from the table's own speakers, outlets, dates, articles."""
    rows = pq.read_table(table, columns=["speaker_id", "source", "date", "article"])
    frame = rows.to_pandas()
    top = frame["speaker_id"].value_counts().index[:60].tolist()
    outlets = frame["source"].dropna().unique().tolist()
    dates = sorted(frame["date"].dropna().unique().tolist())
    articles = frame["article"].unique().tolist()

    def words() -> str:
        return rng.choice(WORDS)

    def span() -> dict[str, str]:
        a, b = sorted(rng.sample(dates, 2))
        return {"since": a.isoformat(), "until": b.isoformat()}

    def url(path: str, **params: Any) -> str:
        return path + ("?" + urlencode(params, doseq=True) if params else "")

    make = {
        "GET /api/speakers": lambda: url(
            "/api/speakers", q=rng.choice(["", "ma", "le", "pré", "ministre", "jean"])
        ),
        "GET /api/speaker/ID": lambda: f"/api/speaker/{quote(rng.choice(top), safe='')}",
        "GET /api/said": lambda: url(
            "/api/said",
            speaker=rng.choice(top),
            q=rng.choice(["", words()]),
            offset=rng.choice([0, 0, 50]),
        ),
        "GET /api/search": lambda: url(
            "/api/search",
            q=words(),
            **rng.choice([{}, {"outlet": rng.choice(outlets)}, span(), {"kind": "direct"}]),
        ),
        "GET /api/search (no words)": lambda: url(
            "/api/search",
            **rng.choice([{}, {"outlet": rng.choice(outlets)}, span()]),
            offset=rng.choice([0, 1000, 20000]),
        ),
        "GET /api/statements": lambda: url(
            "/api/statements", conflicts=rng.choice([0, 1]), offset=rng.choice([0, 20, 200])
        ),
        "GET /api/compare": lambda: url(
            "/api/compare", speaker=rng.sample(top[:20], 2), q=rng.choice(["", words()])
        ),
        "GET /api/article/ID": lambda: f"/api/article/{quote(rng.choice(articles), safe='')}",
        "page /": lambda: url(
            "/", q=rng.choice(["", words()]), who=rng.choice(["", rng.choice(top)])
        ),
        "page /speakers": lambda: url("/speakers", q=rng.choice(["", "ma", "le"])),
        "page /speaker/ID": lambda: url(
            f"/speaker/{quote(rng.choice(top), safe='')}", q=rng.choice(["", words()])
        ),
        "page /compare": lambda: url(
            "/compare", speaker=rng.sample(top[:20], 3), q=rng.choice(["", words()])
        ),
        "page /statements": lambda: url(
            "/statements", conflicts=rng.choice([0, 1]), q=rng.choice(["", words()])
        ),
        "page /article/ID": lambda: f"/article/{quote(rng.choice(articles), safe='')}",
    }
    return {name: [ask() for _ in range(n)] for name, ask in make.items()}


def measure(table: Path, n: int, seed: int) -> dict[str, Any]:
    """Start `quotes serve` on `table`, ask every question once (after a warm-up round of
    three per endpoint), and give the percentiles per endpoint."""
    port = _port()
    server = subprocess.Popen(
        [BIN / "quotes", "serve", "--table", table, "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                try:
                    client.get("/api/outlets")
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.perf_counter() - started > 60:
                        sys.exit("bench-serve: the server did not start")
                    time.sleep(0.1)
            ready = time.perf_counter() - started
            asked = questions(table, random.Random(seed), n)
            out: dict[str, Any] = {}
            for name, urls in asked.items():
                for u in urls[:3]:
                    client.get(u)
                times, statuses = [], set()
                for u in urls:
                    t = time.perf_counter()
                    answer = client.get(u)
                    times.append((time.perf_counter() - t) * 1000)
                    statuses.add(answer.status_code)
                times.sort()
                out[name] = {
                    "requests": len(times),
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 1),
                    "max_ms": round(times[-1], 1),
                    "statuses": sorted(statuses),
                }
                print(
                    f"  {name:28} p50 {out[name]['p50_ms']:7.1f} ms  p95 "
                    f"{out[name]['p95_ms']:7.1f} ms  max {out[name]['max_ms']:7.1f} ms  "
                    f"{out[name]['statuses']}",
                    flush=True,
                )
        return {"start_s": round(ready, 2), "endpoints": out}
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--table", type=Path, default=ROOT / "bench" / "scale-table" / "quotes.parquet")
    ap.add_argument("--requests", type=int, default=60, help="Requests per endpoint.")
    ap.add_argument("--double", action="store_true", help="Also a replicated table of 2x rows.")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "serve-results.json")
    args = ap.parse_args()
    table = scale_table(args.table)
    tables = {"scale": table}
    if args.double:
        tables["scale x2 (replicated)"] = doubled(table, args.table.parent / "x2")
    results: dict[str, Any] = {"machine": {"cores": os.cpu_count()}}
    for label, path in tables.items():
        rows = pq.ParquetDataset(path).read(columns=["article"])
        print(
            f"{label}: {path} ({rows.num_rows} rows, {len(pc.unique(rows['article']))} articles)",
            flush=True,
        )
        results[label] = {"table": str(path), "rows": rows.num_rows} | measure(
            path, args.requests, args.seed
        )
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"bench-serve: {args.out}")


if __name__ == "__main__":
    main()
