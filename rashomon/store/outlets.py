"""The `outlets` table: each outlet's camp, country and tags, as the analyst gives them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rashomon.ingest.outlets import OutletInfo
    from rashomon.store.database import Store

NO_CAMP = "(no camp)"  # the group of the outlets given no camp


def save_outlets(store: Store, outlets: Iterable[OutletInfo]) -> int:
    """Give the outlets their camp, country and tags (replacing what an earlier file gave them); returns
    how many were saved."""
    rows = [(o.outlet, o.camp, o.country, list(o.tags)) for o in outlets]
    with store.transaction():
        store.con.executemany("INSERT OR REPLACE INTO outlets VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def outlet_camps(store: Store) -> dict[str, str]:
    """outlet → its camp, for the outlets given one."""
    return dict(store.con.execute("SELECT outlet, camp FROM outlets WHERE camp IS NOT NULL").fetchall())


def outlet_profiles(store: Store) -> list[dict[str, Any]]:
    """Every outlet the documents name or the table describes: its camp, country, tags and documents."""
    cursor = store.con.execute(
        """
        WITH named AS (SELECT outlet, count(*) AS documents FROM documents WHERE outlet IS NOT NULL GROUP BY outlet)
        SELECT outlet, o.camp, o.country, coalesce(o.tags, []) AS tags, coalesce(n.documents, 0) AS documents
        FROM named n FULL OUTER JOIN outlets o USING (outlet)
        ORDER BY outlet
        """
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
