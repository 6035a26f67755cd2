"""What a run's annotation is asked to do, importable without spaCy (the command line's choices)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rashomon.settings import Settings

# The learned event veto (rashomon.annotate.events.component): score: confidence only; drop: also drop
# the events it finds unlikely; off: not run.
VETO_MODES = ("score", "drop", "off")


@dataclass
class AnnotateOptions:
    model: str | None = None  # spaCy package or path; None: the default English model
    actors: tuple[Path, ...] = ()  # the user's actor dictionaries, beside the bundled one
    events: tuple[Path, ...] = ()  # the user's event lexicons, before the bundled one
    event_veto: str = "score"  # the learned event veto: score | drop | off (annotate.events.component)
    n_process: int = 1  # processes that each parse and annotate a share of the documents
    dask: str | None = None  # a dask.distributed scheduler's address, or local:N: its workers annotate
    batch_size: int = 32
    settings: Settings | None = None  # thresholds and windows (default: rashomon/data/settings.toml)
