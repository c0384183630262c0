"""The log writer never loses good rows for a bad one: a batch the database refuses for a reason
trying again cannot fix is written item by item and row by row, the refused rows set aside and
counted (health, /api/health), everything else — a session start among it — written."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from app.adapters.store import set_aside
from app.adapters.store.writer import SqliteSessionLog
from app.domain.log_events import LogEntry
from app.services.health import Health, LoopLagMonitor

INSERT_COMMENT = (
    "INSERT INTO comments (session_id, comment_no, platform, user, text, ts) VALUES (?,?,?,?,?,?)"
)
FFFD = "\ufffd"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "livedesk.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SqliteSessionLog]:
    writer = SqliteSessionLog(db_path)
    try:
        yield writer
    finally:
        writer.close()


def rows(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


class Gate:
    """Holds the writer thread in a command, so that everything queued meanwhile lands in one
    batch behind it."""

    def __init__(self, store: SqliteSessionLog) -> None:
        self.release = threading.Event()
        self.entered = threading.Event()

        def hold(_db: sqlite_utils.Database) -> None:
            self.entered.set()
            self.release.wait(10)

        self.done = asyncio.ensure_future(store.run(hold))

    async def held(self) -> None:
        await asyncio.to_thread(self.entered.wait, 5)
        assert self.entered.is_set()

    async def open(self) -> None:
        self.release.set()
        await self.done


async def test_a_refused_row_costs_only_itself_and_the_session_still_starts(
    store: SqliteSessionLog, db_path: Path
) -> None:
    gate = Gate(store)
    await gate.held()
    store.append(LogEntry(t=1.0, kind="before"))
    good = [(None, i, "douyin", f"观众{i}", f"第{i}条", 10.0 + i) for i in range(5)]
    store.append_rows(INSERT_COMMENT, good[:2])
    starting = asyncio.ensure_future(store.start_session("今晚的直播", 2.0))
    await asyncio.sleep(0)  # the command is queued, in order, with the rows around it
    store.append_rows(
        INSERT_COMMENT,
        [
            good[2],
            (999, 99, "douyin", "ghost", "no such show", 12.5),  # breaks a foreign key
            (None, 100, "douyin", "lone", "hi \ud83d", 12.6),  # bypassing the sanitiser
            good[3],
        ],
    )
    store.append(LogEntry(t=3.0, kind="not finite", data={"seconds": float("nan")}))
    store.append(LogEntry(t=4.0, kind="after", data={"ok": True}))
    store.append_rows(INSERT_COMMENT, good[4:])
    await gate.open()
    session = await starting
    await store.flush()

    assert rows(db_path, "SELECT id, title FROM sessions") == [(session, "今晚的直播")]
    assert rows(db_path, "SELECT kind, data FROM events ORDER BY id") == [
        ("before", "{}"),
        ("after", '{"ok": true}'),
    ]
    written = rows(db_path, "SELECT comment_no, user, text FROM comments ORDER BY id")
    assert (
        written
        == [
            *[(g[1], g[3], g[4]) for g in good[:3]],
            (100, "lone", f"hi {FFFD}"),  # written with U+FFFD, not lost
            *[(g[1], g[3], g[4]) for g in good[3:]],
        ]
    )
    health = store.health()
    assert health["set_aside"] == 2
    assert health["repaired"] == 1
    assert "ValueError" in health["last_set_aside"]  # the NaN, the latest refused
    assert store.dropped == 2
    assert not store.failing
    assert health["problem"] is None
    refused = store.set_aside_rows()
    assert [r["what"] for r in refused] == ["comments", "event not finite"]
    assert "FOREIGN KEY" in refused[0]["error"]
    assert "ghost" in refused[0]["row"]
    # /api/health carries the writer's health
    report = Health(LoopLagMonitor(), store.health, store.behind_s).report()
    assert report["writer"]["set_aside"] == 2
    assert report["writer"]["last_set_aside"] == health["last_set_aside"]


async def test_a_batch_that_fails_whole_is_written_item_by_item(
    store: SqliteSessionLog, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever makes one item fail (here a row the database refuses in a way the row-by-row
    insert does not catch), the other items of the batch and its command are written."""
    real = set_aside.insert_rows

    def refuse_ghosts(db: Any, sql: str, batch: list[tuple[Any, ...]], *args: Any) -> None:
        if any(row[3] == "ghost" for row in batch):
            raise sqlite3.IntegrityError("a ghost")
        real(db, sql, batch, *args)

    monkeypatch.setattr("app.adapters.store.writer.insert_rows", refuse_ghosts)
    gate = Gate(store)
    await gate.held()
    store.append_rows(INSERT_COMMENT, [(None, 1, "x", "a", "one", 1.0)])
    store.append_rows(INSERT_COMMENT, [(None, 2, "x", "ghost", "two", 2.0)] * 3)
    starting = asyncio.ensure_future(store.start_session("show", 2.0))
    await asyncio.sleep(0)
    store.append(LogEntry(t=3.0, kind="event"))
    await gate.open()
    assert await starting >= 1
    await store.flush()
    assert rows(db_path, "SELECT user FROM comments") == [("a",)]
    assert rows(db_path, "SELECT kind FROM events") == [("event",)]
    assert store.set_aside.count == 3
    assert store.dropped == 3
    assert not store.failing


async def test_only_the_latest_refused_rows_are_kept_in_memory(
    store: SqliteSessionLog, db_path: Path
) -> None:
    ghosts = [(999, i, "x", f"ghost{i}", "t", 1.0) for i in range(set_aside.MAX_SET_ASIDE + 50)]
    store.append_rows(INSERT_COMMENT, [*ghosts, (None, 0, "x", "real", "t", 1.0)])
    await store.flush()
    assert store.set_aside.count == len(ghosts)
    kept = store.set_aside_rows()
    assert len(kept) == set_aside.MAX_SET_ASIDE
    assert f"ghost{len(ghosts) - 1}" in kept[-1]["row"]
    assert rows(db_path, "SELECT user FROM comments") == [("real",)]


async def test_a_disk_failure_while_going_row_by_row_keeps_the_rest(
    store: SqliteSessionLog, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused row is not the database failing: but when the database does fail meanwhile,
    what is not written yet is kept for the next try, not set aside."""
    real = set_aside.insert_rows
    full = {"on": False}

    def insert(db: Any, sql: str, batch: list[tuple[Any, ...]], *args: Any) -> None:
        if any(row[3] == "ghost" for row in batch):
            full["on"] = True  # the disk fills up right after the bad row
            raise sqlite3.IntegrityError("a ghost")
        if full["on"]:
            raise sqlite3.OperationalError("database or disk is full")
        real(db, sql, batch, *args)

    monkeypatch.setattr("app.adapters.store.writer.insert_rows", insert)
    gate = Gate(store)
    await gate.held()
    store.append_rows(INSERT_COMMENT, [(None, 1, "x", "ghost", "t", 1.0)])
    store.append_rows(INSERT_COMMENT, [(None, 2, "x", "kept", "t", 1.0)])
    await gate.open()
    await store.flush()
    assert store.set_aside.count == 1
    assert store.failing
    assert store.health()["unwritten"] == 1
    full["on"] = False
    await store.flush()
    assert not store.failing
    assert rows(db_path, "SELECT user FROM comments") == [("kept",)]
