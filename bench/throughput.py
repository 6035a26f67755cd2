"""Benchmark: documents per second of the whole `analyze` step beside bare `nlp.pipe`, in one run.

Corpus: the 181 article bodies of ``../shared/bench-data/article-extraction/ground-truth.json``
written as text files (or, when the shared data is absent, the bundled demo corpus). `analyze`
reads, cleans, de-duplicates, parses, annotates and stores them in a new DuckDB file; then the same
model parses the stored clean texts with `nlp.pipe` alone. Both are measured in steady state: a
small `analyze` run first loads every model and dictionary, then each side runs twice and the
faster run counts. The ratio reported is bare seconds ÷ Rashomon seconds (1.0: annotation and
storage cost nothing beyond the parse); the goal is at least 0.8.

Run from the project root:  python bench/throughput.py   → bench/results/throughput.json
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import BENCH_DATA, write_results  # bench/common.py, beside this script

from rashomon.annotate.nlp import load_model, model_version
from rashomon.pipeline import BATCH_SIZE, analyze
from rashomon.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
GROUND_TRUTH = BENCH_DATA / "article-extraction" / "ground-truth.json"


def write_corpus(folder: Path) -> str:
    if GROUND_TRUTH.is_file():
        truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
        for key, entry in truth.items():
            (folder / f"{key[:16]}.txt").write_text(entry["articleBody"], encoding="utf-8")
        return "article-extraction ground truth (181 news articles)"
    shutil.copytree(ROOT / "demo" / "corpus", folder, dirs_exist_ok=True)
    return "bundled demo corpus"


def main() -> int:
    nlp = load_model()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        described = write_corpus(corpus)
        warm = Path(tmp) / "warm"
        warm.mkdir()
        for path in sorted(corpus.iterdir())[:3]:
            shutil.copy(path, warm / path.name)
        analyze([warm], Path(tmp) / "warm.duckdb")  # loads the model, dictionaries, language identifier
        rashomon_runs = []
        for run in range(2):
            start = time.perf_counter()
            report = analyze([corpus], Path(tmp) / f"bench{run}.duckdb")
            rashomon_runs.append(time.perf_counter() - start)
        with Store(Path(tmp) / "bench0.duckdb", read_only=True) as store:
            texts = [doc["text"] for doc in store.documents()]
    bare_runs = []
    for _ in range(2):
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        bare_runs.append(time.perf_counter() - start)
    rashomon_seconds, bare_seconds = min(rashomon_runs), min(bare_runs)
    words = sum(len(t.split()) for t in texts)
    results = {
        "date": dt.date.today().isoformat(),
        "corpus": described,
        "documents": len(texts),
        "words": words,
        "model": model_version(nlp),
        "batch_size": BATCH_SIZE,
        "rashomon_seconds": round(rashomon_seconds, 2),
        "bare_nlp_pipe_seconds": round(bare_seconds, 2),
        "rashomon_docs_per_second": round(len(texts) / rashomon_seconds, 2),
        "bare_docs_per_second": round(len(texts) / bare_seconds, 2),
        "ratio_bare_over_rashomon": round(bare_seconds / rashomon_seconds, 3),
        "failed_inputs": len(report.failed),
    }
    print(f"{described}: {len(texts)} documents, {words} words")
    print(f"rashomon analyze  {results['rashomon_docs_per_second']:7.2f} docs/s")
    print(f"bare nlp.pipe     {results['bare_docs_per_second']:7.2f} docs/s")
    print(f"ratio (bare seconds / rashomon seconds) = {results['ratio_bare_over_rashomon']:.3f}  (goal ≥ 0.8)")
    write_results("throughput", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
