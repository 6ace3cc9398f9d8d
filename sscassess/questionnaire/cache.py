"""A per-user cache of resolved questionnaires, so the wizard starts without pydantic.

Validating a questionnaire and its reference pack (pydantic models, context checks) costs
more than the rest of the wizard's start-up together. The resolved
:class:`~sscassess.questionnaire.model.Questionnaire` is plain data, so after a full validation it
is written here as JSON and read back by later runs.

Never trusted blindly:

* the entry's name and its header carry a key made of the sha256 of the questionnaire file's
  bytes, its path and display name, the ``--reference`` override, the sscassess version and
  the source of the modules that build the resolved form; the header also carries the sha256
  of every reference pack file's bytes, re-hashed on every read. A changed questionnaire,
  pack or sscassess is a miss, never a stale hit;
* an entry is written only when its content is proven to match those bytes: the files are
  parsed again and their data compared with what was validated (a pack cached in memory
  by a long-running process is caught here), and the entry must read back equal to the
  validated questionnaire;
* a truncated, corrupt, foreign-format or foreign-version entry, or one not owned by the user
  or writable by others, is ignored and rebuilt; a cache that cannot be written is no error.

The cache folder is ``$XDG_CACHE_HOME/sscassess`` (``~/.cache/sscassess`` by default).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sscassess import __version__
from sscassess.core.errors import Msg, SscError
from sscassess.core.resources import (
    ARCHIVE,
    data_dir,
    pack_bytes_digest,
    pack_files_digest,
    read_pack_files,
    resolve_pack_location,
)
from sscassess.questionnaire.codec import decode, encode

if TYPE_CHECKING:
    from sscassess.questionnaire.model import (
        Questionnaire,
    )

    pass

CACHE_FORMAT = "sscassess-questionnaire-cache/1"
#: Entries larger than this are not read (the shipped questionnaire takes about 150 KiB).
MAX_ENTRY_BYTES = 16 * 1024 * 1024
#: The modules whose code decides what a resolved questionnaire holds.
_BUILDERS = (
    "questionnaire/model.py", "questionnaire/check.py", "questionnaire/cache.py", "questionnaire/codec.py",
    "reference/schema.py", "reference/model.py", "reference/check.py", "reference/pack.py",
)  # fmt: skip
#: Questionnaires kept in memory by one process (key -> (pack digest, questionnaire)).
_MEMORY: dict[str, tuple[str, Questionnaire]] = {}
_MEMORY_SIZE = 8


def cache_dir() -> Path | None:
    """The folder of this user's cache (None when there is no home folder to put it in)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    except RuntimeError:  # no HOME and no password entry
        return None
    return root / "sscassess"


def load(path: Path, display: str, reference: str) -> Questionnaire:
    """The questionnaire in ``path``: from the cache when its files are unchanged, else validated.

    ``path`` is absolute; ``reference`` is the ``--reference`` override ("" for none).
    Raises :class:`~sscassess.core.errors.InvalidInputError` when the files are invalid.
    """
    raw = read_limited(path)
    key = entry_key(path, display, reference, raw) if raw is not None else None
    if key is not None:
        remembered = _MEMORY.get(key)
        if remembered is not None and remembered[0] == pack_digest(remembered[1].reference_source):
            return remembered[1]
        q = read_entry(key, _source(path, display, reference))
        if q is None:
            q = read_shipped_form(path, raw, reference) if raw is not None else None
            digest = pack_digest(q.reference_source) if q is not None else None
            if q is not None and digest is not None:
                _remember(key, q, digest)
        if q is not None:
            return q
    from sscassess.questionnaire.check import validated_load

    q = validated_load(path, display, reference or None)
    if key is not None and raw is not None:
        write_entry(key, _source(path, display, reference), q, raw)
    return q


def _remember(key: str, q: Questionnaire, digest: str) -> None:
    if len(_MEMORY) >= _MEMORY_SIZE:
        _MEMORY.pop(next(iter(_MEMORY)))
    _MEMORY[key] = (digest, q)


