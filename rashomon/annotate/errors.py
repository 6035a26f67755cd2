"""The annotation layer's setup error, importable without spaCy: the command line catches it before loading it."""

from __future__ import annotations


class ModelError(Exception):
    """The spaCy model cannot be loaded (not installed, wrong name)."""
