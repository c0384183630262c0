"""Ending a show while another program holds the show log locked (a real second process holding
BEGIN EXCLUSIVE): the end answers within about a second instead of waiting out SQLite's busy
timeout, the end is kept in memory, and it is written once the lock is released."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from app.adapters.store import schema
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.store.writer_health import STUCK_S
from app.domain.log_events import LogEntry
from tests.support.faults import LockHolder
from tests.support.waiting import eventually


def _ended_at(db: Path, session: int) -> float | None:
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT ended_at FROM sessions WHERE id = ?", [session]).fetchone()
        return None if row is None else row[0]
    finally:
        conn.close()


@pytest.mark.parametrize("failing", [False, True], ids=["lock-just-taken", "reported-locked"])
async def test_ending_a_show_does_not_wait_out_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: bool
) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 2500)
    db = tmp_path / "livedesk.db"
    store = SqliteSessionLog(db, interval=0.01)
    try:
        session = await store.start_session("锁住 locked", 1.0)
        with LockHolder(db) as holder:
            store.append(LogEntry(t=2.0, kind="k", session_id=session))  # the writer waits
            if failing:
                await eventually(lambda: store.failing, "the lock reported", timeout=8)
                assert store.health()["problem"]["kind"] == "locked"
            started = time.monotonic()
            await store.end_session(session, 3.0)
            await store.flush()  # as Session.end does
            took = time.monotonic() - started
            assert took < STUCK_S + 0.6, took
            assert _ended_at(db, session) is None  # not written yet: held
            holder.release()
        await eventually(
            lambda: _ended_at(db, session) == 3.0, "the end written after the release", timeout=10
        )
        await store.flush()
        assert not store.failing
        assert store.dropped == 0
    finally:
        store.close()
    conn = sqlite3.connect(db)
    try:
        assert [k for (k,) in conn.execute("SELECT kind FROM events")] == ["k"]
    finally:
        conn.close()


async def test_a_show_the_log_does_not_have_is_still_an_error(tmp_path: Path) -> None:
    store = SqliteSessionLog(tmp_path / "livedesk.db")
    try:
        with pytest.raises(LookupError):
            await store.end_session(404, 1.0)
    finally:
        store.close()
