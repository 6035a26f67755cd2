"""The PLOVER event lexicon (data/plover.toml): trigger words, their constructions, the cooperation scale."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
# The modalities of events that happened: what dyads, shift and the benchmarks count, what the event
# veto was trained on; hypothetical and negated events did not happen.
HAPPENED = ("asserted", "reported", "historical")
MODALITIES = (*HAPPENED, "hypothetical", "negated")  # every modality an event is stored with
TARGET_KINDS = ("object", "subject", "possessor", "complement", "none")
SOURCE_KINDS = ("subject", "object", "possessor", "speaker", "modifier", "governor")  # or "prep:<word>"
GERUND_TARGETS = ("prep:of", "prep:against", "prep:on")  # "the killing of protesters", "the shelling of Kharkiv"
COMPLEMENTS = {"oprd", "acomp", "ccomp", "xcomp", "attr", "advcl", "dobj"}  # where "accountable", "a provocation" stand


class LexiconError(ValueError):
    """The event lexicon has an entry that cannot be read."""


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str  # "verb" | "noun"
    type: str
    mode: str | None = None
    objects: frozenset[str] = frozenset()
    particle: str | None = None
    prep: str | None = None
    complements: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()  # nouns: a compound or adjective that must qualify it ("war games")
    unless: frozenset[str] = frozenset()  # dependency labels that rule the reading out ("call it X": oprd)
    targets: tuple[str, ...] = ("object",)
    sources: tuple[str, ...] = ()
    symmetric: bool = False
    derived: bool = False
    plural: bool = False
    object_is_actor: bool = False

    @property
    def specificity(self) -> int:
        """How many conditions the entry sets: the most specific matching entry wins."""
        # a particle changes the verb ("call up"), so it outweighs a preposition ("call … for")
        return (bool(self.objects) + 2 * bool(self.particle) + bool(self.prep) + bool(self.complements)
                + bool(self.modifiers))  # fmt: skip

    def matches(self, token: Token, objects: list[Token]) -> bool:
        """Whether the token, with these direct objects, stands in the construction the entry asks for."""
        children = list(token.children)
        if any(c.dep_ in self.unless for c in children):
            return False
        if self.plural and token.tag_ not in ("NNS", "NNPS"):
            return False
        if self.particle and not any(c.dep_ == "prt" and c.lower_ == self.particle for c in children):
            return False
        if self.prep and not any(c.dep_ in ("prep", "prt") and c.lower_ == self.prep and not _temporal(c)
                                 for c in children):  # fmt: skip
            return False  # "called on Israel", not "called Israel … on Monday"
        if self.modifiers and not any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in self.modifiers
                                      for c in children):  # fmt: skip
            return False
        if self.objects:
            lemmas = {t.lemma_.lower() for o in objects for t in (o, *o.children) if t.dep_ in ("compound", "amod")
                      or t is o}  # fmt: skip
            if any(o.ent_type_ == "MONEY" for o in objects):
                lemmas.add("money")  # "received $5 billion", "pledged 40 million euros"
            if not lemmas & self.objects:
                return False
        if self.complements:
            predicates = [c for c in children if c.dep_ in COMPLEMENTS]
            predicates += [c for o in children if o.dep_ == "dobj" for c in o.children if c.dep_ in COMPLEMENTS]
            words = {t.lemma_.lower() for c in predicates for t in c.subtree if t.pos_ in ("ADJ", "NOUN")}
            if not words & self.complements:
                return False
        # "the seized boats": an attribute, reported by its own event elsewhere
        return not (self.pos == "verb" and token.dep_ == "amod")


def _temporal(prep: Token) -> bool:
    """ "on Monday", "for two weeks": a preposition whose object is a date or a time."""
    return any(o.ent_type_ in ("DATE", "TIME") for o in prep.children)


@dataclass(frozen=True, eq=False)
class EventLexicon:
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    scale: dict[str, float]
    modals: frozenset[str]
    hypothetical_heads: frozenset[str]
    negating_heads: frozenset[str]
    negating_predicates: frozenset[str]  # "criticism has been non-existent"
    intention_modals: frozenset[str]  # hypothetical because intended: "will", "shall"
    intention_heads: frozenset[str]  # "vow", "pledge", "offer", "ready", "willing" …
    demand_modals: frozenset[str]  # "must", "should": said of another actor, a demand
    naming_verbs: frozenset[str]  # "called X unacceptable": a judgement of X by what it is called
    support_verbs: frozenset[str]  # "held talks", "waged war": the subject does what the object noun names
    support_nouns: frozenset[str]  # "the imposition of sanctions": its owner does what the "of" noun names
    state_acts: dict[str, str]  # "arrest" → COP: only a state does it, through that sector
    historical_anchors: frozenset[str]  # "following the dissolution of …": an era, so background
    historical_days: int
    undated_window_days: int
    digest: str

    def entry_for(
        self, token: Token, objects: list[Token], admit: Callable[[Trigger], bool] = lambda entry: True
    ) -> Trigger | None:
        """The most specific entry the token's construction matches, if any."""
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            entries = self.verbs.get(lemma, ())
        elif token.pos_ in ("NOUN", "PROPN"):
            entries = self.nouns.get(lemma, ()) or self.gerund_entries(token)
        else:
            return None
        return next((e for e in entries if e.matches(token, objects) and admit(e)), None)

    def gerund_verb(self, token: Token) -> str | None:
        """The lexicon verb a nominal gerund is made of ("the killing of protesters" → kill), when the
        lexicon has no noun entry of its own."""
        word = token.lower_
        if token.tag_ not in ("NN", "NNS") or not word.endswith(("ing", "ings")) or token.lemma_.lower() in self.nouns:
            return None
        stem = word[: -4 if word.endswith("ings") else -3]
        candidates = (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else "")
        return next((c for c in candidates if c in self.verbs), None)

    def gerund_entries(self, token: Token) -> tuple[Trigger, ...]:
        """The verb's plain entries read as a noun's: actor the possessor, "by" or a modifier; recipient the
        "of", "against" or "on" phrase. Entries that need a verb's construction (an object word, a particle,
        a preposition, a complement) do not carry over."""
        verb = self.gerund_verb(token)
        if verb is None:
            return ()
        return tuple(
            replace(e, pos="noun", targets=GERUND_TARGETS, sources=(), object_is_actor=False)
            for e in self.verbs[verb]
            if not (e.objects or e.particle or e.prep or e.complements or e.sources)
        )


