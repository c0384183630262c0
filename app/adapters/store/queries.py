"""The session log's read side. Every function opens its own read-only connection and closes it,
so it can run on any thread (or process) while the writer thread is writing. Nothing here creates
a database: a missing file raises DatabaseMissing.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from app.adapters.store.recovery import is_damaged
from app.adapters.store.schema import (
    BUSY_TIMEOUT_MS,
    DatabaseMissing,
    StoreError,
    check_not_newer,
)
from app.services.review import iso_time

log = logging.getLogger(__name__)

SessionRef = str | int


@contextmanager
def reading(db_path: str | os.PathLike[str]) -> Iterator[sqlite_utils.Database]:
    """A read-only connection to an existing session log, closed on exit."""
    path = Path(db_path)
    if not path.is_file():
        raise DatabaseMissing(path)
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}{_damaged(exc)}") from exc
    db = sqlite_utils.Database(conn)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        check_not_newer(db, path)
        yield db
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot read the database {path}: {exc}{_damaged(exc)}") from exc
    finally:
        db.close()


def _damaged(exc: BaseException) -> str:
    """For a damaged file, what to do about it (the console sets it aside at its next start)."""
    if not is_damaged(exc):
        return ""
    return (
        " (the file is damaged; start LiveDesk to set it aside as livedesk.db.broken-<date>-<time>"
        " and begin a fresh log, or run it with --move-broken-db)"
    )


def _has_log(db: sqlite_utils.Database) -> bool:
    """False for a database no LiveDesk has migrated yet (an empty file): it holds no sessions."""
    return "sessions" in db.table_names()


def list_sessions(db_path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every session, newest first: id, title, started_at, ended_at (ISO 8601 local time with
    offset, ended_at None while open), events and comments (counts)."""
    with reading(db_path) as db:
        if not _has_log(db):
            return []
        rows = db.query(
            """SELECT s.id, s.title, s.started_at, s.ended_at,
                   (SELECT count(*) FROM events e WHERE e.session_id = s.id) AS events,
                   (SELECT count(*) FROM comments c WHERE c.session_id = s.id) AS comments
               FROM sessions s ORDER BY s.started_at DESC, s.id DESC"""
        )
        return [
            {
                "id": row["id"],
                "title": row["title"],
                "started_at": iso_time(row["started_at"]),
                "ended_at": iso_time(row["ended_at"]),
                "events": row["events"],
                "comments": row["comments"],
            }
            for row in rows
        ]


def resolve_session(db_path: str | os.PathLike[str], ref: SessionRef) -> int:
    """The id of session `ref`: "latest" (the most recently started) or an id. LookupError when
    there is no such session."""
    with reading(db_path) as db:
        if not _has_log(db):
            raise LookupError("the log holds no sessions yet")
        text = str(ref).strip()
        if text.lower() == "latest":
            row = next(
                db.query("SELECT id FROM sessions ORDER BY started_at DESC, id DESC LIMIT 1"), None
            )
            if row is None:
                raise LookupError("the log holds no sessions yet")
            return int(row["id"])
        try:
            session_id = int(text)
        except ValueError:
            raise LookupError(f"“{text}” is not a session id (a number, or “latest”)") from None
        if next(db.query("SELECT 1 AS one FROM sessions WHERE id = ?", [session_id]), None):
            return session_id
        raise LookupError(f"there is no session {session_id} (see `livedesk sessions`)")


def session_row(db_path: str | os.PathLike[str], session_id: int) -> dict[str, Any]:
    """The raw session row: id, title, started_at, ended_at (unix seconds)."""
    with reading(db_path) as db:
        row = None
        if _has_log(db):
            row = next(
                db.query(
                    "SELECT id, title, started_at, ended_at FROM sessions WHERE id = ?",
                    [session_id],
                ),
                None,
            )
        if row is None:
            raise LookupError(f"there is no session {session_id}")
        return dict(row)


