r"""The respondent's own files: drafts and the last submitted response, per invitation.

They live in the user's data folder (platformdirs: ``$XDG_DATA_HOME/sscassess``, by default
``~/.local/share/sscassess`` on Linux, ``~/Library/Application Support/sscassess`` on macOS,
``%LOCALAPPDATA%\sscassess`` on Windows), never in the folder the wizard was started from,
so a respondent resumes or corrects from any folder::

    drafts/<campaign id>/<invitation id>.json      the answers so far (wizard)
    responses/<campaign id>/<invitation id>.json   the last signed response written

A draft's file (:class:`DraftFile`, format :data:`DRAFT_FORMAT`) pins the questionnaire it was
made with: the wizard resumes only a draft of the same questionnaire and invitation.

Both ids are checked against the id pattern before they become file names. Folders are made
owner-only (0700), files 0600, every write atomic (:func:`sscassess.core.fileio.atomic_write`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sscassess.core.errors import InvalidInputError, Msg
from sscassess.core.fileio import WriteError, atomic_write, clean_stale_temp_files
from sscassess.core.i18n import N_
from sscassess.core.validation import ID_PATTERN

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sscassess.questionnaire.model import Questionnaire

APP = "sscassess"
DRAFT_FORMAT = "sscassess-draft/1"


def data_dir() -> Path:
    """The user's sscassess data folder (not created)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def _folder(kind: str, campaign_id: str, invitation_id: str) -> Path:
    for value, refusal in (
        (campaign_id, N_("invalid campaign id {id} in the invitation")),
        (invitation_id, N_("invalid invitation id {id} in the invitation")),
    ):
        if not isinstance(value, str) or not re.fullmatch(ID_PATTERN, value):
            raise InvalidInputError(Msg(refusal, id=repr(str(value)[:70])))
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
            Msg("cannot create {folder} for your answers ({reason}); set XDG_DATA_HOME to a "
                "folder you can write to", folder=folder, reason=exc.strerror or exc)
        ) from None  # fmt: skip
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


class DraftFile:
    """A draft kept in a JSON file, written atomically after each answer.

    With an invitation the file is in the user's data folder (:func:`draft_path`);
    a standalone run keeps it beside its answers file.
    """

    def __init__(self, path: Path, q: Questionnaire, invitation_id: str | None) -> None:
        self.path = path
        self.q = q
        self.invitation_id = invitation_id

    def load(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """(answers, stale draft info) — answers empty when there is no usable draft."""
        if not self.path.is_file():
            return {}, None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, {"questionnaire": {"id": "?", "version": "?"}}
        pinned = data.get("questionnaire", {}) if isinstance(data, dict) else {}
        if (
            not isinstance(data, dict)
            or data.get("format") != DRAFT_FORMAT
            or pinned.get("sha256") != self.q.sha256
        ):
            return {}, data if isinstance(data, dict) else {}
        if data.get("invitation_id") != self.invitation_id:
            return {}, data
        answers = data.get("answers")
        return (dict(answers) if isinstance(answers, dict) else {}), None

    def save(self, answers: Mapping[str, Any], answered: int, total: int) -> None:
        """Write the draft (temp file, fsync, rename)."""
        from sscassess.core.stamps import now

        data = {
            "format": DRAFT_FORMAT,
            "questionnaire": {"id": self.q.id, "version": self.q.version, "sha256": self.q.sha256},
            "invitation_id": self.invitation_id,
            "answered": answered,
            "total": total,
            "saved_at": now(),
            "answers": dict(answers),
        }
        atomic_write(
            self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode(), mode=0o600
        )

    def set_aside(self) -> Path:
        """Keep an unusable draft under another name; returns it."""
        old = self.path.with_name(self.path.stem + ".old" + self.path.suffix)
        self.path.replace(old)
        return old

    def remove(self) -> None:
        """Delete the draft once the answers are submitted."""
        self.path.unlink(missing_ok=True)
