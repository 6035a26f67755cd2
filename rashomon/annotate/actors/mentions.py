"""Actor mentions: find every reference to an actor in a parsed document and resolve it.

One pass over the spaCy `Doc`, in the order a reader resolves references:

    dictionary names → role descriptions ("the Russian president", resolved at the publication date)
    → demonym/country + sector noun ("Russian diplomats", "Israel's army") → towns and provinces the
    gazetteer places in a country → an organisation + sector noun ("Hamas fighters") → a role or sector
    noun with no country before it ("security forces", "the president"), resolved by context: the
    organisation or country its own phrase names, the country its sentence or the story is about → a
    form other states' bodies share ("the Senate"): the story's country's when the story is elsewhere →
    other named entities: organisations named with their country, or that say they are organisations
    (the country of their sentence or story), people coded by what the sentence says they are or by the
    organisation or town it ties them to (or as private people of the story's country), the rest with a
    null code; and their later short forms and initials → definite descriptions ("the group": the
    nearest earlier actor of its kind) → pronouns (in their own sentence the nearest compatible
    antecedent, in an earlier one its subject)
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from rashomon.annotate.actors.dictionary import (
    COUNTRY,
    DEMONYM,
    METONYM,
    SHARED,
    Actor,
    ActorDictionary,
    Surface,
    slug,
)
from rashomon.annotate.actors.gazetteer import COMPASS, place_code
from rashomon.annotate.actors.gazetteer import GENERIC as GENERIC_PLACE_WORDS
from rashomon.annotate.nlp import sentence_bounds
from rashomon.settings import Section, load_settings

NAMED_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
PERSONAL_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
PLURAL_PRONOUNS = {"they", "them", "their"}
# "talks in Moscow": after these a capital is a place, not its government ("a message to Moscow" is not)
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "outside", "inside", "around", "across", "through", "within", "off"}
ORGANISATION_KINDS = ("institution", "group", "igo")
PLACE_PREPOSITIONS = LOCATIVE_PREPOSITIONS | {"from"}
OWN_SECTORS = {"MIL", "GOV", "SPY", "COP"}  # a state's own forces and officials: whoever deploys them has them
# A person the story names in full but describes no further is taken for a private person of the
# story's home country: someone holding an office is almost always introduced by it.
PRIVATE_PERSON_SECTOR = "CVL"
RESOLVED_BY = {
    **dict.fromkeys(("name", "alias", "name-variant", "country", "demonym", "metonym", "place"), "dictionary"),
    **dict.fromkeys(("short-form", "anaphor", "pronoun"), "coreference"),
}  # every other way (role, sector, context, titled, home, entity) reads the sentence's context
EMPLOYER_PREPOSITIONS = {"of", "at", "for", "with", "from"}  # "a spokesman for the U.N."


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets into doc.text
    end: int
    text: str
    actor_id: str | None
    name: str | None
    code: str | None
    sector: str | None
    kind: str | None  # country | institution | igo | group | person | None (unknown)
    via: str  # name | alias | country | demonym | metonym | place | role | sector | context | titled | home
    # | name-variant | entity | short-form | anaphor | pronoun
    antecedent: int | None = None  # for pronouns: start of the mention they refer to
    org: str | None = None  # the organisation the actor belongs to (its actor id)

    @property
    def resolved_by(self) -> str | None:
        """How the actor was found: the dictionary (its names, countries, places), the sentence's context
        (a title, a role, a home country, a named entity of its own), or coreference (a pronoun, a short
        form, "the minister"); None when no actor was."""
        if self.actor_id is None and self.code is None:
            return None
        return RESOLVED_BY.get(self.via, "context")

    def to_dict(self) -> dict[str, object]:
        return {**self.__dict__, "resolved_by": self.resolved_by}


class MentionFinder:
    """Resolves mentions with one actor dictionary; build once, apply to every Doc."""

    def __init__(self, nlp: Language, dictionary: ActorDictionary, settings: Section | None = None) -> None:
        self.dictionary = dictionary
        # [annotate.actors]: the pronoun window, the home share, the gazetteer (default: bundled)
        self.settings = settings or load_settings()["annotate.actors"]
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._surface_of: dict[int, str] = {}
        for i, text in enumerate(dictionary.surfaces):
            key = f"S{i}"
            self._surface_of[nlp.vocab.strings.add(key)] = text
            self.names.add(key, [nlp.make_doc(text)])
        for title in dictionary.titles:
            self.lower.add("TITLE", [nlp.make_doc(title)])
        for noun in dictionary.sector_nouns:
            self.lower.add("SECTOR", [nlp.make_doc(noun)])
        # People written another way than the dictionary has them: "Jean-Bertrand Aristide" for
        # "Jean Bertrand Aristide", or by surname alone ("President Mugabe").
        self.people_by_name: dict[str, list[str]] = {}
        self.people_by_surname: dict[str, list[str]] = {}
        for text, surfaces in dictionary.surfaces.items():
            for surface in surfaces:
                if dictionary.actors[surface.actor_id].kind != "person":
                    continue
                words = normalised_name(text)
                _index(self.people_by_name, " ".join(words), surface.actor_id)
                if len(words) >= 2:
                    _index(self.people_by_surname, words[-1], surface.actor_id)

    def __call__(self, doc: Doc, published: dt.date | None) -> list[Mention]:
        named = self._dictionary_spans(doc)
        found = _Found()
        for span, surfaces in named:
            found.put(span, self._resolve_name(span, surfaces, published))
        for ent, person in self._fuller_names(doc, named, published):
            found.put(ent, self._resolved(ent, person, published, "name-variant"))
        phrases = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.lower(doc)])  # titles, sector nouns
        titled: dict[int, Mention] = {}  # token after a role phrase → the role ("Algerian President | X")
        for span, mention in self._roles_and_sectors(doc, named, phrases, published):
            found.put(span, mention)
            if mention.via == "role":
                titled[span.end] = mention
        for span, mention in self._places(doc, found):
            found.put(span, mention)
        for span, mention, is_title in self._roles_in_context(doc, named, phrases, found, published):
            found.put(span, mention)
            if is_title:
                titled[span.end] = mention
        self._localise_shared(named, found, published)
        for span, mention in self._other_entities(doc, found, titled, published):
            found.put(span, mention)
        titles = [p for p in phrases if doc.vocab.strings[p.label] == "TITLE"]
        _widen_extents(doc, found, titles, self.dictionary.honorifics)
        sentence_of = _sentence_numbers(doc)
        for span, mention in self._definite_descriptions(doc, found, sentence_of):
            found.put(span, mention)
        return self._pronouns(doc, found.ordered(), sentence_of)

    # --- names from the dictionary -----------------------------------------------------------------

    def _dictionary_spans(self, doc: Doc) -> list[tuple[Span, list[Surface]]]:
        spans = [Span(doc, s, e, label=m) for m, s, e in self.names(doc)]
        spans = filter_spans(spans)  # the longest name wins: "Russian Foreign Ministry" over "Russian"
        found = [(span, self.dictionary.surfaces[self._surface_of[span.label]]) for span in spans]
        return [
            (span, surfaces)
            for span, surfaces in found
            if not _tail_of_other_place(span, surfaces) and not _inside_other_organisation(span, surfaces)
        ]

    def _localise_shared(
        self, named: list[tuple[Span, list[Surface]]], found: _Found, published: dt.date | None
    ) -> None:
        """ "the Senate" in a story about Thailand is Thailand's: a form the dictionary gives one state
        (shared_aliases) names the body of the country the story's actors belong to most, when its own
        state has at most half as many."""
        counts = self._country_counts(found)
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return
        leader, most = ranked[0]
        for span, surfaces in named:
            surface = _best_surface(surfaces, self.dictionary, published)
            actor = self.dictionary.actors[surface.actor_id]
            own = actor.coded_at(published)[0] or ""
            if surface.via != SHARED or own == leader or 2 * counts.get(own, 0) > most:
                continue
            country = self.dictionary.actors[leader]
            found.put(span, _mention(span, leader, country.name, leader, actor.sector, "country", "context"))

    def _resolve_name(self, span: Span, surfaces: list[Surface], published: dt.date | None) -> Mention:
        surface = _best_surface(surfaces, self.dictionary, published)
        actor = self.dictionary.actors[surface.actor_id]
        code, sector = actor.coded_at(published)
        via, sector = "alias" if surface.via == SHARED else surface.via, surface.sector or sector
        if via == METONYM and span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE_PREPOSITIONS:
            via, sector = "place", None
        return _mention(span, actor.id, actor.name, code, sector, actor.kind, via, actor.org)

    # --- role descriptions and sector phrases ------------------------------------------------------

    def _roles_and_sectors(
        self, doc: Doc, named: list[tuple[Span, list[Surface]]], phrases: list[Span], published: dt.date | None
    ) -> list[tuple[Span, Mention]]:
        """ "the Russian president", "Israel's ambassador to the UN", "Russian diplomats"."""
        qualifier_end = {span.end: (span, surfaces) for span, surfaces in named if _is_country_qualifier(surfaces)}
        found: list[tuple[Span, Mention]] = []
        for phrase in phrases:
            qualifier = _qualifier_before(doc, phrase.start, qualifier_end)
            if qualifier is None:
                continue
            q_span, surfaces = qualifier
            country = self.dictionary.actors[_best_surface(surfaces, self.dictionary, published).actor_id]
            start = q_span.start - 1 if q_span.start > 0 and doc[q_span.start - 1].lower_ == "the" else q_span.start
            end, noun = phrase.end, phrase.text.lower()
            head = phrase.root.head
            if phrase.root.dep_ == "compound" and head.i == end and head.pos_ == "NOUN":
                # "Bosnian state prosecutors": the phrase modifies the noun that names the actor
                end, noun = end + 1, head.lower_ if head.lower_ in self.dictionary.sector_nouns else noun
            span = doc[start:end]
            kind = doc.vocab.strings[phrase.label]
            if kind == "TITLE":
                mention = self._role(span, country.code or "", self.dictionary.titles[phrase.text.lower()], published)
            else:
                sector = self.dictionary.sector_nouns[noun]
                mention = _mention(span, country.id, country.name, country.code, sector, country.kind, "sector")
            found.append((span, mention))
        return found

    def _places(self, doc: Doc, found: _Found) -> list[tuple[Span, Mention]]:
        """Towns, cities and provinces the dictionary does not name, placed in their country by the
        gazetteer ("in Kisumu County", "near Ségou"): a place, coded, never an actor in its own right."""
        out = []
        for ent in doc.ents:
            province = ent.label_ == "ORG" and ent[-1].lower_ in GENERIC_PLACE_WORDS  # "Kano State" as an ORG
            # "a firefighter from Edmonton", taken by the recogniser for an organisation: where, not who
            located = ent.label_ == "ORG" and ent.root.dep_ == "pobj" and ent.root.head.lower_ in PLACE_PREPOSITIONS
            if (ent.label_ not in ("GPE", "LOC") and not province and not located) or any(
                i in found.taken for i in range(ent.start, ent.end)
            ):
                continue
            words = [t for t in ent if t.lower_ != "the"]
            if all(t.text.title() in COMPASS for t in words):
                continue  # "further West": a direction, whatever province shares the name
            code = place_code(" ".join(t.text for t in words), self.settings.gazetteer_dominance)
            country = self.dictionary.actors.get(code) if code else None
            if country is not None:
                span = doc[words[0].i : ent.end]
                out.append((span, _mention(span, country.id, country.name, code, None, "country", "place")))
        return out

    def _roles_in_context(
        self,
        doc: Doc,
        named: list[tuple[Span, list[Surface]]],
        phrases: list[Span],
        found: _Found,
        published: dt.date | None,
    ) -> list[tuple[Span, Mention, bool]]:
        """Role and sector nouns no country qualifies. After an organisation's name they are its members
        ("Hamas fighters", "ECOWAS officials"); otherwise they belong to the country their own
        phrase names ("the government of Mali", "police in Yangon"), else the one country their sentence
        places events in, else the story's home country — or to nobody, when none stands out."""
        at_token = found.by_token()
        org_end = {span.end: span for span, surfaces in named if not _is_country_qualifier(surfaces)}
        home = self._home_country(found)
        out: list[tuple[Span, Mention, bool]] = []
        for phrase in phrases:
            if any(i in found.taken for i in range(phrase.start, phrase.end)) or self._not_local(doc, phrase):
                continue
            is_title = doc.vocab.strings[phrase.label] == "TITLE"
            start = phrase.start
            while start > 0 and _title_modifier(doc[start - 1]) and start not in org_end:
                start -= 1
            org = at_token.get(org_end[start].start) if start in org_end else None
            if org is not None and org.code and not is_title:
                span = doc[org_end[start].start : phrase.end]
                sector = org.sector if org.kind == "igo" else self.dictionary.sector_nouns[phrase.text.lower()]
                out.append((span, replace(_mention(span, org.actor_id, org.name, org.code, sector, org.kind,
                                                   "sector"), org=org.org), False))  # fmt: skip
                continue
            if org is not None or _inside_name(doc, phrase) or _predicative(phrase.root):
                continue  # "Guterres' spokesman", a word of a longer name, "classed them as a fleet"
            employer = _employer(phrase, at_token)
            if employer is not None:
                if employer.code:  # "a spokesman for the U.N.", "officials of the African Union"
                    span = doc[phrase.start : _employer_end(phrase, employer)]
                    own_sector = is_title or employer.kind == "igo"
                    sector = employer.sector if own_sector else self.dictionary.sector_nouns[phrase.text.lower()]
                    out.append((span, replace(employer, start=span.start_char, end=span.end_char, text=span.text,
                                              sector=sector or employer.sector, via="context"), is_title))  # fmt: skip
                continue  # "director at an institute the dictionary lacks": not the country's
            placed = self._of_a_country(doc, phrase, is_title, at_token, home, published)
            if placed is not None:
                out.append((*placed, is_title))
        return out

    def _of_a_country(
        self,
        doc: Doc,
        phrase: Span,
        is_title: bool,
        at_token: dict[int, Mention],
        home: str | None,
        published: dt.date | None,
    ) -> tuple[Span, Mention] | None:
        """A role or sector noun as the country's its own phrase, its sentence or the story names."""
        own = self._own_place(phrase, at_token)
        code = own[0] if own else self._deployer(phrase, at_token) or self._sentence_place(doc, phrase, at_token)
        if code is None and is_title:  # "Minister X said Vietnam is committed": an office of the one state named
            code = _only_country(phrase.sent, at_token)
        code = code or home
        if code is None:
            return None
        end = own[1] if own else phrase.end  # "police in Yangon": the place says whose
        head = phrase.root.head
        if phrase.root.dep_ in ("compound", "amod") and head.i == end and head.pos_ == "NOUN":
            end += 1  # "the rebel group": the group is the actor
        first = phrase.start
        while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].head.i in range(first, end):
            first -= 1  # "Navy officers"
        first -= 1 if first and doc[first - 1].lower_ == "the" else 0
        span = doc[first:end]
        if is_title:
            role = self._role(span, code, self.dictionary.titles[phrase.text.lower()], published)
            return span, replace(role, via="context")
        country = self.dictionary.actors.get(code)
        sector = self.dictionary.sector_nouns[phrase.text.lower()]
        return span, _mention(span, code, country.name if country else code, code, sector, "country", "context")

    def _not_local(self, doc: Doc, phrase: Span) -> bool:
        """ "foreign troops", "Western diplomats", "other governments": someone else's."""
        modifiers = [c for t in phrase for c in t.children if c.dep_ in ("amod", "compound", "det", "nmod")]
        modifiers += [doc[i] for i in range(max(phrase.start - 2, 0), phrase.start)]
        return any(m.lower_ in self.dictionary.non_local or (m.ent_type_ == "NORP" and m.i < phrase.start)
                   for m in modifiers)  # fmt: skip

    def _own_place(self, phrase: Span, at_token: dict[int, Mention]) -> tuple[str, int] | None:
        """The country, and where its phrase ends: "the government of Mali",
        "police in Yangon"."""
        for prep in phrase.root.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "from"):
                for obj in prep.children:
                    mention = at_token.get(obj.i)
                    if mention is not None and mention.kind == "country" and mention.code:
                        return mention.code, obj.right_edge.i + 1
        return None

    def _deployer(self, phrase: Span, at_token: dict[int, Mention]) -> str | None:
        """ "Morvenia called up 5,000 reservists", "Kessary sent diplomats": a state's own forces or
        officials, the object of what a country does, are that country's."""
        sector = self.dictionary.sector_nouns.get(phrase.text.lower())
        if sector not in OWN_SECTORS or phrase.root.dep_ != "dobj":
            return None
        subject = next((c for c in phrase.root.head.children if c.dep_ == "nsubj"), None)
        mention = at_token.get(subject.i) if subject is not None else None
        return mention.code if mention is not None and mention.kind == "country" and mention.code else None

    def _sentence_place(self, doc: Doc, phrase: Span, at_token: dict[int, Mention]) -> str | None:
        """The one country the sentence places things in ("in Syria's coastal region", "in Myanmar")."""
        sentence = phrase.sent
        codes = set()
        for token in sentence:
            mention = at_token.get(token.i)
            if mention is None or mention.kind != "country" or not mention.code:
                continue
            placed = token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS
            owner_of_place = token.dep_ == "poss" and token.head.lower_ not in self.dictionary.sector_nouns
            if (
                mention.via == "place"
                or placed
                or (owner_of_place and token.head.dep_ == "pobj" and token.head.head.lower_ in LOCATIVE_PREPOSITIONS)
            ):
                codes.add(mention.code)
        return codes.pop() if len(codes) == 1 else None

    def _home_country(self, found: _Found) -> str | None:
        """The country most of the story's coded actors belong to, when one clearly leads."""
        counts = self._country_counts(found)
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 2:
            return None
        total = sum(counts.values())
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        share = self.settings.home_share
        return ranked[0][0] if ranked[0][1] >= share * total and ranked[0][1] > runner_up else None

    def _country_counts(self, found: _Found) -> dict[str, int]:
        """How many of the story's mentions so far each country's actors have."""
        counts: dict[str, int] = {}
        for mention in found.mentions.values():
            code = mention.code
            if code and code in self.dictionary.actors and self.dictionary.actors[code].kind == "country":
                counts[code] = counts.get(code, 0) + 1
        return counts

    def _role(self, span: Span, code: str, title: str, published: dt.date | None) -> Mention:
        holders = self.dictionary.holders(code, title, published)
        if len(holders) == 1:
            person = holders[0]
            p_code, p_sector = person.coded_at(published)
            return _mention(span, person.id, person.name, p_code, p_sector, person.kind, "role", person.org)
        # Nobody (or several) known in that office then: the office itself is still coded.
        sector = self.dictionary.title_sectors.get(title, "GOV")
        return _mention(span, None, None, code, sector, None, "role")

    # --- other named entities ----------------------------------------------------------------------

    def _fuller_names(
        self, doc: Doc, named: list[tuple[Span, list[Surface]]], published: dt.date | None
    ) -> list[tuple[Span, Actor]]:
        """A person's full name outranks a shorter dictionary name inside it: in "Omar Hassan
        al-Bashir", "Al Bashir" may be someone else's alias."""
        found = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            inside = [span for span, _ in named if ent.start <= span.start and span.end <= ent.end]
            if inside and all(span.end - span.start < len(ent) for span in inside):
                tokens = [t for t in ent if not t.is_punct]
                person = self._person_by_name(tokens, published)
                if person is not None:
                    found.append((ent, person))
        return found

    def _person_by_name(self, tokens: list[Token], published: dt.date | None) -> Actor | None:
        """A dictionary person named another way: the same name normalised, or a surname that is
        theirs alone (or the only one in office at the date) with a compatible first name."""
        words = normalised_name(" ".join(t.text for t in tokens))
        if not words:
            return None
        exact = self.people_by_name.get(" ".join(words), [])
        candidates = exact or [
            actor_id
            for actor_id in self.people_by_surname.get(words[-1], [])
            if len(words) == 1 or _first_names_agree(words, self.dictionary.actors[actor_id].name)
        ]
        if len(candidates) > 1 and published is not None:
            candidates = [a for a in candidates if self.dictionary.actors[a].role_at(published) is not None]
        return self.dictionary.actors[candidates[0]] if len(candidates) == 1 else None

    def _resolved(self, span: Span, actor: Actor, published: dt.date | None, via: str) -> Mention:
        code, sector = actor.coded_at(published)
        return _mention(span, actor.id, actor.name, code, sector, actor.kind, via, actor.org)

    def _other_entities(
        self, doc: Doc, known: _Found, titled: dict[int, Mention], published: dt.date | None
    ) -> list[tuple[Span, Mention]]:
        """Named entities the dictionary does not know, and their later short forms.

        A person the dictionary lacks is coded by a role phrase that names them ("Algerian President
        Abdelaziz Bouteflika": DZA GOV), before the name or in apposition to it ("Ardo Vesk, Valdoria's
        interior minister"), else by the organisation or town the sentence ties them to (`_affiliated`),
        else, named in full, as a private person of the story's home country; otherwise the code is null.
        Named in full ("Andrew Korybko"), a person is the referent of a later lone surname, whatever label
        the entity recogniser gave that surname, or none. An organisation is coded by `_organisation_code`
        and goes by a defined abbreviation or its initials afterwards ("the NCP").
        """
        taken = known.taken
        at_token = known.by_token()
        home = self._home_country(known)
        found: list[tuple[Span, Mention]] = []
        people: dict[str, Mention] = {}  # surname → the full-name mention
        acronyms: dict[str, Mention] = {}  # "OLF" → "the Ogaden Liberation Front (OLF)"
        entity_at = {ent.start: ent for ent in doc.ents}
        skip_to = 0
        for token in doc:
            if token.i < skip_to or token.i in taken:
                continue
            ent = entity_at.get(token.i)
            if ent is None or token.text in acronyms:
                short = people.get(token.text) if token.pos_ == "PROPN" else None  # a lone surname
                short = acronyms.get(token.text) or short  # "the OLF", once "(OLF)" defined it
                if short is not None:
                    span = doc[token.i : token.i + 1]
                    found.append((span, _short_form(short, span)))
                    skip_to = token.i + 1
                continue
            ent = _mended(ent)
            skip_to = ent.end
            national = self._national_organisation(ent, at_token) if ent.label_ == "ORG" else None
            if national is not None:  # "the Kenya Human Rights Commission": Kenya's, but not the state
                found.append((ent, national))
                for initials in _initials([t for t in ent if not t.is_punct and t.lower_ != "the"]):
                    acronyms.setdefault(initials, national)
                continue
            if any(t in taken for t in range(ent.start, ent.end)):
                continue
            if len(ent) > 1 and ent[-1].tag_ == "POS":  # "Ardo Vesk’s": the ending is no part of the name
                ent = Span(doc, ent.start, ent.end - 1, label=ent.label)
            tokens = [t for t in ent if not t.is_punct and t.lower_ != "the"]
            if not tokens:
                continue
            earlier = people.get(tokens[-1].text)
            if len(tokens) == 1 and earlier is not None and tokens[0].pos_ == "PROPN":
                found.append((ent, _short_form(earlier, ent)))
            elif earlier is not None and earlier.name == " ".join(t.text for t in tokens):
                found.append((ent, _short_form(earlier, ent)))  # named in full again: the same person
            elif ent.label_ == "PERSON" and (person := self._person_by_name(tokens, published)):
                found.append((ent, self._resolved(ent, person, published, "name-variant")))
            elif ent.label_ in NAMED_ENTITY_LABELS:
                found.append((ent, self._unlisted(ent, tokens, titled, at_token, home, people, acronyms)))
        return self._affiliated(found, at_token)

    def _unlisted(
        self,
        ent: Span,
        tokens: list[Token],
        titled: dict[int, Mention],
        at_token: dict[int, Mention],
        home: str | None,
        people: dict[str, Mention],
        acronyms: dict[str, Mention],
    ) -> Mention:
        """An entity the dictionary does not list, coded as `_other_entities` says; a person named in full
        is remembered by surname (`people`), an organisation by its abbreviation or initials (`acronyms`)."""
        text = " ".join(t.text for t in tokens)
        role = self._described_as(ent, titled, at_token, home) if ent.label_ == "PERSON" else None
        code, sector, via = (role.code, role.sector, "titled") if role else (None, None, "entity")
        if role is None and ent.label_ == "PERSON" and _full_name(tokens) and home:
            code, sector, via = home, PRIVATE_PERSON_SECTOR, "home"
        if ent.label_ == "ORG":
            code, sector, via = self._organisation_code(ent, at_token, home)
            if code and text.lower() in self.dictionary.sector_nouns:  # "the Foreign Ministry": the state's
                country = self.dictionary.actors.get(code)
                return _mention(ent, code, country.name if country else code, code, sector, "country", via)
        kind = "person" if ent.label_ == "PERSON" else "institution" if code and ent.label_ == "ORG" else None
        mention = _mention(ent, f"doc:{slug(text)}", text, code, sector, kind, via, role.org if role else None)
        if ent.label_ == "ORG" and (acronym := _defined_acronym(ent)) is not None:
            acronyms[acronym] = mention
        elif ent.label_ == "ORG":
            for initials in _initials(tokens):  # "the NCP" for the National Congress Party
                acronyms.setdefault(initials, mention)
        if ent.label_ == "PERSON" and len(tokens) >= 2:
            people[tokens[-1].text] = mention
            # "Malaysian Prime Minister Mahathir Mohamad" … "Mahathir": a two-word name may be
            # shortened to its first word, when no one else in the story goes by it
            if len(tokens) == 2 and mention.code is not None:
                people.setdefault(tokens[0].text, mention)
        return mention

    def _organisation_code(
        self, ent: Span, at_token: dict[int, Mention], home: str | None
    ) -> tuple[str | None, str | None, str]:
        """Code, sector and how, for an organisation the dictionary lacks: the country its own phrase gives
        ("Sudan's ruling National Congress Party", "the University of Sarajevo"), else the one its
        sentence places things in, else the story's home country — a local body is the usual one in a
        story about a country. Its sector is what its head noun names, or unknown: never the state's."""
        head = ent.root.lower_
        sector = self.dictionary.organisation_heads.get(head) or self.dictionary.sector_nouns.get(head)
        country = _organisations_country(ent, at_token)
        if country is not None:
            return country.code, sector or country.sector, "context"
        place = _named_place(ent, self.settings.gazetteer_dominance)
        if place is not None:
            return place, sector, "context"
        # Only a name that says it is an organisation's goes by its surroundings: "the Sovereign Council",
        # "the NCP" once defined, not "Kettle Point", "the Amber Shield" or a bare "Council".
        words = [t for t in ent if t.is_alpha and t.lower_ != "the"]
        organisation = head in self.dictionary.organisation_words or head in self.dictionary.anaphors
        if not ((len(words) > 1 and (sector or organisation)) or _defined_acronym(ent)):
            return None, None, "entity"
        placed = self._sentence_place(ent.doc, ent, at_token)
        if placed is not None:
            return placed, sector, "context"
        return (home, sector, "home") if home else (None, None, "entity")

    def _affiliated(
        self, found: list[tuple[Span, Mention]], at_token: dict[int, Mention]
    ) -> list[tuple[Span, Mention]]:
        """People the sentence ties to an organisation or a place ("X of the Heritage Foundation", "X,
        director at CNA", "X, a firefighter from Edmonton") take its code: read once every name in the
        story is resolved, since the organisation is often named after the person. Their later short
        forms follow."""
        here = dict(at_token)
        for span, mention in found:
            for i in range(span.start, span.end):
                here.setdefault(i, mention)
        changed: dict[str, Mention] = {}
        for span, mention in found:
            if mention.kind != "person" or mention.via not in ("entity", "home") or mention.actor_id in changed:
                continue
            tie = _affiliation(span, here)
            if tie is None or not tie.code or tie.actor_id == mention.actor_id:
                continue
            if tie.kind == "country":  # a place, or a seat of government ("a White House coordinator")
                sector, org = (tie.sector if tie.via == METONYM else None) or PRIVATE_PERSON_SECTOR, None
            else:
                sector, org = tie.sector, tie.actor_id
            changed[mention.actor_id or ""] = replace(mention, code=tie.code, sector=sector, org=org, via="context")
        out = []
        for span, mention in found:
            new = changed.get(mention.actor_id or "")
            if new is not None:
                mention = replace(mention, code=new.code, sector=new.sector, org=new.org,
                                  via="context" if mention.via in ("entity", "home") else mention.via)  # fmt: skip
            out.append((span, mention))
        return out

    def _national_organisation(self, ent: Span, at_token: dict[int, Mention]) -> Mention | None:
        """An organisation the dictionary lacks whose name holds its country ("the Kessarian Union of
        Teachers", "Valdoria Human Rights Commission"): coded with that country and the sector its head
        noun names (roles.toml [organisation_heads], else [sector_nouns]); left alone when the head names
        no sector, since a bare code would make it the state."""
        inside = {id(m): m for t in ent if (m := at_token.get(t.i)) is not None}.values()
        countries = [m for m in inside if m.via in (COUNTRY, DEMONYM, METONYM) and m.code]  # "University of Sarajevo"
        if len(countries) != 1 or len(inside) != 1 or at_token.get(ent.root.i) is not None:
            return None
        if not any(t.is_alpha and t.i not in at_token for t in ent if t.lower_ != "the"):
            return None
        head = ent.root.lower_
        sector = self.dictionary.organisation_heads.get(head) or self.dictionary.sector_nouns.get(head)
        if sector is None:
            return None
        country = countries[0]
        text = " ".join(t.text for t in ent if t.lower_ != "the")
        return _mention(ent, f"doc:{slug(text)}", text, country.code, sector, "institution", "context")

    def _described_as(
        self, ent: Span, titled: dict[int, Mention], at_token: dict[int, Mention], home: str | None
    ) -> Mention | None:
        """What the sentence says a person the dictionary lacks is: a role phrase before the name
        ("Algerian President | X"), the words of the name's own noun phrase ("Kenyan police official | X",
        "Taliban spokesman | X"), a phrase in apposition ("X, Valdoria's interior minister,"), or a rank or
        honorific that implies a sector ("Gen. X", "Rep. X") in the country the sentence or story is about."""
        return (
            titled.get(ent.start)
            or self._premodifier_role(ent, at_token)
            or _appositive_role(ent, at_token)
            or self._honorific_role(ent, at_token, home)
        )

    def _premodifier_role(self, ent: Span, at_token: dict[int, Mention]) -> Mention | None:
        """The coded actor among the words before a name in its own noun phrase, and the sector its nouns
        give: "Cambodian journalist X" (KHM MED), "Kenyan police official X" (KEN COP), "Taliban
        spokesman X" (a member of the Taliban, with its code and sector)."""
        words = _premodifiers(ent)
        coded = next((at_token[t.i] for t in words if t.i in at_token and at_token[t.i].code), None)
        if coded is None or coded.via == "pronoun":
            return None
        if coded.kind in ("group", "igo", "institution") and coded.via in ("name", "alias", "name-variant"):
            return replace(coded, org=coded.actor_id)  # a member: the organisation's code and sector
        # the modifying noun is the specific one: "police official" is police
        nouns = [t.lower_ for t in reversed(words)]
        sector = next((self.dictionary.sector_nouns[n] for n in nouns if n in self.dictionary.sector_nouns), None)
        if sector is None:
            title = next((self.dictionary.titles[n] for n in nouns if n in self.dictionary.titles), None)
            sector = self.dictionary.title_sectors.get(title, coded.sector) if title else coded.sector
        return replace(coded, sector=sector) if sector else None

    def _honorific_role(self, ent: Span, at_token: dict[int, Mention], home: str | None) -> Mention | None:
        """ "Gen. X", "Judge X", "Rep. X": a rank implies a sector; the country is the one it names
        (roles.toml [honorific_roles]), else the one the sentence places things in, else the story's."""
        doc = ent.doc
        ranks = self.dictionary.honorific_roles
        rank = next((t.text for t in doc[max(ent.start - 1, 0) : ent.start + 1] if t.text in ranks), None)
        if rank is None:
            return None
        sector, code = ranks[rank]
        code = code or self._sentence_place(doc, ent, at_token) or home
        if not code:
            return None
        country = self.dictionary.actors.get(code)
        return _mention(ent, code, country.name if country else code, code, sector, "country", "context")

    # --- definite descriptions and pronouns ----------------------------------------------------------

    def _definite_descriptions(
        self, doc: Doc, found: _Found, sentence_of: dict[int, int]
    ) -> list[tuple[Span, Mention]]:
        """ "the armed group", "the bloc", "the country": the nearest earlier actor of the kind
        the noun names, within two sentences — unless the phrase says whose or which it is ("the group of
        seven", "a group")."""
        earlier = sorted((m for m in found.mentions.values() if m.via != "pronoun" and m.code), key=lambda m: m.start)
        starts = [m.start for m in earlier]
        out: list[tuple[Span, Mention]] = []
        for token in doc:
            kinds = self.dictionary.anaphors.get(token.lower_)
            if not kinds or token.pos_ != "NOUN" or token.i in found.taken or token.tag_ != "NN":
                continue
            det = next((c for c in token.children if c.dep_ == "det"), None)
            if det is None or det.lower_ not in ("the", "this") or det.i < token.i - 3:
                continue
            if any(c.dep_ in ("prep", "poss", "relcl", "acl", "appos") or c.pos_ == "PROPN" for c in token.children):
                continue  # "the group of seven", "the group's leader"… "the group that …": a fresh description
            here = sentence_of[token.idx]
            for k in range(bisect_left(starts, det.idx) - 1, -1, -1):
                m = earlier[k]
                if here - sentence_of.get(m.start, here) > self.settings.pronoun_window_sentences:
                    break
                if m.kind in kinds:
                    span = doc[det.i : token.i + 1]
                    out.append((span, replace(m, start=span.start_char, end=span.end_char, text=span.text,
                                              via="anaphor", antecedent=m.start)))  # fmt: skip
                    break
        return out

    def _pronouns(self, doc: Doc, mentions: list[Mention], sentence_no: dict[int, int]) -> list[Mention]:
        """he/she/they: a compatible actor within two sentences — in the pronoun's own sentence the
        nearest; in an earlier one its main clause's subject before any nearer word ("Ochieng said IS
        Sahel's strategy is … '…,' she said": Ochieng, the one a reader keeps in focus)."""
        by_start = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in by_start]
        out = list(by_start)
        for token in doc:
            word = token.lower_
            if (word not in PERSONAL_PRONOUNS and word not in PLURAL_PRONOUNS) or token.pos_ != "PRON":
                continue
            here = sentence_no[token.idx]
            antecedent, best = None, None
            reported = _reported_span(token)
            for k in range(bisect_left(starts, token.idx) - 1, -1, -1):
                m = by_start[k]
                distance = here - sentence_no.get(m.start, here)
                if distance > self.settings.pronoun_window_sentences or (best is not None and distance > best[0]):
                    break
                if reported[0] <= m.start < reported[1]:
                    continue  # "'We urge the authorities …,' they said": the speakers are not whom they address
                if m.end > token.idx or not _compatible(m, word, self.dictionary):
                    continue
                root = _root(doc, m)
                if _located(m, root):
                    continue
                rank = (distance, 0 if distance == 0 else _subject_rank(root))
                if best is None or rank < best:
                    antecedent, best = m, rank
                if rank[1] == 0:
                    break
            if antecedent is not None:
                out.append(
                    replace(
                        antecedent,
                        start=token.idx,
                        end=token.idx + len(token.text),
                        text=token.text,
                        via="pronoun",
                        antecedent=antecedent.start,
                    )
                )
        return sorted(out, key=lambda m: m.start)


