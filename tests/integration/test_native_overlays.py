"""Overlay set-up and native overlays (image + text sources) against real OBS Studio.

Debian's OBS has no browser_source, so the browser branch is checked against a scripted fake.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from obswebsocket import requests as obs_requests

from app.adapters.obs.overlay_layout import (
    BROWSER_INPUT,
    CLOCK_INPUT,
    COUPON_INPUT,
    FEATURED_INPUT,
    LOTTERY_INPUT,
    NATIVE_INPUTS,
    OVERLAY_SCENE,
    PRODUCT_INPUT,
    THANKS_INPUT,
    layout,
)
from app.adapters.obs.overlay_stage import ObsOverlayStage
from app.adapters.web.server import create_app
from app.domain.audience import Comment, Kind
from app.domain.overlay_view import FeaturedComment
from app.services.errors import BadInput, NotFound
from app.services.events import CommentsAdded
from tests.support.native_rig import TOKEN, NativeRig, RawObs, native_rig
from tests.support.obs_fixtures import start_obs
from tests.support.obs_process import ObsProcess
from tests.support.waiting import eventually
from tests.support.xvfb import VirtualDisplay

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before pytest-qt makes its QApplication

SCENES = ["开场 Opening", "讲解 Teaching"]
LOOKALIKE = "Livedesk Product Card"  # not ours: the prefix is "LiveDesk "
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def overlay_obs(
    display: VirtualDisplay, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ObsProcess]:
    """An OBS of this module's own (the shared one must not get overlays nested into it)."""
    proc = start_obs(display, tmp_path_factory.mktemp("obs-overlays"))
    try:
        yield proc
    finally:
        proc.close()


@pytest.fixture
def clean_obs(overlay_obs: ObsProcess) -> ObsProcess:
    """Nothing of LiveDesk's (or of the tests') left over from the test before."""
    if not overlay_obs.running:
        overlay_obs.restart(wait=True)
    raw = RawObs(overlay_obs)
    try:
        names = [s["sceneName"] for s in raw.sync("GetSceneList")["scenes"]]
        gone = [name for name in (OVERLAY_SCENE, "Livedesk Overlays") if name in names]
        for scene in names:
            for item in raw.sync("GetSceneItemList", sceneName=scene)["sceneItems"]:
                if item["sourceName"] in gone:
                    raw.sync("RemoveSceneItem", sceneName=scene, sceneItemId=item["sceneItemId"])
        for scene in gone:
            raw.sync("RemoveScene", sceneName=scene)
        for item in raw.sync("GetInputList")["inputs"]:
            name = item["inputName"]
            if name.lower().startswith("livedesk") or name.endswith(" colour"):
                raw.ws.call(obs_requests.RemoveInput(inputName=name))  # may be going already
                gone.append(name)
        deadline = time.monotonic() + 5
        for name in (n for n in gone if n.startswith("LiveDesk ")):  # freed a moment later
            while raw.ws.call(obs_requests.GetSourceActive(sourceName=name)).status:
                assert time.monotonic() < deadline, f"{name} still exists"
                time.sleep(0.05)
    finally:
        raw.close()
    return overlay_obs


@pytest.fixture
async def rig(clean_obs: ObsProcess, qapp: Any, tmp_path: Path) -> AsyncIterator[NativeRig]:
    async with native_rig(clean_obs, tmp_path / "cards") as built:
        yield built


async def _items(rig: NativeRig, scene: str) -> dict[str, dict[str, Any]]:
    listed = (await rig.raw("GetSceneItemList", sceneName=scene))["sceneItems"]
    return {item["sourceName"]: item for item in listed}


