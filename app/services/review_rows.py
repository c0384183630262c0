"""The review's tables as text cells, the same in the window and in the html / pdf reports
(their column titles are each front end's own), and the one row per segment they are made of
(`one_row_per_segment`). Pure.

A segment the host went back to (Prev, a goto) is one segment of the run-sheet cued twice, not
two: the console adds its second run to its first and counts its over / under once, against its
planned time once. The report does the same, so its planned against actual, and the show's total
over or under, agree with what the console showed on air. Each run (a cue to the next cue or the
end) is kept in the row's `visits`, as the log has it: the chapters, the editors' markers and the
charts' bands need each run where it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from app.domain import tally
from app.services.review import clock, finite
from app.services.review_audience import has_audience, held_the_room
from app.services.review_detail import TOP_QUESTIONS

TOP_CHARS = 60
# a run's own keys, kept in the segment's `visits` (where it was on the show's clock and the
# recording, and how long its clock ran)
VISIT_KEYS = ("actual_start", "actual_end", "actual_s", "start_t", "end_t", "record_tc")
# what each run counted, summed over the runs of a segment (money rounded as the report rounds it)
COUNTED = ("comments", "questions", "intent", "likes", "follows", "buying_questions", "orders",
           "quantity")  # fmt: skip
MONEY = ("amount", "gifts_value")


def one_row_per_segment(segments: Sequence[dict[str, Any]], end: float) -> list[dict[str, Any]]:
    """The report's segments (one per `segment.start`, in the order they ran, the skipped ones
    among them) as one row per segment of the run-sheet, where its first run stood: the runs of
    the same segment (its index and title, as `with_skipped` tells a segment) folded into one
    (`fold_runs`), each run in its `visits`, `cues` how many times it was cued (a skipped one:
    0, no visits). A row with no index (an old log) stays a row of its own. `end`: where the
    show's clock stops, for a run still open."""
    groups: list[list[dict[str, Any]]] = []
    of_segment: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for segment in segments:
        index = segment.get("index")
        ran = not segment.get("skipped") and segment.get("start_t") is not None
        key = (index, str(segment.get("title") or "")) if ran and isinstance(index, int) else None
        if key is not None and key in of_segment:
            of_segment[key].append(segment)  # cued again: a further run of the same segment
            continue
        groups.append([segment])
        if key is not None:
            of_segment[key] = groups[-1]
    return [fold_runs(group, end) for group in groups]


def runs_of(segment: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Each time `segment` ran, where it was (its `visits`: a segment the host went back to ran
    twice, each run its own chapter, marker and band); a row without them (a report straight
    from `review.build_report`, before the runs are folded) is one run."""
    visits = segment.get("visits")
    return list(visits) if isinstance(visits, list) else [segment]


def fold_runs(runs: Sequence[dict[str, Any]], end: float) -> dict[str, Any]:
    """One segment's runs as its one row: its clock time (`actual_s`) the sum of theirs, as the
    console adds them, against its planned time once (the plan in force at its last cue); it
    started with its first cue and ended with its last run (`actual_start`, `actual_end`, and
    `start_t`, `end_t`, `record_tc` alike); what the runs counted summed, its viewers' peak the
    highest, its average weighted by how long each run was on air, its top questions the most
    asked of all its runs. Other keys are its first run's (the talking points are the
    segment's, whichever run ticked them)."""
    first, last = runs[0], runs[-1]
    ran = [run for run in runs if run.get("start_t") is not None]
    row = {
        **first,
        "cues": len(ran),
        "visits": [{k: run.get(k) for k in VISIT_KEYS} for run in ran],
    }
    if len(runs) == 1:
        return row
    clocks = [float(run["actual_s"]) for run in runs if finite(run.get("actual_s"))]
    row.update(
        planned_s=last.get("planned_s"),
        actual_end=last.get("actual_end"),
        end_t=last.get("end_t"),
        actual_s=round(sum(clocks), 3) if clocks else None,
    )
    for key in COUNTED:
        if key in first:
            row[key] = sum(int(run.get(key) or 0) for run in runs)
    for key in MONEY:
        if key in first:
            row[key] = round(sum(float(run.get(key) or 0) for run in runs), 2)
    if "gifts_value_by_currency" in first:
        values: dict[str, float] = {}
        for run in runs:
            for currency, value in (run.get("gifts_value_by_currency") or {}).items():
                values[currency] = values.get(currency, 0.0) + float(value)
        row["gifts_value_by_currency"] = tally.by_currency(values)
    if "viewers_peak" in first:
        peaks = [run["viewers_peak"] for run in runs if run.get("viewers_peak") is not None]
        row["viewers_peak"] = max(peaks) if peaks else None
        row["viewers_avg"] = _viewers_avg(runs, end)
    if "top_questions" in first:
        # each run's top questions, in time order: sorted by how many asked (a stable sort
        # keeps the earlier first), the first few are the segment's
        asked = [q for run in runs for q in run.get("top_questions") or []]
        asked.sort(key=lambda q: -int(q.get("asked") or 1))
        row["top_questions"] = asked[:TOP_QUESTIONS]
    return row


def _viewers_avg(runs: Sequence[Mapping[str, Any]], end: float) -> float | None:
    """The runs' average viewers, each weighted by its time on air (a run still open: to
    `end`); None when no run had a count."""
    weighted, seconds = 0.0, 0.0
    for run in runs:
        average, stop = run.get("viewers_avg"), run.get("end_t")
        if average is None or not finite(run.get("start_t")):
            continue
        length = max(0.0, (end if stop is None else float(stop)) - float(run["start_t"]))
        weighted, seconds = weighted + float(average) * length, seconds + length
    if seconds > 0:
        return round(weighted / seconds, 1)
    known = [float(run["viewers_avg"]) for run in runs if run.get("viewers_avg") is not None]
    return round(sum(known) / len(known), 1) if known else None


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
    """The questions left open or claimed, most-asked first; each state as its id (open,
    claimed), for the window to say in its language."""
    return [
        [clock(q.get("at_s")), str(q["asked"]), str(q.get("state") or ""), str(q["text"])]
        for q in report["questions"].get("unanswered_list") or []
    ]


# A question's state in the html / pdf reports: bilingual as their other labels ("skipped /
# 未播"), in the review window's words (the question queue's: 待处理, 已认领). The json / csv
# reports keep the id.
QUESTION_STATE_LABELS = {
    "open": "open / 待处理",
    "claimed": "claimed / 已认领",
    "answered": "answered / 已回答",
    "dismissed": "dismissed / 已忽略",
}


def report_unanswered_rows(report: dict[str, Any]) -> list[list[str]]:
    """`unanswered_rows` with each state bilingual (`QUESTION_STATE_LABELS`), for the html / pdf
    reports; a state not known is shown as it is."""
    return [[at, asked, QUESTION_STATE_LABELS.get(state, state), text]
            for at, asked, state, text in unanswered_rows(report)]  # fmt: skip


def coupon_rows(report: dict[str, Any]) -> list[list[str]]:
    return [
        [str(c["code"]), clock(c["from_s"]), clock(c["to_s"]), clock(c["seconds"])]
        for c in report.get("coupons") or []
    ]
