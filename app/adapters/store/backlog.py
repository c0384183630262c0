"""How far behind the log writer is: what its queue holds and how long the oldest of it has waited.

Producers (the event loop) count what they queue, the writer thread counts what it has taken
from the queue. The wait of the oldest item not yet taken is read from stamps taken when items are
queued: one stamp per ``STAMP_S`` at most, so a flood costs a few hundred stamps a second, not one
per row. What the writer could only keep in memory for its next try (the database cannot be
written) still waits: it counts as queued, and its wait, from the oldest stamp of the batch it
came from, goes on growing until it is written; meanwhile the queue says it is at least
``AT_LEAST_S`` behind, so that whoever asks clients to wait while the writer is more than a
second behind (/ingest) asks them at once, and until it is written: what /ingest accepts it must
be able to keep.

The queue, what is kept included, has a hard bound, ``MAX_QUEUED`` rows, far above a second of the
heaviest ingest, beyond which entries and rows are refused (the caller counts them dropped) so
that memory cannot grow without limit. Past ``NEAR_FULL`` of it the queue also says it is at
least ``AT_LEAST_S`` behind, however young its oldest item: whoever stops taking rows a second
behind stops before the bound has to drop any.
"""

from __future__ import annotations

import collections
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

MAX_QUEUED = 200_000  # rows and entries waiting for the writer (80,000/s is the heaviest ingest)
STAMP_S = 0.01  # items queued within this long share one stamp (the oldest one's time)
NEAR_FULL = 0.75  # the share of the bound past which the queue says it is AT_LEAST_S behind
AT_LEAST_S = 2.0  # how far behind the queue says it is, at least, near its bound or while kept


class Backlog:
    def __init__(
        self, clock: Callable[[], float] = time.monotonic, limit: int = MAX_QUEUED
    ) -> None:
        self.clock, self.limit = clock, limit
        self._lock = threading.Lock()
        self._put = 0  # units queued since the start
        self._done = 0  # units the writer has taken from the queue
        self._kept = 0  # of those, units it keeps for its next try (the database failing)
        self._kept_since: float | None = None  # the oldest stamp of what it keeps
        self._stamps: collections.deque[list[Any]] = collections.deque()  # [units put by, when]

    def put(self, into: queue.SimpleQueue[Any], item: object, units: int, *, bounded: bool) -> bool:
        """Queue `item` (worth `units` rows); False, and not queued, when `bounded` and the queue
        would hold more than the limit."""
        with self._lock:
            if bounded and self._put - self._done + self._kept + units > self.limit:
                return False
            now = self.clock()
            self._put += units
            last = self._stamps[-1] if self._stamps else None
            if last is not None and now - last[1] < STAMP_S:
                last[0] = self._put
            else:
                self._stamps.append([self._put, now])
            into.put(item)
        return True

    def done(self, units: int, kept: int = 0) -> None:
        """The writer has taken the next `units` queued (in queue order) and now keeps `kept`
        units of everything it took (0: all of it written, set aside or dropped)."""
        with self._lock:
            if kept and self._kept_since is None:  # what it keeps is no older than this
                self._kept_since = self._stamps[0][1] if self._stamps else self.clock()
            elif not kept:
                self._kept_since = None
            self._kept = kept
            self._done += units
            while self._stamps and self._stamps[0][0] <= self._done:
                self._stamps.popleft()

    def queued(self) -> int:
        """Units waiting: in the queue, and kept by the writer for its next try."""
        return self._put - self._done + self._kept

    def behind_s(self) -> float:
        """How long the oldest item not yet written has waited (at least AT_LEAST_S while the
        writer keeps what it could not write, or past NEAR_FULL of the bound); 0.0 when there is
        none."""
        with self._lock:
            oldest = self._kept_since  # what the writer keeps is older than what is queued
            if oldest is None and self._stamps:
                oldest = self._stamps[0][1]
            if oldest is None:
                return 0.0
            waited = max(0.0, self.clock() - oldest)
            if self._kept or self._put - self._done + self._kept > self.limit * NEAR_FULL:
                return max(waited, AT_LEAST_S)
            return waited
