"""Dyads and shifts: how actor A has acted toward actor B over time, and whether that changed.

An actor is named by a country or organisation code ("RUS", "UN"), a code with sectors ("RUS:GOV",
"RUS:MIL+SPY" — the diplomatic camp against the security establishment), a dictionary actor id
("vladimir-putin", "hamas"), or a name or alias as the articles write it ("Russia", "Putin"), resolved
against the store by rashomon.analysis.actors: "Russia" asks what "RUS" asks. Each real-world event
counts once (its cluster across documents), at the date it happened; hypothetical and negated events
did not happen and are left out. The score is the PLOVER cooperation (+) / conflict (−) scale of the
event lexicon; an event weighs by its confidence (that of the report that speaks for its cluster) in a
side's mean and in the tests.

States are not their citizens. A bare code ("RUS") names the state: a participant coded RUS with no
sector (Russia itself) or with one of the sectors through which a state acts (STATE_SECTORS: government
— "Moscow", "the Kremlin" —, military, intelligence, legislature, courts, police; for an organisation's
code such as "UN", its own organs). Russian civilians, businesses, media, rebels, parties, churches,
NGOs and every other private sector are not "RUS": "thousands of Russians moved to Georgia" is no act
of Russia toward Georgia. They enter a dyad only when named with their sector ("RUS:CVL", "GEO:BUS+MED").
A country's people named by their demonym as a plural noun ("Georgians", "thousands of Russians"), which
the actor resolver leaves without a sector, count as its civilians (CVL); a demonym that qualifies a noun
("Russian aggression") still stands for the state.

`shift` says first whether a change is distinguishable from chance: a permutation test (fixed seed, the
same store gives the same answer) of the difference between the confidence-weighted side means for a
split the user gives, or of the strength of the best split for a change point it finds. Each side
needs `min_events` events (default 3), else the answer is "not enough evidence" and says how many
there are.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from itertools import combinations
from math import comb, sqrt
from statistics import fmean, pstdev

from rashomon.analysis.actors import resolve_actor
from rashomon.analysis.errors import QueryError
from rashomon.annotate.actors.dictionary import STATE_SECTORS
from rashomon.annotate.events.lexicon import HAPPENED
from rashomon.settings import Section, Settings, load_settings
from rashomon.store.database import Store
from rashomon.store.reading.actors import unsectored_demonyms
from rashomon.store.reading.events import scored_events

EXACTNESS = {"day": 3, "month": 2, "year": 1}  # the report that dates an event most exactly speaks for it
# A bare code ("RUS") names the state itself (no sector) and the sectors through which it acts
# (STATE_SECTORS; IGO for an intergovernmental organisation's own organs, so that "UN" names the UN).
# Every other sector is private (CVL, BUS, MED, REB, OPP, PTY, NGO, REL, EDU, HLH, ELI, REF, LAB and any
# other) and enters a dyad only when asked for by name ("GEO:CVL").
CODE = re.compile(r"^[A-Z]{2,6}$")
# A demonym that names people rather than qualifying a noun: a plural ("Georgians", not "Swiss") or "-men".
PEOPLE = re.compile(r"(?:[^s]s|men)$")


class DyadError(QueryError):
    """A bad actor name, date or period."""


@dataclass(frozen=True)
class ActorSpec:
    text: str
    code: str | None = None
    sectors: frozenset[str] = frozenset()
    actor_id: str | None = None

    @classmethod
    def parse(cls, text: str) -> ActorSpec:
        text = text.strip()
        if not text:
            raise DyadError("an actor is needed: a code (RUS), a code with sectors (RUS:GOV) or an actor id")
        code, _, sectors = text.partition(":")
        if CODE.match(code):
            wanted = frozenset(s for s in sectors.upper().split("+") if s)
            return cls(text, code=code, sectors=wanted)
        return cls(text, actor_id=text.lower())

    def matches(self, participant: dict) -> bool:
        if self.actor_id is not None:
            return self.actor_id == str(participant.get("actor_id") or "").lower()
        if participant.get("code") != self.code:
            return False
        sector = participant.get("sector") or ""
        if self.sectors:
            return sector in self.sectors
        return not sector or sector in STATE_SECTORS  # a bare code is the state, not its citizens


@dataclass
class DyadEvent:
    id: str
    cluster_id: str
    type: str
    score: float
    date: str
    date_precision: str
    doc_id: str
    outlet: str | None
    text: str
    start: int
    end: int
    reports: int = 1  # documents reporting the same event
    confidence: float = 1.0  # the event's weight: the confidence of the report that speaks for its cluster
    actor: list[dict[str, object]] = field(default_factory=list)  # {entity_text, code, sector, name, actor_id}
    recipient: list[dict[str, object]] = field(default_factory=list)


@dataclass
class Period:
    period: str
    events: int
    mean_score: float
    types: dict[str, int]


@dataclass
class Dyad:
    source: str  # as resolved: a code (with sectors) or an actor id
    target: str
    events: list[DyadEvent]
    periods: list[Period]
    source_label: str = ""  # "Valdoria (XVA)"
    target_label: str = ""


@dataclass
class Side:
    events: int
    mean_score: float | None  # weighted by the events' confidence
    evidence: list[DyadEvent] = field(default_factory=list)
    # events no report dates but by its own publication date (precision "report"): when they happened
    # is only known to be before it
    dated_by_report: int = 0


@dataclass
class Shift:
    source: str
    target: str
    at: str | None  # the date the series is split at
    found: bool  # True when `at` was found as the best change point rather than given
    before: Side
    after: Side
    difference: float | None  # after − before: negative is a turn toward conflict; None: not enough evidence
    effect_size: float | None  # the difference over the series' (weighted) standard deviation
    p_value: float | None  # permutation test: of the difference at a given split, of the best split's strength
    note: str  # the headline: first whether the change is distinguishable from chance
    min_events: int  # events needed on each side
    outlet: str | None = None  # set on an answer computed on one outlet's reports alone
    outlets: list[Shift] = field(default_factory=list)  # with by_outlet: the same answer per outlet
    source_label: str = ""  # "Valdoria (XVA)": the actor's name beside its code or id
    target_label: str = ""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def dyad(
    store: Store, source: str, target: str, by: str = "month", since: str | None = None, until: str | None = None
) -> Dyad:
    """The series of events from `source` to `target`, one row per `by` period (day, month, year)."""
    if by not in ("day", "month", "year"):
        raise DyadError(f"period must be day, month or year, not {by!r}")
    a, b = resolve_actor(store, source), resolve_actor(store, target)
    events = _one_per_cluster(_reports(store, a.spec, b.spec, since, until))
    width = {"day": 10, "month": 7, "year": 4}[by]
    grouped: dict[str, list[DyadEvent]] = defaultdict(list)
    for event in events:
        grouped[event.date[:width]].append(event)
    periods = [
        Period(key, len(group), round(fmean(e.score for e in group), 3), dict(Counter(e.type for e in group)))
        for key, group in sorted(grouped.items())
    ]
    return Dyad(a.spec, b.spec, events, periods, a.label, b.label)


def dyad_events(
    store: Store, source: str, target: str, since: str | None = None, until: str | None = None
) -> list[DyadEvent]:
    """Events from source to target that happened, one per real-world event, in date order."""
    a, b = resolve_actor(store, source), resolve_actor(store, target)
    return _one_per_cluster(_reports(store, a.spec, b.spec, since, until))


def _reports(
    store: Store, source: str, target: str, since: str | None, until: str | None
) -> list[tuple[DyadEvent, int]]:
    """Every report (event row) from source to target (resolved: codes or ids) that happened, with how
    exactly it dates the event."""
    a, b = ActorSpec.parse(source), ActorSpec.parse(target)
    low, high = parse_date(since, "since"), parse_date(until, "until")
    people = _people(store)
    out = []
    for row in scored_events(store, HAPPENED, a.code, b.code):  # by code in SQL, then by sector here
        actors = [_as_civilians(p, row.doc_id, people) for p in json.loads(row.actor)]
        recipients = [_as_civilians(p, row.doc_id, people) for p in json.loads(row.recipient)]
        if not any(a.matches(p) for p in actors) or not any(b.matches(p) for p in recipients):
            continue
        if not date_within(row.date, low, high):
            continue
        event = DyadEvent(row.id, row.cluster_id or row.id, row.event, row.score, row.date, row.date_precision,
                          row.doc_id, row.outlet, row.text, row.start, row.end,
                          confidence=float(row.confidence if row.confidence is not None else 1.0),
                          actor=[_participant(p) for p in actors],
                          recipient=[_participant(p) for p in recipients])  # fmt: skip
        out.append((event, EXACTNESS.get(row.date_precision, 0)))
    return out


def _one_per_cluster(reports: list[tuple[DyadEvent, int]]) -> list[DyadEvent]:
    """One event per cluster: the report that dates it most exactly (then the most confident) speaks for it,
    with its date and its confidence; `reports` counts the documents that report it."""
    clusters: dict[str, list[tuple[DyadEvent, int]]] = defaultdict(list)
    for event, exactness in reports:
        clusters[event.cluster_id].append((event, exactness))
    out = []
    for members in clusters.values():
        best = max(members, key=lambda m: (m[1], m[0].confidence, m[0].id))[0]
        out.append(replace(best, reports=len({m[0].doc_id for m in members})))
    return sorted(out, key=lambda e: (e.date, e.id))


def _people(store: Store) -> set[tuple[str, int, int]]:
    """The spans of mentions that name a country's people by their demonym as a plural noun ("Georgians",
    "thousands of Russians", "Frenchmen"), which the resolver leaves without a sector."""
    return {
        (doc_id, start, end) for doc_id, start, end, text in unsectored_demonyms(store) if PEOPLE.search(text or "")
    }


def _as_civilians(participant: dict, doc_id: str, people: set[tuple[str, int, int]]) -> dict:
    """A participant named as a country's people is its civilians (CVL), not the state."""
    if participant.get("sector") or (doc_id, participant.get("start"), participant.get("end")) not in people:
        return participant
    return {**participant, "sector": "CVL"}


