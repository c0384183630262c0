"""What resume keeps of the lotteries, polls and check-ins and takes up again after the console
died mid-show: `Interaction`'s snapshot and restore (mixed into it; app/domain/interaction/saved.py
writes and reads the parts)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from app.domain.interaction import saved
from app.domain.interaction.checkin import CheckIn
from app.domain.interaction.lottery import Draw, Lottery
from app.domain.interaction.poll import Poll
from app.services.event_bus import EventBus
from app.services.events import CheckInChanged, Event, LotteryChanged, PollChanged
from app.services.ports import InteractionViewers
from app.services.session import ShowRecorder
from app.services.state import CheckInSlice, LotterySlice, PollSlice

log = logging.getLogger("app.services.interaction")  # the interaction's voice
_T = TypeVar("_T")


class InteractionResume:
    """The state `Interaction` keeps, as its resume reads and writes it."""

    _recorder: ShowRecorder
    _bus: EventBus
    _clock: Callable[[], float]  # the wall clock
    _steady: Callable[[], float]  # the lottery's and poll's windows
    _viewers: InteractionViewers | None
    _lotteries: dict[int, Lottery]
    _polls: dict[int, Poll]
    _checkins: list[CheckIn]
    _lottery: Lottery | None
    _poll: Poll | None
    _checkin: CheckIn | None
    _draws: list[Draw]
    _next_id: int

    if TYPE_CHECKING:  # Interaction's own

        def _listen(self) -> None: ...
        def _lottery_slice(self, lottery: Lottery) -> LotterySlice: ...
        def _poll_slice(self, poll: Poll) -> PollSlice: ...
        @staticmethod
        def _checkin_slice(checkin: CheckIn) -> CheckInSlice: ...
        def close_poll(self, poll_id: int, *, reason: str | None = None) -> PollSlice: ...

    def snapshot(self) -> dict[str, Any]:
        """The latest lottery, poll and check-in (open or not: what the console shows of them)
        and the latest draws' winners, as resume keeps them (JSON-ready). With a store for the
        viewers each is a header with counts (its viewers are the store's rows); without one an
        open one keeps its entrants, ballots or check-ins whole: no more than it holds
        (MAX_VIEWERS). A drawn lottery keeps only its draw (the log has its entrants)."""
        lottery = max(self._lotteries.values(), key=lambda x: x.id, default=None)
        poll = max(self._polls.values(), key=lambda x: x.id, default=None)
        checkin = self._checkins[-1] if self._checkins else None
        inline, now = self._viewers is None, saved.Now(self._clock(), self._steady())
        lottery_part = None if lottery is None else saved.lottery_to_saved(lottery, inline=inline,
                                                                           now=now)  # fmt: skip
        return {
            "next_id": self._next_id,
            "lottery": lottery_part,
            "poll": None if poll is None else saved.poll_to_saved(poll, inline=inline, now=now),
            "checkin": None if checkin is None else saved.checkin_to_saved(checkin, inline=inline),
            "draws": [saved.draw_to_saved(d) for d in self._draws[-saved.MAX_SAVED_DRAWS :]],
        }

    def restore(
        self, state: object, viewers: Sequence[saved.ViewerRow] = (), last_id: int = 0
    ) -> None:
        """Take up what `snapshot()` kept, after the console died mid-show; never raises. A
        damaged part is left out (and logged), the rest comes back; one already open here stays.
        `viewers`: the stored viewers of the open ones (a part that kept its viewers inline,
        as written before they were stored, takes those instead); `last_id`: the highest id
        viewers were stored under, which no new interaction may take again.

        A countdown ran on stream while the console was away: it has what it had left when kept
        less the time away (saved.py). A lottery whose time ran out while the console was away
        comes back open, taking no more entries and waiting for the host to draw: it is never
        drawn while the console was away nor at resume (the host draws on air). A poll whose
        time ran out closes now with the votes it had, its results logged as at any close, as
        of when its time ran out. An open check-in goes on taking viewers. Each one restored is
        told on the bus, so the panel and the overlay cards show it again."""
        if not isinstance(state, dict):
            return
        told: list[Event] = []
        now = saved.Now(self._clock(), self._steady())
        draws = map(_or_none(saved.draw_from_saved), saved.as_list(state.get("draws")))
        self._draws[:0] = [d for d in draws if d][-saved.MAX_SAVED_DRAWS :]
        lottery = _or_none(saved.lottery_from_saved)(
            state.get("lottery"), saved.rows_of(viewers, "lottery", state.get("lottery")), now
        )
        if lottery is not None and lottery.id not in self._lotteries and self._lottery is None:
            self._lotteries[lottery.id] = lottery
            if lottery.open:
                self._lottery = lottery
            told.append(LotteryChanged(self._lottery_slice(lottery)))
        poll = _or_none(saved.poll_from_saved)(
            state.get("poll"), saved.rows_of(viewers, "poll", state.get("poll")), now
        )
        if poll is not None and poll.id not in self._polls and self._poll is None:
            self._polls[poll.id] = poll
            if poll.open:
                self._poll = poll
            told.append(PollChanged(self._poll_slice(poll)))
        checkin = _or_none(saved.checkin_from_saved)(
            state.get("checkin"), saved.rows_of(viewers, "checkin", state.get("checkin"))
        )
        if checkin is not None and self._checkin is None:
            self._checkins.append(checkin)
            if checkin.open:
                self._checkin = checkin
            told.append(CheckInChanged(self._checkin_slice(checkin)))
        ids = [x.id for x in (lottery, poll, checkin) if x is not None]
        next_id = state.get("next_id")
        if isinstance(next_id, int) and not isinstance(next_id, bool):
            ids.append(next_id - 1)
        if last_id > 0:
            ids.append(last_id)
        self._next_id = max(self._next_id, *(i + 1 for i in ids)) if ids else self._next_id
        self._store_inline(state)
        self._listen()
        for event in told:
            self._bus.publish(event)
        if poll is not None and poll is self._poll and not poll.taking_votes(now.steady):
            self.close_poll(poll.id)  # its time ran out on stream while the console was away

    def _store_inline(self, state: dict[str, Any]) -> None:
        """The viewers of the open ones restored from a part that listed them inline (kept by a
        LiveDesk before they were stored) go to the store now: the next part is a header, and a
        second crash must find them there. Those read from the store are not stored again."""
        if self._viewers is None:
            return
        rows = saved.inline_rows(state, self._lottery, self._poll, self._checkin)
        if rows:
            session = self._recorder.session
            self._viewers.add_viewers(None if session is None else session.id, rows)


def _or_none(read: Callable[..., _T]) -> Callable[..., _T | None]:
    """`read`, giving None for a part that is missing or damaged (logged) instead of raising."""

    def forgiving(part: object, *more: Any) -> _T | None:
        if part is None:
            return None
        try:
            return read(part, *more)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            log.warning("resume: a saved interaction part is left out: %s", exc)
            return None

    return forgiving
