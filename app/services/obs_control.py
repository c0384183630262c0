"""OBS as the show sees it: state kept in sync with OBS's events, and the actions on it."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from app.domain import log_events as kinds
from app.domain.messages import Message
from app.domain.obs_state import ObsState, OutputStats, apply_event, scenes_in_ui_order
from app.domain.timecode import OutputClock, parse_timecode
from app.services.errors import NotFound, ObsRequestFailed, ObsUnavailable, WrongState
from app.services.event_bus import EventBus
from app.services.events import (
    Event,
    ObsConnected,
    ObsConnecting,
    ObsDisconnected,
    ObsStats,
    PreviewSceneChanged,
    ProgramSceneChanged,
    RecordChanged,
    ScenesChanged,
    StreamChanged,
    StudioModeChanged,
)
from app.services.ports import ConnectProblem, ObsGateway, ObsVersion
from app.services.session import ShowRecorder
from app.services.state import ObsSlice

log = logging.getLogger(__name__)

_STATE_EVENTS: dict[str, Callable[[ObsState], Event]] = {
    # OBS's event -> the bus's, from the state it left
    "CurrentProgramSceneChanged": lambda s: ProgramSceneChanged(s.program_scene),
    "CurrentPreviewSceneChanged": lambda s: PreviewSceneChanged(s.preview_scene),
    "StudioModeStateChanged": lambda s: StudioModeChanged(s.studio_mode, s.preview_scene),
    "SceneListChanged": lambda s: ScenesChanged(s.scenes),
    "StreamStateChanged": lambda s: StreamChanged(s.streaming),
    "RecordStateChanged": lambda s: RecordChanged(s.recording, s.record_path),
}


class ObsControl:
    def __init__(
        self,
        gateway: ObsGateway,
        recorder: ShowRecorder,
        bus: EventBus,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._obs, self._recorder, self._bus, self._clock = gateway, recorder, bus, clock
        self.state = ObsState()
        self.problem: ConnectProblem | None = None
        self.attempts = 0
        self.stream_clock = OutputClock()
        self.record_clock = OutputClock()
        self._last_stream_bytes: tuple[float, int] | None = None
        self._chapters_unsupported = False
        recorder.set_timecode_source(self.timecodes)
        gateway.set_event_handler(self.on_obs_event)

    def as_slice(self) -> ObsSlice:
        """OBS as the window's panels and /api/state show it."""
        state = self.state
        return ObsSlice(
            connected=state.connected,
            program_scene=state.program_scene,
            preview_scene=state.preview_scene if state.studio_mode else None,
            studio_mode=state.studio_mode,
            scenes=state.scenes,
            streaming=state.streaming,
            recording=state.recording,
            obs_version=state.obs_version,
            websocket_version=state.websocket_version,
            problem=self.problem,
            stats=state.stats,
        )

    # ----- timecodes -------------------------------------------------------------------------
    def timecodes(self, wall: float) -> tuple[float | None, float | None]:
        return self.stream_clock.at(wall), self.record_clock.at(wall)

    # ----- connection life -------------------------------------------------------------------
    def connecting(self, attempt: int) -> None:
        self.attempts = attempt
        self._bus.publish(ObsConnecting(attempt))

    async def resync(self, version: ObsVersion) -> None:
        """Read everything the console shows from OBS; runs on every (re)connect."""
        scene_list = await self._obs.call("GetSceneList")
        studio = await self._obs.call("GetStudioModeEnabled")
        stream = await self._obs.call("GetStreamStatus")
        record = await self._obs.call("GetRecordStatus")
        now = self._clock()
        studio_mode = studio.get("studioModeEnabled") is True
        self.state = replace(
            self.state,
            connected=True,
            obs_version=version.obs_version,
            websocket_version=version.websocket_version,
            scenes=scenes_in_ui_order(scene_list.get("scenes", [])),
            program_scene=_text(scene_list.get("currentProgramSceneName")),
            preview_scene=_text(scene_list.get("currentPreviewSceneName")) if studio_mode else None,
            studio_mode=studio_mode,
            streaming=stream.get("outputActive") is True,
            recording=record.get("outputActive") is True,
        )
        self._sync_clock(self.stream_clock, stream, now)
        self._sync_clock(self.record_clock, record, now)
        self.problem = None
        self._recorder.record(
            kinds.OBS_CONNECTED,
            obs_version=version.obs_version,
            websocket_version=version.websocket_version,
            program_scene=self.state.program_scene,
        )
        self._bus.publish(ObsConnected(self.state))

    def disconnected(self, problem: ConnectProblem | None) -> None:
        was_connected = self.state.connected
        self.problem = problem
        self.state = replace(self.state, connected=False)
        if was_connected:
            self._recorder.record(kinds.OBS_DISCONNECTED, reason=problem.message if problem else "")
        self._bus.publish(ObsDisconnected(problem))

    # ----- OBS events (on the loop) ----------------------------------------------------------
    def on_obs_event(self, name: str, data: dict[str, Any]) -> None:
        if name == "ExitStarted":
            log.info("OBS is exiting")
            return
        new = apply_event(self.state, name, data)
        if new is self.state:
            return
        self.state = new
        now = self._clock()
        if name == "StreamStateChanged":
            self._follow_output(self.stream_clock, new.streaming, now)
        elif name == "RecordStateChanged":
            self._follow_output(self.record_clock, new.recording, now)
        kind = kinds.OBS_EVENT_KINDS[name]
        detail = _event_detail(name, new)
        self._recorder.record(kind, **detail)
        self._bus.publish(_STATE_EVENTS[name](new))

    @staticmethod
    def _follow_output(clock: OutputClock, active: bool, now: float) -> None:
        if active and not clock.active:
            clock.start(now)
        elif not active:
            clock.stop()

    # ----- actions ---------------------------------------------------------------------------
    def _require_connected(self) -> None:
        if not self.state.connected:
            raise ObsUnavailable("OBS is not connected")

    async def switch_scene(self, scene: str, *, origin: str = "console") -> str:
        """Put a scene on program (in studio mode: on preview). Returns where it went."""
        self._require_connected()
        if scene not in self.state.scenes:
            raise NotFound(Message("obs.no_scene_named", scene=scene))
        if self.state.studio_mode:
            await self._obs.call("SetCurrentPreviewScene", sceneName=scene)
            target = "preview"
        else:
            await self._obs.call("SetCurrentProgramScene", sceneName=scene)
            target = "program"
        self._recorder.record(kinds.ACTION_SCENE, scene=scene, target=target, origin=origin)
        return target

    async def set_studio_mode(self, enabled: bool, *, origin: str = "console") -> None:
        self._require_connected()
        await self._obs.call("SetStudioModeEnabled", studioModeEnabled=enabled)
        self._recorder.record(kinds.ACTION_STUDIO_MODE, enabled=enabled, origin=origin)
        # obs-websocket-py's Identify omits the Ui events; the gateway re-subscribes, and this
        # keeps the state right even if StudioModeStateChanged is late.
        self.on_obs_event("StudioModeStateChanged", {"studioModeEnabled": enabled})

    async def transition(self, *, origin: str = "console") -> None:
        self._require_connected()
        if not self.state.studio_mode:
            raise WrongState(Message("obs.studio_mode_only"))
        await self._obs.call("TriggerStudioModeTransition")
        self._recorder.record(
            kinds.ACTION_TRANSITION, preview=self.state.preview_scene, origin=origin
        )

    async def set_output(self, output: str, action: str, *, origin: str = "console") -> None:
        """Start or stop the stream or the recording."""
        self._require_connected()
        if output not in ("stream", "record") or action not in ("start", "stop"):
            raise NotFound(f"unknown output action {output}/{action}")
        active = self.state.streaming if output == "stream" else self.state.recording
        if action == "start" and active:
            raise WrongState(Message("obs.output_running", output=_OUTPUT_NAMES[output]))
        if action == "stop" and not active:
            raise WrongState(Message("obs.output_not_running", output=_OUTPUT_NAMES[output]))
        request = ("Start" if action == "start" else "Stop") + (
            "Stream" if output == "stream" else "Record"
        )
        await self._obs.call(request)
        kind = kinds.ACTION_STREAM if output == "stream" else kinds.ACTION_RECORD
        self._recorder.record(kind, action=action, origin=origin)

    async def record_chapter(self, name: str) -> bool:
        """A chapter in the recording file (obs-websocket 5.5+ with a Hybrid MP4 recording);
        False where OBS cannot (older OBS: remembered, not asked again; not recording)."""
        if not (self.state.connected and self.state.recording) or self._chapters_unsupported:
            return False
        try:
            await self._obs.call("CreateRecordChapter", chapterName=name[:100])
        except ObsRequestFailed as exc:
            if exc.code == 204:  # unknown request: this OBS predates 5.5
                self._chapters_unsupported = True
            log.info("no recording chapter: %s", exc)
            return False
        return True

    # ----- health figures (every 2 s) --------------------------------------------------------
    async def poll_stats(self) -> OutputStats:
        stats = await self._obs.call("GetStats")
        stream = await self._obs.call("GetStreamStatus")
        record = await self._obs.call("GetRecordStatus")
        now = self._clock()
        self._sync_clock(self.stream_clock, stream, now)
        self._sync_clock(self.record_clock, record, now)
        stream_bytes = _count(stream.get("outputBytes"))
        bitrate = 0.0
        if self._last_stream_bytes and stream.get("outputActive") is True:
            then, before = self._last_stream_bytes
            if now > then and stream_bytes >= before:
                bitrate = (stream_bytes - before) * 8 / 1000 / (now - then)
        self._last_stream_bytes = (now, stream_bytes)
        streaming, recording = (
            stream.get("outputActive") is True,
            record.get("outputActive") is True,
        )
        figures = OutputStats(
            cpu_percent=_number(stats.get("cpuUsage")),
            fps=_number(stats.get("activeFps")),
            render_skipped=_count(stats.get("renderSkippedFrames")),
            render_total=_count(stats.get("renderTotalFrames")),
            output_skipped=_count(stream.get("outputSkippedFrames")),
            output_total=_count(stream.get("outputTotalFrames")),
            stream_timecode=_timecode(stream.get("outputTimecode")) if streaming else None,
            record_timecode=_timecode(record.get("outputTimecode")) if recording else None,
            stream_bytes=stream_bytes,
            bitrate_kbps=round(bitrate, 1),
        )
        self.state = replace(self.state, stats=figures, streaming=streaming, recording=recording)
        self._bus.publish(ObsStats(figures))
        return figures

    @staticmethod
    def _sync_clock(clock: OutputClock, status: dict[str, Any], now: float) -> None:
        seconds = parse_timecode(status.get("outputTimecode"))
        active = status.get("outputActive") is True
        if seconds is None:
            seconds = _number(status.get("outputDuration")) / 1000
        clock.sync(seconds, now, active=active, paused=status.get("outputPaused") is True)