async def _snapshot(raw: RawObs) -> dict[str, Any]:
    """Everything set-up could touch: scenes, their items, inputs and their settings."""
    scenes = await raw("GetSceneList")
    inputs = await raw("GetInputList")
    shot: dict[str, Any] = {"scenes": scenes, "inputs": inputs}
    for scene in scenes["scenes"]:
        shot[f"items {scene['sceneName']}"] = await raw(
            "GetSceneItemList", sceneName=scene["sceneName"]
        )
    for item in inputs["inputs"]:
        shot[f"settings {item['inputName']}"] = await raw(
            "GetInputSettings", inputName=item["inputName"]
        )
    return shot


async def _enabled(rig: NativeRig, name: str) -> bool:
    item = rig.stage.items[name]
    answer = await rig.raw("GetSceneItemEnabled", sceneName=OVERLAY_SCENE, sceneItemId=item)
    return bool(answer["sceneItemEnabled"])


# ----- set-up -------------------------------------------------------------------------------
async def test_setup_nests_the_overlay_scene_with_hidden_inputs(rig: NativeRig) -> None:
    report = await rig.stage.setup(SCENES)
    assert report["mode"] == "native"
    assert f"scene {OVERLAY_SCENE}" in report["created"]
    assert {f"input {name}" for name in NATIVE_INPUTS} <= set(report["created"])
    assert not report["repaired"]
    for scene in SCENES:
        listed = (await rig.raw("GetSceneItemList", sceneName=scene))["sceneItems"]
        top = max(listed, key=lambda item: item["sceneItemIndex"])
        assert top["sourceName"] == OVERLAY_SCENE  # nested, on top
    items = await _items(rig, OVERLAY_SCENE)
    assert set(items) == set(NATIVE_INPUTS)
    assert not any(item["sceneItemEnabled"] for item in items.values())
    assert items[CLOCK_INPUT]["sceneItemIndex"] > items[COUPON_INPUT]["sceneItemIndex"]
    kinds = {i["inputName"]: i["inputKind"] for i in (await rig.raw("GetInputList"))["inputs"]}
    assert kinds[PRODUCT_INPUT] == kinds[COUPON_INPUT] == kinds[FEATURED_INPUT] == "image_source"
    assert kinds[CLOCK_INPUT] == "text_ft2_source_v2"
    placed = items[PRODUCT_INPUT]["sceneItemTransform"]
    rect = rig.stage.rects["product"]
    assert (placed["positionX"], placed["positionY"]) == (rect.x, rect.y)
    assert (placed["boundsWidth"], placed["boundsHeight"]) == (rect.w, rect.h)
    assert rect.x < rig.obs.width / 2
    assert rect.y > rig.obs.height / 2


async def test_setup_twice_changes_nothing(rig: NativeRig) -> None:
    await rig.stage.setup(SCENES)
    await rig.settle()
    before = await _snapshot(rig.raw)
    report = await rig.stage.setup(SCENES)
    await rig.settle()
    assert report["created"] == []
    assert report["repaired"] == []
    assert f"{OVERLAY_SCENE} in {SCENES[0]}" in report["unchanged"]
    assert await _snapshot(rig.raw) == before


async def test_lookalike_source_is_left_alone(rig: NativeRig) -> None:
    await rig.raw(
        "CreateInput", sceneName=SCENES[0], inputName=LOOKALIKE, inputKind="color_source_v3",
        inputSettings={"color": 0xFF00FF00, "width": 50, "height": 50}, sceneItemEnabled=True,
    )  # fmt: skip
    await rig.raw("CreateScene", sceneName="Livedesk Overlays")
    before = await _snapshot(rig.raw)
    await rig.stage.setup(SCENES)
    await rig.stage.setup(SCENES)
    await rig.settle()
    after = await _snapshot(rig.raw)
    assert after[f"settings {LOOKALIKE}"] == before[f"settings {LOOKALIKE}"]
    assert after["items Livedesk Overlays"] == before["items Livedesk Overlays"]
    mine = [i for i in after[f"items {SCENES[0]}"]["sceneItems"] if i["sourceName"] == LOOKALIKE]
    theirs = [i for i in before[f"items {SCENES[0]}"]["sceneItems"] if i["sourceName"] == LOOKALIKE]
    assert mine == theirs
    assert PRODUCT_INPUT in await _items(rig, OVERLAY_SCENE)


