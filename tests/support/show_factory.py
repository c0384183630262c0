"""A whole Show over FakeObs and in-memory storage, as the composition root wires the real one."""

from __future__ import annotations

import time
from collections.abc import Callable

from app.domain.audience import Classification
from app.services.audience import Audience
from app.services.event_bus import EventBus
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.session import ShowRecorder
from app.services.show import Show
from app.services.show_runner import ShowRunner
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog, MemoryComments, MemoryLog


def build_show(
    fake_obs: FakeObs,
    log: MemoryLog,
    *,
    bus: EventBus | None = None,
    catalog: MemoryCatalog | None = None,
    comments: MemoryComments | None = None,
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
    audience = Audience(
        recorder, bus, comments or MemoryComments(), overlays, _classify, _question_key,
        clock=wall,
    )  # fmt: skip
    return Show(bus, recorder, control, overlays, runner, audience=audience)


def _classify(text: str, ts: float) -> Classification:
    from app.domain import classify  # the real classifier, once it is there

    return classify.classify(text)


def _question_key(text: str) -> str:
    from app.domain import classify

    return classify.question_key(text)
