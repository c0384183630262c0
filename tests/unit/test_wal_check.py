"""A damaged ``livedesk.db-wal`` is found at start (recovery.check, wal_check.py) before SQLite
silently drops every show after the damaged spot: the -wal is read as SQLite reads it, and agrees
with SQLite on where it stops; committed shows past that point, or a zero-byte log beside a -wal
(SQLite deletes such a -wal), are damage, to be set aside. A sound -wal, or one torn in its last
transaction (a power cut), is not. The logs are real: a writer in another process that dies
without closing (os._exit), leaving its shows in the -wal."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.adapters.store import recovery
from app.adapters.store.wal_check import FRAME_HEADER, HEADER, wal_damage, walk

_CRASH = """
import asyncio, os, sys
from app.adapters.store.writer import SqliteSessionLog
from app.domain.log_events import LogEntry
COMMENT = "INSERT INTO comments (session_id, platform, user, text, ts) VALUES (?, ?, ?, ?, ?)"
async def main():
    log = SqliteSessionLog(sys.argv[1])
    for show in range(2):
        sid = await log.start_session(f"第{show + 1}场 show", 1000.0 * show)
        for batch in range(6):
            for i in range(20):
                log.append(LogEntry(t=1000.0 * show + i, kind="k", session_id=sid,
                                    data={"pad": "数据" * 60}))
            log.append_rows(COMMENT, [(sid, "douyin", "小明", f"第{batch}批", 1.0)] * 5)
            await log.flush()
        if show == 0:
            await log.end_session(sid, 999.0)
    os._exit(0)  # as SIGKILL leaves it: no checkpoint, the shows in the -wal
