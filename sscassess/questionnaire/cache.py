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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sscassess import __version__
from sscassess.core.errors import SscError
from sscassess.core.resources import (
    ARCHIVE,
    PACK_FILES,
    RELEASED,
    RELEASED_FORMAT,
    ReleasedKind,
    archived_packs,
    check_archived,
    data_dir,
    is_version,
    pack_bytes_digest,
    pack_files_digest,
    read_pack_files,
    released_versions,
    resolve_pack_location,
    shipped_packs,
    split_ref,
    version_in,
)
from sscassess.questionnaire.model import (
    Choice,
    Comparison,
    Condition,
    Junction,
    Question,
    Questionnaire,
    ScalePoint,
    Section,
    Validation,
)

if TYPE_CHECKING:
    from collections.abc import Callable

CACHE_FORMAT = "sscassess-questionnaire-cache/1"
#: Entries larger than this are not read (the shipped questionnaire takes about 150 KiB).
MAX_ENTRY_BYTES = 16 * 1024 * 1024
#: The modules whose code decides what a resolved questionnaire holds.
_BUILDERS = (
    "questionnaire/model.py", "questionnaire/check.py", "questionnaire/cache.py", "reference/pack.py"
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
    raw = _read(path)
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


def _read(path: Path, limit: int = 4 * 1024 * 1024) -> bytes | None:
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
        code = _read(here / name)
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
#: installation needs no validation (``python -m sscassess.questionnaire.cache`` writes it; a
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
        raise SscError(f"the reference pack in {folder} cannot be read")
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
    data = _read(shipped_form_path(path), MAX_ENTRY_BYTES)
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
    for path, display in _shipped_questionnaire_files():
        raw = path.read_bytes()
        q = validated_load(path.resolve(), display, None)
        target = shipped_form_path(path)
        target.write_bytes(shipped_form(q, raw))
        written.append(target)
    return written


def _shipped_questionnaire_files() -> list[tuple[Path, str]]:
    """Every shipped questionnaire file (current, then archived) with its display name."""
    from sscassess.questionnaire.model import archived_questionnaires, shipped_questionnaires

    current = [(p, f"questionnaires/{p.name}") for p in shipped_questionnaires().values()]
    archived = [
        (p, f"questionnaires/{ARCHIVE}/{p.name}") for p in archived_questionnaires().values()
    ]
    return current + archived


# ---------------------------------------------------------------------------- releases
#
# A released version of a shipped questionnaire or pack is pinned by campaigns and
# invitations in the field, so it never changes: <kind>/released.json lists each with its
# sha256 (and, for a questionnaire, the pack version it was released with), and a superseded
# one moves to <kind>/archive/. `make shipped-forms` runs release_shipped(); the guard test
# (tests/test_shipped_versions.py) fails on anything release_problems() reports.


class ReleaseError(SscError):
    """The shipped questionnaires or packs break a release rule; nothing was recorded."""


@dataclass
class _Item:
    """One shipped questionnaire or pack, current or archived."""

    kind: ReleasedKind
    ref: str  #: id@version
    sha256: str
    path: Path  #: the questionnaire file or the pack folder
    display: str
    archived: bool
    pack: str | None = None  #: questionnaires: id@version of the pack it loads with


def _shipped_items(kind: ReleasedKind) -> tuple[list[_Item], list[str]]:
    """Every shipped item of ``kind`` that loads, and what is wrong with those that do not."""
    items: list[_Item] = []
    problems: list[str] = []
    if kind == "reference":
        from sscassess.reference.pack import load_reference

        folders = [(p, f"reference/{p.name}", False) for p in shipped_packs().values()]
        folders += [(p, f"reference/{ARCHIVE}/{p.name}", True) for p in archived_packs().values()]
        for folder, display, archived in folders:
            try:
                pack = load_reference(folder)
            except SscError as exc:
                problems.append(f"{display}: {exc}")
                continue
            if not archived and pack.id != folder.name:
                problems.append(
                    f"{display}: its pack.yaml says id {pack.id}; the folder must be named after it"
                )
                continue
            ref = f"{pack.id}@{pack.version}"
            items.append(_Item(kind, ref, pack.sha256, folder, display, archived))
        return items, problems
    from sscassess.questionnaire.check import validated_load

    for path, display in _shipped_questionnaire_files():
        archived = path.parent.name == ARCHIVE
        try:
            q = validated_load(path.resolve(), display, None)
            if archived:
                check_archived(kind, path.stem, q.ref, q.sha256, display)
        except SscError as exc:
            problems.append(f"{display}: {exc}")
            continue
        if not archived and q.id != path.stem:
            problems.append(f"{display}: its id is {q.id}; the file must be named {q.id}.yaml")
            continue
        if "/" in q.reference_source or not is_version(q.version):
            problems.append(
                f"{display}: a shipped questionnaire names a shipped pack (reference: ID) and "
                f"a plain version (letters, digits, '.', '-', '_', '+'), not {q.version!r}"
            )
            continue
        pin = f"{q.reference_id}@{q.reference_version}"
        items.append(_Item(kind, q.ref, q.sha256, path, display, archived, pin))
    return items, problems


def _next_version(version: str) -> str:
    head, dot, last = version.rpartition(".")
    return f"{head}{dot}{int(last) + 1}" if last.isdigit() else f"{version}.1"


def _frozen_problems(kind: ReleasedKind, items: list[_Item]) -> list[str]:
    """Current items whose version is released with other content: they need a new version."""
    released = released_versions(kind)
    problems = []
    for item in items:
        entry = released.get(item.ref)
        if item.archived or entry is None:
            continue
        version = item.ref.split("@", 1)[1]
        bump = (
            f'bump its version (e.g. to "{_next_version(version)}") and run `make shipped-forms`, '
            f"which archives the released {version} in {kind}/{ARCHIVE}/ (or undo the change)"
        )
        if entry.get("sha256") != item.sha256:
            problems.append(
                f"{item.display}: its content changed but its version is still {version}, "
                f"released with sha256 {str(entry.get('sha256'))[:12]}… ({kind}/{RELEASED}); "
                f"campaigns and invitations pinned to {item.ref} would stop opening: {bump}"
            )
        elif item.pack is not None and entry.get("reference") != item.pack:
            problems.append(
                f"{item.display}: {item.ref} was released with the pack {entry.get('reference')} "
                f"but now loads {item.pack}, so its questions changed: {bump}"
            )
    return problems


def release_problems() -> list[str]:
    """Every way the shipped questionnaires and packs break the release rules (empty: none).

    A current version that is released must be exactly its released content (and, for a
    questionnaire, load with the pack version it was released with); every released version
    must be shipped, current or archived; every shipped version must be recorded as released;
    archived ones must be unedited; every shipped questionnaire's resolved form must be fresh.
    Each message says what to do.
    """
    problems: list[str] = []
    kinds: tuple[ReleasedKind, ...] = ("reference", "questionnaires")
    for kind in kinds:
        items, broken = _shipped_items(kind)
        problems += broken
        problems += _frozen_problems(kind, items)
        released = released_versions(kind)
        shipped = {i.ref for i in items}
        for item in items:
            if not item.archived and item.ref not in released:
                problems.append(
                    f"{item.display}: {item.ref} is not recorded in {kind}/{RELEASED}: "
                    "run `make shipped-forms`"
                )
        for ref in released:
            if ref not in shipped and not any(ref in p for p in broken):
                problems.append(
                    f"{ref} is released ({kind}/{RELEASED}) but shipped neither as the current "
                    f"version nor in {kind}/{ARCHIVE}/: run `make shipped-forms` (it archives it "
                    "from the git history)"
                )
    problems += _stale_forms()
    return problems


def _stale_forms() -> list[str]:
    from sscassess.questionnaire.check import validated_load

    stale = []
    for path, display in _shipped_questionnaire_files():
        try:
            fresh = shipped_form(validated_load(path.resolve(), display, None), path.read_bytes())
        except SscError:
            continue  # reported with the questionnaire itself
        if _read(shipped_form_path(path), MAX_ENTRY_BYTES) != fresh:
            stale.append(
                f"{display}: its resolved form ({shipped_form_path(path).name}) is stale: "
                "run `make shipped-forms`"
            )
    return stale


def release_shipped(*, use_git: bool = True) -> list[str]:
    """The release step of the shipped questionnaires and packs (``make shipped-forms``).

    Refuses (:class:`ReleaseError`, nothing written) when a released version's content
    changed without a new version. Otherwise archives every released version that is no
    longer current (from the git history when ``use_git``; without git it must already be in
    ``<kind>/archive/``), records the current versions not yet released, and writes the
    resolved forms. Returns one line per thing done.
    """
    done: list[str] = []
    kinds: tuple[ReleasedKind, ...] = ("reference", "questionnaires")
    surveyed = {kind: _shipped_items(kind) for kind in kinds}
    refused = [
        p
        for kind, (items, broken) in surveyed.items()
        for p in broken + _frozen_problems(kind, items)
    ]
    if refused:
        raise ReleaseError("nothing was released:\n" + "\n".join(f"  {p}" for p in refused))
    for kind in kinds:
        items = surveyed[kind][0]
        released = released_versions(kind)
        shipped = {i.ref for i in items}
        for ref, entry in released.items():
            if ref in shipped:
                continue
            restored = _restore_from_git(kind, ref, entry) if use_git else None
            if restored is None:
                where = f"{kind}/{ARCHIVE}/{ref}" + (".yaml" if kind == "questionnaires" else "/")
                raise ReleaseError(
                    f"{ref} is released but no longer shipped, and it was not found in the git "
                    f"history with its sha256 {str(entry.get('sha256'))[:12]}…: put the released "
                    f"version at {where} (from the sscassess release that has it) and run again"
                )
            done.append(f"archived {ref} in {restored}")
        new = [i for i in items if not i.archived and i.ref not in released]
        if new:
            _record(kind, new)
            done += [f"recorded {i.ref} as released in {kind}/{RELEASED}" for i in new]
    done += [f"wrote {p}" for p in write_shipped_forms()]
    left = release_problems()
    if left:
        raise ReleaseError("the release is incomplete:\n" + "\n".join(f"  {p}" for p in left))
    return done


def _record(kind: ReleasedKind, items: list[_Item]) -> None:
    """Add ``items`` to ``<kind>/released.json`` (written atomically)."""
    from sscassess.core.fileio import atomic_write

    path = data_dir(kind) / RELEASED
    entries = list(released_versions(kind).values())
    for item in items:
        name, version = split_ref(item.ref)
        entry: dict[str, Any] = {"id": name, "version": version, "sha256": item.sha256}
        if item.pack is not None:
            entry["reference"] = item.pack
        entries.append(entry)
    entries.sort(key=lambda e: str(e.get("id")))  # stable: versions stay in release order
    about = {
        "reference": "Released versions of the shipped reference packs",
        "questionnaires": "Released versions of the shipped questionnaires, with the pack "
        "version each was released with",
    }[kind]
    data = {
        "format": RELEASED_FORMAT,
        "about": f"{about}. A listed version never changes; a superseded one is kept in "
        f"{ARCHIVE}/. Written by `make shipped-forms` (see README.md).",
        "released": entries,
    }
    atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())


