"""The claim matrix: for each cluster of claims about one quantity, which outlets state the number,
which contradict it, and which leave it out."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from rashomon.link.claims import story_actors
from rashomon.link.clusters import components
from rashomon.settings import Settings, load_settings
from rashomon.store.database import Store


def claim_matrix(store: Store, settings: Settings | None = None) -> list[dict[str, Any]]:
    """One row per claim cluster that spans two or more documents.

    The claims of a cluster fall into positions (claims joined by agreement). The cluster's claim
    is the position most outlets hold; each outlet of the story either `states` it, `contradicts`
    it (holds only a position that contradicts it), does `both`, or `omits` it. The story's outlets
    are those of documents naming at least `story_shared_actors` of the actors that the cluster's
    documents name, published within `story_days` of them ([link.claims] in the settings).
    """
    claims = store.con.execute(
        """
        SELECT c.claim_id, c.doc_id, coalesce(d.outlet, c.doc_id), c.cluster_id, c.phrase, c.value, c.quantity,
               c.predicate, coalesce(nullif(c.counted, ''), c.quantity), c.unit
        FROM claims c JOIN documents d USING (doc_id)
        WHERE c.cluster_id IN (SELECT cluster_id FROM claims GROUP BY 1 HAVING count(DISTINCT doc_id) > 1)
        ORDER BY c.claim_id
        """
    ).fetchall()
    if not claims:
        return []
    links = store.con.execute("SELECT a, b, relation FROM claim_links").fetchall()
    story_rules = (settings or load_settings())["link.claims"]
    position = components([(a, b) for a, b, relation in links if relation == "agree"])
    contradicting = {(position.get(a, a), position.get(b, b)) for a, b, relation in links if relation == "contradict"}
    actors = story_actors(store)
    outlet_of: dict[str, str] = {}
    published: dict[str, dt.date | None] = {}
    for doc_id, outlet, day in store.con.execute(
        "SELECT doc_id, coalesce(outlet, doc_id), published FROM documents"
    ).fetchall():
        outlet_of[doc_id] = outlet
        published[doc_id] = day
    window = dt.timedelta(days=story_rules.story_days)
    by_cluster: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in claims:
        by_cluster[row[3]].append(row)
    rows = []
    for cluster_id, members in by_cluster.items():
        holders: dict[str, set[str]] = defaultdict(set)  # position → outlets
        for claim_id, _, outlet, *_ in members:
            holders[position.get(claim_id, claim_id)].add(outlet)
        main = max(sorted(holders), key=lambda p: len(holders[p]))
        against = {p for p in holders if (p, main) in contradicting or (main, p) in contradicting}
        outlets = _cells(members, position, main, against)
        story = _story_outlets({m[1] for m in members}, actors, published, outlet_of, window,
                               story_rules.story_shared_actors)  # fmt: skip
        omitted = sorted(story - set(outlets))
        main_phrases = [m[4] for m in members if position.get(m[0], m[0]) == main]
        rows.append({
            "cluster_id": cluster_id,
            "quantity": Counter(m[6] for m in members).most_common(1)[0][0],
            "predicate": Counter(m[7] for m in members).most_common(1)[0][0],
            "label": _label(members),
            "claim": main_phrases[0],
            "outlets": outlets,
            "omitted": omitted,
        })  # fmt: skip
    return sorted(rows, key=lambda r: (-len(r["outlets"]), r["cluster_id"]))


def _cells(
    members: list[tuple[Any, ...]], position: dict[str, str], main: str, against: set[str]
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


def _label(members: list[tuple[Any, ...]]) -> str:
    """The row's name as a reader says it: what is counted as most of its claims write it, and the unit
    when there is one ("Morvenian fishing boats", "aid to Ukraine, USD")."""
    counted = Counter(m[8] for m in members).most_common(1)[0][0]
    unit = Counter(m[9] for m in members if m[9]).most_common(1)
    return f"{counted}, {unit[0][0]}" if unit else counted
