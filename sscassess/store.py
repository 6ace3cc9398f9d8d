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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from sscassess.errors import ExitCode, SscError

# Re-exported: kept apart so the respondent's side needs no sqlite3.
from sscassess.stamps import canonical as canonical
from sscassess.stamps import now as now

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SCHEMA_VERSION = 1

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


@dataclass(frozen=True)
class Submission:
    """A complete answer to store. ``revision`` None means "next revision" (unverified input)."""

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


Outcome = Literal["imported", "unchanged"]

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
            if row is None:
                cur.execute(
                    self.sql("INSERT INTO schema_version (version) VALUES (?)"), (SCHEMA_VERSION,)
                )
            elif row[0] > SCHEMA_VERSION:
                raise StoreError(
                    f"the store was written by a newer sscassess (schema {row[0]}, this version "
                    f"knows {SCHEMA_VERSION}); upgrade sscassess"
                )

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

    def add_invitations(self, invitations: list[Invitation], actor: str) -> None:
        """Add invitations in one transaction (all or none)."""
        with self.transaction("events") as cur:
            for inv in invitations:
                cur.execute(
                    self.sql(
                        "INSERT INTO invitations (campaign_id, invitation_id, slug, organisation, "
                        "category, subtype, contact, lang, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
                    ),
                )
                self._event(
                    cur, actor, "invited", inv.invitation_id,
                    {"organisation": inv.organisation, "category": inv.category, "slug": inv.slug},
                )  # fmt: skip

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
                "created_at, revoked_at FROM invitations WHERE campaign_id = ? "
                "ORDER BY LOWER(organisation), slug"
            ),
            (self.campaign_id,),
        )
        return [Invitation(*row) for row in rows]

    # -- responses

    def submit(self, sub: Submission, actor: str) -> tuple[Outcome, int]:
        """Store a submission atomically; returns (outcome, revision now current).

        Raises :class:`Rejected` for an older revision than the current one, or the same
        revision with different answers; nothing is written then.
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
            revision = sub.revision
            if current is not None:
                if revision is None:
                    if current.content_sha256 == sub.content_sha256:
                        return "unchanged", current.revision
                    revision = current.revision + 1
                elif revision < current.revision:
                    raise Rejected(
                        f"revision {revision} is older than the current revision "
                        f"{current.revision}; nothing was changed"
                    )
                elif revision == current.revision:
                    if current.content_sha256 == sub.content_sha256:
                        return "unchanged", current.revision
                    raise Rejected(
                        f"revision {revision} was already imported with different answers; "
                        f"the respondent must submit again (it will become revision {revision + 1})"
                    )
                self._archive(cur, current)
                cur.execute(
                    self.sql("DELETE FROM responses WHERE campaign_id = ? AND response_id = ?"),
                    (self.campaign_id, sub.response_id),
                )
            revision = revision or 1
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
            self._event(
                cur, actor, "submitted", sub.response_id,
                {"revision": revision, "verified": sub.verified, "source": sub.source,
                 "content_sha256": sub.content_sha256},
            )  # fmt: skip
            return "imported", revision

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
            raise StoreError(f"cannot open the store {path}: {exc}") from exc

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
                    raise StoreError(f"cannot write the store {self.path}: {exc}") from exc
                time.sleep(0.01)
        cur = self.conn.cursor()
        try:
            yield cur
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    f"cannot write the store {self.path}: {exc}; nothing was changed"
                ) from exc
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise StoreError(
                f"cannot write the store {self.path}: {exc}; nothing was changed"
            ) from exc

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only query."""
        try:
            return list(self.conn.execute(sql, params).fetchall())
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the store {self.path}: {exc}") from exc

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
            raise StoreError(
                f"cannot connect to the shared store {redact(url)}: {exc}".strip()
            ) from exc

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
            raise StoreError(f"cannot write the shared store: {exc}; nothing was changed") from exc

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only query."""
        try:
            with self.conn.cursor() as cur:
                cur.execute(sql, params)
                return list(cur.fetchall())
        except self._psycopg.Error as exc:
            raise StoreError(f"cannot read the shared store: {exc}") from exc

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def redact(url: str) -> str:
    """A store URL without its password, for messages."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url


def open_store(spec: str, root: Path, campaign_id: str) -> Store:
    """Open the store named in campaign.yaml: ``sqlite`` (the campaign's file) or a URL."""
    if spec == "sqlite":
        return SQLiteStore(root / "store.sqlite", campaign_id)
    if spec.startswith(("postgresql://", "postgres://")):
        return PostgresStore(spec, campaign_id)
    raise StoreError(f"unknown store '{redact(spec)}': use sqlite or a postgresql:// URL")
