"""Chapters, Resolve EDL, Premiere CSV and pseudonymised reports (the `report` formats)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.report_cli import run_report
from app.services.exports import (
    ExportError,
    frame_timecode,
    premiere_markers_csv,
    resolve_edl,
    youtube_chapters,
)
from app.services.pseudonym import alias, pseudonymise
from app.services.review import build_report
from tests.support.evening_show import write_evening_show

T0 = 1_700_000_000.0


def report_of(segments: list[tuple[float | None, str]], **extra: Any) -> dict[str, Any]:
    """A report whose segments start at the given recording timecodes (None: not recording)."""
    events: list[dict[str, Any]] = []
    last_t = T0 + 10  # the recording begins at T0 + 100
    for index, (tc, title) in enumerate(segments):
        t = last_t = T0 + 100 + tc if tc is not None else last_t + 1
        data = {"title": title, "index": index, "planned_s": 60}
        events.append({"t": t, "kind": "segment.start", "record_tc": tc, "data": data})
    end_tc = extra.pop("end_tc", None)
    if end_tc is not None:
        events.append({"t": T0 + 100 + end_tc, "kind": "session.end", "record_tc": end_tc})
    for tc, note in extra.pop("markers", []):
        events.append(
            {"t": T0 + 100 + tc, "kind": "marker", "record_tc": tc, "data": {"note": note}}
        )
    session = {"id": 7, "title": "晚场直播", "started_at": T0, "ended_at": None}
    return build_report(session, events)


# --- chapters --------------------------------------------------------------------------------


def test_chapters_first_at_zero_and_m_ss() -> None:
    report = report_of([(5.0, "开场"), (65.5, "第一款\n好物"), (600.0, "答疑")], end_tc=900)
    export = youtube_chapters(report)
    assert export.text == "0:00 开场\n1:05 第一款 好物\n10:00 答疑\n"
    assert any("0:00" in note for note in export.notes)


def test_chapters_use_h_mm_ss_once_past_an_hour() -> None:
    report = report_of([(0.0, "A"), (1800.0, "B"), (3725.0, "C")], end_tc=4000)
    assert youtube_chapters(report).text == "0:00:00 A\n0:30:00 B\n1:02:05 C\n"


def test_short_chapters_are_merged_and_reported() -> None:
    report = report_of(
        [(0, "开场"), (60, "闪现"), (65, "好物"), (200, "插播"), (203, "答疑"), (300, "谢幕")],
        end_tc=400,
    )
    export = youtube_chapters(report)
    assert export.text == "0:00 开场 / 闪现\n1:05 好物 / 插播\n3:23 答疑\n5:00 谢幕\n"
    merges = [n for n in export.notes if "merged" in n]
    assert len(merges) == 2
    assert "“闪现” at 1:00 lasts 5 s" in merges[0]
    assert "插播" in merges[1]


def test_a_short_first_chapter_merges_into_the_next() -> None:
    report = report_of([(0.0, "片头"), (3.0, "开场"), (60.0, "B"), (120.0, "C")], end_tc=200)
    export = youtube_chapters(report)
    assert export.text.splitlines()[0] == "0:00 片头 / 开场"
    assert "merged into the next" in export.notes[0]


def test_a_short_last_chapter_merges_into_the_previous() -> None:
    report = report_of([(0.0, "A"), (60.0, "B"), (120.0, "C"), (195.0, "谢幕")], end_tc=200)
    assert youtube_chapters(report).text.splitlines()[-1] == "2:00 C / 谢幕"


def test_segments_without_a_timecode_are_skipped_with_a_note() -> None:
    # “彩排” logged after the recording began, but without a timecode (the recording had stopped)
    report = report_of([(0.0, "A"), (None, "彩排"), (60.0, "B"), (120.0, "C")], end_tc=200)
    export = youtube_chapters(report)
    assert "彩排" not in export.text
    assert export.text.count("\n") == 3
    assert any("彩排" in n and "skipped" in n for n in export.notes)


def test_a_segment_begun_before_the_recording_counts_from_zero() -> None:
    report = report_of([(None, "暖场"), (30.0, "A"), (90.0, "B")], end_tc=200)
    assert youtube_chapters(report).text == "0:00 暖场\n0:30 A\n1:30 B\n"


def test_fewer_than_three_chapters_is_an_error() -> None:
    report = report_of([(0.0, "A"), (60.0, "B"), (65.0, "C")], end_tc=200)
    with pytest.raises(ExportError, match=r"at least 3 chapters.*gives 2.*1 merged"):
        youtube_chapters(report)


def test_markers_as_chapters_only_when_asked() -> None:
    report = report_of([(0.0, "A"), (60.0, "B")], end_tc=200, markers=[(120.0, "上链接")])
    with pytest.raises(ExportError):
        youtube_chapters(report)
    assert youtube_chapters(report, include_markers=True).text.endswith("2:00 上链接\n")


@given(st.lists(st.floats(0, 20_000, allow_nan=False), min_size=3, max_size=30))
def test_chapters_always_valid_for_youtube(starts: list[float]) -> None:
    report = report_of([(tc, f"S{i}") for i, tc in enumerate(sorted(starts))], end_tc=20_010)
    try:
        text = youtube_chapters(report).text
    except ExportError:
        return
    seconds = []
    for line in text.splitlines():
        stamp = line.split(" ", 1)[0]
        parts = [int(p) for p in stamp.split(":")]
        seconds.append(sum(p * 60**i for i, p in enumerate(reversed(parts))))
    assert seconds[0] == 0
    assert len(seconds) >= 3
    assert all(b - a >= 10 for a, b in itertools.pairwise(seconds))
    assert 20_010 - seconds[-1] >= 10
    assert len({len(line.split(" ", 1)[0].split(":")) for line in text.splitlines()}) == 1


# --- EDL ---------------------------------------------------------------------------------------

EVENT = re.compile(r"^(\d{3})  001      V     C        (\S+) (\S+) (\S+) (\S+)  $")


def parse_marker_edl(text: str, fps: int) -> tuple[str, list[tuple[float, str]]]:
    """A reader of Resolve marker EDLs: title, and each marker's seconds and name."""
    lines = text.split("\r\n")
    assert lines[0].startswith("TITLE: ")
    assert lines[1] == "FCM: NON-DROP FRAME"
    markers = []
    for i, line in enumerate(lines):
        if match := EVENT.match(line):
            tc_in, tc_out = match.group(2), match.group(3)
            assert (match.group(4), match.group(5)) == (tc_in, tc_out)
            h, m, s, f = (int(p) for p in tc_in.split(":"))
            frames = ((h - 1) * 3600 + m * 60 + s) * fps + f
            comment = re.fullmatch(r" \|C:ResolveColor\w+ \|M:(.*) \|D:1", lines[i + 1])
            assert comment is not None
            assert lines[i + 2] == ""
            markers.append((frames / fps, comment.group(1)))
    return lines[0][len("TITLE: ") :], markers


