"""Resuming an interrupted show: what the console keeps of the show's live state, and how its
clocks carry on across the time the console was away. Pure: no I/O, no clock of its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SNAPSHOT_VERSION = 1


class SnapshotError(ValueError):
    """A saved show state this version cannot use (damaged, or from a newer LiveDesk)."""


@dataclass(frozen=True)
class ResumeSummary:
    """What the offer to resume tells the user, computed for the moment it is shown."""

    session_id: int
    title: str
    started_at: float
    saved_at: float | None  # None: the show was interrupted before any state was kept
    away_s: float
    segment_index: int | None = None
    segment_title: str | None = None
    segments: int = 0
    elapsed_s: float | None = None
    product: str | None = None
    coupon_code: str | None = None
    coupon_remaining_s: float | None = None
    featured: bool = False
    questions_open: int = 0
    # what was open of the show's interaction: a lottery (its keyword and entrants), a poll (its
    # votes), a check-in (who checked in); None where none was
    lottery_keyword: str | None = None
    lottery_entrants: int | None = None
    poll_votes: int | None = None
    checkin_present: int | None = None

    def as_api(self) -> dict[str, Any]:
        return dict(self.__dict__)


def carried_on(elapsed_s: float, paused: bool, away_s: float) -> float:
    """A running clock went on while the console was away (the host kept talking); a paused one
    (standby) did not."""
    return elapsed_s if paused else elapsed_s + max(0.0, away_s)


def left_after(remaining_s: float, paused: bool, away_s: float) -> float:
    """A coupon countdown's time left after the console was away (it kept running on stream)."""
    return remaining_s if paused else max(0.0, remaining_s - max(0.0, away_s))


def check_snapshot(state: object) -> dict[str, Any]:
    """The saved state as a dict with the parts resume reads; SnapshotError when it is not."""
    if not isinstance(state, dict):
        raise SnapshotError("the saved show state is not an object")
    version = state.get("version")
    if not isinstance(version, int) or version > SNAPSHOT_VERSION:
        raise SnapshotError(f"the saved show state has version {version!r}; this LiveDesk "
                            f"reads up to {SNAPSHOT_VERSION}")  # fmt: skip
    for part in ("runsheet", "overlays", "audience"):
        if not isinstance(state.get(part), dict):
            raise SnapshotError(f"the saved show state lacks its {part}")
    return state


def summarize(
    session: tuple[int, str, float],
    state: dict[str, Any] | None,
    saved_at: float | None,
    now: float,
    questions_open: int,
) -> ResumeSummary:
    """The offer's facts: where the run-sheet was, how far into the segment it is now, what
    was on screen, how many questions wait."""
    session_id, title, started_at = session
    if state is None or saved_at is None:
        return ResumeSummary(session_id, title, started_at, None, 0.0,
                             questions_open=questions_open)  # fmt: skip
    away = max(0.0, now - saved_at)
    runsheet, overlays = state["runsheet"], state["overlays"]
    index = runsheet.get("index")
    segments = (runsheet.get("sheet") or {}).get("segments") or []
    live = isinstance(index, int) and 0 <= index < len(segments)
    elapsed = runsheet.get("elapsed_s")
    coupon = overlays.get("coupon") or None
    return ResumeSummary(
        session_id, title, started_at, saved_at, away,
        segment_index=index if live else None,
        segment_title=str(segments[index].get("title")) if live else None,
        segments=len(segments),
        elapsed_s=None if not live or elapsed is None
        else carried_on(float(elapsed), bool(runsheet.get("paused")), away),
        product=overlays.get("product"),
        coupon_code=coupon.get("code") if coupon else None,
        coupon_remaining_s=left_after(float(coupon["remaining_s"]), bool(coupon.get("paused")),
                                      away) if coupon else None,
        featured=bool(overlays.get("featured")),
        questions_open=questions_open,
        **_open_interaction(state.get("interaction")),
    )  # fmt: skip


def _open_interaction(saved: object) -> dict[str, Any]:
    """The open lottery, poll and check-in of a kept state, counted (a damaged part: none)."""
    found: dict[str, Any] = {}
    if not isinstance(saved, dict):
        return found
    lottery, poll, checkin = (saved.get(k) for k in ("lottery", "poll", "checkin"))
    if isinstance(lottery, dict) and lottery.get("drawn") is None:
        entrants = lottery.get("entrants")
        keyword = lottery.get("keyword")
        found["lottery_keyword"] = keyword if isinstance(keyword, str) else ""
        found["lottery_entrants"] = _counted(entrants, lottery)
    if isinstance(poll, dict) and poll.get("open") is True:
        ballots = poll.get("ballots")
        found["poll_votes"] = _counted(ballots, poll)
    if isinstance(checkin, dict) and checkin.get("open") is True:
        present = checkin.get("present")
        found["checkin_present"] = _counted(present, checkin)
    return found


def _counted(inline: object, part: dict[str, Any]) -> int:
    """How many viewers a part has: those it lists, or (viewers stored apart) its count."""
    if isinstance(inline, list):
        return len(inline)
    count = part.get("count")
    return count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else 0