def _root(doc: Doc, mention: Mention) -> Token | None:
    """The head word of a mention in the parse."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root if span is not None else None


def _located(mention: Mention, root: Token | None) -> bool:
    """A country named as where something happens ("deterioration in Bosnia"): no one a pronoun stands for."""
    return (
        mention.kind == "country" and root is not None and root.dep_ == "pobj"
        and root.head.lower_ in LOCATIVE_PREPOSITIONS
    )  # fmt: skip


def _subject_rank(root: Token | None) -> int:
    """0 for the subject of its sentence's main verb, 1 for another verb's subject, 2 for anything else."""
    if root is None or root.dep_ not in ("nsubj", "nsubjpass"):
        return 2
    return 0 if root.head.dep_ == "ROOT" else 1


def _reported_span(pronoun: Token) -> tuple[int, int]:
    """Character extent of what a pronoun subject says when a speech verb's complement comes before it
    ("'… ,' they said"); an empty extent otherwise."""
    if pronoun.dep_ != "nsubj":
        return (0, 0)
    for clause in pronoun.head.children:
        if clause.dep_ in ("ccomp", "xcomp") and clause.i < pronoun.i:
            first, last = clause.left_edge, clause.right_edge
            return (first.idx, last.idx + len(last))
    return (0, 0)


def _sentence_numbers(doc: Doc) -> dict[int, int]:
    """Token start offset → the number of its sentence (how far back an antecedent may stand)."""
    numbers: dict[int, int] = {}
    number, previous = -1, None
    for token, bound in zip(doc, sentence_bounds(doc), strict=True):
        if bound != previous:
            number, previous = number + 1, bound
        numbers[token.idx] = number
    return numbers


class _Found:
    """Mentions by first token, with their token extents; a later, wider mention replaces what it covers."""

    def __init__(self) -> None:
        self.mentions: dict[int, Mention] = {}
        self.ends: dict[int, int] = {}
        self.taken: set[int] = set()

    def put(self, span: Span, mention: Mention) -> None:
        for i in range(span.start, span.end):
            if self.mentions.pop(i, None) is not None:
                self.ends.pop(i)
        self.mentions[span.start], self.ends[span.start] = mention, span.end
        self.taken.update(range(span.start, span.end))

    def by_token(self) -> dict[int, Mention]:
        """Token index → the mention covering it."""
        return {i: self.mentions[start] for start, end in self.ends.items() for i in range(start, end)}

    def ordered(self) -> list[Mention]:
        return [self.mentions[k] for k in sorted(self.mentions)]


def _widen_extents(doc: Doc, found: _Found, titles: list[Span], honorifics: set[str]) -> None:
    """A mention's text is what a reader would cite: a person with the role, title or honorific that
    introduces them ("Valdorian President Teodor Varnek", "Foreign Minister Sofia Maelstad", "Mr Varnek"),
    an institution with its article and its country's adjective ("the Valdorian coast guard")."""
    role_ending_at = {end: start for start, end in found.ends.items() if found.mentions[start].via == "role"}
    title_ending_at = {t.end: t.start for t in titles}
    ending_at = {end: start for start, end in found.ends.items()}
    for start in sorted(found.mentions):
        if start not in found.mentions:
            continue
        mention, end = found.mentions[start], found.ends[start]
        first = start
        if mention.kind == "person" and mention.via not in ("role", "pronoun"):
            first = role_ending_at.get(start, title_ending_at.get(start, start))
            while first > 0 and doc[first - 1].text in honorifics:
                first -= 1
        elif mention.kind in ("institution", "igo", "group", "country") and mention.via in (
            "name",
            "alias",
            "metonym",
            "context",
        ):
            qualifier = ending_at.get(start)
            before = found.mentions.get(qualifier) if qualifier is not None else None
            same_country = before is not None and before.via in ("demonym", "country") and before.code == mention.code
            if qualifier is not None and mention.kind != "country" and same_country:
                first = qualifier
        titled_person = mention.kind == "person" and first != start
        named_body = mention.kind in ("institution", "igo", "group", "country") and mention.via in (
            "name",
            "alias",
            "metonym",
        )
        named = titled_person or named_body
        if named and first > 0 and doc[first - 1].lower_ == "the" and (first - 1) not in found.taken:
            first -= 1
        if first != start:
            span = doc[first:end]
            found.put(span, replace(mention, start=span.start_char, end=span.end_char, text=span.text))


