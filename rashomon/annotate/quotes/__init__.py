"""Quotations and quoted terms: see finder.py."""

from rashomon.annotate.quotes.finder import FoundQuotes, Quotation, QuotedTerm, QuoteFinder, Speaker

__all__ = ["FoundQuotes", "QuoteFinder", "Quotation", "QuotedTerm", "Speaker"]
