"""Claims about the same quantity: agree, contradict or update, with the reason.

A claim is a (thing counted, what happened to it, whose, when) tuple; only the same tuple can
disagree, and only inside one story.

claims with something named to count → a comparable measure (counts, a currency, minutes, percent,
"times") → embeddings of what is counted ("fishing boat", "vessel") and of what happened to it
("seize", "detain"), the kind of thing counted and the outcome for people (data/claims.toml:
"fisherman" and "crew member" are persons; "killed" and "died" one outcome) → candidate pairs from
random-hyperplane buckets of the first, more bits as the corpus grows, and from buckets of one kind
with one happening or one day (pairs are only compared inside a bucket, so the work grows with the
corpus, not with its square) → a pair is comparable inside one story (one document, documents that
report one event, or documents naming actors in common within the story's days), with one scope (a
count at a moment, a total over a period, a forecast) → it counts one thing when what is counted is
close, or of one kind with one happening, what happened to it is the same (one PLOVER type, close
wording, close sentences, or the same figure), and what the counted phrase says besides the thing
agrees ("on steel" is not "on whiskey") → agree when the hedged intervals overlap; when they do not
and the same thing happened to both, contradict at one moment from two sources, update for a later
figure from the same source → a note that says which and why → clusters over all links.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import numpy
import scipy.sparse

from rashomon.annotate.claims.lexicon import load_quantities
from rashomon.annotate.embeddings import MODEL_ID, Embedder, sentence_embedder, text_hash
from rashomon.link.events import period
from rashomon.settings import Section
from rashomon.store.database import Embeddings, Store, joined
from rashomon.store.linking import (
    day_event_clusters,
    freeing_events,
    keep_only_embeddings,
    replace_claim_clusters,
    replace_claim_links,
    sentence_event_dates,
    stored_claims,
    story_actors,
)

# One measure for every unit of a dimension, so that "50 minutes" and "an hour" compare.
TIME_IN_MINUTES = {"second": 1 / 60, "minute": 1, "hour": 60, "day": 1440, "week": 10080, "month": 43830,
                   "year": 525960, "decade": 5259600, "century": 52596000}  # fmt: skip
# The thresholds are settings: [link.claims] in rashomon/data/settings.toml, passed as `rules`.
ARTICLE = re.compile(r"\b(?:the|a|an)\s+")
PAIRS_PER_SLICE = 200_000  # pairs compared at a time, to bound memory …
VECTOR_PAIRS_PER_SLICE = 4_096  # … but pairs of vectors fewer: two 384-wide rows a pair, 12 MB a slice
NUMBER = re.compile(r"\d[\d,.]*")


@dataclass(frozen=True, slots=True)  # slots: 30,000 claims without an attribute dict each
class _Claim:
    claim_id: str
    doc_id: str
    outlet: str | None
    phrase: str
    low: float
    high: float  # inf when open
    dimension: str
    quantity: str
    predicate: str
    context: str
    speaker: str | None
    happening: str | None  # PLOVER type of what happened to what is counted
    residual: bool  # a remainder: "the remaining 16 crew", "the 39 it still holds"
    partitive: bool  # a part of a set: "three of the boats"
    published: str  # the document's date, which orders a crowded bucket
    sentence: int  # the sentence's start
    kind: str | None = None  # person, vessel … (data/claims.toml), set once embeddings are at hand
    actors: frozenset[str] = frozenset()  # the actors its document names
    counted: str = ""  # what is counted as written, for notes
    moment: str | None = None  # the date a date in its clause gives; None: as of its report (`published`)
    scope: str = "point"  # point | total | forecast
    stories: frozenset[str] = frozenset()  # event clusters its document shares with another document
    outcome: str | None = None  # killed, wounded … (data/claims.toml): what happened to the people counted
    qualifier: str = ""  # what the counted phrase says besides the thing: whose, where, on what ("on steel")
    subject: str = ""  # the subject of its clause, lower case without articles ("performance gt version")
    releases: frozenset[str] = frozenset()  # for what is held: the days its story reports captives freed


@dataclass(frozen=True)
class ClaimLink:
    a: str
    b: str
    relation: str  # agree | contradict | update
    similarity: float
    note: str


def link_claims(
    store: Store, rules: Section, model: Embedder | None = None, fresh: list[str] | None = None
) -> list[ClaimLink]:
    """Link the claims of the documents `fresh` (None: all) with the thresholds `rules` ([link.claims]),
    keep the other links, and recompute the clusters from every link; returns the links made. The
    sentence embeddings are kept in the store (`stored_embedder`); `model` embeds the texts it lacks
    (None: the model in this process).

    Every claim takes part in the candidate buckets, but only pairs with a claim of `fresh` are judged:
    the links between documents linked before stand as they were made, even where a new document adds
    to their story (a run from scratch, or with changed link settings, judges every pair again)."""
    claims = _load(store, rules)
    embed = stored_embedder(store, model or sentence_embedder(), MODEL_ID)
    _forget_unused_embeddings(store, claims)
    claims = [c for c in claims if c.quantity]  # the rest compare with nothing (`find_links`): let go now
    links = find_links(claims, embed, rules, None if fresh is None else set(fresh))
    with store.transaction():
        rows = [(x.a, x.b, x.relation, x.similarity, x.note) for x in links]
        replace_claim_links(store, rows, fresh)
        replace_claim_clusters(store)
    return links


def find_links(
    claims: list[_Claim], embed: Embedder, rules: Section, fresh: AbstractSet[str] | None = None
) -> list[ClaimLink]:
    """The links between candidate pairs of `claims`; with `fresh`, only of pairs with a claim of one of
    those documents."""
    claims = [c for c in claims if c.quantity]  # a figure that counts nothing named compares with nothing
    if len(claims) < 2:
        return []
    # Sentences are embedded only for the pairs that need them: the model's time is most of the cost.
    quantities = _embed_unique(embed, [c.quantity for c in claims])
    claims = _with_kinds(claims, quantities, embed, rules.kind_similarity)
    predicates = _embed_unique(embed, [c.predicate for c in claims])
    pairs = _candidates(claims, quantities, rules)
    if fresh is not None:
        new = numpy.array([c.doc_id in fresh for c in claims], dtype=bool)
        pairs = pairs[new[pairs[:, 0]] | new[pairs[:, 1]]]
    columns = _ClaimColumns(claims, rules)
    links = []
    for k in range(0, len(pairs), PAIRS_PER_SLICE):  # a slice at a time: a corpus has millions of pairs
        some = pairs[k : k + PAIRS_PER_SLICE]
        links += _links_among(claims, some[:, 0], some[:, 1], quantities, predicates, columns, embed, rules)
    return sorted(links, key=lambda x: (x.a, x.b))


def _links_among(
    claims: list[_Claim],
    left: numpy.ndarray,
    right: numpy.ndarray,
    quantities: _Embedded,
    predicates: _Embedded,
    columns: _ClaimColumns,
    embed: Embedder,
    rules: Section,
) -> list[ClaimLink]:
    """The links of the candidate pairs (`left[k]`, `right[k]`)."""
    same_quantity = _cosines(quantities, left, right)
    same_predicate = _cosines(predicates, left, right)
    # Per pair, from what the claims say of themselves: a part of a set or what is left of a count is
    # another quantity; one voice giving two numbers in a document counts two things; close words for
    # different kinds ("fisherman", "fishing boat") never count one thing. Nouns of one kind but far apart
    # ("troops", "reservists") count one thing when the same thing happened to them, or, in documents
    # that report one event or for figures dated to the same day, when nothing says different things
    # happened.
    flags = columns.flags(left, right)
    comparable, same_kind, at_odds, other_kind = flags.comparable, flags.same_kind, flags.at_odds, flags.other_kind
    same_happening, one_event, same_day = flags.same_happening, flags.one_event, flags.same_day
    same_noun = same_quantity >= rules.quantity_similarity
    one_happening = same_happening | ((one_event | same_day) & ~at_odds)  # or nothing says otherwise
    keep = comparable & ((same_noun & ~other_kind) | (same_kind & one_happening))
    # Figures that differ dispute one quantity only when the same thing is said to have happened to both
    # ("seized", "killed"): two figures of one story whose happenings nothing tells are often two things
    # (the 40 migrants flown out and the 130 detainees held).
    disputable = same_happening
    left, right, same_quantity, same_predicate = left[keep], right[keep], same_quantity[keep], same_predicate[keep]
    same_happening, disputable = same_happening[keep], disputable[keep]
    unsure = ~same_happening & (same_predicate < rules.context_similarity)
    needed = sorted(set(left[unsure]) | set(right[unsure]))
    sentence = dict(zip(needed, _embed_unique(embed, [claims[k].context for k in needed]).each(), strict=True))
    qualified = sorted({k for k in (*left, *right) if claims[k].qualifier})
    qualifier = dict(zip(qualified, _embed_unique(embed, [claims[k].qualifier for k in qualified]).each(), strict=True))
    vectors = _Vectors(sentence, qualifier)
    links = []
    for i, j, similarity, check, dispute, dated_alike in zip(
        left, right, same_quantity, unsure, disputable, same_day[keep], strict=True
    ):
        link = _judge(claims, i, j, float(similarity), bool(check), bool(dispute), bool(dated_alike), vectors, rules)
        if link is not None:
            links.append(link)
    return links


@dataclass(frozen=True)
class _Vectors:
    """Embeddings made only for the pairs that need them: masked sentences, qualifying phrases."""

    sentence: dict[int, numpy.ndarray]
    qualifier: dict[int, numpy.ndarray]


def _judge(
    claims: list[_Claim],
    i: int,
    j: int,
    similarity: float,
    check: bool,
    dispute: bool,
    dated_alike: bool,
    vectors: _Vectors,
    rules: Section,
) -> ClaimLink | None:
    """The link between two candidate claims, or None: agree, contradict or update, with why."""
    a, b = claims[i], claims[j]
    sentence, qualifier = vectors.sentence, vectors.qualifier
    same_sentence = a.doc_id == b.doc_id and a.sentence == b.sentence
    qualified_alike = False
    if i in qualifier and j in qualifier:
        qualified_alike = float(qualifier[i] @ qualifier[j]) >= rules.qualifier_similarity
        if not qualified_alike:
            return None  # "tariffs on steel" and "tariffs on whiskey": one noun, two things
    # The same figure for the same noun in one story ("28 people", "the three major U.S. stock
    # indexes") needs no close sentences: an equal number of one thing is the evidence, unless it is
    # small enough to coincide by chance ("two people", "five matches") and nothing else says which.
    same_figure = (
        _same_figure(a, b)
        and similarity >= rules.quantity_similarity
        and (_telling(a.low, rules.chance_figure) or qualified_alike)
    )
    if (
        check
        and not (same_sentence or dated_alike or same_figure)
        and float(sentence[i] @ sentence[j]) < rules.context_similarity
    ):
        return None
    if a.dimension == "percent" and not (i in qualifier and j in qualifier):
        return None  # a rate of what? "25% tariffs" in a trade war are many tariffs
    if (a.residual, a.partitive) != (b.residual, b.partitive):
        # A remainder or a part of a set is another quantity than the count it is taken from (the
        # 16 still held, the 38 seized), unless the two give the same figure ("three of the boats",
        # "three vessels"): then they count one set.
        judged = ("agree", "the same figure for a part and for a whole") if _same_figure(a, b) else None
    else:
        judged = _relation(a, b, dispute, rules)
    if judged is None:
        return None
    relation, why = judged
    first, second = sorted((a, b), key=lambda c: c.claim_id)
    return ClaimLink(first.claim_id, second.claim_id, relation, round(similarity, 3), _note(first, second, why))


@dataclass(frozen=True)
class _PairFlags:
    """What two claims of each candidate pair share, one boolean array per question."""

    comparable: numpy.ndarray  # one scope, not one voice's two figures in a document, one story
    same_kind: numpy.ndarray
    at_odds: numpy.ndarray  # both say what happened to what they count, and not the same
    other_kind: numpy.ndarray
    same_happening: numpy.ndarray
    one_event: numpy.ndarray  # one document, or documents that share an event cluster
    same_day: numpy.ndarray  # both dated to the same day


class _ClaimColumns:
    """What each claim says of itself, as arrays (values coded as integers), from which the flags of any
    candidate pairs are computed column by column: a corpus has millions of candidate pairs."""

    def __init__(self, claims: list[_Claim], rules: Section) -> None:
        self.doc, self.scope, self.speaker = (
            _codes([c.doc_id for c in claims]),
            _codes([c.scope for c in claims]),
            _codes([c.speaker for c in claims]),
        )
        self.subject = _codes([c.subject or None for c in claims])
        self.happening, self.outcome, self.kind = (
            _codes([c.happening for c in claims]),
            _codes([c.outcome for c in claims]),
            _codes([c.kind for c in claims]),
        )
        self.day = _codes([c.moment if c.moment and len(c.moment) == 10 else None for c in claims])
        self.residual = numpy.array([c.residual for c in claims], dtype=bool)
        self.measure = numpy.array([c.dimension != "count" for c in claims], dtype=bool)
        self.stories = _Stories.of_claims(claims, rules)
        self.document = numpy.array([self.stories.index[c.doc_id] for c in claims], dtype=numpy.int64)

    def flags(self, left: numpy.ndarray, right: numpy.ndarray) -> _PairFlags:
        """The flags of the pairs (`left[k]`, `right[k]`). Whether two documents tell one story is asked
        once per document pair."""

        def same(column: numpy.ndarray) -> numpy.ndarray:
            return column[left] == column[right]

        def both(column: numpy.ndarray) -> numpy.ndarray:
            return column[left] & column[right]

        story, shared_event = self.stories.same(self.document[left], self.document[right])
        one_document = same(self.doc)
        # In one document, a measure (seconds, mph, dollars, percent) of two differently named subjects is
        # of two things ("the GT version … in 3.5 seconds", "the all-wheel-drive version … in five
        # seconds"); a count's subject is often its agent, which sources name differently.
        two_subjects = one_document & self.measure[left] & both(self.subject >= 0) & ~same(self.subject)
        comparable = same(self.scope) & ~(one_document & same(self.speaker)) & ~two_subjects & story
        one_event = one_document | shared_event
        # An outcome ("killed", "died") says what happened to people, not in which event: it tells one
        # happening only inside one document or one reported event, not across a story (the plague's dead
        # and the pollution's dead).
        happening, outcome, kind = self.happening, self.outcome, self.kind
        same_happening = (both(happening >= 0) & same(happening)) | (one_event & both(outcome >= 0) & same(outcome))
        same_happening |= both(self.residual)
        known = both(self.residual | (happening >= 0) | (outcome >= 0))
        return _PairFlags(
            comparable=comparable,
            same_kind=both(kind >= 0) & same(kind),
            at_odds=known & ~same_happening,
            other_kind=both(kind >= 0) & ~same(kind),
            same_happening=same_happening,
            one_event=one_event,
            same_day=both(self.day >= 0) & same(self.day),
        )


def _codes(values: Sequence[object]) -> numpy.ndarray:
    """Each value as an integer, equal for equal values; None is -1."""
    seen: dict[object, int] = {}
    return numpy.array([-1 if v is None else seen.setdefault(v, len(seen)) for v in values], dtype=numpy.int64)


class _Stories:
    """Counts in unrelated articles ("two people", "three years") are no claims about one quantity: two
    documents tell one story when they report one event (a shared event cluster), or name
    `story_shared_actors` actors in common and appeared at most `story_days` apart. Documents without a
    date join a story through a shared event only.

    Asked of many pairs of documents at once: their shared events and actors are counted as products
    of sparse document × item matrices."""

    def __init__(self, documents: dict[str, tuple[str, AbstractSet[str], AbstractSet[str]]], rules: Section) -> None:
        """`documents`: doc_id → (publication date or '', event clusters it shares, actors it names)."""
        self.index = {doc_id: k for k, doc_id in enumerate(documents)}
        values = list(documents.values())
        self.day = numpy.array([_day(p).toordinal() if p else -1 for p, _, _ in values], dtype=numpy.int64)
        self.events = _incidence([events for _, events, _ in values])
        self.actors = _incidence([actors for _, _, actors in values])
        self.rules = rules

    @classmethod
    def of_claims(cls, claims: list[_Claim], rules: Section) -> _Stories:
        """The documents of `claims`, as their claims describe them."""
        return cls({c.doc_id: (c.published, c.stories, c.actors) for c in claims}, rules)

    def same(self, a: numpy.ndarray, b: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """For documents `a[k]` and `b[k]` (indices): whether they tell one story, and whether they share
        an event cluster. The rows the products pick cost memory: callers ask `PAIRS_PER_SLICE` at most."""
        shared_event = self.events[a].multiply(self.events[b]).sum(axis=1).A1 > 0
        shared_actors = self.actors[a].multiply(self.actors[b]).sum(axis=1).A1
        day_a, day_b = self.day[a], self.day[b]
        near = (day_a >= 0) & (day_b >= 0) & (numpy.abs(day_a - day_b) <= self.rules.story_days)
        story = (a == b) | shared_event | ((shared_actors >= self.rules.story_shared_actors) & near)
        return story, shared_event


def _incidence(sets: list[AbstractSet[str]]) -> scipy.sparse.csr_matrix:
    """Rows × items, 1 where the row's set holds the item."""
    column: dict[str, int] = {}
    indices = [column.setdefault(item, len(column)) for items in sets for item in sorted(items)]
    pointers = numpy.cumsum([0] + [len(items) for items in sets])
    data = numpy.ones(len(indices), dtype=numpy.int32)
    return scipy.sparse.csr_matrix((data, indices, pointers), shape=(len(sets), max(len(column), 1)))


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def _moments(a: _Claim, b: _Claim, reported_within: int) -> str | None:
    """Whether two figures describe one moment ("same") or two ("different"); None when nothing says.
    Dates in their clauses agree when they agree as far as both go ("2025-03" and "2025-03-01"); a dated
    figure and one as of a report describe one moment when the report came soon after; two figures
    as of their reports, when the reports are of one day (running totals reported on different days
    are not)."""
    if a.dimension == b.dimension == "times":
        return "same"  # how often leaders met or visited: a record of occasions, not a tally that runs
    if a.moment and b.moment:
        return "same" if a.moment.startswith(b.moment) or b.moment.startswith(a.moment) else "different"
    if a.moment or b.moment:
        dated, reported = (a, b) if a.moment else (b, a)
        if not reported.published:
            return None
        soon = _reported_soon_after(str(dated.moment), reported.published[:10], reported_within)
        return "same" if soon else "different"
    if a.doc_id == b.doc_id:
        return "same"
    if a.published and b.published:
        return "same" if a.published[:10] == b.published[:10] else "different"
    return None


