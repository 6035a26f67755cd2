"""The `rashomon` command: a thin layer over the library calls (`analyze`, `export`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rashomon.analysis.errors import QueryError
from rashomon.analysis.voices import GROUPINGS
from rashomon.annotate.errors import ModelError
from rashomon.annotate.options import VETO_MODES
from rashomon.ingest.errors import IngestError, IngestWarning, Skipped, printable
from rashomon.ingest.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS
from rashomon.store.errors import StoreError
from rashomon.views import terminal

if TYPE_CHECKING:
    from rashomon.corpus import Corpus
    from rashomon.pipeline import AnalyzeReport

# The rest is imported by the commands that use it: `rashomon --help` must not wait for spaCy, torch,
# DuckDB or FastAPI to load.

# Arguments several commands share.
DB_ENVIRON = "RASHOMON_DB"  # the store every command reads when --db is not given
StoreOption = Annotated[
    Path, typer.Option("--db", envvar=DB_ENVIRON, help="DuckDB file written by `rashomon analyze`.")
]
SourceActor = Annotated[
    str,
    typer.Argument(
        help="Actor: a code (RUS), a name or alias (Russia, Putin) or an actor id, with :SECTORS or not "
        "(RUS:GOV+MIL); `rashomon actors` lists them."
    ),
]
TargetActor = Annotated[str, typer.Argument(help="The actor acted upon, named the same way.")]
SettingsOption = Annotated[
    Path | None, typer.Option("--settings", help="TOML file of thresholds replacing the bundled ones (settings.toml).")
]

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

# emoji off: a path or an address such as "local:x:y" must print as written, not as a picture
err_console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out_console = Console(highlight=False, soft_wrap=True, emoji=False)


def _print_version(asked: bool) -> None:
    if asked:
        out_console.print(f"rashomon {metadata.version('rashomon')}", markup=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and stop.")
    ] = False,
) -> None:
    """Rashomon: one story, many accounts — news from opposed outlets as a sourced model of who did what."""


class RichProgress:
    """Progress bar over the input files, counting the documents they held."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Progress | None = None
        self.docs = 0

    def __enter__(self) -> RichProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def start(self, total_files: int) -> None:
        # Made only once the store is open and the files are known, so a setup error stays one line.
        self.bar = Progress(
            TextColumn("[bold]analyze"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TextColumn("{task.fields[docs]} documents"),
            TimeElapsedColumn(),
            console=err_console,
            disable=self.quiet,
            transient=True,
        )
        self.task = self.bar.add_task("files", total=total_files, docs=0)
        self.bar.start()

    def file_done(self, path: Path, documents: int) -> None:
        self.docs += documents
        if self.bar is not None:
            self.bar.update(self.task, advance=1, docs=self.docs)

    def problem(self, problem: IngestError) -> None:
        label = (
            "skipped" if isinstance(problem, Skipped) else "warning" if isinstance(problem, IngestWarning) else "error"
        )
        if label == "error" or not self.quiet:
            err_console.print(f"{label}: {problem}", markup=False, soft_wrap=True)


@contextmanager
def _stop_on_setup_error() -> Iterator[None]:
    """What stops a command before it can start or go on (the store, the manifest, the rules): one
    line, exit 2."""
    try:
        yield
    except (StoreError, IngestError, ModelError, ValueError) as err:
        err_console.print(f"error: {err}", markup=False)
        raise typer.Exit(2) from None


@contextmanager
def _reading(db: Path, settings: Path | None = None) -> Iterator[Corpus]:
    """The store opened for a command that reads it: setup errors and bad values in one line (exit 2),
    and a one-line warning when the store's links are incomplete (its answers may miss them)."""
    from rashomon.corpus import open as open_corpus

    with _stop_on_setup_error(), _stop_on_bad_value(), open_corpus(db, settings) as corpus:
        _warn_if_links_pending(corpus)
        yield corpus


def _warn_if_links_pending(corpus: Corpus) -> None:
    db = corpus.path
    if not corpus.links_complete:
        err_console.print(
            f"warning: {db}: links are incomplete (a run stopped while linking); clusters, citations and "
            "claim links may be missing: run `rashomon analyze` again to finish them",
            markup=False,
        )


@app.command("analyze")
def analyze_command(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively).")],
    db: Annotated[Path, typer.Option(envvar=DB_ENVIRON, help="DuckDB file to create or update.")],
    manifest: Annotated[Path | None, typer.Option(help="JSONL/CSV manifest: path or url, outlet, published, …")] = None,
    rules: Annotated[
        Path | None, typer.Option(help="Extra cleaning rules (TOML, same shape as web_chrome.toml).")
    ] = None,
    max_bytes: Annotated[int, typer.Option(help="Largest single article file to read, in bytes.")] = DEFAULT_MAX_BYTES,
    max_chars: Annotated[
        int, typer.Option(help="Longest clean text to annotate, in characters (memory: about 0.4 KB each).")
    ] = DEFAULT_MAX_CHARS,
    actors: Annotated[
        list[Path] | None, typer.Option(help="Extra actor dictionary (TOML or JSONL); repeat for several.")
    ] = None,
    events: Annotated[
        list[Path] | None, typer.Option(help="Extra PLOVER event lexicon (TOML, like plover.toml); repeatable.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model package or path (default: en_core_web_sm).")] = None,
    event_veto: Annotated[
        str,
        typer.Option(
            help=f"Learned event veto: {' | '.join(VETO_MODES)} (score: confidence only; drop: also drop the "
            "events it finds unlikely)."
        ),
    ] = "score",
    n_process: Annotated[int, typer.Option(min=1, help="Processes that parse and annotate the documents.")] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            help="Annotate on a dask.distributed cluster: its scheduler's address, or local:N worker processes here."
        ),
    ] = None,
    settings: SettingsOption = None,
    outlets: Annotated[
        Path | None, typer.Option(help="CSV or JSON lines giving outlets a camp, country and tags (see `outlets`).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the summary.")] = False,
) -> None:
    """Ingest articles (text, HTML, JSONL/CSV, RSS/Atom, WARC, .gz), annotate them and store the records."""
    from rashomon.corpus import analyze

    with _stop_on_setup_error(), RichProgress(quiet) as progress:
        report = analyze(
            paths, db, manifest=manifest, actors=actors or (), events=events or (), model=model,
            event_veto=event_veto, n_process=n_process, dask=dask, rules=rules, max_bytes=max_bytes,
            max_chars=max_chars, progress=progress, settings=settings, outlets=outlets,
        )  # fmt: skip
    _print_summary(report, db)
    if not report.ok:
        raise typer.Exit(1)
    if not (report.ingested or report.unchanged or report.duplicates):
        err_console.print(f"warning: {', '.join(map(str, paths))}: no documents found in the input", markup=False)
        raise typer.Exit(1)


