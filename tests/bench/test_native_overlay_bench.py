"""Native overlay latency: POST /api/overlay/product until OBS has the new card file in the image
input and its scene item enabled, against the floor: the same SetInputSettings +
SetSceneItemEnabled made raw with obs-websocket-py on the same OBS in the same run (with a card
rendered beforehand). No target: it is reported.

Both are timed to OBS's SceneItemEnableStateChanged event (the file is set before the item is
enabled, on one ordered lane; GetInputSettings and GetSceneItemEnabled confirm both after each
sample). Polling OBS from this process instead adds ~30 ms: the poller's threads wait for the GIL
while the card renders."""

from __future__ import annotations

import asyncio
import os
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from obswebsocket import events as obs_events

from app.adapters.obs.overlay_layout import OVERLAY_SCENE, PRODUCT_INPUT
from app.adapters.render.cards import QtCardRenderer
from app.adapters.web.server import LocalServer, create_app
from app.domain.catalog import Catalog
from tests.bench.conftest import BenchTable
from tests.support.native_rig import CATALOG, TOKEN, NativeRig, native_rig
from tests.support.obs_process import ObsProcess
from tests.support.ports import free_tcp_port
from tests.support.xvfb import VirtualDisplay

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROUNDS = 30
SCENE = "商品 Product"
SKUS = ("TEA-1", "TEA-2")
# obs-websocket does not set TCP_NODELAY: a message it sends within ~40 ms of the last one a
# quiet client has not acknowledged yet waits for the client's delayed ACK. Both kinds of sample
# start after a quiet spell so that neither is timed with that stall.
QUIET = 0.1


@pytest.fixture
def hd_obs(display: VirtualDisplay, tmp_path: Path) -> Iterator[ObsProcess]:
    """The 1080p canvas a real show runs (the cards are rendered at that size)."""
    proc = ObsProcess(display, tmp_path / "obs", width=1920, height=1080)
    try:
        proc.start()
        proc.wait_ready(timeout=40)
        proc.ensure_scenes([SCENE])
        yield proc
    finally:
        proc.close()


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


class EnabledWatch:
    """When OBS said the product card's item became enabled (on the raw client's thread)."""

    def __init__(self, rig: NativeRig, item: int) -> None:
        self.item, self.at, self.seen = item, 0.0, threading.Event()
        rig.raw.ws.register(self._on_event, obs_events.SceneItemEnableStateChanged)

    def arm(self) -> None:
        self.at = 0.0
        self.seen.clear()

    def _on_event(self, event: Any) -> None:
        data = event.datain
        if data.get("sceneItemId") == self.item and data.get("sceneItemEnabled"):
            self.at = time.perf_counter()
            self.seen.set()

    async def wait(self) -> float:
        assert await asyncio.to_thread(self.seen.wait, 10), "the item was never enabled"
        return self.at


