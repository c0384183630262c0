"""The simulated OBS's state: sources (scenes and inputs), scene items, program and preview,
studio mode, the stream and the recording. Qt-free; no I/O but reading an image's size.

Events go out through `emit(event_type, intent, data)`; delayed changes (a transition, an
output starting) through `later(seconds, callback)`. Both are given by the server.
"""

from __future__ import annotations

import copy
import struct
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Event subscription bits (obs-websocket EventSubscription).
GENERAL, CONFIG, SCENES, INPUTS, TRANSITIONS, FILTERS, OUTPUTS = 1, 2, 4, 8, 16, 32, 64
SCENE_ITEMS, MEDIA_INPUTS, VENDORS, UI = 128, 256, 512, 1024
SCENE_ITEM_TRANSFORM_CHANGED = 1 << 19  # high volume: only when asked for explicitly

SCENE = "scene"  # the kind of a source that is a scene
CANVAS = (1920, 1080)
# Input kinds of a Linux OBS without obs-browser (Debian's build): native overlays, no browser.
INPUT_KINDS = (
    "image_source",
    "color_source_v3",
    "slideshow",
    "ffmpeg_source",
    "text_ft2_source_v2",
    "v4l2_input",
    "xshm_input",
    "pulse_input_capture",
    "pulse_output_capture",
)
DEFAULT_TRANSFORM: dict[str, Any] = {
    "alignment": 5,
    "boundsAlignment": 0,
    "boundsHeight": 0.0,
    "boundsType": "OBS_BOUNDS_NONE",
    "boundsWidth": 0.0,
    "cropBottom": 0,
    "cropLeft": 0,
    "cropRight": 0,
    "cropTop": 0,
    "positionX": 0.0,
    "positionY": 0.0,
    "rotation": 0.0,
    "scaleX": 1.0,
    "scaleY": 1.0,
}
WRITABLE_TRANSFORM = frozenset(DEFAULT_TRANSFORM)
STREAM_BYTES_PER_S = 750_000  # a 6 Mbit/s stream
FPS = 30

Emit = Callable[[str, int, dict[str, Any] | None], None]
Later = Callable[[float, Callable[[], None]], None]


class RequestError(Exception):
    """A request fails with an obs-websocket RequestStatus code (and maybe a comment)."""

    def __init__(self, code: int, comment: str | None = None) -> None:
        super().__init__(comment or str(code))
        self.code, self.comment = code, comment


@dataclass
class SceneItem:
    id: int
    source: str
    enabled: bool = True
    locked: bool = False
    transform: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_TRANSFORM))


@dataclass
class Source:
    name: str
    kind: str  # SCENE, or an input kind
    settings: dict[str, Any] = field(default_factory=dict)
    uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    items: list[SceneItem] = field(default_factory=list)  # a scene's, index 0 at the bottom
    next_item_id: int = 1

    @property
    def is_scene(self) -> bool:
        return self.kind == SCENE


@dataclass
class Output:
    active: bool = False
    paused: bool = False
    started: float | None = None  # clock time the current run started
    paused_at: float | None = None
    paused_total: float = 0.0
    path: str | None = None
    starting: bool = False  # between OBS's STARTING and STARTED: a stop is refused (as OBS 29)

    def duration(self, now: float) -> float:
        if self.started is None:
            return 0.0
        end = self.paused_at if self.paused and self.paused_at is not None else now
        return max(0.0, end - self.started - self.paused_total)


@dataclass(frozen=True)
class Layer:
    """One enabled scene item as the picture draws it (a nested scene has its own layers)."""

    name: str
    kind: str
    settings: dict[str, Any]
    transform: dict[str, Any]
    layers: tuple[Layer, ...] = ()


@dataclass(frozen=True)
class Frame:
    """What the program picture shows, copied off the world (drawn on another thread)."""

    scene: str
    layers: tuple[Layer, ...]
    canvas: tuple[int, int]
    streaming: bool
    recording: bool
    wall_time: float


def unversioned(kind: str) -> str:
    head, sep, tail = kind.rpartition("_v")
    return head if sep and tail.isdigit() else kind