def _git(top: Path, *args: str) -> bytes | None:
    import subprocess

    try:
        proc = subprocess.run(
            ["git", "-C", str(top), *args], capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _restore_from_git(kind: ReleasedKind, ref: str, entry: dict[str, Any]) -> Path | None:
    """Write the released ``ref`` into ``<kind>/archive/`` from the newest commit holding it.

    The commit's files must have the released sha256. Returns where it was written, or None
    (no git, not a work tree, no such commit).
    """
    from sscassess.core.fileio import atomic_write
    from sscassess.core.yamlio import parse_yaml
    from sscassess.questionnaire.model import canonical_sha256
    from sscassess.reference.pack import pack_sha256

    name, version = split_ref(ref)
    if version is None or not is_version(version):
        return None
    root = data_dir(kind)
    out = _git(root, "rev-parse", "--show-toplevel")
    if out is None:
        return None
    top = Path(out.decode().strip())
    try:
        current = root.resolve() / (f"{name}.yaml" if kind == "questionnaires" else name)
        rel = current.relative_to(top.resolve()).as_posix()
    except ValueError:
        return None
    log = _git(top, "log", "--format=%H", "-n", "1000", "--", rel)
    names = [""] if kind == "questionnaires" else list(PACK_FILES)

    def parsed(data: bytes, shown: str) -> Any:
        return parse_yaml(data.decode("utf-8").removeprefix("\ufeff"), shown).data

    first = "" if kind == "questionnaires" else "pack.yaml"
    for commit in (log or b"").decode().split():
        # The version line first: most commits hold another version, and are skipped at once.
        head = _git(top, "show", f"{commit}:{rel}/{first}" if first else f"{commit}:{rel}")
        if head is None or version_in(head.decode("utf-8", "replace")) != version:
            continue
        files: dict[str, bytes] = {}
        for file in names:
            blob = _git(top, "show", f"{commit}:{rel}/{file}" if file else f"{commit}:{rel}")
            if blob is None:
                break
            files[file] = blob
        if len(files) != len(names):
            continue
        try:
            if kind == "questionnaires":
                sha = canonical_sha256(parsed(files[""], rel))
            else:
                sha = pack_sha256({f: parsed(b, f"{rel}/{f}") for f, b in files.items()})
        except (SscError, ValueError):
            continue
        if sha != entry.get("sha256"):
            continue
        archive = root / ARCHIVE
        try:
            archive.mkdir(exist_ok=True)
        except OSError as exc:
            raise ReleaseError(f"cannot make {archive} ({exc.strerror or exc})") from None
        if kind == "questionnaires":
            target = archive / f"{ref}.yaml"
            atomic_write(target, files[""])
            return target
        target = archive / ref
        try:
            target.mkdir()
        except OSError as exc:
            raise ReleaseError(
                f"cannot make {target} ({exc.strerror or exc}): move it away"
            ) from None
        for file, data in files.items():
            atomic_write(target / file, data)
        return target
    return None


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


# ---------------------------------------------------------------------------- JSON form


def _opt(value: Any, make: Callable[[Any], Any]) -> Any:
    return None if value is None else make(value)


def _enc_condition(c: Condition) -> Any:
    if isinstance(c, Junction):
        return {"mode": c.mode, "parts": [_enc_condition(p) for p in c.parts]}
    return {"question": c.question, "op": c.op, "values": list(c.values)}


def _dec_condition(d: dict[str, Any]) -> Condition:
    if "mode" in d:
        return Junction(d["mode"], tuple(_dec_condition(p) for p in d["parts"]))
    return Comparison(d["question"], d["op"], tuple(d["values"]))


def _enc_choice(c: Choice) -> list[Any]:
    return [c.value, c.label, c.help]


def _dec_choice(d: list[Any]) -> Choice:
    value, label, help_text = d
    return Choice(value, label, help_text)


def _enc_question(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "section": q.section,
        "type": q.type,
        "label": q.label,
        "help": q.help,
        "required": q.required,
        "choices": [_enc_choice(c) for c in q.choices],
        "choices_from": q.choices_from,
        "other": q.other,
        "scale": [[p.value, p.label, p.help] for p in q.scale],
        "items": [_enc_choice(c) for c in q.items],
        "when": _opt(q.when, _enc_condition),
        "validation": q.validation.declared(),
        "maps_to": q.maps_to,
    }


def _dec_question(d: dict[str, Any]) -> Question:
    return Question(
        id=d["id"],
        section=d["section"],
        type=d["type"],
        label=d["label"],
        help=d["help"],
        required=d["required"],
        choices=tuple(_dec_choice(c) for c in d["choices"]),
        choices_from=d["choices_from"],
        other=d["other"],
        scale=tuple(ScalePoint(v, label, h) for v, label, h in d["scale"]),
        items=tuple(_dec_choice(c) for c in d["items"]),
        when=_opt(d["when"], _dec_condition),
        validation=Validation(**d["validation"]),
        maps_to=d["maps_to"],
    )


def encode(q: Questionnaire) -> dict[str, Any]:
    """``q`` as JSON-compatible data (everything but the lazily loaded pack and file model)."""
    return {
        "id": q.id,
        "version": q.version,
        "title": q.title,
        "description": q.description,
        "languages": list(q.language_codes),
        "default_language": q.default_language,
        "estimated_minutes": q.estimated_minutes,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "intro": s.intro,
                "questions": [_enc_question(x) for x in s.questions],
            }
            for s in q.sections
        ],
        "sha256": q.sha256,
        "location": q.location,
        "file": q.file,
        "subtypes": {k: [_enc_choice(c) for c in v] for k, v in q.subtypes.items()},
        "reference": [q.reference_id, q.reference_version, q.reference_sha256, q.reference_source],
    }


