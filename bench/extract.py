"""Benchmark: how well Rashomon's HTML ingest extracts article text and metadata, beside published peers.

Two data sets are read (read-only) from ``../shared/bench-data/`` next to the project root:

1. ``article-extraction/`` (scrapinghub article-extraction-benchmark, 181 English news pages).
   Body text is scored with the benchmark's shingle metric: ``\\w+`` tokens (case kept), 4-token
   shingles as a set per document; per document precision = TP/(TP+FP) and recall = TP/(TP+FN),
   averaged over documents; F1 is the harmonic mean of the two averages. Edge rules: empty
   prediction and non-empty gold -> P = R = 0; both empty -> P = R = 1; empty gold and non-empty
   prediction -> P = 0, R = 1. Rashomon is scored twice: "rashomon" (the body it stores: extract_page,
   then the plain-text chrome rules) and "rashomon-extract-only" (extract_page's text). Every peer
   output in ``output/`` is scored the same way on the same ids. A cross-check column gives F1 under
   the upstream ``evaluate.py`` rules (shingle multisets, texts under 4 tokens kept as one short
   shingle, empty predictions left out of the precision mean), which reproduces the published figures.
   Throughput is documents per second of `build_document` (decode, extract, clean, metadata) over all
   pages (gunzip excluded).
2. ``trafilatura-eval/`` (268 pages, mostly German): labelled comment snippets kept out of the stored
   body and found in ``page.comments``, ``with`` snippets present and ``without`` snippets absent,
   and title / author / date accuracy of the metadata Rashomon stores for the page.

Each set is split by id (URL for trafilatura-eval): the "dev" half is the ids whose sha1 hex digest
starts with 0-7, the "held-out" half the rest. Results for dev, held-out and all are printed and
written to ``bench/results/extract.json``.

Run from the project root:  python bench/extract.py
"""

from __future__ import annotations

import datetime
import gzip
import importlib.metadata
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import BENCH_DATA, half_of, write_results  # bench/common.py, beside this script

from rashomon.ingest.build import build_document
from rashomon.ingest.encoding import decode_text
from rashomon.ingest.errors import IngestError
from rashomon.ingest.html import extract_page
from rashomon.ingest.plaintext import ChromeRules
from rashomon.ingest.readers import RawRecord

SPLIT_RULE = "dev = ids (URLs for trafilatura-eval) whose sha1 hex digest starts with 0-7; held-out = the rest"
HALVES = ("dev", "held-out", "all")
STORED, EXTRACT_ONLY = "rashomon", "rashomon-extract-only"
TOKEN_RE = re.compile(r"\w+")
SHINGLE = 4


# --------------------------------------------------------------------------- shared helpers


def keys_by_half(keys: Iterable[str]) -> dict[str, list[str]]:
    ordered = sorted(keys)
    return {
        "dev": [k for k in ordered if half_of(k) == "dev"],
        "held-out": [k for k in ordered if half_of(k) == "held-out"],
        "all": ordered,
    }


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class Extraction:
    """What Rashomon keeps from one HTML page; `ok` is False when the bytes could not be decoded."""

    ok: bool
    stored: str = ""
    comments: str = ""
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime.date | None = None


def run_rashomon(data: bytes, source: str, url: str | None, rules: ChromeRules) -> Extraction:
    """The document ingest stores for one page (`build_document`, as `rashomon analyze` runs it)."""
    try:
        html = decode_text(data, source, repair=False)
    except IngestError:
        return Extraction(ok=False)
    record = RawRecord(source, Path(source), "html", html=html, meta={"url": url} if url else {})
    try:
        doc = build_document(record, "bench", rules)
    except IngestError:
        return Extraction(ok=True)
    return Extraction(
        ok=True,
        stored=doc.text,
        comments="\n".join(span.text for span in doc.removed if span.role == "comments"),
        title=doc.title,
        authors=tuple(doc.authors),
        published=doc.published,
    )


