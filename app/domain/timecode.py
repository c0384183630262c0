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


# A poll's figure this much (or less) behind a timecode the clock already gave out is the same run
# of the output, OBS's answer read a little late or early (the poll's own uncertainty): the clock
# holds until OBS's figure catches up instead of going back. Further back, OBS started it again.
JITTER_S = 5.0


@dataclass
class OutputClock:
    """Where an output (stream or record) is at any moment, anchored on the last status poll.

    OBS reports the output duration only when asked; between polls the clock runs on with the
    console's steady clock (monotonic: a step of the wall clock, as NTP makes, must not move a
    timecode), so an event logged between two polls still gets its timecode. OBS's figure counts
    from when it was asked for: its answer may wait in a busy console, and the figure is no later
    for it. Paused recordings stop it. Timecodes never go back within one run of the output: what
    was given out before a poll is a floor the clock holds to until OBS's figure passes it, unless
    OBS's figure is more than JITTER_S behind it (then the output was started again).
    """

    active: bool = False
    paused: bool = False
    anchor_seconds: float = 0.0
    anchor_time: float = 0.0  # steady time at which the output was at anchor_seconds
    floor: float = 0.0  # the latest timecode given out before the last poll: none lower after it

    def start(self, now: float) -> None:
        self.active, self.paused = True, False
        self.anchor_seconds, self.anchor_time, self.floor = 0.0, now, 0.0

    def stop(self) -> None:
        self.active, self.paused, self.floor = False, False, 0.0

    def sync(
        self,
        seconds: float,
        asked: float,
        *,
        active: bool,
        paused: bool = False,
        now: float | None = None,
    ) -> None:
        """OBS's figure `seconds`, asked for at steady time `asked` and read at `now` (default:
        then). The clock already ran to `now` on the last figure, and may have given that out."""
        reached = self.at(asked if now is None else now) if active else None
        self.active, self.paused = active, paused
        self.anchor_seconds, self.anchor_time = seconds, asked
        self.floor = reached if reached is not None and reached - seconds <= JITTER_S else 0.0

    def at(self, now: float) -> float | None:
        """The output's timecode at steady time `now` (None: not running)."""
        if not self.active:
            return None
        if self.paused:
            return max(self.anchor_seconds, self.floor)
        return max(self.anchor_seconds + max(0.0, now - self.anchor_time), self.floor)
