"""One supervisor for the console's long-lived services, and the routes of every other failure.

Every service has the same shape (`Service`): a `name` and an `async run()` that runs until it is
cancelled. The supervisor starts them in the order they were added and keeps them running: an
unexpected exception is logged, published on the bus as `ServiceFailed` (the window shows it in
its message bar) and the service started again after a back-off (0.5 s doubling to 30 s, back to
0.5 s once it had run a minute). A `run()` that returns has finished (a chat the platform ended):
it is not started again.

`stop()` stops them in the reverse order: each is first asked to stop (`ask_stop`), then
cancelled, and waited for up to its timeout; one that still runs is left behind with a log line,
and the next is stopped. `finish` (the final save of the show's state) runs once its service has
stopped.

`route_loop_errors` and `route_thread_errors` send an exception nobody caught on the event loop
or on another thread to the crash path, the hook ``sys.excepthook`` holds (the crash dialog).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

from app.services.events import Event, ServiceFailed
from app.services.supervisor import Backoff

log = logging.getLogger(__name__)

FIRST_DELAY_S = 0.5
MAX_DELAY_S = 30.0
HEALTHY_AFTER_S = 60.0  # a service that ran this long starts again from the first delay
STOP_TIMEOUT_S = 2.0

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class Service(Protocol):
    """A long-lived service: `run()` does its work until it is cancelled."""

    @property
    def name(self) -> str: ...

    async def run(self) -> None: ...


@dataclass
class _Entry:
    service: Service
    name: str
    stop_timeout: float
    ask_stop: Callable[[], object] | None
    finish: Callable[[], object] | None
    task: asyncio.Task[None] | None = None
    running: bool = False
    failures: int = 0


def describe(exc: BaseException) -> str:
    """One line for the user: the exception's type and message (a group: its first member)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Supervisor:
    def __init__(
        self,
        publish: Callable[[Event], None],
        *,
        first_delay: float = FIRST_DELAY_S,
        max_delay: float = MAX_DELAY_S,
        healthy_after_s: float = HEALTHY_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._publish = publish
        self._first, self._max, self._healthy = first_delay, max_delay, healthy_after_s
        self._clock = clock
        self._entries: list[_Entry] = []

    def add(
        self,
        service: Service,
        *,
        name: str | None = None,
        stop_timeout: float = STOP_TIMEOUT_S,
        ask_stop: Callable[[], object] | None = None,
        finish: Callable[[], object] | None = None,
    ) -> None:
        """Supervise `service` (started by `start()`, in the order added)."""
        entry = _Entry(service, name or service.name, stop_timeout, ask_stop, finish)
        self._entries.append(entry)

    @property
    def names(self) -> list[str]:
        return [entry.name for entry in self._entries]

    def running(self, name: str) -> bool:
        """Whether the service's `run()` is under way (not waiting to be started again)."""
        return any(entry.running for entry in self._entries if entry.name == name)

    def failures(self, name: str) -> int:
        return sum(entry.failures for entry in self._entries if entry.name == name)

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        for entry in self._entries:
            if entry.task is None:
                entry.task = loop.create_task(self._keep(entry), name=f"service-{entry.name}")
                entry.task.add_done_callback(_crash_if_failed)

    async def _keep(self, entry: _Entry) -> None:
        backoff = Backoff(first=self._first, ceiling=self._max)
        while True:
            started = self._clock()
            entry.running = True
            try:
                await entry.service.run()
            except Exception as exc:
                entry.running = False
                entry.failures += 1
                if self._clock() - started >= self._healthy:
                    backoff.reset()
                delay = backoff.next_delay()
                log.error("the service %s failed; it restarts in %.1f s", entry.name, delay,
                          exc_info=exc)  # fmt: skip
                self._tell(entry.name, describe(exc), delay)
                await asyncio.sleep(delay)
                continue
            finally:
                entry.running = False
            log.info("the service %s has finished", entry.name)
            return

    def _tell(self, name: str, error: str, delay: float) -> None:
        event = ServiceFailed(service=name, error=error, restart_in_s=round(delay, 3))
        try:
            self._publish(event)
        except Exception:  # telling must not stop the restart
            log.exception("could not publish %s", event)

    async def stop(self) -> None:
        """Stop every service, the last added first; never raises."""
        for entry in reversed(self._entries):
            await self._stop_one(entry)

    async def _stop_one(self, entry: _Entry) -> None:
        task, timeout = entry.task, entry.stop_timeout
        if task is not None and not task.done() and entry.ask_stop is not None:
            _call(entry.ask_stop, f"asking {entry.name} to stop")
            await asyncio.wait({task}, timeout=timeout)
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=timeout)
            if not task.done():
                log.warning("the service %s did not stop within %.1f s; left behind",
                            entry.name, timeout)  # fmt: skip
        if entry.finish is not None:
            result = _call(entry.finish, f"finishing {entry.name}")
            if inspect.isawaitable(result):
                try:
                    async with asyncio.timeout(timeout):
                        await result
                except TimeoutError:
                    log.warning("finishing %s took over %.1f s; left", entry.name, timeout)
                except Exception:
                    log.exception("finishing %s failed", entry.name)


def _call(function: Callable[[], object], what: str) -> object:
    try:
        return function()
    except Exception:
        log.exception("%s failed", what)
        return None


def _crash_if_failed(task: asyncio.Task[None]) -> None:
    """A supervising task itself ended by an exception (not a service's): that is a bug."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        sys.excepthook(type(exc), exc, exc.__traceback__)


def _crash(hook: ExceptHook | None) -> ExceptHook:
    return hook or (lambda kind, exc, tb: sys.excepthook(kind, exc, tb))


def route_loop_errors(loop: asyncio.AbstractEventLoop, crash: ExceptHook | None = None) -> None:
    """An exception the loop catches with nobody to give it to (a callback's, a forgotten task's)
    goes to the crash path; a network fault (OSError: a peer gone) or a report without an
    exception is logged as asyncio does."""
    to_crash = _crash(crash)

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, Exception) and not isinstance(exc, OSError):
            log.error("the event loop caught: %s", context.get("message", "an exception"))
            to_crash(type(exc), exc, exc.__traceback__)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handle)


def route_thread_errors(crash: ExceptHook | None = None) -> Callable[[], None]:
    """An exception that ends another thread goes to the crash path; returns the undo."""
    previous, to_crash = threading.excepthook, _crash(crash)

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        exc = args.exc_value if args.exc_value is not None else args.exc_type()
        to_crash(args.exc_type, exc, args.exc_traceback)

    threading.excepthook = hook

    def undo() -> None:
        if threading.excepthook is hook:
            threading.excepthook = previous

    return undo
