"""A scene switched in OBS itself (its own UI, a Stream Deck on OBS, a hotkey) until the console
says so on /ws/events (and so in /api/state, the panels and the assistants'), against the floor
in the same run: a bare obs-websocket client's CurrentProgramSceneChanged event for the same
switch. Interleaved rounds, each after the last fade. Target: within a second (p95)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from typing import Any

import aiohttp
from obswebsocket import requests as obs_requests

from tests.bench.conftest import BenchTable
from tests.support.browser import percentile
from tests.support.console_process import TOKEN, ConsoleProcess
from tests.support.obs_process import ObsProcess

ROUNDS = 30
SETTLE_S = 0.4  # after each switch: the fade finished
TARGET_MS = 1000


class _Stamps:
    """When a bare obs-websocket client heard each program scene (set on its receive thread)."""

    def __init__(self) -> None:
        self.heard: dict[str, float] = {}
        self.changed = threading.Condition()

    def on_event(self, event: Any) -> None:
        if event.name != "CurrentProgramSceneChanged":
            return
        with self.changed:
            self.heard[event.datain["sceneName"]] = time.perf_counter()
            self.changed.notify_all()

    def wait(self, scene: str, timeout: float = 5.0) -> float:
        with self.changed:
            assert self.changed.wait_for(lambda: scene in self.heard, timeout), scene
            return self.heard.pop(scene)


async def _rounds(
    obs: ObsProcess, console: ConsoleProcess, stamps: _Stamps
) -> tuple[list[float], list[float]]:
    scenes = ("开场 Opening", "讲解 Teaching")  # the harness's; BRB first, so each is a change
    obs.call(obs_requests.SetCurrentProgramScene(sceneName="BRB"))
    await asyncio.sleep(SETTLE_S)
    figure: list[float] = []
    floor: list[float] = []
    url = f"ws://127.0.0.1:{console.port}/ws/events?token={TOKEN}"
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        for n in range(ROUNDS + 1):
            scene = scenes[n % 2]
            started = time.perf_counter()
            await asyncio.to_thread(obs.call, obs_requests.SetCurrentProgramScene(sceneName=scene))
            deadline = started + 5  # events of every kind come meanwhile (stats each second)
            while True:
                event = json.loads((await ws.receive(timeout=5)).data)
                if event.get("type") == "obs.program_scene" and event.get("scene") == scene:
                    seen = time.perf_counter()
                    break
                assert time.perf_counter() < deadline, f"no obs.program_scene for {scene}"
            heard = await asyncio.to_thread(stamps.wait, scene)
            if n:  # the first round only lines both scenes up
                figure.append((seen - started) * 1000)
                floor.append((heard - started) * 1000)
            await asyncio.sleep(SETTLE_S)
    return figure, floor


def test_a_switch_made_in_obs_reaches_the_console(
    obs: ObsProcess, tmp_path: Path, bench_table: BenchTable
) -> None:
    console = ConsoleProcess(tmp_path / "data", obs.url, obs.password).start()
    listener = obs.client()
    stamps = _Stamps()
    listener.register(stamps.on_event)
    try:
        console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
        figure, floor = asyncio.run(_rounds(obs, console, stamps))
    finally:
        listener.disconnect()
        console.stop()
    assert len(figure) == len(floor) == ROUNDS
    p50, p95, floor50, floor95 = (percentile(figure, 50), percentile(figure, 95),
                                  percentile(floor, 50), percentile(floor, 95))  # fmt: skip
    bench_table.add(
        f"a scene switched in OBS → the console's /ws/events says so ({ROUNDS} rounds, real OBS)",
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (max {max(figure):.1f})",
        f"bare obs-websocket client's event: p50 {floor50:.1f} ms, p95 {floor95:.1f} ms",
        f"p95 {p95 / floor95:.2f}×" if floor95 else "—",
        f"p95 ≤ {TARGET_MS} ms",
    )
