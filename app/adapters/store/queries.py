"""The session log's read side. Every function opens its own read-only connection and closes it,
so it can run on any thread (or process) while the writer thread is writing. Nothing here creates
a database: a missing file raises DatabaseMissing.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from app.adapters.store.recovery import is_damaged
from app.adapters.store.schema import (
    BUSY_TIMEOUT_MS,
    DatabaseMissing,
    StoreError,
    check_not_newer,
    database,
)
from app.domain.viewer_counts import VIEWERS_STAND_S
from app.services.review import iso_time

log = logging.getLogger(__name__)

SessionRef = str | int
MAX_CLIENT_LEAD_S = 60.0  # a client's ts may be this far ahead of the console's clock
_SQLITE_MIN_INT, _SQLITE_MAX_INT = -(2**63), 2**63 - 1  # SQLite's INTEGER: a 64-bit signed int


@contextmanager
def reading(db_path: str | os.PathLike[str]) -> Iterator[sqlite_utils.Database]:
    """A read-only connection to an existing session log, closed on exit."""
    path = Path(db_path)
    if not path.is_file():
        raise DatabaseMissing(path)
    wal = Path(f"{path}-wal")
    if path.stat().st_size == 0 and wal.is_file() and wal.stat().st_size > 0:
        # SQLite, even read-only, would take the empty file for a new log and delete the
        # journal holding every show: leave both as they are for the console to set aside.
        raise StoreError(
            f"cannot read the database {path}: the file is empty and its journal {wal.name} "
            f"holds the log{SET_ASIDE}"
        )
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}{_damaged(exc)}") from exc
    db = database(conn)
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
    return SET_ASIDE if is_damaged(exc) else ""


SET_ASIDE = (
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
        in_range = _SQLITE_MIN_INT <= session_id <= _SQLITE_MAX_INT  # else no row can have it
        if in_range and next(db.query("SELECT 1 AS one FROM sessions WHERE id = ?", [session_id]),
                             None):  # fmt: skip
            return session_id
        raise LookupError(f"there is no session {session_id} (see `livedesk sessions`)")


def last_row_ids(db_path: str | os.PathLike[str], tables: Sequence[str]) -> dict[str, int]:
    """The highest row id of each of `tables` there is (0: none, or no such table)."""
    try:
        with reading(db_path) as db:
            present = set(db.table_names())
            return {table: int(db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                               .fetchone()[0]) if table in present else 0
                    for table in tables}  # fmt: skip
    except DatabaseMissing:
        return dict.fromkeys(tables, 0)


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


# ----- the audience in the review ------------------------------------------------------------
# One indexed range scan per stretch between cuts, grouped by kind and minute of the show (the
# minute floored: + 1e6 keeps CAST from rounding a time before the start towards zero), and
# whether the row is inside the show's span as the per-minute counts take it.
_PIECE = """
    SELECT kind, CAST((ts - ?) / 60 + 1000000 AS INTEGER) - 1000000 AS minute,
           (ts >= ? AND ts <= ?) AS inside, COUNT(*), SUM(COALESCE(count, 1)),
           SUM(COALESCE(value, 0)), COALESCE(currency, '') AS money
    FROM audience_events
    WHERE session_id = ? AND kind IN ('like', 'gift', 'member', 'follow') {bounds}
    GROUP BY kind, minute, inside, money"""

Sums = dict[str, tuple[int, int, float]]  # kind → (items, sum of counts, sum of values)
# kind → currency ("" when the item named none) → sum of values: one sum of yuan and dollars
# means nothing, so the review shows the value per currency
CurrencySums = dict[str, dict[str, float]]


@dataclass
class AudienceRows:
    """What the review needs of the audience beyond comments, aggregated in SQL: per stretch of
    the show between the cuts (likes, gifts, memberships, follows) `Sums`, and their values per
    currency `CurrencySums`; likes per minute of the show; viewer counts (ts, platform, count)
    in time order; super chats (ts, value, currency or ""); the creation times of buying
    questions."""

    pieces: list[Sums] = field(default_factory=list)
    values: list[CurrencySums] = field(default_factory=list)
    likes_per_minute: list[int] = field(default_factory=list)
    viewers: list[tuple[float, str, int]] = field(default_factory=list)
    superchats: list[tuple[float, float, str]] = field(default_factory=list)
    buying_times: list[float] = field(default_factory=list)


def _columns(db: sqlite_utils.Database, table: str) -> set[str]:
    return {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})").fetchall()}


def _pieces(
    db: sqlite_utils.Database,
    session_id: int,
    cuts: Sequence[float],
    span: tuple[float, float],
    edge_s: float,
    found: AudienceRows,
) -> None:
    start, end = span
    minutes = len(found.likes_per_minute)
    edges = [None, *cuts, None]
    for low, high in itertools.pairwise(edges):
        bounds, params = "", [start, start - edge_s, end + edge_s, session_id]
        if low is not None:
            bounds += " AND ts >= ?"
            params.append(low)
        if high is not None:
            bounds += " AND ts < ?"
            params.append(high)
        piece: Sums = {}
        values: CurrencySums = {}
        for kind, minute, inside, items, counted, value, currency in db.execute(
            _PIECE.format(bounds=bounds), params
        ):
            was = piece.get(kind, (0, 0, 0.0))
            piece[kind] = (was[0] + items, was[1] + int(counted or 0), was[2] + float(value or 0))
            if value:
                money = values.setdefault(kind, {})
                money[str(currency)] = money.get(str(currency), 0.0) + float(value)
            if kind == "like" and inside and minutes:
                found.likes_per_minute[min(max(0, int(minute)), minutes - 1)] += int(counted or 0)
        found.pieces.append(piece)
        found.values.append(values)


def _viewer_rows(
    db: sqlite_utils.Database, session_id: int, start: float
) -> list[tuple[float, str, int]]:
    """The session's viewer counts after those logged in the VIEWERS_STAND_S before its start
    (under no show, or another show then on: the counts standing as it started), in time
    order. Each read through the (session_id, ts) index."""
    since = start - VIEWERS_STAND_S
    others = [row[0] for row in db.execute(
        "SELECT id FROM sessions WHERE id != ? AND started_at < ?"
        " AND (ended_at IS NULL OR ended_at >= ?)", [session_id, start, since - MAX_CLIENT_LEAD_S],
    )]  # fmt: skip
    rows: dict[int, tuple[float, str, int]] = {}
    picks = [("session_id = ?", [session_id], "")]
    picks += [("session_id IS NULL", [], " AND ts >= ? AND ts < ?")]
    picks += [("session_id = ?", [other], " AND ts >= ? AND ts < ?") for other in others]
    for where, params, within in picks:
        bounds = [since, start] if within else []
        for row_id, ts, platform, count in db.execute(
            f"SELECT id, ts, platform, count FROM audience_events WHERE {where}"
            f" AND kind = 'viewers'{within}",
            [*params, *bounds],
        ):
            rows[int(row_id)] = (float(ts), str(platform), int(count or 0))
    return [rows[i] for i in sorted(rows, key=lambda i: (rows[i][0], i))]


def session_audience(
    db_path: str | os.PathLike[str],
    session_id: int,
    cuts: Sequence[float],
    span: tuple[float, float],
    minutes: int,
    edge_s: float,
) -> AudienceRows:
    """The session's audience for the review. `cuts` (ascending times: where segments start and
    end) split the show into len(cuts) + 1 stretches, each summed by one range scan, so the
    whole log is read once; likes per minute of the show `span` come from the same scans
    (`minutes` buckets, likes up to `edge_s` outside it in the first / last minute, as
    comments). A log older than the audience tables gives empty rows."""
    found = AudienceRows(likes_per_minute=[0] * minutes)
    with reading(db_path) as db:
        tables = set(db.table_names())
        if "audience_events" in tables:
            _pieces(db, session_id, cuts, span, edge_s, found)
            found.viewers = _viewer_rows(db, session_id, span[0])
        else:
            found.pieces = [{} for _ in range(len(cuts) + 1)]
            found.values = [{} for _ in range(len(cuts) + 1)]
        if "comments" in tables and "value" in _columns(db, "comments"):
            found.superchats = [
                (float(ts), float(value), str(currency))
                for ts, value, currency in db.execute(
                    "SELECT ts, value, COALESCE(currency, '') FROM comments WHERE session_id = ?"
                    " AND kind = 'superchat' AND value IS NOT NULL AND ts IS NOT NULL ORDER BY ts",
                    [session_id],
                )
            ]
        if "questions" in tables and "buying" in _columns(db, "questions"):
            found.buying_times = [
                float(t)
                for (t,) in db.execute(
                    "SELECT created_at FROM questions WHERE session_id = ? AND buying != 0"
                    " AND created_at IS NOT NULL ORDER BY created_at",
                    [session_id],
                )
            ]
    return found


def session_saved_state(db_path: str | os.PathLike[str], session_id: int) -> object:
    """The show state last kept for resuming the session (it holds the run-sheet in force), as
    decoded JSON; None when none was kept or it is not JSON."""
    kept = session_kept_state(db_path, session_id)
    return None if kept is None else kept[1]


def session_kept_state(
    db_path: str | os.PathLike[str], session_id: int
) -> tuple[float | None, object] | None:
    """(saved_at, state) of the show state last kept for resuming the session: when it was kept
    (None when unreadable) and the decoded JSON (None when it is not JSON); None when none was
    kept."""
    with reading(db_path) as db:
        if "show_state" not in db.table_names():
            return None
        row = db.execute(
            "SELECT saved_at, state FROM show_state WHERE session_id = ?", [session_id]
        ).fetchone()
    if row is None:
        return None
    saved_at = row[0] if isinstance(row[0], int | float) else None
    try:
        return saved_at, json.loads(row[1])
    except (TypeError, ValueError):
        return saved_at, None


def session_activity_times(
    db_path: str | os.PathLike[str], session_id: int, after: float, until: float
) -> list[float]:
    """The times of the session's comments and audience items (likes, gifts, viewer counts, …)
    in (after, until], ascending: what a show never ended logged after its last event."""
    with reading(db_path) as db:
        tables = set(db.table_names())
        parts = [f"SELECT CAST(ts AS REAL) AS t FROM {table} WHERE session_id = :id"
                 " AND ts > :after AND ts <= :until"
                 for table in ("comments", "audience_events") if table in tables]  # fmt: skip
        if not parts:
            return []
        rows = db.execute(
            " UNION ALL ".join(parts) + " ORDER BY t",
            {"id": session_id, "after": after, "until": until},
        )
        return [float(t) for (t,) in rows if t is not None]
