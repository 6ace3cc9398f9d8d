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

import contextlib
import csv
import io
import json
import os
import re
import secrets
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from sscassess import __version__
from sscassess.campaign.intake import MAX_IMPORT_BYTES, ImportResult, Intake, expand_paths

# The respondent's side lives in sscassess.campaign.invitation (no store, no pydantic); re-exported.
from sscassess.campaign.invitation import (
    INVITATION_FORMAT,
    MAX_CONTACT_LENGTH,
    invitation_code,
)
from sscassess.campaign.redaction import holds_password, redact
from sscassess.campaign.status import campaign_status
from sscassess.campaign.store import (
    Invitation,
    Rejected,
    Store,
    already_invited,
    now,
    open_store,
)
from sscassess.core.errors import (
    Command,
    IntegrityError,
    InvalidInputError,
    Msg,
    Option,
    Part,
    Problem,
    UsageError,
    joined,
)
from sscassess.core.fileio import WriteError, atomic_write, clean_stale_temp_files
from sscassess.core.i18n import Plural
from sscassess.core.resources import NotShippedError, archived_packs
from sscassess.core.resources import ref as _ref
from sscassess.core.stamps import actor
from sscassess.core.texts import name_key, slugify
from sscassess.core.validation import pydantic_problems
from sscassess.core.yamlio import (
    load_yaml_file,
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
#: Longest organisation name accepted in an invitation.
MAX_NAME_LENGTH = 200


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
        raise IntegrityError(Msg("{path} is readable by others; run: chmod 600 {path}", path=path))


def _check_contact(value: str | None) -> tuple[Part, ...] | None:
    """Why a coordinator contact is refused (None when it is fine or not given)."""
    contact = Option("coordinator")
    if value is None:
        return None
    if not value.strip():
        return (Msg("{option} is empty: give an e-mail address or phone number, or leave it out",
                    option=contact),)  # fmt: skip
    if len(value) > MAX_CONTACT_LENGTH:
        return (Msg("{option} is longer than {n} characters", option=contact,
                    n=MAX_CONTACT_LENGTH),)  # fmt: skip
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in value):
        return (Msg("{option} contains control characters", option=contact),)
    return None


def _check_name(value: str, what: Msg) -> Msg | None:
    if not value.strip():
        return Msg("{what} is empty", what=what)
    if len(value) > MAX_NAME_LENGTH:
        return Msg("{what} is longer than {n} characters", what=what, n=MAX_NAME_LENGTH)
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in value):
        return Msg("{what} contains control characters", what=what)
    return None


