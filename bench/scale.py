"""Benchmark: Rashomon at 1,000 and 10,000 documents (and more when asked), one process, two processes and
a local Dask cluster.

Corpus: real news text recombined. The sources are the 75 Voice of America stories of
../shared/corpus/voa-dev and the 181 article bodies of the article-extraction benchmark. Each synthetic
document keeps one source's voice: the lead paragraph of one of its articles, then four to seven
paragraphs drawn (seeded) from other articles of the same source, so documents are distinct (the
near-duplicate check stores them) but read like wire copy; each gets a URL, an outlet (the source)
and a publication date spread over 2025. They are written as one JSONL file per size.

Per size, each a fresh store:
- docs/s of `analyze` in one process, with `--n-process 2` and with `--dask local:2`, and the driver's
  peak RSS (sampled every 0.2 s);
- the store's size; the time to add 1 % new documents to the one-process store, as a share of its
  from-scratch time;
- the report: seconds to write, bytes, and seconds until chromium has loaded it (load event);
- `serve`: p50/p95 latency of /api/events?limit=100 and of /api/shift on the busiest dyad, 30 requests each.

Writes bench/results/scale.json. Run from the project root:  python bench/scale.py [--sizes 1000,10000]
(about 15 minutes at 1,000 documents on 2 cores; 10,000 take hours).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
from common import BENCH_DATA, write_results

import rashomon

ROOT = Path(__file__).resolve().parents[1]
VOA = BENCH_DATA.parent / "corpus" / "voa-dev" / "voa-dev.jsonl"
ARTICLES = BENCH_DATA / "article-extraction" / "ground-truth.json"
RASHOMON = Path(sys.executable).parent / "rashomon"
SEED = 7
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
MODES = {"one process": [], "--n-process 2": ["--n-process", "2"], "--dask local:2": ["--dask", "local:2"]}


def sources() -> dict[str, list[list[str]]]:
    """Source name → its articles, each as its paragraphs (those of 40 characters or more)."""
    found: dict[str, list[list[str]]] = {}
    if VOA.is_file():
        stories = [json.loads(line)["text"] for line in VOA.read_text(encoding="utf-8").splitlines() if line]
        found["Voice of America"] = [_paragraphs(text) for text in stories]
    if ARTICLES.is_file():
        bodies = [entry["articleBody"] for entry in json.loads(ARTICLES.read_text(encoding="utf-8")).values()]
        found["article-extraction"] = [_paragraphs(text) for text in bodies]
    return {name: [a for a in articles if len(a) >= 2] for name, articles in found.items()}


def _paragraphs(text: str) -> list[str]:
    """Its paragraphs; a text without line breaks (the VOA stories) in pairs of sentences, as wire copy."""
    lines = [p.strip() for p in text.replace("\r", "").split("\n") if len(p.strip()) >= 40]
    if len(lines) > 1:
        return lines
    sentences = SENTENCE_END.split(text.strip())
    return [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]


def write_corpus(path: Path, size: int, start: int, pool: dict[str, list[list[str]]]) -> None:
    """`size` recombined documents, numbered from `start`, as one JSONL file."""
    rng = random.Random(SEED * 1_000_003 + start)
    names = sorted(pool)
    with path.open("w", encoding="utf-8") as out:
        for n in range(start, start + size):
            source = names[n % len(names)]
            articles = pool[source]
            lead = articles[rng.randrange(len(articles))]
            body = [lead[0]]
            for _ in range(rng.randint(4, 7)):
                other = articles[rng.randrange(len(articles))]
                body.append(other[rng.randrange(1, len(other))])
            day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
            row = {"url": f"https://scale.example/{n}", "title": lead[0][:80], "outlet": source,
                   "published": day.isoformat(), "text": "\n\n".join(body)}  # fmt: skip
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def timed_run(command: list[str]) -> dict[str, Any]:
    """Run a command; its wall seconds and its own (the driver's) peak resident memory."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    process, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):  # it may end between the poll and the sample
            peak = max(peak, process.memory_info().rss)
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    errors = [line for line in (child.stderr.read() if child.stderr else "").splitlines() if line.startswith("error")]
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak / 2**20), "exit_code": child.returncode,
            "errors": errors[:3]}  # fmt: skip


