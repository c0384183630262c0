"""The outputs' timecodes between OBS's status polls: they run on the console's steady clock, so a
step of the wall clock (NTP) does not move them; OBS's figure counts from when it was asked for,
so an answer the busy console reads late does not set them back; and within one recording they
never go back, so the exports never take one recording for two."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.domain import log_events as kinds
from app.domain.log_events import LogEntry
from app.domain.timecode import JITTER_S, OutputClock, format_timecode
from app.services.event_bus import EventBus
from app.services.obs_control import ObsControl
from app.services.session import ShowRecorder
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock


class RecordingObs(FakeObs):
    """OBS recording since `started` on the true time, answering GetRecordStatus with the true
    duration. What happens once between the console asking and OBS measuring (the request waits
    behind others) is `before_measuring`; between OBS measuring and the console reading the answer
    (the console's loop busy), `before_read`."""

    def __init__(self, true_time: Clock) -> None:
        super().__init__()
        self.true_time = true_time
        self.recording = True
        self.started = true_time.now
        self.before_measuring: Callable[[], None] | None = None
        self.before_read: Callable[[], None] | None = None

    def _r_GetRecordStatus(self) -> dict[str, Any]:
        if self.before_measuring is not None:
            self.before_measuring()
            self.before_measuring = None
        duration = self.true_time.now - self.started
        if self.before_read is not None:
            self.before_read()
            self.before_read = None
        return {
            "outputActive": True,
            "outputPaused": False,
            "outputTimecode": format_timecode(duration),
            "outputDuration": int(duration * 1000),
        }


class Console:
    """The recorder on the wall clock, the OBS control on the steady one; time passes on both
    (and on OBS's) unless only the wall clock is stepped."""

    def __init__(self) -> None:
        self.wall, self.steady = Clock(), Clock()  # alike until the wall clock is stepped
        self.obs = RecordingObs(self.steady)  # OBS's clock runs as truly as the steady one
        self.log = MemoryLog()
        bus = EventBus()
        self.recorder = ShowRecorder(self.log, bus, clock=self.wall)
        self.control = ObsControl(self.obs, self.recorder, bus, clock=self.steady)

    def later(self, seconds: float) -> None:
        self.wall.now += seconds
        self.steady.now += seconds

    def busy(self, seconds: float, then: Callable[[], None]) -> Callable[[], None]:
        """The console's loop busy `seconds` (doing `then` meanwhile) before it reads an answer."""

        def run() -> None:
            self.later(seconds / 2)
            then()
            self.later(seconds / 2)

        return run

    def mark(self, note: str) -> LogEntry:
        return self.recorder.record(kinds.MARKER, note=note)

    def true_tc(self) -> float:
        return self.steady.now - self.obs.started


async def _recording_for(seconds: float) -> Console:
    console = Console()
    await console.control.resync(await console.obs.connect())
    console.later(seconds)
    await console.control.poll_stats()
    return console


async def test_a_wall_clock_step_between_polls_does_not_move_the_timecodes() -> None:
    console = await _recording_for(1797.0)
    console.later(1.0)
    console.wall.now += 3.0  # NTP steps the wall clock forward
    marker = console.mark("上链接")
    console.later(1.0)
    await console.control.poll_stats()
    console.later(0.5)
    cue = console.mark("next segment")
    assert marker.record_tc == pytest.approx(1798.0, abs=1e-3)
    assert cue.record_tc == pytest.approx(1799.5, abs=1e-3)
    assert marker.t == cue.t - 1.5  # the entries' own time is the wall clock's, step and all


async def test_an_answer_read_late_does_not_set_the_timecodes_back() -> None:
    """OBS measured the duration as asked; the console read its answer 0.9 s later, a marker
    logged meanwhile: the next entry is where the recording truly is, after the marker."""
    console = await _recording_for(1797.0)
    console.later(1.0)
    logged: list[LogEntry] = []
    console.obs.before_read = console.busy(0.9, lambda: logged.append(console.mark("上链接")))
    await console.control.poll_stats()
    console.later(0.05)
    cue = console.mark("next segment")
    assert logged[0].record_tc == pytest.approx(1798.45, abs=1e-3)
    assert cue.record_tc == pytest.approx(console.true_tc(), abs=1e-3)  # 1798.95


async def test_a_figure_measured_late_then_on_time_never_sets_the_timecodes_back() -> None:
    """OBS measured 0.9 s after the console asked (the request waited): the clock runs that much
    ahead until the next poll, whose figure is behind what was given out; it holds there until
    the recording catches up, never going back."""
    console = await _recording_for(1797.0)
    console.later(1.0)
    console.obs.before_measuring = lambda: console.later(0.9)
    await console.control.poll_stats()
    ahead = console.mark("ahead")
    console.later(2.0)
    await console.control.poll_stats()
    held = [console.mark("held")]
    console.later(0.5)
    held.append(console.mark("still held"))
    console.later(1.0)
    caught_up = console.mark("caught up")
    stamps = [e.record_tc or 0.0 for e in (ahead, *held, caught_up)]
    assert stamps == sorted(stamps)
    assert ahead.record_tc == pytest.approx(1799.8, abs=1e-3)  # truly 1798.9
    assert [e.record_tc for e in held] == pytest.approx([1801.8, 1801.8], abs=1e-3)
    assert caught_up.record_tc == pytest.approx(console.true_tc(), abs=1e-3)  # 1802.4


# ----- the clock itself ------------------------------------------------------------------------
def test_a_figure_a_little_behind_what_was_given_out_holds_the_clock() -> None:
    clock = OutputClock()
    clock.sync(100.0, 10.0, active=True)
    assert clock.at(12.0) == 102.0
    clock.sync(101.0, 12.0, active=True)  # OBS's figure 1 s behind the clock
    assert clock.at(12.0) == 102.0
    assert clock.at(12.5) == 102.0
    assert clock.at(14.0) == 103.0  # caught up: on OBS's figure again


def test_a_figure_far_behind_is_the_output_started_again() -> None:
    clock = OutputClock()
    clock.sync(100.0, 10.0, active=True)
    clock.sync(1.0, 12.0, active=True)
    assert clock.at(12.0) == 1.0
    clock.sync(100.0, 20.0, active=True)
    clock.sync(102.0 - JITTER_S, 22.0, active=True)  # as far behind as a poll's jitter goes
    assert clock.at(22.0) == 102.0
    clock.sync(100.0, 30.0, active=True)
    clock.sync(101.9 - JITTER_S, 32.0, active=True)  # just beyond it
    assert clock.at(32.0) == pytest.approx(101.9 - JITTER_S)


def test_a_stopped_or_restarted_clock_holds_to_nothing_given_out_before() -> None:
    clock = OutputClock()
    clock.sync(100.0, 10.0, active=True)
    clock.sync(99.0, 10.0, active=True)  # holds at 100
    clock.stop()
    clock.start(11.0)
    assert clock.at(11.5) == 0.5
    clock.sync(100.0, 12.0, active=True)
    clock.sync(0.0, 13.0, active=False)
    clock.sync(2.0, 14.0, active=True)  # OBS started it again between two polls
    assert clock.at(14.0) == 2.0


def test_the_figure_counts_from_when_it_was_asked_for() -> None:
    clock = OutputClock()
    clock.sync(100.0, 10.0, active=True)
    clock.sync(102.0, 12.0, active=True, now=13.0)  # read a second after it was asked for
    assert clock.at(15.0) == 105.0
