"""`livedesk report -o`: where the file goes (a symlink's target, a FIFO or a device written to
directly), and bad -o values and session ids said in one line, never a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from app.adapters.files.atomic import write_whole
from app.adapters.store.schema import open_database
from app.report_cli import run_report, run_sessions
from tests.support.evening_show import write_evening_show

T0 = 1_700_000_000.0
FORMATS = ("json", "csv", "chapters", "edl", "premiere", "attendance", "html")
TOO_BIG = str(2**63)  # past SQLite's INTEGER


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_evening_show(tmp_path_factory.mktemp("log") / "livedesk.db")


def run(db: Path, session: str, fmt: str, output: str | None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_report(db, session, fmt, output, out, err)
    return code, out.getvalue(), err.getvalue()


def expected(db: Path, fmt: str) -> str:
    code, out, err = run(db, "latest", fmt, None)
    assert code == 0, err
    return out


# ----- symlinks --------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_symlink_stays_and_its_target_gets_the_report(
    db_path: Path, tmp_path: Path, fmt: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "real.out"
    real.write_text("earlier", encoding="utf-8")
    real.chmod(0o640)
    here = tmp_path / "here"
    here.mkdir()
    link = here / "link.out"
    link.symlink_to(Path("..") / "elsewhere" / "real.out")  # relative, from another folder
    code, out, err = run(db_path, "latest", fmt, str(link))
    assert (code, out) == (0, ""), err
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("..") / "elsewhere" / "real.out")
    assert real.read_bytes().decode("utf-8") == expected(db_path, fmt)
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the file's permissions kept
    assert sorted(p.name for p in elsewhere.iterdir()) == ["real.out"]  # no part left
    assert sorted(p.name for p in here.iterdir()) == ["link.out"]


def test_a_dangling_symlink_gets_its_file_made(db_path: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    assert run(db_path, "latest", "json", str(link))[0] == 0
    assert link.is_symlink()
    assert json.loads((tmp_path / "new.json").read_text("utf-8"))["session"]["id"] == 1


# ----- FIFOs and devices: written to directly --------------------------------------------------
def read_fifo_while(fifo: Path, write: Any) -> tuple[bytes, Any]:
    """Read `fifo` from a thread while `write()` runs; what was read, and what `write` gave.
    The reader holds the FIFO by a hard link, so a FIFO replaced by a plain file cannot make it
    read that file instead, and it is let go (end of file) when nothing wrote to the FIFO."""
    held = fifo.with_name(fifo.name + ".held")
    os.link(fifo, held)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(held.read_bytes()), daemon=True)
    reader.start()
    result = write()
    deadline = time.monotonic() + 10
    while reader.is_alive() and time.monotonic() < deadline:
        # nobody wrote to it: let the reader go (OSError: not open yet, or read and gone)
        with contextlib.suppress(OSError):
            os.close(os.open(held, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(0.05)
    assert not reader.is_alive()
    held.unlink()
    return (got[0] if got else b""), result


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_fifo_is_written_to_not_replaced(db_path: Path, tmp_path: Path, fmt: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    read, (code, out, err) = read_fifo_while(fifo, lambda: run(db_path, "latest", fmt, str(fifo)))
    assert (code, out) == (0, ""), err
    assert read.decode("utf-8") == expected(db_path, fmt)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_symlink_to_a_fifo_is_written_through(db_path: Path, tmp_path: Path) -> None:
    """As /dev/stdout is, when standard output is a pipe (/dev/stdout → /proc/self/fd/1)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    stdout = tmp_path / "stdout"
    stdout.symlink_to(fifo)
    read, (code, _out, err) = read_fifo_while(
        fifo, lambda: run(db_path, "latest", "csv", str(stdout))
    )
    assert code == 0, err
    assert read.decode("utf-8") == expected(db_path, "csv")
    assert stdout.is_symlink()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_write_whole_through_a_fifo_and_over_a_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    read, _ = read_fifo_while(fifo, lambda: write_whole(fifo, b"abc"))
    assert read == b"abc"
    plain = tmp_path / "plain"
    plain.write_bytes(b"old")
    write_whole(str(plain), b"new")
    assert plain.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "plain"]


# ----- bad -o values: one line, never a traceback ----------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "csv", "attendance", "edl", "html"])
def test_an_empty_output_is_a_usage_error(db_path: Path, fmt: str) -> None:
    code, out, err = run(db_path, "latest", fmt, "")
    assert (code, out) == (2, "")
    assert err == "livedesk: -o needs a file name (or - for standard output)\n"


@pytest.mark.parametrize("fmt", ["json", "csv", "attendance", "edl", "html"])
@pytest.mark.parametrize("where", [".", "/", "folder"])
def test_a_folder_as_output_is_said_in_words(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, where: str
) -> None:
    work = tmp_path / "work"
    (work / "folder").mkdir(parents=True)
    monkeypatch.chdir(work)
    code, out, err = run(db_path, "latest", fmt, where)
    assert (code, out) == (1, "")
    assert err == f"livedesk: cannot write {where}: Is a directory\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]  # no part beside the folder
    assert sorted(p.name for p in work.iterdir()) == ["folder"]


# ----- session ids past SQLite's integers ------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "html", "attendance", "csv"])
@pytest.mark.parametrize("session", [TOO_BIG, "-" + TOO_BIG + "1"])
def test_a_session_id_too_big_for_sqlite_is_no_such_session(
    db_path: Path, fmt: str, session: str
) -> None:
    code, out, err = run(db_path, session, fmt, None)
    assert (code, out) == (1, "")
    assert err == f"livedesk: there is no session {session} (see `livedesk sessions`)\n"


# ----- sessions --json without a database ------------------------------------------------------
def test_sessions_json_without_a_database_is_an_empty_list(tmp_path: Path) -> None:
    missing = tmp_path / "livedesk.db"
    out, err = io.StringIO(), io.StringIO()
    assert run_sessions(missing, True, out, err) == 0
    assert (json.loads(out.getvalue()), err.getvalue()) == ([], "")
    assert not missing.exists()
    empty = tmp_path / "empty" / "livedesk.db"
    empty.parent.mkdir()
    open_database(empty).close()
    same = io.StringIO()
    assert run_sessions(empty, True, same, io.StringIO()) == 0
    assert same.getvalue() == out.getvalue()  # what an empty log prints
