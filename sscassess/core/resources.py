"""Locate the data shipped with sscassess (reference packs, questionnaires, report templates).

In a wheel the top-level data folders are packaged as ``sscassess/_data/<kind>`` and found with
:mod:`importlib.resources`. In a source checkout (editable install) they sit beside the package.
Nothing is ever looked up relative to the current directory.

Released versions stay shipped. ``reference/released.json`` and
``questionnaires/released.json`` list every released version with its sha256 (a released
version never changes); a superseded one is kept in the kind's ``archive/`` folder
(``reference/archive/<id>@<version>/``, ``questionnaires/archive/<id>@<version>.yaml``).
``id@version`` finds the current file when its version matches, else the archived one;
``id`` alone is the current version. See reference/README.md and questionnaires/README.md.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
import re
from pathlib import Path
from typing import Any, Literal

from sscassess import __version__
from sscassess.core.errors import NONE, IntegrityError, Msg, SscError, UsageError
from sscassess.core.i18n import N_

DataKind = Literal["reference", "questionnaires", "reports"]
#: The kinds of shipped data that are versioned, released and archived.
ReleasedKind = Literal["reference", "questionnaires"]

#: A folder laid out like the checkout's top level (``reference/``, ``questionnaires/``,
#: ``reports/``) whose folders replace the installed ones: to try a new release of the shipped
#: questionnaire or pack against existing campaigns (the tests do). A kind missing from it is
#: the installed one.
SHIPPED_DATA_ENV = "SSCASSESS_SHIPPED_DATA"
#: The folder, inside a kind's data folder, holding the superseded released versions.
ARCHIVE = "archive"
#: The list of released versions, inside a kind's data folder.
RELEASED = "released.json"
RELEASED_FORMAT = "sscassess-released/1"
#: Versions that may name an archived file (no path separator can get in).
VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._+-]{0,31}$"
#: A top-level ``version:`` line of a YAML file (quoted or not).
VERSION_LINE = re.compile(
    r"""^version:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#"']+))[ \t]*(?:#[^\n]*)?\r?$""", re.M
)


def data_dir(kind: DataKind) -> Path:
    """Return the folder holding the shipped data of ``kind`` (see :data:`SHIPPED_DATA_ENV`)."""
    override = os.environ.get(SHIPPED_DATA_ENV, "")
    if override and (Path(override) / kind).is_dir():
        return Path(override) / kind
    packaged = importlib.resources.files("sscassess") / "_data" / kind
    if packaged.is_dir():
        return Path(str(packaged))
    # Editable install / source checkout: the folder is a sibling of the package.
    checkout = Path(__file__).resolve().parents[2] / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"sscassess data folder '{kind}' is missing from this installation")


DEFAULT_PACK = "itu_fg_ssc_2015"
#: The files of a reference pack, in the order they are read.
PACK_FILES = (
    "pack.yaml",
    "roles.yaml",
    "aims.yaml",
    "challenges.yaml",
    "potential.yaml",
    "constraints.yaml",
    "categories.yaml",
    "expectations.yaml",
    "recommendations.yaml",
)

#: Larger files are refused when read (as sscassess.core.yamlio.MAX_YAML_BYTES).
_MAX_PACK_FILE = 4 * 1024 * 1024


def shipped_packs() -> dict[str, Path]:
    """Shipped reference pack ids and their folders (the current versions)."""
    root = data_dir("reference")
    return {p.name: p for p in sorted(root.iterdir()) if (p / "pack.yaml").is_file()}


def archived_packs() -> dict[str, Path]:
    """Archived reference packs: ``id@version`` and its folder."""
    root = data_dir("reference") / ARCHIVE
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir()) if (p / "pack.yaml").is_file()}


def ref(name: str, version: str) -> str:
    """``id@version``, as messages and campaign files name a questionnaire or pack version."""
    return "@".join((name, version))


def _released_file(kind: ReleasedKind) -> str:
    return "/".join((kind, RELEASED))


def split_ref(spec: str) -> tuple[str, str | None]:
    """``"id@version"`` -> ``("id", "version")``; ``"id"`` -> ``("id", None)``."""
    name, at, version = spec.partition("@")
    return name, (version if at else None)


