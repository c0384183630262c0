"""The review beyond the JSON report: talking-point coverage, top and unanswered questions,
products on screen, coupon windows and, once the platform's order export is imported, sales per
segment and per product. Pure: plain rows in (as the store's read side gives them), JSON-ready
values out.

Rows: events ``{t, kind, data}``; questions ``{text, state, asked, created_at}`` (the queue's
table; without it the queue's log events stand in); orders ``{t, amount, quantity, sku,
product}``.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from itertools import accumulate
from typing import Any

SEGMENT_START = "segment.start"
SEGMENT_POINT = "segment.point"
SESSION_END = "session.end"
PRODUCT_SHOW = "overlay.product.show"
PRODUCT_HIDE = "overlay.product.hide"
COUPON_START = "coupon.start"
COUPON_END = "coupon.end"
QUESTION_OPEN = "question.open"
QUESTION_STATES = {"claim": "claimed", "answer": "answered", "dismiss": "dismissed"}
UNANSWERED = ("open", "claimed")
TOP_QUESTIONS = 3
UNANSWERED_LIMIT = 500  # the most-asked ones; the full count is questions.unanswered

Row = Mapping[str, Any]


def _data(row: Row) -> Mapping[str, Any]:
    return row.get("data") or {}


# ----- talking points ---------------------------------------------------------------------------
def talking_points(events: Sequence[Row]) -> tuple[dict[int, int], dict[int, int]]:
    """(points planned, points ticked done) per segment index. Planned comes from the
    segment.start entries (`points`; logs older than that have none), done is the final state of
    each point's ticks."""
    planned: dict[int, int] = {}
    ticks: dict[int, dict[int, bool]] = {}
    for row in events:
        data = _data(row)
        index = data.get("index")
        if not isinstance(index, int):
            continue
        if row["kind"] == SEGMENT_START and isinstance(data.get("points"), int):
            planned[index] = data["points"]
        elif row["kind"] == SEGMENT_POINT and isinstance(data.get("point"), int):
            ticks.setdefault(index, {})[data["point"]] = bool(data.get("done"))
    done = {index: sum(states.values()) for index, states in ticks.items()}
    return planned, done


def coverage(planned: int | None, done: int) -> float | None:
    """Share of the planned points ticked done (None when nothing was planned or it is unknown)."""
    if not planned:
        return None
    return round(min(done, planned) / planned, 3)


# ----- questions --------------------------------------------------------------------------------
def questions_from_events(events: Sequence[Row]) -> list[dict[str, Any]]:
    """The queue as its log tells it, for sessions whose question table is empty."""
    found: dict[Any, dict[str, Any]] = {}
    for row in events:
        data = _data(row)
        key = data.get("question")
        if row["kind"] == QUESTION_OPEN and key not in found:
            found[key] = {"text": str(data.get("text") or ""), "state": "open", "asked": 1,
                          "created_at": row["t"]}  # fmt: skip
        elif row["kind"].startswith("question.") and key in found:
            action = row["kind"].removeprefix("question.")
            question = found[key]
            state = data.get("state") or QUESTION_STATES.get(action, question["state"])
            question["state"] = str(state)
            if isinstance(data.get("asked"), int):
                question["asked"] = data["asked"]
    return list(found.values())


def _by_asked(questions: Sequence[Row]) -> list[Row]:
    return sorted(questions, key=lambda q: (-int(q.get("asked") or 1), q.get("created_at") or 0))


class TopQuestions:
    """The most-asked questions first asked in a time range, O(log n + k log 3) per range."""

    def __init__(self, questions: Sequence[Row]) -> None:
        timed = [q for q in questions if q.get("created_at") is not None]
        self._questions = sorted(timed, key=lambda q: q["created_at"])
        self._times = [float(q["created_at"]) for q in self._questions]

    def between(self, start: float, end: float | None) -> list[dict[str, Any]]:
        low = bisect_left(self._times, start)
        high = len(self._times) if end is None else bisect_left(self._times, end)
        top = heapq.nsmallest(
            TOP_QUESTIONS,
            self._questions[low : max(low, high)],
            key=lambda q: (-int(q.get("asked") or 1), q["created_at"]),
        )
        return [{"text": q.get("text") or "", "asked": int(q.get("asked") or 1)} for q in top]


def unanswered(questions: Sequence[Row], started: float) -> list[dict[str, Any]]:
    """Open and claimed questions, most-asked first: text, asked, state, t (seconds from start)."""
    left = [q for q in questions if q.get("state") in UNANSWERED]
    return [
        {
            "text": q.get("text") or "",
            "asked": int(q.get("asked") or 1),
            "state": q.get("state"),
            "at_s": None if q.get("created_at") is None else round(q["created_at"] - started, 1),
        }
        for q in _by_asked(left)[:UNANSWERED_LIMIT]
    ]


