"""Stream and record buttons against the fake OBS: starting is direct, stopping is confirmed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from app.domain import log_events as kinds
from app.services.show import Show
from app.ui.main_window import MainWindow
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.ui.conftest import Until

YES = QMessageBox.StandardButton.Yes
CANCEL = QMessageBox.StandardButton.Cancel
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


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


# ----- the virtual camera and the replay buffer ------------------------------------------------
async def test_virtual_camera_button_starts_and_asks_before_stopping(
    window: MainWindow, fake_obs: FakeObs, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.outputs_panel
    assert "Start OBS's virtual camera" in panel.virtualcam_button.toolTip()
    assert "#d32f2f" not in panel.virtualcam_button.styleSheet()
    qtbot.mouseClick(panel.virtualcam_button, Qt.MouseButton.LeftButton)
    await until(lambda: panel.is_active("virtualcam"))
    assert fake_obs.virtualcam
    assert panel.pending_confirmation is None
    assert "click to stop it" in panel.virtualcam_button.toolTip()
    assert "#d32f2f" in panel.virtualcam_button.styleSheet()  # the button is its light: on
    qtbot.mouseClick(panel.virtualcam_button, Qt.MouseButton.LeftButton)
    box = panel.pending_confirmation
    assert box is not None
    assert "抖音直播伴侣" in box.text()
    assert fake_obs.virtualcam
    qtbot.mouseClick(box.button(YES), Qt.MouseButton.LeftButton)
    await until(lambda: not panel.is_active("virtualcam"))
    assert not fake_obs.virtualcam
    actions = [e.data["action"] for e in memory_log.of_kind(kinds.ACTION_VIRTUALCAM)]
    assert actions == ["start", "stop"]


async def test_no_virtual_camera_device_is_said_in_the_message_bar(
    window: MainWindow, fake_obs: FakeObs, show: Show, qtbot: Any, until: Until
) -> None:
    fake_obs.virtualcam_available = False
    panel = window.outputs_panel
    qtbot.mouseClick(panel.virtualcam_button, Qt.MouseButton.LeftButton)
    await until(lambda: "v4l2loopback" in window.message_bar.text())
    assert "OBS has no virtual camera" in window.message_bar.text()
    assert not panel.is_active("virtualcam")
    # the next state the panel is handed says so in the button's tooltip too
    panel.update_state(show.obs.as_slice())
    assert "v4l2loopback" in panel.virtualcam_button.toolTip()


async def test_replay_buffer_and_the_save_key(
    window: MainWindow, fake_obs: FakeObs, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.outputs_panel
    qtbot.mouseClick(panel.save_replay_button, Qt.MouseButton.LeftButton)  # not running yet
    await until(lambda: "start it first" in window.message_bar.text())
    assert "SaveReplayBuffer" not in fake_obs.names()
    qtbot.mouseClick(panel.replay_button, Qt.MouseButton.LeftButton)
    await until(lambda: panel.is_active("replay_buffer"))
    assert "click to stop it" in panel.replay_button.toolTip()
    assert "(Ctrl+Shift+B)" in panel.save_replay_button.toolTip()
    field = QLineEdit(window)  # typing: the key is the field's, no save
    field.show()
    field.setFocus()
    await until(lambda: field.hasFocus())
    qtbot.keyClick(field, Qt.Key.Key_B, CTRL_SHIFT)
    qtbot.wait(50)
    assert "SaveReplayBuffer" not in fake_obs.names()
    field.clearFocus()
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL_SHIFT)
    await until(lambda: "Replay 1.mkv" in panel.replay_saved.text())
    assert [e.data["note"] for e in memory_log.of_kind(kinds.MARKER)] == ["Replay saved"]
    assert memory_log.of_kind(kinds.OBS_REPLAY_SAVED)[-1].data == {
        "path": "/tmp/replays/Replay 1.mkv"
    }
    qtbot.mouseClick(panel.replay_button, Qt.MouseButton.LeftButton)  # stops without asking
    await until(lambda: not panel.is_active("replay_buffer"))
    assert panel.pending_confirmation is None


async def test_replay_buffer_off_in_obs_is_in_the_tooltip(
    window: MainWindow, fake_obs: FakeObs, show: Show, until: Until
) -> None:
    fake_obs.replay_available = False
    await show.obs.resync(await fake_obs.connect())
    panel = window.outputs_panel
    panel.update_state(show.obs.as_slice())
    assert "Settings → Output → Replay Buffer" in panel.replay_button.toolTip()
    assert panel.replay_button.isEnabled()  # pressing it says what to do


async def test_the_record_button_says_obs_is_finishing_the_file(
    window: MainWindow, fake_obs: FakeObs, show: Show, until: Until
) -> None:
    """Stopped, OBS writes the end of the file for a moment: the button says so (a start
    pressed then waits for it), and offers to record again once OBS has finished."""
    await show.obs.set_output("record", "start")
    panel = window.outputs_panel
    await until(lambda: panel.record_button.text() == "Stop recording")
    state = "OBS_WEBSOCKET_OUTPUT_"
    fake_obs.emit("RecordStateChanged", outputActive=False, outputState=state + "STOPPING")
    await until(lambda: panel.record_button.text() == "Finishing the recording…")
    fake_obs.recording = False
    fake_obs.emit("RecordStateChanged", outputActive=False, outputState=state + "STOPPED")
    await until(lambda: panel.record_button.text() == "Start recording")
    fake_obs.emit("StreamStateChanged", outputActive=False, outputState=state + "STARTING")
    await until(lambda: panel.stream_button.text() == "Starting the stream…")
    assert panel.record_button.text() == "Start recording"


async def test_a_click_while_the_stream_starts_asks_to_stop_it(
    window: MainWindow, fake_obs: FakeObs, qtbot: Any, until: Until
) -> None:
    """Start pressed elsewhere (Companion, OBS itself), the button says Starting…: a click
    offers to stop it, as on a running stream, and the stop goes once OBS has started it."""
    panel = window.outputs_panel
    state = "OBS_WEBSOCKET_OUTPUT_"
    fake_obs.emit("StreamStateChanged", outputActive=False, outputState=state + "STARTING")
    await until(lambda: panel.stream_button.text() == "Starting the stream…")
    qtbot.mouseClick(panel.stream_button, Qt.MouseButton.LeftButton)
    box = panel.pending_confirmation
    assert box is not None
    assert "StartStream" not in fake_obs.names()
    qtbot.mouseClick(box.button(YES), Qt.MouseButton.LeftButton)
    fake_obs.streaming = True
    fake_obs.emit("StreamStateChanged", outputActive=True, outputState=state + "STARTED")
    await until(lambda: "StopStream" in fake_obs.names())
    await until(lambda: not fake_obs.streaming)
    assert "StartStream" not in fake_obs.names()