class TimedRenderer(QtCardRenderer):
    """The app's renderer, timing each render where the app runs it (a worker thread)."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def render(self, kind: str, card: dict[str, Any], width: int, height: int) -> bytes:
        started = time.perf_counter()
        try:
            return super().render(kind, card, width, height)
        finally:
            self.times.append(time.perf_counter() - started)


async def _state(rig: NativeRig, item: int) -> tuple[str, bool]:
    settings = await rig.raw("GetInputSettings", inputName=PRODUCT_INPUT)
    enabled = await rig.raw("GetSceneItemEnabled", sceneName=OVERLAY_SCENE, sceneItemId=item)
    return str(settings["inputSettings"].get("file", "")), bool(enabled["sceneItemEnabled"])


def _catalog() -> Catalog:
    """A product per round (each a new card to render), and the two shown again and again."""
    fresh = tuple(
        replace(CATALOG.products[0], sku=f"NEW-{i}", name=f"新品 {i} 号 云南普洱")
        for i in range(ROUNDS)
    )
    return replace(CATALOG, products=CATALOG.products + fresh)


async def test_show_product_api_vs_raw(
    hd_obs: ObsProcess, qapp: Any, tmp_path: Path, bench_table: BenchTable
) -> None:
    timed = TimedRenderer()
    async with native_rig(hd_obs, tmp_path / "cards", renderer=timed) as rig:
        await rig.load_catalog(_catalog())
        await rig.raw("SetCurrentProgramScene", sceneName=SCENE)
        await rig.stage.setup([SCENE])
        await rig.settle()
        item = rig.stage.items[PRODUCT_INPUT]
        overlays = rig.show.overlays
        # the floor's cards, rendered beforehand like the app renders them
        rect, renderer = rig.stage.rects["product"], QtCardRenderer()
        floor_files = []
        for sku in SKUS:
            overlays.show_product(sku)
            await rig.settle()  # the API's cache now holds these two as well
            card = overlays.view()["product"]
            (tmp_path / f"floor-{sku}.png").write_bytes(
                renderer.render("product", card, rect.w, rect.h)
            )
            floor_files.append(str(tmp_path / f"floor-{sku}.png"))
        timed.times.clear()
        port = free_tcp_port()
        server = LocalServer(create_app(rig.show, TOKEN), "127.0.0.1", port)
        await server.start()
        base = f"http://127.0.0.1:{port}/api/overlay/product"
        watch = EnabledWatch(rig, item)
        times: dict[str, list[float]] = {"new": [], "again": [], "raw": []}
        try:
            async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {TOKEN}"}) as http:

                async def via_api(sku: str) -> float:
                    """Hidden -> POST -> OBS has the card's file and the item enabled."""
                    async with http.delete(base) as answer:
                        assert answer.status == 200
                    await rig.settle()
                    before, _ = await _state(rig, item)
                    await asyncio.sleep(QUIET)
                    watch.arm()
                    started = time.perf_counter()
                    async with http.post(base, json={"sku": sku}) as answer:
                        assert answer.status == 200
                    took = await watch.wait() - started
                    file, enabled = await _state(rig, item)
                    assert file != before
                    assert Path(file).is_file()
                    assert enabled
                    await rig.settle()
                    return took

                for i in range(ROUNDS):  # interleaved, so all see the same machine
                    times["new"].append(await via_api(f"NEW-{i}"))
                    times["again"].append(await via_api(SKUS[i % 2]))
                    times["raw"].append(await _raw_sample(rig, watch, item, floor_files[i % 2]))
        finally:
            await server.stop()

    raw = times["raw"]
    raw_p50 = statistics.median(raw) * 1000
    floor = f"raw SetInputSettings + SetSceneItemEnabled p50 {raw_p50:.1f} ms, "
    floor += f"p95 {_pct(raw, 0.95):.1f} ms"
    canvas = f"canvas {hd_obs.width}x{hd_obs.height}, card {rect.w}x{rect.h}"
    assert len(timed.times) == ROUNDS  # one render per new card; none for the cards shown before
    render_p50 = statistics.median(timed.times) * 1000
    for kind, label in (("new", "a new card (rendered)"), ("again", "a card shown before")):
        samples = times[kind]
        p50 = statistics.median(samples) * 1000
        bench_table.add(
            f"show product via API until OBS has it on, {label}, {ROUNDS} rounds, {canvas}",
            f"p50 {p50:.1f} ms, p95 {_pct(samples, 0.95):.1f} ms",
            floor,
            f"{p50 / raw_p50:.2f}",
            f"report (card render p50 {render_p50:.1f} ms)" if kind == "new" else "report",
        )
    assert all(len(samples) == ROUNDS for samples in times.values())


async def _raw_sample(rig: NativeRig, watch: EnabledWatch, item: int, target: str) -> float:
    """The floor: the same two requests, raw, on a hidden item."""
    await rig.raw(
        "SetSceneItemEnabled", sceneName=OVERLAY_SCENE, sceneItemId=item, sceneItemEnabled=False
    )
    await asyncio.sleep(QUIET)
    watch.arm()
    started = time.perf_counter()
    await rig.raw("SetInputSettings", inputName=PRODUCT_INPUT, inputSettings={"file": target})
    await rig.raw(
        "SetSceneItemEnabled", sceneName=OVERLAY_SCENE, sceneItemId=item, sceneItemEnabled=True
    )
    took = await watch.wait() - started
    assert await _state(rig, item) == (target, True)
    return took