def _only_country(sentence: Span, at_token: dict[int, Mention]) -> str | None:
    """The code of the one country a sentence names or qualifies something by, if it names just one."""
    codes = {m.code for t in sentence if (m := at_token.get(t.i)) is not None and m.kind == "country" and m.code}
    return codes.pop() if len(codes) == 1 else None


def _mention(
    span: Span,
    actor_id: str | None,
    name: str | None,
    code: str | None,
    sector: str | None,
    kind: str | None,
    via: str,
    org: str | None = None,
) -> Mention:
    return Mention(span.start_char, span.end_char, span.text, actor_id, name, code, sector, kind, via, org=org)


def _short_form(full: Mention, span: Span) -> Mention:
    return replace(full, start=span.start_char, end=span.end_char, text=span.text, via="short-form")


def _best_surface(surfaces: list[Surface], dictionary: ActorDictionary, published: dt.date | None) -> Surface:
    """Several actors may share a name: prefer one in office at the publication date, then the first loaded."""
    if len(surfaces) == 1 or published is None:
        return surfaces[0]
    for surface in surfaces:
        actor = dictionary.actors[surface.actor_id]
        if actor.roles and actor.role_at(published) is not None:
            return surface
    return surfaces[0]


NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "da", "van", "von", "der", "mr", "mrs", "ms", "dr"}


