"""A show with its audience in a real session log, written through the real store (the writer,
the comments store, the show state kept for resuming), for the review's audience tests.

Session “双十一 观众场” (T0 … T0+800 s); the run-sheet has four segments, two of them never ran:
  0 开场  planned 120 s, ran 0 … 150 s
  1 福利  planned 300 s, never cued (skipped)
  2 讲解  planned 600 s, ran 150 … 700 s
  3 抽奖  planned 180 s, never cued (skipped)
Viewers: bilibili 100 at 10 s, douyin 50 at 20 s, bilibili 300 at 200 s, douyin 0 at 600 s
  → 开场 peak 150, average (100·10 + 150·130) / 140 = 146.4; 讲解 peak 350, average
  (150·50 + 350·400 + 300·100) / 550 = 322.7; the show's peak 350.
Likes: 10 + 5 in 开场, 100 + 1 (no count: one like) in 讲解. Gifts: 2 × 10 CNY in 开场; a
membership (198) and a super chat (30) in 讲解. Follows: 1 in 开场, 2 in 讲解. An entry (not
counted). Buying questions: one in 开场, one in 讲解, and a question that is not a buying one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.adapters.store.comments import SqliteComments
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import Comment, Kind, Question
from app.domain.log_events import LogEntry
from app.domain.runsheet import RunSheet, Segment
from app.domain.runsheet_codec import sheet_to_dict

T0 = 1_731_340_800.0
TITLE = "双十一 观众场"
SHEET = RunSheet(
    segments=(
        Segment("开场", 120, notes=("欢迎",)),
        Segment("福利", 300, notes=("抽奖规则", "口令")),
        Segment("讲解", 600),
        Segment("抽奖", 180),
    ),
    title=TITLE,
)
EVENTS: list[tuple[float, str, dict[str, object]]] = [
    (0, "session.start", {"title": TITLE}),
    (0, "segment.start", {"index": 0, "title": "开场", "planned_s": 120, "points": 1}),
    (150, "segment.end", {"index": 0}),
    (150, "segment.start", {"index": 2, "title": "讲解", "planned_s": 600, "points": 0}),
    (700, "segment.end", {"index": 2}),
    (800, "session.end", {}),
]


def _item(no: int, at: float, kind: Kind, **fields: object) -> Comment:
    user = str(fields.pop("user", f"观众{no}"))
    text = str(fields.pop("text", ""))
    return Comment(id=no, platform=str(fields.pop("platform", "bilibili")), user=user, text=text,
                   ts=T0 + at, kind=kind, **fields)  # type: ignore[arg-type]  # fmt: skip


ITEMS = [
    _item(1, 10, Kind.VIEWERS, count=100, user=""),
    _item(2, 20, Kind.VIEWERS, count=50, user="", platform="douyin"),
    _item(3, 30, Kind.LIKE, count=10),
    _item(4, 40, Kind.LIKE, count=5),
    _item(5, 50, Kind.FOLLOW),
    _item(6, 60, Kind.ENTER),
    _item(7, 70, Kind.COMMENT, text="来了"),
    _item(8, 100, Kind.GIFT, gift="小心心", count=2, value=20.0, currency="CNY"),
    _item(9, 200, Kind.VIEWERS, count=300, user=""),
    _item(10, 300, Kind.LIKE, count=100),
    _item(11, 310, Kind.LIKE),
    _item(12, 400, Kind.MEMBER, value=198.0, currency="CNY"),
    _item(13, 450, Kind.FOLLOW),
    _item(14, 460, Kind.FOLLOW),
    _item(15, 500, Kind.SUPERCHAT, text="主播好", value=30.0, currency="CNY"),
    _item(16, 600, Kind.VIEWERS, count=0, user="", platform="douyin"),
    _item(17, 650, Kind.COMMENT, text="优惠券在哪里领", is_question=True, buying=True),
]
QUESTIONS = [
    Question(1, "多少钱", "多少钱", T0 + 120, "bilibili", "小明", 7, buying=True),
    Question(2, "优惠券在哪里领", "优惠券在哪里领", T0 + 300, "bilibili", "阿花", 17, buying=True),
    Question(3, "几点抽奖", "几点抽奖", T0 + 310, "bilibili", "老王", 18),
]


async def write_show(
    path: Path,
    title: str,
    events: list[tuple[float, str, dict[str, object]]],
    items: list[Comment],
    *,
    then: Callable[[SqliteSessionLog, SqliteComments, int], None] | None = None,
) -> int:
    """A show from T0 to T0 + 800 s in the log at `path`, through the real writer and comments
    store: its log `events` (seconds from T0), the audience's `items`, and what `then` adds
    before it ends; its session id."""
    writer = SqliteSessionLog(path)
    try:
        show = await writer.start_session(title, T0)
        for dt, kind, data in events:
            writer.append(LogEntry(t=T0 + dt, kind=kind, session_id=show, record_tc=dt,
                                   data=dict(data)))  # fmt: skip
        comments = SqliteComments(writer)
        comments.add_comments(show, items)
        if then is not None:
            then(writer, comments, show)
        await writer.end_session(show, T0 + 800)
        await writer.flush()
    finally:
        writer.close()
    return show


async def record_audience_show(path: Path, *, with_plan: bool = True) -> int:
    """The show above in the log at `path`; its session id."""

    def questions_and_plan(writer: SqliteSessionLog, comments: SqliteComments, show: int) -> None:
        for question in QUESTIONS:
            comments.save_question(show, T0, question)
        if with_plan:
            state = {"version": 1, "runsheet": {"sheet": sheet_to_dict(SHEET), "index": 2}}
            SqliteShowState(writer).save_state(show, T0 + 799, state)

    return await write_show(path, TITLE, EVENTS, ITEMS, then=questions_and_plan)
