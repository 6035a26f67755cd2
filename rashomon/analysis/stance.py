"""Stance per document and per outlet toward each actor: the outlet's stance, apart from its coverage.

Side by side, for each document (or outlet) and each actor (`target`): a state by its code (an outlet's
words about Valdoria's president and its ministries count toward Valdoria: the sectors through which a
state acts, STATE_SECTORS); any other actor by its own id, a party, a company, a newspaper or a person
the dictionary lacks (a person or institution named in the text; a document-local name that the
recogniser found but nothing says is an actor, "the navy", is no target):

- stance, the outlet's own voice: its loaded labels for the actor, the verbs it reports the actor's
  words with and the targeted sentiment of its sentences about it, summed and squashed to −1…1 as
  VADER squashes a sentence's valences (consistent evidence adds up; one stray word does not make a
  stance), with the count `n`, a standard error and every evidence sentence; fewer than
  `min_evidence` items ([analysis.stance] in the settings) are marked as too little to say;
- voice given: how many quotations it gives the actor and their share of its quoted words;
- coverage: the events it reports with the actor as agent or as victim and their mean place on the
  cooperation scale. An outlet reporting an actor's own attacks is not thereby against it: coverage
  is shown, never mixed into the stance.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from rashomon.analysis.camps import grouping
from rashomon.analysis.errors import QueryError
from rashomon.annotate.actors.dictionary import STATE_SECTORS
from rashomon.annotate.stance import STANCE_SOURCES
from rashomon.settings import Section, Settings, load_settings
from rashomon.store.database import Store
from rashomon.store.reading.actors import mention_profiles
from rashomon.store.reading.quotes import quoted_words
from rashomon.store.reading.stance import stance_evidence

GROUPINGS = ("document", "outlet", "camp")
SQUASH = 1.0  # VADER's normalisation, score = sum / sqrt(sum² + SQUASH), for items already on −1…1
UNIFORM_VARIANCE = 1 / 3  # the variance of a score spread evenly over −1…1: one item's assumed spread


def stance(
    store: Store, by: str = "outlet", target: str | None = None, settings: Settings | None = None
) -> list[dict[str, Any]]:
    """One row per document (or outlet, `doc_id` null) and actor code (`target`): `score` (the outlet's
    stance, null without own-voice evidence), `n`, `uncertainty` (standard error), `sufficient`, `lean`
    (+1 for, −1 against, 0 neither or too little evidence to say), `evidence` (the sentences, each with
    its document and offsets), `quotes` and `quote_share`, and `coverage`.

    `by` camp: one row per camp (its outlets' evidence together) and actor, with `camp` in place of
    `outlet`. `target` keeps one actor, by actor id or code; `settings` (default: the bundled ones) give
    the evidence needed and the band around 0 that leans neither way ([analysis.stance])."""
    rules = (settings or load_settings())["analysis.stance"]
    if by not in GROUPINGS:
        raise QueryError(f"--by must be one of {', '.join(GROUPINGS)} (got {by!r})")
    rows: dict[tuple[str | None, str | None, str], dict[str, Any]] = {}
    actors = _actors(store)
    group = grouping(store, "camp" if by == "camp" else "outlet")

    def row(doc_id: str | None, outlet: str | None, actor_id: str, code: str | None) -> dict[str, Any] | None:
        kept = _target(actor_id, code, actors.get((doc_id, actor_id), (None, None, None)))
        if kept is None or (target and target not in (actor_id, code, kept)):
            return None
        outlet = group(outlet) if outlet is not None or by == "camp" else None
        key = (doc_id if by == "document" else None, outlet, kept)
        name = code if kept == code else actors.get((doc_id, actor_id), (None, None, None))[2] or actor_id
        return rows.setdefault(key, {
            "doc_id": key[0], "camp" if by == "camp" else "outlet": outlet, "target": kept, "code": code,
            "name": name, "score": None,
            "n": 0, "uncertainty": None, "sufficient": False, "lean": 0, "evidence": [], "quotes": 0,
            "quote_share": 0.0, "coverage": {"as_agent": 0, "as_victim": 0, "score": None}, "documents": set(),
        })  # fmt: skip

    covered: dict[int, list[float]] = defaultdict(list)  # id of a cell → its events' scores
    ordered = stance_evidence(store, "document" if by == "document" else "outlet")
    for doc_id, outlet, actor_id, code, source, score, cue, start, end in ordered:
        cell = row(doc_id, outlet, actor_id, code)
        if cell is None:
            continue
        cell["documents"].add(doc_id)
        if source in STANCE_SOURCES:
            cell["evidence"].append({"doc_id": doc_id, "source": source, "cue": cue, "score": score,
                                     "start": start, "end": end})  # fmt: skip
        else:
            cell["coverage"]["as_agent" if " as actor" in cue else "as_victim"] += 1
            covered[id(cell)].append(score)
    _add_quotes(store, by, row, group)
    out = [_scored(cell, covered[id(cell)], rules) for cell in rows.values()]
    column = "camp" if by == "camp" else "outlet"
    return sorted(out, key=lambda r: (r["doc_id"] or "", r[column] or "", -r["n"], -r["quotes"], r["target"]))


def _scored(cell: dict[str, Any], covered: list[float], rules: Section) -> dict[str, Any]:
    """A cell with its evidence summed and squashed to −1…1, its standard error, whether it is enough
    to lean on, and the mean score of the events it covers."""
    scores = [e["score"] for e in cell["evidence"]]
    cell["n"] = len(scores)
    if scores:
        total = sum(scores)
        variance = statistics.variance(scores) if len(scores) > 1 else UNIFORM_VARIANCE
        cell["score"] = round(total / math.sqrt(total * total + SQUASH), 4)
        # the sum's standard error carried through the squashing (its slope at the sum)
        slope = SQUASH / (total * total + SQUASH) ** 1.5
        cell["uncertainty"] = round(math.sqrt(variance * len(scores)) * slope, 4)
    cell["sufficient"] = cell["n"] >= rules.min_evidence
    if cell["sufficient"] and abs(cell["score"]) >= rules.neutral_band:
        cell["lean"] = 1 if cell["score"] > 0 else -1
    if covered:
        cell["coverage"]["score"] = round(statistics.mean(covered), 4)
    cell["quote_share"] = round(cell["quote_share"], 4)
    cell["documents"] = len(cell["documents"])
    return cell


def _actors(store: Store) -> dict[tuple[str, str], tuple[str | None, str | None, str | None]]:
    """(document, actor id) → the sector, kind and name its mentions there give most often; a person
    only when named in full at least once and never, anywhere, with an article (a lone capitalised word,
    or "the Grey Shelf", that the recogniser calls a person is as often a place or a ship)."""
    return {
        (doc_id, actor_id): (sector, kind if kind != "person" or (words > 1 and not article) else None, name)
        for doc_id, actor_id, sector, kind, name, words, article in mention_profiles(store)
    }


def _target(actor_id: str, code: str | None, seen: tuple[str | None, str | None, str | None]) -> str | None:
    """Whose stance a piece of evidence is about: the state (its code) for the state and the sectors
    it acts through, else the actor itself; a document-local name only when it is a person's or an
    institution's."""
    sector, kind, _ = seen
    if actor_id.startswith("doc:"):
        return actor_id if kind in ("person", "institution") else None
    if code is not None and (actor_id == code or sector is None or sector in STATE_SECTORS):
        return code
    return actor_id


def _add_quotes(store: Store, by: str, row: Any, group: Callable[[str], str]) -> None:
    """How much room each actor gets: its quotations and their share of the quoted words of the
    document (or outlet, or camp)."""
    quoted = quoted_words(store)
    totals: dict[str | None, int] = defaultdict(int)

    def whose(doc_id: str, outlet: str | None) -> str | None:
        return doc_id if by == "document" else group(outlet) if outlet is not None or by == "camp" else None

    for doc_id, outlet, _, _, words, _ in quoted:
        totals[whose(doc_id, outlet)] += words
    for doc_id, outlet, actor, code, words, quotes in quoted:
        cell = row(doc_id, outlet, actor, code) if actor is not None else None
        if cell is None:
            continue
        cell["documents"].add(doc_id)
        cell["quotes"] += quotes
        total = totals[whose(doc_id, outlet)]
        cell["quote_share"] += words / total if total else 0.0
