"""Supervised tasks: every task named and referenced, every failure routed to one error path."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from app.services.errors import LiveDeskError

log = logging.getLogger(__name__)


class TaskRunner:
    """Runs the window's actions on the loop. A user or state error (LiveDeskError) goes to
    `on_user_error` (the message bar); anything else is a bug and goes to sys.excepthook (the
    crash handler)."""

    def __init__(self, on_user_error: Callable[[str], None]) -> None:
        self._on_user_error = on_user_error
        self._tasks: set[asyncio.Task[Any]] = set()

    def run(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_event_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        if isinstance(exc, LiveDeskError):
            log.info("%s: %s", task.get_name(), exc)
            self._on_user_error(str(exc))
            return
        sys.excepthook(type(exc), exc, exc.__traceback__)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
