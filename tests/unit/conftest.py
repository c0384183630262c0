from __future__ import annotations

import pytest

from app.services.event_bus import EventBus
from app.services.events import Event
from app.services.obs_control import ObsControl
from app.services.session import ShowRecorder
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog, MemoryLog
from tests.support.show_factory import build_show


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
def published(bus: EventBus) -> list[Event]:
    seen: list[Event] = []
    bus.listen(seen.append)
    return seen


@pytest.fixture
def monotonic() -> Clock:
    return Clock(start=1000.0)


@pytest.fixture
def catalog_store() -> MemoryCatalog:
    return MemoryCatalog()


@pytest.fixture
def show(
    fake_obs: FakeObs,
    memory_log: MemoryLog,
    bus: EventBus,
    catalog_store: MemoryCatalog,
    clock: Clock,
    monotonic: Clock,
) -> Show:
    return build_show(
        fake_obs, memory_log, bus=bus, catalog=catalog_store, wall=clock, monotonic=monotonic
    )


@pytest.fixture
def recorder(show: Show) -> ShowRecorder:
    return show.recorder


@pytest.fixture
def control(show: Show) -> ObsControl:
    return show.obs


@pytest.fixture
async def connected(fake_obs: FakeObs, control: ObsControl) -> ObsControl:
    await control.resync(await fake_obs.connect())
    return control


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The classifier's precision and recall on the labelled corpora, in every run's output."""
    from tests.unit import test_buying, test_classify

    for figures, corpus in ((test_classify.FIGURES, "comments_corpus"),
                            (test_buying.FIGURES, "buying_corpus")):  # fmt: skip
        if figures:
            terminalreporter.section(f"comment classifier on tests/data/{corpus}.jsonl")
            for line in dict.fromkeys(figures):
                terminalreporter.write_line(line)