async def test_deleted_product_card_and_nesting_are_repaired(rig: NativeRig) -> None:
    await rig.stage.setup(SCENES)
    await rig.raw("SetCurrentProgramScene", sceneName=SCENES[0])  # OBS prunes only when drawn
    await rig.raw("RemoveInput", inputName=PRODUCT_INPUT)
    nested = (await _items(rig, SCENES[1]))[OVERLAY_SCENE]["sceneItemId"]
    await rig.raw("RemoveSceneItem", sceneName=SCENES[1], sceneItemId=nested)

    async def removed() -> bool:  # OBS drops a removed source on a later frame
        inputs = (await rig.raw("GetInputList"))["inputs"]
        return PRODUCT_INPUT not in {i["inputName"] for i in inputs}

    await eventually(removed, "the product card's removal", 5.0, 0.05)
    report = await rig.stage.setup(SCENES)
    assert f"input {PRODUCT_INPUT}" in report["repaired"]
    assert f"{OVERLAY_SCENE} in {SCENES[1]}" in report["repaired"]
    assert report["created"] == []
    items = await _items(rig, OVERLAY_SCENE)
    assert not items[PRODUCT_INPUT]["sceneItemEnabled"]
    assert items[PRODUCT_INPUT]["sceneItemTransform"]["positionX"] == rig.stage.rects["product"].x
    assert OVERLAY_SCENE in await _items(rig, SCENES[1])


async def test_setup_refuses_unknown_scenes_and_modes(rig: NativeRig) -> None:
    with pytest.raises(NotFound):
        await rig.stage.setup([SCENES[0], "没有这个场景"])
    assert OVERLAY_SCENE not in rig.obs.scene_names()  # refused before changing anything
    with pytest.raises(BadInput):
        await rig.stage.setup(SCENES, "browser")  # Debian's OBS has no browser source
    with pytest.raises(BadInput):
        await rig.stage.setup([OVERLAY_SCENE])


async def test_setup_route(rig: NativeRig) -> None:
    async with TestClient(TestServer(create_app(rig.show, TOKEN))) as client:
        ok = await client.post("/api/overlay/setup", json={"scenes": SCENES}, headers=AUTH)
        assert ok.status == 200, await ok.text()
        body = await ok.json()
        assert body["mode"] == "native"
        assert body["created"]
        again = await (
            await client.post("/api/overlay/setup", json={"scenes": SCENES}, headers=AUTH)
        ).json()
        assert again["created"] == []
        assert again["repaired"] == []
        cases = [
            ({"scenes": ["没有这个场景"]}, 404),
            ({"scenes": "BRB"}, 400),
            ({}, 400),
            ({"scenes": [3]}, 400),
            ({"scenes": ["BRB"], "mode": "cinema"}, 400),
            ({"scenes": ["BRB"], "mode": "browser"}, 400),
        ]
        for body, status in cases:
            answer = await client.post("/api/overlay/setup", json=body, headers=AUTH)
            assert answer.status == status, (body, await answer.text())
            assert "error" in await answer.json()
        await rig.gateway.close()
        rig.show.obs.disconnected(None)
        gone = await client.post("/api/overlay/setup", json={"scenes": SCENES}, headers=AUTH)
        assert gone.status == 503


# ----- what shows on the program ------------------------------------------------------------
async def _screenshot(rig: NativeRig, scene: str) -> Any:
    from PySide6.QtGui import QImage

    shot = await rig.raw(
        "GetSourceScreenshot", sourceName=scene, imageFormat="png",
        imageWidth=rig.obs.width, imageHeight=rig.obs.height,
    )  # fmt: skip
    image = QImage.fromData(base64.b64decode(shot["imageData"].split(",", 1)[1]))
    assert not image.isNull()
    return image


