"""The review report for the rendered formats (html, pdf), fast on big shows.

The event log is small and goes through `review.build_report` as for json; the comments (a million
in a long show) never become Python dicts: their timestamps come out of SQLite in one query into
numpy arrays, and the per-minute counts and per-segment counts are array operations. The counts
are sized by the show's span (`audience.report_span`), as in the json report, never by a comment's
timestamp: comments far outside the show are left out of the per-minute counts.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import numpy.typing as npt

from app.adapters.report.audience import complete_report, report_span
from app.adapters.store import queries
from app.services.review import EDGE_S, ReviewData, build_report, clock, minute_count
from app.services.review_audience import has_audience
from app.services.review_detail import coupon_windows
from app.services.review_interaction import interaction_summary
from app.services.review_rows import (
    coupon_rows,
    has_orders,
    marker_rows,
    money,
    points_cell,
    product_rows,
    ranking_rows,
    segment_rows,
    unanswered_rows,
)

__all__ = [
    "ReviewData",
    "clock",
    "coupon_rows",
    "coupon_windows",
    "load_review",
    "marker_rows",
    "per_minute",
    "product_rows",
    "ranking_rows",
    "segment_rows",
    "unanswered_rows",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _comment_times(
    db_path: str | os.PathLike[str], session_id: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(all comment times, question times, purchase-intent times), each ascending."""
    with queries.reading(db_path) as db:
        cursor = db.conn.execute(  # a ts stored as text (an old log) reads as a number or 0
            "SELECT CAST(ts AS REAL) AS t, is_question, coalesce(intent, '') != '' FROM comments"
            " WHERE session_id = ? AND ts IS NOT NULL ORDER BY t",
            [session_id],
        )
        table = np.fromiter(cursor, dtype=[("ts", np.float64), ("q", np.int64), ("i", np.int64)])
    times = np.ascontiguousarray(table["ts"])
    return times, times[table["q"] != 0], times[table["i"] != 0]


def _count(times: FloatArray, low: float, high: float) -> int:
    return int(np.searchsorted(times, high, "left") - np.searchsorted(times, low, "left"))


def per_minute(times: FloatArray, start: float, end: float) -> IntArray:
    """Counts per minute of the show [start, end], as `review` buckets them: one count per
    minute of the span; times up to EDGE_S outside it in the first / last minute, times further
    out (or not finite) left out. Allocates by the span alone."""
    minutes = minute_count(start, end)
    if times.size == 0 or minutes == 0:
        return np.zeros(minutes, dtype=np.int64)
    inside = times[np.isfinite(times) & (times >= start - EDGE_S) & (times <= end + EDGE_S)]
    buckets = np.clip(np.floor((inside - start) / 60), 0, minutes - 1).astype(np.int64)
    return np.bincount(buckets, minlength=minutes).astype(np.int64)


def load_review(db_path: str | os.PathLike[str], session: str | int) -> ReviewData:
    """The review of session `session` ("latest" or an id); LookupError / StoreError as
    `report_cli.load_report`."""
    session_id = queries.resolve_session(db_path, session)
    row = queries.session_row(db_path, session_id)
    events = queries.session_events(db_path, session_id)
    times, question_times, intent_times = _comment_times(db_path, session_id)
    span = report_span(db_path, session_id, row, events)
    report = build_report(
        row,
        events,
        (),
        queries.session_questions(db_path, session_id),
        queries.session_orders(db_path, session_id),
        span=span,
    )
    started, ended = float(row["started_at"]), row.get("ended_at")
    _start, end = span
    comments = per_minute(times, started, end)
    questions = per_minute(question_times, started, end)
    questions = np.pad(questions, (0, max(0, comments.size - questions.size)))
    for segment in report["segments"]:
        low, high = segment["start_t"], segment["end_t"]
        high = np.inf if high is None else high
        segment["comments"] = _count(times, low, high)
        segment["questions"] = _count(question_times, low, high)
        segment["intent"] = _count(intent_times, low, high)
    report["comments"] = {"total": int(times.size), "per_minute": comments.tolist()}
    if not any(e["kind"] == "question.open" for e in events):  # as build_report: the queue
        report["questions"]["total"] = int(question_times.size)  # first, else question comments
    series = complete_report(db_path, session_id, report, (started, end), events)
    report["interaction"] = interaction_summary(events)  # as `report --format json` has it
    return ReviewData(
        report=report,
        started_at=started,
        ended_at=None if ended is None else float(ended),
        questions_per_minute=questions.tolist(),
        coupons=coupon_windows(events, started, end),
        viewers=series.viewers,
        likes_per_minute=series.likes_per_minute,
    )


