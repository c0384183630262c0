"""The review report built from session rows."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.services.review import CSV_HEADER, EDGE_S, build_report, events_csv_rows, iso_time

T0 = 1_700_000_000.0
SESSION = {"id": 7, "title": "双十一直播", "started_at": T0, "ended_at": T0 + 600.0}


def ev(t: float, kind: str, record_tc: float | None = None, **data: Any) -> dict[str, Any]:
    return {"t": T0 + t, "kind": kind, "stream_tc": None, "record_tc": record_tc, "data": data}


def comment(t: float, question: bool = False) -> dict[str, Any]:
    return {
        "ts": T0 + t,
        "is_question": int(question),
        "platform": "twitch",
        "user": "u",
        "text": "?" if question else "hi",
    }


def test_report_shape_for_a_bare_session() -> None:
    report = build_report(SESSION, [], [])
    assert set(report) == {"session", "segments", "events", "questions", "comments", "markers",
                           "replays", "talking_points", "products", "coupons",
                           "orders"}  # fmt: skip
    assert report["session"]["id"] == 7
    assert report["session"]["title"] == "双十一直播"
    assert datetime.fromisoformat(report["session"]["started_at"]).timestamp() == T0
    assert datetime.fromisoformat(report["session"]["ended_at"]).timestamp() == T0 + 600
    assert report["segments"] == []
    assert report["events"] == []
    assert report["markers"] == []
    assert report["replays"] == []
    assert report["questions"] == {
        "total": 0,
        "answered": 0,
        "median_response_s": None,
        "unanswered": 0,
        "unanswered_list": [],
    }
    assert report["orders"] is None
    assert report["products"] == []
    assert report["coupons"] == []
    assert report["talking_points"] == {"planned": 0, "done": 0, "coverage": None}
    assert report["comments"] == {"total": 0, "per_minute": [0] * 10}
    json.dumps(report)  # serialisable as is


def test_events_carry_time_and_merged_data_in_time_order() -> None:
    events = [
        ev(20, "obs.program_scene", record_tc=19.5, scene="商品"),
        {**ev(10, "action.scene"), "data": {"scene": "开场", "t": "not the time"}},
    ]
    report = build_report(SESSION, events)
    first, second = report["events"]
    assert first["kind"] == "action.scene"
    assert first["t"] == T0 + 10
    assert first["scene"] == "开场"
    assert first["data_t"] == "not the time"  # a data key never overwrites a core field
    assert datetime.fromisoformat(first["time"]).timestamp() == T0 + 10
    assert second["record_tc"] == 19.5
    assert second["stream_tc"] is None


def test_segments_from_segment_events() -> None:
    events = [
        ev(0, "segment.start", index=0, title="开场", planned_s=60),
        ev(70, "segment.end", index=0),
        ev(80, "segment.start", index=1, title="商品讲解", planned_s=300),
        ev(200, "segment.start", index=2, title="答疑", planned_s=120),
        ev(500, "session.end"),
    ]
    comments = [
        comment(5),
        comment(30, question=True),
        comment(90),
        comment(250, True),
        comment(550),
    ]
    segments = build_report(SESSION, events, comments)["segments"]
    assert [s["title"] for s in segments] == ["开场", "商品讲解", "答疑"]
    assert [s["planned_s"] for s in segments] == [60, 300, 120]
    assert [s["actual_s"] for s in segments] == [70.0, 120.0, 300.0]
    assert [s["comments"] for s in segments] == [2, 1, 1]
    assert [s["questions"] for s in segments] == [1, 0, 1]
    assert datetime.fromisoformat(segments[1]["actual_start"]).timestamp() == T0 + 80
    assert datetime.fromisoformat(segments[1]["actual_end"]).timestamp() == T0 + 200
    keys = {"title", "planned_s", "actual_start", "actual_end", "actual_s", "comments", "questions"}
    assert all(keys <= set(s) for s in segments)


def test_an_open_segment_ends_with_the_session_or_stays_open() -> None:
    events = [ev(0, "segment.start", index=0, title="only", planned_s=60)]
    assert build_report(SESSION, events)["segments"][0]["actual_s"] == 600.0
    still_live = {**SESSION, "ended_at": None}
    segment = build_report(still_live, events)["segments"][0]
    assert segment["actual_end"] is None
    assert segment["actual_s"] is None


def test_markers_questions_and_comments() -> None:
    events = [ev(61, "marker", record_tc=55.0, note="抽奖"), ev(62, "action.scene", scene="x")]
    comments = [comment(1), comment(2, True), comment(65), comment(599, True)]
    report = build_report(SESSION, events, comments)
    assert report["markers"] == [
        {
            "t": T0 + 61,
            "time": iso_time(T0 + 61, "milliseconds"),
            "at_s": 61.0,
            "note": "抽奖",
            "record_tc": 55.0,
            "stream_tc": None,
        }
    ]
    assert report["questions"]["total"] == 2
    assert report["comments"]["total"] == 4
    assert report["comments"]["per_minute"] == [2, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    from app.services.review_rows import marker_rows

    assert marker_rows(report) == [["1:01", "0:55", "抽奖"]]  # as the other tables: from the start


def test_per_minute_of_a_live_session_runs_to_its_last_event() -> None:
    """Never to its last comment: a client's clock could put that in the year 2100."""
    live = {**SESSION, "ended_at": None}
    events = [ev(0, "session.start"), ev(130, "marker", note="上链接")]
    comments = [comment(10), comment(130), comment(4_102_444_800 - T0)]
    report = build_report(live, events, comments)
    assert report["comments"]["per_minute"] == [1, 0, 1]
    assert report["comments"]["total"] == 3
    assert report["session"]["ended_at"] is None


