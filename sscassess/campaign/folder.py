"""Campaigns: the folder, the secret key, invitations, signed response files and import.

A campaign folder holds ``campaign.yaml`` (city, round, the questionnaire and reference pack
with their sha256), ``campaign.key`` (readable by the owner only), the store (``store.sqlite``
unless a PostgreSQL URL is given), ``invitations/`` and ``reports/``.

Security model: each invitation's secret code is an HMAC of its random id under the campaign
key, so the store keeps nothing secret and codes cannot be guessed from names. A respondent's
response file is signed with the code (HMAC-SHA256 over canonical JSON); the coordinator
recomputes the code to verify it. Whoever holds an invitation file can answer for that
organisation (and only for it); whoever holds the campaign key can forge any response.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import getpass
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import shutil
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from sscassess import __version__
from sscassess.answers.validate import answers_from_document

# The respondent's side lives in sscassess.campaign.invitation (no store, no pydantic); re-exported.
from sscassess.campaign.invitation import (
    INVITATION_FORMAT,
    MAX_CONTACT_LENGTH,
    RESPONSE_FORMAT,
    content_sha256,
    sign,
    with_check,
)
from sscassess.campaign.invitation import build_response as build_response
from sscassess.campaign.invitation import load_invitation_file as load_invitation_file
from sscassess.campaign.store import (
    Invitation,
    Rejected,
    Store,
    StoredResponse,
    Submission,
    holds_password,
    name_key,
    now,
    open_store,
    redact,
)
from sscassess.core.errors import IntegrityError, InvalidInputError, Problem, UsageError
from sscassess.core.fileio import WriteError, atomic_write, clean_stale_temp_files
from sscassess.core.resources import NotShippedError, archived_packs
from sscassess.core.texts import slugify
from sscassess.core.validation import pydantic_problems
from sscassess.core.yamlio import (
    YamlDocument,
    load_yaml_file,
    number_too_large,
    parse_float_capped,
    parse_int_capped,
    parse_yaml,
    read_text_capped,
)
from sscassess.questionnaire.load import load_questionnaire
from sscassess.reference.pack import (
    load_reference,
    read_pack_for_copy,
    shipped_packs,
    write_pack_copy,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sscassess.questionnaire.model import Questionnaire

CAMPAIGN_FORMAT: Literal["sscassess-campaign/1"] = "sscassess-campaign/1"
#: Largest response or answers file accepted for import.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
#: Deepest JSON nesting accepted in a response file.
MAX_JSON_DEPTH = 32
MAX_NAME_LENGTH = 200
#: The detail of a file whose answers are stored already.
UNCHANGED = "already imported with the same answers; nothing changed"
#: Highest revision number a response file may carry (SQLite and PostgreSQL INTEGER hold it).
MAX_REVISION = 2**31 - 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class PinnedSource(_Model):
    """A questionnaire or reference pack pinned by id, version and sha256."""

    id: str
    version: str
    sha256: str
    source: str  #: "shipped" or a path inside the campaign folder


class CampaignConfig(_Model):
    """campaign.yaml."""

    format: Literal["sscassess-campaign/1"]
    campaign_id: str
    city: str
    country: str | None = None
    round: str | None = None
    created: str
    questionnaire: PinnedSource
    reference: PinnedSource
    store: str
    allow_open_responses: bool = False
    #: how respondents reach the coordinator (e-mail, phone): written in every invitation
    coordinator: str | None = None


def _yaml_scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _dump_yaml(data: dict[str, Any], indent: int = 0) -> str:
    """Minimal YAML writer (JSON-quoted scalars are valid YAML): mappings of scalars and mappings."""
    out = []
    pad = "  " * indent
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"{pad}{key}:\n{_dump_yaml(value, indent + 1)}")
        else:
            out.append(f"{pad}{key}: {_yaml_scalar(value)}\n")
    return "".join(out)


def _refuse_exposed_key(path: Path, mode: int) -> None:
    """:class:`IntegrityError` (exit 4) with the chmod hint if others may use the key."""
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise IntegrityError(f"{path} is readable by others; run: chmod 600 {path}")


def invitation_code(key: bytes, invitation_id: str) -> str:
    """The secret code of an invitation, as XXXX-XXXX-XXXX-XXXX-C.

    80 bits of HMAC-SHA256 (the part that signs responses), then a check
    character that lets the respondent's copy of sscassess catch an altered code before the
    first question (:func:`sscassess.campaign.invitation.code_problem`).
    """
    digest = hmac.new(key, invitation_id.encode(), hashlib.sha256).digest()
    text = base64.b32encode(digest[:10]).decode()
    return with_check("-".join(text[i : i + 4] for i in range(0, 16, 4)))


def _check_contact(value: str | None) -> str | None:
    """Why a coordinator contact is refused (None when it is fine or not given)."""
    if value is None:
        return None
    if not value.strip():
        return "--contact is empty: give an e-mail address or phone number, or leave it out"
    if len(value) > MAX_CONTACT_LENGTH:
        return f"--contact is longer than {MAX_CONTACT_LENGTH} characters"
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in value):
        return "--contact contains control characters"
    return None


def _check_name(value: str, what: str) -> str | None:
    if not value.strip():
        return f"{what} is empty"
    if len(value) > MAX_NAME_LENGTH:
        return f"{what} is longer than {MAX_NAME_LENGTH} characters"
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in value):
        return f"{what} contains control characters"
    return None


@dataclass
class ImportResult:
    """What happened to one imported file."""

    path: str
    status: Literal["imported", "unchanged", "rejected"]
    detail: str
    organisation: str = ""
    revision: int | None = None
    #: Something the coordinator should look at, though the file was stored (look-alike name).
    warning: str = ""


@dataclass
class Campaign:
    """An open campaign folder."""

    root: Path
    config: CampaignConfig
    _store: Store | None = field(default=None, repr=False)
    _questionnaire: Questionnaire | None = field(default=None, repr=False)
    #: look-alike key -> {response id: name}, built on the first import (see lookalike_key).
    _names: dict[str, dict[str, str]] | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ create / open

    @classmethod
    def init(
        cls,
        root: Path,
        city: str,
        country: str | None = None,
        round_label: str | None = None,
        questionnaire: str | None = None,
        reference: str | None = None,
        store: str | None = None,
        allow_open_responses: bool = False,
        coordinator: str | None = None,
    ) -> Campaign:
        """Create a campaign folder; refuses to touch an existing campaign.

        ``coordinator`` is how respondents reach the coordinator (e-mail, phone): every
        invitation carries it, and the wizard's last message says where to send the answers.
        """
        if (root / "campaign.yaml").exists():
            raise UsageError(
                f"{root} already holds a campaign (campaign.yaml); choose another folder"
            )
        if root.exists() and not root.is_dir():
            raise UsageError(f"{root} exists and is not a folder")
        if root.exists() and any(p for p in root.iterdir() if not p.name.startswith(".")):
            raise UsageError(f"{root} is not empty; give a new or empty folder for the campaign")
        problem = _check_name(city, "the city name") or _check_contact(coordinator)
        if problem:
            raise UsageError(problem)
        if country is not None and not re.fullmatch(r"[A-Z]{2,3}", country):
            raise UsageError(
                f"--country '{country}' is not a country code: use ISO 3166 letters such as FR or ESP"
            )
        store_spec = store or "sqlite"
        if store_spec != "sqlite" and not store_spec.startswith(("postgresql://", "postgres://")):
            raise UsageError(
                f"--store '{redact(store_spec)}': use sqlite (the default) or a postgresql:// URL"
            )
        # Validate the questionnaire and pack before writing anything.
        if reference is None and _is_shipped_questionnaire(questionnaire or ""):
            # A shipped questionnaire with its own pack version: an archived one (id@version)
            # was released with an earlier pack than the current one.
            q = load_questionnaire(questionnaire)
            pack = q.reference
        else:
            pack = load_reference(reference)
            q = load_questionnaire(questionnaire, reference)
        # Your own pack is copied: its files only (pack_files), never through a link.
        pack_copy = (
            read_pack_for_copy(reference) if reference and not _is_shipped_pack(reference) else None
        )
        # An existing (empty) folder is made 0700 too; a failed init gives back its mode.
        root_mode = stat.S_IMODE(root.stat().st_mode) if root.exists() else None
        made: list[Path] = []
        try:
            campaign = cls._create(root, made, city, country, round_label, questionnaire,
                                   pack_copy, store_spec, allow_open_responses, q, pack.id,
                                   pack.version, pack.sha256, coordinator)  # fmt: skip
        except BaseException:
            # Leave nothing half-made behind: the folder is as it was before.
            if root_mode is None:
                shutil.rmtree(root, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    root.chmod(root_mode)
                for path in reversed(made):
                    if path.is_dir():
                        shutil.rmtree(path, ignore_errors=True)
                    else:
                        path.unlink(missing_ok=True)
            raise
        return campaign

    @classmethod
    def _create(cls, root: Path, made: list[Path], city: str, country: str | None,
                round_label: str | None, questionnaire: str | None,
                pack_copy: dict[str, bytes] | None, store_spec: str, allow_open_responses: bool,
                q: Questionnaire, pack_id: str, pack_version: str,
                pack_sha256: str, coordinator: str | None) -> Campaign:  # fmt: skip
        # Modes are set explicitly, whatever the umask: invitation files hold secret codes
        # and reports name organisations, so the folder and both subfolders are the owner's.
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o700)
        for name in ("invitations", "reports"):
            (root / name).mkdir(exist_ok=True)
            made.append(root / name)
            (root / name).chmod(0o700)
        q_source = "shipped"
        if questionnaire and not _is_shipped_questionnaire(questionnaire):
            q_source = "questionnaire.yaml"
            made.append(root / q_source)
            atomic_write(root / q_source, Path(questionnaire).read_bytes(), mode=0o644)
        r_source = "shipped"
        if pack_copy is not None:
            r_source = "reference"
            made.append(root / r_source)
            write_pack_copy(root / r_source, pack_copy)
            copied = load_reference(root / r_source)
            if copied.sha256 != pack_sha256:
                raise IntegrityError(
                    "the reference pack changed while it was copied into the campaign; "
                    "run init again"
                )
        campaign_id = f"c_{secrets.token_hex(6)}"
        config = CampaignConfig(
            format=CAMPAIGN_FORMAT,
            campaign_id=campaign_id,
            city=city,
            country=country,
            round=round_label,
            created=now(),
            questionnaire=PinnedSource(
                id=q.id, version=q.version, sha256=q.sha256, source=q_source
            ),
            reference=PinnedSource(
                id=pack_id, version=pack_version, sha256=pack_sha256, source=r_source
            ),
            store=store_spec,
            allow_open_responses=allow_open_responses,
            coordinator=coordinator.strip() if coordinator else None,
        )
        key_path = root / "campaign.key"
        made.append(key_path)
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        campaign = cls(root, config)
        if store_spec == "sqlite":
            made += [root / "store.sqlite", root / "store.sqlite-wal", root / "store.sqlite-shm"]
            # SQLite makes its file 0644 minus the umask and gives -wal and -shm the file's
            # mode: an empty 0600 file first (an empty file is an empty database).
            os.close(os.open(root / "store.sqlite", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        campaign.store.migrate()
        header = "# sscassess campaign. Edit nothing here by hand: ids and hashes pin the data.\n"
        made.append(root / "campaign.yaml")
        # A password the user put in the store URL is kept (init says so): owner-only then.
        atomic_write(
            root / "campaign.yaml",
            (header + _dump_yaml(config.model_dump())).encode(),
            mode=0o600 if holds_password(store_spec) else 0o644,
        )
        return campaign

    @classmethod
    def open(cls, root: Path) -> Campaign:
        """Open a campaign folder, checking that its questionnaire and pack are unchanged."""
        path = root / "campaign.yaml"
        if not path.is_file():
            raise UsageError(
                f"{root} is not a campaign folder (no campaign.yaml); create one with sscassess init"
            )
        doc = load_yaml_file(path, str(path))
        try:
            config = CampaignConfig.model_validate(doc.data)
        except ValidationError as exc:
            raise InvalidInputError(f"{path} is invalid", pydantic_problems(exc, doc)) from None
        # Checked here, for every command: inside import the key is read per file, and a
        # per-file refusal would turn an exposed key into "file rejected" (exit 3). A folder
        # without its key (an analyst's copy) still opens; what needs the key says so.
        key_path = root / "campaign.key"
        try:
            key_mode = key_path.stat().st_mode
        except OSError:
            pass  # missing or unreadable: key() says so when the key is needed
        else:
            _refuse_exposed_key(key_path, key_mode)
        clean_stale_temp_files(root)
        clean_stale_temp_files(root / "invitations")
        return cls(root, config)

    @property
    def id(self) -> str:
        """The campaign id."""
        return self.config.campaign_id

    @property
    def questionnaire(self) -> Questionnaire:
        """The pinned questionnaire; :class:`IntegrityError` if it changed since ``init``."""
        if self._questionnaire is None:
            pin, rpin = self.config.questionnaire, self.config.reference
            # A shipped pin names its version: the current one when it matches, else the
            # archived one (sscassess.core.resources), so a newer shipped version changes nothing.
            ref = (
                str(self.root / rpin.source)
                if rpin.source != "shipped"
                else f"{rpin.id}@{rpin.version}"
            )
            spec = (
                str(self.root / pin.source)
                if pin.source != "shipped"
                else f"{pin.id}@{pin.version}"
            )
            with _pinned_version_shipped():
                pack = load_reference(ref)
            if pack.sha256 != rpin.sha256:
                raise IntegrityError(
                    f"the reference pack {rpin.id} differs from the one this campaign was created "
                    f"with (sha256 {pack.sha256[:12]}… instead of {rpin.sha256[:12]}…); use the "
                    "sscassess version the campaign was created with"
                )
            with _pinned_version_shipped():
                q = load_questionnaire(spec, ref)
            if q.sha256 != pin.sha256:
                raise IntegrityError(
                    f"the questionnaire {pin.id}@{pin.version} differs from the one this campaign "
                    f"was created with (sha256 {q.sha256[:12]}… instead of {pin.sha256[:12]}…); use "
                    "the sscassess version the campaign was created with"
                )
            self._questionnaire = q
        return self._questionnaire

    @property
    def store(self) -> Store:
        """The campaign's store (opened on first use)."""
        if self._store is None:
            self._store = open_store(self.config.store, self.root, self.id)
            self._store.migrate()
        return self._store

    def close(self) -> None:
        """Close the store."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def key(self) -> bytes:
        """The campaign's secret key."""
        path = self.root / "campaign.key"
        try:
            mode = path.stat().st_mode
            text = path.read_text(encoding="ascii").strip()
        except OSError as exc:
            raise IntegrityError(f"cannot read the campaign key {path}: {exc.strerror}") from None
        _refuse_exposed_key(path, mode)
        if not re.fullmatch(r"[0-9a-f]{64}", text):
            raise IntegrityError(f"{path} is not a campaign key (64 hexadecimal digits)")
        return bytes.fromhex(text)

    # ------------------------------------------------------------------ invitations

    def _new_invitation(self, name: str, category: str, subtype: str | None, contact: str | None,
                        lang: str | None) -> Invitation:  # fmt: skip
        # The slug is the wanted file name; the store makes it unique when it stores it.
        invitation_id = f"inv_{secrets.token_hex(8)}"
        return Invitation(
            invitation_id=invitation_id,
            slug=slugify(name),
            organisation=name.strip(),
            category=category,
            subtype=subtype,
            contact=contact,
            lang=lang,
            created_at=now(),
            response_id=invitation_id,
        )

    def check_invitation_fields(self, name: str, category: str, subtype: str | None,
                                contact: str | None, lang: str | None) -> list[str]:  # fmt: skip
        """Problems with one invitation's fields (empty when fine)."""
        q = self.questionnaire
        pack = q.reference
        problems = []
        if msg := _check_name(name, "the organisation name"):
            problems.append(msg)
        cats = [c.id for c in pack.categories]
        if category not in cats:
            problems.append(f"unknown category '{category}'; valid categories: {', '.join(cats)}")
        elif subtype:
            subs = [s.id for s in pack.category(category).subtypes]
            if subtype not in subs:
                valid = ", ".join(subs) or "none for this category"
                problems.append(f"unknown subtype '{subtype}' for {category}; valid: {valid}")
        if contact is not None and (msg := _check_name(contact, "the contact")):
            problems.append(msg)
        if lang is not None and lang not in q.languages:
            problems.append(f"language '{lang}' is not one of {', '.join(q.languages)}")
        return problems

    def invite(self, name: str, category: str, subtype: str | None = None,
               contact: str | None = None, lang: str | None = None) -> tuple[Invitation, Path]:  # fmt: skip
        """Invite one organisation; stores it, then writes its invitation file.

        An organisation whose invitation was revoked is invited again with a new code; its
        new invitation continues the same response (it still counts once).
        """
        problems = self.check_invitation_fields(name, category, subtype, contact, lang)
        if problems:
            raise UsageError("; ".join(problems))
        self._refuse_duplicates([name], self.store.invitations())
        [inv] = self._store_invitations(
            [self._new_invitation(name, category, subtype, contact, lang)]
        )
        return inv, self.invitation_path(inv)

    def _store_invitations(self, invitations: list[Invitation]) -> list[Invitation]:
        """Store first, then write the files from what was stored.

        The store decides slugs inside its transaction, so two ``invite`` runs at once never
        write each other's file; a crash or a full disk after the commit leaves files missing,
        never files without an invitation, and :meth:`sync_invitation_files` (run by every
        ``invite``) writes them.
        """
        try:
            stored = self.store.add_invitations(invitations, actor())
        except Rejected as exc:
            raise UsageError(str(exc)) from None
        try:
            self.sync_invitation_files()
        except WriteError as exc:
            raise WriteError(
                f"{exc}. The invitations are stored; run `sscassess invite {self.root} --list` "
                "once there is room again to write their files"
            ) from None
        return stored

    def _refuse_duplicates(self, names: list[str], existing: list[Invitation]) -> None:
        known = {name_key(i.organisation): i for i in existing if i.revoked_at is None}
        for name in names:
            hit = known.get(name_key(name))
            if hit is not None:
                raise UsageError(
                    f"'{name}' is already invited (invitations/{hit.slug}.yaml); "
                    "one invitation per organisation: revoke it first to issue a new code"
                )

    def invite_from_csv(
        self, path: Path, skip_invalid: bool = False
    ) -> tuple[list[Path], list[Problem]]:
        """Invite every row of a CSV file (name, category, subtype, contact, lang).

        Every bad row is reported with its line; nothing is imported if any row is bad, unless
        ``skip_invalid``. Returns the invitation files written and the problems found.
        """
        text = read_text_capped(path, MAX_IMPORT_BYTES, str(path))
        reader = csv.DictReader(io.StringIO(text))
        columns = ("name", "category", "subtype", "contact", "lang")
        try:
            fields = reader.fieldnames or []
            missing = [c for c in ("name", "category") if c not in fields]
            unknown = [c for c in fields if c not in columns]
            twice = sorted({c for c in fields if fields.count(c) > 1})
            if missing or unknown or twice:
                detail = "; ".join(
                    ([f"missing column(s): {', '.join(missing)}"] if missing else [])
                    + ([f"unknown column(s): {', '.join(unknown)}"] if unknown else [])
                    + ([f"column(s) given twice: {', '.join(twice)}"] if twice else [])
                )
                raise InvalidInputError(
                    f"{path}: {detail}",
                    [Problem(str(path), 1, "", f"expected columns: {', '.join(columns)}")],
                )
            problems: list[Problem] = []
            good: list[tuple[str, str, str | None, str | None, str | None]] = []
            existing = self.store.invitations()
            seen = {name_key(i.organisation) for i in existing if i.revoked_at is None}
            for row in reader:
                line = reader.line_num
                if None in row:
                    problems.append(Problem(str(path), line, "", "more cells than columns"))
                    continue
                name = (row.get("name") or "").strip()
                category = (row.get("category") or "").strip()
                subtype = (row.get("subtype") or "").strip() or None
                contact = (row.get("contact") or "").strip() or None
                lang = (row.get("lang") or "").strip() or None
                found = self.check_invitation_fields(name, category, subtype, contact, lang)
                key = name_key(name)
                if not found and key in seen:
                    found.append(f"'{name}' is invited already or appears twice in the file")
                problems.extend(Problem(str(path), line, "", msg) for msg in found)
                if not found:
                    seen.add(key)
                    good.append((name, category, subtype, contact, lang))
        except csv.Error as exc:
            # The csv module stops at a malformed row (a cell over its size limit, a NUL):
            # the file is refused as a whole, at the line it stopped on.
            raise InvalidInputError(
                f"{path} is not a readable CSV file; nothing was imported",
                # line_num counts the lines read whole; the failing one is the next.
                [Problem(str(path), reader.line_num + 1, "", _csv_reason(exc))],
            ) from None
        if problems and not skip_invalid:
            raise InvalidInputError(
                f"{path} has {len(problems)} problem(s); nothing was imported "
                "(fix them, or use --skip-invalid to import the good rows)",
                problems,
            )
        stored = self._store_invitations([self._new_invitation(*row) for row in good])
        return [self.invitation_path(inv) for inv in stored], problems

    def invitation_path(self, inv: Invitation) -> Path:
        """Where an invitation's file is: ``invitations/<slug>.yaml``."""
        return self.root / "invitations" / f"{inv.slug}.yaml"

    def invitation_file_bytes(self, inv: Invitation, key: bytes | None = None) -> bytes:
        """The invitation file the respondent receives, made from the store's record."""
        q = self.questionnaire
        data = {
            "format": INVITATION_FORMAT,
            "campaign_id": self.id,
            "city": self.config.city,
            "round": self.config.round,
            "invitation_id": inv.invitation_id,
            "organisation": {
                "name": inv.organisation,
                "category": inv.category,
                "subtype": inv.subtype,
            },
            "contact": inv.contact,
            "coordinator": self.config.coordinator,
            "lang": inv.lang or q.default_language,
            "questionnaire": {"id": q.id, "version": q.version, "sha256": q.sha256},
            "code": invitation_code(key or self.key(), inv.invitation_id),
        }
        header = (
            "# sscassess invitation. Keep it private: the code lets its holder answer for this\n"
            "# organisation. Answer with: sscassess answer --invitation THIS_FILE\n"
        )
        return (header + _dump_yaml(data)).encode()

    def set_coordinator(self, contact: str) -> None:
        """Record how respondents reach the coordinator and rewrite every invitation file.

        campaign.yaml is rewritten atomically with its mode; a respondent who has the old
        file still answers with it (the code is unchanged), only the contact shown differs.
        """
        problem = _check_contact(contact)
        if problem:
            raise UsageError(problem.replace("--contact", "--coordinator"))
        self.config = self.config.model_copy(update={"coordinator": contact.strip()})
        path = self.root / "campaign.yaml"
        header = "# sscassess campaign. Edit nothing here by hand: ids and hashes pin the data.\n"
        atomic_write(path, (header + _dump_yaml(self.config.model_dump())).encode(),
                     mode=stat.S_IMODE(path.stat().st_mode))  # fmt: skip
        self.sync_invitation_files()

    def sync_invitation_files(self) -> tuple[int, int]:
        """Make ``invitations/`` agree with the store; returns (files written, files removed).

        Every active invitation's file is (re)written when missing or different; a file of
        this campaign's format whose invitation is revoked or not in the store (left by a
        crash of an older version) is removed, so no dead code lies around. Other files are
        left alone.
        """
        folder = self.root / "invitations"
        folder.mkdir(exist_ok=True)
        active = [i for i in self.store.invitations() if i.revoked_at is None]
        wanted = {self.invitation_path(i).name: i for i in active}
        written = removed = 0
        key = self.key()
        for name, inv in wanted.items():
            data = self.invitation_file_bytes(inv, key)
            path = folder / name
            try:
                same = not path.is_symlink() and path.read_bytes() == data
            except OSError:
                same = False
            if not same:
                if path.is_symlink():
                    path.unlink()
                atomic_write(path, data, mode=0o600)
                written += 1
        dead: list[tuple[Path, str]] = []
        for path in sorted(folder.glob("*.yaml")):
            if path.name in wanted or not path.is_file() or path.is_symlink():
                continue
            try:
                head = path.read_bytes()[:4096].decode("utf-8", "replace")
            except OSError:
                continue
            found = re.search(r'^invitation_id: "([^"]+)"$', head, re.MULTILINE)
            if (
                found
                and f'format: "{INVITATION_FORMAT}"' in head
                and f'campaign_id: "{self.id}"' in head
            ):
                dead.append((path, found.group(1)))
        if dead:
            # Asked again now: another `invite` may have stored an invitation since the list
            # above, and it writes its file only after its commit, so a file seen here whose
            # invitation is active now is that run's and stays.
            alive = {i.invitation_id for i in self.store.invitations() if i.revoked_at is None}
            for path, invitation_id in dead:
                if invitation_id not in alive:
                    path.unlink(missing_ok=True)
                    removed += 1
        return written, removed

    def find_invitation(self, ref: str) -> Invitation:
        """An invitation by slug, id or organisation name; the active one before revoked ones."""
        wanted = name_key(ref)
        invitations = sorted(self.store.invitations(), key=lambda i: i.revoked_at is not None)
        for inv in invitations:
            if wanted in (inv.slug, inv.invitation_id, name_key(inv.organisation)):
                return inv
        raise UsageError(
            f"no invitation for '{ref}'; list them with: sscassess invite {self.root} --list"
        )

    def revoke(self, ref: str) -> Invitation:
        """Revoke an invitation: later imports for it are refused."""
        inv = self.find_invitation(ref)
        if inv.revoked_at is None:
            self.store.revoke(inv.invitation_id, actor())
        # Its file holds a dead code now: remove it, so it is never sent by mistake.
        self.sync_invitation_files()
        return inv

    # ------------------------------------------------------------------ responses

    def import_paths(self, paths: list[Path], unverified: bool = False) -> list[ImportResult]:
        """Import response files and folders of them; each file whole or not at all."""
        return list(self.iter_import(paths, unverified))

    def iter_import(self, paths: list[Path], unverified: bool = False) -> Iterator[ImportResult]:
        """Import file by file, yielding each result as soon as it is stored.

        A store failure (disk full, server gone) stops the batch with :class:`StoreError`;
        the files yielded before it are stored, the failing one is not.
        """
        # A campaign key others can read is the campaign's problem, not each file's: stop
        # with the integrity error (exit 4) before anything is read.
        self.key()
        for f in expand_paths(paths):
            yield self.import_file(f, unverified)

    def import_file(self, path: Path, unverified: bool = False) -> ImportResult:
        """Verify and store one file; never raises for a bad file (the result says why)."""
        try:
            sub, organisation = self._verify(path, unverified)
            outcome, revision = self.store.submit(sub, actor())
        except (InvalidInputError, IntegrityError, Rejected, UsageError) as exc:
            return ImportResult(str(path), "rejected", str(exc).replace("\n", " "))
        if outcome == "superseded":
            current = next(r for r in self.store.responses() if r.response_id == sub.response_id)
            detail = (
                f"already imported as revision {revision}, since replaced by revision "
                f"{current.revision}; nothing changed"
            )
            return ImportResult(str(path), "unchanged", detail, organisation, revision)
        detail = "imported" if outcome == "imported" else UNCHANGED
        warning = self._lookalike_warning(sub) if outcome == "imported" else ""
        return ImportResult(str(path), outcome, detail, organisation, revision, warning)

    def _lookalike_warning(self, sub: Submission) -> str:
        """A note when another organisation's name differs only by accents, case or spaces.

        The two are kept apart; the coordinator decides whether they are one organisation.
        """
        if self._names is None:
            self._names = {}
            known = [(i.response_id, i.organisation) for i in self.store.invitations()]
            known += self.store.response_names()
            for response_id, name in known:
                self._names.setdefault(lookalike_key(name), {})[response_id] = name
        group = self._names.setdefault(lookalike_key(sub.organisation), {})
        alike = sorted(
            {n for rid, n in group.items() if rid != sub.response_id and n != sub.organisation}
        )
        group[sub.response_id] = sub.organisation
        if not alike:
            return ""
        shown = ", ".join(f"'{n}'" for n in alike)
        return (
            f"the name '{sub.organisation}' looks like {shown}; they are kept as different "
            "organisations. If they are the same, import the answer again under the exact name"
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
                    "a response file must stay the JSON file the respondent sent; do not convert it"
                )
        if not unverified:
            raise Rejected(
                "not a signed response file; a plain answers file (e.g. typed in from a paper "
                "form) needs --unverified and is marked as unverified in every output"
            )
        return self._plain(doc)

    def _verify_signed(self, data: dict[str, Any], name: str) -> tuple[Submission, str]:
        q = self.questionnaire
        expected = {"format", "campaign_id", "invitation_id", "revision", "questionnaire",
                    "organisation", "answers", "submitted_at", "signature"}  # fmt: skip
        if set(data) != expected:
            extra = sorted(set(data) - expected)
            missing = sorted(expected - set(data))
            raise Rejected(
                f"not a valid response file (unexpected: {extra or 'none'}; missing: {missing or 'none'})"
            )
        if data["format"] != RESPONSE_FORMAT:
            raise Rejected(f"unknown response format {_short(data['format'])!r}")
        if data["campaign_id"] != self.id:
            raise Rejected(
                f"this response belongs to another campaign ({_short(data['campaign_id'])}), not {self.id}"
            )
        invitation_id = data["invitation_id"]
        inv = next((i for i in self.store.invitations() if i.invitation_id == invitation_id), None)
        if inv is None:
            raise Rejected(f"unknown invitation {_short(invitation_id)!r} in this campaign")
        signature = data["signature"]
        payload = {k: v for k, v in data.items() if k != "signature"}
        good = sign(payload, invitation_code(self.key(), invitation_id))
        # Bytes: compare_digest refuses str with non-ASCII characters (TypeError).
        if not isinstance(signature, str) or not hmac.compare_digest(
            signature.encode("utf-8", "surrogatepass"), good.encode()
        ):
            raise Rejected(
                f"the signature does not match invitation {inv.slug}: the file was changed after "
                "it was signed, or signed with another invitation's code"
            )
        if inv.revoked_at is not None:
            raise Rejected(f"the invitation of {inv.organisation} was revoked on {inv.revoked_at}")
        pinned = data["questionnaire"]
        if not isinstance(pinned, dict) or pinned.get("sha256") != q.sha256:
            shown = (
                f"{_short(pinned.get('id'))}@{_short(pinned.get('version'))}"
                if isinstance(pinned, dict)
                else _short(pinned)
            )
            raise Rejected(
                f"answers a different questionnaire version ({shown}) than this campaign's {q.ref}"
            )
        revision = data["revision"]
        if (
            isinstance(revision, bool)
            or not isinstance(revision, int)
            or not 1 <= revision <= MAX_REVISION
        ):
            raise Rejected(f"the revision must be a whole number from 1 to {MAX_REVISION}")
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
                f"the organisation in the file does not match invitation {inv.slug} ({fixed})"
            )
        doc = YamlDocument(
            {"questionnaire": q.ref, "organisation": org, "answers": data["answers"]}, name
        )
        parsed = answers_from_document(doc, q)
        sub = Submission(
            response_id=inv.response_id,
            invitation_id=inv.invitation_id,
            revision=revision,
            organisation=inv.organisation,
            category=inv.category,
            subtype=parsed.organisation.get("subtype"),
            answers=parsed.answers,
            content_sha256=content_sha256(parsed.organisation, parsed.answers),
            questionnaire_sha256=q.sha256,
            verified=True,
            source="signed-file",
            submitted_at=submitted_at,
        )
        return sub, inv.organisation

    def _plain(self, doc: YamlDocument) -> tuple[Submission, str]:
        q = self.questionnaire
        parsed = answers_from_document(doc, q)
        name = str(parsed.organisation.get("name") or "")
        category = str(parsed.organisation.get("category") or "")
        if not name or not category:
            raise Rejected(
                "the answers file names no organisation (organisation.name and organisation.category)"
            )
        wanted = name_key(name)
        matches = [i for i in self.store.invitations() if name_key(i.organisation) == wanted]
        inv = min(matches, key=lambda i: i.revoked_at is not None, default=None)
        if inv is not None:
            if inv.revoked_at is not None:
                raise Rejected(
                    f"the invitation of {inv.organisation} was revoked on {inv.revoked_at}"
                )
            if inv.category != category:
                raise Rejected(f"{inv.organisation} is invited as {inv.category}, not {category}")
            subtype = parsed.organisation.get("subtype")
            if subtype not in (None, inv.subtype):
                raise Rejected(
                    f"{inv.organisation} is invited as {inv.subtype or 'no subtype'}, not {subtype}"
                )
            response_id = inv.response_id
        elif self.config.allow_open_responses:
            # Identity is the exact name (NFKC, case-folded), never a lossy slug: two names
            # that differ by an accent are two organisations (the import warns about them).
            # The id is keyed with the campaign key, so nobody can get the name back from it.
            keyed = hmac.new(self.key(), b"open\0" + wanted.encode(), hashlib.sha256)
            response_id = self.store.open_response_id(name) or ("open_" + keyed.hexdigest()[:16])
        else:
            raise Rejected(
                f"no invitation for '{name}' and this campaign takes no open responses; "
                "invite the organisation first"
            )
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

    # ------------------------------------------------------------------ status

    def _consents(self, response: StoredResponse | None) -> bool | None:
        """Whether a response agreed to be named (None without a response or the question)."""
        question = self.questionnaire.by_mapping("consent.named")
        if response is None or question is None:
            return None
        return response.answers.get(question.id) is not False

    def status(self) -> dict[str, Any]:
        """Who was invited, who answered, response rate and categories with no voice."""
        q = self.questionnaire
        store = self.store
        invitations = store.invitations()
        responses = {r.response_id: r for r in store.responses()}
        drafts = store.drafts()
        rows = []
        # A response belongs to its organisation's active invitation; a revoked invitation
        # that was re-issued shows as revoked, without the answer its successor carries.
        current = {i.response_id: i.invitation_id for i in invitations if i.revoked_at is None}
        for inv in invitations:
            owner = current.get(inv.response_id, inv.invitation_id)
            resp = responses.get(inv.response_id) if owner == inv.invitation_id else None
            draft = drafts.get(inv.invitation_id)
            rows.append(
                {
                    "organisation": inv.organisation,
                    "slug": inv.slug,
                    "category": inv.category,
                    "invited": inv.created_at,
                    "revoked": inv.revoked_at,
                    "draft": f"{draft[0]}/{draft[1]}" if draft else None,
                    "submitted": resp.submitted_at if resp else None,
                    "revision": resp.revision if resp else None,
                    "verified": resp.verified if resp else None,
                    "named": self._consents(resp),
                }
            )
        for resp in responses.values():
            if resp.invitation_id is None:
                rows.append(
                    {
                        "organisation": resp.organisation, "slug": None, "category": resp.category,
                        "invited": None, "revoked": None, "draft": None, "submitted": resp.submitted_at,
                        "revision": resp.revision, "verified": resp.verified,
                        "named": self._consents(resp),
                    }
                )  # fmt: skip
        active = [i for i in invitations if i.revoked_at is None]
        answered = [i for i in active if i.response_id in responses]
        voiced = {r.category for r in responses.values()}
        return {
            "campaign_id": self.id,
            "city": self.config.city,
            "round": self.config.round,
            "questionnaire": q.ref,
            "invited": len(active),
            "submitted": len(answered),
            "open_responses": sum(1 for r in responses.values() if r.invitation_id is None),
            "response_rate": round(len(answered) / len(active), 4) if active else None,
            "categories_without_voice": [
                c.id for c in q.reference.categories if c.id not in voiced
            ],
            "organisations": rows,
        }


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
    decide identity (:func:`sscassess.campaign.store.name_key` does that).
    """
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed.casefold() if c.isalnum() and not unicodedata.combining(c))


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
            f"submitted_at {_short(value)!s} is not a UTC time such as 2026-05-04T09:30:00Z"
        )
    try:
        when = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise Rejected(f"submitted_at {value} is not a real date and time") from None
    if when > datetime.now(UTC) + timedelta(days=1):
        raise Rejected(
            f"submitted_at {value} is in the future; check the clock of the machine it was "
            "answered on and answer again"
        )
    return value


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return (
            f"a cell is longer than {csv.field_size_limit():,} characters; "
            "check that this is the list of organisations"
        )
    return f"{text}; save the file as CSV (comma-separated, UTF-8)"


def actor() -> str:
    """Who is acting, for the event log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _is_shipped_questionnaire(spec: str) -> bool:
    """A shipped questionnaire id or ``id@version`` ("": the default one)."""
    from sscassess.questionnaire.model import (
        DEFAULT_QUESTIONNAIRE,
        archived_questionnaires,
        shipped_questionnaires,
    )

    spec = spec or DEFAULT_QUESTIONNAIRE
    return spec.split("@", 1)[0] in shipped_questionnaires() or spec in archived_questionnaires()


