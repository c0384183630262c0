"""The interaction's entries the log holds from after the show's state was last kept, taken
into the kept part before resume restores it: a lottery drawn, a poll or quiz closed or revealed,
a check-in closed (or one of them opened) just before the console died comes back as the log
says, never undone. A draw comes back drawn, with the logged seed and winners, and cannot be
drawn again.

The part is changed in place, in the form app/domain/interaction/saved.py reads (one opened here
is a header whose viewers are the store's rows, as the service keeps them). Applying an entry
the part already holds changes nothing, so an entry logged in the same instant as the save may
be given again. Pure: no I/O, no clock of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.domain import log_events as kinds
from app.domain.interaction import saved
from app.domain.log_events import LogEntry

Part = dict[str, Any]

CARDS = ("lottery", "poll", "checkin")
KINDS = frozenset({
    kinds.LOTTERY_OPEN, kinds.LOTTERY_DRAW, kinds.LOTTERY_CLOSE, kinds.LOTTERY_REMOVE,
    kinds.POLL_OPEN, kinds.POLL_CLOSE, kinds.POLL_REVEAL, kinds.CHECKIN_OPEN, kinds.CHECKIN_CLOSE,
    kinds.INTERACTION_OVERLAY_SHOW, kinds.INTERACTION_OVERLAY_HIDE,
})  # fmt: skip


def take_in(part: Part, entry: LogEntry) -> bool:
    """Apply one logged entry to the interaction's kept part; True when it changed it. Raises
    (ValueError, TypeError, KeyError) on a part or entry it cannot read."""
    data = entry.data or {}
    if entry.kind in (kinds.INTERACTION_OVERLAY_SHOW, kinds.INTERACTION_OVERLAY_HIDE):
        return _card(part, str(data.get("card")), entry.kind == kinds.INTERACTION_OVERLAY_SHOW)
    step = _STEPS.get(entry.kind)
    found = data.get("id")
    if step is None or isinstance(found, bool) or not isinstance(found, int) or found < 1:
        return False
    next_id = part.get("next_id")
    if not isinstance(next_id, int) or isinstance(next_id, bool) or next_id <= found:
        part["next_id"] = found + 1  # never given again, whatever else is in the part
    return step(part, found, entry.t, data)


# ----- the lottery ----------------------------------------------------------------------------
def _lottery_opened(part: Part, found: int, t: float, data: dict[str, Any]) -> bool:
    if _current(part, "lottery", found) is not None or _newer(part, "lottery", found):
        return False
    excluded: list[list[str]] = []
    if data.get("exclude_previous_winners") is True:  # this show's winners so far
        keys = {
            viewer.key
            for draw in saved.as_list(part.get("draws")) if isinstance(draw, dict)
            for viewer in map(saved.viewer_from_saved, saved.as_list(draw.get("winners")))
            if viewer is not None
        }  # fmt: skip
        excluded = [list(key) for key in sorted(keys)]
    part["lottery"] = _lottery(found, t, data.get("keyword"), data.get("winners"),
                               seconds=data.get("seconds"), excluded=excluded,
                               exclude=data.get("exclude_previous_winners") is True)  # fmt: skip
    _card(part, "lottery", True)  # a new one's card comes on
    return True


def _lottery(
    found: int, t: float, keyword: object, winners: object, *, seconds: object = None,
    excluded: list[list[str]] | None = None, exclude: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """A lottery's kept part as the log's entries make it, its entrants stored as rows."""
    return {
        "id": found, "keyword": keyword, "winners": winners, "opened_at": t, "seconds": seconds,
        "exclude_previous_winners": exclude, "excluded": excluded or [], "viewers": saved.STORED,
        "count": 0, "drawn": None,
    }  # fmt: skip


def _lottery_drawn(part: Part, found: int, t: float, data: dict[str, Any]) -> bool:
    lottery = _current(part, "lottery", found)
    if lottery is None:
        if _newer(part, "lottery", found):
            return False
        lottery = part["lottery"] = _lottery(
            found, t, data.get("keyword"), data.get("winners_wanted")
        )  # opened before the state was kept, drawn after it
    if lottery.get("drawn") is not None:
        return False  # drawn once: the draw stands
    entrants = saved.as_list(data.get("entrants"))
    seed = data.get("seed")
    if not isinstance(seed, str):
        raise ValueError("a logged draw without its seed")
    draw = {"seed": seed, "entrants": len(entrants),
            "winners": [list(w) for w in saved.as_list(data.get("winners"))]}  # fmt: skip
    saved.draw_from_saved(draw)  # one the restore can read, or ValueError now
    lottery.update(drawn=draw, excluded=[], count=len(entrants))
    if "entrants" in lottery:
        lottery["entrants"] = []  # the log has them with the draw
    draws = [d for d in saved.as_list(part.get("draws")) if d != draw]
    part["draws"] = [*draws, draw][-saved.MAX_SAVED_DRAWS :]
    return True


def _lottery_closed(part: Part, found: int, t: float, data: dict[str, Any]) -> bool:
    """Closed without a draw (a rehearsal's, at Start show): the service forgets it."""
    lottery = _current(part, "lottery", found)
    if lottery is None or lottery.get("drawn") is not None:
        return False
    part["lottery"] = None
    return True


def _lottery_removed(part: Part, found: int, t: float, data: dict[str, Any]) -> bool:
    """A viewer blocked out of the open lottery: excluded, so the stored entry is left out."""
    lottery = _current(part, "lottery", found)
    viewer = saved.viewer_from_saved([data.get("platform"), data.get("user"), data.get("user_id")])
    if lottery is None or lottery.get("drawn") is not None or viewer is None:
        return False
    excluded = saved.as_list(lottery.get("excluded"))
    if list(viewer.key) in excluded:
        return False
    lottery["excluded"] = [*excluded, list(viewer.key)]
    return True


# ----- polls and quizzes ----------------------------------------------------------------------
def _poll_opened(part: Part, found: int, t: float, data: dict[str, Any]) -> bool:
    if _current(part, "poll", found) is not None or _newer(part, "poll", found):
        return False
    options = saved.as_list(data.get("options"))
    part["poll"] = {
        "id": found, "question": data.get("question"), "options": options, "opened_at": t,
        "answer": data.get("answer"), "seconds": data.get("seconds"), "open": True,
        "revealed": False, "closed_at": None, "viewers": saved.STORED, "count": 0,
        "counts": [0] * len(options),
    }  # fmt: skip
    _card(part, "poll", True)
    return True


def _poll_closed(part: Part, found: int, t: float, data: dict[str, Any]) -> bool:
    poll = _current(part, "poll", found)
    if poll is None:
        if _newer(part, "poll", found):
            return False
        poll = part["poll"] = {
            "id": found, "question": data.get("question"), "options": data.get("options"),
            "opened_at": t, "answer": data.get("answer"), "seconds": None, "revealed": False,
        }  # fmt: skip
    elif poll.get("open") is False:
        return False
    poll.pop("ballots", None)  # its results are the logged counts
    poll.update(open=False, closed_at=t, viewers=saved.STORED, counts=data.get("counts"),
                count=data.get("voters"))  # fmt: skip
    return True


def _poll_revealed(part: Part, found: int, t: float, data: dict[str, Any]) -> bool:
    poll = _current(part, "poll", found)
    if poll is None or poll.get("revealed") is True or poll.get("answer") is None:
        return False
    if poll.get("open") is not False:  # revealing closes it first (its close is logged before)
        poll.update(open=False, closed_at=t)
    poll["revealed"] = True
    return True


# ----- check-in -------------------------------------------------------------------------------
def _checkin_opened(part: Part, found: int, t: float, data: dict[str, Any]) -> bool:
    if _current(part, "checkin", found) is not None or _newer(part, "checkin", found):
        return False
    part["checkin"] = {"id": found, "keyword": data.get("keyword"), "opened_at": t, "open": True,
                       "closed_at": None, "viewers": saved.STORED, "count": 0}  # fmt: skip
    _card(part, "checkin", True)
    return True


def _checkin_closed(part: Part, found: int, t: float, data: dict[str, Any]) -> bool:
    checkin = _current(part, "checkin", found)
    if checkin is None:
        if _newer(part, "checkin", found):
            return False
        checkin = part["checkin"] = {"id": found, "keyword": data.get("keyword"), "opened_at": t}
    elif checkin.get("open") is False:
        return False
    checkin.pop("present", None)  # who checked in is logged with the close
    checkin.update(open=False, closed_at=t, viewers=saved.STORED, count=data.get("count"))
    return True


# ----- the parts ------------------------------------------------------------------------------
def _current(part: Part, kind: str, found: int) -> Part | None:
    """The kept lottery, poll or check-in when it is `found`."""
    kept = part.get(kind)
    return kept if isinstance(kept, dict) and kept.get("id") == found else None


def _newer(part: Part, kind: str, found: int) -> bool:
    """The part keeps a later one than `found` (the latest is kept): leave it."""
    kept = part.get(kind)
    kept_id = kept.get("id") if isinstance(kept, dict) else None
    return isinstance(kept_id, int) and kept_id > found


def _card(part: Part, kind: str, on: bool) -> bool:
    if kind not in CARDS:
        return False
    shown = [k for k in saved.as_list(part.get("on_screen")) if k in CARDS]
    if (kind in shown) == on:
        return False
    part["on_screen"] = [*shown, kind] if on else [k for k in shown if k != kind]
    return True


_Step = Callable[[Part, int, float, dict[str, Any]], bool]
_STEPS: dict[str, _Step] = {
    kinds.LOTTERY_OPEN: _lottery_opened,
    kinds.LOTTERY_DRAW: _lottery_drawn,
    kinds.LOTTERY_CLOSE: _lottery_closed,
    kinds.LOTTERY_REMOVE: _lottery_removed,
    kinds.POLL_OPEN: _poll_opened,
    kinds.POLL_CLOSE: _poll_closed,
    kinds.POLL_REVEAL: _poll_revealed,
    kinds.CHECKIN_OPEN: _checkin_opened,
    kinds.CHECKIN_CLOSE: _checkin_closed,
}
