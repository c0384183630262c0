"""While the show log cannot be written (a full disk), /ingest stops acknowledging what the console
cannot keep: the rows the writer only holds in memory for its next try count as waiting, so the
writer is behind from its first failed write until they are written, and every client is asked to
wait (429 + Retry-After, a frame's "retry_after_s") meanwhile; and near the queue's hard bound
nothing is acknowledged that would then be dropped. Every comment acknowledged is in the database
once space returns.

The disk is a real SQLite file held full by ``PRAGMA max_page_count`` on the writer's own
connection (SQLite's own SQLITE_FULL); space returns when another connection deletes a ballast
table, whose pages the writer then reuses."""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.store import writer
from app.adapters.store.backlog import AT_LEAST_S, Backlog
from app.adapters.store.comments import SqliteComments
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.server import create_app
from app.domain.log_events import LogEntry
from app.services.health import Health, LoopLagMonitor
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.show_factory import build_show
from tests.support.waiting import eventually

TOKEN = "full-disk-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LONG = "满" * 2000  # a comment of the longest text: it needs new pages of its own


class Clock:
    """The backlog's clock, moved by the test (the writer retries on its own time)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@contextmanager
def full_disk(store: SqliteSessionLog, path: Path) -> Iterator[sqlite3.Connection]:
    """The writer's database held at its current size with some ballast in it; yields the other
    connection that frees space by deleting the ballast."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("CREATE TABLE ballast (x BLOB)")
    other.execute("INSERT INTO ballast VALUES (zeroblob(600000))")
    try:
        yield other
    finally:
        other.close()


async def _fill(store: SqliteSessionLog) -> None:
    def hold_at_size(db: Any) -> int:
        pages = int(db.execute("PRAGMA page_count").fetchone()[0])
        assert int(db.execute("PRAGMA freelist_count").fetchone()[0]) == 0
        return int(db.execute(f"PRAGMA max_page_count = {pages:d}").fetchone()[0])

    await store.run(hold_at_size)


def _free(other: sqlite3.Connection) -> None:
    other.execute("DELETE FROM ballast")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "livedesk.db"


