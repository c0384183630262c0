"""A lottery, poll or check-in as resume keeps it (plain JSON) and takes it back.

An open interaction's viewers are kept in one of two ways. Inline (as the part was first written,
and still where no store keeps them): the part lists every entrant, ballot or check-in. Stored
(`"viewers": "stored"`): the part is a header with counts, and each viewer the interaction took was
appended to the store as a `ViewerRow` when it was taken; resume reads those rows back and hands
them over here. A stored part stays small however many viewers there are.

Reading is forgiving, since the saved state may come from an older LiveDesk or be damaged: a
part that cannot be an interaction raises ValueError (InteractionError is one) for the service to
drop alone, a damaged viewer row is skipped, and no more viewers are taken than an interaction
holds in memory (MAX_VIEWERS).

A timed lottery's or poll's window runs on the steady clock, whose readings mean nothing to the
next console, so its part keeps the seconds it had left (`remaining_s`, below 0 once it ran out)
at the wall time the part was written (`saved_at`), as the coupon countdown is kept: taken up
again, it has `remaining_s` less the time away left (it ran on stream then too). A part without
them (kept by a LiveDesk before them, or made from the log's entries) is read by the wall clock:
`opened_at + seconds` is when it closes. Other times are wall-clock times of day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from app.domain.interaction.checkin import CheckIn
from app.domain.interaction.lottery import MAX_WINNERS, Draw, Lottery, Window
from app.domain.interaction.poll import Poll
from app.domain.interaction.viewers import MAX_VIEWERS, Viewer, ViewerKey

STORED = "stored"  # a part's "viewers": its viewers are rows in the store, not in the part
# one viewer an interaction took, as the store appends it and resume reads it back:
# (interaction id, kind "lottery" | "poll" | "checkin", platform, user, user_id, t, choice);
# t is when it was taken (a check-in's time), choice a ballot's option (None otherwise; for a
# poll, None is a vote taken back: its viewer was blocked)
ViewerRow = tuple[int, str, str, str, str | None, float, int | None]
MAX_SAVED_DRAWS = 50  # the latest draws, whose winners a later lottery may exclude
_MAX_NAME = 200  # a platform, user name or user id longer than this is not one


class Now(NamedTuple):
    """The moment a part is written or read: the wall clock and the steady clock then."""

    wall: float
    steady: float


def _window_to_saved(item: Window, now: Now | None) -> dict[str, Any]:
    """A timed window's time left as of `now.wall` (none untimed, or without `now`)."""
    if now is None or item.closes_at is None:
        return {}
    return {"remaining_s": round(item.closes_at - now.steady, 3), "saved_at": now.wall}


def _window_from_saved(item: Window, saved: dict[str, Any], opened_at: float, now: Now) -> None:
    """Time a restored window's clock from `now`: what it had left when kept less the time
    away (never less: a wall clock set back meanwhile is no time away), or, for a part that
    does not say, what its wall-clock opening leaves."""
    if item.seconds is None:
        return
    try:
        away = max(0.0, now.wall - _time(saved.get("saved_at")))
        left = _time(saved.get("remaining_s")) - away
    except ValueError:  # an older LiveDesk's part, or one the log's entries made
        left = opened_at + item.seconds - now.wall
    item.time_from(now.steady, left)


def _rows(value: object, limit: int) -> list[Any]:
    """At most `limit` rows of a saved list (none when it is not a list)."""
    return value[:limit] if isinstance(value, list) else []


