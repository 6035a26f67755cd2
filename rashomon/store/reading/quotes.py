"""Quotations: whose voices each outlet carries, and how many words each speaker is given."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a type only: the command line's help reads this module without DuckDB
    from rashomon.store.database import Store


# How quotations are grouped by their speaker; "unknown" where the quotation names nobody.
SPEAKER_GROUPS = {
    "country": "coalesce(q.speaker_code, 'unknown')",
    "sector": "coalesce(q.speaker_sector, 'unknown')",
    "actor": "coalesce(q.speaker_name, q.speaker_text, 'unknown')",
}


def speaker_shares(store: Store, by: Sequence[str]) -> list[dict[str, Any]]:
    """Per outlet ("unknown" where none) and speaker group (`by`: keys of SPEAKER_GROUPS), how many of
    its quotations (`quotes`) and what share of them (`share`); by outlet, commonest first."""
    columns = ", ".join(f"{SPEAKER_GROUPS[key]} AS {key}" for key in by)
    cursor = store.con.execute(
        f"""
        SELECT coalesce(d.outlet, 'unknown') AS outlet, {columns}, count(*) AS quotes,
               count(*) / sum(count(*)) OVER (PARTITION BY coalesce(d.outlet, 'unknown')) AS share
        FROM quotes q JOIN documents d USING (doc_id)
        GROUP BY {", ".join(str(i) for i in range(1, len(by) + 2))}
        ORDER BY outlet, quotes DESC, {", ".join(by)}
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
