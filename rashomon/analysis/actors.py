"""Actors as a user names them — a code, a name, an alias as written in the articles, or an actor id,
in any case — resolved against what the store's mentions resolve to, so that "Valdoria", "valdoria" and
"XVA" ask the same question.

A country resolves to its code, which names the state (rashomon.analysis.dyads): "Russia" is "RUS", not
every mention whose name is Russia (its civilians, its rebels). Sectors may follow any of these forms:
"Russia:GOV+MIL". A name no mention gives, or one several actors share, is an error that says which
actors come close.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rashomon.analysis.errors import QueryError
from rashomon.store.database import Store
from rashomon.store.reading.actors import mentioned_actors

SUGGESTIONS = 4


class ActorNameError(QueryError):
    """An actor argument that names no actor of the store, or several."""


@dataclass(frozen=True)
class Actor:
    """An actor of the store: its id, the code and name its mentions give most often, how often it is
    mentioned."""

    actor_id: str
    code: str | None
    name: str | None
    mentions: int

    @property
    def is_country(self) -> bool:
        """The country (or organisation) itself, whose id is its code ("RUS", "UN")."""
        return self.code is not None and self.actor_id == self.code

    @property
    def short_label(self) -> str:
        """ "Valdoria (XVA)", "Teodor Varnek (XVA)": a name with its code, for a chart's axis or legend."""
        name = self.name or self.actor_id
        return f"{name} ({self.code})" if self.code and name != self.code else name

    @property
    def label(self) -> str:
        """ "Teodor Varnek (teodor-varnek, XVA)", "Valdoria (XVA)": a name, with what a command takes."""
        if self.is_country:
            return f"{self.name} ({self.code})" if self.name and self.name != self.code else str(self.code)
        code = f", {self.code}" if self.code else ""
        return f"{self.name or self.actor_id} ({self.actor_id}{code})"


@dataclass(frozen=True)
class Resolved:
    """What an actor argument names: `spec` as the dyad layer reads it (a code with its sectors, or an
    actor id), and the actor's `label` for people to read."""

    spec: str
    label: str


def display_names(store: Store) -> dict[str, str]:
    """Each actor id and country code of the store → how views name it beside its code: "Valdoria (XVA)"."""
    actors = [Actor(*row) for row in mentioned_actors(store)]
    names = {a.actor_id: a.short_label for a in actors}
    return names | {a.code: a.short_label for a in actors if a.is_country and a.code}


def resolve_actor(store: Store, text: str) -> Resolved:
    """The actor `text` names (see the module's doc); ActorNameError when none or several."""
    given = text.strip()
    if not given:
        raise ActorNameError("an actor is needed: a code (RUS), a name (Russia), an actor id, with :SECTORS or not")
    actors = [Actor(*row) for row in mentioned_actors(store)]
    word, colon, sectors = given.partition(":")
    whole = _named(store, actors, given)  # an id may hold a colon ("doc:brennholm")
    if whole is not None or not (colon and re.fullmatch(r"[A-Za-z]+(?:\+[A-Za-z]+)*", sectors)):
        sectors = ""
        actor = whole or _named(store, actors, given)
    else:
        sectors = sectors.upper()
        actor = _named(store, actors, word.strip())
    if actor is None:
        raise ActorNameError(f"{given!r} names no actor of this store; {_suggestions(actors, word)}")
    if actor.is_country or sectors:
        if actor.code is None:
            raise ActorNameError(f"{given!r}: {actor.label} has no code to take sectors")
        spec = f"{actor.code}:{sectors}" if sectors else actor.code
        return Resolved(spec, f"{actor.label}:{sectors}" if sectors else actor.label)
    return Resolved(actor.actor_id, actor.label)


def _named(store: Store, actors: list[Actor], word: str) -> Actor | None:
    """The actor `word` is the code, id, name, written form or part of the name of (None: none); one that
    several actors share: ActorNameError."""
    key = word.casefold()
    by_id = {a.actor_id.casefold(): a for a in actors}
    countries = {a.code.casefold(): a for a in actors if a.is_country and a.code}
    if key in countries:
        return countries[key]
    if key in by_id:
        return by_id[key]
    if key in {a.code.casefold() for a in actors if a.code}:  # a country named only by its organs ("the Kremlin")
        return Actor(word.upper(), word.upper(), None, 0)
    for found in (_by_name(store, key), _by_text(store, key), _by_word(actors, key)):
        chosen = [by_id[i.casefold()] for i in found if i.casefold() in by_id]
        if len(chosen) == 1:
            return chosen[0]
        if chosen:
            options = ", ".join(a.label for a in chosen[:SUGGESTIONS])
            raise ActorNameError(f"{word!r} names several actors: {options}; give one of these instead")
    return None


def _by_name(store: Store, key: str) -> list[str]:
    """Actor ids whose mentions give this name (or its slug: "teodor varnek" is teodor-varnek's)."""
    rows = store.con.execute(
        "SELECT DISTINCT actor_id, name FROM mentions WHERE actor_id IS NOT NULL AND name IS NOT NULL"
    ).fetchall()
    slug = _slug(key)
    return sorted({actor_id for actor_id, name in rows if name.casefold() == key or _slug(name) == slug})


def _by_text(store: Store, key: str) -> list[str]:
    """Actor ids mentioned as written so ("Varnek", "Kremlin" for "the Kremlin"), most mentioned first: an
    alias from a dictionary reaches the store only so."""
    rows = store.con.execute(
        "SELECT actor_id FROM mentions WHERE actor_id IS NOT NULL AND via <> 'pronoun' "
        "AND regexp_replace(lower(text), '^the\\s+', '') = regexp_replace(?, '^the\\s+', '') "
        "GROUP BY actor_id ORDER BY count(*) DESC, actor_id",
        [key],
    ).fetchall()
    return [actor_id for (actor_id,) in rows]


def _by_word(actors: list[Actor], key: str) -> list[str]:
    """Actor ids whose name holds `key` as its words ("Maelstad" in "Sofia Maelstad"): a surname, or a
    dictionary alias the articles wrote only in full."""
    words = key.split()
    return [
        a.actor_id
        for a in actors
        if a.name and any(a.name.casefold().split()[k : k + len(words)] == words for k in range(len(a.name.split())))
    ]


def _suggestions(actors: list[Actor], word: str) -> str:
    """The actors whose code, id or name is closest to `word`, else the most mentioned ones."""
    choices: dict[str, Actor] = {}
    for actor in actors:  # most mentioned first: a close name of a busy actor is the likelier one meant
        for form in (actor.actor_id, actor.code, actor.name):
            if form:
                choices.setdefault(form.casefold(), actor)
    close = difflib.get_close_matches(word.casefold(), list(choices), n=SUGGESTIONS * 3, cutoff=0.6)
    labels = list(dict.fromkeys(choices[c].label for c in close))[:SUGGESTIONS]
    listing = "`rashomon actors --db FILE --search TEXT` lists them"
    if labels:
        return f"did you mean {', '.join(labels)}? ({listing})"
    busiest = ", ".join(a.label for a in actors[:SUGGESTIONS])
    return f"the most mentioned are {busiest} ({listing})" if busiest else "it holds no actors yet"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
