"""The session log's writer against real storage faults (issue #8 item 2): a filesystem that fills
up, one the kernel turns read-only under the open files, a read-only file at start, and another
process holding the database locked. Nothing already written may be damaged, and what could not
be written is kept and written once it can."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from app.adapters.store import queries
from app.adapters.store.schema import DataDirUnwritable
from app.adapters.store.writer import RETRY_S, SqliteSessionLog
from app.domain.log_events import LogEntry
from app.services.errors import StoreUnavailable
from tests.support.faults import LockHolder, SmallFilesystem, integrity
from tests.support.waiting import eventually

COMMENT = "INSERT INTO comments (session_id, platform, user, text, ts) VALUES (?, ?, ?, ?, ?)"


def _entries(session: int, kind: str, n: int, start: float = 0.0) -> list[LogEntry]:
    return [
        LogEntry(t=start + i, kind=kind, session_id=session, data={"i": i, "pad": "数据" * 40})
        for i in range(n)
    ]


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


async def test_disk_full_keeps_the_entries_and_writes_them_once_there_is_room(
    tmp_path: Path,
) -> None:
    with SmallFilesystem(tmp_path / "small", size_mib=4) as fs:
        db = fs.mountpoint / "livedesk.db"
        store = SqliteSessionLog(db)
        try:
            session = await store.start_session("满盘 disk full", 1.0)
            for entry in _entries(session, "before", 200):
                store.append(entry)
            store.append_rows(COMMENT, [(session, "bilibili", "小红", "之前", 1.0)] * 50)
            await store.flush()
            assert not store.failing
            before = _rows(db, "SELECT id, kind, data FROM events ORDER BY id")

            fs.fill()
            for entry in _entries(session, "during", 2000, start=1000.0):
                store.append(entry)
            store.append_rows(COMMENT, [(session, "bilibili", "小蓝", "满了", 2.0)] * 300)
            await store.flush()
            health = store.health()
            assert health["failing"], health
            assert health["problem"]["kind"] == "disk_full", health
            assert "full" in health["problem"]["message"]
            assert health["problem"]["hint"]
            assert health["unwritten"] == 2300
            assert health["dropped"] == 0
            with pytest.raises(StoreUnavailable, match="full"):
                await store.start_session("not now", 2.0)
            await store.end_session(session, 3.0)  # the show ends; written once there is room
            # What was written is intact, and readable by another process meanwhile.
            assert integrity(db) == "ok"
            assert _rows(db, "SELECT id, kind, data FROM events ORDER BY id") == before
            assert queries.list_sessions(db)[0]["comments"] == 50

            fs.free()
            freed = time.monotonic()
            caught_up = await eventually(
                lambda: not store.failing, "the catch-up", RETRY_S + 2, 0.02
            )
            assert store.health()["unwritten"] == 0
            assert store.dropped == 0
            for entry in _entries(session, "after", 10, start=9000.0):
                store.append(entry)
            await store.flush()
        finally:
            store.close()
        print(f"\n[fault] disk full: 2300 entries kept, all written {caught_up * 1000:.0f} ms "
              f"after space was freed (retry every {RETRY_S:.1f} s)")  # fmt: skip
        assert time.monotonic() - freed >= caught_up
        assert integrity(db) == "ok"
        kinds = [k for (k,) in _rows(db, "SELECT kind FROM events ORDER BY id")]
        assert kinds == ["before"] * 200 + ["during"] * 2000 + ["after"] * 10
        ts = [t for (t,) in _rows(db, "SELECT t FROM events WHERE kind = 'during' ORDER BY id")]
        assert ts == sorted(ts)  # in the order they happened
        assert _rows(db, "SELECT count(*) FROM comments")[0][0] == 350
        assert _rows(db, "SELECT ended_at FROM sessions") == [(3.0,)]


async def test_the_disk_turning_read_only_mid_show(tmp_path: Path) -> None:
    """ext4 remounts itself read-only after an error: nothing can be written until the disk is
    back; what was written before stays sound, what came after is reported lost at exit."""
    with SmallFilesystem(tmp_path / "disk", size_mib=16, kind="ext4") as fs:
        db = fs.mountpoint / "livedesk.db"
        store = SqliteSessionLog(db)
        try:
            session = await store.start_session("只读 read-only", 1.0)
            for entry in _entries(session, "before", 300):
                store.append(entry)
            await store.flush()
            fs.fail_read_only()
            for entry in _entries(session, "during", 100, start=500.0):
                store.append(entry)
            await store.flush()
            health = store.health()
            assert health["failing"], health
            assert health["unwritten"] == 100, health
            assert health["problem"]["kind"] in ("read_only", "io_error"), health
            with pytest.raises(StoreUnavailable):
                await store.start_session("no new show", 2.0)
            await store.end_session(session, 2.0)  # ends; its row waits with the entries
            await store.flush()
            assert store.health()["unwritten"] == 101
            assert [r[0] for r in _rows(db, "SELECT count(*) FROM events")] == [300]
        finally:
            store.close()  # the kept entries cannot be written: counted lost, said in the log
        assert store.dropped == 101
        assert store.health()["unwritten"] == 0
        fs.unmount()
        fs.check_and_remount()  # what a user does after such an error
        assert integrity(db) == "ok"
        kinds = [k for (k,) in _rows(db, "SELECT kind FROM events ORDER BY id")]
        assert kinds == ["before"] * 300
        store = SqliteSessionLog(db)  # and the next show is written again
        try:
            assert await store.start_session("next show", 3.0) == session + 1
        finally:
            store.close()


async def test_a_read_only_file_at_start_and_fixed_during_the_show(tmp_path: Path) -> None:
    """The log file made immutable (chattr +i, which binds root too) before the console starts:
    SQLite opens it read-only, every write fails, the console keeps the entries; once the flag is
    lifted the writer reopens the file and writes them."""
    with SmallFilesystem(tmp_path / "small", size_mib=8, kind="ext4") as fs:
        db = fs.mountpoint / "livedesk.db"
        first = SqliteSessionLog(db)
        session = await first.start_session("之前 earlier show", 1.0)
        for entry in _entries(session, "earlier", 50):
            first.append(entry)
        await first.flush()
        first.close()  # a clean close folds the -wal back into the file
        subprocess.run([*fs.prefix, "chattr", "+i", str(db)], check=True)
        try:
            store = SqliteSessionLog(db)
            try:
                for entry in _entries(session, "kept", 20, start=100.0):
                    store.append(entry)
                await store.flush()
                health = store.health()
                assert health["failing"], health
                assert health["problem"]["kind"] == "read_only", health
                assert "read-only" in health["problem"]["message"]
                assert health["unwritten"] == 20
            finally:
                subprocess.run([*fs.prefix, "chattr", "-i", str(db)], check=True)
            took = await eventually(
                lambda: not store.failing, "the writes after -i", RETRY_S + 2, 0.02
            )
            store.close()
        finally:
            subprocess.run([*fs.prefix, "chattr", "-i", str(db)], capture_output=True)
        print(f"\n[fault] read-only file: written {took * 1000:.0f} ms after it became writable")
        assert integrity(db) == "ok"
        kinds = [k for (k,) in _rows(db, "SELECT kind FROM events ORDER BY id")]
        assert kinds == ["earlier"] * 50 + ["kept"] * 20


@pytest.mark.parametrize("existing", [False, True], ids=["empty", "existing log"])
async def test_a_read_only_data_dir_at_start_is_named_with_what_to_do(
    tmp_path: Path, existing: bool
) -> None:
    """The data directory on a filesystem mounted read-only (root cannot write there either),
    empty or holding the log of earlier shows: opening the log fails with a StoreError naming
    the directory and what to do, never SQLite's bare "unable to open database file"."""
    with SmallFilesystem(tmp_path / "data", size_mib=4) as fs:
        db = fs.mountpoint / "livedesk.db"
        if existing:
            earlier = SqliteSessionLog(db)
            await earlier.start_session("之前 earlier show", 1.0)
            earlier.close()
        fs.remount(read_only=True)
        try:
            with pytest.raises(DataDirUnwritable) as caught:
                SqliteSessionLog(db)
        finally:
            fs.remount(read_only=False)
        problem = caught.value
        assert problem.folder == fs.mountpoint
        assert problem.kind == "read_only"
        assert str(problem).startswith(
            f"the data directory {fs.mountpoint} cannot be written (Read-only file system)"
        )
        assert "Choose another data directory (--data-dir or LIVEDESK_HOME)" in str(problem)
        assert sorted(p.name for p in fs.mountpoint.iterdir()) == (["livedesk.db"] if existing
                                                                   else [])  # fmt: skip
        if existing:
            assert integrity(db) == "ok"
            assert [t for (t,) in _rows(db, "SELECT title FROM sessions")] == ["之前 earlier show"]