def _participant(p: dict) -> dict[str, object]:
    return {k: p.get(k) for k in ("entity_text", "code", "sector", "name", "actor_id")}


def shift(
    store: Store,
    source: str,
    target: str,
    at: str | None = None,
    since: str | None = None,
    evidence: int = 5,
    *,
    until: str | None = None,
    min_events: int | None = None,
    by_outlet: bool = False,
    settings: Settings | None = None,
) -> Shift:
    """Before/after comparison of the dyad's cooperation score at `at`, or at the change point that
    best splits the series when `at` is not given, over the events from `since` to `until`; with
    `by_outlet`, also the same answer computed on each outlet's reports alone (in `outlets`). The
    thresholds are [analysis.dyads] of `settings` (the bundled ones by default), whose `min_events`
    applies unless `min_events` is given."""
    rules = (settings or load_settings())["analysis.dyads"]
    min_events = rules.min_events if min_events is None else min_events
    if min_events < 1:
        raise DyadError(f"min-events must be at least 1, not {min_events}")
    at_date = parse_date(at, "at")
    a, b = resolve_actor(store, source), resolve_actor(store, target)
    source, target = a.spec, b.spec
    reports = _reports(store, source, target, since, until)
    answer = _answer(source, target, _one_per_cluster(reports), at_date, evidence, min_events, rules)
    answer.source_label, answer.target_label = a.label, b.label
    if by_outlet:
        grouped: dict[str | None, list[tuple[DyadEvent, int]]] = defaultdict(list)
        for report in reports:
            grouped[report[0].outlet].append(report)
        per_outlet = [
            _answer(source, target, _one_per_cluster(group), at_date, evidence, min_events, rules, outlet)
            for outlet, group in grouped.items()
        ]
        answer.outlets = sorted(
            per_outlet, key=lambda s: (-(s.before.events + s.after.events), s.outlet is None, s.outlet or "")
        )
    return answer