def _reported_soon_after(moment: str, report: str, within: int) -> bool:
    """A report of `report`'s day speaks of `moment` (a day, month or year) when it came within the
    period or at most `within` days after a day: news of a seizure on 1 March comes on 2 or 3 March,
    not ten years later."""
    if len(moment) < 10:
        return report.startswith(moment)
    delay = (_day(report) - _day(moment)).days
    return 0 <= delay <= within


def _within_story(earlier: _Claim, later: _Claim, days: int) -> bool:
    """Two moments close enough for one figure to follow the other: a count from 1965 and one from 2019
    are two quantities, not a dispute."""
    first, last = (c.moment or c.published[:10] for c in (earlier, later))
    if not (first and last):
        return False
    return (period(last)[0] - period(first)[1]).days <= days


def _relation(a: _Claim, b: _Claim, disputable: bool, rules: Section) -> tuple[str, str] | None:
    """(relation, why). agree when the hedged intervals overlap. Two figures that differ are a dispute
    only when they count one thing (`disputable`: the same thing happened to it, "boats seized"), from
    two sources: at one moment they contradict. At two moments, a later figure from the same source
    (the speaker; for a figure in an outlet's own voice, the outlet) updates the earlier; one from
    another source contradicts it when it moved the way such a figure cannot (a running total never
    falls, what remains or is held never grows), and is left unlinked otherwise. Two figures in one
    story for things a parse cannot tell apart are no dispute: no link."""
    if a.low <= b.high and b.low <= a.high:
        agree = (_tight(a) and _tight(b)) or _near(a, b, rules.open_agreement)
        return ("agree", "the intervals overlap") if agree else None
    if not disputable:
        return None
    moments = _moments(a, b, rules.reported_within_days)
    if moments is None:
        return None
    same_source = (a.speaker or a.outlet) == (b.speaker or b.outlet)
    if moments == "different":
        if same_source:
            return "update", "a later figure from the same source, not a dispute"
        earlier, later = sorted((a, b), key=lambda c: c.moment or c.published)
        if not _within_story(earlier, later, rules.story_days):
            return None
        if _running(later) and (later.high < earlier.low) != _shrinks(later):
            return "contradict", "another source's later figure moved the way such a figure cannot"
        if later.high < earlier.low and _shrinks(earlier) and not _freed_between(earlier, later):
            return "contradict", "what is held fell, and the story reports nobody freed between the two"
        return None  # another source's later figure: an update or a dispute, nothing says which
    if same_source or (a.doc_id == b.doc_id and not (a.speaker and b.speaker)):
        return None  # an outlet does not dispute its own figures: inside one document, two named sources must
    return "contradict", "the intervals do not overlap, at one moment, from different sources"


