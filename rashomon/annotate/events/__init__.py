"""PLOVER events: see finder.py."""

from rashomon.annotate.events.finder import Event, EventFinder, Participant

__all__ = ["Event", "EventFinder", "Participant"]