SEGMENT_HEADER = [
    "#",
    "Segment / 环节",
    "Planned / 计划",
    "Actual / 实际",
    "Over/under / 超时",
    "Comments / 评论",
    "Questions / 提问",
    "Intent / 购买意向",
    "Points / 话术",
]
SALES_HEADER = ["Orders / 订单", "Qty / 件数", "Sales / 销售额"]
AUDIENCE_HEADER = [
    "Viewers peak / 最高观看",
    "Viewers avg / 平均观看",
    "Likes / 点赞",
    "Gift value / 礼物价值",
    "Follows / 关注",
    "Buying questions / 购买提问",
]
RANKING_HEADER = [
    "Rank / 排名",
    "Segment / 环节",
    "Viewers avg / 平均观看",
    "Viewers peak / 最高观看",
    "Likes/min / 每分钟点赞",
    "Comments/min / 每分钟评论",
    "Gift value / 礼物价值",
    "Follows / 关注",
]
TOP_HEADER = ["Top questions / 热门提问"]
PRODUCT_HEADER = ["SKU", "Product / 商品", "On screen / 展示时长", "Shown / 次数"]
UNANSWERED_HEADER = ["At / 时间", "Asked / 人数", "State / 状态", "Question / 问题"]
COUPON_HEADER = ["Coupon / 优惠券", "From / 开始", "To / 结束", "Length / 时长"]


def segment_header(report: dict[str, Any]) -> list[str]:
    """The per-segment table's columns (sales only once orders are imported, the audience only
    for a show with audience figures)."""
    return (
        SEGMENT_HEADER
        + (SALES_HEADER if has_orders(report) else [])
        + (AUDIENCE_HEADER if has_audience(report) else [])
        + TOP_HEADER
    )


def question_lines(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The question statistics (and the talking points and sales totals) as (label, value)."""
    q = report["questions"]
    total, answered = int(q.get("total") or 0), int(q.get("answered") or 0)
    median = q.get("median_response_s")
    lines = [
        ("Questions / 提问", str(total)),
        ("Answered / 已回答", f"{answered} ({answered / total:.0%})" if total else str(answered)),
        ("Median time to answer / 回答中位时间", "—" if median is None else clock(median)),
        ("Comments / 评论", str(report["comments"]["total"])),
    ]
    points = report.get("talking_points") or {}
    if points.get("planned"):
        ticked = {"points_planned": points["planned"], "points_done": points["done"]}
        lines.append(("Talking points / 话术完成", points_cell(ticked)))
    orders = report.get("orders")
    if orders:
        lines += order_lines(orders)
    return lines


def order_lines(orders: dict[str, Any]) -> list[tuple[str, str]]:
    """The show's sales (the orders from its start to GRACE_S after its end), the file's orders
    left out as outside that time, and how orders were told apart, as (label, value)."""
    lines = [("Orders / 订单", f"{orders['orders']} · {money(orders['amount'])}")]
    outside, whole = int(orders.get("outside_show") or 0), orders.get("file") or {}
    if outside:
        grace = int(orders.get("grace_s") or 0) // 60
        left = round(float(whole.get("amount") or 0) - float(orders["amount"]), 2)
        lines.append(("Outside the show, not counted / 直播时段外，未计入",
                      f"{outside} · {money(left)} (before the start or over {grace} min after "
                      f"the end / 开播前或下播 {grace} 分钟后)"))  # fmt: skip
    if not orders.get("by_order_no", True):
        lines.append(("Counted / 计数方式",
                      "each row as one order (no order numbers imported) / "
                      "每行计为一单（未导入订单号）"))  # fmt: skip
    return lines


def product_header(report: dict[str, Any]) -> list[str]:
    return PRODUCT_HEADER + (SALES_HEADER if has_orders(report) else [])
