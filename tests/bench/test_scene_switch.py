"""Scene switch through the API (request until OBS has accepted it) against the raw
obs-websocket-py call on the same OBS. Target: ratio <= 1.10."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import requests
from obswebsocket import requests as obs_requests

from tests.bench.conftest import BenchTable
from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess

ROUNDS = 60
SCENES = ("开场 Opening", "讲解 Teaching")


def test_scene_switch_api_vs_raw(obs: ObsProcess, tmp_path: Path, bench_table: BenchTable) -> None:
    console = ConsoleProcess(tmp_path / "data", obs.url, obs.password).start()
    raw = obs.client()
    http = requests.Session()
    http.headers.update(console.headers())
    try:
        console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
        api_times: list[float] = []
        raw_times: list[float] = []
        for i in range(ROUNDS):  # interleaved, so both see the same machine
            scene = SCENES[i % 2]
            started = time.perf_counter()
            answer = http.post(console.base + "/api/obs/scene", json={"scene": scene}, timeout=10)
            api_times.append(time.perf_counter() - started)
            assert answer.status_code == 200, answer.text
            started = time.perf_counter()
            reply = raw.call(obs_requests.SetCurrentProgramScene(sceneName=SCENES[(i + 1) % 2]))
            raw_times.append(time.perf_counter() - started)
            assert reply.status
            time.sleep(0.35)  # let the fade finish, as a person would
        api_ms = statistics.median(api_times) * 1000
        raw_ms = statistics.median(raw_times) * 1000
        ratio = api_ms / raw_ms
        bench_table.add(
            "scene switch via API (median)",
            f"{api_ms:.1f} ms",
            f"raw obs-websocket-py {raw_ms:.1f} ms",
            f"{ratio:.3f}",
            "≤ 1.10",
        )
        assert api_ms > 0 and raw_ms > 0
    finally:
        raw.disconnect()
        console.stop()
