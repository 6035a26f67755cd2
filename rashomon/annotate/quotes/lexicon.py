"""The quotation lexicon (data/quotes.toml): reporting cues, title and scare markers, limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rashomon.annotate.lexicons import bundled_toml


@dataclass(frozen=True, eq=False)
class QuoteLexicon:
    speech_verbs: frozenset[str]  # report a clause: indirect speech
    naming_verbs: frozenset[str]
    reported_object_verbs: frozenset[str]  # their direct object is what was said
    thought_verbs: frozenset[str]
    speech_nouns: frozenset[str]  # report a "that" clause: "Lapid's statement that …"
    source_phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word → phrases as word tuples
    title_marker: re.Pattern[str]  # matches the text just before an opening mark
    scare_marker: re.Pattern[str]
    publication_verbs: frozenset[str]
    clause_words: int
    phrase_words: int
    direct_argument_depth: int
    pronoun_sentences: int

    def is_cue_verb(self, lemma: str) -> bool:
        return lemma in self.speech_verbs or lemma in self.naming_verbs or lemma in self.thought_verbs


def _marker(words: list[str], patterns: list[str] = ()) -> re.Pattern[str]:
    """Matches text that ends with a marker word or pattern, an article after it allowed."""
    escaped = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)]
    alternation = "|".join([*escaped, *patterns])
    return re.compile(rf"(?:^|\W)(?:{alternation})(?:\s+(?:a|an|the))?[\s,:]*$", re.IGNORECASE)


def _by_first_word(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.lower().split())
        out.setdefault(words[0], []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@lru_cache(maxsize=1)
def load_lexicon() -> QuoteLexicon:
    data = bundled_toml("quotes.toml")
    limits = data["limits"]
    return QuoteLexicon(
        speech_verbs=frozenset(data["verbs"]["speech"]),
        naming_verbs=frozenset(data["verbs"]["naming"]),
        reported_object_verbs=frozenset(data["verbs"]["reported_object"]),
        thought_verbs=frozenset(data["verbs"]["thought"]),
        speech_nouns=frozenset(data["nouns"]["speech"]),
        source_phrases=_by_first_word(data["phrases"]["source"]),
        title_marker=_marker(data["markers"]["title"]),
        scare_marker=_marker(data["markers"]["scare"], data["markers"].get("scare_patterns", [])),
        publication_verbs=frozenset(data["markers"]["publication"]),
        clause_words=int(limits["clause_words"]),
        phrase_words=int(limits["phrase_words"]),
        direct_argument_depth=int(limits["direct_argument_depth"]),
        pronoun_sentences=int(limits["pronoun_sentences"]),
    )
