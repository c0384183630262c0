"""How many watch: the one rule for viewers, kept by the console's tally and by the report.

Each platform sends its own concurrent-viewer count now and then, many only when it changes.
The show's viewers at a moment are the sum of each platform's latest count that still stands:
a count stands until its platform reports again, for at most VIEWERS_STAND_S after that report,
so a source or relay that stopped (a YouTube stream that ended sends no count at all) no longer
inflates "viewers now". A show starts with the counts standing at its start: those reported in
the VIEWERS_STAND_S before it, whatever show (or none) they were logged under. Pure: times are
the items' own (unix seconds).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

VIEWERS_STAND_S = 600.0  # a platform's count stands 10 minutes after its last report at most


def stands(reported_at: float, now: float) -> bool:
    """Whether a count reported at `reported_at` still counts at `now`."""
    return now - reported_at < VIEWERS_STAND_S


def viewers_at(counts: dict[str, int], reported: dict[str, float], now: float) -> int:
    """The sum of the counts (`counts` by platform, each reported at `reported[platform]`)
    that stand at `now`; a count without a time does not."""
    return sum(count for platform, count in counts.items()
               if platform in reported and stands(reported[platform], now))  # fmt: skip


def viewer_steps(rows: Iterable[tuple[float, str, int]]) -> list[tuple[float, int]]:
    """The viewers over time from (ts, platform, count) rows in time order: (t, sum) at each
    change, a report and a count running out (VIEWERS_STAND_S after its platform's last report)
    alike; sums at the same instant give the last one. The counts still standing after the last
    row run out after it, in order."""
    latest: dict[str, tuple[float, int]] = {}  # platform -> (reported at, count)
    due: list[tuple[float, str, float]] = []  # (runs out at, platform, reported at)
    steps: list[tuple[float, int]] = []
    total = 0

    def step(t: float) -> None:
        if steps and steps[-1][0] == t:
            steps[-1] = (t, total)
        else:
            steps.append((t, total))

    def run_out(until: float | None) -> None:
        nonlocal total
        while due and (until is None or due[0][0] <= until):
            at, platform, reported = heapq.heappop(due)
            kept = latest.get(platform)
            if kept is not None and kept[0] == reported:  # not reported again since
                del latest[platform]
                total -= kept[1]
                step(at)

    for ts, platform, count in rows:
        ts, count = float(ts), max(0, int(count or 0))
        run_out(ts)
        before = latest.get(platform)
        total += count - (before[1] if before is not None else 0)
        latest[platform] = (ts, count)
        heapq.heappush(due, (ts + VIEWERS_STAND_S, platform, ts))
        step(ts)
    run_out(None)
    return steps
