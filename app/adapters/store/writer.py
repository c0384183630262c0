"""The session log's single writer: one thread, one connection, batched commits.

``append`` only puts the entry on a queue. The writer thread takes whatever is queued and commits it
in one ``db.atomic()`` transaction, at most once per ``interval`` (100 ms), so an entry is on disk
within about that long. Session commands and flushes travel through the same queue, so they are
ordered with the entries around them, and they are answered through concurrent futures that the
event loop awaits with ``asyncio.wrap_future``. A failed write is logged and counted, never fatal.

When the database cannot be written (disk full, file or disk read-only, locked by another program, a
failing disk) the entries and rows are kept in memory, in order, up to ``MAX_KEPT``, and tried again
every ``RETRY_S`` (the connection reopened first after an I/O or read-only error); commands fail
with StoreUnavailable meanwhile. ``health()["problem"]`` says what is wrong in words for the user.
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
from app.adapters.store.problems import StoreProblem, is_transient, store_problem
from app.adapters.store.schema import open_database
from app.domain.log_events import LogEntry
from app.services.errors import StoreUnavailable

log = logging.getLogger(__name__)

MAX_BATCH = 20_000  # a flood of appends still gets committed in bounded transactions
MAX_KEPT = 200_000  # entries and rows kept in memory while the database cannot be written
RETRY_S = 1.0  # how often a failing database is tried again
_REOPEN_AFTER = ("io_error", "read_only")  # problems a fresh connection may get past
_END_SESSION = "UPDATE sessions SET ended_at = ? WHERE id = ?"
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
_Answer = tuple[_Command, Any, BaseException | None]  # a command, its value or its error


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
    ``dropped`` (entries lost to failed writes), ``last_error`` (the most recent failure, or None),
    ``failing`` (whether the most recent write failed), ``unwritten`` (entries and rows kept for
    the next try), ``failing_since`` (wall time) and ``problem`` (a StoreProblem, or None).
    """

    def __init__(self, path: str | os.PathLike[str], *, interval: float = 0.1) -> None:
        self.path = Path(path)
        self.interval = interval
        self.commits = 0
        self.failed_batches = 0
        self.dropped = 0
        self.last_error: str | None = None
        self.failing = False
        self.failing_since: float | None = None
        self.problem: StoreProblem | None = None
        self.unwritten = 0
        self._kept: list[LogEntry | _Rows] = []
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
        problem = self.problem
        return {"commits": self.commits, "failed_batches": self.failed_batches,
                "dropped": self.dropped, "backlog": self._queue.qsize(),
                "failing": self.failing, "last_error": self.last_error,
                "unwritten": self.unwritten, "failing_since": self.failing_since,
                "problem": None if problem is None else problem.as_api()}  # fmt: skip

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
        try:
            await asyncio.wrap_future(self._submit(_end_session(session_id, ended_at)))
        except StoreUnavailable:  # the show ends anyway: its end waits with the other entries
            self.append_rows(_END_SESSION, [(ended_at, session_id)])

    async def close_interrupted(self, session_id: int) -> None:
        await asyncio.wrap_future(self._submit(_close_interrupted(session_id)))

    async def flush(self) -> None:
        """Return once everything appended before this call is committed, kept for the next try
        (the database cannot be written) or counted dropped. A flush also tries kept entries
        again at once."""
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
                if self._kept or any(not isinstance(item, _Flush | _Stop) for item in batch):
                    db = self._reopen_if_worth_it(db)
                    self._write(db, batch)
                    last_commit = time.monotonic()
                for item in batch:
                    if isinstance(item, _Flush) and not item.future.done():
                        item.future.set_result(None)
                if any(isinstance(item, _Stop) for item in batch):
                    if self._kept:
                        self._give_up_kept()
                    return
        finally:
            db.close()
            log.debug("session log writer stopped")

    def _collect(self, last_commit: float) -> list[_Item]:
        """Block for the first item, then gather more until the next commit is allowed. A command,
        flush or stop cuts the wait short: someone is waiting on it. While entries are kept (the
        database failing) it waits RETRY_S at most, and returns [] for a plain retry."""
        deadline = last_commit + (RETRY_S if self._kept else self.interval)
        try:
            first = (
                self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                if self._kept
                else self._queue.get()
            )
        except queue.Empty:
            return []
        batch: list[_Item] = [first]
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
        """What was kept from failed writes first, then the batch, in transactions of at most
        MAX_BATCH items. When one fails for a reason that may pass (disk full, read-only, locked),
        it and everything after it is kept for the next try; commands fail at once."""
        items: list[_Item] = [*self._kept, *batch]
        self._kept = []
        all_written = True
        answers: list[_Answer] = []  # given once the health says how the write went
        try:
            for start in range(0, len(items), MAX_BATCH):
                chunk = items[start : start + MAX_BATCH]
                error = self._commit(db, chunk, answers)
                if error is None:
                    continue
                if not is_transient(error):  # a bug: this chunk is lost, the rest goes on
                    self._failed(error, _count(chunk))
                    self._fail_commands(chunk, error)
                    all_written = False
                    continue
                rest = items[start:]
                self._failed(error, 0)
                assert self.problem is not None
                self._fail_commands(rest, StoreUnavailable(self.problem.message))
                self._keep([item for item in rest if isinstance(item, LogEntry | _Rows)])
                return
            self.unwritten = 0
            if all_written:
                if self.failing:
                    log.warning("the session log is written again (after %s)", self.last_error)
                self.failing, self.failing_since, self.problem = False, None, None
        finally:
            for command, value, failure in answers:
                if failure is None:
                    command.future.set_result(value)
                else:
                    command.future.set_exception(failure)

    def _commit(
        self, db: sqlite_utils.Database, batch: list[_Item], answers: list[_Answer]
    ) -> Exception | None:
        """One transaction for `batch`, in queue order: entries, then a command, then more.
        Returns the error that rolled it back, if any; on success the commands' answers go to
        `answers`."""
        results: list[_Answer] = []
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
            self.dropped = dropped_before  # rolled back: single rows dropped inside it too
            return exc
        self.commits += 1
        answers.extend(results)
        return None

    @staticmethod
    def _fail_commands(items: list[_Item], error: BaseException) -> None:
        for item in items:
            if isinstance(item, _Command) and not item.future.done():
                item.future.set_exception(error)

    def _keep(self, items: list[LogEntry | _Rows]) -> None:
        """Keep unwritten entries and rows for the next try, the oldest first, up to MAX_KEPT."""
        kept, room = [], MAX_KEPT
        for item in items:
            size = _count([item])
            if size > room:
                self.dropped += size
                continue
            kept.append(item)
            room -= size
        if len(kept) < len(items):
            log.error("the session log keeps at most %d unwritten entries; newer ones are lost",
                      MAX_KEPT)  # fmt: skip
        self._kept = kept
        self.unwritten = MAX_KEPT - room

    def _give_up_kept(self) -> None:
        """At shutdown, with the database still failing: what was kept is lost, and said so."""
        lost = _count(self._kept)
        self.dropped += lost
        self._kept, self.unwritten = [], 0
        log.error("the session log could not be written before exit: %d entries lost (%s)",
                  lost, self.last_error)  # fmt: skip

    def _reopen_if_worth_it(self, db: sqlite_utils.Database) -> sqlite_utils.Database:
        """After an I/O or read-only error a fresh connection may work where the old one cannot
        (the disk came back, the file's permissions were fixed)."""
        if not self.failing or self.problem is None or self.problem.kind not in _REOPEN_AFTER:
            return db
        try:
            fresh = open_database(self.path)
        except Exception as exc:
            log.debug("reopening the session log failed: %s", exc)
            return db
        db.close()
        return fresh

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
        except Exception as exc:
            if is_transient(exc):
                raise  # the database itself is failing; the whole batch fails
            return command, None, exc

    def _failed(self, exc: Exception, lost: int) -> None:
        first = not self.failing
        self.failing = True
        self.failed_batches += 1
        self.dropped += lost
        self.last_error = f"{type(exc).__name__}: {exc}"
        self.problem = store_problem(exc, self.path)
        if first:
            self.failing_since = time.time()
        if lost or first:
            log.error(
                "session log write failed (%s), %d entries dropped: %s",
                "kept for the next try" if is_transient(exc) else "not retried",
                lost,
                self.last_error,
                exc_info=exc if first else None,
            )


def _count(items: list[Any]) -> int:
    """Entries and rows in `items` (a _Rows counts its rows; commands and flushes nothing)."""
    return sum(
        len(item.rows) if isinstance(item, _Rows) else int(isinstance(item, LogEntry))
        for item in items
    )
