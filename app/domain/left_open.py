"""What an interrupted show's log says was still open when the console died, and the entries End
show would have written to end it. Pure: no I/O, no clock of its own.

A show left open (the console was killed) and then closed by the next Start show instead of
resumed ends at its last entry. So that its log reads as a show that ended (for the report, for
anyone redoing a draw from the log), the entries End show writes are added there, in End show's
order, each with the reason "interrupted": the live segment's end (its actual time as its clock
ran: wall time less standby), an open poll's close with its counts (a quiz's ballots too), an open
check-in's close with who checked in, an open lottery's close *without a draw* (its entrants are
logged, so the producer may still draw them by hand; nothing is drawn for them), the card hidden,
the coupon countdown ended, the featured comment taken down, and the show's end. The viewers of
the open interactions come from the rows stored as they were taken (`ViewerRow`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain import log_events as kinds
from app.domain.interaction import saved
from app.domain.interaction.viewers import Viewer, ViewerKey
from app.domain.log_events import LogEntry

REASON = "interrupted"


@dataclass
class LeftOpen:
    """What the log leaves open: the entries that opened each thing, by what it is."""

    segment: LogEntry | None = None  # the live segment's start
    standby_s: float = 0.0  # standby inside its run, closed pairs
    standby_since: float | None = None  # standby on, never off
    product: str | None = None
    coupon: str | None = None
    featured: object = None  # the featured comment's id (None: none up)
    featured_up: bool = False
    lotteries: dict[int, LogEntry] = field(default_factory=dict)
    removed: dict[int, set[ViewerKey]] = field(default_factory=dict)  # blocked out of a lottery
    polls: dict[int, LogEntry] = field(default_factory=dict)
    checkins: dict[int, LogEntry] = field(default_factory=dict)
    ended: bool = False  # the log has the show's end already

    def interaction_ids(self) -> list[int]:
        """The ids of the open lottery, poll and check-in (their viewers are stored under it)."""
        return sorted({*self.lotteries, *self.polls, *self.checkins})


def _id(data: dict[str, Any]) -> int | None:
    found = data.get("id")
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def left_open(entries: Iterable[LogEntry]) -> LeftOpen:
    """Replay the show's entries (in the order logged) and keep what was still open at the end."""
    still = LeftOpen()
    for entry in entries:
        kind, data = entry.kind, entry.data or {}
        if kind == kinds.SEGMENT_START:
            still.segment, still.standby_s, still.standby_since = entry, 0.0, None
        elif kind == kinds.SEGMENT_END:
            index = data.get("index")
            if still.segment is not None and index in (None, still.segment.data.get("index")):
                still.segment, still.standby_since = None, None
        elif kind == kinds.STANDBY_ON and still.standby_since is None:
            still.standby_since = entry.t
        elif kind == kinds.STANDBY_OFF and still.standby_since is not None:
            still.standby_s += max(0.0, entry.t - still.standby_since)
            still.standby_since = None
        elif kind == kinds.PRODUCT_SHOW:
            still.product = str(data.get("sku") or "") or None
        elif kind == kinds.PRODUCT_HIDE:
            still.product = None
        elif kind == kinds.COUPON_START:
            still.coupon = str(data.get("code") or "") or None
        elif kind == kinds.COUPON_END:
            still.coupon = None
        elif kind == kinds.FEATURED_SHOW:
            still.featured, still.featured_up = data.get("comment_id"), True
        elif kind == kinds.FEATURED_HIDE:
            still.featured, still.featured_up = None, False
        elif kind == kinds.SESSION_END:
            still = LeftOpen(ended=True)
        else:
            _interaction(still, entry)
    return still


def _interaction(still: LeftOpen, entry: LogEntry) -> None:
    kind, data = entry.kind, entry.data or {}
    found = _id(data)
    if found is None:
        return
    if kind == kinds.LOTTERY_OPEN:
        still.lotteries[found] = entry
        still.removed.pop(found, None)
    elif kind in (kinds.LOTTERY_DRAW, kinds.LOTTERY_CLOSE):
        still.lotteries.pop(found, None)
    elif kind == kinds.LOTTERY_REMOVE and found in still.lotteries:
        viewer = saved.viewer_from_saved([data.get("platform"), data.get("user"),
                                          data.get("user_id")])  # fmt: skip
        if viewer is not None:
            still.removed.setdefault(found, set()).add(viewer.key)
    elif kind == kinds.POLL_OPEN:
        still.polls[found] = entry
    elif kind == kinds.POLL_CLOSE:
        still.polls.pop(found, None)
    elif kind == kinds.CHECKIN_OPEN:
        still.checkins[found] = entry
    elif kind == kinds.CHECKIN_CLOSE:
        still.checkins.pop(found, None)


