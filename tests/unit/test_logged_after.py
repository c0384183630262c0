"""The log's entries from after the kept state, taken into it (app/domain/logged_after.py): the
clocks carried from the logged times, each entry applied once, a damaged part left as kept."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain import log_events as kinds
from app.domain.audience import Comment, Kind
from app.domain.interaction import saved
from app.domain.log_events import LogEntry
from app.domain.logged_after import count_items, take_in

AT = 1_700_000_000.0  # when the state was kept


def _state(**parts: Any) -> dict[str, Any]:
    sheet = {"title": "公开课", "segments": [
        {"title": "开场", "duration_s": 300},
        {"title": "抽奖", "duration_s": 300, "interaction": "抽奖：口令=福袋"},
        {"title": "答疑", "duration_s": 300},
    ]}  # fmt: skip
    state: dict[str, Any] = {
        "version": 1,
        "runsheet": {"sheet": sheet, "index": 0, "elapsed_s": 40.0, "run_s": 40.0,
                     "paused": False, "actual_s": {}, "points_done": {}, "standby": None,
                     "standby_choice": None, "cued": {}},
        "overlays": {"product": None, "coupon": None, "featured": None, "thanks": False},
        "audience": {"total": 3, "activities": 1, "tally": {"likes": 5}},
        "interaction": {"next_id": 1, "lottery": None, "poll": None, "checkin": None,
                        "draws": [], "on_screen": []},
    }  # fmt: skip
    state.update(parts)
    return state


def _at(dt: float, kind: str, **data: Any) -> LogEntry:
    return LogEntry(AT + dt, kind, 1, data=data)


def test_entries_logged_at_the_save_or_before_are_in_it_already() -> None:
    state = _state()
    taken = take_in(state, [_at(-1, kinds.SEGMENT_START, index=2),
                            _at(0, kinds.SEGMENT_START, index=1)], AT)  # fmt: skip
    assert taken.entries == []
    assert state == _state()


def test_a_cue_carries_the_segment_clock_from_its_logged_start() -> None:
    state = _state()
    take_in(state, [_at(0.2, kinds.SEGMENT_END, index=0, actual_s=40.2),
                    _at(0.2, kinds.SEGMENT_START, index=2, title="答疑"),
                    _at(0.3, kinds.SEGMENT_POINT, index=2, point=0, done=True)], AT)  # fmt: skip
    runsheet = state["runsheet"]
    assert runsheet["index"] == 2
    assert runsheet["actual_s"] == {"0": pytest.approx(40.2)}
    # as it read at the save: 0.2 s before it started (resume adds the time away)
    assert runsheet["run_s"] == pytest.approx(-0.2)
    assert runsheet["elapsed_s"] == pytest.approx(-0.2)
    assert runsheet["points_done"] == {"2": [0]}


def test_the_last_segment_ended_leaves_the_sheet_finished() -> None:
    state = _state()
    state["runsheet"]["index"] = 2
    take_in(state, [_at(1, kinds.SEGMENT_END, index=2, actual_s=41.0)], AT)
    assert (state["runsheet"]["index"], state["runsheet"]["run_s"]) == (3, None)
    assert state["runsheet"]["actual_s"] == {"2": 41.0}


def test_standby_pauses_the_clock_and_its_return_lets_it_go_on() -> None:
    state = _state()
    take_in(state, [_at(2, kinds.STANDBY_ON, scene="马上回来", return_scene="Live")], AT)
    assert state["runsheet"]["standby"] == {"return_scene": "Live", "watch_was_paused": False}
    assert (state["runsheet"]["run_s"], state["runsheet"]["paused"]) == (42.0, True)

    state = _state()
    take_in(state, [_at(2, kinds.STANDBY_ON, scene="马上回来", return_scene="Live"),
                    _at(7, kinds.STANDBY_OFF, scene="Live")], AT)  # fmt: skip
    assert state["runsheet"]["standby"] is None
    # 42 s when it paused, going on from 7 s after the save: 35 s as read at the save
    assert (state["runsheet"]["run_s"], state["runsheet"]["paused"]) == (35.0, False)


def test_a_cue_that_opened_its_segments_lottery_is_remembered_for_cueing_back() -> None:
    state = _state()
    take_in(state, [_at(1, kinds.SEGMENT_START, index=1),
                    _at(1, kinds.LOTTERY_OPEN, id=1, keyword="福袋", winners=1, seconds=None,
                        exclude_previous_winners=False, excluded=0)], AT)  # fmt: skip
    assert state["runsheet"]["cued"] == {"1": ["lottery", 1]}
    assert state["interaction"]["lottery"]["id"] == 1
    assert state["interaction"]["on_screen"] == ["lottery"]
    assert state["interaction"]["next_id"] == 2


def test_a_run_sheet_loaded_after_the_save_stops_taking_its_cues_in() -> None:
    state = _state()
    taken = take_in(state, [_at(1, kinds.SEGMENT_END, index=0, actual_s=41),
                            _at(2, kinds.RUNSHEET_LOAD, segments=9),
                            _at(3, kinds.SEGMENT_START, index=7)], AT)  # fmt: skip
    assert taken.sheet_loaded
    assert state["runsheet"]["index"] == 3  # as far as the sheet it holds goes


def test_the_coupon_countdown_follows_its_start_extend_pause_and_resume() -> None:
    state = _state()
    take_in(state, [_at(0.5, kinds.COUPON_START, code="FLASH50", seconds=120, origin="cue"),
                    _at(10, kinds.COUPON_EXTEND, code="FLASH50", seconds=30)], AT)  # fmt: skip
    coupon = state["overlays"]["coupon"]
    # started after the save: its whole length as read then (0.5 s more than it had)
    assert coupon == {"code": "FLASH50", "total_s": 150.0, "origin": "cue",
                      "remaining_s": 150.0, "paused": False}  # fmt: skip

    state = _state(overlays={"product": "SKU-1", "featured": None, "thanks": False, "coupon": {
        "code": "FLASH50", "total_s": 120, "remaining_s": 100.0, "paused": False,
        "origin": "cue"}})  # fmt: skip
    take_in(state, [_at(10, kinds.COUPON_PAUSE, code="FLASH50")], AT)
    assert state["overlays"]["coupon"]["remaining_s"] == 90.0
    assert state["overlays"]["coupon"]["paused"] is True
    take_in(state, [_at(30, kinds.COUPON_RESUME, code="FLASH50"),
                    _at(31, kinds.PRODUCT_HIDE, sku="SKU-1")], AT)  # fmt: skip
    assert state["overlays"]["coupon"]["remaining_s"] == 120.0  # 90 s left from 30 s on
    assert state["overlays"]["coupon"]["paused"] is False
    assert state["overlays"]["product"] is None
    take_in(state, [_at(40, kinds.COUPON_END, code="FLASH50", reason="stopped")], AT)
    assert state["overlays"]["coupon"] is None


def test_a_draw_applied_twice_is_one_draw() -> None:
    state = _state()
    winner = ["douyin", "小明", "u1"]
    draw = _at(1, kinds.LOTTERY_DRAW, id=1, keyword="福袋", winners_wanted=1, seed="s",
               entrants=[winner, ["douyin", "阿花", "u2"]], winners=[winner])  # fmt: skip
    take_in(state, [_at(0.5, kinds.LOTTERY_OPEN, id=1, keyword="福袋", winners=1),
                    draw, draw], AT)  # fmt: skip
    lottery = state["interaction"]["lottery"]
    assert lottery["drawn"] == {"seed": "s", "entrants": 2, "winners": [winner]}
    assert state["interaction"]["draws"] == [lottery["drawn"]]
    restored = saved.lottery_from_saved(lottery)
    assert not restored.open
    assert [w.user for w in restored.drawn.winners] == ["小明"]  # type: ignore[union-attr]
    take_in(state, [_at(2, kinds.LOTTERY_DRAW, id=1, keyword="福袋", winners_wanted=1,
                        seed="other", entrants=[], winners=[])], AT)  # fmt: skip
    assert state["interaction"]["lottery"]["drawn"]["seed"] == "s"  # the first stands


def test_a_close_of_an_older_poll_leaves_the_newer_one_kept() -> None:
    newer = {"id": 3, "question": "Q?", "options": ["a", "b"], "opened_at": AT - 5,
             "answer": None, "seconds": None, "open": True, "revealed": False,
             "closed_at": None, "viewers": saved.STORED, "count": 0, "counts": [0, 0]}  # fmt: skip
    state = _state()
    state["interaction"]["poll"] = newer
    take_in(state, [_at(1, kinds.POLL_CLOSE, id=2, counts=[1, 1], voters=2)], AT)
    assert state["interaction"]["poll"]["id"] == 3
    assert state["interaction"]["poll"]["open"] is True
    take_in(state, [_at(2, kinds.POLL_CLOSE, id=3, counts=[4, 1], voters=5)], AT)
    poll = saved.poll_from_saved(state["interaction"]["poll"])
    assert (poll.open, poll.counts, poll.voters, poll.closed_at) == (False, [4, 1], 5, AT + 2)


def test_a_damaged_part_is_left_as_kept_and_the_others_take_theirs_in() -> None:
    state = _state()
    state["runsheet"]["actual_s"] = {"0": "forty"}
    taken = take_in(state, [_at(1, kinds.SEGMENT_START, index=1),
                            _at(1, kinds.PRODUCT_SHOW, sku="SKU-1", name="课"),
                            _at(2, kinds.HOST_MESSAGE, text="还有两分钟", level="urgent",
                                by="导播")], AT)  # fmt: skip
    assert [part.split(":")[0] for part in taken.left_out] == ["runsheet"]
    assert state["runsheet"]["index"] == 0
    assert state["overlays"]["product"] == "SKU-1"
    assert state["host_message"] == {"text": "还有两分钟", "level": "urgent", "since": AT + 2,
                                     "by": "导播"}  # fmt: skip


def test_the_audiences_items_after_the_state_are_counted_into_it() -> None:
    state = _state()
    items = [Comment(0, "douyin", "小明", "", AT, kind=Kind.LIKE, count=3),
             Comment(4, "douyin", "阿花", "", AT, kind=Kind.GIFT, gift="小心心", count=2,
                     value=2.0, currency="CNY"),
             Comment(5, "douyin", "老王", "", AT)]  # fmt: skip
    assert count_items(state, items) == 2  # a comment is counted from its own table
    tally = state["audience"]["tally"]
    assert (tally["likes"], tally["gifts"], tally["gifts_value"]) == (8, 2, 2.0)
    assert state["audience"]["activities"] == 2
