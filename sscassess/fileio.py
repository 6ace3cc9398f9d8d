"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Write to a temporary file in the same folder, flush and fsync it, rename it over the target,
then fsync the folder so the rename itself survives a crash. A crash can leave a stale
temporary file behind (never a torn target); :func:`clean_stale_temp_files` removes them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from sscassess.errors import SscError

TEMP_PREFIX = ".sscassess-tmp-"


class WriteError(SscError):
    """A file could not be written; the previous content is intact."""


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    Raises :class:`WriteError` (disk full, no permission, ...) with the previous content of
    ``path`` untouched and no temporary file left behind.
    """
    folder = path.parent
    fd = -1
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        Path(tmp).replace(path)
        tmp = ""
        _fsync_dir(folder)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WriteError(
            f"cannot write {path}: {reason}; the previous version is unchanged"
        ) from exc
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clean_stale_temp_files(folder: Path) -> int:
    """Remove temporary files left by interrupted writes in ``folder``; returns how many."""
    removed = 0
    for stale in folder.glob(TEMP_PREFIX + "*"):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed += 1
    return removed
