"""A recorded show in a real session log (the real writer), for the review and archive tests.

Session “晚场直播 双十一” (T0 … T0+1200 s), three segments:
  0 开场      planned 120 s, ran 150 s (over),  2 talking points, 1 ticked
  1 商品讲解  planned 600 s, ran 550 s (under), 3 talking points, 2 ticked (a third ticked and
              unticked again); product SKU-1 on screen 160 … 700 s; coupon FLASH50 300 … 360 s;
              a marker at 400 s
  2 答疑      planned 300 s, ran 500 s (over),  no talking points; SKU-2 on screen 720 s … end
Comments: one a minute, every third a question, every fourth with purchase intent.
Questions (the queue's table): 多少钱 ×3 open, 怎么用 ×1 answered, 包邮吗 ×2 claimed.
Plus an earlier, short session “早场 试播” with a few rows of its own, and a saved show state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.adapters.files.orders import OrderExportFiles
from app.adapters.report.reviews import ReportReviews
from app.adapters.store.sessions import SqliteSessions
from app.adapters.store.writer import SqliteSessionLog
from app.domain.log_events import LogEntry
from app.services.archive import Archive

T0 = 1_731_326_400.0  # 2024-11-11 12:00 UTC
TITLE = "晚场直播 双十一"
EARLY_TITLE = "早场 试播"
COMMENT_SQL = (
    "INSERT INTO comments (session_id, platform, user, text, ts, is_question, intent) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
QUESTION_SQL = (
    "INSERT INTO questions (id, session_id, run_started, key, text, platform, state, askers, "
    "comment_ids, created_at, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class Recorded:
    path: Path
    show: int  # the evening show
    early: int  # the short one before it


EVENTS: list[tuple[float, str, dict[str, object]]] = [
    (0, "session.start", {"title": TITLE}),
    (0, "segment.start", {"index": 0, "title": "开场", "planned_s": 120, "points": 2}),
    (30, "segment.point", {"index": 0, "point": 0, "done": True}),
    (150, "segment.end", {"index": 0}),
    (150, "segment.start", {"index": 1, "title": "商品讲解", "planned_s": 600, "points": 3}),
    (160, "overlay.product.show", {"sku": "SKU-1", "name": "保温杯"}),
    (200, "question.open", {"question": 1, "text": "多少钱", "user": "小明"}),
    (250, "segment.point", {"index": 1, "point": 0, "done": True}),
    (260, "segment.point", {"index": 1, "point": 2, "done": True}),
    (270, "segment.point", {"index": 1, "point": 2, "done": False}),
    (280, "segment.point", {"index": 1, "point": 1, "done": True}),
    (300, "coupon.start", {"code": "FLASH50", "seconds": 60}),
    (360, "coupon.end", {"code": "FLASH50", "reason": "expired"}),
    (400, "marker", {"note": "上链接"}),
    (700, "overlay.product.hide", {"sku": "SKU-1"}),
    (700, "segment.end", {"index": 1}),
    (700, "segment.start", {"index": 2, "title": "答疑", "planned_s": 300, "points": 0}),
    (720, "overlay.product.show", {"sku": "SKU-2", "name": "电饭煲"}),
    (750, "question.open", {"question": 2, "text": "怎么用", "user": "阿花"}),
    (800, "question.answer", {"question": 2, "by": "主控", "state": "answered",
                              "response_s": 40, "asked": 1}),
    (800, "question.open", {"question": 3, "text": "包邮吗", "user": "老王"}),
    (1200, "session.end", {}),
]  # fmt: skip


def local(offset_s: float) -> str:
    """T0 + offset as the platform's export writes it: local time, no zone."""
    return datetime.fromtimestamp(T0 + offset_s).strftime("%Y-%m-%d %H:%M:%S")


async def record_show(path: Path) -> Recorded:
    writer = SqliteSessionLog(path)
    try:
        early = await writer.start_session(EARLY_TITLE, T0 - 86_400)
        writer.append(LogEntry(t=T0 - 86_400, kind="session.start", session_id=early))
        writer.append_rows(COMMENT_SQL, [(early, "bilibili", "路人", "早", T0 - 86_390, 0, None)])
        await writer.end_session(early, T0 - 86_100)

        show = await writer.start_session(TITLE, T0)
        for dt, kind, data in EVENTS:
            writer.append(LogEntry(t=T0 + dt, kind=kind, session_id=show, record_tc=dt + 5,
                                   data=dict(data)))  # fmt: skip
        comments = [
            (show, "bilibili", f"观众{i}", "多少钱？" if i % 3 == 0 else "好", T0 + 30 + 60 * i,
             int(i % 3 == 0), "purchase" if i % 4 == 0 else None)
            for i in range(19)
        ]  # fmt: skip
        writer.append_rows(COMMENT_SQL, comments)
        questions = [
            (1, show, T0, "多少钱", "多少钱", "bilibili", "open", ["小明", "a", "b"], 200, None),
            (2, show, T0, "怎么用", "怎么用", "bilibili", "answered", ["阿花"], 750, 790),
            (3, show, T0, "包邮吗", "包邮吗", "bilibili", "claimed", ["老王", "c"], 800, None),
        ]
        writer.append_rows(QUESTION_SQL, [
            (qid, sid, run, key, text, platform, state, json.dumps(askers, ensure_ascii=False),
             "[]", T0 + at, None if answered is None else T0 + answered)
            for qid, sid, run, key, text, platform, state, askers, at, answered in questions
        ])  # fmt: skip
        writer.append_rows(
            "INSERT INTO show_state (session_id, saved_at, state) VALUES (?, ?, ?)",
            [(show, T0 + 1199, '{"index": 2}')],
        )
        await writer.end_session(show, T0 + 1200)
        await writer.flush()
    finally:
        writer.close()
    return Recorded(path, show, early)


ORDERS_HEADER = "订单编号,商品名称,商家编码,商品数量,实付款,支付时间"


def orders_csv() -> str:
    """An order export as 抖店 writes it: two orders in 商品讲解, one in 答疑, one before the show,
    and two bad rows (lines 6 and 7)."""
    return "\r\n".join([
        ORDERS_HEADER,
        f"A001,保温杯,SKU-1,2,￥198.00,{local(200)}",
        f"A002,保温杯,SKU-1,1,99,{local(650)}",
        f"A003,电饭煲,SKU-2,1,\"1,299.00\",{local(900)}",
        f"A004,保温杯,SKU-1,1,99,{local(-600)}",
        "A005,保温杯,SKU-1,1,99,昨天晚上",
        f"A006,电饭煲,SKU-2,1,免费,{local(950)}",
    ]) + "\r\n"  # fmt: skip


class OnAir:
    """The `running()` of the archive: the id of the show on air, or None."""

    def __init__(self) -> None:
        self.session: int | None = None

    def __call__(self) -> int | None:
        return self.session


def open_archive(path: Path, on_air: OnAir) -> tuple[Archive, SqliteSessionLog]:
    """The archive over a recorded log, as the console wires it; close the writer after."""
    writer = SqliteSessionLog(path)
    archive = Archive(SqliteSessions(path, writer), ReportReviews(path), OrderExportFiles(),
                      on_air, lambda: "salt")  # fmt: skip
    return archive, writer
