"""The framing lexicon (data/framing.toml), with VADER's word valences (annotate/valence.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rashomon.annotate.lexicons import bundled_toml
from rashomon.annotate.valence import vader_valence


@dataclass(frozen=True, eq=False)
class FramingLexicon:
    event_nouns: dict[str, tuple[str, ...]]  # noun → PLOVER types an event so named can have
    light_nouns: frozenset[str]  # "act" of piracy
    carriers: frozenset[str]  # "launch" an event
    light_verbs: frozenset[str]  # "hold" talks: the noun, not the verb, names the event
    actor_heads: frozenset[str]  # the Kiev "regime"
    naming_verbs: frozenset[str]  # "classify" X as Y
    loaded_words: frozenset[str]
    favourable: frozenset[str]  # loaded words that speak for whom they name ("heroic", "liberators")
    distancing: frozenset[str]  # reporting verbs that doubt what they report ("claim", "allege")
    crediting: frozenset[str]  # reporting verbs that vouch for it ("reveal", "confirm")
    valence_threshold: float
    valence: dict[str, float]  # VADER's lexicon: word → valence (−4…4)

    def loaded_by(self, words: list[str], head: str, scored: list[str] | None = None) -> str | None:
        """The word that makes a label loaded, if any: a listed word anywhere, or a modifier that
        VADER scores strongly (among `scored`, when given: words of a name, "United States",
        "Free Syrian Army", are no one's sentiment). The head is not scored by valence: "attack" is
        negative to VADER whoever names it so."""
        phrase = " ".join(words)
        for entry in self.loaded_words:
            if " " in entry and entry in phrase:
                return entry
        for word in words:
            if word in self.loaded_words:
                return word
        for word in words if scored is None else scored:
            if word != head and abs(self.valence.get(word, 0.0)) >= self.valence_threshold:
                return word
        return None


@lru_cache(maxsize=1)
def load_lexicon() -> FramingLexicon:
    data = bundled_toml("framing.toml")
    events, actors, loaded = data["events"], data["actors"], data["loaded"]
    return FramingLexicon(
        event_nouns={noun: tuple(group["types"]) for group in events["nouns"] for noun in group["lemmas"]},
        light_nouns=frozenset(events["light"]),
        carriers=frozenset(events["carriers"]),
        light_verbs=frozenset(events["light_verbs"]),
        actor_heads=frozenset(actors["heads"]),
        naming_verbs=frozenset(actors["naming_verbs"]),
        loaded_words=frozenset(w.lower() for w in loaded["words"]),
        favourable=frozenset(w.lower() for w in loaded["favourable"]),
        distancing=frozenset(data["reporting"]["distancing"]),
        crediting=frozenset(data["reporting"]["crediting"]),
        valence_threshold=float(loaded["valence"]),
        valence=vader_valence(),
    )
