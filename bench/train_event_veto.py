"""Train the event veto (rashomon/annotate/events/veto.py) on development halves only.

Candidates are the events the annotators yield with the veto off that happened (asserted, reported,
historical: what the benchmarks and the dyads count), on

- the PLOVER GSR dev half (bench/events.py): positive when its type is the sentence's gold type;
- the PETRARCH-2 dev half (bench/events.py): positive when its type is one of the sentence's gold
  codings' types ("noevents" sentences give negatives only);
- the VOA development sets (bench/events_news.py: dev1, dev2, and blind1 and blind3, whose errors were
  read after their rounds): positive when a gold event of its type has its evidence sentence around the trigger
  (`matches(..., "type")`);

each with the bundled lexicon and, when ``../shared/bench-data/petrarch`` is there, with PETRARCH-2's
verb dictionary imported as well (``rashomon lexicon import-petrarch``). The held-out halves are
filtered out as the gold files are read; the VOA sets still blind (blind2, blind4) are never opened.

A logistic regression over DictVectorizer features is fitted; C and the threshold are chosen by 5-fold
cross-validation grouped by document, for the best F1 of type-level precision and recall (a sentence's
events of one type count once on PLOVER and PETRARCH-2, as bench/events.py counts them; each VOA event
counts, as bench/events_news.py does; recall is over every gold event, found or not; derived events are
scored but never dropped, as at run time), averaged over the two lexicons, taking the highest threshold
within 0.005 F1 of the best (precision, when the F1 is nearly the same) and the smaller C within 0.005.

Run from the project root:  python bench/train_event_veto.py   → rashomon/annotate/data/event_veto.json
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import events as plover_bench  # bench/events.py, beside this script
import events_news as news_bench  # bench/events_news.py
import numpy
from common import half_of
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from rashomon.annotate.annotators import AnnotateOptions, Annotators
from rashomon.annotate.events import Event
from rashomon.annotate.events.lexicon import HAPPENED
from rashomon.annotate.events.petrarch import read_cameo2plover
from rashomon.annotate.events.veto import EventVeto

OUT = Path(__file__).resolve().parents[1] / "rashomon" / "annotate" / "data" / "event_veto.json"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
THRESHOLDS = tuple(round(t, 2) for t in numpy.arange(0.05, 0.91, 0.01))
FOLDS = 5
VOA_DEV_SETS = ("dev1", "dev2", "blind1", "blind3")  # never a set still blind
CLOSE = 0.005  # F1 this close to the best: take the higher threshold
TOP = 25


@dataclass
class Candidate:
    features: dict[str, float]
    label: int
    group: str  # the document: folds never split one
    unit: tuple[str, ...]  # (config, set, document, sentence, type): what the type-level tally counts
    per_event: bool  # VOA counts every event; the sentence sets count a sentence's type once
    derived: bool  # scored, never dropped (EventVeto.apply)


class Recorder:
    """Stands in for the event annotator: passes its events on and keeps each one's features."""

    def __init__(self, ann: Annotators) -> None:
        self.built = ann["events"]
        self.lexicon = self.built.finder.lexicon
        self.featurizer = EventVeto.from_weights({}, 0.0, 0.0, lexicon=self.lexicon)
        self.seen: list[tuple[str, list[tuple[Event, dict[str, float]]]]] = []

    def __call__(self, doc: Any, *args: Any) -> list[Event]:
        events = self.built.find(doc, *args)
        happened = [(e, self.featurizer.features(e, doc)) for e in events if e.modality in HAPPENED]
        self.seen.append((doc.user_data["rashomon.text"], happened))
        return events


def recorded(ann: Annotators, run: Callable[[], object], texts: list[str]) -> list[list[tuple[Event, dict]]]:
    """Run the benchmark's own annotation with the finder recorded; the candidates per text, in order."""
    recorder = Recorder(ann)
    ann.replace("events", replace(recorder.built, find=recorder))
    try:
        run()
    finally:
        ann.replace("events", recorder.built)
    if [text for text, _ in recorder.seen] != texts:
        raise RuntimeError("a document failed to annotate: its candidates cannot be told apart")
    return [found for _, found in recorder.seen]


