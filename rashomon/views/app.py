"""`rashomon serve`: the store as a read-only JSON API under /api, with the HTML report at /.

Every handler is a thin call to the store's `Corpus` (rashomon.corpus), as each CLI command is. A
bad parameter (a view's QueryError or DyadError, any ValueError, a value FastAPI cannot read, a
parameter the endpoint does not take) answers 400 with {"detail": "one line"}. A store that fails
while being read (a truncated or zeroed block) answers 503 with
{"detail": "DB: store damaged or unreadable: REASON (run …)"}. A request whose Host header is not
one the server answers to gets 400, so that a web page whose DNS name was rebound to this address
cannot read the store through a reader's browser. Lists come as {"total", "limit", "offset", "items"}.
The OpenAPI schema, with every answer's model (rashomon.views.api_models), is at /openapi.json and
interactive docs at /docs, served offline (fastapi-offline bundles the Swagger UI).
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from starlette.middleware.trustedhost import TrustedHostMiddleware

from rashomon.analysis.errors import QueryError
from rashomon.corpus import Corpus
from rashomon.settings import load_settings
from rashomon.store.database import StoreError
from rashomon.store.reading.connection import cursor_store
from rashomon.store.snapshot import Snapshot
from rashomon.views import api_models as m
from rashomon.views import queries
from rashomon.views.report import parse_dyad

Limit = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT, description="Items per page.")]
# Bounded as DuckDB's BIGINT: a larger number is refused here (422), not by DuckDB (500).
Offset = Annotated[int, Query(ge=0, le=queries.MAX_BIGINT, description="Items to skip.")]
# The Host names a server bound to a loopback address answers to; IPv6 literals come bracketed.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")  # every interface: the names it is reached by are unknown
ActorQuery = "Actor: a code (XVA), a name or alias (Valdoria), or an actor id, with :SECTORS or not (XVA:GOV+MIL)."
DateQuery = "Date: YYYY, YYYY-MM or YYYY-MM-DD."
CampQuery = Annotated[str | None, Query(description="Only the records of this camp's outlets (`/api/outlets`).")]


def served_hosts(bound: str, allow: Sequence[str] = ()) -> list[str]:
    """The Host header values a server listening on `bound` answers: the bound address (and the loopback
    names when it is loopback), plus the `allow` names (`rashomon serve --allow-host`; `*` for any, and
    `*.example.org` for a domain's hosts). Bound to a wildcard address (0.0.0.0, ::) with no `allow`,
    any host: the server cannot know the names it is reached by."""
    extra = [_host_pattern(name) for name in allow]
    wildcard = bound.strip("[]") in WILDCARD_ADDRESSES
    if "*" in extra or (wildcard and not extra):
        return ["*"]
    own = [] if wildcard else [_host_pattern(bound)]
    if wildcard or _is_loopback(bound):
        own += LOOPBACK_HOSTS
    return list(dict.fromkeys(own + extra))


def _host_pattern(name: str) -> str:
    """A host name as the Host header carries it: lower case, an IPv6 literal in brackets, no port."""
    name = name.strip().lower()
    if name == "*":
        return name
    bare = name.removeprefix("[").removesuffix("]")
    with suppress(ValueError):
        return f"[{ipaddress.IPv6Address(bare)}]"
    if not bare or any(c in bare for c in ":[]") or "*" in name.removeprefix("*."):
        raise QueryError(f"host {name!r}: give a host name or address without a port, *.domain, or *")
    return name


def _is_loopback(address: str) -> bool:
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:  # a host name
        return False


def create_app(
    db: Path | str, allowed_hosts: Sequence[str] = LOOPBACK_HOSTS, settings: Path | str | None = None
) -> FastAPI:
    """The web application over the store `db`, opened read-only now: a missing file, one that is not a
    Rashomon DuckDB database or one whose damage shows on opening raises StoreError here, in one line,
    before anything is served. It serves a snapshot of the store, refreshed when the store changes, so
    `rashomon analyze` can add to the store meanwhile. Requests whose Host is not in `allowed_hosts`
    (see `served_hosts()`) get 400. `settings`: a TOML file of thresholds for the answers, replacing the
    bundled ones."""
    hosts = [_host_pattern(name) for name in allowed_hosts]
    loaded = load_settings(settings)
    snapshot = Snapshot(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        snapshot.close()

    app = FastAPIOffline(  # FastAPI whose /docs page loads Swagger UI from the package, not a CDN
        dependencies=[Depends(known_parameters)],
        title="Rashomon",
        summary="One story, many accounts: the store's documents, events, quotations, claims and framing.",
        description=f"Read-only API over `{Path(db).name}`. Records have the shape of `rashomon export`'s files "
        '(the README\'s "Data contract"); GET /api lists the endpoints.',
        lifespan=lifespan,
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    # The store is read through a snapshot (rashomon.store.snapshot), so that `analyze` can write it
    # while it is served; a request sees the latest copy taken.
    app.state.snapshot, app.state.settings = snapshot, loaded
    # Concurrency: FastAPI runs these sync handlers in a thread pool and a DuckDB connection must not
    # be used by two threads at once, so each request gets a Corpus over its own cursor (`cursor_store`,
    # a new connection to the same database instance), closed when the request ends; only making the
    # cursor takes a lock. A store found damaged while a request reads it raises StoreError (503).
    app.state.cursor_lock = threading.Lock()

    @app.exception_handler(ValueError)  # QueryError and DyadError are ValueErrors: a bad parameter
    async def bad_value(request: Request, err: ValueError) -> JSONResponse:
        return JSONResponse({"detail": str(err) or type(err).__name__}, status_code=400)

    @app.exception_handler(RequestValidationError)  # one error shape: {"detail": "one line"}, 400
    async def invalid_parameter(request: Request, err: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": validation_message(err)}, status_code=400)

    @app.exception_handler(StoreError)
    async def store_unavailable(request: Request, err: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=503)

    _add_routes(app)
    return app


def run_app(app: FastAPI, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve an app made by `create_app` until interrupted (the CLI makes it first, to report a bad store)."""
    uvicorn.run(app, host=host, port=port)


def served_corpus(app: FastAPI) -> Corpus:
    """The store as the app serves it now: its latest snapshot (not to be closed by the caller)."""
    return Corpus(app.state.snapshot.current(), app.state.settings)


def request_corpus(request: Request) -> Iterator[Corpus]:
    with request.app.state.cursor_lock:
        store = cursor_store(request.app.state.snapshot.current())
    corpus = Corpus(store, request.app.state.settings)
    try:
        yield corpus
    finally:
        corpus.close()


CorpusDep = Annotated[Corpus, Depends(request_corpus)]


def _answers(model: Any) -> dict[int | str, dict[str, Any]]:
    """An endpoint's answer as the OpenAPI schema gives it (rashomon.views.api_models), and its errors'
    one shape."""
    return {200: {"model": model}, "4XX": {"model": m.ErrorAnswer, "description": "A bad request, said in one line"}}


def _page(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return queries.paginate(rows, limit, offset).to_dict()


def known_parameters(request: Request) -> None:
    """A query parameter the endpoint does not take is an error, not ignored: `/api/events?text=piracy`
    would otherwise answer every event as if it had been filtered."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = query_parameters(route.dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "no parameters"
        raise QueryError(f"unknown parameter {', '.join(map(repr, unknown))}: {route.path_format} takes {takes}")


def query_parameters(dependant: Dependant) -> set[str]:
    """The query parameters an endpoint takes, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= query_parameters(dependency)
    return names


def validation_message(err: RequestValidationError) -> str:
    """FastAPI's list of validation problems as one line: "limit: Input should be less than or equal to
    1000 (got '5000')"."""
    problems = []
    for problem in err.errors():
        where = ".".join(str(part) for part in problem.get("loc", ())[1:]) or "request"
        given = f" (got {problem['input']!r})" if problem.get("input") is not None else ""
        problems.append(f"{where}: {problem.get('msg', 'invalid')}{given}")
    return "; ".join(problems)


def _add_routes(app: FastAPI) -> None:
    _add_index_route(app)
    _add_document_routes(app)
    _add_record_routes(app)
    _add_dyad_routes(app)
    _add_view_routes(app)


def _add_index_route(app: FastAPI) -> None:
    @app.get("/api", summary="Endpoints", response_model=None, responses=_answers(m.ApiIndex))
    def index_(request: Request) -> dict[str, Any]:
        """Every endpoint of the API with its summary and parameters (the OpenAPI schema at /openapi.json
        says the same at length)."""
        endpoints = []
        for route in request.app.routes:
            if isinstance(route, APIRoute) and route.path.startswith("/api"):
                params = sorted(query_parameters(route.dependant))
                endpoints.append({"path": route.path_format, "summary": route.summary, "parameters": params})
        return {"endpoints": endpoints, "openapi": "/openapi.json", "docs": "/docs"}


def _add_document_routes(app: FastAPI) -> None:
    """The report, and the documents with their text."""

    @app.get("/", response_class=HTMLResponse, summary="The HTML report", responses={"4XX": {"model": m.ErrorAnswer}})
    def report(
        corpus: CorpusDep,
        dyad: Annotated[
            list[str] | None, Query(description="SOURCE,TARGET to show (repeatable); default: the busiest pairs.")
        ] = None,
    ) -> HTMLResponse:
        """The report `rashomon report` writes, live: its dyad form asks /api/shift."""
        return HTMLResponse(corpus.render_report([parse_dyad(text) for text in dyad or []], live=True))

    @app.get("/api/documents", summary="Documents", response_model=None, responses=_answers(m.Page[m.Document]))
    def documents_(
        corpus: CorpusDep,
        outlet: str | None = None,
        text: Annotated[bool, Query(description="Include the clean text and removed spans.")] = False,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Documents in doc_id order, without their text unless `text=true`."""
        return corpus.documents(outlet=outlet, text=text, limit=limit, offset=offset).to_dict()

    @app.get(
        "/api/documents/{doc_id:path}", summary="One document", response_model=None, responses=_answers(m.DocumentText)
    )  # a feed entry's id is its URL
    def document_(corpus: CorpusDep, doc_id: str) -> dict[str, Any]:
        """A document as a documents.jsonl line, with its clean text and what was removed from it."""
        found = corpus.document(doc_id)
        if found is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return found


def _add_record_routes(app: FastAPI) -> None:
    """Records a page at a time, as their JSON-lines files have them."""

    @app.get("/api/events", summary="Events", response_model=None, responses=_answers(m.Page[m.Event]))
    def events_(
        corpus: CorpusDep,
        actor: Annotated[str | None, Query(description=ActorQuery)] = None,
        recipient: Annotated[str | None, Query(description=ActorQuery)] = None,
        type: Annotated[str | None, Query(description="PLOVER type (AGREE … ASSAULT).")] = None,
        outlet: str | None = None,
        since: Annotated[str | None, Query(description=DateQuery)] = None,
        until: Annotated[str | None, Query(description=DateQuery)] = None,
        modality: Annotated[
            str | None, Query(description="asserted, reported, historical, hypothetical or negated.")
        ] = None,
        q: Annotated[str | None, Query(description="Words the event's sentence holds, all of them.")] = None,
        sort: Annotated[
            str | None, Query(description="date or confidence; -date, -confidence: descending. Default: text order.")
        ] = None,
        camp: CampQuery = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Events as events.jsonl lines (every modality), with their document's outlet."""
        page = corpus.events(actor=actor, recipient=recipient, type=type, outlet=outlet, since=since, until=until,
                             modality=modality, q=q, sort=sort, camp=camp, limit=limit, offset=offset)  # fmt: skip
        return page.to_dict()

    @app.get("/api/quotes", summary="Quotations", response_model=None, responses=_answers(m.Page[m.Quote]))
    def quotes_(
        corpus: CorpusDep,
        outlet: str | None = None,
        speaker: Annotated[str | None, Query(description=ActorQuery)] = None,
        camp: CampQuery = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Quotations as quotes.jsonl lines, with their document's outlet."""
        return corpus.quotes(outlet=outlet, speaker=speaker, camp=camp, limit=limit, offset=offset).to_dict()

    @app.get("/api/claims", summary="Claims", response_model=None, responses=_answers(m.Page[m.Claim]))
    def claims_(
        corpus: CorpusDep, outlet: str | None = None, camp: CampQuery = None, limit: Limit = 100, offset: Offset = 0
    ) -> dict[str, Any]:
        """Quantitative claims as claims.jsonl lines, with their document's outlet."""
        return corpus.claims(outlet=outlet, camp=camp, limit=limit, offset=offset).to_dict()

    @app.get("/api/claim-links", summary="Claim links", response_model=None, responses=_answers(m.Page[m.ClaimLink]))
    def claim_links_(
        corpus: CorpusDep,
        relation: Annotated[str | None, Query(description="agree, contradict or update.")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Pairs of claims from different documents about the same quantity: agree or contradict."""
        return corpus.claim_links(relation=relation, limit=limit, offset=offset).to_dict()


def _add_dyad_routes(app: FastAPI) -> None:
    """Dyads and shifts, as `rashomon dyad` and `rashomon shift` answer them."""

    @app.get("/api/dyad", summary="Dyad series", response_model=None, responses=_answers(m.Dyad))
    def dyad_(
        corpus: CorpusDep,
        source: Annotated[str, Query(description=ActorQuery)],
        target: Annotated[str, Query(description=ActorQuery)],
        by: Annotated[str, Query(description="Period: day, month or year.")] = "month",
        since: Annotated[str | None, Query(description=DateQuery)] = None,
        until: Annotated[str | None, Query(description=DateQuery)] = None,
    ) -> dict[str, Any]:
        """Events from source to target, one per real-world event, and per period their count, types and
        mean cooperation score (as `rashomon dyad --json`)."""
        return asdict(corpus.dyad(source, target, by=by, since=since, until=until))

    @app.get("/api/shift", summary="Shift", response_model=None, responses=_answers(m.Shift))
    def shift_(
        corpus: CorpusDep,
        source: Annotated[str, Query(description=ActorQuery)],
        target: Annotated[str, Query(description=ActorQuery)],
        at: Annotated[str | None, Query(description="Split here; default: the best change point.")] = None,
        since: Annotated[str | None, Query(description="Leave out events before this date.")] = None,
        until: Annotated[str | None, Query(description="Leave out events after this date.")] = None,
        evidence: Annotated[int, Query(ge=0, le=100, description="Evidence sentences per side.")] = 5,
        min_events: Annotated[
            int | None,
            Query(ge=1, le=queries.MAX_BIGINT, description="Events needed on each side; default: the settings' (3)."),
        ] = None,
        by_outlet: Annotated[bool, Query(description="Also the answer from each outlet's reports alone.")] = False,
    ) -> dict[str, Any]:
        """Did source's behaviour toward target change, when, by how much, on which sentences
        (as `rashomon shift --json`)."""
        answer = corpus.shift(source, target, at=at, since=since, until=until, evidence=evidence,
                              min_events=min_events, by_outlet=by_outlet)  # fmt: skip
        return answer.to_dict()

    @app.get(
        "/api/shift/chart", summary="Shift timeline", response_model=None, responses=_answers(m.VegaLiteSpec | None)
    )
    def shift_chart_(
        corpus: CorpusDep,
        source: Annotated[str, Query(description=ActorQuery)],
        target: Annotated[str, Query(description=ActorQuery)],
        at: Annotated[str | None, Query(description="Mark a split here; default: the best change point.")] = None,
        since: Annotated[str | None, Query(description="Leave out events before this date.")] = None,
        until: Annotated[str | None, Query(description="Leave out events after this date.")] = None,
    ) -> dict[str, Any] | None:
        """The dyad's timeline as the report draws it: a Vega-Lite spec (null when the dyad has no events)."""
        return corpus.timeline(source, target, at=at, since=since, until=until)


def _add_view_routes(app: FastAPI) -> None:
    """The other questions: voices, the claim matrix, framing, stance, predictions."""

    @app.get(
        "/api/who-quotes-whom", summary="Who quotes whom", response_model=None, responses=_answers(m.Page[m.VoiceShare])
    )
    def who_quotes_whom_(
        corpus: CorpusDep,
        by: Annotated[list[str] | None, Query(description="Group by country, sector, actor (repeatable).")] = None,
        per: Annotated[str, Query(description="Count per outlet or per camp.")] = "outlet",
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Each outlet's (or camp's) quotations by the speaker's country and sector, with their share."""
        shares = corpus.who_quotes_whom(tuple(by or ("country", "sector")), per=per)
        return _page([share.to_dict() for share in shares], limit, offset)

    @app.get("/api/search", summary="Search", response_model=None, responses=_answers(m.Page[m.SearchHit]))
    def search_(
        corpus: CorpusDep,
        q: Annotated[str, Query(description="Words to find, all of them (case ignored).")],
        kind: Annotated[
            list[str] | None, Query(description="Only hits of this kind: document, quote, event, claim (repeatable).")
        ] = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Documents holding every word, best first (BM25), each followed by its quotations, events and
        claims that hold them all (as `rashomon search --json`)."""
        return corpus.search(q, kind=tuple(kind or ()), limit=limit, offset=offset).to_dict()

    @app.get("/api/outlets", summary="Outlets", response_model=None, responses=_answers(m.Page[m.Outlet]))
    def outlets_(corpus: CorpusDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """The outlets with their camp, country, tags and documents (as `rashomon outlets --json`)."""
        return _page(corpus.outlets(), limit, offset)

    @app.get("/api/coverage", summary="Coverage over time", response_model=None, responses=_answers(m.Page[m.Coverage]))
    def coverage_(
        corpus: CorpusDep,
        by: Annotated[str, Query(description="outlet, camp or country.")] = "camp",
        period: Annotated[str, Query(description="day, week, month or year.")] = "month",
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Documents per period and outlet, camp or country (as `rashomon coverage --json`)."""
        return _page(corpus.coverage(by=by, period=period), limit, offset)

    @app.get("/api/blindspots", summary="Blindspots", response_model=None, responses=_answers(m.Page[m.Blindspot]))
    def blindspots_(
        corpus: CorpusDep,
        by: Annotated[str, Query(description="camp or country.")] = "camp",
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Events, claims and labels one camp (or country) alone reports (as `rashomon blindspots --json`)."""
        return _page(corpus.blindspots(by=by), limit, offset)

    @app.get("/api/actors", summary="Actors", response_model=None, responses=_answers(m.Page[m.Actor]))
    def actors_(
        corpus: CorpusDep,
        search: Annotated[str | None, Query(description="Only actors whose code, id, name or words hold this.")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """The actors the mentions resolve to, most mentioned first, with their counts (as `rashomon actors
        --json`): the names and codes that `source` and `target` take."""
        return _page(corpus.actors(search=search), limit, offset)

    @app.get("/api/claim-matrix", summary="Claim matrix", response_model=None, responses=_answers(m.Page[m.ClaimRow]))
    def claim_matrix_(
        corpus: CorpusDep,
        by: Annotated[str, Query(description="Columns per outlet or per camp.")] = "outlet",
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Per claim cluster: which outlets (or camps) state the number, contradict it, or leave it out."""
        return _page(corpus.claim_matrix(by=by), limit, offset)

    @app.get("/api/terms", summary="Framing", response_model=None, responses=_answers(m.Page[m.FramingRow]))
    def terms_(
        corpus: CorpusDep,
        kind: Annotated[str, Query(description="event, actor or all.")] = "event",
        min_outlets: Annotated[
            int, Query(ge=1, le=queries.MAX_BIGINT, description="Referents named by at least this many outlets.")
        ] = 2,
        referent: Annotated[str | None, Query(description="One referent: actor id or event cluster id.")] = None,
        by: Annotated[str, Query(description="Labels per outlet or per camp.")] = "outlet",
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """The labels each outlet (or camp) uses for the same event or actor (as `rashomon framing --json`)."""
        return _page(corpus.framing(kind=kind, min_outlets=min_outlets, referent=referent, by=by), limit, offset)

    @app.get("/api/stance", summary="Stance", response_model=None, responses=_answers(m.Page[m.Stance]))
    def stance_(
        corpus: CorpusDep,
        by: Annotated[str, Query(description="document, outlet or camp.")] = "outlet",
        target: Annotated[str | None, Query(description="Actor id or country code.")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Each outlet's (or document's) stance toward actors, −1…1, with its count of evidence."""
        return _page(corpus.stance(by=by, target=target), limit, offset)

    @app.get("/api/predictions", summary="Predictions", response_model=None, responses=_answers(m.Page[m.Prediction]))
    def predictions_(
        corpus: CorpusDep,
        outlet: str | None = None,
        about: Annotated[str | None, Query(description="Actor id or country code the prediction names.")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """The predictions ledger: who predicts what about whom, by when, how surely."""
        return _page(corpus.predictions(outlet=outlet, about=about), limit, offset)