def parse_lexicon(data: dict, digest: str) -> EventLexicon:
    scale = {k: float(v) for k, v in data["scale"].items()}
    unknown = set(scale) - set(PLOVER_TYPES)
    if unknown:
        raise LexiconError(f"[scale] names types PLOVER does not have: {', '.join(sorted(unknown))}")
    verbs: dict[str, list[Trigger]] = {}
    nouns: dict[str, list[Trigger]] = {}
    for pos, table, out in (("verb", "verb", verbs), ("noun", "noun", nouns)):
        for n, entry in enumerate(data.get(table, [])):
            for trigger in _triggers(entry, pos, n):
                out.setdefault(trigger.lemma, []).append(trigger)
    modality = data["modality"]

    def words(key: str, required: bool = False) -> frozenset[str]:
        value = modality[key] if required else modality.get(key, [])
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise LexiconError(f"[modality] {key} must be a list of words, not {value!r}")
        return frozenset(value)

    state_acts = modality.get("state_acts", {})
    if not isinstance(state_acts, dict) or not all(isinstance(s, str) for s in state_acts.values()):
        raise LexiconError(f'[modality] state_acts must be a table of word = "SECTOR", not {state_acts!r}')
    return EventLexicon(
        verbs={k: tuple(sorted(v, key=lambda t: -t.specificity)) for k, v in verbs.items()},
        nouns={k: tuple(sorted(v, key=lambda t: -t.specificity)) for k, v in nouns.items()},
        scale=scale,
        modals=words("modals", required=True),
        hypothetical_heads=words("hypothetical_heads", required=True),
        negating_heads=words("negating_heads", required=True),
        negating_predicates=words("negating_predicates"),
        intention_modals=words("intention_modals"),
        intention_heads=words("intention_heads"),
        demand_modals=words("demand_modals"),
        naming_verbs=words("naming_verbs"),
        support_verbs=words("support_verbs"),
        support_nouns=words("support_nouns"),
        state_acts=dict(state_acts),
        historical_anchors=words("historical_anchors"),
        historical_days=int(modality["historical_days"]),
        undated_window_days=int(modality["undated_window_days"]),
        digest=digest,
    )