def closing_entries(
    still: LeftOpen, at: float, viewers: Sequence[saved.ViewerRow] = ()
) -> list[tuple[str, dict[str, Any]]]:
    """(kind, data) of each entry End show would have written at `at` (the show's last entry)
    for what is `still` open, in End show's order, ending with the show's end (nothing when the
    log has that already). `viewers`: the stored viewers of the open interactions. A timed poll
    whose time was up before `at` closed then: `closed_at` says when."""
    if still.ended:
        return []
    closing: list[tuple[str, dict[str, Any]]] = []
    segment = still.segment
    if segment is not None:
        closing.append((kinds.SEGMENT_END, _segment_end(segment, still, at)))
    for poll in still.polls.values():
        closing.append((kinds.POLL_CLOSE, _poll_close(poll, viewers)))
    for checkin in still.checkins.values():
        closing.append((kinds.CHECKIN_CLOSE, _checkin_close(checkin, viewers)))
    for lottery_id, lottery in still.lotteries.items():
        removed = still.removed.get(lottery_id, set())
        closing.append((kinds.LOTTERY_CLOSE, _lottery_close(lottery, viewers, removed)))
    if still.product is not None:
        closing.append((kinds.PRODUCT_HIDE, {"sku": still.product, "origin": "show_end",
                                             "reason": REASON}))  # fmt: skip
    if still.coupon is not None:
        closing.append((kinds.COUPON_END, {"code": still.coupon, "reason": REASON,
                                           "origin": "show_end"}))  # fmt: skip
    if still.featured_up:
        closing.append((kinds.FEATURED_HIDE, {"comment_id": still.featured, "origin": "show_end",
                                              "reason": REASON}))  # fmt: skip
    closing.append((kinds.SESSION_END, {"reason": REASON}))
    return closing


def closed_at(still: LeftOpen, kind: str, data: dict[str, Any], at: float) -> float:
    """When an entry of `closing_entries` happened: a timed poll whose time was up before the
    show's last entry closed on time, as the console would have closed it; the rest at `at`."""
    if kind != kinds.POLL_CLOSE:
        return at
    poll_id = data.get("id")
    opened = still.polls.get(poll_id) if isinstance(poll_id, int) else None
    seconds = (opened.data or {}).get("seconds") if opened is not None else None
    if opened is None or isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return at
    due = opened.t + float(seconds)
    return due if math.isfinite(due) and opened.t <= due < at else at


def _segment_end(start: LogEntry, still: LeftOpen, at: float) -> dict[str, Any]:
    """The segment's end, its actual time as its clock ran: from its start to `at`, less the
    standby inside it (standby still on at the end counts to the end, as End show leaves it)."""
    data = start.data or {}
    standby = still.standby_s
    if still.standby_since is not None:
        standby += max(0.0, at - still.standby_since)
    return {"index": data.get("index"), "title": data.get("title"),
            "planned_s": data.get("planned_s"),
            "actual_s": round(max(0.0, at - start.t - standby), 2), "reason": REASON}  # fmt: skip


def _rows(viewers: Sequence[saved.ViewerRow], kind: str, entry: LogEntry) -> list[saved.ViewerRow]:
    return saved.rows_of(viewers, kind, entry.data)


def _poll_close(entry: LogEntry, viewers: Sequence[saved.ViewerRow]) -> dict[str, Any]:
    data = entry.data or {}
    header = {"id": data.get("id"), "question": data.get("question"),
              "options": data.get("options"), "opened_at": entry.t, "answer": data.get("answer"),
              "seconds": data.get("seconds"), "open": True, "viewers": saved.STORED}  # fmt: skip
    try:
        poll = saved.poll_from_saved(header, _rows(viewers, "poll", entry))
    except (ValueError, TypeError):  # an entry an older or damaged log holds: what it says
        return {"id": data.get("id"), "question": data.get("question"),
                "options": data.get("options"), "answer": data.get("answer"),
                "reason": REASON}  # fmt: skip
    results: dict[str, Any] = {"id": poll.id, "question": poll.question,
                               "options": list(poll.options), "counts": list(poll.counts),
                               "voters": poll.voters, "answer": poll.answer}  # fmt: skip
    if poll.quiz:
        results["ballots"] = poll.ballots()
    results["reason"] = REASON
    return results


def _checkin_close(entry: LogEntry, viewers: Sequence[saved.ViewerRow]) -> dict[str, Any]:
    data = entry.data or {}
    header = {"id": data.get("id"), "keyword": data.get("keyword"), "opened_at": entry.t,
              "open": True, "viewers": saved.STORED}  # fmt: skip
    try:
        checkin = saved.checkin_from_saved(header, _rows(viewers, "checkin", entry))
    except (ValueError, TypeError):
        return {"id": data.get("id"), "keyword": data.get("keyword"), "reason": REASON}
    return {"id": checkin.id, "keyword": checkin.keyword, "count": checkin.count,
            "present": checkin.attendance(), "reason": REASON}  # fmt: skip


def _lottery_close(
    entry: LogEntry, viewers: Sequence[saved.ViewerRow], removed: set[ViewerKey]
) -> dict[str, Any]:
    """Closed without a draw: its entrants in entry order (those blocked out of it left out),
    so the producer can still draw by hand, with the seed they choose."""
    data = entry.data or {}
    entrants: list[Viewer] = []
    seen: set[ViewerKey] = set()
    for row in _rows(viewers, "lottery", entry):
        viewer = saved.viewer_from_saved(row[2:5])
        if viewer is not None and viewer.key not in seen and viewer.key not in removed:
            seen.add(viewer.key)
            entrants.append(viewer)
    return {"id": data.get("id"), "keyword": data.get("keyword"),
            "winners_wanted": data.get("winners"), "entrants": [e.as_log() for e in entrants],
            "drawn": False, "reason": REASON}  # fmt: skip