def _freed_between(earlier: _Claim, later: _Claim) -> bool:
    first, last = ((c.moment or c.published)[:10] for c in (earlier, later))
    return any(first < day <= last for day in earlier.releases | later.releases)


def _same_figure(a: _Claim, b: _Claim) -> bool:
    """One figure, hedge and all."""
    return a.low == b.low and a.high == b.high


def _telling(figure: float, chance_figure: int) -> bool:
    """Whether two equal figures are themselves evidence of one quantity: not small ("two people",
    "five matches") and not round ("a 30-minute drive", "1,000 troops"), which coincide by chance;
    "28 people" and "3,248 cases" do not."""
    if figure <= chance_figure:
        return False
    half_step = 10 ** math.floor(math.log10(figure)) / 2
    return figure % half_step != 0


def _tight(claim: _Claim) -> bool:
    """A figure bounded on both sides: "about 400", "300 to 350". "Up to 840" or "more than 3,000" is a
    limit that any smaller or larger figure fits, no confirmation of one."""
    return claim.low > 0 and claim.high != float("inf")


def _near(a: _Claim, b: _Claim, ratio: float) -> bool:
    """Two figures with an open side ("more than 3 million", "more than 1.4 million") always overlap;
    they state one figure only when their bounds are at most `ratio` apart."""
    return max(a.low, b.low) <= ratio * max(min(a.low, b.low), 1e-9)