def analyze(corpus: list[Path], db: Path, extra: list[str]) -> dict[str, Any]:
    return timed_run([str(RASHOMON), "analyze", *map(str, corpus), "--db", str(db), "-q", *extra])


def report_figures(db: Path, folder: Path) -> dict[str, Any]:
    html = folder / "report.html"
    written = timed_run([str(RASHOMON), "report", "--db", str(db), "-o", str(html)])
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")  # Debian's, as the tests use
        browser = play.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(html.as_uri(), wait_until="load", timeout=600_000)
        loaded = time.perf_counter() - started
        browser.close()
    return {"write_seconds": written["seconds"], "bytes": html.stat().st_size,
            "chromium_load_seconds": round(loaded, 2)}  # fmt: skip


def busiest_dyad(db: Path) -> tuple[str, str]:
    with rashomon.open(db) as corpus:
        events = corpus.table("events").df()
    pairs = [(a, r) for actors, recipients in zip(events["actor_codes"], events["recipient_codes"], strict=True)
             for a in actors for r in recipients if a != r]  # fmt: skip
    return max(set(pairs), key=lambda p: (pairs.count(p), p)) if pairs else ("USA", "RUS")


def serve_latency(db: Path, folder: Path) -> dict[str, Any]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen([str(RASHOMON), "serve", "--db", str(db), "--port", str(port)], stdout=log, stderr=log)
    source, target = busiest_dyad(db)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/api/documents?limit=1", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        figures = {"shift_dyad": f"{source},{target}"}
        paths = {"events": "/api/events?limit=100", "shift": f"/api/shift?source={source}&target={target}"}
        for name, path in paths.items():
            times = []
            for _ in range(30):
                started = time.perf_counter()
                urllib.request.urlopen(base + path, timeout=120).read()
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[int(0.95 * len(times)) - 1]
            figures[name] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}
        return figures
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def measure(size: int, pool: dict[str, list[list[str]]], work: Path) -> dict[str, Any]:
    folder = work / str(size)
    folder.mkdir()
    corpus = folder / "corpus.jsonl"
    write_corpus(corpus, size, 0, pool)
    figures: dict[str, Any] = {"documents": size, "modes": {}}
    for mode, extra in MODES.items():
        run = analyze([corpus], folder / f"{mode.strip('-').split()[0]}.duckdb", extra)
        run["docs_per_second"] = round(size / run["seconds"], 2)
        figures["modes"][mode] = run
        print(f"{size} documents, {mode}: {run['docs_per_second']} docs/s, driver peak {run['peak_rss_mb']} MB")
    one = folder / "one.duckdb"
    figures["store_mb"] = round(one.stat().st_size / 2**20, 1)
    added = folder / "added.jsonl"
    write_corpus(added, max(1, size // 100), size, pool)
    grown = folder / "grown.duckdb"
    shutil.copy(one, grown)
    add = analyze([corpus, added], grown, [])
    add["share_of_from_scratch"] = round(add["seconds"] / figures["modes"]["one process"]["seconds"], 3)
    figures["add_one_percent"] = add
    figures["report"] = report_figures(one, folder)
    figures["serve"] = serve_latency(one, folder)
    print(f"  add 1 %: {add['seconds']} s ({add['share_of_from_scratch']:.1%}); report {figures['report']}")
    print(f"  serve: {figures['serve']}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    pool = sources()
    if not pool:
        print(f"skipped: no source text under {BENCH_DATA.parent} (../shared is absent)")
        return 0
    with tempfile.TemporaryDirectory(prefix="rashomon-scale-") as tmp:
        results = {
            "date": dt.date.today().isoformat(),
            "sources": {name: len(articles) for name, articles in pool.items()},
            "cores": psutil.cpu_count(),
            "sizes": [measure(size, pool, Path(tmp)) for size in sizes],
        }
    write_results("scale", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
