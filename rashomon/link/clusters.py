"""Clusters of linked records: connected components, which the store writes back as each record's
`cluster_id` (`rashomon.store.linking`)."""

from __future__ import annotations


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