async def test_locked_by_another_process_waits_then_writes_and_readers_go_on(
    tmp_path: Path,
) -> None:
    db = tmp_path / "livedesk.db"
    store = SqliteSessionLog(db)
    try:
        session = await store.start_session("锁 locked", 1.0)
        store.append(LogEntry(t=1.0, kind="before", session_id=session))
        await store.flush()

        # Shorter than the busy timeout (5 s): the write waits and goes through, no warning.
        with LockHolder(db) as holder:
            store.append(LogEntry(t=2.0, kind="waited", session_id=session))
            await asyncio.sleep(1.5)  # deliberate: the other process holds the lock a while
            assert queries.list_sessions(db)[0]["events"] == 1  # readers go on (WAL)
            assert not store.failing
            short = holder.release()
        waited = await eventually(
            lambda: _rows(db, "SELECT count(*) FROM events WHERE kind = 'waited'")[0][0] == 1,
            "the waiting write",
            5,
            0.02,
        )
        await store.flush()
        assert not store.failing
        assert store.failed_batches == 0

        # Longer than the busy timeout: a clear warning, the entries kept, written on release.
        with LockHolder(db) as holder:
            for entry in _entries(session, "held", 30, start=10.0):
                store.append(entry)
            noticed = await eventually(lambda: store.failing, "the lock reported", 12, 0.02)
            assert store.health()["problem"]["kind"] == "locked"
            assert "Another program" in store.health()["problem"]["message"]
            assert queries.list_sessions(db)[0]["title"] == "锁 locked"  # `livedesk sessions`
            long = holder.release()
        released = await eventually(
            lambda: not store.failing, "written after release", RETRY_S + 6, 0.02
        )
    finally:
        store.close()
    print(f"\n[fault] lock held {short:.1f} s: write went through {waited * 1000:.0f} ms after "
          f"release; lock held {long:.1f} s: reported after {noticed:.1f} s, all written "
          f"{released * 1000:.0f} ms after release")  # fmt: skip
    assert integrity(db) == "ok"
    kinds = [k for (k,) in _rows(db, "SELECT kind FROM events ORDER BY id")]
    assert kinds == ["before", "waited"] + ["held"] * 30
    assert _rows(db, "SELECT count(*) FROM other_program")[0][0] == 2
    assert store.dropped == 0
