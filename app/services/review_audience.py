"""The audience in the review: every planned segment (those never cued marked skipped), per
segment viewers (peak and average), likes, gift value, follows and buying questions, the show's
totals, and the ranking of the segments that held the room. Pure: plain rows in (as the store's
read side gives them), JSON-ready values out.

Viewers: each platform sends its own concurrent count now and then; the show's viewers at a
moment are the sum of each platform's latest count that still stands (a platform not heard from
yet, or silent for 10 minutes, adds 0: app/domain/viewer_counts.py, the console's rule too), a
step function of time (`Viewers`) that starts from the counts standing when the show started.
Gift value is the sum of the values of gifts, memberships and super chats as they were given
(`gifts_value`, unconverted, kept as it always was), and beside it the same value per currency
(`gifts_value_by_currency`, "" for a value given without one): a show paid in yuan and dollars
is shown as "100 CNY + 5 USD", never as one meaningless sum.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain import log_events as kinds
from app.domain.tally import by_currency
from app.domain.viewer_counts import viewer_steps
from app.services.review_detail import coverage

AUDIENCE_KEYS = ("viewers_peak", "viewers_avg", "likes", "gifts_value", "follows",
                 "buying_questions")  # fmt: skip


@dataclass(frozen=True)
class Planned:
    """One segment of the run-sheet as planned."""

    index: int
    title: str
    planned_s: int | None
    points: int = 0


@dataclass(frozen=True)
class RangeSums:
    """What the audience gave in one stretch of the show."""

    likes: int = 0
    gifts: int = 0
    gifts_value: float = 0.0
    follows: int = 0
    # the same value per currency ("" where the item named none)
    value_by_currency: Mapping[str, float] = field(default_factory=dict)


# ----- the plan ---------------------------------------------------------------------------------
def plan_from_state(state: object) -> list[Planned]:
    """The run-sheet's segments from the show state kept for resuming (``{"runsheet": {"sheet":
    {"segments": [{"title", "duration", "notes"}, ...]}}}``: the sheet in force when the show
    last saved its state); [] when it holds no sheet or a malformed one."""
    runsheet = state.get("runsheet") if isinstance(state, Mapping) else None
    sheet = runsheet.get("sheet") if isinstance(runsheet, Mapping) else None
    segments = sheet.get("segments") if isinstance(sheet, Mapping) else None
    if not isinstance(segments, list):
        return []
    plan = []
    for index, segment in enumerate(segments):
        if not isinstance(segment, Mapping):
            return []  # a damaged sheet: better no plan than a wrong one
        duration = segment.get("duration")
        notes = segment.get("notes")
        plan.append(
            Planned(
                index=index,
                title=str(segment.get("title") or ""),
                planned_s=duration if isinstance(duration, int) and duration >= 0 else None,
                points=len(notes) if isinstance(notes, list) else 0,
            )
        )
    return plan


def skipped_segment(planned: Planned, *, orders: bool) -> dict[str, Any]:
    """A planned segment that never ran, with the keys of one that did (nothing counted)."""
    segment: dict[str, Any] = {
        "index": planned.index,
        "title": planned.title,
        "planned_s": planned.planned_s,
        "actual_start": None,
        "actual_end": None,
        "actual_s": None,
        "comments": 0,
        "questions": 0,
        "intent": 0,
        "start_t": None,
        "end_t": None,
        "record_tc": None,
        "points_planned": planned.points,
        "points_done": 0,
        "points_coverage": coverage(planned.points, 0),
        "top_questions": [],
        "skipped": True,
        "viewers_peak": None,
        "viewers_avg": None,
        "likes": 0,
        "gifts_value": 0.0,
        "gifts_value_by_currency": {},
        "follows": 0,
        "buying_questions": 0,
    }
    if orders:
        segment.update(orders=0, quantity=0, amount=0.0)
    return segment


def plan_window(
    events: Iterable[Mapping[str, Any]], saved_at: float | None
) -> tuple[float | None, float | None]:
    """When the sheet of the kept state (`plan_from_state`, kept at `saved_at`) was in force:
    (since, until), the times of the `runsheet.load` that brought it in (the last one logged by
    `saved_at`; None: loaded before the show) and of the next load (None: none after). A show
    that ran two run-sheets keeps only the second: the first sheet's segments are not its."""
    loads = sorted(float(e["t"]) for e in events if e.get("kind") == kinds.RUNSHEET_LOAD
                   and _finite(e.get("t")))  # fmt: skip
    if saved_at is None or not _finite(saved_at):
        return (loads[-1] if loads else None), None
    since = next((t for t in reversed(loads) if t <= saved_at), None)
    until = next((t for t in loads if t > saved_at), None)
    return since, until


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def with_skipped(
    segments: Sequence[dict[str, Any]],
    plan: Sequence[Planned],
    *,
    orders: bool = False,
    since: float | None = None,
    until: float | None = None,
) -> list[dict[str, Any]]:
    """The segments that ran (in the order they ran, as the log tells) with every planned segment
    that never started put in as skipped. The plan's segments are those that started in [since,
    until) (`plan_window`; None: unbounded): a planned segment with no segment.start of its index
    there never ran (unless the same segment, by index and title, ran before its sheet was
    loaded again), and goes before the first of them with a later index in the plan, else after
    the last of them. Segments that ran are marked ``"skipped": false``."""
    result = [{**s, "skipped": False} for s in segments]
    before = [since is not None and _before(s.get("start_t"), since) for s in result]
    after = [until is not None and not _before(s.get("start_t"), until) for s in result]
    window = [not (b or a) for b, a in zip(before, after, strict=True)]
    low = sum(before)  # the segments ran in time order: the sheet's form one stretch
    high = low + sum(window)
    ran_here = {s.get("index") for s, inside in zip(result, window, strict=True) if inside}
    ran_elsewhere = {(s.get("index"), s.get("title"))
                     for s, inside in zip(result, window, strict=True) if not inside}  # fmt: skip
    for planned in plan:
        if planned.index in ran_here or (planned.index, planned.title) in ran_elsewhere:
            continue
        at = next(
            (
                i
                for i in range(low, high)
                if not result[i]["skipped"]
                and isinstance(result[i].get("index"), int)
                and result[i]["index"] > planned.index
            ),
            high,
        )
        result.insert(at, skipped_segment(planned, orders=orders))
        high += 1
    return result


