"""Actor mentions: find every reference to an actor in a parsed document and resolve it.

One pass over the spaCy `Doc`, in the order a reader resolves references:

    dictionary names → role descriptions ("the Russian president", resolved at the publication date)
    → demonym/country + sector noun ("Russian diplomats", "Israel's army") → other named entities
    (kept with a null code, never guessed) and their later short forms → pronouns (nearest
    compatible antecedent)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from rashomon.annotate.actors.dictionary import COUNTRY, DEMONYM, METONYM, ActorDictionary, Surface, slug

NAMED_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
PERSONAL_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
PLURAL_PRONOUNS = {"they", "them", "their"}
PRONOUN_WINDOW_SENTENCES = 2  # how far back a pronoun's antecedent may stand
# "talks in Moscow": after these a capital is a place, not its government ("a message to Moscow" is not)
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "outside", "inside", "around", "across", "through", "within", "off"}


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
    via: str  # name | alias | country | demonym | metonym | place | role | sector | entity | short-form | pronoun
    antecedent: int | None = None  # for pronouns: start of the mention they refer to
    org: str | None = None  # the organisation the actor belongs to (its actor id)

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items()}


class MentionFinder:
    """Resolves mentions with one actor dictionary; build once, apply to every Doc."""

    def __init__(self, nlp: Language, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
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

    def __call__(self, doc: Doc, published: dt.date | None) -> list[Mention]:
        named = self._dictionary_spans(doc)
        mentions: dict[int, Mention] = {}  # by start token
        taken: set[int] = set()
        for span, surfaces in named:
            mention = self._resolve_name(span, surfaces, published)
            mentions[span.start] = mention
            taken.update(range(span.start, span.end))
        for mention_span, mention in self._roles_and_sectors(doc, named, published):
            for i in range(mention_span.start, mention_span.end):
                mentions.pop(i, None)
            mentions[mention_span.start] = mention
            taken.update(range(mention_span.start, mention_span.end))
        for span, mention in self._other_entities(doc, taken):
            mentions[span.start] = mention
        ordered = [mentions[k] for k in sorted(mentions)]
        return self._pronouns(doc, ordered)

    # --- names from the dictionary -----------------------------------------------------------------

    def _dictionary_spans(self, doc: Doc) -> list[tuple[Span, list[Surface]]]:
        spans = [Span(doc, s, e, label=m) for m, s, e in self.names(doc)]
        spans = filter_spans(spans)  # the longest name wins: "Russian Foreign Ministry" over "Russian"
        found = [(span, self.dictionary.surfaces[self._surface_of[span.label]]) for span in spans]
        return [(span, surfaces) for span, surfaces in found if not _tail_of_other_place(span, surfaces)]

    def _resolve_name(self, span: Span, surfaces: list[Surface], published: dt.date | None) -> Mention:
        surface = _best_surface(surfaces, self.dictionary, published)
        actor = self.dictionary.actors[surface.actor_id]
        code, sector = actor.coded_at(published)
        via, sector = surface.via, surface.sector or sector
        if via == METONYM and span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE_PREPOSITIONS:
            via, sector = "place", None
        return _mention(span, actor.id, actor.name, code, sector, actor.kind, via, actor.org)

    # --- role descriptions and sector phrases ------------------------------------------------------

    def _roles_and_sectors(
        self, doc: Doc, named: list[tuple[Span, list[Surface]]], published: dt.date | None
    ) -> list[tuple[Span, Mention]]:
        """ "the Russian president", "Israel's ambassador to the UN", "Russian diplomats"."""
        qualifier_end = {span.end: (span, surfaces) for span, surfaces in named if _is_country_qualifier(surfaces)}
        found: list[tuple[Span, Mention]] = []
        phrases = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.lower(doc)])
        for phrase in phrases:
            qualifier = _qualifier_before(doc, phrase.start, qualifier_end)
            if qualifier is None:
                continue
            q_span, surfaces = qualifier
            country = self.dictionary.actors[_best_surface(surfaces, self.dictionary, published).actor_id]
            start = q_span.start - 1 if q_span.start > 0 and doc[q_span.start - 1].lower_ == "the" else q_span.start
            span = doc[start : phrase.end]
            kind = doc.vocab.strings[phrase.label]
            if kind == "TITLE":
                mention = self._role(span, country.code or "", self.dictionary.titles[phrase.text.lower()], published)
            else:
                sector = self.dictionary.sector_nouns[phrase.text.lower()]
                mention = _mention(span, country.id, country.name, country.code, sector, country.kind, "sector")
            found.append((span, mention))
        return found

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

    def _other_entities(self, doc: Doc, taken: set[int]) -> list[tuple[Span, Mention]]:
        """Named entities the dictionary does not know: kept with a null code, and their later short forms.

        A person named in full ("Andrew Korybko") is the referent of a later lone surname, whatever
        label the entity recogniser gave that surname, or none.
        """
        found: list[tuple[Span, Mention]] = []
        people: dict[str, tuple[str, str]] = {}  # surname → (doc-local id, full name)
        entity_at = {ent.start: ent for ent in doc.ents}
        i = 0
        while i < len(doc):
            ent = entity_at.get(i)
            span = ent if ent is not None else doc[i : i + 1]
            i = span.end
            if any(t in taken for t in range(span.start, span.end)):
                continue
            tokens = [t for t in span if not t.is_punct and t.lower_ != "the"]
            if not tokens:
                continue
            if len(tokens) == 1 and tokens[0].text in people and tokens[0].pos_ == "PROPN":
                actor_id, name = people[tokens[0].text]
                found.append((span, _mention(span, actor_id, name, None, None, "person", "short-form")))
            elif ent is not None and ent.label_ in NAMED_ENTITY_LABELS:
                text = " ".join(t.text for t in tokens)
                if ent.label_ == "PERSON" and len(tokens) >= 2:
                    people[tokens[-1].text] = (f"doc:{slug(text)}", text)
                kind = "person" if ent.label_ == "PERSON" else None
                found.append((span, _mention(span, f"doc:{slug(text)}", text, None, None, kind, "entity")))
        return found

    # --- pronouns ----------------------------------------------------------------------------------

    def _pronouns(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """he/she/they: the nearest earlier mention of a compatible actor, within two sentences."""
        by_start = sorted(mentions, key=lambda m: m.start)
        out = list(by_start)
        sentence_of = {t.idx: i for i, sent in enumerate(doc.sents) for t in sent}
        for token in doc:
            word = token.lower_
            if token.pos_ != "PRON" or (word not in PERSONAL_PRONOUNS and word not in PLURAL_PRONOUNS):
                continue
            here = sentence_of[token.idx]
            antecedent = None
            for m in reversed(by_start):
                if m.end > token.idx or m.via == "pronoun":
                    continue
                if here - sentence_of.get(m.start, here) > PRONOUN_WINDOW_SENTENCES:
                    break
                if _compatible(m, word, self.dictionary):
                    antecedent = m
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


def _best_surface(surfaces: list[Surface], dictionary: ActorDictionary, published: dt.date | None) -> Surface:
    """Several actors may share a name: prefer one in office at the publication date, then the first loaded."""
    if len(surfaces) == 1 or published is None:
        return surfaces[0]
    for surface in surfaces:
        actor = dictionary.actors[surface.actor_id]
        if actor.roles and actor.role_at(published) is not None:
            return surface
    return surfaces[0]


def _tail_of_other_place(span: Span, surfaces: list[Surface]) -> bool:
    """ "Latin America" is not America: a country name ending a longer place name is not that country."""
    if surfaces[0].via != COUNTRY:
        return False
    ent = next((e for e in span.doc.ents if e.start < span.start < e.end or e.start < span.start == e.end - 1), None)
    if ent is None or ent.label_ not in ("GPE", "LOC") or ent.end < span.end:
        return False
    return any(t.is_alpha and t.lower_ != "the" for t in span.doc[ent.start : span.start])


def _is_country_qualifier(surfaces: list[Surface]) -> bool:
    return surfaces[0].via in (COUNTRY, DEMONYM, METONYM)


def _qualifier_before(
    doc: Doc, start: int, qualifier_end: dict[int, tuple[Span, list[Surface]]]
) -> tuple[Span, list[Surface]] | None:
    """The country, demonym or seat right before a title or sector noun, through a possessive 's."""
    if start in qualifier_end:
        return qualifier_end[start]
    if start > 0 and doc[start - 1].tag_ == "POS" and (start - 1) in qualifier_end:
        return qualifier_end[start - 1]
    return None


def _compatible(mention: Mention, pronoun: str, dictionary: ActorDictionary) -> bool:
    if pronoun in PERSONAL_PRONOUNS:
        if mention.kind != "person":
            return False
        gender = dictionary.actors[mention.actor_id].gender if mention.actor_id in dictionary.actors else None
        return gender is None or gender == PERSONAL_PRONOUNS[pronoun]
    # they/them/their: a group, a country or its government, an institution — not one person
    return mention.kind not in ("person", None) or mention.via == "sector"


@lru_cache(maxsize=4)
def mention_finder(nlp: Language, dictionary: ActorDictionary) -> MentionFinder:
    return MentionFinder(nlp, dictionary)
