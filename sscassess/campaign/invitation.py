"""The respondent's side of an invitation: reading the invitation file, signing the response.

An invitation file carries the organisation (fixed), the pinned questionnaire and the secret
code; the response file is signed with that code (HMAC-SHA256 over canonical JSON) so the
coordinator can verify it (:mod:`sscassess.campaign.folder`). Nothing here needs the store or
pydantic: the wizard reads an invitation on its way to the first question.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import TYPE_CHECKING, Any

from sscassess.core.errors import IntegrityError, InvalidInputError, Msg, UsageError
from sscassess.core.stamps import canonical, now
from sscassess.core.validation import ID_PATTERN
from sscassess.core.yamlio import load_yaml_file

if TYPE_CHECKING:
    from pathlib import Path

    from sscassess.questionnaire.model import Questionnaire

INVITATION_FORMAT = "sscassess-invitation/1"
RESPONSE_FORMAT = "sscassess-response/1"

#: The code's alphabet (RFC 4648 base32): no 0, 1, 8 or 9 to mistake for O, I, B or g.
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#: ``XXXX-XXXX-XXXX-XXXX`` (the key) then ``-C``, a check character (codes issued before
#: sscassess 0.2 have none and are still accepted).
CODE_PATTERN = re.compile(r"([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})(?:-([A-Z2-7]))?")
MAX_CONTACT_LENGTH = 200


def check_character(key: str) -> str:
    """The Luhn mod 32 check character of a code's key (its dashes ignored).

    Luhn mod N catches every single changed character and every swap of two neighbours but
    ``A`` and ``7`` (the alphabet's first and last), the usual slips of someone copying a code
    or editing the file by hand.
    """
    digits = [CODE_ALPHABET.index(ch) for ch in key.replace("-", "")]
    total = 0
    for position, value in enumerate(reversed(digits)):
        if position % 2 == 0:
            value *= 2
            value = value // 32 + value % 32
        total += value
    return CODE_ALPHABET[(32 - total % 32) % 32]


def with_check(key: str) -> str:
    """A code as written in invitation files: its key, a dash and its check character."""
    return f"{key}-{check_character(key)}"


def code_key(code: str) -> str:
    """The part of a code that signs responses (the check character is left out).

    Responses signed under a code issued before check characters existed verify unchanged.
    """
    found = CODE_PATTERN.fullmatch(code)
    return found.group(1) if found else code


def code_problem(code: Any) -> Msg | None:
    """Why an invitation's code is not the one issued (None when it passes the local check).

    Only its format and check character can be checked without the campaign's key: a code
    changed by one character, or two neighbours swapped, is caught here, before the first
    question, instead of at import.
    """
    if not isinstance(code, str):
        return Msg("its code is missing")
    found = CODE_PATTERN.fullmatch(code.strip())
    if found is None:
        return Msg("its code is not of the form XXXX-XXXX-XXXX-XXXX-X")
    if found.group(2) is not None and found.group(2) != check_character(found.group(1)):
        return Msg("its code has been altered (its check character does not match)")
    return None


def sign(payload: dict[str, Any], code: str) -> str:
    """HMAC-SHA256 (hex) of the canonical JSON of ``payload`` under ``code``'s key.

    The key is the code without its check character (:func:`code_key`), so codes with and
    without one sign alike.
    """
    key = code_key(code).encode()
    return hmac.new(key, canonical(payload).encode(), hashlib.sha256).hexdigest()


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
        raise InvalidInputError(Msg("{path} is not an sscassess invitation file", path=path))
    if not re.fullmatch(ID_PATTERN, str(data["invitation_id"])):
        raise InvalidInputError(Msg("{path}: invalid invitation id", path=path))
    problem = code_problem(data["code"])
    if problem is not None:
        raise InvalidInputError(
            Msg("{path} is not the invitation the city coordinator sent: {problem}; ask the "
                "coordinator for a new copy of the file (nothing was answered yet)",
                path=path, problem=problem)
        )  # fmt: skip
    data["code"] = data["code"].strip()
    for key in ("city", "coordinator", "contact"):
        value = data.get(key)
        if value is not None and (
            not isinstance(value, str)
            or len(value) > MAX_CONTACT_LENGTH
            or any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in value)
        ):
            raise InvalidInputError(
                Msg("{path}: {key} must be a line of text of at most {n} characters; ask the "
                    "coordinator for a new copy of the file",
                    path=path, key=key, n=MAX_CONTACT_LENGTH)
            )  # fmt: skip
    return dict(data)


def invitation_questionnaire(invitation: dict[str, Any]) -> Questionnaire:
    """The questionnaire an invitation pins (``questionnaire: {id, version, sha256}``).

    The shipped file of that version: the current one when its version matches, else the
    archived one, so an invitation keeps working after a newer version is installed. Raises
    :class:`UsageError` when this sscassess does not ship that version (answer with the
    sscassess release that has it) and :class:`IntegrityError` when the file shipped under
    that version is not the pinned one.
    """
    from sscassess import __version__
    from sscassess.core.resources import NotShippedError
    from sscassess.questionnaire.load import load_pinned_questionnaire

    pinned = invitation.get("questionnaire")
    if not isinstance(pinned, dict) or not all(
        isinstance(pinned.get(k), str) for k in ("id", "version", "sha256")
    ):
        raise InvalidInputError(
            Msg("the invitation does not name its questionnaire (id, version and sha256); ask "
                "the coordinator for a new copy of the file")
        )  # fmt: skip
    ref = f"{pinned['id']}@{pinned['version']}"
    try:
        return load_pinned_questionnaire(pinned["id"], pinned["version"], pinned["sha256"])
    except NotShippedError as exc:
        ref = f"{exc.name}@{exc.version}"  # the version escaped unless plain
        raise UsageError(
            Msg("the invitation is for questionnaire {ref}, which sscassess {version} does not "
                "ship ({shipped}); answer with the sscassess release that has {ref}, or ask the "
                "coordinator which version to use",
                ref=ref, version=__version__, shipped=exc.shipped_text())
        ) from None  # fmt: skip
    except IntegrityError as exc:
        raise IntegrityError(
            Msg("the invitation is for questionnaire {ref}: {error}", ref=ref, error=exc)
        ) from None


def invitation_code(key: bytes, invitation_id: str) -> str:
    """The secret code of an invitation, as XXXX-XXXX-XXXX-XXXX-C.

    80 bits of HMAC-SHA256 (the part that signs responses), then a check
    character that lets the respondent's copy of sscassess catch an altered code before the
    first question (:func:`code_problem`).
    """
    digest = hmac.new(key, invitation_id.encode(), hashlib.sha256).digest()
    text = base64.b32encode(digest[:10]).decode()
    return with_check("-".join(text[i : i + 4] for i in range(0, 16, 4)))
