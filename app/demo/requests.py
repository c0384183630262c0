"""The obs-websocket requests the simulator answers, over the world: the field names, answers and
RequestStatus codes of obs-websocket 5.1, as OBS 29 answers them. Unknown requests answer 204.

A handler gets the request's data and returns its responseData (None for none), or raises
RequestError. `GetSourceScreenshot` draws through `paint` (on a worker thread); without one it
fails as OBS does when it cannot render (702).
"""

from __future__ import annotations

import asyncio
import base64
import copy
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.demo.fields import flag, mapping, number, text
from app.demo.outputs import OutputRequests
from app.demo.world import (
    FPS,
    INPUT_KINDS,
    INPUTS,
    SCENE_ITEM_TRANSFORM_CHANGED,
    SCENE_ITEMS,
    SCENES,
    WRITABLE_TRANSFORM,
    Frame,
    ObsWorld,
    RequestError,
    Source,
    unversioned,
)

OBS_VERSION = "29.0.2"
WEBSOCKET_VERSION = "5.1.0"
IMAGE_FORMATS = ("bmp", "jpeg", "jpg", "png")
# paint(frame, width, height, image format, quality -1..100) -> the encoded picture
Painter = Callable[[Frame, int, int, str, int], bytes]
DEFAULT_SETTINGS: dict[str, dict[str, Any]] = {
    "text_ft2_source_v2": {
        "antialiasing": True,
        "color1": 4294967295,
        "color2": 4294967295,
        "drop_shadow": False,
        "font": {"face": "Sans Serif", "flags": 0, "size": 256, "style": ""},
        "log_lines": 6,
        "outline": False,
        "word_wrap": False,
    },
    "image_source": {"linear_alpha": False, "unload": False},
    "color_source_v3": {"color": 4294967295, "width": 1920, "height": 1080},
}


@dataclass
class Caller:
    """The session a request comes from (GetStats counts its messages)."""

    incoming: int = 0
    outgoing: int = 0