def extract_only(data: bytes, source: str, url: str | None) -> str:
    """The extractor's body alone, before the chrome rules, to show what cleaning adds."""
    try:
        page = extract_page(decode_text(data, source, repair=False), url=url)
    except IngestError:
        return ""
    return page.text if page else ""


# --------------------------------------------------------------------------- article-extraction


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = TOKEN_RE.findall(text)
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def precision_recall(gold: str, pred: str) -> tuple[float, float]:
    """Per-document shingle precision and recall with the edge rules of the module docstring."""
    g, s = shingles(gold), shingles(pred)
    if not g:
        return (1.0, 1.0) if not s else (0.0, 1.0)
    if not s:
        return 0.0, 0.0
    tp = len(g & s)
    return tp / len(s), tp / len(g)


def upstream_counts(gold: str, pred: str) -> tuple[int, int, int]:
    """TP, FP, FN over shingle multisets as scrapinghub's evaluate.py counts them."""

    def bag(text: str) -> Counter[tuple[str, ...]]:
        tokens = TOKEN_RE.findall(text)
        return Counter(t for i in range(max(1, len(tokens) - SHINGLE + 1)) if (t := tuple(tokens[i : i + SHINGLE])))

    g, s = bag(gold), bag(pred)
    tp = sum((g & s).values())
    return tp, sum(s.values()) - tp, sum(g.values()) - tp


def upstream_f1(counts: list[tuple[int, int, int]]) -> float:
    """F1 under evaluate.py's averaging: documents with no prediction (no gold) skip precision (recall)."""
    precision = statistics.mean(1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in counts if tp + fp)
    recall = statistics.mean(1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in counts if tp + fn)
    return f1(precision, recall)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_texts(gold: dict[str, str], pred: dict[str, str], keys: list[str]) -> dict[str, float]:
    pairs = [precision_recall(gold[k], pred.get(k, "")) for k in keys]
    precision = statistics.mean(p for p, _ in pairs)
    recall = statistics.mean(r for _, r in pairs)
    return {"precision": precision, "recall": recall, "f1": f1(precision, recall), "documents": len(keys)}


def load_peers(folder: Path) -> dict[str, tuple[dict[str, str], str | None]]:
    """Each peer's {id: articleBody} and version; files come either wrapped in {"output", "version"} or bare."""
    peers: dict[str, tuple[dict[str, str], str | None]] = {}
    for path in sorted(folder.glob("*.json")):
        raw = load_json(path)
        output = raw["output"] if "output" in raw and "version" in raw else raw
        version = raw.get("version") if "output" in raw else None
        peers[path.stem] = ({k: (v or {}).get("articleBody") or "" for k, v in output.items()}, version)
    return peers


def extract_article_pages(root: Path, truth: dict[str, dict[str, str]]) -> tuple[dict[str, dict[str, str]], float]:
    """Rashomon's stored and extract-only bodies per id, and pages per second (decompression excluded)."""
    rules = ChromeRules.load()
    raw = {k: gzip.decompress((root / "html" / f"{k}.html.gz").read_bytes()) for k in sorted(truth)}
    stored: dict[str, str] = {}
    start = time.perf_counter()
    for key, data in raw.items():
        stored[key] = run_rashomon(data, f"{key}.html", truth[key].get("url"), rules).stored
    elapsed = time.perf_counter() - start
    extracted = {key: extract_only(data, f"{key}.html", truth[key].get("url")) for key, data in raw.items()}
    return {STORED: stored, EXTRACT_ONLY: extracted}, len(raw) / elapsed


