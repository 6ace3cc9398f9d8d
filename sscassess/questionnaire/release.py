"""The release step of the shipped questionnaires and packs (``make shipped-forms``).

A released version never changes in place: the step refuses one whose content changed,
archives every released version that is no longer current (from the git history), records
new versions in ``released.json`` and writes the resolved forms. ``python -m
sscassess.questionnaire.release --check`` only lists what it would have to do.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    released_versions,
    shipped_packs,
    split_ref,
    version_in,
)
from sscassess.questionnaire.cache import (
    MAX_ENTRY_BYTES,
    read_limited,
    shipped_form,
    shipped_form_path,
    shipped_questionnaire_files,
    write_shipped_forms,
)

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

    for path, display in shipped_questionnaire_files():
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
    for path, display in shipped_questionnaire_files():
        try:
            fresh = shipped_form(validated_load(path.resolve(), display, None), path.read_bytes())
        except SscError:
            continue  # reported with the questionnaire itself
        if read_limited(shipped_form_path(path), MAX_ENTRY_BYTES) != fresh:
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
    # Kind by kind: an archived questionnaire names a pack version that this very run may be
    # archiving, so the questionnaires are surveyed once the packs are in place. What a
    # refused run archived is removed again, and nothing is recorded until both kinds pass.
    archived_now: list[Path] = []
    pending: list[tuple[ReleasedKind, list[_Item]]] = []
    try:
        for kind in kinds:
            items, broken = _shipped_items(kind)
            refused = broken + _frozen_problems(kind, items)
            if refused:
                raise ReleaseError("nothing was released:\n" + "\n".join(f"  {p}" for p in refused))
            released = released_versions(kind)
            shipped = {i.ref for i in items}
            for ref, entry in released.items():
                if ref in shipped:
                    continue
                restored = _restore_from_git(kind, ref, entry) if use_git else None
                if restored is None:
                    where = f"{kind}/{ARCHIVE}/{ref}" + (
                        ".yaml" if kind == "questionnaires" else "/"
                    )
                    raise ReleaseError(
                        f"{ref} is released but no longer shipped, and it was not found in the "
                        f"git history with its sha256 {str(entry.get('sha256'))[:12]}…: put the "
                        f"released version at {where} (from the sscassess release that has it) "
                        "and run again"
                    )
                archived_now.append(restored)
                done.append(f"archived {ref} in {restored}")
            pending.append((kind, [i for i in items if not i.archived and i.ref not in released]))
    except ReleaseError:
        for path in reversed(archived_now):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise
    for kind, new in pending:
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


def main(argv: list[str] | None = None) -> int:
    """``python -m sscassess.questionnaire.release [--check]``: the release step, or only its check."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--check"]):
        print("usage: python -m sscassess.questionnaire.release [--check]", file=sys.stderr)
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
