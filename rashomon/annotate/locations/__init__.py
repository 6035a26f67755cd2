"""Places named in the text, resolved offline to a country and coordinates, and where each event
happened when its sentence says so: see finder.py; the annotator and its table in component.py."""

import json
from functools import cache
from importlib import resources
from typing import Any

from rashomon.annotate.locations.finder import Place, PlaceFinder, located_events

__all__ = ["Place", "PlaceFinder", "located_events", "world_outline"]


@cache
def world_outline() -> dict[str, Any]:
    """The land of the world as TopoJSON (Natural Earth 1:110m, from the world-atlas package; ISC,
    data/LICENSE-world-atlas), for a map drawn offline."""
    return json.loads(resources.files("rashomon.annotate.locations").joinpath("data/land-110m.json").read_text())
