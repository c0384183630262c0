"""The SQLite session log: schema, the writer thread, the read side."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from app.adapters.store import queries, schema
from app.adapters.store.schema import (
    SCHEMA_VERSION,
    DatabaseMissing,
    SchemaTooNew,
    StoreError,
    open_database,
)
from app.adapters.store.writer import SqliteSessionLog
from app.domain.log_events import LogEntry
from app.services.errors import StoreUnavailable
from tests.support.waiting import eventually

EVENTS_DDL = """CREATE TABLE events (
    id INTEGER PRIMARY KEY, session_id INTEGER REFERENCES sessions(id), t REAL NOT NULL,
    kind TEXT NOT NULL, stream_tc REAL, record_tc REAL, data TEXT NOT NULL DEFAULT '{}')"""


def count(db_path: Path, table: str = "events") -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def set_user_version(db_path: Path, version: int) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "livedesk.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SqliteSessionLog]:
    writer = SqliteSessionLog(db_path)
    try:
        yield writer
    finally:
        writer.close()


# --- schema --------------------------------------------------------------------------------------


def test_open_database_creates_schema_and_settings(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert {
            "sessions",
            "events",
            "comments",
            "products",
            "coupons",
            "show_state",
            "orders",
        } <= set(db.table_names())
        assert db.journal_mode == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert schema.user_version(db) == SCHEMA_VERSION == 8
        index_columns = {tuple(ix.columns) for ix in db["events"].indexes}
        assert ("session_id", "t") in index_columns
        assert ("session_id", "ts") in {tuple(ix.columns) for ix in db["comments"].indexes}
        assert db["comments"].count == 0
    finally:
        db.close()


def test_migrations_are_idempotent(db_path: Path) -> None:
    open_database(db_path).close()
    db = open_database(db_path)
    try:
        rows = list(
            db.query("SELECT name FROM _sqlite_migrations WHERE migration_set = 'livedesk'")
        )
        assert len(rows) == SCHEMA_VERSION
        assert schema.migrate(db, db_path) == SCHEMA_VERSION
        assert schema.user_version(db) == SCHEMA_VERSION
    finally:
        db.close()


def test_user_version_is_repaired_to_the_applied_count(db_path: Path) -> None:
    open_database(db_path).close()
    set_user_version(db_path, 0)
    db = open_database(db_path)
    try:
        assert schema.user_version(db) == SCHEMA_VERSION
    finally:
        db.close()


def test_newer_user_version_is_refused_everywhere(db_path: Path) -> None:
    open_database(db_path).close()
    set_user_version(db_path, SCHEMA_VERSION + 5)
    with pytest.raises(SchemaTooNew, match="newer LiveDesk") as caught:
        open_database(db_path)
    assert caught.value.found == SCHEMA_VERSION + 5
    with pytest.raises(SchemaTooNew):
        SqliteSessionLog(db_path)
    with pytest.raises(SchemaTooNew):
        queries.list_sessions(db_path)
    assert queries_user_version(db_path) == SCHEMA_VERSION + 5  # left untouched


def queries_user_version(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_unknown_applied_migration_is_refused(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('livedesk', 'm999_from_the_future', '2030-01-01')"
        )
    with pytest.raises(SchemaTooNew):
        open_database(db_path)


def test_a_file_that_is_not_a_database_is_a_store_error(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not sqlite at all, just some text " * 50)
    with pytest.raises(StoreError, match="cannot use the database"):
        open_database(db_path)


# --- writer --------------------------------------------------------------------------------------


async def test_append_is_committed_by_flush(store: SqliteSessionLog, db_path: Path) -> None:
    sid = await store.start_session("早场", 1000.0)
    store.append(
        LogEntry(t=1001.0, kind="marker", session_id=sid, record_tc=3.5, data={"note": "开场好物"})
    )
    await store.flush()
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("SELECT session_id, kind, record_tc, data FROM events").fetchone()
    assert row == (sid, "marker", 3.5, '{"note": "开场好物"}')


async def test_append_lands_without_flush_within_the_interval(
    store: SqliteSessionLog, db_path: Path
) -> None:
    store.append(LogEntry(t=1.0, kind="obs.connected"))
    await eventually(lambda: count(db_path) > 0, "the entry written", timeout=5.0)  # no flush
    assert count(db_path) == 1


async def test_many_appends_are_batched(store: SqliteSessionLog, db_path: Path) -> None:
    before = store.commits
    for i in range(5000):
        store.append(LogEntry(t=float(i), kind="obs.program_scene", data={"i": i}))
    await store.flush()
    assert count(db_path) == 5000
    assert 1 <= store.commits - before <= 20
    assert store.dropped == 0
    assert store.last_error is None


async def test_commits_are_at_most_every_interval(store: SqliteSessionLog) -> None:
    before = store.commits
    began = time.monotonic()
    while time.monotonic() - began < 0.5:
        store.append(LogEntry(t=time.time(), kind="tick"))
        await asyncio.sleep(0.005)  # deliberate: appends spread over half a second
    await store.flush()
    assert store.commits - before <= 9  # 0.5 s / 100 ms, plus the flush and some slack


async def test_start_and_end_session(store: SqliteSessionLog, db_path: Path) -> None:
    first = await store.start_session("第一场", 100.0)
    second = await store.start_session("second", 200.0)
    assert second > first
    await store.end_session(first, 150.0)
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT id, title, started_at, ended_at FROM sessions ORDER BY id")
        assert list(rows) == [(first, "第一场", 100.0, 150.0), (second, "second", 200.0, None)]
    with pytest.raises(LookupError):
        await store.end_session(12345, 1.0)
    assert await store.start_session("still works", 300.0) == second + 1


async def test_open_session(store: SqliteSessionLog) -> None:
    assert store.open_session() is None
    older = await store.start_session("older", 100.0)
    newer = await store.start_session("newer", 200.0)
    assert store.open_session() == (newer, "newer", 200.0)
    await store.end_session(newer, 250.0)
    assert store.open_session() == (older, "older", 100.0)
    await store.end_session(older, 260.0)
    assert store.open_session() is None


async def test_a_failed_write_does_not_kill_the_writer(
    store: SqliteSessionLog, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store.append(LogEntry(t=1.0, kind="before"))
    await store.flush()
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE events")
    for i in range(3):
        store.append(LogEntry(t=2.0 + i, kind="kept"))
    await store.flush()
    assert store.last_error is not None
    assert "events" in store.last_error
    assert store.dropped == 0
    assert store.health()["unwritten"] == 3
    assert store.failed_batches == 1
    assert store.failing
    assert "session log write failed" in caplog.text
    with sqlite3.connect(db_path) as conn:
        conn.execute(EVENTS_DDL)
    store.append(LogEntry(t=9.0, kind="after"))
    await store.flush()
    assert not store.failing
    assert store.health()["unwritten"] == 0
    with sqlite3.connect(db_path) as conn:
        kinds = [r[0] for r in conn.execute("SELECT kind FROM events ORDER BY id")]
    assert kinds == ["kept", "kept", "kept", "after"]
    assert await store.start_session("after repair", 10.0) >= 1


async def test_a_failed_commit_fails_the_waiting_command(
    store: SqliteSessionLog, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "_insert_entries", disk_full)
    store.append(LogEntry(t=1.0, kind="kept"))
    with pytest.raises(StoreUnavailable, match="is full"):
        await store.start_session("x", 1.0)
    assert store.dropped == 0
    assert store.last_error == "OperationalError: database or disk is full"
    assert store.health()["problem"]["kind"] == "disk_full"
    monkeypatch.undo()
    assert await store.start_session("recovered", 2.0) >= 1
    assert not store.failing
    assert store.health()["problem"] is None
    assert count(db_path) == 1


async def test_an_entry_for_an_unknown_session_costs_only_itself(
    store: SqliteSessionLog, db_path: Path
) -> None:
    sid = await store.start_session("s", 1.0)
    store.append(LogEntry(t=1.0, kind="good", session_id=sid))
    store.append(LogEntry(t=2.0, kind="orphan", session_id=999))
    store.append(LogEntry(t=3.0, kind="good", session_id=sid))
    await store.flush()
    assert count(db_path) == 2
    assert store.dropped == 1
    assert not store.failing


async def test_unserialisable_data_is_stored_as_text(
    store: SqliteSessionLog, db_path: Path
) -> None:
    store.append(LogEntry(t=1.0, kind="odd", data={"when": datetime(2026, 1, 2, 3, 4, 5)}))
    await store.flush()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT data FROM events").fetchone()[0] == (
            '{"when": "2026-01-02 03:04:05"}'
        )


def test_close_commits_what_is_queued_and_later_appends_are_counted(db_path: Path) -> None:
    writer = SqliteSessionLog(db_path, interval=5.0)  # only close() makes it commit soon
    for i in range(10):
        writer.append(LogEntry(t=float(i), kind="queued"))
    writer.close()
    writer.close()  # idempotent
    assert count(db_path) == 10
    writer.append(LogEntry(t=99.0, kind="too late"))
    assert writer.dropped == 1
    assert writer.flush_blocking(1.0) is True


def test_flush_blocking(db_path: Path) -> None:
    writer = SqliteSessionLog(db_path, interval=5.0)
    try:
        writer.append(LogEntry(t=1.0, kind="x"))
        assert writer.flush_blocking(2.0) is True
        assert count(db_path) == 1
    finally:
        writer.close()


# --- read side -----------------------------------------------------------------------------------


async def test_queries(store: SqliteSessionLog, db_path: Path) -> None:
    first = await store.start_session("first", 1_700_000_000.0)
    second = await store.start_session("第二场", 1_700_100_000.0)
    for i in range(3):
        store.append(LogEntry(t=1_700_100_001.0 + i, kind="k", session_id=second, data={"i": i}))
    await store.end_session(first, 1_700_000_600.0)
    await store.flush()

    listed = queries.list_sessions(db_path)
    assert [s["id"] for s in listed] == [second, first]
    assert listed[0]["events"] == 3
    assert listed[0]["comments"] == 0
    assert listed[0]["ended_at"] is None
    started = datetime.fromisoformat(listed[1]["started_at"])
    assert started.tzinfo is not None
    assert started.timestamp() == 1_700_000_000.0
    assert datetime.fromisoformat(listed[1]["ended_at"]).timestamp() == 1_700_000_600.0

    assert queries.resolve_session(db_path, "latest") == second
    assert queries.resolve_session(db_path, str(first)) == first
    assert queries.resolve_session(db_path, first) == first
    for bad in ("999", "abc", ""):
        with pytest.raises(LookupError):
            queries.resolve_session(db_path, bad)
    assert queries.session_row(db_path, first)["title"] == "first"
    events = queries.session_events(db_path, second)
    assert [e["data"] for e in events] == [{"i": 0}, {"i": 1}, {"i": 2}]
    assert queries.session_comments(db_path, second) == []


def test_read_side_never_creates_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "livedesk.db"
    with pytest.raises(DatabaseMissing):
        queries.list_sessions(missing)
    with pytest.raises(DatabaseMissing):
        queries.resolve_session(missing, "latest")
    assert queries.open_session(missing) is None
    assert not missing.exists()
    assert not missing.parent.exists()


def test_an_empty_database_file_holds_no_sessions(tmp_path: Path) -> None:
    empty = tmp_path / "livedesk.db"
    empty.touch()
    assert queries.list_sessions(empty) == []
    with pytest.raises(LookupError, match="no sessions"):
        queries.resolve_session(empty, "latest")
