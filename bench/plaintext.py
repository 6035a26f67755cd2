"""Benchmark: Rashomon's cleaning of plain text copied from a web page, on pages nobody wrote a rule for.

Each page of two public sets is rendered offline in chromium and its `document.body.innerText` taken
(bench/pagecopy.py): what a user gets by selecting all and copying the page. That copy goes through
the ingest a user's ``.txt`` file goes through (`build_document`), and the stored body is scored
against the page's gold.

1. ``article-extraction/`` (181 English news pages, gold article bodies): the shingle metric of
   bench/extract.py (4-token shingles, per-document P/R averaged, F1 of the averages). Beside
   Rashomon: the uncleaned copy (the floor) and trafilatura run on the page's HTML (the upper bound:
   it sees the markup the copy lost). Also the gold body itself cleaned as a .txt file: an article
   that arrives clean must come out whole (its recall is what cleaning wrongly takes).
2. ``trafilatura-eval/`` (268 pages, mostly German, snippets that must be in or out of the body):
   the share of ``with`` snippets kept and ``without`` snippets dropped, and title and author as
   Rashomon reads them from the copy's own lines.

The dev half (ids whose sha1 starts with 0-7) is what the chrome-line classifier is trained on
(bench/train_chrome_lines.py); the held-out half is the figure to quote. Results go to
``bench/results/plaintext.json``.

Run from the project root:  python bench/plaintext.py
"""

from __future__ import annotations

import datetime
import gzip
import importlib.metadata
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import trafilatura
from common import BENCH_DATA, half_of, write_results
from extract import (
    HALVES,
    SPLIT_RULE,
    Extraction,
    Tally,
    keys_by_half,
    load_json,
    metadata_checks,
    score_texts,
    snippet_checks,
)
from pagecopy import copied_texts

from rashomon.ingest.build import build_document
from rashomon.ingest.encoding import decode_text
from rashomon.ingest.errors import IngestError
from rashomon.ingest.plaintext import ChromeRules
from rashomon.ingest.readers import RawRecord

RAW, OURS, TRAFILATURA = "copy, uncleaned", "rashomon (copy)", "trafilatura (HTML)"
CLEAN = "rashomon (clean body)"  # the gold body given as plain text: what cleaning takes from a clean article
TRAF_MEASURES = ("with_present", "without_absent", "title", "author")


