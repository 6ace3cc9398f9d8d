"""Intake: response files verified against a campaign, then stored.

A signed response file must carry the signature of its invitation's code, the campaign's id,
the pinned questionnaire and the invited organisation; a plain answers file (a paper form
typed in) is taken only with ``unverified`` and is marked so in every output. Each file is
read whole, capped in size and depth, and stored whole or not at all; a bad file is refused
with its reason and the batch goes on.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sscassess.answers.validate import answers_from_document

# The respondent's side lives in sscassess.campaign.invitation (no store, no pydantic); re-exported.
from sscassess.campaign.invitation import (
    RESPONSE_FORMAT,
    content_sha256,
    invitation_code,
    sign,
)
from sscassess.campaign.store import (
    Rejected,
    Submission,
    now,
)
from sscassess.core.errors import (
    NONE,
    IntegrityError,
    InvalidInputError,
    Msg,
    Option,
    SscError,
    UsageError,
)
from sscassess.core.stamps import actor
from sscassess.core.texts import name_key
from sscassess.core.yamlio import (
    YamlDocument,
    number_too_large,
    parse_float_capped,
    parse_int_capped,
    parse_yaml,
)

if TYPE_CHECKING:
    from pathlib import Path

    from sscassess.answers.validate import AnswersFile
    from sscassess.campaign.folder import Campaign
    from sscassess.campaign.store import Invitation

#: Largest response or answers file accepted for import.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
#: Deepest JSON nesting accepted in a response file.
MAX_JSON_DEPTH = 32
#: The detail of a file whose answers are stored already.
UNCHANGED = Msg("already imported with the same answers; nothing changed")
#: Highest revision number a response file may carry (SQLite and PostgreSQL INTEGER hold it).
MAX_REVISION = 2**31 - 1


@dataclass
class ImportResult:
    """What happened to one imported file."""

    path: str
    status: Literal["imported", "unchanged", "rejected"]
    #: What happened, in words a front end translates (``error`` says why a file was rejected).
    said: Msg
    organisation: str = ""
    revision: int | None = None
    #: Something the coordinator should look at, though the file was stored (look-alike name).
    warning: Msg | None = None
    #: Why it was rejected, for a front end to spell in its language and with its options.
    error: SscError | None = None

    @property
    def detail(self) -> str:
        """What happened, in English, options spelt as the Python API does."""
        if self.error is not None:
            return str(self.error).replace("\n", " ")
        return str(self.said)


class Intake:
    """Verifies files against one campaign and stores them (the campaign's ``import_*``)."""

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        #: Look-alike key -> response id -> name, filled on the first import.
        self._names: dict[str, dict[str, str]] | None = None

    def import_file(self, path: Path, unverified: bool = False) -> ImportResult:
        """Verify and store one file; never raises for a bad file (the result says why)."""
        try:
            sub, organisation = self._verify(path, unverified)
            outcome, revision = self.campaign.store.submit(sub, actor())
        except (InvalidInputError, IntegrityError, Rejected, UsageError) as exc:
            return ImportResult(str(path), "rejected", Msg("rejected"), error=exc)
        if outcome == "superseded":
            current = next(
                r for r in self.campaign.store.responses() if r.response_id == sub.response_id
            )
            detail = Msg(
                "already imported as revision {revision}, since replaced by revision "
                "{current}; nothing changed", revision=revision, current=current.revision
            )  # fmt: skip
            return ImportResult(str(path), "unchanged", detail, organisation, revision)
        detail = Msg("imported") if outcome == "imported" else UNCHANGED
        warning = self._lookalike_warning(sub) if outcome == "imported" else None
        return ImportResult(str(path), outcome, detail, organisation, revision, warning)

    def _lookalike_warning(self, sub: Submission) -> Msg | None:
        """A note when another organisation's name differs only by accents, case or spaces.

        The two are kept apart; the coordinator decides whether they are one organisation.
        """
        if self._names is None:
            self._names = {}
            known = [(i.response_id, i.organisation) for i in self.campaign.store.invitations()]
            known += self.campaign.store.response_names()
            for response_id, name in known:
                self._names.setdefault(lookalike_key(name), {})[response_id] = name
        group = self._names.setdefault(lookalike_key(sub.organisation), {})
        alike = sorted(
            {n for rid, n in group.items() if rid != sub.response_id and n != sub.organisation}
        )
        group[sub.response_id] = sub.organisation
        if not alike:
            return None
        shown = ", ".join(f"'{n}'" for n in alike)
        return Msg(
            "the name '{name}' looks like {others}; they are kept as different organisations. "
            "If they are the same, import the answer again under the exact name",
            name=sub.organisation,
            others=shown,
        )

    def _verify(self, path: Path, unverified: bool) -> tuple[Submission, str]:
        raw = _read_capped(path)
        if path.suffix.lower() == ".json":
            data = parse_json_strict(raw, str(path))
            if isinstance(data, dict) and "signature" in data:
                return self._verify_signed(data, str(path))
            doc = YamlDocument(data, str(path))
        else:
            text = _decode(raw, str(path))
            doc = parse_yaml(text, str(path))
            if isinstance(doc.data, dict) and doc.data.get("format") == RESPONSE_FORMAT:
                raise Rejected(
                    Msg("a response file must stay the JSON file the respondent sent; do not "
                        "convert it")
                )  # fmt: skip
        if not unverified:
            raise Rejected(
                Msg("not a signed response file; a plain answers file (e.g. typed in from a "
                    "paper form) needs {option} and is marked as unverified in every output",
                    option=Option("unverified", True))
            )  # fmt: skip
        return self._plain(doc)

    def _verify_signed(self, data: dict[str, Any], name: str) -> tuple[Submission, str]:
        q = self.campaign.questionnaire
        expected = {"format", "campaign_id", "invitation_id", "revision", "questionnaire",
                    "organisation", "answers", "submitted_at", "signature"}  # fmt: skip
        if set(data) != expected:
            extra = sorted(set(data) - expected)
            missing = sorted(expected - set(data))
            raise Rejected(
                Msg("not a valid response file (unexpected: {extra}; missing: {missing})",
                    extra=extra or NONE, missing=missing or NONE)
            )  # fmt: skip
        if data["format"] != RESPONSE_FORMAT:
            raise Rejected(
                Msg("unknown response format {format}", format=repr(_short(data["format"])))
            )
        if data["campaign_id"] != self.campaign.id:
            raise Rejected(
                Msg("this response belongs to another campaign ({other}), not {campaign}",
                    other=_short(data["campaign_id"]), campaign=self.campaign.id)
            )  # fmt: skip
        invitation_id = data["invitation_id"]
        inv = next(
            (i for i in self.campaign.store.invitations() if i.invitation_id == invitation_id), None
        )
        if inv is None:
            raise Rejected(
                Msg("unknown invitation {invitation} in this campaign",
                    invitation=repr(_short(invitation_id)))
            )  # fmt: skip
        signature = data["signature"]
        payload = {k: v for k, v in data.items() if k != "signature"}
        good = sign(payload, invitation_code(self.campaign.key(), invitation_id))
        # Bytes: compare_digest refuses str with non-ASCII characters (TypeError).
        if not isinstance(signature, str) or not hmac.compare_digest(
            signature.encode("utf-8", "surrogatepass"), good.encode()
        ):
            raise Rejected(
                Msg("the signature does not match invitation {slug}: the file was changed after "
                    "it was signed, or signed with another invitation's code", slug=inv.slug)
            )  # fmt: skip
        if inv.revoked_at is not None:
            raise Rejected(_revoked(inv))
        pinned = data["questionnaire"]
        if not isinstance(pinned, dict) or pinned.get("sha256") != q.sha256:
            shown = (
                f"{_short(pinned.get('id'))}@{_short(pinned.get('version'))}"
                if isinstance(pinned, dict)
                else _short(pinned)
            )
            raise Rejected(
                Msg("answers a different questionnaire version ({found}) than this campaign's "
                    "{ref}", found=shown, ref=q.ref)
            )  # fmt: skip
        revision = data["revision"]
        if (
            isinstance(revision, bool)
            or not isinstance(revision, int)
            or not 1 <= revision <= MAX_REVISION
        ):
            raise Rejected(Msg("the revision must be a whole number from 1 to {n}", n=MAX_REVISION))
        submitted_at = _check_timestamp(data["submitted_at"])
        org = data["organisation"]
        if (
            not isinstance(org, dict)
            or org.get("name") != inv.organisation
            or org.get("category") != inv.category
            or org.get("subtype") not in (None, inv.subtype)
        ):
            fixed = f"{inv.organisation}, {inv.category}" + (
                f", {inv.subtype}" if inv.subtype else ""
            )
            raise Rejected(
                Msg("the organisation in the file does not match invitation {slug} ({fixed})",
                    slug=inv.slug, fixed=fixed)
            )  # fmt: skip
        doc = YamlDocument(
            {"questionnaire": q.ref, "organisation": org, "answers": data["answers"]}, name
        )
        parsed = answers_from_document(doc, q)
        sub = invited_submission(inv, parsed, q.sha256, "signed-file", submitted_at, revision)
        return sub, inv.organisation

    def _plain(self, doc: YamlDocument) -> tuple[Submission, str]:
        q = self.campaign.questionnaire
        parsed = answers_from_document(doc, q)
        name = str(parsed.organisation.get("name") or "")
        category = str(parsed.organisation.get("category") or "")
        if not name or not category:
            raise Rejected(
                Msg("the answers file names no organisation (organisation.name and "
                    "organisation.category)")
            )  # fmt: skip
        wanted = name_key(name)
        matches = [
            i for i in self.campaign.store.invitations() if name_key(i.organisation) == wanted
        ]
        inv = min(matches, key=lambda i: i.revoked_at is not None, default=None)
        if inv is not None:
            if inv.revoked_at is not None:
                raise Rejected(_revoked(inv))
            if inv.category != category:
                raise Rejected(
                    Msg("{organisation} is invited as {invited}, not {given}",
                        organisation=inv.organisation, invited=inv.category, given=category)
                )  # fmt: skip
            subtype = parsed.organisation.get("subtype")
            if subtype not in (None, inv.subtype):
                raise Rejected(
                    Msg("{organisation} is invited as {invited}, not {given}",
                        organisation=inv.organisation, invited=inv.subtype or Msg("no subtype"),
                        given=subtype)
                )  # fmt: skip
            response_id = inv.response_id
        elif self.campaign.config.allow_open_responses:
            # Identity is the exact name (NFKC, case-folded), never a lossy slug: two names
            # that differ by an accent are two organisations (the import warns about them).
            # The id is keyed with the campaign key, so nobody can get the name back from it.
            keyed = hmac.new(self.campaign.key(), b"open\0" + wanted.encode(), hashlib.sha256)
            response_id = self.campaign.store.open_response_id(name) or (
                "open_" + keyed.hexdigest()[:16]
            )
        else:
            raise Rejected(
                Msg("no invitation for '{name}' and this campaign takes no open responses; "
                    "invite the organisation first", name=name)
            )  # fmt: skip
        sub = Submission(
            response_id=response_id,
            invitation_id=inv.invitation_id if inv else None,
            revision=None,
            organisation=inv.organisation if inv else name.strip(),
            category=category,
            subtype=parsed.organisation.get("subtype"),
            answers=parsed.answers,
            content_sha256=content_sha256(parsed.organisation, parsed.answers),
            questionnaire_sha256=q.sha256,
            verified=False,
            source="unverified-file" if inv else "open",
            submitted_at=now(),
        )
        return sub, sub.organisation


def invited_submission(
    inv: Invitation,
    parsed: AnswersFile,
    questionnaire_sha256: str,
    source: str,
    submitted_at: str,
    revision: int | None = None,
) -> Submission:
    """Validated answers for an invitation, verified: a signed file's, or a workshop's."""
    return Submission(
        response_id=inv.response_id,
        invitation_id=inv.invitation_id,
        revision=revision,
        organisation=inv.organisation,
        category=inv.category,
        subtype=parsed.organisation.get("subtype"),
        answers=parsed.answers,
        content_sha256=content_sha256(parsed.organisation, parsed.answers),
        questionnaire_sha256=questionnaire_sha256,
        verified=True,
        source=source,
        submitted_at=submitted_at,
    )


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files to import: the files given, and the .json/.yaml/.yml files inside folders."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.suffix.lower() in (".json", ".yaml", ".yml") and f.is_file()
                )
            )
        else:
            files.append(p)
    return files


