"""The console's show log under real storage faults (issue #8 item 2), through the API only: the
data directory's disk fills up or turns read-only mid-show, the log file is damaged before a start,
another process holds it locked. The show goes on, the warning reaches /api/health, nothing
already written is damaged."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from obswebsocket import requests as obs_requests

from app.adapters.obs.overlay_layout import OVERLAY_SCENE, PRODUCT_INPUT
from app.adapters.store.schema import open_database
from tests.support.console_process import ConsoleProcess
from tests.support.faults import (
    LockHolder,
    SmallFilesystem,
    corrupt_header,
    corrupt_pages,
    integrity,
)
from tests.support.obs_process import ObsProcess
from tests.support.waiting import wait_until

SHEET = {
    "segments": [
        {"title": "开场", "duration": 60, "scene": "开场 Opening"},
        {"title": "讲解", "duration": 120, "scene": "讲解 Teaching"},
        {"title": "商品", "duration": 90, "scene": "商品 Product"},
        {"title": "收尾", "duration": 30, "scene": "BRB"},
    ],
    "products": [
        {"sku": "PY-101", "name": "Python 入门课", "price": "199", "stock": 20},
        {"sku": "PY-201", "name": "Python 进阶课", "price": "399", "stock": 5},
    ],
}


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _program(obs: ObsProcess) -> str:
    return str(obs.call(obs_requests.GetCurrentProgramScene()).datain["currentProgramSceneName"])


def _card_on(obs: ObsProcess) -> bool:
    items = obs.call(obs_requests.GetSceneItemList(sceneName=OVERLAY_SCENE)).datain["sceneItems"]
    return any(i["sourceName"] == PRODUCT_INPUT and i["sceneItemEnabled"] for i in items)


def _writer(console: ConsoleProcess) -> dict[str, Any]:
    writer: dict[str, Any] = console.get("/api/health").json()["writer"]
    return writer


def _comments(user: str, n: int) -> list[dict[str, Any]]:
    return [{"platform": "bilibili", "user": user, "text": f"{user} 第{i}条"} for i in range(n)]


@pytest.fixture
def small_console(
    fresh_obs: ObsProcess, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[ConsoleProcess, SmallFilesystem]]:
    """The console with its data directory on a small filesystem of its own (its log outside)."""
    kind = getattr(request, "param", "tmpfs")
    with SmallFilesystem(tmp_path / "data", size_mib=24, kind=kind) as fs:
        console = ConsoleProcess(fs.mountpoint, fresh_obs.url, fresh_obs.password)
        console.log_path = tmp_path / "console.log"
        console.start()
        try:
            yield console, fs
        finally:
            code = console.stop()
            assert code in (0, None), f"livedesk exited with {code}:\n{console.log_tail()}"


def _show_under_way(console: ConsoleProcess, obs: ObsProcess) -> Path:
    """A show with a run-sheet, overlays, a first cue and 20 comments, all on disk."""
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    assert console.post("/api/runsheet", SHEET).status_code == 200
    assert console.post("/api/overlay/setup", {"scenes": ["商品 Product"]}).status_code == 200
    assert console.post("/api/session/start", {"title": "存储故障 storage fault"}).ok
    assert console.post("/api/cue/next").ok
    assert console.post("/ingest", _comments("小红", 20)).json()["accepted"] == 20
    db = console.data_dir / "livedesk.db"
    wait_until(lambda: _rows(db, "SELECT count(*) FROM comments")[0][0] == 20, "comments stored", 5)
    return db


def _the_show_goes_on(console: ConsoleProcess, obs: ObsProcess) -> None:
    """Cues, overlays and the API all work while the log cannot be written; /ingest, once the
    writer has found it cannot write, asks its clients to wait (429 with Retry-After) rather
    than accept comments it could only keep in memory."""
    cue = console.post("/api/cue/next")
    assert cue.status_code == 200, cue.text
    assert not cue.json()["warnings"], cue.text
    wait_until(lambda: _program(obs) == "讲解 Teaching", "the cue's scene in OBS", 3)
    assert console.post("/api/overlay/product", {"sku": "PY-201"}).status_code == 200
    wait_until(lambda: _card_on(obs), "a newly rendered card on air", 5)
    wait_until(lambda: _writer(console)["failing"], "the writer failing", 5)
    refused = console.post("/ingest", _comments("小蓝", 30))
    assert refused.status_code == 429, refused.text
    assert int(refused.headers["Retry-After"]) >= 1
    state = console.state()
    assert state["counts"]["comments"] == 20  # nothing taken in that could not be kept
    assert state["runsheet"]["index"] == 1
    assert state["overlay"]["product"] == "PY-201"


@pytest.mark.parametrize("small_console", ["tmpfs"], indirect=True)
def test_disk_full_mid_show(
    small_console: tuple[ConsoleProcess, SmallFilesystem], fresh_obs: ObsProcess
) -> None:
    console, fs = small_console
    db = _show_under_way(console, fresh_obs)
    before = _rows(db, "SELECT id, t, kind, data FROM events ORDER BY id")

    fs.fill()
    _the_show_goes_on(console, fresh_obs)
    noticed = wait_until(lambda: _writer(console)["failing"], "the warning in /api/health", 5)
    writer = _writer(console)
    problem = writer["problem"]
    assert problem["kind"] == "disk_full"
    assert str(console.data_dir) in problem["message"]
    assert "Free some space" in problem["hint"]
    assert writer["unwritten"] > 0
    assert writer["dropped"] == 0
    assert integrity(db) == "ok"  # what is on disk stays sound meanwhile
    assert _rows(db, "SELECT id, t, kind, data FROM events ORDER BY id") == before

    fs.free()
    caught_up = wait_until(lambda: not _writer(console)["failing"], "the log written again", 5)
    assert _writer(console)["unwritten"] == 0
    assert _writer(console)["dropped"] == 0
    again = console.post("/ingest", _comments("小蓝", 30))  # the relay sends them again
    assert again.json()["accepted"] == 30, again.text
    assert console.post("/api/cue/next").ok
    assert console.post("/api/session/end").ok
    print(f"\n[fault] disk full: warning in /api/health after {noticed * 1000:.0f} ms; all kept "
          f"entries written {caught_up * 1000:.0f} ms after space was freed")  # fmt: skip

    assert console.stop() == 0
    said = [r.get("msg", "") for r in console.log_records()]
    assert any("native overlays: cannot write" in m for m in said)  # the card went elsewhere
    assert integrity(db) == "ok"
    after = _rows(db, "SELECT id, t, kind, data FROM events ORDER BY id")
    assert after[: len(before)] == before  # nothing earlier changed
    kinds = [k for _, _, k, _ in after]
    starts = [r[0] for r in _rows(db, "SELECT json_extract(data, '$.title') FROM events "
                                      "WHERE kind = 'segment.start' ORDER BY id")]  # fmt: skip
    assert starts == ["开场", "讲解", "商品"]  # the cue while the disk was full is in the log
    assert "overlay.product.show" in kinds
    assert kinds[-1] == "session.end"
    users = _rows(db, "SELECT user, count(*) FROM comments GROUP BY user ORDER BY user")
    assert dict(users) == {"小红": 20, "小蓝": 30}


@pytest.mark.parametrize("small_console", ["ext4"], indirect=True)
def test_disk_turns_read_only_mid_show(
    small_console: tuple[ConsoleProcess, SmallFilesystem], fresh_obs: ObsProcess
) -> None:
    console, fs = small_console
    db = _show_under_way(console, fresh_obs)
    before = _rows(db, "SELECT id, t, kind, data FROM events ORDER BY id")

    fs.fail_read_only()  # the kernel after a disk error; only unmounting brings it back
    _the_show_goes_on(console, fresh_obs)
    noticed = wait_until(lambda: _writer(console)["failing"], "the warning in /api/health", 5)
    problem = _writer(console)["problem"]
    assert problem["kind"] in ("io_error", "read_only"), problem
    assert problem["message"], problem
    ended = console.post("/api/session/end")  # the show ends; its end waits with the rest
    assert ended.status_code == 200, ended.text
    assert console.state()["session"]["id"] is None, ended.text
    print(f"\n[fault] disk gone read-only: warning in /api/health after {noticed * 1000:.0f} ms")

    assert console.stop() == 0
    records = console.log_records()
    assert any("entries lost" in r.get("msg", "") for r in records)
    fs.unmount()
    fs.check_and_remount()
    assert integrity(db) == "ok"
    assert _rows(db, "SELECT id, t, kind, data FROM events ORDER BY id") == before
    assert _rows(db, "SELECT count(*) FROM comments")[0][0] == 20
    # its end never reached the disk: the next start offers to resume the show
    assert _rows(db, "SELECT ended_at FROM sessions") == [(None,)]


def _crashed_log(data: Path) -> Path:
    """A show log as a crash leaves it: a session and its events in the main file (checkpointed,
    so damage to the file is damage to the log), and a -wal and -shm beside it."""
    data.mkdir(parents=True, exist_ok=True)
    db = data / "livedesk.db"
    script = (
        "import asyncio, os, sqlite3, sys\n"
        "from app.adapters.store.writer import SqliteSessionLog\n"
        "from app.domain.log_events import LogEntry\n"
        "async def main():\n"
        "    log = SqliteSessionLog(sys.argv[1])\n"
        "    sid = await log.start_session('旧的 old show', 1.0)\n"
        "    for i in range(500):\n"
        "        entry = LogEntry(t=float(i), kind='k', session_id=sid, data={'x': 'y' * 200})\n"
        "        log.append(entry)\n"
        "    await log.flush()\n"
        "    other = sqlite3.connect(sys.argv[1])\n"
        "    other.execute('PRAGMA wal_checkpoint(TRUNCATE)')\n"
        "    log.append(LogEntry(t=999.0, kind='last', session_id=sid))\n"
        "    await log.flush()\n"
        "    os._exit(0)\n"
        "asyncio.run(main())\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db)], check=True, cwd=Path.cwd())
    assert Path(f"{db}-wal").exists()
    assert Path(f"{db}-shm").exists()
    return db


def test_a_damaged_log_is_refused_then_set_aside_on_request(
    obs: ObsProcess, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    db = _crashed_log(data)
    corrupt_header(db)
    # The -shm is SQLite's shared-memory index, which every reader updates; the log is the rest.
    damaged = {p.name: p.read_bytes() for p in data.iterdir() if not p.name.endswith("-shm")}

    console = ConsoleProcess(data, obs.url, obs.password)
    for verb in (["sessions"], ["report", "latest", "--format", "json"]):
        done = console.cli(*verb)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        assert done.stderr.startswith("livedesk: "), done.stderr
        assert "damaged" in done.stderr, done.stderr

    console.log_path = tmp_path / "refused.log"
    with pytest.raises(RuntimeError, match="exited with 1"):
        console.start()
    said = console.log_path.read_text()
    assert "is damaged" in said
    assert "--move-broken-db" in said
    assert "Traceback" not in said
    assert {name: (data / name).read_bytes() for name in damaged} == damaged  # untouched
    assert Path(f"{db}-shm").exists()

    console = ConsoleProcess(data, obs.url, obs.password, "--move-broken-db")
    console.log_path = tmp_path / "moved.log"
    console.start()
    try:
        assert console.post("/api/session/start", {"title": "新的 fresh log"}).ok
        assert console.post("/api/session/end").ok
    finally:
        assert console.stop() == 0
    assert "was set aside as" in console.log_path.read_text()
    moved = sorted(p.name for p in data.iterdir() if ".broken-" in p.name)
    assert len(moved) == 3, moved
    stem = moved[0]
    assert stem.startswith("livedesk.db.broken-")
    assert len(stem) == len("livedesk.db.broken-") + 15
    assert moved == [stem, f"{stem}-shm", f"{stem}-wal"]
    for name, content in damaged.items():  # the set-aside copy is the damaged log, byte for byte
        suffix = name.removeprefix("livedesk.db")
        assert (data / f"{stem}{suffix}").read_bytes() == content
    assert integrity(db) == "ok"
    listed = console.cli("sessions", "--json")
    assert listed.returncode == 0
    assert "新的 fresh log" in listed.stdout
    assert "旧的 old show" not in listed.stdout


def test_a_damaged_wal_is_refused_then_set_aside_not_dropped(
    obs: ObsProcess, tmp_path: Path
) -> None:
    """A crashed show whose log lives in its -wal, 16 bytes of the -wal's 3rd frame damaged:
    SQLite alone would drop every later commit without a word and checkpoint the -wal away;
    the console refuses it at start and sets all three files aside on request."""
    data = tmp_path / "data"
    data.mkdir()
    db = data / "livedesk.db"
    script = (
        "import asyncio, os, sys\n"
        "from app.adapters.store.writer import SqliteSessionLog\n"
        "from app.domain.log_events import LogEntry\n"
        "async def main():\n"
        "    log = SqliteSessionLog(sys.argv[1])\n"
        "    for show in range(2):\n"
        "        sid = await log.start_session(f'第{show}场', 1.0 + show)\n"
        "        for i in range(5):\n"
        "            data = {'x': 'y' * 900}\n"
        "            log.append(LogEntry(t=float(i), kind='k', session_id=sid, data=data))\n"
        "            await log.flush()\n"
        "    os._exit(0)\n"
        "asyncio.run(main())\n"
    )  # fmt: skip
    subprocess.run([sys.executable, "-c", script, str(db)], check=True, cwd=Path.cwd())
    wal = Path(f"{db}-wal")
    page_size = int.from_bytes(wal.read_bytes()[8:12], "big")
    with wal.open("r+b") as file:
        file.seek(32 + 2 * (24 + page_size) + 24 + 100)
        file.write(bytes(16))
    damaged = {p.name: p.read_bytes() for p in data.iterdir() if not p.name.endswith("-shm")}

    console = ConsoleProcess(data, obs.url, obs.password)
    console.log_path = tmp_path / "refused.log"
    with pytest.raises(RuntimeError, match="exited with 1"):
        console.start()
    said = console.log_path.read_text()
    assert "livedesk.db-wal is damaged at frame 3" in said
    assert "--move-broken-db" in said
    assert {name: (data / name).read_bytes() for name in damaged} == damaged  # untouched

    console = ConsoleProcess(data, obs.url, obs.password, "--move-broken-db")
    console.log_path = tmp_path / "moved.log"
    console.start()
    assert console.stop() == 0
    assert "was set aside as" in console.log_path.read_text()
    stem = next(p.name for p in data.iterdir() if p.name.endswith("-wal") and ".broken-" in p.name)
    stem = stem.removesuffix("-wal")
    for name, content in damaged.items():  # the set-aside copy is the damaged log, byte for byte
        assert (data / f"{stem}{name.removeprefix('livedesk.db')}").read_bytes() == content


def test_deeper_damage_is_found_at_start_and_set_aside_headless_by_env(
    obs: ObsProcess, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    db = _crashed_log(data)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything into the main file
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    corrupt_pages(db, first_page=pages - 3, pages=2)  # event pages; header and schema read fine
    assert sqlite3.connect(db).execute("SELECT count(*) FROM sessions").fetchone()[0] == 1

    console = ConsoleProcess(data, obs.url, obs.password)
    console.log_path = tmp_path / "refused.log"
    with pytest.raises(RuntimeError, match="exited with 1"):
        console.start()
    assert "is damaged" in console.log_path.read_text()

    console.env["LIVEDESK_MOVE_BROKEN_DB"] = "1"
    console.log_path = tmp_path / "moved.log"
    console.start()
    try:
        assert console.post("/api/session/start", {"title": "重新开始"}).ok
    finally:
        assert console.stop() == 0
    assert len([p for p in data.iterdir() if ".broken-" in p.name]) >= 1
    assert integrity(db) == "ok"


def test_the_log_locked_by_another_process(obs: ObsProcess, console: ConsoleProcess) -> None:
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    assert console.post("/api/runsheet", SHEET).ok
    assert console.post("/api/session/start", {"title": "锁住 locked"}).ok
    assert console.post("/ingest", _comments("小红", 10)).json()["accepted"] == 10
    db = console.data_dir / "livedesk.db"
    wait_until(lambda: _rows(db, "SELECT count(*) FROM comments")[0][0] == 10, "comments stored", 5)

    with LockHolder(db) as holder:
        assert console.post("/api/cue/next").ok  # the show goes on
        assert console.post("/ingest", _comments("小蓝", 15)).json()["accepted"] == 15
        listed = console.cli("sessions", "--json")  # readers go on under WAL
        assert listed.returncode == 0
        assert "锁住 locked" in listed.stdout
        noticed = wait_until(lambda: _writer(console)["failing"], "the lock reported", 12)
        problem = _writer(console)["problem"]
        assert problem["kind"] == "locked"
        assert "Another program" in problem["message"]
        assert console.get("/api/state").status_code == 200
        held = holder.release()
    caught_up = wait_until(lambda: not _writer(console)["failing"], "written after release", 8)
    assert console.post("/api/session/end").ok
    print(f"\n[fault] log locked {held:.1f} s by another process: reported after {noticed:.1f} s "
          f"(busy timeout 5 s), all written {caught_up * 1000:.0f} ms after release")  # fmt: skip
    assert _writer(console)["dropped"] == 0
    assert console.stop() == 0
    assert integrity(db) == "ok"
    assert _rows(db, "SELECT count(*) FROM comments")[0][0] == 25
    kinds = [k for (k,) in _rows(db, "SELECT kind FROM events ORDER BY id")]
    assert "segment.start" in kinds
    assert kinds[-1] == "session.end"


@pytest.mark.parametrize("existing", [False, True], ids=["empty", "existing log"])
def test_a_read_only_data_dir_is_refused_at_start_with_what_to_do(
    tmp_path: Path, existing: bool
) -> None:
    """The data directory on a filesystem mounted read-only, empty or with the log of earlier
    shows: the console exits with 1 and one clear message (the directory, that it cannot be
    written, what to do), never a traceback. OBS is not needed: it never gets that far."""
    with SmallFilesystem(tmp_path / "data", size_mib=4) as fs:
        if existing:
            open_database(fs.mountpoint / "livedesk.db").close()
        fs.remount(read_only=True)
        try:
            console = ConsoleProcess(fs.mountpoint, "ws://127.0.0.1:1", "")
            console.log_path = tmp_path / "console.log"
            with pytest.raises(RuntimeError, match="exited with 1"):
                console.start()
        finally:
            fs.remount(read_only=False)
    said = console.log_path.read_text()
    assert "Traceback" not in said
    stderr = [line for line in said.splitlines() if line.startswith("livedesk: ")]
    assert stderr == [
        f"livedesk: the data directory {fs.mountpoint} cannot be written (Read-only file system), "
        "so LiveDesk cannot keep its show log there. Choose another data directory (--data-dir "
        "or LIVEDESK_HOME), or make this one writable (check its permissions, and whether its "
        "disk is mounted read-only)."
    ]


def test_a_second_console_on_the_same_data_dir_says_so(
    obs: ObsProcess, console: ConsoleProcess, tmp_path: Path
) -> None:
    second = ConsoleProcess(console.data_dir, obs.url, obs.password)
    second.log_path = tmp_path / "second.log"
    with pytest.raises(RuntimeError, match="exited with 1"):
        second.start()
    said = second.log_path.read_text()
    assert console.proc is not None
    assert f"(pid {console.proc.pid}) is already running" in said
    assert "--data-dir" in said
    assert "Traceback" not in said
    assert console.state()["obs"] is not None  # the first one is untouched
    assert console.post("/api/session/start", {"title": "第一台 first"}).ok
