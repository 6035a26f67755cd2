"""A served store's snapshot: `serve` reads a private copy of the database, so that `analyze` can write
the store while it is served.

DuckDB lets one process write a file and nobody else open it meanwhile; a server holding the store open
would keep every later `analyze` out. The server holds a copy instead, taken while it has the store
open read-only (so no writer can start halfway through the copy). When the store's files change, the
next request after a second takes a new copy, if no writer holds the store then; while one does, the
copy from before its run is served, and the run's documents appear once it has finished.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from contextlib import suppress
from pathlib import Path

from rashomon.store.database import Store, StoreError

CHECK_EVERY_SECONDS = 1.0  # how stale a served copy may be, at most, once the store has changed


class Snapshot:
    """The latest complete copy of the store `db`; opening it raises StoreError as opening `db` would."""

    def __init__(self, db: Path | str) -> None:
        self.db = Path(db)
        self._folder = Path(tempfile.mkdtemp(prefix="rashomon-serve-"))
        self._lock = threading.Lock()
        self._taken = 0
        self._checked = time.monotonic()
        try:
            self._stamp, self._store = self._stamp_now(), self._copy()
        except BaseException:
            shutil.rmtree(self._folder, ignore_errors=True)
            raise
        self._previous: tuple[Store, Path] | None = None  # kept open a while: a request may still read it

    def current(self) -> Store:
        """The copy to read now: a new one first when the store changed and no writer holds it."""
        with self._lock:
            if time.monotonic() - self._checked >= CHECK_EVERY_SECONDS:
                self._checked = time.monotonic()
                stamp = self._stamp_now()
                if stamp != self._stamp:
                    with suppress(StoreError):  # a writer holds it (or it is damaged now): serve the last copy
                        fresh = self._copy()
                        self._retire(self._previous)
                        self._previous, self._store, self._stamp = self._store, fresh, stamp
            return self._store[0]

    def close(self) -> None:
        with self._lock:
            self._retire(self._previous)
            self._retire(self._store)
            shutil.rmtree(self._folder, ignore_errors=True)

    def _copy(self) -> tuple[Store, Path]:
        self._taken += 1
        target = self._folder / f"{self._taken}.duckdb"
        with Store(self.db, read_only=True):  # a sound store, and no writer until the copy is taken
            shutil.copyfile(self.db, target)
            wal = Path(f"{self.db}.wal")
            if wal.exists():
                shutil.copyfile(wal, Path(f"{target}.wal"))
        return Store(target, read_only=True, copy_of=self.db), target

    def _retire(self, copy: tuple[Store, Path] | None) -> None:
        if copy is None:
            return
        store, file = copy
        store.close()
        file.unlink(missing_ok=True)
        Path(f"{file}.wal").unlink(missing_ok=True)

    def _stamp_now(self) -> tuple[tuple[int, int] | None, ...]:
        """What changes when the store is written: its file's and its write-ahead log's size and time."""
        stamps = []
        for path in (self.db, Path(f"{self.db}.wal")):
            try:
                info = path.stat()
                stamps.append((info.st_size, info.st_mtime_ns))
            except OSError:
                stamps.append(None)
        return tuple(stamps)
