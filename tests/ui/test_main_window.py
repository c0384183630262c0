"""The window as a whole: wiring, connection problems, user errors, the show session, visibility."""

from __future__ import annotations

import asyncio
import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.domain import log_events as kinds
from app.domain.runsheet import RunSheet, Segment
from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.ports import ConnectProblem
from app.services.show import Show
from app.ui.main_window import MainWindow
from app.ui.message_bar import ERROR, NOTE, MessageBar
from app.ui.theme import apply_theme
from tests.support.fake_obs import TINY_JPEG, FakeObs
from tests.support.memory_log import MemoryLog
from tests.ui.conftest import ErrorRelay, Until

REFUSED = ConnectProblem(
    code="refused",
    message="OBS is not running or obs-websocket is off",
    hint="Start OBS and enable Tools → WebSocket Server Settings.",
)


async def test_window_shell(window: MainWindow) -> None:
    assert window.windowTitle() == "LiveDesk 直播中控台"
    assert window.connection_bar.status == "connected"


async def test_disconnect_shows_the_problem_and_reconnect_clears_it(
    window: MainWindow, show: Show, fake_obs: FakeObs, until: Until
) -> None:
    bar = window.connection_bar
    fake_obs.drop()
    show.obs.disconnected(REFUSED)
    await until(lambda: bar.status == "disconnected")
    assert not bar.problem_label.isHidden()
    assert REFUSED.message in bar.problem_label.text()
    assert REFUSED.hint in bar.hint_label.text()
    button = window.scenes_panel.scene_button("Opening")
    assert button is not None
    assert not button.isEnabled()
    assert not window.program_view.has_picture

    await show.obs.resync(await fake_obs.connect())
    await until(lambda: bar.status == "connected")
    assert bar.problem_label.isHidden()
    assert button.isEnabled()


async def test_connecting_without_a_problem_yet(
    window: MainWindow, show: Show, fake_obs: FakeObs, until: Until
) -> None:
    fake_obs.drop()
    show.obs.disconnected(None)
    show.obs.connecting(2)
    await until(lambda: window.connection_bar.status == "connecting")


async def test_refused_switch_lands_in_the_message_bar(
    window: MainWindow, fake_obs: FakeObs, user_errors: ErrorRelay, qtbot: Any, until: Until
) -> None:
    fake_obs.scenes.remove("BRB")  # deleted in OBS; the console has not heard yet
    button = window.scenes_panel.scene_button("BRB")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    await until(lambda: not window.message_bar.isHidden())
    assert user_errors.messages
    assert window.message_bar.text() == user_errors.messages[-1]
    assert fake_obs.program == "Opening"


async def test_unknown_scene_from_the_runner_is_a_user_error(
    window: MainWindow, show: Show, runner: TaskRunner, user_errors: ErrorRelay, until: Until
) -> None:
    runner.run(show.obs.switch_scene("Vanished"), name="switch-scene")
    await until(lambda: not window.message_bar.isHidden())
    assert "Vanished" in user_errors.messages[-1]


async def test_a_later_action_that_succeeds_takes_the_stale_error_away(
    window: MainWindow, show: Show, runner: TaskRunner, until: Until
) -> None:
    """Enter in the empty featured-comment box says it needs text; featuring a comment then
    works, and the bar no longer says it needs text."""
    panel = window.overlay_panel
    panel.feature()
    await until(lambda: not window.message_bar.isHidden())
    assert "needs text" in window.message_bar.text()
    panel.comment_edit.setText("这个多少钱？")
    panel.feature()
    await until(lambda: show.overlays.featured is not None and runner.pending == 0)
    assert window.message_bar.isHidden()


async def test_what_an_action_brings_stays_when_it_succeeds(
    window: MainWindow, show: Show, fake_obs: FakeObs, runner: TaskRunner, until: Until
) -> None:
    """A cue that goes on without a part says so: its own success does not take that away, nor
    does an action started before the message that ends after it."""
    await show.runner.load(RunSheet((Segment("开场", 60, scene="Gone"), Segment("讲", 60))))
    await until(window.cue_panel.go_button.isEnabled)
    gate = asyncio.Event()
    runner.run(gate.wait(), name="slow")  # started before the warning, ends after it
    window.cue_panel.go_button.click()
    await until(lambda: not window.message_bar.isHidden())
    assert "Gone" in window.message_bar.text()
    gate.set()
    await until(lambda: runner.pending == 0)
    assert not window.message_bar.isHidden()
    await show.runner.next()  # not a window action: the bar keeps the warning
    button = window.scenes_panel.scene_button("Teaching")
    assert button is not None
    button.click()
    await until(lambda: fake_obs.program == "Teaching" and runner.pending == 0)
    assert window.message_bar.isHidden()


async def test_message_bar_dismisses_and_hides_by_itself(qtbot: Any, until: Until) -> None:
    bar = MessageBar(auto_hide_ms=50)
    qtbot.addWidget(bar)
    bar.show_error("first")
    assert not bar.isHidden()
    bar.close_button.click()
    assert bar.isHidden()
    bar.show_error("second")
    await until(bar.isHidden, timeout=2.0)


async def test_thumbnail_reaches_the_program_view(
    window: MainWindow, bridge: ShowBridge, until: Until
) -> None:
    assert not window.program_view.has_picture
    bridge.on_thumbnail(TINY_JPEG)
    await until(lambda: window.program_view.has_picture)