def article_extraction(root: Path) -> dict[str, Any]:
    truth: dict[str, dict[str, str]] = load_json(root / "ground-truth.json")
    gold = {k: v.get("articleBody") or "" for k, v in truth.items()}
    halves = keys_by_half(gold)
    ours, docs_per_second = extract_article_pages(root, truth)
    systems: dict[str, tuple[dict[str, str], str | None]] = {name: (texts, None) for name, texts in ours.items()}
    systems.update(load_peers(root / "output"))
    scores: dict[str, dict[str, Any]] = {}
    for name, (texts, version) in systems.items():
        row: dict[str, Any] = {half: score_texts(gold, texts, halves[half]) for half in HALVES}
        row["upstream_f1_all"] = upstream_f1([upstream_counts(gold[k], texts.get(k, "")) for k in halves["all"]])
        row["version"] = version
        row["empty_outputs"] = sum(not texts.get(k, "").strip() for k in halves["all"])
        row["peer"] = name not in ours
        scores[name] = row
    ranked = dict(sorted(scores.items(), key=lambda item: -item[1]["held-out"]["f1"]))
    return {
        "documents": {half: len(keys) for half, keys in halves.items()},
        "rashomon_docs_per_second": docs_per_second,
        "systems": ranked,
    }


# --------------------------------------------------------------------------- trafilatura-eval


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def as_list(value: Any) -> list[str]:
    """A gold field as a list of non-empty strings (fields come as str, list or null)."""
    items = value if isinstance(value, list) else [value]
    return [norm(str(v)) for v in items if v is not None and norm(str(v))]


def title_correct(gold: str, ours: str | None) -> bool:
    g, o = norm(gold).casefold(), norm(ours).casefold()
    if not o:
        return False
    shorter, longer = sorted((g, o), key=len)
    return g == o or (shorter in longer and len(shorter) >= 0.6 * len(longer))


def author_correct(gold: list[str], ours: Iterable[str]) -> bool:
    mine = [norm(a).casefold() for a in ours if norm(a)]
    return any(g.casefold() in o or o in g.casefold() for g in gold for o in mine)


def date_correct(gold: str, ours: datetime.date | None) -> bool:
    return ours is not None and ours.isoformat() == gold[:10]


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += hit
        self.total += 1

    def as_dict(self) -> dict[str, Any]:
        return {"share": self.hits / self.total if self.total else None, "hits": self.hits, "total": self.total}


TRAF_MEASURES = (
    "comments_kept_out",
    "comment_recall",
    "with_present",
    "without_absent",
    "title",
    "author",
    "date",
)


def snippet_checks(entry: dict[str, Any], got: Extraction) -> dict[str, list[bool]]:
    """Per-measure hit list for one page's snippets; an unreadable page misses every one."""
    body, comments = norm(got.stored), norm(got.comments)

    def present(snippets: list[str], text: str) -> list[bool]:
        return [got.ok and s in text for s in snippets]

    def absent(snippets: list[str], text: str) -> list[bool]:
        return [got.ok and s not in text for s in snippets]

    labelled = as_list(entry.get("comments"))
    wanted, unwanted = as_list(entry.get("with")), as_list(entry.get("without"))
    return {
        "comments_kept_out": absent(labelled, body),
        "comment_recall": present(labelled, comments),
        "with_present": present(wanted, body),
        "without_absent": absent(unwanted, body),
    }


def metadata_checks(entry: dict[str, Any], got: Extraction) -> dict[str, list[bool]]:
    """Title, author and date hits, only for fields the gold data fills in."""
    titles, authors, dates = as_list(entry.get("title")), as_list(entry.get("author")), as_list(entry.get("date"))
    return {
        "title": [got.ok and title_correct(titles[0], got.title)] if titles else [],
        "author": [got.ok and author_correct(authors, got.authors)] if authors else [],
        "date": [got.ok and date_correct(dates[0], got.published)] if dates else [],
    }