def is_version(version: str) -> bool:
    """Whether ``version`` may name an archived file (letters, digits, ``. _ + -``)."""
    return re.fullmatch(VERSION_PATTERN, version) is not None


def declared_version(path: Path) -> str | None:
    """The top-level ``version:`` a YAML file declares, read without parsing it (None: unknown).

    Only chooses between the current and an archived file; the loaded file's own version
    is what counts (it is checked after loading).
    """
    try:
        with path.open("rb") as fh:
            text = fh.read(_MAX_PACK_FILE + 1).decode("utf-8", "replace")
    except OSError:
        return None
    return version_in(text)


def version_in(text: str) -> str | None:
    """The top-level ``version:`` declared in YAML text, or None (see :func:`declared_version`)."""
    found = VERSION_LINE.search(text)
    return next((g for g in found.groups() if g is not None), None) if found else None


#: What a :class:`NotShippedError` is about, as its messages name it.
_RELEASED_THINGS = {"questionnaire": N_("questionnaire"), "reference pack": N_("reference pack")}


class NotShippedError(UsageError):
    """A version of a shipped questionnaire or pack that this sscassess does not ship.

    A :class:`UsageError` (exit 2); a campaign that pins it reports an
    :class:`~sscassess.core.errors.IntegrityError` (exit 4), as for a changed one.
    """

    def __init__(self, what: Literal["questionnaire", "reference pack"], name: str,
                 version: str, current: str | None, archived: list[str]) -> None:  # fmt: skip
        # A version from a file (a campaign's, an invitation's) is shown escaped unless plain.
        shown = version if is_version(version) else repr(version)
        self.what, self.name, self.version = what, name, shown
        self.current, self.archived = current, archived
        has = (
            Msg("is at version {current}, not {version}", current=current, version=shown)
            if current
            else Msg("is not current")
        )
        super().__init__(
            Msg("{what} {name} {has}, and sscassess {sscassess} does not ship {ref} "
                "({archived}); use {current}, a file of version {version}, or the sscassess "
                "release that has {ref}",
                what=self.what_text(), name=name, has=has, sscassess=__version__,
                ref=ref(name, shown), archived=self.archived_text(),
                current=ref(name, current or "…"), version=shown)
        )  # fmt: skip

    def what_text(self) -> Msg:
        """The kind of file ("questionnaire" or "reference pack"), translated where it is said."""
        return Msg(_RELEASED_THINGS[self.what])

    def archived_text(self) -> Msg:
        """``archived: 1.0, 1.1`` or ``none archived``."""
        if self.archived:
            return Msg("archived: {versions}", versions=", ".join(self.archived))
        return Msg("none archived")

    def shipped_text(self) -> Msg:
        """What is shipped instead: ``it has X@1.1; archived: 1.0``."""
        if self.current:
            return Msg("it has {ref}; {archived}", ref=ref(self.name, self.current),
                       archived=self.archived_text())  # fmt: skip
        return self.archived_text()


def resolve_pack_location(spec: str | Path | None) -> tuple[Path, str]:
    """Turn a reference pack id (``id`` or ``id@version``) or a path into (folder, display prefix).

    ``id@version`` is the current pack when its version matches, else the archived one;
    :class:`NotShippedError` when neither is shipped.
    """
    if spec is None or str(spec) == "":
        spec = DEFAULT_PACK
    spec_str = str(spec)
    packs = shipped_packs()
    if spec_str in packs:
        return packs[spec_str], f"reference/{spec_str}"
    name, version = split_ref(spec_str)
    if version is not None and (name in packs or f"{name}@{version}" in archived_packs()):
        return _shipped_pack_version(name, version, packs.get(name))
    path = Path(spec_str).expanduser()
    if path.is_file() and path.name == "pack.yaml":
        return path.parent, str(path.parent)
    if path.is_dir():
        if not (path / "pack.yaml").is_file():
            raise UsageError(
                Msg("{spec}: not a reference pack folder (it has no pack.yaml)", spec=spec_str)
            )
        return path, spec_str.rstrip("/")
    shipped: str | Msg = ", ".join(packs) or NONE
    raise UsageError(
        Msg("no reference pack '{spec}': give a shipped pack id ({shipped}) or a folder "
            "holding pack.yaml", spec=spec_str, shipped=shipped)
    )  # fmt: skip


