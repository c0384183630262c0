"""At start, a full disk and another program's lock are said as the running console says them
(what is wrong, what to do), not in SQLite's bare words: a log from an older LiveDesk that must be
upgraded on a full disk says to free space (its upgrade is undone, the log unchanged), and a log
another program holds locked says to close that program. Real SQLite files: the disk is held full
with ``PRAGMA max_page_count`` on the connection that opens the log (SQLite's own SQLITE_FULL), the
lock is another connection holding it with ``locking_mode=EXCLUSIVE``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from app.adapters.store import schema

OLD = "m005_askers_given_ts"  # the first migration a 4ab6a62-era log lacks


def _old_log(db: Path) -> None:
    """A log of the schema LiveDesk had at 4ab6a62 (m001-m004), with a show in it."""
    conn = schema.database(sqlite3.connect(db))
    conn.execute("PRAGMA journal_mode = WAL")
    schema.MIGRATIONS.apply(conn, stop_before=OLD)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("INSERT INTO sessions (title, started_at, ended_at) VALUES ('旧版节目', 1.0, 2.0)")
    conn.conn.commit()
    conn.close()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection schema.open_database makes is held at the size of the file it opens."""
    configure = schema.configure

    def held_at_its_size(db: sqlite_utils.Database) -> None:
        configure(db)
        pages = max(1, int(db.execute("PRAGMA page_count").fetchone()[0]))
        db.execute(f"PRAGMA max_page_count = {pages:d}")

    monkeypatch.setattr(schema, "configure", held_at_its_size)


def _state(db: Path) -> tuple[int, list[str], list[tuple[str]]]:
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return version, sorted(tables), conn.execute("SELECT title FROM sessions").fetchall()
    finally:
        conn.close()


def test_an_upgrade_on_a_full_disk_says_to_free_space(
    tmp_path: Path, full_disk: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "livedesk.db"
    _old_log(db)
    before = _state(db)
    assert before[0] == 4
    with pytest.raises(schema.UpgradeWithoutSpace) as caught:
        schema.open_database(db)
    problem = caught.value
    assert isinstance(problem, schema.DataDirUnwritable)  # what the start names, with a box
    assert problem.kind == "disk_full"
    message = str(problem)
    assert message.startswith(f"the show log {db} must be upgraded")
    assert "the disk holding it is full" in message
    assert "Free some space on that disk and start LiveDesk again" in message
    assert "unchanged" in message
    assert _state(db) == before  # the upgrade was rolled back
    monkeypatch.undo()  # room again
    schema.open_database(db).close()
    version, tables, shows = _state(db)
    assert version == schema.SCHEMA_VERSION
    assert "interaction_viewers" in tables
    assert shows == before[2]


def test_a_new_log_on_a_full_disk_says_to_free_space(tmp_path: Path, full_disk: None) -> None:
    with pytest.raises(schema.DataDirUnwritable) as caught:
        schema.open_database(tmp_path / "livedesk.db")
    assert not isinstance(caught.value, schema.UpgradeWithoutSpace)
    assert caught.value.kind == "disk_full"
    assert "Free some space on its disk" in str(caught.value)


@pytest.fixture
def held_exclusive(tmp_path: Path) -> Iterator[Path]:
    db = tmp_path / "livedesk.db"
    schema.open_database(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO products (sku, name, updated_at) VALUES ('L', 'lock', 0)")
    try:
        yield db
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_log_held_locked_at_start_says_to_close_the_other_program(
    held_exclusive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 100)
    with pytest.raises(schema.LogLocked) as caught:
        schema.open_database(held_exclusive)
    message = str(caught.value)
    assert message.startswith(f"another program is holding the show log {held_exclusive} locked")
    assert "Close the program using it (a database browser, a backup tool, a second LiveDesk)" in (
        message
    )
    assert message.endswith("then start LiveDesk again.")
    assert caught.value.path == held_exclusive
