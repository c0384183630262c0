"""OBS as the show sees it: state kept in sync with OBS's events, and the actions on it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from app.domain import log_events as kinds
from app.domain.messages import Message
from app.domain.obs_state import ObsState, OutputStats, apply_event, scenes_in_ui_order
from app.domain.timecode import OutputClock
from app.services.errors import NotFound, ObsRequestFailed, ObsUnavailable, WrongState
from app.services.event_bus import EventBus
from app.services.events import (
    Event,
    ObsConnected,
    ObsConnecting,
    ObsDisconnected,
    ObsStats,
    OutputPhasesChanged,
    PreviewSceneChanged,
    ProgramSceneChanged,
    RecordChanged,
    ReplayBufferChanged,
    ScenesChanged,
    StreamChanged,
    StudioModeChanged,
    VirtualCamChanged,
)
from app.services.obs_answers import (
    count,
    event_detail,
    output_stats,
    sync_clock,
    text,
)
from app.services.obs_outputs import NOT_AVAILABLE, STOP_WAIT_S, ObsOutputs
from app.services.output_phases import OutputPhases
from app.services.ports import ConnectProblem, ObsGateway, ObsVersion
from app.services.replay_paths import ReplayPaths
from app.services.session import ShowRecorder
from app.services.state import ObsSlice

log = logging.getLogger(__name__)

_STATE_EVENTS: dict[str, Callable[[ObsState], Event]] = {
    # OBS's event -> the bus's, from the state it left
    "CurrentProgramSceneChanged": lambda s: ProgramSceneChanged(s.program_scene),
    "CurrentPreviewSceneChanged": lambda s: PreviewSceneChanged(s.preview_scene),
    "StudioModeStateChanged": lambda s: StudioModeChanged(s.studio_mode, s.preview_scene),
    "SceneListChanged": lambda s: ScenesChanged(s.scenes),
    "StreamStateChanged": lambda s: StreamChanged(s.streaming, s.stream_reconnecting),
    "RecordStateChanged": lambda s: RecordChanged(s.recording, s.record_path),
    "ReplayBufferStateChanged": lambda s: ReplayBufferChanged(s.replay_buffer),
    "VirtualcamStateChanged": lambda s: VirtualCamChanged(s.virtualcam),
}
# each output's OBS state event (its log kind and the bus's event come from it)
_OUTPUT_EVENTS = {
    "stream": "StreamStateChanged",
    "record": "RecordStateChanged",
    "replay_buffer": "ReplayBufferStateChanged",
    "virtualcam": "VirtualcamStateChanged",
}
_RESOURCE_NOT_FOUND = 600  # e.g. a scene OBS no longer has (renamed or removed meanwhile)


class ObsControl(ObsOutputs):
    """The connection's life, OBS's events and scenes; the outputs' actions are ObsOutputs'.

    `clock` is the steady clock the outputs' timecodes run on between polls (monotonic: the wall
    clock is the log entries' time, and a step of it, as NTP makes, must not move a timecode)."""

    def __init__(
        self,
        gateway: ObsGateway,
        recorder: ShowRecorder,
        bus: EventBus,
        *,
        clock: Callable[[], float] = time.monotonic,
        stop_wait_s: float = STOP_WAIT_S,
    ) -> None:
        self._obs, self._recorder, self._bus, self._clock = gateway, recorder, bus, clock
        self.stop_wait_s = stop_wait_s
        self._phases = OutputPhases(
            on_change=lambda starting, stopping: bus.publish(
                OutputPhasesChanged(starting, stopping)
            )
        )
        self.state = ObsState()
        self.problem: ConnectProblem | None = None
        self.attempts = 0
        self.stream_clock = OutputClock()
        self.record_clock = OutputClock()
        self._last_stream_bytes: tuple[float, int] | None = None
        self._chapters_unsupported = False
        # OBS's frame rate (fpsNumerator, fpsDenominator), logged on the recording's entries; read
        # at every re-sync, before the console starts a recording and once one has started
        self._video_rate: tuple[int, int] | None = None
        self._rate_stale = False
        self._replay_paths = ReplayPaths()
        self._nudges: set[asyncio.Task[None]] = set()  # starts to send again if OBS did nothing
        self._late_stops: set[asyncio.Task[None]] = set()
        self._last_press: dict[str, str] = {}
        self._starts_waiting: dict[str, int] = {}
        # which outputs ran when the connection was lost: the re-sync logs what changed meanwhile
        self._running_at_loss: dict[str, bool] | None = None
        recorder.set_timecode_source(self.timecodes)
        gateway.set_event_handler(self.on_obs_event)

    def as_slice(self) -> ObsSlice:
        """OBS as the window's panels and /api/state show it."""
        state = self.state
        starting, stopping = self._phases.between()
        return ObsSlice(
            connected=state.connected,
            program_scene=state.program_scene,
            preview_scene=state.preview_scene if state.studio_mode else None,
            studio_mode=state.studio_mode,
            scenes=state.scenes,
            streaming=state.streaming,
            recording=state.recording,
            stream_reconnecting=state.stream_reconnecting,
            obs_version=state.obs_version,
            websocket_version=state.websocket_version,
            problem=self.problem,
            stats=state.stats,
            replay_buffer=state.replay_buffer,
            replay_buffer_available=state.replay_buffer_available,
            virtualcam=state.virtualcam,
            virtualcam_available=state.virtualcam_available,
            starting=starting,
            stopping=stopping,
        )

    # ----- timecodes -------------------------------------------------------------------------
    def timecodes(self, wall: float) -> tuple[float | None, float | None]:
        """The outputs' timecodes for an entry logged at wall time `wall`: where they are now on
        the steady clock (the wall time is the entry's, never what the timecodes run on)."""
        now = self._clock()
        return self.stream_clock.at(now), self.record_clock.at(now)

    async def _status(self, request: str) -> tuple[dict[str, Any], float]:
        """An output's status and the steady time it was asked for: OBS measured it then or a
        little later, however long its answer waited for the console to read it."""
        asked = self._clock()
        return await self._obs.call(request), asked

    # ----- connection life -------------------------------------------------------------------
    def connecting(self, attempt: int) -> None:
        self.attempts = attempt
        self._bus.publish(ObsConnecting(attempt))

    async def resync(self, version: ObsVersion) -> None:
        """Read everything the console shows from OBS; runs on every (re)connect."""
        scene_list = await self._obs.call("GetSceneList")
        studio = await self._obs.call("GetStudioModeEnabled")
        stream, stream_asked = await self._status("GetStreamStatus")
        record, record_asked = await self._status("GetRecordStatus")
        replay_buffer, replay_available = await self._optional_output("GetReplayBufferStatus")
        virtualcam, virtualcam_available = await self._optional_output("GetVirtualCamStatus")
        await self._read_video_rate()
        now = self._clock()
        studio_mode = studio.get("studioModeEnabled") is True
        before, self._running_at_loss = self._running_at_loss, None
        streaming = stream.get("outputActive") is True
        recording = record.get("outputActive") is True
        record_path = self.state.record_path
        if recording and before is not None and not before["record"]:
            record_path = None  # a recording started while cut off: its file is not known yet
        self.state = replace(
            self.state,
            connected=True,
            obs_version=version.obs_version,
            websocket_version=version.websocket_version,
            scenes=scenes_in_ui_order(scene_list.get("scenes", [])),
            program_scene=text(scene_list.get("currentProgramSceneName")),
            preview_scene=text(scene_list.get("currentPreviewSceneName")) if studio_mode else None,
            studio_mode=studio_mode,
            streaming=streaming,
            stream_reconnecting=streaming and stream.get("outputReconnecting") is True,
            recording=recording,
            record_path=record_path,
            replay_buffer=replay_buffer,
            replay_buffer_available=replay_available,
            virtualcam=virtualcam,
            virtualcam_available=virtualcam_available,
        )
        sync_clock(self.stream_clock, stream, stream_asked, now)
        sync_clock(self.record_clock, record, record_asked, now)
        self._phases.reset()
        self.problem = None
        self._recorder.record(
            kinds.OBS_CONNECTED,
            obs_version=version.obs_version,
            websocket_version=version.websocket_version,
            program_scene=self.state.program_scene,
            streaming=streaming,  # still on after a loss: their timecodes are followed again
            recording=recording,
        )
        if before is not None:
            self._log_changed_while_cut_off(before)
        self._bus.publish(ObsConnected(self.state))

    def _log_changed_while_cut_off(self, before: dict[str, bool]) -> None:
        """Log each output that ended (or started) while the connection was gone, as OBS's own
        event would have: the log must say that the stream or the recording ended."""
        for output, event in _OUTPUT_EVENTS.items():
            was, now = before[output], self.is_running(output)
            if was == now:
                continue
            detail = event_detail(event, self.state)
            detail["reason"] = (
                "started while OBS was disconnected" if now else "ended while OBS was disconnected"
            )
            self._recorder.record(kinds.OBS_EVENT_KINDS[event], **detail)
            self._bus.publish(_STATE_EVENTS[event](self.state))

    def _running(self) -> dict[str, bool]:
        return {output: self.is_running(output) for output in _OUTPUT_EVENTS}

    def _logged_detail(self, name: str) -> dict[str, Any]:
        """An OBS state event's log details; a recording's entries carry OBS's frame rate."""
        detail = event_detail(name, self.state)
        if name == "RecordStateChanged" and self._video_rate is not None:
            detail["fps_numerator"], detail["fps_denominator"] = self._video_rate
        return detail

    async def _optional_output(self, request: str) -> tuple[bool, bool | None]:
        """(running, available) of the replay buffer or the virtual camera. OBS refuses the
        status itself when the output cannot exist (off in its settings, no camera device):
        that is "not running, not available", never a reason to fail the re-sync."""
        try:
            status = await self._obs.call(request)
        except ObsRequestFailed as exc:
            log.info("%s: %s", request, exc)
            return False, False if exc.code == NOT_AVAILABLE else None
        return status.get("outputActive") is True, True

    def disconnected(self, problem: ConnectProblem | None) -> None:
        """The connection is gone (or an attempt failed). What OBS's outputs do is unknown
        until the re-sync: none is shown running, and events get no output timecodes meanwhile
        (the clocks would run on, for outputs that may have ended)."""
        was_connected = self.state.connected
        self.problem = problem
        if was_connected:
            self._running_at_loss = self._running()
            # stamped with the timecodes at the loss, the last ones known
            self._recorder.record(kinds.OBS_DISCONNECTED, reason=problem.message if problem else "")
        self.stream_clock.stop()
        self.record_clock.stop()
        self._last_stream_bytes = None
        self.state = self.state.cut_off()
        self._phases.reset()
        self._replay_paths.lost()
        self._bus.publish(ObsDisconnected(problem))

    # ----- OBS events (on the loop) ----------------------------------------------------------
    def on_obs_event(self, name: str, data: dict[str, Any]) -> None:
        self._follow_event(name, data)
        self._stop_started()  # a stop pressed while the output started goes once it runs

    def _follow_event(self, name: str, data: dict[str, Any]) -> None:
        if name == "ExitStarted":
            log.info("OBS is exiting")
            return
        if name == "ReplayBufferSaved":
            self._replay_saved(text(data.get("savedReplayPath")))
            return
        self._phases.follow(name, data)  # STOPPED after STOPPING leaves the state as it was
        old, new = self.state, apply_event(self.state, name, data)
        if new is old:
            return
        self.state = new
        now = self._clock()
        if name == "StreamStateChanged":
            self._follow_output(self.stream_clock, new.streaming, now)
        elif name == "RecordStateChanged":
            self._follow_output(self.record_clock, new.recording, now)
        if name == "SceneNameChanged":  # a changed state means both names are text
            self._scene_renamed(old, new, str(data["oldSceneName"]), str(data["sceneName"]))
            return
        detail = self._logged_detail(name)
        if name == "RecordStateChanged":
            self._rate_stale = self._rate_stale or new.recording  # read again on the next poll
        if name == "StreamStateChanged" and (old.stream_reconnecting or new.stream_reconnecting):
            detail["reconnecting"] = new.stream_reconnecting  # the drop, and its end
        self._recorder.record(kinds.OBS_EVENT_KINDS[name], **detail)
        self._bus.publish(_STATE_EVENTS[name](new))

    def _scene_renamed(self, old: ObsState, new: ObsState, before: str, after: str) -> None:
        """A scene renamed in OBS (which then sends no SceneListChanged): the scene list, and
        the program or preview scene if it was the one renamed."""
        self._recorder.record(kinds.OBS_SCENE_RENAMED, old=before, scene=after)
        self._bus.publish(ScenesChanged(new.scenes, renamed=(before, after)))
        if new.program_scene != old.program_scene:
            self._bus.publish(ProgramSceneChanged(new.program_scene))
        if new.preview_scene != old.preview_scene:
            self._bus.publish(PreviewSceneChanged(new.preview_scene))

    @staticmethod
    def _follow_output(clock: OutputClock, active: bool, now: float) -> None:
        if active and not clock.active:
            clock.start(now)
        elif not active:
            clock.stop()

    # ----- actions ---------------------------------------------------------------------------
    async def switch_scene(self, scene: str, *, origin: str = "console") -> str:
        """Put a scene on program (in studio mode: on preview). Returns where it went."""
        self._require_connected()
        if scene not in self.state.scenes:
            raise NotFound(Message("obs.no_scene_named", scene=scene))
        target = "preview" if self.state.studio_mode else "program"
        request = "SetCurrentPreviewScene" if target == "preview" else "SetCurrentProgramScene"
        try:
            await self._obs.call(request, sceneName=scene)
        except ObsRequestFailed as exc:
            if exc.code == _RESOURCE_NOT_FOUND:  # gone from OBS before its event reached us
                raise NotFound(Message("obs.no_scene_named", scene=scene)) from exc
            raise
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
        if self._rate_stale:  # a recording began since: its frame rate, for its stop entry
            await self._read_video_rate()
            self._rate_stale = False
        stats = await self._obs.call("GetStats")
        stream, stream_asked = await self._status("GetStreamStatus")
        record, record_asked = await self._status("GetRecordStatus")
        if not self.state.connected:  # lost meanwhile: the answers are of a connection gone
            raise ObsUnavailable("OBS is not connected")
        now = self._clock()
        sync_clock(self.stream_clock, stream, stream_asked, now)
        sync_clock(self.record_clock, record, record_asked, now)
        stream_bytes = count(stream.get("outputBytes"))
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
        for output, active in (("stream", streaming), ("record", recording)):
            if active and self._phases.starting(output):  # its STARTED event was missed
                self._phases.forget_start(output)
        self._phases.expire_starts()  # a start OBS took and never acted on: press again
        figures = output_stats(stats, stream, record, stream_bytes, bitrate)
        self.state = replace(
            self.state,
            stats=figures,
            streaming=streaming,
            stream_reconnecting=self.state.stream_reconnecting and streaming,
            recording=recording,
        )
        self._bus.publish(ObsStats(figures))
        self._stop_started()  # its STARTED event was missed: the stop pressed meanwhile goes
        return figures
