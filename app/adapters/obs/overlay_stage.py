"""The overlay sources in OBS: the scene `LiveDesk Overlays`, its sources, and its
nesting into the show scenes. Set up and repaired in one idempotent call.

Only things whose names start with `LiveDesk ` are ever created, changed or removed.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.adapters.obs.overlay_layout import (
    BROWSER_INPUT,
    CLOCK_INPUT,
    COUPON_INPUT,
    NATIVE_INPUTS,
    OVERLAY_SCENE,
    TEXT_KINDS,
    Rect,
    Wanted,
    choose_mode,
    layout,
    wanted_inputs,
)
from app.adapters.obs.vertical_canvas import card_area, current_rect, find_vertical_canvas
from app.domain.safe_area import inside
from app.services.errors import BadInput, NotFound
from app.services.ports import ObsGateway

log = logging.getLogger(__name__)


@dataclass
class _Report:
    created: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


class ObsOverlayStage:
    """OverlayStage over obs-websocket. `lock` serializes set-up with the native overlay updates;
    after each set-up the listeners learn of it (NativeOverlays re-applies what is on screen)."""

    def __init__(
        self,
        gateway: ObsGateway,
        *,
        api_port: int = 4466,
        token: str = "",
        default_mode: str | None = None,
    ) -> None:
        self.gateway, self.api_port, self.token = gateway, api_port, token
        self.default_mode = default_mode  # "browser" | "native" forces one (settings)
        self.lock = asyncio.Lock()
        self.mode: str | None = None
        self.canvas: tuple[int, int] | None = None
        self.rects: dict[str, Rect] = {}
        self.items: dict[str, int] = {}  # input name -> its scene item id in OVERLAY_SCENE
        self.text_kind = "text_ft2_source_v2"
        self.scenes: list[str] | None = None  # what the last set-up asked for
        self.requested_mode: str | None = None
        self._listeners: list[Callable[[], None]] = []

    def add_listener(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def rename_scene(self, old: str, new: str) -> None:
        """A scene was renamed in OBS: the set-up's scenes follow, so that the repair after a
        reconnect still nests the overlays into it."""
        if self.scenes is not None:
            self.scenes = [new if scene == old else scene for scene in self.scenes]

    async def setup(self, scenes: list[str], mode: str | None = None) -> dict[str, object]:
        scenes = list(dict.fromkeys(scenes))
        mode = mode or self.default_mode  # the settings' manual override, else chosen from OBS
        if mode not in (None, "browser", "native"):
            raise BadInput("“mode” must be “browser” or “native”")
        if OVERLAY_SCENE in scenes:
            raise BadInput(f"“{OVERLAY_SCENE}” cannot be nested into itself")
        async with self.lock:
            report = await self._setup(scenes, mode, skip_missing=False)
        self.scenes, self.requested_mode = scenes, mode
        self._notify()
        return report

    async def repair(self) -> dict[str, object] | None:
        """Re-run the last set-up (after OBS came back); scenes gone meanwhile are skipped."""
        if self.scenes is None:
            return None
        async with self.lock:
            report = await self._setup(self.scenes, self.requested_mode, skip_missing=True)
        self._notify()
        return report

    async def attach(self) -> bool:
        """Adopt what an earlier run set up, changing nothing. True when there is a set-up."""
        async with self.lock:
            names = {s["sceneName"] for s in (await self._call("GetSceneList"))["scenes"]}
            if OVERLAY_SCENE not in names:
                return False
            items = await self._items(OVERLAY_SCENE)
            kinds = {i["inputName"]: i["inputKind"] for i in await self._inputs()}
            await self._read_canvas()
            browser = items.get(BROWSER_INPUT, {}).get("sceneItemEnabled", False)
            native = any(name in items for name in NATIVE_INPUTS)
            self.mode = "browser" if browser else "native" if native else None
            self.items = {name: int(item["sceneItemId"]) for name, item in items.items()}
            self.text_kind = kinds.get(CLOCK_INPUT, self.text_kind)
        self._notify()
        return True

    # ----- the set-up ------------------------------------------------------------------------
    async def _setup(self, scenes: list[str], mode: str | None, *, skip_missing: bool) -> dict:
        kinds = set((await self._call("GetInputKindList")).get("inputKinds", []))
        chosen, text_kind = choose_mode(kinds, mode)
        existing = {s["sceneName"] for s in (await self._call("GetSceneList"))["scenes"]}
        missing = [s for s in scenes if s not in existing]
        if missing and not skip_missing:
            raise NotFound(f"OBS has no scene named “{missing[0]}”")
        scenes = [s for s in scenes if s in existing]
        # obs-websocket 5.x has no event for a changed canvas: it is read again at every set-up,
        # and the repair that follows each reconnect, and the cards are placed anew for it.
        placed_for = self.canvas
        width, height = await self._read_canvas()
        vertical = await find_vertical_canvas(self._call)
        report = _Report()
        inputs = {i["inputName"]: i["inputKind"] for i in await self._inputs()}
        fresh = OVERLAY_SCENE not in existing
        if fresh:
            if OVERLAY_SCENE in inputs:  # ours by name, but not a scene
                await self._discard(OVERLAY_SCENE)
            await self._call("CreateScene", sceneName=OVERLAY_SCENE)
            report.created.append(f"scene {OVERLAY_SCENE}")
        else:
            report.unchanged.append(f"scene {OVERLAY_SCENE}")
        items = {} if fresh else await self._items(OVERLAY_SCENE)
        if chosen == "native" and inputs.get(CLOCK_INPUT) in TEXT_KINDS & kinds:
            text_kind = inputs[CLOCK_INPUT]  # an older text kind still works
        self.text_kind = text_kind or self.text_kind
        url = f"http://127.0.0.1:{self.api_port}/overlay/all?token={self.token}"
        wanted = wanted_inputs(chosen, self.text_kind, self.rects, url, (width, height))
        partial = not fresh and any(w.name in inputs for w in wanted)
        ids: dict[str, int] = {}
        for want in wanted:
            ids[want.name] = await self._ensure(want, inputs, items, partial, report)
        moved = placed_for is not None and placed_for != (width, height)
        await self._relayout(wanted, items, (width, height), moved, report)
        others = NATIVE_INPUTS if chosen == "browser" else (BROWSER_INPUT,)
        for name in others:  # the other mode's sources stay, hidden
            item = items.get(name)
            if item is not None and item["sceneItemEnabled"]:
                await self._enable(OVERLAY_SCENE, item["sceneItemId"], False)
                report.repaired.append(f"hid {name}")
        if chosen == "native":
            await self._clock_on_top(report)
        for scene in scenes:
            await self._nest(scene, report)
        self.mode, self.items = chosen, {**ids}
        for name, item in (await self._items(OVERLAY_SCENE)).items():
            self.items.setdefault(name, int(item["sceneItemId"]))
        return {
            "mode": chosen, "scene": OVERLAY_SCENE, "scenes": scenes,
            "canvas": {"width": width, "height": height},
            "orientation": "portrait" if height > width else "landscape",
            "vertical_canvas": vertical,
            "created": report.created, "repaired": report.repaired,
            "unchanged": report.unchanged,
        }  # fmt: skip

    async def _ensure(
        self,
        want: Wanted,
        inputs: dict[str, str],
        items: dict[str, dict[str, Any]],
        partial: bool,
        report: _Report,
    ) -> int:
        kind = inputs.get(want.name)
        same = kind == want.kind or (want.name == CLOCK_INPUT and kind in TEXT_KINDS)
        if kind is not None and not same:  # ours by name, of the wrong kind: replace it
            await self._discard(want.name)
            items.pop(want.name, None)
            kind, partial = None, True
        if kind is None:
            created = await self._call(
                "CreateInput", sceneName=OVERLAY_SCENE, inputName=want.name,
                inputKind=want.kind, inputSettings=want.settings, sceneItemEnabled=want.enabled,
            )  # fmt: skip
            item_id = int(created["sceneItemId"])
            (report.repaired if partial else report.created).append(f"input {want.name}")
        elif want.name not in items:
            created = await self._call(
                "CreateSceneItem", sceneName=OVERLAY_SCENE, sourceName=want.name,
                sceneItemEnabled=want.enabled,
            )  # fmt: skip
            item_id = int(created["sceneItemId"])
            report.repaired.append(f"item {want.name} in {OVERLAY_SCENE}")
        else:
            item_id = int(items[want.name]["sceneItemId"])
            if want.kind == "browser_source":
                await self._check_browser(want, report)
            if want.enabled and not items[want.name]["sceneItemEnabled"]:  # hidden by native mode
                await self._enable(OVERLAY_SCENE, item_id, True)
                report.repaired.append(f"shown {want.name}")
            else:
                report.unchanged.append(f"input {want.name}")
            return item_id
        await self._place(item_id, want)
        return item_id

    async def _relayout(
        self,
        wanted: list[Wanted],
        items: dict[str, dict[str, Any]],
        canvas: tuple[int, int],
        moved: bool,
        report: _Report,
    ) -> None:
        """Cards already in the scene are placed anew when the canvas changed since they were
        placed in this run, or when they lie outside where cards belong on it (off the canvas,
        or outside the safe area of a vertical one); a card the host moved elsewhere stays."""
        area = card_area(*canvas)
        for want in wanted:
            item = items.get(want.name)
            if not want.bounds or item is None:
                continue
            now = current_rect(item.get("sceneItemTransform"))
            if now is None or now == (want.rect.x, want.rect.y, want.rect.w, want.rect.h):
                continue
            if moved or not inside(now, area):
                await self._place(int(item["sceneItemId"]), want)
                report.repaired.append(f"placed {want.name} for {canvas[0]}x{canvas[1]}")

    async def _check_browser(self, want: Wanted, report: _Report) -> None:
        current = (await self._call("GetInputSettings", inputName=want.name))["inputSettings"]
        keys = ("url", "width", "height")
        if any(current.get(key) != want.settings[key] for key in keys):
            update = {key: want.settings[key] for key in keys}
            await self._call("SetInputSettings", inputName=want.name, inputSettings=update)
            report.repaired.append(f"settings of {want.name}")

    async def _place(self, item_id: int, want: Wanted) -> None:
        r = want.rect
        transform: dict[str, Any] = {"positionX": r.x, "positionY": r.y, "alignment": 5}
        if want.bounds:
            transform.update(
                boundsType="OBS_BOUNDS_SCALE_INNER", boundsAlignment=0,
                boundsWidth=r.w, boundsHeight=r.h,
            )  # fmt: skip
        await self._call(
            "SetSceneItemTransform", sceneName=OVERLAY_SCENE, sceneItemId=item_id,
            sceneItemTransform=transform,
        )  # fmt: skip

    async def _clock_on_top(self, report: _Report) -> None:
        items = await self._items(OVERLAY_SCENE)
        clock, card = items.get(CLOCK_INPUT), items.get(COUPON_INPUT)
        if clock and card and clock["sceneItemIndex"] < card["sceneItemIndex"]:
            await self._call(
                "SetSceneItemIndex", sceneName=OVERLAY_SCENE,
                sceneItemId=clock["sceneItemId"], sceneItemIndex=len(items) - 1,
            )  # fmt: skip
            report.repaired.append(f"order of {CLOCK_INPUT}")

    async def _nest(self, scene: str, report: _Report) -> None:
        nested = (await self._items(scene)).get(OVERLAY_SCENE)
        label = f"{OVERLAY_SCENE} in {scene}"
        if nested is None:
            await self._call(
                "CreateSceneItem", sceneName=scene, sourceName=OVERLAY_SCENE, sceneItemEnabled=True
            )
            remembered = self.scenes is not None and scene in self.scenes
            (report.repaired if remembered else report.created).append(label)
        elif not nested["sceneItemEnabled"]:
            await self._enable(scene, nested["sceneItemId"], True)
            report.repaired.append(label)
        else:
            report.unchanged.append(label)

    # ----- OBS -------------------------------------------------------------------------------
    async def _call(self, request: str, **data: Any) -> dict[str, Any]:
        return await self.gateway.call(request, **data)

    async def _read_canvas(self) -> tuple[int, int]:
        video = await self._call("GetVideoSettings")
        width, height = int(video["baseWidth"]), int(video["baseHeight"])
        self.canvas, self.rects = (width, height), layout(width, height)
        return width, height

    async def _inputs(self) -> list[dict[str, Any]]:
        inputs: list[dict[str, Any]] = (await self._call("GetInputList")).get("inputs", [])
        return inputs

    async def _items(self, scene: str) -> dict[str, dict[str, Any]]:
        """The scene's items by source name (the first, i.e. bottom-most, of each name)."""
        listed = (await self._call("GetSceneItemList", sceneName=scene)).get("sceneItems", [])
        items: dict[str, dict[str, Any]] = {}
        for item in sorted(listed, key=lambda i: i["sceneItemIndex"]):
            items.setdefault(item["sourceName"], item)
        return items

    async def _discard(self, name: str) -> None:
        """Remove an input of ours, renamed first: OBS frees a removed input's name only once
        no scene renders it any more."""
        spare = f"{name} (replaced {secrets.token_hex(3)})"
        await self._call("SetInputName", inputName=name, newInputName=spare)
        await self._call("RemoveInput", inputName=spare)

    async def _enable(self, scene: str, item_id: int, enabled: bool) -> None:
        await self._call(
            "SetSceneItemEnabled", sceneName=scene, sceneItemId=item_id, sceneItemEnabled=enabled
        )

    def _notify(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                log.exception("overlay set-up listener failed")
