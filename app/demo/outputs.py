"""The simulator's stream and record outputs: status, start, stop, toggle, pause."""

from __future__ import annotations

from typing import Any

from app.demo.fields import timecode
from app.demo.world import FPS, STREAM_BYTES_PER_S, ObsWorld, Output, RequestError


class OutputRequests:
    """The output requests of `Requests` (a mixin over its world)."""

    world: ObsWorld

    def r_GetStreamStatus(self, d: dict[str, Any]) -> dict[str, Any]:
        out, now = self.world.stream, self.world.clock()
        seconds = out.duration(now) if out.active else 0.0
        return {
            "outputActive": out.active,
            "outputReconnecting": False,
            "outputTimecode": timecode(seconds),
            "outputDuration": int(seconds * 1000),
            "outputCongestion": 0.0,
            "outputBytes": int(seconds * STREAM_BYTES_PER_S),
            "outputSkippedFrames": 0,
            "outputTotalFrames": int(seconds * FPS),
        }

    def r_GetRecordStatus(self, d: dict[str, Any]) -> dict[str, Any]:
        out, now = self.world.record, self.world.clock()
        seconds = out.duration(now) if out.active else 0.0
        return {
            "outputActive": out.active,
            "outputPaused": out.paused,
            "outputTimecode": timecode(seconds),
            "outputDuration": int(seconds * 1000),
            "outputBytes": int(seconds * STREAM_BYTES_PER_S * 2),
        }

    def r_StartStream(self, d: dict[str, Any]) -> None:
        self._start("stream", self.world.stream)

    def r_StopStream(self, d: dict[str, Any]) -> None:
        self._stop("stream", self.world.stream)

    def r_ToggleStream(self, d: dict[str, Any]) -> dict[str, Any]:
        active = self.world.stream.active
        (self._stop if active else self._start)("stream", self.world.stream)
        return {"outputActive": not active}

    def r_StartRecord(self, d: dict[str, Any]) -> None:
        self._start("record", self.world.record)

    def r_StopRecord(self, d: dict[str, Any]) -> dict[str, Any]:
        self._stop("record", self.world.record)
        return {"outputPath": self.world.record.path}

    def r_ToggleRecord(self, d: dict[str, Any]) -> dict[str, Any]:
        active = self.world.record.active
        (self._stop if active else self._start)("record", self.world.record)
        return {"outputActive": not active}

    def r_PauseRecord(self, d: dict[str, Any]) -> None:
        self._need_running("record", self.world.record)
        if self.world.record.paused:
            raise RequestError(502, "The record output is paused.")
        self.world.pause_record(True)

    def r_ResumeRecord(self, d: dict[str, Any]) -> None:
        self._need_running("record", self.world.record)
        if not self.world.record.paused:
            raise RequestError(503, "The record output is not paused.")
        self.world.pause_record(False)

    def r_ToggleRecordPause(self, d: dict[str, Any]) -> None:
        self._need_running("record", self.world.record)
        self.world.pause_record(not self.world.record.paused)

    # ----- the replay buffer and the virtual camera (604 when OBS cannot have them) -----------
    def r_GetReplayBufferStatus(self, d: dict[str, Any]) -> dict[str, Any]:
        return {"outputActive": self._replay().active}

    def r_StartReplayBuffer(self, d: dict[str, Any]) -> None:
        self._start("replay_buffer", self._replay())

    def r_StopReplayBuffer(self, d: dict[str, Any]) -> None:
        self._stop_quietly("replay_buffer", self._replay())

    def r_ToggleReplayBuffer(self, d: dict[str, Any]) -> dict[str, Any]:
        active = self._replay().active
        (self._stop_quietly if active else self._start)("replay_buffer", self.world.replay)
        return {"outputActive": not active}

    def r_SaveReplayBuffer(self, d: dict[str, Any]) -> None:
        if not self._replay().active:
            raise RequestError(501)  # OBS gives no comment here
        self.world.save_replay()

    def r_GetLastReplayBufferReplay(self, d: dict[str, Any]) -> dict[str, Any]:
        if not self._replay().active:
            raise RequestError(501)
        return {"savedReplayPath": self.world.last_replay or ""}

    def r_GetVirtualCamStatus(self, d: dict[str, Any]) -> dict[str, Any]:
        return {"outputActive": self._virtualcam().active}

    def r_StartVirtualCam(self, d: dict[str, Any]) -> None:
        self._start("virtualcam", self._virtualcam())

    def r_StopVirtualCam(self, d: dict[str, Any]) -> None:
        self._stop_quietly("virtualcam", self._virtualcam())

    def r_ToggleVirtualCam(self, d: dict[str, Any]) -> dict[str, Any]:
        active = self._virtualcam().active
        (self._stop_quietly if active else self._start)("virtualcam", self.world.virtualcam)
        return {"outputActive": not active}

    def _replay(self) -> Output:
        if not self.world.replay_available:
            raise RequestError(604, "Replay buffer is not available.")
        return self.world.replay

    def _virtualcam(self) -> Output:
        if not self.world.virtualcam_available:
            raise RequestError(604, "VirtualCam is not available.")
        return self.world.virtualcam

    def _stop_quietly(self, which: str, output: Output) -> None:
        """OBS 29 answers 501 without a comment for these two."""
        if not output.active:
            raise RequestError(501)
        self.world.stop_output(which)

    def _start(self, which: str, output: Output) -> None:
        if output.active:
            if which in ("replay_buffer", "virtualcam"):  # OBS 29: no comment for these
                raise RequestError(500)
            raise RequestError(500, f"The {which} output is already running.")
        self.world.start_output(which)

    def _stop(self, which: str, output: Output) -> None:
        self._need_running(which, output)
        self.world.stop_output(which)

    @staticmethod
    def _need_running(which: str, output: Output) -> None:
        # OBS 29 refuses a stop between STARTING and STARTED as it refuses one when stopped
        if not output.active or output.starting:
            raise RequestError(501, f"The {which} output is not running.")