def test_edl_reads_back_as_the_markers() -> None:
    report = report_of(
        [(0.0, "开场"), (61.5, "好物|一"), (3700.2, "答疑")],
        end_tc=4000,
        markers=[(90.0, "上链接")],
    )
    title, markers = parse_marker_edl(resolve_edl(report).text, 30)
    assert title == "晚场直播"
    assert markers == [(0.0, "开场"), (61.5, "好物/一"), (90.0, "上链接"), (3700.2, "答疑")]


def test_edl_at_another_frame_rate() -> None:
    report = report_of([(0.0, "A"), (10.0, "B")], markers=[(2.52, "m")])
    text = resolve_edl(report, fps=25).text
    assert "002  001      V     C        01:00:02:13 01:00:02:14 01:00:02:13 01:00:02:14  " in text
    assert [t for t, _ in parse_marker_edl(text, 25)[1]] == [0.0, 2.52, 10.0]


def test_edl_keeps_markers_on_one_frame_apart() -> None:
    report = report_of([(0.0, "A")], markers=[(0.0, "m")])
    export = resolve_edl(report)
    assert [t for t, _ in parse_marker_edl(export.text, 30)[1]] == [0.0, 1 / 30]
    assert any("moved" in n for n in export.notes)


def test_bad_frame_rate_is_an_error() -> None:
    with pytest.raises(ExportError):
        resolve_edl(report_of([(0.0, "A")]), fps=0)


# --- Premiere ----------------------------------------------------------------------------------


def test_premiere_csv_has_bom_columns_and_frame_timecodes() -> None:
    report = report_of([(0.0, "开场"), (3725.5, "答疑")], markers=[(61.1, "上链接")])
    text = premiere_markers_csv(report).text
    assert text.startswith("\ufeffMarker Name,Description,In,Out,Duration,Marker Type\r\n")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[1:] == [
        ["开场", "segment", "00:00:00:00", "00:00:00:00", "00:00:00:00", "Comment"],
        ["上链接", "marker", "00:01:01:03", "00:01:01:03", "00:00:00:00", "Comment"],
        ["答疑", "segment", "01:02:05:15", "01:02:05:15", "00:00:00:00", "Comment"],
    ]


