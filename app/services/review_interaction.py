"""Interaction in the review, rebuilt from the show's log: each draw, each poll and quiz with its
results, each check-in with its count (`report --format json`'s "interaction"), and attendance
(`report --format attendance`): one row per viewer who took part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain import log_events as kinds
from app.domain.interaction.lottery import draw_winners
from app.domain.interaction.viewers import Viewer, ViewerKey, viewer_key
from app.domain.moderation import BlockedViewer, Moderation

Row = Mapping[str, Any]

ATTENDANCE_HEADER = ["platform", "user", "user_id", "checked_in_at", "quiz_right", "quiz_given",
                     "comments", "questions"]  # fmt: skip


# the entry that opens each kind of interaction (its close carries the same id)
_OPENS = {kinds.LOTTERY_OPEN: "lottery", kinds.POLL_OPEN: "poll", kinds.CHECKIN_OPEN: "checkin"}


def interaction_summary(events: Iterable[Row]) -> dict[str, Any]:
    """The draws, polls and check-ins of a show, in order, each with the segment it ran in (the
    one live when it opened, not when it closed: a cue or End show may close it in the next);
    and the messages sent to the host, each with when it left the host view (cleared or
    replaced by the next; None: still up when the log ends)."""
    segment: int | None = None
    opened_in: dict[tuple[str, object], int | None] = {}  # (what, its id) -> segment at its open
    lotteries: list[dict[str, Any]] = []
    polls: list[dict[str, Any]] = []
    checkins: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    for event in events:
        kind, data, t = event["kind"], event.get("data") or {}, event.get("t")
        if kind in (kinds.HOST_MESSAGE, kinds.HOST_MESSAGE_CLEAR):
            if messages and messages[-1]["cleared_t"] is None:
                messages[-1]["cleared_t"] = t
            if kind == kinds.HOST_MESSAGE:
                messages.append({"t": t, "segment": segment, "text": data.get("text"),
                                 "level": data.get("level"), "by": data.get("by"),
                                 "cleared_t": None})  # fmt: skip
        if kind == kinds.SEGMENT_START:
            segment = data.get("index")
        elif kind in _OPENS:
            opened_in[(_OPENS[kind], _id(data))] = segment
        elif kind == kinds.LOTTERY_DRAW:
            ran_in = opened_in.pop(("lottery", _id(data)), segment)
            lotteries.append({
                "id": data.get("id"), "t": t, "segment": ran_in, "keyword": data.get("keyword"),
                "entrants": len(data.get("entrants") or ()), "seed": data.get("seed"),
                "winners": [Viewer.from_log(w).as_api() for w in data.get("winners") or ()],
            })  # fmt: skip
        elif kind == kinds.POLL_CLOSE:
            answer = data.get("answer")
            counts = list(data.get("counts") or ())
            ran_in = opened_in.pop(("poll", _id(data)), segment)
            polls.append({
                "id": data.get("id"), "t": t, "segment": ran_in, "question": data.get("question"),
                "options": list(data.get("options") or ()), "counts": counts,
                "voters": data.get("voters"), "quiz": answer is not None, "answer": answer,
                "right": counts[answer] if answer is not None and answer < len(counts) else None,
            })  # fmt: skip
        elif kind == kinds.CHECKIN_CLOSE:
            ran_in = opened_in.pop(("checkin", _id(data)), segment)
            checkins.append({"id": data.get("id"), "t": t, "segment": ran_in,
                             "keyword": data.get("keyword"),
                             "count": data.get("count")})  # fmt: skip
    return {"lotteries": lotteries, "polls": polls, "checkins": checkins,
            "host_messages": messages}  # fmt: skip


def _id(data: Mapping[str, Any]) -> object:
    """An interaction entry's id (None when a damaged log holds something else there)."""
    found = data.get("id")
    return found if isinstance(found, int | str) else None


@dataclass
class _Taking:
    viewer: Viewer
    checked_in: float | None = None
    quiz_right: int = 0
    quiz_given: int = 0
    comments: int = 0
    questions: int = 0


