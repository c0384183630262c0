"""The audience in the review, for every report format: per segment viewers, likes, gift value
(in all and per currency), follows and buying questions summed in SQL
(`queries.session_audience`), the planned segments that never ran put in as skipped (the
run-sheet comes from the show state kept for resuming, its segments are those cued after it was
loaded), a segment cued more than once as one row (each run kept in its `visits`), and the
series the viewers and likes chart draws. Also the show's span as every report format sizes it
(`report_span`)."""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from app.adapters.store import queries
from app.adapters.store.queries import CurrencySums, Sums
from app.services.review import EDGE_S, MAX_SHOW_S, finite, minute_count, show_span
from app.services.review_audience import (
    RangeSums,
    Viewers,
    add_audience,
    plan_from_state,
    plan_window,
    with_skipped,
)
from app.services.review_rows import has_orders, one_row_per_segment


@dataclass
class AudienceSeries:
    """Viewers as (seconds from the start, viewers) at each change, likes per minute."""

    viewers: list[tuple[float, int]] = field(default_factory=list)
    likes_per_minute: list[int] = field(default_factory=list)


def _range_sums(
    pieces: Sequence[Sums],
    values: Sequence[CurrencySums],
    superchat_value: float = 0.0,
    superchat_by_currency: Mapping[str, float] | None = None,
) -> RangeSums:
    def total(kind: str, at: int) -> float:
        return sum(piece[kind][at] for piece in pieces if kind in piece)

    by_currency = dict(superchat_by_currency or {})
    for piece in values:
        for kind in ("gift", "member"):
            for currency, value in piece.get(kind, {}).items():
                by_currency[currency] = by_currency.get(currency, 0.0) + value
    return RangeSums(
        likes=int(total("like", 1)),
        gifts=int(total("gift", 1)),
        gifts_value=total("gift", 2) + total("member", 2) + superchat_value,
        follows=int(total("follow", 0)),
        value_by_currency=by_currency,
    )


def report_span(
    db_path: str | os.PathLike[str],
    session_id: int,
    session: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
) -> tuple[float, float]:
    """The show's (start, end) as `review.show_span` gives it: a show never ended runs to its
    last entry of any kind, the comments and audience items after its last event included."""
    started, ended = session["started_at"], session.get("ended_at")
    event_times = [e["t"] for e in events]
    later: list[float] = []
    if (ended is None or not finite(ended)) and finite(started):
        last = max([float(started), *(float(t) for t in event_times if finite(t))])
        later = queries.session_activity_times(
            db_path, session_id, last, float(started) + MAX_SHOW_S
        )
    return show_span(started, ended, event_times, later)


class _SuperChats:
    """The super chats' value over any stretch of the show, in all and per currency: prefix
    sums searched by time."""

    def __init__(self, chats: Sequence[tuple[float, float, str]]) -> None:
        self.times = [t for t, _, _ in chats]
        self.values = [0.0, *accumulate(v for _, v, _ in chats)]
        self.by_currency: dict[str, tuple[list[float], list[float]]] = {}
        for t, value, currency in chats:
            times, sums = self.by_currency.setdefault(currency, ([], [0.0]))
            times.append(t)
            sums.append(sums[-1] + value)

    @staticmethod
    def _between(times: list[float], sums: list[float], low: float, high: float | None) -> float:
        a = bisect_left(times, low)
        b = len(times) if high is None else max(a, bisect_left(times, high))
        return sums[b] - sums[a]

    def value(self, low: float, high: float | None) -> float:
        return self._between(self.times, self.values, low, high)

    def per_currency(self, low: float, high: float | None) -> dict[str, float]:
        found = {c: self._between(t, s, low, high) for c, (t, s) in self.by_currency.items()}
        return {currency: value for currency, value in found.items() if value}

    def total(self) -> float:
        return self.values[-1]

    def total_per_currency(self) -> dict[str, float]:
        return {currency: sums[-1] for currency, (_, sums) in self.by_currency.items()}


def complete_report(
    db_path: str | os.PathLike[str],
    session_id: int,
    report: dict[str, Any],
    span: tuple[float, float],
    events: Sequence[Mapping[str, Any]] = (),
) -> AudienceSeries:
    """Add the audience to `report` (built by review.build_report from `events`, segments that
    ran only, one per cue) in place, then list the planned segments that never ran and fold the
    runs of a segment cued more than once into its one row (`one_row_per_segment`); the chart's
    series back."""
    start, end = span
    segments = report["segments"]
    cuts = sorted({t for s in segments for t in (s["start_t"], s["end_t"]) if t is not None})
    rows = queries.session_audience(
        db_path, session_id, cuts, span, minute_count(start, end), EDGE_S
    )
    chats = _SuperChats(rows.superchats)

    def stretch(low: float, high: float | None) -> slice:
        # piece i + 1 starts at cuts[i]: a segment is the pieces from its start to its end
        first = bisect_left(cuts, low) + 1
        last = len(cuts) if high is None else bisect_left(cuts, high)
        return slice(first, last + 1)

    sums = []
    for segment in segments:
        low, high = segment["start_t"], segment["end_t"]
        part = stretch(low, high)
        sums.append(_range_sums(rows.pieces[part], rows.values[part], chats.value(low, high),
                                chats.per_currency(low, high)))  # fmt: skip
    totals = _range_sums(rows.pieces, rows.values, chats.total(), chats.total_per_currency())
    viewers = Viewers(rows.viewers)
    add_audience(report, sums, totals, viewers, rows.buying_times, end, start=start)
    saved_at, state = queries.session_kept_state(db_path, session_id) or (None, None)
    since, until = plan_window(events, saved_at)
    listed = with_skipped(segments, plan_from_state(state), orders=has_orders(report),
                          since=since, until=until)  # fmt: skip
    report["segments"] = one_row_per_segment(listed, end)  # a segment cued again: one row
    return AudienceSeries(viewers.series(start, end), rows.likes_per_minute)