def read_limited(path: Path, limit: int = 4 * 1024 * 1024) -> bytes | None:
    """A file's bytes, or None when it cannot be read or is too large (validation says why)."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError:
        return None
    return raw if len(raw) <= limit else None


@functools.cache
def _builders_digest() -> str | None:
    here = Path(__file__).resolve().parents[1]  # the sscassess package
    h = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}".encode())
    for name in _BUILDERS:
        code = read_limited(here / name)
        if code is None:
            return None  # no source to key on: no cache
        h.update(b"\0" + name.encode() + b"\0" + hashlib.sha256(code).digest())
    return h.hexdigest()


def entry_key(path: Path, display: str, reference: str, raw: bytes) -> str | None:
    """The key of the entry for this questionnaire file content (None: do not cache)."""
    builders = _builders_digest()
    if builders is None:
        return None
    parts = [builders, _source(path, display, reference), hashlib.sha256(raw).hexdigest()]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def pack_digest(source: str) -> str | None:
    """sha256 over the bytes of every file of the pack ``source`` names (None if unreadable)."""
    try:
        folder = resolve_pack_location(source or None)[0]
    except SscError:
        return None
    return pack_files_digest(folder)


def entry_path(key: str, source: str) -> Path | None:
    """Where the entry of ``key`` is kept; ``source`` names the file and how it was asked for.

    Entries of one source share a name prefix, so a new entry replaces the older ones.
    """
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"q-{_source_prefix(source)}-{key[:32]}.json"


def _source_prefix(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def _source(path: Path, display: str, reference: str) -> str:
    return json.dumps([str(path), display, reference])


# ---------------------------------------------------------------------------- read


def read_entry(key: str, source: str) -> Questionnaire | None:
    """The cached questionnaire of ``key``, or None (missing, stale or unusable entry)."""
    target = entry_path(key, source)
    if target is None:
        return None
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        # Only the user's own file, which nobody else could have written.
        if st.st_uid != os.geteuid() or st.st_mode & 0o022 or st.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            data = fh.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    head, _, payload = data.partition(b"\n")
    try:
        header = json.loads(head)
        if not (
            isinstance(header, dict)
            and header.get("format") == CACHE_FORMAT
            and header.get("sscassess") == __version__
            and header.get("key") == key
            and header.get("payload_sha256") == hashlib.sha256(payload).hexdigest()
        ):
            return None
        q = decode(json.loads(payload))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    # The questionnaire's bytes are in the key; the pack's are checked here, every time.
    digest = pack_digest(q.reference_source)
    if digest is None or header.get("pack_digest") != digest:
        return None
    _remember(key, q, digest)
    return q


# ---------------------------------------------------------------------------- shipped form

#: Beside each shipped questionnaire: its resolved form, so that even the first start of a new
#: installation needs no validation (``python -m sscassess.questionnaire.release`` writes it; a
#: test fails when it no longer equals a fresh validated load).
SHIPPED_FORM_SUFFIX = ".resolved.json"


def _files_digest(files: dict[str, bytes]) -> str:
    """sha256 over the names and bytes of pack files, wherever the folder is installed."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


def shipped_form_path(path: Path) -> Path:
    """Where the resolved form of the questionnaire file ``path`` is kept."""
    return path.with_name(path.stem + SHIPPED_FORM_SUFFIX)


def shipped_form(q: Questionnaire, raw: bytes) -> bytes:
    """The resolved form of a validated questionnaire (held in ``raw``), as file content."""
    folder = resolve_pack_location(q.reference_source or None)[0]
    files = read_pack_files(folder)
    if files is None:
        raise SscError(Msg("the reference pack in {folder} cannot be read", folder=folder))
    payload = {**encode(q), "file": None}
    data = {
        "format": CACHE_FORMAT,
        "questionnaire_bytes_sha256": hashlib.sha256(raw).hexdigest(),
        "pack_files_sha256": _files_digest(files),
        "payload": payload,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def read_shipped_form(path: Path, raw: bytes, reference: str) -> Questionnaire | None:
    """The shipped resolved form of a shipped questionnaire, if its files are the ones shipped.

    Only for questionnaires in the installed data folder, with their own pack (no
    ``--reference``), and only when the questionnaire's and the pack's bytes are exactly
    those the form was made from; anything else is validated as usual.
    """
    if reference:
        return None
    try:
        root = data_dir("questionnaires").resolve()
        if path.parent.resolve() not in (root, root / ARCHIVE):
            return None
    except (OSError, FileNotFoundError):
        return None
    data = read_limited(shipped_form_path(path), MAX_ENTRY_BYTES)
    if data is None:
        return None
    try:
        form = json.loads(data)
        if (
            form.get("format") != CACHE_FORMAT
            or form.get("questionnaire_bytes_sha256") != hashlib.sha256(raw).hexdigest()
        ):
            return None
        q = decode({**form["payload"], "file": str(path)})
        folder = resolve_pack_location(q.reference_source or None)[0]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, SscError):
        return None
    files = read_pack_files(folder)
    if files is None or _files_digest(files) != form.get("pack_files_sha256"):
        return None
    return q


