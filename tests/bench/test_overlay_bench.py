"""API call → overlay DOM updated in headless Chromium, against a floor measured in the same run.

LiveDesk: POST/DELETE /api/overlay/product on the console subprocess (real OBS attached), the
product page in Chromium following /ws/overlay. Floor: a bare aiohttp server in this process that
pushes the very same frames LiveDesk sent to a minimal page doing the same thing (parse, set the
text, toggle the class): browser + WebSocket + DOM without LiveDesk. Both are timed on the page's
clock (a MutationObserver stamps the class change), mapped to this process's clock. Target: p95 of
LiveDesk ≤ 50 ms.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest
import requests
from aiohttp import web

from tests.bench.conftest import BenchTable
from tests.support.browser import ShownTimer, headless_chromium, percentile
from tests.support.console_process import TOKEN, ConsoleProcess
from tests.support.obs_process import ObsProcess
from tests.support.ports import free_tcp_port

if TYPE_CHECKING:
    from playwright.sync_api import Page

SAMPLES = 60  # measured, alternating show / hide
WARMUP = 6
SKU = "BENCH-1"
SHEET = {
    "segments": [{"title": "商品", "duration": "5m", "product": SKU}],
    "products": [{"sku": SKU, "name": "基准测试商品 Bench product", "price": "99",
                  "original_price": "199", "selling_points": ["一", "二", "三"],
                  "link": "https://shop.example.com/bench", "stock": 5}],
}  # fmt: skip

FLOOR_PAGE = """<!doctype html><meta charset="utf-8"><title>floor</title>
<section id="product"><h1 class="product-name"></h1></section>
<script src="/floor.js"></script>"""
FLOOR_JS = """
const product = document.getElementById('product');
const name = product.querySelector('.product-name');
const socket = new WebSocket(`ws://${location.host}/ws`);
socket.addEventListener('open', () => document.body.setAttribute('data-link', 'open'));
socket.addEventListener('message', (event) => {
  const view = JSON.parse(event.data).view;
  if (view.product) {
    name.textContent = view.product.name;
    product.classList.add('is-shown');
  } else {
    product.classList.remove('is-shown');
  }
});
"""


class FloorServer:
    """The bare server: a page, a WebSocket, and POST /show, /hide that push a given frame."""

    def __init__(self, frames: dict[str, str]) -> None:
        self.frames = frames
        self.port = free_tcp_port()
        self.loop = asyncio.new_event_loop()
        self.sockets: set[web.WebSocketResponse] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="floor-server", daemon=True)
        self._runner: web.AppRunner | None = None

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application()
        app.router.add_get("/floor", self._page)
        app.router.add_get("/floor.js", self._script)
        app.router.add_get("/ws", self._ws)
        app.router.add_post("/show", self._push("show"))
        app.router.add_post("/hide", self._push("hide"))
        self._runner = web.AppRunner(app, access_log=None)
        self.loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        self.loop.run_until_complete(site.start())
        self._ready.set()
        self.loop.run_forever()

    async def _page(self, request: web.Request) -> web.Response:
        return web.Response(text=FLOOR_PAGE, content_type="text/html")

    async def _script(self, request: web.Request) -> web.Response:
        return web.Response(text=FLOOR_JS, content_type="text/javascript")

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.add(ws)
        try:
            async for _ in ws:
                pass
        finally:
            self.sockets.discard(ws)
        return ws

    def _push(self, which: str) -> Callable[[web.Request], Any]:
        async def handler(request: web.Request) -> web.Response:
            await request.read()
            for ws in list(self.sockets):
                await ws.send_str(self.frames[which])
            return web.json_response({"ok": True})

        return handler

    def __enter__(self) -> FloorServer:
        self._thread.start()
        assert self._ready.wait(10), "the floor server did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            for ws in list(self.sockets):
                await ws.close()
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self.loop.close()  # its self-pipe sockets too: warnings are errors in this suite


@pytest.fixture
def console(obs: ObsProcess, tmp_path: Path) -> Iterator[ConsoleProcess]:
    process = ConsoleProcess(tmp_path / "data", obs.url, obs.password).start()
    try:
        yield process
    finally:
        process.stop()


def capture_frames(console: ConsoleProcess) -> dict[str, str]:
    """The frames LiveDesk sends for "shown" and "hidden", byte for byte."""

    async def capture() -> dict[str, str]:
        url = console.base.replace("http://", "ws://") + f"/ws/overlay?token={TOKEN}"
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            await ws.receive_str(timeout=5)
            await asyncio.to_thread(console.post, "/api/overlay/product", {"sku": SKU})
            show = await ws.receive_str(timeout=5)
            await asyncio.to_thread(
                requests.delete,
                console.base + "/api/overlay/product",
                headers=console.headers(),
                timeout=5,
            )
            hide = await ws.receive_str(timeout=5)
            return {"show": show, "hide": hide}

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API may hold a loop in this thread
        frames = pool.submit(asyncio.run, capture()).result(timeout=30)
    assert json.loads(frames["show"])["view"]["product"]["sku"] == SKU
    assert json.loads(frames["hide"])["view"]["product"] is None
    return frames


def measure(page: Page, call: Callable[[bool], None], samples: int) -> list[float]:
    """Milliseconds from just before call(show) to the page's class change, alternating."""
    timer = ShownTimer(page, "#product")
    latencies: list[float] = []
    for index in range(samples + WARMUP):
        show = index % 2 == 0
        latency = timer.time(partial(call, show), shown=show)
        if index >= WARMUP:
            latencies.append(latency)
        time.sleep(0.03)
    drift = timer.drift()
    assert abs(drift) < 5, f"the page's clock drifted {drift:.1f} ms against ours"
    return latencies