def sentence_candidates(ann: Annotators, config: str) -> list[Candidate]:
    plover = [i for i in plover_bench.read_plover(plover_bench.PLOVER_FILE) if half_of(i.key) == "dev"]
    table = read_cameo2plover(plover_bench.CAMEO2PLOVER_FILE)
    petr = [i for i in plover_bench.read_petr2(plover_bench.PETR2_FILE, table) if half_of(i.key) == "dev"]
    items = [("plover", i.key, i.text, i.date, {i.type}) for i in plover]
    items += [("petr2", i.key, i.text, i.date, {c.type for c in i.codings if c.type}) for i in petr]
    texts = [(key, text, date) for _, key, text, date, _ in items]
    found = recorded(ann, lambda: plover_bench.annotate(ann, texts), [text for _, text, _ in texts])
    out = []
    for (name, key, _text, _date, gold), events in zip(items, found, strict=True):
        for event, features in events:
            unit = (config, name, key, "", event.type)
            out.append(Candidate(features, int(event.type in gold), f"{name}:{key}", unit, False, event.derived))
    return out


def gold_units(config: str) -> Counter[tuple[str, ...]]:
    """Every gold event as the tally counts it (found or not): the recall's denominator."""
    units: Counter[tuple[str, ...]] = Counter()
    for item in plover_bench.read_plover(plover_bench.PLOVER_FILE):
        if half_of(item.key) == "dev":
            units[(config, "plover", item.key, "", item.type)] = 1
    table = read_cameo2plover(plover_bench.CAMEO2PLOVER_FILE)
    for item in plover_bench.read_petr2(plover_bench.PETR2_FILE, table):
        if half_of(item.key) == "dev":
            for kind in {c.type for c in item.codings if c.type}:
                units[(config, "petr2", item.key, "", kind)] = 1
    for g in voa_gold():
        units[(config, "voa", g["story"], f"{g['start']}-{g['end']}", g["type"])] += 1
    return units


def voa_gold() -> list[dict[str, Any]]:
    return [g for name in VOA_DEV_SETS for g in news_bench.read_gold(name)]


def voa_candidates(ann: Annotators, config: str, stories: dict[str, dict]) -> list[Candidate]:
    gold = voa_gold()
    ids = sorted({g["story"] for g in gold})
    found = recorded(ann, lambda: news_bench.annotate(ann, stories, ids), [stories[i]["text"] for i in ids])
    out = []
    for story, events in zip(ids, found, strict=True):
        own = [g for g in gold if g["story"] == story]
        for event, features in events:
            row = {"event": event.type, "trigger_start": event.start}
            hit = next((g for g in own if news_bench.matches(g, row, "type")), None)
            around = next((g for g in own if g["start"] <= event.start < g["end"]), None)
            sentence = f"{around['start']}-{around['end']}" if around else f"s{event.sentence_start}"
            unit = (config, "voa", story, sentence, event.type)
            out.append(Candidate(features, int(hit is not None), f"voa:{story}", unit, True, event.derived))
    return out


def tally(candidates: list[Candidate], keep: numpy.ndarray, gold: Counter) -> dict[str, float]:
    """Type-level precision, recall and F1 of the kept candidates, as the benchmarks count them."""
    kept: Counter[tuple[str, ...]] = Counter()
    per_event: dict[tuple[str, ...], bool] = {}
    for candidate, k in zip(candidates, keep, strict=True):
        per_event[candidate.unit] = candidate.per_event
        if k or candidate.derived:
            kept[candidate.unit] += 1
    yielded = tp = 0
    for unit, n in kept.items():
        n = n if per_event[unit] else 1
        yielded += n
        tp += min(n, gold.get(unit, 0))
    total = sum(gold.values())
    p = tp / yielded if yielded else 0.0
    r = tp / total if total else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "yielded": yielded, "tp": tp}


def out_of_fold(x: Any, y: numpy.ndarray, groups: list[str], c: float) -> numpy.ndarray:
    probabilities = numpy.zeros(len(y))
    for train, test in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        model = LogisticRegression(C=c, max_iter=5000).fit(x[train], y[train])
        probabilities[test] = model.predict_proba(x[test])[:, 1]
    return probabilities


def mean_f1(candidates: list[Candidate], keep: numpy.ndarray, gold: Counter, configs: list[str]) -> float:
    """The F1 of each lexicon configuration, averaged: the bundled lexicon weighs as much as the larger import."""
    return sum(tally(*subset(candidates, keep, gold, config))["f1"] for config in configs) / len(configs)


def best_threshold(
    candidates: list[Candidate], p: numpy.ndarray, gold: Counter, configs: list[str]
) -> tuple[float, float]:
    scores = {t: mean_f1(candidates, p >= t, gold, configs) for t in THRESHOLDS}
    top = max(scores.values())
    chosen = max(t for t, f1 in scores.items() if f1 >= top - CLOSE)
    return chosen, scores[chosen]


