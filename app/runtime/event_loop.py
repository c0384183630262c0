"""The console's asyncio loop: qasync's, with asyncio's own ready queue for `call_soon`.

qasync runs every `call_soon` through a Qt timer of its own: started, fired as a timer event
into Python, killed. Every step of a coroutine, every finished future and every socket that
became readable is one `call_soon`, so each request to the local API or to OBS pays that a
few times over, and a flood of comments pays it for every frame (it was the biggest single
cost of the loop besides the comments themselves). Here `call_soon` appends to a queue that
one zero-interval QTimer drains, in order, each time Qt has handled its pending events (as
asyncio's own loop drains its ready queue between polls). Callbacks queued while draining run
on the next round, so a window repaint or a socket always gets its turn. The same idea as
qasync's open pull request 123 (“ensure execution order of callbacks … such as call_soon”).

Delayed callbacks (`call_later` with a delay, `call_at`) keep qasync's per-callback timers.
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
from collections.abc import Callable
from typing import Any

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


class ConsoleEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        # its own name: asyncio's BaseEventLoop keeps a `_ready` of its own (unused under Qt)
        self._queued: collections.deque[asyncio.Handle] = collections.deque()
        self._draining = False
        self._drain = QTimer()
        self._drain.setInterval(0)
        self._drain.timeout.connect(self._run_ready)

    def call_soon(
        self,
        callback: Callable[..., Any],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        """Queue `callback(*args)` to run after the callbacks already queued."""
        self._check_closed()
        if asyncio.iscoroutinefunction(callback):
            raise TypeError("coroutines cannot be used with call_soon")
        handle = asyncio.Handle(callback, args, self, context=context)
        self._queued.append(handle)
        if not self._draining:
            self._draining = True
            self._drain.start()
        return handle

    def call_later(
        self,
        delay: float,
        callback: Callable[..., Any],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        if delay <= 0:  # asyncio.sleep(0) and friends: no timer needed
            return self.call_soon(callback, *args, context=context)
        return super().call_later(delay, callback, *args, context=context)  # type: ignore[no-any-return]

    def _run_ready(self) -> None:
        """Run the callbacks queued before this round; stop the timer when none are left."""
        queued = self._queued
        for _ in range(len(queued)):
            handle = queued.popleft()
            if not handle._cancelled:
                handle._run()
        if not queued:
            self._draining = False
            self._drain.stop()

    def close(self) -> None:
        super().close()
        self._drain.stop()
        self._queued.clear()