def _difference(a: Any, b: Any, box: tuple[int, int, int, int]) -> float:
    """Mean absolute channel difference over a grid of pixels inside box (x, y, w, h)."""
    x0, y0, w, h = box
    total, count = 0, 0
    for y in range(y0, y0 + h, 3):
        for x in range(x0, x0 + w, 3):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            total += abs(pa.red() - pb.red()) + abs(pa.green() - pb.green())
            total += abs(pa.blue() - pb.blue())
            count += 3
    return total / max(1, count)


async def test_product_card_shows_on_program_and_hides_again(rig: NativeRig) -> None:
    scene = "商品 Product"
    rig.obs.add_color_source(scene, 0xFF6B3A1E)  # a solid dark-blue background
    await rig.raw("SetCurrentProgramScene", sceneName=scene)
    await rig.load_catalog()
    await rig.stage.setup([scene])
    await rig.settle()
    program = (await rig.raw("GetCurrentProgramScene"))["currentProgramSceneName"]
    assert program == scene
    before = await _screenshot(rig, program)
    rig.show.overlays.show_product("TEA-1")
    await rig.settle()
    assert await _enabled(rig, PRODUCT_INPUT)
    await asyncio.sleep(0.2)  # a frame or two for the new texture
    shown = await _screenshot(rig, program)
    r = rig.stage.rects["product"]
    card = (r.x + 4, r.y + 4, r.w - 8, r.h - 8)
    outside = (r.right + 20, 10, rig.obs.width - r.right - 30, r.y - 20)
    assert _difference(before, shown, card) > 20
    assert _difference(before, shown, outside) < 1
    settings = (await rig.raw("GetInputSettings", inputName=PRODUCT_INPUT))["inputSettings"]
    assert Path(settings["file"]).is_file()
    rig.show.overlays.hide_product()
    await rig.settle()
    assert not await _enabled(rig, PRODUCT_INPUT)
    await asyncio.sleep(0.2)
    hidden = await _screenshot(rig, program)
    assert _difference(before, hidden, card) < 1
    # another product: a new file; back to the first: its file again, no render
    rig.show.overlays.show_product("TEA-2")
    await rig.settle()
    second = (await rig.raw("GetInputSettings", inputName=PRODUCT_INPUT))["inputSettings"]
    assert second["file"] != settings["file"]
    rig.show.overlays.show_product("TEA-1")
    await rig.settle()
    third = (await rig.raw("GetInputSettings", inputName=PRODUCT_INPUT))["inputSettings"]
    assert third["file"] == settings["file"]
    rig.show.overlays.feature(FeaturedComment(user="小王", text="能放多久？", platform="douyin"))
    await rig.settle()
    assert await _enabled(rig, FEATURED_INPUT)


async def test_card_files_are_unique_and_old_ones_deleted(
    clean_obs: ObsProcess, qapp: Any, tmp_path: Path
) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "livedesk-card-product-7-stale.png").write_bytes(b"left by an earlier run")
    async with native_rig(clean_obs, cards, keep=1) as rig:
        assert not (cards / "livedesk-card-product-7-stale.png").exists()
        await rig.load_catalog()
        await rig.stage.setup(SCENES)
        files = []
        for sku in ("TEA-1", "TEA-2", "TEA-1"):
            rig.show.overlays.show_product(sku)
            await rig.settle()
            settings = await rig.raw("GetInputSettings", inputName=PRODUCT_INPUT)
            files.append(settings["inputSettings"]["file"])
        assert len(set(files)) == 3  # a new name for every render
        assert [Path(file).exists() for file in files] == [False, False, True]
        assert sorted(cards.iterdir()) == [Path(files[-1])]


