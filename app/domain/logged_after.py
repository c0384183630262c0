"""What the show's log holds from after its state was last kept, taken into that state before
resume restores it, so that resume never undoes what the log says happened.

The state is kept a few times a second and the log is written within a tenth of one, so an entry
may reach the log while the state that would hold it does not (the console died in between). Such
entries (logged after the state's `saved_at`) are applied here to the parts resume restores:

- the run-sheet: a cue (the segment's end and the next one's start, its clock from the logged
  start), a talking point ticked, standby on and off (the clock paused and going on); a run-sheet
  loaded after the state stops this (the log does not hold the sheet);
- what is on stream: the product card, the coupon countdown (started, extended, paused, ended),
  the featured comment, the thanks overlay;
- the message on the host view;
- the interaction: app/domain/interaction/logged_after.py (a draw comes back drawn, with its
  winners);
- the audience's counters: the likes, gifts, follows... written after the state, and its
  thanks list: each gift, membership, super chat or follow filed as it was live (`count_items`;
  the store says which those are).

Entries are told from the state by their time (the same wall clock stamps both): one logged at
`saved_at` or before is in the state. A part that cannot take its entries in (damaged) is left as
kept, and named; a part no entry changed is left untouched. The state is changed in place. Pure:
no I/O, no clock of its own.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from app.domain import log_events as kinds
from app.domain.audience import THANKED_KINDS, Comment, Kind
from app.domain.interaction import logged_after as interaction
from app.domain.interaction.cue import parse_cue
from app.domain.interaction.lottery import InteractionError
from app.domain.log_events import LogEntry
from app.domain.tally import AudienceTally
from app.domain.thanks import ThanksList

_RUNSHEET = frozenset({kinds.RUNSHEET_LOAD, kinds.SEGMENT_START, kinds.SEGMENT_END,
                       kinds.SEGMENT_POINT, kinds.STANDBY_ON, kinds.STANDBY_OFF})  # fmt: skip
_OVERLAYS = frozenset({kinds.PRODUCT_SHOW, kinds.PRODUCT_HIDE, kinds.COUPON_START,
                       kinds.COUPON_END, kinds.COUPON_EXTEND, kinds.COUPON_PAUSE,
                       kinds.COUPON_RESUME, kinds.FEATURED_SHOW, kinds.FEATURED_HIDE,
                       kinds.THANKS_OVERLAY_SHOW, kinds.THANKS_OVERLAY_HIDE})  # fmt: skip
_HOST = frozenset({kinds.HOST_MESSAGE, kinds.HOST_MESSAGE_CLEAR})
_OPENS = frozenset({kinds.LOTTERY_OPEN, kinds.POLL_OPEN, kinds.CHECKIN_OPEN})
_READ_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError)
_P = TypeVar("_P")


@dataclass
class TakenIn:
    """What the log added to the kept state."""

    entries: list[str] = field(default_factory=list)  # the kinds of the entries applied
    left_out: list[str] = field(default_factory=list)  # parts that could not take them in
    sheet_loaded: bool = False  # a run-sheet loaded after the state: its cues are not applied


def take_in(state: dict[str, Any], entries: Iterable[LogEntry], saved_at: float) -> TakenIn:
    """Apply to `state` (as kept at `saved_at`, checked by check_snapshot) the show's entries
    logged after it, in the order logged; those logged at `saved_at` or before are in it."""
    later = [e for e in entries if e.t > saved_at]
    taken = TakenIn()
    if not later:
        return taken
    runsheet = _part("runsheet", taken, lambda: _Runsheet(state["runsheet"], saved_at))
    overlays = _part("overlays", taken, lambda: _Overlays(state["overlays"], saved_at))
    kept = state.get("interaction")
    part = copy.deepcopy(kept) if isinstance(kept, dict) else None  # a header: small
    host, host_changed = state.get("host_message"), False
    changed_parts: set[str] = set()  # those an entry changed: the others stay as kept
    for entry in later:
        kind = entry.kind
        try:
            if kind in _RUNSHEET and runsheet is not None:
                changed = runsheet.take(entry)
                taken.sheet_loaded = runsheet.stopped
                name = "runsheet"
            elif kind in _OVERLAYS and overlays is not None:
                changed, name = overlays.take(entry), "overlays"
            elif kind in interaction.KINDS and part is not None:
                changed, name = interaction.take_in(part, entry), "interaction"
                if kind in _OPENS and runsheet is not None and runsheet.opened(entry):
                    changed_parts.add("runsheet")
            elif kind in _HOST:
                host, changed, name = _host_message(entry), True, "host_message"
                host_changed = True
            else:
                continue
        except _READ_ERRORS as exc:
            name = "runsheet" if kind in _RUNSHEET else "overlays" if kind in _OVERLAYS else (
                "interaction")  # fmt: skip
            taken.left_out.append(f"{name}: {exc}")
            runsheet = None if name == "runsheet" else runsheet
            overlays = None if name == "overlays" else overlays
            part = None if name == "interaction" else part
            continue
        if changed:
            taken.entries.append(kind)
            changed_parts.add(name)
    for name, done in (("runsheet", runsheet), ("overlays", overlays)):
        if done is not None and name in changed_parts:
            state[name] = done.kept()
    if part is not None and "interaction" in changed_parts:
        state["interaction"] = part
    if host_changed:
        state["host_message"] = host
    return taken


def count_items(state: dict[str, Any], items: Sequence[Comment]) -> int:
    """Count into the kept audience the items written after the state (likes, gifts, follows,
    super chats ...): its tally, how many of its numbered items are not comments, and its thanks
    list (those to thank filed in the order they came, so each entry gets the id it had live).
    Returns how many were counted."""
    audience = state.get("audience")
    counted = [c for c in items if c.kind is not Kind.COMMENT]
    if not isinstance(audience, dict) or not counted:
        return 0
    since = AudienceTally()
    for item in counted:
        since.add(item)
    kept = AudienceTally.restored(audience.get("tally"), now=max(c.ts for c in counted))
    audience["tally"] = kept.merged(since).snapshot()
    activities = audience.get("activities")
    if isinstance(activities, int) and not isinstance(activities, bool):
        audience["activities"] = activities + sum(1 for c in counted if c.id > 0)
    thanked = sorted((c for c in counted if c.kind in THANKED_KINDS), key=lambda c: c.id)
    if thanked and isinstance(audience.get("thanks"), dict):  # a state that kept its list
        thanks = ThanksList.restored(audience["thanks"])
        for item in thanked:
            thanks.add(item)
        audience["thanks"] = thanks.snapshot()
    return len(counted)


def _part(name: str, taken: TakenIn, make: Callable[[], _P]) -> _P | None:
    try:
        return make()
    except _READ_ERRORS as exc:
        taken.left_out.append(f"{name}: {exc}")
        return None


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{str(value)[:40]} is not a number")
    return float(value)


def _host_message(entry: LogEntry) -> dict[str, Any] | None:
    if entry.kind == kinds.HOST_MESSAGE_CLEAR:
        return None
    data = entry.data
    return {"text": data.get("text"), "level": data.get("level"), "since": entry.t,
            "by": data.get("by")}  # fmt: skip


class _Clock:
    """A clock kept as resume reads it: while it runs, `value` is its reading at the state's
    `saved_at` (a start after it reads less than zero there); while paused, its reading."""

    def __init__(self, value: float, paused: bool, saved_at: float) -> None:
        self.value, self.paused, self._at = value, paused, saved_at

    def reading(self, t: float) -> float:
        return self.value if self.paused else self.value + (t - self._at)

    def pause(self, t: float) -> None:
        if not self.paused:
            self.value, self.paused = self.reading(t), True

    def go_on(self, t: float) -> None:
        if self.paused:
            self.value, self.paused = self.value - (t - self._at), False


class _Runsheet:
    """The run-sheet part (ShowRunner.snapshot's form) with the cues logged after it."""

    def __init__(self, kept: dict[str, Any], saved_at: float) -> None:
        self._kept, self._at = dict(kept), saved_at
        self._segments = len(kept["sheet"]["segments"])
        index = kept.get("index")
        self.index: int | None = index if isinstance(index, int) else None
        self.actual = {str(i): _number(s) for i, s in (kept.get("actual_s") or {}).items()}
        self.points = {str(i): sorted(int(p) for p in v)
                       for i, v in (kept.get("points_done") or {}).items()}  # fmt: skip
        run = kept.get("run_s", kept.get("elapsed_s"))
        self.clock = None if run is None else _Clock(_number(run), bool(kept.get("paused")),
                                                     saved_at)  # fmt: skip
        standby = kept.get("standby")
        self.standby: dict[str, Any] | None = dict(standby) if isinstance(standby, dict) else None
        self.stopped = False  # a run-sheet was loaded: its cues are not known here
        cued = kept.get("cued")
        self.cued: dict[str, Any] | None = dict(cued) if isinstance(cued, dict) else None
        self.cued_by: int | None = None  # the segment cued last, whose cue may open one

    def opened(self, entry: LogEntry) -> bool:
        """A lottery, poll or check-in opened: the cue's of the segment cued just before, when
        its `interaction` cell opens one of that kind (InteractionCues keeps which); True when
        it was."""
        index, self.cued_by = self.cued_by, None
        if index is None or self.cued is None or self.stopped:
            return False
        try:
            cell = self._kept["sheet"]["segments"][index].get("interaction")
            cue = parse_cue(cell) if isinstance(cell, str) else None
        except (*_READ_ERRORS, InteractionError):  # checked when the sheet was loaded
            return False
        kind = None if cue is None else "poll" if cue.kind == "quiz" else cue.kind
        made = entry.data.get("id")
        if kind is None or entry.kind != f"{kind}.open" or not isinstance(made, int):
            return False
        self.cued[str(index)] = [kind, made]
        return True

    def _live(self) -> bool:
        return self.index is not None and 0 <= self.index < self._segments

    def take(self, entry: LogEntry) -> bool:
        if self.stopped:
            return False
        kind, data, t = entry.kind, entry.data, entry.t
        if kind == kinds.RUNSHEET_LOAD:
            self.stopped = True
            return False
        index = data.get("index")
        if kind == kinds.SEGMENT_START:
            if not isinstance(index, int) or not 0 <= index < self._segments:
                raise ValueError(f"a cue to segment {index!r} of {self._segments}")
            carried = data.get("carried_in") is True  # live as the show started
            waits = carried and self.clock is not None and self.clock.paused
            if not carried:  # a cue leaves standby (not logged itself)
                self.standby = None
            self.index, self.cued_by = index, None if carried else index
            self.clock = _Clock(self._at - t, False, self._at)
            if waits:  # a show started in standby: the segment's clock waits for the return
                self.clock.pause(t)
            return True
        if kind == kinds.SEGMENT_END:
            if index != self.index or not self._live():
                return False
            key = str(index)
            self.actual[key] = self.actual.get(key, 0.0) + _number(data.get("actual_s"))
            # the next cue's start follows at once; none: the sheet ran to its end
            self.index, self.clock = self._segments, None
            return True
        if kind == kinds.SEGMENT_POINT:
            point = data.get("point")
            if not isinstance(index, int) or not isinstance(point, int):
                raise ValueError("a talking point without its segment or number")
            ticks = set(self.points.get(str(index), ()))
            (ticks.add if data.get("done") else ticks.discard)(point)
            self.points[str(index)] = sorted(ticks)
            return True
        if kind == kinds.STANDBY_ON:
            if self.standby is not None:
                return False
            paused = self.clock.paused if self.clock is not None else False
            self.standby = {"return_scene": data.get("return_scene"), "watch_was_paused": paused}
            if self.clock is not None:
                self.clock.pause(t)
            return True
        if self.standby is None:  # standby off
            return False
        if self.clock is not None and not self.standby.get("watch_was_paused"):
            self.clock.go_on(t)
        self.standby = None
        return True

    def kept(self) -> dict[str, Any]:
        kept = self._kept
        if self.cued is not None:
            kept["cued"] = self.cued
        points = {i: p for i, p in self.points.items() if p}
        kept.update(index=self.index, standby=self.standby, actual_s=self.actual,
                    points_done=points)  # fmt: skip
        if self._live() and self.clock is not None:
            run = self.clock.reading(self._at)
            kept.update(run_s=run, paused=self.clock.paused,
                        elapsed_s=self.actual.get(str(self.index), 0.0) + run)  # fmt: skip
        else:
            kept.update(run_s=None, elapsed_s=None, paused=False)
        return kept


class _Overlays:
    """What was on stream (OverlayControl.snapshot's form) with the changes logged after it."""

    def __init__(self, kept: dict[str, Any], saved_at: float) -> None:
        self._kept, self._at = dict(kept), saved_at
        coupon = kept.get("coupon")
        self.coupon: dict[str, Any] | None = dict(coupon) if isinstance(coupon, dict) else None
        self.left: _Clock | None = None  # the countdown's time left, when it is known
        if self.coupon is not None:
            self.left = _Clock(-_number(self.coupon["remaining_s"]),
                               bool(self.coupon.get("paused")), saved_at)  # fmt: skip

    def take(self, entry: LogEntry) -> bool:
        kind, data, t, kept = entry.kind, entry.data, entry.t, self._kept
        if kind == kinds.PRODUCT_SHOW:
            kept["product"] = str(data["sku"])
        elif kind == kinds.PRODUCT_HIDE:
            kept["product"] = None
        elif kind == kinds.FEATURED_SHOW:
            kept["featured"] = {"user": str(data["user"]), "text": str(data["text"]),
                                "platform": str(data.get("platform") or "manual"),
                                "comment_id": data.get("comment_id")}  # fmt: skip
        elif kind == kinds.FEATURED_HIDE:
            kept["featured"] = None
        elif kind in (kinds.THANKS_OVERLAY_SHOW, kinds.THANKS_OVERLAY_HIDE):
            kept["thanks"] = kind == kinds.THANKS_OVERLAY_SHOW
        elif kind == kinds.COUPON_START:
            total = _number(data.get("seconds"))
            self.coupon = {"code": str(data["code"]), "total_s": total,
                           "origin": data.get("origin")}  # fmt: skip
            self.left = _Clock(-total - (t - self._at), False, self._at)  # counts down
        elif kind == kinds.COUPON_END:
            self.coupon = self.left = None
        elif self.coupon is None or self.left is None:
            return False
        elif kind == kinds.COUPON_EXTEND:
            seconds = _number(data.get("seconds"))
            self.coupon["total_s"] = _number(self.coupon["total_s"]) + seconds
            self.left.value -= seconds
        elif kind == kinds.COUPON_PAUSE:
            self.left.pause(t)
        else:  # resumed
            self.left.go_on(t)
        return True

    def kept(self) -> dict[str, Any]:
        kept = self._kept
        if self.coupon is None or self.left is None:
            kept["coupon"] = None
            return kept
        total = _number(self.coupon["total_s"])
        # as it read when the state was kept (one started after it: its whole length, which
        # the time away then shortens by those few moments more)
        remaining = min(total, max(0.0, -self.left.reading(self._at)))
        kept["coupon"] = {**self.coupon, "remaining_s": remaining, "paused": self.left.paused}
        return kept
