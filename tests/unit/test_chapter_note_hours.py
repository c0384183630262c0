"""The chapters' notes give a time on the recording as the chapter lines do: H:MM:SS from an hour
on (1:14:55), never minutes past sixty (74:55) beside a chapter line that reads 1:15:00."""

from __future__ import annotations

from typing import Any

from app.services.export_points import recording_clock
from app.services.exports import youtube_chapters
from app.services.review import build_report

T0 = 1_700_000_000.0


def report_of(starts: list[tuple[float, str]], end_tc: float) -> dict[str, Any]:
    """A show recorded from T0: its segments start at these recording timecodes."""
    events: list[dict[str, Any]] = [
        {"t": T0 + tc, "kind": "segment.start", "record_tc": tc,
         "data": {"index": index, "title": title, "planned_s": 600}}
        for index, (tc, title) in enumerate(starts)
    ]  # fmt: skip
    events.append({"t": T0 + end_tc, "kind": "session.end", "record_tc": end_tc})
    session = {"id": 1, "title": "四小时", "started_at": T0, "ended_at": None}
    return build_report(session, events)


def test_a_chapter_merged_past_an_hour_is_named_with_its_hours() -> None:
    report = report_of([(0, "开场"), (595, "讲课一"), (4495, "插播"), (4500, "讲课二")], 8100)
    export = youtube_chapters(report)
    assert export.text == "0:00:00 开场\n0:09:55 讲课一 / 插播\n1:15:00 讲课二\n"
    assert export.notes == [
        "chapter “插播” at 1:14:55 lasts 5 s (< 10 s): merged into the previous, “讲课一”"
    ]


def test_a_first_chapter_past_an_hour_says_when_it_began_with_its_hours() -> None:
    report = report_of([(3605, "开场"), (4000, "讲课"), (5000, "答疑")], 6000)
    export = youtube_chapters(report)
    assert export.text == "0:00:00 开场\n1:06:40 讲课\n1:23:20 答疑\n"
    assert "(it began 1:00:05 into the recording)" in export.notes[0]


def test_recording_clock() -> None:
    assert [recording_clock(s) for s in (0, 595, 3599, 3600, 4495)] == [
        "0:00", "9:55", "59:59", "1:00:00", "1:14:55"]  # fmt: skip
