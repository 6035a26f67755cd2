"""What each `/api` endpoint answers, as pydantic models for the OpenAPI schema (`/openapi.json`, `/docs`).

They document the JSON the library's `to_dict()` and rows already give; the app does not pass its
answers through them (a page of 10,000 events would be validated for nothing), so a test checks every
endpoint's answers against them instead, forbidding any field they do not declare.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

Item = TypeVar("Item")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(Model, Generic[Item]):
    """A page of a list: `total` records in all, `items` from `offset`, at most `limit` of them."""

    total: int
    limit: int
    offset: int
    items: list[Item]


class ErrorAnswer(Model):
    """Every error: what was wrong, in one line."""

    detail: str


class Endpoint(Model):
    path: str
    summary: str
    parameters: list[str]


class ApiIndex(Model):
    endpoints: list[Endpoint]
    openapi: str
    docs: str


class Document(Model):
    doc_id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    authors: list[str]
    published: str | None  # YYYY-MM-DD
    language: str | None
    format: str | None
    length: int  # characters of clean text


class RemovedSpan(Model):
    role: str  # boilerplate, caption, comment…
    text: str


class DocumentText(Document):
    text: str  # the clean text every record's offsets point into
    removed: list[RemovedSpan]


class Span(Model):
    start: int
    end: int


class Trigger(Span):
    text: str


class Participant(Model):
    """An event's actor or recipient as its sentence names it, resolved to a dictionary actor when one is."""

    entity_text: str | None
    code: str | None
    sector: str | None
    name: str | None
    actor_id: str | None
    start: int | None = None
    end: int | None = None


class Attribution(Model):
    """Who a quotation, claim, prediction or reported event is attributed to."""

    text: str | None
    name: str | None
    actor_id: str | None
    code: str | None
    sector: str | None
    kind: str | None
    start: int | None
    end: int | None
    entity_text: str | None = None


class Event(Model):
    id: str
    doc_id: str
    event: str  # PLOVER type
    mode: str | None
    context: str | None
    actor: list[Participant]
    recipient: list[Participant]
    date: str | None
    enddate: str | None
    date_precision: str | None  # day, month, year, or report (the publication's date)
    date_text: str | None
    text: str  # the sentence
    text_info: Span
    trigger: Trigger | None
    modality: str  # asserted, reported, denied, planned…
    attributed_to: Attribution | None
    confidence: float
    derived: bool
    target_inferred: bool
    actor_inferred: bool
    score: float | None  # PLOVER cooperation (+) / conflict (−)
    cluster_id: str | None  # the real-world event its reports share
    location: str | None
    outlet: str | None


class Quote(Model):
    quote_id: str
    doc_id: str
    start: int
    end: int
    text: str
    kind: str  # direct, mixed, indirect
    cue: str | None
    cue_start: int | None
    continues: str | None
    cluster_id: str | None
    speaker: Attribution | None
    outlet: str | None


class Claim(Model):
    claim_id: str
    doc_id: str
    start: int
    end: int
    phrase: str
    value: float
    low: float | None
    high: float | None
    hedge: str | None
    unit: str | None
    quantity: str
    predicate: str | None
    subject: str | None
    attributed_to: Attribution | None
    sentence_start: int
    sentence_end: int
    text: str
    cluster_id: str | None
    happening: str | None
    partitive: bool
    counted: str | None
    qualifier: str | None
    moment: str | None
    scope: str | None
    outlet: str | None


class ClaimLink(Model):
    a: str
    b: str
    relation: str  # agree, contradict
    similarity: float
    note: str | None


class DyadEvent(Model):
    id: str
    cluster_id: str | None
    type: str
    score: float
    date: str
    date_precision: str | None
    doc_id: str
    outlet: str | None
    text: str
    start: int
    end: int
    reports: int  # documents reporting this real-world event
    confidence: float
    actor: list[Participant]
    recipient: list[Participant]