def image_size(path: str) -> tuple[int, int]:
    """A PNG's or JPEG's pixel size from its header; (0, 0) when unreadable."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return 0, 0
    if head[:8] == b"\x89PNG\r\n\x1a\n" and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    if head[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(head):
            if head[i] != 0xFF:
                i += 1
                continue
            marker, length = head[i + 1], struct.unpack(">H", head[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", head[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
    return 0, 0


class ObsWorld:
    def __init__(
        self,
        emit: Emit,
        later: Later,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        transition_s: float = 0.3,
        output_start_s: float = 0.2,
        record_dir: str = "~/Videos",
    ) -> None:
        self.emit, self.later, self.clock, self.wall = emit, later, clock, wall
        self.transition_s, self.output_start_s = transition_s, output_start_s
        self.record_dir = record_dir
        self.sources: dict[str, Source] = {}
        self.scene_order: list[str] = []  # UI order, top first
        self.program = ""
        self.preview = ""
        self.studio_mode = False
        self.stream = Output()
        self.record = Output()
        self.replay = Output()  # the replay buffer
        self.virtualcam = Output()
        # False: off in OBS's settings / no virtual-camera device (OBS answers 604)
        self.replay_available = True
        self.virtualcam_available = True
        self.last_replay: str | None = None
        self.canvas = CANVAS
        self.started = clock()
        self._pending_program: str | None = None

    # ----- building ----------------------------------------------------------------------------
    def add_scene(self, name: str) -> Source:
        scene = Source(name, SCENE)
        self.sources[name] = scene
        self.scene_order.append(name)
        if not self.program:
            self.program = self.preview = name
        return scene

    def add_input(
        self,
        scene: str,
        name: str,
        kind: str,
        settings: dict[str, Any] | None = None,
        *,
        transform: dict[str, Any] | None = None,
        enabled: bool = True,
    ) -> SceneItem:
        source = self.sources.get(name) or Source(name, kind, dict(settings or {}))
        self.sources[name] = source
        item = self.add_item(self.scene(scene), name, enabled)
        item.transform.update(transform or {})
        return item

    def add_item(self, scene: Source, source: str, enabled: bool) -> SceneItem:
        item = SceneItem(scene.next_item_id, source, enabled)
        scene.next_item_id += 1
        scene.items.append(item)
        return item

    # ----- looking up (RequestError when missing) --------------------------------------------
    def source(self, name: str) -> Source:
        found = self.sources.get(name)
        if found is None:
            raise RequestError(600, f"No source was found by the name of `{name}`.")
        return found

    def scene(self, name: str) -> Source:
        found = self.source(name)
        if not found.is_scene:
            raise RequestError(602, "The specified source is not a scene.")
        return found

    def input(self, name: str) -> Source:
        found = self.sources.get(name)
        if found is None or found.is_scene:
            raise RequestError(600, f"No input was found by the name of `{name}`.")
        return found

    def item(self, scene: Source, item_id: int) -> SceneItem:
        for item in scene.items:
            if item.id == item_id:
                return item
        raise RequestError(
            600, f"No scene items were found in scene `{scene.name}` with the ID `{item_id}`."
        )

    # ----- what GetSceneList says ------------------------------------------------------------
    def scene_list(self) -> list[dict[str, Any]]:
        """Bottom-first, as obs-websocket gives it: the top scene has the highest index."""
        count = len(self.scene_order)
        return [
            {"sceneIndex": count - 1 - i, "sceneName": name}
            for i, name in reversed(list(enumerate(self.scene_order)))
        ]

    # ----- changes with their events ---------------------------------------------------------
    def switch_program(self, name: str) -> None:
        """A transition to `name`: the change (and its event) lands when the fade is over."""
        self.scene(name)
        if name == (self._pending_program or self.program):
            return
        self._pending_program = name
        self.emit("SceneTransitionStarted", TRANSITIONS, {"transitionName": "Fade"})

        def done() -> None:
            if self._pending_program != name or name not in self.sources:
                return
            self._pending_program = None
            self.program = name
            self.emit("CurrentProgramSceneChanged", SCENES, {"sceneName": name})
            self.emit("SceneTransitionEnded", TRANSITIONS, {"transitionName": "Fade"})

        self.later(self.transition_s, done)

    def set_studio_mode(self, enabled: bool) -> None:
        if enabled == self.studio_mode:
            return
        self.studio_mode = enabled
        self.preview = self.program
        # What OBS 29 does: the unchanged program scene is announced twice.
        self.emit("CurrentProgramSceneChanged", SCENES, {"sceneName": self.program})
        self.emit("CurrentProgramSceneChanged", SCENES, {"sceneName": self.program})
        self.emit("StudioModeStateChanged", UI, {"studioModeEnabled": enabled})

    def set_preview(self, name: str) -> None:
        self.scene(name)
        if name != self.preview:
            self.preview = name
            self.emit("CurrentPreviewSceneChanged", SCENES, {"sceneName": name})

    def scenes_changed(self) -> None:
        self.emit("SceneListChanged", SCENES, {"scenes": self.scene_list()})

    def remove_source(self, source: Source) -> None:
        """Remove a scene or an input, and every scene item showing it."""
        for scene in [s for s in self.sources.values() if s.is_scene]:
            for item in [i for i in scene.items if i.source == source.name]:
                scene.items.remove(item)
                self.emit(
                    "SceneItemRemoved",
                    SCENE_ITEMS,
                    {
                        "sceneName": scene.name,
                        "sourceName": source.name,
                        "sceneItemId": item.id,
                    },
                )
        del self.sources[source.name]
        if not source.is_scene:
            self.emit("InputRemoved", INPUTS, {"inputName": source.name})
            return
        self.scene_order.remove(source.name)
        self.emit("SceneRemoved", SCENES, {"sceneName": source.name, "isGroup": False})
        self.scenes_changed()
        fallback = self.scene_order[0] if self.scene_order else ""
        if self.program == source.name:
            self.program = fallback
            self.emit("CurrentProgramSceneChanged", SCENES, {"sceneName": fallback})
        if self.preview == source.name:
            self.preview = fallback
            if self.studio_mode:
                self.emit("CurrentPreviewSceneChanged", SCENES, {"sceneName": fallback})

    def output(self, which: str) -> Output:
        """ "stream", "record", "replay_buffer" or "virtualcam"."""
        outputs = {"stream": self.stream, "record": self.record, "replay_buffer": self.replay,
                   "virtualcam": self.virtualcam}  # fmt: skip
        return outputs[which]

    def start_output(self, which: str) -> None:
        output = self.output(which)
        output.active, output.paused, output.paused_total = True, False, 0.0
        output.started, output.paused_at = self.clock(), None
        if which == "record":
            stamp = time.strftime("%Y-%m-%d %H-%M-%S", time.localtime(self.wall()))
            output.path = f"{self.record_dir}/{stamp}.mkv"
        output.starting = True
        self._output_event(which, "STARTING", active=False)
        self.later(self.output_start_s, lambda: self._started(which, output))

    def _started(self, which: str, output: Output) -> None:
        if output.active and output.starting:  # not stopped meanwhile (OBS 29 would not let it)
            output.starting = False
            self._output_event(which, "STARTED", active=True)

    def stop_output(self, which: str) -> None:
        output = self.output(which)
        output.active, output.paused, output.starting = False, False, False
        self._output_event(which, "STOPPING", active=False)
        self.later(self.output_start_s, lambda: self._output_event(which, "STOPPED", active=False))

    def pause_record(self, paused: bool) -> None:
        record = self.record
        now = self.clock()
        if paused:
            record.paused, record.paused_at = True, now
        else:
            record.paused_total += now - (record.paused_at or now)
            record.paused, record.paused_at = False, None
        self._output_event("record", "PAUSED" if paused else "RESUMED", active=True)

    def _output_event(self, which: str, state: str, *, active: bool) -> None:
        data: dict[str, Any] = {
            "outputActive": active,
            "outputState": f"OBS_WEBSOCKET_OUTPUT_{state}",
        }
        if which == "record":
            data["outputPath"] = self.record.path if state in ("STARTED", "STOPPED") else None
            self.emit("RecordStateChanged", OUTPUTS, data)
        elif which == "replay_buffer":
            self.emit("ReplayBufferStateChanged", OUTPUTS, data)
        elif which == "virtualcam":
            # OBS reports only STARTED and STOPPED for the virtual camera
            if state in ("STARTED", "STOPPED"):
                self.emit("VirtualcamStateChanged", OUTPUTS, data)
        else:
            self.emit("StreamStateChanged", OUTPUTS, data)

    def save_replay(self) -> None:
        """Write the replay buffer (the simulator writes no file): ReplayBufferSaved follows."""
        stamp = time.strftime("%Y-%m-%d %H-%M-%S", time.localtime(self.wall()))
        path = f"{self.record_dir}/Replay {stamp}.mkv"

        def saved() -> None:
            self.last_replay = path
            self.emit("ReplayBufferSaved", OUTPUTS, {"savedReplayPath": path})

        self.later(self.output_start_s, saved)

    # ----- the picture -----------------------------------------------------------------------
    def frame(self, source: str) -> Frame:
        """A copy of what `source` (a scene or an input) shows, for drawing on another thread."""
        found = self.source(source)
        if found.is_scene:
            layers = self._layers(found, depth=0)
        else:
            layers = (
                Layer(
                    found.name, found.kind, copy.deepcopy(found.settings), dict(DEFAULT_TRANSFORM)
                ),
            )
        return Frame(
            source, layers, self.canvas, self.stream.active, self.record.active, self.wall()
        )

    def _layers(self, scene: Source, depth: int) -> tuple[Layer, ...]:
        layers: list[Layer] = []
        for item in scene.items:
            source = self.sources.get(item.source)
            if not item.enabled or source is None:
                continue
            nested = self._layers(source, depth + 1) if source.is_scene and depth < 8 else ()
            layers.append(
                Layer(
                    source.name,
                    source.kind,
                    copy.deepcopy(source.settings),
                    dict(item.transform),
                    nested,
                )
            )
        return tuple(layers)

    def source_size(self, source: Source) -> tuple[int, int]:
        if source.is_scene:
            return self.canvas
        if source.kind == "image_source":
            return image_size(str(source.settings.get("file") or ""))
        if source.kind.startswith("color_source"):
            return int(source.settings.get("width", 1920)), int(source.settings.get("height", 1080))
        if source.kind.startswith("text_"):
            text = str(source.settings.get("text", ""))
            size = int((source.settings.get("font") or {}).get("size", 256))
            lines = text.splitlines() or [""]
            return max(1, max(len(line) for line in lines)) * size // 2, size * len(lines)
        return 1280, 720
