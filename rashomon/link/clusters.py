"""Clusters of linked records: connected components, written back as each record's `cluster_id`."""

from __future__ import annotations

import duckdb


def components(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Id → the smallest id of its connected component (union-find), for every id in a pair."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def write_clusters(con: duckdb.DuckDBPyConnection, table: str, key: str, clusters: dict[str, str]) -> None:
    """Set `cluster_id` of the clustered rows of `table` (by their `key` column); the caller has reset
    the others first."""
    if not clusters:
        return
    members, ids = zip(*clusters.items(), strict=True)
    con.execute(
        f"""
        UPDATE {table} SET cluster_id = c.cluster_id
        FROM (SELECT unnest(?::VARCHAR[]) AS {key}, unnest(?::VARCHAR[]) AS cluster_id) c
        WHERE {table}.{key} = c.{key}
        """,
        [list(members), list(ids)],
    )