def test_premiere_marker_names_are_kept_as_written() -> None:
    """Premiere reads the cells as text: no spreadsheet `'` before = + - @ in a marker's name."""
    report = report_of([(0.0, "-5 折"), (10.0, "+1 加购")], markers=[(5.0, "@cmd"), (7.0, "=1+1")])
    rows = list(csv.reader(io.StringIO(premiere_markers_csv(report).text[1:], newline="")))
    assert [row[:2] for row in rows[1:]] == [
        ["-5 折", "segment"], ["@cmd", "marker"], ["=1+1", "marker"], ["+1 加购", "segment"],
    ]  # fmt: skip


def test_frame_timecode() -> None:
    assert frame_timecode(30 * 3725 + 29, 30) == "01:02:05:29"
    assert frame_timecode(24, 23.976) == "00:00:01:00"


# --- pseudonymise ------------------------------------------------------------------------------


def audience_report() -> dict[str, Any]:
    events = [
        {"t": T0 + 1, "kind": "question.open", "data": {"user": "小明", "text": "多少钱？"}},
        {"t": T0 + 2, "kind": "question.open", "data": {"user": "Alice", "text": "@小明 同问"}},
        {"t": T0 + 3, "kind": "question.answer", "data": {"by": "助理小王", "answer": "回复小明"}},
        {"t": T0 + 4, "kind": "overlay.featured.show", "data": {"user": "小明", "text": "好"}},
        {"t": T0 + 5, "kind": "audience.block", "data": {"user": "spam bot"}},
        {"t": T0 + 6, "kind": "question.merged", "data": {"askers": ["Alice", "小明明"]}},
    ]
    session = {"id": 1, "title": "晚场", "started_at": T0, "ended_at": None}
    return build_report(session, events)


def test_pseudonymise_leaves_no_viewer_name() -> None:
    report = pseudonymise(audience_report(), "s3cret")
    dump = json.dumps(report, ensure_ascii=False)
    for name in ("小明", "Alice", "spam bot"):
        assert name not in dump
    assert "助理小王" in dump  # assistants keep their names
    events = report["events"]
    assert events[0]["user"] == events[3]["user"] == alias("小明", "s3cret")
    assert re.fullmatch(r"观众-[0-9A-F]{4}", events[0]["user"])
    assert events[1]["text"] == f"@{alias('小明', 's3cret')} 同问"
    assert events[5]["askers"] == [alias("Alice", "s3cret"), alias("小明明", "s3cret")]


def test_pseudonymise_is_stable_per_salt() -> None:
    assert pseudonymise(audience_report(), "a") == pseudonymise(audience_report(), "a")
    assert pseudonymise(audience_report(), "a") != pseudonymise(audience_report(), "b")


# --- the CLI -----------------------------------------------------------------------------------


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return write_evening_show(tmp_path / "livedesk.db")


def run(
    db: Path, session: str, fmt: str, output: str | None, **kwargs: Any
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_report(db, session, fmt, output, out, err, **kwargs)
    return code, out.getvalue(), err.getvalue()


def test_cli_chapters(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "chapters.txt"
    code, out, err = run(db_path, "latest", "chapters", str(target))
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8") == "0:00 开场\n1:00 好物 / 答疑\n2:03 彩蛋\n"
    assert err.startswith("livedesk: note: ")
    assert "“答疑” at 2:00 lasts 3 s" in err


def test_cli_chapters_fewer_than_three_is_exit_1(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "c.txt"
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM events WHERE kind = 'segment.start' AND record_tc >= 120")
    code, out, err = run(db_path, "latest", "chapters", str(target))
    assert code == 1
    assert out == ""
    assert not target.exists()
    assert "at least 3 chapters" in err
    assert "gives 2" in err


def test_cli_edl_and_premiere(db_path: Path, tmp_path: Path) -> None:
    code, _, _ = run(db_path, "latest", "edl", str(tmp_path / "m.edl"))
    assert code == 0
    text = (tmp_path / "m.edl").read_bytes().decode("utf-8")
    names = [m for _, m in parse_marker_edl(text, 30)[1]]
    assert names == ["开场", "好物", "上链接", "答疑", "彩蛋"]
    code, out, _ = run(db_path, "latest", "premiere", "-")
    assert code == 0
    assert out.startswith("\ufeffMarker Name,")
    assert "上链接,marker,00:01:30:00" in out


def test_cli_pseudonymise(db_path: Path, tmp_path: Path) -> None:
    code, out, _ = run(db_path, "latest", "json", None, pseudonymise=True, salt="x")
    assert code == 0
    assert "小明" not in out
    assert alias("小明", "x") in out
    code, out, _ = run(db_path, "latest", "json", None)
    assert "小明" in out


def test_spreadsheet_cells_never_start_like_a_formula() -> None:
    from app.services.review import spreadsheet_safe

    for text in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"):
        assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("多少钱？") == "多少钱？"
    assert spreadsheet_safe(-5) == -5
