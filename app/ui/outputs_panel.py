"""Stream and record: start/stop (stopping asks first), LIVE/REC lights, timecodes and health."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.obs_state import OutputStats
from app.domain.timecode import format_timecode
from app.runtime.tasks import TaskRunner
from app.services.obs_control import ObsControl
from app.services.state import ObsSlice
from app.ui.keymap import BoundKeys, Keymap

ORIGIN = "console"
NO_TIMECODE = "--:--:--"
_LIGHT_ON = "background: #d32f2f; color: white; font-weight: bold; padding: 2px 8px;"
_LIGHT_OFF = "background: #9e9e9e; color: #eeeeee; font-weight: bold; padding: 2px 8px;"


class OutputsPanel(QWidget):
    """Reflects whether OBS streams and records; the actions go to ObsControl via the runner.

    Stopping an output opens a non-blocking confirmation (`pending_confirmation`); the output only
    stops when the user confirms it. The live keys (Ctrl+Shift+L, Ctrl+Shift+R by default) press
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
    ) -> None:
        super().__init__(parent)
        self._obs, self._runner = obs, runner
        self._active = {"stream": False, "record": False}
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
        self._keys = BoundKeys(keymap or Keymap())
        for name, button in (("outputs.stream", self.stream_button),
                             ("outputs.record", self.record_button)):  # fmt: skip
            shortcut = QShortcut(key_scope or self)
            shortcut.setAutoRepeat(False)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(button.click)  # a disabled button (OBS gone) does nothing
            self._keys.bind(name, shortcut, button)

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
        for row, (name, value) in enumerate(rows):
            figures.addWidget(QLabel(name, wordWrap=True), row // 2, (row % 2) * 2)
            figures.addWidget(value, row // 2, (row % 2) * 2 + 1)

        stream_row = QHBoxLayout()
        stream_row.addWidget(self.live_light)
        stream_row.addWidget(self.stream_button, 1)
        record_row = QHBoxLayout()
        record_row.addWidget(self.rec_light)
        record_row.addWidget(self.record_button, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(stream_row)
        layout.addLayout(record_row)
        layout.addLayout(figures)

        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._show_timecodes)
        self.update_state(ObsSlice())

    def set_keymap(self, keymap: Keymap) -> None:
        """New keys (the settings changed): the shortcuts and tooltips follow at once."""
        self._keys.rebind(keymap)

    def is_active(self, output: str) -> bool:
        """Whether the panel shows the output ("stream" or "record") as running."""
        return self._active[output]

    def shown_stats(self) -> OutputStats:
        return self._stats

    # ----- state in ----------------------------------------------------------------------------
    def update_state(self, obs: ObsSlice) -> None:
        connected = obs.connected
        self._active = {"stream": obs.streaming, "record": obs.recording}
        streaming, recording = self._active["stream"], self._active["record"]
        self.stream_button.setText(
            self.tr("Stop streaming") if streaming else self.tr("Start streaming")
        )
        self.record_button.setText(
            self.tr("Stop recording") if recording else self.tr("Start recording")
        )
        self.stream_button.setEnabled(connected)
        self.record_button.setEnabled(connected)
        self.live_light.setStyleSheet(_LIGHT_ON if streaming else _LIGHT_OFF)
        self.rec_light.setStyleSheet(_LIGHT_ON if recording else _LIGHT_OFF)
        self._show_stats(obs.stats)
        self._show_timecodes()
        if streaming or recording:
            self._ticker.start()
        else:
            self._ticker.stop()

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
    def _on_output_clicked(self, output: str) -> None:
        if not self._active[output]:
            self._runner.run(
                self._obs.set_output(output, "start", origin=ORIGIN), f"{output}-start"
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
