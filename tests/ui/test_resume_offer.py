"""After a crash the window offers to resume the interrupted show; the session bar keeps it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.ui.main_window import MainWindow
from tests.support.fake_obs import FakeObs
from tests.ui.conftest import ErrorRelay, Until
from tests.unit.conftest import Clock
from tests.unit.test_resume import World, _mid_show, console


@pytest.fixture
async def crashed() -> tuple[World, FakeObs, Clock, Clock]:
    """A show that was mid-way when its console died 30 s ago."""
    world, fake_obs, clock, monotonic = World(), FakeObs(), Clock(), Clock(1000.0)
    before = console(world, fake_obs, clock, monotonic)
    await _mid_show(before.show, fake_obs, clock, monotonic)
    before.keeper.save_now()
    clock.now += 30
    return world, fake_obs, clock, monotonic


@pytest.fixture
def window_after_crash(
    qtbot: Any, crashed: tuple[World, FakeObs, Clock, Clock], user_errors: ErrorRelay,
    runner: TaskRunner,
) -> Iterator[MainWindow]:  # fmt: skip
    world, fake_obs, clock, monotonic = crashed
    after = console(world, fake_obs, clock, monotonic)
    bridge = ShowBridge(after.show)
    window = MainWindow(bridge, runner)
    user_errors.target = window.show_error
    qtbot.addWidget(window)
    window.show()
    yield window
    user_errors.target = None
    bridge.close()


async def test_the_offer_says_what_comes_back_and_enter_resumes(
    window_after_crash: MainWindow, qtbot: Any, until: Until
) -> None:
    window = window_after_crash
    show = window._bridge.show
    assert show.keeper is not None
    bar = window.session_bar
    assert bar.resume_button.isVisibleTo(window)
    assert not bar.end_button.isEnabled()
    summary = await show.keeper.offer()
    assert summary is not None
    dialog = window.offer_resume(summary)
    text = dialog.informativeText()
    assert "商品 The course" in text
    assert "3 of 3" in text
    assert "1:10" in text
    assert "FLASH50" in text
    assert "0:50" in text
    assert "Questions waiting: 2" in text
    assert "公开课 第 3 期" in dialog.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    await until(lambda: show.recorder.session is not None)
    await until(lambda: not bar.resume_button.isVisibleTo(window))
    assert show.state().runsheet.index == 2
    assert window.cue_panel.isEnabled()
    assert bar.end_button.isEnabled()
    feed = window.feed_panel.model  # the interrupted show's comments are listed again
    await until(lambda: feed.rowCount() == 3)
    texts = {feed.index(row, 0).data() for row in range(feed.rowCount())}
    assert any("主播好" in str(text) for text in texts), texts


async def test_not_now_leaves_the_offer_on_the_session_bar(
    window_after_crash: MainWindow, qtbot: Any, until: Until
) -> None:
    window = window_after_crash
    show = window._bridge.show
    assert show.keeper is not None
    summary = await show.keeper.offer()
    assert summary is not None
    dialog = window.offer_resume(summary)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    await until(lambda: not dialog.isVisible())
    assert show.recorder.session is None
    assert show.recorder.interrupted is not None
    bar = window.session_bar
    assert bar.resume_button.isVisibleTo(window)
    qtbot.mouseClick(bar.resume_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.recorder.session is not None)
    assert show.state().overlay.product == "SKU-1"


def test_the_offer_names_an_open_interaction(window_after_crash: MainWindow, qtbot: Any) -> None:
    from app.domain.resume import ResumeSummary

    summary = ResumeSummary(7, "福袋专场", 1000.0, 1100.0, 30.0, lottery_keyword="666",
                            lottery_entrants=1234, poll_votes=56, checkin_present=7)  # fmt: skip
    dialog = window_after_crash.offer_resume(summary)
    text = dialog.informativeText()
    assert "Lottery “666” open: 1,234 entrants" in text
    assert "Poll open: 56 votes" in text
    assert "Check-in open: 7 checked in" in text
    dialog.reject()
