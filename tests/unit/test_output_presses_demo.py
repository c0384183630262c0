"""Start then stop pressed at once, against the demo's OBS simulator through the console's own
gateway and services (hunt-api bug 2: the stop was 409 "not running" while the output was
starting, and the stream, the recording or the virtual camera then ran on)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from app.adapters.obs.gateway import ObsWebsocketGateway
from app.demo.server import ObsSimulator
from app.domain import log_events as kinds
from app.services.event_bus import EventBus
from app.services.obs_control import ObsControl
from app.services.session import ShowRecorder
from tests.support.memory_log import MemoryLog
from tests.support.waiting import eventually
from tests.unit.test_obs_simulator import make_simulator

_EVENTS = {
    "stream": kinds.OBS_EVENT_KINDS["StreamStateChanged"],
    "record": kinds.OBS_EVENT_KINDS["RecordStateChanged"],
    "virtualcam": kinds.OBS_EVENT_KINDS["VirtualcamStateChanged"],
}


@pytest.fixture
async def simulator() -> AsyncIterator[ObsSimulator]:
    sim = make_simulator()
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
async def console(simulator: ObsSimulator) -> AsyncIterator[tuple[ObsControl, MemoryLog]]:
    gateway = ObsWebsocketGateway(simulator.url, "", connect_timeout=2, request_timeout=3)
    log, bus = MemoryLog(), EventBus()
    control = ObsControl(gateway, ShowRecorder(log, bus), bus)
    await control.resync(await gateway.connect())
    yield control, log
    await gateway.close()
    gateway.shutdown()


@pytest.mark.parametrize("output", ["stream", "record", "virtualcam"])
async def test_start_then_stop_at_once_ends_stopped(
    simulator: ObsSimulator, console: tuple[ObsControl, MemoryLog], output: str
) -> None:
    control, log = console
    await control.set_output(output, "start")
    await control.set_output(output, "stop")  # before the fix: 409 "the … is not running"
    assert control.as_slice().stopping == (output,)
    assert not control.is_running(output)

    def stopped() -> bool:
        return (
            not simulator.world.output(output).active
            and not control.is_running(output)
            and control.as_slice().starting == ()
            and control.as_slice().stopping == ()
        )

    await eventually(stopped, f"the {output} stopped in OBS and in the console", 5.0)
    # OBS ran it (the stop was sent once it said STARTED) and said it stopped: the log says both
    assert [e.data["active"] for e in log.of_kind(_EVENTS[output])] == [True, False]
