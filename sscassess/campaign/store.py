"""The campaign store: invitations, current responses, every earlier revision, drafts, events.

Two back ends share one schema and one set of SQL statements: SQLite (a file in the campaign
folder; WAL, ``synchronous=FULL``, every write transaction opened with ``BEGIN IMMEDIATE`` so
concurrent writers queue instead of failing) and PostgreSQL (a shared server; every write
transaction takes a transaction-scoped advisory lock on the response it touches).

A submission never overwrites silently: the same content again is "unchanged", a higher
revision replaces the current answer and moves the old one to ``response_history``, an older
or conflicting revision is refused. Every change is recorded in the append-only ``events``.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from sscassess.campaign.redaction import redact, scrub
from sscassess.core.errors import ExitCode, Msg, SscError

# Re-exported: kept apart so the respondent's side needs no sqlite3.
from sscassess.core.stamps import canonical as canonical
from sscassess.core.stamps import now as now
from sscassess.core.texts import name_key

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SCHEMA_VERSION = 2

_SCHEMA_V1 = [
    """CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS invitations (
        campaign_id TEXT NOT NULL,
        invitation_id TEXT NOT NULL,
        slug TEXT NOT NULL,
        organisation TEXT NOT NULL,
        category TEXT NOT NULL,
        subtype TEXT,
        contact TEXT,
        lang TEXT,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        PRIMARY KEY (campaign_id, invitation_id),
        UNIQUE (campaign_id, slug)
    )""",
    """CREATE TABLE IF NOT EXISTS responses (
        campaign_id TEXT NOT NULL,
        response_id TEXT NOT NULL,
        invitation_id TEXT,
        revision INTEGER NOT NULL,
        organisation TEXT NOT NULL,
        category TEXT NOT NULL,
        subtype TEXT,
        answers TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,
        questionnaire_sha256 TEXT NOT NULL,
        verified INTEGER NOT NULL,
        source TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (campaign_id, response_id)
    )""",
    """CREATE TABLE IF NOT EXISTS response_history (
        campaign_id TEXT NOT NULL,
        response_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        invitation_id TEXT,
        organisation TEXT NOT NULL,
        category TEXT NOT NULL,
        subtype TEXT,
        answers TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,
        questionnaire_sha256 TEXT NOT NULL,
        verified INTEGER NOT NULL,
        source TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        PRIMARY KEY (campaign_id, response_id, revision)
    )""",
    """CREATE TABLE IF NOT EXISTS drafts (
        campaign_id TEXT NOT NULL,
        invitation_id TEXT NOT NULL,
        answered INTEGER NOT NULL,
        total INTEGER NOT NULL,
        answers TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (campaign_id, invitation_id)
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        campaign_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT,
        detail TEXT NOT NULL,
        PRIMARY KEY (campaign_id, seq)
    )""",
]

#: Version 2: an invitation names the response it answers (``response_id``). A re-invitation
#: after a revocation continues the revoked invitation's response, so the organisation keeps
#: one answer and its history; before, the response id was always the invitation id.
_SCHEMA_V2 = [
    "ALTER TABLE invitations ADD COLUMN response_id TEXT",
    "UPDATE invitations SET response_id = invitation_id WHERE response_id IS NULL",
]


class StoreError(SscError):
    """The store cannot be opened or written (I/O error, disk full, server unreachable)."""

    exit_code = ExitCode.ERROR


class Rejected(SscError):
    """A submission was refused; nothing was written."""

    exit_code = ExitCode.INTEGRITY


@dataclass(frozen=True)
class Invitation:
    """An invited organisation. Its secret code is derived from the campaign key, not stored."""

    invitation_id: str
    slug: str
    organisation: str
    category: str
    subtype: str | None
    contact: str | None
    lang: str | None
    created_at: str
    revoked_at: str | None = None
    #: The response this invitation answers: its own id, or, for a re-invitation after a
    #: revocation, the response of the revoked invitation (one organisation, one answer).
    response_id: str = ""

    def __post_init__(self) -> None:
        if not self.response_id:
            object.__setattr__(self, "response_id", self.invitation_id)


@dataclass(frozen=True)
class Submission:
    """A complete answer to store.

    The store decides its revision (the current one + 1). ``revision`` is the number the
    respondent's file gave (None for unverified input), kept in the event log only: a
    respondent who answers again from another machine counts from 1 again.
    """

    response_id: str
    invitation_id: str | None
    revision: int | None
    organisation: str
    category: str
    subtype: str | None
    answers: dict[str, Any]
    content_sha256: str
    questionnaire_sha256: str
    verified: bool
    source: str
    submitted_at: str


@dataclass(frozen=True)
class StoredResponse:
    """The current revision of a response."""

    response_id: str
    invitation_id: str | None
    revision: int
    organisation: str
    category: str
    subtype: str | None
    answers: dict[str, Any]
    content_sha256: str
    questionnaire_sha256: str
    verified: bool
    source: str
    submitted_at: str
    imported_at: str


#: ``superseded``: the very file of an earlier revision, already stored and since replaced.
Outcome = Literal["imported", "unchanged", "superseded"]

_RESPONSE_COLUMNS = (
    "response_id, invitation_id, revision, organisation, category, subtype, answers, "
    "content_sha256, questionnaire_sha256, verified, source, submitted_at, imported_at"
)


class Store:
    """Common logic; subclasses provide connections, transactions and the lock."""

    placeholder = "?"

    def __init__(self, campaign_id: str) -> None:
        self.campaign_id = campaign_id

    # -- back-end hooks

    def transaction(self, lock_key: str | None = None) -> contextlib.AbstractContextManager[Any]:
        """A write transaction; yields a cursor-like object with ``execute``."""
        raise NotImplementedError  # pragma: no cover

    def read(
        self, sql: str, params: tuple[Any, ...] = ()
    ) -> list[tuple[Any, ...]]:  # pragma: no cover
        """Run a read-only query."""
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover
        """Close the connection."""
        raise NotImplementedError

    # -- helpers

    def sql(self, text: str) -> str:
        """Adapt placeholders to the back end."""
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def migrate(self) -> None:
        """Create or upgrade the schema to :data:`SCHEMA_VERSION`."""
        with self.transaction("schema") as cur:
            for statement in _SCHEMA_V1:
                cur.execute(statement)
            cur.execute("SELECT version FROM schema_version")
            row = cur.fetchone()
            version = 1 if row is None else int(row[0])
            if row is None:
                cur.execute(self.sql("INSERT INTO schema_version (version) VALUES (?)"), (1,))
            if version > SCHEMA_VERSION:
                raise StoreError(
                    Msg("the store was written by a newer sscassess (schema {found}, this "
                        "version knows {known}); upgrade sscassess",
                        found=str(version), known=str(SCHEMA_VERSION))
                )  # fmt: skip
            if version < 2:
                for statement in _SCHEMA_V2:
                    cur.execute(statement)
                cur.execute(self.sql("UPDATE schema_version SET version = ?"), (2,))

    def _event(
        self, cur: Any, actor: str, kind: str, subject: str | None, detail: dict[str, Any]
    ) -> None:
        cur.execute(
            self.sql("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE campaign_id = ?"),
            (self.campaign_id,),
        )
        seq = cur.fetchone()[0]
        cur.execute(
            self.sql(
                "INSERT INTO events (campaign_id, seq, at, actor, kind, subject, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)"
            ),
            (self.campaign_id, seq, now(), actor, kind, subject, canonical(detail)),
        )

    # -- invitations

    def add_invitations(self, invitations: list[Invitation], actor: str) -> list[Invitation]:
        """Add invitations in one transaction (all or none); returns them as stored.

        Decided inside the transaction, so two ``invite`` runs at once agree with the store:
        each ``slug`` is the wanted file name, made unique here (``_2``, ``_3``, ...); an
        organisation that already has an active invitation (names compared NFKC, case-folded)
        is refused with :class:`Rejected`; one whose invitation was revoked is re-invited and
        its new invitation continues the same response.
        """
        with self.transaction("events") as cur:
            cur.execute(
                self.sql(
                    "SELECT slug, organisation, revoked_at, response_id FROM invitations "
                    "WHERE campaign_id = ? ORDER BY created_at, invitation_id"
                ),
                (self.campaign_id,),
            )
            taken: set[str] = set()
            active: dict[str, str] = {}
            revoked: dict[str, str] = {}
            for slug, organisation, revoked_at, response_id in cur.fetchall():
                taken.add(slug)
                key = name_key(organisation)
                if revoked_at is None:
                    active[key] = slug
                else:
                    revoked[key] = response_id
            stored = []
            for inv in invitations:
                key = name_key(inv.organisation)
                if key in active:
                    raise Rejected(already_invited(inv.organisation, active[key]))
                slug = unique_slug(inv.slug, taken)
                taken.add(slug)
                active[key] = slug
                inv = replace(
                    inv,
                    slug=slug,
                    response_id=revoked.get(key, inv.response_id or inv.invitation_id),
                )
                cur.execute(
                    self.sql(
                        "INSERT INTO invitations (campaign_id, invitation_id, slug, organisation, "
                        "category, subtype, contact, lang, created_at, response_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    ),
                    (
                        self.campaign_id,
                        inv.invitation_id,
                        inv.slug,
                        inv.organisation,
                        inv.category,
                        inv.subtype,
                        inv.contact,
                        inv.lang,
                        inv.created_at,
                        inv.response_id,
                    ),
                )
                detail = {"organisation": inv.organisation, "category": inv.category, "slug": slug}
                if inv.response_id != inv.invitation_id:
                    detail["continues"] = inv.response_id
                self._event(cur, actor, "invited", inv.invitation_id, detail)
                stored.append(inv)
            return stored

    def revoke(self, invitation_id: str, actor: str) -> None:
        """Mark an invitation revoked; its responses stay but later imports are refused."""
        with self.transaction("events") as cur:
            cur.execute(
                self.sql(
                    "UPDATE invitations SET revoked_at = ? WHERE campaign_id = ? AND invitation_id = ? "
                    "AND revoked_at IS NULL"
                ),
                (now(), self.campaign_id, invitation_id),
            )
            self._event(cur, actor, "revoked", invitation_id, {})

    def invitations(self) -> list[Invitation]:
        """Every invitation, in creation order."""
        rows = self.read(
            self.sql(
                "SELECT invitation_id, slug, organisation, category, subtype, contact, lang, "
                "created_at, revoked_at, response_id FROM invitations WHERE campaign_id = ? "
                "ORDER BY LOWER(organisation), slug"
            ),
            (self.campaign_id,),
        )
        return [Invitation(*row) for row in rows]

    # -- responses

    def submit(self, sub: Submission, actor: str) -> tuple[Outcome, int]:
        """Store a submission atomically; returns (outcome, its revision).

        The store, not the respondent's file, numbers revisions: a submission with other
        answers becomes the current revision + 1, the old one moves to the history. Refused
        with :class:`Rejected`, writing nothing:

        * an unverified submission (a paper form typed in) over a verified, signed answer;
        * a verified submission made before the current verified one (stale: it was
          written without knowing the current answer).

        The same answers again are ``unchanged``; the very file of an earlier, since replaced
        revision is ``superseded`` (re-importing a folder changes nothing).
        """
        with self.transaction(sub.response_id) as cur:
            cur.execute(
                self.sql(
                    f"SELECT {_RESPONSE_COLUMNS} FROM responses WHERE campaign_id = ? AND response_id = ?"
                ),
                (self.campaign_id, sub.response_id),
            )
            row = cur.fetchone()
            current = _stored(row) if row else None
            revision = 1
            if current is not None:
                if current.content_sha256 == sub.content_sha256 and (
                    current.verified or not sub.verified
                ):
                    return "unchanged", current.revision
                if sub.verified:
                    cur.execute(
                        self.sql(
                            "SELECT revision FROM response_history WHERE campaign_id = ? AND "
                            "response_id = ? AND content_sha256 = ? AND submitted_at = ? AND "
                            "verified = 1 ORDER BY revision DESC"
                        ),
                        (self.campaign_id, sub.response_id, sub.content_sha256, sub.submitted_at),
                    )
                    earlier = cur.fetchone()
                    if earlier is not None:
                        return "superseded", int(earlier[0])
                if current.verified and not sub.verified:
                    raise Rejected(
                        Msg("{organisation} has a verified, signed answer (revision "
                            "{revision}); an unverified file never replaces it. Ask the "
                            "organisation to correct its answer with its invitation; nothing "
                            "was changed",
                            organisation=current.organisation, revision=current.revision)
                    )  # fmt: skip
                if current.verified and sub.submitted_at < current.submitted_at:
                    raise Rejected(
                        Msg("this answer was submitted on {submitted}, before the current "
                            "revision {revision} (submitted on {current}); it is out of date "
                            "and was not imported. To change the answer, the respondent "
                            "answers again; nothing was changed", submitted=sub.submitted_at,
                            revision=current.revision, current=current.submitted_at)
                    )  # fmt: skip
                revision = current.revision + 1
                self._archive(cur, current)
                cur.execute(
                    self.sql("DELETE FROM responses WHERE campaign_id = ? AND response_id = ?"),
                    (self.campaign_id, sub.response_id),
                )
            cur.execute(
                self.sql(
                    f"INSERT INTO responses (campaign_id, {_RESPONSE_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                (
                    self.campaign_id,
                    sub.response_id,
                    sub.invitation_id,
                    revision,
                    sub.organisation,
                    sub.category,
                    sub.subtype,
                    canonical(sub.answers),
                    sub.content_sha256,
                    sub.questionnaire_sha256,
                    int(sub.verified),
                    sub.source,
                    sub.submitted_at,
                    now(),
                ),
            )
            if sub.invitation_id is not None:
                cur.execute(
                    self.sql("DELETE FROM drafts WHERE campaign_id = ? AND invitation_id = ?"),
                    (self.campaign_id, sub.invitation_id),
                )
            detail: dict[str, Any] = {
                "revision": revision, "verified": sub.verified, "source": sub.source,
                "content_sha256": sub.content_sha256,
            }  # fmt: skip
            if sub.revision is not None and sub.revision != revision:
                detail["file_revision"] = sub.revision
            self._event(cur, actor, "submitted", sub.response_id, detail)
            return "imported", revision

    def open_response_id(self, organisation: str) -> str | None:
        """The id of the open (uninvited) response stored under this organisation name, if any.

        Names are compared NFKC and case-folded, never through a lossy slug: "Gréen Streets"
        and "Green Streets" are two organisations.
        """
        key = name_key(organisation)
        rows = self.read(
            self.sql(
                "SELECT response_id, organisation FROM responses WHERE campaign_id = ? "
                "AND invitation_id IS NULL ORDER BY response_id"
            ),
            (self.campaign_id,),
        )
        return next((r[0] for r in rows if name_key(r[1]) == key), None)

    def _archive(self, cur: Any, old: StoredResponse) -> None:
        cur.execute(
            self.sql(
                f"INSERT INTO response_history (campaign_id, {_RESPONSE_COLUMNS}, replaced_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            (
                self.campaign_id,
                old.response_id,
                old.invitation_id,
                old.revision,
                old.organisation,
                old.category,
                old.subtype,
                canonical(old.answers),
                old.content_sha256,
                old.questionnaire_sha256,
                int(old.verified),
                old.source,
                old.submitted_at,
                old.imported_at,
                now(),
            ),
        )

    def responses(self) -> list[StoredResponse]:
        """The current revision of every response, ordered by response id."""
        rows = self.read(
            self.sql(
                f"SELECT {_RESPONSE_COLUMNS} FROM responses WHERE campaign_id = ? ORDER BY response_id"
            ),
            (self.campaign_id,),
        )
        return [_stored(r) for r in rows]

    def response_names(self) -> list[tuple[str, str]]:
        """(response id, organisation) of every current response, without their answers."""
        rows = self.read(
            self.sql("SELECT response_id, organisation FROM responses WHERE campaign_id = ?"),
            (self.campaign_id,),
        )
        return [(r[0], r[1]) for r in rows]

    def history(self, response_id: str) -> list[StoredResponse]:
        """Earlier revisions of a response, oldest first."""
        rows = self.read(
            self.sql(
                f"SELECT {_RESPONSE_COLUMNS} FROM response_history WHERE campaign_id = ? "
                "AND response_id = ? ORDER BY revision"
            ),
            (self.campaign_id, response_id),
        )
        return [_stored(r) for r in rows]

    def save_draft(
        self, invitation_id: str, answers: dict[str, Any], answered: int, total: int
    ) -> None:
        """Keep a draft (workshop mode): replaced on every save, removed on submission."""
        with self.transaction(invitation_id) as cur:
            cur.execute(
                self.sql("DELETE FROM drafts WHERE campaign_id = ? AND invitation_id = ?"),
                (self.campaign_id, invitation_id),
            )
            cur.execute(
                self.sql(
                    "INSERT INTO drafts (campaign_id, invitation_id, answered, total, answers, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)"
                ),
                (self.campaign_id, invitation_id, answered, total, canonical(answers), now()),
            )

    def draft_answers(self, invitation_id: str) -> dict[str, Any] | None:
        """The answers of an invitation's draft, if there is one."""
        rows = self.read(
            self.sql("SELECT answers FROM drafts WHERE campaign_id = ? AND invitation_id = ?"),
            (self.campaign_id, invitation_id),
        )
        return dict(json.loads(rows[0][0])) if rows else None

    def drafts(self) -> dict[str, tuple[int, int, str]]:
        """Invitation id -> (answered, total, updated_at) for every draft."""
        rows = self.read(
            self.sql(
                "SELECT invitation_id, answered, total, updated_at FROM drafts WHERE campaign_id = ?"
            ),
            (self.campaign_id,),
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def events(self) -> list[tuple[int, str, str, str, str | None, dict[str, Any]]]:
        """The event log: (seq, at, actor, kind, subject, detail), oldest first."""
        rows = self.read(
            self.sql(
                "SELECT seq, at, actor, kind, subject, detail FROM events WHERE campaign_id = ? ORDER BY seq"
            ),
            (self.campaign_id,),
        )
        return [(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3`` ...: the first not in ``taken``."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base[:44]}_{n}", n + 1
    return slug


def _stored(row: tuple[Any, ...]) -> StoredResponse:
    values = list(row)
    values[6] = json.loads(values[6])
    values[9] = bool(values[9])
    return StoredResponse(*values)


class SQLiteStore(Store):
    """A SQLite file with WAL; safe for several local processes writing at once."""

    def __init__(self, path: Path, campaign_id: str, busy_timeout_s: float = 60.0) -> None:
        super().__init__(campaign_id)
        self.path = path
        self.busy_timeout_s = busy_timeout_s
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_s)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        except sqlite3.Error as exc:
            raise StoreError(
                Msg("cannot open the store {path}: {reason}", path=path, reason=exc)
            ) from exc

    @contextlib.contextmanager
    def transaction(self, lock_key: str | None = None) -> Iterator[Any]:
        """``BEGIN IMMEDIATE``: take the write lock first, so writers queue, never deadlock."""
        deadline = time.monotonic() + self.busy_timeout_s
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if (
                    "locked" not in str(exc) and "busy" not in str(exc)
                ) or time.monotonic() > deadline:
                    raise StoreError(
                        Msg("cannot write the store {path}: {reason}", path=self.path, reason=exc)
                    ) from exc
                time.sleep(0.01)
        cur = self.conn.cursor()
        try:
            yield cur
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _unwritten(self.path, exc) from exc
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise _unwritten(self.path, exc) from exc

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only query."""
        try:
            return list(self.conn.execute(sql, params).fetchall())
        except sqlite3.Error as exc:
            raise StoreError(
                Msg("cannot read the store {path}: {reason}", path=self.path, reason=exc)
            ) from exc

    def integrity_check(self) -> str:
        """SQLite's own consistency check ('ok' when sound)."""
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


class PostgresStore(Store):
    """A PostgreSQL database shared by several coordinators' machines."""

    placeholder = "%s"

    def __init__(self, url: str, campaign_id: str) -> None:
        super().__init__(campaign_id)
        import psycopg

        self._psycopg = psycopg
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            # Not chained: the driver's message may quote the password (see scrub), and
            # --debug prints a chained exception as it is.
            raise StoreError(
                Msg("cannot connect to the shared store {url}: {reason}", url=redact(url),
                    reason=scrub(str(exc), url).strip())
            ) from None  # fmt: skip

    @contextlib.contextmanager
    def transaction(self, lock_key: str | None = None) -> Iterator[Any]:
        """A write transaction holding the campaign's advisory lock.

        Every write appends a numbered event, so writes of one campaign are serialised, as in
        SQLite; other campaigns on the same server are not held up.
        """
        psycopg = self._psycopg
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                # Schema changes take a server-wide lock: CREATE TABLE IF NOT EXISTS races.
                scope = "schema" if lock_key == "schema" else self.campaign_id
                cur.execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"sscassess/{scope}",)
                )
                yield cur
        except psycopg.Error as exc:
            raise StoreError(
                Msg("cannot write the shared store: {reason}; nothing was changed",
                    reason=scrub(str(exc), self.url))
            ) from exc  # fmt: skip

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only query."""
        try:
            with self.conn.cursor() as cur:
                cur.execute(sql, params)
                return list(cur.fetchall())
        except self._psycopg.Error as exc:
            raise StoreError(
                Msg("cannot read the shared store: {reason}", reason=scrub(str(exc), self.url))
            ) from exc

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def already_invited(name: str, slug: str) -> Msg:
    """Why a second invitation of one organisation is refused."""
    return Msg("'{name}' is already invited (invitations/{slug}.yaml); one invitation per "
               "organisation: revoke it first to issue a new code", name=name, slug=slug)  # fmt: skip


def _unwritten(path: Path, exc: Exception) -> StoreError:
    return StoreError(
        Msg("cannot write the store {path}: {reason}; nothing was changed", path=path, reason=exc)
    )


def open_store(spec: str, root: Path, campaign_id: str) -> Store:
    """Open the store named in campaign.yaml: ``sqlite`` (the campaign's file) or a URL."""
    if spec == "sqlite":
        return SQLiteStore(root / "store.sqlite", campaign_id)
    if spec.startswith(("postgresql://", "postgres://")):
        return PostgresStore(spec, campaign_id)
    raise StoreError(
        Msg("unknown store '{store}': use sqlite or a postgresql:// URL", store=redact(spec))
    )
