"""The log writer's health, readable from any thread: its counters, what is wrong when the
database cannot be written, what it set aside, how far behind it is, and whether it is held
(writer.py).

Held: a caller that must not wait through another program's lock (ending a show, a flush) waits
for the writer's answer until the writer has been in one transaction for ``STUCK_S`` (SQLite
waiting out its 5 s busy timeout) or is failing, then goes on and leaves its work to the writer."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils

from app.adapters.store.backlog import Backlog
from app.adapters.store.problems import StoreProblem, is_transient, store_problem
from app.adapters.store.schema import StoreError, open_database
from app.adapters.store.set_aside import Outcome, SetAside
from app.adapters.store.writer_items import Item

log = logging.getLogger("app.adapters.store.writer")  # the writer's voice

_REOPEN_AFTER = ("io_error", "read_only")  # problems a fresh connection may get past
STUCK_S = 1.0  # one transaction this long: the database is held (a lock); waits stop there
PATIENCE_S = 0.25  # how long a wait goes on while the writer is failing (a retry may answer)
POLL_S = 0.05  # how often a wait looks at whether the writer is held


class WriterHealth:
    """``commits`` (transactions committed), ``failed_batches``, ``dropped`` (entries and rows
    lost: failed writes, set aside, beyond the queue's bound, after close), ``last_error`` (the
    most recent failure, or None), ``failing`` (whether the most recent write failed),
    ``unwritten`` (entries and rows kept for the next try), ``failing_since`` (wall time),
    ``problem`` (a StoreProblem, or None), ``set_aside`` (rows the database refused, each alone:
    their count, the latest with their errors, and those ``repaired`` with U+FFFD for a lone
    surrogate); the queue with its ``Backlog``."""

    def __init__(self, path: Path, clock: Callable[[], float]) -> None:
        self.path = path
        self.commits = 0
        self.failed_batches = 0
        self.dropped = 0
        self.last_error: str | None = None
        self.failing = False
        self.failing_since: float | None = None
        self.problem: StoreProblem | None = None
        self.unwritten = 0
        self.set_aside = SetAside()
        self._attempt_since: float | None = None  # when the transaction under way began
        self._backlog = Backlog(clock)
        self._queue: queue.SimpleQueue[Item] = queue.SimpleQueue()

    def health(self) -> dict[str, Any]:
        problem = self.problem
        return {"commits": self.commits, "failed_batches": self.failed_batches,
                "dropped": self.dropped, "backlog": self._queue.qsize(),
                "failing": self.failing, "last_error": self.last_error,
                "unwritten": self.unwritten, "failing_since": self.failing_since,
                "problem": None if problem is None else problem.as_api(),
                "set_aside": self.set_aside.count,
                "last_set_aside": self.set_aside.last_reason,
                "repaired": self.set_aside.repaired,
                "queued": self._backlog.queued(),
                "behind_s": round(self.behind_s(), 3)}  # fmt: skip

    def behind_s(self) -> float:
        """How long the oldest queued item has waited for the writer (0.0: it keeps up)."""
        return self._backlog.behind_s()

    async def _settled(self, future: concurrent.futures.Future[Any]) -> bool:
        """Wait for the writer to answer `future`: True once it has (raising its error, if any),
        False (the future left to the writer) as soon as the writer is held. The wait runs on a
        worker thread, not on timers of the loop: a timer left behind by an answer that came
        first would outlive a test's loop (qasync keeps it until it fires)."""
        if not future.done() and not await asyncio.to_thread(self._answered_unless_held, future):
            return False
        future.result()
        return True

    def _answered_unless_held(self, future: concurrent.futures.Future[Any]) -> bool:
        started = time.monotonic()
        while True:
            done, _ = concurrent.futures.wait([future], timeout=POLL_S)
            if done:
                return True
            if self._held(time.monotonic() - started):
                return False

    def _held(self, waited_s: float) -> bool:
        """Whether the writer is held: one transaction under way for STUCK_S (SQLite waiting
        out its busy timeout on another program's lock), or the database failing for a caller
        that has waited PATIENCE_S (a retry that could answer at once has had its chance)."""
        since = self._attempt_since
        if since is not None and time.monotonic() - since >= STUCK_S:
            return True
        return self.failing and waited_s >= PATIENCE_S

    def set_aside_rows(self) -> list[dict[str, Any]]:
        """The latest rows the database refused, oldest first, each with its error."""
        return [refusal.as_api() for refusal in self.set_aside.latest]

    def _apply(self, outcome: Outcome) -> None:
        """Count (and log) what a committed transaction set aside and repaired."""
        self.set_aside.add(outcome)
        if outcome.refused:
            self.dropped += outcome.count
            self.last_error = outcome.refused[-1].error

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

    def _reopen_if_worth_it(self, db: sqlite_utils.Database) -> sqlite_utils.Database:
        """After an I/O or read-only error a fresh connection may work where the old one cannot
        (the disk came back, the file's permissions were fixed)."""
        if not self.failing or self.problem is None or self.problem.kind not in _REOPEN_AFTER:
            return db
        try:
            fresh = open_database(self.path)
        except (StoreError, sqlite3.Error, OSError) as exc:
            log.debug("reopening the session log failed: %s", exc)
            return db
        db.close()
        return fresh
