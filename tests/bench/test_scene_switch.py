"""Scene switch through the API (request until OBS has accepted it) against the raw
obs-websocket-py call on the same OBS, and against a bare aiohttp server relaying that call (what
any HTTP control costs: a round trip to a process that has been idle); interleaved, each after
the last fade has finished (a switch asked for during a fade is answered differently).
Target: ratio to the raw call <= 1.10."""

from __future__ import annotations

import http.client
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from obswebsocket import requests as obs_requests

from tests.bench.conftest import BenchTable
from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess
from tests.support.ports import free_tcp_port, port_open
from tests.support.waiting import wait_until
from tests.support.xvfb import VirtualDisplay

ROUNDS = 100
SETTLE_S = 0.35  # after each switch: the fade finished, as a person would let it
SCENES = ("开场 Opening", "讲解 Teaching")


@pytest.fixture(params=[(640, 360), (1920, 1080)], ids=["640x360", "1920x1080"])
def canvas_obs(
    request: pytest.FixtureRequest, display: VirtualDisplay, tmp_path: Path
) -> Iterator[ObsProcess]:
    """The test harness's small canvas, and the 1080p canvas a real show runs."""
    width, height = request.param
    proc = ObsProcess(display, tmp_path / "obs", width=width, height=height)
    try:
        proc.start()
        proc.wait_ready(timeout=40)
        proc.ensure_scenes(SCENES)
        yield proc
    finally:
        proc.close()


def _post(conn: http.client.HTTPConnection, path: str, body: dict[str, str],
          headers: dict[str, str]) -> float:  # fmt: skip
    """Seconds for one POST on a kept-alive connection, until its answer is read (200)."""
    started = time.perf_counter()
    conn.request("POST", path, json.dumps(body).encode(), headers)
    answer = conn.getresponse()
    read = answer.read()
    took = time.perf_counter() - started
    assert answer.status == 200, read
    return took


@pytest.mark.timeout(400)  # 100 rounds of three switches, each let settle
def test_scene_switch_api_vs_raw(
    canvas_obs: ObsProcess, tmp_path: Path, bench_table: BenchTable
) -> None:
    obs = canvas_obs
    console = ConsoleProcess(tmp_path / "data", obs.url, obs.password).start()
    relay_port = free_tcp_port()
    relay = subprocess.Popen([sys.executable, str(Path(__file__).with_name("scene_floor.py")),
                              str(relay_port), obs.host, str(obs.port), obs.password])  # fmt: skip
    raw = obs.client()
    # lean keep-alive clients, as Companion or a Stream Deck plugin would hold one
    conn = http.client.HTTPConnection("127.0.0.1", console.port)
    relay_conn = http.client.HTTPConnection("127.0.0.1", relay_port)
    headers = {**console.headers(), "Content-Type": "application/json"}
    try:
        console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
        wait_until(lambda: port_open(relay_port), timeout=20, what="the relay's port")
        times: dict[str, list[float]] = {"api": [], "raw": [], "relay": []}
        raw.call(obs_requests.SetCurrentProgramScene(sceneName=SCENES[0]))
        time.sleep(SETTLE_S)
        shown = 0  # SCENES[shown] is on program: each switch goes to the other one
        for _ in range(ROUNDS):  # interleaved, so all three see the same machine
            for way in ("api", "raw", "relay"):
                shown = 1 - shown
                scene = SCENES[shown]
                if way == "api":
                    times[way].append(_post(conn, "/api/obs/scene", {"scene": scene}, headers))
                elif way == "relay":
                    times[way].append(_post(relay_conn, "/scene", {"scene": scene}, headers))
                else:
                    started = time.perf_counter()
                    reply = raw.call(obs_requests.SetCurrentProgramScene(sceneName=scene))
                    times[way].append(time.perf_counter() - started)
                    assert reply.status
                time.sleep(SETTLE_S)  # each switch finds no fade under way
        api_ms, raw_ms, relay_ms = (statistics.median(times[k]) * 1000
                                    for k in ("api", "raw", "relay"))  # fmt: skip
        canvas = (obs.width, obs.height)
        bench_table.add(
            f"scene switch via API, median of {ROUNDS}, canvas {canvas[0]}x{canvas[1]}",
            f"{api_ms:.2f} ms (+{api_ms - raw_ms:.2f} ms)",
            f"raw obs-websocket-py {raw_ms:.2f} ms; bare aiohttp relay of the same call "
            f"{relay_ms:.2f} ms ({relay_ms / raw_ms:.2f}×)",
            f"{api_ms / raw_ms:.3f} (relay: {api_ms / relay_ms:.3f})",
            "≤ 1.10",
        )
        assert api_ms > 0
        assert raw_ms > 0
        assert relay_ms > 0
    finally:
        conn.close()
        relay_conn.close()
        raw.disconnect()
        relay.terminate()
        relay.wait(10)
        console.stop()
