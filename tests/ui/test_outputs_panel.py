"""Stream and record buttons against the fake OBS: starting is direct, stopping is confirmed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.domain import log_events as kinds
from app.services.show import Show
from app.ui.main_window import MainWindow
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.ui.conftest import Until

YES = QMessageBox.StandardButton.Yes
CANCEL = QMessageBox.StandardButton.Cancel


async def test_start_stream_needs_no_confirmation(
    window: MainWindow, fake_obs: FakeObs, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.outputs_panel
    qtbot.mouseClick(panel.stream_button, Qt.MouseButton.LeftButton)
    await until(lambda: fake_obs.streaming)
    assert panel.pending_confirmation is None
    assert "StartStream" in fake_obs.names()
    action = memory_log.of_kind(kinds.ACTION_STREAM)[-1]
    assert action.data == {"action": "start", "origin": "console"}


async def _streaming(window: MainWindow, fake_obs: FakeObs, show: Show, until: Until) -> None:
    await show.obs.set_output("stream", "start")
    await until(lambda: window.outputs_panel.is_active("stream"))
    assert fake_obs.streaming


async def test_stop_stream_only_after_confirmation(
    window: MainWindow, fake_obs: FakeObs, show: Show, qtbot: Any, until: Until
) -> None:
    await _streaming(window, fake_obs, show, until)
    panel = window.outputs_panel
    qtbot.mouseClick(panel.stream_button, Qt.MouseButton.LeftButton)
    box = panel.pending_confirmation
    assert box is not None
    assert box.isVisible()
    assert "StopStream" not in fake_obs.names()
    assert fake_obs.streaming

    qtbot.mouseClick(box.button(YES), Qt.MouseButton.LeftButton)
    await until(lambda: not fake_obs.streaming)
    assert "StopStream" in fake_obs.names()
    assert panel.pending_confirmation is None
    await until(lambda: not panel.is_active("stream"))


async def test_rejecting_the_confirmation_keeps_streaming(
    window: MainWindow, fake_obs: FakeObs, show: Show, qtbot: Any, until: Until
) -> None:
    await _streaming(window, fake_obs, show, until)
    panel = window.outputs_panel
    qtbot.mouseClick(panel.stream_button, Qt.MouseButton.LeftButton)
    box = panel.pending_confirmation
    assert box is not None
    qtbot.mouseClick(box.button(CANCEL), Qt.MouseButton.LeftButton)
    await until(lambda: panel.pending_confirmation is None)
    assert "StopStream" not in fake_obs.names()
    assert fake_obs.streaming


async def test_escape_is_a_no(
    window: MainWindow, fake_obs: FakeObs, show: Show, qtbot: Any, until: Until
) -> None:
    await _streaming(window, fake_obs, show, until)
    panel = window.outputs_panel
    qtbot.mouseClick(panel.stream_button, Qt.MouseButton.LeftButton)
    box = panel.pending_confirmation
    assert box is not None
    box.reject()
    await until(lambda: panel.pending_confirmation is None)
    assert "StopStream" not in fake_obs.names()
    assert fake_obs.streaming


async def test_record_start_and_confirmed_stop(
    window: MainWindow, fake_obs: FakeObs, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.outputs_panel
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    await until(lambda: panel.is_active("record"))
    assert fake_obs.recording
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    box = panel.pending_confirmation
    assert box is not None
    qtbot.mouseClick(box.button(YES), Qt.MouseButton.LeftButton)
    await until(lambda: not fake_obs.recording)
    assert [e.data["action"] for e in memory_log.of_kind(kinds.ACTION_RECORD)] == ["start", "stop"]


async def test_stats_are_shown_from_the_poll(
    window: MainWindow, fake_obs: FakeObs, show: Show, until: Until
) -> None:
    await _streaming(window, fake_obs, show, until)
    await show.obs.poll_stats()
    panel = window.outputs_panel
    await until(lambda: panel.shown_stats().fps == 30.0)
    assert panel.shown_stats().cpu_percent == 3.5
    assert panel.shown_stats().output_total == 375


async def test_buttons_are_off_without_obs(
    window: MainWindow, fake_obs: FakeObs, show: Show, until: Until
) -> None:
    fake_obs.drop()
    show.obs.disconnected(None)
    await until(lambda: not window.outputs_panel.stream_button.isEnabled())
    assert not window.outputs_panel.record_button.isEnabled()
