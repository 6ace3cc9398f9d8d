"""Locate the data shipped with sscassess (reference packs, questionnaires, report templates).

In a wheel the top-level data folders are packaged as ``sscassess/_data/<kind>`` and found with
:mod:`importlib.resources`. In a source checkout (editable install) they sit beside the package.
Nothing is ever looked up relative to the current directory.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Literal

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