def describe(s: dict[str, float]) -> str:
    return f"P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} (yielded {s['yielded']})"


def main() -> int:
    if not (plover_bench.PLOVER_FILE.is_file() and news_bench.VOA_FILE.is_file()):
        print("skipped: PLOVER gold or the VOA stories not found")
        return 0
    stories = news_bench.read_stories()
    candidates: list[Candidate] = []
    gold: Counter[tuple[str, ...]] = Counter()
    configs = []
    with tempfile.TemporaryDirectory() as tmp:
        lexicon = news_bench.petrarch_lexicon(Path(tmp))
        for config, extra in (("bundled", ()), ("petrarch", (lexicon,) if lexicon else None)):
            if extra is None:
                continue
            ann = Annotators(AnnotateOptions(events=extra, event_veto="off"))
            candidates += sentence_candidates(ann, config) + voa_candidates(ann, config, stories)
            gold += gold_units(config)
            configs.append(config)
    sizes = Counter(f"{c.unit[0]}/{c.unit[1]}" for c in candidates)
    positives = Counter(f"{c.unit[0]}/{c.unit[1]}" for c in candidates if c.label)
    for key in sorted(sizes):
        print(f"candidates {key:18} {sizes[key]:5}  positive {positives[key]:4}")

    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform([c.features for c in candidates])
    y = numpy.array([c.label for c in candidates])
    groups = [c.group for c in candidates]
    baseline = {config: tally(*subset(candidates, numpy.ones(len(y)), gold, config)) for config in configs}
    for config, s in baseline.items():
        print(f"no veto        {config:9} {describe(s)}")
    results = []
    for c in C_GRID:
        p = out_of_fold(x, y, groups, c)
        threshold, f1 = best_threshold(candidates, p, gold, configs)
        results.append((f1, -c, c, threshold, p))
        print(f"C {c:<6} best threshold {threshold:.2f}  mean F1 over the lexicons {f1:.3f}")
    top = max(r[0] for r in results)
    _, _, c, threshold, p = max((r for r in results if r[0] >= top - CLOSE), key=lambda r: r[1])  # smaller C
    cv = {config: tally(*subset(candidates, p >= threshold, gold, config)) for config in configs}
    for config, s in cv.items():
        print(f"veto (CV)      {config:9} {describe(s)}")
    print(f"chosen: C {c}, threshold {threshold:.2f}")

    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 5) for n, w in zip(names, model.coef_[0], strict=True)}
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    print("top features for keeping:", ", ".join(f"{n} {w:+.2f}" for n, w in ranked[:TOP]))
    print("top features for dropping:", ", ".join(f"{n} {w:+.2f}" for n, w in ranked[::-1][:TOP]))
    data = {
        "about": "Rashomon's event veto: logistic weights over the features of rashomon/annotate/events/veto.py. "
        "Written by bench/train_event_veto.py; retrain rather than edit.",
        "bias": round(float(model.intercept_[0]), 5),
        "threshold": threshold,
        "features": sorted(weights),
        "weights": [weights[n] for n in sorted(weights)],
        "metadata": {
            "trained_on": [
                "PLOVER GSR dev half",
                "PETRARCH-2 validation dev half",
                *(f"VOA voa-events-{n} (development)" for n in VOA_DEV_SETS),
            ],
            "lexicons": configs,
            "candidates": dict(sorted(sizes.items())),
            "positives": dict(sorted(positives.items())),
            "counted": "events that happened (asserted, reported, historical) the annotators yield with no veto",
            "model": f"LogisticRegression(C={c}), L2; DictVectorizer features",
            "selection": f"{FOLDS}-fold CV grouped by document; type-level F1 averaged over the lexicons; "
            f"the higher threshold and the smaller C within {CLOSE}",
            "cv_type_level": {k: {m: round(v, 3) for m, v in s.items()} for k, s in cv.items()},
            "no_veto_type_level": {k: {m: round(v, 3) for m, v in s.items()} for k, s in baseline.items()},
        },
    }
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(weights)} features)")
    return 0


def subset(
    candidates: list[Candidate], keep: numpy.ndarray, gold: Counter, config: str
) -> tuple[list[Candidate], numpy.ndarray, Counter]:
    """The candidates, the kept mask and the gold of one lexicon configuration."""
    mask = [c.unit[0] == config for c in candidates]
    return (
        [c for c, m in zip(candidates, mask, strict=True) if m],
        keep[numpy.array(mask)],
        Counter({u: n for u, n in gold.items() if u[0] == config}),
    )


if __name__ == "__main__":
    sys.exit(main())
