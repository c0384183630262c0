"""The one way the tests wait for something that happens on its own time: poll a condition until it
holds, and fail naming what never happened. Never a bare sleep as synchronisation.

`eventually` awaits (for tests on an asyncio loop); `wait_until` and `wait_for_value` block (for
tests that drive a separate process or thread). All return as soon as the check holds; the first
two return the seconds it took (some tests report or bound it), `wait_for_value` the value.
`ignoring` names exceptions that mean "not yet" (e.g. a server still starting)."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

__all__ = ["eventually", "wait_for_value", "wait_until"]

T = TypeVar("T")


def _timed_out(what: str, timeout: float, error: BaseException | None) -> AssertionError:
    why = f" (last error: {type(error).__name__}: {error})" if error is not None else ""
    return AssertionError(f"{what} did not happen within {timeout:g} s{why}")


def _poll(
    check: Callable[[], object], ignoring: tuple[type[BaseException], ...]
) -> tuple[object, BaseException | None]:
    try:
        return check(), None
    except ignoring as exc:
        return None, exc


async def eventually(
    check: Callable[[], object] | Callable[[], Awaitable[object]],
    what: str = "the condition", timeout: float = 10.0, interval: float = 0.01,
    *, ignoring: tuple[type[BaseException], ...] = (),
) -> float:  # fmt: skip
    """Return (the seconds waited) as soon as `check()` (or what it returns, awaited) is true;
    AssertionError naming `what` after `timeout` s."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    while True:
        value, error = _poll(check, ignoring)
        if inspect.isawaitable(value):
            try:
                value = await value
            except ignoring as exc:
                value, error = None, exc
        if value:
            return loop.time() - started
        if loop.time() - started > timeout:
            raise _timed_out(what, timeout, error)
        await asyncio.sleep(interval)


def wait_for_value(
    get: Callable[[], T | None], what: str = "the condition", timeout: float = 10.0,
    interval: float = 0.05, *, ignoring: tuple[type[BaseException], ...] = (),
) -> T:  # fmt: skip
    """Block until `get()` returns something truthy and return it; AssertionError naming `what`
    after `timeout` s."""
    started = time.monotonic()
    while True:
        value, error = _poll(get, ignoring)
        if value:
            return value  # type: ignore[return-value]
        if time.monotonic() - started > timeout:
            raise _timed_out(what, timeout, error)
        time.sleep(interval)


def wait_until(
    check: Callable[[], object], what: str = "the condition", timeout: float = 10.0,
    interval: float = 0.05, *, ignoring: tuple[type[BaseException], ...] = (),
) -> float:  # fmt: skip
    """Block until `check()` is true; the seconds it took. AssertionError naming `what` after
    `timeout` s."""
    started = time.monotonic()
    wait_for_value(check, what, timeout, interval, ignoring=ignoring)
    return time.monotonic() - started
