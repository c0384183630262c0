"""Interaction in the review, from a show run through the real services and read back from a
real log: each poll, lottery and check-in is credited to the segment it ran in (the one live
when it opened), not the one live when a cue or End show closed it; and the attendance list
leaves out blocked comments and the viewers the producer blocked."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

from app.adapters.report.export_files import attendance_text
from app.domain import log_events as kinds
from app.domain.runsheet import RunSheet, Segment
from app.report_cli import run_report
from app.services.review_interaction import attendance_rows, interaction_summary
from app.services.show import Show
from tests.support.checkin_show import T0, Lesson, record_checkin_lesson
from tests.support.logged_show import write_logged_show
from tests.support.memory_log import MemoryLog
from tests.support.recorded_show import COMMENT_SQL
from tests.unit.conftest import Clock

SHEET = RunSheet(
    segments=(
        Segment("开场", 60, interaction="checkin: 签到"),
        Segment("讲解", 60),
        Segment("投票", 60, interaction="poll: 哪个颜色？ | 红 | 蓝"),
        Segment("小测", 60, interaction="quiz: 1+1? | 1 | 2*"),
        Segment("福袋", 60, interaction="lottery: 再来"),
        Segment("收尾", 60),
    ),
    title="互动场",
)


def json_report(path: Path, session: int) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    assert run_report(path, str(session), "json", None, out=out, err=err) == 0, err.getvalue()
    report: dict[str, Any] = json.loads(out.getvalue())
    return report


async def test_each_interaction_is_in_the_segment_it_ran_in(
    show: Show, memory_log: MemoryLog, clock: Clock, tmp_path: Path
) -> None:
    """The check-in opened in 开场 runs to End show; 投票's poll is closed by 小测's quiz as it is
    cued; 福袋's lottery is drawn at End show, in 收尾."""
    await show.runner.load(SHEET)
    await show.recorder.start("互动场")
    for _ in SHEET.segments:
        await show.runner.next()
        clock.now += 60
    await show.recorder.end()
    starts = [e.t for e in memory_log.of_kind(kinds.SEGMENT_START)]
    closed_at = {
        (e.kind, e.data["id"]): e.t
        for e in memory_log.entries
        if e.kind in (kinds.POLL_CLOSE, kinds.CHECKIN_CLOSE, kinds.LOTTERY_DRAW)
    }
    # each closed in a later segment than the one it opened in
    assert sorted(closed_at.values()) == [starts[3]] + [starts[5] + 60] * 3

    path = tmp_path / "livedesk.db"
    interaction = json_report(path, await write_logged_show(path, memory_log, 1))["interaction"]
    assert [(p["question"], p["segment"]) for p in interaction["polls"]] == [
        ("哪个颜色？", 2), ("1+1?", 3)]  # fmt: skip
    assert [(c["keyword"], c["segment"]) for c in interaction["checkins"]] == [("签到", 0)]
    assert [(x["keyword"], x["segment"]) for x in interaction["lotteries"]] == [("再来", 4)]


def test_a_close_without_its_open_in_the_log_is_where_it_closed() -> None:
    """A log that lost the open (or an older one): the segment live at the close, as before."""
    events = [
        {"t": T0, "kind": kinds.SEGMENT_START, "data": {"index": 1}},
        {"t": T0 + 1, "kind": kinds.POLL_OPEN, "data": {"id": 7}},
        {"t": T0 + 2, "kind": kinds.SEGMENT_START, "data": {"index": 2}},
        {"t": T0 + 3, "kind": kinds.POLL_CLOSE, "data": {"id": 8, "counts": [0, 0]}},
        {"t": T0 + 4, "kind": kinds.POLL_CLOSE, "data": {"id": 7, "counts": [1, 0]}},
    ]
    polls = interaction_summary(events)["polls"]
    assert [(p["id"], p["segment"]) for p in polls] == [(8, 2), (7, 1)]


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


async def test_attendance_leaves_out_blocked_comments_and_blocked_viewers(
    tmp_path: Path,
) -> None:
    """The lesson of checkin_show, plus: a spammer whose only comment was blocked (contact
    details), 坏人 blocked before commenting (all three comments blocked), 阿强 blocked after a
    comment got through, 阿花's blocked comment beside her check-in, and 小李 blocked and then
    unblocked."""
    lesson: Lesson = await record_checkin_lesson(tmp_path / "livedesk.db")
    comment_sql = COMMENT_SQL.replace("intent)", "intent, blocked)").replace("?)", "?, ?)")
    events_sql = "INSERT INTO events (session_id, t, kind, data) VALUES (?, ?, ?, ?)"
    show = lesson.show

    def block(t: float, kind: str, user: str) -> tuple[int, float, str, str]:
        data = {"user": user, "platform": "douyin", "user_id": None}
        return (show, T0 + t, kind, json.dumps(data, ensure_ascii=False))

    with sqlite3.connect(lesson.path) as db:
        db.executemany(comment_sql, [
            (show, "douyin", "spam", "签到 加微信abc123", T0 + 40, 0, None, 1),
            (show, "douyin", "坏人", "签到", T0 + 50, 0, None, 1),
            (show, "douyin", "坏人", "福袋", T0 + 51, 0, None, 1),
            (show, "douyin", "坏人", "多少钱？", T0 + 52, 1, None, 1),
            (show, "douyin", "阿强", "老师好", T0 + 60, 0, None, 0),
            (show, "bilibili", "阿花", "vx abc123", T0 + 70, 0, None, 1),
            (show, "douyin", "小李", "来了", T0 + 80, 0, None, 0),
        ])  # fmt: skip
        db.executemany(events_sql, [
            block(45, kinds.VIEWER_BLOCK, "坏人"),
            block(65, kinds.VIEWER_BLOCK, "阿强"),
            block(85, kinds.VIEWER_BLOCK, "小李"),
            block(90, kinds.VIEWER_UNBLOCK, "小李"),
        ])  # fmt: skip
    rows = table(attendance_text(lesson.path, show))[1:]
    who = [(r[0], r[1], r[3] != "", r[6]) for r in rows]
    assert who == [("douyin", "小明", True, "0"), ("bilibili", "阿花", True, "0"),
                   ("douyin", "小李", False, "1"), ("douyin", "老王", False, "2")]  # fmt: skip


def test_a_viewer_blocked_by_id_on_every_platform_is_left_out() -> None:
    events = [{"t": T0, "kind": kinds.VIEWER_BLOCK,
               "data": {"user": None, "platform": "", "user_id": "u1"}}]  # fmt: skip
    talkers = [
        {"platform": "douyin", "user": "改了名", "user_id": "u1", "comments": 2, "questions": 0},
        {"platform": "douyin", "user": "u1", "user_id": None, "comments": 1, "questions": 0},
    ]
    assert [r[1] for r in attendance_rows(events, talkers)] == ["u1"]  # a name, not the id
