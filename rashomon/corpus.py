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

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from rashomon.analysis import camps, claim_matrix, dyads, framing, predictions, stance, voices
from rashomon.analysis.errors import QueryError
from rashomon.annotate.annotators import AnnotateOptions
from rashomon.ingest.outlets import load_outlets as load_outlet_file
from rashomon.pipeline import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, AnalyzeReport, Progress
from rashomon.pipeline import analyze as _analyze
from rashomon.settings import Settings, load_settings
from rashomon.store.database import Store, StoreError, data_tables, store_errors
from rashomon.store.outlets import outlet_profiles, save_outlets
from rashomon.store.reading.connection import Relation, table_relation
from rashomon.views import queries
from rashomon.views.formats import export_as
from rashomon.views.report import dyad_timeline, render_report, write_report


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
    dask: str | None = None,
    rules: Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: Progress | None = None,
    settings: Path | str | None = None,
    outlets: Path | str | None = None,
) -> AnalyzeReport:
    """Ingest every file under `paths` (text, HTML, JSONL/CSV, feeds, WARC, .gz), annotate it and store
    the records in the DuckDB file `db`, created if missing; a second run adds only what changed.
    `actors` and `events` are the user's actor dictionaries and event lexicons beside the bundled ones;
    `settings` a TOML file of thresholds that replace the bundled ones (rashomon/data/settings.toml);
    `n_process` worker processes here, or `dask` a dask.distributed scheduler's address ("local:N" for
    a cluster of N processes here) annotate the documents. Returns what was ingested, left unchanged,
    found duplicate, skipped or failed, one line each."""
    described = load_outlet_file(Path(outlets)) if outlets else None  # a bad file stops the run before it reads
    options = AnnotateOptions(
        model=model, actors=tuple(Path(p) for p in actors), events=tuple(Path(p) for p in events),
        event_veto=event_veto, n_process=n_process, dask=dask, settings=load_settings(settings),
    )  # fmt: skip
    report = _analyze(paths, db, manifest=manifest, rules=rules, max_bytes=max_bytes, max_chars=max_chars,
                      progress=progress, annotate=options)  # fmt: skip
    if described is not None:
        with Store(db) as store:
            save_outlets(store, described)
    return report


def load_outlets(db: Path | str, path: Path | str) -> int:
    """Give the outlets of the store `db` the camp, country and tags the file `path` gives them (CSV or
    JSON lines: rashomon.ingest.outlets); returns how many outlets the file describes."""
    described = load_outlet_file(Path(path))
    if not Path(db).is_file():
        raise StoreError(f"{db}: no such database (make it with `rashomon analyze`)")
    with Store(db) as store, store_errors(db, writing=True):
        return save_outlets(store, described)


def open(db: Path | str, settings: Path | str | None = None) -> Corpus:  # `rashomon.open`, as `gzip.open`
    """The store `db`, opened read-only. A missing file, one that is not a Rashomon store, or one that is
    damaged or newer than this Rashomon raises StoreError in one line naming it. `settings`: a TOML file
    whose [analysis.*] and [views.*] thresholds replace the bundled ones in the answers (SettingsError if
    it is bad)."""
    loaded = load_settings(settings)
    return Corpus(Store(db, read_only=True), loaded)


P = ParamSpec("P")
R = TypeVar("R")


def _answered_by(answer: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Corpus, P], R]:
    """A Corpus method that is `answer` over the corpus's store (and its settings, when `answer` takes
    settings and the caller gives none): the same parameters, defaults and documentation as the
    analysis function, so the library, the CLI and the API cannot drift apart."""
    takes_settings = "settings" in inspect.signature(answer).parameters

    @functools.wraps(answer)
    def method(self: Corpus, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if takes_settings:
            kwargs.setdefault("settings", self.settings)
        with self._reading():
            return answer(self.store, *args, **kwargs)

    return method


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

    documents = _answered_by(queries.documents)
    document = _answered_by(queries.document)
    events = _answered_by(queries.events)
    quotes = _answered_by(queries.quotes)
    claims = _answered_by(queries.claims)
    claim_links = _answered_by(queries.claim_links)
    actors = _answered_by(queries.actors)
    outlets = _answered_by(outlet_profiles)
    search = _answered_by(queries.search)

    # --- questions ------------------------------------------------------------------------------------

    dyad = _answered_by(dyads.dyad)
    coverage = _answered_by(camps.coverage)
    blindspots = _answered_by(camps.blindspots)
    shift = _answered_by(dyads.shift)
    timeline = _answered_by(dyad_timeline)
    who_quotes_whom = _answered_by(voices.who_quotes_whom)
    claim_matrix = _answered_by(claim_matrix.claim_matrix)
    framing = _answered_by(framing.framing)
    stance = _answered_by(stance.stance)
    predictions = _answered_by(predictions.predictions)

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
