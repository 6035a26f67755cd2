"""Pages of records for the web API: documents, events, quotations, claims and claim links, with filters.

Records keep the shape of the export's JSON-lines files (the README's "Data contract"): events, quotes
and claims come from the export's own generators, with the document's `outlet` added. Actors are
named as in `dyads.ActorSpec` (a code, CODE:SECTOR+SECTOR, or an actor id); date bounds as YYYY,
YYYY-MM or YYYY-MM-DD, inclusive at the coarser of the two precisions: `until=2025-04` keeps
2025-04-30, and an event dated only 2025-04 stays for `since=2025-04-15`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from rashomon.analysis.actors import resolve_actor
from rashomon.analysis.dyads import ActorSpec, date_within, parse_date
from rashomon.analysis.errors import QueryError
from rashomon.annotate.events.lexicon import MODALITIES, PLOVER_TYPES
from rashomon.store.database import Store
from rashomon.store.outlets import outlet_camps
from rashomon.store.reading import documents as stored
from rashomon.store.reading.actors import actor_profiles
from rashomon.store.search import KINDS, holds_words, query_words, search_hits
from rashomon.views import export

MAX_LIMIT = 1000
MAX_BIGINT = 2**63 - 1  # DuckDB takes an offset or a count as a BIGINT: a larger one is refused before the query
RELATIONS = ("agree", "contradict", "update")


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


def documents(store: Store, outlet: str | None = None, text: bool = False, limit: int = 100, offset: int = 0) -> Page:
    """Documents in doc_id order, as documents.jsonl without `text` and `removed` unless `text`;
    `length` is the clean text's length in characters."""
    _check_page(limit, offset)
    total, items = stored.documents_page(store, outlet, text, limit, offset)
    return Page(total, limit, offset, items)


def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    """One document shaped as a documents.jsonl line (with `length`), or None when there is none."""
    return stored.document(store, doc_id)