def _answer(
    source: str,
    target: str,
    events: list[DyadEvent],
    at_date: str | None,
    evidence: int,
    min_events: int,
    rules: Section,
    outlet: str | None = None,
) -> Shift:
    def answer(at: str | None, before: Side, after: Side, note: str, **stats: float | None) -> Shift:
        difference, effect, p = stats.get("difference"), stats.get("effect"), stats.get("p")
        return Shift(source, target, at, found, before, after, difference, effect, p, note, min_events, outlet)

    found = at_date is None
    if not events:
        none = f"not enough evidence: no events from {source} to {target}"
        return answer(at_date, Side(0, None), Side(0, None), none)
    scores = [e.score for e in events]
    weights = [_weight(e) for e in events]
    dates = [e.date for e in events]
    if found:
        best = _best_split(scores, weights, dates, min_events)
        if best is None:
            note = (
                f"not enough evidence: {_count(len(events), 'event')} in all, and no change point leaves "
                f"{min_events} on each side"
            )
            return answer(None, _side(events, evidence), Side(0, None), note)
        at_date = dates[best[0]]
    before = [e for e in events if e.date < at_date]
    after = [e for e in events if e.date >= at_date]
    b, a = _side(before, evidence), _side(after, evidence)
    if len(before) < min_events or len(after) < min_events:
        note = (
            f"not enough evidence: {_count(len(before), 'event')} before, {len(after)} after "
            f"(need {min_events} on each side)"
        )
        return answer(at_date, b, a, note)
    difference = round(_mean(after) - _mean(before), 3)
    spread = _spread(scores, weights)
    effect = round(difference / spread, 2) if spread else None
    if found:
        p_value = _change_point_p(scores, weights, dates, best[1], min_events, rules)
    else:
        p_value = _split_p(scores, weights, len(before), rules)
    note = _note(difference, p_value, rules.significance)
    return answer(at_date, b, a, note, difference=difference, effect=effect, p=p_value)


