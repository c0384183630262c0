"""Chapters, Resolve EDL and Premiere markers of real logs: a show recorded in two files, at the
recording's frame rate, its last chapter up to the recording's stop, past 23:59:59 of the
timeline, and never recorded (`livedesk report --format chapters|edl|premiere`)."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path
from typing import Any

import pytest

from app.adapters.report.reviews import ReportReviews
from app.adapters.store.writer import SqliteSessionLog
from app.cli import main
from app.domain.log_events import LogEntry
from app.report_cli import run_report
from app.services.exports import ExportError, resolve_edl, youtube_chapters
from app.services.review import build_report
from tests.unit.test_exports import parse_marker_edl

T0 = 1_731_340_000.0
Row = tuple[float, str, float | None, dict[str, Any]]


def seg(offset: float, tc: float | None, index: int, title: str) -> Row:
    return (offset, "segment.start", tc, {"index": index, "title": title, "planned_s": 600})


def start(offset: float, fps: tuple[int, int] | None = None) -> Row:
    rate = {} if fps is None else {"fps_numerator": fps[0], "fps_denominator": fps[1]}
    return (offset, "obs.record", 0.0, {"active": True, "path": None, **rate})


def stop(offset: float, path: str) -> Row:
    return (offset, "obs.record", None, {"active": False, "path": path})


def write_show(path: Path, rows: list[Row], end: float | None) -> Path:
    """A show 直播 at T0 written by the real writer: rows of (offset, kind, record_tc, data)."""

    async def write() -> None:
        store = SqliteSessionLog(path)
        try:
            sid = await store.start_session("直播", T0)
            for offset, kind, tc, data in [(0.0, "session.start", None, {}), *rows]:
                store.append(LogEntry(T0 + offset, kind, sid, record_tc=tc, data=dict(data)))
            if end is not None:
                store.append(LogEntry(T0 + end, "session.end", sid, record_tc=None))
                await store.end_session(sid, T0 + end)
            await store.flush()
        finally:
            store.close()

    asyncio.run(write())
    return path


def report(db: Path, fmt: str, **options: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_report(db, "latest", fmt, None, out, err, **options)
    return code, out.getvalue(), err.getvalue()


def premiere_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))[1:]


# --- a show recorded in two files --------------------------------------------------------------

# Recording 1 (0–20 min) holds 开场 and 商品一; recording 2, started at 22:00, holds 商品二 (which
# began at 21:40, between the two, so counts from recording 2's start) and 答疑.
TWO_FILES: list[Row] = [
    start(0),
    seg(0, 0.0, 0, "开场"),
    seg(600, 600.0, 1, "商品一"),
    (900, "marker", 900.0, {"note": "第一段的标记"}),
    (1200, "action.record", 1200.0, {"action": "stop", "origin": "console"}),
    stop(1200, "/rec/a.mkv"),
    seg(1300, None, 2, "商品二"),
    start(1320),
    (1400, "marker", 80.0, {"note": "第二段的标记"}),
    seg(1920, 600.0, 3, "答疑"),
    stop(2520, "/rec/b.mkv"),
]


@pytest.fixture
def two_files(tmp_path: Path) -> Path:
    return write_show(tmp_path / "livedesk.db", TWO_FILES, end=2521)


def test_two_recordings_are_laid_end_to_end_in_chapters(two_files: Path) -> None:
    code, out, err = report(two_files, "chapters")
    assert code == 0, err
    assert out == "0:00 开场\n10:00 商品一\n20:00 商品二\n30:00 答疑\n"
    assert "recorded in 2 files" in err
    assert "recording 2 from 20:00.0" in err


def test_two_recordings_are_laid_end_to_end_in_edl_and_premiere(two_files: Path) -> None:
    code, out, err = report(two_files, "edl")
    assert code == 0, err
    assert parse_marker_edl(out, 30)[1] == [
        (0.0, "开场"), (600.0, "商品一"), (900.0, "第一段的标记"),
        (1200.0, "商品二"), (1280.0, "第二段的标记"), (1800.0, "答疑"),
    ]  # fmt: skip
    assert "shares a frame" not in err
    code, out, err = report(two_files, "premiere")
    assert code == 0, err
    assert [(row[0], row[2]) for row in premiere_rows(out)] == [
        ("开场", "00:00:00:00"), ("商品一", "00:10:00:00"), ("第一段的标记", "00:15:00:00"),
        ("商品二", "00:20:00:00"), ("第二段的标记", "00:21:20:00"), ("答疑", "00:30:00:00"),
    ]  # fmt: skip


def test_a_recording_after_one_of_unknown_length_is_left_out_with_notes() -> None:
    """Recording 1's stop was never logged: where recording 2 falls after it is unknown, so its
    points are named and left out, never mixed with recording 1's."""
    events = [
        {"t": T0, "kind": "obs.record", "record_tc": 0.0, "data": {"active": True}},
        {"t": T0 + 1, "kind": "segment.start", "record_tc": 1.0, "data": {"title": "A"}},
        {"t": T0 + 60, "kind": "segment.start", "record_tc": 60.0, "data": {"title": "B"}},
        {"t": T0 + 500, "kind": "obs.record", "record_tc": 0.0, "data": {"active": True}},
        {"t": T0 + 510, "kind": "marker", "record_tc": 10.0, "data": {"note": "晚了"}},
    ]
    session = {"id": 3, "title": "直播", "started_at": T0, "ended_at": None}
    export = resolve_edl(build_report(session, events), fps=30)
    assert [name for _t, name in parse_marker_edl(export.text, 30)[1]] == ["A", "B"]
    assert any("marker “晚了” is in recording 2" in note for note in export.notes)


