"""Shows as sessions in the log: start, end, and the recorder every service logs through."""

from __future__ import annotations

import time
from collections.abc import Callable
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
        # a show the last run never ended (the console died): it can be resumed until another
        # show starts, which closes it at its last entry
        open_row = log.open_session()
        self.interrupted: Session | None = None if open_row is None else Session(*open_row)

    def set_timecode_source(self, timecodes: Timecodes) -> None:
        self._timecodes = timecodes

    def record(self, kind: str, **data: Any) -> LogEntry:
        wall = self._clock()
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
        if self.session is not None:
            raise WrongState(Message("session.still_running", title=self.session.title))
        if self.interrupted is not None:
            await self._log.close_interrupted(self.interrupted.id)
            self.interrupted = None
        started = self._clock()
        session_id = await self._log.start_session(title, started)
        self.session = Session(session_id, title, started)
        self.record(kinds.SESSION_START, title=title)
        for tell in self.on_start:
            tell()
        self._bus.publish(SessionStarted(session_id, title))
        return self.session

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
