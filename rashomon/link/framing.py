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

from rashomon.annotate.events.lexicon import load_lexicon
from rashomon.link.clusters import components
from rashomon.store.database import Store


def link_event_labels(store: Store) -> int:
    """Set the referent of every event label; returns how many referents the corpus has."""
    con = store.con
    cluster_of: dict[tuple[str, int], str] = {}
    on_day: dict[tuple[str, str], set[str]] = {}
    in_document: dict[tuple[str, str], set[str]] = {}  # (doc, type) → the clusters of its events of that type
    dated: dict[str, list[tuple[dt.date, str, frozenset[str]]]] = {}  # type → (day, cluster, its actors' codes)
    for doc_id, start, cluster_id, kind, date, precision, codes in con.execute(
        """
        SELECT doc_id, trigger_start, cluster_id, event, date, date_precision, list_concat(actor_codes, recipient_codes)
        FROM events WHERE NOT derived
        """
    ).fetchall():
        cluster_id = cluster_id or f"{doc_id}:{start}"
        cluster_of[(doc_id, start)] = cluster_id
        in_document.setdefault((doc_id, kind), set()).add(cluster_id)
        if precision == "day" and date:
            on_day.setdefault((date, kind), set()).add(cluster_id)
            dated.setdefault(kind, []).append((dt.date.fromisoformat(date[:10]), cluster_id, frozenset(codes)))
    reports = dict(con.execute("SELECT cluster_id, count(DISTINCT doc_id) FROM events GROUP BY 1").fetchall())
    published = dict(con.execute("SELECT doc_id, published FROM documents WHERE published IS NOT NULL").fetchall())
    named: dict[str, set[str]] = {}
    for doc_id, code in con.execute("SELECT DISTINCT doc_id, code FROM mentions WHERE code IS NOT NULL").fetchall():
        named.setdefault(doc_id, set()).add(code)
    window = dt.timedelta(days=load_lexicon().undated_window_days)

    def recent(doc_id: str, types: list[str]) -> set[str]:
        """Clusters of those types dated in the days before the document appeared, with an actor it names."""
        day = published.get(doc_id)
        if day is None:
            return set()
        return {cluster for kind in types for when, cluster, codes in dated.get(kind, [])
                if day - window <= when <= day and codes & named.get(doc_id, set())}  # fmt: skip

    chains = con.execute(
        """
        SELECT doc_id, chain,
               list(DISTINCT event_start) FILTER (WHERE event_start IS NOT NULL),
               list(DISTINCT date) FILTER (WHERE date IS NOT NULL),
               list(DISTINCT lower(name)) FILTER (WHERE name IS NOT NULL),
               list(DISTINCT t) FILTER (WHERE t IS NOT NULL)
        FROM (SELECT *, unnest(CASE WHEN len(types) = 0 THEN [NULL] ELSE types END) AS t
              FROM terms WHERE kind = 'event')
        GROUP BY doc_id, chain
        """
    ).fetchall()
    pairs: list[tuple[str, str]] = []
    for doc_id, chain, starts, dates, names, types in chains:
        node = f"{doc_id}#{chain}"
        pairs.append((node, node))
        for start in starts or []:
            if (doc_id, start) in cluster_of:
                pairs.append((node, "cluster:" + cluster_of[(doc_id, start)]))
        for name in names or []:
            pairs.append((node, "name:" + name))
        if not starts and not dates:
            # "an act of piracy", "the provocation": no event or date of its own, so it names the most
            # widely reported event of a type the word can name, of the document or of the days before it.
            candidates = set().union(*(in_document.get((doc_id, kind), set()) for kind in types or []))
            candidates |= recent(doc_id, types or [])
            if candidates:
                main = min(candidates, key=lambda c: (-reports.get(c, 1), c))
                pairs.append((node, "cluster:" + main))
        for date in dates or []:
            if len(date) < 10:
                continue  # a month is too coarse to say which event
            for kind in types or []:
                pairs.append((node, f"day:{date}:{kind}"))
                pairs += [(node, "cluster:" + c) for c in sorted(on_day.get((date, kind), ()))]
    component = components(pairs)
    members: dict[str, list[str]] = {}
    for key, root in component.items():
        members.setdefault(root, []).append(key)
    referent_of: dict[str, str] = {}
    for keys in members.values():
        clusters = sorted(k.removeprefix("cluster:") for k in keys if k.startswith("cluster:"))
        names = sorted(k for k in keys if k.startswith("name:"))
        nodes = [k for k in keys if "#" in k and not k.startswith(("cluster:", "name:", "day:"))]
        for node in nodes:
            referent_of[node] = clusters[0] if clusters else names[0] if names else node
    if referent_of:
        nodes, referents = zip(*referent_of.items(), strict=True)
        with store.transaction():
            con.execute(
                """
                UPDATE terms SET referent = r.referent
                FROM (SELECT unnest(?::VARCHAR[]) AS node, unnest(?::VARCHAR[]) AS referent) r
                WHERE terms.kind = 'event' AND terms.doc_id || '#' || terms.chain = r.node
                """,
                [list(nodes), list(referents)],
            )
    return len(set(referent_of.values()))
