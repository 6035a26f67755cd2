"""Quotations and quoted terms: see finder.py."""

from rashomon.annotate.quotes.finder import (
    FoundQuotes,
    Quotation,
    QuotedTerm,
    QuoteFinder,
    Speaker,
    quotation_spans,
)

__all__ = ["FoundQuotes", "Quotation", "QuoteFinder", "QuotedTerm", "Speaker", "quotation_spans"]