async def test_a_later_run_adopts_the_setup_without_changing_it(
    clean_obs: ObsProcess, qapp: Any, tmp_path: Path
) -> None:
    async with native_rig(clean_obs, tmp_path / "first") as first:
        await first.stage.setup(SCENES)
        await first.settle()
        before = await _snapshot(first.raw)
    async with native_rig(clean_obs, tmp_path / "second") as second:  # the console restarted
        assert second.stage.mode == "native"
        assert second.stage.scenes is None
        assert await _snapshot(second.raw) == before
        await second.load_catalog()
        second.show.overlays.show_product("TEA-2")
        await second.settle()
        assert await _enabled(second, PRODUCT_INPUT)


async def test_coupon_clock_counts_down_and_hides_at_zero(rig: NativeRig) -> None:
    await rig.load_catalog()
    await rig.stage.setup(SCENES)
    await rig.settle()
    rig.show.overlays.start_coupon("TEA50", 4)  # whole seconds: the rules' countdown lengths
    started = time.monotonic()
    seen: list[tuple[str, float]] = []
    while time.monotonic() - started < 5.5:
        text = (await rig.raw("GetInputSettings", inputName=CLOCK_INPUT))["inputSettings"]["text"]
        if not seen or seen[-1][0] != text:
            seen.append((text, time.monotonic() - started))
        if rig.show.overlays.countdown is None and not await _enabled(rig, CLOCK_INPUT):
            break
        await asyncio.sleep(0.05)
    seen = seen[[text for text, _ in seen].index("00:04") :]  # before: the set-up's "00:00"
    texts = [text for text, _ in seen]
    assert texts[:4] == ["00:04", "00:03", "00:02", "00:01"], seen
    steps = [b - a for (_, a), (_, b) in itertools.pairwise(seen[1:4])]  # 00:04 may be shorter
    assert all(0.8 < step < 1.2 for step in steps), seen  # once a second
    await rig.settle()
    assert not await _enabled(rig, CLOCK_INPUT)
    assert not await _enabled(rig, COUPON_INPUT)


async def test_reconnect_reruns_setup_and_reapplies(
    fresh_obs: ObsProcess, qapp: Any, tmp_path: Path
) -> None:
    async with native_rig(fresh_obs, tmp_path / "cards", supervise=True) as rig:
        await rig.load_catalog()
        await rig.stage.setup(SCENES)
        rig.show.overlays.show_product("TEA-1")
        await rig.settle()
        before = (await rig.raw("GetInputSettings", inputName=PRODUCT_INPUT))["inputSettings"]
        rig.raw.close()
        fresh_obs.kill()  # a crash; and OBS comes back without LiveDesk's sources
        _forget_overlays(fresh_obs)
        fresh_obs.start()
        fresh_obs.wait_ready()
        rig.raw = RawObs(fresh_obs)

        async def back_on_screen() -> bool:
            with contextlib.suppress(AssertionError, KeyError):
                items = await _items(rig, OVERLAY_SCENE)
                settings = await rig.raw("GetInputSettings", inputName=PRODUCT_INPUT)
                nested = await _items(rig, SCENES[0])
                return bool(
                    items[PRODUCT_INPUT]["sceneItemEnabled"]
                    and Path(settings["inputSettings"].get("file", "")).is_file()
                    and OVERLAY_SCENE in nested
                    and OVERLAY_SCENE in await _items(rig, SCENES[1])
                )
            return False

        await eventually(back_on_screen, "product card back after reconnect", 20, 0.05)
        after = (await rig.raw("GetInputSettings", inputName=PRODUCT_INPUT))["inputSettings"]
        assert after["file"] == before["file"]  # the card rendered before, set again
        assert not await _enabled(rig, COUPON_INPUT)


