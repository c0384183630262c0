"""The one way the tests wait for something that happens on its own time: poll a condition until it
holds, and fail naming what never happened. Never a bare sleep as synchronisation."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def eventually(
    check: Callable[[], object], what: str = "the condition", timeout: float = 10.0,
    interval: float = 0.01,
) -> None:  # fmt: skip
    """Return as soon as `check()` is true; AssertionError naming `what` after `timeout` s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout:g} s")
        await asyncio.sleep(interval)
