"""Benchmark: actor texts resolved to the gold country code, on the PLOVER gold sentences.

Data: ``../shared/bench-data/plover/PLOVER_GSR_CAMEO.txt`` (sentences coded with source and target
actors: actorText, code, sector). Each sentence is parsed with Rashomon's model and its mentions are
resolved as `rashomon analyze` does, with the sentence's date as the publication date. A gold actor
counts as resolved when a mention overlapping its text (the longest coded one) carries the gold
code. Gold writes every international organisation as "IGO": a mention coded with an IGO's code
(UN, NATO, EU, …, any code that is not an ISO country) counts as "IGO". Gold's "JAP" is ISO's "JPN".

The dev half (ids whose sha1 starts with 0-7) was used for tuning; the held-out half is the figure
to quote. Run twice: with the bundled dictionary, and with the Phoenix dictionaries imported from
``../shared/bench-data/petrarch`` as a user would (`rashomon actors import-phoenix`).

Run from the project root:  python bench/actors.py   → bench/results/actors.json
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pycountry
from common import BENCH_DATA, half_of, write_results  # bench/common.py, beside this script

from rashomon.annotate.actors.dictionary import load_dictionary
from rashomon.annotate.actors.mentions import Mention, MentionFinder
from rashomon.annotate.actors.phoenix import import_phoenix, write_actors_jsonl
from rashomon.annotate.nlp import load_model
from rashomon.ingest.metadata import parse_date

SPLIT_RULE = "dev = ids whose sha1 hex digest starts with 0-7; held-out = the rest"
GOLD_ALIASES = {"JAP": "JPN"}
COUNTRY_CODES = {c.alpha_3 for c in pycountry.countries} | {"XKX"}  # any other code is an IGO's


def gold_actors(entry: dict[str, Any]) -> list[dict[str, Any]]:
    actors = []
    for role in ("source", "target"):
        value = entry.get(role)
        for actor in value if isinstance(value, list) else []:
            if isinstance(actor, dict) and actor.get("actorText") and actor.get("code"):
                actors.append(actor)
    return actors


def locate(text: str, actor_text: str) -> tuple[int, int] | None:
    """Where the gold actor text stands in the sentence.

    Coders wrote elisions as "..." and sometimes paraphrased ("United Nations military personnel"
    for "The United Nations … military and civilian personnel"): then the longest run of the actor
    text's words that does appear, holding at least one word that is not a function word.
    """
    words = actor_text.split()
    pattern = r"\s*".join(r".*?" if w == "..." else re.escape(w) for w in words)
    m = re.search(pattern, text, re.IGNORECASE) if words else None
    if m:
        return m.start(), m.end()
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            window = words[i : i + n]
            if "..." in window or not any(len(w) > 3 or w.isupper() for w in window):
                continue
            m = re.search(r"\b" + r"\s+".join(re.escape(w) for w in window) + r"\b", text, re.IGNORECASE)
            if m:
                return m.start(), m.end()
    return None


def resolved_code(mentions: list[Mention], text: str, actor_text: str) -> str | None:
    where = locate(text, actor_text)
    if where is None:
        return None
    start, end = where
    overlapping = [m for m in mentions if m.start < end and m.end > start and m.code]
    if not overlapping:
        return None
    best = max(overlapping, key=lambda m: (min(m.end, end) - max(m.start, start), m.end - m.start))
    return "IGO" if best.kind == "igo" or best.code not in COUNTRY_CODES else best.code


def score(finder: MentionFinder, entries: list[dict[str, Any]]) -> dict[str, Any]:
    nlp = load_model()
    tally: dict[str, Counter[str]] = {half: Counter() for half in ("dev", "held-out", "all")}
    dev_misses: list[str] = []
    start = time.perf_counter()
    for entry in entries:
        doc = nlp(entry["text"])
        published = parse_date(entry.get("date")) or dt.date(2000, 1, 1)
        mentions = finder(doc, published)
        for actor in gold_actors(entry):
            gold = GOLD_ALIASES.get(actor["code"], actor["code"])
            got = resolved_code(mentions, entry["text"], actor["actorText"])
            outcome = "correct" if got == gold else "unresolved" if got is None else "wrong"
            for half in (half_of(entry["id"]), "all"):
                tally[half][outcome] += 1
            if outcome != "correct" and half_of(entry["id"]) == "dev" and len(dev_misses) < 40:
                dev_misses.append(f"{actor['actorText']!r}: gold {gold}, got {got}")
    elapsed = time.perf_counter() - start
    out: dict[str, Any] = {}
    for half, counts in tally.items():
        total = sum(counts.values())
        out[half] = {"share": counts["correct"] / total if total else None, **counts, "total": total}
    out["sentences_per_second"] = len(entries) / elapsed
    out["dev_misses"] = dev_misses
    return out


def main() -> int:
    gold_file = BENCH_DATA / "plover" / "PLOVER_GSR_CAMEO.txt"
    if not gold_file.is_file():
        print(f"skipped: {gold_file} not found")
        return 0
    entries = [e for e in json.loads(gold_file.read_text(encoding="utf-8")) if e.get("text") and gold_actors(e)]
    nlp = load_model()
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "split": SPLIT_RULE, "sentences": len(entries)}
    results["bundled"] = score(MentionFinder(nlp, load_dictionary()), entries)
    phoenix = BENCH_DATA / "petrarch"
    if phoenix.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "phoenix-actors.jsonl"
            write_actors_jsonl(import_phoenix(phoenix), path)
            results["bundled+phoenix"] = score(MentionFinder(nlp, load_dictionary((path,))), entries)
    print(f"PLOVER gold actors resolved to the gold code ({len(entries)} sentences; {SPLIT_RULE})")
    print(f"{'dictionary':18s} {'dev':>8s} {'held-out':>9s} {'all':>8s}")
    for name in ("bundled", "bundled+phoenix"):
        if name in results:
            r = results[name]
            print(f"{name:18s} {r['dev']['share']:8.3f} {r['held-out']['share']:9.3f} {r['all']['share']:8.3f}")
    write_results("actors", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