def lookalike_key(name: str) -> str:
    """What is left of a name without accents, case, spaces and punctuation, in any script.

    Used only to warn about look-alike names ("Gréen Streets", "Green streets!"), never to
    decide identity (:func:`sscassess.core.texts.name_key` does that).
    """
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed.casefold() if c.isalnum() and not unicodedata.combining(c))


def _revoked(inv: Invitation) -> Msg:
    return Msg("the invitation of {organisation} was revoked on {when}",
               organisation=inv.organisation, when=inv.revoked_at)  # fmt: skip


def _short(value: Any) -> str:
    """A value from an untrusted file, cut for a message (a 1 MB value stays out of it)."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)[:80]
    return text if len(text) <= 60 else text[:57] + "..."


def _check_timestamp(value: Any) -> str:
    """A response's ``submitted_at``, checked: the store orders revisions by it.

    UTC ``YYYY-MM-DDTHH:MM:SSZ`` as the respondent side writes it, a real date, not later
    than a day from now.
    """
    if not isinstance(value, str) or not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", value
    ):
        raise Rejected(
            Msg("submitted_at {value} is not a UTC time such as 2026-05-04T09:30:00Z",
                value=str(_short(value)))
        )  # fmt: skip
    try:
        when = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise Rejected(
            Msg("submitted_at {value} is not a real date and time", value=value)
        ) from None
    if when > datetime.now(UTC) + timedelta(days=1):
        raise Rejected(
            Msg("submitted_at {value} is in the future; check the clock of the machine it was "
                "answered on and answer again", value=value)
        )  # fmt: skip
    return value


def _read_capped(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise Rejected(
                Msg("{size} KiB is larger than the {limit} KiB limit for a response file",
                    size=size // 1024, limit=MAX_IMPORT_BYTES // 1024)
            )  # fmt: skip
        with path.open("rb") as fh:
            raw = fh.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise Rejected(Msg("no such file")) from None
    except IsADirectoryError:
        raise Rejected(Msg("is a folder")) from None
    except OSError as exc:
        raise Rejected(Msg("cannot be read ({reason})", reason=exc.strerror)) from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise Rejected(
            Msg("larger than the {limit} KiB limit for a response file",
                limit=MAX_IMPORT_BYTES // 1024)
        )  # fmt: skip
    return raw


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise Rejected(
            Msg("not UTF-8 text (byte {byte} on line {line})", byte=format(raw[exc.start], "#04x"),
                line=str(line))
        ) from None  # fmt: skip


def parse_json_strict(raw: bytes, name: str) -> Any:
    """Parse JSON refusing what ``json.loads`` lets through.

    Duplicate keys, NaN/Infinity, unpaired surrogates and nesting deeper than
    :data:`MAX_JSON_DEPTH` are refused with a reason.
    """
    text = _decode(raw, name)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise Rejected(Msg("duplicate key {key} in the JSON", key=repr(key)))
            out[key] = value
        return out

    def constant(value: str) -> Any:
        raise Rejected(Msg("{value} is not a valid JSON number", value=value))

    def integer(value: str) -> int:
        number = parse_int_capped(value)
        if number is None:
            raise Rejected(
                Msg("line {line}: {problem}", line=str(_json_line(text, value)),
                    problem=number_too_large(value))
            )  # fmt: skip
        return number

    def real(value: str) -> float:
        number = parse_float_capped(value)
        if number is None:
            raise Rejected(
                Msg("line {line}: {problem}", line=str(_json_line(text, value)),
                    problem=number_too_large(value))
            )  # fmt: skip
        return number

    # Check the nesting depth on the raw text first: json.loads recurses.
    depth = max_depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            max_depth = max(max_depth, depth)
            if max_depth > MAX_JSON_DEPTH:
                raise Rejected(
                    Msg("the JSON is nested more than {n} levels deep", n=MAX_JSON_DEPTH)
                )
        elif ch in "]}":
            depth -= 1
    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_constant=constant,
            parse_int=integer,
            parse_float=real,
        )
    except json.JSONDecodeError as exc:
        raise Rejected(
            Msg("not valid JSON: {reason} at line {line}, column {column}", reason=exc.msg,
                line=str(exc.lineno), column=str(exc.colno))
        ) from None  # fmt: skip
    _refuse_surrogates(data)
    return data


def _json_line(text: str, literal: str) -> int:
    """The line of the first occurrence of a number literal (the JSON parser gives none)."""
    at = text.find(literal)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def _refuse_surrogates(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any(0xD800 <= ord(c) <= 0xDFFF for c in item):
                raise Rejected(Msg("the JSON contains an unpaired surrogate (\\ud800-\\udfff)"))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