def article_pages(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """{id: html} and {id: gold body}."""
    truth: dict[str, dict[str, str]] = load_json(root / "ground-truth.json")
    html = {k: gzip.decompress((root / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace") for k in truth}
    return html, {k: v.get("articleBody") or "" for k, v in truth.items()}


def traf_pages(root: Path) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """{url: html} (decoded as ingest decodes) and {url: gold entry}; unreadable pages are left out."""
    gold: dict[str, dict[str, Any]] = load_json(root / "evaldata.subset.json")
    html: dict[str, str] = {}
    for url, entry in gold.items():
        path = root / "html" / entry["file"]
        try:
            html[url] = decode_text(path.read_bytes(), entry["file"], repair=False)
        except (OSError, IngestError):
            continue
    return html, {url: gold[url] for url in html}


def clean_copy(text: str, key: str, rules: ChromeRules) -> Extraction:
    """What `rashomon analyze` stores for a .txt file holding `text`."""
    try:
        doc = build_document(RawRecord(f"{key}.txt", Path(f"{key}.txt"), "text", text=text), "bench", rules)
    except IngestError:
        return Extraction(ok=True)
    return Extraction(ok=True, stored=doc.text, title=doc.title, authors=tuple(doc.authors))


def trafilatura_html(html: str) -> Extraction:
    text = trafilatura.extract(html, with_metadata=False) or ""
    meta = trafilatura.extract_metadata(html)
    authors = tuple(a.strip() for a in (meta.author or "").split(";") if a.strip()) if meta else ()
    return Extraction(ok=True, stored=text, title=meta.title if meta else None, authors=authors)


def systems(html: dict[str, str], copies: dict[str, str], rules: ChromeRules) -> dict[str, Callable[[str], Extraction]]:
    return {
        RAW: lambda k: Extraction(ok=True, stored=copies[k]),
        OURS: lambda k: clean_copy(copies[k], k, rules),
        TRAFILATURA: lambda k: trafilatura_html(html[k]),
    }


def article_extraction(root: Path, rules: ChromeRules) -> dict[str, Any]:
    html, gold = article_pages(root)
    copies = copied_texts(html.items())
    halves = keys_by_half(gold)
    # An article that arrives clean must come out whole: the gold bodies themselves as .txt files.
    runs = {**systems(html, copies, rules), CLEAN: lambda k: clean_copy(gold[k], k, rules)}
    scores = {}
    for name, run in runs.items():
        bodies = {k: run(k).stored for k in halves["all"]}
        scores[name] = {half: score_texts(gold, bodies, halves[half]) for half in HALVES}
    return {"documents": {half: len(keys) for half, keys in halves.items()}, "systems": scores}


def trafilatura_eval(root: Path, rules: ChromeRules) -> dict[str, Any]:
    html, gold = traf_pages(root)
    copies = copied_texts(html.items())
    halves = keys_by_half(gold)
    results = {}
    for name, run in systems(html, copies, rules).items():
        tallies = {half: {m: Tally() for m in TRAF_MEASURES} for half in HALVES}
        for url in halves["all"]:
            got = run(url)
            checks = snippet_checks(gold[url], got) | metadata_checks(gold[url], got)
            for half in (half_of(url), "all"):
                for measure in TRAF_MEASURES:
                    for hit in checks[measure]:
                        tallies[half][measure].add(hit)
        results[name] = {half: {m: t.as_dict() for m, t in tallies[half].items()} for half in HALVES}
    return {"pages": {half: len(keys) for half, keys in halves.items()}, "systems": results}


def print_tables(articles: dict[str, Any], traf: dict[str, Any]) -> None:
    docs = articles["documents"]
    print(f"\nPlain-text copies of article-extraction pages ({docs['all']}: dev {docs['dev']}, ", end="")
    print(f"held-out {docs['held-out']})")
    print(f"{'system':<22}" + "".join(f"{h + ' P/R/F1':>24}" for h in HALVES))
    for name, row in articles["systems"].items():
        cells = "".join(
            f"{row[h]['precision']:.3f} {row[h]['recall']:.3f} {row[h]['f1']:.3f}".rjust(24) for h in HALVES
        )
        print(f"{name:<22}{cells}")
    pages = traf["pages"]
    print(f"\nPlain-text copies of trafilatura-eval pages ({pages['all']}: dev {pages['dev']}, ", end="")
    print(f"held-out {pages['held-out']})")
    print(f"{'system':<22}{'measure':<16}" + "".join(f"{h:>20}" for h in HALVES))
    for name, row in traf["systems"].items():
        for measure in TRAF_MEASURES:
            cells = []
            for half in HALVES:
                t = row[half][measure]
                share = "  -  " if t["share"] is None else f"{t['share']:.3f}"
                cells.append(f"{share} ({t['hits']}/{t['total']})".rjust(20))
            print(f"{name:<22}{measure:<16}" + "".join(cells))


def main() -> int:
    article_root, traf_root = BENCH_DATA / "article-extraction", BENCH_DATA / "trafilatura-eval"
    for folder in (article_root, traf_root):
        if not folder.is_dir():
            print(f"skipped: {folder} not found (the benchmark reads ../shared/bench-data)")
            return 0
    rules = ChromeRules.load()
    articles = article_extraction(article_root, rules)
    traf = trafilatura_eval(traf_root, rules)
    print_tables(articles, traf)
    write_results(
        "plaintext",
        {
            "date": datetime.date.today().isoformat(),
            "trafilatura_version": importlib.metadata.version("trafilatura"),
            "split_rule": SPLIT_RULE,
            "copy": "document.body.innerText of each page rendered offline in chromium (bench/pagecopy.py)",
            "metric": "article-extraction: scrapinghub shingles as in bench/extract.py; trafilatura-eval: snippets",
            "article_extraction": articles,
            "trafilatura_eval": traf,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
