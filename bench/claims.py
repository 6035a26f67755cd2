"""Claim links: precision and recall of agree/contradict on the demo gold, and how linking time grows.

1. The bundled demo corpus is analysed; each gold link (tests/gold/demo.json, cross.agreements and
   cross.contradictions) names two gold claims, which are matched to stored claims as the shared
   scorer does (same document, value within 1 %, evidence inside the claim's sentence). A gold link
   is found when a stored link joins the two with the same relation. Precision: stored links whose
   two claims both match gold claims, and that gold links as that relation (links between claims the
   gold does not list are not judged). The demo gold is a development set: the thresholds in
   rashomon/link/claims.py were set on it.
2. Scaling: synthetic corpora of 1,000 to 100,000 claims (drawn from the demo's claims with new
   values, quantities and contexts) linked with the same code; seconds and compared pairs per size,
   and the growth exponent between sizes (2 would be all pairs). Embedding the texts is linear in
   their number and done once before the timings.

    python bench/claims.py        → bench/results/claims.json
"""

from __future__ import annotations

import itertools
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy
from common import write_results

from rashomon.annotate.annotators import AnnotateOptions
from rashomon.link import claims as linking
from rashomon.pipeline import analyze
from rashomon.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "corpus"
GOLD = ROOT / "tests" / "gold" / "demo.json"
SIZES = (1_000, 3_000, 10_000, 30_000, 100_000)


def main() -> None:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.duckdb"
        analyze(
            [DEMO],
            db,
            manifest=DEMO / "manifest.jsonl",
            annotate=AnnotateOptions(actors=(ROOT / "demo" / "actors.toml",)),
        )
        with Store(db, read_only=True) as store:
            results["demo_gold"] = score_links(store)
            claims = linking._load(store)
    print(json.dumps(results["demo_gold"], indent=1))
    results["scaling"] = scaling(claims)
    write_results("claims", results)


def score_links(store: Store) -> dict[str, Any]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    docs = {row[0]: row for row in store.con.execute("SELECT doc_id, source, url FROM documents").fetchall()}
    key_of = {}
    for doc_id, source, url in docs.values():
        key_of[doc_id] = doc_id
        key_of[Path(source.split("#")[0]).stem] = doc_id
        if url:
            key_of[url] = doc_id
    rows = store.con.execute("SELECT claim_id, doc_id, value, text FROM claims").fetchall()
    gold_claims = {c["id"]: (key_of.get(k, k), c) for k, d in gold["docs"].items() for c in d.get("claims", [])}

    def matches(gold_id: str) -> set[str]:
        doc_id, claim = gold_claims[gold_id]
        target, evidence = claim["value"], _norm(claim["evidence"])
        return {
            cid
            for cid, did, value, text in rows
            if did == doc_id and abs(value - target) <= 0.01 * abs(target) + 1e-9 and evidence in _norm(text)
        }

    links = store.con.execute("SELECT a, b, relation, note FROM claim_links").fetchall()
    linked = {(a, b): rel for a, b, rel, _ in links} | {(b, a): rel for a, b, rel, _ in links}
    out: dict[str, Any] = {}
    for kind, relation in (("agreements", "agree"), ("contradictions", "contradict")):
        found, missed = 0, []
        for pair in gold["cross"].get(kind, []):
            a, b = matches(pair["a"]), matches(pair["b"])
            if any(linked.get((x, y)) == relation for x in a for y in b):
                found += 1
            else:
                missed.append(pair["what"])
        total = len(gold["cross"].get(kind, []))
        out[relation] = {"gold": total, "found": found, "recall": round(found / total, 3) if total else None,
                         "missed": missed}  # fmt: skip
    # Precision over the gold's closure: claims the gold says agree form one group; two groups the gold
    # says contradict contradict in every pair. A link between claims whose groups the gold never
    # relates is not judged.
    group = {cid: gid for gid in gold_claims for cid in matches(gid)}
    parent = {gid: gid for gid in gold_claims}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for pair in gold["cross"].get("agreements", []):
        parent[find(pair["a"])] = find(pair["b"])
    against = {frozenset((find(p["a"]), find(p["b"]))) for p in gold["cross"].get("contradictions", [])}
    judged, right, wrong = 0, 0, []
    for a, b, relation, note in links:
        if a not in group or b not in group:
            continue
        ga, gb = find(group[a]), find(group[b])
        truth = "agree" if ga == gb else "contradict" if frozenset((ga, gb)) in against else None
        if truth is None:
            continue
        judged += 1
        right += truth == relation
        if truth != relation:
            wrong.append(note)
    out["links"] = len(links)
    out["judged"] = judged
    out["precision"] = round(right / judged, 3) if judged else None
    out["wrong"] = wrong[:30]
    return out


def scaling(claims: list[Any]) -> dict[str, Any]:
    rng = random.Random(7)
    embed = linking.sentence_embedder()
    memo: dict[str, Any] = {}

    def cached(texts: Any) -> Any:
        """Embeddings computed once per text across sizes: the model's cost is linear and measured
        apart; what grows with the corpus is the blocking and comparing."""
        missing = [t for t in texts if t not in memo]
        if missing:
            memo.update(zip(missing, embed(missing), strict=True))
        return numpy.stack([memo[t] for t in texts])

    everything = [_variant(rng.choice(claims), n, rng) for n in range(max(SIZES))]
    for field in ("quantity", "predicate", "context"):  # embedded once, outside the timings
        cached(sorted({getattr(c, field) for c in everything}))
    rows = []
    for size in SIZES:
        synthetic = everything[:size]
        started = time.perf_counter()
        compared = len(linking._candidates(synthetic, cached([c.quantity for c in synthetic])))
        linking.find_links(synthetic, cached)
        seconds = time.perf_counter() - started
        rows.append({"claims": size, "seconds": round(seconds, 2), "compared_pairs": compared,
                     "all_pairs": size * (size - 1) // 2})  # fmt: skip
        print(rows[-1], file=sys.stderr)
    for before, after in itertools.pairwise(rows):
        ratio = math.log(after["seconds"] / before["seconds"]) / math.log(after["claims"] / before["claims"])
        after["growth_exponent"] = round(ratio, 2)
    return {"sizes": rows}


def _variant(claim: Any, n: int, rng: random.Random) -> Any:
    """A new claim like `claim`: another value, and words that make its quantity and context its own."""
    tag = f"item{n % 2000}"
    value = max(1.0, round(claim.low * rng.uniform(0.5, 1.5)))
    return linking._Claim(f"s{n}", f"d{n % 2000}", f"outlet {n % 7}", str(value), value, value, claim.dimension,
                          f"{claim.quantity} {tag}", claim.predicate, f"{claim.context} {tag}", None,
                          claim.happening, claim.residual, claim.partitive,
                          f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}", n, actors=claim.actors)  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split()).strip(" \"'.,;:")


if __name__ == "__main__":
    main()