def _weight(event: DyadEvent) -> float:
    return max(event.confidence, 0.0)


def _mean(events: list[DyadEvent]) -> float:
    """The confidence-weighted mean score (the plain mean when no event has any weight)."""
    total = sum(_weight(e) for e in events)
    if total <= 0:
        return fmean(e.score for e in events)
    return sum(_weight(e) * e.score for e in events) / total


def _spread(scores: list[float], weights: list[float]) -> float:
    total = sum(weights)
    if len(scores) < 2 or total <= 0:
        return pstdev(scores) if len(scores) > 1 else 0.0
    mean = sum(w * s for s, w in zip(scores, weights, strict=True)) / total
    return sqrt(sum(w * (s - mean) ** 2 for s, w in zip(scores, weights, strict=True)) / total)


def _change_point_p(
    scores: list[float], weights: list[float], dates: list[str], gain: float, side: int, rules: Section
) -> float:
    """Share of shuffled series (the events' scores and weights shuffled over the dates, `rules.permutations`
    times from a fixed seed) whose best split is at least as strong as the one found."""
    rng = random.Random(rules.seed)
    pairs = list(zip(scores, weights, strict=True))
    stronger = 0
    for _ in range(rules.permutations):
        rng.shuffle(pairs)
        trial = _best_split([s for s, _ in pairs], [w for _, w in pairs], dates, side)
        if trial is not None and trial[1] >= gain - 1e-9:
            stronger += 1
    return round((stronger + 1) / (rules.permutations + 1), 4)


