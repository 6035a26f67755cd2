"""Event labels across documents: which event each label names, as one referent for the corpus.

Within a document the framing annotator chains the labels of one event. Here each chain is tied
to the event clusters it touches: the clusters of the events it names ("launched its surprise
attack"), the clusters of events of a matching type on the day it carries ("the October 7
Operation"), other documents' chains with the same name ("Al-Aqsa Flood") or the same day and
type, and, for a chain with no event or date of its own ("an act of piracy"), the most widely
reported event of a type its word can name, among the document's events and those dated in the days
before it (the event lexicon's undated window) with an actor it names. The connected chains share
one referent: the smallest event cluster id among them; failing any event, the name
(`name:al-aqsa flood`); failing a name, the chain itself (`<doc_id>#<offset>`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from rashomon.annotate.events.lexicon import load_lexicon
from rashomon.link.clusters import components
from rashomon.store.database import Store
from rashomon.store.linking import (
    coded_mentions,
    documents_per_event_cluster,
    event_term_chains,
    publication_dates,
    set_event_term_referents,
    stated_events,
)


def link_event_terms(store: Store) -> int:
    """Set the referent of every event label; returns how many referents the corpus has."""
    events = _events(store)
    chains = event_term_chains(store)
    referent_of = _referents([pair for chain in chains for pair in _chain_pairs(chain, events)])
    set_event_term_referents(store, referent_of)  # one statement: atomic without a transaction
    return len(set(referent_of.values()))


@dataclass
class _Events:
    """The corpus's events as the label chains look them up."""

    cluster_of: dict[tuple[str, int], str] = field(default_factory=dict)  # (doc, trigger start) → cluster
    on_day: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (day, type) → clusters
    in_document: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (doc, type) → clusters
    dated: dict[str, list[tuple[dt.date, str, frozenset[str]]]] = field(default_factory=dict)  # type → (day, …)
    days: dict[str, list[dt.date]] = field(default_factory=dict)  # type → the days of `dated`, sorted with it
    reports: dict[str, int] = field(default_factory=dict)  # cluster → documents reporting it
    published: dict[str, dt.date] = field(default_factory=dict)
    named: dict[str, set[str]] = field(default_factory=dict)  # doc → the country codes it names
    window: dt.timedelta = dt.timedelta(0)

    def recent(self, doc_id: str, types: list[str]) -> set[str]:
        """Clusters of those types dated in the days before the document appeared, with an actor it names."""
        day = self.published.get(doc_id)
        if day is None:
            return set()
        named = self.named.get(doc_id, set())
        found = set()
        for kind in types:
            days = self.days.get(kind, [])
            # the events of the window, found by bisection in their date order
            for _, cluster, codes in self.dated.get(kind, [])[
                bisect_left(days, day - self.window) : bisect_right(days, day)
            ]:
                if codes & named:
                    found.add(cluster)
        return found


def _events(store: Store) -> _Events:
    events = _Events(window=dt.timedelta(days=load_lexicon().undated_window_days))
    for doc_id, start, cluster_id, kind, date, precision, codes in stated_events(store):
        cluster_id = cluster_id or f"{doc_id}:{start}"
        events.cluster_of[(doc_id, start)] = cluster_id
        events.in_document.setdefault((doc_id, kind), set()).add(cluster_id)
        if precision == "day" and date:
            events.on_day.setdefault((date, kind), set()).add(cluster_id)
            events.dated.setdefault(kind, []).append((dt.date.fromisoformat(date[:10]), cluster_id, frozenset(codes)))
    for kind, dated in events.dated.items():
        dated.sort(key=lambda item: item[0])
        events.days[kind] = [when for when, _, _ in dated]
    events.reports = documents_per_event_cluster(store)
    events.published = publication_dates(store)
    for doc_id, code in coded_mentions(store):
        events.named.setdefault(doc_id, set()).add(code)
    return events


def _chain_pairs(chain: tuple[Any, ...], events: _Events) -> list[tuple[str, str]]:
    """What one document's chain of labels is joined to: the clusters of its events, its name, its day."""
    doc_id, chain_start, starts, dates, names, types = chain
    node = f"{doc_id}#{chain_start}"
    pairs = [(node, node)]
    for start in starts or []:
        if (doc_id, start) in events.cluster_of:
            pairs.append((node, "cluster:" + events.cluster_of[(doc_id, start)]))
    for name in names or []:
        pairs.append((node, "name:" + name))
    if not starts and not dates:
        # "an act of piracy", "the provocation": no event or date of its own, so it names the most
        # widely reported event of a type the word can name, of the document or of the days before it.
        candidates = set().union(*(events.in_document.get((doc_id, kind), set()) for kind in types or []))
        candidates |= events.recent(doc_id, types or [])
        if candidates:
            main = min(candidates, key=lambda c: (-events.reports.get(c, 1), c))
            pairs.append((node, "cluster:" + main))
    for date in dates or []:
        if len(date) < 10:
            continue  # a month is too coarse to say which event
        for kind in types or []:
            pairs.append((node, f"day:{date}:{kind}"))
            pairs += [(node, "cluster:" + c) for c in sorted(events.on_day.get((date, kind), ()))]
    return pairs


def _referents(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Chain → its referent: the smallest event cluster its component holds, else a name, else itself."""
    members: dict[str, list[str]] = {}
    for key, root in components(pairs).items():
        members.setdefault(root, []).append(key)
    referent_of: dict[str, str] = {}
    for keys in members.values():
        clusters = sorted(k.removeprefix("cluster:") for k in keys if k.startswith("cluster:"))
        names = sorted(k for k in keys if k.startswith("name:"))
        nodes = [k for k in keys if "#" in k and not k.startswith(("cluster:", "name:", "day:"))]
        for node in nodes:
            referent_of[node] = clusters[0] if clusters else names[0] if names else node
    return referent_of