_OUTPUT_NAMES = {"stream": Message("output.stream"), "record": Message("output.recording")}
_MAX_FIGURE = 1e15  # larger is not a figure OBS means (a malformed answer)


# OBS's answers are read defensively: a field of the wrong type or out of range counts as absent,
# so a malformed answer leaves a figure at zero instead of breaking the poll or the re-sync.
def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    if isinstance(value, int):
        return float(value) if abs(value) <= _MAX_FIGURE else 0.0
    return value if math.isfinite(value) and abs(value) <= _MAX_FIGURE else 0.0


def _count(value: object) -> int:
    number = _number(value)
    return int(number) if number >= 0 else 0


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _timecode(value: object) -> str | None:
    return value if isinstance(value, str) and parse_timecode(value) is not None else None


def _event_detail(name: str, state: ObsState) -> dict[str, Any]:
    if name == "CurrentProgramSceneChanged":
        return {"scene": state.program_scene}
    if name == "CurrentPreviewSceneChanged":
        return {"scene": state.preview_scene}
    if name == "StudioModeStateChanged":
        return {"enabled": state.studio_mode, "preview_scene": state.preview_scene}
    if name == "SceneListChanged":
        return {"scenes": list(state.scenes)}
    if name == "StreamStateChanged":
        return {"active": state.streaming}
    return {"active": state.recording, "path": state.record_path}