def _is_shipped_pack(spec: str) -> bool:
    """A shipped pack id, or ``id@version`` of a shipped or archived pack (never copied)."""
    return spec in shipped_packs() or (
        "@" in spec and (spec.split("@", 1)[0] in shipped_packs() or spec in archived_packs())
    )


@contextlib.contextmanager
def _pinned_version_shipped() -> Iterator[None]:
    """Turn a pinned version this sscassess does not ship into an integrity error (exit 4).

    As for a changed questionnaire or pack: the campaign needs the sscassess release that has it.
    """
    try:
        yield
    except NotShippedError as exc:
        raise IntegrityError(
            f"this campaign was created with {exc.what} {exc.name}@{exc.version}, which "
            f"sscassess {__version__} does not ship ({exc.shipped_text()}); open the campaign "
            f"with the sscassess release that has {exc.name}@{exc.version}"
        ) from None


def _read_capped(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise Rejected(
                f"{size // 1024} KiB is larger than the {MAX_IMPORT_BYTES // 1024} KiB limit for a response file"
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise Rejected("no such file") from None
    except IsADirectoryError:
        raise Rejected("is a folder") from None
    except OSError as exc:
        raise Rejected(f"cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise Rejected(f"larger than the {MAX_IMPORT_BYTES // 1024} KiB limit for a response file")
    return raw


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise Rejected(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line})") from None


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
                raise Rejected(f"duplicate key {key!r} in the JSON")
            out[key] = value
        return out

    def constant(value: str) -> Any:
        raise Rejected(f"{value} is not a valid JSON number")

    def integer(value: str) -> int:
        number = parse_int_capped(value)
        if number is None:
            raise Rejected(f"line {_json_line(text, value)}: {number_too_large(value)}")
        return number

    def real(value: str) -> float:
        number = parse_float_capped(value)
        if number is None:
            raise Rejected(f"line {_json_line(text, value)}: {number_too_large(value)}")
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
                raise Rejected(f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")
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
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
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
                raise Rejected("the JSON contains an unpaired surrogate (\\ud800-\\udfff)")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