def _triggers(entry: dict, pos: str, n: int) -> list[Trigger]:
    """One trigger per lemma: `lemma = "x"` and/or `lemmas = [...]`, a synonym set with the same conditions."""
    lemmas = entry.get("lemmas", [])
    lemmas = [entry["lemma"], *lemmas] if "lemma" in entry and isinstance(lemmas, list) else lemmas
    first = lemmas[0] if isinstance(lemmas, list) and lemmas and isinstance(lemmas[0], str) else "?"
    where = f"[[{pos}]] #{n + 1} ({first})"
    if not lemmas or "type" not in entry:
        raise LexiconError(f"{where}: needs a lemma (or lemmas) and a type")
    if not isinstance(lemmas, list):
        raise LexiconError(f"{where}: lemmas must be a list of words, not {lemmas!r}")
    for lemma in lemmas:
        if not isinstance(lemma, str) or not lemma.strip():
            raise LexiconError(f"{where}: lemma {lemma!r} is not a non-empty string")
    trigger = _trigger(entry, pos, where)
    return [replace(trigger, lemma=lemma) for lemma in dict.fromkeys(lemmas)]


def _trigger(entry: dict, pos: str, where: str) -> Trigger:
    if entry["type"] not in PLOVER_TYPES:
        raise LexiconError(f"{where}: {entry['type']!r} is not a PLOVER type")
    default_targets = ["object"] if pos == "verb" else ["none"]
    targets = tuple(entry.get("target", default_targets))
    for target in targets:
        if target not in TARGET_KINDS and not target.startswith("prep:"):
            raise LexiconError(f"{where}: target {target!r} is not one of {', '.join(TARGET_KINDS)} or prep:<word>")
    for source in entry.get("source", []):
        if source not in SOURCE_KINDS and not source.startswith("prep:"):
            raise LexiconError(f"{where}: source {source!r} is not one of {', '.join(SOURCE_KINDS)} or prep:<word>")
    return Trigger(
        lemma="",
        pos=pos,
        type=entry["type"],
        mode=entry.get("mode"),
        objects=frozenset(entry.get("object", [])),
        particle=entry.get("particle"),
        prep=entry.get("prep"),
        complements=frozenset(entry.get("complement", [])),
        modifiers=frozenset(entry.get("modifier", [])),
        unless=frozenset(entry.get("unless", [])),
        targets=targets,
        sources=tuple(entry.get("source", [])),
        symmetric=bool(entry.get("symmetric", False)),
        derived=bool(entry.get("derived", False)),
        plural=bool(entry.get("plural", False)),
        object_is_actor=bool(entry.get("object_is_actor", False)),
    )


@lru_cache(maxsize=4)
def load_lexicon(extra: tuple[Path, ...] = ()) -> EventLexicon:
    """The bundled lexicon, with the user's files (same format) before it: their entries win for the
    same word and construction, and their [scale] or [modality] keys replace the bundled ones. A file
    that says `supplement = true` (an imported dictionary) goes after it instead: it adds the words and
    constructions the bundled lexicon lacks and never overrides one it has."""
    raw = resources.files("rashomon.annotate").joinpath("data/plover.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    digest = hashlib.sha1(raw)
    verbs, nouns, later_verbs, later_nouns = [], [], [], []
    for path in extra:
        try:
            user_raw = Path(path).read_bytes()
            user = tomllib.loads(user_raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise LexiconError(f"{path}: cannot read the event lexicon: {err}") from None
        digest.update(user_raw)
        supplement = user.get("supplement", False)
        if not isinstance(supplement, bool):
            raise LexiconError(f"{path}: supplement must be true or false, not {supplement!r}")
        (later_verbs if supplement else verbs).extend(user.get("verb", []))
        (later_nouns if supplement else nouns).extend(user.get("noun", []))
        data["scale"] = {**data["scale"], **user.get("scale", {})}
        data["modality"] = {**data["modality"], **user.get("modality", {})}
    data["verb"] = verbs + data.get("verb", [])
    data["noun"] = nouns + data.get("noun", [])
    data["verb"] += _only_new_words(later_verbs, data["verb"])
    data["noun"] += _only_new_words(later_nouns, data["noun"])
    try:
        return parse_lexicon(data, digest.hexdigest()[:12])
    except LexiconError as err:
        raise LexiconError(f"{', '.join(map(str, extra)) or 'bundled lexicon'}: {err}") from None


def _only_new_words(entries: list[dict], known: list[dict]) -> list[dict]:
    """A supplement's entries for the words the other lexicons do not list at all."""
    have = {w for entry in known for w in _entry_lemmas(entry)}
    out = []
    for entry in entries:
        new = [w for w in _entry_lemmas(entry) if w not in have]
        if new:
            out.append({**{k: v for k, v in entry.items() if k not in ("lemma", "lemmas")}, "lemmas": new})
    return out


def _entry_lemmas(entry: dict) -> list[str]:
    lemmas = entry.get("lemmas", [])
    words = [entry["lemma"]] if isinstance(entry.get("lemma"), str) else []
    return words + [w for w in lemmas if isinstance(w, str)] if isinstance(lemmas, list) else words
