"""Stance evidence: see finder.py."""

from rashomon.annotate.stance.finder import STANCE_SOURCES, StanceEvidence, StanceFinder

__all__ = ["STANCE_SOURCES", "StanceEvidence", "StanceFinder"]
