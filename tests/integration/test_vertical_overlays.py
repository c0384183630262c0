"""Native overlays on a vertical (1080x1920) canvas in real OBS Studio: every card inside the
canvas and the platforms' safe area, none overlapping, and placed anew when the canvas changes."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from app.adapters.obs.overlay_layout import (
    CLOCK_INPUT,
    COUPON_INPUT,
    NATIVE_INPUTS,
    OVERLAY_SCENE,
    PRODUCT_INPUT,
)
from app.adapters.obs.vertical_canvas import current_rect
from app.domain.overlay_view import FeaturedComment
from app.domain.safe_area import PLATFORM_SAFE_AREAS, SAFE_AREA, Box, inside, overlap
from tests.support.native_rig import NativeRig, native_rig
from tests.support.obs_config import DEFAULT_TEST_SCENES
from tests.support.obs_process import ObsProcess
from tests.support.xvfb import VirtualDisplay

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WIDTH, HEIGHT = 1080, 1920
SCENE = "商品 Product"


@pytest.fixture(scope="module")
def vertical_obs(
    display: VirtualDisplay, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ObsProcess]:
    """An OBS whose base (and output) canvas is 1080x1920, as a vertical show sets it up."""
    proc = ObsProcess(display, tmp_path_factory.mktemp("obs-vertical"), width=WIDTH, height=HEIGHT)
    try:
        proc.start()
        proc.wait_ready(timeout=40)
        proc.ensure_scenes(DEFAULT_TEST_SCENES)
        yield proc
    finally:
        proc.close()


@pytest.fixture
async def rig(vertical_obs: ObsProcess, qapp: Any, tmp_path: Path) -> AsyncIterator[NativeRig]:
    async with native_rig(vertical_obs, tmp_path / "cards") as built:
        yield built


async def _placed(rig: NativeRig) -> dict[str, Box]:
    """What each LiveDesk source in the overlay scene covers on the canvas, read from OBS."""
    listed = (await rig.raw("GetSceneItemList", sceneName=OVERLAY_SCENE))["sceneItems"]
    placed: dict[str, Box] = {}
    for item in listed:
        if item["sourceName"].startswith("LiveDesk "):
            transform = item["sceneItemTransform"]
            assert transform["alignment"] == 5  # top-left: position is the corner
            rect = current_rect(transform)
            assert rect is not None
            placed[item["sourceName"]] = rect
    return placed


def _check_vertical(placed: dict[str, Box], width: int, height: int) -> None:
    safe = SAFE_AREA.box(width, height)
    for name, rect in placed.items():
        assert inside(rect, (0, 0, width, height)), (name, rect)
        assert inside(rect, safe), (name, rect, safe)
        for platform, area in PLATFORM_SAFE_AREAS.items():
            assert inside(rect, area.box(width, height)), (name, platform)
    cards = [name for name in placed if name != CLOCK_INPUT]
    for a, b in combinations(cards, 2):
        assert not overlap(placed[a], placed[b]), (a, placed[a], b, placed[b])
    assert inside(placed[CLOCK_INPUT], placed[COUPON_INPUT])  # the clock sits on its card


async def test_native_cards_at_1080x1920_stay_in_the_safe_area(rig: NativeRig) -> None:
    video = await rig.raw("GetVideoSettings")
    assert (video["baseWidth"], video["baseHeight"]) == (WIDTH, HEIGHT)
    await rig.load_catalog()
    report = await rig.stage.setup([SCENE], "native")
    assert report["mode"] == "native"
    assert report["canvas"] == {"width": WIDTH, "height": HEIGHT}
    assert report["orientation"] == "portrait"
    # OBS 29 / obs-websocket 5.1: no canvas list and no Aitum Vertical: the main canvas it is
    assert report["vertical_canvas"] == {"found": None, "name": None, "drives": "main"}
    placed = await _placed(rig)
    assert set(NATIVE_INPUTS) <= set(placed)
    _check_vertical(placed, WIDTH, HEIGHT)
    for kind, rect in rig.stage.rects.items():  # what the stage asked for is what OBS has
        name = {"product": PRODUCT_INPUT, "coupon": COUPON_INPUT, "clock": CLOCK_INPUT}.get(kind)
        if name is not None:
            assert placed[name] == (rect.x, rect.y, rect.w, rect.h)
    # every card on screen at once: rendered at the size of its place, all shown
    rig.show.overlays.show_product("TEA-1")
    rig.show.overlays.start_coupon("TEA50", 60)
    rig.show.overlays.feature(FeaturedComment(user="小王", text="能放多久？", platform="douyin"))
    rig.show.overlays.show_thanks()
    await rig.settle()
    listed = (await rig.raw("GetSceneItemList", sceneName=OVERLAY_SCENE))["sceneItems"]
    shown = {i["sourceName"] for i in listed if i["sceneItemEnabled"]}
    assert {PRODUCT_INPUT, COUPON_INPUT, CLOCK_INPUT} <= shown
    from PySide6.QtGui import QImage

    settings = (await rig.raw("GetInputSettings", inputName=PRODUCT_INPUT))["inputSettings"]
    image = QImage(settings["file"])
    assert (image.width(), image.height()) == placed[PRODUCT_INPUT][2:]
    rig.show.overlays.stop_coupon()
    await rig.settle()


async def test_cards_are_placed_anew_when_the_canvas_changes(rig: NativeRig) -> None:
    await rig.stage.setup([SCENE], "native")
    try:
        await rig.raw("SetVideoSettings", baseWidth=1920, baseHeight=1080,
                      outputWidth=1920, outputHeight=1080)  # fmt: skip
        landscape = await rig.stage.setup([SCENE], "native")  # obs-websocket has no event for it
        assert landscape["orientation"] == "landscape"
        assert any(line.startswith("placed ") for line in landscape["repaired"])
        placed = await _placed(rig)
        for name, rect in placed.items():
            assert inside(rect, (0, 0, 1920, 1080)), name
        assert placed[COUPON_INPUT][0] > 1920 / 2  # the landscape layout: coupon upper right
        await asyncio.sleep(0.1)
    finally:
        await rig.raw("SetVideoSettings", baseWidth=WIDTH, baseHeight=HEIGHT,
                      outputWidth=WIDTH, outputHeight=HEIGHT)  # fmt: skip
    vertical = await rig.stage.setup([SCENE], "native")
    assert vertical["orientation"] == "portrait"
    _check_vertical(await _placed(rig), WIDTH, HEIGHT)
    again = await rig.stage.setup([SCENE], "native")  # nothing moved since: nothing changes
    assert again["repaired"] == []