# --- the last chapter ends where the recording does -------------------------------------------


def test_the_last_chapter_runs_to_the_recording_s_stop(tmp_path: Path) -> None:
    """The stop entry has no timecode: the recording ends at its wall time (15:00), so the quiet
    last segment is a 5-minute chapter, not one of 0 s merged away."""
    rows = [start(0), seg(0, 0.0, 0, "开场"), seg(300, 300.0, 1, "讲解"),
            seg(600, 600.0, 2, "答疑"), stop(900, "/rec/show.mkv")]  # fmt: skip
    code, out, err = report(write_show(tmp_path / "livedesk.db", rows, end=905), "chapters")
    assert (code, out) == (0, "0:00 开场\n5:00 讲解\n10:00 答疑\n"), err


def test_the_last_chapter_ends_with_the_show_while_still_recording() -> None:
    events = [
        {"t": T0, "kind": "obs.record", "record_tc": 0.0, "data": {"active": True}},
        *({"t": T0 + tc, "kind": "segment.start", "record_tc": tc, "data": {"title": name}}
          for tc, name in ((0.0, "A"), (60.0, "B"), (120.0, "C"), (300.0, "谢幕"))),
        {"t": T0 + 304, "kind": "session.end", "record_tc": 304.0},
    ]  # fmt: skip
    session = {"id": 3, "title": "直播", "started_at": T0, "ended_at": T0 + 304}
    text = youtube_chapters(build_report(session, events)).text
    assert text.splitlines()[-1] == "2:00 C / 谢幕"  # 4 s to the show's end: merged


def test_with_the_recording_s_end_unknown_the_last_chapter_is_kept() -> None:
    """A show still running (no stop, no end): YouTube measures the last chapter to the end of
    the video, which is past its start; it is not merged for want of an end."""
    events = [
        {"t": T0 + tc, "kind": "segment.start", "record_tc": tc, "data": {"title": name}}
        for tc, name in ((0.0, "A"), (60.0, "B"), (120.0, "C"))
    ]
    session = {"id": 3, "title": "直播", "started_at": T0, "ended_at": None}
    assert youtube_chapters(build_report(session, events)).text == "0:00 A\n1:00 B\n2:00 C\n"


# --- the recording's frame rate ----------------------------------------------------------------


def test_edl_and_premiere_count_frames_at_the_logged_rate(tmp_path: Path) -> None:
    rows = [start(0, (25, 1)), seg(0, 0.0, 0, "开场"), (10.96, "marker", 10.96, {"note": "m"})]
    db = write_show(tmp_path / "livedesk.db", rows, end=30)
    code, out, err = report(db, "edl")
    assert code == 0, err
    assert "01:00:10:24 01:00:11:00" in out  # frame 274 at 25 fps; no frame 29 exists
    assert parse_marker_edl(out, 25)[1] == [(0.0, "开场"), (10.96, "m")]
    assert "frame rate" not in err
    code, out, err = report(db, "premiere")
    assert [row[2] for row in premiere_rows(out)] == ["00:00:00:00", "00:00:10:24"]
    code, out, err = report(db, "edl", fps=30)  # asked for: as asked, and said
    assert "01:00:10:29" in out
    assert "timecodes at 30 fps as asked; the log says the recording is at 25 fps" in err


