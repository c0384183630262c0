"""The cue panel over a Show on FakeObs: keys and clicks in; OBS calls and log entries out."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.domain import log_events as kinds
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.runsheet import RunSheet, Segment
from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.cue_panel import CuePanel
from app.ui.host_view import over_under, remaining_text, remaining_tone
from app.ui.main_window import MainWindow
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.ui.conftest import Until


class FakeClock:
    """The show's monotonic clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_sheet(*, product_scene: str = "Product") -> RunSheet:
    """Three segments on FakeObs's scenes; the second shows a product and starts a coupon."""
    catalog = Catalog(
        products=(Product("NB-01", "手账本 Notebook", price=Decimal("39.90")),),
        coupons=(Coupon("SPRING10", "春季九折", seconds=60),),
    )
    return RunSheet(
        segments=(
            Segment("Warm-up 开场", 120, scene="Teaching", notes=("问好", "今天讲什么")),
            Segment(
                "Notebook 手账本",
                300,
                scene=product_scene,
                product="NB-01",
                coupon="SPRING10",
                notes=("纸张", "价格"),
            ),
            Segment("Wrap-up 结束", 60, scene="Opening"),
        ),
        catalog=catalog,
        title="周五专场",
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def show(fake_obs: FakeObs, memory_log: MemoryLog, clock: FakeClock) -> Show:
    """Overrides conftest's: the same Show, on a hand-moved clock, with the sheet loaded."""
    show = build_show(fake_obs, memory_log, monotonic=clock)
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(make_sheet())
    return show


async def _activate(window: MainWindow, until: Until) -> None:
    window.activateWindow()
    await until(window.isActiveWindow)


def _started(memory_log: MemoryLog) -> list[int]:
    return [entry.data["index"] for entry in memory_log.of_kind(kinds.SEGMENT_START)]


async def test_space_cues_the_first_segment(
    window: MainWindow, show: Show, fake_obs: FakeObs, memory_log: MemoryLog, qtbot: Any,
    until: Until,
) -> None:  # fmt: skip
    panel = window.cue_panel
    assert panel.segment_list.topLevelItemCount() == 3
    assert panel.row_role(0) == ""
    await _activate(window, until)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    await until(lambda: fake_obs.program == "Teaching")
    assert ("SetCurrentProgramScene", {"sceneName": "Teaching"}) in fake_obs.calls
    start = memory_log.of_kind(kinds.SEGMENT_START)[-1]
    assert start.data["index"] == 0
    assert start.data["origin"] == "console"
    await until(lambda: panel.row_role(0) == "current")
    assert show.runner.state().index == 0


async def test_space_in_a_text_field_types_and_does_not_cue(
    window: MainWindow, show: Show, fake_obs: FakeObs, memory_log: MemoryLog, qtbot: Any,
    until: Until,
) -> None:  # fmt: skip
    edit = QLineEdit(window.centralWidget())
    edit.show()
    await _activate(window, until)
    edit.setFocus()
    await until(edit.hasFocus)
    qtbot.keyClicks(edit, "a b")
    await asyncio.sleep(0.1)  # deliberate: time for a wrongly taken key to cue
    assert edit.text() == "a b"
    assert show.runner.index is None
    assert _started(memory_log) == []
    assert fake_obs.program == "Opening"

    window.cue_panel.go_button.setFocus()  # out of the field, Space cues again
    await until(lambda: not edit.hasFocus())
    qtbot.keyClick(window, Qt.Key.Key_Space)
    await until(lambda: _started(memory_log) == [0])


async def test_prev_goto_by_double_click_and_enter(
    window: MainWindow, show: Show, fake_obs: FakeObs, memory_log: MemoryLog, qtbot: Any,
    until: Until,
) -> None:  # fmt: skip
    panel = window.cue_panel
    await _activate(window, until)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    await until(lambda: show.runner.index == 0)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    await until(lambda: fake_obs.program == "Product")
    qtbot.keyClick(window, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    await until(lambda: fake_obs.program == "Teaching")
    assert _started(memory_log) == [0, 1, 0]
    await until(lambda: panel.row_role(0) == "current" and panel.row_role(1) == "done")

    tree = panel.segment_list
    where = tree.visualItemRect(tree.topLevelItem(2)).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a real double
    await asyncio.sleep(0.05)  # click is press, release, double-click; one click does not cue
    assert show.runner.index == 0
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    await until(lambda: fake_obs.program == "Opening")
    assert show.runner.index == 2

    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(1))
    await until(tree.hasFocus)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    await until(lambda: show.runner.index == 1)
    assert _started(memory_log) == [0, 1, 0, 2, 1]
    await until(lambda: not panel.prev_button.isHidden() and panel.prev_button.isEnabled())
    qtbot.mouseClick(panel.prev_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.runner.index == 0)


async def test_remaining_turns_amber_then_over(
    window: MainWindow, show: Show, clock: FakeClock, qtbot: Any, until: Until
) -> None:
    panel = window.cue_panel
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.runner.index == 0)
    await until(lambda: panel.remaining_label.text() == "2:00")
    assert panel.remaining_label.property("tone") == "normal"
    clock.advance(70)  # 50 s left of 120: the last minute
    await until(lambda: panel.remaining_label.property("tone") == "warning")
    assert panel.remaining_label.text() == "0:50"
    clock.advance(65)  # 15 s over
    await until(lambda: panel.remaining_label.property("tone") == "over")
    assert panel.remaining_label.text() == "+0:15 over"
    assert show.runner.state().remaining_s == -15
    await until(lambda: panel.over_under_label.property("tone") == "over")
    assert panel.over_under_label.text() == "+0:15 over"


