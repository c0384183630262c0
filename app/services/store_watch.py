"""Tells the window and /ws/events when the show log stops (and starts again) being written.

The log writer reports its health (``SqliteSessionLog.health()``); this polls it once a second and
publishes `StoreProblem` while writing fails (again whenever the count of kept entries or the
problem changes) and `StoreRecovered` once everything kept is written (`lost`: entries dropped
meanwhile, beyond what the writer keeps in memory).

A row the database refuses alone (the writer sets it aside and writes everything else) is not a
failing log: it publishes `StoreSetAside` (`count`: all set aside since the start, `new`: since
the last look), at most once a look.

While the writer is more than a second behind (a flood on a slow disk: /ingest then asks senders
to wait) it publishes `StoreBehind` once, and `StoreCaughtUp` when it is within the second again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from app.services.event_bus import EventBus
from app.services.events import (
    StoreBehind,
    StoreCaughtUp,
    StoreProblem,
    StoreRecovered,
    StoreSetAside,
)

POLL_S = 1.0
BEHIND_S = 1.0  # the writer's oldest queued item waited this long: ingest is told to wait

StoreEvent = StoreProblem | StoreRecovered | StoreSetAside | StoreBehind | StoreCaughtUp


class StoreWatch:
    name = "store-watch"

    def __init__(
        self, health: Callable[[], dict[str, Any]], bus: EventBus, *, interval: float = POLL_S
    ) -> None:
        self._health, self._bus, self.interval = health, bus, interval
        self._last: StoreProblem | None = None  # the last problem published
        self._dropped_before = 0  # the writer's dropped count when the problem began
        self._set_aside = 0  # the writer's set-aside count at the last look
        self.behind = False  # StoreBehind published, StoreCaughtUp not yet
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run(), name="store-watch")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run(self) -> None:
        """Look once a second, until cancelled."""
        while True:
            self.check()
            await asyncio.sleep(self.interval)

    def check(self) -> StoreEvent | None:
        """One look at the writer; returns the event published (the failing log's first), if
        any."""
        health = self._health()
        set_aside = self._check_set_aside(health) or self._check_behind(health)
        problem = health.get("problem")
        event: StoreProblem | StoreRecovered | None = None
        if health.get("failing") and problem:
            # the words as the writer gives them (a Message keeps its code for the window)
            event = StoreProblem(
                kind=problem.get("kind", ""), message=problem.get("message", ""),
                hint=problem.get("hint", ""), path=problem.get("path", ""),
                unwritten=int(health.get("unwritten", 0)), since=health.get("failing_since"),
            )  # fmt: skip
            if event == self._last:
                return None
            if self._last is None:
                self._dropped_before = int(health.get("dropped", 0))
            self._last = event
        elif self._last is not None:
            since = self._last.since
            failed_for = None if since is None else round(time.time() - float(since), 1)
            lost = int(health.get("dropped", 0)) - self._dropped_before
            event = StoreRecovered(failed_for_s=failed_for, lost=lost)
            self._last = None
        if event is not None:
            self._bus.publish(event)
        return event or set_aside

    def _check_set_aside(self, health: dict[str, Any]) -> StoreSetAside | None:
        count = int(health.get("set_aside") or 0)
        if count <= self._set_aside:
            self._set_aside = count
            return None
        event = StoreSetAside(count=count, new=count - self._set_aside,
                              reason=health.get("last_set_aside"))  # fmt: skip
        self._set_aside = count
        self._bus.publish(event)
        return event

    def _check_behind(self, health: dict[str, Any]) -> StoreBehind | StoreCaughtUp | None:
        behind_s = float(health.get("behind_s") or 0.0)
        event: StoreBehind | StoreCaughtUp | None = None
        if behind_s > BEHIND_S and not self.behind:
            event = StoreBehind(behind_s=round(behind_s, 1))
        elif behind_s <= BEHIND_S and self.behind:
            event = StoreCaughtUp()
        if event is not None:
            self.behind = isinstance(event, StoreBehind)
            self._bus.publish(event)
        return event
