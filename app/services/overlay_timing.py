"""Timers for the overlays: a callback later on the running loop, and the throttle that keeps a
flood of changes (gifts, entries, votes) down to a few renderer updates a second."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable


def later(delay: float, callback: Callable[[], None]) -> asyncio.TimerHandle | None:
    """`callback` after `delay` seconds on the running loop; None when no loop runs."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_later(delay, callback)


class Throttle:
    """Tells the renderers (`tell`, given the clock's time) now, or once `every_s` has passed
    since the last time: a flood of changes costs them a few updates a second, not one each."""

    def __init__(
        self, every_s: float, clock: Callable[[], float], tell: Callable[[float], None]
    ) -> None:
        self._every_s, self._clock, self._tell = every_s, clock, tell
        self._flush: asyncio.TimerHandle | None = None
        self._told = -math.inf  # when the renderers were last told

    def changed(self, urgent: Callable[[], bool] | None = None) -> None:
        """Something changed: tell now if the time has come or `urgent()` says so (asked only
        while the time has not come), else once it has."""
        wait = self._told + self._every_s - self._clock()
        if wait <= 0 or (urgent is not None and urgent()):
            self.now()
        elif self._flush is None:
            self._flush = later(wait, self._flushed)
            if self._flush is None:  # no loop running (a script): now
                self.now()

    def now(self) -> None:
        """Tell at once; a pending later telling is dropped (this one says it all)."""
        if self._flush is not None:
            self._flush.cancel()
            self._flush = None
        now = self._clock()
        self._told = now
        self._tell(now)

    def _flushed(self) -> None:
        self._flush = None
        self.now()
