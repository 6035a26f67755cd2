"""Events: who did what to whom and when, coded in PLOVER from the dependency parse.

    trigger words (lexicon) → the most specific entry whose construction matches → source and
    recipient actors from the parse, through the actor mentions → modality → date (the sentence's
    temporal expressions, else the report date) → accusations made by reporting someone's conflict
    action → undated mentions of a dated event take its date

Every event keeps its trigger's offsets and its sentence's, so it can be traced to the text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace

import numpy
from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from rashomon.annotate.actors.dictionary import STATE_SECTORS
from rashomon.annotate.actors.lookup import MentionIndex
from rashomon.annotate.actors.mentions import Mention
from rashomon.annotate.events.lexicon import HAPPENED, EventLexicon, Trigger, load_lexicon
from rashomon.annotate.events.veto import EventVeto
from rashomon.annotate.nlp import doc_text, sentence_bounds
from rashomon.annotate.quotes import Quotation, Speaker, quotation_spans
from rashomon.annotate.syntax import RELATIVES, SUBJECTS, own_subject
from rashomon.annotate.temporal import Timex, coordinated_after
from rashomon.annotate.valence import vader_valence
from rashomon.settings import Section, load_settings

DAY = re.compile(r"\d{4}-\d\d-\d\d")
MONTH = re.compile(r"\d{4}-\d\d(?!\d)")
PRONOUNS = {"it", "its", "they", "them", "their", "this", "these"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}  # inside a quotation: its speaker
GOVERNED = {"xcomp", "ccomp", "acomp", "dobj", "pobj", "prep", "pcomp", "amod"}  # a trigger's reality hangs on its head
INHERITS_SUBJECT = {"xcomp", "conj", "advcl", "pcomp", "dep", "acomp"}
NOUN_POS = {"NOUN", "PROPN"}
NOUN_SOURCES = {"possessor", "modifier", "prep:by", "governor"}  # where a nominal event's actor may stand
ACTOR_KINDS = {"country", "institution", "igo", "group", "person"}
ACCUSE = "ACCUSE"
AGGREGATES = {"time", "twice", "thrice"}  # "three times": a count of events, not one
# Types whose recipient the context may supply when the phrase leaves it implicit ("denounced the delay")
DIRECTED = {"ACCUSE", "REJECT", "REQUEST", "THREATEN", "SANCTION", "COERCE", "ASSAULT", "SUPPORT", "AID",
            "CONCEDE", "RETREAT", "COOPERATE", "AGREE", "CONSULT"}  # fmt: skip
REACTIONS = {"ACCUSE", "REJECT", "SUPPORT"}  # said about another's act: aimed at whoever did it
CONFRONTING = {"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "SANCTION", "ACCUSE", "REJECT", "PROTEST"}
TEMPORAL_PREPOSITIONS = {"after", "following", "before", "since", "during", "amid", "until"}
AIMED = {"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "SANCTION"}  # force and pressure are aimed at someone


@dataclass(frozen=True)
class Participant:
    entity_text: str
    code: str | None
    sector: str | None
    name: str | None
    actor_id: str | None
    start: int
    end: int

    @classmethod
    def of(cls, mention: Mention, text: str | None = None) -> Participant:
        return cls(text or mention.text, mention.code, mention.sector, mention.name, mention.actor_id,
                   mention.start, mention.end)  # fmt: skip


@dataclass
class Event:
    start: int  # the trigger word
    end: int
    trigger: str
    type: str
    mode: str | None
    actor: list[Participant]
    recipient: list[Participant]
    sentence_start: int
    sentence_end: int
    date: str
    enddate: str
    date_precision: str  # day | month | year | report (only the report's date is known)
    date_text: str | None
    modality: str  # asserted | reported | hypothetical | negated | historical
    attributed_to: Speaker | None
    confidence: float
    derived: bool = False  # an accusation read from a reported action, not from a word of its own
    target_inferred: bool = False  # the recipient is not in the event's own phrase: read from its context
    actor_inferred: bool = False  # nor the actor: implied by the act ("was arrested": the state's police)
    lemma: str = field(default="", repr=False)

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out.pop("lemma")
        return out


class EventFinder:
    def __init__(
        self,
        lexicon: EventLexicon | None = None,
        veto: EventVeto | None = None,
        sector_nouns: dict[str, str] | None = None,
        countries: frozenset[str] = frozenset(),
        settings: Section | None = None,
    ) -> None:
        self.lexicon = lexicon or load_lexicon()
        # [annotate.events]: the confidence weights, the judgement valence, the same-word window
        self.settings = settings or load_settings()["annotate.events"]
        self.veto = veto  # drops candidates a learned model finds unlikely; sets their confidence
        self.sector_nouns = sector_nouns or {}  # "immigrants" → CVL: who acts when an actor is only named inside
        self.countries = countries  # the codes of states (not of international organisations)

    def __call__(
        self,
        doc: Doc,
        mentions: Iterable[Mention],
        timexes: Iterable[Timex],
        quotes: Iterable[Quotation],
        published: dt.date | None,
    ) -> list[Event]:
        context = _Context(doc, mentions, list(timexes), list(quotes), published, self.lexicon, self.sector_nouns,
                           self.countries, self.settings)  # fmt: skip
        events: list[Event] = []
        matched = [(token, entry) for token in context.trigger_tokens() if (entry := context.entry_for(token))]
        # "signed an agreement", "provided aid": the verb's object is part of its event, not another one;
        # "allowed Israeli air raids" is two events, told apart by their types
        consumed = {o.i for token, entry in matched if entry.pos == "verb" for o in context.objects_of(token)
                    if ((own := context.entry_for(o)) is None and entry.objects)
                    or (own is not None and own.type == entry.type)}  # fmt: skip
        context.triggers = {token.i for token, _ in matched if token.i not in consumed}
        for token, entry in matched:
            if token.i not in consumed:
                events += context.events_for(token, entry)
        events += context.accusations(events)
        events += context.intentions(events)
        events += context.demands()
        events += context.judgements()
        context.infer_targets(events)
        context.infer_state_actors(events)
        context.date_from_coreferent(events)
        if self.veto is not None:
            events = self.veto.apply(events, doc)
        return sorted(events, key=lambda e: (e.start, e.date))


class _Context:
    def __init__(
        self,
        doc: Doc,
        mentions: Iterable[Mention],
        timexes: list[Timex],
        quotes: list[Quotation],
        published: dt.date | None,
        lexicon: EventLexicon,
        sector_nouns: dict[str, str],
        countries: frozenset[str],
        settings: Section,
    ) -> None:
        self.doc, self.lexicon, self.published, self.sector_nouns = doc, lexicon, published, sector_nouns
        self.countries, self.settings = countries, settings
        self.text = doc_text(doc)
        self.sentences = sentence_bounds(doc)
        self.index = MentionIndex(doc, mentions)
        self.quotes = [q for q in quotes if q.speaker is not None]
        self.quote_spans = quotation_spans(self.quotes)
        self.timexes = [t for t in timexes if t.type in ("date", "time") and t.value[:4].isdigit()]
        self.triggers: set[int] = set()  # tokens that carry an event of their own
        self.intended: set[int] = set()  # triggers of hypothetical events someone means to carry out
        self.dated_mentions: list[tuple[int, str, str, tuple[str, str, str, str | None]]] = []
        self.timex_tokens: dict[int, Timex] = {}  # token index → the timex covering it
        for timex in self.timexes:
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            for token in span or ():
                self.timex_tokens[token.i] = timex

    # --- triggers ---------------------------------------------------------------------------------

    def trigger_tokens(self) -> list[Token]:
        """Tokens whose lemma the lexicon lists, found in the Doc's arrays."""
        strings = self.doc.vocab.strings
        lemmas = self.doc.to_array([LEMMA]).reshape(-1)
        wanted = numpy.array([strings.add(w) for w in {*self.lexicon.verbs, *self.lexicon.nouns}], dtype=numpy.uint64)
        found = [self.doc[int(i)] for i in numpy.flatnonzero(numpy.isin(lemmas, wanted))]
        gerunds = [t for t in self.doc if t.lower_.endswith(("ing", "ings")) and self.lexicon.gerund_verb(t)]
        return sorted({t.i: t for t in found + gerunds}.values(), key=lambda t: t.i)

    def entry_for(self, token: Token) -> Trigger | None:
        objects = self._objects(token)
        # "gave Ukraine $2 billion in military aid", "a package of weapons": what the amount is of
        objects += [p for o in objects for prep in o.children if prep.dep_ == "prep" and prep.lower_ in ("in", "of")
                    for p in _pobjs(prep)]  # fmt: skip
        return self.lexicon.entry_for(token, objects, admit=lambda entry: not entry.object_is_actor
                                      or any(self.index.at(o) for o in objects))  # fmt: skip

    def objects_of(self, verb: Token) -> list[Token]:
        return self._objects(verb)

    def _objects(self, verb: Token) -> list[Token]:
        """The verb's direct objects, a pronoun taken for the noun it stands for."""
        found = [self._noun_antecedent(o) or o if o.lower_ in PRONOUNS else o for o in direct_objects(verb)]
        for obj in list(found):
            found += [c for c in obj.children if c.dep_ == "conj"]
        return found

    # --- one event --------------------------------------------------------------------------------

    def events_for(self, token: Token, entry: Trigger) -> list[Event]:
        actors, recipients = self._actors_and_recipients(token, entry)
        if not actors and not recipients:
            own = self._clause_timexes(token)
            if own:  # no actors here, but its date may belong to a mention of the same event nearby
                self.dated_mentions.append((token.idx, entry.lemma, entry.type, _interval(own[0])))
            return []
        if _aggregate(token):
            return []  # "has visited Israel three times": a count over the years (a claim), no new event
        start, end = self.sentences[token.i]
        sentence = self.doc[start:end]
        modality, speaker = self._modality(token, _codes(actors))
        events = []
        for date, enddate, precision, date_text in self._dates(token):
            if modality == "asserted" and precision != "report" and self._long_ago(date):
                this_modality = "historical"
            elif precision == "report" and self._background(token) and modality in ("asserted", "reported"):
                # "Israel had bombed the airfields before": background, not today's news; it stays undated
                # (and out of the dyad series) unless a mention of the same event elsewhere dates it
                date, enddate, precision, this_modality = "", "", "unknown", "historical"
            else:
                this_modality = modality
            events.append(
                Event(
                    start=token.idx,
                    end=token.idx + len(token),
                    trigger=token.text,
                    type=entry.type,
                    mode=entry.mode,
                    actor=actors,
                    recipient=recipients,
                    sentence_start=sentence.start_char,
                    sentence_end=sentence.end_char,
                    date=date,
                    enddate=enddate,
                    date_precision=precision,
                    date_text=date_text,
                    modality=this_modality,
                    attributed_to=speaker,
                    confidence=_confidence(actors, recipients, precision, entry, self.settings),
                    lemma=entry.lemma,
                )
            )
        return events

    def _actors_and_recipients(self, token: Token, entry: Trigger) -> tuple[list[Participant], list[Participant]]:
        """The event's actors and recipients, each once."""
        sources = self._verb_sources if entry.pos == "verb" else self._noun_sources
        actors, recipients = sources(token, entry), self._targets(token, entry)
        if entry.symmetric and not recipients and len(actors) > 1:
            recipients = actors  # "Varnek and Albren spoke": each is the other's recipient
        actors, recipients = _dedupe(actors), _dedupe(recipients)
        if not entry.symmetric:
            # "Moscow … the Russian-Israeli relations", "Saudi Arabia, which has helped …": the actor is
            # not its own recipient (a government acting on its own citizens keeps them: other ids), in the same
            # capacity (demonstrators attacking their government keep it)
            same = {(a.actor_id, a.sector) for a in actors}
            same |= {(a.code, a.sector) for a in actors if a.actor_id == a.code}
            recipients = [r for r in recipients if (r.actor_id, r.sector) not in same]
            if len(recipients) > 1:
                recipients = [r for r in recipients if r.code not in _codes(actors)] or recipients
        if not recipients and actors and _reciprocal(token):
            recipients = actors  # "the rivals accused each other": each side is the other's recipient
        return actors, recipients

    # --- actors -----------------------------------------------------------------------------------

    def _verb_sources(self, verb: Token, entry: Trigger) -> list[Participant]:
        for source in entry.sources:  # "received weapons from the government": the giver acts
            if source != "subject":
                found = self._targets(verb, replace(entry, targets=(source,)))
                if found:
                    return found
            else:
                return self._subject_participants(verb)
        return self._subject_participants(verb) if not entry.sources else []

    def _subject_participants(self, verb: Token) -> list[Participant]:
        subject = self._subject(verb)
        if subject is not None:
            return self._participants(subject)
        passive = _subjectless_passive(verb) or any(c.dep_ == "nsubjpass" for c in verb.children)
        if verb.tag_ in ("VBG", "VBN") and not passive:
            # "…, killing all 15 Russians on board": a participle acts for the sentence's subject
            actor = self._salient_before(verb, sentences=0)
            return [Participant.of(actor)] if actor is not None else []
        return []

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject; the agent of a passive; for a clause without one ("proceeded to host",
        "interested in igniting", "declared …, and warned"), the subject of the verb it depends on."""
        current = verb
        for _ in range(6):
            subject = own_subject(current)
            if subject is not None:
                return subject
            if current.dep_ == "nsubjpass" or any(c.dep_ == "nsubjpass" for c in current.children):
                return None  # a passive without an agent names no actor
            if current is verb and _subjectless_passive(verb):
                return None  # "after being freed": the sentence's subject underwent it
            if current.dep_ in ("acl", "relcl"):
                if current.tag_ == "VBN":
                    return None  # "10 Russian soldiers killed": the noun suffered it; an agent was looked for above
                # "its refusal to provide": the noun's owner acts; "a Kessarian aid ship carrying food": the noun
                owner = next((c for c in current.head.children if c.dep_ == "poss"), None)
                return owner if owner is not None else current.head
            if current.dep_ not in INHERITS_SUBJECT | {"prep", "pobj"} or current.head.i == current.i:
                return None
            if current.dep_ == "xcomp":
                # object control: "urged Israel to halt", "forced the rebels to retreat": the one urged acts
                controller = next((c for c in current.head.children if c.dep_ == "dobj"), None)
                if controller is not None and controller.i < current.i:
                    return controller
            current = current.head
        return None

    def _noun_sources(self, noun: Token, entry: Trigger) -> list[Participant]:
        if "speaker" in entry.sources:
            speaker = self._speaker_at(noun)
            if speaker is not None and speaker.code:
                return [_speaker_participant(speaker)]
            return []
        kinds = set(entry.sources) or NOUN_SOURCES  # an entry may narrow them: "the Ukraine war" names a place
        found: list[Participant] = []
        for child in noun.children:
            if (child.dep_ == "poss" and "possessor" in kinds) or (
                child.dep_ in ("compound", "amod", "nmod") and "modifier" in kinds and self.index.at(child)
            ):
                found += self._participants(child)
            elif child.dep_ == "prep" and (
                (child.lower_ == "by" and "prep:by" in kinds) or (child.lower_ == "between" and entry.symmetric)
            ):
                found += [p for pobj in _pobjs(child) for p in self._participants(pobj)]
        if found or "governor" not in kinds:
            return found
        governor = noun.head
        joined = any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children)
        if joined and noun.dep_ in ("pobj", "pcomp") and governor.lower_ in TEMPORAL_PREPOSITIONS:
            # "after talks with Kessary, Valdoria said …", "following a meeting with X": whoever it was
            # "with" took part in it beside the clause's subject ("after the attack on the embassy" names
            # no partner, and the one who condemns it did not attack)
            subject = self._subject(governor.head) if governor.head.i not in self.triggers else None
        elif noun.dep_ == "pobj" and governor.dep_ == "prep" and governor.lower_ in ("during", "on", "in", "at"):
            # "said during a visit to Beijing": the one who said it visits; but "in" or "at" a war is where
            # one is ("stayed neutral in the war", "civilians killed in the war"), not what one does
            locative = governor.lower_ in ("in", "at") and entry.type == "ASSAULT"
            subject = self._subject(governor.head) if governor.head.i not in self.triggers and not locative else None
        elif noun.dep_ in ("dobj", "attr") and self._light(governor):
            # "held talks", "used its veto": the verb's subject does what the noun names; not when the verb
            # reports something of its own about it ("Moscow condemned the attack", "exploited the war")
            subject = self._subject(governor)
        elif (noun.dep_ == "pobj" and governor.lower_ == "of" and governor.head.pos_ == "NOUN"
              and governor.head.lemma_.lower() in self.lexicon.support_nouns):  # fmt: skip
            # "Valdoria's imposition of sanctions": who imposes them does what they name
            owner = next((c for c in governor.head.children if c.dep_ == "poss"), None)
            subject = owner if owner is not None else self._subject_of_noun(governor.head)
        else:
            subject = None
        return self._participants(subject) if subject is not None else []

    def _subject_of_noun(self, noun: Token) -> Token | None:
        """The subject of the light verb the noun is the object of ("announced the launch of strikes")."""
        if noun.dep_ in ("dobj", "attr") and self._light(noun.head):
            return self._subject(noun.head)
        return None

    def _light(self, verb: Token) -> bool:
        """Whether the verb only carries the event its object names ("held talks", "carried out strikes")."""
        return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in self.lexicon.support_verbs

    def _event_object_actors(self, obj: Token) -> list[Participant] | None:
        """When a verb's object is itself an event ("criticised Israel's attack on the flotilla"), the verb
        is aimed at whoever carried that event out: its own actors, not everyone its phrase names. None when
        the object is no event."""
        if obj.i not in self.triggers or obj.pos_ not in NOUN_POS:
            return None
        entry = self.entry_for(obj)
        if entry is None:
            return None
        found = self._noun_sources(obj, entry)
        if not found and not any(t.startswith("prep:of") for t in entry.targets):
            # "praised the withdrawal of U.S. troops": "of" names who withdraws when it names no recipient
            found = [p for prep in obj.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for pobj in _pobjs(prep) for p in self._participants(pobj)]  # fmt: skip
        return found

    def _targets(self, token: Token, entry: Trigger) -> list[Participant]:
        found = self._listed_targets(token, entry)
        if not found and entry.pos == "verb" and entry.type in AIMED and "none" not in entry.targets:
            # "launched missiles at the government", "moved against the rebels": force has a direction
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("at", "against", "on", "toward", "towards"):
                    found += [p for pobj in _pobjs(prep) for p in self._participants(pobj)]
        if not found and entry.pos == "verb" and entry.type == "REQUEST":
            # "demanded that the US cancel …", "called for Israel to halt …": the one asked is the subject
            # of the clause that says what is asked
            for clause in token.children:
                if clause.dep_ in ("ccomp", "xcomp", "advcl") or (clause.dep_ == "prep" and clause.lower_ == "for"):
                    inner = [c for c in clause.subtree if c.dep_ == "nsubj" and c.head.pos_ in ("VERB", "AUX")]
                    for subject in inner[:1]:
                        found += self._participants(subject)
        return found

    def _listed_targets(self, token: Token, entry: Trigger) -> list[Participant]:
        for target in entry.targets:
            found: list[Participant] = []
            if target == "none":
                return []
            if target == "object" and entry.pos == "verb":
                for obj in self._objects(token):
                    actors = self._event_object_actors(obj)
                    found += actors if actors is not None else self._participants(obj, deep=True)
            elif target == "subject" and entry.pos == "verb":
                found = self._subject_participants(token)
            elif target == "complement":
                # "refusal to provide Kiev with …": whoever the refused action was for
                for inner in token.children:
                    inner_entry = self.entry_for(inner) if inner.dep_ in ("acl", "xcomp") else None
                    if inner_entry is not None:
                        found += self._targets(inner, inner_entry)
            elif target == "possessor":
                for obj in self._objects(token) if entry.pos == "verb" else [token]:
                    owner = next((c for c in obj.children if c.dep_ == "poss"), None)
                    if owner is not None:
                        found += self._participants(owner)
            elif target.startswith("prep:"):
                word = target[5:]
                holders = [token]
                for obj in self._objects(token) if entry.pos == "verb" else []:
                    holders += [t for t in obj.subtree if t.pos_ in NOUN_POS]  # "an agreement for … with X"
                for holder in holders:
                    for prep in holder.children:
                        if prep.dep_ in ("prep", "dative") and prep.lower_ == word:
                            found += [p for pobj in _pobjs(prep) for p in self._participants(pobj, deep=True)]
                        elif word == "to" and prep.dep_ == "dative" and prep.pos_ in NOUN_POS:
                            found += self._participants(prep)  # the indirect object: "gave Ukraine $2 billion"
            if found:
                return found
        return []

    def _participants(self, token: Token, deep: bool = False) -> list[Participant]:
        """The actors a noun phrase names: the mention covering its head, else those inside it
        ("a delegation from Hamas", "Israel's methods"), its conjuncts and appositions ("members – US,
        UK and France"), and what a relative or a pronoun stands for."""
        if token.lower_ in RELATIVES and token.dep_ != "poss" and token.head.dep_ == "relcl":
            token = token.head.head
        mention = self.index.at(token)
        if mention is not None and mention.via == "pronoun" and mention.kind not in ACTOR_KINDS:
            mention = None
        if mention is not None and mention.code is None and mention.kind is None:
            mention = None  # an unknown entity ("Navy") is no actor to code an event with
        found: list[Participant] = []
        if mention is not None:
            found.append(Participant.of(mention))
            # "Morvenian and Valdorian officials", "U.S. and NATO troops": the head noun is each conjunct's
            for modifier in token.children:
                if modifier.dep_ not in ("compound", "amod", "nmod") or not modifier.conjuncts:
                    continue
                for c in (modifier, *modifier.conjuncts):
                    other = self.index.at(c)
                    if c.i < token.i and other is not None and other.start != mention.start:
                        found += [replace(p, sector=p.sector or mention.sector) for p in self._participants(c)]
        elif token.lower_ in FIRST_PERSON and token.pos_ == "PRON":
            speaker = self._speaker_at(token)  # "'We urge restraint,' the ministry said"
            if speaker is not None and speaker.code:
                found.append(_speaker_participant(speaker))
        elif token.lower_ in PRONOUNS:
            noun = self._noun_antecedent(token) if token.dep_ in ("dobj", "pobj", "nsubjpass") else None
            if noun is not None:
                found += self._participants(noun, deep=True)
            else:
                antecedent = self._salient_before(token, sentences=1)
                if antecedent is not None:
                    found.append(Participant.of(antecedent, token.text))
        else:
            skip = {"relcl", "acl", "advcl", "ccomp", "conj", "appos", "cc", "punct"}
            inner = [t for child in token.children if child.dep_ not in skip for t in child.subtree]
            inside = self.index.over(inner, keep=_is_actor)[: 3 if deep else 2]
            found += [self._in_sector(Participant.of(m), token) for m in inside]
        for child in token.children:
            if child.dep_ in ("conj", "appos"):
                found += self._participants(child, deep)
        return found

    def _in_sector(self, participant: Participant, head: Token) -> Participant:
        """An actor named inside a phrase about people ("the influx of immigrants from Russia", "troops
        from Russia") stands for them: it takes their sector, so a dyad of states leaves civilians out."""
        span = self.doc.char_span(participant.start, participant.end, alignment_mode="expand")
        if span is None:
            return participant
        for t in span.root.ancestors:
            sector = self.sector_nouns.get(t.lower_) or self.sector_nouns.get(t.lemma_.lower())
            if sector and t.pos_ in NOUN_POS:
                return replace(participant, sector=sector)
            if t == head:
                break
        return participant

    def _salient_before(self, token: Token, sentences: int) -> Mention | None:
        """What "it", "its", "they" or a participle's missing subject stands for: the nearest actor that is a
        subject, then one in an agent phrase ("an affirmation by Tel Aviv of its …"), in this sentence
        first, then the sentence before; else the nearest actor."""
        for back in range(sentences + 1):
            for role in ("subject", "agent"):
                found = self.index.before(token, back, lambda m, r=role: _is_actor(m) and self._role(m) == r)
                if found is not None:
                    return found
        return self.index.before(token, sentences, lambda m: _is_actor(m) and m.kind != "person")

    def _noun_antecedent(self, pronoun: Token) -> Token | None:
        """A thing "it" or "they" refers to, when an actor qualifies it ("the Russian draft resolution …
        voted against it"; "Israeli-Russian relations … they were severed"): the nearest earlier noun, in
        this sentence or the one before, outside the pronoun's own clause, with an actor modifying it."""
        plural = pronoun.lower_ in ("they", "them", "these")
        verb = next((t for t in pronoun.ancestors if t.pos_ in ("VERB", "AUX")), pronoun.head)
        own = {pronoun.i} | {t.i for c in verb.children if c.dep_ in SUBJECTS for t in c.subtree}
        first = self.sentences[self.sentences[pronoun.i][0] - 1][0] if self.sentences[pronoun.i][0] > 0 else 0
        for k in range(pronoun.i - 1, first - 1, -1):
            noun = self.doc[k]
            if noun.pos_ != "NOUN" or k in own or (noun.tag_ in ("NNS", "NNPS")) != plural:
                continue
            modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
            if any(self.index.at(m) is not None and _is_actor(self.index.at(m)) for m in modifiers):
                return noun
        return None

    def _role(self, mention: Mention) -> str | None:
        """How salient the mention's noun phrase is: "subject", "agent" (a "by" phrase) or None."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return None
        root = span.root
        while root.dep_ in ("compound", "amod", "poss", "appos", "conj") and root.head.i != root.i:
            root = root.head
        if root.dep_ in SUBJECTS:
            return "subject"
        if root.dep_ == "pobj" and (root.head.dep_ == "agent" or root.head.lower_ == "by"):
            return "agent"
        return None

    # --- modality ---------------------------------------------------------------------------------

    def _modality(self, token: Token, actor_codes: set[str] | None = None) -> tuple[str, Speaker | None]:
        speaker = self._speaker_at(token)
        # "never condemned Valdoria's seizure", "stopped funding Morvenia's war": a possessed event noun is
        # taken as given, whatever the clause around it says of something else
        presupposed = token.pos_ in NOUN_POS and any(c.dep_ == "poss" for c in token.children)
        chain = [token] if presupposed else [token, *self._governors(token)]
        if any(c.dep_ == "neg" for t in chain for c in t.children) or any(
            t.lemma_.lower() in self.lexicon.negating_heads for t in chain[1:]
        ):
            return "negated", speaker
        if token.pos_ in NOUN_POS and self._denied_by_copula(token):
            return "negated", speaker
        if _none_of_it(token):
            return "negated", speaker
        if any(
            (c.dep_ == "aux" and c.lower_ in self.lexicon.modals) or (c.dep_ == "mark" and c.lower_ == "if")
            for t in chain
            for c in t.children
        ) or any(t.lemma_.lower() in self.lexicon.hypothetical_heads for t in chain[1:]):
            if self._volitional(chain, speaker, actor_codes or set()):
                self.intended.add(token.idx)
            return "hypothetical", speaker
        return ("reported" if speaker is not None else "asserted"), speaker

    def _background(self, token: Token) -> bool:
        """Told as background: a past perfect, or dated by an era the report does not date ("following the
        dissolution of the Soviet Union", "since the end of the Cold War")."""
        if _past_perfect(token):
            return True
        clause = next((t for t in [token, *token.ancestors] if t.dep_ in ("ROOT", "ccomp", "parataxis")), token)
        anchors = self.lexicon.historical_anchors
        return any(
            prep.dep_ == "prep" and prep.lower_ in TEMPORAL_PREPOSITIONS
            and any(o.lemma_.lower() in anchors for o in _pobjs(prep))
            for prep in clause.subtree
        )  # fmt: skip

    def _denied_by_copula(self, noun: Token) -> bool:
        """ "Criticism of Netanyahu … has been non-existent": the copula of which the noun is the subject,
        or, when the parser left the copula without one ("The problem is that criticism … has been
        non-existent"), the first subjectless copula after the noun in its sentence."""
        if noun.dep_ == "nsubj":
            return self._said_not_to_exist(noun.head)
        end = self.sentences[noun.i][1]
        for t in self.doc[noun.i + 1 : end]:
            if t.lemma_ == "be" and not any(c.dep_ in SUBJECTS for c in t.children):
                return self._said_not_to_exist(t)
        return False

    def _said_not_to_exist(self, copula: Token) -> bool:
        """ "Criticism … has been non-existent": the predicate a copula gives its subject denies it."""
        predicate = "".join(t.text for t in copula.children if t.dep_ in ("acomp", "attr")).lower()
        return copula.lemma_ == "be" and predicate in self.lexicon.negating_predicates

    def _volitional(self, chain: list[Token], speaker: Speaker | None, actor_codes: set[str]) -> bool:
        """Hypothetical because someone means to do it ("offered to mediate", "vowed to retaliate", "said it
        would allow inspectors", "Valdoria will release them"), not because someone predicts it ("likely
        to", "could"; "analysts say Valdoria would welcome it") or makes it conditional ("if"). A modal
        alone makes a promise in the words of a speaker of the side that would act, or as the report's
        own statement of a plan ("will", not the conditional "would")."""
        if any(c.dep_ == "mark" and c.lower_ == "if" for t in chain for c in t.children):
            return False
        lexicon = self.lexicon
        if any(t.lemma_.lower() in lexicon.intention_heads for t in chain[1:]):
            return True
        modals = {c.lower_ for t in chain for c in t.children if c.dep_ == "aux"} & lexicon.intention_modals
        if speaker is None:
            return bool(modals - {"would"})
        return bool(modals) and bool(speaker.code) and speaker.code in actor_codes

    def _governors(self, token: Token) -> list[Token]:
        """The words the trigger's clause depends on for its reality: "refused to release", "ready to
        suspend", "expected to sign", the verb a nominal trigger is the object of."""
        out, current = [], token
        while current.dep_ in GOVERNED and current.head.i != current.i:
            current = current.head
            out.append(current)
            if current.pos_ == "VERB" and current.dep_ not in ("xcomp", "acomp"):
                break
        return out

    def _speaker_at(self, token: Token) -> Speaker | None:
        quote = self.quote_spans.at(token.idx)
        return quote.speaker if quote else None

    # --- dates ------------------------------------------------------------------------------------

    def _dates(self, token: Token) -> list[tuple[str, str, str, str | None]]:
        """(date, enddate, precision, text) for each date the trigger's clause gives; several when
        coordinated ("visited in 2005 and again in 2012"); else the sentence's nearest; else the report date."""
        own = self._clause_timexes(token)
        if len(own) > 1 and len({t.value for t in own}) > 1 and self._coordinated(own):
            return [_interval(t) for t in own]
        if own:
            nearest = min(own, key=lambda t: (self._tree_distance(token, t), abs(t.start - token.idx)))
            also = self._coordinated_after(nearest)
            return [_interval(nearest)] + ([_interval(also)] if also is not None else [])
        start, end = self.sentences[token.i]
        others = self._owned_by_other_triggers(self.doc[start:end], token)
        in_sentence = {self.timex_tokens[i] for i in range(start, end) if i in self.timex_tokens}
        taken = {t for t in in_sentence if self._timex_root(t) in others}
        taken |= {also for t in taken if (also := self._coordinated_after(t)) is not None}  # "… and again in 2012"
        in_sentence -= taken
        if in_sentence:
            return [_interval(min(in_sentence, key=lambda t: abs(t.start - token.idx)))]
        if self.published is None:
            return [("", "", "report", None)]
        day = self.published.isoformat()
        return [(day, day, "report", None)]

    def _owned_by_other_triggers(self, tokens: Iterable[Token], token: Token) -> set[int]:
        """Tokens inside the clause of another event trigger: its dates are that event's. An event noun
        that is the verb's own argument ("threatened Morvenia with new tariffs on 9 May") owns only what
        precedes it ("Israel's 2006 invasion"): a phrase after it may as well date the verb, and does."""
        owned: set[int] = set()
        for t in tokens:
            if t.i in self.triggers and t.i != token.i and token not in t.subtree and not _anchors(t, token):
                if t.pos_ in NOUN_POS and token.pos_ == "VERB" and _argument_of(t, token):
                    owned |= {x.i for c in t.lefts for x in c.subtree}
                else:
                    owned |= {x.i for x in t.subtree}
        return owned

    def _clause_timexes(self, token: Token) -> list[Timex]:
        subtree = list(token.subtree) if token.pos_ == "VERB" else [*token.subtree, *token.head.children]
        others = self._owned_by_other_triggers(subtree, token)
        found: dict[int, Timex] = {}
        for t in subtree:
            timex = self.timex_tokens.get(t.i)
            if timex is not None and self._timex_root(timex) not in others:
                found[timex.start] = timex
        return sorted(found.values(), key=lambda t: t.start)

    def _timex_root(self, timex: Timex) -> int:
        """The timex's head token: whose clause the date belongs to. An offset from another date or event
        ("A full 10 days after [Hamas launched its attack on October 7]") dates the clause it introduces,
        whatever the parser hung it on, so it belongs to no event inside it."""
        if timex.anchor and timex.anchor.startswith(("timex:", "event:")):
            return -1
        span = self.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        return span.root.i if span is not None else -1

    def _tree_distance(self, token: Token, timex: Timex) -> int:
        span = self.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            return 99
        ancestors = {t.i: n for n, t in enumerate([token, *token.ancestors])}
        for n, t in enumerate([span.root, *span.root.ancestors]):
            if t.i in ancestors:
                return n + ancestors[t.i]
        return 99

    def _coordinated_after(self, timex: Timex) -> Timex | None:
        return coordinated_after(self.text, timex, self.timexes)

    def _coordinated(self, timexes: list[Timex]) -> bool:
        between = self.text[timexes[0].end : timexes[-1].start].lower()
        return " and " in f" {between} " or "again" in between

    def _long_ago(self, date: str) -> bool:
        if self.published is None or len(date) < 4:
            return False
        return (self.published - _first_day(date)).days > self.lexicon.historical_days

    # --- across events in the document --------------------------------------------------------------

    def accusations(self, events: list[Event]) -> list[Event]:
        """A speaker who reports a conflict action by another actor accuses that actor ("Russia is
        interested in igniting a war," said Zelensky → UKR accuses RUS)."""
        out = []
        for event in events:
            speaker = event.attributed_to
            if speaker is None or not speaker.code or self.lexicon.scale.get(event.type, 0) >= 0:
                continue
            if event.modality not in HAPPENED:  # what a speaker demands or fears is no accusation
                continue
            accused = [a for a in event.actor if a.code and a.code != speaker.code]
            if not accused or event.type == ACCUSE:
                continue
            quote = self.quote_spans.at(event.start)
            if quote is None:
                continue
            cue = quote.cue_start if quote.cue_start is not None else quote.start
            token = self.doc.char_span(cue, cue + 1, alignment_mode="expand")[0]
            dates = self._dates(token)
            date, enddate, precision, date_text = dates[0]
            out.append(
                replace(
                    event,
                    start=token.idx,
                    end=token.idx + len(token),
                    trigger=token.text,
                    type=ACCUSE,
                    mode=None,
                    actor=[_speaker_participant(speaker)],
                    recipient=accused,
                    sentence_start=min(event.sentence_start, self.doc[self.sentences[token.i][0]].idx),
                    sentence_end=max(event.sentence_end, _end_of(self.doc, self.sentences[token.i])),
                    date=date,
                    enddate=enddate,
                    date_precision=precision,
                    date_text=date_text,
                    modality="asserted",
                    attributed_to=None,
                    confidence=round(event.confidence * 0.8, 2),
                    derived=True,
                    lemma="",
                )
            )
        return out

    def intentions(self, events: list[Event]) -> list[Event]:
        """A stated intention is an event now (PLOVER): meaning to cooperate is AGREE ("Valdoria will
        return the boats"), meaning to use force is THREATEN ("vowed to strike back")."""
        out = []
        for event in events:
            if event.modality != "hypothetical" or event.start not in self.intended or event.derived:
                continue
            score = self.lexicon.scale.get(event.type, 0)
            if score > 0 and event.type != "AGREE":
                kind = "AGREE"
            elif score <= self.lexicon.scale.get("SANCTION", -5) and event.type != "THREATEN":
                kind = "THREATEN"
            else:
                continue
            if any(e.type == kind and not e.derived and e.sentence_start == event.sentence_start
                   and _codes(e.actor) == _codes(event.actor) for e in events):  # fmt: skip
                continue  # "offered to mediate", "threatened to strike": the governing word says it already
            modality = "reported" if event.attributed_to is not None else "asserted"
            out.append(replace(event, type=kind, mode="intent", modality=modality, derived=True,
                               confidence=round(event.confidence * 0.8, 2)))  # fmt: skip
        return out

    def judgements(self) -> list[Event]:
        """Calling someone, or what they did, something bad is accusing them; something good, supporting
        them ("Morvenia called Valdoria reckless and dangerous", "called the envoy's remarks a disgrace",
        "called him a great friend"). The judgement is the sum of VADER's word valences over what the
        object is called; a weak one ("called it a step") is none."""
        out = []
        valence = vader_valence()
        for verb in self.doc:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.lexicon.naming_verbs or verb.i in self.triggers:
                continue
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            called = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "attr")]
            called += [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "as" for p in _pobjs(prep)]
            if not objects or not called:
                continue
            score = sum(valence.get(t.lower_, 0.0) for c in called for t in c.subtree)
            judging = self.settings.judgement_valence
            kind = ACCUSE if score <= -judging else "SUPPORT" if score >= judging else None
            subject = self._subject(verb)
            judge = self._participants(subject) if subject is not None else []
            judged = [p for o in objects for p in self._participants(o, deep=True)]
            judged = [p for p in judged if p.code and p.code not in _codes(judge)]
            if kind is None or not judge or not judged:
                continue
            modality, speaker = self._modality(verb)
            out.append(self._derived_event(verb, kind, "judgement", judge, judged, verb, modality, speaker,
                                           verb.lemma_.lower()))  # fmt: skip
        return out

    def demands(self) -> list[Event]:
        """Saying that another actor must or should do something is a demand (REQUEST): "the Bush
        administration declared that China must drop barriers to U.S. exports"."""
        out = []
        for quote in self.quotes:
            speaker = quote.speaker
            span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None or speaker is None or not speaker.code:
                continue
            for token in span:
                if not (token.dep_ == "aux" and token.lower_ in self.lexicon.demand_modals):
                    continue
                verb = token.head
                subject = own_subject(verb)
                addressed = [p for p in self._participants(subject)] if subject is not None else []
                addressed = [p for p in addressed if p.code and p.code != speaker.code]
                if not addressed:
                    continue
                cue = quote.cue_start if quote.cue_start is not None else quote.start
                cue_token = self.doc.char_span(cue, cue + 1, alignment_mode="expand")[0]
                actor = [_speaker_participant(speaker)]
                out.append(self._derived_event(verb, "REQUEST", "demand", actor, addressed, cue_token))
        return out

    def _derived_event(
        self,
        trigger: Token,
        kind: str,
        mode: str,
        actor: list[Participant],
        recipient: list[Participant],
        dated_by: Token,
        modality: str = "asserted",
        speaker: Speaker | None = None,
        lemma: str = "",
    ) -> Event:
        """An event a rule reads from a construction rather than from a lexicon entry: in its trigger's
        sentence, dated by the clause of `dated_by` (the trigger, or the cue of the quotation it stands in)."""
        start, end = self.sentences[trigger.i]
        date, enddate, precision, date_text = self._dates(dated_by)[0]
        return Event(
            start=trigger.idx, end=trigger.idx + len(trigger), trigger=trigger.text, type=kind, mode=mode,
            actor=actor, recipient=recipient,
            sentence_start=self.doc[start].idx, sentence_end=_end_of(self.doc, (start, end)),
            date=date, enddate=enddate, date_precision=precision, date_text=date_text,
            modality=modality, attributed_to=speaker, confidence=0.5, derived=True, lemma=lemma,
        )  # fmt: skip

    def infer_targets(self, events: list[Event]) -> None:
        """A recipient the event's own phrase leaves implicit, read from its context and marked
        `target_inferred`; left empty when the context does not settle it.

        - A reaction to an act ("denounced the delay", "rejected the accusations"): whoever carried out
          the act it names — the latest earlier event of this or the sentence before whose trigger is the
          reaction's object or shares its lemma, by an actor other than the one reacting.
        - Otherwise the one other actor the event's clause names outside its own actors; for force and
          blame in a sentence that names nobody else, the one other actor of the sentence before. With
          two or more candidates the recipient stays empty rather than guessed."""
        acted = sorted((e for e in events if e.actor), key=lambda e: e.start)
        for event in events:
            if event.recipient or not event.actor or event.derived or event.type not in DIRECTED:
                continue
            own = _codes(event.actor)
            token = self.doc.char_span(event.start, event.end, alignment_mode="expand")
            if token is None:
                continue
            trigger = token.root
            if trigger.pos_ == "VERB" and event.type in REACTIONS:
                found = self._reacted_to(trigger, event, acted, own)
            else:
                found = []
            if not found:
                found = self._only_other_actor(trigger, own, event.type)
            if not found:
                found = self._only_other_side_at_home(trigger, event)
            if found:
                event.recipient = found
                event.target_inferred = True

    def infer_state_actors(self, events: list[Event]) -> None:
        """An act only a state carries out, named without its actor ("Ardo Vesk was arrested", "the
        publisher's detention"), is the state's, through the sector the lexicon gives it (police arrest,
        courts sentence), of the country of the one it was done to — when that one is a person or a
        private group of a single country. Marked `actor_inferred`; a state named as the target (an
        official, a ministry) or several countries leave the actor empty."""
        for event in events:
            sector = self.lexicon.state_acts.get(event.lemma or "")
            if event.actor or sector is None or not event.recipient:
                continue
            codes = {p.code for p in event.recipient}
            if len(codes) != 1 or any(p.sector in STATE_SECTORS for p in event.recipient):
                continue
            code = codes.pop()
            if code not in self.countries:
                continue  # nobody coded, or an international organisation
            event.actor = [Participant(event.trigger, code, sector, None, code, event.start, event.end)]
            event.actor_inferred = True

    def _reacted_to(self, verb: Token, event: Event, acted: list[Event], own: set[str]) -> list[Participant]:
        objects = [o for o in direct_objects(verb) if o.pos_ in NOUN_POS and self.index.at(o) is None]
        if not objects:
            return []
        lemmas = {o.lemma_.lower() for o in objects}
        first = self.sentences[verb.i][0]
        earliest = self.doc[self.sentences[first - 1][0]].idx if first > 0 else 0
        for other in reversed(acted):
            if other.start >= event.start or other.start < earliest or other is event:
                continue
            named = other.start in {o.idx for o in objects} or other.lemma in lemmas or _same_root(other.lemma, lemmas)
            actors = [a for a in other.actor if a.code and a.code not in own]
            if named and actors:
                return actors
        return []

    def _clause_mentions(self, trigger: Token) -> list[Mention] | None:
        """The actor mentions of the trigger's own clause — not of a governing clause ("urged Israel to halt
        …": Israel halts, toward nobody named); None when no verb heads it."""
        clause = trigger if trigger.pos_ == "VERB" else next((a for a in trigger.ancestors if a.pos_ == "VERB"), None)
        return None if clause is None else self.index.over(clause.subtree, keep=_is_actor)

    def _only_other_actor(self, trigger: Token, own: set[str], kind: str) -> list[Participant]:
        in_clause = self._clause_mentions(trigger)
        if in_clause is None:
            return []
        speaker = self._speaker_at(trigger)  # not the speaker of a quotation the event stands in
        others = own | ({speaker.code} if speaker is not None and speaker.code else set())
        candidates = [m for m in in_clause if m.code and m.code not in others]
        named = self._sentence_mentions(trigger, 0)
        if not candidates and kind in CONFRONTING and not any(m.code and m.code not in others for m in named):
            # "Morvenia called up 5,000 reservists." after a sentence about Valdoria: force and blame are
            # aimed at the one other actor the sentence before names, when this one names nobody else
            candidates = [m for m in self._sentence_mentions(trigger, 1) if m.code and m.code not in others]
        if len({m.code for m in candidates}) != 1:
            return []
        return [Participant.of(candidates[0])]

    def _only_other_side_at_home(self, trigger: Token, event: Event) -> list[Participant]:
        """Within one country ("in Valdoria, soldiers opened fire during a protest by students"): the one
        other actor of the clause with the same code in another capacity (sector), not the speaker's. Two
        or more such candidates leave the recipient empty."""
        in_clause = self._clause_mentions(trigger)
        if in_clause is None:
            return []
        speaker = self._speaker_at(trigger)
        capacities = {(a.code, a.sector) for a in event.actor}
        if speaker is not None:
            capacities.add((speaker.code, speaker.sector))
        candidates = [
            m for m in in_clause
            if m.code in _codes(event.actor) and m.sector and (m.code, m.sector) not in capacities
            and not (event.start <= m.start < event.end)
        ]  # fmt: skip
        if len({(m.code, m.sector) for m in candidates}) != 1:
            return []
        return [Participant.of(candidates[0])]

    def _sentence_mentions(self, token: Token, back: int) -> list[Mention]:
        """The actor mentions of the token's sentence (back=0) or of the one `back` sentences before."""
        start = self.sentences[token.i][0]
        for _ in range(back):
            if start == 0:
                return []
            start = self.sentences[start - 1][0]
        return self.index.over(self.doc[start : self.sentences[start][1]], keep=_is_actor)

    def date_from_coreferent(self, events: list[Event]) -> None:
        """An undated mention of an event takes the date of a dated mention of the same event nearby
        ("Putin's conversation with Netanyahu …" — "A 50-minute conversation … on Sunday [December 10]"):
        the same trigger word and type, within a few sentences, naming no other actors. A word the
        lexicon marks `derived` ("the seizure") only ever refers back: it takes the date of any dated
        event of its type in the document, whatever word reported it ("seized on 1 March")."""
        dated = [
            (e.start, e.lemma, e.type, _when(e), _codes(e.actor + e.recipient))
            for e in events
            if e.date_precision != "report" and not e.derived
        ] + [(start, lemma, kind, interval, set()) for start, lemma, kind, interval in self.dated_mentions]
        for event in events:
            if event.date_precision != "report" or event.derived:
                continue
            codes = _codes(event.actor + event.recipient)
            refers_back = any(t.derived for t in self.lexicon.nouns.get(event.lemma, ()))
            for start, lemma, kind, interval, other_codes in dated:
                same_word = lemma == event.lemma and abs(start - event.start) <= self.settings.same_word_chars
                if kind == event.type and (same_word or refers_back):
                    if (other_codes - codes) if same_word else (codes and other_codes and not codes & other_codes):
                        continue  # another actor's deed
                    event.date, event.enddate, event.date_precision, event.date_text = interval
                    if self._long_ago(event.date) and event.modality == "asserted":
                        event.modality = "historical"
                    break


