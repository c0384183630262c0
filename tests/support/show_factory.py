"""A whole Show over FakeObs and in-memory storage, as the composition root wires the real one."""

from __future__ import annotations

import time
from collections.abc import Callable

from app.services.event_bus import EventBus
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.session import ShowRecorder
from app.services.show import Show
from app.services.show_runner import ShowRunner
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog, MemoryLog


def build_show(
    fake_obs: FakeObs,
    log: MemoryLog,
    *,
    bus: EventBus | None = None,
    catalog: MemoryCatalog | None = None,
    wall: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
) -> Show:
    bus = bus or EventBus()
    recorder = ShowRecorder(log, bus, clock=wall)
    control = ObsControl(fake_obs, recorder, bus, clock=wall)
    overlays = OverlayControl(recorder, bus, lambda: runner.catalog(), clock=monotonic)
    runner = ShowRunner(
        control, overlays, recorder, bus, catalog or MemoryCatalog(), clock=monotonic
    )
    return Show(bus, recorder, control, overlays, runner)