def decode(d: dict[str, Any]) -> Questionnaire:
    """The questionnaire :func:`encode` made ``d`` from."""
    ref_id, ref_version, ref_sha, ref_source = d["reference"]
    return Questionnaire(
        id=d["id"],
        version=d["version"],
        title=d["title"],
        description=d["description"],
        language_codes=tuple(d["languages"]),
        default_language=d["default_language"],
        estimated_minutes=d["estimated_minutes"],
        sections=tuple(
            Section(
                s["id"], s["title"], s["intro"], tuple(_dec_question(x) for x in s["questions"])
            )
            for s in d["sections"]
        ),
        sha256=d["sha256"],
        location=d["location"],
        file=d["file"],
        subtypes={k: tuple(_dec_choice(c) for c in v) for k, v in d["subtypes"].items()},
        reference_id=ref_id,
        reference_version=ref_version,
        reference_sha256=ref_sha,
        reference_source=ref_source,
    )


def clear() -> None:
    """Forget the questionnaires kept in memory (the files on disk stay)."""
    _MEMORY.clear()


def main(argv: list[str] | None = None) -> int:
    """``python -m sscassess.questionnaire.cache [--check]``: the release step, or only its check."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--check"]):
        print("usage: python -m sscassess.questionnaire.cache [--check]", file=sys.stderr)
        return 2
    try:
        if args == ["--check"]:
            problems = release_problems()
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1 if problems else 0
        for line in release_shipped():
            print(line)
    except SscError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