@given(st.lists(st.floats(min_value=-1e10, max_value=1e10, allow_nan=False), max_size=200))
def test_per_minute_counts_the_comments_of_the_show(offsets: list[float]) -> None:
    """One count per minute of the show (2 h); comments up to a minute outside it count in its
    first or last minute, those further out in none."""
    ended = {**SESSION, "ended_at": T0 + 7200}
    report = build_report(ended, [], [comment(o) for o in offsets])
    per_minute = report["comments"]["per_minute"]
    assert len(per_minute) == 120
    inside = [T0 - EDGE_S <= T0 + o <= T0 + 7200 + EDGE_S for o in offsets]  # as stored
    assert sum(per_minute) == sum(inside)
    assert report["comments"]["total"] == len(offsets)
    assert all(n >= 0 for n in per_minute)


def test_csv_rows() -> None:
    report = build_report(
        SESSION, [ev(1, "marker", record_tc=2.0, note="好"), ev(2, "obs.connected")]
    )
    header, rows = events_csv_rows(report)
    assert header == CSV_HEADER == ["time", "t", "kind", "stream_tc", "record_tc", "details"]
    assert rows[0][1:5] == [T0 + 1, "marker", "", 2.0]
    assert json.loads(rows[0][5]) == {"note": "好"}
    assert rows[1][2] == "obs.connected"
    assert rows[1][5] == ""


def test_iso_time() -> None:
    assert iso_time(None) is None
    stamp = iso_time(T0)
    assert stamp is not None
    parsed = datetime.fromisoformat(stamp)
    assert parsed.utcoffset() is not None
    assert parsed.timestamp() == T0


def test_question_statistics_come_from_the_queue_log() -> None:
    from app.services.review import build_report

    session = {"id": 1, "title": "t", "started_at": 1000.0, "ended_at": 2000.0}
    events = [
        {"t": 1001.0, "kind": "question.open", "data": {"question": 1}},
        {"t": 1002.0, "kind": "question.open", "data": {"question": 2}},
        {"t": 1003.0, "kind": "question.open", "data": {"question": 3}},
        {"t": 1030.0, "kind": "question.answer", "data": {"question": 1, "response_s": 29.0}},
        {"t": 1090.0, "kind": "question.answer", "data": {"question": 2, "response_s": 88.0}},
    ]
    stats = build_report(session, events, [])["questions"]
    unanswered = stats.pop("unanswered_list")
    assert stats == {"total": 3, "answered": 2, "median_response_s": 58.5, "unanswered": 1}
    assert [q["at_s"] for q in unanswered] == [3.0]