def _shipped_pack_version(name: str, version: str, current: Path | None) -> tuple[Path, str]:
    current_version = declared_version(current / "pack.yaml") if current else None
    if current is not None and current_version in (version, None):
        return current, f"reference/{name}"
    archived = archived_packs()
    if is_version(version) and f"{name}@{version}" in archived:
        return archived[f"{name}@{version}"], f"reference/{ARCHIVE}/{name}@{version}"
    versions = [k.split("@", 1)[1] for k in archived if k.split("@", 1)[0] == name]
    raise NotShippedError("reference pack", name, version, current_version, versions)


def is_archived(path: Path, kind: ReleasedKind) -> bool:
    """Whether ``path`` (a pack folder or questionnaire file) is in the shipped archive of ``kind``."""
    try:
        return path.resolve().parent == (data_dir(kind) / ARCHIVE).resolve()
    except (OSError, FileNotFoundError):
        return False


def released_versions(kind: ReleasedKind) -> dict[str, dict[str, Any]]:
    """The released versions of ``kind``: ``id@version`` -> its entry (``sha256``, ...).

    Read from ``<kind>/released.json``; an installation without one has released nothing.
    """
    path = data_dir(kind) / RELEASED
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise SscError(
            Msg("{file} cannot be read ({reason}); reinstall sscassess",
                file=_released_file(kind), reason=exc)
        ) from None  # fmt: skip
    entries = data.get("released") if isinstance(data, dict) else None
    if not isinstance(entries, list) or data.get("format") != RELEASED_FORMAT:
        raise SscError(
            Msg("{file} is not a list of released versions; reinstall sscassess",
                file=_released_file(kind))
        )  # fmt: skip
    found: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            found[f"{entry['id']}@{entry.get('version')}"] = entry
    return found


def check_archived(kind: ReleasedKind, stem: str, ref: str, sha256: str, display: str) -> None:
    """Refuse an archived questionnaire or pack that is not exactly its released version.

    ``stem`` is its file name without suffix or its folder name (``id@version``), ``ref`` the
    ``id@version`` its content declares. Raises :class:`~sscassess.core.errors.IntegrityError`
    (exit 4): an archived version is never edited, so whatever differs was changed after its
    release.
    """
    fix = Msg("restore it from the sscassess release that has {stem}", stem=stem)
    if stem != ref:
        raise IntegrityError(
            Msg("{display} holds {ref}, not {stem}: archived versions are never edited; {fix}",
                display=display, ref=ref, stem=stem, fix=fix)
        )  # fmt: skip
    entry = released_versions(kind).get(ref)
    if entry is None:
        raise IntegrityError(
            Msg("{display} is not listed in {file} as released; {fix}", display=display,
                file=_released_file(kind), fix=fix)
        )  # fmt: skip
    if entry.get("sha256") != sha256:
        raise IntegrityError(
            Msg("{display} was edited after its release (sha256 {found}… instead of "
                "{released}…): archived versions are never edited; {fix}", display=display,
                found=sha256[:12], released=str(entry.get("sha256"))[:12], fix=fix)
        )  # fmt: skip


def pack_files_digest(folder: Path) -> str | None:
    """sha256 over the folder and the bytes of every pack file in it (None if one is unreadable).

    Two equal digests mean the same files with the same content: what a cache may rely on.
    """
    files = read_pack_files(folder)
    return None if files is None else pack_bytes_digest(folder, files)


def read_pack_files(folder: Path) -> dict[str, bytes] | None:
    """The bytes of every pack file in ``folder`` (None if one is unreadable or too large)."""
    files: dict[str, bytes] = {}
    for name in PACK_FILES:
        try:
            with (folder / name).open("rb") as fh:
                data = fh.read(_MAX_PACK_FILE + 1)
        except OSError:
            return None
        if len(data) > _MAX_PACK_FILE:
            return None
        files[name] = data
    return files


def pack_bytes_digest(folder: Path, files: dict[str, bytes]) -> str:
    """The digest :func:`pack_files_digest` gives for ``files`` read from ``folder``."""
    h = hashlib.sha256(str(folder.resolve()).encode())
    for name in PACK_FILES:
        h.update(b"\0" + name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()
