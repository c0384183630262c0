"""Supervised tasks: every task named and referenced, every failure routed to one error path."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from app.services.errors import LiveDeskError

log = logging.getLogger(__name__)

QUIT_GRACE_S = 5.0  # how long an action in flight at quit may take to finish


class TaskRunner:
    """Runs the window's actions on the loop. A user or state error (LiveDeskError) goes to
    `on_user_error` (the message bar); anything else is a bug and goes to sys.excepthook (the
    crash handler). An action that finishes without an error is told to `on_success` by its
    number (`started` counts the actions: the first is 1), so the window can tell a message
    shown before the action from one it brought."""

    def __init__(
        self,
        on_user_error: Callable[[str], None],
        on_success: Callable[[int], None] | None = None,
    ) -> None:
        self._on_user_error = on_user_error
        self._on_success = on_success
        self.started = 0  # actions started so far
        self._tasks: set[asyncio.Task[Any]] = set()
        self._waiting: set[asyncio.Task[Any]] = set()  # waits for the user: cancelled at quit

    def run(
        self, coro: Coroutine[Any, Any, Any], name: str, *, finish_at_quit: bool = True
    ) -> asyncio.Task[Any]:
        """`finish_at_quit=False`: the task only waits (for the user, say) and is cancelled at
        quit without delay; the others get the grace period to finish."""
        task = asyncio.get_event_loop().create_task(coro, name=name)
        self.started += 1
        number = self.started
        self._tasks.add(task)
        if not finish_at_quit:
            self._waiting.add(task)
        task.add_done_callback(lambda done: self._done(done, number))
        return task

    def _done(self, task: asyncio.Task[Any], number: int) -> None:
        self._tasks.discard(task)
        self._waiting.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            if self._on_success is not None:
                self._on_success(number)
            return
        if isinstance(exc, LiveDeskError):
            log.info("%s: %s", task.get_name(), exc)
            self._on_user_error(exc.message)  # a Message: the bar translates it
            return
        sys.excepthook(type(exc), exc, exc.__traceback__)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    async def finish(self, grace: float = QUIT_GRACE_S, settle: float = 1.0) -> None:
        """At quit: let the actions in flight (an end of show) finish for up to `grace` seconds,
        then cancel what is left and give it `settle` seconds to go."""
        for task in list(self._waiting):
            task.cancel()
        if self._tasks:
            log.info("waiting for %d action(s) in flight", len(self._tasks))
            await asyncio.wait(set(self._tasks), timeout=grace)
        if self._tasks:
            names = sorted(task.get_name() for task in self._tasks)
            log.warning("cancelling the actions still running after %.1f s: %s", grace, names)
            self.cancel_all()
            await asyncio.wait(set(self._tasks), timeout=settle)
