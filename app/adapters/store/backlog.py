"""How far behind the log writer is: what its queue holds and how long the oldest of it has waited.

Producers (the event loop) count what they queue, the writer thread counts what it has done with
(written, kept for the next try or set aside). The wait of the oldest item not yet done with is
read from stamps taken when items are queued: one stamp per ``STAMP_S`` at most, so a flood costs
a few hundred stamps a second, not one per row. The queue has a hard bound, ``MAX_QUEUED`` rows,
far above a second of the heaviest ingest, beyond which entries and rows are refused (the caller
counts them dropped) so that memory cannot grow without limit.
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


class Backlog:
    def __init__(
        self, clock: Callable[[], float] = time.monotonic, limit: int = MAX_QUEUED
    ) -> None:
        self.clock, self.limit = clock, limit
        self._lock = threading.Lock()
        self._put = 0  # units queued since the start
        self._done = 0  # units the writer has done with
        self._stamps: collections.deque[list[Any]] = collections.deque()  # [units put by, when]

    def put(self, into: queue.SimpleQueue[Any], item: object, units: int, *, bounded: bool) -> bool:
        """Queue `item` (worth `units` rows); False, and not queued, when `bounded` and the queue
        would hold more than the limit."""
        with self._lock:
            if bounded and self._put - self._done + units > self.limit:
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

    def done(self, units: int) -> None:
        """The writer has done with the next `units` queued (in queue order)."""
        with self._lock:
            self._done += units
            while self._stamps and self._stamps[0][0] <= self._done:
                self._stamps.popleft()

    def queued(self) -> int:
        return self._put - self._done

    def behind_s(self) -> float:
        """How long the oldest item not yet done with has waited; 0.0 when there is none."""
        with self._lock:
            if not self._stamps:
                return 0.0
            return max(0.0, self.clock() - self._stamps[0][1])
