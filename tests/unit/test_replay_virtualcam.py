"""OBS's replay buffer and virtual camera: their state (from OBS's events and the re-sync), the
actions with OBS accepting and refusing (the fake answers as OBS 29 / obs-websocket 5.1 does:
604 when OBS cannot have them, 500/501 for running/not running), the log and the routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.domain.obs_state import ObsState, apply_event
from app.services.errors import WrongState
from app.services.events import Event, ReplayBufferChanged, ReplaySaved, VirtualCamChanged
from app.services.obs_control import ObsControl
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.waiting import eventually

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STARTED, STOPPED = "OBS_WEBSOCKET_OUTPUT_STARTED", "OBS_WEBSOCKET_OUTPUT_STOPPED"


# ----- the state -------------------------------------------------------------------------------
def test_events_set_the_replay_buffer_and_the_virtual_camera() -> None:
    state = ObsState()
    on = apply_event(state, "ReplayBufferStateChanged", {"outputActive": True,
                                                         "outputState": STARTED})  # fmt: skip
    assert (on.replay_buffer, on.replay_buffer_available) == (True, True)
    assert apply_event(on, "ReplayBufferStateChanged", {"outputState": STARTED}) is on
    starting = apply_event(
        state, "ReplayBufferStateChanged",
        {"outputActive": False, "outputState": "OBS_WEBSOCKET_OUTPUT_STARTING"},
    )  # fmt: skip
    assert not starting.replay_buffer
    cam = apply_event(state, "VirtualcamStateChanged", {"outputActive": True,
                                                        "outputState": STARTED})  # fmt: skip
    assert (cam.virtualcam, cam.virtualcam_available) == (True, True)
    off = apply_event(cam, "VirtualcamStateChanged", {"outputActive": False,
                                                      "outputState": STOPPED})  # fmt: skip
    assert not off.virtualcam
    assert apply_event(off, "VirtualcamStateChanged", {"outputActive": "yes"}) is off


async def test_resync_reads_both(fake_obs: FakeObs, control: ObsControl) -> None:
    fake_obs.replay_buffer = True
    await control.resync(await fake_obs.connect())
    obs = control.as_slice()
    assert (obs.replay_buffer, obs.replay_buffer_available) == (True, True)
    assert (obs.virtualcam, obs.virtualcam_available) == (False, True)


async def test_resync_survives_obs_without_them(fake_obs: FakeObs, control: ObsControl) -> None:
    """OBS refuses even the status (604) when the buffer is off in its settings or there is no
    camera device: not running, not available; the console connects as ever."""
    fake_obs.replay_available = fake_obs.virtualcam_available = False
    await control.resync(await fake_obs.connect())
    obs = control.as_slice()
    assert obs.connected
    assert (obs.replay_buffer, obs.replay_buffer_available) == (False, False)
    assert (obs.virtualcam, obs.virtualcam_available) == (False, False)


# ----- the virtual camera ----------------------------------------------------------------------
async def test_virtual_camera_starts_and_stops(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog, published: list[Event]
) -> None:
    await connected.set_output("virtualcam", "start", origin="api")
    assert fake_obs.virtualcam
    assert connected.state.virtualcam
    assert VirtualCamChanged(True) in published
    assert memory_log.of_kind(kinds.OBS_VIRTUALCAM)[-1].data == {"active": True}
    with pytest.raises(WrongState, match="virtual camera is already running"):
        await connected.set_output("virtualcam", "start")
    await connected.set_output("virtualcam", "stop")
    assert not connected.state.virtualcam
    actions = [e.data for e in memory_log.of_kind(kinds.ACTION_VIRTUALCAM)]
    assert actions == [{"action": "start", "origin": "api"},
                       {"action": "stop", "origin": "console"}]  # fmt: skip


async def test_no_virtual_camera_device_says_what_to_do(
    fake_obs: FakeObs, connected: ObsControl
) -> None:
    fake_obs.virtualcam_available = False
    with pytest.raises(WrongState) as refused:
        await connected.set_output("virtualcam", "start")
    assert refused.value.message.code == "obs.virtualcam_unavailable"
    assert "v4l2loopback" in str(refused.value)
    assert connected.as_slice().virtualcam_available is False


# ----- the replay buffer -----------------------------------------------------------------------
async def test_saving_needs_a_running_buffer(fake_obs: FakeObs, connected: ObsControl) -> None:
    with pytest.raises(WrongState) as off:
        await connected.save_replay()
    assert off.value.message.code == "obs.replay_not_running"
    assert "SaveReplayBuffer" not in fake_obs.names()
    # the console's state is behind OBS (the buffer stopped meanwhile): OBS's 501 says the same
    connected.state = replace(connected.state, replay_buffer=True)
    with pytest.raises(WrongState) as late:
        await connected.save_replay()
    assert late.value.message.code == "obs.replay_not_running"


async def test_a_buffer_off_in_obs_settings_says_where_to_turn_it_on(
    fake_obs: FakeObs, connected: ObsControl
) -> None:
    fake_obs.replay_available = False
    with pytest.raises(WrongState) as refused:
        await connected.set_output("replay_buffer", "start")
    assert refused.value.message.code == "obs.replay_unavailable"
    assert "Settings → Output → Replay Buffer" in str(refused.value)
    with pytest.raises(WrongState) as again:
        await connected.save_replay()
    assert again.value.message.code == "obs.replay_unavailable"


async def test_a_save_marks_the_moment_and_logs_the_file(
    show: Show, fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog,
    published: list[Event],
) -> None:  # fmt: skip
    await connected.set_output("replay_buffer", "start")
    assert connected.state.replay_buffer
    assert ReplayBufferChanged(True) in published
    saved = await show.markers.save_replay(origin="hotkey")
    assert saved["path"] == "/tmp/replays/Replay 1.mkv"
    assert saved["marker"]["note"] == "Replay saved"
    assert [e.data for e in memory_log.of_kind(kinds.MARKER)] == [
        {"note": "Replay saved", "origin": "hotkey"}
    ]
    assert [e.data for e in memory_log.of_kind(kinds.OBS_REPLAY_SAVED)] == [
        {"path": "/tmp/replays/Replay 1.mkv"}
    ]
    assert memory_log.of_kind(kinds.ACTION_REPLAY_SAVE)[-1].data == {"origin": "hotkey"}
    assert ReplaySaved("/tmp/replays/Replay 1.mkv") in published
    await connected.set_output("replay_buffer", "stop")
    assert not connected.state.replay_buffer


async def test_a_save_made_in_obs_itself_is_logged_too(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog
) -> None:
    fake_obs.emit("ReplayBufferSaved", savedReplayPath="/v/Replay by hotkey.mkv")
    assert memory_log.of_kind(kinds.OBS_REPLAY_SAVED)[-1].data == {
        "path": "/v/Replay by hotkey.mkv"
    }


# ----- the routes ------------------------------------------------------------------------------
@pytest.fixture
async def client(show: Show, connected: ObsControl) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def test_replay_routes(client: TestClient, fake_obs: FakeObs) -> None:
    off = await client.post("/api/replay/save", headers=AUTH)
    assert off.status == 409
    assert "start it first" in (await off.json())["error"]
    started = await client.post("/api/obs/replay_buffer", json={"action": "start"}, headers=AUTH)
    assert (started.status, await started.json()) == (200, {"ok": True, "replay_buffer": "start"})
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["obs"]["replay_buffer"] is True
    saved = await client.post("/api/replay/save", headers=AUTH)
    body = await saved.json()
    assert saved.status == 200
    assert body["ok"] is True
    assert body["path"] == "/tmp/replays/Replay 1.mkv"
    assert body["marker"]["note"] == "Replay saved"


async def test_replay_route_when_obs_has_it_off(client: TestClient, fake_obs: FakeObs) -> None:
    fake_obs.replay_available = False
    refused = await client.post("/api/obs/replay_buffer", json={"action": "start"}, headers=AUTH)
    assert refused.status == 409
    assert "OBS → Settings → Output → Replay Buffer" in (await refused.json())["error"]


async def test_virtualcam_route_accepts_and_refuses(client: TestClient, fake_obs: FakeObs) -> None:
    bad = await client.post("/api/obs/virtualcam", json={"action": "go"}, headers=AUTH)
    assert bad.status == 400
    ok = await client.post("/api/obs/virtualcam", json={"action": "start"}, headers=AUTH)
    assert (ok.status, await ok.json()) == (200, {"ok": True, "virtualcam": "start"})
    await eventually(lambda: fake_obs.virtualcam, "the camera runs", 2.0)
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["obs"]["virtualcam"] is True
    last = ["virtualcam", "replay_buffer", "starting", "stopping", "stream_reconnecting"]
    assert list(state["obs"])[-5:] == last
    stop = await client.post("/api/obs/virtualcam", json={"action": "stop"}, headers=AUTH)
    assert stop.status == 200
    fake_obs.virtualcam_available = False
    refused = await client.post("/api/obs/virtualcam", json={"action": "start"}, headers=AUTH)
    assert refused.status == 409
    assert "OBS has no virtual camera" in (await refused.json())["error"]
