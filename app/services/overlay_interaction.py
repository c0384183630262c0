"""The interaction cards (lottery, poll or quiz, check-in): they follow the interaction
service's news, come on when one opens, show its result when it ends, and go LINGER_S later (or
when the producer hides them)."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from typing import Any

from app.domain import log_events as kinds
from app.domain.interaction_overlay import LINGER_S, checkin_card, lottery_card, poll_card
from app.domain.messages import Message
from app.services.errors import WrongState
from app.services.event_bus import EventBus
from app.services.events import (
    CheckInChanged,
    InteractionOverlayChanged,
    LotteryChanged,
    PollChanged,
)
from app.services.overlay_timing import Throttle, later
from app.services.session import ShowRecorder
from app.services.state import CheckInSlice, InteractionOverlaySlice, LotterySlice, PollSlice

INTERACTION_UPDATE_S = 0.3  # the cards tell their renderers at most this often, however many vote
INTERACTION_KINDS = ("lottery", "poll", "checkin")


class InteractionOverlay:
    """Which interaction cards are on screen, their timers and their throttled news on the bus."""

    def __init__(self, recorder: ShowRecorder, bus: EventBus, clock: Callable[[], float]) -> None:
        self._recorder, self._bus, self._clock = recorder, bus, clock
        self._cards = _InteractionCards()
        self._throttle = Throttle(INTERACTION_UPDATE_S, clock, self._tell)
        self._timer: asyncio.TimerHandle | None = None  # a clock's second, a linger
        self._key: InteractionOverlaySlice | None = None  # what was last said

    def take(self, event: LotteryChanged | PollChanged | CheckInChanged) -> None:
        """The interaction service's news: a card comes on when its lottery, poll or check-in
        opens, shows its result when it ends, and goes LINGER_S later (or when hidden)."""
        now, cards = self._clock(), self._cards
        match event:
            case LotteryChanged(lottery):
                news = cards.lottery is None or cards.lottery.id != lottery.id
                ends = lottery.seed is not None and (news or cards.lottery.seed is None)  # type: ignore[union-attr]
                cards.lottery, cards.lottery_at = lottery, now
                self._news("lottery", news, ends, now)
            case PollChanged(poll):
                news = cards.poll is None or cards.poll.id != poll.id
                ends = not poll.open and (news or cards.poll.open)  # type: ignore[union-attr]
                cards.poll, cards.poll_at = poll, now
                self._news("poll", news, ends, now)
            case CheckInChanged(checkin):
                news = cards.checkin is None or cards.checkin.id != checkin.id
                cards.checkin = checkin
                self._news("checkin", news, False, now)

    def _news(self, kind: str, news: bool, ends: bool, now: float) -> None:
        cards = self._cards
        if news:
            cards.hidden.discard(kind)
            cards.ended_at.pop(kind, None)
        if ends:
            cards.ended_at[kind] = now
        # now when a card comes, goes or ends; a count that grows (a flood of entries or
        # votes) at most every INTERACTION_UPDATE_S
        self._throttle.changed(lambda: self.state() != self._key)

    def show(self, kind: str, *, origin: str) -> None:
        if kind not in INTERACTION_KINDS:
            raise ValueError(f"no interaction card {kind!r}")
        cards = self._cards
        if getattr(cards, kind) is None:
            raise WrongState(Message("overlay.nothing_to_show", kind=kind))
        cards.hidden.discard(kind)
        if kind in cards.ended_at:
            cards.ended_at[kind] = self._clock()
        self._recorder.record(kinds.INTERACTION_OVERLAY_SHOW, card=kind, origin=origin)
        self._throttle.now()

    def hide(self, kind: str, *, origin: str) -> None:
        if kind not in INTERACTION_KINDS:
            raise ValueError(f"no interaction card {kind!r}")
        if kind in self._cards.hidden:
            return
        self._cards.hidden.add(kind)
        self._recorder.record(kinds.INTERACTION_OVERLAY_HIDE, card=kind, origin=origin)
        self._throttle.now()

    def state(self) -> InteractionOverlaySlice:
        return self._cards.on_screen(self._clock())

    def view(self) -> dict[str, Any]:
        """The lottery, poll and check-in cards (None while not on screen)."""
        return self._cards.view(self._clock())

    def _tell(self, now: float) -> None:
        self._key = state = self._cards.on_screen(now)
        self._arm(now)
        self._bus.publish(InteractionOverlayChanged(state))

    def _arm(self, now: float) -> None:
        """One timer for the next moment a card changes by itself: a running clock's next
        second, or a finished card's time up."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        due = self._cards.next_change(now)
        if due is not None:
            self._timer = later(max(0.0, due - now) + 0.005, self._time)

    def _time(self) -> None:
        self._timer = None
        self._throttle.now()


