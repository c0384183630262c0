"""The show log's faults without privileges: what each SQLite failure is called for the user, the
writer keeping and retrying (with its cap), the health watch's events, and a damaged log found
and set aside at start (recovery.py) with its message in `livedesk sessions`."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app.adapters.store import queries, recovery, schema, writer
from app.adapters.store.instance_lock import InstanceLock
from app.adapters.store.problems import classify, is_transient, store_problem
from app.adapters.store.writer import SqliteSessionLog
from app.domain.log_events import LogEntry
from app.report_cli import run_sessions
from app.services.errors import StoreUnavailable
from app.services.event_bus import EventBus
from app.services.events import Event, StoreProblem, StoreRecovered
from app.services.store_watch import StoreWatch
from tests.support.faults import corrupt_header, corrupt_pages, truncate_half
from tests.support.waiting import eventually


def _error(action: Any) -> BaseException:
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - whatever it raises is what the test looks at
        return exc
    raise AssertionError("no error")


# ----- problems: real SQLite errors, named for the user ---------------------------------------
def test_real_sqlite_failures_are_named(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TABLE t (x)")
    page_count = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {page_count}")
    full = _error(lambda: conn.execute("INSERT INTO t VALUES (?)", ["x" * 100_000]))
    conn.execute("PRAGMA max_page_count = 1000000")
    read_only = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    readonly = _error(lambda: read_only.execute("INSERT INTO t VALUES (1)"))
    conn.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(db, timeout=0)
    locked = _error(lambda: other.execute("INSERT INTO t VALUES (1)"))
    conn.execute("ROLLBACK")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all " * 100)
    notadb = _error(lambda: sqlite3.connect(garbage).execute("SELECT * FROM sqlite_master"))
    cases = {full: "disk_full", readonly: "read_only", locked: "locked", notadb: "damaged",
             OSError(errno.ENOSPC, "No space left"): "disk_full",
             OSError(errno.EROFS, "Read-only file system"): "read_only",
             OSError(errno.EIO, "Input/output error"): "io_error",
             sqlite3.OperationalError("disk I/O error"): "io_error",
             RuntimeError("something else"): "other"}  # fmt: skip
    for exc, kind in cases.items():
        assert classify(exc) == kind, (exc, getattr(exc, "sqlite_errorname", None))
        problem = store_problem(exc, db)
        assert problem.kind == kind
        assert problem.message
        assert problem.hint
        assert problem.path == str(db)
    assert str(tmp_path) in store_problem(full, db).message
    assert is_transient(full)
    assert is_transient(locked)
    assert is_transient(OSError(5, "EIO"))
    assert not is_transient(sqlite3.IntegrityError("x"))
    assert not is_transient(RuntimeError())
    assert not is_transient(sqlite3.ProgrammingError("x"))
    for c in (conn, read_only, other):
        c.close()


# ----- the writer: keep, retry, cap -----------------------------------------------------------
@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "livedesk.db"


def _kinds(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [k for (k,) in conn.execute("SELECT kind FROM events ORDER BY id")]


async def test_kept_entries_are_retried_on_their_own_and_in_order(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "RETRY_S", 0.2)
    store = SqliteSessionLog(db_path, interval=0.01)
    real = store._insert_entries
    full = {"on": True}

    def insert(db: Any, entries: list[LogEntry]) -> None:
        if full["on"] and entries:
            raise sqlite3.OperationalError("database or disk is full")
        real(db, entries)

    monkeypatch.setattr(store, "_insert_entries", insert)
    try:
        for i in range(5):
            store.append(LogEntry(t=float(i), kind=f"k{i}"))
        await store.flush()
        assert store.failing
        assert store.health()["unwritten"] == 5
        since = store.health()["failing_since"]
        assert since is not None
        assert abs(since - time.time()) < 5
        with pytest.raises(StoreUnavailable) as raised:
            await store.run(lambda db: db.execute("SELECT 1").fetchone())
        assert raised.value.status == 503
        assert "full" in str(raised.value)
        store.append(LogEntry(t=5.0, kind="k5"))
        full["on"] = False  # nothing else is appended: the writer tries again by itself
        await eventually(lambda: not store.failing, "the writer recovered", timeout=3)
        health = store.health()
        assert not store.failing
        assert health["unwritten"] == 0
        assert health["problem"] is None
        assert health["failing_since"] is None
        assert store.dropped == 0
    finally:
        store.close()
    assert _kinds(db_path) == [f"k{i}" for i in range(6)]


async def test_at_most_max_kept_are_kept_the_oldest_first(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "MAX_KEPT", 10)
    store = SqliteSessionLog(db_path)
    real = store._insert_entries
    full = {"on": True}

    def insert(db: Any, entries: list[LogEntry]) -> None:
        if full["on"] and entries:
            raise sqlite3.OperationalError("database or disk is full")
        real(db, entries)

    monkeypatch.setattr(store, "_insert_entries", insert)
    try:
        for i in range(8):
            store.append(LogEntry(t=float(i), kind=f"old{i}"))
        await store.flush()
        for i in range(5):
            store.append(LogEntry(t=10.0 + i, kind=f"new{i}"))
        await store.flush()
        assert store.health()["unwritten"] == 10
        assert store.dropped == 3
        full["on"] = False
        await store.flush()
        assert not store.failing
    finally:
        store.close()
    assert _kinds(db_path) == [f"old{i}" for i in range(8)] + ["new0", "new1"]


async def test_a_show_ends_while_the_log_cannot_be_written(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteSessionLog(db_path)
    session = await store.start_session("show", 1.0)
    real = store._insert_entries
    full = {"on": True}

    def insert(db: Any, entries: list[LogEntry]) -> None:
        if full["on"]:
            raise sqlite3.OperationalError("database or disk is full")
        real(db, entries)

    monkeypatch.setattr(store, "_insert_entries", insert)
    try:
        store.append(LogEntry(t=2.0, kind="session.end", session_id=session))
        await store.end_session(session, 2.0)  # no error: the end waits with the entry
        await store.flush()
        assert store.failing
        assert store.health()["unwritten"] == 2
        assert store.open_session() is not None  # not on disk yet
        full["on"] = False
        with pytest.raises(LookupError):  # an unknown show is still an error
            await store.end_session(999, 3.0)
        await store.flush()
        assert not store.failing
        assert store.open_session() is None
    finally:
        store.close()
    assert _kinds(db_path) == ["session.end"]


async def test_a_bug_is_not_retried(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SqliteSessionLog(db_path)
    monkeypatch.setattr(store, "_insert_entries", lambda db, entries: 1 / 0)
    try:
        store.append(LogEntry(t=1.0, kind="lost"))
        await store.flush()
        assert store.dropped == 1
        assert store.health()["unwritten"] == 0
        assert store.failing
        assert store.health()["problem"]["kind"] == "other"
    finally:
        store.close()


def test_what_cannot_be_written_by_exit_is_counted_lost(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store = SqliteSessionLog(db_path)

    def full(db: Any, entries: list[LogEntry]) -> None:
        if entries:
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "_insert_entries", full)
    for i in range(4):
        store.append(LogEntry(t=float(i), kind="never"))
    assert store.flush_blocking(5)
    store.close()
    assert store.dropped == 4
    assert "4 entries lost" in caplog.text


# ----- the watch: failing -> store.problem, written again -> store.recovered --------------------
def test_store_watch_publishes_problem_updates_and_recovery() -> None:
    bus = EventBus()
    seen: list[Event] = []
    bus.listen(seen.append)
    health: dict[str, Any] = {"failing": False, "problem": None, "unwritten": 0, "dropped": 2}
    watch = StoreWatch(lambda: health, bus)
    assert watch.check() is None
    problem = {"kind": "disk_full", "message": "The disk holding /d is full", "hint": "Free",
               "path": "/d/livedesk.db"}  # fmt: skip
    health.update(failing=True, problem=problem, unwritten=5, failing_since=time.time() - 3)
    first = watch.check()
    assert isinstance(first, StoreProblem)
    assert first.unwritten == 5
    assert first.kind == "disk_full"
    assert first.path == "/d/livedesk.db"
    assert (first.message, first.hint) == (problem["message"], problem["hint"])
    assert watch.check() is None  # nothing new
    health["unwritten"] = 9
    again = watch.check()
    assert isinstance(again, StoreProblem)
    assert again.unwritten == 9
    health.update(failing=False, problem=None, unwritten=0, dropped=3)
    recovered = watch.check()
    assert isinstance(recovered, StoreRecovered)
    assert recovered.lost == 1
    assert recovered.failed_for_s is not None
    assert 2.5 < recovered.failed_for_s < 10
    assert watch.check() is None
    assert [type(e) for e in seen] == [StoreProblem, StoreProblem, StoreRecovered]


async def test_store_watch_runs_on_the_loop() -> None:
    bus = EventBus()
    seen: list[Event] = []
    bus.listen(seen.append)
    problem = {"kind": "locked", "message": "m", "hint": "h"}
    health: dict[str, Any] = {"failing": True, "unwritten": 1, "failing_since": 1.0,
                              "problem": problem}  # fmt: skip
    watch = StoreWatch(lambda: health, bus, interval=0.01)
    watch.start()
    await eventually(lambda: len(seen) == 1, "the problem announced")
    health.update(failing=False, problem=None)
    await eventually(lambda: len(seen) == 2, "the recovery announced")
    await watch.stop()
    assert [type(e) for e in seen] == [StoreProblem, StoreRecovered]


# ----- a damaged log at start -----------------------------------------------------------------
async def _log_with_shows(db: Path, events: int = 400) -> None:
    store = SqliteSessionLog(db)
    session = await store.start_session("旧 old", 1.0)
    for i in range(events):
        store.append(LogEntry(t=float(i), kind="k", session_id=session, data={"x": "y" * 100}))
    await store.flush()
    store.close()


async def test_check_finds_each_kind_of_damage(tmp_path: Path) -> None:
    sound = tmp_path / "sound.db"
    await _log_with_shows(sound)
    assert recovery.check(sound) is None
    assert recovery.check(tmp_path / "missing.db") is None
    pages = sqlite3.connect(sound).execute("PRAGMA page_count").fetchone()[0]
    for name, damage in {"header": corrupt_header, "truncated": truncate_half,
                         "schema": lambda p: corrupt_pages(p, 1, 1),
                         "deep": lambda p: corrupt_pages(p, pages - 3, 2)}.items():  # fmt: skip
        db = tmp_path / f"{name}.db"
        db.write_bytes(sound.read_bytes())
        damage(db)
        found = recovery.check(db)
        assert found, name
        assert "\n" not in found


async def test_check_lets_a_log_too_large_for_its_budget_through(tmp_path: Path) -> None:
    db = tmp_path / "big.db"
    await _log_with_shows(db, events=20_000)
    assert recovery.check(db, budget_s=0.0) is None  # not judged: the writer reports later
    assert recovery.check(db) is None


def test_a_locked_or_unreadable_log_is_not_called_damaged(tmp_path: Path) -> None:
    db = tmp_path / "livedesk.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("INSERT INTO t VALUES (1)")
    try:
        started = time.monotonic()
        assert recovery.check(db) is None  # locked: not damaged, never moved
        assert time.monotonic() - started < 5
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_move_aside_renames_the_log_and_its_journal(tmp_path: Path) -> None:
    db = tmp_path / "livedesk.db"
    for suffix, content in {"": b"main", "-wal": b"wal", "-shm": b"shm"}.items():
        Path(f"{db}{suffix}").write_bytes(content)
    when = time.mktime((2026, 3, 4, 5, 6, 7, 0, 0, -1))
    moved = recovery.move_aside(db, now=when)
    assert moved.name == "livedesk.db.broken-20260304-050607"
    assert not db.exists()
    assert not Path(f"{db}-wal").exists()
    assert not Path(f"{db}-shm").exists()
    assert Path(f"{moved}-wal").read_bytes() == b"wal"
    assert moved.read_bytes() == b"main"
    assert Path(f"{moved}-shm").read_bytes() == b"shm"
    db.write_bytes(b"again")  # the same second again: a numbered name, nothing overwritten
    second = recovery.move_aside(db, now=when)
    assert second.name == "livedesk.db.broken-20260304-050607-2"
    assert moved.read_bytes() == b"main"


def test_move_aside_of_a_lone_file(tmp_path: Path) -> None:
    db = tmp_path / "livedesk.db"
    db.write_bytes(b"x")
    moved = recovery.move_aside(db)
    assert moved.exists()
    assert not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [moved.name]


def test_is_damaged_reads_the_cause() -> None:
    inner = sqlite3.DatabaseError("database disk image is malformed")
    outer = RuntimeError("cannot use the database")
    outer.__cause__ = inner
    assert recovery.is_damaged(outer)
    assert recovery.is_damaged(inner)
    assert not recovery.is_damaged(sqlite3.OperationalError("database is locked"))
    assert not recovery.is_damaged(None)


async def test_sessions_on_a_damaged_log_says_what_to_do(tmp_path: Path) -> None:
    db = tmp_path / "livedesk.db"
    await _log_with_shows(db)
    corrupt_header(db)
    out, err = io.StringIO(), io.StringIO()
    assert run_sessions(db, as_json=True, out=out, err=err) == 1
    message = err.getvalue()
    assert message.startswith("livedesk: cannot read the database")
    assert out.getvalue() == ""
    assert "damaged" in message
    assert "--move-broken-db" in message
    assert message.count("\n") == 1
    with pytest.raises(queries.StoreError, match="damaged"):
        queries.list_sessions(db)
    sound = tmp_path / "sound.db"
    await _log_with_shows(sound, events=1)
    out, err = io.StringIO(), io.StringIO()
    assert run_sessions(sound, as_json=False, out=out, err=err) == 0
    assert "旧 old" in out.getvalue()


# ----- a data directory that cannot be written, at start ----------------------------------------
# (the real read-only mount: tests/integration/test_store_faults.py and the console in
# tests/e2e/test_store_faults_e2e.py; here SQLite and the directory are made to fail on purpose)
_CANNOT_OPEN = sqlite3.OperationalError("unable to open database file")


def _refuse_connect(*_args: object, **_kwargs: object) -> sqlite3.Connection:
    raise _CANNOT_OPEN


def test_a_data_dir_that_cannot_be_made_is_named_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    folder = tmp_path / "a-file" / "LiveDesk"
    with pytest.raises(schema.DataDirUnwritable) as caught:
        schema.open_database(folder / "livedesk.db")
    assert isinstance(caught.value, schema.StoreError)  # what the start catches
    assert caught.value.folder == folder
    message = str(caught.value)
    assert f"the data directory {folder} cannot be written" in message
    assert "--data-dir" in message
    assert "LIVEDESK_HOME" in message


def test_sqlite_unable_to_open_in_an_unwritable_dir_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sqlite3.connect itself failing (an empty read-only directory) is a StoreError naming the
    directory and what to do, never an unhandled OperationalError."""
    read_only = OSError(errno.EROFS, os.strerror(errno.EROFS))
    monkeypatch.setattr(schema, "unwritable_dir", lambda folder: read_only)
    monkeypatch.setattr(sqlite3, "connect", _refuse_connect)
    with pytest.raises(schema.DataDirUnwritable) as caught:
        schema.open_database(tmp_path / "livedesk.db")
    assert caught.value.kind == "read_only"
    assert caught.value.__cause__ is _CANNOT_OPEN
    message = str(caught.value)
    assert f"the data directory {tmp_path} cannot be written (Read-only file system)" in message
    assert "Choose another data directory (--data-dir or LIVEDESK_HOME)" in message
    assert "make this one writable" in message
    with pytest.raises(schema.DataDirUnwritable):  # the writer raises it to the start
        SqliteSessionLog(tmp_path / "livedesk.db")


