"""The review's tables as text cells, the same in the window and in the html / pdf reports
(their column titles are each front end's own). Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.services.review import clock
from app.services.review_audience import has_audience, held_the_room

TOP_CHARS = 60


def has_orders(report: dict[str, Any]) -> bool:
    return bool(report.get("orders"))


def money(amount: float | None) -> str:
    return "—" if amount is None else f"{amount:,.2f}"


def amount(value: float) -> str:
    """100, 51.2, 1,000.5: thousands separators, no trailing zeros (the review and the pulse)."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def amounts(by_currency: Iterable[tuple[str, float]]) -> str:
    """ "100 CNY + 5 USD"; a value given without a currency as its bare amount."""
    return " + ".join(f"{amount(v)} {c}".rstrip() for c, v in by_currency)


def worth(value: float | None, by_currency: Mapping[str, float] | None) -> str:
    """The gifts' value per currency, "100 CNY + 5 USD" (a value given without a currency as
    its bare amount), never one sum of different money; the plain `money` figure when no
    currency is known (an older log, or no gift had a value)."""
    known = {str(c): float(v) for c, v in (by_currency or {}).items()}
    if not any(known):
        return money(value)
    return amounts(known.items())


def points_cell(seg: dict[str, Any]) -> str:
    """Talking points ticked / planned, with the share: "3/4 (75%)"; "—" when none were planned."""
    planned, done = seg.get("points_planned"), seg.get("points_done") or 0
    if not planned:
        return str(done) if done else "—"
    return f"{min(done, planned)}/{planned} ({min(done, planned) / planned:.0%})"


def top_cell(seg: dict[str, Any]) -> str:
    text = " · ".join(
        f"{q['text']} ×{q['asked']}" if q.get("asked", 1) > 1 else str(q["text"])
        for q in seg.get("top_questions") or []
    )
    return text if len(text) <= TOP_CHARS else text[: TOP_CHARS - 1] + "…"


def segment_rows(report: dict[str, Any]) -> list[list[str]]:
    """The per-segment table as text cells, in segment_header's order (sales once orders are
    imported, the audience for a show with audience figures). A segment that never ran has no
    actual time ("—")."""
    rows = []
    sales, audience = has_orders(report), has_audience(report)
    for i, seg in enumerate(report["segments"]):
        planned, actual = seg.get("planned_s"), seg.get("actual_s")
        delta = None if planned is None or actual is None else actual - planned
        row = [
            str(i + 1),
            str(seg.get("title") or ""),
            clock(planned),
            clock(actual),
            clock(delta, signed=True),
            str(seg["comments"]),
            str(seg["questions"]),
            str(seg.get("intent", 0)),
            points_cell(seg),
        ]
        if sales:
            row += [str(seg.get("orders", 0)), str(seg.get("quantity", 0)),
                    money(seg.get("amount"))]  # fmt: skip
        if audience:
            row += audience_cells(seg)
        rows.append([*row, top_cell(seg)])
    return rows


def count_cell(value: float | None, digits: int = 0) -> str:
    """A figure with thousands separators; "—" when it is unknown."""
    return "—" if value is None else f"{value:,.{digits}f}"


def audience_cells(seg: dict[str, Any]) -> list[str]:
    """Viewers (peak, average), likes, gift value, follows, buying questions of one segment."""
    return [
        count_cell(seg.get("viewers_peak")),
        count_cell(seg.get("viewers_avg")),
        count_cell(seg.get("likes", 0)),
        worth(seg.get("gifts_value", 0.0), seg.get("gifts_value_by_currency")),
        count_cell(seg.get("follows", 0)),
        count_cell(seg.get("buying_questions", 0)),
    ]


def ranking_rows(report: dict[str, Any]) -> list[list[str]]:
    """What held the room: the segments that ran, best first (`held_the_room`): rank, segment
    (its number and title), average and peak viewers, likes and comments per minute, gift
    value, follows."""
    return [
        [str(r["rank"]), f"{r['number']}. {r['title']}", count_cell(r["viewers_avg"]),
         count_cell(r["viewers_peak"]), count_cell(r["likes_per_min"], 1),
         count_cell(r["comments_per_min"], 1),
         worth(r["gifts_value"], r["gifts_value_by_currency"]), str(r["follows"])]
        for r in held_the_room(report)
    ]  # fmt: skip


def marker_rows(report: dict[str, Any]) -> list[list[str]]:
    """Markers as (time from the show's start, recording timecode, note) cells: m:ss, as the
    report's other tables give their times (its ISO time when a report predates `at_s`)."""
    return [
        [clock(m["at_s"]) if m.get("at_s") is not None else str(m.get("time") or ""),
         clock(m.get("record_tc")), str(m.get("note") or "")]
        for m in report["markers"]
    ]  # fmt: skip


def product_rows(report: dict[str, Any]) -> list[list[str]]:
    """Products on screen, longest first: SKU, name, time on screen, times shown (and sales)."""
    rows = []
    for p in report.get("products") or []:
        row = [str(p["sku"]), str(p.get("name") or ""), clock(p["on_screen_s"]), str(p["shows"])]
        if has_orders(report):
            row += [str(p.get("orders", 0)), str(p.get("quantity", 0)), money(p.get("amount"))]
        rows.append(row)
    return rows


def unanswered_rows(report: dict[str, Any]) -> list[list[str]]:
    """The questions left open or claimed, most-asked first."""
    return [
        [clock(q.get("at_s")), str(q["asked"]), str(q.get("state") or ""), str(q["text"])]
        for q in report["questions"].get("unanswered_list") or []
    ]


def coupon_rows(report: dict[str, Any]) -> list[list[str]]:
    return [
        [str(c["code"]), clock(c["from_s"]), clock(c["to_s"]), clock(c["seconds"])]
        for c in report.get("coupons") or []
    ]
