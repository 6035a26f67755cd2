"""The library's front door: `analyze` files into a store, `open` the store as a `Corpus`, ask it.

A `Corpus` owns one read-only connection to the store and answers every question the CLI and the web
API answer, with the same names and defaults: the CLI and the API are thin layers over it. Tables
come as DuckDB relations, so a notebook takes them as it likes: `.df()` (pandas), `.arrow()` (Arrow),
`.pl()` (polars, when installed) or `.fetchall()`.

    import rashomon

    rashomon.analyze(["corpus/"], db="story.duckdb", manifest="corpus/manifest.jsonl")
    with rashomon.open("story.duckdb") as corpus:
        events = corpus.table("events").df()
        answer = corpus.shift("RUS", "ISR")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from rashomon.analysis.claim_matrix import claim_matrix
from rashomon.analysis.dyads import Dyad, Shift, dyad, shift
from rashomon.analysis.errors import QueryError
from rashomon.analysis.framing import framing
from rashomon.analysis.predictions import predictions
from rashomon.analysis.stance import stance
from rashomon.analysis.voices import VoiceShare, who_quotes_whom
from rashomon.annotate.annotators import AnnotateOptions
from rashomon.pipeline import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, AnalyzeReport, Progress
from rashomon.pipeline import analyze as _analyze
from rashomon.settings import Settings, load_settings
from rashomon.store.database import Store, data_tables, store_errors
from rashomon.store.reading.connection import Relation, table_relation
from rashomon.views import queries
from rashomon.views.formats import export_as
from rashomon.views.report import render_report, write_report


def analyze(
    paths: Iterable[Path | str],
    db: Path | str,
    *,
    manifest: Path | str | None = None,
    actors: Sequence[Path | str] = (),
    events: Sequence[Path | str] = (),
    model: str | None = None,
    event_veto: str = "score",
    n_process: int = 1,
    rules: Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: Progress | None = None,
    settings: Path | str | None = None,
) -> AnalyzeReport:
    """Ingest every file under `paths` (text, HTML, JSONL/CSV, feeds, WARC, .gz), annotate it and store
    the records in the DuckDB file `db`, created if missing; a second run adds only what changed.
    `actors` and `events` are the user's actor dictionaries and event lexicons beside the bundled ones;
    `settings` a TOML file of thresholds that replace the bundled ones (rashomon/data/settings.toml).
    Returns what was ingested, left unchanged, found duplicate, skipped or failed, one line each."""
    options = AnnotateOptions(
        model=model, actors=tuple(Path(p) for p in actors), events=tuple(Path(p) for p in events),
        event_veto=event_veto, n_process=n_process, settings=load_settings(settings),
    )  # fmt: skip
    return _analyze(paths, db, manifest=manifest, rules=rules, max_bytes=max_bytes, max_chars=max_chars,
                    progress=progress, annotate=options)  # fmt: skip


def open(db: Path | str, settings: Path | str | None = None) -> Corpus:  # `rashomon.open`, as `gzip.open`
    """The store `db`, opened read-only. A missing file, one that is not a Rashomon store, or one that is
    damaged or newer than this Rashomon raises StoreError in one line naming it. `settings`: a TOML file
    whose [analysis.*] and [views.*] thresholds replace the bundled ones in the answers (SettingsError if
    it is bad)."""
    loaded = load_settings(settings)
    return Corpus(Store(db, read_only=True), loaded)


class Corpus(AbstractContextManager["Corpus"]):  # `with` closes it
    """An analysed store: its tables and every view over them. Close it (or use it in a `with` block) to
    release the file."""

    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or load_settings()

    @property
    def path(self) -> Path:
        return self.store.path

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def __repr__(self) -> str:
        return f"Corpus({str(self.path)!r})"

    # --- tables ---------------------------------------------------------------------------------------

    def tables(self) -> tuple[str, ...]:
        return data_tables()

    def table(self, name: str) -> Relation:
        """One table of the store as a DuckDB relation: `.df()`, `.arrow()`, `.fetchall()`, or more SQL."""
        if name not in data_tables():
            raise QueryError(f"no table {name!r}: the store has {', '.join(data_tables())}")
        return table_relation(self.store, name)

    @property
    def links_complete(self) -> bool:
        """False when a run stopped while linking: clusters, citations and claim links may be missing."""
        return self.store.links_complete

    # --- records, a page at a time (the web API's lists) ----------------------------------------------

    def documents(
        self, outlet: str | None = None, text: bool = False, limit: int = 100, offset: int = 0
    ) -> queries.Page:
        with self._reading():
            return queries.documents(self.store, limit=limit, offset=offset, outlet=outlet, text=text)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        with self._reading():
            return queries.document(self.store, doc_id)

    def events(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        type: str | None = None,  # the PLOVER field's name, as the API's query parameter
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> queries.Page:
        """Events as events.jsonl lines, every modality, with their document's outlet."""
        with self._reading():
            return queries.events(self.store, actor=actor, recipient=recipient, type=type, outlet=outlet,
                                  since=since, until=until, limit=limit, offset=offset)  # fmt: skip

    def quotes(
        self, outlet: str | None = None, speaker: str | None = None, limit: int = 100, offset: int = 0
    ) -> queries.Page:
        with self._reading():
            return queries.quotes(self.store, outlet=outlet, speaker=speaker, limit=limit, offset=offset)

    def claims(self, outlet: str | None = None, limit: int = 100, offset: int = 0) -> queries.Page:
        with self._reading():
            return queries.claims(self.store, outlet=outlet, limit=limit, offset=offset)

    def claim_links(self, relation: str | None = None, limit: int = 100, offset: int = 0) -> queries.Page:
        with self._reading():
            return queries.claim_links(self.store, relation=relation, limit=limit, offset=offset)

    def actors(self) -> list[dict[str, Any]]:
        """Every actor the store's mentions resolve to: id, code, name, sector, kind, and how often it is
        mentioned, in how many documents, as an event's actor and recipient, and as a quoted speaker."""
        with self._reading():
            return queries.actors(self.store)

    # --- questions ------------------------------------------------------------------------------------

    def dyad(
        self, source: str, target: str, by: str = "month", since: str | None = None, until: str | None = None
    ) -> Dyad:
        """The events from `source` to `target` (a code, CODE:SECTOR+SECTOR or an actor id), one per
        real-world event, and per `by` period (day, month, year) their count, types and mean score."""
        with self._reading():
            return dyad(self.store, source, target, by=by, since=since, until=until)

    def shift(
        self,
        source: str,
        target: str,
        at: str | None = None,
        since: str | None = None,
        evidence: int = 5,
        *,
        min_events: int | None = None,
        by_outlet: bool = False,
    ) -> Shift:
        """Did `source`'s behaviour toward `target` change, when (`at`, or the best change point), by how
        much, and on which sentences that rests; `min_events` on each side (default: the settings')."""
        with self._reading():
            return shift(self.store, source, target, at=at, since=since, evidence=evidence,
                         min_events=min_events, by_outlet=by_outlet, settings=self.settings)  # fmt: skip

    def who_quotes_whom(self, by: Sequence[str] = ("country", "sector")) -> list[VoiceShare]:
        """Each outlet's quotations by the speaker's country, sector or actor, with their share."""
        with self._reading():
            return who_quotes_whom(self.store, tuple(by))

    def claim_matrix(self) -> list[dict[str, Any]]:
        """Per claim cluster: which outlets state the number, contradict it, or leave it out."""
        with self._reading():
            return claim_matrix(self.store, self.settings)

    def framing(self, kind: str = "event", min_outlets: int = 2, referent: str | None = None) -> list[dict[str, Any]]:
        """The labels each outlet uses for the same event or actor, loaded labels marked and explained."""
        with self._reading():
            return framing(self.store, kind=kind, min_outlets=min_outlets, referent=referent)

    def stance(self, by: str = "outlet", target: str | None = None) -> list[dict[str, Any]]:
        """Each outlet's (`by="document"`: each document's) stance toward each actor, with its evidence,
        beside the room its quotations give the actor and what it reports the actor doing."""
        with self._reading():
            return stance(self.store, by=by, target=target, settings=self.settings)

    def predictions(self, outlet: str | None = None, about: str | None = None) -> list[dict[str, Any]]:
        """The predictions ledger: who predicts what about whom, by when, how surely."""
        with self._reading():
            return predictions(self.store, outlet=outlet, about=about)

    # --- outputs --------------------------------------------------------------------------------------

    def export(self, out: Path | str, format: str = "jsonl") -> dict[str, int]:
        """Write the records into the folder `out`: jsonl (the data contract), csv, parquet, plover, gexf
        or graphml; returns rows (or nodes) per file."""
        return export_as(self.store, out, format, self.settings)

    def report(self, out: Path | str, dyads: Sequence[tuple[str, str]] = ()) -> Path:
        """Write the self-contained HTML report to `out`; `dyads` are (source, target) pairs to show,
        by default the busiest."""
        return write_report(self.store, out, dyads, self.settings)

    def render_report(self, dyads: Sequence[tuple[str, str]] = (), live: bool = False) -> str:
        """The report as one HTML string (`live`: served, so its dyad form may ask the API)."""
        with self._reading():
            return render_report(self.store, dyads, live=live, settings=self.settings)

    def _reading(self) -> AbstractContextManager[None]:
        return store_errors(self.path)  # a block found damaged now: StoreError, one line naming the store
