"""Reports on shows logged by LiveDesk versions of the 4ab6a62 era, which kept the question queue
from one show to the next and moved an open question's row into the next show's session: the
unanswered count and list agree (each question counted in the show it was asked in, as its log
says), and no question is placed before the show's start.

The log is built here as that version left it (its rows and entries, as in a log it wrote):
show 1 asks 回放, 报名 and discount; 报名 is answered, 回放 claimed, discount featured (still
open) when it ends. Show 2 asks 报名 again (a new question, answered), 回放 and discount again
(merged into the old questions, no new entry); their rows now say session 2, discount claimed."""

from __future__ import annotations

import json
from pathlib import Path

from app.adapters.report.export_files import load_report
from app.adapters.store.writer import SqliteSessionLog
from app.domain.log_events import LogEntry
from app.services.review import build_report
from app.services.review_detail import UNANSWERED_LIMIT

T0 = 1_796_670_078.0
RUN = T0 - 0.2  # the console's start: the queue's run
REPLAY, SIGN_UP, DISCOUNT = "这个课有回放吗？", "怎么报名呀?", "is there a discount code?"
QUESTION_SQL = (
    "INSERT INTO questions (id, session_id, run_started, key, text, platform, state, askers,"
    " comment_ids, created_at, claimed_by, claimed_at, answered_by, answered_at, answer, featured)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
COMMENT_SQL = (
    "INSERT INTO comments (session_id, platform, user, text, ts, is_question) VALUES (?, ?, ?, ?,"
    " ?, ?)"
)


def _asking(session: int, at: float) -> list[tuple[object, ...]]:
    """The three viewers' question comments."""
    return [(session, "bilibili", "小明", REPLAY, at, 1),
            (session, "bilibili", "阿花", SIGN_UP, at, 1),
            (session, "youtube", "Sam", DISCOUNT, at, 1)]  # fmt: skip


async def _old_log(path: Path) -> tuple[int, int]:
    writer = SqliteSessionLog(path)
    try:
        first = await writer.start_session("旧版节目 1", T0 + 0.2)
        entries = [
            (0.2, "session.start", {"title": "旧版节目 1"}),
            (0.27, "question.open", {"question": 1, "text": REPLAY, "user": "小明"}),
            (0.27, "question.open", {"question": 2, "text": SIGN_UP, "user": "阿花"}),
            (0.27, "question.open", {"question": 3, "text": DISCOUNT, "user": "Sam"}),
            (0.29, "question.claim", {"question": 1, "by": "助理A", "state": "claimed",
                                      "asked": 1}),
            (0.30, "question.answer", {"question": 2, "by": "助理B", "state": "answered",
                                       "response_s": 0.03, "asked": 1}),
            (0.30, "question.feature", {"question": 3, "by": "主控", "state": "open",
                                        "asked": 1}),
            (0.83, "session.end", {}),
        ]  # fmt: skip
        for t, kind, data in entries:
            writer.append(LogEntry(t=T0 + t, kind=kind, session_id=first, data=data))
        writer.append_rows(COMMENT_SQL, _asking(first, T0 + 0.27))
        await writer.end_session(first, T0 + 0.83)
        second = await writer.start_session("旧版节目 2", T0 + 0.83)
        entries = [
            (0.83, "session.start", {"title": "旧版节目 2"}),
            (0.84, "question.open", {"question": 4, "text": SIGN_UP, "user": "阿花"}),
            (0.85, "question.claim", {"question": 3, "by": "助理A", "state": "claimed",
                                      "asked": 1}),
            (0.85, "question.answer", {"question": 4, "by": "助理B", "state": "answered",
                                       "response_s": 0.01, "asked": 1}),
        ]  # fmt: skip
        for t, kind, data in entries:
            writer.append(LogEntry(t=T0 + t, kind=kind, session_id=second, data=data))
        writer.append_rows(COMMENT_SQL, _asking(second, T0 + 0.84))
        rows = [  # the queue's rows as that version left them: 回放 and discount moved on
            (2, first, "怎么报名", SIGN_UP, "bilibili", "answered", ["阿花"], [2], 0.27,
             "助理B", None, "助理B", 0.30, "点购物车", 0),
            (1, second, "这个课有回放", REPLAY, "bilibili", "claimed", ["小明"], [1, 4], 0.27,
             "助理A", 0.29, None, None, None, 0),
            (3, second, "isthereadiscountcode", DISCOUNT, "youtube", "claimed", ["Sam"], [3, 6],
             0.27, "助理A", 0.85, None, None, None, 1),
            (4, second, "怎么报名", SIGN_UP, "bilibili", "answered", ["阿花"], [5], 0.84,
             "助理B", None, "助理B", 0.85, "点购物车", 0),
        ]  # fmt: skip
        writer.append_rows(QUESTION_SQL, [
            (qid, sid, RUN, key, text, platform, state, json.dumps(askers, ensure_ascii=False),
             json.dumps(ids), T0 + at, claimed_by, None if claimed is None else T0 + claimed,
             answered_by, None if answered is None else T0 + answered, answer, featured)
            for qid, sid, key, text, platform, state, askers, ids, at, claimed_by, claimed,
            answered_by, answered, answer, featured in rows
        ])  # fmt: skip
        await writer.flush()
    finally:
        writer.close()
    return first, second


async def test_the_unanswered_count_and_list_agree_on_an_old_log(tmp_path: Path) -> None:
    path = tmp_path / "livedesk.db"
    first, second = await _old_log(path)
    lists = {}
    for session in (first, second):
        questions = load_report(path, session)["questions"]
        listed = questions["unanswered_list"]
        assert questions["unanswered"] == len(listed) < UNANSWERED_LIMIT, questions
        assert all(q["at_s"] is not None and q["at_s"] >= 0 for q in listed), listed
        lists[session] = sorted((q["text"], q["state"]) for q in listed)
    assert lists[first] == sorted([(REPLAY, "claimed"), (DISCOUNT, "open")])  # as show 1 ended
    assert lists[second] == []  # show 2's one question was answered


def test_the_count_is_the_list_s_and_no_time_is_before_the_start() -> None:
    """A dismissed question is no unanswered one (the list never showed it, the count did); a
    question whose client-given time is before the start is placed at the start."""
    session = {"id": 1, "title": "t", "started_at": T0, "ended_at": T0 + 600}
    events = [
        {"t": T0 + 1, "kind": "question.open", "data": {"question": 1, "text": "多少钱"}},
        {"t": T0 + 2, "kind": "question.open", "data": {"question": 2, "text": "包邮吗"}},
        {"t": T0 + 3, "kind": "question.open", "data": {"question": 3, "text": "加微信"}},
        {"t": T0 + 9, "kind": "question.dismiss", "data": {"question": 3, "state": "dismissed"}},
    ]
    rows = [
        {"text": "多少钱", "state": "open", "asked": 4, "created_at": T0 - 30},
        {"text": "包邮吗", "state": "claimed", "asked": 1, "created_at": T0 + 2},
        {"text": "加微信", "state": "dismissed", "asked": 1, "created_at": T0 + 3},
    ]
    questions = build_report(session, events, [], questions=rows)["questions"]
    assert questions["unanswered"] == 2
    assert [(q["text"], q["asked"], q["at_s"]) for q in questions["unanswered_list"]] == [
        ("多少钱", 4, 0.0), ("包邮吗", 1, 2.0)]  # fmt: skip