def write_shipped_forms() -> list[Path]:
    """Write the resolved form of every shipped questionnaire, current and archived."""
    from sscassess.questionnaire.check import validated_load

    written = []
    for path, display in shipped_questionnaire_files():
        raw = path.read_bytes()
        q = validated_load(path.resolve(), display, None)
        target = shipped_form_path(path)
        target.write_bytes(shipped_form(q, raw))
        written.append(target)
    return written


def shipped_questionnaire_files() -> list[tuple[Path, str]]:
    """Every shipped questionnaire file (current, then archived) with its display name."""
    from sscassess.questionnaire.model import archived_questionnaires, shipped_questionnaires

    current = [(p, f"questionnaires/{p.name}") for p in shipped_questionnaires().values()]
    archived = [
        (p, f"questionnaires/{ARCHIVE}/{p.name}") for p in archived_questionnaires().values()
    ]
    return current + archived


# ---------------------------------------------------------------------------- write


def write_entry(key: str, source: str, q: Questionnaire, raw: bytes) -> bool:
    """Cache ``q`` (validated from a file holding ``raw``) under ``key``; True if written.

    Written only when the files' current content is the content ``q`` was validated from;
    then ``q`` is also kept in memory for this process, even if the disk cannot be written.
    Older entries of the same source are removed.
    """
    digest = _verified_pack_digest(q, raw)
    if digest is None:
        return False
    _remember(key, q, digest)
    target = entry_path(key, source)
    if target is None:
        return False
    try:
        payload = json.dumps(encode(q), ensure_ascii=False, separators=(",", ":")).encode()
        if decode(json.loads(payload)) != q:
            return False  # a value JSON cannot carry exactly (a NaN, a tuple): do not cache
    except (ValueError, TypeError):
        return False
    header = {
        "format": CACHE_FORMAT,
        "sscassess": __version__,
        "key": key,
        "questionnaire": q.ref,
        "file": q.file,
        "pack_digest": digest,
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
    }
    from sscassess.core.fileio import atomic_write

    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(target, json.dumps(header).encode() + b"\n" + payload, mode=0o600)
    except (OSError, SscError):
        return False  # a read-only or full disk only costs the next start-up its speed
    for old in target.parent.glob(f"q-{_source_prefix(source)}-*.json"):
        if old != target:
            with contextlib.suppress(OSError):
                old.unlink()
    return True


def _verified_pack_digest(q: Questionnaire, raw: bytes) -> str | None:
    """The pack files' digest, if they and ``raw`` hold what ``q`` was built from; else None.

    The digest is made of the very bytes that are parsed and compared here, so an entry can
    never be keyed by one version of a file and hold another.
    """
    from sscassess.core.yamlio import parse_yaml
    from sscassess.questionnaire.model import canonical_sha256
    from sscassess.reference.pack import pack_sha256

    try:
        folder = resolve_pack_location(q.reference_source or None)[0]
        files = read_pack_files(folder)
        if files is None:
            return None
        pack = {
            name: parse_yaml(data.decode("utf-8").removeprefix("\ufeff"), name).data
            for name, data in files.items()
        }
        text = raw.decode("utf-8").removeprefix("\ufeff")
        if (
            canonical_sha256(parse_yaml(text, q.location).data) != q.sha256
            or pack_sha256(pack) != q.reference_sha256
        ):
            return None
    except (SscError, ValueError):
        return None
    return pack_bytes_digest(folder, files)


def clear() -> None:
    """Forget the questionnaires kept in memory (the files on disk stay)."""
    _MEMORY.clear()
