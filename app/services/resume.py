"""Resuming an interrupted show: the show's live state kept in the log about every quarter
second while a show runs, and taken up again after the console died.

The log itself (events, comments, question states) is written by the writer thread within a
tenth of a second; this keeper adds what the log cannot rebuild cheaply: the run-sheet and where
it stood, the segment and coupon clocks, what is on stream, the message on the host view, the
audience's counters and thanks list, and the interaction under way (an open lottery's entrants,
a poll's ballots, a check-in's viewers, and which of their cards were on screen). What came in
after the console restarted, before the show was resumed, is the show's too: the audience takes
it in, and the log files its rows under the show (ShowStateStore.adopt_unfiled).

What the log holds is never undone by resume. A step (a cue, a draw, a close, a reveal, a card, a
coupon...) has the state kept at once, its save queued right behind the step's entries; and as
the console may still die between the two commits, resume takes into the kept state the log's
entries from after it (a draw with its winners, a cue with its clock) and counts the audience's
rows written after it (app/domain/logged_after.py).

An interrupted show that is not resumed is closed by the next Start show at its last entry; the
keeper then logs in it, dated there, what End show would have ended of what its log says was
still open (app/domain/left_open.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from typing import Any

from app.domain.audience import QuestionState
from app.domain.interaction.saved import ViewerRow, stored_ids
from app.domain.left_open import closed_at, closing_entries, left_open
from app.domain.messages import Message
from app.domain.recent_ids import KEPT_IDS
from app.domain.resume import (
    SNAPSHOT_VERSION,
    ResumeSummary,
    SnapshotError,
    check_snapshot,
    summarize,
)
from app.services.audience import KEEP_IN_MEMORY, Audience
from app.services.errors import WrongState
from app.services.event_bus import EventBus
from app.services.events import (
    CheckInChanged,
    CommentsAdded,
    CouponCounting,
    CouponEnded,
    Event,
    FeaturedChanged,
    HostMessageChanged,
    LotteryChanged,
    ObsStats,
    PollChanged,
    ProductChanged,
    ResumePartial,
    RunsheetChanged,
    RunsheetLoaded,
    ThanksChanged,
    ViewerBlocked,
    ViewerUnblocked,
    audience_flow,
)
from app.services.host_messages import HostMessages
from app.services.interaction import Interaction
from app.services.overlays import OverlayControl
from app.services.ports import ShowHistory, ShowStateStore
from app.services.resume_log import take_in_log
from app.services.session import Session, ShowRecorder
from app.services.show_runner import ShowRunner

log = logging.getLogger(__name__)

SAVE_EVERY_S = 0.25
# the audience's flow alone (questions asked, likes, gifts) is kept at most this often: resume
# takes in what the log holds after the kept state (resume_log.py), so a flood of gifts does not
# write a half-megabyte thanks list four times a second
FLOW_EVERY_S = 1.0
# a lottery's entrants may be many and arrive with every batch of comments: the interaction's
# part is taken again at most this often (an open, a draw or a close is kept at once: _STEPS);
# its viewers are rows of their own (interaction_viewers), so the part is a header
INTERACTION_EVERY_S = 1.0
# events that do not change what resume restores: comments are in the log already
_IGNORED = (CommentsAdded, ObsStats)
_INTERACTION = (LotteryChanged, PollChanged, CheckInChanged)
# a step the producer took (a cue, a talking point, standby, a card, a coupon, a message, a block,
# a thanks cleared: ThanksChanged by the crew)
# or an interaction's (opened, drawn, closed, revealed): the state is kept at once after it, its
# save queued right behind its log entries, not at the next tick. They come at the pace of the
# crew's clicks, not of the audience: comments, votes and entries never ask for one
_STEPS = (RunsheetLoaded, RunsheetChanged, ProductChanged, FeaturedChanged, CouponCounting,
          CouponEnded, HostMessageChanged, ViewerBlocked, ViewerUnblocked)  # fmt: skip
_CARDS = ("lottery", "poll", "checkin")


class ShowKeeper:
    name = "show-keeper"

    def __init__(
        self,
        recorder: ShowRecorder,
        runner: ShowRunner,
        overlays: OverlayControl,
        audience: Audience,
        store: ShowStateStore,
        bus: EventBus,
        *,
        clock: Callable[[], float] = time.time,
        every_s: float = SAVE_EVERY_S,
        interaction: Interaction | None = None,
        interaction_every_s: float = INTERACTION_EVERY_S,
        flow_every_s: float = FLOW_EVERY_S,
        host_messages: HostMessages | None = None,
        history: ShowHistory | None = None,
    ) -> None:
        self._recorder, self._runner, self._overlays = recorder, runner, overlays
        self._audience, self._store, self._bus = audience, store, bus
        self._clock, self._every = clock, every_s
        self._interaction, self._interaction_every = interaction, interaction_every_s
        self._interaction_part: dict[str, Any] | None = None  # as last taken
        self._interaction_at = -math.inf  # when (monotonic)
        self._interaction_changed = True
        self._interaction_urgent = False  # one opened, closed, drawn or revealed: keep it now
        self._phases: dict[tuple[str, int], tuple[bool, ...]] = {}  # (kind, id) -> its phase
        self._dirty = True
        self._flow_dirty = False  # only the audience's flow changed since the last save
        self._flow_every, self._saved_mono = flow_every_s, -math.inf
        self._soon: asyncio.Handle | None = None  # a save right after a step, queued
        self._restoring = False  # resume is putting the show back
        self._task: asyncio.Task[None] | None = None
        self._unlisten = bus.listen(self._on_event)
        self.saves = 0
        # the message on the host view (None: not kept; the show gives its own when it has none)
        self.host_messages = host_messages
        # the log read back: with it, a show left open is closed with what End show would write
        self._history = history
        if history is not None:
            recorder.ends_interrupted = self.close_left_open

    # ----- keeping ---------------------------------------------------------------------------
    def capture(self) -> dict[str, Any]:
        return self._capture(fresh_interaction=True)

    def _capture(self, *, fresh_interaction: bool) -> dict[str, Any]:
        state = {
            "version": SNAPSHOT_VERSION,
            "runsheet": self._runner.snapshot(),
            "overlays": self._overlays.snapshot(),
            "audience": self._audience.snapshot(),
        }
        if self.host_messages is not None:
            state["host_message"] = self.host_messages.snapshot()
        if self._interaction is not None:
            if fresh_interaction or self._interaction_part is None:
                on_screen = self._overlays.interaction_state()
                self._interaction_part = {
                    **self._interaction.snapshot(),
                    "on_screen": [k for k in _CARDS if getattr(on_screen, k) is not None],
                }
                self._interaction_changed, self._interaction_at = False, time.monotonic()
                self._interaction_urgent = False
            state["interaction"] = self._interaction_part
        return state

    def save_now(self) -> bool:
        """Keep the state of the running show; False when no show runs."""
        return self._save(fresh_interaction=True)

    def save_before_end(self) -> None:
        """End show: keep the show's state once more before it ends (the report's plan is the
        run-sheet kept here: one loaded since the last tick would lose its never-run segments).
        A failure is logged, and the show ends all the same."""
        try:
            self.save_now()
        except Exception:
            log.exception("could not keep the show's state as it ended")

    def _save(self, *, fresh_interaction: bool) -> bool:
        if self._soon is not None:  # this save keeps the step's too
            self._soon.cancel()
            self._soon = None
        session = self._recorder.session
        if session is None:
            return False
        self._dirty = self._flow_dirty = False
        self._saved_mono = time.monotonic()
        state = self._capture(fresh_interaction=fresh_interaction)
        self._store.save_state(session.id, self._clock(), state)
        self.saves += 1
        return True

    def _on_event(self, event: Event) -> None:
        if isinstance(event, _INTERACTION):
            self._interaction_changed = True
            key, phase = _phase(event)
            if self._phases.get(key) != phase:  # not one more entry or vote: a step of its own
                self._phases[key] = phase
                self._interaction_urgent = True
                self._save_soon()
        elif isinstance(event, _IGNORED):
            return
        elif audience_flow(event):
            self._flow_dirty = True
        else:
            self._dirty = True
            if isinstance(event, _STEPS) or (isinstance(event, ThanksChanged) and event.by_crew):
                self._save_soon()

    def _save_soon(self) -> None:
        """Keep the state once the step under way is done (at the loop's next turn): its save
        goes into the log's queue right behind the step's entries, so a crash that keeps those
        most likely keeps the state with them (resume takes in those it does not:
        resume_log.py). Several steps in one turn: one save."""
        if self._soon is not None or self._restoring:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a test driving the services by hand): the next tick
            return
        self._soon = loop.call_soon(self._save_step)

    def _save_step(self) -> None:
        self._soon = None
        try:
            self._save(fresh_interaction=self._interaction_due())
        except Exception:  # the show goes on; the log writer reports storage trouble
            log.exception("could not keep the show's state for resume")

    def _interaction_due(self) -> bool:
        """An interaction opened, closed, was drawn or revealed (kept at once: a close
        acknowledged must not come back open after a crash), or it took entries or votes and
        its part was last taken INTERACTION_EVERY_S ago."""
        return (
            self._interaction is not None
            and self._interaction_changed
            and (
                self._interaction_urgent
                or time.monotonic() - self._interaction_at >= self._interaction_every
            )
        )

    async def run(self) -> None:
        """Tick every `every_s` seconds: save whenever something changed, at most that often."""
        while True:
            await asyncio.sleep(self._every)
            self.tick()

    def tick(self) -> None:
        """One round of `run()`: a timed poll whose time is up closes (logged on time, with no
        comment nor request needed to close it, and kept in this round's save), then what
        changed is kept."""
        if self._restoring:  # resume keeps the state once it is whole
            return
        if self._interaction is not None:
            try:
                self._interaction.close_due()
            except Exception:  # the show goes on
                log.exception("could not close a poll whose time was up")
        due = self._interaction_due()
        flow = self._flow_dirty and time.monotonic() - self._saved_mono >= self._flow_every
        if self._dirty or due or flow:
            try:
                self._save(fresh_interaction=due)
            except Exception:  # the show goes on; the log writer reports storage trouble
                log.exception("could not keep the show's state for resume")

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self.run(), name="show-keeper")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.save_if_changed()

    def save_if_changed(self) -> None:
        """The final save at quit, once `run()` has stopped: keep what changed since the last."""
        if (self._dirty or self._flow_dirty or self._soon is not None
                or (self._interaction is not None and self._interaction_changed)):  # fmt: skip
            self.save_now()

    # ----- resuming --------------------------------------------------------------------------
    async def offer(self) -> ResumeSummary | None:
        """What resuming the interrupted show would bring back, or None when there is none."""
        session = self._recorder.interrupted
        if session is None:
            return None
        saved_at, state = await self._saved(session.id)
        run_started = _run_started(state)
        questions = await self._store.load_questions(session.id, run_started)
        waiting = sum(q.state in (QuestionState.OPEN, QuestionState.CLAIMED) for q in questions)
        return summarize((session.id, session.title, session.started_at), state, saved_at,
                         self._clock(), waiting)  # fmt: skip

    async def resume(self, *, origin: str = "console") -> ResumeSummary:
        """Take the interrupted show up again: session, run-sheet position and clock, coupon,
        overlays, question queue. 409 (WrongState) when there is nothing to resume or a show
        is running. A damaged saved state resumes the session alone, and says so."""
        session = self._recorder.interrupted
        if session is None:
            raise WrongState(Message("resume.nothing"))
        if self._recorder.session is not None:
            raise WrongState(Message("resume.show_running"))
        saved_at, state = await self._saved(session.id)
        now = self._clock()
        away = 0.0 if saved_at is None else max(0.0, now - saved_at)
        questions = await self._store.load_questions(session.id, _run_started(state))
        comments = await self._store.load_comments(session.id, KEEP_IN_MEMORY)
        native_ids = await self._store.load_native_ids(session.id, KEPT_IDS)
        summary = summarize((session.id, session.title, session.started_at), state, saved_at,
                            now, sum(q.state in (QuestionState.OPEN, QuestionState.CLAIMED)
                                     for q in questions))  # fmt: skip
        if self._recorder.interrupted is None or self._recorder.session is not None:
            raise WrongState(Message("resume.raced"))
        # no save (a tick's, a step's) keeps the show half restored: until it is whole, the
        # state kept is the one read here
        self._restoring = True
        try:
            self._recorder.resume(away_s=round(away, 3), snapshot=saved_at is not None,
                                  origin=origin)  # fmt: skip
            renumber = self._audience.restore(state["audience"] if state else {}, questions,
                                              comments, native_ids=native_ids)  # fmt: skip
            if state is not None:
                await self._restore(session.id, state, away)
            self.save_now()
        finally:
            self._restoring = False
        await self._adopt_unfiled(session.id, renumber)
        log.info("resumed the show %d “%s” after %.1f s away", session.id, session.title, away)
        return summary

    async def _restore(self, session_id: int, state: dict[str, Any], away: float) -> None:
        try:
            self._runner.restore(state["runsheet"], away)
            self._overlays.restore(state["overlays"], away)
        except SnapshotError as exc:
            log.error("resume: %s; the show goes on from its log alone", exc)
            self._bus.publish(ResumePartial(str(exc)))
        await self._restore_interaction(session_id, state.get("interaction"))
        if self.host_messages is not None:  # a state kept before it has none: none comes back
            self.host_messages.restore(state.get("host_message"))

    async def _adopt_unfiled(self, session_id: int, renumber: int) -> None:
        """What this console logged under no show before the resume (the audience took it into
        the show, numbered on by `renumber`) is filed under the show in the log too, so that
        its report counts it. A failure is logged; the show goes on."""
        try:
            adopted = await self._store.adopt_unfiled(session_id, renumber)
        except Exception:
            log.exception("could not file what came in before the resume under the show")
            return
        if adopted:
            log.info("filed %d items that came in before the resume under the show", adopted)

    async def _restore_interaction(self, session_id: int, saved: object) -> None:
        """The interaction under way (a state from before it was kept has none: nothing comes
        back) with the viewers stored for its open parts, and its cards as they were: one the
        producer had hidden stays hidden."""
        if self._interaction is None or not isinstance(saved, dict):
            return
        ids = stored_ids(saved)
        viewers: list[ViewerRow] = []
        last_id = 0
        if ids:
            viewers, last_id = await self._store.load_interaction_viewers(session_id, ids)
        self._interaction.restore(saved, viewers, last_id)
        shown = saved.get("on_screen")
        if not isinstance(shown, list):
            return
        now = self._overlays.interaction_state()
        for kind in _CARDS:
            if getattr(now, kind) is not None and kind not in shown:
                self._overlays.hide_interaction(kind, origin="resume")

    # ----- a show left open, closed by the next start ----------------------------------------
    async def close_left_open(self, session: Session) -> None:
        """Start show has closed `session`, an interrupted show not resumed, at its last entry:
        log in it what End show would have ended of what its log says was still open (the live
        segment, a poll, a check-in, a lottery (closed without a draw: nobody draws for the
        producer), the card, the coupon countdown, the featured comment) and its end, each dated
        at that last entry with the reason "interrupted". A poll's counts, a check-in's viewers
        and a lottery's entrants are read from the viewers stored as they were taken."""
        assert self._history is not None
        entries = await self._history.entries(session.id)
        ended = await self._history.ended_at(session.id)
        if ended is None:
            ended = max((e.t for e in entries), default=session.started_at)
        still = left_open(entries)
        ids = still.interaction_ids()
        viewers: list[ViewerRow] = []
        if ids:
            viewers, _last_id = await self._store.load_interaction_viewers(session.id, ids)
        closing = closing_entries(still, ended, viewers)
        for kind, data in closing:
            self._recorder.record_in(session.id, closed_at(still, kind, data, ended), kind, **data)
        log.info("closed the interrupted show %d “%s” with %d entries", session.id,
                 session.title, len(closing))  # fmt: skip

    async def _saved(self, session_id: int) -> tuple[float | None, dict[str, Any] | None]:
        """The show's kept state with what the log holds from after it taken in."""
        found = await self._store.load_state(session_id)
        if found is None:
            return None, None
        saved_at, raw = found
        try:
            state = check_snapshot(raw)
        except SnapshotError as exc:
            log.error("the saved state of show %d cannot be used: %s", session_id, exc)
            return None, None
        await take_in_log(self._store, session_id, saved_at, state)
        return saved_at, state


def _phase(
    event: LotteryChanged | PollChanged | CheckInChanged,
) -> tuple[tuple[str, int], tuple[bool, ...]]:
    """Which interaction an event is about, and where it stands (open, drawn, revealed)."""
    if isinstance(event, LotteryChanged):
        return ("lottery", event.lottery.id), (event.lottery.open, bool(event.lottery.drawn))
    if isinstance(event, PollChanged):
        return ("poll", event.poll.id), (event.poll.open, event.poll.revealed)
    return ("checkin", event.checkin.id), (event.checkin.open,)


def _run_started(state: dict[str, Any] | None) -> float | None:
    value = (state or {}).get("audience", {}).get("run_started")
    return float(value) if isinstance(value, int | float) else None
