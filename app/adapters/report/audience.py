"""The audience in the review, for every report format: per segment viewers, likes, gift value,
follows and buying questions summed in SQL (`queries.session_audience`), the planned segments
that never ran put in as skipped (the run-sheet comes from the show state kept for resuming),
and the series the viewers and likes chart draws."""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from app.adapters.store import queries
from app.adapters.store.queries import Sums
from app.services.review import EDGE_S, minute_count
from app.services.review_audience import (
    RangeSums,
    Viewers,
    add_audience,
    plan_from_state,
    with_skipped,
)
from app.services.review_rows import has_orders


@dataclass
class AudienceSeries:
    """Viewers as (seconds from the start, viewers) at each change, likes per minute."""

    viewers: list[tuple[float, int]] = field(default_factory=list)
    likes_per_minute: list[int] = field(default_factory=list)


def _range_sums(pieces: Sequence[Sums], superchat_value: float = 0.0) -> RangeSums:
    def total(kind: str, at: int) -> float:
        return sum(piece[kind][at] for piece in pieces if kind in piece)

    return RangeSums(
        likes=int(total("like", 1)),
        gifts=int(total("gift", 1)),
        gifts_value=total("gift", 2) + total("member", 2) + superchat_value,
        follows=int(total("follow", 0)),
    )


def complete_report(
    db_path: str | os.PathLike[str],
    session_id: int,
    report: dict[str, Any],
    span: tuple[float, float],
) -> AudienceSeries:
    """Add the audience to `report` (built by review.build_report, segments that ran only) in
    place, then list the planned segments that never ran; the chart's series back."""
    start, end = span
    segments = report["segments"]
    cuts = sorted({t for s in segments for t in (s["start_t"], s["end_t"]) if t is not None})
    rows = queries.session_audience(
        db_path, session_id, cuts, span, minute_count(start, end), EDGE_S
    )
    chat_times = [t for t, _ in rows.superchats]
    chat_values = [0.0, *accumulate(v for _, v in rows.superchats)]

    def superchats(low: float, high: float | None) -> float:
        a = bisect_left(chat_times, low)
        b = len(chat_times) if high is None else max(a, bisect_left(chat_times, high))
        return chat_values[b] - chat_values[a]

    def pieces(low: float, high: float | None) -> Sequence[Sums]:
        # piece i + 1 starts at cuts[i]: a segment is the pieces from its start to its end
        first = bisect_left(cuts, low) + 1
        last = len(cuts) if high is None else bisect_left(cuts, high)
        return rows.pieces[first : last + 1]

    sums = [
        _range_sums(pieces(s["start_t"], s["end_t"]), superchats(s["start_t"], s["end_t"]))
        for s in segments
    ]
    viewers = Viewers(rows.viewers)
    add_audience(report, sums, _range_sums(rows.pieces, chat_values[-1]), viewers,
                 rows.buying_times, end)  # fmt: skip
    plan = plan_from_state(queries.session_saved_state(db_path, session_id))
    report["segments"] = with_skipped(segments, plan, orders=has_orders(report))
    return AudienceSeries(viewers.series(start, end), rows.likes_per_minute)