async def test_ticking_a_talking_point_logs_it(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.cue_panel
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    await until(lambda: panel.points_list.count() == 2)
    assert panel.points_list.item(1).text() == "今天讲什么"
    panel.points_list.item(1).setCheckState(Qt.CheckState.Checked)
    await until(lambda: memory_log.of_kind(kinds.SEGMENT_POINT))
    point = memory_log.of_kind(kinds.SEGMENT_POINT)[-1]
    assert point.data == {
        "index": 0, "point": 1, "text": "今天讲什么", "done": True, "origin": "console",
    }  # fmt: skip
    assert show.runner.state().current.done == (1,)
    panel.points_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    await until(lambda: show.runner.state().current.done == ())
    assert memory_log.of_kind(kinds.SEGMENT_POINT)[-1].data["done"] is False


async def test_ctrl_b_goes_to_standby_and_back(
    window: MainWindow, show: Show, fake_obs: FakeObs, memory_log: MemoryLog, qtbot: Any,
    until: Until,
) -> None:  # fmt: skip
    panel = window.cue_panel
    assert "Ctrl+B" in panel.standby_button.toolTip()
    assert panel.standby_combo.currentText() == "BRB"  # guessed from OBS's scene names
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    await until(lambda: fake_obs.program == "Teaching")
    await _activate(window, until)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: fake_obs.program == "BRB")
    assert show.runner.in_standby
    assert memory_log.of_kind(kinds.STANDBY_ON)
    await until(panel.standby_button.isChecked)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: fake_obs.program == "Teaching")
    assert not show.runner.in_standby
    assert memory_log.of_kind(kinds.STANDBY_OFF)
    await until(lambda: not panel.standby_button.isChecked())


async def test_the_combo_chooses_the_standby_scene(
    window: MainWindow, show: Show, fake_obs: FakeObs, until: Until
) -> None:
    combo = window.cue_panel.standby_combo
    names = [combo.itemText(i) for i in range(1, combo.count())]
    assert names == fake_obs.scenes
    row = combo.findText("Product")
    combo.setCurrentIndex(row)
    combo.activated.emit(row)
    await until(lambda: show.runner.standby_scene == "Product")
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    await until(lambda: show.runner.standby_scene is None)


