"""Dyads and shifts: how actor A has acted toward actor B over time, and whether that changed.

An actor is named by a country or organisation code ("RUS", "UN"), a code with sectors ("RUS:GOV",
"RUS:MIL+SPY" — the diplomatic camp against the security establishment), or a dictionary actor id
("vladimir-putin", "hamas"). Each real-world event counts once (its cluster across documents), at the
date it happened; hypothetical and negated events did not happen and are left out. The score is the
PLOVER cooperation (+) / conflict (−) scale of the event lexicon.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import fmean, pstdev

from rashomon.store.database import Store

HAPPENED = ("asserted", "reported", "historical")
EXACTNESS = {"day": 3, "month": 2, "year": 1}  # the report that dates an event most exactly speaks for it
MIN_SIDE = 2  # events needed on each side of a change point
PERMUTATIONS = 999
CODE = re.compile(r"^[A-Z]{2,6}$")


class DyadError(ValueError):
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
            return self.actor_id in (str(participant.get("actor_id") or "").lower(), _slug(participant.get("name")))
        if participant.get("code") != self.code:
            return False
        return not self.sectors or (participant.get("sector") or "") in self.sectors


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


@dataclass
class Period:
    period: str
    events: int
    mean_score: float
    types: dict[str, int]


@dataclass
class Dyad:
    source: str
    target: str
    events: list[DyadEvent]
    periods: list[Period]


@dataclass
class Side:
    events: int
    mean_score: float | None
    evidence: list[DyadEvent] = field(default_factory=list)


@dataclass
class Shift:
    source: str
    target: str
    at: str | None  # the date the series is split at
    found: bool  # True when `at` was found as the best change point rather than given
    before: Side
    after: Side
    difference: float | None  # after − before: negative is a turn toward conflict
    effect_size: float | None  # the difference over the series' standard deviation
    p_value: float | None  # share of shuffled series with a split at least this strong (found points only)
    note: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def dyad(
    db: Path | str, source: str, target: str, by: str = "month", since: str | None = None, until: str | None = None
) -> Dyad:
    """The series of events from `source` to `target`, one row per `by` period (day, month, year)."""
    if by not in ("day", "month", "year"):
        raise DyadError(f"period must be day, month or year, not {by!r}")
    events = dyad_events(db, source, target, since, until)
    width = {"day": 10, "month": 7, "year": 4}[by]
    grouped: dict[str, list[DyadEvent]] = defaultdict(list)
    for event in events:
        grouped[event.date[:width]].append(event)
    periods = [
        Period(key, len(group), round(fmean(e.score for e in group), 3), dict(Counter(e.type for e in group)))
        for key, group in sorted(grouped.items())
    ]
    return Dyad(source, target, events, periods)


def dyad_events(
    db: Path | str, source: str, target: str, since: str | None = None, until: str | None = None
) -> list[DyadEvent]:
    """Events from source to target that happened, one per real-world event, in date order."""
    a, b = ActorSpec.parse(source), ActorSpec.parse(target)
    low, high = parse_date(since, "since"), parse_date(until, "until")
    with Store(db, read_only=True) as store:
        rows = store.con.execute(
            f"""
            SELECT e.id, e.cluster_id, e.event, e.score, e.date, e.date_precision, e.doc_id, d.outlet, e.text,
                   e.start, e."end", e.actor, e.recipient, e.confidence
            FROM events e JOIN documents d USING (doc_id)
            WHERE e.modality IN ({", ".join("?" * len(HAPPENED))}) AND e.score IS NOT NULL AND e.date IS NOT NULL
            ORDER BY e.date, e.id
            """,
            list(HAPPENED),
        ).fetchall()
    clusters: dict[str, list[tuple[DyadEvent, float, int]]] = defaultdict(list)
    for row in rows:
        (event_id, cluster_id, kind, score, date, precision, doc_id, outlet, text, start, end, actor, recipient,
         confidence) = row  # fmt: skip
        if not any(a.matches(p) for p in json.loads(actor)) or not any(b.matches(p) for p in json.loads(recipient)):
            continue
        if not date_within(date, low, high):
            continue
        event = DyadEvent(event_id, cluster_id or event_id, kind, score, date, precision, doc_id, outlet, text,
                          start, end)  # fmt: skip
        exactness = EXACTNESS.get(precision, 0)
        clusters[event.cluster_id].append((event, confidence, exactness))
    out = []
    for members in clusters.values():
        # The report that dates the event most exactly speaks for the cluster.
        best = max(members, key=lambda m: (m[2], m[1], m[0].id))[0]
        best.reports = len({m[0].doc_id for m in members})
        out.append(best)
    return sorted(out, key=lambda e: (e.date, e.id))


def shift(
    db: Path | str,
    source: str,
    target: str,
    at: str | None = None,
    since: str | None = None,
    evidence: int = 5,
) -> Shift:
    """Before/after comparison of the dyad's cooperation score at `at`, or at the change point that
    best splits the series when `at` is not given."""
    at_date = parse_date(at, "at")
    events = dyad_events(db, source, target, since)
    if not events:
        empty = Side(0, None)
        return Shift(source, target, at_date, False, empty, empty, None, None, None, "no events from source to target")
    found = at_date is None
    if found:
        at_date, p_value = _change_point([e.score for e in events], [e.date for e in events])
        if at_date is None:
            side = _side(events, evidence)
            return Shift(source, target, None, True, side, Side(0, None), None, None, None,
                         f"too few events to split (need {MIN_SIDE} on each side)")  # fmt: skip
    else:
        p_value = None
    before = [e for e in events if e.date < at_date]
    after = [e for e in events if e.date >= at_date]
    b, a = _side(before, evidence), _side(after, evidence)
    difference = (
        round(a.mean_score - b.mean_score, 3) if a.mean_score is not None and b.mean_score is not None else None
    )
    spread = pstdev([e.score for e in events]) if len(events) > 1 else 0.0
    effect = round(difference / spread, 2) if difference is not None and spread else None
    return Shift(source, target, at_date, found, b, a, difference, effect, p_value, _note(difference, p_value, found))


def _change_point(scores: list[float], dates: list[str]) -> tuple[str | None, float | None]:
    """The split (between two distinct dates) that most reduces the squared error of a one-mean-per-side
    fit, and a permutation p-value for a split that strong."""
    best = _best_split(scores, dates)
    if best is None:
        return None, None
    index, gain = best
    rng = random.Random(20231007)  # fixed: the same store gives the same answer
    shuffled = list(scores)
    stronger = 0
    for _ in range(PERMUTATIONS):
        rng.shuffle(shuffled)
        trial = _best_split(shuffled, dates)
        if trial is not None and trial[1] >= gain - 1e-9:
            stronger += 1
    return dates[index], round((stronger + 1) / (PERMUTATIONS + 1), 4)


def _best_split(scores: list[float], dates: list[str]) -> tuple[int, float] | None:
    n = len(scores)
    total = sum(scores)
    best: tuple[int, float] | None = None
    left = 0.0
    for i in range(1, n):
        left += scores[i - 1]
        if dates[i] == dates[i - 1] or i < MIN_SIDE or n - i < MIN_SIDE:
            continue
        right = total - left
        gain = left * left / i + right * right / (n - i) - total * total / n  # = SSE(all) − SSE(split)
        if best is None or gain > best[1]:
            best = (i, gain)
    return best


def _side(events: list[DyadEvent], evidence: int) -> Side:
    if not events:
        return Side(0, None)
    strongest = sorted(events, key=lambda e: (-abs(e.score), -e.reports, e.date))[:evidence]
    return Side(len(events), round(fmean(e.score for e in events), 3), sorted(strongest, key=lambda e: e.date))


def _note(difference: float | None, p_value: float | None, found: bool) -> str:
    if difference is None:
        return "one side has no events"
    direction = "toward conflict" if difference < 0 else "toward cooperation" if difference > 0 else "no change"
    if not found:
        return f"{direction} by {abs(difference):.2f} on the PLOVER scale"
    if p_value is not None and p_value < 0.05:
        strength = "strong"
    elif p_value is not None and p_value < 0.2:
        strength = "weak"
    else:
        strength = "not distinguishable from chance"
    return f"{direction} by {abs(difference):.2f}; the change point is {strength} (permutation p = {p_value})"


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


def _slug(name: object) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(name or "").lower()).strip("-")