def _running(claim: _Claim) -> bool:
    """A count of what has happened or is held, which only moves one way over a story (the dead, the
    detained); a sum of money asked or offered, or a forecast, is no running total."""
    return claim.dimension == "count" and claim.scope != "forecast"


def _shrinks(claim: _Claim) -> bool:
    return _state(claim.residual, claim.predicate)


def _state(residual: bool, predicate: str) -> bool:
    """A remainder or a state ("the 16 still held", "boats held"), which only falls over time; a count of
    what happened ("killed", "rescued") only grows."""
    return residual or bool(load_claim_lexicon().state & set(predicate.split()))


class _Embedded(NamedTuple):
    """Texts embedded each distinct one once: the k-th text's vector is `vectors[row[k]]`. Kept so, not
    as a vector for each text: 30,000 claims' quantities and predicates would take 90 MB."""

    vectors: numpy.ndarray
    row: numpy.ndarray

    def each(self) -> numpy.ndarray:
        return self.vectors[self.row]


def _cosines(texts: _Embedded, left: numpy.ndarray, right: numpy.ndarray) -> numpy.ndarray:
    """Row-wise dot products of the pairs' texts, each pair of distinct texts once (claims repeat their
    nouns and verbs), a slice at a time so that memory stays bounded."""
    text = texts.row
    pair_code = text[left] * (int(text.max()) + 1) + text[right]
    _, first, inverse = numpy.unique(pair_code, return_index=True, return_inverse=True)
    left, right = text[left[first]], text[right[first]]
    out = numpy.empty(len(left), dtype=numpy.float32)
    step = VECTOR_PAIRS_PER_SLICE
    for k in range(0, len(left), step):
        a, b = texts.vectors[left[k : k + step]], texts.vectors[right[k : k + step]]
        out[k : k + step] = numpy.einsum("ij,ij->i", a, b)
    return out[inverse.ravel()]