def _before(t: object, bound: float) -> bool:
    """A segment that started at `t` started before `bound` (one with no time: not)."""
    return isinstance(t, int | float) and not isinstance(t, bool) and t < bound


# ----- viewers ----------------------------------------------------------------------------------
class Viewers:
    """The show's concurrent viewers over time: after each platform's count, and each count
    running out, the sum of the counts standing (`viewer_steps`). Built from (ts, platform,
    count) rows in time order: the show's, after the last ones before its start that still
    stood then."""

    def __init__(self, rows: Iterable[tuple[float, str, int]]) -> None:
        steps = viewer_steps(rows)
        self.times: list[float] = [t for t, _ in steps]
        self.totals: list[int] = [n for _, n in steps]

    def __bool__(self) -> bool:
        return bool(self.times)

    def peak(self, start: float | None = None, end: float | None = None) -> int | None:
        """The most viewers at any moment of [start, end) (None: unbounded): the sum in force
        when it began and every sum reached before it ended. None when no count was known yet."""
        first = 0 if start is None else max(0, bisect_right(self.times, start) - 1)
        last = len(self.times) if end is None else bisect_left(self.times, end)
        if last <= first:
            return None
        return max(self.totals[first:last])

    def average(self, start: float, end: float) -> float | None:
        """The time-weighted average of the viewers over [start, end): each sum weighted by how
        long it held inside the range, over the part of the range after the first count (the
        time before any platform reported is unknown, not zero). One decimal; None when no count
        was known before the range ended."""
        first = bisect_right(self.times, start) - 1
        last = bisect_left(self.times, end)
        if last <= max(first, 0):
            return None
        if first < 0:
            first, start = 0, self.times[0]
        weighted = 0.0
        for i in range(first, last):
            since = max(start, self.times[i])
            until = min(end, self.times[i + 1]) if i + 1 < len(self.times) else end
            weighted += self.totals[i] * max(0.0, until - since)
        known = end - start
        if known <= 0:
            return float(self.totals[last - 1])
        return round(weighted / known, 1)

    def series(self, started_at: float, end: float) -> list[tuple[float, int]]:
        """(seconds from the show's start, viewers): the sum standing at the start (when one
        was), then each change before `end`, the last sum carried to `end`, for a step chart."""
        first = bisect_right(self.times, started_at) - 1
        points = [(0.0, self.totals[first])] if first >= 0 else []
        for t, n in zip(self.times[first + 1 :], self.totals[first + 1 :], strict=True):
            if t >= end:
                break
            points.append((t - started_at, n))
        if points:
            points.append((max(points[-1][0], end - started_at), points[-1][1]))
        return points


