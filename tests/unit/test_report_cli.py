"""`livedesk sessions` and `livedesk report` over a real session log."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from app.adapters.store.schema import open_database
from app.report_cli import run_report, run_sessions

T0 = 1_700_000_000.0


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "livedesk.db"
    db = open_database(path)
    db.execute(
        "INSERT INTO sessions (id, title, started_at, ended_at) VALUES (1, 'old', ?, ?)",
        [T0, T0 + 60],
    )
    db.execute(
        "INSERT INTO sessions (id, title, started_at) VALUES (2, '晚场直播', ?)", [T0 + 3600]
    )
    rows = [
        (2, T0 + 3601, "session.start", None, None, '{"title": "晚场直播"}'),
        (2, T0 + 3602, "segment.start", 1.0, 2.0, '{"title": "开场", "planned_s": 60, "index": 0}'),
        (2, T0 + 3650, "marker", 49.0, 50.0, '{"note": "上链接"}'),
    ]
    db.conn.executemany(
        "INSERT INTO events (session_id, t, kind, stream_tc, record_tc, data) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.execute(
        "INSERT INTO comments (session_id, platform, user, text, ts, is_question) "
        "VALUES (2, 'bilibili', '小明', '多少钱？', ?, 1)",
        [T0 + 3610],
    )
    db.conn.commit()
    db.close()
    return path


def run(fn, *args: object) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = fn(*args, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_sessions_json(db_path: Path) -> None:
    code, out, err = run(run_sessions, db_path, True)
    assert code == 0
    assert err == ""
    sessions = json.loads(out)
    assert [s["id"] for s in sessions] == [2, 1]
    assert all(
        set(s) == {"id", "title", "started_at", "ended_at", "events", "comments"} for s in sessions
    )
    assert sessions[0]["title"] == "晚场直播"
    assert sessions[0]["ended_at"] is None
    assert (sessions[0]["events"], sessions[0]["comments"]) == (3, 1)
    assert "晚场直播" in out  # not \u-escaped


def test_sessions_table(db_path: Path) -> None:
    code, out, _ = run(run_sessions, db_path, False)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["ID", "TITLE", "STARTED", "ENDED", "EVENTS", "COMMENTS"]
    assert lines[1].split()[:2] == ["2", "晚场直播"]
    assert "(open)" in lines[1]


def test_sessions_without_a_database(tmp_path: Path) -> None:
    """No database is no session logged yet: exit 0 as --json (test_report_cli_output), the
    table's own sentence, and a note naming where the database was looked for."""
    missing = tmp_path / "livedesk.db"
    code, out, err = run(run_sessions, missing, False)
    assert code == 0
    assert out == "No sessions logged yet.\n"
    assert err.startswith("livedesk: note: no LiveDesk database at ")
    assert str(missing) in err
    assert err.count("\n") == 1
    assert not missing.exists()


def test_report_json_to_a_file(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, err = run(run_report, db_path, "latest", "json", str(target))
    assert (code, out, err) == (0, "", "")
    text = target.read_text(encoding="utf-8")
    assert "上链接" in text
    assert text.startswith("{\n  ")
    report = json.loads(text)
    assert set(report) >= {"session", "segments", "events", "questions", "comments", "markers"}
    assert report["session"]["id"] == 2
    assert [e["kind"] for e in report["events"]] == ["session.start", "segment.start", "marker"]
    assert report["segments"][0]["title"] == "开场"
    assert report["segments"][0]["comments"] == 1
    assert report["markers"][0]["note"] == "上链接"
    assert report["markers"][0]["record_tc"] == 50.0
    assert report["questions"]["total"] == 1
    assert report["comments"]["total"] == 1


def test_report_json_to_stdout_by_id(db_path: Path) -> None:
    code, out, _ = run(run_report, db_path, "1", "json", None)
    assert code == 0
    assert json.loads(out)["session"]["title"] == "old"


def test_report_csv_has_bom_and_header(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    assert run(run_report, db_path, "2", "csv", str(target))[0] == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["time", "t", "kind", "stream_tc", "record_tc", "details"]
    assert len(rows) == 4
    assert rows[3][2] == "marker"
    assert json.loads(rows[3][5]) == {"note": "上链接"}


def test_report_csv_to_stdout_keeps_the_bom(db_path: Path) -> None:
    code, out, _ = run(run_report, db_path, "latest", "CSV", "-")
    assert code == 0
    assert out.startswith("\ufefftime,t,kind,")


@pytest.mark.parametrize("session", ["42", "abc"])
def test_unknown_session_is_exit_1(db_path: Path, tmp_path: Path, session: str) -> None:
    target = tmp_path / "r.json"
    code, out, err = run(run_report, db_path, session, "json", str(target))
    assert code == 1
    assert out == ""
    assert err.startswith("livedesk: ")
    assert session in err
    assert "Traceback" not in err
    assert not target.exists()


def test_unknown_format_is_exit_2(db_path: Path) -> None:
    code, _, err = run(run_report, db_path, "latest", "docx", None)
    assert code == 2
    assert "unknown report format" in err


def test_report_without_a_database_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "sub" / "livedesk.db"
    code, _, err = run(run_report, missing, "latest", "json", None)
    assert code == 1
    assert "no LiveDesk database" in err
    assert not missing.parent.exists()


def test_report_from_a_newer_livedesk_is_refused(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    code, _, err = run(run_report, db_path, "latest", "json", None)
    assert code == 1
    assert "newer LiveDesk" in err


def test_report_into_a_missing_directory(db_path: Path, tmp_path: Path) -> None:
    code, _, err = run(run_report, db_path, "latest", "json", str(tmp_path / "no" / "r.json"))
    assert code == 1
    assert "cannot write" in err


def test_report_over_an_earlier_one_is_whole_or_not_written(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report -o` replaces its file in one step; a disk that fills halfway through leaves the
    earlier report whole and no part file behind."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "r.json"
    assert run(run_report, db_path, "latest", "json", str(target))[0] == 0
    earlier = target.read_text(encoding="utf-8")
    assert json.loads(earlier)["session"]

    def disk_full_halfway(self: Path, data: bytes) -> int:
        with self.open("wb") as half:
            half.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full_halfway)
    code, _, err = run(run_report, db_path, "latest", "json", str(target))
    monkeypatch.undo()
    assert code == 1
    assert "No space left" in err
    assert target.read_text(encoding="utf-8") == earlier
    assert sorted(p.name for p in folder.iterdir()) == ["r.json"]
