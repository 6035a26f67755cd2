"""Quantitative claims: see finder.py."""

from rashomon.annotate.claims.finder import Claim, ClaimFinder

__all__ = ["Claim", "ClaimFinder"]
