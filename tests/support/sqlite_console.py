"""One run of the console over a log file, wired as app/wiring builds it: the real writer
thread, comments, kept state and interaction viewers in SQLite, OBS faked, hand-held clocks. A
second run over the same file is the console started again after a crash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.adapters.store.comments import SqliteComments
from app.adapters.store.interaction_viewers import SqliteInteractionViewers
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.services.audience import Audience
from app.services.event_bus import EventBus
from app.services.interaction import Interaction
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.resume import ShowKeeper
from app.services.session import ShowRecorder
from app.services.show import Show
from app.services.show_runner import ShowRunner
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog
from tests.support.show_factory import _classify, _question_key
from tests.unit.conftest import Clock


class SqliteConsole:
    """`states(writer)` makes the kept-state store (SqliteShowState; a test's own to lose saves)."""

    def __init__(
        self,
        path: Path,
        wall: Clock,
        monotonic: Clock,
        fake_obs: FakeObs,
        states: Callable[[SqliteSessionLog], SqliteShowState] = SqliteShowState,
    ) -> None:
        self.writer = writer = SqliteSessionLog(path)
        self.bus = bus = EventBus()
        recorder = ShowRecorder(writer, bus, clock=wall)
        control = ObsControl(fake_obs, recorder, bus, clock=wall)
        overlays = OverlayControl(recorder, bus, lambda: runner.catalog(), clock=monotonic)
        runner = ShowRunner(control, overlays, recorder, bus, MemoryCatalog(), clock=monotonic)
        self.audience = Audience(recorder, bus, SqliteComments(writer), overlays, _classify,
                                 _question_key, clock=wall)  # fmt: skip
        seeds = iter(f"seed-{i}" for i in range(100))
        self.interaction = Interaction(recorder, bus, clock=wall, steady=monotonic,
                                       seed=lambda: next(seeds),
                                       viewers=SqliteInteractionViewers(writer))  # fmt: skip
        self.state_store = states(writer)
        self.keeper = ShowKeeper(recorder, runner, overlays, self.audience, self.state_store, bus,
                                 clock=wall, interaction=self.interaction)  # fmt: skip
        self.show = Show(bus, recorder, control, overlays, runner, audience=self.audience,
                         keeper=self.keeper, interaction=self.interaction)  # fmt: skip
