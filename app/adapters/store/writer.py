"""The session log's single writer: one thread, one connection, batched commits.

``append`` only puts the entry on a queue. The writer thread takes whatever is queued and commits it
in one ``db.atomic()`` transaction, at most once per ``interval`` (100 ms), so an entry is on disk
within about that long. Session commands and flushes travel through the same queue, so they are
ordered with the entries around them, and they are answered through concurrent futures that the
event loop awaits with ``asyncio.wrap_future``. A failed write is logged and counted, never fatal.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import json
import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from app.adapters.store import queries
from app.adapters.store.schema import open_database
from app.domain.log_events import LogEntry

log = logging.getLogger(__name__)

MAX_BATCH = 20_000  # a flood of appends still gets committed in bounded transactions
_INSERT_EVENT = (
    "INSERT INTO events (session_id, t, kind, stream_tc, record_tc, data) VALUES (?, ?, ?, ?, ?, ?)"
)


@dataclass
class _Command:
    run: Callable[[sqlite_utils.Database], Any]
    future: concurrent.futures.Future[Any]


@dataclass
class _Flush:
    future: concurrent.futures.Future[None]


class _Stop:
    pass


@dataclass
class _Rows:
    """Rows for another table (comments), written in order with the log entries."""

    sql: str
    rows: list[tuple[Any, ...]]


_Item = LogEntry | _Rows | _Command | _Flush | _Stop


def _event_row(entry: LogEntry) -> tuple[Any, ...]:
    data = json.dumps(entry.data, ensure_ascii=False, default=str)
    return (entry.session_id, entry.t, entry.kind, entry.stream_tc, entry.record_tc, data)


def _start_session(title: str, started_at: float) -> Callable[[sqlite_utils.Database], int]:
    def run(db: sqlite_utils.Database) -> int:
        cursor = db.execute(
            "INSERT INTO sessions (title, started_at) VALUES (?, ?)", [title, started_at]
        )
        return int(cursor.lastrowid or 0)

    return run


def _end_session(session_id: int, ended_at: float) -> Callable[[sqlite_utils.Database], None]:
    def run(db: sqlite_utils.Database) -> None:
        cursor = db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", [ended_at, session_id])
        if cursor.rowcount == 0:
            raise LookupError(f"there is no session {session_id}")

    return run


def _close_interrupted(session_id: int) -> Callable[[sqlite_utils.Database], None]:
    def run(db: sqlite_utils.Database) -> None:
        db.execute(
            """UPDATE sessions SET ended_at = COALESCE(
                   (SELECT MAX(t) FROM events WHERE session_id = :id), started_at)
               WHERE id = :id AND ended_at IS NULL""",
            {"id": session_id},
        )

    return run


class SqliteSessionLog:
    """SessionLog over SQLite. Construct it on any thread; it opens the database on its own writer
    thread and raises here (StoreError, SchemaTooNew) if that fails. Call ``close()`` at shutdown.

    Health, readable from any thread: ``commits`` (transactions committed), ``failed_batches``,
    ``dropped`` (entries lost to failed writes), ``last_error`` (the most recent failure, or None)
    and ``failing`` (whether the most recent write failed).
    """

    def __init__(self, path: str | os.PathLike[str], *, interval: float = 0.1) -> None:
        self.path = Path(path)
        self.interval = interval
        self.commits = 0
        self.failed_batches = 0
        self.dropped = 0
        self.last_error: str | None = None
        self.failing = False
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._closed = False
        self._close_lock = threading.Lock()
        ready: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="livedesk-store-writer", daemon=True
        )
        self._thread.start()
        ready.result()
        atexit.register(self.close)

    # --- the SessionLog port -------------------------------------------------------------------

    def append(self, entry: LogEntry) -> None:
        if self._closed:
            self.dropped += 1
            log.warning("session log is closed; dropped a %s entry", entry.kind)
            return
        self._queue.put(entry)

    def health(self) -> dict[str, Any]:
        return {"commits": self.commits, "failed_batches": self.failed_batches,
                "dropped": self.dropped, "backlog": self._queue.qsize(),
                "failing": self.failing, "last_error": self.last_error}  # fmt: skip

    def append_rows(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Queue rows for `sql` (an INSERT with placeholders); never blocks, like append()."""
        if self._closed:
            self.dropped += len(rows)
            return
        self._queue.put(_Rows(sql, rows))

    async def start_session(self, title: str, started_at: float) -> int:
        result: int = await asyncio.wrap_future(self._submit(_start_session(title, started_at)))
        return result

    async def end_session(self, session_id: int, ended_at: float) -> None:
        await asyncio.wrap_future(self._submit(_end_session(session_id, ended_at)))

    async def close_interrupted(self, session_id: int) -> None:
        await asyncio.wrap_future(self._submit(_close_interrupted(session_id)))

    async def flush(self) -> None:
        """Return once everything appended before this call is committed (or counted dropped)."""
        await asyncio.wrap_future(self._request_flush())

    def open_session(self) -> tuple[int, str, float] | None:
        return queries.open_session(self.path)

    async def run(self, command: Callable[[sqlite_utils.Database], Any]) -> Any:
        """Run `command(db)` on the writer thread, in order with everything appended before."""
        return await asyncio.wrap_future(self._submit(command))

    # --- shutdown ------------------------------------------------------------------------------

    def flush_blocking(self, timeout: float | None = 5.0) -> bool:
        """Wait (without an event loop) until earlier entries are committed; False on timeout."""
        try:
            self._request_flush().result(timeout)
        except concurrent.futures.TimeoutError:
            return False
        return True

    def close(self, timeout: float = 10.0) -> None:
        """Commit what is queued and stop the writer thread. Safe to call more than once."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        atexit.unregister(self.close)
        if self._thread.is_alive():
            self._queue.put(_Stop())
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.error("the session log writer did not stop within %.1f s", timeout)

    # --- plumbing ------------------------------------------------------------------------------

    def _submit(
        self, run: Callable[[sqlite_utils.Database], Any]
    ) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        if self._closed:
            future.set_exception(RuntimeError("the session log is closed"))
        else:
            self._queue.put(_Command(run, future))
        return future

    def _request_flush(self) -> concurrent.futures.Future[None]:
        future: concurrent.futures.Future[None] = concurrent.futures.Future()
        if self._closed:  # close() commits everything queued before it
            future.set_result(None)
        else:
            self._queue.put(_Flush(future))
        return future

    def _run(self, ready: concurrent.futures.Future[None]) -> None:
        try:
            db = open_database(self.path)
        except BaseException as exc:
            ready.set_exception(exc)
            return
        ready.set_result(None)
        last_commit = 0.0
        try:
            while True:
                batch = self._collect(last_commit)
                if any(not isinstance(item, _Flush | _Stop) for item in batch):
                    self._write(db, batch)
                    last_commit = time.monotonic()
                for item in batch:
                    if isinstance(item, _Flush) and not item.future.done():
                        item.future.set_result(None)
                if any(isinstance(item, _Stop) for item in batch):
                    return
        finally:
            db.close()
            log.debug("session log writer stopped")

    def _collect(self, last_commit: float) -> list[_Item]:
        """Block for the first item, then gather more until the next commit is allowed. A command,
        flush or stop cuts the wait short: someone is waiting on it."""
        batch: list[_Item] = [self._queue.get()]
        deadline = last_commit + self.interval
        while len(batch) < MAX_BATCH and not isinstance(batch[-1], _Command | _Flush | _Stop):
            remaining = deadline - time.monotonic()
            try:
                batch.append(
                    self._queue.get(timeout=remaining)
                    if remaining > 0
                    else self._queue.get_nowait()
                )
            except queue.Empty:
                break
        while len(batch) < MAX_BATCH:  # take whatever else is already queued
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _write(self, db: sqlite_utils.Database, batch: list[_Item]) -> None:
        """One transaction for the batch, in queue order: entries, then a command, then more."""
        entries = [item for item in batch if isinstance(item, LogEntry)]
        row_count = sum(len(item.rows) for item in batch if isinstance(item, _Rows))
        results: list[tuple[_Command, Any, BaseException | None]] = []
        pending: list[LogEntry] = []
        dropped_before = self.dropped
        try:
            with db.atomic():
                for item in batch:
                    if isinstance(item, LogEntry):
                        pending.append(item)
                    elif isinstance(item, _Rows):
                        self._insert_entries(db, pending)
                        pending = []
                        db.conn.executemany(item.sql, item.rows)
                    elif isinstance(item, _Command):
                        self._insert_entries(db, pending)
                        pending = []
                        results.append(self._run_command(db, item))
                self._insert_entries(db, pending)
        except Exception as exc:  # disk full, read-only file, table gone, ...
            self.dropped = dropped_before  # the whole batch is lost, single rows included
            self._failed(exc, len(entries) + row_count)
            for item in batch:
                if isinstance(item, _Command) and not item.future.done():
                    item.future.set_exception(exc)
            return
        self.commits += 1
        self.failing = False
        for command, value, error in results:
            if error is None:
                command.future.set_result(value)
            else:
                command.future.set_exception(error)

    def _insert_entries(self, db: sqlite_utils.Database, entries: list[LogEntry]) -> None:
        if not entries:
            return
        rows = [_event_row(entry) for entry in entries]
        try:
            with db.atomic():
                db.conn.executemany(_INSERT_EVENT, rows)
        except sqlite3.IntegrityError:
            # One bad row (an unknown session id) must not cost the others: insert one by one.
            for entry, row in zip(entries, rows, strict=True):
                try:
                    with db.atomic():
                        db.conn.execute(_INSERT_EVENT, row)
                except sqlite3.IntegrityError as exc:
                    self.dropped += 1
                    self.last_error = f"{type(exc).__name__}: {exc}"
                    log.error("dropped a %s entry: %s", entry.kind, exc)

    @staticmethod
    def _run_command(
        db: sqlite_utils.Database, command: _Command
    ) -> tuple[_Command, Any, BaseException | None]:
        try:
            with db.atomic():
                return command, command.run(db), None
        except sqlite3.OperationalError:
            raise  # the database itself is failing; the whole batch fails
        except Exception as exc:
            return command, None, exc

    def _failed(self, exc: Exception, lost: int) -> None:
        first = not self.failing
        self.failing = True
        self.failed_batches += 1
        self.dropped += lost
        self.last_error = f"{type(exc).__name__}: {exc}"
        log.error(
            "session log write failed, %d entries dropped: %s",
            lost,
            self.last_error,
            exc_info=exc if first else None,
        )
