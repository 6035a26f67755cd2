"""Writing a view's files (the report, an export) whole or not at all.

The files are written into a private staging folder inside the destination, then moved into place;
on any failure the staging folder and the folders made for it are removed, so no `*.tmp` file and no
half-written export is left. A destination that cannot take the files (a folder where a file goes, a
file where a folder goes, no permission, a read-only file system) is one OutputError naming it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from rashomon.analysis.errors import QueryError


class OutputError(QueryError):
    """An output path that cannot be written: a bad `-o`/`--out`, which the CLI says in one line, exit 2."""


@contextmanager
def staged_output(folder: Path, expected: Iterable[str] = (), shown: Path | None = None) -> Iterator[Path]:
    """An empty staging folder inside `folder` (made if missing); on leaving, the files written into it
    replace their namesakes in `folder`. `expected` names files known in advance, checked before the
    work starts; `shown` is the path errors name (default `folder`). An OSError inside the block is a
    write into the staging folder, so it becomes an OutputError too."""
    shown = shown or folder
    made = _make_folders(folder, shown)
    staging: Path | None = None
    try:
        _check_free(folder, expected)
        staging = _staging_folder(folder, shown)
        try:
            yield staging
        except OSError as err:
            raise _cannot_write(shown, err) from None
        _publish(staging, folder)
        staging.rmdir()  # emptied by _publish
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        _remove(made)
        raise


def _make_folders(folder: Path, shown: Path) -> list[Path]:
    """Make `folder` and its missing parents; returns the folders made, outermost first."""
    missing = [path for path in (folder, *folder.parents) if not path.exists()][::-1]
    made: list[Path] = []
    for path in missing:
        try:
            path.mkdir()
        except FileExistsError:
            continue  # made meanwhile by another process
        except OSError as err:
            _remove(made)
            raise _folder_error(folder, shown, err) from None
        made.append(path)
    if not folder.is_dir():
        raise _folder_error(folder, shown, NotADirectoryError())
    return made


def _remove(made: list[Path]) -> None:
    """Remove the folders `_make_folders` made, innermost first, where they are still empty."""
    for folder in reversed(made):
        with suppress(OSError):
            folder.rmdir()


def _staging_folder(folder: Path, shown: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=".rashomon-", suffix=".tmp", dir=folder))
    except OSError as err:
        raise _cannot_write(shown, err) from None


def _check_free(folder: Path, names: Iterable[str]) -> None:
    """A file cannot replace a folder of the same name."""
    for name in names:
        if (folder / name).is_dir():
            raise OutputError(f"{folder / name}: is a folder, not a file")


def _publish(staging: Path, folder: Path) -> None:
    files = sorted(staging.iterdir())
    _check_free(folder, [file.name for file in files])  # before any file moves: all of them or none
    for file in files:
        try:
            file.replace(folder / file.name)
        except OSError as err:
            raise _cannot_write(folder / file.name, err) from None


def _folder_error(folder: Path, shown: Path, err: OSError) -> OutputError:
    """What keeps `folder` from being a folder: a file in its place or in a parent's, else `err`."""
    blocker = next((path for path in (folder, *folder.parents) if path.exists()), None)
    if blocker is not None and not blocker.is_dir():
        where = "" if blocker == shown else f"{blocker} "
        return OutputError(f"{shown}: {where}is a file, not a folder")
    return _cannot_write(shown, err)


def _cannot_write(path: Path, err: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {err.strerror or type(err).__name__}")
