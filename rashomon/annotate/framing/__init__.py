"""Framing labels: see finder.py."""

from rashomon.annotate.framing.finder import Term, TermFinder

__all__ = ["Term", "TermFinder"]
