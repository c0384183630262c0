"""What every chat source shares (app/adapters/chat/base.py): the backoff of its run loop against
a server that accepts and then closes, and the /ingest rules each delivered item must pass."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import pytest

from app.adapters.chat.base import ChatSource, SourceDropped, SourceStatus
from app.domain.audience import MAX_NAME, MAX_PLATFORM, MAX_TEXT, IncomingComment, Kind
from app.services.supervisor import Backoff
from tests.support.waiting import eventually


class Flapping(ChatSource):
    """Connects, says so, and loses the connection after ``up_s``, again and again."""

    platform = "test"

    def __init__(self, statuses: list[SourceStatus], up_s: float) -> None:
        super().__init__("flap", lambda batch: None, statuses.append,
                         backoff=Backoff(first=0.01, ceiling=0.08))  # fmt: skip
        self.up_s = up_s

    async def _session(self) -> None:
        self._connected("up")
        await asyncio.sleep(self.up_s)
        raise SourceDropped("the server closed the connection")


async def _delays(source: Flapping, statuses: list[SourceStatus], count: int) -> list[float]:
    task = asyncio.create_task(source.run())
    try:
        await eventually(lambda: sum(s.state == "disconnected" for s in statuses) >= count,
                         f"{count} drops")  # fmt: skip
    finally:
        source.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 5)
    return [s.extra["retry_in_s"] for s in statuses if s.state == "disconnected"][:count]


async def test_a_server_that_joins_then_closes_is_retried_ever_more_slowly() -> None:
    statuses: list[SourceStatus] = []
    source = Flapping(statuses, up_s=0.0)
    # the connection came up each time, but never lasted: the backoff keeps growing
    assert await _delays(source, statuses, 6) == [0.01, 0.02, 0.04, 0.08, 0.08, 0.08]
    assert source.reconnects >= 5


async def test_a_connection_that_lasted_resets_the_backoff() -> None:
    statuses: list[SourceStatus] = []
    source = Flapping(statuses, up_s=0.06)
    source.stable_after_s = 0.05  # each connection lasts longer than that: a good one
    assert await _delays(source, statuses, 4) == [0.01, 0.01, 0.01, 0.01]


class Quiet(ChatSource):
    async def _session(self) -> None:  # pragma: no cover - never run
        raise NotImplementedError


def test_delivered_items_follow_the_ingest_size_rules() -> None:
    delivered: list[IncomingComment] = []
    source = Quiet("test", delivered.extend)
    good = IncomingComment("bilibili", "观众", "你好")
    source._deliver([
        IncomingComment("bilibili", "a", "x" * 50_000),
        IncomingComment("bilibili", "b" * 5_000, "hi"),
        IncomingComment("p" * (MAX_PLATFORM + 1), "c", "hi"),
        IncomingComment("twitch", "d", "y" * 10_000),
        IncomingComment("bilibili", "e", "", kind=Kind.COMMENT),
        IncomingComment("bilibili", "f", "", kind=Kind.GIFT, count=10**7),
        good,
        IncomingComment("bilibili", "g" * MAX_NAME, "z" * MAX_TEXT),  # at the limits: kept
    ])  # fmt: skip
    assert delivered[0] is good
    assert [(c.user, len(c.text)) for c in delivered] == [("观众", 2), ("g" * MAX_NAME, MAX_TEXT)]
    assert (source.received, source.rejected) == (2, 6)
    source._deliver([IncomingComment("twitch", "h", "x" * (MAX_TEXT + 1))])
    assert (source.received, source.rejected) == (2, 7)  # nothing left: the sink is not called
    assert len(delivered) == 2


def test_an_unreadable_message_is_logged_once_by_size_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    source = Quiet("test", lambda batch: None)
    with caplog.at_level(logging.DEBUG, logger="app.adapters.chat.base"):
        for _ in range(3):
            source._fault("message", RecursionError("maximum recursion depth exceeded"), 200_019)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "RecursionError, 200019 bytes" in warnings[0].getMessage()
    assert source.rejected == 3
