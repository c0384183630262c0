"""The clip planner: spans from the log, merged, cut per recording, markers, file names."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain import log_events as kinds
from app.domain.clips import ClipBy, clip_stem, plan_clips, safe_title
from app.domain.log_events import LogEntry


class Log:
    """A show's log written by hand: wall time runs from 1000; `rec_at` the wall time the current
    recording began (None: not recording), so every entry gets the timecode the recorder stamps."""

    def __init__(self) -> None:
        self.entries: list[LogEntry] = []
        self.rec_at: float | None = None

    def add(self, t: float, kind: str, **data: Any) -> None:
        tc = None if self.rec_at is None else round(t - self.rec_at, 3)
        self.entries.append(LogEntry(1000 + t, kind, 1, record_tc=tc, data=data))

    def record_start(self, t: float) -> None:
        self.rec_at = t
        self.add(t, kinds.OBS_RECORD, active=True, path=None)

    def record_stop(self, t: float, path: str | None) -> None:
        self.rec_at = None
        self.add(t, kinds.OBS_RECORD, active=False, path=None)  # STOPPING: no file name yet
        if path:
            self.add(t + 0.2, kinds.OBS_RECORD, active=False, path=path)

    def show(self, t: float, sku: str, name: str) -> None:
        self.add(t, kinds.PRODUCT_SHOW, sku=sku, name=name)

    def hide(self, t: float, sku: str) -> None:
        self.add(t, kinds.PRODUCT_HIDE, sku=sku)


def spans(plan: Any) -> list[tuple[str, int, float, float | None]]:
    return [(c.title, c.recording, c.start_s, c.end_s) for c in plan.clips]


def test_a_card_from_show_to_hide_and_replaced_by_the_next() -> None:
    log = Log()
    log.add(0, kinds.SESSION_START, title="show")
    log.record_start(2)
    log.show(12, "A1", "保温杯")
    log.show(40, "B2", "Tea 茶叶")  # replaces A1
    log.hide(70, "B2")
    log.record_stop(90, "/rec/a.mkv")
    plan = plan_clips(log.entries)
    assert spans(plan) == [("保温杯", 0, 10.0, 38.0), ("Tea 茶叶", 0, 38.0, 68.0)]
    assert [c.sku for c in plan.clips] == ["A1", "B2"]
    assert plan.recordings[0].path == "/rec/a.mkv"
    assert plan.unrecorded == ()


def test_the_same_product_back_within_a_few_seconds_is_one_clip() -> None:
    log = Log()
    log.record_start(0)
    log.show(10, "A1", "保温杯")
    log.hide(30, "A1")
    log.show(33, "A1", "保温杯")  # back after 3 s
    log.hide(50, "A1")
    log.show(80, "A1", "保温杯")  # back after 30 s: a clip of its own
    log.hide(90, "A1")
    plan = plan_clips(log.entries)
    assert spans(plan) == [("保温杯", 0, 10.0, 50.0), ("保温杯", 0, 80.0, 90.0)]
    # the gap is the caller's to choose
    assert len(plan_clips(log.entries, merge_gap_s=60).clips) == 1
    assert len(plan_clips(log.entries, merge_gap_s=0).clips) == 3


def test_merging_over_a_short_other_card_keeps_that_card_too() -> None:
    log = Log()
    log.record_start(0)
    log.show(10, "A1", "A")
    log.show(30, "B2", "B")
    log.show(32, "A1", "A")
    log.hide(60, "A1")
    assert spans(plan_clips(log.entries)) == [("A", 0, 10.0, 60.0), ("B", 0, 30.0, 32.0)]


def test_a_slip_of_the_hand_makes_no_clip() -> None:
    log = Log()
    log.record_start(0)
    log.show(10, "A1", "A")
    log.show(10.4, "B2", "B")
    log.hide(20, "B2")
    plan = plan_clips(log.entries)
    assert spans(plan) == [("B", 0, 10.4, 20.0)]
    # left out, but said: the plan lists it with how long it was on screen
    assert [(c.title, c.start_s, c.end_s) for c in plan.too_short] == [("A", 10.0, 10.4)]


def test_a_card_up_in_the_last_second_of_the_show_is_too_short_not_forgotten() -> None:
    log = Log()
    log.record_start(0)
    log.show(5, "A1", "A")
    log.show(12.2, "F", "最后一秒")
    log.add(13, kinds.SESSION_END)
    plan = plan_clips(log.entries)
    assert spans(plan) == [("A", 0, 5.0, 12.2)]
    assert [(c.title, c.end_s) for c in plan.too_short] == [("最后一秒", 13.0)]


def test_timecodes_back_after_obs_was_out_of_reach_are_the_same_recording() -> None:
    """While OBS is not connected the log stamps no timecodes; when it is back and the recording
    went on, the timecodes go on from the same origin: one recording, one file."""
    log = Log()
    log.record_start(0)
    log.show(10, "A1", "A")
    log.add(20, kinds.OBS_DISCONNECTED, reason="lost")
    rec_at, log.rec_at = log.rec_at, None
    log.add(25, kinds.QUESTION_OPEN, text="多少钱")  # logged while OBS was away: no timecode
    log.rec_at = rec_at
    log.add(40, kinds.OBS_CONNECTED)
    log.hide(50, "A1")
    log.record_stop(60, "/rec/a.mkv")
    plan = plan_clips(log.entries)
    assert spans(plan) == [("A", 0, 10.0, 50.0)]
    assert [r.path for r in plan.recordings] == ["/rec/a.mkv"]


def test_a_card_never_hidden_runs_to_the_show_end_or_the_recording_end() -> None:
    log = Log()
    log.record_start(0)
    log.show(10, "A1", "A")
    log.add(50, kinds.SESSION_END)
    assert spans(plan_clips(log.entries)) == [("A", 0, 10.0, 50.0)]
    open_log = Log()
    open_log.record_start(0)
    open_log.show(10, "A1", "A")
    assert spans(plan_clips(open_log.entries)) == [("A", 0, 10.0, None)]


def test_several_recordings_each_clip_in_its_own_file_at_its_own_offset() -> None:
    log = Log()
    log.record_start(0)
    log.show(10, "A1", "A")
    log.hide(20, "A1")
    log.record_stop(30, "/rec/one.mkv")
    log.record_start(100)
    log.show(110, "B2", "B")
    log.hide(125, "B2")
    log.record_stop(200, "/rec/two.mkv")
    plan = plan_clips(log.entries)
    assert [r.path for r in plan.recordings] == ["/rec/one.mkv", "/rec/two.mkv"]
    assert spans(plan) == [("A", 0, 10.0, 20.0), ("B", 1, 10.0, 25.0)]


def test_a_card_up_across_a_recording_stop_is_cut_in_each_recording() -> None:
    log = Log()
    log.record_start(0)
    log.show(10, "A1", "A")
    log.record_stop(30, "/rec/one.mkv")
    log.record_start(40)
    log.hide(55, "A1")
    log.record_stop(60, "/rec/two.mkv")
    # to the first file's end, then from the second's start; not merged across files
    assert spans(plan_clips(log.entries)) == [("A", 0, 10.0, None), ("A", 1, 0.0, 15.0)]


def test_spans_with_no_recording_are_listed_not_cut() -> None:
    log = Log()
    log.show(5, "A1", "Before")
    log.hide(15, "A1")
    log.record_start(20)
    log.show(30, "B2", "During")
    log.hide(40, "B2")
    log.record_stop(50, None)
    log.show(60, "C3", "After")
    log.hide(70, "C3")
    plan = plan_clips(log.entries)
    assert spans(plan) == [("During", 0, 10.0, 20.0)]
    assert plan.unrecorded == ("Before", "After")
    assert plan.recordings[0].path is None  # the stop never named the file


def test_a_recording_started_during_a_card_starts_the_clip_with_it() -> None:
    log = Log()
    log.show(5, "A1", "A")
    log.record_start(20)
    log.hide(40, "A1")
    assert spans(plan_clips(log.entries)) == [("A", 0, 0.0, 20.0)]


def test_a_recording_running_before_the_show_and_timecodes_jumping_back() -> None:
    """No start entry (the recording was on when the console connected), then another recording
    known only by its timecodes restarting (the console missed OBS's events)."""
    entries = [
        LogEntry(1000, kinds.SESSION_START, 1, record_tc=300.0),
        LogEntry(1010, kinds.PRODUCT_SHOW, 1, record_tc=310.0, data={"sku": "A", "name": "A"}),
        LogEntry(1020, kinds.PRODUCT_HIDE, 1, record_tc=320.0, data={"sku": "A"}),
        LogEntry(1030, kinds.PRODUCT_SHOW, 1, record_tc=4.0, data={"sku": "B", "name": "B"}),
        LogEntry(1040, kinds.PRODUCT_HIDE, 1, record_tc=14.0, data={"sku": "B"}),
    ]
    plan = plan_clips(entries)
    assert len(plan.recordings) == 2
    assert spans(plan) == [("A", 0, 310.0, 320.0), ("B", 1, 4.0, 14.0)]


def test_a_late_file_name_after_the_show_ended_names_the_recording() -> None:
    log = Log()
    log.record_start(0)
    log.show(10, "A1", "A")
    log.add(20, kinds.SESSION_END)
    log.record_stop(40, "/rec/late.mkv")
    assert plan_clips(log.entries).recordings[0].path == "/rec/late.mkv"


def test_a_stale_file_name_while_stopping_is_replaced_by_the_new_one() -> None:
    log = Log()
    log.record_start(0)
    log.show(1, "A1", "A")
    log.hide(5, "A1")
    log.rec_at = None
    log.add(10, kinds.OBS_RECORD, active=False, path="/rec/older.mkv")  # STOPPING, state's path
    log.add(10.5, kinds.OBS_RECORD, active=False, path="/rec/this.mkv")
    assert plan_clips(log.entries).recordings[0].path == "/rec/this.mkv"


def test_segments_from_start_to_end_with_their_product() -> None:
    log = Log()
    log.record_start(0)
    log.add(5, kinds.SEGMENT_START, index=0, title="开场 Welcome", product=None)
    log.add(65, kinds.SEGMENT_END, index=0, title="开场 Welcome")
    log.add(65, kinds.SEGMENT_START, index=1, title="", product="A1")
    log.add(100, kinds.SEGMENT_START, index=2, title="答疑", product=None)
    log.add(130, kinds.SESSION_END)
    plan = plan_clips(log.entries, ClipBy.SEGMENT)
    assert spans(plan) == [
        ("开场 Welcome", 0, 5.0, 65.0),
        ("Segment 2", 0, 65.0, 100.0),
        ("答疑", 0, 100.0, 130.0),
    ]
    assert [c.sku for c in plan.clips] == [None, "A1", None]


def test_a_clip_around_each_marker_clamped_at_the_recording_start() -> None:
    log = Log()
    log.record_start(0)
    log.add(10, kinds.MARKER, note="精彩片段")
    log.add(100, kinds.MARKER, note="Marker 2")
    log.record_stop(200, "/rec/a.mkv")
    log.add(250, kinds.MARKER, note="too late")
    plan = plan_clips(log.entries, ClipBy.MARKER, before_s=20, after_s=10)
    assert spans(plan) == [("精彩片段", 0, 0.0, 20.0), ("Marker 2", 0, 80.0, 110.0)]
    assert plan.unrecorded == ("too late",)


def test_no_recording_at_all() -> None:
    log = Log()
    log.show(5, "A1", "A")
    log.hide(15, "A1")
    plan = plan_clips(log.entries)
    assert plan.clips == ()
    assert plan.recordings == ()
    assert plan.unrecorded == ("A",)
    assert plan_clips([]).clips == ()


def test_a_product_without_a_name_is_titled_by_its_sku() -> None:
    log = Log()
    log.record_start(0)
    log.add(5, kinds.PRODUCT_SHOW, sku="SKU-9")
    log.hide(9, "SKU-9")
    assert plan_clips(log.entries).clips[0].title == "SKU-9"


@pytest.mark.parametrize(
    ("title", "safe"),
    [
        ("保温杯 500ml", "保温杯 500ml"),
        ('a/b\\c:d*e?f"g<h>i|j', "a b c d e f g h i j"),
        ("  ...hidden.  ", "hidden"),
        ("\x00\n\t", "clip"),
        ("长" * 100, "长" * 60),
    ],
)
def test_safe_titles(title: str, safe: str) -> None:
    assert safe_title(title) == safe


def test_clip_file_stems_sort_in_show_order() -> None:
    assert clip_stem(1, 9, "保温杯") == "01-保温杯"
    assert clip_stem(7, 120, "A/B") == "007-A B"
