"""What the show's log holds of a lottery, poll or check-in when it opens and when it ends: the
service logs these, and an interrupted show's closing (app/domain/left_open.py) logs the same.
The viewers are compact rows ([platform, user, user_id, ...], see Viewer.as_log)."""

from __future__ import annotations

from typing import Any

from app.domain.interaction.checkin import CheckIn
from app.domain.interaction.lottery import Lottery
from app.domain.interaction.poll import Poll


def opened(item: Lottery | Poll | CheckIn) -> dict[str, Any]:
    """An open entry (lottery.open, poll.open, checkin.open): its settings."""
    if isinstance(item, Lottery):
        return {"id": item.id, "keyword": item.keyword, "winners": item.winners,
                "seconds": item.seconds, "exclude_previous_winners": item.exclude_previous_winners,
                "excluded": len(item.excluded)}  # fmt: skip
    if isinstance(item, Poll):
        return {"id": item.id, "question": item.question, "options": list(item.options),
                "answer": item.answer, "seconds": item.seconds}  # fmt: skip
    return {"id": item.id, "keyword": item.keyword}


def poll_results(poll: Poll) -> dict[str, Any]:
    """poll.close: its counts and voters (a quiz's ballots too, for the attendance export)."""
    results: dict[str, Any] = {"id": poll.id, "question": poll.question,
                               "options": list(poll.options), "counts": list(poll.counts),
                               "voters": poll.voters, "answer": poll.answer}  # fmt: skip
    if poll.quiz:
        results["ballots"] = poll.ballots()
    return results


def checkin_closed(checkin: CheckIn) -> dict[str, Any]:
    """checkin.close: who checked in and when (the attendance export reads it)."""
    return {"id": checkin.id, "keyword": checkin.keyword, "count": checkin.count,
            "present": checkin.attendance()}  # fmt: skip


def lottery_closed(lottery: Lottery) -> dict[str, Any]:
    """lottery.close, a lottery that ends without a draw: its entrants in entry order, so the
    producer can still draw them by hand."""
    return {"id": lottery.id, "keyword": lottery.keyword, "winners_wanted": lottery.winners,
            "entrants": [e.as_log() for e in lottery.entrants], "drawn": False}  # fmt: skip
