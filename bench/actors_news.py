"""Benchmark: actor mentions and quotation speakers on real news nobody tuned on — our blind actor sets.

The gold is ours, made the way the blind quotation set was: a helper who had not seen Rashomon's output
listed every actor mention of each story (a span, and the country or IGO codes it may take) and every
direct quotation with the names that may identify its speaker, after written guidelines. Only ids,
codes and character offsets are kept here (``bench/data/actors-*.jsonl``; a speaker key the story does
not contain, such as a code, is kept as written); the stories are read from ``../shared`` at run time
and checked against the sha1 each row stores, so this project holds none of their text.

- ``blind2`` (16 news stories of 16 outlets: the articleBody of scrapinghub article-extraction pages;
  541 mentions, 72 quotations): round 6's blind set, measured once; ten of its misses were read for that
  round's closing note, so it is spent for the next round.
- ``blind1`` (17 Voice of America stories of ``corpus/voa-dev``; 623 mentions, 153 quotations): round 5's
  blind set; its misses were read since, so it is a development set.

Each set is analyzed as a user would (``rashomon analyze`` on the stories as .txt files with their
outlet and date; once with the bundled dictionary, once with the Phoenix dictionaries imported when
``../shared/bench-data/petrarch`` is there), exported, and scored by ``../shared/eval/score.py``: a
gold mention is resolved when an exported mention containing its text carries one of its codes; a
quotation's speaker is right when the resolved speaker names one of its keys. Misses are never printed.

Run from the project root:  python bench/actors_news.py   → bench/results/actors_news.json
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import BENCH_DATA, SCORE, score_export, write_results  # bench/common.py, beside this script

import rashomon
from rashomon.annotate.actors.phoenix import import_phoenix, write_actors_jsonl
from rashomon.annotate.annotators import AnnotateOptions
from rashomon.pipeline import analyze

GOLD_DIR = Path(__file__).resolve().parent / "data"
SETS = {"blind2": "actors-blind2.jsonl", "blind1": "actors-blind1.jsonl"}
SOURCES = {
    "voa-dev": BENCH_DATA.parent / "corpus" / "voa-dev" / "voa-dev.jsonl",
    "article-extraction": BENCH_DATA / "article-extraction" / "ground-truth.json",
}
METRICS = ("actor_mentions", "quote_precision", "quote_recall", "quote_f1", "speaker_accuracy")


def story_texts() -> dict[str, str]:
    """Every story the sets may name, by id, from the shared corpora."""
    texts: dict[str, str] = {}
    for line in SOURCES["voa-dev"].read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts[str(row["id"])] = row["text"]
    for key, entry in json.loads(SOURCES["article-extraction"].read_text(encoding="utf-8")).items():
        texts[key] = entry.get("articleBody") or ""
    return texts


def gold_and_corpus(rows: list[dict[str, Any]], texts: dict[str, str], corpus: Path) -> dict[str, Any]:
    """Write the stories as .txt files with a manifest, and the gold in score.py's form (texts taken
    from the offsets)."""
    corpus.mkdir()
    manifest, docs = [], {}
    for row in rows:
        text = texts[row["story"]]
        if hashlib.sha1(text.encode()).hexdigest() != row["sha1"]:
            raise SystemExit(f"{row['story']}: the shared story is not the one annotated (sha1 differs)")
        (corpus / f"{row['story']}.txt").write_text(text, encoding="utf-8")
        manifest.append({"path": f"{row['story']}.txt", "outlet": row["outlet"], "published": row["published"]})
        docs[row["story"]] = {
            "mentions": [{"text": text[m["start"] : m["end"]], "code": m["code"]} for m in row["mentions"]],
            "quotes": [
                {
                    "text": text[q["start"] : q["end"]],
                    "speaker": [text[a:b].lower() for a, b in q["speaker_spans"]] + q["speaker_keys"],
                }
                for q in row["quotes"]
            ],
        }
    (corpus / "manifest.jsonl").write_text("".join(json.dumps(m) + "\n" for m in manifest), encoding="utf-8")
    return {"docs": docs, "cross": {}}


def run_set(rows: list[dict[str, Any]], texts: dict[str, str], actors: tuple[Path, ...], tmp: Path) -> dict[str, Any]:
    corpus, db, out = tmp / "corpus", tmp / "db.duckdb", tmp / "export"
    gold = gold_and_corpus(rows, texts, corpus)
    (tmp / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    report = analyze([corpus], db, manifest=corpus / "manifest.jsonl", annotate=AnnotateOptions(actors=actors))
    if not report.ok:
        raise SystemExit(f"analyze failed: {report.failed}")
    with rashomon.open(db) as corpus:
        corpus.export(out)
    metrics = score_export(out, tmp / "gold.json")["metrics"]
    return {k: round(metrics[k], 3) for k in METRICS}


def main() -> int:
    missing = [path for path in (*SOURCES.values(), SCORE) if not path.is_file()]
    if missing:
        print(f"skipped: {missing[0]} not found")
        return 0
    texts = story_texts()
    sets = {
        name: [json.loads(line) for line in (GOLD_DIR / file).read_text(encoding="utf-8").splitlines()]
        for name, file in SETS.items()
    }
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "sets": {}}
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        configs: dict[str, tuple[Path, ...]] = {"bundled": ()}
        phoenix = BENCH_DATA / "petrarch"
        if phoenix.is_dir():
            write_actors_jsonl(import_phoenix(phoenix), tmp / "phoenix.jsonl")
            configs["bundled+phoenix"] = (tmp / "phoenix.jsonl",)
        for name, rows in sets.items():
            results["sets"][name] = {
                "stories": len(rows),
                "mentions": sum(len(r["mentions"]) for r in rows),
                "quotations": sum(len(r["quotes"]) for r in rows),
            }
            for config, actors in configs.items():
                run_dir = tmp / f"{name}-{config}"
                run_dir.mkdir()
                results["sets"][name][config] = run_set(rows, texts, actors, run_dir)
    print(f"{'set':8s} {'dictionary':16s} {'mentions':>9s} {'speakers':>9s} {'quote F1':>9s}")
    for name, found in results["sets"].items():
        for config in ("bundled", "bundled+phoenix"):
            if config in found:
                r = found[config]
                scores = f"{r['actor_mentions']:9.3f} {r['speaker_accuracy']:9.3f} {r['quote_f1']:9.3f}"
                print(f"{name:8s} {config:16s} {scores}")
    write_results("actors_news", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
