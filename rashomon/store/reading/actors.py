"""Actors as the mentions resolve them: profiles, names, kinds, and the demonyms that name a people."""

from __future__ import annotations

from typing import Any

from rashomon.store.database import Store


def actor_profiles(store: Store, search: str | None = None) -> list[dict[str, Any]]:
    """Every actor the mentions resolve to (pronouns included), most mentioned first: its id, and the
    code, name, sector and kind its mentions give most often, with its counts of mentions, documents,
    events as actor (`as_actor`) and as recipient (`as_recipient`), and quotations (`quotes`). With
    `search`, only the actors whose id, code, name or a mention's words hold it (case ignored)."""
    cursor = store.con.execute(
        """
        WITH mentioned AS (
                 SELECT actor_id, mode(code ORDER BY code) AS code, mode(name ORDER BY name) AS name,
                        mode(sector ORDER BY sector) AS sector, mode(kind ORDER BY kind) AS kind,
                        count(*) AS mentions, count(DISTINCT doc_id) AS documents
                 FROM mentions WHERE actor_id IS NOT NULL GROUP BY actor_id
                 HAVING $search IS NULL
                     OR bool_or(contains(lower(concat_ws(' ', actor_id, code, name, text)), lower($search)))),
             acting AS (SELECT unnest(actor_ids) AS actor_id FROM events),
             receiving AS (SELECT unnest(recipient_ids) AS actor_id FROM events),
             quoted AS (SELECT speaker_actor_id AS actor_id FROM quotes WHERE speaker_actor_id IS NOT NULL)
        SELECT m.*,
               (SELECT count(*) FROM acting a WHERE a.actor_id = m.actor_id) AS as_actor,
               (SELECT count(*) FROM receiving r WHERE r.actor_id = m.actor_id) AS as_recipient,
               (SELECT count(*) FROM quoted q WHERE q.actor_id = m.actor_id) AS quotes
        FROM mentioned m ORDER BY mentions DESC, actor_id
        """,
        {"search": search.strip() if search and search.strip() else None},
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def mentioned_actors(store: Store) -> list[tuple[str, str | None, str | None, int]]:
    """Every actor the mentions resolve to, most mentioned first: its id, the code and name its mentions
    give most often, and how many mentions it has — what naming an actor needs, without the counts
    `actor_profiles` adds for a listing (those cost 60–100 ms at 10,000 documents, on every `shift`)."""
    return store.con.execute(
        "SELECT actor_id, mode(code ORDER BY code), mode(name ORDER BY name), count(*) AS mentions FROM mentions "
        "WHERE actor_id IS NOT NULL GROUP BY actor_id ORDER BY mentions DESC, actor_id"
    ).fetchall()


def actor_names(store: Store) -> dict[str, str]:
    """actor id → the name its mentions give most often."""
    return dict(
        store.con.execute(
            "SELECT actor_id, mode(name ORDER BY name) FROM mentions "
            "WHERE actor_id IS NOT NULL AND name IS NOT NULL GROUP BY 1"
        ).fetchall()
    )


def actor_kinds(store: Store) -> dict[str, str | None]:
    """actor id → a kind its mentions give it (the first in alphabetical order)."""
    return dict(
        store.con.execute(
            "SELECT actor_id, min(kind) FROM mentions WHERE actor_id IS NOT NULL GROUP BY actor_id"
        ).fetchall()
    )


def mention_profiles(store: Store) -> list[tuple[str, str, str | None, str | None, str | None, int, bool]]:
    """Per document and actor named there (not only by a pronoun): the sector, kind and name its mentions
    give most often, the most words one of them has, and whether the actor is anywhere named with an
    article ("the Grey Shelf", or "the" just before the mention)."""
    return store.con.execute(
        """
        WITH named AS (SELECT * FROM mentions WHERE actor_id IS NOT NULL AND via <> 'pronoun'),
             articled AS (
                 SELECT n.actor_id FROM named n JOIN documents d USING (doc_id)
                 WHERE starts_with(lower(n.text), 'the ')
                       OR (n.start >= 4 AND lower(substr(d.text, n.start - 3, 4)) = 'the ')
                 GROUP BY 1)
        SELECT doc_id, actor_id, mode(sector ORDER BY sector), mode(kind ORDER BY kind), mode(name ORDER BY name),
               max(len(string_split(text, ' '))),
               actor_id IN (SELECT actor_id FROM articled)
        FROM named GROUP BY ALL
        """
    ).fetchall()


def unsectored_demonyms(store: Store) -> list[tuple[str, int, int, str]]:
    """(doc_id, start, end, text) of the mentions resolved by a demonym and left without a sector."""
    return store.con.execute(
        """SELECT doc_id, start, "end", text FROM mentions WHERE via = 'demonym' AND coalesce(sector, '') = ''"""
    ).fetchall()
