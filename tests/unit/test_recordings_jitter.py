"""Timecodes that fall back a little within one recording, as earlier versions logged them after a
wall-clock step or a status answer read late: one recording still, in the log and in the exports;
timecodes that start again from near 0 are still another recording."""

from __future__ import annotations

from typing import Any

from app.domain import log_events as kinds
from app.domain.log_events import LogEntry
from app.domain.recordings import lay_end_to_end, split_recordings
from app.domain.timecode import JITTER_S
from app.services.exports import youtube_chapters
from app.services.review import build_report

T0 = 1_765_112_400.0


def entry(offset: float, kind: str, tc: float | None, **data: Any) -> LogEntry:
    return LogEntry(T0 + offset, kind, 1, record_tc=tc, data=data)


def segment(offset: float, tc: float, index: int) -> LogEntry:
    return entry(offset, kinds.SEGMENT_START, tc, index=index, title=f"第{index + 1}节")


def recorded_with_a_wall_step() -> list[LogEntry]:
    """An older version's log: 8 segments of 10 min in one recording; the wall clock stepped 3 s
    forward just before the marker, whose timecode is 3 s high for it, and the next cue (after
    the next poll) is stamped 1.5 s lower than the marker."""
    before = [segment(tc, tc, i) for i, tc in enumerate([1.0, 600.0, 1199.0, 1798.0])]
    marker = entry(2397.0 + 3.0, kinds.MARKER, 2400.0, note="上链接")
    after = [segment(tc + 3.0, tc, i) for i, tc in enumerate([2398.5, 2997.5, 3596.5, 4195.5], 4)]
    return [entry(0, kinds.SESSION_START, 0.0), *before, marker, *after]


def test_a_small_fall_back_late_in_a_recording_is_the_same_recording() -> None:
    entries = recorded_with_a_wall_step()
    assert [e.record_tc for e in entries[4:7]] == [1798.0, 2400.0, 2398.5]
    runs, run_of = split_recordings(entries)
    assert len(runs) == 1
    assert set(run_of) == {0}


def test_an_answer_read_late_is_the_same_recording() -> None:
    entries = [
        entry(0, kinds.SESSION_START, 0.0),
        entry(1798.8, kinds.MARKER, 1798.8, note="上链接"),
        segment(1798.95, 1798.05, 3),  # 0.75 s back: the poll's figure anchored 0.9 s late
        segment(2397.95, 2397.95, 4),
    ]
    assert len(split_recordings(entries)[0]) == 1


def test_a_fall_back_as_far_as_the_jitter_is_the_same_recording_further_is_another() -> None:
    def fell_back(by: float) -> list[LogEntry]:
        return [entry(0, kinds.MARKER, 1800.0), entry(1, kinds.MARKER, 1800.0 - by)]

    assert len(split_recordings(fell_back(JITTER_S))[0]) == 1
    assert len(split_recordings(fell_back(JITTER_S + 0.5))[0]) == 2


def test_timecodes_starting_again_late_in_a_recording_are_another_recording() -> None:
    """OBS's stop and start were missed: the timecodes go from 30:00 back to 0:03."""
    entries = [
        entry(0, kinds.OBS_RECORD, 0.0, active=True, path=None),
        segment(1, 1.0, 0),
        segment(1800, 1800.0, 1),
        segment(1810, 3.0, 2),
        segment(1820, 13.0, 3),
    ]
    runs, run_of = split_recordings(entries)
    assert len(runs) == 2
    assert run_of == [0, 0, 0, 1, 1]
    assert lay_end_to_end(entries).starts == (0.0, None)  # the first one's end is not logged


def test_the_chapters_keep_every_segment_of_a_log_with_a_fall_back() -> None:
    events = [
        {"t": e.t, "kind": e.kind, "record_tc": e.record_tc, "data": e.data}
        for e in recorded_with_a_wall_step()
    ]
    session = {"id": 1, "title": "直播", "started_at": T0, "ended_at": None}
    export = youtube_chapters(build_report(session, events))
    assert export.text.splitlines() == [
        "0:00:00 第1节", "0:10:00 第2节", "0:19:59 第3节", "0:29:58 第4节",
        "0:39:58 第5节", "0:49:57 第6节", "0:59:56 第7节", "1:09:55 第8节",
    ]  # fmt: skip
    assert not any("recording 2" in note for note in export.notes)
