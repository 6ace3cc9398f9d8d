"""Timestamps, canonical JSON and the acting user: what every stored or signed record shares.

Kept apart from the store so the respondent's side (wizard, invitation files) needs no
database module.
"""

from __future__ import annotations

import getpass
import json
import os
from datetime import UTC, datetime
from typing import Any


def now() -> str:
    """The current UTC time, ISO 8601 with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def canonical(data: Any) -> str:
    """Canonical JSON text (sorted keys, no spaces, no NaN)."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def actor() -> str:
    """Who is acting, for the event log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"
