"""Framing labels: see finder.py."""

from rashomon.annotate.framing.finder import Label, LabelFinder

__all__ = ["Label", "LabelFinder"]