class Period(Model):
    period: str
    events: int
    mean_score: float | None
    types: dict[str, int]


class Dyad(Model):
    source: str
    target: str
    events: list[DyadEvent]
    periods: list[Period]
    source_label: str | None = None
    target_label: str | None = None


class Side(Model):
    events: int
    mean_score: float | None
    evidence: list[DyadEvent]
    dated_by_report: int  # events dated only by their report's publication


class Shift(Model):
    source: str
    target: str
    at: str | None
    found: bool  # a change point found, not a split asked for
    before: Side
    after: Side
    difference: float | None
    effect_size: float | None
    p_value: float | None
    note: str
    min_events: int
    outlet: str | None = None
    outlets: list[Shift] | None = None
    source_label: str | None = None
    target_label: str | None = None


class VoiceShare(Model):
    outlet: str  # or the camp, counted per camp
    country: str | None
    sector: str | None
    actor: str | None
    quotes: int
    share: float


class SearchHit(Model):
    kind: str  # document, quote, event, claim
    id: str
    doc_id: str
    outlet: str | None
    published: str | None
    title: str | None
    start: int
    end: int
    text: str
    score: float | None


class Outlet(Model):
    outlet: str
    camp: str | None
    country: str | None
    tags: list[str]
    documents: int


class Coverage(Model):
    period: str | None
    documents: int
    outlet: str | None = None
    camp: str | None = None
    country: str | None = None


class Blindspot(Model):
    kind: str  # event, claim, label
    id: str
    camp: str | None = None
    country: str | None = None
    outlets: list[str]
    documents: int
    about: str | None
    referent: str | None  # the event cluster, or what a label names
    doc_id: str
    start: int
    end: int
    text: str


class Actor(Model):
    actor_id: str
    code: str | None
    name: str | None
    sector: str | None
    kind: str | None
    mentions: int
    documents: int
    as_actor: int
    as_recipient: int
    quotes: int


class ClaimCell(Model):
    phrases: list[str]
    claim_ids: list[str]
    values: list[float]
    status: str  # states, contradicts, both, differs


class ClaimRow(Model):
    cluster_id: str
    quantity: str
    predicate: str | None
    label: str
    claim: str
    outlets: dict[str, ClaimCell]  # by outlet, or by camp
    omitted: list[str]


class Occurrence(Model):
    doc_id: str
    start: int
    end: int


class Label(Model):
    term: str
    count: int
    loaded: bool
    loaded_by: str | None
    doc_ids: list[str]
    occurrences: list[Occurrence]
    why: str | None


class FramingRow(Model):
    referent: str
    label: str
    outlets: dict[str, list[Label]]  # by outlet, or by camp


class StanceEvidence(Model):
    doc_id: str
    source: str
    cue: str
    score: float
    start: int
    end: int


class StanceCoverage(Model):
    as_agent: int
    as_victim: int
    score: float | None


class Stance(Model):
    doc_id: str | None
    outlet: str | None = None
    camp: str | None = None
    target: str
    code: str | None
    name: str | None
    score: float | None
    n: int
    uncertainty: float | None
    sufficient: bool
    lean: int
    evidence: list[StanceEvidence]
    quotes: int
    quote_share: float
    coverage: StanceCoverage
    documents: int


class PredictionAbout(Model):
    entity_text: str | None
    name: str | None
    actor_id: str | None
    code: str | None
    start: int
    end: int


class Prediction(Model):
    prediction_id: str
    doc_id: str
    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    sentence: str
    cue: str
    verb: str | None
    confidence: str
    negated: bool
    about: list[PredictionAbout]
    about_ids: list[str]
    about_codes: list[str]
    predictor: Attribution | None
    by_date: str | None
    event: str | None
    event_start: int | None
    outlet: str | None
    published: str | None


VegaLiteSpec = dict[str, Any]  # a chart as Vega-Lite draws it (https://vega.github.io/schema/vega-lite/v5.json)
