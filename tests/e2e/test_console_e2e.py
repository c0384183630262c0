"""The console as a user's script sees it: only the API, against real OBS."""

from __future__ import annotations

import time

from obswebsocket import requests as obs_requests

from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess


def _program(obs: ObsProcess) -> str:
    return str(obs.call(obs_requests.GetCurrentProgramScene()).datain["currentProgramSceneName"])


def test_api_and_obs_switches_meet_in_state_and_report(
    obs: ObsProcess, console: ConsoleProcess
) -> None:
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    state = console.state()
    assert state["obs"]["scenes"] == obs.scene_names()  # OBS's own UI order
    assert console.post("/api/session/start", {"title": "公开课 e2e"}).status_code == 200

    # API -> OBS: answered once OBS accepted; OBS's program scene is the one asked for.
    target = "商品 Product" if _program(obs) != "商品 Product" else "讲解 Teaching"
    answer = console.post("/api/obs/scene", {"scene": target})
    assert answer.status_code == 200, answer.text
    deadline = time.monotonic() + 3
    while _program(obs) != target and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _program(obs) == target
    # the finished switch (after the fade) reaches the console's state
    console.wait_state(lambda s: s["obs"]["program_scene"] == target, timeout=2.0)

    # OBS -> console: a switch made in OBS shows in /api/state (how soon: the obs-follow bench)
    obs.call(obs_requests.SetCurrentProgramScene(sceneName="BRB"))
    console.wait_state(lambda s: s["obs"]["program_scene"] == "BRB", timeout=5.0)

    assert console.post("/api/obs/scene", {"scene": "no such scene"}).status_code == 404
    assert console.post("/api/session/end").status_code == 200

    report = console.report("latest")
    assert report["session"]["title"] == "公开课 e2e"
    assert report["session"]["ended_at"]
    events = report["events"]
    api_switch = [e for e in events if e["kind"] == "action.scene" and e.get("scene") == target]
    assert api_switch
    assert api_switch[0]["origin"] == "api"
    seen_in_obs = [e for e in events if e["kind"] == "obs.program_scene"]
    assert [e["scene"] for e in seen_in_obs][-2:] == [target, "BRB"]
    kinds = [e["kind"] for e in events]
    assert kinds[0] == "session.start"
    assert kinds[-1] == "session.end"

    listed = console.cli("sessions", "--json")
    assert listed.returncode == 0
    assert "公开课 e2e" in listed.stdout


def test_survives_obs_killed_and_restarted(
    fresh_obs: ObsProcess, fresh_console: ConsoleProcess
) -> None:
    console, obs = fresh_console, fresh_obs
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    assert console.post("/api/session/start", {"title": "crash drill"}).status_code == 200

    obs.kill()
    lost_after = console.wait_state(lambda s: not s["obs"]["connected"], timeout=3.0)
    print(f"[e2e] OBS SIGKILL seen as disconnected after {lost_after * 1000:.0f} ms")
    assert lost_after <= 3.0
    assert console.post("/api/obs/scene", {"scene": "BRB"}).status_code == 503
    problem = console.state()["obs"]["problem"]
    assert problem
    assert problem["message"]
    assert problem["hint"]

    obs.start()
    obs.wait_ready()
    # A fresh OBS after SIGKILL has only its default scene: the console must re-sync to it.
    back_after = console.wait_state(
        lambda s: s["obs"]["connected"] and s["obs"]["scenes"] == obs.scene_names(), timeout=5.0
    )
    print(f"[e2e] reconnected and re-synced {back_after * 1000:.0f} ms after OBS was ready")
    assert back_after <= 5.0
    obs.ensure_scenes(["BRB"])
    console.wait_state(lambda s: "BRB" in s["obs"]["scenes"], timeout=2.0)
    assert console.post("/api/obs/scene", {"scene": "BRB"}).status_code == 200
    assert console.post("/api/session/end").status_code == 200

    kinds = [e["kind"] for e in console.report("latest")["events"]]
    assert "obs.disconnected" in kinds
    assert kinds.index("obs.connected", kinds.index("obs.disconnected")) > 0