def events(
    store: Store,
    actor: str | None = None,
    recipient: str | None = None,
    type: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: str | None = None,
    q: str | None = None,
    sort: str | None = None,
    camp: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page:
    """Events as events.jsonl lines (every modality; `outlet` added), in document and text order, or by
    `sort`: date or confidence (`-` before it: descending; undated events last either way).

    `actor`/`recipient` keep events with a participant on that side that is this actor (named as in
    the dyad view: a code, a name, an alias or an id); `type` is a PLOVER type; `since`/`until` keep
    events whose date can fall within the bounds (undated events then drop out); `modality` one of
    MODALITIES; `q` events whose sentence holds every word of it (as `search` splits words); `camp`
    events reported by the outlets of that camp."""
    wanted_type = None
    if type is not None:
        wanted_type = type.strip().upper()
        if wanted_type not in PLOVER_TYPES:
            raise QueryError(f"type must be a PLOVER type: {', '.join(PLOVER_TYPES)} (got {type!r})")
    if modality is not None and modality not in MODALITIES:
        raise QueryError(f"modality must be one of {', '.join(MODALITIES)} (got {modality!r})")
    source = _actor(store, actor)
    target = _actor(store, recipient)
    low, high = parse_date(since, "since"), parse_date(until, "until")
    words = _query_words(store, q)
    order = _event_order(sort)
    _check_page(limit, offset)
    outlets = stored.document_outlets(store)
    kept = _outlets_kept(store, outlet, camp)
    if (wanted_type, source, target, low, high, kept, modality, words, sort) == (None,) * 9:  # a page, read alone
        items = [{**e, "outlet": outlets.get(e["doc_id"])} for e in export.events(store, limit, offset)]
        return Page(store.count("events"), limit, offset, items)

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
            if modality is not None and event["modality"] != modality:
                continue
            if words is not None and not holds_words(event["text"], words):
                continue
            event["outlet"] = outlets.get(event["doc_id"])
            if kept is not None and event["outlet"] not in kept:
                continue
            yield event

    return paginate(order(keep()), limit, offset)


EVENT_SORTS = ("date", "confidence")


def _event_order(sort: str | None) -> Callable[[Iterable[dict[str, Any]]], Iterable[dict[str, Any]]]:
    """The order `sort` asks for (stable: document and text order among equals)."""
    if sort is None:
        return lambda events: events
    key = sort.removeprefix("-")
    if key not in EVENT_SORTS:
        raise QueryError(f"sort must be {' or '.join(EVENT_SORTS)}, - before it for descending (got {sort!r})")
    descending = sort.startswith("-")

    def ordered(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = list(events)
        known = [e for e in rows if e.get(key) is not None]
        known.sort(key=lambda e: e[key], reverse=descending)
        return known + [e for e in rows if e.get(key) is None]

    return ordered


def quotes(
    store: Store,
    outlet: str | None = None,
    speaker: str | None = None,
    camp: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page:
    """Quotations as quotes.jsonl lines (`outlet` added), in document and text order. `speaker` is an
    actor named as in the dyad view: a code (XVA, XVA:GOV), a name, an alias or an actor id; `camp`
    keeps the quotations of that camp's outlets."""
    who = _actor(store, speaker)
    _check_page(limit, offset)
    outlets = stored.document_outlets(store)
    kept = _outlets_kept(store, outlet, camp)

    def keep() -> Iterator[dict[str, Any]]:
        for quote in export.quotes(store):
            quote["outlet"] = outlets.get(quote["doc_id"])
            if kept is not None and quote["outlet"] not in kept:
                continue
            if who is not None and (quote["speaker"] is None or not who.matches(quote["speaker"])):
                continue
            yield quote

    return paginate(keep(), limit, offset)


def claims(store: Store, outlet: str | None = None, camp: str | None = None, limit: int = 100, offset: int = 0) -> Page:
    """Quantitative claims as claims.jsonl lines (`outlet` added), in document and text order; `camp`
    keeps the claims of that camp's outlets."""
    _check_page(limit, offset)
    outlets = stored.document_outlets(store)
    kept = _outlets_kept(store, outlet, camp)

    def keep() -> Iterator[dict[str, Any]]:
        for claim in export.claims(store):
            claim["outlet"] = outlets.get(claim["doc_id"])
            if kept is None or claim["outlet"] in kept:
                yield claim

    return paginate(keep(), limit, offset)


def _outlets_kept(store: Store, outlet: str | None, camp: str | None) -> set[str] | None:
    """The outlets whose records a list keeps: `outlet`, the outlets of `camp`, those that are both, or
    None for every one. A camp no outlet is in is a QueryError naming the camps there are."""
    if camp is None:
        return None if outlet is None else {outlet}
    camps = outlet_camps(store)
    members = {name for name, given in camps.items() if given == camp}
    if not members:
        known = ", ".join(sorted(set(camps.values()))) or "none yet (`rashomon outlets --db FILE --load OUTLETS`)"
        raise QueryError(f"no outlet is in camp {camp!r}; the camps are: {known}")
    return members if outlet is None else members & {outlet}


def claim_links(store: Store, relation: str | None = None, limit: int = 100, offset: int = 0) -> Page:
    """Pairs of claims about one quantity (claim_links.jsonl lines): agree, contradict or update."""
    if relation is not None and relation not in RELATIONS:
        raise QueryError(f"relation must be {', '.join(RELATIONS)} (got {relation!r})")
    rows = (row for row in store.records("claim_links") if relation is None or row["relation"] == relation)
    return paginate(rows, limit, offset)


def actors(store: Store, search: str | None = None) -> list[dict[str, Any]]:
    """Every actor the mentions resolve to (pronouns included), most mentioned first: its id, code, the
    name, sector and kind its mentions give most often, and its counts of mentions, documents, events
    as actor and as recipient, and quotations; with `search`, those whose id, code, name or a mention's
    words hold it."""
    return actor_profiles(store, search)


def search(store: Store, q: str, kind: Iterable[str] = (), limit: int = 20, offset: int = 0) -> Page:
    """What the words of `q` find (rashomon.store.search): documents holding every word, best first
    (BM25), each followed by its quotations, events and claims that hold them all; `kind` keeps some of
    document, quote, event, claim. An item: kind, id, doc_id, outlet, published, title, start, end, text
    (a document's: a snippet round its first hit; a record's: its text) and score (its document's)."""
    _check_page(limit, offset)
    kinds = tuple(kind) or KINDS
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise QueryError(f"kind must be among {', '.join(KINDS)}, not {', '.join(unknown)}")
    words = query_words(store, q)
    if not words:
        raise QueryError(f"search: {q!r} holds no word to look for")
    total, hits = search_hits(store, words, kinds, limit, offset)
    return Page(total, limit, offset, hits)


def _actor(store: Store, text: str | None) -> ActorSpec | None:
    return ActorSpec.parse(resolve_actor(store, text).spec) if text is not None else None


def _query_words(store: Store, q: str | None) -> list[str] | None:
    if q is None:
        return None
    words = query_words(store, q)
    if not words:
        raise QueryError(f"q: {q!r} holds no word to look for")
    return words


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT} (got {limit})")
    if not 0 <= offset <= MAX_BIGINT:
        raise QueryError(f"offset must be between 0 and {MAX_BIGINT} (got {offset})")
