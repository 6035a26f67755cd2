"""The framing table: for each referent, the labels each outlet uses and which of them are loaded."""

from __future__ import annotations

from typing import Any

from rashomon.analysis.errors import QueryError
from rashomon.annotate.framing.lexicon import FramingLexicon, load_lexicon
from rashomon.store.database import Store
from rashomon.store.reading.framing import outlet_labels


def framing(
    store: Store, kind: str = "event", min_outlets: int = 2, referent: str | None = None
) -> list[dict[str, Any]]:
    """Referents named by at least `min_outlets` outlets, most widely named first. `kind` is "event"
    (event clusters), "actor" (actor ids) or "all"; scare quotes and titles count with the actors.
    Each row: the referent, its commonest label, and per outlet its labels with counts, whether each is
    loaded and why, and where each occurs (document and offsets)."""
    kinds = {"event": ["event"], "actor": ["actor", "scare", "title"], "all": ["event", "actor", "scare", "title"]}
    if min_outlets < 1:
        raise QueryError(f"min_outlets must be at least 1 (got {min_outlets})")
    if kind not in kinds:
        raise QueryError(f"kind must be one of {', '.join(kinds)} (got {kind!r})")
    rows: dict[str, dict[str, Any]] = {}
    lexicon = load_lexicon()
    for ref, outlet, labels in outlet_labels(store, kinds[kind], min_outlets, referent):
        row = rows.setdefault(ref, {"referent": ref, "outlets": {}})
        row["outlets"][outlet] = [{**label, "why": _why_loaded(label["loaded_by"], lexicon)} for label in labels]
    for row in rows.values():
        counts: dict[str, int] = {}
        for labels in row["outlets"].values():
            for label in labels:
                counts[label["term"]] = counts.get(label["term"], 0) + label["count"]
        row["label"] = max(sorted(counts), key=lambda t: counts[t])
    return sorted(rows.values(), key=lambda r: (-len(r["outlets"]), r["referent"]))


def _why_loaded(word: str | None, lexicon: FramingLexicon) -> str | None:
    """Why a label is loaded, in words a reader can check."""
    if word is None:
        return None
    if word == "scare quotes":
        return "the outlet puts it in scare quotes"
    if word.lower() in lexicon.loaded_words:
        return f"“{word}” is in the loaded-term lexicon (rashomon/annotate/data/framing.toml)"
    return f"“{word}” carries strong sentiment (VADER valence {lexicon.valence.get(word.lower(), 0):+.1f})"
