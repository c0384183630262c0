"""What a chat source under test delivers and reports, and the source running as a task."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

from app.adapters.chat.base import ChatSource, SourceStatus
from app.domain.audience import IncomingComment


class Recorder:
    """A source's on_comments and on_status: every item (with when it came) and every status."""

    def __init__(self) -> None:
        self.comments: list[IncomingComment] = []
        self.arrivals: list[float] = []
        self.statuses: list[SourceStatus] = []

    def on_comments(self, batch: list[IncomingComment]) -> None:
        now = time.monotonic()
        self.comments.extend(batch)
        self.arrivals.extend(now for _ in batch)

    def on_status(self, status: SourceStatus) -> None:
        self.statuses.append(status)

    def states(self) -> list[str]:
        return [s.state for s in self.statuses]

    def count(self, state: str) -> int:
        return self.states().count(state)

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.comments]


@contextlib.asynccontextmanager
async def running(source: ChatSource) -> AsyncIterator[asyncio.Task[None]]:
    """The source's run() as a task, stopped (and awaited) on the way out, where it must say it
    stopped (or failed for good)."""
    task = asyncio.create_task(source.run(), name=f"test-{source.name}")
    try:
        yield task
    finally:
        source.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        assert source.state in ("stopped", "error")
