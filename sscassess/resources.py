"""Locate the data shipped with sscassess (reference packs, questionnaires, report templates).

In a wheel the top-level data folders are packaged as ``sscassess/_data/<kind>`` and found with
:mod:`importlib.resources`. In a source checkout (editable install) they sit beside the package.
Nothing is ever looked up relative to the current directory.
"""

from __future__ import annotations

import hashlib
import importlib.resources
from pathlib import Path
from typing import Literal

from sscassess.errors import UsageError

DataKind = Literal["reference", "questionnaires", "reports"]


def data_dir(kind: DataKind) -> Path:
    """Return the folder holding the shipped data of ``kind``."""
    packaged = importlib.resources.files("sscassess") / "_data" / kind
    if packaged.is_dir():
        return Path(str(packaged))
    # Editable install / source checkout: the folder is a sibling of the package.
    checkout = Path(__file__).resolve().parent.parent / kind
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

#: Larger files are refused when read (as sscassess.yamlio.MAX_YAML_BYTES).
_MAX_PACK_FILE = 4 * 1024 * 1024


def shipped_packs() -> dict[str, Path]:
    """Shipped reference pack ids and their folders."""
    root = data_dir("reference")
    return {p.name: p for p in sorted(root.iterdir()) if (p / "pack.yaml").is_file()}


def resolve_pack_location(spec: str | Path | None) -> tuple[Path, str]:
    """Turn a reference pack id or path into (pack folder, display prefix for file names)."""
    if spec is None or str(spec) == "":
        spec = DEFAULT_PACK
    spec_str = str(spec)
    packs = shipped_packs()
    if spec_str in packs:
        return packs[spec_str], f"reference/{spec_str}"
    path = Path(spec_str).expanduser()
    if path.is_file() and path.name == "pack.yaml":
        return path.parent, str(path.parent)
    if path.is_dir():
        if not (path / "pack.yaml").is_file():
            raise UsageError(f"{spec_str}: not a reference pack folder (it has no pack.yaml)")
        return path, spec_str.rstrip("/")
    shipped = ", ".join(packs) or "none"
    raise UsageError(
        f"no reference pack '{spec_str}': give a shipped pack id ({shipped}) "
        "or a folder holding pack.yaml"
    )


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