def trafilatura_eval(root: Path) -> dict[str, Any]:
    gold: dict[str, dict[str, Any]] = load_json(root / "evaldata.subset.json")
    rules = ChromeRules.load()
    halves = keys_by_half(gold)
    tallies = {half: {m: Tally() for m in TRAF_MEASURES} for half in HALVES}
    outcomes: Counter[str] = Counter()
    for url in halves["all"]:
        entry = gold[url]
        path = root / "html" / entry["file"]
        got = run_rashomon(path.read_bytes(), entry["file"], url, rules) if path.is_file() else Extraction(ok=False)
        outcomes["unreadable" if not got.ok else "no_article_text" if not got.stored.strip() else "extracted"] += 1
        checks = snippet_checks(entry, got) | metadata_checks(entry, got)
        for half in (half_of(url), "all"):
            for measure, hits in checks.items():
                for hit in hits:
                    tallies[half][measure].add(hit)
    return {
        "pages": {half: len(keys) for half, keys in halves.items()},
        "page_outcomes": dict(outcomes),
        "measures": {half: {m: t.as_dict() for m, t in tallies[half].items()} for half in HALVES},
    }


# --------------------------------------------------------------------------- report


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def print_article_table(result: dict[str, Any]) -> None:
    docs = result["documents"]
    print(f"\nArticle extraction (scrapinghub, {docs['all']} pages: dev {docs['dev']}, held-out {docs['held-out']})")
    head = f"{'system':<24}{'version':>9}  " + "  ".join(f"{h + ' P/R/F1':^20}" for h in HALVES)
    print(head + f"  {'upstream F1':>11}")
    print("-" * (len(head) + 13))
    for name, row in result["systems"].items():
        cells = "  ".join(f"{fmt(row[h]['precision'])} {fmt(row[h]['recall'])} {fmt(row[h]['f1'])}" for h in HALVES)
        label = name if row["peer"] else f"* {name}"
        print(f"{label:<24}{row['version'] or '':>9}  {cells}  {fmt(row['upstream_f1_all']):>11}")
    ours = result["systems"][STORED]
    print(
        f"(* = Rashomon; sorted by held-out F1; upstream F1 = all pages under scrapinghub's evaluate.py rules; "
        f"Rashomon: {result['rashomon_docs_per_second']:.1f} docs/s, {ours['empty_outputs']} empty outputs)"
    )


def print_trafilatura_table(result: dict[str, Any]) -> None:
    pages = result["pages"]
    print(f"\nTrafilatura eval ({pages['all']} pages: dev {pages['dev']}, held-out {pages['held-out']})")
    print(f"{'measure':<32}" + "".join(f"{h:>20}" for h in HALVES))
    print("-" * (32 + 20 * len(HALVES)))
    for measure in TRAF_MEASURES:
        cells = []
        for half in HALVES:
            tally = result["measures"][half][measure]
            cells.append(f"{fmt(tally['share'])} ({tally['hits']}/{tally['total']})".rjust(20))
        print(f"{measure:<32}" + "".join(cells))
    print(f"page outcomes: {', '.join(f'{k} {v}' for k, v in sorted(result['page_outcomes'].items()))}")


def main() -> int:
    article_root, traf_root = BENCH_DATA / "article-extraction", BENCH_DATA / "trafilatura-eval"
    if not BENCH_DATA.is_dir():
        print("skipped: ../shared/bench-data not found")
        return 0
    for folder in (article_root, traf_root):
        if not folder.is_dir():
            print(f"skipped: ../shared/bench-data/{folder.name} not found")
            return 0
    articles = article_extraction(article_root)
    traf = trafilatura_eval(traf_root)
    print_article_table(articles)
    print_trafilatura_table(traf)
    results = {
        "date": datetime.date.today().isoformat(),
        "trafilatura_version": importlib.metadata.version("trafilatura"),
        "split_rule": SPLIT_RULE,
        "metric": (
            "scrapinghub shingles: \\w+ tokens (case kept), sets of 4-token shingles, per-document P/R "
            "averaged over documents, F1 = harmonic mean of the averages; empty prediction with non-empty "
            "gold scores P=R=0. upstream_f1_all uses scrapinghub evaluate.py's own rules."
        ),
        "article_extraction": articles,
        "trafilatura_eval": traf,
    }
    write_results("extract", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
