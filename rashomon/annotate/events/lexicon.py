"""The PLOVER event lexicon (data/plover.toml): trigger words, their constructions, the cooperation scale."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
TARGET_KINDS = ("object", "subject", "possessor", "complement", "none")
SOURCE_KINDS = ("subject", "object", "possessor", "speaker")  # or "prep:<word>"


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
        return bool(self.objects) + 2 * bool(self.particle) + bool(self.prep) + bool(self.complements)


@dataclass(frozen=True, eq=False)
class EventLexicon:
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    scale: dict[str, float]
    modals: frozenset[str]
    hypothetical_heads: frozenset[str]
    negating_heads: frozenset[str]
    intention_modals: frozenset[str]  # hypothetical because intended: "will", "shall"
    intention_heads: frozenset[str]  # "vow", "pledge", "offer", "ready", "willing" …
    demand_modals: frozenset[str]  # "must", "should": said of another actor, a demand
    historical_days: int
    undated_window_days: int
    digest: str


def parse_lexicon(data: dict, digest: str) -> EventLexicon:
    scale = {k: float(v) for k, v in data["scale"].items()}
    unknown = set(scale) - set(PLOVER_TYPES)
    if unknown:
        raise LexiconError(f"[scale] names types PLOVER does not have: {', '.join(sorted(unknown))}")
    verbs: dict[str, list[Trigger]] = {}
    nouns: dict[str, list[Trigger]] = {}
    for pos, table, out in (("verb", "verb", verbs), ("noun", "noun", nouns)):
        for n, entry in enumerate(data.get(table, [])):
            trigger = _trigger(entry, pos, n)
            out.setdefault(trigger.lemma, []).append(trigger)
    modality = data["modality"]
    return EventLexicon(
        verbs={k: tuple(sorted(v, key=lambda t: -t.specificity)) for k, v in verbs.items()},
        nouns={k: tuple(sorted(v, key=lambda t: -t.specificity)) for k, v in nouns.items()},
        scale=scale,
        modals=frozenset(modality["modals"]),
        hypothetical_heads=frozenset(modality["hypothetical_heads"]),
        negating_heads=frozenset(modality["negating_heads"]),
        intention_modals=frozenset(modality.get("intention_modals", [])),
        intention_heads=frozenset(modality.get("intention_heads", [])),
        demand_modals=frozenset(modality.get("demand_modals", [])),
        historical_days=int(modality["historical_days"]),
        undated_window_days=int(modality["undated_window_days"]),
        digest=digest,
    )


def _trigger(entry: dict, pos: str, n: int) -> Trigger:
    where = f"[[{pos}]] #{n + 1} ({entry.get('lemma', '?')})"
    if "lemma" not in entry or "type" not in entry:
        raise LexiconError(f"{where}: needs a lemma and a type")
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
        lemma=entry["lemma"],
        pos=pos,
        type=entry["type"],
        mode=entry.get("mode"),
        objects=frozenset(entry.get("object", [])),
        particle=entry.get("particle"),
        prep=entry.get("prep"),
        complements=frozenset(entry.get("complement", [])),
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
    same word and construction, and their [scale] or [modality] keys replace the bundled ones."""
    raw = resources.files("rashomon.annotate").joinpath("data/plover.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    digest = hashlib.sha1(raw)
    verbs, nouns = [], []
    for path in extra:
        try:
            user_raw = Path(path).read_bytes()
            user = tomllib.loads(user_raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise LexiconError(f"{path}: cannot read the event lexicon: {err}") from None
        digest.update(user_raw)
        verbs += user.get("verb", [])
        nouns += user.get("noun", [])
        data["scale"] = {**data["scale"], **user.get("scale", {})}
        data["modality"] = {**data["modality"], **user.get("modality", {})}
    data["verb"] = verbs + data.get("verb", [])
    data["noun"] = nouns + data.get("noun", [])
    try:
        return parse_lexicon(data, digest.hexdigest()[:12])
    except LexiconError as err:
        raise LexiconError(f"{', '.join(map(str, extra)) or 'bundled lexicon'}: {err}") from None