def normalised_name(text: str) -> list[str]:
    """Name words, lower case, without hyphens, dots and particles: "Omar al-Bashir" → [omar, bashir]."""
    words = re.split(r"[\s\-.’']+", text.lower())
    return [w for w in words if w and w not in NAME_PARTICLES]


def _first_names_agree(words: list[str], dictionary_name: str) -> bool:
    """ "Omar Hassan al-Bashir" and "Omar Hassan Ahmad Al Bashir": the first name matches, or is its initial."""
    theirs = normalised_name(dictionary_name)
    return bool(theirs) and (theirs[0] == words[0] or (len(words[0]) == 1 and theirs[0].startswith(words[0])))


def _index(index: dict[str, list[str]], key: str, actor_id: str) -> None:
    ids = index.setdefault(key, [])
    if actor_id not in ids:
        ids.append(actor_id)


def _tail_of_other_place(span: Span, surfaces: list[Surface]) -> bool:
    """ "Latin America" is not America: a country name ending a longer place name is not that country.
    "South Lebanon", "northern Mali" are parts of it, and are."""
    if surfaces[0].via != COUNTRY:
        return False
    ent = next((e for e in span.doc.ents if e.start < span.start < e.end or e.start < span.start == e.end - 1), None)
    if ent is None or ent.label_ not in ("GPE", "LOC") or ent.end < span.end:
        return False
    before = [t for t in span.doc[ent.start : span.start] if t.is_alpha and t.lower_ != "the"]
    return bool(before) and not all(t.text.title() in COMPASS for t in before)


