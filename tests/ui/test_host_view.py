"""The host view: follows the cues, colours the time left, scales, and finds its screen."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.services.show import Show
from app.services.state import Counts, QuestionCard
from app.ui.host_view import HostView
from app.ui.main_window import MainWindow
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.ui.conftest import Until
from tests.ui.test_cue_panel import FakeClock, make_sheet


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def show(fake_obs: FakeObs, memory_log: MemoryLog, clock: FakeClock) -> Show:
    show = build_show(fake_obs, memory_log, monotonic=clock)
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(make_sheet())
    return show


@pytest.fixture
def host(qtbot: Any, show: Show) -> HostView:
    view = HostView(show)
    qtbot.addWidget(view)
    return view


async def test_shows_the_current_segment_and_follows_a_cue(
    window: MainWindow, host: HostView, show: Show, qtbot: Any, until: Until
) -> None:
    host.show()
    assert host.title_label.text() == "Not started yet"
    assert "Warm-up" in host.next_label.text()
    qtbot.mouseClick(window.cue_panel.go_button, Qt.MouseButton.LeftButton)
    await until(lambda: "Warm-up" in host.title_label.text())
    assert host.time_label.text() == "2:00"
    assert "Notebook" in host.next_label.text()
    assert host.points() == [("问好", False), ("今天讲什么", False)]
    assert host.coupon_label.isHidden()

    show.runner.tick_point(0, 0, True)
    await until(lambda: host.points() == [("问好", True), ("今天讲什么", False)])
    assert "<s>问好</s>" in host.points_label.text()

    window.cue_panel.go_button.click()
    await until(lambda: "Notebook" in host.title_label.text())
    await until(lambda: not host.coupon_label.isHidden())
    assert "SPRING10" in host.coupon_label.text()


async def test_time_left_turns_red_when_over(
    host: HostView, show: Show, clock: FakeClock, until: Until
) -> None:
    host.show()
    await show.runner.next()
    await until(lambda: host.time_label.text() == "2:00")
    assert host.time_label.property("tone") == "normal"
    clock.advance(125)
    await until(lambda: host.time_label.property("tone") == "over")
    assert host.time_label.text() == "+0:05 over"


async def test_the_top_question_slot(host: HostView, show: Show) -> None:
    assert host.question_label.isHidden()  # no question is open
    state = show.state()
    assert state.audience is not None
    question = QuestionCard(
        id=1, text="包邮吗？", state="open", asked=1, askers=("小王",), comment_ids=(1,),
        platform="douyin", created_at=0.0, claimed_by=None, answered_by=None, answer=None,
        answered_at=None, response_s=None, featured=False, suggestion=None,
    )  # fmt: skip
    audience = replace(
        state.audience, top_question=question, counts=Counts(comments=9, questions_open=3)
    )
    host.update_state(state.runsheet, state.overlay.coupon, audience)
    assert not host.question_label.isHidden()
    assert "包邮吗？" in host.question_label.text()
    assert "+2" in host.question_label.text()
    host.update_state(state.runsheet, state.overlay.coupon, state.audience)
    assert host.question_label.isHidden()


async def test_fonts_scale_with_the_height(host: HostView, until: Until) -> None:
    host.show()
    host.resize(800, 450)
    await until(lambda: host.height() == 450)
    small = host.time_label.font().pixelSize()
    host.resize(1600, 900)
    await until(lambda: host.height() == 900)
    assert host.time_label.font().pixelSize() >= 2 * small - 1
    assert host.title_label.font().pixelSize() > 900 // 13


async def test_one_screen_gives_a_normal_window(host: HostView, until: Until) -> None:
    host.show_on_best_screen()
    await until(host.isVisible)
    assert len(QGuiApplication.screens()) == 1
    assert not host.isFullScreen()


async def test_two_screens_give_full_screen_and_esc_leaves_it(
    host: HostView, qtbot: Any, until: Until
) -> None:
    screen = QGuiApplication.primaryScreen()
    host.show_on_best_screen([screen, screen])
    await until(host.isFullScreen)
    qtbot.keyClick(host, Qt.Key.Key_Escape)
    await until(lambda: not host.isFullScreen())
    assert host.isVisible()


async def test_the_menu_action_opens_it_and_closing_the_console_closes_it(
    window: MainWindow, until: Until
) -> None:
    assert window.host_view_action.shortcut().toString() == "Ctrl+F11"
    window.host_view_action.trigger()
    await until(window.host_view.isVisible)
    window.close()
    await until(lambda: not window.host_view.isVisible())


async def test_a_smaller_screen_gets_smaller_type_not_a_taller_window(
    window: MainWindow, host: HostView, until: Until
) -> None:
    """Moved from a 1080p screen to a 720p one, the view fits 720 px with everything on it."""
    host.show()
    window.cue_panel.go_button.click()
    await until(lambda: "Warm-up" in host.title_label.text())
    window.cue_panel.go_button.click()
    await until(lambda: not host.coupon_label.isHidden())
    host.resize(1920, 1080)
    await until(lambda: host.height() == 1080)
    host.resize(1280, 720)
    labels = (host.title_label, host.time_label, host.coupon_label, host.next_label)

    def fits() -> bool:  # laid out again once the type has been sized for 720 px
        return host.height() == 720 and all(
            label.geometry().bottom() <= host.height()
            and label.height() >= label.fontMetrics().height()  # not squeezed under its type
            for label in labels
        )

    await until(fits)


async def test_many_talking_points_all_fit_on_a_720p_screen(
    window: MainWindow, host: HostView, show: Show, until: Until
) -> None:
    sheet = make_sheet()
    points = tuple(f"第 {n} 点：实拍对比，讲清楚再上链接" for n in range(1, 11))
    first = replace(sheet.segments[0], notes=points)
    await show.runner.load(replace(sheet, segments=(first, *sheet.segments[1:])))
    host.show()
    host.resize(1280, 720)
    window.cue_panel.go_button.click()
    await until(lambda: len(host.points()) == 10)
    label = host.points_label

    def all_shown() -> bool:  # the ten lines need no more height than the label has
        return host.height() == 720 and label.heightForWidth(label.width()) <= label.height()

    await until(all_shown)
    assert label.font().pixelSize() < 720 // 20  # smaller type than for two points
