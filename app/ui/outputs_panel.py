"""Stream, record, the replay buffer and the virtual camera: start/stop (stopping the stream, the
recording or the virtual camera asks first), their lights, saving a replay, timecodes and health."""

from __future__ import annotations

import time
from pathlib import PurePath

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.messages import Message
from app.domain.obs_state import OutputStats
from app.domain.timecode import format_timecode
from app.runtime.tasks import TaskRunner
from app.services.markers import Markers
from app.services.obs_control import ObsControl
from app.services.state import ObsSlice
from app.ui.keymap import BoundKeys, Keymap
from app.ui.message_texts import text_for
from app.ui.widgets import ElidedLabel

ORIGIN = "console"
NO_TIMECODE = "--:--:--"
_LIGHT_ON = "background: #d32f2f; color: white; font-weight: bold; padding: 2px 8px;"
_LIGHT_OFF = "background: #9e9e9e; color: #eeeeee; font-weight: bold; padding: 2px 8px;"


class OutputsPanel(QWidget):
    """Reflects whether OBS streams, records, keeps a replay buffer and runs its virtual camera;
    the actions go to ObsControl via the runner (a replay save through `markers`, which marks the
    moment too).

    Stopping the stream, the recording or the virtual camera (the picture 抖音直播伴侣 takes)
    opens a non-blocking confirmation (`pending_confirmation`); the output only stops when the
    user confirms it. The live keys (Ctrl+Shift+L, Ctrl+Shift+R, Ctrl+Shift+B by default) press
    the buttons in `key_scope`'s window (the main window; the panel's own when None).
    """

    def __init__(
        self,
        obs: ObsControl,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        key_scope: QWidget | None = None,
        keymap: Keymap | None = None,
        markers: Markers | None = None,
    ) -> None:
        super().__init__(parent)
        self._obs, self._runner, self._markers = obs, runner, markers
        self._active = {"stream": False, "record": False, "replay_buffer": False,
                        "virtualcam": False}  # fmt: skip
        self._stats = OutputStats()
        self.pending_confirmation: QMessageBox | None = None

        self.live_light = QLabel(self.tr("LIVE"))
        self.rec_light = QLabel(self.tr("REC"))
        self.stream_button = QPushButton()
        self.record_button = QPushButton()
        for button in (self.stream_button, self.record_button):
            button.setMinimumHeight(40)
        self.stream_button.clicked.connect(lambda: self._on_output_clicked("stream"))
        self.record_button.clicked.connect(lambda: self._on_output_clicked("record"))
        self.stream_button.setToolTip(self.tr("Start or stop streaming (stopping asks first)"))
        self.record_button.setToolTip(self.tr("Start or stop the recording (stopping asks first)"))
        # The replay buffer and the virtual camera: short buttons that are their own lights (red
        # while running), so the window still fits 1280×800 in any language; tooltips say more.
        self.replay_button = QPushButton(self.tr("REPLAY"))
        self.replay_button.clicked.connect(lambda: self._on_output_clicked("replay_buffer"))
        self.save_replay_button = QPushButton(self.tr("Save"))
        self.save_replay_button.setToolTip(
            self.tr("Save the replay buffer to a file and mark the moment")
        )
        self.save_replay_button.clicked.connect(self.save_replay)
        self.virtualcam_button = QPushButton(self.tr("VIRTUAL CAM"))
        self.virtualcam_button.clicked.connect(lambda: self._on_output_clicked("virtualcam"))
        self.replay_saved = QLabel()  # the last file saved, cut to the room left (tooltip: all)
        self.replay_saved.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._keys = BoundKeys(keymap or Keymap())
        for name, button in (("outputs.stream", self.stream_button),
                             ("outputs.record", self.record_button)):  # fmt: skip
            shortcut = QShortcut(key_scope or self)
            shortcut.setAutoRepeat(False)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            # a disabled button (OBS gone) does nothing; a text field keeps its keys
            self._keys.bind(name, shortcut, button, action=button.click)
        save = QShortcut(key_scope or self)
        save.setAutoRepeat(False)
        save.setContext(Qt.ShortcutContext.WindowShortcut)
        save_button = self.save_replay_button
        self._keys.bind("outputs.save_replay", save, save_button, action=save_button.click)

        self._stream_tc = QLabel(NO_TIMECODE)
        self._record_tc = QLabel(NO_TIMECODE)
        self._bitrate = QLabel()
        self._dropped = QLabel()
        self._cpu = QLabel()
        self._fps = QLabel()
        figures = QGridLayout()
        rows = [
            (self.tr("Stream"), self._stream_tc),
            (self.tr("Record"), self._record_tc),
            (self.tr("Bitrate"), self._bitrate),
            (self.tr("Dropped frames"), self._dropped),
            (self.tr("CPU"), self._cpu),
            (self.tr("FPS"), self._fps),
        ]
        # Each label at least a line high: the window squeezes the picture above, never these
        # figures, to fit a laptop screen.
        figures.setVerticalSpacing(2)
        for row, (name, value) in enumerate(rows):
            for column, label in enumerate((ElidedLabel(name), value)):  # a long name: "…"
                label.setMinimumHeight(label.fontMetrics().height())
                figures.addWidget(label, row // 2, (row % 2) * 2 + column)

        stream_row = QHBoxLayout()
        stream_row.addWidget(self.live_light)
        stream_row.addWidget(self.stream_button, 1)
        record_row = QHBoxLayout()
        record_row.addWidget(self.rec_light)
        record_row.addWidget(self.record_button, 1)
        extras_row = QHBoxLayout()
        extras_row.addWidget(self.replay_button)
        extras_row.addWidget(self.save_replay_button)
        extras_row.addWidget(self.replay_saved, 1)
        extras_row.addWidget(self.virtualcam_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)  # the centre column's own margins are enough
        layout.setSpacing(4)
        layout.addLayout(stream_row)
        layout.addLayout(record_row)
        layout.addLayout(extras_row)
        layout.addLayout(figures)

        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._show_timecodes)
        self._shown: ObsSlice | None = None  # what update_state last showed
        self._labels = {  # output -> start, stop, starting, stopping
            "stream": (self.tr("Start streaming"), self.tr("Stop streaming"),
                       self.tr("Starting the stream…"), self.tr("Stopping the stream…")),
            "record": (self.tr("Start recording"), self.tr("Stop recording"),
                       self.tr("Starting the recording…"), self.tr("Finishing the recording…")),
        }  # fmt: skip
        self.update_state(ObsSlice())

    def set_keymap(self, keymap: Keymap) -> None:
        """New keys (the settings changed): the shortcuts and tooltips follow at once."""
        self._keys.rebind(keymap)

    def is_active(self, output: str) -> bool:
        """Whether the panel shows the output ("stream", "record", "replay_buffer" or
        "virtualcam") as running."""
        return self._active[output]

    def shown_stats(self) -> OutputStats:
        return self._stats

    # ----- state in ----------------------------------------------------------------------------
    def update_state(self, obs: ObsSlice) -> None:
        # the show's state comes ten times a second under a flood of comments: OBS's part
        # rarely changes, and each style sheet set makes Qt restyle the light
        if obs == self._shown:
            return
        self._shown = obs
        connected = obs.connected
        self._active = {
            "stream": obs.streaming,
            "record": obs.recording,
            "replay_buffer": obs.replay_buffer,
            "virtualcam": obs.virtualcam,
        }
        streaming, recording = self._active["stream"], self._active["record"]
        self.stream_button.setText(self._label("stream", obs))
        self.record_button.setText(self._label("record", obs))
        self.stream_button.setEnabled(connected)
        self.record_button.setEnabled(connected)
        self.live_light.setStyleSheet(_LIGHT_ON if streaming else _LIGHT_OFF)
        self.rec_light.setStyleSheet(_LIGHT_ON if recording else _LIGHT_OFF)
        self._show_replay_and_camera(obs)
        self._show_stats(obs.stats)
        self._show_timecodes()
        if streaming or recording:
            self._ticker.start()
        else:
            self._ticker.stop()

    def _label(self, output: str, obs: ObsSlice) -> str:
        """Start / stop, or, between states, what OBS is doing: a start pressed while OBS
        finishes a stop waits for it."""
        start, stop, starting, stopping = self._labels[output]
        if output in obs.stopping:
            return stopping
        if output in obs.starting:
            return starting
        return stop if self._active[output] else start

    def _show_replay_and_camera(self, obs: ObsSlice) -> None:
        """Their buttons stay pressable when OBS cannot have them: the press says what to do,
        and so does the tooltip."""
        replay, camera = obs.replay_buffer, obs.virtualcam
        for button in (self.replay_button, self.save_replay_button, self.virtualcam_button):
            button.setEnabled(obs.connected)
        self.replay_button.setStyleSheet(_LIGHT_ON if replay else "")
        self.virtualcam_button.setStyleSheet(_LIGHT_ON if camera else "")
        replay_tip = (
            self.tr("OBS's replay buffer runs: click to stop it")
            if replay
            else self.tr("Start OBS's replay buffer: OBS keeps the last seconds, ready to save")
        )
        camera_tip = (
            self.tr("OBS's virtual camera runs: click to stop it (asks first)")
            if camera
            else self.tr("Start OBS's virtual camera, the picture 抖音直播伴侣 and other apps take")
        )
        if obs.replay_buffer_available is False:
            replay_tip = text_for(Message("obs.replay_unavailable"))
        if obs.virtualcam_available is False:
            camera_tip = text_for(Message("obs.virtualcam_unavailable"))
        self.replay_button.setToolTip(replay_tip)
        self.virtualcam_button.setToolTip(camera_tip)

    def _show_stats(self, stats: OutputStats) -> None:
        self._stats = stats
        self._bitrate.setText(self.tr("{kbps:.0f} kbps").format(kbps=stats.bitrate_kbps))
        skipped, total = stats.output_skipped, stats.output_total
        share = 100.0 * skipped / total if total else 0.0
        self._dropped.setText(f"{skipped}/{total} ({share:.1f}%)")
        self._cpu.setText(f"{stats.cpu_percent:.1f}%")
        self._fps.setText(f"{stats.fps:.1f}")

    def _show_timecodes(self) -> None:
        stream_s, record_s = self._obs.timecodes(time.time())
        self._stream_tc.setText(_clock_text(stream_s))
        self._record_tc.setText(_clock_text(record_s))

    # ----- actions out -------------------------------------------------------------------------
    def save_replay(self) -> None:
        """Save OBS's replay buffer (and mark the moment); the file's name shows once OBS
        says it."""
        self._runner.run(self._save_replay(), "replay-save")

    async def _save_replay(self) -> None:
        if self._markers is None:  # a panel without the show's markers: the save alone
            saved = await self._obs.save_replay(origin=ORIGIN)
            path = await saved
        else:
            path = (await self._markers.save_replay(origin=ORIGIN))["path"]
        if isValid(self.replay_saved):
            name = PurePath(path).name if path else ""
            text = self.tr("Saved {file}").format(file=name) if name else self.tr("Saved")
            self.replay_saved.setText(text)
            self.replay_saved.setToolTip(path or "")

    def _on_output_clicked(self, output: str) -> None:
        # an output OBS is starting is one to stop (asked first, as a running one): a stop then
        # waits for OBS to have started it (OBS refuses it before); a start would be refused
        starting = self._shown is not None and output in self._shown.starting
        active = self._active[output] or starting
        if not active or output == "replay_buffer":  # the buffer stops without asking
            action = "stop" if active else "start"
            self._runner.run(
                self._obs.set_output(output, action, origin=ORIGIN), f"{output}-{action}"
            )
            return
        if self.pending_confirmation is not None:
            self.pending_confirmation.raise_()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        if output == "stream":
            box.setWindowTitle(self.tr("Stop streaming"))
            box.setText(self.tr("Stop the live stream? Viewers will see the broadcast end."))
            confirm_text = self.tr("Stop streaming")
        elif output == "virtualcam":
            box.setWindowTitle(self.tr("Stop virtual camera"))
            box.setText(
                self.tr(
                    "Stop the virtual camera? Apps that take OBS's picture from it "
                    "(抖音直播伴侣…) lose it, and so may their live broadcast."
                )
            )
            confirm_text = self.tr("Stop virtual camera")
        else:
            box.setWindowTitle(self.tr("Stop recording"))
            box.setText(self.tr("Stop the recording?"))
            confirm_text = self.tr("Stop recording")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(confirm_text)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._on_stop_answered(box, output))
        self.pending_confirmation = box
        box.open()

    def _on_stop_answered(self, box: QMessageBox, output: str) -> None:
        self.pending_confirmation = None
        confirmed = box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
        box.deleteLater()
        if confirmed:
            self._runner.run(self._obs.set_output(output, "stop", origin=ORIGIN), f"{output}-stop")


def _clock_text(seconds: float | None) -> str:
    return NO_TIMECODE if seconds is None else format_timecode(seconds)[:8]