def _print_summary(report: AnalyzeReport, db: Path) -> None:
    out_console.print(f"rashomon analyze → {db}", markup=False)
    table = Table(show_header=False)
    table.add_row("ingested", str(len(report.ingested)))
    table.add_row("unchanged", str(len(report.unchanged)))
    table.add_row("duplicates", str(len(report.duplicates)))
    table.add_row("skipped", str(len(report.skipped)))
    table.add_row("failed", str(len(report.failed)))
    out_console.print(table)
    for source, dup in report.duplicates:
        out_console.print(
            f"  duplicate: {printable(source)} = {dup.doc_id} ({dup.kind}, {dup.similarity:.2f})", markup=False
        )
    for err in report.failed:
        out_console.print(f"  failed: {err}", markup=False)


@app.command("export")
def export_command(
    db: StoreOption,
    out: Annotated[Path, typer.Option(help="Folder for the exported files.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="jsonl (the data contract), csv, parquet, plover (events as one PLOVER JSON array), "
            "gexf or graphml (the actor network, for Gephi).",
        ),
    ] = "jsonl",
    settings: SettingsOption = None,
) -> None:
    """Write the store's records: the data contract's JSON-lines files, or the same in another format."""
    with _reading(db, settings) as corpus:
        written = corpus.export(out, fmt)
    for name, n in written.items():
        out_console.print(f"{out / name}: {n} rows", markup=False)


