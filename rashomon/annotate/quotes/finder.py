"""Quotations: who said what, read from quotation marks, the dependency parse and the actor mentions.

    quoted spans (marks.py) → title or scare quote? → speech: direct or mixed → cue verb in the parse
    → speaker: the cue's subject, resolved through the actor mentions → split and continued quotes
    share their speaker → indirect speech: a cue verb's clause ("Lavrov said that …", "according to …")

Quoted words that are not speech (scare quotes, titles) come back as `QuotedTerm`s, for framing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from rashomon.annotate.actors.lookup import MentionIndex
from rashomon.annotate.actors.mentions import Mention
from rashomon.annotate.nlp import doc_text, sentence_bounds
from rashomon.annotate.quotes.lexicon import QuoteLexicon, load_lexicon
from rashomon.annotate.quotes.marks import QuotedSpan, paragraphs, quoted_spans
from rashomon.annotate.spans import Spans
from rashomon.annotate.syntax import SUBJECTS, own_subject

UNRESOLVED_PRONOUNS = {"it", "they", "this", "its"}
PREMODIFIERS = {"amod", "compound", "nmod", "nummod"}
# A participle or infinitive reports for the subject of the verb it hangs on: "…, adding that", "saying".
INHERITS_SUBJECT = {"conj", "advcl", "xcomp", "pcomp", "dep"}
SPEAKER_KINDS_FOR_IT = {"institution", "country", "igo", "group", None}


@dataclass(frozen=True)
class Speaker:
    text: str  # as written where the speaker is named ("the Russian president", "it")
    name: str | None
    actor_id: str | None
    code: str | None
    sector: str | None
    kind: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Quotation:
    start: int  # the quoted words, without their marks
    end: int
    text: str
    kind: str  # direct | mixed | indirect
    speaker: Speaker | None
    cue: str | None  # the reporting verb's lemma, "according to", or ":" for an introducing colon
    cue_start: int | None = None
    continues: int | None = None  # start of the quotation this one continues (split or next paragraph)


@dataclass(frozen=True)
class QuotedTerm:
    start: int
    end: int
    term: str
    kind: str  # scare | title
    referent: str | None  # actor id of what the term names or qualifies


@dataclass
class FoundQuotes:
    quotes: list[Quotation]
    terms: list[QuotedTerm]
    marked: list[tuple[int, int]]  # every quoted span with its marks: what the document does not say itself


def quotation_spans(quotes: Iterable[Quotation]) -> Spans[Quotation]:
    """The quotations indexed by their spans: `.at(offset)` is the first quotation, in text order (the
    outermost when nested), that the offset stands in."""
    return Spans(quotes, lambda q: (q.start, q.end))


class QuoteFinder:
    def __init__(self, lexicon: QuoteLexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()

    def __call__(self, doc: Doc, mentions: Iterable[Mention]) -> FoundQuotes:
        context = _Context(doc, list(mentions), self.lexicon)
        spans = quoted_spans(context.text)
        context.spans = [(s.start - 1, min(s.end + 1, len(context.text))) for s in spans]
        context.span_starts = [start for start, _ in context.spans]
        quotes: list[Quotation] = []
        terms: list[QuotedTerm] = []
        for span in spans:
            found = context.read_span(span, quotes)
            if isinstance(found, Quotation):
                quotes.append(found)
                terms += [context.term(inner, "scare") for inner in span.inner]
            elif found is not None:
                terms.append(found)
        _share_speakers_back(quotes)
        quotes += context.indirect_speech()
        return FoundQuotes(sorted(quotes, key=lambda q: q.start), terms, context.spans)


class _Context:
    """One document's parse, mentions and quotation marks, and the rules that read them."""

    def __init__(self, doc: Doc, mentions: list[Mention], lexicon: QuoteLexicon) -> None:
        self.doc, self.lexicon = doc, lexicon
        self.text = doc_text(doc)
        self.sentences = sentence_bounds(doc)
        self.index = MentionIndex(doc, mentions)
        self.paragraphs = paragraphs(self.text)
        self.paragraph_starts = [s for s, _ in self.paragraphs]
        self.spans: list[tuple[int, int]] = []  # every outermost quoted span, marks included, in order
        self.span_starts: list[int] = []

    # --- one quoted span ---------------------------------------------------------------------------

    def read_span(self, span: QuotedSpan, earlier: list[Quotation]) -> Quotation | QuotedTerm | None:
        tokens = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is None or not any(t.is_alpha or t.like_num for t in tokens):
            return None
        p_start = self.paragraph_start(span.start)
        before = self.text[p_start : span.start - 1]
        if self.lexicon.title_marker.search(before):
            return self.term(span, "title")
        if self.lexicon.scare_marker.search(before):
            return self.term(span, "scare")
        if self._is_publication(tokens, before, p_start):
            return self.term(span, "title")
        head = _head(tokens)
        cue, depth = self._cue(tokens)
        previous = earlier[-1] if earlier else None
        carried = self._carried_from(span, previous)
        if carried is None and not self._is_speech(tokens, head, cue, depth):
            return self.term(span, "scare")
        kind = "direct" if self._stands_alone(span) else "mixed"
        if carried is not None:
            kind = carried.kind
            if cue is None:
                return self._quotation(span, kind, carried.speaker, carried.cue, carried.cue_start, carried.start)
        if cue is not None:
            speaker = self._speaker_of(cue) or self._fallback_speaker(span, tokens, earlier)
            continues = carried.start if carried is not None else None
            return self._quotation(span, kind, speaker, self._cue_name(cue), cue.idx, continues)
        colon = self._introducing_colon(span)
        if colon is not None:
            return self._quotation(span, kind, self._speaker_of_sentence(colon), ":", colon.idx)
        return self._quotation(span, kind, self._fallback_speaker(span, tokens, earlier), None, None)

    def _quotation(
        self,
        span: QuotedSpan,
        kind: str,
        speaker: Speaker | None,
        cue: str | None,
        cue_start: int | None,
        continues: int | None = None,
    ) -> Quotation:
        end = span.end
        while end > span.start and self.text[end - 1] in " ,;:":  # the comma before "he said" is not theirs
            end -= 1
        return Quotation(span.start, end, self.text[span.start : end], kind, speaker, cue, cue_start, continues)

    def term(self, span: QuotedSpan, kind: str) -> QuotedTerm:
        end = span.end
        while end > span.start and self.text[end - 1] in " ,;:.":
            end -= 1
        tokens = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        referent = None
        if tokens is not None:
            mention = self._mention_in(list(tokens)) or self._mention_of_noun(_head(tokens))
            referent = mention.actor_id if mention else None
        return QuotedTerm(span.start, end, self.text[span.start : end], kind, referent)

    def _is_publication(self, tokens: Span, before: str, offset: int) -> bool:
        """“Israel Defense” after "wrote in": a capitalised name of where something was written."""
        match = re.search(r"(\w+)\s+(?:in|on|for|to)\s*$", before)
        if not match:
            return False
        verb = self.doc.char_span(offset + match.start(1), offset + match.end(1), alignment_mode="expand")
        if verb is None or verb[0].lemma_.lower() not in self.lexicon.publication_verbs:
            return False
        words = [t for t in tokens if t.is_alpha]
        return (
            0 < len(words) <= 6
            and all(t.text[0].isupper() or len(t) <= 3 for t in words)
            and not any(t.text in ".!?" for t in tokens)
        )

    def _is_speech(self, tokens: Span, head: Token, cue: Token | None, depth: int) -> bool:
        words = [t for t in tokens if t.is_alpha or t.like_num]
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in tokens)
        modifies = head.head if head.head.i not in range(tokens.start, tokens.end) else None
        if modifies is not None and head.dep_ in PREMODIFIERS and modifies.pos_ in ("NOUN", "PROPN"):
            return False  # the “two states” solution, the Kremlin's “neutral” position
        before = self.doc[tokens.start - 2] if tokens.start >= 2 else None  # the token before the mark
        if has_verb and before is not None and before.pos_ in ("DET", "ADJ") and len(words) > 1:
            return False  # a quoted clause used as a name: a monomaniacal “We are all Israelis now”
        if has_verb and len(words) >= self.lexicon.clause_words:
            return True
        if len(words) >= self.lexicon.phrase_words:
            return True
        if cue is None:
            return False
        if len(words) == 1:  # called the talks “frank”, described it as “frank”; not a word deep in a clause
            return depth <= 1 or (depth == 2 and head.head.lower_ == "as")
        possessor = _possessor(head)
        if possessor is not None and depth > self.lexicon.direct_argument_depth:
            # Putin's “warm feelings” in someone else's warning: the writer's irony, not the speaker's words
            return self._same_actor(possessor, self._speaker_of(cue))
        return True

    def _same_actor(self, token: Token, speaker: Speaker | None) -> bool:
        mention = self._mention_at(token)
        return bool(speaker and mention and speaker.actor_id and mention.actor_id == speaker.actor_id)

    def _stands_alone(self, span: QuotedSpan) -> bool:
        """Direct: the quote opens its paragraph or sentence, or follows "said:" / "saying,"."""
        before = self.text[self.paragraph_start(span.start) : span.start - 1].rstrip()
        if not before or before[-1] in ",:.!?—–-":
            content = self.text[span.start : span.end].lstrip()
            return bool(content) and (content[0].isupper() or content[0].isdigit() or not before)
        return False

    # --- cues and speakers -------------------------------------------------------------------------

    def _cue(self, tokens: Span) -> tuple[Token | None, int]:
        """The reporting verb governing the quote, and how many parse edges separate them."""
        inside = range(tokens.start, tokens.end)
        best: tuple[Token | None, int] = (None, 0)
        for head in _heads(tokens):
            token, depth = head, 0
            while token.head.i != token.i:
                token, depth = token.head, depth + 1
                if token.i in inside:
                    continue
                if self._is_cue(token) or self._source_phrase(token):
                    if best[0] is None or depth < best[1]:
                        best = (token, depth)
                    break
        if best[0] is not None:
            return self._outer_cue(best[0]), best[1]
        # The attribution may hang below the quote's own verb ("…,” declared the president).
        for t in tokens:
            for child in t.children:
                if child.i not in inside and self._is_cue(child) and not self._in_quote(child.idx):
                    return child, 1
        sentence = self.sentences[tokens.start]
        for t in self.doc[sentence[0] : sentence[1]]:
            if self._source_phrase(t) and not self._in_quote(t.idx):
                return t, 2
        return None, 0

    def _outer_cue(self, cue: Token) -> Token:
        """Reported reporting ("the embassy said the ambassador had explained … “calmly”"): the words
        come from the outermost speech verb whose clause holds the inner one."""
        token = cue
        while token.dep_ in ("ccomp", "conj", "xcomp", "advcl") and token.head.i != token.i:
            token = token.head
            if token.pos_ == "VERB" and token.lemma_.lower() in self.lexicon.speech_verbs:
                cue = token
        return cue

    def _source_phrase(self, token: Token) -> tuple[str, Token | None] | None:
        """("according to", X) when a source phrase starts at `token`; X is its object."""
        for phrase in self.lexicon.source_phrases.get(token.lower_, ()):
            end = token.i + len(phrase)
            if end <= len(self.doc) and tuple(t.lower_ for t in self.doc[token.i : end]) == phrase:
                last = self.doc[end - 1]
                source = next((c for c in last.children if c.dep_ == "pobj"), None)
                if source is None and end < len(self.doc) and self.doc[end].pos_ in ("NOUN", "PROPN", "DET"):
                    source = self.doc[end].head if self.doc[end].dep_ == "det" else self.doc[end]
                return " ".join(phrase), source
        return None

    def _cue_name(self, cue: Token) -> str:
        phrase = self._source_phrase(cue)
        return phrase[0] if phrase else cue.lemma_.lower()

    def _is_cue(self, token: Token) -> bool:
        return token.pos_ in ("VERB", "AUX") and self.lexicon.is_cue_verb(token.lemma_.lower())

    def _speaker_of(self, cue: Token) -> Speaker | None:
        phrase = self._source_phrase(cue)
        if phrase is not None:
            return self._speaker_from(phrase[1]) if phrase[1] is not None else None
        if cue.pos_ == "NOUN":  # "Lapid's statement that …"
            owner = _possessor(cue)
            return self._speaker_from(owner) if owner is not None else None
        subject = self._subject(cue)
        return self._speaker_from(subject) if subject is not None else None

    def _subject(self, verb: Token) -> Token | None:
        """Who does the reporting: the verb's subject, the agent of a passive, the noun a participle
        hangs on, or the subject of the verb a conjunct or participle shares it with."""
        subject = own_subject(verb, skip=lambda child: self._in_quote(child.idx))
        if subject is not None:
            return subject
        inverted = self._inverted_subject(verb)
        if inverted is not None:
            return inverted
        if verb.dep_ in ("acl", "relcl"):
            return verb.head  # "Moscow, assuring the dignitaries …"
        if verb.dep_ in INHERITS_SUBJECT and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
            shared = self._subject(verb.head)
            if shared is not None and (shared.pos_ == "PRON" or self._mention_at(shared) is not None):
                return shared
            # "Maelstad said that the veto showed … and promised that …": the parse hangs the second
            # report on the reported clause; the speaker is the reporting verb's.
            for ancestor in verb.head.ancestors:
                if ancestor.pos_ == "VERB" and ancestor.lemma_.lower() in self.lexicon.speech_verbs:
                    return self._subject(ancestor)
            return shared
        return None

    def _inverted_subject(self, verb: Token) -> Token | None:
        """“…,” declared the Russian president: the parser often takes a speaker after the verb for its
        object. Only right after a quotation."""
        left = verb.doc[verb.i - 1] if verb.i > 0 else None
        if left is None or not (left.is_punct and left.text in '”"»’'):
            return None
        for child in verb.rights:
            if child.dep_ in ("dobj", "attr", "dep", "npadvmod", "nsubj", "oprd") and child.pos_ in ("NOUN", "PROPN"):
                return child if not self._in_quote(child.idx) else None
        return None

    def _speaker_from(self, token: Token) -> Speaker | None:
        """The speaker a subject names: the actor it mentions, a person in apposition ("the junta's
        defence minister, General Ardo Kesk"), an institution for "it", or the noun phrase itself
        ("navy officers in Harnvik") with the country and sector of the actor it is attached to."""
        appositive = next((c for c in token.children if c.dep_ == "appos"), None)
        if appositive is not None:
            person = self._mention_at(appositive)
            if person is not None and person.kind == "person":
                return _speaker(person)
        mention = self._mention_at(token)
        if mention is not None:
            return _speaker(mention)
        if token.lower_ in UNRESOLVED_PRONOUNS:
            mention = self._institution_before(token)
            if mention is None:
                return None
            return Speaker(
                token.text, mention.name, mention.actor_id, mention.code, mention.sector, mention.kind,
                token.idx, token.idx + len(token),
            )  # fmt: skip
        phrase = _noun_phrase(token)
        attached = self._mentions_over(phrase)
        affiliation = next((m for m in attached if m.code), attached[0] if attached else None)
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "PRON"):
            return _speaker(affiliation) if affiliation is not None else None
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
        text = self.text[start:end]
        name = " ".join(t.text for t in phrase if t.dep_ != "det" and t.tag_ != "PRP$") or text
        if affiliation is None:
            return Speaker(text, name, None, None, None, None, start, end)
        return Speaker(text, name, None, affiliation.code, affiliation.sector, None, start, end)

    def _speaker_of_sentence(self, token: Token) -> Speaker | None:
        """The speaker a sentence introduces: a person in its subject, else in the sentence, else its subject."""
        start, end = self.sentences[token.i]
        sentence = self.doc[start:end]
        root = sentence.root
        subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
        in_subject = self._mentions_over(list(subject.subtree)) if subject is not None else []
        in_sentence = self._mentions_over(list(sentence))
        for mention in (
            *[m for m in in_subject if m.kind == "person"],
            *[m for m in in_sentence if m.kind == "person"],
            *in_subject,
        ):
            return _speaker(mention)
        return self._speaker_from(subject) if subject is not None else None

    def _introducing_colon(self, span: QuotedSpan) -> Token | None:
        """A colon that introduces the quote: earlier in its sentence, or ending the previous paragraph."""
        p_start = self.paragraph_start(span.start)
        before = self.text[p_start : span.start - 1]
        colon = before.rfind(":")
        if colon >= 0 and not re.search(r"[.!?][\s”\"]", before[colon:]):
            return self.doc.char_span(p_start + colon, p_start + colon + 1, alignment_mode="expand")[0]
        if before.strip():
            return None
        k = self.paragraph_starts.index(p_start)
        if k > 0:
            prev_start, prev_end = self.paragraphs[k - 1]
            if self.text[prev_start:prev_end].rstrip().endswith(":"):
                end = prev_start + len(self.text[prev_start:prev_end].rstrip())
                return self.doc.char_span(end - 1, end, alignment_mode="expand")[0]
        return None

    def _carried_from(self, span: QuotedSpan, previous: Quotation | None) -> Quotation | None:
        """The quotation this span goes on with: a quote re-opened in the next paragraph, or the second
        half of a quote split by its attribution ("That's unacceptable," declared the president, "…")."""
        if previous is None or previous.kind == "indirect":
            return None
        if span.continued:
            return previous
        if self.paragraph_start(previous.start) != self.paragraph_start(span.start):
            return self._quote_only_paragraph(span, previous)
        between = self.text[previous.end : span.start - 1]
        if previous.cue_start is not None and previous.end <= previous.cue_start < span.start:
            # only the attribution stands between the halves
            return previous if between.rstrip().endswith((",", ":")) and len(between) < 120 else None
        return None

    def _quote_only_paragraph(self, span: QuotedSpan, previous: Quotation) -> Quotation | None:
        """A paragraph that is nothing but a quotation continues the speaker of the paragraph before."""
        p_start = self.paragraph_start(span.start)
        k = self.paragraph_starts.index(p_start)
        p_end = self.paragraphs[k][1]
        outside = self.text[p_start : span.start - 1] + self.text[span.end + 1 : p_end]
        if k == 0 or len(outside.strip(" ”“\"'.,")) > 2:
            return None
        prev_start = self.paragraphs[k - 1][0]
        return previous if previous.start >= prev_start else None

    def _fallback_speaker(self, span: QuotedSpan, tokens: Span, earlier: list[Quotation]) -> Speaker | None:
        """No cue: the actor the sentence is about (“a direct result of …,” Putin rejects …), else the
        speaker the sentence just before introduces (“…, noted X of the Y institute. “…”), else the last
        speaker of the paragraph."""
        start, end = self.sentences[tokens.start]
        root = self.doc[start:end].root
        if root.i not in range(tokens.start, tokens.end):
            subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
            if subject is not None and not self._in_quote(subject.idx):
                mention = self._mention_at(subject)
                if mention is not None and mention.kind in ("person", "institution", "igo", "group"):
                    return _speaker(mention)
        introduced = self._introduced_before(span, start)
        if introduced is not None:
            return introduced
        p_start = self.paragraph_start(span.start)
        for quote in reversed(earlier):
            if quote.start < p_start:
                break
            if quote.speaker is not None:
                return quote.speaker
        return None

    def _introduced_before(self, span: QuotedSpan, sentence_start: int) -> Speaker | None:
        """A quotation that opens its sentence, after a sentence whose own speech verb names a speaker
        outside quotation marks ("…, Sirio Canos-Donnay … told VOA. “He's combined …”"): that speaker."""
        opener = span.start - 1
        if sentence_start == 0 or self.text[self.doc[sentence_start].idx : opener].strip():
            return None
        previous_start, previous_end = self.sentences[sentence_start - 1]
        cues = [t for t in self.doc[previous_start:previous_end] if self._is_cue(t) and not self._in_quote(t.idx)]
        for cue in reversed(cues):
            speaker = self._speaker_of(cue)
            if speaker is not None and speaker.actor_id is not None:
                return speaker
        return None

    # --- indirect speech ---------------------------------------------------------------------------

    def indirect_speech(self) -> list[Quotation]:
        """What a speech verb reports without quotation marks: its clause ("Lavrov said that …"), the
        object of a denial ("it denied any link to …"), a sentence "according to" someone."""
        found = []
        lexicon = self.lexicon
        for token in self._tokens_with(lexicon.speech_verbs | lexicon.reported_object_verbs | lexicon.speech_nouns):
            if self._in_quote(token.idx):
                continue
            content = self._reported_content(token)
            if content is None:
                continue
            clause = _trim(content)
            if len([t for t in clause if t.is_alpha]) < 3:
                continue
            start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
            if any(s < end and start < e for s, e in self.spans):
                continue  # the quoted words inside it are the record
            speaker = self._speaker_of(token)
            found.append(
                Quotation(start, end, self.text[start:end], "indirect", speaker, self._cue_name(token), token.idx)
            )
        return found

    def _tokens_with(self, lemmas: frozenset[str]) -> list[Token]:
        """Tokens with one of these lemmas, or starting a source phrase, found in the Doc's arrays:
        iterating over every Token object costs more than the rest of the quotation finder."""
        strings = self.doc.vocab.strings
        table = self.doc.to_array([LEMMA, LOWER])
        wanted_lemmas = numpy.array([strings.add(w) for w in lemmas], dtype=numpy.uint64)
        wanted_words = numpy.array([strings.add(w) for w in self.lexicon.source_phrases], dtype=numpy.uint64)
        hits = numpy.isin(table[:, 0], wanted_lemmas) | numpy.isin(table[:, 1], wanted_words)
        return [self.doc[int(i)] for i in numpy.flatnonzero(hits)]

    def _reported_content(self, token: Token) -> list[Token] | None:
        if token.dep_ == "prep" and self._source_phrase(token):
            phrase = {t.i for t in token.subtree}
            return [t for t in token.head.subtree if t.i not in phrase]
        lemma = token.lemma_.lower()
        if token.pos_ == "NOUN" and lemma in self.lexicon.speech_nouns:
            clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp", "relcl") and _has_that(c)), None)
            if clause is None:  # the parser often hangs "statement in April 2022 that …" on the main verb
                clause = self._that_clause_after(token)
            return self._without_quoted_conjuncts(clause) if clause is not None else None
        if token.pos_ != "VERB":
            return None
        if lemma in self.lexicon.speech_verbs:
            ccomp = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if ccomp is not None and (ccomp.i > token.i or _comma_after(ccomp)):
                return self._without_quoted_conjuncts(ccomp)
        if lemma in self.lexicon.reported_object_verbs:
            dobj = next((c for c in token.children if c.dep_ == "dobj"), None)
            if dobj is not None and dobj.pos_ in ("NOUN", "PROPN"):
                return [token, *dobj.subtree]
        return None

    def _that_clause_after(self, noun: Token) -> Token | None:
        """A "that" clause a few words after the noun, with no verb between them."""
        end = min(noun.i + 8, self.sentences[noun.i][1])
        for token in self.doc[noun.i + 1 : end]:
            if token.lower_ == "that" and token.dep_ == "mark" and _has_that(token.head):
                return token.head
            if token.pos_ in ("VERB", "AUX"):
                return None
        return None

    def _without_quoted_conjuncts(self, clause: Token) -> list[Token]:
        """The clause without its complementiser, and without a conjoined clause that holds quoted
        words ("said that Morvenia was ready …, and that “words in Harnvik …”"): those are a record."""
        drop = {c.i for c in clause.children if c.dep_ == "mark"}
        for token in clause.subtree:
            if token.dep_ == "conj" and any(self._in_quote(t.idx) for t in token.subtree):
                drop |= {t.i for t in token.subtree}
                drop |= {c.i for c in token.head.children if c.dep_ in ("cc", "punct") and c.i < token.i}
        return [t for t in clause.subtree if t.i not in drop]

    # --- lookups -----------------------------------------------------------------------------------

    def paragraph_start(self, offset: int) -> int:
        return self.paragraph_starts[max(bisect_right(self.paragraph_starts, offset) - 1, 0)]

    def _in_quote(self, offset: int) -> bool:
        k = bisect_right(self.span_starts, offset) - 1  # outermost spans do not overlap
        return k >= 0 and offset < self.spans[k][1]

    def _mention_at(self, token: Token) -> Mention | None:
        return self.index.at(token)

    def _mentions_over(self, tokens: list[Token]) -> list[Mention]:
        return self.index.over(tokens, keep=lambda m: not self._in_quote(m.start))

    def _mention_in(self, tokens: list[Token]) -> Mention | None:
        mentions = self._mentions_over(tokens)
        return mentions[0] if mentions else None

    def _mention_of_noun(self, head: Token) -> Mention | None:
        """The actor a quoted modifier or possessed noun belongs to: Russia's “special operation”."""
        noun = head.head if head.dep_ in PREMODIFIERS else head
        possessor = _possessor(noun)
        return self._mention_at(possessor) if possessor is not None else self._mention_at(noun)

    def _institution_before(self, token: Token) -> Mention | None:
        """What an unresolved "it" or "they" speaks for: the nearest earlier institution, country or group."""
        return self.index.before(
            token, self.lexicon.pronoun_sentences, lambda m: m.kind in SPEAKER_KINDS_FOR_IT and bool(m.actor_id)
        )