def _inside_other_organisation(span: Span, surfaces: list[Surface]) -> bool:
    """ "the National Congress Party" is not Congress, nor "the Friends of Ardo Vesk Society" Vesk: a name
    inside a longer organisation's name, after its first word, is a word of that name. At the start it
    is the owner ("the UN Security Council", "the Hamas political bureau") and stays."""
    if _is_country_qualifier(surfaces):
        return False  # "the Kenya Human Rights Commission": the national-organisation rule reads it
    ent = next((e for e in span.doc.ents if e.start <= span.start and span.end <= e.end and len(e) > len(span)), None)
    if ent is None or ent.label_ != "ORG":
        return False
    return any(t.is_alpha and t.lower_ != "the" for t in span.doc[ent.start : span.start])


def _is_country_qualifier(surfaces: list[Surface]) -> bool:
    return surfaces[0].via in (COUNTRY, DEMONYM, METONYM)


def _qualifier_before(
    doc: Doc, start: int, qualifier_end: dict[int, tuple[Span, list[Surface]]]
) -> tuple[Span, list[Surface]] | None:
    """The country, demonym or seat before a title or sector noun: through a possessive 's, adjectives
    and a capitalised portfolio ("Lebanon's new President", "the Russian former ambassador", "Chinese
    Commerce Minister")."""
    while start not in qualifier_end and start > 0 and _title_modifier(doc[start - 1]):
        start -= 1
    if start in qualifier_end:
        return qualifier_end[start]
    if start > 0 and doc[start - 1].tag_ == "POS" and (start - 1) in qualifier_end:
        return qualifier_end[start - 1]
    return None