@dataclass
class Campaign:
    """An open campaign folder."""

    root: Path
    config: CampaignConfig
    _store: Store | None = field(default=None, repr=False)
    _questionnaire: Questionnaire | None = field(default=None, repr=False)
    #: look-alike key -> {response id: name}, built on the first import (see lookalike_key).
    _intake: Intake | None = field(default=None, repr=False)

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
                Msg("{root} already holds a campaign (campaign.yaml); choose another folder",
                    root=root)
            )  # fmt: skip
        if root.exists() and not root.is_dir():
            raise UsageError(Msg("{root} exists and is not a folder", root=root))
        if root.exists() and any(p for p in root.iterdir() if not p.name.startswith(".")):
            raise UsageError(
                Msg("{root} is not empty; give a new or empty folder for the campaign", root=root)
            )
        name_problem = _check_name(city, Msg("the city name"))
        if name_problem:
            raise UsageError(name_problem)
        problem = _check_contact(coordinator)
        if problem:
            raise UsageError(*problem)
        if country is not None and not re.fullmatch(r"[A-Z]{2,3}", country):
            raise UsageError(
                Msg("{option} '{country}' is not a country code: use ISO 3166 letters such as "
                    "FR or ESP", option=Option("country"), country=country)
            )  # fmt: skip
        store_spec = store or "sqlite"
        if store_spec != "sqlite" and not store_spec.startswith(("postgresql://", "postgres://")):
            raise UsageError(
                Msg("{option} '{store}': use sqlite (the default) or a postgresql:// URL",
                    option=Option("store"), store=redact(store_spec))
            )  # fmt: skip
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
                    Msg("the reference pack changed while it was copied into the campaign; "
                        "run {command} again", command=Command("init"))
                )  # fmt: skip
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
                Msg("{root} is not a campaign folder (no campaign.yaml); create one with "
                    "{command}", root=root, command=Command("init"))
            )  # fmt: skip
        doc = load_yaml_file(path, str(path))
        try:
            config = CampaignConfig.model_validate(doc.data)
        except ValidationError as exc:
            raise InvalidInputError(
                Msg("{path} is invalid", path=path), pydantic_problems(exc, doc)
            ) from None
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
                    Msg("the reference pack {pack} differs from the one this campaign was "
                        "created with (sha256 {found}… instead of {pinned}…); use the sscassess "
                        "version the campaign was created with",
                        pack=rpin.id, found=pack.sha256[:12], pinned=rpin.sha256[:12])
                )  # fmt: skip
            with _pinned_version_shipped():
                q = load_questionnaire(spec, ref)
            if q.sha256 != pin.sha256:
                raise IntegrityError(
                    Msg("the questionnaire {questionnaire} differs from the one this campaign "
                        "was created with (sha256 {found}… instead of {pinned}…); use the "
                        "sscassess version the campaign was created with",
                        questionnaire=_ref(pin.id, pin.version), found=q.sha256[:12],
                        pinned=pin.sha256[:12])
                )  # fmt: skip
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
            raise IntegrityError(
                Msg("cannot read the campaign key {path}: {reason}", path=path,
                    reason=exc.strerror)
            ) from None  # fmt: skip
        _refuse_exposed_key(path, mode)
        if not re.fullmatch(r"[0-9a-f]{64}", text):
            raise IntegrityError(
                Msg("{path} is not a campaign key (64 hexadecimal digits)", path=path)
            )
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
                                contact: str | None, lang: str | None) -> list[Msg]:  # fmt: skip
        """Problems with one invitation's fields (empty when fine)."""
        q = self.questionnaire
        pack = q.reference
        problems = []
        if msg := _check_name(name, Msg("the organisation name")):
            problems.append(msg)
        cats = [c.id for c in pack.categories]
        if category not in cats:
            problems.append(Msg("unknown category '{category}'; valid categories: {valid}",
                                category=category, valid=", ".join(cats)))  # fmt: skip
        elif subtype:
            subs = [s.id for s in pack.category(category).subtypes]
            if subtype not in subs:
                valid: str | Msg = ", ".join(subs) or Msg("none for this category")
                problems.append(Msg("unknown subtype '{subtype}' for {category}; valid: {valid}",
                                    subtype=subtype, category=category, valid=valid))  # fmt: skip
        if contact is not None and (msg := _check_name(contact, Msg("the contact"))):
            problems.append(msg)
        if lang is not None and lang not in q.languages:
            problems.append(Msg("language '{lang}' is not one of {languages}", lang=lang,
                                languages=", ".join(q.languages)))  # fmt: skip
        return problems

    def invite(self, name: str, category: str, subtype: str | None = None,
               contact: str | None = None, lang: str | None = None) -> tuple[Invitation, Path]:  # fmt: skip
        """Invite one organisation; stores it, then writes its invitation file.

        An organisation whose invitation was revoked is invited again with a new code; its
        new invitation continues the same response (it still counts once).
        """
        problems = self.check_invitation_fields(name, category, subtype, contact, lang)
        if problems:
            raise UsageError(*joined(problems))
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
            raise UsageError(*exc.parts) from None
        try:
            self.sync_invitation_files()
        except WriteError as exc:
            raise WriteError(
                *exc.parts,
                ". ",
                Msg("The invitations are stored; run `{command}` once there is room again to "
                    "write their files",
                    command=Command("invite", str(self.root), (Option("list", True),))),
            ) from None  # fmt: skip
        return stored

    def _refuse_duplicates(self, names: list[str], existing: list[Invitation]) -> None:
        known = {name_key(i.organisation): i for i in existing if i.revoked_at is None}
        for name in names:
            hit = known.get(name_key(name))
            if hit is not None:
                raise UsageError(already_invited(name, hit.slug))

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
                details = (
                    [Msg(Plural("missing column: {columns}", "missing columns: {columns}"),
                         n=len(missing), columns=", ".join(missing))] if missing else []
                ) + (
                    [Msg(Plural("unknown column: {columns}", "unknown columns: {columns}"),
                         n=len(unknown), columns=", ".join(unknown))] if unknown else []
                ) + (
                    [Msg(Plural("column given twice: {columns}", "columns given twice: {columns}"),
                         n=len(twice), columns=", ".join(twice))] if twice else []
                )  # fmt: skip
                raise InvalidInputError(
                    (f"{path}: ", *joined(details)),
                    [Problem(str(path), 1, "", Msg("expected columns: {columns}",
                                                   columns=", ".join(columns)))],
                )  # fmt: skip
            problems: list[Problem] = []
            good: list[tuple[str, str, str | None, str | None, str | None]] = []
            existing = self.store.invitations()
            seen = {name_key(i.organisation) for i in existing if i.revoked_at is None}
            for row in reader:
                line = reader.line_num
                if None in row:
                    problems.append(Problem(str(path), line, "", Msg("more cells than columns")))
                    continue
                name = (row.get("name") or "").strip()
                category = (row.get("category") or "").strip()
                subtype = (row.get("subtype") or "").strip() or None
                contact = (row.get("contact") or "").strip() or None
                lang = (row.get("lang") or "").strip() or None
                found = self.check_invitation_fields(name, category, subtype, contact, lang)
                key = name_key(name)
                if not found and key in seen:
                    found.append(
                        Msg("'{name}' is invited already or appears twice in the file", name=name)
                    )
                problems.extend(Problem(str(path), line, "", msg) for msg in found)
                if not found:
                    seen.add(key)
                    good.append((name, category, subtype, contact, lang))
        except csv.Error as exc:
            # The csv module stops at a malformed row (a cell over its size limit, a NUL):
            # the file is refused as a whole, at the line it stopped on.
            raise InvalidInputError(
                Msg("{path} is not a readable CSV file; nothing was imported", path=path),
                # line_num counts the lines read whole; the failing one is the next.
                [Problem(str(path), reader.line_num + 1, "", _csv_reason(exc))],
            ) from None
        if problems and not skip_invalid:
            raise InvalidInputError(
                Msg(Plural("{path} has {n} problem; nothing was imported (fix it, or use "
                           "{option} to import the good rows)",
                           "{path} has {n} problems; nothing was imported (fix them, or use "
                           "{option} to import the good rows)"),
                    path=path, n=len(problems), option=Option("skip_invalid", True)),
                problems,
            )  # fmt: skip
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

    def set_coordinator(self, coordinator: str) -> None:
        """Record how respondents reach the coordinator and rewrite every invitation file.

        campaign.yaml is rewritten atomically with its mode; a respondent who has the old
        file still answers with it (the code is unchanged), only the contact shown differs.
        """
        problem = _check_contact(coordinator)
        if problem:
            raise UsageError(*problem)
        self.config = self.config.model_copy(update={"coordinator": coordinator.strip()})
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
            Msg("no invitation for '{ref}'; list them with: {command}", ref=ref,
                command=Command("invite", str(self.root), (Option("list", True),)))
        )  # fmt: skip

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
        if self._intake is None:
            self._intake = Intake(self)
        return self._intake.import_file(path, unverified)

    # ------------------------------------------------------------------ status

    def status(self) -> dict[str, Any]:
        """Who was invited, who answered, response rate and categories with no voice."""
        return campaign_status(self)


def _csv_reason(exc: csv.Error) -> Msg:
    text = str(exc)
    if "field larger than field limit" in text:
        return Msg(
            "a cell is longer than {n} characters; check that this is the list of organisations",
            n=csv.field_size_limit(),
        )
    return Msg("{reason}; save the file as CSV (comma-separated, UTF-8)", reason=text)


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
            Msg("this campaign was created with {what} {name}, which sscassess {version} does "
                "not ship ({shipped}); open the campaign with the sscassess release that has "
                "{name}", what=exc.what_text(), name=_ref(exc.name, exc.version),
                version=__version__, shipped=exc.shipped_text())
        ) from None  # fmt: skip
