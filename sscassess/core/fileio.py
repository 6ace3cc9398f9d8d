"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Write to a temporary file in the same folder, flush and fsync it, rename it over the target,
then fsync the folder so the rename itself survives a crash. A crash can leave a stale
temporary file behind (never a torn target); :func:`clean_stale_temp_files` removes them.

Outputs (exports, analyses, reports) are produced in memory with :func:`render_output` and then
written with :func:`atomic_write`, into folders made with :func:`make_folder`: a full disk, a
file-size limit or a missing permission at any of these steps is a :class:`WriteError` naming
the output, never an unexplained ``OSError``.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sscassess.core.errors import InvalidInputError, Msg, Option, SscError

if TYPE_CHECKING:
    from collections.abc import Callable

TEMP_PREFIX = ".sscassess-tmp-"
T = TypeVar("T")


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
        # The writer's pid in the name: another process's clean-up leaves it alone.
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=folder)
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
            Msg("cannot write {path}: {reason}; the previous version is unchanged", path=path,
                reason=reason)
        ) from exc  # fmt: skip
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def render_output(target: Path, render: Callable[[], T]) -> T:
    """Return ``render()``, which builds the content of ``target`` in memory.

    Some libraries spill to temporary files while they build (openpyxl writes each sheet to
    the temporary folder): an ``OSError`` there (a full temporary folder, a file-size limit)
    raises :class:`WriteError` naming ``target``, which is left untouched.
    """
    previous = sys.unraisablehook
    try:
        try:
            return render()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            where = f" ({exc.filename})" if exc.filename else ""
            # The failed renderer's frames hold half-written temporary files; closing them
            # fails again on the full disk, and Python would print "Exception ignored"
            # tracebacks for each. They are freed (quietly) when this handler ends.
            sys.unraisablehook = _ignore_unraisable
        gc.collect()
    finally:
        sys.unraisablehook = previous
    raise WriteError(
        Msg("cannot write {target}: {reason}; {target} is unchanged (temporary files go to "
            "{temp}: set TMPDIR to use another folder)", target=target,
            reason=reason + where, temp=tempfile.gettempdir())
    )  # fmt: skip


def _ignore_unraisable(_: object) -> None:
    return None


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents if missing; :class:`WriteError` if that fails."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WriteError(
            Msg("cannot create the folder {folder}: {reason}", folder=folder, reason=reason)
        ) from None


def checked_folder(base: Path, *parts: str) -> Path:
    """``base/part/...``, refused if one of ``parts`` is a symbolic link or not a folder.

    For the folders sscassess names itself inside a campaign or an output folder
    (``reports/``, ``reports/organisations/``): a campaign folder may come from someone else
    (an archive, a shared drive), and a link there would have outputs written wherever it
    points. ``base`` is the user's own choice and may be anything. Creates nothing; raises
    :class:`~sscassess.core.errors.InvalidInputError`.
    """
    folder = base
    for part in parts:
        folder = folder / part
        if folder.is_symlink():
            raise InvalidInputError(
                Msg("{folder} is a symbolic link: sscassess writes its outputs into real "
                    "folders only, never through a link that may point out of the campaign "
                    "folder; replace the link by a folder, or give another output with {option}",
                    folder=folder, option=Option("out"))
            )  # fmt: skip
        if folder.exists() and not folder.is_dir():
            raise InvalidInputError(
                Msg("{folder} is not a folder: move it away or use {option}", folder=folder,
                    option=Option("out"))
            )  # fmt: skip
    return folder


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


#: A temporary file this old is stale even if a process with its writer's pid runs (the pid
#: was reused, or the folder is shared with another machine).
STALE_AFTER_SECONDS = 24 * 3600


def clean_stale_temp_files(folder: Path) -> int:
    """Remove temporary files left by interrupted writes in ``folder``; returns how many.

    A file whose writer (the pid in its name) still runs, and that is less than a day old,
    is another process's write in progress: it is left alone. Removing it made that write
    fail (two ``invite`` runs at once: one opened the campaign while the other wrote).
    """
    import time

    removed = 0
    now = time.time()
    for stale in folder.glob(TEMP_PREFIX + "*"):
        pid = stale.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        with contextlib.suppress(OSError):
            young = now - stale.stat().st_mtime < STALE_AFTER_SECONDS
            if young and pid.isdigit() and _running(int(pid)):
                continue
            stale.unlink()
            removed += 1
    return removed


def _running(pid: int) -> bool:
    """Whether a process with this pid exists (ours counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process: it exists
    return True