asyncio.run(main())
"""


@pytest.fixture(scope="module")
def crashed_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crashed")
    db = folder / "livedesk.db"
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", _CRASH, str(db)], check=True, cwd=root)
    assert Path(f"{db}-wal").stat().st_size > 20 * 4096  # the shows are in the -wal
    return db


@pytest.fixture
def crashed(crashed_once: Path, tmp_path: Path) -> Path:
    """A copy of the crashed log (the main file and its -wal; no -shm, as after a reboot)."""
    db = tmp_path / "livedesk.db"
    shutil.copy(crashed_once, db)
    shutil.copy(f"{crashed_once}-wal", f"{db}-wal")
    return db


def _frame_offset(db: Path, frame: int) -> int:
    page_size = int.from_bytes(Path(f"{db}-wal").read_bytes()[8:12], "big")
    return HEADER + (frame - 1) * (FRAME_HEADER + page_size)


def _flip(db: Path, offset: int) -> None:
    wal = Path(f"{db}-wal")
    data = bytearray(wal.read_bytes())
    data[offset] ^= 0x5A
    wal.write_bytes(bytes(data))


def _frames_sqlite_keeps(db: Path, tmp_path: Path) -> int:
    """SQLite's own answer, on a copy: the frames its recovery keeps (wal_checkpoint's log)."""
    copy = tmp_path / "sqlite-says" / "livedesk.db"
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(db, copy)
    shutil.copy(f"{db}-wal", f"{copy}-wal")
    conn = sqlite3.connect(copy)
    try:
        return int(conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1])
    finally:
        conn.close()
        shutil.rmtree(copy.parent)


def _walked(db: Path) -> tuple[int, int]:
    wal = Path(f"{db}-wal")
    with wal.open("rb") as file:
        result = walk(file, wal.stat().st_size)
    assert result is not None
    return result.kept if result.sound_header else 0, result.frames


def _shows(db: Path) -> int:
    """The shows SQLite reads from the log (none when it does not even see the tables)."""
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sessions'").fetchone():
            return 0
        return int(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])
    finally:
        conn.close()


def test_a_sound_crashed_log_is_let_through(crashed: Path, tmp_path: Path) -> None:
    kept, frames = _walked(crashed)
    assert kept == frames == _frames_sqlite_keeps(crashed, tmp_path)
    assert wal_damage(crashed) is None
    assert recovery.check(crashed) is None
    assert _shows(crashed) == 2


def test_a_damaged_frame_early_in_the_wal_is_damage(crashed: Path, tmp_path: Path) -> None:
    _flip(crashed, _frame_offset(crashed, 3) + FRAME_HEADER + 100)  # in the 3rd frame's page
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    kept, _frames = _walked(crashed)
    assert kept == _frames_sqlite_keeps(crashed, tmp_path) < 3
    problem = recovery.check(crashed)
    assert problem is not None
    assert problem.startswith("its journal livedesk.db-wal is damaged at frame 3 of ")
    assert "SQLite would throw away" in problem
    assert "\n" not in problem
    assert _shows(crashed) == 0  # what SQLite alone would have made of it: no show at all
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert {name: after[name] for name in before} == before  # read only
    moved = recovery.move_aside(crashed)
    assert Path(f"{moved}-wal").read_bytes() == before["livedesk.db-wal"]  # kept for .recover
    assert not crashed.exists()
    assert not Path(f"{crashed}-wal").exists()


def test_a_zero_byte_log_beside_its_wal_is_damage(crashed: Path) -> None:
    crashed.write_bytes(b"")
    problem = recovery.check(crashed)
    assert problem is not None
    assert "the file is empty" in problem
    assert Path(f"{crashed}-wal").exists()  # the check never lets SQLite delete it


def test_a_torn_last_transaction_is_no_damage(crashed: Path) -> None:
    """A power cut in the middle of the last commit: SQLite drops that transaction alone."""
    kept, frames = _walked(crashed)
    _flip(crashed, _frame_offset(crashed, frames) + FRAME_HEADER + 7)  # the last commit frame
    assert _walked(crashed)[0] < kept
    assert recovery.check(crashed) is None
    wal = Path(f"{crashed}-wal")
    with wal.open("r+b") as file:
        file.truncate(wal.stat().st_size - 1000)  # the last frame half written
    assert recovery.check(crashed) is None


@pytest.mark.parametrize(
    ("frame", "at"),
    [
        (0, 12),  # the header's checkpoint sequence: its checksum fails, SQLite reads nothing
        (0, 26),  # the header's checksum itself
        (2, 0),  # a frame's page number
        (2, 9),  # a frame's salt
        (4, 17),  # a frame's checksum
        (5, FRAME_HEADER + 4000),  # a frame's page
        (-3, FRAME_HEADER + 1),  # late in the -wal
    ],
)
def test_the_walk_stops_where_sqlite_stops(
    crashed: Path, tmp_path: Path, frame: int, at: int
) -> None:
    frames = _walked(crashed)[1]
    number = frame if frame >= 0 else frames + 1 + frame
    _flip(crashed, (_frame_offset(crashed, number) if number else 0) + at)
    assert _walked(crashed)[0] == _frames_sqlite_keeps(crashed, tmp_path)


def test_a_wal_too_large_for_the_time_allowed_is_not_judged(crashed: Path) -> None:
    _flip(crashed, _frame_offset(crashed, 3) + FRAME_HEADER + 100)
    assert wal_damage(crashed, in_time=lambda: False) is None
    assert recovery.check(crashed, budget_s=0.0) is None  # the writer reports later


def test_reading_a_zero_byte_log_beside_its_wal_leaves_the_wal(crashed: Path) -> None:
    """`livedesk sessions` and the reports read the log read-only, yet SQLite would take an
    empty file for a new log and delete the journal holding every show: they refuse instead."""
    from app.adapters.store.queries import reading
    from app.adapters.store.schema import StoreError

    wal = Path(f"{crashed}-wal")
    kept = wal.read_bytes()
    crashed.write_bytes(b"")
    with (
        pytest.raises(StoreError, match=r"empty.*livedesk\.db-wal.*--move-broken-db"),
        reading(crashed),
    ):
        pass
    assert wal.read_bytes() == kept


def test_the_cli_warns_of_a_damaged_journal_before_it_lists_the_shows(
    crashed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`livedesk sessions` on a log whose -wal is damaged: SQLite lists what comes before the
    damage, and the line before it says the rest is missing and what to do."""
    from app import cli

    assert cli.run_verb(["sessions", "--data-dir", str(crashed.parent)]) == 0
    assert "warning" not in capsys.readouterr().err  # a sound one: nothing said
    _flip(crashed, _frame_offset(crashed, 3) + FRAME_HEADER + 100)
    assert cli.run_verb(["sessions", "--data-dir", str(crashed.parent)]) == 0
    said = capsys.readouterr().err
    assert "livedesk: warning:" in said
    assert "damaged at frame 3" in said
    assert "Start LiveDesk to set the damaged files aside" in said


def test_a_missing_log_beside_its_wal_is_damage_and_the_wal_is_set_aside(crashed: Path) -> None:
    """livedesk.db gone (a sync tool, a cleaning by hand), livedesk.db-wal left: SQLite would
    start a new log and delete the journal holding every show. It is set aside whole instead."""
    wal = Path(f"{crashed}-wal")
    kept = wal.read_bytes()
    crashed.unlink()
    problem = recovery.check(crashed)
    assert problem is not None
    assert "missing" in problem
    assert "livedesk.db-wal" in problem
    moved = recovery.move_aside(crashed)
    assert Path(f"{moved}-wal").read_bytes() == kept
    assert not wal.exists()
    assert recovery.check(crashed) is None  # nothing left: a fresh log may start