def _embed_unique(embed: Embedder, texts: list[str]) -> _Embedded:
    """Each distinct text once: quantities and predicates repeat across a corpus."""
    if not texts:
        return _Embedded(numpy.empty((0, 0), dtype=numpy.float32), numpy.empty(0, dtype=numpy.int64))
    unique = sorted(set(texts))
    row = {text: k for k, text in enumerate(unique)}
    return _Embedded(embed(unique), numpy.array([row[text] for text in texts], dtype=numpy.int64))


def _candidates(claims: list[_Claim], quantities: _Embedded, rules: Section) -> numpy.ndarray:
    """Pairs (i < j), as rows of two int32, that share a dimension and a bucket in at least one of
    `rules.bands` bands of random-hyperplane bits (with more bits as the corpus grows, so that a bucket
    holds about `rules.bucket` claims); inside a crowded bucket each claim meets only its `rules.window`
    nearest along a random direction, so the number of pairs stays proportional to the number of claims."""
    bands = rules.bands
    bits_per_band = max(4, math.ceil(math.log2(max(len(claims), 1) / rules.bucket)))
    rng = numpy.random.default_rng(20231007)
    planes = rng.standard_normal((bits_per_band * bands + 1, quantities.vectors.shape[1]))
    projections = quantities.vectors @ planes.T  # of each distinct text: claims repeat their nouns
    bits = projections[:, :-1] > 0
    order_key = projections[:, -1][quantities.row]
    dimension = _codes([c.dimension for c in claims])
    weights = 1 << numpy.arange(bits_per_band, dtype=numpy.int64)

    def bucket(band: int) -> numpy.ndarray:
        code = bits[:, band * bits_per_band : (band + 1) * bits_per_band].astype(numpy.int64) @ weights
        return dimension << bits_per_band | code[quantities.row]

    # random order in a similarity bucket; in a kind bucket, by date, so that neighbours tell one story
    published = numpy.unique(numpy.array([c.published for c in claims]), return_inverse=True)[1].ravel()
    families = [(bucket(band), order_key) for band in range(bands)]
    # "61 fishermen" and "38 crew" seized: nouns far apart, one kind, one event …
    one_happening = [(c.dimension, c.kind, "residual" if c.residual else c.happening) for c in claims]
    families.append((_codes([key if key[1] is not None else None for key in one_happening]), published))
    # … or one kind on one day ("the 22 men" freed)
    on_day = [(c.dimension, c.kind, c.moment) if c.kind is not None and c.moment and len(c.moment) == 10 else None
              for c in claims]  # fmt: skip
    families.append((_codes(on_day), published))
    n = len(claims)
    codes = []  # each pair (i < j) as one int64 i·n + j: a third of the memory of two index arrays
    for group, order in families:
        ordered = numpy.lexsort((numpy.arange(n), order, group))
        ordered = ordered[group[ordered] >= 0]
        for offset in range(1, rules.window + 1):
            same = group[ordered[:-offset]] == group[ordered[offset:]]
            first, second = ordered[:-offset][same], ordered[offset:][same]
            codes.append(numpy.minimum(first, second) * n + numpy.maximum(first, second))
        codes = [_sorted_unique(numpy.concatenate(codes))]  # each family's repeats dropped before the next's
    pairs = numpy.empty((len(codes[0]), 2), dtype=numpy.int32)  # a claim's position fits in 32 bits
    pairs[:, 0], pairs[:, 1] = codes[0] // n, codes[0] % n
    return pairs


