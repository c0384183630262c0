"""Resuming an interrupted show: the show's live state kept in the log about every quarter
second while a show runs, and taken up again after the console died.

The log itself (events, comments, question states) is written by the writer thread within a
tenth of a second; this keeper adds what the log cannot rebuild cheaply: the run-sheet and where
it stood, the segment and coupon clocks, what is on stream, the audience's counters.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from app.domain.audience import QuestionState
from app.domain.messages import Message
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
    Event,
    LotteryChanged,
    ObsStats,
    PollChanged,
    ResumePartial,
    ThanksChanged,
)
from app.services.overlays import OverlayControl
from app.services.ports import ShowStateStore
from app.services.session import ShowRecorder
from app.services.show_runner import ShowRunner

log = logging.getLogger(__name__)

SAVE_EVERY_S = 0.25
# events that do not change what resume restores: comments are in the log already; the thanks
# list, lotteries, polls and check-ins are not restored (their outcomes are in the log)
_IGNORED = (CommentsAdded, ObsStats, ThanksChanged, LotteryChanged, PollChanged, CheckInChanged)


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
    ) -> None:
        self._recorder, self._runner, self._overlays = recorder, runner, overlays
        self._audience, self._store, self._bus = audience, store, bus
        self._clock, self._every = clock, every_s
        self._dirty = True
        self._task: asyncio.Task[None] | None = None
        self._unlisten = bus.listen(self._on_event)
        self.saves = 0

    # ----- keeping ---------------------------------------------------------------------------
    def capture(self) -> dict[str, Any]:
        return {
            "version": SNAPSHOT_VERSION,
            "runsheet": self._runner.snapshot(),
            "overlays": self._overlays.snapshot(),
            "audience": self._audience.snapshot(),
        }

    def save_now(self) -> bool:
        """Keep the state of the running show; False when no show runs."""
        session = self._recorder.session
        if session is None:
            return False
        self._dirty = False
        self._store.save_state(session.id, self._clock(), self.capture())
        self.saves += 1
        return True

    def _on_event(self, event: Event) -> None:
        if not isinstance(event, _IGNORED):
            self._dirty = True

    async def run(self) -> None:
        """Save whenever something changed, at most every `every_s` seconds."""
        while True:
            await asyncio.sleep(self._every)
            if self._dirty:
                try:
                    self.save_now()
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
        if self._dirty:
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
        summary = summarize((session.id, session.title, session.started_at), state, saved_at,
                            now, sum(q.state in (QuestionState.OPEN, QuestionState.CLAIMED)
                                     for q in questions))  # fmt: skip
        if self._recorder.interrupted is None or self._recorder.session is not None:
            raise WrongState(Message("resume.raced"))
        self._recorder.resume(away_s=round(away, 3), snapshot=saved_at is not None, origin=origin)
        self._audience.restore(state["audience"] if state else {}, questions, comments)
        if state is not None:
            try:
                self._runner.restore(state["runsheet"], away)
                self._overlays.restore(state["overlays"], away)
            except SnapshotError as exc:
                log.error("resume: %s; the show goes on from its log alone", exc)
                self._bus.publish(ResumePartial(str(exc)))
        self.save_now()
        log.info("resumed the show %d “%s” after %.1f s away", session.id, session.title, away)
        return summary

    async def _saved(self, session_id: int) -> tuple[float | None, dict[str, Any] | None]:
        found = await self._store.load_state(session_id)
        if found is None:
            return None, None
        saved_at, raw = found
        try:
            return saved_at, check_snapshot(raw)
        except SnapshotError as exc:
            log.error("the saved state of show %d cannot be used: %s", session_id, exc)
            return None, None


def _run_started(state: dict[str, Any] | None) -> float | None:
    value = (state or {}).get("audience", {}).get("run_started")
    return float(value) if isinstance(value, int | float) else None
