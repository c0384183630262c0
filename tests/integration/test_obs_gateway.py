"""The OBS adapter and the show's OBS control against real OBS Studio."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from obswebsocket import requests as obs_requests

from app.adapters.obs.gateway import ObsWebsocketGateway
from app.services.errors import NotFound, ObsRequestFailed
from app.services.event_bus import EventBus
from app.services.obs_control import ObsControl
from app.services.ports import ObsConnectError
from app.services.session import ShowRecorder
from tests.support.obs_process import ObsProcess
from tests.support.waiting import eventually
from tests.unit.conftest import MemoryLog


@pytest.fixture
async def gateway(obs: ObsProcess) -> AsyncIterator[ObsWebsocketGateway]:
    if not obs.running:
        obs.restart(wait=True)
    gw = ObsWebsocketGateway(obs.url, obs.password)
    yield gw
    await gw.close()
    gw.shutdown()


@pytest.fixture
async def control(gateway: ObsWebsocketGateway) -> ObsControl:
    control = ObsControl(gateway, ShowRecorder(MemoryLog(), EventBus()), EventBus())
    await control.resync(await gateway.connect())
    yield control
    if control.state.studio_mode:
        await control.set_studio_mode(False)


async def test_connects_and_lists_scenes_in_ui_order(obs: ObsProcess, control: ObsControl) -> None:
    state = control.state
    assert state.connected
    assert state.obs_version
    assert int(state.obs_version.split(".")[0]) >= 28
    assert state.websocket_version
    assert state.websocket_version.startswith("5.")
    assert list(state.scenes) == obs.scene_names()
    # the raw API lists them bottom-first; the console shows OBS's order, top first
    raw = [s["sceneName"] for s in obs.call(obs_requests.GetSceneList()).datain["scenes"]]
    assert list(state.scenes) == list(reversed(raw))


async def test_switch_scene_and_event_comes_back(obs: ObsProcess, control: ObsControl) -> None:
    target = "讲解 Teaching" if control.state.program_scene != "讲解 Teaching" else "BRB"
    await control.switch_scene(target)
    current = obs.call(obs_requests.GetCurrentProgramScene()).datain
    assert current["currentProgramSceneName"] == target
    await eventually(
        lambda: control.state.program_scene == target, "control.state.program_scene == target", 3.0
    )


async def test_request_failures_carry_obs_status_code(
    gateway: ObsWebsocketGateway, control
) -> None:
    with pytest.raises(ObsRequestFailed) as failed:
        await gateway.call("SetCurrentProgramScene", sceneName="definitely missing")
    assert failed.value.code == 600


async def test_studio_mode_preview_and_transition(obs: ObsProcess, control: ObsControl) -> None:
    await control.switch_scene("开场 Opening")
    await eventually(
        lambda: control.state.program_scene == "开场 Opening",
        "control.state.program_scene == '开场 Opening'",
        3.0,
    )
    await control.set_studio_mode(True)
    # StudioModeStateChanged is a Ui event obs-websocket-py does not subscribe to by itself
    await eventually(lambda: control.state.studio_mode, "control.state.studio_mode", 3.0)
    assert obs.call(obs_requests.GetStudioModeEnabled()).datain["studioModeEnabled"]
    assert await control.switch_scene("商品 Product") == "preview"
    await eventually(
        lambda: control.state.preview_scene == "商品 Product",
        "control.state.preview_scene == '商品 Product'",
        3.0,
    )
    program = obs.call(obs_requests.GetCurrentProgramScene()).datain["currentProgramSceneName"]
    assert program == "开场 Opening"
    await control.transition()
    await eventually(
        lambda: control.state.program_scene == "商品 Product",
        "control.state.program_scene == '商品 Product'",
        3.0,
    )
    await control.set_studio_mode(False)
    await eventually(lambda: not control.state.studio_mode, "not control.state.studio_mode", 3.0)


async def test_record_start_stop_writes_a_file(obs: ObsProcess, control: ObsControl) -> None:
    before = set(obs.recordings())
    await control.set_output("record", "start")
    await eventually(lambda: control.state.recording, "control.state.recording", 10)
    await asyncio.sleep(1.5)
    figures = await control.poll_stats()
    assert figures.record_timecode
    assert figures.record_timecode != "00:00:00.000"
    await control.set_output("record", "stop")
    await eventually(lambda: not control.state.recording, "not control.state.recording", 10)
    await eventually(lambda: set(obs.recordings()) - before, "set(obs.recordings()) - before", 10)
    new_files = [Path(p) for p in set(obs.recordings()) - before]
    assert len(new_files) == 1
    # the muxer finishes writing just after OBS reports the output stopped
    await eventually(
        lambda: new_files[0].stat().st_size > 10_000, "new_files[0].stat().st_size > 10_000", 10
    )
    assert control.state.record_path


async def test_a_recording_is_logged_with_obs_s_frame_rate(
    obs: ObsProcess, gateway: ObsWebsocketGateway
) -> None:
    """GetVideoSettings's fpsNumerator / fpsDenominator, on the recording's start and stop
    entries (the editor exports count frames at it)."""

    def obs_records() -> bool:
        return obs.call(obs_requests.GetRecordStatus()).datain["outputActive"] is True

    await eventually(lambda: not obs_records(), "OBS done with an earlier test's file", 10)
    memory = MemoryLog()
    control = ObsControl(gateway, ShowRecorder(memory, EventBus()), EventBus())
    await control.resync(await gateway.connect())
    await control.set_output("record", "start")
    await eventually(lambda: control.state.recording, "control.state.recording", 10)
    await control.poll_stats()
    await control.set_output("record", "stop")
    await eventually(lambda: not control.state.recording, "not control.state.recording", 10)
    await eventually(lambda: not obs_records(), "OBS done with the file", 10)
    records = [e.data for e in memory.entries if e.kind == "obs.record"]
    assert [d["active"] for d in records][:2] == [True, False]
    assert {d["fps_numerator"] / d["fps_denominator"] for d in records} == {obs.fps}


async def test_record_starts_again_right_after_a_stop(obs: ObsProcess, control: ObsControl) -> None:
    await control.set_output("record", "start")
    await eventually(lambda: control.state.recording, "control.state.recording", 10)
    await asyncio.sleep(1.0)  # frames in the file, for OBS to finish writing after the stop
    await control.set_output("record", "stop")
    # at once: OBS is still finishing the first file; the console waits for it, then starts
    await control.set_output("record", "start")
    await eventually(lambda: control.state.recording, "control.state.recording", 10)
    assert obs.call(obs_requests.GetRecordStatus()).datain["outputActive"]
    await control.set_output("record", "stop")
    await eventually(
        lambda: not obs.call(obs_requests.GetRecordStatus()).datain["outputActive"],
        "OBS's recording stopped",
        10,
    )


async def test_record_start_then_stop_at_once_ends_stopped(
    obs: ObsProcess, gateway: ObsWebsocketGateway
) -> None:
    """Start then Stop pressed at once (hunt-api bug 2). OBS 29 refuses StopRecord until it has
    said STARTED (501; the console said 409 "not running" and the recording ran on): the stop
    is taken, sent once OBS runs the recording, and OBS ends with it stopped. Start, Stop,
    Start ends with it running."""

    def obs_records() -> bool:
        return obs.call(obs_requests.GetRecordStatus()).datain["outputActive"] is True

    await eventually(lambda: not obs_records(), "OBS done with an earlier test's file", 10)
    memory = MemoryLog()
    control = ObsControl(gateway, ShowRecorder(memory, EventBus()), EventBus())
    await control.resync(await gateway.connect())

    def settled() -> bool:
        slice_ = control.as_slice()
        return slice_.starting == () and slice_.stopping == ()

    def logged() -> list[bool]:
        return [e.data["active"] for e in memory.entries if e.kind == "obs.record"]

    await control.set_output("record", "start")
    await control.set_output("record", "stop")
    await eventually(lambda: logged() == [True, False] and settled(), "started, then stopped", 10)
    assert not obs_records()
    assert not control.state.recording
    assert [e.data["action"] for e in memory.entries if e.kind == "action.record"] == [
        "start",
        "stop",
    ]

    await control.set_output("record", "start")
    await control.set_output("record", "stop")
    await control.set_output("record", "start")  # the last press wins: recording
    await eventually(lambda: control.state.recording and settled(), "recording", 10)
    assert obs_records()
    assert logged()[-1] is True
    await control.set_output("record", "stop")
    await eventually(lambda: not obs_records() and settled(), "OBS's recording stopped", 10)


async def test_wrong_password_is_refused_with_its_message(obs: ObsProcess) -> None:
    gw = ObsWebsocketGateway(obs.url, obs.password + "-wrong")
    try:
        with pytest.raises(ObsConnectError) as refused:
            await gw.connect()
    finally:
        gw.shutdown()
    assert refused.value.problem.code == "auth"
    assert "password" in refused.value.problem.message
    assert "WebSocket Server Settings" in refused.value.problem.hint


async def test_nothing_listening_is_refused_with_a_hint() -> None:
    from tests.support.ports import free_tcp_port

    gw = ObsWebsocketGateway(f"ws://127.0.0.1:{free_tcp_port()}", "x")
    try:
        with pytest.raises(ObsConnectError) as refused:
            await gw.connect()
    finally:
        gw.shutdown()
    assert refused.value.problem.code in ("refused", "server_disabled")
    assert refused.value.problem.hint


async def test_a_scene_renamed_in_obs_is_followed(obs: ObsProcess, control: ObsControl) -> None:
    """OBS tells a rename with SceneNameChanged only (no SceneListChanged): the console follows
    it, the new name switches, the old one is unknown (404), and a scene OBS no longer has is
    404 too when the console has not heard yet (OBS's 600 ResourceNotFound)."""
    old, new = "zz 改名 rename me", "zz 改名 renamed “✓”"
    program = control.state.program_scene
    assert obs.call(obs_requests.CreateScene(sceneName=old)).status
    try:
        await eventually(lambda: old in control.state.scenes, "the new scene listed", 5)
        assert obs.call(obs_requests.SetSceneName(sceneName=old, newSceneName=new)).status
        await eventually(
            lambda: new in control.state.scenes and old not in control.state.scenes,
            "the rename followed",
            5,
        )
        assert await control.switch_scene(new) == "program"
        await eventually(lambda: control.state.program_scene == new, "on program", 5)
        with pytest.raises(NotFound):
            await control.switch_scene(old)
        control.state = replace(control.state, scenes=(*control.state.scenes, "zz 已删 gone"))
        with pytest.raises(NotFound):
            await control.switch_scene("zz 已删 gone")
    finally:
        if program:
            obs.call(obs_requests.SetCurrentProgramScene(sceneName=program))
        for name in (new, old):
            obs.call(obs_requests.RemoveScene(sceneName=name))


async def test_connects_over_ipv6(obs: ObsProcess, gateway: ObsWebsocketGateway) -> None:
    """ws://[::1]:PORT, as the settings page writes an IPv6 address."""
    v6 = ObsWebsocketGateway(f"ws://[::1]:{obs.port}", obs.password)
    try:
        version = await v6.connect()
        assert int(version.obs_version.split(".")[0]) >= 28
        assert v6.connected
    finally:
        await v6.close()
        v6.shutdown()
