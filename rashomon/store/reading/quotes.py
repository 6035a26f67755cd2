"""Quotations: whose voices each outlet carries, and how many words each speaker is given."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rashomon.store.outlets import NO_CAMP

if TYPE_CHECKING:  # a type only: the command line's help reads this module without DuckDB
    from rashomon.store.database import Store


# How quotations are grouped by their speaker: "unknown" where the quotation names nobody, "uncoded"
# where it names someone the actor dictionaries do not place (most speakers in real news).
UNKNOWN, UNCODED = "unknown", "uncoded"
_NOBODY = "coalesce(q.speaker_name, q.speaker_text) IS NULL"
SPEAKER_GROUPS = {
    "country": f"CASE WHEN {_NOBODY} THEN '{UNKNOWN}' ELSE coalesce(q.speaker_code, '{UNCODED}') END",
    "sector": f"CASE WHEN {_NOBODY} THEN '{UNKNOWN}' ELSE coalesce(q.speaker_sector, '{UNCODED}') END",
    "actor": f"coalesce(q.speaker_name, q.speaker_text, '{UNKNOWN}')",
}


# What quotations are counted per: the outlet ("unknown" where none), or the outlet's camp.
OUTLET_GROUPS = {"outlet": "coalesce(d.outlet, 'unknown')", "camp": f"coalesce(o.camp, '{NO_CAMP}')"}


def speaker_shares(store: Store, by: Sequence[str], per: str = "outlet") -> list[dict[str, Any]]:
    """Per outlet (or camp: `per`, a key of OUTLET_GROUPS) and speaker group (`by`: keys of
    SPEAKER_GROUPS), how many of its quotations (`quotes`) and what share of them (`share`); by outlet,
    commonest first."""
    columns = ", ".join(f"{SPEAKER_GROUPS[key]} AS {key}" for key in by)
    group = OUTLET_GROUPS[per]
    cursor = store.con.execute(
        f"""
        SELECT {group} AS {per}, {columns}, count(*) AS quotes,
               count(*) / sum(count(*)) OVER (PARTITION BY {group}) AS share
        FROM quotes q JOIN documents d USING (doc_id) LEFT JOIN outlets o ON o.outlet = d.outlet
        GROUP BY {", ".join(str(i) for i in range(1, len(by) + 2))}
        ORDER BY {per}, quotes DESC, {", ".join(by)}
        """
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def quoted_words(store: Store) -> list[tuple[str, str | None, str | None, str | None, int, int]]:
    """Per document and speaker (actor id and code, None where not known): the document's outlet, the
    words of the speaker's quotations there and how many quotations."""
    return store.con.execute(
        """
        SELECT q.doc_id, d.outlet, q.speaker_actor_id, q.speaker_code,
               sum(len(string_split(q.text, ' '))) AS words, count(*) AS quotes
        FROM quotes q JOIN documents d USING (doc_id)
        GROUP BY ALL
        """
    ).fetchall()
