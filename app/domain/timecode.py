"""Output timecodes: OBS's "HH:MM:SS.mmm" strings and a clock that runs between polls."""

from __future__ import annotations

import math
from dataclasses import dataclass


def parse_timecode(text: str | None) -> float | None:
    """'01:02:03.450' -> 3723.45 seconds; None or malformed (not text, negative, not finite,
    thousands of digits) -> None."""
    if not text or not isinstance(text, str) or len(text) > 40:
        return None
    try:
        hours, minutes, seconds = text.split(":")
        value = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def format_timecode(seconds: float) -> str:
    """3723.45 -> '01:02:03.450' (OBS's own shape)."""
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


@dataclass
class OutputClock:
    """Where an output (stream or record) is at any wall time, anchored on the last status poll.

    OBS reports the output duration only when asked; between polls the clock runs on with the wall
    clock, so an event logged between two polls still gets its timecode. Paused recordings stop it.
    """

    active: bool = False
    paused: bool = False
    anchor_seconds: float = 0.0
    anchor_wall: float = 0.0

    def start(self, wall: float) -> None:
        self.active, self.paused = True, False
        self.anchor_seconds, self.anchor_wall = 0.0, wall

    def stop(self) -> None:
        self.active, self.paused = False, False

    def sync(self, seconds: float, wall: float, *, active: bool, paused: bool = False) -> None:
        self.active, self.paused = active, paused
        self.anchor_seconds, self.anchor_wall = seconds, wall

    def at(self, wall: float) -> float | None:
        if not self.active:
            return None
        if self.paused:
            return self.anchor_seconds
        return self.anchor_seconds + max(0.0, wall - self.anchor_wall)
