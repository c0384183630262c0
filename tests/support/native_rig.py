"""A Show over the real ObsWebsocketGateway with the native overlays wired as main.py wires them,
for tests/integration/test_native_overlays.py and tests/bench/test_native_overlay_bench.py.

Needs a QGuiApplication (pytest-qt's ``qapp``) for the card renderer.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from obswebsocket import obsws
from obswebsocket import requests as obs_requests

from app.adapters.obs.gateway import ObsWebsocketGateway
from app.adapters.obs.native_overlays import CardRenderer, NativeOverlays
from app.adapters.obs.overlay_stage import ObsOverlayStage
from app.adapters.render.cards import QtCardRenderer
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.runsheet import RunSheet
from app.services.event_bus import EventBus
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.session import ShowRecorder
from app.services.show import Show
from app.services.show_runner import ShowRunner
from app.services.supervisor import ObsSupervisor
from tests.support.memory_log import MemoryCatalog, MemoryLog
from tests.support.obs_process import ObsProcess
from tests.support.waiting import eventually

TOKEN = "overlay-test-token"
CATALOG = Catalog(
    products=(
        Product(
            sku="TEA-1", name="云南高山普洱茶 357g", price=Decimal("199"),
            original_price=Decimal("299"), selling_points=("古树原料", "回甘持久", "买二送一"),
            link="https://shop.example.com/p/TEA-1", stock=12,
        ),
        Product(sku="TEA-2", name="安溪铁观音 礼盒", price=Decimal("89.9"), stock=0),
    ),
    coupons=(Coupon(code="TEA50", title="直播间专享券", discount="满199减50", quantity=100),),
)  # fmt: skip


class RawObs:
    """obs-websocket-py on its own connection, called off the loop (the loop keeps running)."""

    def __init__(self, obs: ObsProcess) -> None:
        self.ws: obsws = obs.client()

    def sync(self, request: str, **data: Any) -> dict[str, Any]:
        response = self.ws.call(getattr(obs_requests, request)(**data))
        if not response.status:
            raise AssertionError(f"{request} {data} failed")
        return dict(response.datain)

    async def __call__(self, request: str, **data: Any) -> dict[str, Any]:
        return await asyncio.to_thread(self.sync, request, **data)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.disconnect()


@dataclass
class NativeRig:
    obs: ObsProcess
    gateway: ObsWebsocketGateway
    show: Show
    stage: ObsOverlayStage
    native: NativeOverlays
    log: MemoryLog
    raw: RawObs

    async def settle(self, timeout: float = 10.0) -> None:
        """Until the native overlays have applied everything asked of them so far."""
        await asyncio.sleep(0)
        await asyncio.wait_for(self.native.idle.wait(), timeout)

    async def load_catalog(self, catalog: Catalog = CATALOG) -> None:
        await self.show.runner.load(RunSheet(catalog=catalog))


@contextlib.asynccontextmanager
async def native_rig(
    obs: ObsProcess,
    card_dir: Path,
    *,
    supervise: bool = False,
    api_port: int = 4466,
    keep: int = 8,
    renderer: CardRenderer | None = None,
) -> AsyncIterator[NativeRig]:
    gateway = ObsWebsocketGateway(obs.url, obs.password)
    bus, log = EventBus(), MemoryLog()
    recorder = ShowRecorder(log, bus)
    control = ObsControl(gateway, recorder, bus)
    overlays = OverlayControl(recorder, bus, lambda: runner.catalog())
    runner = ShowRunner(control, overlays, recorder, bus, MemoryCatalog())
    stage = ObsOverlayStage(gateway, api_port=api_port, token=TOKEN)
    show = Show(bus, recorder, control, overlays, runner, stage=stage)
    native = NativeOverlays(stage, overlays, bus, renderer or QtCardRenderer(), card_dir, keep=keep)
    native.start()
    supervising: asyncio.Task[None] | None = None
    if supervise:
        supervising = asyncio.create_task(ObsSupervisor(gateway, control).run())
        await eventually(lambda: control.state.connected, "OBS connected", timeout=60)
    else:
        await control.resync(await gateway.connect())
    raw = RawObs(obs)
    rig = NativeRig(obs, gateway, show, stage, native, log, raw)
    try:
        await rig.settle()
        yield rig
    finally:
        raw.close()
        await native.stop()
        if supervising is not None:
            supervising.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await supervising
        await gateway.close()
        gateway.shutdown()
