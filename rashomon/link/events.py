"""The same real-world event reported by several documents shares a `cluster_id`.

Events are blocked by PLOVER type and actor pair (unordered for the symmetric types: a meeting of A
with B is B's meeting with A), and within a block compared only with those whose time intervals
overlap, in date order — never all pairs. An event dated to a day, month or year covers that
period; an undated one covers the days before its report (the lexicon's `undated_window_days`) and
matches only an event with the same trigger word ("hosted a delegation" and "host a delegation").

A report often names one side only ("Morvenia called up 5,000 reservists", "four officers were
killed"), so every event is also blocked by type and each side alone. There the bar is higher: both
events are dated to the same day, or they have the same trigger word and overlap.

A run reads only the events of documents not linked yet and those sharing a type and an actor code
with them (all a block of theirs can hold), keeps the pairs with a new event (`link_pairs`), and
clusters all pairs found so far: the same clusters as a run from scratch.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import defaultdict
from dataclasses import dataclass

from rashomon.annotate.events.lexicon import load_lexicon
from rashomon.store.database import Store
from rashomon.store.linking import (
    events_to_cluster,
    replace_event_clusters,
    replace_pairs_at,
)

SYMMETRIC_TYPES = {"CONSULT", "AGREE", "COOPERATE"}
ONE_SIDE = ""  # the empty side of a block keyed by one side only


@dataclass(frozen=True)
class _Dated:
    position: int  # in the events read: a pair is kept as two positions, not as four strings
    id: str
    doc_id: str
    lemma: str
    start: dt.date
    end: dt.date
    undated: bool


def link_events(store: Store, fresh: list[str] | None = None) -> int:
    """Compare the events of the documents `fresh` (None: all) with those their blocks hold, and recompute
    the clusters from every pair found; returns how many events share a cluster."""
    window = dt.timedelta(days=load_lexicon().undated_window_days)
    rows = events_to_cluster(store, fresh)
    new = None if fresh is None else set(fresh)
    blocks: dict[tuple[str, str, str], list[_Dated]] = defaultdict(list)
    for position, (event_id, doc_id, kind, actors, recipients, date, precision, lemma, published) in enumerate(rows):
        dated = _interval(position, event_id, doc_id, lemma, date, precision, published, window)
        if dated is None:
            continue
        for a in actors:
            for r in recipients:
                if a == r:
                    continue
                pair = tuple(sorted((a, r))) if kind in SYMMETRIC_TYPES else (a, r)
                blocks[(kind, *pair)].append(dated)
        if kind in SYMMETRIC_TYPES:  # either side of a meeting is the one named
            one_sided = {(kind, c, ONE_SIDE) for c in (*actors, *recipients)}
        else:
            one_sided = {(kind, a, ONE_SIDE) for a in actors} | {(kind, ONE_SIDE, r) for r in recipients}
        for key in one_sided:
            blocks[key].append(dated)
    pair_a, pair_b = array("q"), array("q")  # each pair's events, as their positions in `rows`
    for key, members in blocks.items():
        one_side = ONE_SIDE in key
        members.sort(key=lambda d: (d.start, d.id))
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                if second.start > first.end:
                    break  # sorted by start: nothing later overlaps
                if (first.undated or second.undated) and first.lemma != second.lemma:
                    continue  # an undated report matches only a report of the same deed
                if one_side and not (_same_day(first, second) or first.lemma == second.lemma):
                    continue  # one side in common: the same day, or the same deed
                if new is None or first.doc_id in new or second.doc_id in new:
                    pair_a.append(first.position)
                    pair_b.append(second.position)
    ids, doc_ids = [row[0] for row in rows], [row[1] for row in rows]
    with store.transaction():
        replace_pairs_at(store, "events", ids, doc_ids, pair_a, pair_b, fresh)
        return replace_event_clusters(store)


def _same_day(first: _Dated, second: _Dated) -> bool:
    return not (first.undated or second.undated) and first.start == first.end == second.start == second.end


def _interval(
    position: int,
    event_id: str,
    doc_id: str,
    lemma: str,
    date: str | None,
    precision: str,
    published: dt.date | None,
    window: dt.timedelta,
) -> _Dated | None:
    if precision == "report" or not date:
        if published is None:
            return None
        return _Dated(position, event_id, doc_id, lemma, published - window, published, True)
    first, last = period(date, precision)
    return _Dated(position, event_id, doc_id, lemma, first, last, False)


def period(date: str, precision: str | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day of a date at its precision (day, month or year; when not given, as far as
    the date goes: "2019", "2019-09", "2019-09-01")."""
    if precision is None:
        precision = "day" if len(date) >= 10 else "month" if len(date) >= 7 else "year"
    year = int(date[:4])
    if precision == "day":
        day = dt.date.fromisoformat(date[:10])
        return day, day
    if precision == "month":
        month = int(date[5:7])
        return dt.date(year, month, 1), dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
