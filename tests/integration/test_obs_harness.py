"""Self-test of the real-OBS harness (tests/support/obs_process.py, xvfb.py and obs_fixtures.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from obswebsocket import obsws
from obswebsocket import requests as obs_requests
from obswebsocket.exceptions import ConnectionFailure

from tests.support import harness
from tests.support.harness import HarnessError, require_system_tools
from tests.support.obs_config import DEFAULT_TEST_SCENES
from tests.support.obs_process import ObsProcess
from tests.support.waiting import wait_until
from tests.support.xvfb import VirtualDisplay


def _process_group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def test_connects_and_reports_obs_websocket_5(obs: ObsProcess, obs_ws: obsws) -> None:
    resp = obs_ws.call(obs_requests.GetVersion())
    assert resp.status
    assert resp.datain["obsWebSocketVersion"].startswith("5.")
    assert resp.datain["rpcVersion"] == 1
    assert obs.url == f"ws://127.0.0.1:{obs.port}"
    assert obs.port not in (4444, 4455)
    assert obs.running
    assert obs.pid
    assert obs.ready_seconds is not None
    assert obs.ready_seconds < 40
    print(f"\nOBS {resp.datain['obsVersion']} ready after {obs.ready_seconds:.2f}s")


def test_password_is_required(obs: ObsProcess) -> None:
    ws = obsws("127.0.0.1", obs.port, obs.password + "-wrong", legacy=False, timeout=5)
    with pytest.raises(ConnectionFailure):
        ws.connect()
    ws.ws.shutdown()  # obs-websocket-py leaves the refused connection's socket open


def test_ensured_scenes_are_listed(obs: ObsProcess, obs_ws: obsws) -> None:
    scenes = obs_ws.call(obs_requests.GetSceneList()).getScenes()
    names = {s["sceneName"] for s in scenes}
    assert {"Scene", *DEFAULT_TEST_SCENES} <= names
    assert obs.ensure_scenes(DEFAULT_TEST_SCENES)  # idempotent
    assert len(obs.scene_names()) == len(set(obs.scene_names()))


def test_canvas_is_small(obs_ws: obsws) -> None:
    video = obs_ws.call(obs_requests.GetVideoSettings()).datain
    assert (video["baseWidth"], video["baseHeight"]) == (640, 360)
    assert (video["outputWidth"], video["outputHeight"]) == (640, 360)
    assert video["fpsNumerator"] / video["fpsDenominator"] == 30


def test_recording_writes_a_file(obs: ObsProcess, obs_ws: obsws) -> None:
    record_dir = obs_ws.call(obs_requests.GetRecordDirectory()).datain["recordDirectory"]
    assert Path(record_dir) == obs.recordings_dir
    assert obs_ws.call(obs_requests.StartRecord()).status
    try:
        wait_until(
            lambda: obs_ws.call(obs_requests.GetRecordStatus()).datain.get("outputActive"),
            "the recording started",
            10,
            0.1,
        )
        time.sleep(1.5)  # deliberate: record a while so the file has content
    finally:
        stop = obs_ws.call(obs_requests.StopRecord())
    assert stop.status
    wait_until(
        lambda: not obs_ws.call(obs_requests.GetRecordStatus()).datain.get("outputActive"),
        "the recording stopped",
        10,
        0.1,
    )
    out = Path(stop.datain["outputPath"])
    assert out.parent == obs.recordings_dir
    wait_until(
        lambda: out.is_file() and out.stat().st_size > 0,
        "the recording file written",
        10,
        0.1,
    )
    assert out.read_bytes()[:4] == b"\x1a\x45\xdf\xa3"  # Matroska/EBML
    assert out in obs.recordings()


def test_kill_closes_port_and_restart_answers_again(fresh_obs: ObsProcess) -> None:
    pid = fresh_obs.pid
    assert pid
    assert fresh_obs.is_port_open()
    fresh_obs.kill()
    assert not fresh_obs.running
    assert fresh_obs.last_returncode == -9
    assert not fresh_obs.is_port_open()
    assert _process_group_gone(pid)
    with pytest.raises(ConnectionFailure):
        obsws("127.0.0.1", fresh_obs.port, fresh_obs.password, legacy=False, timeout=2).connect()

    fresh_obs.restart()
    fresh_obs.wait_ready()
    assert fresh_obs.pid != pid
    assert fresh_obs.call(obs_requests.GetVersion()).datain["obsWebSocketVersion"].startswith("5.")
    assert "Scene" in fresh_obs.scene_names()


def test_terminate_is_clean_and_keeps_scenes(fresh_obs: ObsProcess) -> None:
    fresh_obs.ensure_scenes(["Persist me"])
    ws = fresh_obs.client()  # disconnected by the harness on terminate()
    assert ws.call(obs_requests.StartRecord()).status  # must not block the clean exit
    pid = fresh_obs.pid
    assert fresh_obs.terminate() is True
    assert fresh_obs.last_returncode == 0
    assert _process_group_gone(pid)
    fresh_obs.start()
    fresh_obs.wait_ready()
    assert {"Persist me", *DEFAULT_TEST_SCENES} <= set(fresh_obs.scene_names())


def test_wait_ready_raises_with_log_tail_when_obs_dies(
    display: VirtualDisplay, tmp_path: Path
) -> None:
    with ObsProcess(":65000", tmp_path) as proc:  # no X server there: OBS aborts at once
        proc.start()
        with pytest.raises(HarnessError, match="could not connect to display"):
            proc.wait_ready(timeout=20)
    assert not proc.running


def test_missing_tools_fail_in_ci_and_skip_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(harness.shutil, "which", lambda _name: None)
    monkeypatch.delenv("LIVEDESK_TEST_DISPLAY", raising=False)
    monkeypatch.delenv("LIVEDESK_REQUIRE_OBS", raising=False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="obs, Xvfb"):
        require_system_tools()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        require_system_tools()
