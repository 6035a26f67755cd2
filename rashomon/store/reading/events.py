"""Events: those that happened, for the dyads, the actor network and the report; event clusters and
the places where events happened."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rashomon.store.database import Store


@dataclass(frozen=True)
class ScoredEvent:
    """An event row with a score and a date, and its document's outlet; `actor` and `recipient` are
    the stored JSON lists of participants."""

    id: str
    cluster_id: str | None
    event: str
    score: float
    date: str
    date_precision: str | None
    doc_id: str
    outlet: str | None
    text: str
    start: int
    end: int
    actor: str
    recipient: str
    confidence: float | None


def scored_events(
    store: Store, modalities: Sequence[str], actor_code: str | None = None, recipient_code: str | None = None
) -> list[ScoredEvent]:
    """Every event of one of `modalities` that has a score and a date, in date and id order; with
    `actor_code` or `recipient_code`, only those whose actor (recipient) codes hold it."""
    sides = [
        (column, code) for column, code in (("actor_codes", actor_code), ("recipient_codes", recipient_code)) if code
    ]
    rows = store.con.execute(
        f"""
        SELECT e.id, e.cluster_id, e.event, e.score, e.date, e.date_precision, e.doc_id, d.outlet, e.text,
               e.start, e."end", e.actor, e.recipient, e.confidence
        FROM events e JOIN documents d USING (doc_id)
        WHERE e.modality IN ({", ".join("?" * len(modalities))}) AND e.score IS NOT NULL AND e.date IS NOT NULL
              {"".join(f" AND list_contains(e.{column}, ?)" for column, _ in sides)}
        ORDER BY e.date, e.id
        """,
        [*modalities, *(code for _, code in sides)],
    ).fetchall()
    return [ScoredEvent(*row) for row in rows]


def event_sides(store: Store, modalities: Sequence[str]) -> list[tuple[str, str, str]]:
    """(cluster id, else the event's own id; actor JSON; recipient JSON) of every event of one of
    `modalities`, dated or not."""
    return store.con.execute(
        "SELECT coalesce(cluster_id, id), actor, recipient FROM events WHERE modality IN (SELECT unnest(?))",
        [list(modalities)],
    ).fetchall()


def cluster_summaries(store: Store) -> list[tuple[str, str, str | None, str | None, str | None]]:
    """Per event cluster: its commonest PLOVER type, day (of the reports dated to the day) and first
    actor's and first recipient's names."""
    return store.con.execute(
        """
        SELECT cluster_id, mode(event ORDER BY event), mode(date ORDER BY date) FILTER (WHERE date_precision = 'day'),
               mode(actor_name ORDER BY actor_name), mode(recipient_name ORDER BY recipient_name)
        FROM (SELECT *, json_extract_string(actor, '$[0].name') AS actor_name,
                        json_extract_string(recipient, '$[0].name') AS recipient_name
              FROM events WHERE cluster_id IS NOT NULL)
        GROUP BY 1
        """
    ).fetchall()


def places_with_events(store: Store) -> list[dict[str, Any]]:
    """Each place the documents name (name, code, kind, latitude, longitude), with how often they name
    it (`mentions`) and how many events happened there (`events`), those with most events first."""
    cursor = store.con.execute(
        """
        SELECT p.name, p.code, p.kind, p.latitude, p.longitude, count(DISTINCT p.place_id) AS mentions,
               count(DISTINCT e.id) AS events
        FROM places p LEFT JOIN events e ON e.location = p.place_id
        GROUP BY ALL ORDER BY events DESC, mentions DESC, p.name
        """
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
