"""The session log's schema: sqlite-utils migrations, mirrored in ``PRAGMA user_version``.

Every migration is registered once, in order, with :func:`_migration`; the schema version is the
number of migrations. A database whose ``user_version`` (or whose list of applied migrations) is
ahead of this code was written by a newer LiveDesk and is refused with :class:`SchemaTooNew`
instead of being "upgraded" into something neither version understands.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from app.adapters.store.problems import CLOSE_HOLDER, FREE_SPACE, classify

log = logging.getLogger(__name__)

MIGRATION_SET = "livedesk"
BUSY_TIMEOUT_MS = 5000

MIGRATIONS = sqlite_utils.Migrations(MIGRATION_SET)
_MIGRATION_NAMES: list[str] = []

Migration = Callable[[sqlite_utils.Database], None]


def database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over `conn`, without the sqlite-utils plugins installed beside LiveDesk: one
    could change every connection (its prepare_connection hook), and looking for them reads the
    metadata of every installed package (about 8 ms of each start, measured)."""
    return sqlite_utils.Database(conn, execute_plugins=False)


class StoreError(Exception):
    """A database LiveDesk cannot use; the message is meant for the user."""


class DatabaseMissing(StoreError, FileNotFoundError):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(f"no LiveDesk database at {os.fspath(path)} (no show has been logged yet)")
        self.path = Path(path)


class SchemaTooNew(StoreError):
    def __init__(self, path: str | os.PathLike[str], found: int, known: int) -> None:
        super().__init__(
            f"the database {os.fspath(path)} was written by a newer LiveDesk (schema version "
            f"{found}; this version knows up to {known}); update LiveDesk to open it"
        )
        self.path, self.found, self.known = Path(path), found, known


class DataDirUnwritable(StoreError):
    """The data directory cannot be written (a read-only disk or mount, its permissions, a full
    disk) or cannot be made: no show log can be kept there. ``kind`` is the problem's kind
    (problems.classify: "read_only", "disk_full", ...), ``reason`` the system's words."""

    def __init__(
        self, folder: str | os.PathLike[str], error: OSError, text: str | None = None
    ) -> None:
        self.folder, self.kind = Path(folder), classify(error)
        self.reason = error.strerror or str(error)
        other = "another data directory (--data-dir or LIVEDESK_HOME)"
        if self.kind == "disk_full":
            todo = f"Free some space on its disk, or choose {other}."
        else:
            todo = f"Choose {other}, or make this one writable (check its permissions, and " \
                "whether its disk is mounted read-only)."  # fmt: skip
        super().__init__(text or f"the data directory {self.folder} cannot be written "
                         f"({self.reason}), so LiveDesk cannot keep its show log there. "
                         f"{todo}")  # fmt: skip