def _split_p(scores: list[float], weights: list[float], cut: int, rules: Section) -> float:
    """Two-sided permutation test of the difference in weighted means between the first `cut` events and
    the rest: the share of relabellings (every one when there are at most `rules.exact_limit`, else
    `rules.permutations` drawn with a fixed seed) with a difference at least as large as the one observed."""
    n, total, total_w = len(scores), sum(s * w for s, w in zip(scores, weights, strict=True)), sum(weights)

    def difference(before: Iterable[int]) -> float:
        left = left_w = 0.0
        for i in before:
            left += scores[i] * weights[i]
            left_w += weights[i]
        right_w = total_w - left_w
        if left_w <= 0 or right_w <= 0:  # no weight on a side: the plain means
            chosen = set(before)
            return abs(fmean(scores[i] for i in range(n) if i not in chosen) - fmean(scores[i] for i in chosen))
        return abs((total - left) / right_w - left / left_w)

    observed = difference(range(cut)) - 1e-9
    if comb(n, cut) <= rules.exact_limit:
        splits = [difference(before) >= observed for before in combinations(range(n), cut)]
        return round(sum(splits) / len(splits), 4)
    rng = random.Random(rules.seed)
    order = list(range(n))
    larger = 0
    for _ in range(rules.permutations):
        rng.shuffle(order)
        larger += difference(order[:cut]) >= observed
    return round((larger + 1) / (rules.permutations + 1), 4)


def _best_split(scores: list[float], weights: list[float], dates: list[str], side: int) -> tuple[int, float] | None:
    """The split (between two distinct dates, `side` events or more on each side) that most reduces the
    weighted squared error of a one-mean-per-side fit, and by how much."""
    n = len(scores)
    total_w = sum(weights)
    total = sum(s * w for s, w in zip(scores, weights, strict=True))
    if total_w <= 0:
        return None
    best: tuple[int, float] | None = None
    left = left_w = 0.0
    for i in range(1, n):
        left += scores[i - 1] * weights[i - 1]
        left_w += weights[i - 1]
        right, right_w = total - left, total_w - left_w
        if dates[i] == dates[i - 1] or i < side or n - i < side or left_w <= 0 or right_w <= 0:
            continue
        gain = left * left / left_w + right * right / right_w - total * total / total_w  # SSE(all) − SSE(split)
        if best is None or gain > best[1]:
            best = (i, gain)
    return best


def _side(events: list[DyadEvent], evidence: int) -> Side:
    if not events:
        return Side(0, None)
    strongest = sorted(events, key=lambda e: (-abs(e.score), -e.reports, -e.confidence, e.date))[:evidence]
    by_report = sum(e.date_precision == "report" for e in events)
    return Side(len(events), round(_mean(events), 3), sorted(strongest, key=lambda e: e.date), by_report)


def _note(difference: float, p_value: float, significance: float) -> str:
    """The headline: whether the change is distinguishable from chance, then its direction and size."""
    if difference < 0:
        change = f"toward conflict by {abs(difference):.2f}"
    elif difference > 0:
        change = f"toward cooperation by {difference:.2f}"
    else:
        change = "no change"
    if p_value < significance:
        return f"unlikely to be chance (p = {p_value:.2g}): {change} on the PLOVER scale"
    return f"not distinguishable from chance (p = {p_value:.2g}): {change} on the PLOVER scale"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def parse_date(text: str | None, option: str) -> str | None:
    """A date bound as YYYY, YYYY-MM or YYYY-MM-DD (None: no bound); DyadError names `option` otherwise."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        match = re.fullmatch(r"\d{4}(?:-(\d\d))?", text)
        if match and (match.group(1) is None or 1 <= int(match.group(1)) <= 12):
            return text
        raise DyadError(f"{option}: {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


def date_within(date: str | None, low: str | None, high: str | None) -> bool:
    """Compared at the coarser of the two precisions: an event dated "2025-04" is within until=2025-04-30
    and since=2025-04-15, and one dated 2025-04-02 is within until=2025-04. An undated event is not."""
    if not date:
        return False
    if low and date[: len(low)] < low[: len(date)]:
        return False
    return not (high and date[: len(high)] > high[: len(date)])