def _forget_overlays(obs: ObsProcess) -> None:
    """Strip LiveDesk's sources from the saved scene collection (OBS is not running)."""
    path = obs.config_dir / "basic" / "scenes" / "LiveDesk.json"
    collection = json.loads(path.read_text(encoding="utf-8"))
    names = {source["name"] for source in collection["sources"]}
    assert set(SCENES) <= names, "OBS had not saved the test scenes"
    ours = "LiveDesk "
    collection["sources"] = [s for s in collection["sources"] if not s["name"].startswith(ours)]
    for source in collection["sources"]:
        if source["id"] == "scene":
            items = source["settings"]["items"]
            source["settings"]["items"] = [i for i in items if not i["name"].startswith(ours)]
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")


# ----- browser mode, against a scripted fake ------------------------------------------------
class ScriptedObs:
    """Just enough obs-websocket for the stage: scenes, inputs and items, with a request log."""

    connected = True

    def __init__(self, kinds: list[str]) -> None:
        self.kinds = kinds
        self.scenes: dict[str, list[dict[str, Any]]] = {"Scene": [], "BRB": []}
        self.inputs: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._ids = iter(range(1, 1000))

    async def call(self, request: str, **data: Any) -> dict[str, Any]:
        self.calls.append((request, data))
        return getattr(self, request)(**data) or {}

    def GetInputKindList(self) -> dict[str, Any]:
        return {"inputKinds": self.kinds}

    def GetSceneList(self) -> dict[str, Any]:
        return {"scenes": [{"sceneName": name} for name in self.scenes]}

    def GetVideoSettings(self) -> dict[str, Any]:
        return {"baseWidth": 1920, "baseHeight": 1080}

    def GetVersion(self) -> dict[str, Any]:
        return {"availableRequests": []}  # obs-websocket 5.1 lists them; nothing to probe here

    def GetInputList(self) -> dict[str, Any]:
        listed = [{"inputName": n, "inputKind": i["kind"]} for n, i in self.inputs.items()]
        return {"inputs": listed}

    def GetInputSettings(self, inputName: str) -> dict[str, Any]:
        return {"inputSettings": dict(self.inputs[inputName]["settings"])}

    def SetInputSettings(self, inputName: str, inputSettings: dict[str, Any]) -> None:
        self.inputs[inputName]["settings"].update(inputSettings)

    def CreateScene(self, sceneName: str) -> None:
        self.scenes[sceneName] = []

    def CreateInput(self, sceneName: str, inputName: str, inputKind: str, **data: Any) -> Any:
        self.inputs[inputName] = {"kind": inputKind, "settings": dict(data["inputSettings"])}
        return self.CreateSceneItem(sceneName, inputName, data["sceneItemEnabled"])

    def CreateSceneItem(self, sceneName: str, sourceName: str, sceneItemEnabled: bool) -> Any:
        items = self.scenes[sceneName]
        item = {"sourceName": sourceName, "sceneItemId": next(self._ids),
                "sceneItemEnabled": sceneItemEnabled, "sceneItemIndex": len(items)}  # fmt: skip
        items.append(item)
        return {"sceneItemId": item["sceneItemId"]}

    def GetSceneItemList(self, sceneName: str) -> dict[str, Any]:
        return {"sceneItems": [dict(item) for item in self.scenes[sceneName]]}

    def SetSceneItemTransform(self, **_data: Any) -> None:
        return None

    def SetSceneItemEnabled(self, sceneName: str, sceneItemId: int, sceneItemEnabled: bool) -> None:
        for item in self.scenes[sceneName]:
            if item["sceneItemId"] == sceneItemId:
                item["sceneItemEnabled"] = sceneItemEnabled

    def SetSceneItemIndex(self, **_data: Any) -> None:
        return None


CHANGES = {"CreateScene", "CreateInput", "CreateSceneItem", "SetInputSettings", "RemoveInput",
           "SetSceneItemEnabled", "SetSceneItemTransform", "SetSceneItemIndex"}  # fmt: skip