async def test_start_and_end_the_show(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    bar = window.session_bar
    qtbot.mouseClick(bar.start_button, Qt.MouseButton.LeftButton)
    dialog = bar.pending_title_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.textValue() == f"直播 {date.today().isoformat()}"
    dialog.setTextValue("周五带货专场")
    dialog.accept()
    await until(lambda: show.recorder.session is not None)
    assert [row["title"] for row in memory_log.sessions.values()] == ["周五带货专场"]
    await until(lambda: bar.end_button.isEnabled() and not bar.start_button.isEnabled())

    qtbot.mouseClick(bar.end_button, Qt.MouseButton.LeftButton)
    box = bar.pending_confirmation
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    await asyncio.sleep(0.05)  # deliberate: time for a cancelled end to happen
    assert show.recorder.session is not None

    qtbot.mouseClick(bar.end_button, Qt.MouseButton.LeftButton)
    box = bar.pending_confirmation
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    await until(lambda: show.recorder.session is None)
    assert memory_log.sessions[1]["ended_at"] is not None
    assert memory_log.kinds().count(kinds.SESSION_END) == 1
    await until(lambda: bar.start_button.isEnabled())


async def test_cancelled_title_dialog_starts_nothing(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    bar = window.session_bar
    qtbot.mouseClick(bar.start_button, Qt.MouseButton.LeftButton)
    dialog = bar.pending_title_dialog
    assert dialog is not None
    dialog.reject()
    await until(lambda: bar.pending_title_dialog is None)
    assert memory_log.sessions == {}
    assert show.recorder.session is None


async def test_visibility_callback(
    qtbot: Any, bridge: ShowBridge, runner: TaskRunner, until: Until
) -> None:
    seen: list[bool] = []
    window = MainWindow(bridge, runner, on_visible=seen.append)
    qtbot.addWidget(window)
    window.show()
    assert seen == [True]
    window.showMinimized()
    await until(lambda: seen[-1] is False)
    window.showNormal()
    await until(lambda: seen[-1] is True)
    window.hide()
    assert seen[-1] is False
    assert all(a != b for a, b in itertools.pairwise(seen))  # no repeats


async def test_m_marks_the_moment_but_not_while_typing(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    window.activateWindow()
    await until(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_M)
    await until(lambda: len(memory_log.of_kind("marker")) == 1)
    edit = QLineEdit(window)
    edit.show()
    edit.setFocus()
    await until(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_M)
    assert edit.text() == "m"
    assert len(memory_log.of_kind("marker")) == 1  # typing an M is not a marker


async def test_a_long_title_stays_on_one_line_on_a_laptop_screen(
    window: MainWindow, show: Show, until: Until
) -> None:
    """At 1280×800 the top row once wrapped a show's title into a column six lines tall, which
    squeezed OBS's figures under the outputs until they were cut in half."""
    window.resize(1280, 800)
    window.show_error("No keyring: the assistants' link changes at every start")  # one more row
    title = "手机摄影公开课・直播带货 第 3 期：稳定器、镜头与补光灯的实拍对比"
    await show.recorder.start(title)
    bar = window.session_bar
    bar.update_state(show.state().session)
    await until(lambda: bar.end_button.isVisible() and not bar.start_button.isVisible())
    label = bar.title_label
    line = label.fontMetrics().height()
    assert label.text() == title  # whole, and whole in the tooltip
    assert label.toolTip() == title
    assert label.height() < 2 * line
    assert bar.height() < 4 * line
    outputs = window.outputs_panel
    await until(lambda: outputs.height() >= outputs.minimumSizeHint().height())
    await show.recorder.end()
    bar.update_state(show.state().session)
    assert bar.start_button.isVisible()
    assert not bar.end_button.isVisible()


async def test_a_live_switch_of_colours_reaches_labels_with_a_style_sheet(
    window: MainWindow, show: Show
) -> None:
    """Settings › Appearance applies the colours at once: the cue panel's captions (under its
    style sheet) and the show's title (its own) once stayed black on the dark window."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    await show.recorder.start("周五带货专场")
    window.session_bar.update_state(show.state().session)
    labels = [label for label in window.cue_panel.findChildren(QLabel) if label.text()]
    labels.append(window.session_bar.title_label)

    def lightness() -> list[int]:
        return [label.palette().color(label.foregroundRole()).lightness() for label in labels]

    try:
        apply_theme(app, "dark")
        assert min(lightness()) > 160, lightness()  # light text on the dark window
        apply_theme(app, "light")
        assert max(lightness()) < 100, lightness()
    finally:
        apply_theme(app, "system")


async def test_a_cues_note_shows_as_a_note(
    window: MainWindow, show: Show, runner: TaskRunner, until: Until
) -> None:
    """Cued back to a segment whose poll is still open: the cue goes on with it, and the
    window says so in the note's colours, not an error's."""
    await show.runner.load(RunSheet((Segment("投票", 60, interaction="投票：哪个颜色？｜红｜蓝"),
                                     Segment("讲", 60))))  # fmt: skip
    await until(window.cue_panel.go_button.isEnabled)
    window.cue_panel.go_button.click()
    await until(lambda: show.runner.index == 0 and runner.pending == 0)
    assert window.message_bar.isHidden()  # the first cue opened it: nothing to say
    window.cue_panel.go_button.click()
    await until(lambda: show.runner.index == 1 and runner.pending == 0)
    window.cue_panel.prev_button.click()
    await until(lambda: not window.message_bar.isHidden())
    assert "哪个颜色？" in window.message_bar.text()
    assert window.message_bar.kind == NOTE
    window.overlay_panel.feature()  # an error after it takes the error's colours
    await until(lambda: "needs text" in window.message_bar.text())
    assert window.message_bar.kind == ERROR