def _full_name(tokens: list[Token]) -> bool:
    """ "Lene Brask": two or more capitalised words, not a hyphenated or mis-recognised name ("al-Shabab")."""
    return len(tokens) >= 2 and all(t.is_alpha and t.text[0].isupper() and not t.is_upper for t in tokens)


def _organisations_country(ent: Span, at_token: dict[int, Mention]) -> Mention | None:
    """The country an organisation's own phrase gives it: a possessor or modifier ("Sudan's former ruling
    National Congress Party", "the Kenyan Labour Party"), "of" ("the Communist Party of Vietnam"), or a
    phrase in apposition ("the NCP, Sudan's former ruling party,")."""
    of_country = [o for p in ent.root.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
    for token in [*_premodifiers(ent), *of_country]:
        mention = at_token.get(token.i)
        if mention is not None and mention.kind == "country" and mention.code and mention.via in (COUNTRY, DEMONYM):
            return replace(mention, sector=None)  # the country says whose, not what
    appositive = _appositive_role(ent, at_token)
    return appositive if appositive is not None and appositive.kind == "country" else None


def _mended(ent: Span) -> Span:
    """An organisation's name the recogniser cut after a joining word ("the Court of Bosnia and |
    Herzegovina", "the Clinical Research Unit of | Nanoro") runs on through the capitalised words that
    follow; a bracket it swallowed ("… Assessment (") is dropped."""
    doc, end = ent.doc, ent.end
    if ent.label_ == "ORG" and ent[-1].lower_ in ("of", "and", "for", "on") and end < len(doc) and doc[end].is_title:
        while end < len(doc) and (doc[end].is_title or (doc[end].lower_ in ("of", "and") and end + 1 < len(doc)
                                                         and doc[end + 1].is_title)):  # fmt: skip
            end += 1
    while end > ent.start + 1 and doc[end - 1].is_punct and doc[end - 1].text in "([{":
        end -= 1
    return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label)


