"""Pages of records for the web API: documents, events, quotations, claims and claim links, with filters.

Records keep the shape of the export's JSON-lines files (DESIGN.md, "Data contract"): events, quotes
and claims come from the export's own generators, with the document's `outlet` added. Actors are
named as in `dyads.ActorSpec` (a code, CODE:SECTOR+SECTOR, or an actor id); date bounds as YYYY,
YYYY-MM or YYYY-MM-DD, inclusive at the coarser of the two precisions: `until=2025-04` keeps
2025-04-30, and an event dated only 2025-04 stays for `since=2025-04-15`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from rashomon.analysis.dyads import ActorSpec, date_within, parse_date
from rashomon.analysis.errors import QueryError
from rashomon.annotate.events.lexicon import PLOVER_TYPES
from rashomon.store.database import Store
from rashomon.views import export

MAX_LIMIT = 1000
MAX_BIGINT = 2**63 - 1  # DuckDB takes an offset or a count as a BIGINT: a larger one is refused before the query
RELATIONS = ("agree", "contradict", "update")
DOCUMENT_FIELDS = ("doc_id", "source", "url", "outlet", "title", "authors", "published", "language", "format")


@dataclass
class Page:
    """One page of a list: `items` are rows `offset` … `offset + limit − 1` of `total` rows."""

    total: int
    limit: int
    offset: int
    items: list[Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def paginate(rows: Iterable[Any], limit: int = 100, offset: int = 0) -> Page:
    """The page of `rows` from `offset`, at most `limit` long; `total` counts every row."""
    _check_page(limit, offset)
    items, total = [], 0
    for row in rows:
        if offset <= total < offset + limit:
            items.append(row)
        total += 1
    return Page(total, limit, offset, items)


def documents(store: Store, limit: int = 100, offset: int = 0, outlet: str | None = None, text: bool = False) -> Page:
    """Documents in doc_id order, as documents.jsonl without `text` and `removed` unless `text`;
    `length` is the clean text's length in characters."""
    _check_page(limit, offset)
    where, params = ("WHERE outlet = $outlet", {"outlet": outlet}) if outlet is not None else ("", {})
    total = store.con.execute(f"SELECT count(*) FROM documents {where}", params).fetchone()[0]  # type: ignore[index]
    extra = ", text, removed" if text else ""
    cursor = store.con.execute(
        f"SELECT {', '.join(DOCUMENT_FIELDS)}, length(text) AS length{extra} FROM documents {where} "
        "ORDER BY doc_id LIMIT $limit OFFSET $offset",
        {**params, "limit": limit, "offset": offset},
    )
    return Page(total, limit, offset, _document_dicts(cursor))


def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    """One document shaped as a documents.jsonl line (with `length`), or None when there is none."""
    cursor = store.con.execute(
        f"SELECT {', '.join(DOCUMENT_FIELDS)}, length(text) AS length, text, removed FROM documents "
        "WHERE doc_id = $doc_id",
        {"doc_id": doc_id},
    )
    found = _document_dicts(cursor)
    return found[0] if found else None