class _InteractionCards:
    """The latest lottery, poll and check-in as the interaction service last told, and which of
    them are on screen: an open one, a finished one for LINGER_S, none the producer hid."""

    def __init__(self) -> None:
        self.lottery: LotterySlice | None = None
        self.lottery_at = 0.0  # when it was told (its time left counts from then)
        self.poll: PollSlice | None = None
        self.poll_at = 0.0
        self.checkin: CheckInSlice | None = None
        self.hidden: set[str] = set()
        self.ended_at: dict[str, float] = {}  # a drawn lottery, a closed poll: since when

    def _shown(self, kind: str, now: float) -> bool:
        if kind in self.hidden:
            return False
        ended = self.ended_at.get(kind)
        return ended is None or now - ended < LINGER_S

    def _left(self, remaining_s: float | None, told_at: float, now: float) -> float | None:
        return None if remaining_s is None else max(0.0, remaining_s - (now - told_at))

    def on_screen(self, now: float) -> InteractionOverlaySlice:
        lottery, poll, checkin = self.lottery, self.poll, self.checkin
        return InteractionOverlaySlice(
            lottery=lottery.id if lottery and self._shown("lottery", now) else None,
            poll=poll.id if poll and self._shown("poll", now) else None,
            checkin=checkin.id if checkin and checkin.open and self._shown("checkin", now)
            else None,
        )  # fmt: skip

    def view(self, now: float) -> dict[str, Any]:
        shown = self.on_screen(now)
        lottery, poll, checkin = self.lottery, self.poll, self.checkin
        return {
            "lottery": lottery_card(
                lottery.keyword, lottery.winners, lottery.entrants,
                self._left(lottery.remaining_s, self.lottery_at, now), lottery.open,
                None if lottery.seed is None else lottery.drawn,
            ) if lottery is not None and shown.lottery is not None else None,
            "poll": poll_card(
                poll.question, poll.options, poll.counts, poll.voters, poll.open, poll.answer,
                poll.revealed, self._left(poll.remaining_s, self.poll_at, now),
            ) if poll is not None and shown.poll is not None else None,
            "checkin": checkin_card(checkin.keyword, checkin.count, checkin.open)
            if checkin is not None and shown.checkin is not None else None,
        }  # fmt: skip

    def next_change(self, now: float) -> float | None:
        """When a card next changes by itself (None: not before news)."""
        due: list[float] = []
        for kind, ended in self.ended_at.items():
            if kind not in self.hidden and now - ended < LINGER_S:
                due.append(ended + LINGER_S)
        shown = self.on_screen(now)
        clocks = ((self.lottery, self.lottery_at, shown.lottery is not None and self.lottery
                   is not None and self.lottery.seed is None),
                  (self.poll, self.poll_at, shown.poll is not None and self.poll is not None
                   and self.poll.open))  # fmt: skip
        for item, told_at, running in clocks:
            left = self._left(item.remaining_s, told_at, now) if item and running else None
            if left:  # the next whole second of the clock (rounded up, as shown)
                due.append(now + (left - (math.ceil(left) - 1)))
        return min(due, default=None)