def _named_place(ent: Span, dominance: float) -> str | None:
    """The country of a place an organisation's name ends with: "the University of Sarajevo", "the
    Clinical Research Unit of Nanoro"."""
    words = [t.text for t in ent]
    if "of" not in words:
        return None
    after = words[len(words) - words[::-1].index("of") :]
    return place_code(" ".join(after), dominance) if after and all(w[:1].isupper() for w in after) else None


def _affiliation(ent: Span, at_token: dict[int, Mention]) -> Mention | None:
    """The organisation or place a person's own phrase ties them to: "X of the Heritage Foundation", "X
    at CNA", "X, director at CNA", "X, a firefighter from Edmonton"."""
    root = ent.root
    appositions = [c for c in root.children if c.dep_ == "appos"]
    # "University of Melbourne professor X", "X, a former White House coordinator", "X, a CIA analyst"
    words = [t for w in _premodifiers(ent) for t in w.subtree]
    words += [t for a in appositions for c in a.children if c.dep_ in ("compound", "nmod") for t in c.subtree]
    for word in words:
        mention = at_token.get(word.i)
        if mention is not None and mention.code and (mention.kind in ORGANISATION_KINDS or mention.via == METONYM):
            return mention
    for holder in [root, *appositions]:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in EMPLOYER_PREPOSITIONS:
                continue
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                # "of the Dutch think tank Clingendael": the organisation the phrase names, else its place
                named = [m for t in obj.subtree if (m := at_token.get(t.i)) is not None and m.code]
                body = next((m for m in named if m.kind in ORGANISATION_KINDS and m.via != "pronoun"), None)
                place = at_token.get(obj.i)
                if body is not None:
                    return body
                if place is not None and place.code and place.kind == "country" and place.via != "sector":
                    return place
    return None