async def test_browser_mode_request_sequence() -> None:
    fake = ScriptedObs(["browser_source", "image_source", "text_ft2_source_v2"])
    stage = ObsOverlayStage(fake, api_port=4466, token="tok")  # type: ignore[arg-type]
    report = await stage.setup(["BRB"])
    assert report["mode"] == "browser"
    changes = [(name, data) for name, data in fake.calls if name in CHANGES]
    assert [name for name, _ in changes] == [
        "CreateScene", "CreateInput", "SetSceneItemTransform", "CreateSceneItem",
    ]  # fmt: skip
    created = changes[1][1]
    assert created["inputName"] == BROWSER_INPUT
    assert created["inputKind"] == "browser_source"
    settings = created["inputSettings"]
    assert settings["url"] == "http://127.0.0.1:4466/overlay/all?token=tok"
    assert (settings["width"], settings["height"]) == (1920, 1080)
    assert "background-color: rgba(0, 0, 0, 0)" in settings["css"]
    assert created["sceneItemEnabled"] is True
    assert changes[3][1] == {"sceneName": "BRB", "sourceName": OVERLAY_SCENE,
                             "sceneItemEnabled": True}  # fmt: skip
    # twice: nothing changes
    fake.calls.clear()
    again = await stage.setup(["BRB"])
    assert again["created"] == []
    assert again["repaired"] == []
    assert not [name for name, _ in fake.calls if name in CHANGES]
    # a new token: the page's address is repaired, nothing else
    stage.token = "new"
    fake.calls.clear()
    fixed = await stage.setup(["BRB"])
    assert fixed["repaired"] == [f"settings of {BROWSER_INPUT}"]
    assert [name for name, _ in fake.calls if name in CHANGES] == ["SetInputSettings"]
    assert fake.inputs[BROWSER_INPUT]["settings"]["url"].endswith("token=new")
    # native on request: the card sources appear (hidden), the browser source is hidden
    native = await stage.setup(["BRB"], "native")
    assert native["mode"] == "native"
    assert f"hid {BROWSER_INPUT}" in native["repaired"]
    assert {f"input {name}" for name in NATIVE_INPUTS} <= set(native["created"])
    # and back: the browser source is shown again, the card sources stay (hidden)
    for item in fake.scenes[OVERLAY_SCENE]:
        if item["sourceName"] == PRODUCT_INPUT:
            item["sceneItemEnabled"] = True  # a card was on screen
    back = await stage.setup(["BRB"])
    assert back["mode"] == "browser"
    assert set(back["repaired"]) == {f"shown {BROWSER_INPUT}", f"hid {PRODUCT_INPUT}"}
    assert back["created"] == []


# a vertical canvas has its own layout (tests/unit/test_vertical_layout.py, and below)
@pytest.mark.parametrize(("width", "height"), [(640, 360), (1920, 1080)])
def test_layout_keeps_cards_on_the_canvas_and_apart(width: int, height: int) -> None:
    rects = layout(width, height)
    for rect in rects.values():
        assert rect.x >= 0
        assert rect.right <= width
        assert rect.y >= 0
        assert rect.y + rect.h <= height
    product, coupon, clock, featured = (
        rects[k] for k in ("product", "coupon", "clock", "featured")
    )
    assert product.x < width / 4
    assert product.y + product.h > height * 0.9
    assert coupon.right > width * 0.9
    assert coupon.y < height / 10
    assert coupon.x < clock.x
    assert clock.right < coupon.right
    assert clock.y > coupon.y
    apart = featured.x >= product.right or featured.y + featured.h <= product.y
    assert apart
    assert featured.y + featured.h > height * 0.6


async def test_the_settings_can_force_native_mode_where_a_browser_source_exists() -> None:
    fake = ScriptedObs(["browser_source", "image_source", "text_ft2_source_v2"])
    stage = ObsOverlayStage(fake, api_port=4466, token="tok")  # type: ignore[arg-type]
    stage.default_mode = "native"  # settings: overlay_mode = "native"
    report = await stage.setup(["BRB"])
    assert report["mode"] == "native"
    assert BROWSER_INPUT not in fake.inputs
    assert await stage.setup(["BRB"], "browser")
    assert fake.inputs[BROWSER_INPUT]