@app.command("report")
def report_command(
    db: StoreOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
    dyads: Annotated[
        list[str] | None,
        typer.Option("--dyad", help="SOURCE,TARGET to show (repeatable), e.g. RUS,ISR; default: the busiest pairs."),
    ] = None,
    settings: SettingsOption = None,
) -> None:
    """Write one self-contained HTML report (works offline) over the store."""
    from rashomon.views.report import parse_dyad

    with _reading(db, settings) as corpus:
        path = corpus.report(output, [parse_dyad(text) for text in dyads or []])
    out_console.print(f"report: {path}", markup=False)


@app.command("serve")
def serve_command(
    db: StoreOption,
    host: Annotated[str, typer.Option(help="Address to listen on; the default is this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(help="Also answer requests addressed to this host name (repeatable; * for any)."),
    ] = None,
    settings: SettingsOption = None,
) -> None:
    """Serve the report's views, interactive, and a JSON API over the store (read-only; OpenAPI at /docs)."""
    from rashomon.views.app import create_app, run_app, served_corpus, served_hosts

    with _stop_on_setup_error():
        hosts = served_hosts(host, allow_host or ())
        served = create_app(db, allowed_hosts=hosts, settings=settings)
        _warn_if_links_pending(served_corpus(served))
    if hosts == ["*"] and not allow_host:  # bound to every interface: any Host header is answered
        err_console.print(
            f"warning: on {host} any Host name is answered, which lets a web page reach the API by DNS "
            "rebinding; name the hosts it is reached by with --allow-host NAME",
            markup=False,
        )
    out_console.print(f"serving {db} at http://{host}:{port}/ (API under /api, OpenAPI at /docs)", markup=False)
    run_app(served, host, port)


@app.command("who-quotes-whom")
def who_quotes_whom_command(
    db: StoreOption,
    by: Annotated[
        list[str] | None, typer.Option(help=f"Group speakers by: {', '.join(GROUPINGS)} (repeatable).")
    ] = None,
    per: Annotated[str, typer.Option(help="Count per outlet or per camp (`outlets --load`).")] = "outlet",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """Each outlet's (or camp's) quotations by the speaker's country and sector: whose voice each carries."""
    with _reading(db) as corpus:
        shares = corpus.who_quotes_whom(keys := tuple(by or ("country", "sector")), per=per)
    _show([share.to_dict() for share in shares], as_json, partial(terminal.voices_table, keys=keys, per=per))


@app.command("dyad")
def dyad_command(
    source: SourceActor,
    target: TargetActor,
    db: StoreOption,
    by: Annotated[str, typer.Option(help="Period: day, month or year.")] = "month",
    since: Annotated[str | None, typer.Option(help="First date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Last date (YYYY[-MM[-DD]]).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """The series of events from SOURCE to TARGET: counts per PLOVER type and the mean cooperation score."""
    with _reading(db) as corpus:
        series = corpus.dyad(source, target, by=by, since=since, until=until)
    if as_json:
        out_console.print(json.dumps(asdict(series), ensure_ascii=False), markup=False, soft_wrap=True)
        return
    out_console.print(terminal.dyad_table(series, by))


@app.command("shift")
def shift_command(
    source: SourceActor,
    target: TargetActor,
    db: StoreOption,
    at: Annotated[str | None, typer.Option(help="Split here (YYYY[-MM[-DD]]); default: the best change point.")] = None,
    since: Annotated[str | None, typer.Option(help="Leave out events before this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Leave out events after this date.")] = None,
    evidence: Annotated[int, typer.Option(help="Evidence sentences per side.")] = 5,
    min_events: Annotated[
        int | None,
        typer.Option(help="Events needed on each side of the split (given or found); default: the settings' (3)."),
    ] = None,
    by_outlet: Annotated[
        bool, typer.Option("--by-outlet", help="Also give the same answer on each outlet's reports alone.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text.")] = False,
    settings: SettingsOption = None,
) -> None:
    """Did SOURCE's behaviour toward TARGET change, when, by how much, and on which sentences that rests."""
    with _reading(db, settings) as corpus:
        answer = corpus.shift(source, target, at=at, since=since, until=until, evidence=evidence,
                              min_events=min_events, by_outlet=by_outlet)  # fmt: skip
    if as_json:
        out_console.print(json.dumps(answer.to_dict(), ensure_ascii=False), markup=False, soft_wrap=True)
        return
    for line in terminal.shift_lines(answer):
        out_console.print(line, markup=False)


@app.command("claim-matrix")
def claim_matrix_command(
    db: StoreOption,
    by: Annotated[str, typer.Option(help="Columns per outlet or per camp (`outlets --load`).")] = "outlet",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
    settings: SettingsOption = None,
) -> None:
    """For each claim cluster: which outlets (or camps) state the number, contradict it, or leave it out."""
    with _reading(db, settings) as corpus:
        rows = corpus.claim_matrix(by=by)
    _show(rows, as_json, terminal.claim_matrix_table)


@app.command("framing")
def framing_command(
    db: StoreOption,
    kind: Annotated[str, typer.Option(help="event, actor or all.")] = "event",
    min_outlets: Annotated[
        int, typer.Option(min=1, help="Referents named by at least this many outlets (or camps).")
    ] = 2,
    by: Annotated[str, typer.Option(help="Labels per outlet or per camp (`outlets --load`).")] = "outlet",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """The labels each outlet (or camp) uses for the same event or actor; loaded labels marked with *."""
    with _reading(db) as corpus:
        rows = corpus.framing(kind=kind, min_outlets=min_outlets, by=by)
    _show(rows, as_json, terminal.framing_table)


@app.command("stance")
def stance_command(
    db: StoreOption,
    target: Annotated[str | None, typer.Argument(help="Actor id or country code; default: every actor.")] = None,
    by: Annotated[str, typer.Option(help="document, outlet or camp (`outlets --load`).")] = "outlet",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
    settings: SettingsOption = None,
) -> None:
    """Each outlet's (or document's, or camp's) stance toward actors, −1…1, from its own voice (loaded labels and
    the sentiment of its sentences), beside the room its quotations give each actor and what it
    reports each actor doing (coverage, not stance)."""
    with _reading(db, settings) as corpus:
        rows = corpus.stance(by=by, target=target)
    _show(rows, as_json, partial(terminal.stance_table, by=by))


@app.command("predictions")
def predictions_command(
    db: StoreOption,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet's.")] = None,
    about: Annotated[str | None, typer.Option(help="Only those naming this actor (id or country code).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """The predictions ledger: who predicts what about whom, by when, how surely."""
    with _reading(db) as corpus:
        rows = corpus.predictions(outlet=outlet, about=about)
    _show(rows, as_json, terminal.predictions_table)


@app.command("outlets")
def outlets_command(
    db: StoreOption,
    load: Annotated[
        Path | None,
        typer.Option(help="CSV (outlet, camp, country, tags separated by ;) or JSON lines giving outlets their camp."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """The store's outlets with their camp, country, tags and documents; `--load FILE` gives them these."""
    if load is not None:
        from rashomon.corpus import load_outlets

        with _stop_on_setup_error():
            load_outlets(db, load)
    with _reading(db) as corpus:
        rows = corpus.outlets()
    _show(rows, as_json, terminal.outlets_table)


@app.command("coverage")
def coverage_command(
    db: StoreOption,
    by: Annotated[str, typer.Option(help="outlet, camp or country.")] = "camp",
    period: Annotated[str, typer.Option(help="day, week, month or year.")] = "month",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """How many documents each outlet, camp or country published per period: who covers the story when."""
    with _reading(db) as corpus:
        rows = corpus.coverage(by=by, period=period)
    _show(rows, as_json, partial(terminal.coverage_table, by=by))


@app.command("blindspots")
def blindspots_command(
    db: StoreOption,
    by: Annotated[str, typer.Option(help="camp or country.")] = "camp",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """Events, claims and labels that one camp (or country) alone reports: what the others never carry."""
    with _reading(db) as corpus:
        rows = corpus.blindspots(by=by)
    _show(rows, as_json, partial(terminal.blindspots_table, by=by))


@app.command("search")
def search_command(
    words: Annotated[str, typer.Argument(help="Words to find, all of them (case ignored).")],
    db: StoreOption,
    kind: Annotated[
        list[str] | None, typer.Option(help="Only hits of this kind: document, quote, event, claim (repeatable).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Hits to show.")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Hits to skip (the next page).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """Documents holding every word, best first (BM25), and their quotations, events and claims that do."""
    with _reading(db) as corpus:
        page = corpus.search(words, kind=tuple(kind or ()), limit=limit, offset=offset)
    if as_json:
        _print_json_lines(page.items)
        return
    for line in terminal.search_lines(page.items, page.total, page.offset):
        out_console.print(line, markup=False)


def _show(rows: list[dict[str, Any]], as_json: bool, table_of: Callable[[list[dict[str, Any]]], Table]) -> None:
    """Rows as JSON lines (`--json`), or as the table `table_of` makes of them."""
    if as_json:
        _print_json_lines(rows)
    else:
        out_console.print(table_of(rows))


def _print_json_lines(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        out_console.print(json.dumps(row, ensure_ascii=False, default=str), markup=False, soft_wrap=True)


@contextmanager
def _stop_on_bad_value() -> Iterator[None]:
    try:
        yield
    except QueryError as err:
        err_console.print(f"error: {err}", markup=False)
        raise typer.Exit(2) from None


@app.command("check")
def check_command(db: StoreOption) -> None:
    """Read every table of the store and follow its references: one line says whether it is sound."""
    from rashomon.store.check import check_store

    health = check_store(db)
    (out_console if health.sound else err_console).print(health.summary(), markup=False)
    if not health.sound:
        raise typer.Exit(2 if health.in_use else 1)


actors_app = typer.Typer(help="The store's actors; actor dictionaries.")
app.add_typer(actors_app, name="actors")


@actors_app.callback(invoke_without_command=True)
def actors_command(
    context: typer.Context,
    db: Annotated[
        Path | None, typer.Option("--db", envvar=DB_ENVIRON, help="DuckDB file written by `rashomon analyze`.")
    ] = None,
    search: Annotated[str | None, typer.Option(help="Only actors whose code, id, name or words hold this.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line instead of a table.")] = False,
) -> None:
    """The actors the store's mentions resolve to, most mentioned first: the names and codes other
    commands take (`rashomon actors --db F --search putin`)."""
    if context.invoked_subcommand is not None:
        return
    if db is None:
        out_console.print(context.get_help(), markup=False)
        raise typer.Exit(2)
    with _reading(db) as corpus:
        rows = corpus.actors(search=search)
    if not rows and not as_json:
        err_console.print(f"no actors{f' matching {search!r}' if search else ''} in {db}", markup=False)
        raise typer.Exit(1)
    _show(rows, as_json, terminal.actors_table)


@actors_app.command("import-phoenix")
def import_phoenix_command(
    folder: Annotated[Path, typer.Argument(help="Folder with the Phoenix *.actors.txt dictionaries.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON-lines file to write.")] = Path(
        "phoenix-actors.jsonl"
    ),
) -> None:
    """Convert the open Phoenix actor dictionaries; use the result with `analyze --actors FILE`."""
    from rashomon.annotate.actors.phoenix import import_phoenix, write_actors_jsonl

    try:
        n = write_actors_jsonl(import_phoenix(folder), output)
    except FileNotFoundError as err:
        err_console.print(f"error: {err}", markup=False)
        raise typer.Exit(2) from None
    out_console.print(f"{output}: {n} actors (use it with: rashomon analyze … --actors {output})", markup=False)


lexicon_app = typer.Typer(no_args_is_help=True, help="Event lexicons.")
app.add_typer(lexicon_app, name="lexicon")


@lexicon_app.command("import-petrarch")
def import_petrarch_command(
    verbs_file: Annotated[Path, typer.Argument(help="PETRARCH-2 CAMEO verb dictionary (CAMEO.2.0.verbs.txt).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Event lexicon (TOML) to write.")],
    plover: Annotated[
        Path | None,
        typer.Option(help="CAMEO → PLOVER table (default: ../plover/CAMEO2PLOVER*.txt beside VERBS_FILE)."),
    ] = None,
) -> None:
    """Convert PETRARCH-2's CAMEO verb patterns to PLOVER; use the result with `analyze --events FILE`."""
    from rashomon.annotate.events.petrarch import PetrarchError, import_petrarch, write_lexicon

    try:
        lexicon = import_petrarch(verbs_file, plover)
        n = write_lexicon(lexicon, out)
    except (PetrarchError, ModelError) as err:
        err_console.print(f"error: {err}", markup=False)
        raise typer.Exit(2) from None
    except OSError as err:
        err_console.print(f"error: {out}: cannot write it: {err.strerror or err}", markup=False)
        raise typer.Exit(2) from None
    out_console.print(
        f"{out}: {n} entries for {lexicon.lemmas} lemmas: {lexicon.general} of {lexicon.verbs} verbs as bare verbs, "
        f"{lexicon.converted} of {lexicon.patterns} patterns converted, {sum(lexicon.skipped.values())} skipped",
        markup=False,
    )
    for reason, count in sorted(lexicon.skipped.items(), key=lambda item: (-item[1], item[0])):
        out_console.print(f"  {count:5d}  {reason}", markup=False)
    out_console.print(f"use it with: rashomon analyze … --events {out}", markup=False)


# What the help calls the value an option takes, by the type typer reads it as: words a reader knows,
# not Python's (`<list[Path]>`, and `<bool>` beside a flag that takes no value).
VALUE_NAMES = {"Path": "PATH", "int": "N", "float": "NUMBER", "str": "TEXT"}


def run() -> None:
    """The `rashomon` command: the app, with help that names each option's value in plain words."""
    command = typer.main.get_command(app)
    _plain_value_names(command)
    command(prog_name="rashomon")


def _plain_value_names(command: Any) -> None:
    for subcommand in getattr(command, "commands", {}).values():
        _plain_value_names(subcommand)
    made_help_option = command.get_help_option

    def help_option(ctx: Any) -> Any:  # click makes --help when asked; a flag too
        option = made_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = help_option
    for param in command.params:
        if getattr(param, "is_flag", False):
            param.metavar = ""  # a flag takes no value
            continue
        if param.metavar is not None or not hasattr(param, "bare_type"):
            continue
        bare = param.bare_type()
        listed = bare.startswith("list[")
        name = VALUE_NAMES.get(bare.removeprefix("list[").removesuffix("]"), "VALUE")
        if isinstance(param, typer.core.TyperArgument):
            # an argument's type column ignores its metavar: answer in its place
            param.display_type_rich = lambda ctx, name=name, listed=listed: f"{name}..." if listed else name
            param.metavar = param.name.upper()  # the usage line names it as the docs do: SOURCE, TARGET
        else:
            param.metavar = name
