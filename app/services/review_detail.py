"""The review beyond the JSON report: talking-point coverage, top and unanswered questions,
products on screen, coupon windows and, once the platform's order export is imported, sales per
segment and per product. Pure: plain rows in (as the store's read side gives them), JSON-ready
values out.

Rows: events ``{t, kind, data}``; questions ``{text, state, asked, created_at}`` (the queue's
table; without it the queue's log events stand in); orders ``{t, amount, quantity, sku,
product, order_no}``, one per item line as imported (app/domain/orders.py).

Questions. The show's questions are those its log opened (``question.open``), each with its row
from the queue's table when one has its text (the row knows how many asked), else as its log
entries tell it. A row no question of the show's log matches is another show's: LiveDesk
versions of the 4ab6a62 era kept the queue from one show to the next and moved an open question's
row into the next show. So ``questions.unanswered`` (the count, set here) and
``questions.unanswered_list`` agree, both from that one list, and no question's time is before
the show's start.

Sales. The lines with the same order number are one order (its time the earliest line's, its
quantity and amount the sums); a line without one is an order by itself (an export imported
without its order-number column). The show's sales are the orders placed from the show's start
to its end plus GRACE_S (a viewer who ordered during the show pays a few minutes after it):
the totals, the segments and the products count only those; the orders outside that time (a
day's export holds the morning's and the evening's) are counted apart, never in the show's.
A product's sales are those orders' lines matching it by SKU, else by name.
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
GRACE_S = 30 * 60  # orders this long after the show's end still count as its sales

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
    """The queue as its log tells it: each question opened, its text, state, asked and
    created_at (when it was opened)."""
    found: dict[Any, dict[str, Any]] = {}
    for row in events:
        if not row["kind"].startswith("question."):
            continue
        data = _data(row)
        key = data.get("question")
        if row["kind"] == QUESTION_OPEN and key not in found:
            found[key] = {"text": str(data.get("text") or ""), "state": "open", "asked": 1,
                          "created_at": row["t"]}  # fmt: skip
        elif key in found:
            action = row["kind"].removeprefix("question.")
            question = found[key]
            state = data.get("state") or QUESTION_STATES.get(action, question["state"])
            question["state"] = str(state)
            if isinstance(data.get("asked"), int):
                question["asked"] = data["asked"]
    return list(found.values())


def show_questions(questions: Sequence[Row], events: Sequence[Row]) -> list[Row]:
    """The show's questions (see the module's doc): one per question its log opened, its row
    when one has the same text, else from the log; the rows as they are for a log without
    question entries."""
    logged = questions_from_events(events)
    if not logged:
        return list(questions)
    rows: dict[str, list[Row]] = {}
    for row in questions:
        rows.setdefault(str(row.get("text") or ""), []).append(row)
    return [
        same.pop(0) if (same := rows.get(question["text"])) else question for question in logged
    ]


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
    """Open and claimed questions, most-asked first: text, asked, state, at_s (seconds from the
    start; one asked before it, its ts given by the client, at 0)."""
    left = [q for q in questions if q.get("state") in UNANSWERED]
    return [
        {
            "text": q.get("text") or "",
            "asked": int(q.get("asked") or 1),
            "state": q.get("state"),
            "at_s": None
            if q.get("created_at") is None
            else max(0.0, round(q["created_at"] - started, 1)),
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
def order_keys(lines: Sequence[Row]) -> list[str | int]:
    """Which order each imported line belongs to: its order number, else its index (an order
    of its own)."""
    return [str(n) if (n := line.get("order_no")) else i for i, line in enumerate(lines)]


class Sales:
    """Sums of the imported orders over time ranges, O(log n) each: the lines of one order
    number taken together (`order_keys`), placed at their earliest line's time. `line_keys`:
    each line's order, `keys`: the orders, in time order."""

    def __init__(self, lines: Sequence[Row]) -> None:
        self.line_keys = order_keys(lines)
        groups: dict[str | int, list[float]] = {}  # order -> [t, quantity, amount]
        for key, line in zip(self.line_keys, lines, strict=True):
            t, quantity = float(line["t"]), int(line.get("quantity") or 0)
            amount = float(line.get("amount") or 0)
            group = groups.get(key)
            if group is None:
                groups[key] = [t, quantity, amount]
                continue
            if t < group[0]:
                group[0] = t
            group[1] += quantity
            group[2] += amount
        ordered = sorted(groups.items(), key=lambda item: item[1][0])
        self._set([k for k, _ in ordered], [g for _, g in ordered])

    def _set(self, keys: list[str | int], groups: list[list[float]]) -> None:
        self.keys, self.times = keys, [g[0] for g in groups]
        self._groups = groups
        self._quantity = [0, *accumulate(int(g[1]) for g in groups)]
        self._amount = [0.0, *accumulate(g[2] for g in groups)]

    def between(self, start: float | None, end: float | None) -> dict[str, Any]:
        """Orders placed in [start, end) (None: open)."""
        low = 0 if start is None else bisect_left(self.times, start)
        high = len(self.times) if end is None else bisect_left(self.times, end)
        high = max(low, high)
        return {
            "orders": high - low,
            "quantity": self._quantity[high] - self._quantity[low],
            "amount": round(self._amount[high] - self._amount[low], 2),
        }

    def within(self, start: float, end: float) -> Sales:
        """The orders placed in [start, end] alone (`line_keys` still every line's)."""
        low, high = bisect_left(self.times, start), bisect_left(self.times, end + 1e-6)
        high = max(low, high)
        inside = Sales(())
        inside.line_keys = self.line_keys
        inside._set(self.keys[low:high], self._groups[low:high])
        return inside