# ----- per segment and for the show -------------------------------------------------------------
def add_audience(
    report: dict[str, Any],
    sums: Sequence[RangeSums],
    totals: RangeSums,
    viewers: Viewers,
    buying_times: Sequence[float],
    end: float,
    *,
    start: float | None = None,
) -> None:
    """Per segment that ran (`sums` in the order of report["segments"]) `viewers_peak`,
    `viewers_avg` (over the segment; an open one runs to `end`), `likes`, `gifts_value` (and
    `gifts_value_by_currency`), `follows`, `buying_questions` (buying questions first asked in
    it), and the show's `audience` totals (its viewers' peak from `start`, the show's)."""
    times = sorted(buying_times)
    for segment, summed in zip(report["segments"], sums, strict=True):
        start, stop = segment["start_t"], segment["end_t"]
        until = end if stop is None else stop
        low = bisect_left(times, start)
        high = len(times) if stop is None else bisect_left(times, stop)
        segment.update(
            viewers_peak=viewers.peak(start, until if stop is not None else None),
            viewers_avg=viewers.average(start, until) if until > start else None,
            likes=summed.likes,
            gifts_value=round(summed.gifts_value, 2),
            gifts_value_by_currency=by_currency(summed.value_by_currency),
            follows=summed.follows,
            buying_questions=max(0, high - low),
        )
    report["audience"] = {
        "likes": totals.likes,
        "gifts": totals.gifts,
        "gifts_value": round(totals.gifts_value, 2),
        "gifts_value_by_currency": by_currency(totals.value_by_currency),
        "follows": totals.follows,
        "viewers_peak": viewers.peak(start) or 0,
    }


def has_audience(report: Mapping[str, Any]) -> bool:
    """Whether the show has audience figures worth columns of their own (anything besides
    comments was counted, or a question was a buying one)."""
    audience = report.get("audience") or {}
    if any(audience.get(key) for key in ("likes", "gifts", "gifts_value", "follows",
                                         "viewers_peak")):  # fmt: skip
        return True
    return any(s.get("buying_questions") for s in report.get("segments") or [])


def per_minute_rate(count: float, seconds: float | None) -> float | None:
    if not seconds or seconds <= 0:
        return None
    return round(count * 60 / seconds, 1)


def held_the_room(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The segments that ran, best first: by average viewers (a segment without viewer counts
    after those with), then likes per minute, then comments per minute. Each: rank, number
    (its place in the segment table, from 1), title, viewers_avg, viewers_peak, likes_per_min,
    comments_per_min, gifts_value, gifts_value_by_currency, follows."""
    rows = []
    for number, segment in enumerate(report.get("segments") or [], 1):
        seconds = segment.get("actual_s")
        if segment.get("skipped") or segment.get("start_t") is None or not seconds:
            continue
        rows.append({
            "number": number, "title": segment.get("title") or "",
            "viewers_avg": segment.get("viewers_avg"), "viewers_peak": segment.get("viewers_peak"),
            "likes_per_min": per_minute_rate(segment.get("likes") or 0, seconds),
            "comments_per_min": per_minute_rate(segment.get("comments") or 0, seconds),
            "gifts_value": segment.get("gifts_value") or 0.0,
            "gifts_value_by_currency": dict(segment.get("gifts_value_by_currency") or {}),
            "follows": segment.get("follows") or 0,
        })  # fmt: skip
    rows.sort(key=lambda r: (r["viewers_avg"] is None, -(r["viewers_avg"] or 0),
                             -(r["likes_per_min"] or 0), -(r["comments_per_min"] or 0),
                             r["number"]))  # fmt: skip
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return rows
