"""An in-process ObsGateway for unit and widget tests: OBS's state, its requests and events.

Real OBS is used by tests/integration and tests/e2e; this fake answers the same request shapes
(obs-websocket v5, scenes reversed in GetSceneList) and emits the same events.
"""

from __future__ import annotations

import asyncio
import base64
from typing import Any

from app.services.errors import ObsRequestFailed, ObsUnavailable
from app.services.ports import ConnectProblem, ObsConnectError, ObsEventHandler, ObsVersion

TINY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwc"
    "KDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAA"
    "AAAAAAAAAAD/2gAIAQEAAD8AKp//2Q=="
)


class FakeObs:
    def __init__(self, scenes: list[str] | None = None) -> None:
        self.scenes = list(scenes or ["Opening", "Teaching", "Product", "BRB"])  # UI order
        self.program = self.scenes[0]
        self.preview: str | None = None
        self.studio_mode = False
        self.streaming = False
        self.recording = False
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.refuse_next: ConnectProblem | None = None
        self.fail_requests: dict[str, tuple[int, str]] = {}
        self._connected = False
        self._lost = asyncio.Event()
        self._handler: ObsEventHandler = lambda _n, _d: None
        self.connects = 0
        self.chapters_supported = False  # CreateRecordChapter is obs-websocket 5.5+
        # The replay buffer (enabled in OBS's settings unless `replay_available` is False) and the
        # virtual camera (False: no device, as on Linux without v4l2loopback): both answer 604.
        self.replay_available = True
        self.replay_buffer = False
        self.virtualcam_available = True
        self.virtualcam = False
        self.replay_dir = "/tmp/replays"
        self.saves = 0
        self.fps = (30, 1)  # GetVideoSettings's fpsNumerator, fpsDenominator

    # ----- the port --------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._connected

    def set_event_handler(self, handler: ObsEventHandler) -> None:
        self._handler = handler

    async def connect(self) -> ObsVersion:
        await asyncio.sleep(0)
        if self.refuse_next is not None:
            problem, self.refuse_next = self.refuse_next, None
            raise ObsConnectError(problem)
        self._connected = True
        self._lost = asyncio.Event()
        self.connects += 1
        return ObsVersion("29.0.2", "5.1.0")

    async def wait_lost(self) -> None:
        await self._lost.wait()

    async def close(self) -> None:
        self._connected = False

    async def wait_reachable(self, timeout: float) -> None:
        await asyncio.sleep(timeout)

    async def call(self, request_type: str, **data: Any) -> dict[str, Any]:
        await asyncio.sleep(0)
        if not self._connected:
            raise ObsUnavailable("OBS is not connected")
        self.calls.append((request_type, data))
        if request_type in self.fail_requests:
            code, comment = self.fail_requests[request_type]
            raise ObsRequestFailed(request_type, code, comment)
        handler = getattr(self, f"_r_{request_type}", None)
        if handler is None:
            raise ObsRequestFailed(request_type, 204, "Your request type is not valid.")
        result: dict[str, Any] = handler(**data)
        return result

    # ----- test controls ---------------------------------------------------------------------
    def drop(self) -> None:
        """The connection dies (OBS killed)."""
        self._connected = False
        self._lost.set()

    def emit(self, name: str, **data: Any) -> None:
        self._handler(name, data)

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    # ----- requests --------------------------------------------------------------------------
    def _r_GetSceneList(self) -> dict[str, Any]:
        count = len(self.scenes)
        listed = [{"sceneIndex": count - 1 - i, "sceneName": s} for i, s in enumerate(self.scenes)]
        return {
            "currentProgramSceneName": self.program,
            "currentPreviewSceneName": self.preview if self.studio_mode else None,
            "scenes": list(reversed(listed)),
        }

    def _r_GetStudioModeEnabled(self) -> dict[str, Any]:
        return {"studioModeEnabled": self.studio_mode}

    def _r_GetStreamStatus(self) -> dict[str, Any]:
        return _status(self.streaming)

    def _r_GetRecordStatus(self) -> dict[str, Any]:
        return {**_status(self.recording), "outputPaused": False}

    def _r_GetStats(self) -> dict[str, Any]:
        return {
            "cpuUsage": 3.5,
            "activeFps": 30.0,
            "renderSkippedFrames": 0,
            "renderTotalFrames": 900,
            "memoryUsage": 200.0,
        }

    def _r_GetVideoSettings(self) -> dict[str, Any]:
        numerator, denominator = self.fps
        return {"baseWidth": 1920, "baseHeight": 1080, "outputWidth": 1920,
                "outputHeight": 1080, "fpsNumerator": numerator,
                "fpsDenominator": denominator}  # fmt: skip

    def _r_GetVersion(self) -> dict[str, Any]:
        return {"obsVersion": "29.0.2", "obsWebSocketVersion": "5.1.0", "rpcVersion": 1}

    def _r_SetCurrentProgramScene(self, sceneName: str) -> dict[str, Any]:
        self._need_scene(sceneName)
        if sceneName != self.program:
            self.program = sceneName
            self.emit("CurrentProgramSceneChanged", sceneName=sceneName)
        return {}

    def _r_SetCurrentPreviewScene(self, sceneName: str) -> dict[str, Any]:
        if not self.studio_mode:
            raise ObsRequestFailed("SetCurrentPreviewScene", 506, None)
        self._need_scene(sceneName)
        self.preview = sceneName
        self.emit("CurrentPreviewSceneChanged", sceneName=sceneName)
        return {}

    def _r_SetStudioModeEnabled(self, studioModeEnabled: bool) -> dict[str, Any]:
        self.studio_mode = studioModeEnabled
        self.preview = self.program if studioModeEnabled else None
        self.emit("CurrentProgramSceneChanged", sceneName=self.program)
        self.emit("StudioModeStateChanged", studioModeEnabled=studioModeEnabled)
        return {}

    def _r_TriggerStudioModeTransition(self) -> dict[str, Any]:
        if not self.studio_mode:
            raise ObsRequestFailed("TriggerStudioModeTransition", 506, None)
        self.program, self.preview = self.preview or self.program, self.program
        self.emit("CurrentProgramSceneChanged", sceneName=self.program)
        return {}

    def _r_StartStream(self) -> dict[str, Any]:
        return self._output("streaming", "StreamStateChanged", True)

    def _r_StopStream(self) -> dict[str, Any]:
        return self._output("streaming", "StreamStateChanged", False)

    def _r_StartRecord(self) -> dict[str, Any]:
        return self._output("recording", "RecordStateChanged", True)

    def _r_StopRecord(self) -> dict[str, Any]:
        return self._output("recording", "RecordStateChanged", False)

    def _r_CreateRecordChapter(self, chapterName: str) -> dict[str, Any]:
        if not self.chapters_supported:
            raise ObsRequestFailed("CreateRecordChapter", 204, "Your request type is not valid.")
        if not self.recording:
            raise ObsRequestFailed("CreateRecordChapter", 501, None)
        return {}

    def _r_GetReplayBufferStatus(self) -> dict[str, Any]:
        self._need("replay", "GetReplayBufferStatus")
        return {"outputActive": self.replay_buffer}

    def _r_StartReplayBuffer(self) -> dict[str, Any]:
        self._need("replay", "StartReplayBuffer")
        return self._output("replay_buffer", "ReplayBufferStateChanged", True)

    def _r_StopReplayBuffer(self) -> dict[str, Any]:
        self._need("replay", "StopReplayBuffer")
        return self._output("replay_buffer", "ReplayBufferStateChanged", False)

    def _r_SaveReplayBuffer(self) -> dict[str, Any]:
        self._need("replay", "SaveReplayBuffer")
        if not self.replay_buffer:
            raise ObsRequestFailed("SaveReplayBuffer", 501, None)
        self.saves += 1
        path = f"{self.replay_dir}/Replay {self.saves}.mkv"
        asyncio.get_running_loop().call_soon(  # after the answer, as OBS writes the file
            lambda: self.emit("ReplayBufferSaved", savedReplayPath=path)
        )
        return {}

    def _r_GetVirtualCamStatus(self) -> dict[str, Any]:
        self._need("virtualcam", "GetVirtualCamStatus")
        return {"outputActive": self.virtualcam}

    def _r_StartVirtualCam(self) -> dict[str, Any]:
        self._need("virtualcam", "StartVirtualCam")
        return self._output("virtualcam", "VirtualcamStateChanged", True)

    def _r_StopVirtualCam(self) -> dict[str, Any]:
        self._need("virtualcam", "StopVirtualCam")
        return self._output("virtualcam", "VirtualcamStateChanged", False)

    def _need(self, output: str, request: str) -> None:
        if output == "replay" and not self.replay_available:
            raise ObsRequestFailed(request, 604, "Replay buffer is not available.")
        if output == "virtualcam" and not self.virtualcam_available:
            raise ObsRequestFailed(request, 604, "VirtualCam is not available.")

    def _r_GetSourceScreenshot(self, **_: Any) -> dict[str, Any]:
        return {"imageData": "data:image/jpg;base64," + base64.b64encode(TINY_JPEG).decode()}

    def _output(self, attr: str, event: str, active: bool) -> dict[str, Any]:
        if getattr(self, attr) == active:
            raise ObsRequestFailed(event, 500 if active else 501, None)
        setattr(self, attr, active)
        state = "OBS_WEBSOCKET_OUTPUT_" + ("STARTED" if active else "STOPPED")
        if attr in ("streaming", "recording"):
            self.emit(event, outputActive=active, outputState=state, outputPath="/tmp/x.mkv")
        else:
            self.emit(event, outputActive=active, outputState=state)
        return {}

    def _need_scene(self, name: str) -> None:
        if name not in self.scenes:
            raise ObsRequestFailed("SetCurrentProgramScene", 600, f"No source named {name}")


def _status(active: bool) -> dict[str, Any]:
    return {
        "outputActive": active,
        "outputTimecode": "00:00:12.500" if active else "00:00:00.000",
        "outputDuration": 12500 if active else 0,
        "outputBytes": 250_000 if active else 0,
        "outputSkippedFrames": 0,
        "outputTotalFrames": 375 if active else 0,
    }