async def test_thanks_card_appears_in_obs_when_turned_on(rig: NativeRig) -> None:
    from PySide6.QtGui import QImage

    report = await rig.stage.setup(SCENES)
    assert f"input {THANKS_INPUT}" in report["created"]
    await rig.settle()
    assert not await _enabled(rig, THANKS_INPUT)  # off by default
    overlays = rig.show.overlays
    gift = Comment(id=1, platform="bilibili", user='<b>小红</b>', text="", ts=0.0,
                   kind=Kind.GIFT, gift="小心心", count=30)  # fmt: skip
    rig.show.bus.publish(CommentsAdded("test", [gift]))
    await rig.settle()
    assert not await _enabled(rig, THANKS_INPUT)  # a gift while off shows nothing
    overlays.show_thanks()
    rig.show.bus.publish(CommentsAdded("test", [gift]))
    await rig.settle()
    await eventually(lambda: _enabled(rig, THANKS_INPUT), "the thanks card shown", 5.0, 0.05)
    settings = (await rig.raw("GetInputSettings", inputName=THANKS_INPUT))["inputSettings"]
    card = Path(settings["file"])
    assert card.is_file()
    image = QImage(str(card))
    rect = rig.stage.rects["thanks"]
    assert (image.width(), image.height()) == (rect.w, rect.h)
    items = await _items(rig, OVERLAY_SCENE)
    placed = items[THANKS_INPUT]["sceneItemTransform"]
    assert (placed["positionX"], placed["positionY"]) == (rect.x, rect.y)
    overlays.hide_thanks()
    await rig.settle()
    assert not await _enabled(rig, THANKS_INPUT)


async def test_lottery_card_appears_in_obs_while_open_and_after_the_draw(rig: NativeRig) -> None:
    from PySide6.QtGui import QImage

    report = await rig.stage.setup(SCENES)
    assert f"input {LOTTERY_INPUT}" in report["created"]
    await rig.settle()
    assert not await _enabled(rig, LOTTERY_INPUT)  # no lottery yet
    interaction, overlays = rig.show.interaction, rig.show.overlays
    lottery = interaction.open_lottery("666", 1, 60)
    await eventually(lambda: _enabled(rig, LOTTERY_INPUT), "the lottery card shown", 5.0, 0.05)
    first = (await rig.raw("GetInputSettings", inputName=LOTTERY_INPUT))["inputSettings"]["file"]
    entrant = Comment(id=1, platform="douyin", user="<b>小红</b>", text="666", ts=0.0,
                      user_id="d1")  # fmt: skip
    rig.show.bus.publish(CommentsAdded("test", [entrant]))
    interaction.draw(lottery.id)
    await rig.settle()

    async def drawn_card() -> bool:
        settings = (await rig.raw("GetInputSettings", inputName=LOTTERY_INPUT))["inputSettings"]
        return bool(settings["file"] != first and Path(settings["file"]).is_file())

    await eventually(drawn_card, "the winners' card in OBS", 5.0, 0.05)
    assert await _enabled(rig, LOTTERY_INPUT)
    settings = (await rig.raw("GetInputSettings", inputName=LOTTERY_INPUT))["inputSettings"]
    image = QImage(settings["file"])
    rect = rig.stage.rects["lottery"]
    assert (image.width(), image.height()) == (rect.w, rect.h)
    items = await _items(rig, OVERLAY_SCENE)
    placed = items[LOTTERY_INPUT]["sceneItemTransform"]
    assert (placed["positionX"], placed["positionY"]) == (rect.x, rect.y)
    overlays.hide_interaction("lottery")
    await rig.settle()
    assert not await _enabled(rig, LOTTERY_INPUT)