class UpgradeWithoutSpace(DataDirUnwritable):
    """A log from an older LiveDesk must be upgraded (its migrations written) on a full disk. The
    upgrade was rolled back: the log is as it was, and upgrades once there is room."""

    def __init__(self, path: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(path.parent, error, f"the show log {path} must be upgraded for this "
                         f"version of LiveDesk, and the disk holding it is full ({reason}). "
                         f"{FREE_SPACE} and start LiveDesk again: the log is unchanged (its "
                         "upgrade was undone) and is upgraded then.")  # fmt: skip
        self.path = path


class LogLocked(StoreError):
    """Another program holds the log locked past the busy timeout (a database browser, a backup
    tool, a process holding ``locking_mode=EXCLUSIVE``)."""

    def __init__(self, path: Path, error: BaseException) -> None:
        super().__init__(f"another program is holding the show log {path} locked ({error}), so "
                         f"LiveDesk cannot open it. {CLOSE_HOLDER}, then start LiveDesk "
                         "again.")  # fmt: skip
        self.path = path


def _migration(fn: Migration) -> Migration:
    _MIGRATION_NAMES.append(fn.__name__)
    return MIGRATIONS(name=fn.__name__)(fn)


@_migration
def m001_sessions_events_comments(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL
        )"""
    )
    db.execute(
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions(id),
            t REAL NOT NULL,
            kind TEXT NOT NULL,
            stream_tc REAL,
            record_tc REAL,
            data TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    db.execute(
        """CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions(id),
            platform TEXT NOT NULL,
            user TEXT NOT NULL,
            text TEXT NOT NULL,
            ts REAL NOT NULL,
            is_question INTEGER NOT NULL DEFAULT 0,
            intent TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_events_session_t ON events(session_id, t)")
    db.execute("CREATE INDEX idx_comments_session_ts ON comments(session_id, ts)")


@_migration
def m002_catalog(db: sqlite_utils.Database) -> None:
    """Products and coupons, reused across shows (the run-sheet issue)."""
    db.execute(
        """CREATE TABLE products (
            sku TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            price TEXT,
            original_price TEXT,
            image TEXT,
            selling_points TEXT NOT NULL DEFAULT '[]',
            link TEXT,
            stock INTEGER,
            updated_at REAL NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE coupons (
            code TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            discount TEXT NOT NULL DEFAULT '',
            seconds INTEGER NOT NULL,
            quantity INTEGER,
            updated_at REAL NOT NULL
        )"""
    )


@_migration
def m003_audience(db: sqlite_utils.Database) -> None:
    """Comments as the audience issue keeps them, and the question queue's current state."""
    db.execute("ALTER TABLE comments ADD COLUMN comment_no INTEGER")
    db.execute("ALTER TABLE comments ADD COLUMN native_id TEXT")
    db.execute("ALTER TABLE comments ADD COLUMN user_id TEXT")
    db.execute("ALTER TABLE comments ADD COLUMN flood INTEGER NOT NULL DEFAULT 0")
    db.execute(
        """CREATE TABLE questions (
            id INTEGER NOT NULL,
            session_id INTEGER REFERENCES sessions(id),
            run_started REAL NOT NULL,
            key TEXT NOT NULL,
            text TEXT NOT NULL,
            platform TEXT NOT NULL,
            state TEXT NOT NULL,
            askers TEXT NOT NULL DEFAULT '[]',
            comment_ids TEXT NOT NULL DEFAULT '[]',
            created_at REAL NOT NULL,
            claimed_by TEXT,
            claimed_at REAL,
            answered_by TEXT,
            answered_at REAL,
            answer TEXT,
            featured INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (run_started, id)
        )"""
    )
    db.execute("CREATE INDEX idx_questions_session ON questions(session_id)")


@_migration
def m004_show_state_orders(db: sqlite_utils.Database) -> None:
    """The show's live state for resuming after a crash (one row per session, replaced about
    once a second), and the platform's order export imported for the review."""
    db.execute(
        """CREATE TABLE show_state (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
            saved_at REAL NOT NULL,
            state TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            t REAL NOT NULL,
            order_no TEXT,
            sku TEXT,
            product TEXT,
            quantity INTEGER NOT NULL DEFAULT 1,
            amount REAL NOT NULL DEFAULT 0,
            imported_at REAL NOT NULL
        )"""
    )
    db.execute("CREATE INDEX idx_orders_session_t ON orders(session_id, t)")


@_migration
def m005_askers_given_ts(db: sqlite_utils.Database) -> None:
    """A question's askers and comment numbers as an append-only child table (one row per asking
    comment), so a popular question grows by one small row per asker instead of rewriting its
    JSON lists; and the ``ts`` a client gave when it was out of range and replaced by the
    arrival time (kept for the record, never used for timing)."""
    db.execute(
        """CREATE TABLE question_askers (
            run_started REAL NOT NULL,
            question_id INTEGER NOT NULL,
            comment_no INTEGER NOT NULL,
            user TEXT NOT NULL,
            session_id INTEGER REFERENCES sessions(id)
        )"""
    )
    db.execute(
        "CREATE INDEX idx_question_askers_question ON question_askers(run_started, question_id)"
    )
    db.execute("CREATE INDEX idx_question_askers_session ON question_askers(session_id)")
    db.execute("ALTER TABLE comments ADD COLUMN given_ts REAL")


@_migration
def m006_audience_events(db: sqlite_utils.Database) -> None:
    """Everything else the audience does (gifts, likes, follows, entries, shares, memberships,
    viewer counts) in a table of its own, numbered with the comments; a comment's kind (a super
    chat is a paid comment), its value and currency; comments and questions that stand between
    a viewer and an order (`buying`)."""
    db.execute(
        """CREATE TABLE audience_events (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions(id),
            item_no INTEGER,
            platform TEXT NOT NULL,
            kind TEXT NOT NULL,
            user TEXT NOT NULL,
            user_id TEXT,
            native_id TEXT,
            text TEXT NOT NULL DEFAULT '',
            gift TEXT,
            count INTEGER,
            value REAL,
            currency TEXT,
            ts REAL NOT NULL,
            given_ts REAL
        )"""
    )
    db.execute("CREATE INDEX idx_audience_events_session_ts ON audience_events(session_id, ts)")
    db.execute("ALTER TABLE comments ADD COLUMN kind TEXT NOT NULL DEFAULT 'comment'")
    db.execute("ALTER TABLE comments ADD COLUMN value REAL")
    db.execute("ALTER TABLE comments ADD COLUMN currency TEXT")
    db.execute("ALTER TABLE comments ADD COLUMN buying INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE questions ADD COLUMN buying INTEGER NOT NULL DEFAULT 0")


@_migration
def m007_blocked_comments(db: sqlite_utils.Database) -> None:
    """Comments from blocked viewers or with blocked words: kept in the log, marked."""
    db.execute("ALTER TABLE comments ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0")


@_migration
def m008_interaction_viewers(db: sqlite_utils.Database) -> None:
    """Each viewer an interaction took (a lottery's entrant, a poll's ballot, a changed one again,
    a check-in) as one appended row, so resume reads an open interaction's viewers back from here
    instead of the kept state holding them all (one small row per viewer, never rewritten).
    `choice` is a ballot's option (NULL otherwise); `t` when the viewer was taken."""
    db.execute(
        """CREATE TABLE interaction_viewers (
            session_id INTEGER REFERENCES sessions(id),
            interaction_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            platform TEXT NOT NULL,
            user TEXT NOT NULL,
            user_id TEXT,
            t REAL NOT NULL,
            choice INTEGER
        )"""
    )
    db.execute(
        "CREATE INDEX idx_interaction_viewers_interaction"
        " ON interaction_viewers(session_id, interaction_id)"
    )


SCHEMA_VERSION = len(_MIGRATION_NAMES)


def user_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def check_not_newer(db: sqlite_utils.Database, path: str | os.PathLike[str]) -> None:
    """Raise SchemaTooNew when the database is ahead of the migrations this code knows."""
    found = user_version(db)
    applied = [m.name for m in MIGRATIONS.applied(db)]
    unknown = [name for name in applied if name not in _MIGRATION_NAMES]
    if found > SCHEMA_VERSION or unknown:
        raise SchemaTooNew(path, max(found, len(applied)), SCHEMA_VERSION)


def migrate(db: sqlite_utils.Database, path: str | os.PathLike[str] = "<database>") -> int:
    """Apply pending migrations and keep ``user_version`` equal to their count; return it."""
    check_not_newer(db, path)
    pending = [m.name for m in MIGRATIONS.pending(db)]
    if pending:
        log.info("applying migrations %s to %s", ", ".join(pending), os.fspath(path))
        MIGRATIONS.apply(db)
    version = len(MIGRATIONS.applied(db))
    if user_version(db) != version:
        db.execute(f"PRAGMA user_version = {version:d}")
    return version


def configure(db: sqlite_utils.Database) -> None:
    """Per-connection settings every LiveDesk connection needs."""
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    db.execute("PRAGMA foreign_keys = ON")


def open_database(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """Open (creating if needed) the session log for writing: WAL, busy timeout, foreign keys on,
    migrations applied. The returned Database belongs to the calling thread.

    Raises SchemaTooNew for a database from a newer LiveDesk, DataDirUnwritable when the file
    cannot be opened or made because its directory cannot be written (or made), and StoreError
    when the file is not a usable SQLite database.
    """
    path = Path(path)
    db: sqlite_utils.Database | None = None
    had_tables = False  # a log of earlier shows: its migrations are an upgrade
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = database(sqlite3.connect(path))
        configure(db)
        check_not_newer(db, path)
        db.enable_wal()
        had_tables = user_version(db) > 0 or bool(db.table_names())
        migrate(db, path)
    except StoreError:
        if db is not None:
            db.close()
        raise
    except (sqlite3.DatabaseError, OSError) as exc:
        if db is not None:
            db.close()
        raise _cannot_use(path, exc, upgrading=had_tables) from exc
    return db


def _cannot_use(
    path: Path, exc: sqlite3.DatabaseError | OSError, *, upgrading: bool = False
) -> StoreError:
    """Why `path` cannot be used, and what to do, in the words the running console uses for
    the same problems (problems.py): its directory when that cannot be written (SQLite says only
    "unable to open database file" when it cannot make the file or its -wal and -shm beside it),
    a full disk (making an empty file needs no room, so the directory passes its test; an older
    log's upgrade (`upgrading`) then says it is undone), another program's lock; else what
    SQLite said."""
    if isinstance(exc, sqlite3.OperationalError | OSError):
        unwritable = exc if isinstance(exc, OSError) and not path.parent.is_dir() else None
        unwritable = unwritable or unwritable_dir(path.parent)
        if unwritable is not None:
            return DataDirUnwritable(path.parent, unwritable)
    kind = classify(exc)
    if kind == "disk_full":
        full = exc if isinstance(exc, OSError) else OSError(errno.ENOSPC, str(exc))
        if upgrading:
            return UpgradeWithoutSpace(path, full)
        return DataDirUnwritable(path.parent, full)
    if kind == "locked":
        return LogLocked(path, exc)
    return StoreError(f"cannot use the database {path}: {exc}")


def unwritable_dir(folder: Path) -> OSError | None:
    """Why no file can be made in `folder`, or None when one can. Tried for real, so it meets
    what SQLite met: root writes past permission bits, never past a read-only mount or an
    immutable directory."""
    try:
        handle, name = tempfile.mkstemp(prefix=".livedesk-write-test-", dir=folder)
    except OSError as exc:
        return exc
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return None