def _when(event: Event) -> tuple[str, str, str, str | None]:
    return event.date, event.enddate, event.date_precision, event.date_text


def direct_objects(verb: Token) -> list[Token]:
    """The verb's direct objects (and a passive subject, which is its object)."""
    found = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "oprd") and child.pos_ == "ADJ":
            found += [c for c in child.children if c.dep_ == "nsubj"]  # "holding Israel accountable"
        elif (
            child.dep_ == "ccomp" and child.tag_ == "VB" and not any(c.dep_ in ("mark", "aux") for c in child.children)
        ):
            # a bare infinitive's subject is the object: "helped Valdoria put out the fires", "made Morvenia pay"
            found += [c for c in child.children if c.dep_ == "nsubj"]
    if not found and _subjectless_passive(verb) and verb.dep_ in INHERITS_SUBJECT - {"conj"}:
        # "Dara thanked supporters after being freed", "wanted to be released": the governing clause's
        # subject is the one it was done to
        governor = verb.head.head if verb.dep_ == "pcomp" else verb.head
        subject = next((c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        found = [subject] if subject is not None else []
    if not found and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in NOUN_POS:
        where = any(c.lower_ == "where" for c in verb.children)
        if where or not any(c.dep_ == "dobj" for c in verb.children):
            found = [verb.head]  # "the boats it seized", "Israel, where he visited"
    return found


def _none_of_it(token: Token) -> bool:
    """ "offered no evidence", "no talks were held", "gave neither aid nor arms": the act is denied by
    the determiner of its object, or of the event noun itself."""
    nouns = [token] if token.pos_ in NOUN_POS else [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither") for n in nouns for c in n.children)


def _subjectless_passive(verb: Token) -> bool:
    """A passive verb with no subject of its own: "after being freed", "to be released"."""
    children = [c.dep_ for c in verb.children]
    return "auxpass" in children and not {"nsubj", "nsubjpass", "csubjpass"} & set(children)


def _aggregate(verb: Token) -> bool:
    """A count of occurrences on the verb ("three times", "twice", "on several occasions")."""
    for child in verb.children:
        if child.dep_ in ("npadvmod", "advmod") and child.lemma_.lower() in AGGREGATES:
            # "three times", "several times", "twice"; not "this time"
            return child.lemma_.lower() != "time" or any(c.dep_ in ("nummod", "amod") for c in child.children)
        if (
            child.dep_ == "prep"
            and child.lower_ == "on"
            and any(o.lemma_.lower() == "occasion" and o.tag_ == "NNS" for o in child.children)
        ):
            return True
    return False


def _past_perfect(verb: Token) -> bool:
    """A past perfect in the narrative itself ("Israel had bombed …"): an event before the story's. In
    reported speech it is only the tense shifted back ("said militants had attacked"), and stays news."""
    if verb.pos_ != "VERB" or verb.tag_ != "VBN":
        return False
    if not any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children):
        return False
    return not any(a.dep_ in ("ccomp", "parataxis") for a in [verb, *verb.ancestors])


def _anchors(other: Token, token: Token) -> bool:
    """Whether the event `other` names is the time of `token`'s ("severed following the 1967 war"): its
    date then dates both."""
    prep = other.head
    return (other.dep_ == "pobj" and prep.lower_ in TEMPORAL_PREPOSITIONS
            and (prep.head == token or prep.head in token.ancestors or token.head == prep.head))  # fmt: skip


def _argument_of(noun: Token, verb: Token) -> bool:
    """The noun is the verb's object, or the object of a preposition on it ("threatened … with tariffs")."""
    head = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ in ("prep", "dative") else noun.head
    return head == verb and noun.dep_ in ("dobj", "pobj", "attr", "oprd", "nsubjpass")


def _same_root(lemma: str, lemmas: set[str]) -> bool:
    """ "accused" … "the accusations": a verb and its nominalisation share their first five letters."""
    return len(lemma) >= 5 and any(len(w) >= 5 and w[:5] == lemma[:5] for w in lemmas)


def _pobjs(prep: Token) -> list[Token]:
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return objects + [c for o in objects for c in o.children if c.dep_ == "conj"]


def _is_actor(mention: Mention) -> bool:
    return mention.code is not None or (mention.kind in ACTOR_KINDS and mention.actor_id is not None)


def _dedupe(participants: list[Participant]) -> list[Participant]:
    seen, out = set(), []
    for p in participants:
        key = (p.actor_id, p.code, p.start)
        if key not in seen and (p.code or p.actor_id):
            seen.add(key)
            out.append(p)
    return out


def _codes(participants: list[Participant]) -> set[str]:
    return {p.code for p in participants if p.code}


def _reciprocal(token: Token) -> bool:
    """ "accused each other", "blamed one another", "blamed the other side": the actors act on each other."""
    for child in token.children:
        objects = [child] if child.dep_ == "dobj" else list(child.children) if child.dep_ == "prep" else []
        for obj in objects:
            if obj.lower_ in ("other", "another") and any(c.lower_ in ("each", "one", "the") for c in obj.lefts):
                return True
            following = obj.doc[obj.i + 1] if obj.i + 1 < len(obj.doc) else None
            if obj.lower_ == "one" and following is not None and following.lower_ == "another":
                return True
    return False


def _speaker_participant(speaker: Speaker) -> Participant:
    return Participant(speaker.text, speaker.code, speaker.sector, speaker.name, speaker.actor_id,
                       speaker.start, speaker.end)  # fmt: skip


def _interval(timex: Timex) -> tuple[str, str, str, str | None]:
    """The timex's calendar date as far as it is known: "2016-XX-XX" is the year 2016."""
    value = timex.value
    if DAY.match(value):
        return value[:10], value[:10], "day", timex.text
    if MONTH.match(value):
        return value[:7], value[:7], "month", timex.text
    return value[:4], value[:4], "year", timex.text


def _first_day(date: str) -> dt.date:
    year = int(date[:4])
    month = int(date[5:7]) if len(date) >= 7 else 1
    day = int(date[8:10]) if len(date) >= 10 else 1
    return dt.date(year, month, day)


def _end_of(doc: Doc, bounds: tuple[int, int]) -> int:
    last = doc[bounds[1] - 1]
    return last.idx + len(last)


def _confidence(
    actors: list[Participant], recipients: list[Participant], precision: str, entry: Trigger, weights: Section
) -> float:
    """How sure a reading is before the learned veto: coded participants, a date of its own and a verb
    trigger each add their weight ([annotate.events])."""
    score = weights.confidence_base
    score += weights.confidence_coded_actor if any(a.code for a in actors) else 0
    score += weights.confidence_coded_recipient if any(r.code for r in recipients) else 0
    score += weights.confidence_dated if precision != "report" else 0
    score += weights.confidence_verb if entry.pos == "verb" else 0
    return round(min(score, 1.0), 2)
