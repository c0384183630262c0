"""The replay buffer and the virtual camera against real OBS (29 / obs-websocket 5.1 under Xvfb),
through the console's routes: a replay really saved to a file (OBS with the replay buffer enabled
in its profile), OBS refusing a replay buffer that is off in its settings, and OBS refusing the
virtual camera (this machine has no v4l2loopback, like a bare Linux box)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.obs.gateway import ObsWebsocketGateway
from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.services.show import Show
from tests.support.memory_log import MemoryLog
from tests.support.obs_config import DEFAULT_TEST_SCENES, ObsConfigFiles, write_obs_config
from tests.support.obs_process import ObsProcess
from tests.support.show_factory import build_show
from tests.support.waiting import eventually
from tests.support.xvfb import VirtualDisplay

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def replay_obs(display: VirtualDisplay, tmp_path: Path) -> Iterator[ObsProcess]:
    """An OBS of its own whose profile has the replay buffer enabled."""
    proc = ObsProcess(display, tmp_path / "obs")
    files = ObsConfigFiles(
        config_dir=proc.config_dir, recordings_dir=proc.recordings_dir, port=proc.port,
        password=proc.password, width=proc.width, height=proc.height, fps=proc.fps,
        replay_buffer=True,
    )  # fmt: skip
    write_obs_config(files, overwrite=True)
    try:
        proc.start()
        proc.wait_ready(timeout=40)
        proc.ensure_scenes(DEFAULT_TEST_SCENES)
        # something on screen: with empty scenes OBS asks "no sources, really start?" instead
        proc.add_color_source("Scene", 0xFF3366CC)
        yield proc
    finally:
        proc.close()


async def _console(obs: ObsProcess) -> tuple[ObsWebsocketGateway, Show, MemoryLog]:
    gateway = ObsWebsocketGateway(obs.url, obs.password, request_timeout=8)
    log = MemoryLog()
    show = build_show(gateway, log)  # type: ignore[arg-type]  # the real gateway, not the fake
    await show.obs.resync(await gateway.connect())
    return gateway, show, log


@pytest.fixture
async def replay_console(
    replay_obs: ObsProcess,
) -> AsyncIterator[tuple[TestClient, Show, MemoryLog]]:
    gateway, show, log = await _console(replay_obs)
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        yield client, show, log
    await gateway.close()
    gateway.shutdown()


@pytest.fixture
async def plain_console(obs: ObsProcess) -> AsyncIterator[tuple[TestClient, Show, MemoryLog]]:
    """The shared OBS: a new profile, the replay buffer off in its settings."""
    if not obs.running:
        obs.restart(wait=True)
    gateway, show, log = await _console(obs)
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        yield client, show, log
    await gateway.close()
    gateway.shutdown()


async def _post(client: TestClient, path: str, body: Any = None) -> tuple[int, Any]:
    response = await client.post(path, json=body if body is not None else {}, headers=AUTH)
    return response.status, await response.json()


async def test_a_replay_is_saved_to_a_file_and_marked(
    replay_obs: ObsProcess, replay_console: tuple[TestClient, Show, MemoryLog]
) -> None:
    client, show, log = replay_console
    assert show.obs.state.replay_buffer_available is True
    status, body = await _post(client, "/api/replay/save")
    assert status == 409
    assert "start it first" in body["error"]

    status, body = await _post(client, "/api/obs/replay_buffer", {"action": "start"})
    assert (status, body) == (200, {"ok": True, "replay_buffer": "start"})
    await eventually(lambda: show.obs.state.replay_buffer, "OBS says the buffer runs", 10)
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["obs"]["replay_buffer"] is True

    status, body = await _post(client, "/api/replay/save")
    assert status == 200, body
    path = Path(body["path"])
    assert path.parent == replay_obs.recordings_dir
    await eventually(lambda: path.is_file() and path.stat().st_size > 0, "the replay file", 10)
    assert body["marker"]["note"] == "Replay saved"
    assert [e.data for e in log.of_kind(kinds.OBS_REPLAY_SAVED)] == [{"path": str(path)}]
    assert [e.data["note"] for e in log.of_kind(kinds.MARKER)] == ["Replay saved"]

    status, _ = await _post(client, "/api/obs/replay_buffer", {"action": "stop"})
    assert status == 200
    await eventually(lambda: not show.obs.state.replay_buffer, "OBS says it stopped", 10)


async def test_obs_refuses_the_virtual_camera_without_a_device(
    plain_console: tuple[TestClient, Show, MemoryLog],
) -> None:
    """OBS 29 on Linux without v4l2loopback answers 604 "VirtualCam is not available." to every
    virtual-camera request; the console says what to install."""
    client, show, _ = plain_console
    assert show.obs.state.virtualcam_available is False
    status, body = await _post(client, "/api/obs/virtualcam", {"action": "start"})
    assert status == 409
    assert "OBS has no virtual camera" in body["error"]
    assert "v4l2loopback" in body["error"]
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["obs"]["virtualcam"] is False
    assert state["obs"]["connected"] is True


async def test_obs_refuses_a_replay_buffer_off_in_its_settings(
    plain_console: tuple[TestClient, Show, MemoryLog],
) -> None:
    client, show, _ = plain_console
    assert show.obs.state.replay_buffer_available is False
    for path, body in (("/api/obs/replay_buffer", {"action": "start"}),
                       ("/api/replay/save", None)):  # fmt: skip
        status, answer = await _post(client, path, body)
        assert status == 409
        assert "OBS → Settings → Output → Replay Buffer" in answer["error"]
