"""Quotations and speakers on gold: Rashomon beside textacy's `direct_quotations`, the open peer on spaCy.

Both run on the same clean text with the same spaCy model, and both are scored by
../shared/eval/score.py (quote precision counts direct and mixed quotations; recall counts every gold
quotation, indirect ones included). Corpora: seeds-dev (skipped when ../shared is absent) and the
bundled demo corpus with tests/gold/demo.json.

    python bench/quotes.py        → bench/results/quotes.json
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from common import BENCH_DATA, SCORE, score_export, write_results

import rashomon
from rashomon.annotate.annotators import AnnotateOptions, Annotators
from rashomon.annotate.nlp import load_model
from rashomon.pipeline import analyze

ROOT = Path(__file__).resolve().parents[1]
SHARED = BENCH_DATA.parent
CORPORA = {
    "seeds-dev": (SHARED / "corpus" / "seeds-dev", SHARED / "corpus" / "seeds-dev" / "gold.json", ()),
    "demo": (ROOT / "demo" / "corpus", ROOT / "tests" / "gold" / "demo.json", (ROOT / "demo" / "actors.toml",)),
}
METRICS = ("quote_precision", "quote_recall", "quote_f1", "speaker_accuracy", "x_quote_reuse")


def main() -> None:
    if not SCORE.exists():
        print(f"skipped: {SCORE} not found (the shared scorer is needed)")
        return
    results: dict[str, Any] = {}
    for name, (corpus, gold, actors) in CORPORA.items():
        if not corpus.exists() or not gold.exists():
            print(f"skipped {name}: {corpus} not found")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            results[name] = run_corpus(Path(tmp), corpus, gold, actors)
        print(name, json.dumps(results[name], indent=1))
    write_results("quotes", results)


def run_corpus(tmp: Path, corpus: Path, gold_path: Path, actors: tuple[Path, ...]) -> dict[str, Any]:
    db, out = tmp / "db.duckdb", tmp / "rashomon"
    report = analyze([corpus], db, manifest=corpus / "manifest.jsonl", annotate=AnnotateOptions(actors=actors))
    assert report.ok, report.failed
    with rashomon.open(db) as corpus:
        corpus.export(out)
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    gold = remapped_gold(json.loads(gold_path.read_text(encoding="utf-8")), docs)
    (tmp / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    ours = score(out, tmp / "gold.json")
    ours["docs_per_second"] = rashomon_speed(docs, actors)
    peer_dir = tmp / "textacy"
    peer_dir.mkdir()
    (peer_dir / "documents.jsonl").write_text((out / "documents.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    errors, speed = textacy_quotes(docs, peer_dir / "quotes.jsonl")
    peer = score(peer_dir, tmp / "gold.json")
    peer["docs_per_second"] = speed
    peer["errors"] = errors
    return {"documents": len(docs), "gold_quotes": sum(len(d.get("quotes", [])) for d in gold["docs"].values()),
            "rashomon": ours, "textacy": peer}  # fmt: skip


def remapped_gold(gold: dict[str, Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Gold keyed by doc_id: the gold names documents by file stem or, inside containers, by URL."""
    key_of = {}
    for doc in docs:
        key_of[doc["doc_id"]] = doc["doc_id"]
        key_of[Path(doc["source"].split("#")[0]).stem] = doc["doc_id"]
        if doc.get("url"):
            key_of[doc["url"]] = doc["doc_id"]
    gold = json.loads(json.dumps(gold))
    gold["docs"] = {key_of.get(k, k): v for k, v in gold["docs"].items()}
    for row in gold.get("cross", {}).get("quote_reuse", []):
        row["a"], row["b"] = key_of.get(row["a"], row["a"]), key_of.get(row["b"], row["b"])
    return gold


def score(export_dir: Path, gold: Path) -> dict[str, Any]:
    scored = score_export(export_dir, gold)
    out: dict[str, Any] = {k: round(scored["metrics"][k], 3) for k in METRICS}
    out["misses"] = [m for m in scored["misses"] if m.startswith(("[quote]", "[reuse]"))]
    return out


def rashomon_speed(docs: list[dict[str, Any]], actors: tuple[Path, ...]) -> float:
    """Documents per second for what quotation finding needs: parse, actor mentions, quotations."""
    annotators = Annotators(AnnotateOptions(actors=actors))
    started = time.perf_counter()
    for _ in range(3):
        for doc in docs:
            parsed = annotators.nlp(doc["text"])
            parsed.user_data["rashomon.text"] = doc["text"]
            annotators["quotes"].finder(parsed, annotators["mentions"].finder(parsed, None))
    return round(3 * len(docs) / (time.perf_counter() - started), 2)


def textacy_quotes(docs: list[dict[str, Any]], path: Path) -> tuple[list[str], float]:
    """textacy's direct quotations as quotes.jsonl; an exception on a document is recorded, not fatal."""
    from textacy.extract.triples import direct_quotations

    nlp = load_model()
    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for _ in range(3):
        rows, errors = [], []
        for doc in docs:
            parsed = nlp(doc["text"])
            try:
                triples = list(direct_quotations(parsed))
            except Exception as err:  # the peer's own failure is part of the measurement
                errors.append(f"{doc['doc_id']}: {type(err).__name__}: {err}")
                continue
            for speaker, cue, content in triples:
                text = parsed[content[0].i : content[-1].i + 1].text.strip("“”\"‘’' ")
                who = " ".join(t.text for t in speaker)
                rows.append({
                    "quote_id": f"{doc['doc_id']}:{content[0].idx}", "doc_id": doc["doc_id"], "text": text,
                    "kind": "direct", "start": content[0].idx, "end": content[-1].idx + len(content[-1]),
                    "speaker": {"text": who, "name": who} if who else None,
                    "cue": " ".join(t.text for t in cue), "cluster_id": None,
                })  # fmt: skip
    speed = round(3 * len(docs) / (time.perf_counter() - started), 2)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return errors, speed


if __name__ == "__main__":
    main()
