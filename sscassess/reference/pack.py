"""The reference framework: a versioned, validated data pack (see reference/README.md).

:func:`load_reference` reads a pack folder, validates every file with pydantic and then checks
the links between files (ids, matrix, triggers). Every problem found is reported at once, each
with its file and line. The result is a :class:`ReferencePack` of typed, frozen objects; pandas
tables are built on request only (:meth:`ReferencePack.matrix_frame`).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sscassess.core.errors import InvalidInputError, Msg, Problem
from sscassess.core.fileio import atomic_write

# Locations live in sscassess.core.resources (no pydantic there); re-exported for callers.
from sscassess.core.resources import DEFAULT_PACK as DEFAULT_PACK
from sscassess.core.resources import (
    PACK_FILES,
    check_archived,
    is_archived,
    pack_files_digest,
    resolve_pack_location,
)
from sscassess.core.resources import shipped_packs as shipped_packs
from sscassess.core.validation import ID_PATTERN as ID_PATTERN
from sscassess.core.validation import pydantic_problems
from sscassess.core.yamlio import (
    MAX_YAML_BYTES,
    YamlDocument,
    load_yaml_file,
)
from sscassess.reference.check import PackChecker
from sscassess.reference.model import ReferencePack
from sscassess.reference.schema import FILE_MODELS, MAX_PACK_COPY_BYTES

# ---------------------------------------------------------------------------- loading


def load_reference(spec: str | Path | None = None) -> ReferencePack:
    """Load and validate a reference pack by shipped id, ``id@version`` or path (default: the ITU pack).

    ``id@version`` is the shipped pack when its version matches, else the archived one
    (``reference/archive/id@version``); an archived pack is refused with
    :class:`~sscassess.core.errors.IntegrityError` unless it is the released one, byte for byte
    of its data (``reference/released.json``), and a version that is neither current nor
    archived with :class:`~sscassess.core.resources.NotShippedError`. Raises
    :class:`InvalidInputError` listing every problem, each with file and line.
    """
    folder, display = resolve_pack_location(spec)
    # Keyed by the files' bytes too: a pack edited while the process runs is read again.
    pack = _load_cached(str(folder.resolve()), display, pack_files_digest(folder))
    if is_archived(folder, "reference"):
        check_archived("reference", folder.name, f"{pack.id}@{pack.version}", pack.sha256, display)
    return pack


@functools.lru_cache(maxsize=8)
def _load_cached(folder: str, display: str, content: str | None) -> ReferencePack:
    return _load(Path(folder), display)


def _invalid(display: str) -> Msg:
    return Msg("reference pack {pack} is invalid", pack=display)


def _load(folder: Path, display: str) -> ReferencePack:
    docs: dict[str, YamlDocument] = {}
    problems: list[Problem] = []
    for path in pack_files(folder):
        name = path.name
        shown = f"{display}/{name}"
        try:
            docs[name] = load_yaml_file(path, shown)
        except InvalidInputError as exc:
            message = exc.summary.removeprefix(f"{shown}: ")
            problems.extend(exc.problems or [Problem(shown, 0, "", message)])
    if problems:
        raise InvalidInputError(Msg("reference pack {pack} cannot be read", pack=display), problems)

    models: dict[str, Any] = {}
    for name, doc in docs.items():
        try:
            models[name] = FILE_MODELS[name].model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, doc))
    if problems:
        raise InvalidInputError(_invalid(display), problems)

    checker = PackChecker(docs, models)
    checker.run()
    if checker.problems:
        raise InvalidInputError(_invalid(display), checker.problems)

    return ReferencePack(
        meta=models["pack.yaml"],
        roles=tuple(models["roles.yaml"].roles),
        aims=tuple(models["aims.yaml"].aims),
        challenges=tuple(models["challenges.yaml"].challenges),
        potential=tuple(models["potential.yaml"].potential),
        constraints=tuple(models["constraints.yaml"].constraints),
        categories=tuple(models["categories.yaml"].categories),
        expectations=dict(models["expectations.yaml"].expectations),
        recommendations=tuple(models["recommendations.yaml"].recommendations),
        triggers=checker.triggers,
        sha256=pack_sha256({name: docs[name].data for name in PACK_FILES}),
        location=display,
        warnings=tuple(checker.warnings),
    )


def pack_files(folder: Path) -> list[Path]:
    """The files a pack in ``folder`` consists of: exactly those :func:`load_reference` reads.

    Nothing else in the folder (notes, drafts, links) belongs to the pack.
    """
    return [folder / name for name in PACK_FILES]


def read_pack_for_copy(spec: str | Path) -> dict[str, bytes]:
    """The bytes of the pack's own files (:func:`pack_files`), read for copying elsewhere.

    Never reads through a link: a pack file that is a symbolic link, or not a regular file,
    is refused with :class:`InvalidInputError` naming it, as is a pack whose files hold more
    than :data:`MAX_PACK_COPY_BYTES` together (each file is also capped at the loader's
    4 MiB). Nothing is written.
    """
    folder, display = resolve_pack_location(spec)
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    total = 0
    for path in pack_files(folder):
        shown = f"{display}/{path.name}"
        try:
            data = _read_regular_file(path, MAX_YAML_BYTES)
        except _NotCopyable as exc:
            problems.append(Problem(shown, 0, "", exc.reason))
            continue
        total += len(data)
        files[path.name] = data
    if not problems and total > MAX_PACK_COPY_BYTES:
        problems.append(
            Problem(display, 0, "", Msg("the pack files hold {total} bytes; at most {cap} "
                                        "({mib} MiB) are copied", total=total,
                                        cap=MAX_PACK_COPY_BYTES, mib=MAX_PACK_COPY_BYTES // 2**20))
        )  # fmt: skip
    if problems:
        raise InvalidInputError(
            Msg("reference pack {pack} cannot be copied", pack=display), problems
        )
    return files


def write_pack_copy(dest: Path, files: dict[str, bytes]) -> None:
    """Write the pack files read by :func:`read_pack_for_copy` into the new folder ``dest``.

    The folder is made 0755 and each file 0644 whatever the umask: a pack is not secret, but
    nobody else may change it.
    """
    dest.mkdir()
    dest.chmod(0o755)
    for name, data in files.items():
        atomic_write(dest / name, data, mode=0o644)


class _NotCopyable(Exception):
    def __init__(self, reason: Msg) -> None:
        super().__init__(str(reason))
        self.reason = reason


def _read_regular_file(path: Path, max_bytes: int) -> bytes:
    """Read ``path`` if it is a regular file (not a link) of at most ``max_bytes``."""
    try:
        if path.is_symlink():
            raise _NotCopyable(
                Msg("is a symbolic link; pack files are copied, never followed: put the file "
                    "itself in the pack folder")
            )  # fmt: skip
        # O_NOFOLLOW: a link swapped in after the check fails too; O_NONBLOCK: a FIFO does
        # not block the open (it is refused below as not a regular file).
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _NotCopyable(Msg("is missing")) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _NotCopyable(
                Msg("is a symbolic link: pack files are copied, not followed")
            ) from None
        raise _NotCopyable(Msg("cannot be read: {reason}", reason=exc.strerror or exc)) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise _NotCopyable(Msg("is not a regular file"))
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _NotCopyable(Msg("is larger than {mib} MiB", mib=max_bytes // 2**20))
    return data


def pack_sha256(data: dict[str, Any]) -> str:
    """The identity of a pack's content: sha256 of its files' data as canonical JSON.

    ``data`` maps file name to parsed data; reformatting a YAML file does not change it.
    """
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