def test_an_existing_log_in_an_unwritable_dir_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An existing log opens, but its -wal and -shm cannot be made beside it: SQLite says only
    "unable to open database file"; the message says it is the directory."""
    db = tmp_path / "livedesk.db"
    schema.open_database(db).close()
    denied = OSError(errno.EACCES, os.strerror(errno.EACCES))
    monkeypatch.setattr(schema, "unwritable_dir", lambda folder: denied)
    monkeypatch.setattr(schema, "configure", lambda db: _refuse_connect())
    with pytest.raises(schema.DataDirUnwritable, match=r"cannot be written \(Permission denied\)"):
        schema.open_database(db)


def test_a_full_disk_at_start_says_to_free_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(schema, "unwritable_dir", lambda folder: full)
    monkeypatch.setattr(sqlite3, "connect", _refuse_connect)
    with pytest.raises(schema.DataDirUnwritable, match="Free some space on its disk") as caught:
        schema.open_database(tmp_path / "livedesk.db")
    assert caught.value.kind == "disk_full"


def test_a_log_that_cannot_be_opened_in_a_writable_dir_says_what_sqlite_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite3, "connect", _refuse_connect)
    with pytest.raises(schema.StoreError) as caught:
        schema.open_database(tmp_path / "livedesk.db")
    assert not isinstance(caught.value, schema.DataDirUnwritable)  # the directory is fine
    assert str(caught.value) == (
        f"cannot use the database {tmp_path / 'livedesk.db'}: unable to open database file"
    )


def test_the_write_test_leaves_nothing_behind(tmp_path: Path) -> None:
    assert schema.unwritable_dir(tmp_path) is None
    assert list(tmp_path.iterdir()) == []
    missing = schema.unwritable_dir(tmp_path / "not-there")
    assert isinstance(missing, FileNotFoundError)


# ----- one console per data directory ---------------------------------------------------------
def test_one_console_per_data_directory(tmp_path: Path) -> None:
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    assert second.holder() == str(os.getpid())
    other = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from app.adapters.store.instance_lock import InstanceLock; "
         "sys.exit(0 if InstanceLock(Path(sys.argv[1])).acquire() else 3)", str(tmp_path)],
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert other.returncode == 3  # another process is refused too
    first.release()
    assert second.acquire()
    second.release()


def test_no_lock_where_none_can_be_made(tmp_path: Path) -> None:
    missing = InstanceLock(tmp_path / "not" / "there")
    assert missing.acquire()
    assert missing.holder() == "?"