@pytest.fixture
async def store(
    db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[SqliteSessionLog]:
    monkeypatch.setattr(writer, "RETRY_S", 0.1)
    log = SqliteSessionLog(db_path, interval=0.01, clock=clock)
    try:
        yield log
    finally:
        log.close()


def _show(store: SqliteSessionLog) -> Show:
    show = build_show(FakeObs(), store, comments=SqliteComments(store))  # type: ignore[arg-type]
    show.health = Health(LoopLagMonitor(), store.health, store.behind_s)
    return show


def _stored(path: Path) -> list[str]:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return [user for (user,) in conn.execute("SELECT user FROM comments ORDER BY id")]
    finally:
        conn.close()


def _comment(n: int) -> dict[str, str]:
    return {"platform": "douyin", "user": f"观众{n}", "text": LONG}


async def test_kept_rows_keep_the_writer_behind_until_they_are_written(
    store: SqliteSessionLog, db_path: Path, clock: Clock
) -> None:
    with full_disk(store, db_path) as other:
        await _fill(store)
        store.append_rows(
            "INSERT INTO comments (platform, user, text, ts) VALUES (?, ?, ?, ?)",
            [("douyin", f"u{i}", LONG, 1.0) for i in range(5)],
        )
        store.append(LogEntry(t=1.0, kind="during"))
        await store.flush()
        health = store.health()
        assert health["failing"]
        assert health["problem"]["kind"] == "disk_full"
        assert health["unwritten"] == 6
        assert store.behind_s() == AT_LEAST_S  # kept in memory, not written: behind at once
        clock.now += 1.5
        await store.flush()  # tried again, still full
        await store.flush()
        clock.now += 1.5
        assert store.failing
        assert store.behind_s() == pytest.approx(3.0)  # and its wait goes on growing
        assert store.health()["queued"] == 6
        _free(other)
        await eventually(lambda: not store.failing, "written once there is room", timeout=5)
        assert store.behind_s() == 0.0
        assert store.health()["queued"] == 0
    assert _stored(db_path) == [f"u{i}" for i in range(5)]
    assert store.dropped == 0


async def test_ingest_refuses_while_the_disk_is_full_and_loses_nothing_it_accepted(
    store: SqliteSessionLog, db_path: Path, clock: Clock
) -> None:
    show = _show(store)
    accepted: list[str] = []
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        with full_disk(store, db_path) as other:
            await _fill(store)
            first = await client.post("/ingest", json=[_comment(0), _comment(1)], headers=AUTH)
            assert first.status == 200  # the first moment of a full disk is still taken
            accepted += ["观众0", "观众1"]
            await store.flush()
            assert store.failing  # the clock stands still: the full disk alone is enough
            for n in range(2, 5):
                await store.flush()  # the writer tries again, in vain
                clock.now += 1.0
                refused = await client.post("/ingest", json=_comment(n), headers=AUTH)
                assert refused.status == 429, await refused.text()
                assert int(refused.headers["Retry-After"]) >= 1
                async with client.ws_connect("/ingest", headers=AUTH) as ws:
                    await ws.send_json(_comment(n))
                    reply = await ws.receive_json()
                    assert reply["accepted"] == 0
                    assert reply["retry_after_s"] >= 1.0
            _free(other)
            await eventually(lambda: not store.failing, "written once there is room", timeout=5)
            again = await client.post("/ingest", json=_comment(9), headers=AUTH)
            assert again.status == 200
            accepted.append("观众9")
            await store.flush()
    assert _stored(db_path) == accepted
    assert store.dropped == 0


async def test_near_the_bound_nothing_is_accepted_that_would_be_dropped(
    store: SqliteSessionLog, db_path: Path
) -> None:
    """The writer held by a long write, the clock standing still: only the queue's bound can
    stop /ingest here. What it takes is written; what it would have to drop it refuses."""
    store._backlog.limit = 40
    show = _show(store)
    accepted: list[str] = []
    statuses: list[int] = []
    release = threading.Event()
    held = asyncio.ensure_future(store.run(lambda _db: release.wait(10)))
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        try:
            for n in range(0, 100, 2):
                batch = [_comment(n), _comment(n + 1)]
                answer = await client.post("/ingest", json=batch, headers=AUTH)
                statuses.append(answer.status)
                if answer.status == 200:
                    accepted += [c["user"] for c in batch]
            assert 429 in statuses
            assert store.dropped == 0
        finally:
            release.set()
            await held
        await store.flush()
    assert 20 <= len(accepted) <= 32
    assert _stored(db_path) == accepted
    assert store.dropped == 0


def test_the_backlog_counts_what_the_writer_keeps_as_waiting() -> None:
    clock = Clock()
    backlog = Backlog(clock, limit=100)
    into: queue.SimpleQueue[Any] = queue.SimpleQueue()
    assert backlog.put(into, "a", 10, bounded=True)
    clock.now += 1.0
    assert backlog.put(into, "b", 10, bounded=True)
    backlog.done(20, kept=20)  # taken, the database failing: kept for the next try
    assert backlog.behind_s() == AT_LEAST_S  # behind at once
    clock.now += 2.0
    assert backlog.queued() == 20
    assert backlog.behind_s() == pytest.approx(3.0)  # from a's stamp, though taken
    assert backlog.put(into, "c", 50, bounded=True)
    backlog.done(50, kept=70)  # tried again, in vain
    assert backlog.behind_s() == pytest.approx(3.0)
    assert backlog.queued() == 70
    assert not backlog.put(into, "over the bound with what is kept", 31, bounded=True)
    assert backlog.put(into, "d", 10, bounded=True)  # 80 waiting: past NEAR_FULL
    clock.now += 0.5
    backlog.done(10, kept=0)  # all of it written
    assert backlog.queued() == 0
    assert backlog.behind_s() == 0.0
    assert backlog.put(into, "e", 80, bounded=True)
    assert backlog.behind_s() == AT_LEAST_S  # however young: near the bound