# ----- products and coupons ---------------------------------------------------------------------
def screen_time(events: Sequence[Row], end: float) -> list[dict[str, Any]]:
    """Each product card's time on screen (seconds) and how often it was shown, longest first.
    A card stays up until it is hidden, replaced by another, or the show ends (`end`)."""
    products: dict[str, dict[str, Any]] = {}
    showing: tuple[str, float] | None = None

    def close(at: float) -> None:
        nonlocal showing
        if showing is not None:
            sku, since = showing
            products[sku]["on_screen_s"] += max(0.0, at - since)
            showing = None

    for row in events:
        kind = row["kind"]
        if kind == PRODUCT_SHOW:
            close(row["t"])
            sku = str(_data(row).get("sku") or "")
            entry = products.setdefault(sku, {"sku": sku, "name": "", "on_screen_s": 0.0,
                                               "shows": 0})  # fmt: skip
            entry["name"] = str(_data(row).get("name") or entry["name"])
            entry["shows"] += 1
            showing = (sku, row["t"])
        elif kind in (PRODUCT_HIDE, SESSION_END):
            close(row["t"])
    close(end)
    for entry in products.values():
        entry["on_screen_s"] = round(entry["on_screen_s"], 1)
    return sorted(products.values(), key=lambda p: (-p["on_screen_s"], p["sku"]))


def coupon_windows(
    events: Sequence[Row], start: float, end: float
) -> list[tuple[float, float, str]]:
    """(from_s, to_s, code) for each coupon run; a run left open lasts to the end of the show."""
    open_runs: dict[str, float] = {}
    windows: list[tuple[float, float, str]] = []
    for row in events:
        code = str(_data(row).get("code") or "")
        if row["kind"] == COUPON_START:
            if code in open_runs:
                windows.append((open_runs[code] - start, row["t"] - start, code))
            open_runs[code] = row["t"]
        elif row["kind"] == COUPON_END:
            began = open_runs.pop(code, None)
            if began is None and not code and open_runs:
                code, began = open_runs.popitem()
            if began is not None:
                windows.append((began - start, row["t"] - start, code))
    windows += [(began - start, end - start, code) for code, began in open_runs.items()]
    return sorted(windows)


# ----- sales --------------------------------------------------------------------------------------
class Sales:
    """Sums of the imported orders over time ranges, O(log n) each."""

    def __init__(self, orders: Sequence[Row]) -> None:
        rows = sorted(orders, key=lambda o: o["t"])
        self.times = [float(o["t"]) for o in rows]
        self._quantity = [0, *accumulate(int(o.get("quantity") or 0) for o in rows)]
        self._amount = [0.0, *accumulate(float(o.get("amount") or 0) for o in rows)]

    def between(self, start: float | None, end: float | None) -> dict[str, Any]:
        low = 0 if start is None else bisect_left(self.times, start)
        high = len(self.times) if end is None else bisect_left(self.times, end)
        high = max(low, high)
        return {
            "orders": high - low,
            "quantity": self._quantity[high] - self._quantity[low],
            "amount": round(self._amount[high] - self._amount[low], 2),
        }


def sales_by_product(products: list[dict[str, Any]], orders: Sequence[Row]) -> None:
    """Add orders, quantity and amount to each product, matching an order by SKU, else by the
    product's name."""
    by_sku = {p["sku"]: p for p in products if p["sku"]}
    by_name = {p["name"]: p for p in products if p["name"]}
    for product in products:
        product.update(orders=0, quantity=0, amount=0.0)
    for order in orders:
        match = by_sku.get(order.get("sku") or "") or by_name.get(order.get("product") or "")
        if match is not None:
            match["orders"] += 1
            match["quantity"] += int(order.get("quantity") or 0)
            match["amount"] = round(match["amount"] + float(order.get("amount") or 0), 2)


# ----- all of it ----------------------------------------------------------------------------------
def add_details(
    report: dict[str, Any],
    events: Sequence[Row],
    *,
    started: float,
    end: float,
    questions: Sequence[Row] = (),
    orders: Sequence[Row] | None = None,
) -> None:
    """Complete `report` (built by review.build_report) in place: per segment `points_planned`,
    `points_done`, `points_coverage`, `top_questions` and, with orders, `orders`, `quantity`,
    `amount`; `questions.unanswered_list`; top-level `talking_points`, `products`, `coupons` and
    `orders` (None until an order export is imported)."""
    planned, done = talking_points(events)
    asked = list(questions) or questions_from_events(events)
    top = TopQuestions(asked)
    sales = Sales(orders) if orders else None
    for segment in report["segments"]:
        index = segment.get("index")
        points = planned.get(index) if isinstance(index, int) else None
        ticked = done.get(index, 0) if isinstance(index, int) else 0
        segment["points_planned"] = points
        segment["points_done"] = ticked
        segment["points_coverage"] = coverage(points, ticked)
        segment["top_questions"] = top.between(segment["start_t"], segment["end_t"])
        if sales is not None:
            segment.update(sales.between(segment["start_t"], segment["end_t"]))
    total_planned = sum(planned.values())
    total_done = sum(min(done.get(i, 0), n) for i, n in planned.items())
    report["talking_points"] = {"planned": total_planned, "done": total_done,
                                "coverage": coverage(total_planned, total_done)}  # fmt: skip
    report["questions"]["unanswered_list"] = unanswered(asked, started)
    products = screen_time(events, end)
    report["coupons"] = [
        {"code": code, "from_s": round(a, 1), "to_s": round(b, 1), "seconds": round(b - a, 1)}
        for a, b, code in coupon_windows(events, started, end)
    ]
    report["orders"] = None
    if sales is not None and orders:
        sales_by_product(products, orders)
        in_segments = sum(s.get("orders", 0) for s in report["segments"])
        report["orders"] = {
            **sales.between(None, None),
            "in_show": sales.between(started, end + 1e-6)["orders"],
            "outside_segments": len(sales.times) - in_segments,
        }
    report["products"] = products
