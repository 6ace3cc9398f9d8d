r"""The respondent's own files: drafts and the last submitted response, per invitation.

They live in the user's data folder (platformdirs: ``$XDG_DATA_HOME/sscassess``, by default
``~/.local/share/sscassess`` on Linux, ``~/Library/Application Support/sscassess`` on macOS,
``%LOCALAPPDATA%\sscassess`` on Windows), never in the folder the wizard was started from,
so a respondent resumes or corrects from any folder::

    drafts/<campaign id>/<invitation id>.json      the answers so far (wizard)
    responses/<campaign id>/<invitation id>.json   the last signed response written

Both ids are checked against the id pattern before they become file names. Folders are made
owner-only (0700), files 0600, every write atomic (:func:`sscassess.core.fileio.atomic_write`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sscassess.core.errors import InvalidInputError
from sscassess.core.fileio import WriteError, atomic_write, clean_stale_temp_files
from sscassess.core.validation import ID_PATTERN

APP = "sscassess"


def data_dir() -> Path:
    """The user's sscassess data folder (not created)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def _folder(kind: str, campaign_id: str, invitation_id: str) -> Path:
    for what, value in (("campaign", campaign_id), ("invitation", invitation_id)):
        if not isinstance(value, str) or not re.fullmatch(ID_PATTERN, value):
            raise InvalidInputError(f"invalid {what} id {str(value)[:70]!r} in the invitation")
    return data_dir() / kind / campaign_id


def draft_path(campaign_id: str, invitation_id: str) -> Path:
    """Where the draft of an invitation is kept (the file may not exist)."""
    return _folder("drafts", campaign_id, invitation_id) / f"{invitation_id}.json"


def response_path(campaign_id: str, invitation_id: str) -> Path:
    """Where the last response written for an invitation is kept (may not exist)."""
    return _folder("responses", campaign_id, invitation_id) / f"{invitation_id}.json"


def prepare(path: Path) -> Path:
    """Create ``path``'s folder (owner only) and clear interrupted writes in it.

    Raises :class:`~sscassess.core.fileio.WriteError` naming the folder: called before the first
    question, so an unwritable data folder is said before any answer is typed.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise WriteError(
            f"cannot create {folder} for your answers ({exc.strerror or exc}); set "
            "XDG_DATA_HOME to a folder you can write to"
        ) from None
    clean_stale_temp_files(folder)
    return path


def keep_response(response: dict[str, Any]) -> Path:
    """Keep a copy of a signed response written for an invitation; returns its path."""
    path = prepare(response_path(response["campaign_id"], response["invitation_id"]))
    text = json.dumps(response, ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text.encode(), mode=0o600)
    return path


def kept_response(campaign_id: str, invitation_id: str) -> dict[str, Any] | None:
    """The last response kept for an invitation, or None (none, unreadable, or another's)."""
    path = response_path(campaign_id, invitation_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("campaign_id") != campaign_id
        or data.get("invitation_id") != invitation_id
        or not isinstance(data.get("revision"), int)
        or isinstance(data.get("revision"), bool)
        or not isinstance(data.get("answers"), dict)
    ):
        return None
    return data
