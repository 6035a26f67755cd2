"""Terms: the labels documents use for actors and events, per document and per outlet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rashomon.store.database import Store


def document_terms(store: Store) -> list[dict[str, Any]]:
    """Each label a document uses for a referent, in document and first-use order: doc_id, outlet,
    referent, term, kind, `loaded` and `loaded_by` (the first loading word), `count`, `quoted` (every
    use inside a quotation) and `occurrences` ({start, end})."""
    cursor = store.con.execute(
        """
        SELECT t.doc_id, d.outlet, t.referent, t.term, t.kind,
               bool_or(t.loaded_by IS NOT NULL) AS loaded, min(t.loaded_by) AS loaded_by,
               count(*) AS count, bool_and(coalesce(t.quoted, false)) AS quoted,
               list(struct_pack(start := t.start, "end" := t."end") ORDER BY t.start) AS occurrences
        FROM terms t JOIN documents d USING (doc_id)
        GROUP BY t.doc_id, d.outlet, t.referent, t.term, t.kind
        ORDER BY t.doc_id, min(t.start), t.kind, t.term, t.referent
        """
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def outlet_labels(
    store: Store, kinds: Sequence[str], min_outlets: int, referent: str | None = None
) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(referent, outlet, labels) for the referents that terms of `kinds` name in at least `min_outlets`
    outlets (a document without one counts as its own), in referent and outlet order. Each label: term,
    count, loaded, loaded_by, doc_ids and occurrences ({doc_id, start, end}), commonest first."""
    return store.con.execute(
        """
        WITH labels AS (
            SELECT t.referent, coalesce(d.outlet, t.doc_id) AS outlet, t.term, count(*) AS n,
                   bool_or(t.loaded_by IS NOT NULL) AS loaded, min(t.loaded_by) AS loaded_by,
                   list_sort(list(DISTINCT t.doc_id)) AS doc_ids,
                   list(struct_pack(doc_id := t.doc_id, start := t.start, "end" := t."end")
                        ORDER BY t.doc_id, t.start) AS occurrences
            FROM terms t JOIN documents d USING (doc_id)
            WHERE t.referent IS NOT NULL AND list_contains($kinds, t.kind)
              AND ($referent IS NULL OR t.referent = $referent)
            GROUP BY ALL
        ), named AS (
            SELECT referent FROM labels GROUP BY referent HAVING count(DISTINCT outlet) >= $min_outlets
        )
        SELECT referent, outlet,
               list(struct_pack(term := term, count := n, loaded := loaded, loaded_by := loaded_by,
                                doc_ids := doc_ids, occurrences := occurrences) ORDER BY n DESC, term) AS labels
        FROM labels JOIN named USING (referent)
        GROUP BY referent, outlet ORDER BY referent, outlet
        """,
        {"kinds": list(kinds), "referent": referent, "min_outlets": min_outlets},
    ).fetchall()


def plain_event_labels(store: Store) -> list[tuple[str, str]]:
    """(referent, term) of the event labels no loaded word marks, used in the outlet's own voice (never
    quoted), commonest first."""
    return store.con.execute(
        """
        SELECT referent, term FROM terms WHERE kind = 'event' AND loaded_by IS NULL AND NOT coalesce(quoted, false)
        GROUP BY ALL ORDER BY count(*) DESC, term
        """
    ).fetchall()


def named_event_referents(store: Store) -> list[str]:
    """The referents that are an event's proper name ("name:Al-Aqsa Flood")."""
    rows = store.con.execute("SELECT DISTINCT referent FROM terms WHERE referent LIKE 'name:%'").fetchall()
    return [referent for (referent,) in rows]