def _initials(tokens: list[Token]) -> list[str]:
    """The capitals an organisation's name may be abbreviated to: the first letters of its capitalised
    words, joining words left out ("NCP" for "National Congress Party"), and of the part before its
    "of" ("HWP" for "Harbour Workers Party of Valdoria"). Three letters at least."""
    texts = [t.text for t in tokens]
    candidates = [texts, texts[: texts.index("of")]] if "of" in texts else [texts]
    out = []
    for part in candidates:
        words = [w for w in part if w.lower() not in ("of", "and", "for", "the", "on", "in")]
        if len(words) >= 3 and all(w[:1].isupper() and w.isalpha() for w in words):
            out.append("".join(w[0] for w in words))
    return out


def _defined_acronym(ent: Span) -> str | None:
    """ "the Ogaden Liberation Front (OLF)": the capitals in brackets right after a name define its short form."""
    doc = ent.doc
    if ent.end + 2 >= len(doc) or doc[ent.end].text != "(" or doc[ent.end + 2].text != ")":
        return None
    acronym = doc[ent.end + 1].text
    return acronym if acronym.isupper() and 2 <= len(acronym) <= 10 and acronym.isalnum() else None


def _premodifiers(ent: Span) -> list[Token]:
    """The words before a name inside its own noun phrase, nearest first: "Kenyan police official" before
    "Daniel Otieno" (the parse makes them its compound and adjective modifiers)."""
    doc, root = ent.doc, ent.root
    words: list[Token] = []
    i = ent.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "nmod", "poss", "case") and _governed_by(doc[i], root):
        words.append(doc[i])
        i -= 1
    return words


def _governed_by(token: Token, root: Token) -> bool:
    return any(a.i == root.i for a in token.ancestors)


def _appositive_role(ent: Span, at_token: dict[int, Mention]) -> Mention | None:
    """The coded role or sector phrase in apposition to a name: "Ardo Vesk, Valdoria's interior minister,"."""
    root = ent.root
    neighbours = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
    for token in neighbours:
        mention = at_token.get(token.i)
        if mention is not None and mention.code and mention.via in ("role", "sector", "context"):
            return mention
    return None


def _inside_name(doc: Doc, phrase: Span) -> bool:
    """ "the Rapid Support Forces", "Guterres' spokesman": a longer name, or someone's, holds the phrase."""
    for ent in doc.ents:
        holds = ent.start <= phrase.start and phrase.end <= ent.end and ent.label_ not in ("NORP", "DATE", "CARDINAL")
        if holds and any(t.pos_ == "PROPN" and not (phrase.start <= t.i < phrase.end) for t in ent):
            return True
    return any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in phrase.root.children)


def _employer(phrase: Span, at_token: dict[int, Mention]) -> Mention | None:
    """The organisation a role or sector noun's own phrase names ("the director at Human Rights Watch",
    "officials of the African Union"): its mention, or an uncoded one for a name the dictionary lacks.
    None when the phrase names no organisation (a country it names is its place, not its employer)."""
    for prep in phrase.root.children:
        if prep.dep_ != "prep" or prep.lower_ not in EMPLOYER_PREPOSITIONS:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            mention = at_token.get(obj.i)
            if mention is not None and mention.kind not in ("country", None):
                return mention
            if mention is None and obj.ent_type_ in ("ORG", "FAC"):
                return Mention(obj.idx, obj.idx + len(obj), obj.text, None, None, None, None, None, "entity")
    return None


def _employer_end(phrase: Span, employer: Mention) -> int:
    """The token after the employer's name, which ends the phrase."""
    doc = phrase.doc
    span = doc.char_span(employer.start, employer.end, alignment_mode="expand")
    return span.end if span is not None else phrase.end


def _predicative(token: Token) -> bool:
    """ "is a regional power", "classifies the coast guard as a pirate fleet": a description, not a referent."""
    return token.dep_ in ("attr", "oprd") or (token.dep_ == "pobj" and token.head.lower_ == "as")


def _title_modifier(token: Token) -> bool:
    return token.pos_ == "ADJ" or (token.dep_ == "compound" and token.is_title and token.pos_ in ("PROPN", "NOUN"))


def _compatible(mention: Mention, pronoun: str, dictionary: ActorDictionary) -> bool:
    if pronoun in PERSONAL_PRONOUNS:
        if mention.kind != "person":
            return False
        gender = dictionary.actors[mention.actor_id].gender if mention.actor_id in dictionary.actors else None
        return gender is None or gender == PERSONAL_PRONOUNS[pronoun]
    # they/them/their: a group, a country or its government, an institution — not one person, nor a
    # place things happen in ("talks in Harnvik")
    return (mention.kind not in ("person", None) and mention.via != "place") or mention.via == "sector"


@lru_cache(maxsize=4)
def mention_finder(nlp: Language, dictionary: ActorDictionary, settings: Section | None = None) -> MentionFinder:
    return MentionFinder(nlp, dictionary, settings)