class Requests(OutputRequests):
    def __init__(self, world: ObsWorld, paint: Painter | None = None) -> None:
        self.world, self.paint = world, paint
        self.available = sorted(name[2:] for name in dir(self) if name.startswith("r_"))

    async def handle(
        self, request_type: Any, data: Any, caller: Caller, *, in_batch: bool = False
    ) -> dict[str, Any] | None:
        """The responseData of one request; RequestError when it fails."""
        if data is not None and not isinstance(data, dict):
            raise RequestError(401, "Your request data is not an object.")
        if not isinstance(request_type, str) or not request_type:
            raise RequestError(203, "Your request's `requestType` may not be empty.")
        if request_type == "Sleep" and not in_batch:
            raise RequestError(206, "Sleep is only available in request batches.")
        handler = getattr(self, f"r_{request_type}", None)
        if handler is None:
            raise RequestError(204, "Your request type is not valid.")
        kwargs = {"caller": caller} if "caller" in inspect.signature(handler).parameters else {}
        result = handler(dict(data or {}), **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result  # type: ignore[no-any-return]

    # ----- general -----------------------------------------------------------------------------
    def r_GetVersion(self, d: dict[str, Any]) -> dict[str, Any]:
        return {
            "obsVersion": OBS_VERSION,
            "obsWebSocketVersion": WEBSOCKET_VERSION,
            "rpcVersion": 1,
            "availableRequests": list(self.available),
            "supportedImageFormats": list(IMAGE_FORMATS),
            "platform": "livedesk-simulator",
            "platformDescription": "LiveDesk OBS simulator (demo)",
        }

    def r_GetStats(self, d: dict[str, Any], caller: Caller) -> dict[str, Any]:
        w = self.world
        up = w.clock() - w.started
        frames = int(up * FPS)
        busy = w.stream.active or w.record.active
        return {
            "cpuUsage": 6.5 if busy else 2.1,
            "memoryUsage": 312.4,
            "availableDiskSpace": 84_213.0,
            "activeFps": float(FPS),
            "averageFrameRenderTime": 1.8,
            "renderSkippedFrames": 0,
            "renderTotalFrames": frames,
            "outputSkippedFrames": 0,
            "outputTotalFrames": int(w.stream.duration(w.clock()) * FPS),
            "webSocketSessionIncomingMessages": caller.incoming,
            "webSocketSessionOutgoingMessages": caller.outgoing,
        }

    def r_GetVideoSettings(self, d: dict[str, Any]) -> dict[str, Any]:
        width, height = self.world.canvas
        return {
            "fpsNumerator": FPS,
            "fpsDenominator": 1,
            "baseWidth": width,
            "baseHeight": height,
            "outputWidth": width,
            "outputHeight": height,
        }

    async def r_Sleep(self, d: dict[str, Any]) -> None:
        millis = number(d, "sleepMillis", 0, 50_000, default=None)
        frames = number(d, "sleepFrames", 0, 10_000, default=None)
        if millis is None and frames is None:
            raise RequestError(300, "Your request is missing the `sleepMillis` field.")
        await asyncio.sleep((millis if millis is not None else frames * 1000 / FPS) / 1000)

    # ----- scenes ------------------------------------------------------------------------------
    def r_GetSceneList(self, d: dict[str, Any]) -> dict[str, Any]:
        w = self.world
        return {
            "currentProgramSceneName": w.program or None,
            "currentPreviewSceneName": w.preview if w.studio_mode else None,
            "scenes": w.scene_list(),
        }

    def r_GetCurrentProgramScene(self, d: dict[str, Any]) -> dict[str, Any]:
        return {"currentProgramSceneName": self.world.program}

    def r_SetCurrentProgramScene(self, d: dict[str, Any]) -> None:
        self.world.switch_program(text(d, "sceneName"))

    def r_GetCurrentPreviewScene(self, d: dict[str, Any]) -> dict[str, Any]:
        self._need_studio_mode()
        return {"currentPreviewSceneName": self.world.preview}

    def r_SetCurrentPreviewScene(self, d: dict[str, Any]) -> None:
        self._need_studio_mode()
        self.world.set_preview(text(d, "sceneName"))

    def r_CreateScene(self, d: dict[str, Any]) -> None:
        name = text(d, "sceneName")
        if name in self.world.sources:
            raise RequestError(601, "A source already exists by that scene name.")
        self.world.add_scene(name)
        self.world.emit("SceneCreated", SCENES, {"sceneName": name, "isGroup": False})
        self.world.scenes_changed()

    def r_RemoveScene(self, d: dict[str, Any]) -> None:
        scene = self.world.scene(text(d, "sceneName"))
        if len(self.world.scene_order) == 1:
            raise RequestError(703, "You cannot remove the last scene in the collection.")
        self.world.remove_source(scene)

    def r_SetSceneName(self, d: dict[str, Any]) -> None:
        scene = self.world.scene(text(d, "sceneName"))
        self._rename(scene, text(d, "newSceneName"), "scene")

    # ----- studio mode and transitions ---------------------------------------------------------
    def r_GetStudioModeEnabled(self, d: dict[str, Any]) -> dict[str, Any]:
        return {"studioModeEnabled": self.world.studio_mode}

    def r_SetStudioModeEnabled(self, d: dict[str, Any]) -> None:
        self.world.set_studio_mode(flag(d, "studioModeEnabled"))

    def r_TriggerStudioModeTransition(self, d: dict[str, Any]) -> None:
        self._need_studio_mode()
        self.world.switch_program(self.world.preview)

    def _need_studio_mode(self) -> None:
        if not self.world.studio_mode:
            raise RequestError(506)  # OBS gives no comment here

    # ----- inputs ------------------------------------------------------------------------------
    def r_GetInputList(self, d: dict[str, Any]) -> dict[str, Any]:
        kind = text(d, "inputKind", default=None)
        return {
            "inputs": [
                {
                    "inputName": s.name,
                    "inputKind": s.kind,
                    "unversionedInputKind": unversioned(s.kind),
                }
                for s in self.world.sources.values()
                if not s.is_scene and kind in (None, s.kind)
            ]
        }

    def r_GetInputKindList(self, d: dict[str, Any]) -> dict[str, Any]:
        plain = flag(d, "unversioned", default=False)
        return {"inputKinds": [unversioned(k) if plain else k for k in INPUT_KINDS]}

    def r_GetInputDefaultSettings(self, d: dict[str, Any]) -> dict[str, Any]:
        kind = text(d, "inputKind")
        if kind not in INPUT_KINDS:
            raise RequestError(605, "The specified input kind is invalid.")
        return {"defaultInputSettings": copy.deepcopy(DEFAULT_SETTINGS.get(kind, {}))}

    def r_CreateInput(self, d: dict[str, Any]) -> dict[str, Any]:
        w = self.world
        scene = w.scene(text(d, "sceneName"))
        name, kind = text(d, "inputName"), text(d, "inputKind")
        settings = mapping(d, "inputSettings", default={})
        enabled = flag(d, "sceneItemEnabled", default=True)
        if name in w.sources:
            raise RequestError(601, "A source already exists by that input name.")
        if kind not in INPUT_KINDS:
            raise RequestError(
                605,
                "Your specified input kind is not supported by OBS. Check "
                "that your specified kind is properly versioned and that any "
                "necessary plugins are loaded.",
            )
        w.sources[name] = Source(name, kind, copy.deepcopy(settings))
        item = w.add_item(scene, name, enabled)
        w.emit(
            "InputCreated",
            INPUTS,
            {
                "inputName": name,
                "inputKind": kind,
                "unversionedInputKind": unversioned(kind),
                "inputSettings": copy.deepcopy(settings),
                "defaultInputSettings": copy.deepcopy(DEFAULT_SETTINGS.get(kind, {})),
            },
        )
        self._item_created(scene, item)
        return {"sceneItemId": item.id}

    def r_RemoveInput(self, d: dict[str, Any]) -> None:
        self.world.remove_source(self.world.input(text(d, "inputName")))

    def r_SetInputName(self, d: dict[str, Any]) -> None:
        source = self.world.input(text(d, "inputName"))
        self._rename(source, text(d, "newInputName"), "input")

    def r_GetInputSettings(self, d: dict[str, Any]) -> dict[str, Any]:
        source = self.world.input(text(d, "inputName"))
        return {"inputSettings": copy.deepcopy(source.settings), "inputKind": source.kind}

    def r_SetInputSettings(self, d: dict[str, Any]) -> None:
        source = self.world.input(text(d, "inputName"))
        settings = copy.deepcopy(mapping(d, "inputSettings"))
        if flag(d, "overlay", default=True):
            source.settings.update(settings)
        else:
            source.settings = settings

    def _rename(self, source: Source, new: str, what: str) -> None:
        w = self.world
        if new in w.sources:
            raise RequestError(601, f"A source already exists by that new {what} name.")
        old = source.name
        w.sources = {new if k == old else k: v for k, v in w.sources.items()}
        source.name = new
        for scene in w.sources.values():
            for item in scene.items:
                if item.source == old:
                    item.source = new
        w.scene_order = [new if n == old else n for n in w.scene_order]
        w.program = new if w.program == old else w.program
        w.preview = new if w.preview == old else w.preview
        if source.is_scene:
            w.emit("SceneNameChanged", SCENES, {"oldSceneName": old, "sceneName": new})
            w.scenes_changed()
        else:
            w.emit("InputNameChanged", INPUTS, {"oldInputName": old, "inputName": new})

    # ----- scene items -------------------------------------------------------------------------
    def r_GetSceneItemList(self, d: dict[str, Any]) -> dict[str, Any]:
        scene = self.world.scene(text(d, "sceneName"))
        return {"sceneItems": [self._item_info(scene, i) for i in range(len(scene.items))]}

    def r_GetSceneItemId(self, d: dict[str, Any]) -> dict[str, Any]:
        scene = self.world.scene(text(d, "sceneName"))
        name = text(d, "sourceName")
        offset = int(number(d, "searchOffset", -1, default=0))
        found = [item for item in scene.items if item.source == name]
        if offset == -1 and found:
            return {"sceneItemId": found[-1].id}
        if offset >= len(found):
            raise RequestError(
                600, "No scene items were found in the specified scene by that name or offset."
            )
        return {"sceneItemId": found[offset].id}

    def r_CreateSceneItem(self, d: dict[str, Any]) -> dict[str, Any]:
        w = self.world
        scene = w.scene(text(d, "sceneName"))
        source = w.source(text(d, "sourceName"))
        if source is scene or (source.is_scene and self._contains(source, scene.name)):
            raise RequestError(703, "You cannot create scene item of a scene within itself.")
        item = w.add_item(scene, source.name, flag(d, "sceneItemEnabled", default=True))
        self._item_created(scene, item)
        return {"sceneItemId": item.id}

    def r_RemoveSceneItem(self, d: dict[str, Any]) -> None:
        scene, item = self._scene_item(d)
        scene.items.remove(item)
        self.world.emit(
            "SceneItemRemoved",
            SCENE_ITEMS,
            {
                "sceneName": scene.name,
                "sourceName": item.source,
                "sceneItemId": item.id,
            },
        )

    def r_GetSceneItemEnabled(self, d: dict[str, Any]) -> dict[str, Any]:
        return {"sceneItemEnabled": self._scene_item(d)[1].enabled}

    def r_SetSceneItemEnabled(self, d: dict[str, Any]) -> None:
        scene, item = self._scene_item(d)
        item.enabled = flag(d, "sceneItemEnabled")
        self.world.emit(
            "SceneItemEnableStateChanged",
            SCENE_ITEMS,
            {
                "sceneName": scene.name,
                "sceneItemId": item.id,
                "sceneItemEnabled": item.enabled,
            },
        )

    def r_GetSceneItemTransform(self, d: dict[str, Any]) -> dict[str, Any]:
        _scene, item = self._scene_item(d)
        return {"sceneItemTransform": self._transform(item)}

    def r_SetSceneItemTransform(self, d: dict[str, Any]) -> None:
        scene, item = self._scene_item(d)
        wanted = mapping(d, "sceneItemTransform")
        for key in ("boundsWidth", "boundsHeight"):
            if key in wanted:
                number(wanted, key, 1)
        if "boundsType" in wanted and not str(wanted["boundsType"]).startswith("OBS_BOUNDS_"):
            raise RequestError(400, "The field value of `boundsType` is invalid.")
        item.transform.update({k: v for k, v in wanted.items() if k in WRITABLE_TRANSFORM})
        self.world.emit(
            "SceneItemTransformChanged",
            SCENE_ITEM_TRANSFORM_CHANGED,
            {
                "sceneName": scene.name,
                "sceneItemId": item.id,
                "sceneItemTransform": self._transform(item),
            },
        )

    def r_GetSceneItemIndex(self, d: dict[str, Any]) -> dict[str, Any]:
        scene, item = self._scene_item(d)
        return {"sceneItemIndex": scene.items.index(item)}

    def r_SetSceneItemIndex(self, d: dict[str, Any]) -> None:
        scene, item = self._scene_item(d)
        index = int(number(d, "sceneItemIndex", 0))
        scene.items.remove(item)
        scene.items.insert(min(index, len(scene.items)), item)
        self.world.emit(
            "SceneItemListReindexed",
            SCENE_ITEMS,
            {
                "sceneName": scene.name,
                "sceneItems": [
                    {"sceneItemId": i.id, "sceneItemIndex": n} for n, i in enumerate(scene.items)
                ],
            },
        )

    def _scene_item(self, d: dict[str, Any]) -> tuple[Source, Any]:
        scene = self.world.scene(text(d, "sceneName"))
        return scene, self.world.item(scene, int(number(d, "sceneItemId", 0)))

    def _item_created(self, scene: Source, item: Any) -> None:
        self.world.emit(
            "SceneItemCreated",
            SCENE_ITEMS,
            {
                "sceneName": scene.name,
                "sourceName": item.source,
                "sceneItemId": item.id,
                "sceneItemIndex": scene.items.index(item),
            },
        )
        self.world.emit(
            "SceneItemSelected", SCENE_ITEMS, {"sceneName": scene.name, "sceneItemId": item.id}
        )

    def _item_info(self, scene: Source, index: int) -> dict[str, Any]:
        item = scene.items[index]
        source = self.world.sources.get(item.source)
        is_scene = source is not None and source.is_scene
        return {
            "inputKind": None if is_scene or source is None else source.kind,
            "isGroup": False if is_scene else None,
            "sceneItemBlendMode": "OBS_BLEND_NORMAL",
            "sceneItemEnabled": item.enabled,
            "sceneItemId": item.id,
            "sceneItemIndex": index,
            "sceneItemLocked": item.locked,
            "sceneItemTransform": self._transform(item),
            "sourceName": item.source,
            "sourceType": "OBS_SOURCE_TYPE_SCENE" if is_scene else "OBS_SOURCE_TYPE_INPUT",
        }

    def _transform(self, item: Any) -> dict[str, Any]:
        source = self.world.sources.get(item.source)
        width, height = self.world.source_size(source) if source else (0, 0)
        t = dict(item.transform)
        t.update(
            sourceWidth=float(width),
            sourceHeight=float(height),
            width=float(width) * float(t["scaleX"]),
            height=float(height) * float(t["scaleY"]),
        )
        return t

    def _contains(self, scene: Source, name: str, depth: int = 0) -> bool:
        for item in scene.items:
            source = self.world.sources.get(item.source)
            if item.source == name or (
                source is not None
                and source.is_scene
                and depth < 8
                and self._contains(source, name, depth + 1)
            ):
                return True
        return False

    # ----- sources -----------------------------------------------------------------------------
    def r_GetSourceActive(self, d: dict[str, Any]) -> dict[str, Any]:
        source = self.world.source(text(d, "sourceName"))
        shown = self._shows(self.world.program, source.name)
        studio = self.world.studio_mode and self._shows(self.world.preview, source.name)
        return {"videoActive": shown, "videoShowing": shown or studio}

    def _shows(self, scene_name: str, name: str) -> bool:
        scene = self.world.sources.get(scene_name)
        return scene is not None and (scene.name == name or self._contains(scene, name))

    async def r_GetSourceScreenshot(self, d: dict[str, Any]) -> dict[str, Any]:
        source = self.world.source(text(d, "sourceName"))
        fmt = text(d, "imageFormat")
        if fmt not in IMAGE_FORMATS:
            raise RequestError(
                400, "Your specified image format is invalid or not supported by this system."
            )
        want_w = number(d, "imageWidth", 8, 4096, default=None)
        want_h = number(d, "imageHeight", 8, 4096, default=None)
        quality = int(number(d, "imageCompressionQuality", -1, 100, default=-1))
        width, height = self.world.source_size(source)
        if width <= 0 or height <= 0 or self.paint is None:
            raise RequestError(702, "Failed to render screenshot.")
        if want_w and want_h:  # scaled to fit inside, the aspect kept
            k = min(want_w / width, want_h / height)
        elif want_w or want_h:
            k = want_w / width if want_w else want_h / height
        else:
            k = 1.0
        size = max(1, round(width * k)), max(1, round(height * k))
        frame = self.world.frame(source.name)
        paint = self.paint
        try:
            data = await asyncio.to_thread(paint, frame, size[0], size[1], fmt, quality)
        except Exception as exc:
            raise RequestError(702, "Failed to render screenshot.") from exc
        return {"imageData": f"data:image/{fmt};base64,{base64.b64encode(data).decode('ascii')}"}
