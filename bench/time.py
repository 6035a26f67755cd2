"""Benchmark: Rashomon's temporal tagger (``rashomon.annotate.temporal``) against gold TIMEX3 annotations.

Two data sets are read (read-only) from ``../shared/bench-data/time/`` next to the project root:

1. ``te3-platinum/`` (TempEval-3 platinum test set, 20 TimeML news files). The document creation time (the
   TIMEX3 with functionInDocument="CREATION_TIME" inside <DCT>) is the publication date; the text is the
   content of <TEXT> with the tags stripped. Scored as the official TempEval-3 scorer does: the DCT timex is
   left out of gold and system; strict match = same span, relaxed match = any overlap (one-to-one); strict
   and relaxed P/R/F1 of extraction; type and value accuracy over relaxed matches; Value F1 = value
   accuracy x relaxed F1. HeidelTime's published TE3 scores are printed beside ours.
2. ``meantime_en/`` (NewsReader MEANTIME, English Wikinews, token-anchored TIMEX3). The text is the tokens
   joined with single spaces (no space before closing punctuation), one line per sentence; the DCT is the
   TIMEX3 with functionInDocument="CREATION_TIME" (its tokens, the dateline, are dropped from gold and
   system). MEANTIME annotates only sentences 0-5 (title, dateline, first four sentences): the tagger
   reads the whole text, and only its timexes in that part are scored. Reported: value accuracy over relaxed
   matches, overall and on anchored expressions (gold with an anchorTimeID, or a DATE/TIME whose value has a
   year the text does not spell out), and extraction F1.

Each set is split by file name: the "dev" half is the files whose sha1(file name) hex digest starts with
0-7, the "held-out" half the rest; dev, held-out and all are reported. Tuning looks at dev errors only
(``--errors`` prints them and refuses to print held-out ones).

Every number is computed twice: with spaCy DATE/TIME entities kept as extra candidates (when the grammar can
normalise them) and without; the headline is the tagger's default setting.

Run from the project root:  python bench/time.py [--errors]
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from common import BENCH_DATA, add_counts, half_of, write_results  # bench/common.py, beside this script
from timeml import BenchDoc, overlaps, read_meantime, read_te3

from rashomon.annotate.nlp import load_model
from rashomon.annotate.temporal import default_use_entities, find_timexes

DATA = BENCH_DATA / "time"
SPLIT_RULE = "dev = files whose sha1(file name) hex digest starts with 0-7; held-out = the rest"
HALVES = ("dev", "held-out", "all")
# HeidelTime, TempEval-3 platinum test set (UzZaman et al. 2013, Table 4).
HEIDELTIME_TE3 = {"strict_f1": 81.34, "relaxed_f1": 90.30, "value_f1": 77.61}


# --------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed_gold: int = 0
    relaxed_system: int = 0
    type_ok: int = 0
    value_ok: int = 0
    anchored: int = 0
    anchored_value_ok: int = 0

    def add(self, other: Tally) -> None:
        add_counts(self, other)

    def report(self) -> dict[str, float | int]:
        def prf(tp_p: int, tp_r: int) -> tuple[float, float, float]:
            p = tp_p / self.system if self.system else 0.0
            r = tp_r / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = prf(self.strict, self.strict)
        rp, rr, rf = prf(self.relaxed_system, self.relaxed_gold)
        matched = self.relaxed_gold
        value_acc = self.value_ok / matched if matched else 0.0
        return {
            "gold": self.gold,
            "system": self.system,
            "strict_p": 100 * sp,
            "strict_r": 100 * sr,
            "strict_f1": 100 * sf,
            "relaxed_p": 100 * rp,
            "relaxed_r": 100 * rr,
            "relaxed_f1": 100 * rf,
            "type_accuracy": 100 * (self.type_ok / matched if matched else 0.0),
            "value_accuracy": 100 * value_acc,
            "value_f1": 100 * value_acc * rf,
            "anchored_matched": self.anchored,
            "anchored_value_accuracy": 100 * (self.anchored_value_ok / self.anchored if self.anchored else 0.0),
        }


def score(doc: BenchDoc, system: list[Any], errors: list[str] | None = None) -> Tally:
    """TempEval-3 style: strict = identical span; relaxed = overlap, each timex matched at most once."""
    system = [s for s in system if not any(overlaps(s.start, s.end, a, b) for a, b in doc.skip)]
    tally = Tally(gold=len(doc.gold), system=len(system))
    gold_spans = {(g.start, g.end) for g in doc.gold}
    tally.strict = len({(s.start, s.end) for s in system} & gold_spans)
    used: set[int] = set()
    for g in doc.gold:
        candidates = [i for i, s in enumerate(system) if i not in used and overlaps(g.start, g.end, s.start, s.end)]
        if not candidates:
            if errors is not None:
                errors.append(f"MISS  {doc.name}: {doc.text[g.start : g.end]!r} {g.type} {g.value}")
            continue
        best = max(candidates, key=lambda i: (system[i].start == g.start and system[i].end == g.end, -i))
        used.add(best)
        s = system[best]
        tally.relaxed_gold += 1
        tally.type_ok += s.type == g.type
        tally.value_ok += s.value == g.value
        if g.anchored:
            tally.anchored += 1
            tally.anchored_value_ok += s.value == g.value
        if errors is not None and (s.value != g.value or s.type != g.type or (s.start, s.end) != (g.start, g.end)):
            context = doc.text[max(0, g.start - 40) : g.end + 20].replace("\n", " ")
            errors.append(
                f"DIFF  {doc.name}: gold {doc.text[g.start : g.end]!r} {g.type} {g.value} | "
                f"ours {s.text!r} {s.type} {s.value} ({s.anchor}) | ...{context}..."
            )
    tally.relaxed_system = len(used)
    if errors is not None:
        for i, s in enumerate(system):
            if i not in used:
                context = doc.text[max(0, s.start - 40) : s.end + 20].replace("\n", " ")
                errors.append(f"EXTRA {doc.name}: {s.text!r} {s.type} {s.value} | ...{context}...")
    return tally


# --------------------------------------------------------------------------- running


def evaluate(
    docs: Iterable[BenchDoc], parsed: dict[str, Any], use_entities: bool, show_errors: bool
) -> dict[str, dict[str, float | int]]:
    tallies = {half: Tally() for half in HALVES}
    for doc in docs:
        found = find_timexes(parsed[doc.name], doc.dct, use_entities=use_entities)
        half = half_of(doc.name)
        errors: list[str] | None = [] if show_errors and half == "dev" else None
        tally = score(doc, found, errors)
        tallies[half].add(tally)
        tallies["all"].add(tally)
        for line in errors or []:
            print(line)
    return {half: {"documents": 0, **tallies[half].report()} for half in HALVES}


def run_set(name: str, docs: list[BenchDoc], nlp: Any, show_errors: bool) -> dict[str, Any]:
    started = time.perf_counter()
    parsed = {doc.name: nlp(doc.text) for doc in docs}
    parse_seconds = time.perf_counter() - started
    result: dict[str, Any] = {"documents": {half: 0 for half in HALVES}, "parse_seconds": parse_seconds}
    for doc in docs:
        result["documents"][half_of(doc.name)] += 1
        result["documents"]["all"] += 1

    for use_entities in (True, False):
        started = time.perf_counter()
        scores = evaluate(docs, parsed, use_entities, show_errors and use_entities == default_use_entities())
        for half in HALVES:
            scores[half]["documents"] = result["documents"][half]
        key = "with_entities" if use_entities else "grammar_only"
        result[key] = scores
        result[key + "_tag_seconds"] = time.perf_counter() - started
    result["headline"] = "with_entities" if default_use_entities() else "grammar_only"
    return result


def print_te3(result: dict[str, Any]) -> None:
    head = result[result["headline"]]
    print(f"TempEval-3 platinum ({result['headline']}):")
    print(
        f"  {'':10} {'strict P':>8} {'R':>6} {'F1':>6} {'relaxed P':>9} {'R':>6} {'F1':>6} "
        f"{'type acc':>8} {'value acc':>9} {'Value F1':>8}"
    )
    for half in HALVES:
        s = head[half]
        print(
            f"  {half:10} {s['strict_p']:8.2f} {s['strict_r']:6.2f} {s['strict_f1']:6.2f} {s['relaxed_p']:9.2f} "
            f"{s['relaxed_r']:6.2f} {s['relaxed_f1']:6.2f} {s['type_accuracy']:8.2f} {s['value_accuracy']:9.2f} "
            f"{s['value_f1']:8.2f}   (gold {s['gold']}, system {s['system']})"
        )
    h = HEIDELTIME_TE3
    print(
        f"  {'HeidelTime':10} {'':8} {'':6} {h['strict_f1']:6.2f} {'':9} {'':6} {h['relaxed_f1']:6.2f} "
        f"{'':8} {'':9} {h['value_f1']:8.2f}"
    )
    other = "grammar_only" if result["headline"] == "with_entities" else "with_entities"
    print(f"  {other}: " + ", ".join(f"{half} Value F1 {result[other][half]['value_f1']:.2f}" for half in HALVES))


def print_meantime(result: dict[str, Any]) -> None:
    head = result[result["headline"]]
    print(f"MEANTIME English ({result['headline']}):")
    print(f"  {'':10} {'value acc':>9} {'anchored':>8} {'relaxed F1':>10} {'strict F1':>9} {'Value F1':>8}")
    for half in HALVES:
        s = head[half]
        print(
            f"  {half:10} {s['value_accuracy']:9.2f} {s['anchored_value_accuracy']:8.2f} {s['relaxed_f1']:10.2f} "
            f"{s['strict_f1']:9.2f} {s['value_f1']:8.2f}   (gold {s['gold']}, anchored {s['anchored_matched']})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print the dev half's errors (never held-out's)")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: no benchmark data at {DATA}")
        return 0
    te3 = [read_te3(p) for p in sorted((DATA / "te3-platinum").glob("*.tml"))]
    meantime = [read_meantime(p) for p in sorted((DATA / "meantime_en").glob("*/*.xml"))]
    nlp = load_model()
    results: dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}",
        "split_rule": SPLIT_RULE,
        "metric": (
            "TempEval-3: DCT timex excluded; strict = same character span, relaxed = overlap (one-to-one); "
            "type/value accuracy over relaxed matches; Value F1 = value accuracy x relaxed F1 (all x100). "
            "MEANTIME: only sentences 0-5 (the annotated part) are scored; anchored = gold with an anchorTimeID, "
            "or a DATE/TIME whose value has a year the text does not spell out."
        ),
        "heideltime_te3": HEIDELTIME_TE3,
        "tuning": "rules tuned on dev-half errors only; held-out errors never printed (bench/time.py --errors)",
    }
    if te3:
        results["te3_platinum"] = run_set("te3", te3, nlp, args.errors)
        print_te3(results["te3_platinum"])
    if meantime:
        results["meantime_en"] = run_set("meantime", meantime, nlp, args.errors)
        print_meantime(results["meantime_en"])
    write_results("time", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
