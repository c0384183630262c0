"""Shows as sessions in the log: start, end, and the recorder every service logs through."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from app.domain import log_events as kinds
from app.domain.log_events import LogEntry
from app.domain.messages import Message
from app.domain.text import clean_text
from app.services.errors import BadInput, WrongState
from app.services.event_bus import EventBus
from app.services.events import SessionEnded, SessionResumed, SessionStarted
from app.services.ports import SessionLog

log = logging.getLogger(__name__)

Timecodes = Callable[[float], tuple[float | None, float | None]]


@dataclass(frozen=True)
class Session:
    id: int
    title: str
    started_at: float


class ShowRecorder:
    """Writes each action and event into the current session with wall time and timecodes."""

    def __init__(
        self,
        log: SessionLog,
        bus: EventBus,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._log, self._bus, self._clock = log, bus, clock
        self._timecodes: Timecodes = lambda _wall: (None, None)
        self.session: Session | None = None
        # told as a show starts (after its first entry), and as one ends (before its last): the
        # services whose figures are the show's, and the run-sheet, which ends with it
        self.on_start: list[Callable[[], None]] = []
        self.before_end: list[Callable[[], None]] = []
        # told as a show is about to start (before its first entry): what came before it and is
        # not carried into it (a rehearsal's interaction) ends outside it
        self.before_start: list[Callable[[], None]] = []
        # a show the last run never ended (the console died): it can be resumed until another
        # show starts, which closes it at its last entry; then `ends_interrupted` (the keeper's,
        # when it reads the log back) logs in it what End show would have ended
        open_row = log.open_session()
        self.interrupted: Session | None = None if open_row is None else Session(*open_row)
        self.ends_interrupted: Callable[[Session], Awaitable[None]] | None = None
        self._starting = asyncio.Lock()  # one Start show at a time: a second waits, then is 409
        # What is on air changes one action at a time, in the order pressed: a run-sheet cue or
        # standby toggle holds this through its OBS switches, End show through its ending, so a
        # cue under way as End show is pressed finishes inside the show and End show then takes
        # down what it put up; none lands half-way through another (app/services/show_runner.py)
        self.on_air = asyncio.Lock()

    def set_timecode_source(self, timecodes: Timecodes) -> None:
        self._timecodes = timecodes

    def record_in(self, session_id: int, t: float, kind: str, **data: Any) -> LogEntry:
        """An entry in another session than the running one, at its own time `t` (no timecode:
        the outputs' times then are not known here): the closing of a show left open."""
        entry = LogEntry(t=t, kind=kind, session_id=session_id, data=data)
        self._log.append(entry)
        return entry

    def record(self, kind: str, **data: Any) -> LogEntry:
        return self.record_earlier(0.0, kind, **data)

    def record_earlier(self, ago_s: float, kind: str, **data: Any) -> LogEntry:
        """An entry of what happened `ago_s` seconds ago, logged now (the console was away when
        it did: a countdown that ran out meanwhile)."""
        wall = self._clock() - max(0.0, ago_s)
        stream_tc, record_tc = self._timecodes(wall)
        entry = LogEntry(
            t=wall,
            kind=kind,
            session_id=self.session.id if self.session else None,
            stream_tc=stream_tc,
            record_tc=record_tc,
            data=data,
        )
        self._log.append(entry)
        return entry

    async def start(self, title: str) -> Session:
        title = " ".join(clean_text(title).split())  # one line: lists and reports show it so
        if not title:
            raise BadInput(Message("session.needs_title"))
        if len(title) > 200:
            raise BadInput(Message("session.title_too_long"))
        async with self._starting:
            return await self._start(title)

    async def _start(self, title: str) -> Session:
        if self.session is not None:
            raise WrongState(Message("session.still_running", title=self.session.title))
        if self.interrupted is not None:
            await self._close_interrupted(self.interrupted)
        for tell in self.before_start:
            tell()
        started = self._clock()
        session_id = await self._log.start_session(title, started)
        self.session = Session(session_id, title, started)
        self.record(kinds.SESSION_START, title=title)
        for tell in self.on_start:
            tell()
        self._bus.publish(SessionStarted(session_id, title))
        return self.session

    async def _close_interrupted(self, session: Session) -> None:
        """End the show left open at its last entry (its end in the log), then have what it
        left open closed in it; a failure there is logged, and the new show starts all the same."""
        await self._log.close_interrupted(session.id)
        self.interrupted = None
        if self.ends_interrupted is None:
            return
        try:
            await self.ends_interrupted(session)
        except Exception:
            log.exception("could not log what the interrupted show %d left open", session.id)

    def resume(self, **details: Any) -> Session:
        """Take the interrupted show up again: later entries go into its session."""
        session = self.interrupted
        if session is None:
            raise WrongState(Message("resume.nothing"))
        if self.session is not None:
            raise WrongState(Message("session.running", title=self.session.title))
        self.session, self.interrupted = session, None
        self.record(kinds.SESSION_RESUME, title=session.title, **details)
        self._bus.publish(SessionResumed(session.id, session.title))
        return session

    async def end(self) -> Session:
        """End show: after the on-air action under way, and before any pressed meanwhile (a
        second End show then finds none running: 409)."""
        async with self.on_air:
            return await self._end()

    async def _end(self) -> Session:
        session = self.session
        if session is None:
            raise WrongState(Message("session.not_running"))
        for ending in self.before_end:
            ending()
        self.record(kinds.SESSION_END)
        await self._log.end_session(session.id, self._clock())
        await self._log.flush()
        self.session = None
        self._bus.publish(SessionEnded(session.id))
        return session
