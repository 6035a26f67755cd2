"""Quantitative claims: the numbers a document states, what they count, how hedged, and in whose voice.

    number phrases ("83,000", "9.6 thousand", "$150 million", "nearly half a billion", "50-minute")
    → value, and an interval from the hedge ("about", "more than") → unit (a currency, a measure,
    "times") → what is counted (the noun the number modifies, "N of the X", the verb of "N times")
    → the subject (the possessor or the clause's subject) → what happened to it, as the event lexicon
    reads it (a PLOVER type: seized, detained and held boats are COERCE) → the thing counted as written
    and what that phrase says besides the thing ("Morvenian", "on steel") → its moment (a date on its
    verb) and scope (a count at a moment, a total over a period, a forecast) → the speaker when inside
    a quotation → a count that names nothing takes what an earlier count counted ("the 40", "eight of
    them") → enumerations ("visited in 2005 and again in 2012" counts two visits)

Dates are not claims: numbers inside a temporal expression that names a date are left out; a
duration ("for almost 14 years") is a claim measured in years.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from spacy.tokens import Doc, Span, Token

from rashomon.annotate.claims.lexicon import QuantityLexicon, load_quantities
from rashomon.annotate.events.finder import direct_objects
from rashomon.annotate.events.lexicon import EventLexicon, Trigger
from rashomon.annotate.events.lexicon import load_lexicon as load_event_lexicon
from rashomon.annotate.nlp import doc_text, sentence_bounds
from rashomon.annotate.quotes import Quotation, Speaker, quotation_spans
from rashomon.annotate.spans import Spans, offset_spans
from rashomon.annotate.temporal import Timex, coordinated_after

DIGITS = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
BRACKETED_NUMBERS = re.compile(r"\s*\d+(?:\s*[,;–-]\s*\d+)*\s*")  # "(10, 11)", "[3]", "(5)"
DASHES = ("-", "–", "—")
MOMENT = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?$")  # a TIMEX3 value that names a year, month or day
TEMPORAL_QUALIFIERS = {"still", "remaining", "now", "already", "again", "more", "other", "first", "last"}
OPEN = 1e6  # a hedge factor this large leaves the interval open ("more than 3,000")
STANDALONE = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr", "npadvmod"}  # "three of the vessels"
DEPENDENT_NUMBER_WORDS = {"a", "an", "half", "once", "twice"}  # only with a multiplier: "a million"
# Entities that are names: a number inside one is part of the name ("Chapter 11", "787 Dreamliner").
NAME_ENTITIES = frozenset({"LAW", "PRODUCT", "ORG", "WORK_OF_ART", "FAC", "EVENT", "PERSON", "GPE", "LOC", "NORP"})
HEADLINE_SHARE = 0.5  # a sentence with more capitalised words than this is a headline, capitalised throughout


@dataclass
class Claim:
    start: int  # the number phrase, hedge and unit included ("nearly 19,000", "$150 million")
    end: int
    phrase: str
    value: float
    low: float
    high: float | None  # None: no upper bound ("more than 3,000")
    hedge: str | None
    unit: str | None  # currency code, measure ("minute", "percent"), "times", or None for a plain count
    quantity: str  # what is counted or measured, as lemmas ("civilian", "conversation", "visit"); "" when unknown
    counted: str  # the same as written, to be read: "Morvenian fishing boats", "aid to Ukraine"
    qualifier: str  # what that phrase says besides the thing: "Morvenian", "to Ukraine", "on steel"
    predicate: str  # what happened to it ("seize", "hold still", "detain return"): tells counts of one noun apart
    happening: str | None  # its PLOVER type[:mode] ("COERCE": seized, detained, taken), when the lexicon knows it
    partitive: bool  # "three of the boats": a part of a set, no count of the set itself
    subject: str | None  # whose it is, as written ("Russia's Jewish community", "Netanyahu")
    moment: str | None  # the date a date in the claim's clause gives ("on March 1" → 2025-03-01); None: the report's
    scope: str  # "point" (a count at a moment), "total" (over a period: "since 2014", "so far"), "forecast"
    attributed_to: Speaker | None
    sentence_start: int
    sentence_end: int

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["attributed_to"] = self.attributed_to.to_dict() if self.attributed_to else None
        return out


class ClaimFinder:
    def __init__(self, lexicon: QuantityLexicon | None = None, events: EventLexicon | None = None) -> None:
        self.lexicon = lexicon or load_quantities()
        self.events = events or load_event_lexicon()

    def __call__(self, doc: Doc, timexes: Iterable[Timex], quotes: Iterable[Quotation]) -> list[Claim]:
        text = doc_text(doc)
        timexes = list(timexes)
        dated = [t for t in timexes if t.type != "duration"]
        dates = offset_spans((t.start, t.end) for t in dated)
        moments = sorted((t for t in dated if MOMENT.match(t.value)), key=lambda t: t.start)
        speaking = quotation_spans(q for q in quotes if q.speaker is not None)
        claims = []
        i = 0
        while i < len(doc):
            found = self._number_at(doc, i)
            if found is None:
                i += 1
                continue
            first, last, value = found
            i = last + 1
            span = doc[first : last + 1]
            if dates.overlapping(span.start_char, span.end_char) or self._part_of_a_name(span):
                continue
            if _marker(span) or (span.text in self.lexicon.services and span.end < len(doc) and doc[span.end].is_alpha):
                continue
            if self._referential(doc, first, last, value):
                continue
            claim = self._claim(doc, text, first, last, value, speaking, moments)
            if claim is not None:
                claims.append(claim)
        self._happening_of_reported_figures(doc, claims)
        _elliptical(claims)
        claims += self._enumerations(doc, text, timexes, speaking)
        return sorted(claims, key=lambda c: c.start)

    # --- number phrases -------------------------------------------------------------------------------

    def _number_at(self, doc: Doc, i: int) -> tuple[int, int, float] | None:
        """(first token, last token, value) of a number phrase starting at token i: "83,000", "9.6
        thousand", "twenty-five", "one million", "half a billion"."""
        words, multipliers = self.lexicon.numbers, self.lexicon.multipliers
        token, word = doc[i], doc[i].lower_
        if DIGITS.match(token.text):
            value, j = float(token.text.replace(",", "")), i + 1
        elif word in words and (word not in DEPENDENT_NUMBER_WORDS or self._multiplier_follows(doc, i)):
            value, j = words[word], i + 1
            if word == "half" and j < len(doc) and doc[j].lower_ in ("a", "an"):
                j += 1  # "half a billion"
            while j + 1 < len(doc) and doc[j].text == "-" and words.get(doc[j + 1].lower_, 100) < 10 <= value:
                value, j = value + words[doc[j + 1].lower_], j + 2  # "twenty-five"
            if j < len(doc) and doc[j].lower_ == "hundred":
                value, j = value * 100, j + 1
        else:
            return None
        scaled = False
        while j < len(doc) and doc[j].lower_ in multipliers:
            value, j, scaled = value * multipliers[doc[j].lower_], j + 1, True
        if value == 1 and not scaled:
            return None  # "one of them", "a day": no claim
        return i, j - 1, value

    def _referential(self, doc: Doc, first: int, last: int, value: float) -> bool:
        """ "the two leaders", "a two-state solution": a number that names, not one that is claimed."""
        after = doc[last + 1] if last + 1 < len(doc) else None
        if after is not None and after.text == "-" and last + 2 < len(doc) and self._unit_after(doc, last) is None:
            return True
        before = doc[first - 1].lower_ if first > 0 else ""
        return value <= 2 and before in ("the", "both", "these", "those", "their")

    def _part_of_a_name(self, span: Span) -> bool:
        """A number that is part of a name rather than a count: inside a named entity ("Chapter 11", "the
        787 Dreamliner"), written onto letters ("3G", "4K"), right after another number ("ten 717 jets"),
        a number word capitalised inside a sentence ("the Big Three"), or inside a model name or an
        address (`_inside_a_name`)."""
        doc = span.doc
        if any(e.label_ in NAME_ENTITIES and any(not t.like_num for t in e) for e in _entities_over(span)):
            return True
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and not span[-1].whitespace_ and after.is_alpha and not after.is_lower:
            return self._unit_after(doc, span.end - 1) is None  # "3G", but "5KM" is a distance
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.like_num and not (before.is_digit and re.fullmatch(r"\d{3}", span[0].text)):
            return True  # "ten 717 jets"; "10 000" is one number written with a space
        if span[0].is_alpha and span[0].is_title and not span[0].is_sent_start and not _headline(span.sent):
            return True
        if self._names_a_model(span):
            return True
        return _inside_a_name(span, self.lexicon.streets)

    def _names_a_model(self, span: Span) -> bool:
        """ "the 717 program", "its 3 series", "a 747": after a determiner, a number greater than one before
        a singular noun names a model; a count takes the plural ("the 300 jets")."""
        doc, number = span.doc, span[-1]
        before = doc[span.start - 1] if span.start > 0 else None
        if before is None or not (before.pos_ == "DET" or before.dep_ == "poss" or before.tag_ == "POS"):
            return False
        if self._unit_after(doc, number.i) is not None or self._currency(doc, span.start, number.i) is not None:
            return False
        return number.dep_ == "nummod" and number.head.i == number.i + 1 and number.head.tag_ == "NN"

    def _multiplier_follows(self, doc: Doc, i: int) -> bool:
        nxt = [t.lower_ for t in doc[i + 1 : i + 3]]
        return any(w in self.lexicon.multipliers for w in nxt)

    # --- one claim ----------------------------------------------------------------------------------

    def _claim(
        self, doc: Doc, text: str, first: int, last: int, value: float, quotes: Spans[Quotation], moments: list[Timex]
    ) -> Claim | None:
        span_start, span_end = first, last
        currency = self._currency(doc, first, last)
        unit = None
        if currency is not None:
            unit, where = currency
            span_start, span_end = min(span_start, where), max(span_end, where)
        unit_token = self._unit_after(doc, last)
        if unit_token is not None and unit is None:
            unit = unit_token.lemma_.lower() if unit_token.text != "%" else "percent"
            span_end = max(span_end, unit_token.i)
        hedge, low, high = self._hedge(doc, span_start)
        if hedge is not None:
            span_start -= len(hedge.split())
        number = doc[last]
        quantity, subject, counted = self._counted(doc, number, unit_token, unit)
        if counted.lemma_.lower() in self.lexicon.thresholds and number.head.i == counted.i and unit is None:
            return None  # "fell below the 5,000 mark": a level named, not a measure given
        happening = self._happening(counted)
        verb = _verb_of(counted)
        partitive = unit_token is None and number.dep_ in STANDALONE and _of_object(number) is not None
        sentence = sentence_bounds(doc)[first]
        start = doc[span_start].idx
        end = doc[span_end].idx + len(doc[span_end])
        speaker = _speaker_at(quotes, start)
        figure = doc[span_start : span_end + 1]
        return Claim(
            start=start, end=end, phrase=text[start:end], value=value, low=round(value * low, 4),
            high=round(value * high, 4) if high < OPEN else None,
            hedge=hedge, unit=unit, quantity=quantity, counted=_readable(counted, figure) if quantity else "",
            qualifier=_qualifier(counted, figure, self._happening_participles(counted)) if quantity else "",
            predicate="hold" if self._held(counted) else _predicate(counted),
            happening=happening, partitive=partitive, subject=subject, moment=_moment(doc, verb, moments),
            scope=self._scope(verb, counted, number, unit),
            attributed_to=speaker, sentence_start=doc[sentence[0]].idx, sentence_end=_end(doc, sentence[1] - 1),
        )  # fmt: skip

    def _currency(self, doc: Doc, first: int, last: int) -> tuple[str, int] | None:
        if first > 0 and doc[first - 1].text in self.lexicon.currencies:
            return self.lexicon.currencies[doc[first - 1].text], first - 1
        if last + 1 < len(doc) and doc[last + 1].lemma_.lower() in self.lexicon.currencies:
            return self.lexicon.currencies[doc[last + 1].lemma_.lower()], last + 1
        return None

    def _unit_after(self, doc: Doc, last: int) -> Token | None:
        k = last + 1
        if k < len(doc) and doc[k].text == "-":  # "50-minute"
            k += 1
        if k >= len(doc):
            return None
        lemma = doc[k].lemma_.lower()
        units = self.lexicon.time_units | self.lexicon.other_units | self.lexicon.frequency
        if lemma in units or doc[k].lower_ in units:
            return doc[k]
        return None

    def _hedge(self, doc: Doc, first: int) -> tuple[str | None, float, float]:
        for words, (low, high) in self.lexicon.hedges:
            n = len(words)
            if first - n >= 0 and tuple(t.lower_ for t in doc[first - n : first]) == words:
                return " ".join(words), low, high
        return None, 1.0, 1.0

    def _counted(
        self, doc: Doc, number: Token, unit_token: Token | None, unit: str | None
    ) -> tuple[str, str | None, Token]:
        """What the number counts or measures ("" when nothing says), whose it is, and the token that
        stands for it."""
        head = number.head if number.dep_ in ("nummod", "quantmod", "compound", "amod") else number
        if unit_token is not None:
            head = unit_token.head if unit_token.head.i != unit_token.i else unit_token
            measured = _of_object(unit_token)
            if measured is not None:  # "40 tonnes of food"
                head = measured
            if unit_token.lemma_.lower() in self.lexicon.frequency:
                verb = next((t for t in unit_token.ancestors if t.pos_ in ("VERB", "AUX")), unit_token.head)
                return _describe_verb(verb), _subject_text(verb), verb
        elif number.dep_ in STANDALONE and number.pos_ == "NUM":
            head = _of_object(number) or number  # "three of the vessels"
        if unit == "percent" or head.lemma_.lower() in ("percent", "%"):
            head = _of_object(head) or head
        if head.i == number.i or self._number_word(head):
            head = _thing_of_a_bare_number(head) or head  # the figure's last word: "billion", "dollars"
        if head.pos_ not in ("NOUN", "PROPN", "VERB", "AUX") and head.head.pos_ in ("NOUN", "VERB"):
            head = head.head
        if (
            head.pos_ in ("NOUN", "PROPN")
            and not self._number_word(head)
            and head.lemma_.lower() not in self.lexicon.vague
        ):
            quantity = _describe_noun(head)
        elif head.pos_ in ("VERB", "AUX") and (unit in self.lexicon.frequency or unit in self.lexicon.time_units):
            quantity = _describe_verb(head)  # "visited Israel three times", "will last three weeks"
        else:
            quantity = ""  # "the 7", "spent $449,000", "to the tune of $28 billion": nothing named is counted
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None:
            return quantity, _phrase(owner), head
        verb = head.head if head.dep_ in ("dobj", "pobj", "attr") else head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return quantity, _subject_text(verb) if head.dep_ not in ("nsubj", "nsubjpass") else None, head

    def _number_word(self, token: Token) -> bool:
        """A number, a multiplier or a currency: words of the figure, not what it counts."""
        currencies = self.lexicon.currencies
        return (token.pos_ == "NUM" or bool(DIGITS.match(token.text)) or token.lower_ in self.lexicon.multipliers
                or token.text in currencies or token.lemma_.lower() in currencies)  # fmt: skip

    def _scope(self, verb: Token | None, counted: Token, number: Token, unit: str | None) -> str:
        """ "forecast" on a modal or under a verb of intent ("could reach 300", "threatens 200% tariffs");
        "total" for how often, or with a word of accumulation on the verb or the counted noun ("since
        2014", "so far"); else "point", a count at one moment. Things already there are counted now even
        under a future verb ("will return the remaining 16 crew")."""
        definite = any(c.dep_ == "poss" or c.lower_ in ("the", "these", "those") for c in counted.children)
        existing = definite and number.head.i == counted.i
        if verb is not None and not existing:
            chain = [verb]  # the verb and the verbs whose content it is ("expected to reach", "said … could")
            while chain[-1].dep_ in ("xcomp", "ccomp") and len(chain) < 3:
                chain.append(chain[-1].head)
            modal = self.lexicon.forecast_auxiliaries
            if any(c.dep_ == "aux" and c.lower_ in modal for v in chain for c in v.children):
                return "forecast"
            if any(v.lemma_.lower() in self.lexicon.forecast_verbs for v in chain):
                return "forecast"
        if unit in self.lexicon.frequency:
            return "total"  # "has visited Israel three times": how often, over a period
        for child in [*(verb.children if verb is not None else ()), *counted.children]:
            words = tuple(t.lower_ for t in child.subtree)
            if any(words[: len(phrase)] == phrase for phrase in self.lexicon.cumulative):
                return "total"
        return "point"

    # --- what happened ---------------------------------------------------------------------------------

    def _happening(self, counted: Token) -> str | None:
        """The PLOVER type of the event the counted thing takes part in, read as the event lexicon reads
        constructions ("held" boats are seized, "held" talks are not): the event noun it is ("a 40-minute
        call"), a clause on it ("the 22 men freed"), the verb it hangs on ("were seized"), else the event
        noun that verb or clause is about ("the exercise … with 2,000 troops"). A reporting verb ("puts the
        figure at") says nothing of what happened: None, and the figure before it decides."""
        for participle in (c for c in counted.children if c.dep_ in ("amod", "acl") and c.tag_ == "VBN"):
            # "the nine detained vessels", "the 22 men released on March 15": the lexicon reads no attribute
            # as an event, but it says what happened to the noun
            plain = self._plain_events(participle)
            if plain:
                return _happening_of(plain[0])
        candidates = [counted] if counted.pos_ == "NOUN" else []
        candidates += [c for c in counted.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
        verb = counted if counted.pos_ in ("VERB", "AUX") else next(
            (t for t in counted.ancestors if t.pos_ == "VERB"), None)  # fmt: skip
        if verb is not None:
            if verb.lemma_.lower() in self.lexicon.reporting_verbs:
                return None
            candidates.append(verb)
            candidates += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"]
            if verb.dep_ in ("acl", "relcl"):
                candidates.append(verb.head)
        for token in candidates:
            entry = self.events.entry_for(token, direct_objects(token))
            if entry is not None:
                return _happening_of(entry)
        return self.lexicon.held_type if self._held(counted) else None

    def _held(self, counted: Token) -> bool:
        """ "Fourteen boats and 61 fishermen are in the hands of the regime", "remain in custody": the
        counted thing (or the first of its conjuncts) is the subject of "be in" a noun of captivity."""
        while counted.dep_ == "conj":
            counted = counted.head
        verb = counted.head
        if counted.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_.lower() not in self.lexicon.held_verbs:
            return False
        places = (p for c in verb.children if c.dep_ == "prep" and c.lower_ == "in" for p in c.children)
        return any(p.dep_ == "pobj" and p.lemma_.lower() in self.lexicon.held_nouns for p in places)

    def _happening_participles(self, counted: Token) -> set[int]:
        """The verbal adjectives that say what happened to the counted thing ("the nine detained vessels"):
        part of its happening, not of what distinguishes it."""
        return {
            c.i for c in counted.children
            if c.dep_ in ("amod", "acl") and c.tag_ == "VBN" and self._plain_events(c)
        }  # fmt: skip

    def _plain_events(self, verb: Token) -> list[Trigger]:
        return [e for e in self.events.verbs.get(verb.lemma_.lower(), ()) if e.specificity == 0]

    def _happening_of_reported_figures(self, doc: Doc, claims: list[Claim]) -> None:
        """ "Morvenia says 14 boats were seized. Valdoria puts the figure at nine vessels": a figure given by
        a reporting verb counts what the figure just before it counted."""
        starts = sorted({doc[first].idx for first, _ in sentence_bounds(doc)})
        for k, claim in enumerate(claims):
            if claim.happening is not None or not self._given_by_reporting_verb(doc, claim):
                continue
            before = next((c for c in reversed(claims[:k]) if c.happening is not None and c.unit == claim.unit), None)
            if before is None:
                continue
            apart = bisect.bisect_right(starts, claim.start) - bisect.bisect_right(starts, before.start)
            if apart <= self.lexicon.reporting_sentences:
                claim.happening = before.happening

    def _given_by_reporting_verb(self, doc: Doc, claim: Claim) -> bool:
        span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
        verb = next((t for t in span.root.ancestors if t.pos_ == "VERB"), None) if span is not None else None
        return verb is not None and verb.lemma_.lower() in self.lexicon.reporting_verbs

    # --- enumerations ---------------------------------------------------------------------------------

    def _enumerations(self, doc: Doc, text: str, timexes: list[Timex], quotes: Spans[Quotation]) -> list[Claim]:
        """ "met in 2019 and again in 2022", "visited in 2005 and then again in 2012": as many times as
        distinct dates are coordinated on one verb, a count of that verb."""
        dated = [t for t in timexes if t.type == "date"]
        following = {t.start: after for t in dated if (after := coordinated_after(text, t, dated)) is not None}
        continued = {t.start for t in following.values()}
        out = []
        for first in dated:
            if first.start in continued or first.start not in following:
                continue
            chain = [first]
            while chain[-1].start in following:
                chain.append(following[chain[-1].start])
            span = doc.char_span(first.start, first.end, alignment_mode="expand")
            verb = next((t for t in span.root.ancestors if t.pos_ == "VERB"), None) if span is not None else None
            count = len({t.value for t in chain})
            if verb is None or count < 2:
                continue
            bounds = sentence_bounds(doc)[verb.i]
            start, end = first.start, chain[-1].end
            out.append(Claim(
                start=start, end=end, phrase=text[start:end], value=float(count), low=float(count),
                high=float(count), hedge=None, unit="times", quantity=verb.lemma_.lower(),
                counted=_readable(verb, dates := doc.char_span(start, end, alignment_mode="expand") or doc[0:0]),
                qualifier=_qualifier(verb, dates, set()),
                predicate=verb.lemma_.lower(), happening=self._happening(verb),
                partitive=False, subject=_subject_text(verb), moment=None, scope="total",
                attributed_to=_speaker_at(quotes, start), sentence_start=doc[bounds[0]].idx,
                sentence_end=_end(doc, bounds[1] - 1),
            ))  # fmt: skip
        return out


def _elliptical(claims: list[Claim]) -> None:
    """A count that names nothing it counts takes what an earlier count of the document counted: the
    same figure again ("40 Uyghurs were deported … the 40 were flown to Xinjiang"), or, for a part of a
    set ("eight of them"), the set just counted before it."""
    for k, claim in enumerate(claims):
        if claim.quantity or claim.unit is not None:
            continue
        earlier = [c for c in reversed(claims[:k]) if c.quantity and c.unit is None]
        if claim.partitive:
            source = next(iter(earlier), None)
        else:
            source = next((c for c in earlier if c.value == claim.value), None)
        if source is not None:
            claim.quantity, claim.counted, claim.qualifier = source.quantity, source.counted, source.qualifier


def _happening_of(entry: Trigger) -> str:
    """The type, and the mode when the lexicon gives one: troops in an exercise ("MOBILIZE:exercise") are
    not reservists called up ("MOBILIZE")."""
    return f"{entry.type}:{entry.mode}" if entry.mode else entry.type


def _speaker_at(quotes: Spans[Quotation], offset: int) -> Speaker | None:
    quote = quotes.at(offset)
    return quote.speaker if quote else None


def _predicate(counted: Token) -> str:
    """What happened to the counted thing, as lemmas: the clauses on the noun ("the 22 men freed", "the
    fishermen it still holds"), its verbal adjectives ("the remaining crew", "detained vessels"), and the
    verb it takes part in with its particles, negation and "still"."""
    words = [
        c.lemma_.lower()
        for c in counted.children
        if c.dep_ == "amod" and (c.tag_ in ("VBN", "VBG") or c.lemma_.lower() in TEMPORAL_QUALIFIERS)
    ]
    clauses = [c for c in counted.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
    verb = counted if counted.pos_ in ("VERB", "AUX") else None
    if verb is None and not clauses:
        verb = next((t for t in counted.ancestors if t.pos_ == "VERB"), None)
    for v in [*clauses, *([verb] if verb is not None else [])]:
        words.append(v.lemma_.lower())
        words += [c.lower_ for c in v.children if c.dep_ in ("neg", "prt") or c.lower_ in TEMPORAL_QUALIFIERS]
    return " ".join(words) or counted.lemma_.lower()


def _thing_of_a_bare_number(number: Token) -> Token | None:
    """What a number standing alone counts: "$4 billion in aid" (aid), "a population of 2.5 million"
    (population), "trade reached $2.1 billion" (trade: the verb's common-noun subject measures it); None
    for "the US gave $4 billion", where nothing names what."""
    for prep in (c for c in number.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "for", "on")):
        thing = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
        if thing is not None:
            return thing
    if number.dep_ == "pobj" and number.head.lower_ == "of" and number.head.head.pos_ == "NOUN":
        return number.head.head
    verb = number.head if number.dep_ in ("dobj", "attr") else number.head.head if number.dep_ == "pobj" else None
    if verb is not None and verb.pos_ in ("VERB", "AUX"):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.pos_ == "NOUN":
            return subject
    return None


def _verb_of(counted: Token) -> Token | None:
    """The verb a counted thing takes part in: a clause on it ("the 22 men freed last Saturday"), else the
    verb it hangs on."""
    if counted.pos_ in ("VERB", "AUX"):
        return counted
    clause = next((c for c in counted.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"), None)
    if clause is not None:
        return clause
    return next((t for t in counted.ancestors if t.pos_ in ("VERB", "AUX")), None)  # a copula: "were on a bus"


def _moment(doc: Doc, verb: Token | None, moments: list[Timex]) -> str | None:
    """The date a figure describes: a date on the same verb ("were seized on March 1", "killed in 2014");
    None when its clause names none (the figure is as of its report)."""
    if verb is None:
        return None
    sentence = verb.sent
    first = bisect.bisect_left(moments, sentence.start_char, key=lambda t: t.start)
    for timex in moments[first:]:
        if timex.start >= sentence.end_char:
            break
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is not None and _verb_of(span.root) == verb:
            return timex.value
    return None


def _readable(counted: Token, figure: Span) -> str:
    """What is counted as a reader would name it, without the figure: "Morvenian fishing boats", "aid to
    Ukraine", "tariffs on steel"; for an action, its verb and where it went ("visited Israel")."""
    return " ".join(t.text for t in _counted_tokens(counted, figure))


def _qualifier(counted: Token, figure: Span, happening: set[int]) -> str:
    """What the counted phrase says besides the thing: whose, where, of or on what ("Morvenian", "on
    steel", "from Saltmere"), without the noun and its noun compounds, words of time ("remaining") or the
    participles that say what happened to it (`happening`: "detained")."""
    kinds = {c.i for c in counted.children if c.dep_ == "compound" and c.pos_ == "NOUN"} | happening
    return " ".join(
        t.text for t in _counted_tokens(counted, figure)
        if t.i != counted.i and t.i not in kinds and t.lower_ not in TEMPORAL_QUALIFIERS
        and t.lemma_.lower() not in TEMPORAL_QUALIFIERS
    )  # fmt: skip


def _counted_tokens(counted: Token, figure: Span) -> list[Token]:
    doc = counted.doc
    inside = set(range(figure.start, figure.end))
    words = [c for c in counted.children if c.i < counted.i and c.dep_ in ("compound", "amod", "nmod", "poss")]
    if counted.pos_ in ("VERB", "AUX"):
        words = []
    tokens = [t for c in words for t in c.subtree] + [counted]
    for child in (c for c in counted.children if c.i > counted.i):
        if (child.dep_ == "prep" and child.lower_ in ("to", "for", "on", "of", "from", "against", "in")) or (
            counted.pos_ in ("VERB", "AUX") and child.dep_ == "dobj"):  # fmt: skip
            tail = list(child.subtree)
            if len(tail) <= 5 and not any(t.i in inside for t in tail):
                tokens += tail
                break
    kept = sorted({t.i for t in tokens if t.i not in inside and t.pos_ not in ("DET", "NUM", "PUNCT")})
    return [doc[i] for i in kept]


def _of_object(token: Token) -> Token | None:
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _describe_noun(noun: Token) -> str:
    """The counted noun with the words that say which kind ("fishing boat", "crew member", "civilian"); a
    name is no kind ("the 14 Saltmere boats" count boats)."""
    words = [c.lemma_.lower() for c in noun.children if c.dep_ == "compound" and c.i < noun.i and c.pos_ != "PROPN"]
    return " ".join([*words, noun.lemma_.lower()])


def _describe_verb(verb: Token) -> str:
    """A counted action: the verb and where it went ("travel to russia", "visit israel")."""
    parts = [verb.lemma_.lower()]
    for child in verb.children:
        if child.dep_ == "dobj" and child.pos_ != "NUM":
            parts.append(child.lemma_.lower())
        elif child.dep_ == "prep" and child.lower_ in ("to", "with", "in"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                parts += [child.lower_, pobj.lemma_.lower()]
    return " ".join(parts)


def _subject_text(verb: Token) -> str | None:
    """The subject of the verb, or of the verbs it completes ("the version will be able to go …")."""
    while True:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or verb.dep_ not in ("xcomp", "acomp") or verb.head is verb:
            break
        verb = verb.head
    return _phrase(subject) if subject is not None and subject.pos_ != "PRON" else None  # "it" says not whose


def _phrase(token: Token) -> str:
    """The noun phrase a token heads, without clauses or prepositional tails: "Russia's Jewish community"."""
    keep = {"det", "amod", "compound", "poss", "case", "nummod", "quantmod", "nmod"}
    tokens = [token, *(t for c in token.children if c.dep_ in keep for t in c.subtree)]
    return token.doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1].text


def _entities_over(span: Span) -> list[Span]:
    if not span[0].ent_type:  # an entity over the span is over its first token: most numbers are in none
        return []
    return [e for e in span.doc.ents if e.start <= span.start and span.end <= e.end]


def _headline(sentence: Span) -> bool:
    words = [t for t in sentence[1:] if t.is_alpha]
    return bool(words) and sum(t.is_title for t in words) / len(words) > HEADLINE_SHARE


def _inside_a_name(span: Span, streets: frozenset[str]) -> bool:
    """ "S-300", "MH17", "Il-20M", "Boeing 777", "2134 Caldwell Place": a number inside a name or an
    address is no claim."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.text == "-" and span.start > 1 and doc[span.start - 2].is_alpha:
        return True  # "S-300", "Il-20"
    if any(not t.text.replace(",", "").replace(".", "").isdigit() and not t.is_alpha and t.text != "-" for t in span):
        return True  # "20M", "MH17"
    after = doc[span.end : span.end + 2]
    if span[0].is_title and len(after) == 2 and after[0].text == "-" and after[1].is_title:
        return True  # "the Six-Day War"
    name = list(itertools.takewhile(lambda t: t.is_title, doc[span.end : span.end + 4]))
    if span[0].is_digit and name and name[-1].text.lower().rstrip(".") in streets:
        return True  # "2134 Caldwell Place", "10 Downing Street"
    return bool(before is not None and before.pos_ == "PROPN" and span.root.dep_ in ("nummod", "compound", "appos")
                and before.i == span.root.head.i)  # fmt: skip


def _marker(span: Span) -> bool:
    """A number that marks rather than counts: a reference or a tie-break in brackets ("(10, 11)",
    "7-6 (5)"), a list's numbering at the start of a line ("11."), a score ("won 7-5, 3-6")."""
    doc = span.doc
    text = doc_text(doc)
    start, end = span.start_char, span.end_char
    opened = text.rfind("(", 0, start), text.rfind("[", 0, start)
    for bracket, closing in zip(opened, (")", "]"), strict=True):
        close = text.find(closing, end)
        if bracket >= 0 and close >= 0 and BRACKETED_NUMBERS.fullmatch(text[bracket + 1 : close]):
            return True
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and text[end : end + 1] in (".", ")"):
        return True
    # a score, unless a noun follows the pair: "10-12 people" is a range of people
    if span.end + 1 < len(doc) and doc[span.end].text in DASHES and doc[span.end + 1].like_num:
        last = span.end + 1
    elif span.start >= 2 and doc[span.start - 1].text in DASHES and doc[span.start - 2].like_num:
        last = span.end - 1
    else:
        return False
    return last + 1 >= len(doc) or doc[last + 1].pos_ not in ("NOUN", "PROPN", "ADJ")


def _end(doc: Doc, i: int) -> int:
    return doc[i].idx + len(doc[i])
