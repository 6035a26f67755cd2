"""Annotators as registered components, after spaCy's factories.

Each annotator registers a factory with `@component(name, requires=…, tables=…, data=…, settings=…)`: the
results of other annotators it reads, the store tables it writes (declared in rashomon.store.schema), the
data files and the settings section its output depends on. What a component requires brings its data
along: an annotator that reads the framing lexicon after the `terms` annotator names no file twice.
`components()` orders them so that each runs after what it requires; the runner
(rashomon.annotate.annotators) builds each once, runs them over every parsed document, and makes the
annotation digest by looping over them, so that a changed data file or setting re-annotates the
documents. The bundled annotators are the modules in BUNDLED; another package adds one through the
`rashomon.annotators` entry point group (its module registers on import).
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from typing import Any

from spacy.tokens import Doc

from rashomon.document import Document

Records = dict[str, list[dict[str, Any]]]  # store table → rows
Found = Mapping[str, Any]  # component name → what it found in the document
ENTRY_POINTS = "rashomon.annotators"
BUNDLED = (
    "rashomon.annotate.actors.component",
    "rashomon.annotate.quotes.component",
    "rashomon.annotate.temporal.component",
    "rashomon.annotate.events.component",
    "rashomon.annotate.claims.component",
    "rashomon.annotate.framing.component",
    "rashomon.annotate.stance.component",
    "rashomon.annotate.predictions.component",
    "rashomon.annotate.locations.component",
)


class RegistryError(ValueError):
    """Annotators that cannot run together: a requirement nobody provides, or a cycle."""


@dataclass(frozen=True)
class Built:
    """An annotator ready to run: what it finds in one parsed document, and the rows it writes from that
    (into its tables, or added to rows written before it)."""

    find: Callable[[Doc, Document, Found], Any]
    rows: Callable[[Any, Document, Records], None]
    digest: str = ""  # what it read besides its data files: a user's dictionary or lexicon, a mode
    finder: Any = None  # the object that does the work, for a caller that runs it alone


@dataclass(frozen=True)
class Component:
    name: str
    build: Callable[[Any], Built]  # from the runner's shared resources (annotators.Shared)
    requires: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    data: tuple[str, ...] = ()  # "package:path" of the package data its output depends on (besides its requirements')
    settings: str | None = None  # its section of the settings

    def data_digest(self) -> str:
        digest = hashlib.sha1()
        for item in self.data:
            package, _, path = item.partition(":")
            entry = resources.files(package).joinpath(path)
            for part in sorted(entry.iterdir(), key=lambda p: p.name) if entry.is_dir() else [entry]:
                digest.update(part.read_bytes())
        return digest.hexdigest()[:12]


_COMPONENTS: dict[str, Component] = {}


def component(
    name: str,
    *,
    requires: Iterable[str] = (),
    tables: Iterable[str] = (),
    data: Iterable[str] = (),
    settings: str | None = None,
) -> Callable[[Callable[[Any], Built]], Callable[[Any], Built]]:
    """Register the decorated factory as the annotator `name`."""

    def register(build: Callable[[Any], Built]) -> Callable[[Any], Built]:
        _COMPONENTS[name] = Component(name, build, tuple(requires), tuple(tables), tuple(data), settings)
        return build

    return register


def components() -> list[Component]:
    """Every registered annotator, bundled and installed, each after those it requires."""
    for module in BUNDLED:
        importlib.import_module(module)
    for entry in metadata.entry_points(group=ENTRY_POINTS):
        entry.load()
    return ordered(_COMPONENTS.values())


def ordered(found: Iterable[Component]) -> list[Component]:
    """Each component after the components it requires, otherwise in registration order."""
    waiting = list(found)
    names = {c.name for c in waiting}
    for c in waiting:
        lacking = [r for r in c.requires if r not in names]
        if lacking:
            raise RegistryError(f"annotator {c.name!r} requires {', '.join(lacking)}, which no annotator provides")
    out: list[Component] = []
    while waiting:
        ready = next((c for c in waiting if all(r in {d.name for d in out} for r in c.requires)), None)
        if ready is None:
            raise RegistryError(f"annotators require each other in a cycle: {', '.join(c.name for c in waiting)}")
        out.append(ready)
        waiting.remove(ready)
    return out