async def test_coupon_extend_and_stop(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.cue_panel
    assert not panel.extend_button.isEnabled()
    panel.goto(1)
    await until(lambda: panel.extend_button.isEnabled())
    assert "SPRING10" in panel.coupon_label.text()
    assert "1:00" in panel.coupon_label.text()
    qtbot.mouseClick(panel.extend_button, Qt.MouseButton.LeftButton)
    await until(lambda: memory_log.of_kind(kinds.COUPON_EXTEND))
    await until(lambda: "1:30" in panel.coupon_label.text())
    qtbot.mouseClick(panel.stop_coupon_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.overlays.countdown is None)
    assert memory_log.of_kind(kinds.COUPON_END)[-1].data["reason"] == "stopped"
    await until(lambda: not panel.stop_coupon_button.isEnabled())


async def test_a_cue_warning_lands_in_the_message_bar(
    window: MainWindow, show: Show, fake_obs: FakeObs, qtbot: Any, until: Until
) -> None:
    fake_obs.scenes.remove("Teaching")  # deleted in OBS; the console has not heard yet
    qtbot.mouseClick(window.cue_panel.go_button, Qt.MouseButton.LeftButton)
    await until(lambda: not window.message_bar.isHidden())
    assert "Warm-up" in window.message_bar.text()
    assert "Teaching" in window.message_bar.text()
    assert show.runner.index == 0  # the cue went on


async def test_past_the_last_segment_go_is_disabled(
    window: MainWindow, show: Show, qtbot: Any, until: Until
) -> None:
    panel = window.cue_panel
    panel.goto(2)
    await until(lambda: show.runner.index == 2)
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.runner.state().finished)
    await until(lambda: not panel.go_button.isEnabled())
    assert [panel.row_role(i) for i in range(3)] == ["", "", "done"]  # skipped ones never ran


async def test_past_the_last_segment_previous_goes_back_to_it(
    window: MainWindow, show: Show, qtbot: Any, until: Until
) -> None:
    panel = window.cue_panel
    panel.goto(2)
    await until(lambda: show.runner.index == 2)
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.runner.state().finished)
    await until(lambda: not panel.go_button.isEnabled())
    assert panel.prev_button.isEnabled()  # as the API's prev allows
    await _activate(window, until)
    window.program_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    await until(lambda: show.runner.index == 2 and not show.runner.state().finished)
    await until(lambda: panel.row_role(2) == "current")


async def test_editor_action_calls_back_or_is_disabled(
    window: MainWindow, qtbot: Any, bridge: ShowBridge, runner: TaskRunner
) -> None:
    assert not window.editor_action.isEnabled()
    opened: list[bool] = []
    other = MainWindow(bridge, runner, open_editor=lambda: opened.append(True))
    qtbot.addWidget(other)
    assert other.editor_action.isEnabled()
    other.editor_action.trigger()
    assert opened == [True]


async def test_space_still_cues_when_the_panel_floats(
    window: MainWindow, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    window.cue_dock.setFloating(True)
    await until(window.cue_panel.isVisible)
    await _activate(window, until)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    await until(lambda: _started(memory_log) == [0])


async def test_hidden_panel_keys_do_nothing(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    window.cue_dock.close()
    await _activate(window, until)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    await asyncio.sleep(0.1)  # deliberate: time for a wrongly taken key to cue
    assert _started(memory_log) == []


def test_timing_texts_and_tones() -> None:
    assert remaining_text(None) == "—"
    assert remaining_text(108.2) == "1:49"
    assert remaining_text(-65) == "+1:05 over"
    assert remaining_text(3725) == "1:02:05"
    assert remaining_tone(300, 600) == "normal"
    assert remaining_tone(60, 600) == "warning"  # the last minute
    assert remaining_tone(300, 3600) == "warning"  # the last tenth of an hour
    assert remaining_tone(-0.5, 600) == "over"
    assert over_under(130) == ("+2:10 over", "over")
    assert over_under(-45) == ("−0:45 under", "under")
    assert over_under(0.4)[1] == "normal"


def test_panel_builds_without_a_window(qtbot: Any, runner: TaskRunner) -> None:
    show = build_show(FakeObs(), MemoryLog())
    panel = CuePanel(show, runner)
    qtbot.addWidget(panel)
    assert not panel.go_button.isEnabled()
    assert not panel.prev_button.isEnabled()
    assert panel.remaining_label.text() == "—"
