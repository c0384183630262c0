"""OBS's answers and events as the console reads them: defensively (a field of the wrong type
or out of range counts as absent, so a malformed answer leaves a figure at zero instead of
breaking the poll or the re-sync), and the names and log details of the outputs."""

from __future__ import annotations

import math
from typing import Any

from app.domain.messages import Message
from app.domain.obs_state import ObsState, OutputStats
from app.domain.timecode import OutputClock, parse_timecode

OUTPUT_NAMES = {
    "stream": Message("output.stream"),
    "record": Message("output.recording"),
    "replay_buffer": Message("output.replay_buffer"),
    "virtualcam": Message("output.virtualcam"),
}
_MAX_FIGURE = 1e15  # larger is not a figure OBS means (a malformed answer)


def number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    if isinstance(value, int):
        return float(value) if abs(value) <= _MAX_FIGURE else 0.0
    return value if math.isfinite(value) and abs(value) <= _MAX_FIGURE else 0.0


def count(value: object) -> int:
    figure = number(value)
    return int(figure) if figure >= 0 else 0


def text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def timecode(value: object) -> str | None:
    return value if isinstance(value, str) and parse_timecode(value) is not None else None


def output_stats(
    stats: dict[str, Any],
    stream: dict[str, Any],
    record: dict[str, Any],
    stream_bytes: int,
    bitrate: float,
) -> OutputStats:
    """The health figures from GetStats, GetStreamStatus and GetRecordStatus."""
    streaming, recording = stream.get("outputActive") is True, record.get("outputActive") is True
    return OutputStats(
        cpu_percent=number(stats.get("cpuUsage")),
        fps=number(stats.get("activeFps")),
        render_skipped=count(stats.get("renderSkippedFrames")),
        render_total=count(stats.get("renderTotalFrames")),
        output_skipped=count(stream.get("outputSkippedFrames")),
        output_total=count(stream.get("outputTotalFrames")),
        stream_timecode=timecode(stream.get("outputTimecode")) if streaming else None,
        record_timecode=timecode(record.get("outputTimecode")) if recording else None,
        stream_bytes=stream_bytes,
        bitrate_kbps=round(bitrate, 1),
    )


def sync_clock(clock: OutputClock, status: dict[str, Any], asked: float, now: float) -> None:
    """An output's clock set from its status answer (its timecode, else its duration), asked for
    at steady time `asked` and read at `now`."""
    seconds = parse_timecode(status.get("outputTimecode"))
    active = status.get("outputActive") is True
    if seconds is None:
        seconds = number(status.get("outputDuration")) / 1000
    paused = status.get("outputPaused") is True
    clock.sync(seconds, asked, active=active, paused=paused, now=now)


def event_detail(name: str, state: ObsState) -> dict[str, Any]:
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
    if name == "ReplayBufferStateChanged":
        return {"active": state.replay_buffer}
    if name == "VirtualcamStateChanged":
        return {"active": state.virtualcam}
    return {"active": state.recording, "path": state.record_path}
