"""Quotations across documents: the same quotation in several documents, and documents quoted by others.

Both come from one join of 5-gram hashes (the `shingles` table, unnested) on the hash, inside DuckDB, so the
work grows with the number of shared 5-grams, not with the number of document pairs (the queries are
`rashomon.store.linking.replace_citations` and `replace_quote_pairs`):

- a quotation whose 5-grams mostly appear in another document's own words (outside its quotation
  marks) cites that document, when that document is not newer than the quoting one;
- quotations in different documents that share most of their 5-grams are one cluster. Quotations
  shorter than five words match only on their whole text, and only when the same actor says them.

A run compares only the documents not linked yet, quoting or quoted; the pairs are kept
(`link_pairs`), and the clusters are the connected components of all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rashomon.settings import Section
from rashomon.store.database import Store
from rashomon.store.linking import (
    replace_citations,
    replace_quote_clusters,
    replace_quote_pairs,
)


@dataclass
class QuoteLinks:
    citations: int
    clustered: int  # quotations that share their cluster with a quotation in another document


def link_quotes(store: Store, settings: Section, fresh: list[str] | None = None) -> QuoteLinks:
    """Compare the quotations and own words of the documents `fresh` (None: all) with the whole store's,
    and recompute the clusters from every pair found, in one transaction."""
    with store.transaction():
        citations = replace_citations(store, settings.max_docs_per_shingle, settings.min_share, fresh)
        replace_quote_pairs(store, settings.min_share, fresh)
        clustered = replace_quote_clusters(store)
    return QuoteLinks(citations=citations, clustered=clustered)
