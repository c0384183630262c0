from __future__ import annotations

import itertools
from typing import Any

import pytest

from app.domain.log_events import LogEntry
from app.services.event_bus import EventBus
from app.services.obs_control import ObsControl
from app.services.session import ShowRecorder
from app.services.show import Show
from tests.support.fake_obs import FakeObs


class MemoryLog:
    """The SessionLog port in memory, for service tests."""

    def __init__(self) -> None:
        self.entries: list[LogEntry] = []
        self.sessions: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(1)

    async def start_session(self, title: str, started_at: float) -> int:
        session_id = next(self._ids)
        self.sessions[session_id] = {"title": title, "started_at": started_at, "ended_at": None}
        return session_id

    async def end_session(self, session_id: int, ended_at: float) -> None:
        self.sessions[session_id]["ended_at"] = ended_at

    def append(self, entry: LogEntry) -> None:
        self.entries.append(entry)

    async def flush(self) -> None:
        return None

    def open_session(self) -> tuple[int, str, float] | None:
        for sid, row in self.sessions.items():
            if row["ended_at"] is None:
                return sid, row["title"], row["started_at"]
        return None

    def kinds(self) -> list[str]:
        return [e.kind for e in self.entries]


class Clock:
    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def memory_log() -> MemoryLog:
    return MemoryLog()


@pytest.fixture
def fake_obs() -> FakeObs:
    return FakeObs()


@pytest.fixture
def bus() -> EventBus:
    return EventBus()


@pytest.fixture
def published(bus: EventBus) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    bus.listen(seen.append)
    return seen


@pytest.fixture
def recorder(memory_log: MemoryLog, bus: EventBus, clock: Clock) -> ShowRecorder:
    return ShowRecorder(memory_log, bus, clock=clock)


@pytest.fixture
def control(fake_obs: FakeObs, recorder: ShowRecorder, bus: EventBus, clock: Clock) -> ObsControl:
    return ObsControl(fake_obs, recorder, bus, clock=clock)


@pytest.fixture
async def connected(fake_obs: FakeObs, control: ObsControl) -> ObsControl:
    await control.resync(await fake_obs.connect())
    return control


@pytest.fixture
def show(bus: EventBus, recorder: ShowRecorder, control: ObsControl) -> Show:
    return Show(bus, recorder, control)