def sales_by_product(
    products: list[dict[str, Any]], lines: Sequence[Row], sales: Sales | None = None
) -> None:
    """Add orders, quantity and amount to each product: the orders with a line matching it by
    SKU, else by the product's name (an order counted once per product), and those lines'
    quantity and amount. `sales`: only its orders count (a Sales of these `lines`, or of a
    part of their time); None: all of them."""
    by_sku = {p["sku"]: p for p in products if p["sku"]}
    by_name = {p["name"]: p for p in products if p["name"]}
    keys = sales.line_keys if sales is not None else order_keys(lines)
    counted = set(sales.keys) if sales is not None else None
    orders: dict[int, set[str | int]] = {id(p): set() for p in products}
    quantity = dict.fromkeys(orders, 0)
    amount = dict.fromkeys(orders, 0.0)
    for key, line in zip(keys, lines, strict=True):
        match = by_sku.get(line.get("sku") or "") or by_name.get(line.get("product") or "")
        if match is None or (counted is not None and key not in counted):
            continue
        orders[id(match)].add(key)
        quantity[id(match)] += int(line.get("quantity") or 0)
        amount[id(match)] += float(line.get("amount") or 0)
    for product in products:
        p = id(product)
        product.update(orders=len(orders[p]), quantity=quantity[p], amount=round(amount[p], 2))


def order_totals(lines: Sequence[Row], started: float, end: float) -> tuple[Sales, dict[str, Any]]:
    """The show's sales (the orders from `started` to `end` + GRACE_S) and the report's `orders`:
    their `orders`, `quantity` and `amount`; `in_show` (placed from the start to the end) and
    `after_end` (in the grace after it), both counted; `outside_show`: orders left out, placed
    before the start or after the grace; `file`: everything imported; `grace_s`;
    `by_order_no`: whether orders are told apart by their order number (else each line is one).
    `outside_segments` is added by the caller."""
    everything = Sales(lines)
    counted = everything.within(started, end + GRACE_S)
    totals = counted.between(None, None)
    in_show = counted.between(None, end + 1e-6)["orders"]
    return counted, {
        **totals,
        "in_show": in_show,
        "after_end": totals["orders"] - in_show,
        "outside_show": len(everything.times) - totals["orders"],
        "file": everything.between(None, None),
        "grace_s": GRACE_S,
        "by_order_no": any(line.get("order_no") for line in lines),
    }


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
    `amount`; `questions.unanswered_list` and its count `questions.unanswered` (the show's
    questions: `show_questions`); top-level `talking_points`, `products`, `coupons` and
    `orders` (None until an order export is imported; see `order_totals`, with
    `outside_segments`: the show's orders placed in no segment). Sales count the show's orders
    only (see the module's doc)."""
    planned, done = talking_points(events)
    asked = show_questions(questions, events)
    top = TopQuestions(asked)
    sales, totals = order_totals(orders, started, end) if orders else (None, {})
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
    report["questions"]["unanswered"] = sum(q.get("state") in UNANSWERED for q in asked)
    products = screen_time(events, end)
    report["coupons"] = [
        {"code": code, "from_s": round(a, 1), "to_s": round(b, 1), "seconds": round(b - a, 1)}
        for a, b, code in coupon_windows(events, started, end)
    ]
    report["orders"] = None
    if sales is not None:
        sales_by_product(products, orders or (), sales)
        in_segments = sum(s.get("orders", 0) for s in report["segments"])
        report["orders"] = {**totals, "outside_segments": totals["orders"] - in_segments}
    report["products"] = products