def _time(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not abs(value) <= 1e15:
        raise ValueError(f"{str(value)[:40]} is not a time")  # NaN, infinities, 10**400 ...
    return float(value)


def _time_or(value: object, default: float) -> float:
    try:
        return _time(value)
    except ValueError:
        return default


def _id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{value!r} is not an interaction id")
    return value


def _name(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > _MAX_NAME:
        raise ValueError(f"{value!r} is not a name")
    return value


def viewer_from_saved(row: object) -> Viewer | None:
    """[platform, user, user_id] (as Viewer.as_log writes it), or None when damaged."""
    if not isinstance(row, list | tuple) or len(row) < 3:
        return None
    try:
        user_id = None if row[2] is None else _name(row[2])
        return Viewer(_name(row[0]), _name(row[1]), user_id)
    except ValueError:
        return None


def _stored(saved: dict[str, Any]) -> bool:
    return saved.get("viewers") == STORED


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _row_viewer(row: ViewerRow) -> Viewer | None:
    return viewer_from_saved(row[2:5])


def _key_from_saved(row: object) -> ViewerKey | None:
    if isinstance(row, list | tuple) and len(row) == 2 and all(isinstance(x, str) for x in row):
        return (row[0], row[1])
    return None


# ----- the lottery ----------------------------------------------------------------------------
def draw_to_saved(draw: Draw) -> dict[str, Any]:
    return {"seed": draw.seed, "entrants": draw.entrants,
            "winners": [list(w.as_log()) for w in draw.winners]}  # fmt: skip


def draw_from_saved(saved: object) -> Draw:
    if not isinstance(saved, dict) or not isinstance(saved.get("seed"), str):
        raise ValueError("a saved draw without its seed")
    entrants = saved.get("entrants")
    if isinstance(entrants, bool) or not isinstance(entrants, int) or entrants < 0:
        raise ValueError(f"a saved draw of {entrants!r} entrants")
    rows = _rows(saved.get("winners"), MAX_WINNERS)
    winners = tuple(v for v in map(viewer_from_saved, rows) if v is not None)
    return Draw(saved["seed"], entrants, winners)


def lottery_to_saved(
    lottery: Lottery, *, inline: bool = True, now: Now | None = None
) -> dict[str, Any]:
    """A drawn lottery keeps its draw, not its entrants (the log has them with the draw); an
    open one its entrants inline, or (not `inline`) only their count (they are stored), and
    the time its entries had left at `now`."""
    drawn = lottery.drawn
    timing = _window_to_saved(lottery, now) if drawn is None else {}
    if not inline:
        return {
            "id": lottery.id, "keyword": lottery.keyword, "winners": lottery.winners,
            "opened_at": lottery.opened_at, "seconds": lottery.seconds,
            "exclude_previous_winners": lottery.exclude_previous_winners,
            "excluded": list(lottery.excluded) if drawn is None else [],
            "viewers": STORED, "count": len(lottery.entrants),
            "drawn": None if drawn is None else draw_to_saved(drawn), **timing,
        }  # fmt: skip
    return {
        "id": lottery.id, "keyword": lottery.keyword, "winners": lottery.winners,
        "opened_at": lottery.opened_at, "seconds": lottery.seconds,
        "exclude_previous_winners": lottery.exclude_previous_winners,
        "excluded": list(lottery.excluded) if drawn is None else [],
        # tuples are written as JSON lists: no list made per entrant (MAX_VIEWERS of them at most)
        "entrants": [(e.platform, e.user, e.user_id) for e in lottery.entrants]
        if drawn is None
        else [],
        "drawn": None if drawn is None else draw_to_saved(drawn), **timing,
    }  # fmt: skip


def lottery_from_saved(
    saved: object, rows: Iterable[ViewerRow] = (), now: Now | None = None
) -> Lottery:
    """`rows`: the lottery's stored entrants in entry order (read only for a stored part);
    `now`: its entries' time is taken up from then (without it: not timed)."""
    if not isinstance(saved, dict):
        raise ValueError("a saved lottery that is not an object")
    excluded = frozenset(
        k for k in map(_key_from_saved, _rows(saved.get("excluded"), MAX_VIEWERS)) if k
    )
    lottery = Lottery(
        _id(saved.get("id")), saved.get("keyword"), saved.get("winners"),  # type: ignore[arg-type]
        _time(saved.get("opened_at")), saved.get("seconds"),
        saved.get("exclude_previous_winners") is True, excluded,
    )  # fmt: skip
    for row in _rows(saved.get("entrants"), MAX_VIEWERS):
        viewer = viewer_from_saved(row)
        if viewer is not None:
            lottery.enter(viewer)
    if _stored(saved) and saved.get("drawn") is None:
        for stored in rows:
            viewer = _row_viewer(stored)
            if viewer is not None:
                lottery.enter(viewer)  # once each, never past MAX_VIEWERS
    if saved.get("drawn") is not None:
        lottery.drawn = draw_from_saved(saved["drawn"])
    elif now is not None:
        _window_from_saved(lottery, saved, lottery.opened_at, now)
    return lottery


# ----- polls and quizzes ----------------------------------------------------------------------
def poll_to_saved(poll: Poll, *, inline: bool = True, now: Now | None = None) -> dict[str, Any]:
    """Its ballots inline, or (not `inline`) its counts (they are stored; a closed poll comes
    back from its counts alone); an open one the time its votes had left at `now`."""
    part = {
        "id": poll.id, "question": poll.question, "options": list(poll.options),
        "opened_at": poll.opened_at, "answer": poll.answer, "seconds": poll.seconds,
        "open": poll.open, "revealed": poll.revealed, "closed_at": poll.closed_at,
        **(_window_to_saved(poll, now) if poll.open else {}),
    }  # fmt: skip
    if inline:
        part["ballots"] = poll.ballots()  # tuples, written as JSON lists
    else:
        part.update(viewers=STORED, count=poll.voters, counts=list(poll.counts))
    return part


def poll_from_saved(saved: object, rows: Iterable[ViewerRow] = (), now: Now | None = None) -> Poll:
    """The counts are those of the ballots (never saved counts that could disagree). A stored
    open poll takes its ballots from `rows` in the order cast (a voter's last one counts); a
    stored closed one its saved counts. `now`: an open one's time is taken up from then
    (without it: not timed)."""
    if not isinstance(saved, dict):
        raise ValueError("a saved poll that is not an object")
    poll = Poll(
        _id(saved.get("id")), saved.get("question"), saved.get("options"),  # type: ignore[arg-type]
        _time(saved.get("opened_at")), saved.get("answer"), saved.get("seconds"),
    )  # fmt: skip
    for row in _rows(saved.get("ballots"), MAX_VIEWERS):
        viewer = viewer_from_saved(row)
        if viewer is not None and len(row) >= 4:
            poll.cast(viewer, row[3])
    if _stored(saved) and saved.get("open") is not False:
        for stored in rows:
            viewer = _row_viewer(stored)
            if viewer is None:
                continue
            if stored[6] is None:  # the vote taken back (its viewer was blocked)
                poll.uncast(viewer.key)
            elif isinstance(stored[6], int):
                poll.cast(viewer, stored[6])
    elif _stored(saved):
        counts = saved.get("counts")
        if isinstance(counts, list) and len(counts) == len(poll.options):
            poll.counts = [_count(c) for c in counts]
        poll.kept_voters = _count(saved.get("count"))
    if saved.get("open") is False:
        poll.close(_time_or(saved.get("closed_at"), poll.opened_at))
        poll.revealed = poll.quiz and saved.get("revealed") is True
    elif now is not None:
        _window_from_saved(poll, saved, poll.opened_at, now)
    return poll


# ----- check-in -------------------------------------------------------------------------------
def checkin_to_saved(checkin: CheckIn, *, inline: bool = True) -> dict[str, Any]:
    """Its viewers inline, or (not `inline`) their count (they are stored; a closed check-in
    comes back with its count alone)."""
    part = {
        "id": checkin.id, "keyword": checkin.keyword, "opened_at": checkin.opened_at,
        "open": checkin.open, "closed_at": checkin.closed_at,
    }  # fmt: skip
    if inline:
        part["present"] = checkin.attendance()  # tuples, written as JSON lists
    else:
        part.update(viewers=STORED, count=checkin.count)
    return part


def checkin_from_saved(saved: object, rows: Iterable[ViewerRow] = ()) -> CheckIn:
    if not isinstance(saved, dict):
        raise ValueError("a saved check-in that is not an object")
    checkin = CheckIn(_id(saved.get("id")), saved.get("keyword"), _time(saved.get("opened_at")))  # type: ignore[arg-type]
    for row in _rows(saved.get("present"), MAX_VIEWERS):
        viewer = viewer_from_saved(row)
        if viewer is None or len(row) < 4:
            continue
        checkin.enter(viewer, _time_or(row[3], checkin.opened_at))
    if _stored(saved) and saved.get("open") is not False:
        for stored in rows:
            viewer = _row_viewer(stored)
            if viewer is not None:
                checkin.enter(viewer, _time_or(stored[5], checkin.opened_at))
    elif _stored(saved):
        checkin.kept_count = _count(saved.get("count"))
    if saved.get("open") is False:
        checkin.close(_time_or(saved.get("closed_at"), checkin.opened_at))
    return checkin


# ----- what resume reads of a kept state ------------------------------------------------------
def inline_viewers(state: dict[str, Any], kind: str, part_id: int) -> bool:
    """The restored part `kind` of this id listed its viewers inline."""
    part = state.get(kind)
    return isinstance(part, dict) and part.get("id") == part_id and part.get("viewers") != STORED


def inline_rows(
    state: dict[str, Any], lottery: Lottery | None, poll: Poll | None, checkin: CheckIn | None
) -> list[ViewerRow]:
    """The viewers of the open lottery, poll and check-in that `state` listed inline (kept by a
    LiveDesk before viewers were stored), as the rows the store keeps."""
    rows: list[ViewerRow] = []
    if lottery is not None and inline_viewers(state, "lottery", lottery.id):
        rows += [(lottery.id, "lottery", *e.as_log(), lottery.opened_at, None)
                 for e in lottery.entrants]  # fmt: skip
    if poll is not None and inline_viewers(state, "poll", poll.id):
        rows += [(poll.id, "poll", *poll.voters_by_key[key].as_log(), poll.opened_at, choice)
                 for key, choice in poll.votes.items()]  # fmt: skip
    if checkin is not None and inline_viewers(state, "checkin", checkin.id):
        rows += [(checkin.id, "checkin", *viewer.as_log(), at, None)
                 for viewer, at in checkin.present.values()]  # fmt: skip
    return rows


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def stored_ids(state: object) -> list[int]:
    """The ids of the open interactions of a kept part whose viewers are stored: those resume
    reads the viewers of (a drawn lottery's or a closed poll's are never read again)."""
    if not isinstance(state, dict):
        return []
    found = []
    for kind in ("lottery", "poll", "checkin"):
        part = state.get(kind)
        if not isinstance(part, dict) or part.get("viewers") != STORED:
            continue
        still_open = (
            part.get("drawn") is None if kind == "lottery" else part.get("open") is not False
        )
        part_id = part.get("id")
        if still_open and isinstance(part_id, int) and not isinstance(part_id, bool):
            found.append(part_id)
    return found


def rows_of(rows: Sequence[ViewerRow], kind: str, part: object) -> list[ViewerRow]:
    """The rows of the part's interaction (by id and kind)."""
    part_id = part.get("id") if isinstance(part, dict) else None
    return [row for row in rows if row[0] == part_id and row[1] == kind] if rows else []
