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
What is kept still counts as waiting in the queue (backlog.py), so ``behind_s()`` grows while
nothing is written and /ingest goes on refusing what the log cannot keep.

Ending a show and flushing do not wait through another program's lock: once the writer has been
held in one write for ``STUCK_S`` (SQLite waiting out its busy timeout), or is failing, they
return and leave their work in the queue (a show's end is kept like an entry if it fails): see
writer_health.py.

A write that fails for a reason trying again cannot fix (a row breaking a constraint, a value the
database cannot take) is tried again item by item, and each entry or row the database still
refuses is set aside (counted, the latest kept in memory with their error: set_aside.py); every
other row, entry and command of that batch is written. A lone surrogate never costs a row: it is
written as U+FFFD.

The queue is bounded (backlog.py): ``behind_s()`` says how long its oldest item has waited, so
that /ingest can ask clients to slow down, and beyond ``MAX_QUEUED`` rows an append is dropped
(counted, logged) rather than letting memory grow without limit.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils

from app.adapters.store import queries
from app.adapters.store.problems import is_transient
from app.adapters.store.schema import open_database
from app.adapters.store.set_aside import (
    Outcome,
    insert_rows,
    is_row_error,
    table_of,
)
from app.adapters.store.writer_health import WriterHealth
from app.adapters.store.writer_items import (
    END_SESSION,
    INSERT_EVENT,
    Answer,
    Command,
    Flush,
    Item,
    Rows,
    Stop,
    close_interrupted_command,
    count_rows,
    end_session_command,
    event_row,
    queue_units,
    refused_alone,
    start_session_command,
)
from app.domain.log_events import LogEntry
from app.services.errors import StoreUnavailable

log = logging.getLogger(__name__)

MAX_BATCH = 20_000  # a flood of appends still gets committed in bounded transactions
MAX_KEPT = 200_000  # entries and rows kept in memory while the database cannot be written
RETRY_S = 1.0  # how often a failing database is tried again


class SqliteSessionLog(WriterHealth):
    """SessionLog over SQLite. Construct it on any thread; it opens the database on its own writer
    thread and raises here (StoreError, SchemaTooNew) if that fails. Call ``close()`` at shutdown.

    Its health, readable from any thread, is WriterHealth's (writer_health.py). `clock`
    (monotonic seconds) times the queue's waits, for behind_s().
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(Path(path), clock)
        self.interval = interval
        self._over_bound = False  # within an episode of appends refused by the queue's bound
        self._outcome = Outcome()  # what the transaction under way refused (writer thread)
        self._bug: Exception | None = None  # a write failed alone for no row's fault
        self._kept: list[LogEntry | Rows] = []
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
        self._queue_bounded(entry, 1)

    def append_rows(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Queue rows for `sql` (an INSERT with placeholders); never blocks, like append()."""
        if self._closed:
            self.dropped += len(rows)
            return
        if rows:
            self._queue_bounded(Rows(sql, rows), len(rows))

    def _queue_bounded(self, item: LogEntry | Rows, units: int) -> None:
        if self._backlog.put(self._queue, item, units, bounded=True):
            if self._over_bound and self._backlog.queued() < self._backlog.limit // 2:
                self._over_bound = False
                log.warning("the session log's queue has room again")
            return
        self.dropped += units
        if not self._over_bound:
            self._over_bound = True
            log.error("the session log's queue holds %d rows, %.1f s behind: new entries are "
                      "dropped until it has room", self._backlog.queued(),
                      self.behind_s())  # fmt: skip

    async def start_session(self, title: str, started_at: float) -> int:
        result: int = await asyncio.wrap_future(
            self._submit(start_session_command(title, started_at))
        )
        return result

    async def end_session(self, session_id: int, ended_at: float) -> None:
        """Write the show's end. When the database cannot be written the end waits in memory
        with the other entries; when the writer is held (another program's lock) this returns
        without waiting through the busy timeout, and the end follows the same way. LookupError
        for a show the log does not have (when the database answers in time)."""
        command = self._submit(end_session_command(session_id, ended_at))

        def settled(future: concurrent.futures.Future[Any]) -> None:
            failure = None if future.cancelled() else future.exception()
            if isinstance(failure, StoreUnavailable):  # the show ends anyway
                self._keep_end(session_id, ended_at)
            elif failure is not None:
                log.error("the end of show %d could not be logged: %s", session_id, failure)

        try:
            if await self._settled(command):
                return
        except StoreUnavailable:
            self._keep_end(session_id, ended_at)
            return
        log.warning("the session log is held; the end of show %d is written once it can be",
                    session_id)  # fmt: skip
        command.add_done_callback(settled)

    def _keep_end(self, session_id: int, ended_at: float) -> None:
        """A show's end, queued like an entry, but never refused by the queue's bound."""
        if self._closed:
            self.dropped += 1
            log.error("the session log is closed; the end of show %d is lost", session_id)
            return
        self._backlog.put(self._queue, Rows(END_SESSION, [(ended_at, session_id)]), 1,
                          bounded=False)  # fmt: skip

    async def close_interrupted(self, session_id: int) -> None:
        await asyncio.wrap_future(self._submit(close_interrupted_command(session_id)))

    async def flush(self) -> None:
        """Return once everything appended before this call is committed, kept for the next try
        (the database cannot be written) or counted dropped; or, while the writer is held in a
        write (another program's lock: see WriterHealth._held), at once: what was appended waits in
        memory. A flush also tries kept entries again at once."""
        await self._settled(self._request_flush())

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
            self._backlog.put(self._queue, Stop(), 1, bounded=False)
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
            self._backlog.put(self._queue, Command(run, future), 1, bounded=False)
        return future

    def _request_flush(self) -> concurrent.futures.Future[None]:
        future: concurrent.futures.Future[None] = concurrent.futures.Future()
        if self._closed:  # close() commits everything queued before it
            future.set_result(None)
        else:
            self._backlog.put(self._queue, Flush(future), 1, bounded=False)
        return future

    def _run(self, ready: concurrent.futures.Future[None]) -> None:
        try:
            db = open_database(self.path)
        except BaseException as exc:  # noqa: BLE001 - handed to the constructor, which raises it
            ready.set_exception(exc)
            return
        ready.set_result(None)
        last_commit = 0.0
        try:
            while True:
                batch = self._collect(last_commit)
                if self._kept or any(not isinstance(item, Flush | Stop) for item in batch):
                    db = self._reopen_if_worth_it(db)
                    self._write(db, batch)
                    last_commit = time.monotonic()
                # written, set aside or dropped; what is kept for the next try still waits
                self._backlog.done(queue_units(batch), kept=count_rows(self._kept))
                for item in batch:
                    if isinstance(item, Flush) and not item.future.done():
                        item.future.set_result(None)
                if any(isinstance(item, Stop) for item in batch):
                    if self._kept:
                        self._give_up_kept()
                    return
        finally:
            db.close()
            log.debug("session log writer stopped")

    def _collect(self, last_commit: float) -> list[Item]:
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
        batch: list[Item] = [first]
        while len(batch) < MAX_BATCH and not isinstance(batch[-1], Command | Flush | Stop):
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

    def _write(self, db: sqlite_utils.Database, batch: list[Item]) -> None:
        """What was kept from failed writes first, then the batch, in transactions of at most
        MAX_BATCH items. A transaction that fails for a reason trying again cannot fix is tried
        again item by item (``_one_by_one``). When one fails for a reason that may pass (disk
        full, read-only, locked), it and everything after it is kept for the next try; commands
        fail at once."""
        items: list[Item] = [*self._kept, *batch]
        self._kept = []
        self._bug = None
        answers: list[Answer] = []  # given once the health says how the write went
        try:
            for start in range(0, len(items), MAX_BATCH):
                chunk = items[start : start + MAX_BATCH]
                error, done = self._commit(db, chunk, answers), 0
                if error is not None and not _transient(error):
                    done, error = self._one_by_one(db, chunk, answers)
                if error is None:
                    continue
                rest = items[start + done :]
                self._failed(error, 0)
                assert self.problem is not None
                self._fail_commands(rest, StoreUnavailable(self.problem.message))
                self._keep([item for item in rest if isinstance(item, LogEntry | Rows)])
                return
            self.unwritten = 0
            if self._bug is None:
                if self.failing:
                    log.warning("the session log is written again (after %s)", self.last_error)
                self.failing, self.failing_since, self.problem = False, None, None
        finally:
            for command, value, failure in answers:
                if failure is None:
                    command.future.set_result(value)
                else:
                    command.future.set_exception(failure)

    def _one_by_one(
        self, db: sqlite_utils.Database, chunk: list[Item], answers: list[Answer]
    ) -> tuple[int, Exception | None]:
        """Each item of a failed transaction in its own: what fails alone is set aside, the
        rest is written (a session start among them too). Returns how many items were done with
        and, when the database itself fails meanwhile, that error (the rest is then kept)."""
        for index, item in enumerate(chunk):
            if isinstance(item, Flush | Stop):
                continue
            error = self._commit(db, [item], answers)
            if error is None:
                continue
            if _transient(error):
                return index, error
            self._set_aside_item(item, error)
        return len(chunk), None

    def _set_aside_item(self, item: Item, error: Exception) -> None:
        """An entry, rows or a command that failed alone, for a reason trying again cannot fix."""
        if isinstance(item, Command):
            if not item.future.done():
                item.future.set_exception(error)
            return
        self._apply(refused_alone(item, error))
        if not is_row_error(error):  # not the row's fault: the writer itself is failing
            self._bug = error
            self._failed(error, 0)

    def _commit(
        self, db: sqlite_utils.Database, batch: list[Item], answers: list[Answer]
    ) -> Exception | None:
        """One transaction for `batch`, in queue order: entries, then a command, then more. A row
        the database refuses is set aside inside it (set_aside.py). Returns the error that rolled
        it back, if any; on success the commands' answers go to `answers`."""
        results: list[Answer] = []
        pending: list[LogEntry] = []
        self._outcome = Outcome()
        self._attempt_since = time.monotonic()
        try:
            with db.atomic():
                for item in _grouped(batch):
                    if isinstance(item, LogEntry):
                        pending.append(item)
                    elif isinstance(item, Rows):
                        self._insert_entries(db, pending)
                        pending = []
                        insert_rows(db, item.sql, item.rows, self._outcome, table_of(item.sql))
                    elif isinstance(item, Command):
                        self._insert_entries(db, pending)
                        pending = []
                        results.append(self._run_command(db, item))
                self._insert_entries(db, pending)
        except Exception as exc:  # noqa: BLE001 - disk full, read-only, table gone: returned
            return exc  # rolled back: what it set aside is tried again with the rest
        finally:
            self._attempt_since = None
        self.commits += 1
        self._apply(self._outcome)
        answers.extend(results)
        return None

    @staticmethod
    def _fail_commands(items: list[Item], error: BaseException) -> None:
        for item in items:
            if isinstance(item, Command) and not item.future.done():
                item.future.set_exception(error)

    def _keep(self, items: list[LogEntry | Rows]) -> None:
        """Keep unwritten entries and rows for the next try, the oldest first, up to MAX_KEPT."""
        kept, room = [], MAX_KEPT
        for item in items:
            size = count_rows([item])
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
        lost = count_rows(self._kept)
        self.dropped += lost
        self._kept, self.unwritten = [], 0
        log.error("the session log could not be written before exit: %d entries lost (%s)",
                  lost, self.last_error)  # fmt: skip

    def _insert_entries(self, db: sqlite_utils.Database, entries: list[LogEntry]) -> None:
        """The entries as rows of `events`; one whose data cannot be written as JSON, or that
        the database refuses (an unknown session), is set aside alone."""
        if not entries:
            return
        rows: list[tuple[Any, ...]] = []
        for entry in entries:
            try:
                rows.append(event_row(entry))
            except ValueError as exc:  # NaN or Infinity in its data
                self._outcome.refuse(f"event {entry.kind}", entry, exc)
        insert_rows(db, INSERT_EVENT, rows, self._outcome, "events")

    @staticmethod
    def _run_command(
        db: sqlite_utils.Database, command: Command
    ) -> tuple[Command, Any, BaseException | None]:
        try:
            with db.atomic():
                return command, command.run(db), None
        except Exception as exc:
            if _transient(exc):
                raise  # the database itself is failing; the whole batch fails
            return command, None, exc


def _grouped(batch: list[Item]) -> list[Item]:
    """`batch` with the rows for each statement between two commands joined into one Rows (a
    flood queues, per frame, comments, askers, new questions and their log entries): one
    executemany and one savepoint per statement instead of one per frame, the log entries
    after them. Rows of one statement keep their order, and nothing moves across a command
    (a session started by one is there before rows that point at it); tables do not depend on
    each other otherwise. The same rows are written or set aside. The queued items are left as
    they are (a failed batch is tried again from them).

    Why it matters: each statement gives up the GIL and must take it back from the event loop,
    which can take a switch interval (5 ms) while the loop is busy; per frame, a flood left the
    writer seconds behind with the disk idle."""
    grouped: list[Item] = []
    rows: dict[str, Rows] = {}  # the Rows made here, the only ones whose lists grow
    entries: list[Item] = []

    def close_segment() -> None:
        grouped.extend(rows.values())
        grouped.extend(entries)
        rows.clear()
        entries.clear()

    for item in batch:
        if isinstance(item, Rows):
            if (joined := rows.get(item.sql)) is None:
                rows[item.sql] = Rows(item.sql, list(item.rows))
            else:
                joined.rows.extend(item.rows)
        elif isinstance(item, LogEntry):
            entries.append(item)
        else:
            close_segment()
            grouped.append(item)
    close_segment()
    return grouped


def _transient(exc: BaseException) -> bool:
    """Worth trying again whole: the database or disk may come back. Not a row's own fault (a
    DataError is a DatabaseError to sqlite3, yet fails the same way every time)."""
    return is_transient(exc) and not is_row_error(exc)
