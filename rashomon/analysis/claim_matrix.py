"""The claim matrix: for each cluster of claims about one quantity, which outlets state the number,
which contradict it, and which leave it out."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from rashomon.analysis.camps import grouping
from rashomon.link.clusters import components
from rashomon.settings import Settings, load_settings
from rashomon.store.database import Store
from rashomon.store.linking import story_actors
from rashomon.store.reading.claims import ClusteredClaim, clustered_claims
from rashomon.store.reading.documents import document_dates, document_outlets


def claim_matrix(store: Store, settings: Settings | None = None, by: str = "outlet") -> list[dict[str, Any]]:
    """One row per claim cluster that spans two or more documents.

    The claims of a cluster fall into positions (claims joined by agreement). The cluster's claim
    is the position most outlets hold; each outlet of the story either `states` it, `contradicts`
    it (holds only a position that contradicts it), does `both`, or `omits` it. The story's outlets
    are those of documents naming at least `story_shared_actors` of the actors that the cluster's
    documents name, published within `story_days` of them ([link.claims] in the settings).

    `by` camp: the row's `outlets` and `omitted` are camps (rashomon.analysis.camps), a camp's cell
    holding what its outlets write; a camp states the claim when one of its outlets does.
    """
    group = grouping(store, by)
    claims = clustered_claims(store)
    if not claims:
        return []
    links = [(row["a"], row["b"], row["relation"]) for row in store.records("claim_links")]
    story_rules = (settings or load_settings())["link.claims"]
    position = components([(a, b) for a, b, relation in links if relation == "agree"])
    contradicting = {(position.get(a, a), position.get(b, b)) for a, b, relation in links if relation == "contradict"}
    actors = story_actors(store)
    outlets = document_outlets(store)
    outlet_of = {doc_id: doc_id if outlet is None else group(outlet) for doc_id, outlet in outlets.items()}
    published = document_dates(store)
    window = dt.timedelta(days=story_rules.story_days)
    by_cluster: dict[str, list[ClusteredClaim]] = defaultdict(list)
    for row in claims:
        by_cluster[row.cluster_id].append(row._replace(outlet=outlet_of[row.doc_id]))
    rows = []
    for cluster_id, members in by_cluster.items():
        holders: dict[str, set[str]] = defaultdict(set)  # position → outlets
        for claim_id, _, outlet, *_ in members:
            holders[position.get(claim_id, claim_id)].add(outlet)
        main = max(sorted(holders), key=lambda p: len(holders[p]))
        against = {p for p in holders if (p, main) in contradicting or (main, p) in contradicting}
        outlets = _cells(members, position, main, against)
        story = _story_outlets({m.doc_id for m in members}, actors, published, outlet_of, window,
                               story_rules.story_shared_actors)  # fmt: skip
        omitted = sorted(story - set(outlets))
        main_phrases = [m.phrase for m in members if position.get(m.claim_id, m.claim_id) == main]
        rows.append({
            "cluster_id": cluster_id,
            "quantity": Counter(m.quantity for m in members).most_common(1)[0][0],
            "predicate": Counter(m.predicate for m in members).most_common(1)[0][0],
            "label": _label(members),
            "claim": main_phrases[0],
            "outlets": outlets,
            "omitted": omitted,
        })  # fmt: skip
    return sorted(rows, key=lambda r: (-len(r["outlets"]), r["cluster_id"]))


def _cells(
    members: list[ClusteredClaim], position: dict[str, str], main: str, against: set[str]
) -> dict[str, dict[str, Any]]:
    """Per outlet: its phrases, claim ids and values, and whether it states the main position,
    contradicts it, does both, or only differs."""
    outlets: dict[str, dict[str, Any]] = {}
    for claim_id, _doc_id, outlet, _, phrase, value, *_ in members:
        cell = outlets.setdefault(outlet, {"positions": set(), "phrases": [], "claim_ids": [], "values": []})
        cell["positions"].add(position.get(claim_id, claim_id))
        cell["phrases"].append(phrase)
        cell["claim_ids"].append(claim_id)
        cell["values"].append(value)
    for cell in outlets.values():
        held = cell.pop("positions")
        states, contradicts = main in held, bool(held & against)
        cell["status"] = "both" if states and contradicts else "states" if states else (
            "contradicts" if contradicts else "differs")  # fmt: skip
    return outlets


def _story_outlets(
    docs: set[str],
    actors: dict[str, set[str]],
    published: dict[str, dt.date | None],
    outlet_of: dict[str, str],
    window: dt.timedelta,
    shared_actors: int,
) -> set[str]:
    """The outlets of the story the documents tell: of the documents naming `shared_actors` of their
    actors, published within `window` of them."""
    named = set().union(*(actors[d] for d in docs))
    days = [day for d in docs if (day := published.get(d)) is not None]
    first, last = (min(days) - window, max(days) + window) if days else (dt.date.min, dt.date.max)
    return {
        outlet_of[d]
        for d, found in actors.items()
        if len(found & named) >= shared_actors and first <= (published[d] or first) <= last
    }


def _label(members: list[ClusteredClaim]) -> str:
    """The row's name as a reader says it: what is counted as most of its claims write it, and the unit
    when there is one ("Morvenian fishing boats", "aid to Ukraine, USD")."""
    counted = Counter(m.counted for m in members).most_common(1)[0][0]
    unit = Counter(m.unit for m in members if m.unit).most_common(1)
    return f"{counted}, {unit[0][0]}" if unit else counted
