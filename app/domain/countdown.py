"""Clocks of the show: a pausable stopwatch (segment time) and a countdown (coupons)."""

from __future__ import annotations

from dataclasses import dataclass


def countdown_text(left_s: int) -> str:
    """Whole seconds left as a countdown shows them: 00:05, 59:59, and from an hour on
    H:MM:SS (1:00:00, 24:00:00), never 120:00."""
    hours, rest = divmod(max(0, left_s), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


@dataclass
class Stopwatch:
    """Elapsed time that can be paused (standby); `now` is any monotonic clock in seconds."""

    started_at: float
    paused_at: float | None = None
    paused_total: float = 0.0

    def elapsed(self, now: float) -> float:
        end = self.paused_at if self.paused_at is not None else now
        return max(0.0, end - self.started_at - self.paused_total)

    def pause(self, now: float) -> None:
        if self.paused_at is None:
            self.paused_at = now

    def resume(self, now: float) -> None:
        if self.paused_at is not None:
            self.paused_total += now - self.paused_at
            self.paused_at = None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


@dataclass
class Countdown:
    """A coupon or flash-sale countdown: runs to zero, can pause, resume and be extended."""

    total_s: float
    watch: Stopwatch

    @classmethod
    def start(cls, seconds: float, now: float) -> Countdown:
        return cls(float(seconds), Stopwatch(now))

    def remaining(self, now: float) -> float:
        return max(0.0, self.total_s - self.watch.elapsed(now))

    def expired(self, now: float) -> bool:
        return self.remaining(now) <= 0

    def extend(self, seconds: float) -> None:
        self.total_s += seconds

    def pause(self, now: float) -> None:
        self.watch.pause(now)

    def resume(self, now: float) -> None:
        self.watch.resume(now)

    @property
    def paused(self) -> bool:
        return self.watch.paused


def over_under(
    planned: list[int],
    actual: list[float],
    current_planned: int | None,
    current_elapsed: float | None,
) -> float:
    """The show's total over (+) or under (-) time: finished segments count as they ran; the live
    one counts only once it runs over (it may still end on time)."""
    total = sum(a - p for p, a in zip(planned, actual, strict=True))
    if current_planned is not None and current_elapsed is not None:
        total += max(0.0, current_elapsed - current_planned)
    return total
