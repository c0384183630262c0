"""How the console itself is doing: event-loop lag, memory, the log writer's backlog (and the rows
it had to set aside), and how far behind the writer is."""

from __future__ import annotations

import asyncio
import collections
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

SAMPLE_S = 0.05
WINDOW = 1200  # the last minute of samples


class LoopLagMonitor:
    """Sleeps `interval` again and again and records how late it wakes: the time any callback
    on the loop (and so the window) had to wait."""

    name = "loop-lag"

    def __init__(self, interval: float = SAMPLE_S, window: int = WINDOW) -> None:
        self.interval = interval
        self.samples: collections.deque[float] = collections.deque(maxlen=window)
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run(), name="loop-lag")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def reset(self) -> None:
        self.samples.clear()
        self.worst = 0.0

    async def run(self) -> None:
        """Sample until cancelled."""
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.interval)
            late = max(0.0, time.perf_counter() - before - self.interval)
            self.samples.append(late)
            self.worst = max(self.worst, late)

    def percentile(self, p: float) -> float:
        if not self.samples:
            return 0.0
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def rss_mib() -> float:
    """Resident memory now (Linux), else the peak."""
    try:
        with open(f"/proc/{os.getpid()}/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


class Health:
    """`writer`: the log writer's health (its counters, what it set aside, how far behind it
    is); `behind`: how long the writer's oldest unwritten item has waited, asked on every
    /ingest message, so it must be cheap."""

    def __init__(
        self,
        lag: LoopLagMonitor,
        writer: Callable[[], dict[str, Any]],
        behind: Callable[[], float] | None = None,
    ) -> None:
        self.lag, self._writer, self._behind = lag, writer, behind

    def writer_behind_s(self) -> float:
        return self._behind() if self._behind is not None else 0.0

    def report(self) -> dict[str, Any]:
        return {
            "loop_lag_ms": {
                "p50": round(self.lag.percentile(50) * 1000, 2),
                "p99": round(self.lag.percentile(99) * 1000, 2),
                "max": round(self.lag.worst * 1000, 2),
                "samples": len(self.lag.samples),
            },
            "memory_mib": round(rss_mib(), 1),
            "writer": self._writer(),
        }