def test_a_29_97_recording_counts_its_own_frames_non_drop(tmp_path: Path) -> None:
    rows = [start(0, (30000, 1001)), seg(0, 0.0, 0, "开场"), seg(3600, 3600.0, 1, "一小时")]
    db = write_show(tmp_path / "livedesk.db", rows, end=3700)
    code, out, err = report(db, "edl")
    assert code == 0, err
    assert "FCM: NON-DROP FRAME" in out
    assert "01:59:56:12 01:59:56:13" in out  # frame 107892, not 108000 (3.6 s late an hour)


def test_the_cli_takes_fps_and_keeps_the_spec_s_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [start(0, (25, 1)), seg(0, 0.0, 0, "开场"), (10.96, "marker", 10.96, {"note": "m"})]
    write_show(tmp_path / "livedesk.db", rows, end=30)
    target = tmp_path / "m.edl"
    home = ["--data-dir", str(tmp_path)]
    assert main(["report", "latest", "--format", "edl", "-o", str(target), *home]) == 0
    assert "01:00:10:24" in target.read_text("utf-8")
    assert main(["report", "latest", "--format", "edl", "--fps", "29.97", *home]) == 0
    assert "01:00:10:28" in capsys.readouterr().out  # 10.96 s is frame 328 at 30000/1001
    with pytest.raises(SystemExit) as refused:
        main(["report", "latest", "--format", "edl", "--fps", "0", *home])
    assert refused.value.code == 2
    assert "not a frame rate" in capsys.readouterr().err


def test_the_review_window_exports_at_the_logged_rate(tmp_path: Path) -> None:
    rows = [start(0, (25, 1)), seg(0, 0.0, 0, "开场"), (10.96, "marker", 10.96, {"note": "m"})]
    db = write_show(tmp_path / "livedesk.db", rows, end=30)
    target = tmp_path / "m.edl"
    notes = ReportReviews(db).export(1, "edl", str(target), None)
    assert "01:00:10:24" in target.read_text("utf-8")
    assert notes == []


# --- past 23:59:59 of the timeline, and never recorded -----------------------------------------


def test_points_past_the_last_timecode_are_left_out_with_a_note(tmp_path: Path) -> None:
    rows = [
        start(0, (30, 1)),
        seg(0, 0.0, 0, "开场"),
        seg(3600, 3600.0, 1, "一小时"),
        seg(84_000, 84_000.0, 2, "第二天"),  # 23:20:00 in: 24:20:00 on a timeline from 01:00
        (90_000, "marker", 90_000.0, {"note": "25小时"}),
    ]
    db = write_show(tmp_path / "livedesk.db", rows, end=90_100)
    code, out, err = report(db, "edl")
    assert code == 0, err
    assert [name for _t, name in parse_marker_edl(out, 30)[1]] == ["开场", "一小时"]
    assert "segment “第二天” is 23:20:00.0 into the recording" in err
    assert "past 23:59:59:29" in err
    code, out, err = report(db, "premiere")  # from 00:00:00:00: 84 000 s still fits
    assert [row[0] for row in premiere_rows(out)] == ["开场", "一小时", "第二天"]
    assert "marker “25小时”" in err
    assert all(int(row[2][:2]) <= 23 for row in premiere_rows(out))


def test_only_points_past_the_last_timecode_is_no_export() -> None:
    events = [{"t": T0, "kind": "marker", "record_tc": 86_400.0, "data": {"note": "m"}}]
    session = {"id": 3, "title": "直播", "started_at": T0, "ended_at": None}
    with pytest.raises(ExportError, match="1 past 23:59:59"):
        resolve_edl(build_report(session, events), fps=30)


@pytest.mark.parametrize("fmt", ["edl", "premiere"])
def test_a_show_never_recorded_is_exit_1_as_for_chapters(tmp_path: Path, fmt: str) -> None:
    rows = [seg(1, None, 0, "开场"), (5, "marker", None, {"note": "m"})]
    db = write_show(tmp_path / "livedesk.db", rows, end=60)
    code, out, err = report(db, fmt)
    assert (code, out) == (1, "")
    assert err == (
        f"livedesk: no {fmt} export for session 1: no segment or marker of this show is on its "
        "recording (2 not recorded)\n"
    )