Route = tuple[str, str]  # method, path


def keep_alive_caller(
    port: int, show: Route, hide: Route, headers: dict[str, str]
) -> tuple[Callable[[bool], None], Callable[[], None]]:
    """One keep-alive HTTP connection, as Companion or a Stream Deck plugin holds one."""
    conn = http.client.HTTPConnection("127.0.0.1", port)

    def call(shown: bool) -> None:
        method, path = show if shown else hide
        body = json.dumps({"sku": SKU}).encode() if method == "POST" else None
        conn.request(method, path, body, {**headers, "Content-Type": "application/json"})
        answer = conn.getresponse()
        answer.read()
        assert answer.status == 200

    return call, conn.close


def summary(samples: list[float]) -> str:
    return f"p50 {percentile(samples, 50):.1f} ms / p95 {percentile(samples, 95):.1f} ms"


def test_overlay_api_to_dom_latency(
    console: ConsoleProcess, tmp_path: Path, bench_table: BenchTable
) -> None:
    assert console.post("/api/runsheet", SHEET).status_code == 200
    frames = capture_frames(console)

    with headless_chromium(tmp_path / "chromium") as browser, FloorServer(frames) as floor:
        # The floor first, alone in the browser.
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{floor.port}/floor")
        page.wait_for_selector("body[data-link=open]", state="attached", timeout=5000)
        call, close = keep_alive_caller(floor.port, ("POST", "/show"), ("POST", "/hide"), {})
        try:
            floor_ms = measure(page, call, SAMPLES)
        finally:
            close()
            page.close()

        # LiveDesk: the real product page, the real API.
        page = browser.new_page()
        page.goto(f"{console.base}/overlay/product?token={TOKEN}")
        page.wait_for_selector("body[data-link=open]", state="attached", timeout=5000)
        route = "/api/overlay/product"
        call, close = keep_alive_caller(
            console.port, ("POST", route), ("DELETE", route), console.headers()
        )
        try:
            livedesk_ms = measure(page, call, SAMPLES)
            name = page.eval_on_selector(".product-name", "n => n.textContent")
            assert name == SHEET["products"][0]["name"]  # type: ignore[index]
        finally:
            close()
            page.close()

    p95, floor_p95 = percentile(livedesk_ms, 95), percentile(floor_ms, 95)
    bench_table.add(
        f"overlay: API → DOM in Chromium, {SAMPLES} samples show/hide",
        summary(livedesk_ms),
        f"bare aiohttp WS + minimal page: {summary(floor_ms)}",
        f"p50 {percentile(livedesk_ms, 50) / percentile(floor_ms, 50):.2f}× / "
        f"p95 {p95 / floor_p95:.2f}×",
        "p95 ≤ 50 ms",
    )
    assert len(livedesk_ms) == len(floor_ms) == SAMPLES
    assert all(value > 0 for value in livedesk_ms + floor_ms)