def _sorted_unique(values: numpy.ndarray) -> numpy.ndarray:
    """The distinct values, sorted in place: numpy.unique hashes integers, ten times slower here."""
    values.sort()
    return values[numpy.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _note(a: _Claim, b: _Claim, why: str) -> str:
    def side(c: _Claim) -> str:
        who = ", ".join(x for x in (c.outlet, c.speaker) if x)
        span = "open" if c.high == float("inf") else f"{c.high:g}"
        when = c.moment or (f"reported {c.published[:10]}" if c.published else "undated")
        return f"“{c.phrase}” ({who or c.doc_id}; {when}; {c.low:g}–{span})"

    return f"{a.counted or a.quantity}: {side(a)} and {side(b)}: {why}"


def _load(store: Store, rules: Section) -> list[_Claim]:
    # one set per document, shared by its claims
    actors_of = defaultdict(frozenset, {doc_id: frozenset(actors) for doc_id, actors in story_actors(store).items()})
    # One event tells one story when the reports agree on the day it happened: events known only by
    # their report's date join too much to say so (`day_event_clusters`).
    stories: dict[str, set[str]] = defaultdict(set)
    for doc_id, cluster_id in day_event_clusters(store):
        stories[doc_id].add(cluster_id)
    stories_of = defaultdict(frozenset, {doc_id: frozenset(clusters) for doc_id, clusters in stories.items()})
    del stories
    # A figure's moment, when its clause names no date: the date of the event its sentence reports with
    # the figure's happening ("14 boats were seized" in a sentence about the 1 March seizure).
    event_dates = sentence_event_dates(store)
    lexicon = load_claim_lexicon()
    reporting = load_quantities().reporting_verbs
    held = {  # read once for this, then again for the claims: never all rows at once
        row.doc_id: row.published
        for row in stored_claims(store)
        if _state(_residual(row.predicate, lexicon), row.predicate)
    }
    releases = _releases(store, lexicon, held, stories_of, actors_of, rules)
    out = []
    for (claim_id, doc_id, outlet, phrase, low, high, unit, quantity, predicate, text, speaker, happening, partitive,
         published, sentence, counted, moment, scope, qualifier, subject) in stored_claims(store):  # fmt: skip
        dimension, factor = _dimension(unit)
        top = float("inf") if high is None else high * factor
        masked = NUMBER.sub("#", text)
        residual = _residual(predicate, lexicon)
        outcome = next(
            (lexicon.outcomes[w] for w in [*predicate.split(), *quantity.split()] if w in lexicon.outcomes), None
        )
        kind_of = (happening or "").split(":")[0]  # "MOBILIZE:exercise" is an event of type MOBILIZE
        # What remains or is held is counted as of the report, whatever event its sentence recalls.
        now = _state(residual, predicate)
        out.append(
            _Claim(claim_id, doc_id, outlet, phrase, low * factor, top, dimension, quantity, predicate, masked,
                   # "Velgrad speaks of nine vessels": a figure a reporting verb gives is its subject's
                   speaker or (subject if subject and predicate.split()[0] in reporting else None), happening,
                   residual, partitive, published, sentence, actors=actors_of.get(doc_id, frozenset()),
                   counted=counted, scope=scope, stories=stories_of.get(doc_id, frozenset()), outcome=outcome,
                   qualifier=qualifier, subject=ARTICLE.sub("", subject.lower()),
                   releases=releases.get(doc_id, frozenset()) if now else frozenset(),
                   moment=moment if scope == "total" or now else moment or event_dates.get((doc_id, sentence, kind_of)))
        )  # fmt: skip
    return out


def _residual(predicate: str, lexicon: ClaimLexicon) -> bool:
    """A remainder: "the remaining 16 crew", "the 39 it still holds"."""
    return bool(lexicon.residual & set(predicate.split()))


def _releases(
    store: Store,
    lexicon: ClaimLexicon,
    held: dict[str, str],
    stories_of: dict[str, frozenset[str]],
    named: dict[str, frozenset[str]],
    rules: Section,
) -> dict[str, frozenset[str]]:
    """For each document of `held` (doc_id → its date; those with a figure for what is held): the days
    on which the documents of its story (itself, those sharing an event, or naming actors in common
    within the story's days) report captives freed, as happened."""
    freed = freeing_events(store, list(lexicon.freed_by))
    if not freed or not held:
        return {}
    published = held | {doc_id: reported for doc_id, _, reported in freed}
    stories = _Stories({d: (day, stories_of[d], named[d]) for d, day in published.items()}, rules)
    days = numpy.array([day[:10] for _, day, _ in freed])
    reports = numpy.array([stories.index[doc_id] for doc_id, _, _ in freed], dtype=numpy.int64)
    out = {}
    step = max(1, PAIRS_PER_SLICE // len(freed))  # documents asked at a time, to bound memory
    asked = sorted(held)
    for k in range(0, len(asked), step):
        some = asked[k : k + step]
        asking = numpy.repeat(numpy.array([stories.index[d] for d in some], dtype=numpy.int64), len(freed))
        story, _ = stories.same(asking, numpy.tile(reports, len(some)))
        for doc_id, row in zip(some, story.reshape(len(some), len(freed)), strict=True):
            out[doc_id] = frozenset(days[row].tolist())
    return out


@dataclass(frozen=True)
class ClaimLexicon:
    kinds: dict[str, str]  # listed noun → kind
    residual: frozenset[str]
    state: frozenset[str]
    outcomes: dict[str, str]  # word → outcome
    freed_by: tuple[str, ...]  # events (type:mode) that lower what is held


@lru_cache(maxsize=1)
def load_claim_lexicon() -> ClaimLexicon:
    data = tomllib.loads(resources.files("rashomon.link").joinpath("data/claims.toml").read_text("utf-8"))
    kinds = {noun: kind for kind, nouns in data["kinds"].items() for noun in nouns}
    outcomes = {word: outcome for outcome, words in data["outcomes"].items() for word in words}
    return ClaimLexicon(kinds, frozenset(data["residual"]["words"]), frozenset(data["state"]["words"]), outcomes,
                        tuple(data["state"]["freed_by"]))  # fmt: skip


def _with_kinds(claims: list[_Claim], quantities: _Embedded, embed: Embedder, near: float) -> list[_Claim]:
    """Each claim with the kind of what it counts: money for a currency; the listed noun, its head word,
    else the listed noun nearest in meaning, when its cosine is at least `near`; else None."""
    kinds = load_claim_lexicon().kinds
    listed = sorted(kinds)
    vectors = embed(listed)
    out = []
    for claim, row in zip(claims, quantities.row, strict=True):
        if claim.dimension != "count":  # money, measures, times: only the same noun tells one quantity
            kind = None
        elif claim.quantity in kinds or claim.quantity.split()[-1] in kinds:
            kind = kinds.get(claim.quantity) or kinds[claim.quantity.split()[-1]]
        else:
            similarity = vectors @ quantities.vectors[row]
            best = int(numpy.argmax(similarity))
            kind = kinds[listed[best]] if similarity[best] >= near else None
        out.append(replace(claim, kind=kind))
    return out


def _dimension(unit: str | None) -> tuple[str, float]:
    if unit is None:
        return "count", 1.0
    if unit in TIME_IN_MINUTES:
        return "time", float(TIME_IN_MINUTES[unit])
    if unit in ("time", "times"):
        return "times", 1.0
    return unit, 1.0


def stored_embedder(store: Store, embed: Embedder, model: str) -> Embedder:
    """`embed`, with every vector kept in the store's `embeddings` table under `model`: only the texts
    neither the annotation of their batch nor an earlier run embedded are embedded here."""

    def cached(texts: Sequence[str]) -> numpy.ndarray:
        hashes = [text_hash(text) for text in texts]
        found = store.embeddings(model, sorted(set(hashes)))
        known = set(found.hashes)
        missing = {h: text for h, text in zip(hashes, texts, strict=True) if h not in known}
        if missing:
            made = Embeddings(model, list(missing), numpy.asarray(embed(list(missing.values())), dtype=numpy.float32))
            store.add_embeddings(made)
            found = joined([found, made])
        row = {h: k for k, h in enumerate(found.hashes)}
        return found.vectors[[row[h] for h in hashes]]

    return cached


def _forget_unused_embeddings(store: Store, claims: list[_Claim]) -> None:
    """Embeddings of texts no stored claim has any more (documents replaced, another model): gone, so the
    table does not grow with every change to the corpus."""
    texts = {t for c in claims for t in (c.quantity, c.predicate, c.context, c.qualifier)} | set(
        load_claim_lexicon().kinds
    )
    keep_only_embeddings(store, MODEL_ID, sorted(text_hash(t) for t in texts))
