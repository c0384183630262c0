"""What travels through the log writer's queue, and the session commands it runs.

Entries (LogEntry) and rows for other tables (Rows) are written in queue order; a Command runs a
function on the writer thread and answers through a concurrent future; a Flush is answered once
everything before it is done with; Stop ends the writer thread.
"""

from __future__ import annotations

import concurrent.futures
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from app.adapters.store.set_aside import Outcome, table_of
from app.domain.log_events import LogEntry

END_SESSION = "UPDATE sessions SET ended_at = ? WHERE id = ?"
INSERT_EVENT = (
    "INSERT INTO events (session_id, t, kind, stream_tc, record_tc, data) VALUES (?, ?, ?, ?, ?, ?)"
)


@dataclass
class Command:
    run: Callable[[sqlite_utils.Database], Any]
    future: concurrent.futures.Future[Any]


@dataclass
class Flush:
    future: concurrent.futures.Future[None]


class Stop:
    pass


@dataclass
class Rows:
    """Rows for another table (comments), written in order with the log entries."""

    sql: str
    rows: list[tuple[Any, ...]]


Item = LogEntry | Rows | Command | Flush | Stop
Answer = tuple[Command, Any, BaseException | None]  # a command, its value or its error


def event_row(entry: LogEntry) -> tuple[Any, ...]:
    """The entry as a row of `events`; ValueError when its data holds a number that is not
    finite (NaN, Infinity): JSON cannot hold it, and the log is read back as JSON."""
    data = json.dumps(entry.data, ensure_ascii=False, default=str, allow_nan=False)
    return (entry.session_id, entry.t, entry.kind, entry.stream_tc, entry.record_tc, data)


def start_session_command(title: str, started_at: float) -> Callable[[sqlite_utils.Database], int]:
    def run(db: sqlite_utils.Database) -> int:
        cursor = db.execute(
            "INSERT INTO sessions (title, started_at) VALUES (?, ?)", [title, started_at]
        )
        return int(cursor.lastrowid or 0)

    return run


def end_session_command(
    session_id: int, ended_at: float
) -> Callable[[sqlite_utils.Database], None]:
    def run(db: sqlite_utils.Database) -> None:
        cursor = db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", [ended_at, session_id])
        if cursor.rowcount == 0:
            raise LookupError(f"there is no session {session_id}")

    return run


def close_interrupted_command(session_id: int) -> Callable[[sqlite_utils.Database], None]:
    def run(db: sqlite_utils.Database) -> None:
        db.execute(
            # its last entry of any kind: a show may log nothing but comments for a while
            """UPDATE sessions SET ended_at = MAX(started_at,
                   COALESCE((SELECT MAX(t) FROM events WHERE session_id = :id), started_at),
                   COALESCE((SELECT MAX(ts) FROM comments WHERE session_id = :id), started_at),
                   COALESCE((SELECT MAX(ts) FROM audience_events WHERE session_id = :id),
                            started_at))
               WHERE id = :id AND ended_at IS NULL""",
            {"id": session_id},
        )

    return run


def refused_alone(item: LogEntry | Rows | Command | Flush | Stop, error: Exception) -> Outcome:
    """An entry or rows that failed in a transaction of their own, set aside with `error`."""
    outcome = Outcome()
    if isinstance(item, LogEntry):
        outcome.refuse(f"event {item.kind}", item, error)
    elif isinstance(item, Rows):
        what = table_of(item.sql)
        for row in item.rows:
            outcome.refuse(what, row, error)
    return outcome


def queue_units(items: list[Any]) -> int:
    """What `items` weigh in the queue's backlog: a Rows its rows, anything else 1."""
    return sum(len(item.rows) if isinstance(item, Rows) else 1 for item in items)


def count_rows(items: list[Any]) -> int:
    """Entries and rows in `items` (a Rows counts its rows; commands and flushes nothing)."""
    return sum(
        len(item.rows) if isinstance(item, Rows) else int(isinstance(item, LogEntry))
        for item in items
    )
