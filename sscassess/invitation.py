"""The respondent's side of an invitation: reading the invitation file, signing the response.

An invitation file carries the organisation (fixed), the pinned questionnaire and the secret
code; the response file is signed with that code (HMAC-SHA256 over canonical JSON) so the
coordinator can verify it (:mod:`sscassess.campaign`). Nothing here needs the store or
pydantic: the wizard reads an invitation on its way to the first question.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import TYPE_CHECKING, Any

from sscassess.errors import InvalidInputError
from sscassess.stamps import canonical, now
from sscassess.validation import ID_PATTERN
from sscassess.yamlio import load_yaml_file

if TYPE_CHECKING:
    from pathlib import Path

INVITATION_FORMAT = "sscassess-invitation/1"
RESPONSE_FORMAT = "sscassess-response/1"


def sign(payload: dict[str, Any], code: str) -> str:
    """HMAC-SHA256 (hex) of the canonical JSON of ``payload`` under ``code``."""
    return hmac.new(code.encode(), canonical(payload).encode(), hashlib.sha256).hexdigest()


def content_sha256(organisation: dict[str, Any], answers: dict[str, Any]) -> str:
    """The identity of an answer's content (what counts as "the same answer again")."""
    return hashlib.sha256(
        canonical({"organisation": organisation, "answers": answers}).encode()
    ).hexdigest()


def build_response(invitation: dict[str, Any], organisation: dict[str, Any],
                   answers: dict[str, Any], revision: int, submitted_at: str | None = None) -> dict[str, Any]:  # fmt: skip
    """A signed response document for an invitation file's data."""
    payload = {
        "format": RESPONSE_FORMAT,
        "campaign_id": invitation["campaign_id"],
        "invitation_id": invitation["invitation_id"],
        "revision": revision,
        "questionnaire": dict(invitation["questionnaire"]),
        "organisation": organisation,
        "answers": answers,
        "submitted_at": submitted_at or now(),
    }
    return {**payload, "signature": sign(payload, invitation["code"])}


def load_invitation_file(path: Path) -> dict[str, Any]:
    """Read an invitation file (the respondent side)."""
    doc = load_yaml_file(path, str(path), max_bytes=64 * 1024)
    data = doc.data
    required = ("format", "campaign_id", "invitation_id", "organisation", "questionnaire", "code")
    if (
        not isinstance(data, dict)
        or data.get("format") != INVITATION_FORMAT
        or any(k not in data for k in required)
    ):
        raise InvalidInputError(f"{path} is not an sscassess invitation file")
    if not re.fullmatch(ID_PATTERN, str(data["invitation_id"])):
        raise InvalidInputError(f"{path}: invalid invitation id")
    return dict(data)
