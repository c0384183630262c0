"""Back-pressure from the log writer: when it is more than a second behind, /ingest asks every
client to wait (429 with Retry-After, or a frame's "retry_after_s") and takes comments again once
it has caught up; its queue has a hard bound beyond which appends are dropped and counted."""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.store.backlog import Backlog
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.limits import IngestLimits
from app.adapters.web.server import create_app
from app.domain.log_events import LogEntry
from app.services.health import Health, LoopLagMonitor
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show

TOKEN = "pressure-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COMMENT = {"platform": "douyin", "user": "小明", "text": "还有货吗"}


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


class Held:
    """A command that holds the writer thread until released: the writer falls behind."""

    def __init__(self, store: SqliteSessionLog) -> None:
        self.release, self.entered = threading.Event(), threading.Event()

        def hold(_db: sqlite_utils.Database) -> None:
            self.entered.set()
            self.release.wait(10)

        self.done = asyncio.ensure_future(store.run(hold))

    async def __aenter__(self) -> Held:
        await asyncio.to_thread(self.entered.wait, 5)
        assert self.entered.is_set()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self.release.set()
        await self.done


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def store(tmp_path: Path, clock: Clock) -> AsyncIterator[SqliteSessionLog]:
    writer = SqliteSessionLog(tmp_path / "livedesk.db", clock=clock)
    try:
        yield writer
    finally:
        writer.close()


async def test_ingest_waits_while_the_log_is_behind_and_takes_again_once_caught_up(
    store: SqliteSessionLog, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    show = build_show(FakeObs(), MemoryLog())
    show.health = Health(LoopLagMonitor(), store.health, store.behind_s)
    assert show.audience is not None
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        assert (await client.post("/ingest", json=COMMENT, headers=AUTH)).status == 200
        async with Held(store):
            store.append(LogEntry(t=1.0, kind="waiting"))
            clock.now += 0.5
            assert store.behind_s() == pytest.approx(0.5)
            ok = await client.post("/ingest", json=[COMMENT] * 3, headers=AUTH)
            assert ok.status == 200  # half a second behind is fine
            clock.now += 1.0
            assert store.health()["behind_s"] == pytest.approx(1.5)
            for _ in range(3):
                refused = await client.post("/ingest", json=[COMMENT] * 2, headers=AUTH)
                assert refused.status == 429
                assert refused.headers["Retry-After"] == "2"
                assert "behind" in (await refused.json())["error"]
            async with client.ws_connect("/ingest", headers=AUTH) as ws:
                await ws.send_json(COMMENT)
                reply = await ws.receive_json()
                assert reply["accepted"] == 0
                assert "behind" in reply["error"]
                assert reply["retry_after_s"] == pytest.approx(1.5)
            assert show.audience.total == 4  # nothing refused went in
        await store.flush()  # the writer catches up
        assert store.behind_s() == 0.0
        again = await client.post("/ingest", json=[COMMENT] * 2, headers=AUTH)
        assert again.status == 200
        assert (await again.json())["accepted"] == 2
        async with client.ws_connect("/ingest", headers=AUTH) as ws:
            await ws.send_json(COMMENT)
            assert (await ws.receive_json())["accepted"] == 1
    assert show.audience.total == 7
    behind = [r for r in caplog.records if "behind" in r.message and r.levelno == logging.WARNING]
    assert len(behind) == 1  # once for the episode, not once a request
    assert any("caught up" in r.message for r in caplog.records)


async def test_the_queue_has_a_hard_bound(
    store: SqliteSessionLog, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store._backlog.limit = 10
    async with Held(store):
        for i in range(8):
            store.append(LogEntry(t=float(i), kind="kept"))
        store.append_rows("INSERT INTO events (t, kind) VALUES (?, ?)", [(9.0, "row")] * 5)
        store.append(LogEntry(t=10.0, kind="fits"))
        store.append(LogEntry(t=11.0, kind="over"))
        assert store.health()["queued"] == 10  # the held command and 9 entries
        assert store.dropped == 6
    await store.flush()
    with sqlite3.connect(tmp_path / "livedesk.db") as conn:
        kinds = [row[0] for row in conn.execute("SELECT kind FROM events ORDER BY id")]
    assert kinds == ["kept"] * 8 + ["fits"]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and "queue" in r.message]
    assert len(errors) == 1
    store.append(LogEntry(t=12.0, kind="room again"))  # commands and flushes always go in
    await store.flush()
    assert store.health()["queued"] == 0
    assert store.dropped == 6


def test_the_backlog_knows_the_wait_of_its_oldest_item() -> None:
    clock = Clock()
    backlog = Backlog(clock, limit=100)
    into: queue.SimpleQueue[Any] = queue.SimpleQueue()
    assert backlog.behind_s() == 0.0
    assert backlog.put(into, "a", 10, bounded=True)
    clock.now += 0.001
    assert backlog.put(into, "b", 10, bounded=True)  # shares the first one's stamp
    clock.now += 1.0
    assert backlog.put(into, "c", 10, bounded=True)
    clock.now += 1.0
    assert backlog.behind_s() == pytest.approx(2.001)
    assert backlog.queued() == 30
    backlog.done(10)
    assert backlog.behind_s() == pytest.approx(2.001)  # b is as old as a
    backlog.done(10)
    assert backlog.behind_s() == pytest.approx(1.0)
    assert not backlog.put(into, "too much", 91, bounded=True)
    assert backlog.put(into, "a command", 91, bounded=False)
    backlog.done(101)
    assert backlog.behind_s() == 0.0
    assert backlog.queued() == 0
    assert into.qsize() == 4


def test_a_long_stall_asks_for_a_short_wait() -> None:
    """A disk full for a minute: the writer is a minute behind, but space freed is caught up at
    once, so clients are asked to come back within seconds, not a minute later."""
    limits = IngestLimits(None)
    assert limits.store_wait_s(0.5) is None
    assert limits.store_wait_s(1.5) == pytest.approx(1.5)
    wait = limits.store_wait_s(60.0)
    assert wait is not None
    assert wait <= 5.0
    assert limits.retry_after(wait) == "5"
    assert "send it again in 5.0 s" in limits.store_message(wait)
