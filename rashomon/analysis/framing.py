"""The framing table: for each referent, the labels each outlet uses and which of them are loaded."""

from __future__ import annotations

from typing import Any

from rashomon.analysis.camps import grouping
from rashomon.analysis.errors import QueryError
from rashomon.annotate.framing.lexicon import FramingLexicon, load_lexicon
from rashomon.store.database import Store
from rashomon.store.reading.framing import outlet_labels


def framing(
    store: Store, kind: str = "event", min_outlets: int = 2, referent: str | None = None, by: str = "outlet"
) -> list[dict[str, Any]]:
    """Referents named by at least `min_outlets` outlets, most widely named first. `kind` is "event"
    (event clusters), "actor" (actor ids) or "all"; scare quotes and titles count with the actors.
    Each row: the referent, its commonest label, and per outlet its labels with counts, whether each is
    loaded and why, and where each occurs (document and offsets). `by` camp: `outlets` are camps, each
    with the labels its outlets use, and `min_outlets` counts camps."""
    kinds = {"event": ["event"], "actor": ["actor", "scare", "title"], "all": ["event", "actor", "scare", "title"]}
    if min_outlets < 1:
        raise QueryError(f"min_outlets must be at least 1 (got {min_outlets})")
    if kind not in kinds:
        raise QueryError(f"kind must be one of {', '.join(kinds)} (got {kind!r})")
    group = grouping(store, by)
    rows: dict[str, dict[str, Any]] = {}
    lexicon = load_lexicon()
    for ref, outlet, labels in outlet_labels(store, kinds[kind], min_outlets if by == "outlet" else 1, referent):
        row = rows.setdefault(ref, {"referent": ref, "outlets": {}})
        held = row["outlets"].setdefault(group(outlet), [])
        held.extend({**label, "why": _why_loaded(label["loaded_by"], lexicon)} for label in labels)
    rows = {ref: row for ref, row in rows.items() if len(row["outlets"]) >= min_outlets}
    for row in rows.values():
        row["outlets"] = {key: _merged(labels) for key, labels in sorted(row["outlets"].items())}
    for row in rows.values():
        counts: dict[str, int] = {}
        for labels in row["outlets"].values():
            for label in labels:
                counts[label["term"]] = counts.get(label["term"], 0) + label["count"]
        row["label"] = max(sorted(counts), key=lambda t: counts[t])
    return sorted(rows.values(), key=lambda r: (-len(r["outlets"]), r["referent"]))


def _merged(labels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A camp's labels: one per term its outlets use, their counts and occurrences together, commonest
    first (an outlet's own labels come one per term already)."""
    merged: dict[str, dict[str, Any]] = {}
    for label in labels:
        known = merged.get(label["term"])
        if known is None:
            merged[label["term"]] = dict(label)
            continue
        known["count"] += label["count"]
        known["loaded"] = known["loaded"] or label["loaded"]
        known["loaded_by"] = known["loaded_by"] or label["loaded_by"]
        known["why"] = known["why"] or label["why"]
        known["doc_ids"] = sorted(set(known["doc_ids"]) | set(label["doc_ids"]))
        known["occurrences"] = sorted(known["occurrences"] + label["occurrences"],
                                      key=lambda o: (o["doc_id"], o["start"]))  # fmt: skip
    return sorted(merged.values(), key=lambda label: (-label["count"], label["term"]))


def _why_loaded(word: str | None, lexicon: FramingLexicon) -> str | None:
    """Why a label is loaded, in words a reader can check."""
    if word is None:
        return None
    if word == "scare quotes":
        return "the outlet puts it in scare quotes"
    if word.lower() in lexicon.loaded_words:
        return f"“{word}” is in the loaded-term lexicon (rashomon/annotate/data/framing.toml)"
    return f"“{word}” carries strong sentiment (VADER valence {lexicon.valence.get(word.lower(), 0):+.1f})"
