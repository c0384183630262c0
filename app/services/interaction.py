"""Interaction on air: the lottery (口令抽奖), polls and quizzes, and check-in (签到).

The service holds the open lottery, poll and check-in, and reads the audience's comments from the
bus (`CommentsAdded`): while nothing is open a batch costs one test, and while something is open
each text comment costs one cheap look per open interaction (a keyword's substring test, a vote's
length test first). Everything it decides is logged through the recorder, in entries that are
enough to rebuild it: a draw with its keyword, entrants, seed and winners; a poll's counts (and a
quiz's ballots) at its close; a check-in's viewers and times at its close. With a store for them
(`viewers`), each viewer taken is appended there too, one row each, a batch of comments at once:
resume reads an open interaction's viewers back from those rows, and the part the keeper saves
a few times a second is a small header however many viewers there are.

Two clocks: `clock` is the wall clock, for times of day (when one opened or closed, a check-in's
viewers' times; the log's own times are the recorder's); `steady` (time.monotonic) times the
lottery's and the poll's windows, as the coupon countdown and the segment clock are timed, so
that a wall-clock step (NTP) neither keeps a 60 s 福袋 open minutes longer nor closes it early.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

from app.domain import log_events as kinds
from app.domain.audience import TEXT_KINDS, Comment
from app.domain.interaction import logged, saved
from app.domain.interaction.checkin import CheckIn
from app.domain.interaction.lottery import Draw, InteractionError, Lottery, winners_of
from app.domain.interaction.poll import Poll
from app.domain.interaction.viewers import Viewer, viewer_of
from app.domain.messages import Message
from app.domain.moderation import BlockedViewer, entry_blocks
from app.services.errors import BadInput, NotFound, WrongState
from app.services.event_bus import EventBus
from app.services.events import (
    CheckInChanged,
    CommentsAdded,
    Event,
    LotteryChanged,
    PollChanged,
    ViewerBlocked,
)
from app.services.interaction_resume import InteractionResume
from app.services.ports import InteractionViewers
from app.services.session import ShowRecorder
from app.services.state import CheckInSlice, InteractionSlice, LotterySlice, PollSlice

log = logging.getLogger(__name__)
_T = TypeVar("_T")


def new_seed() -> str:
    """A draw's seed: unpredictable before the draw, logged after it."""
    return secrets.token_hex(16)


