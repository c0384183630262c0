"""What the console knows about OBS, and how OBS's events change it. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class OutputStats:
    """The figures shown beside the stream and record buttons (GetStats + output status)."""

    cpu_percent: float = 0.0
    fps: float = 0.0
    render_skipped: int = 0
    render_total: int = 0
    output_skipped: int = 0
    output_total: int = 0
    stream_timecode: str | None = None
    record_timecode: str | None = None
    stream_bytes: int = 0
    bitrate_kbps: float = 0.0


@dataclass(frozen=True)
class ObsState:
    connected: bool = False
    obs_version: str | None = None
    websocket_version: str | None = None
    scenes: tuple[str, ...] = ()  # in OBS's own UI order, top first
    program_scene: str | None = None
    preview_scene: str | None = None
    studio_mode: bool = False
    streaming: bool = False
    # the stream dropped and OBS is reconnecting it (RECONNECTING, until RECONNECTED or a stop)
    stream_reconnecting: bool = False
    recording: bool = False
    record_path: str | None = None
    stats: OutputStats = field(default_factory=OutputStats)
    replay_buffer: bool = False
    # None: not asked yet; False: OBS has it switched off in its settings (a profile setting
    # obs-websocket cannot change), so it cannot be started from here.
    replay_buffer_available: bool | None = None
    virtualcam: bool = False
    virtualcam_available: bool | None = None  # False: OBS has no virtual-camera device

    def as_api(self) -> dict[str, Any]:
        return {
            "connected": self.connected,
            "program_scene": self.program_scene,
            "preview_scene": self.preview_scene if self.studio_mode else None,
            "studio_mode": self.studio_mode,
            "scenes": list(self.scenes),
            "streaming": self.streaming,
            "recording": self.recording,
            "obs_version": self.obs_version,
            "websocket_version": self.websocket_version,
            "virtualcam": self.virtualcam,
            "replay_buffer": self.replay_buffer,
            "stream_reconnecting": self.stream_reconnecting,
        }

    def cut_off(self) -> ObsState:
        """The state once the connection is gone: the scenes as last seen, but no output known
        to run and no live figures (the re-sync reads them again)."""
        return replace(
            self,
            connected=False,
            streaming=False,
            stream_reconnecting=False,
            recording=False,
            replay_buffer=False,
            virtualcam=False,
            stats=OutputStats(),
        )


def scenes_in_ui_order(api_scenes: object) -> tuple[str, ...]:
    """GetSceneList returns scenes bottom-first; OBS's list shows the highest sceneIndex on top.
    Entries that are not a scene with a name (a malformed answer) are left out."""
    if not isinstance(api_scenes, list):
        return ()
    named = [s for s in api_scenes if isinstance(s, dict) and isinstance(s.get("sceneName"), str)]
    ordered = sorted(named, key=lambda s: _index(s.get("sceneIndex")), reverse=True)
    return tuple(s["sceneName"] for s in ordered)


def _index(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _name(value: object) -> str | None:
    """A scene name from an event: text, or None when OBS sent something else."""
    return value if isinstance(value, str) else None


_ACTIVE_STATES = {
    "OBS_WEBSOCKET_OUTPUT_STARTED",
    "OBS_WEBSOCKET_OUTPUT_RECONNECTING",
    "OBS_WEBSOCKET_OUTPUT_RECONNECTED",
    "OBS_WEBSOCKET_OUTPUT_PAUSED",
    "OBS_WEBSOCKET_OUTPUT_RESUMED",
}


def apply_event(state: ObsState, name: str, data: dict[str, Any]) -> ObsState:
    """Return the state after an obs-websocket event; the same object when nothing changed.

    OBS repeats CurrentProgramSceneChanged with an unchanged name when studio mode toggles, so an
    unchanged value must come back as the very same state for the caller to de-duplicate.
    """
    if name == "CurrentProgramSceneChanged":
        scene = _name(data.get("sceneName"))
        if scene is None or scene == state.program_scene:
            return state
        return replace(state, program_scene=scene)
    if name == "CurrentPreviewSceneChanged":
        scene = _name(data.get("sceneName"))
        if scene is None or scene == state.preview_scene:
            return state
        return replace(state, preview_scene=scene)
    if name == "SceneListChanged":
        if not isinstance(data.get("scenes"), list):
            return state
        scenes = scenes_in_ui_order(data["scenes"])
        return state if scenes == state.scenes else replace(state, scenes=scenes)
    if name == "SceneNameChanged":  # a rename in OBS: no SceneListChanged follows
        return _renamed(state, _name(data.get("oldSceneName")), _name(data.get("sceneName")))
    if name == "StudioModeStateChanged":
        enabled = data.get("studioModeEnabled")
        if not isinstance(enabled, bool) or enabled == state.studio_mode:
            return state
        # Entering studio mode, OBS silently makes the preview the program scene.
        preview = state.program_scene if enabled else None
        return replace(state, studio_mode=enabled, preview_scene=preview)
    if name == "StreamStateChanged":
        active = _is_active(data)
        reconnecting = _reconnecting(data, state.stream_reconnecting) and active
        if active == state.streaming and reconnecting == state.stream_reconnecting:
            return state
        return replace(state, streaming=active, stream_reconnecting=reconnecting)
    if name == "RecordStateChanged":
        active = _is_active(data)
        path = _name(data.get("outputPath")) or state.record_path
        if active == state.recording and path == state.record_path:
            return state
        return replace(state, recording=active, record_path=path)
    if name == "ReplayBufferStateChanged":
        active = _is_active(data)
        if active == state.replay_buffer and state.replay_buffer_available:
            return state
        return replace(state, replay_buffer=active, replay_buffer_available=True)
    if name == "VirtualcamStateChanged":
        active = _is_active(data)
        if active == state.virtualcam and state.virtualcam_available:
            return state
        return replace(state, virtualcam=active, virtualcam_available=True)
    return state


def _renamed(state: ObsState, old: str | None, new: str | None) -> ObsState:
    """The state with scene `old` called `new` (in the list, on program and on preview)."""
    if old is None or new is None or old == new:
        return state
    if old not in state.scenes and old not in (state.program_scene, state.preview_scene):
        return state
    return replace(
        state,
        scenes=tuple(new if scene == old else scene for scene in state.scenes),
        program_scene=new if state.program_scene == old else state.program_scene,
        preview_scene=new if state.preview_scene == old else state.preview_scene,
    )


def _reconnecting(data: dict[str, Any], before: bool) -> bool:
    """Whether a stream event says OBS is reconnecting the dropped stream: from RECONNECTING
    until RECONNECTED, a restart or a stop (a pause or a resume keeps it as it was)."""
    state = data.get("outputState")
    if state == "OBS_WEBSOCKET_OUTPUT_RECONNECTING":
        return True
    if state in ("OBS_WEBSOCKET_OUTPUT_PAUSED", "OBS_WEBSOCKET_OUTPUT_RESUMED"):
        return before
    return False


def _is_active(data: dict[str, Any]) -> bool:
    state = data.get("outputState")
    active = data.get("outputActive") is True
    if not isinstance(state, str):
        return active
    return state in _ACTIVE_STATES or (active and state != "OBS_WEBSOCKET_OUTPUT_STOPPING")