def _decode(data: str | None, where: str) -> dict[str, Any]:
    if not data:
        return {}
    try:
        decoded = json.loads(data)
    except ValueError:
        log.warning("%s has data that is not JSON; kept as text", where)
        return {"raw": data}
    return decoded if isinstance(decoded, dict) else {"value": decoded}


def session_events(db_path: str | os.PathLike[str], session_id: int) -> list[dict[str, Any]]:
    """The session's events in time order: id, t, kind, stream_tc, record_tc, data (a dict)."""
    with reading(db_path) as db:
        if not _has_log(db):
            return []
        rows = db.query(
            """SELECT id, t, kind, stream_tc, record_tc, data FROM events
               WHERE session_id = ? ORDER BY t, id""",
            [session_id],
        )
        return [{**row, "data": _decode(row["data"], f"event {row['id']}")} for row in rows]


def session_comments(db_path: str | os.PathLike[str], session_id: int) -> list[dict[str, Any]]:
    """The session's comments in arrival order."""
    with reading(db_path) as db:
        if not _has_log(db):
            return []
        return list(
            db.query(
                """SELECT id, platform, user, text, ts, is_question, intent FROM comments
                   WHERE session_id = ? ORDER BY ts, id""",
                [session_id],
            )
        )


def open_session(db_path: str | os.PathLike[str]) -> tuple[int, str, float] | None:
    """The most recently started session that was never ended: (id, title, started_at)."""
    try:
        with reading(db_path) as db:
            if not _has_log(db):
                return None
            row = next(
                db.query(
                    """SELECT id, title, started_at FROM sessions WHERE ended_at IS NULL
                       ORDER BY started_at DESC, id DESC LIMIT 1"""
                ),
                None,
            )
    except DatabaseMissing:
        return None
    if row is None:
        return None
    return int(row["id"]), str(row["title"]), float(row["started_at"])


def session_questions(db_path: str | os.PathLike[str], session_id: int) -> list[dict[str, Any]]:
    """The session's question queue as last saved: text, state, asked (how many viewers),
    created_at, answered_at."""
    with reading(db_path) as db:
        tables = db.table_names()
        if "questions" not in tables:
            return []
        if "question_askers" not in tables:  # a log no LiveDesk with the askers' table wrote to
            return list(
                db.query(
                    """SELECT text, state, json_array_length(askers) AS asked, created_at,
                              answered_at
                       FROM questions WHERE session_id = ? ORDER BY created_at, id""",
                    [session_id],
                )
            )
        return list(db.query(_QUESTIONS_ASKED, [session_id, session_id]))


# asked: the distinct askers in question_askers, with those of the JSON column for rows written
# before that table (counted together only there, as both may hold the same viewer)
_QUESTIONS_ASKED = """
    SELECT q.text, q.state,
           CASE WHEN q.askers IN ('[]', '') THEN COALESCE(a.asked, 0)
                ELSE (SELECT COUNT(*) FROM (
                        SELECT value FROM json_each(q.askers)
                        UNION SELECT user FROM question_askers x
                              WHERE x.run_started = q.run_started AND x.question_id = q.id))
           END AS asked,
           q.created_at, q.answered_at
    FROM questions q
    LEFT JOIN (SELECT run_started, question_id, COUNT(DISTINCT user) AS asked
               FROM question_askers WHERE session_id = ? GROUP BY run_started, question_id) a
           ON a.run_started = q.run_started AND a.question_id = q.id
    WHERE q.session_id = ? ORDER BY q.created_at, q.id"""


def session_orders(db_path: str | os.PathLike[str], session_id: int) -> list[dict[str, Any]] | None:
    """The order export imported for the session, in time order (t, order_no, sku, product,
    quantity, amount); None when none was imported."""
    with reading(db_path) as db:
        if "orders" not in db.table_names():
            return None
        rows = list(
            db.query(
                """SELECT t, order_no, sku, product, quantity, amount FROM orders
                   WHERE session_id = ? ORDER BY t, id""",
                [session_id],
            )
        )
        return rows or None