class Interaction(InteractionResume):
    def __init__(
        self,
        recorder: ShowRecorder,
        bus: EventBus,
        *,
        clock: Callable[[], float] = time.time,
        steady: Callable[[], float] = time.monotonic,
        seed: Callable[[], str] = new_seed,
        viewers: InteractionViewers | None = None,
    ) -> None:
        self._recorder, self._bus, self._clock, self._seed = recorder, bus, clock, seed
        self._steady = steady  # the lottery's and poll's windows: no wall-clock step moves them
        self._viewers = viewers  # None: the saved part holds the viewers inline
        self._lotteries: dict[int, Lottery] = {}
        self._polls: dict[int, Poll] = {}
        self._checkins: list[CheckIn] = []
        self._lottery: Lottery | None = None  # taking entries
        self._poll: Poll | None = None  # taking votes
        self._checkin: CheckIn | None = None  # checking viewers in
        self._draws: list[Draw] = []  # this show's: the winners a lottery may exclude
        self._next_id = 1
        self.listening = False  # anything open: only then are comments looked at
        bus.listen(self._on_event)
        recorder.on_start.append(self.new_show)

    def new_show(self) -> None:
        """A show starts: earlier shows' winners are not its previous winners (a resumed show
        takes its own back from the kept state)."""
        self._draws.clear()

    def carry_into_show(self) -> None:
        """A show starts with a lottery, poll or check-in open (opened before it and not closed
        as a rehearsal's): logged as opened in the show from its start (`carried_in`), as the
        segment live then is, so the show's log says what it has open."""
        carried = {"origin": "show_start", "carried_in": True}
        if self._lottery is not None:
            self._recorder.record(kinds.LOTTERY_OPEN, **logged.opened(self._lottery), **carried)
        if self._poll is not None:
            self._recorder.record(kinds.POLL_OPEN, **logged.opened(self._poll), **carried)
        if self._checkin is not None:
            self._recorder.record(kinds.CHECKIN_OPEN, **logged.opened(self._checkin), **carried)

    def is_open(self, kind: str, item_id: int) -> bool:
        """Whether `item_id` is the open lottery, poll or check-in (`kind`)."""
        found = {"lottery": self._lottery, "poll": self._poll, "checkin": self._checkin}.get(kind)
        return found is not None and found.id == item_id

    def drop_before_show(self, kind: str, item_id: int, reason: str) -> bool:
        """A show starts without the lottery, poll or check-in `item_id` (a rehearsal's): it
        closes if it is open, logged with `reason` before the show (a lottery without a draw,
        its entrants logged: nobody is drawn for the producer), and is forgotten, so the show
        starts with none of it. False when there is no such one."""
        if kind == "poll":
            if item_id not in self._polls:
                return False
            self.close_poll(item_id, reason=reason)  # a closed one: no change
            del self._polls[item_id]
            return True
        if kind == "checkin":
            checkin = next((c for c in self._checkins if c.id == item_id), None)
            if checkin is None:
                return False
            if checkin is self._checkin:
                self.close_checkin(reason=reason)
            self._checkins.remove(checkin)
            return True
        lottery = self._lotteries.pop(item_id, None)
        if lottery is not None and lottery is self._lottery:
            self._lottery = None
            self._listen()
            self._recorder.record(kinds.LOTTERY_CLOSE, **logged.lottery_closed(lottery),
                                  reason=reason)  # fmt: skip
            closed = replace(self._lottery_slice(lottery), open=False, taking_entries=False,
                             remaining_s=None)  # fmt: skip
            self._bus.publish(LotteryChanged(closed))
        return lottery is not None

    # ----- the comments ---------------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        if self.listening and type(event) is CommentsAdded:
            self.take(event.comments)
        elif type(event) is ViewerBlocked and event.viewer is not None:
            self.drop_viewer(event.viewer)

    def take(self, comments: Sequence[Comment]) -> None:
        """Enter, vote and check in the viewers of a batch of comments; blocked ones never."""
        now = self._steady()
        lottery, poll, checkin = self._lottery, self._poll, self._checkin
        if lottery is not None and not lottery.taking_entries(now):
            lottery = None
        if poll is not None and not poll.taking_votes(now):
            self.close_poll(poll.id)
            poll = None
        entered = voted = checked = False
        # the viewers taken, for the store (None: none is kept)
        rows: list[saved.ViewerRow] | None = None if self._viewers is None else []
        for comment in comments:
            if comment.blocked or comment.kind not in TEXT_KINDS:
                continue
            if lottery is not None and lottery.offer(comment):
                entered = True
                if rows is not None:
                    e = lottery.entrants[-1]
                    rows.append((lottery.id, "lottery", e.platform, e.user, e.user_id,
                                 comment.ts, None))  # fmt: skip
            if poll is not None:
                changes = poll.changes
                if poll.offer(comment):
                    voted = True
                    if rows is not None and poll.changes != changes:  # not a vote repeated
                        v = viewer_of(comment)
                        rows.append((poll.id, "poll", v.platform, v.user, v.user_id, comment.ts,
                                     poll.votes[v.key]))  # fmt: skip
            if checkin is not None and checkin.offer(comment, comment.ts):
                checked = True
                if rows is not None:
                    v = viewer_of(comment)
                    rows.append((checkin.id, "checkin", v.platform, v.user, v.user_id,
                                 comment.ts, None))  # fmt: skip
        if rows and self._viewers is not None:
            session = self._recorder.session
            self._viewers.add_viewers(None if session is None else session.id, rows)
        if entered and lottery is not None:
            self._bus.publish(LotteryChanged(self._lottery_slice(lottery)))
        if voted and poll is not None:
            self._bus.publish(PollChanged(self._poll_slice(poll)))
        if checked and checkin is not None:
            self._bus.publish(CheckInChanged(self._checkin_slice(checkin)))

    def _listen(self) -> None:
        self.listening = any(x is not None for x in (self._lottery, self._poll, self._checkin))

    def _new(self, make: Callable[[int], _T], busy: Message | None = None) -> _T:
        """`make(id)` with the next id, which is taken only when it is made and nothing stands in
        its way (`busy`: the refusal when one is open already). Its settings are checked first:
        a bad body is BadInput whatever is open, and neither refusal uses an id up."""
        try:
            made = make(self._next_id)
        except InteractionError as exc:
            raise BadInput(exc.message) from None
        if busy is not None:
            raise WrongState(busy)
        self._next_id += 1
        return made

    # ----- a viewer blocked -----------------------------------------------------------------
    def drop_viewer(self, blocked: BlockedViewer) -> None:
        """A viewer is blocked: out of the open lottery's entrants (they cannot win it) and
        their vote out of the open poll's counts, each logged; what closed stays as logged.
        A vote taken back is stored as a ballot of None, so a resume leaves it out too (the
        lottery keeps them excluded)."""

        def matches(viewer: Viewer) -> bool:  # a 观众 typed in without a name: only by its id
            return entry_blocks(blocked, viewer.platform, viewer.user, viewer.user_id)

        now = self._clock()
        rows: list[saved.ViewerRow] = []
        lottery, poll = self._lottery, self._poll
        if lottery is not None and (removed := lottery.remove(matches)):
            for v in removed:
                self._recorder.record(kinds.LOTTERY_REMOVE, id=lottery.id, user=v.user,
                                      platform=v.platform, user_id=v.user_id, reason="blocked",
                                      entrants=len(lottery.entrants))  # fmt: skip
            self._bus.publish(LotteryChanged(self._lottery_slice(lottery)))
        if poll is not None and (withdrawn := poll.withdraw(matches)):
            for v, choice in withdrawn:
                rows.append((poll.id, "poll", v.platform, v.user, v.user_id, now, None))
                self._recorder.record(kinds.POLL_WITHDRAW, id=poll.id, user=v.user,
                                      platform=v.platform, user_id=v.user_id, option=choice,
                                      reason="blocked", counts=list(poll.counts),
                                      voters=poll.voters)  # fmt: skip
            self._bus.publish(PollChanged(self._poll_slice(poll)))
        if rows and self._viewers is not None:
            session = self._recorder.session
            self._viewers.add_viewers(None if session is None else session.id, rows)

    # ----- the lottery ----------------------------------------------------------------------
    def open_lottery(
        self,
        keyword: object,
        winners: object = 1,
        seconds: object = None,
        exclude_previous_winners: bool = False,
    ) -> Lottery:
        open_one = self._lottery
        busy = None if open_one is None else Message("lottery.already_open", id=open_one.id)
        excluded = winners_of(self._draws) if exclude_previous_winners else frozenset()
        now = self._clock()
        lottery = self._new(lambda made: Lottery(made, keyword, winners, now, seconds,  # type: ignore[arg-type]
                                                 exclude_previous_winners, excluded),
                            busy)  # fmt: skip
        lottery.time_from(self._steady())
        self._lotteries[lottery.id] = self._lottery = lottery
        self._listen()
        self._recorder.record(kinds.LOTTERY_OPEN, **logged.opened(lottery))
        self._bus.publish(LotteryChanged(self._lottery_slice(lottery)))
        return lottery

    def lottery(self, lottery_id: int) -> LotterySlice:
        return self._lottery_slice(self._find_lottery(lottery_id))

    def draw(self, lottery_id: int) -> Draw:
        """Close the lottery and draw its winners; the draw is logged whole."""
        lottery = self._find_lottery(lottery_id)
        if lottery.drawn is not None:
            raise WrongState(Message("lottery.drawn", id=lottery_id))
        draw = lottery.draw(self._seed())
        self._draws.append(draw)
        if self._lottery is lottery:
            self._lottery = None
            self._listen()
        self._recorder.record(
            kinds.LOTTERY_DRAW, id=lottery.id, keyword=lottery.keyword,
            winners_wanted=lottery.winners,
            seed=draw.seed, entrants=[e.as_log() for e in lottery.entrants],
            winners=[w.as_log() for w in draw.winners],
        )  # fmt: skip
        self._bus.publish(LotteryChanged(self._lottery_slice(lottery)))
        return draw

    def _find_lottery(self, lottery_id: int) -> Lottery:
        lottery = self._lotteries.get(lottery_id)
        if lottery is None:
            raise NotFound(Message("lottery.unknown", id=lottery_id))
        return lottery

    def _lottery_slice(self, lottery: Lottery) -> LotterySlice:
        drawn, now = lottery.drawn, self._steady()
        return LotterySlice(
            id=lottery.id, keyword=lottery.keyword, winners=lottery.winners,
            seconds=lottery.seconds, remaining_s=None if drawn else lottery.remaining(now),
            entrants=len(lottery.entrants) if drawn is None else drawn.entrants,
            open=lottery.open, taking_entries=lottery.taking_entries(now),
            exclude_previous_winners=lottery.exclude_previous_winners,
            seed=None if drawn is None else drawn.seed,
            drawn=() if drawn is None else drawn.winners,
        )  # fmt: skip

    # ----- polls and quizzes ----------------------------------------------------------------
    def open_poll(
        self, question: object, options: object, seconds: object = None, answer: object = None
    ) -> Poll:
        """Open a poll (a quiz when `answer` is given); one still open is closed first (not when
        the new one's settings are refused: it goes on)."""
        now = self._clock()
        poll = self._new(lambda made: Poll(made, question, options, now, answer, seconds))  # type: ignore[arg-type]
        poll.time_from(self._steady())
        if self._poll is not None:
            self.close_poll(self._poll.id)
        self._polls[poll.id] = self._poll = poll
        self._listen()
        self._recorder.record(kinds.POLL_OPEN, **logged.opened(poll))
        self._bus.publish(PollChanged(self._poll_slice(poll)))
        return poll

    def poll(self, poll_id: int) -> PollSlice:
        poll = self._find_poll(poll_id)
        self.close_due()
        return self._poll_slice(poll)

    def close_due(self) -> None:
        """Close the open poll when its time is up (its results logged then): the runtime's
        tick (ShowKeeper.tick, every quarter second) calls it, so a timed poll closes on time
        with no comment nor request to make it; a read of the poll or the state closes it too."""
        poll = self._poll
        if poll is not None and not poll.taking_votes(self._steady()):
            self.close_poll(poll.id)

    def close_poll(self, poll_id: int, *, reason: str | None = None) -> PollSlice:
        """Stop counting and log the results (a quiz's ballots with them); again: no change.
        `reason`: logged with it when it is not closed by hand (a rehearsal's). A timed poll
        closed after its time ran out (the next tick, a resume after the console was away)
        stopped counting when it did: its close is logged as of then."""
        poll = self._find_poll(poll_id)
        if poll.open:
            late = poll.overdue_s(self._steady())
            poll.close(self._clock() - late)
            if self._poll is poll:
                self._poll = None
                self._listen()
            why = {} if reason is None else {"reason": reason}
            self._recorder.record_earlier(late, kinds.POLL_CLOSE, **logged.poll_results(poll),
                                          **why)  # fmt: skip
            self._bus.publish(PollChanged(self._poll_slice(poll)))
        return self._poll_slice(poll)

    def reveal(self, poll_id: int) -> PollSlice:
        """Show a quiz's right answer (closing it first)."""
        poll = self._find_poll(poll_id)
        if not poll.quiz:
            raise WrongState(Message("poll.not_quiz", id=poll_id))
        self.close_poll(poll_id)
        if not poll.revealed:
            poll.revealed = True
            right = poll.counts[poll.answer] if poll.answer is not None else 0
            self._recorder.record(kinds.POLL_REVEAL, id=poll.id, answer=poll.answer, right=right,
                                  voters=poll.voters)  # fmt: skip
            self._bus.publish(PollChanged(self._poll_slice(poll)))
        return self._poll_slice(poll)

    def _find_poll(self, poll_id: int) -> Poll:
        poll = self._polls.get(poll_id)
        if poll is None:
            raise NotFound(Message("poll.unknown", id=poll_id))
        return poll

    def _poll_slice(self, poll: Poll) -> PollSlice:
        remaining = poll.remaining(self._steady()) if poll.open else None
        return PollSlice(
            id=poll.id, question=poll.question, options=poll.options, counts=tuple(poll.counts),
            voters=poll.voters, open=poll.open, answer=poll.answer, revealed=poll.revealed,
            remaining_s=remaining,
        )  # fmt: skip

    # ----- check-in -------------------------------------------------------------------------
    def open_checkin(self, keyword: object) -> CheckIn:
        busy = None if self._checkin is None else Message("checkin.already_open")
        now = self._clock()
        checkin = self._new(lambda made: CheckIn(made, keyword, now), busy)  # type: ignore[arg-type]
        self._checkins.append(checkin)
        self._checkin = checkin
        self._listen()
        self._recorder.record(kinds.CHECKIN_OPEN, **logged.opened(checkin))
        self._bus.publish(CheckInChanged(self._checkin_slice(checkin)))
        return checkin

    def end_with_the_show(self) -> None:
        """The show ends: what is open ends in it (logged before its end), so the next show
        starts with none open. A poll and a check-in close; a lottery is drawn, as a 福袋 whose
        time is up is (its seed and entrants logged: anyone can redo the draw)."""
        if self._poll is not None:
            self.close_poll(self._poll.id)
        if self._checkin is not None:
            self.close_checkin()
        if self._lottery is not None:
            self.draw(self._lottery.id)

    def close_checkin(self, *, reason: str | None = None) -> CheckInSlice:
        """Close the open check-in, its viewers logged (`reason` with them when it is not closed
        by hand: one replaced by a cue's, a rehearsal's)."""
        checkin = self._checkin
        if checkin is None:
            raise WrongState(Message("checkin.not_open"))
        checkin.close(self._clock())
        self._checkin = None
        self._listen()
        why = {} if reason is None else {"reason": reason}
        self._recorder.record(kinds.CHECKIN_CLOSE, **logged.checkin_closed(checkin), **why)
        self._bus.publish(CheckInChanged(self._checkin_slice(checkin)))
        return self._checkin_slice(checkin)

    @staticmethod
    def _checkin_slice(checkin: CheckIn) -> CheckInSlice:
        return CheckInSlice(checkin.id, checkin.keyword, checkin.open, checkin.count)

    # ----- the state --------------------------------------------------------------------------
    def state(self) -> InteractionSlice:
        self.close_due()  # never a poll read as open after its time
        lottery = max(self._lotteries.values(), key=lambda x: x.id, default=None)
        poll = max(self._polls.values(), key=lambda x: x.id, default=None)
        checkin = self._checkins[-1] if self._checkins else None
        return InteractionSlice(
            lottery=None if lottery is None else self._lottery_slice(lottery),
            poll=None if poll is None else self._poll_slice(poll),
            checkin=None if checkin is None else self._checkin_slice(checkin),
        )

    def winners(self) -> Iterable[Draw]:
        return tuple(self._draws)