def _share_speakers_back(quotes: list[Quotation]) -> None:
    """A quotation continued over paragraphs is often attributed only at its end: the earlier parts
    take the speaker and cue found later."""
    by_start = {q.start: q for q in quotes}
    for quote in reversed(quotes):
        previous = by_start.get(quote.continues) if quote.continues is not None else None
        if previous is not None and previous.speaker is None and quote.speaker is not None:
            previous.speaker, previous.cue, previous.cue_start = quote.speaker, quote.cue, quote.cue_start


def _heads(tokens: Span) -> list[Token]:
    """The quote's words that hang on something outside it, highest in the parse first."""
    inside = range(tokens.start, tokens.end)
    words = [t for t in tokens if not (t.is_punct or t.is_space)] or list(tokens)
    heads = [t for t in words if t.head.i not in inside or t.head.i == t.i] or words
    return sorted(heads, key=lambda t: (sum(1 for _ in t.ancestors), t.i))


def _head(tokens: Span) -> Token:
    return _heads(tokens)[0]


def _noun_phrase(token: Token) -> list[Token]:
    """The token's noun phrase without clauses or appositions hanging on it."""
    skip = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl"}
    out = [token]
    for child in token.children:
        if child.dep_ not in skip:
            out += list(child.subtree)
    out.sort(key=lambda t: t.i)
    return out[:12]


def _possessor(noun: Token) -> Token | None:
    return next((c for c in noun.children if c.dep_ == "poss"), None)


def _has_that(clause: Token) -> bool:
    """A content clause ("that Russia was …"), not a relative one ("that he made")."""
    mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    return mark is not None and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children)


def _comma_after(clause: Token) -> bool:
    """A clause before its verb is reported only as "…, he said": a comma (or a closing mark) ends it."""
    end = clause.right_edge.i + 1
    return end < len(clause.doc) and clause.doc[end].text in {",", "”", '"', "’"}


def _trim(tokens: list[Token]) -> list[Token]:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens


def _speaker(mention: Mention) -> Speaker:
    return Speaker(
        mention.text, mention.name, mention.actor_id, mention.code, mention.sector, mention.kind,
        mention.start, mention.end,
    )  # fmt: skip