def events(
    store: Store,
    actor: str | None = None,
    recipient: str | None = None,
    type: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page:
    """Events as events.jsonl lines (every modality; `outlet` added), in document and text order.

    `actor`/`recipient` keep events with a participant on that side matching the actor name;
    `type` is a PLOVER type; `since`/`until` keep events whose date can fall within the bounds
    (undated events then drop out)."""
    wanted_type = None
    if type is not None:
        wanted_type = type.strip().upper()
        if wanted_type not in PLOVER_TYPES:
            raise QueryError(f"type must be a PLOVER type: {', '.join(PLOVER_TYPES)} (got {type!r})")
    source = ActorSpec.parse(actor) if actor is not None else None
    target = ActorSpec.parse(recipient) if recipient is not None else None
    low, high = parse_date(since, "since"), parse_date(until, "until")
    _check_page(limit, offset)
    outlets = _outlets(store)

    def keep() -> Iterator[dict[str, Any]]:
        for event in export.events(store):
            if wanted_type is not None and event["event"] != wanted_type:
                continue
            if source is not None and not any(source.matches(p) for p in event["actor"]):
                continue
            if target is not None and not any(target.matches(p) for p in event["recipient"]):
                continue
            if (low or high) and not date_within(event["date"], low, high):
                continue
            event["outlet"] = outlets.get(event["doc_id"])
            if outlet is not None and event["outlet"] != outlet:
                continue
            yield event

    return paginate(keep(), limit, offset)


def quotes(
    store: Store, outlet: str | None = None, speaker: str | None = None, limit: int = 100, offset: int = 0
) -> Page:
    """Quotations as quotes.jsonl lines (`outlet` added), in document and text order. `speaker` is an
    actor name as in the dyad view: a code (XVA, XVA:GOV) or an actor id / the speaker's name slug."""
    who = ActorSpec.parse(speaker) if speaker is not None else None
    _check_page(limit, offset)
    outlets = _outlets(store)

    def keep() -> Iterator[dict[str, Any]]:
        for quote in export.quotes(store):
            quote["outlet"] = outlets.get(quote["doc_id"])
            if outlet is not None and quote["outlet"] != outlet:
                continue
            if who is not None and (quote["speaker"] is None or not who.matches(quote["speaker"])):
                continue
            yield quote

    return paginate(keep(), limit, offset)


def claims(store: Store, outlet: str | None = None, limit: int = 100, offset: int = 0) -> Page:
    """Quantitative claims as claims.jsonl lines (`outlet` added), in document and text order."""
    _check_page(limit, offset)
    outlets = _outlets(store)

    def keep() -> Iterator[dict[str, Any]]:
        for claim in export.claims(store):
            claim["outlet"] = outlets.get(claim["doc_id"])
            if outlet is None or claim["outlet"] == outlet:
                yield claim

    return paginate(keep(), limit, offset)


def claim_links(store: Store, relation: str | None = None, limit: int = 100, offset: int = 0) -> Page:
    """Pairs of claims about one quantity (claim_links.jsonl lines): agree, contradict or update."""
    if relation is not None and relation not in RELATIONS:
        raise QueryError(f"relation must be {', '.join(RELATIONS)} (got {relation!r})")
    rows = (row for row in store.records("claim_links") if relation is None or row["relation"] == relation)
    return paginate(rows, limit, offset)


def actors(store: Store) -> list[dict[str, Any]]:
    """Every actor the mentions resolve to (pronouns included), most mentioned first: its id, code, the
    name, sector and kind its mentions give most often, and its counts of mentions, documents, events
    as actor and as recipient, and quotations."""
    cursor = store.con.execute(
        """
        WITH mentioned AS (
                 SELECT actor_id, mode(code) AS code, mode(name) AS name, mode(sector) AS sector,
                        mode(kind) AS kind, count(*) AS mentions, count(DISTINCT doc_id) AS documents
                 FROM mentions WHERE actor_id IS NOT NULL GROUP BY actor_id),
             acting AS (SELECT unnest(actor_ids) AS actor_id FROM events),
             receiving AS (SELECT unnest(recipient_ids) AS actor_id FROM events),
             quoted AS (SELECT speaker_actor_id AS actor_id FROM quotes WHERE speaker_actor_id IS NOT NULL)
        SELECT m.*,
               (SELECT count(*) FROM acting a WHERE a.actor_id = m.actor_id) AS as_actor,
               (SELECT count(*) FROM receiving r WHERE r.actor_id = m.actor_id) AS as_recipient,
               (SELECT count(*) FROM quoted q WHERE q.actor_id = m.actor_id) AS quotes
        FROM mentioned m ORDER BY mentions DESC, actor_id
        """
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT} (got {limit})")
    if not 0 <= offset <= MAX_BIGINT:
        raise QueryError(f"offset must be between 0 and {MAX_BIGINT} (got {offset})")


def _outlets(store: Store) -> dict[str, str | None]:
    return dict(store.con.execute("SELECT doc_id, outlet FROM documents").fetchall())  # type: ignore[arg-type]


def _document_dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    out = []
    for row in cursor.fetchall():
        doc = dict(zip(names, row, strict=True))
        doc["published"] = doc["published"].isoformat() if doc["published"] else None
        doc["authors"] = list(doc["authors"] or [])
        if "removed" in doc:
            doc["removed"] = json.loads(doc["removed"])
        out.append(doc)
    return out
