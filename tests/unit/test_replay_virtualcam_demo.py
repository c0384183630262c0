"""The replay buffer and the virtual camera against the demo's OBS simulator, through the console's
own gateway and services: OBS accepting (the simulator has both) and refusing (switched off)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from app.adapters.obs.gateway import ObsWebsocketGateway
from app.demo.server import ObsSimulator
from app.domain import log_events as kinds
from app.services.errors import ObsRequestFailed, WrongState
from app.services.event_bus import EventBus
from app.services.markers import Markers
from app.services.obs_control import ObsControl
from app.services.session import ShowRecorder
from tests.support.memory_log import MemoryLog
from tests.support.waiting import eventually
from tests.unit.test_obs_simulator import make_simulator


@pytest.fixture
async def simulator() -> AsyncIterator[ObsSimulator]:
    sim = make_simulator()
    await sim.start()
    yield sim
    await sim.stop()


async def _console(sim: ObsSimulator, log: MemoryLog) -> tuple[ObsWebsocketGateway, ObsControl]:
    gateway = ObsWebsocketGateway(sim.url, "", connect_timeout=2, request_timeout=3)
    bus = EventBus()
    control = ObsControl(gateway, ShowRecorder(log, bus), bus)
    await control.resync(await gateway.connect())
    return gateway, control


async def test_the_simulator_accepts_both(simulator: ObsSimulator) -> None:
    log = MemoryLog()
    gateway, control = await _console(simulator, log)
    try:
        assert control.state.replay_buffer_available is True
        assert control.state.virtualcam_available is True
        await control.set_output("virtualcam", "start")
        await eventually(lambda: control.state.virtualcam, "the camera runs", 3.0)
        assert simulator.world.virtualcam.active
        await control.set_output("replay_buffer", "start")
        await eventually(lambda: control.state.replay_buffer, "the buffer runs", 3.0)
        saved = await Markers(control, ShowRecorder(log, EventBus()), EventBus()).save_replay()
        assert saved["path"] is not None
        assert saved["path"].endswith(".mkv")
        assert "Replay" in saved["path"]
        assert log.of_kind(kinds.OBS_REPLAY_SAVED)[-1].data == {"path": saved["path"]}
        assert (await gateway.call("GetLastReplayBufferReplay"))["savedReplayPath"] == saved["path"]
        await control.set_output("virtualcam", "stop")
        await eventually(lambda: not control.state.virtualcam, "the camera stopped", 3.0)
        with pytest.raises(ObsRequestFailed) as twice:
            await gateway.call("StopVirtualCam")
        assert twice.value.code == 501
    finally:
        await gateway.close()
        gateway.shutdown()


async def test_the_simulator_refuses_as_obs_does(simulator: ObsSimulator) -> None:
    simulator.world.replay_available = False
    simulator.world.virtualcam_available = False
    gateway, control = await _console(simulator, MemoryLog())
    try:
        assert control.state.connected
        assert control.state.virtualcam_available is False
        with pytest.raises(WrongState) as camera:
            await control.set_output("virtualcam", "start")
        assert camera.value.message.code == "obs.virtualcam_unavailable"
        with pytest.raises(WrongState) as replay:
            await control.set_output("replay_buffer", "start")
        assert replay.value.message.code == "obs.replay_unavailable"
        with pytest.raises(ObsRequestFailed) as raw:
            await gateway.call("GetVirtualCamStatus")
        assert (raw.value.code, raw.value.comment) == (604, "VirtualCam is not available.")
    finally:
        await gateway.close()
        gateway.shutdown()
