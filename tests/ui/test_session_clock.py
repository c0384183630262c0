"""The show's clock in the session bar runs on the steady clock: a step of the computer's wall
clock (NTP, a time zone fixed by hand) does not make a running show jump minutes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.services.state import SessionSlice
from app.ui import session_bar
from app.ui.session_bar import SessionBar


class Clocks:
    def __init__(self) -> None:
        self.wall, self.steady = 1_700_000_000.0, 500.0

    def time(self) -> float:
        return self.wall

    def monotonic(self) -> float:
        return self.steady


def test_a_wall_clock_step_does_not_move_the_shows_clock(
    qtbot: Any, show: Show, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    clocks = Clocks()
    faked = SimpleNamespace(time=clocks.time, monotonic=clocks.monotonic)
    monkeypatch.setattr(session_bar, "time", faked)
    bar = SessionBar(show.recorder, runner)
    qtbot.addWidget(bar)
    running = SessionSlice(id=1, title="周五带货专场", started_at=clocks.wall - 100)
    bar.update_state(running)
    assert bar._elapsed.text() == "0:01:40"
    clocks.wall -= 300  # the computer's clock is set back five minutes
    clocks.steady += 5
    bar.update_state(running)  # the state comes again, as it does many times a second
    bar._show_elapsed()
    assert bar._elapsed.text() == "0:01:45"
    bar.update_state(SessionSlice())  # ended
    assert bar._elapsed.text() == ""
    again = SessionSlice(id=2, title="下一场", started_at=clocks.wall - 10)
    bar.update_state(again)  # another show: its own clock
    assert bar._elapsed.text() == "0:00:10"