def attendance_rows(events: Iterable[Row], talkers: Iterable[Row]) -> list[list[Any]]:
    """One row per viewer who checked in, answered a quiz or commented (ATTENDANCE_HEADER):
    those who checked in first, by the time they did, then the rest by platform and name.
    `talkers`: per viewer {platform, user, user_id, comments, questions}, their blocked comments
    not counted. A viewer the producer blocked during the show (and did not unblock) is no
    attendee: left out, whatever they did before the block."""
    events = list(events)
    people: dict[ViewerKey, _Taking] = {}

    def taking(viewer: Viewer) -> _Taking:
        found = people.get(viewer.key)
        if found is None:
            found = people[viewer.key] = _Taking(viewer)
        return found

    for event in events:
        kind, data = event["kind"], event.get("data") or {}
        if kind == kinds.CHECKIN_CLOSE:
            for platform, user, user_id, at in data.get("present") or ():
                person = taking(Viewer.from_log([platform, user, user_id]))
                if person.checked_in is None or at < person.checked_in:
                    person.checked_in = at
        elif kind == kinds.POLL_CLOSE and data.get("answer") is not None:
            for platform, user, user_id, option in data.get("ballots") or ():
                person = taking(Viewer.from_log([platform, user, user_id]))
                person.quiz_given += 1
                person.quiz_right += option == data["answer"]
    for row in talkers:
        key = viewer_key(str(row["platform"]), str(row["user"]), row.get("user_id") or None)
        person = people.get(key) or taking(
            Viewer(str(row["platform"]), str(row["user"]), row.get("user_id") or None)
        )
        person.comments += int(row.get("comments") or 0)
        person.questions += int(row.get("questions") or 0)
    blocked = blocked_at_the_end(events)
    kept = [p for p in people.values() if not blocked.blocks_viewer(*p.viewer.as_log())]
    ordered = sorted(kept, key=lambda p: (
        p.checked_in is None, p.checked_in or 0.0, p.viewer.platform, p.viewer.user))  # fmt: skip
    return [
        [p.viewer.platform, p.viewer.user, p.viewer.user_id or "", _when(p.checked_in),
         p.quiz_right, p.quiz_given, p.comments, p.questions]
        for p in ordered
    ]  # fmt: skip


def blocked_at_the_end(events: Iterable[Row]) -> Moderation:
    """The viewers blocked during the show and still blocked at its end, as the log's block and
    unblock entries tell (matched as the console matches them: `Moderation.blocks_viewer`)."""
    blocked = Moderation((), contacts=False)
    for event in events:
        kind = event["kind"]
        if kind not in (kinds.VIEWER_BLOCK, kinds.VIEWER_UNBLOCK):
            continue
        data = event.get("data") or {}
        user, user_id = data.get("user"), data.get("user_id")
        viewer = BlockedViewer(str(data.get("platform") or ""), str(user) if user else None,
                               str(user_id) if user_id else None)  # fmt: skip
        if viewer.user is None and viewer.user_id is None:
            continue
        if kind == kinds.VIEWER_BLOCK:
            blocked.add_viewer(viewer)
        else:
            blocked.remove_viewer(viewer)
    return blocked


def _when(t: float | None) -> str:
    """A wall time as the spreadsheet shows it: local, to the second."""
    if t is None:
        return ""
    return dt.datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S")


def redo_draw(entry: Row) -> Sequence[Viewer]:
    """A logged draw done again from its entrants and seed (what anyone can check)."""
    data = entry.get("data") or entry
    entrants = [Viewer.from_log(e) for e in data.get("entrants") or ()]
    return draw_winners(entrants, int(data.get("winners_wanted") or 0), str(data.get("seed")))


# the viewer lists of the interaction entries, and what each row holds beyond the viewer
_VIEWER_LISTS: dict[str, dict[str, str | None]] = {
    kinds.LOTTERY_DRAW: {"entrants": None, "winners": None},
    kinds.LOTTERY_CLOSE: {"entrants": None},  # closed without a draw
    kinds.POLL_CLOSE: {"ballots": "option"},
    kinds.CHECKIN_CLOSE: {"present": "t"},
}


def name_viewers(report_events: Iterable[dict[str, Any]]) -> None:
    """In the report's events (in place), each logged viewer row [platform, user, user_id, …]
    as {"platform", "user", "user_id", …}: named like every other viewer of the report, so a
    pseudonymised report aliases them too."""
    for event in report_events:
        lists = _VIEWER_LISTS.get(event.get("kind", ""))
        if lists is None:
            continue
        for name, extra in lists.items():
            rows = event.get(name)
            if isinstance(rows, list):
                event[name] = [_named(row, extra) for row in rows]


def _named(row: Any, extra: str | None) -> Any:
    if not isinstance(row, list | tuple) or len(row) < 3:
        return row
    named = {"platform": row[0], "user": row[1], "user_id": row[2]}
    if extra is not None and len(row) > 3:
        named[extra] = row[3]
    return named
