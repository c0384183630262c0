"""The show: start it (asks the title), end it (asks first), and how long it has been running."""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QWidget

from app.runtime.tasks import TaskRunner
from app.services.session import ShowRecorder
from app.services.state import SessionSlice
from app.ui.widgets import ElidedLabel


class SessionBar(QWidget):
    """Start and end the show through ShowRecorder; the dialogs are non-blocking (`open()`), and
    reachable as `pending_title_dialog` / `pending_confirmation` while open."""

    def __init__(
        self,
        recorder: ShowRecorder,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        resume: Callable[[], Coroutine[Any, Any, Any]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._recorder, self._runner, self._resume = recorder, runner, resume
        self._started_at: float | None = None
        # (monotonic reading, seconds the show had run then): the clock runs on from it, so a
        # step of the wall clock (NTP) does not jump it; taken again for another show
        self._anchor: tuple[float, float] | None = None
        self.pending_title_dialog: QInputDialog | None = None
        self.pending_confirmation: QMessageBox | None = None

        self.start_button = QPushButton(self.tr("Start show"))
        self.start_button.clicked.connect(self._ask_title)
        self.end_button = QPushButton(self.tr("End show"))
        self.end_button.clicked.connect(self._ask_end)
        self.resume_button = QPushButton(self.tr("Resume show"))
        self.resume_button.setToolTip(
            self.tr("Take up the show LiveDesk was running when it closed unexpectedly")
        )
        self.resume_button.clicked.connect(self.resume)
        self.title_label = ElidedLabel()  # the show's title, as typed, on one line
        self.title_label.setStyleSheet("font-weight: bold;")
        self._elapsed = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.title_label, 1)
        layout.addWidget(self._elapsed)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.start_button)
        layout.addWidget(self.end_button)

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._show_elapsed)
        self.update_state(SessionSlice())

    # ----- state in ----------------------------------------------------------------------------
    def update_state(self, session: SessionSlice) -> None:
        running = session.id is not None
        started_at = session.started_at if running else None
        if started_at != self._started_at or (started_at is not None and self._anchor is None):
            ran = None if started_at is None else max(0.0, time.time() - started_at)
            self._anchor = None if ran is None else (time.monotonic(), ran)
        self._started_at = started_at
        self.title_label.setText(str(session.title) if running else self.tr("No show running"))
        self.start_button.setEnabled(not running)
        self.start_button.setVisible(not running)  # one of the two at a time: room for the title
        resumable = session.resume_available and self._resume is not None
        self.resume_button.setVisible(resumable)
        if resumable:
            self.title_label.setText(
                self.tr("Interrupted: %1").replace("%1", session.interrupted or "")
            )
        self.end_button.setEnabled(running)
        self.end_button.setVisible(running)
        self._show_elapsed()
        if running:
            self._ticker.start()
        else:
            self._ticker.stop()

    def _show_elapsed(self) -> None:
        if self._anchor is None:
            self._elapsed.clear()
            return
        since, ran = self._anchor
        seconds = max(0, int(ran + time.monotonic() - since))
        hours, rest = divmod(seconds, 3600)
        self._elapsed.setText(f"{hours}:{rest // 60:02d}:{rest % 60:02d}")

    # ----- actions out -------------------------------------------------------------------------
    def _ask_title(self) -> None:
        if self.pending_title_dialog is not None:
            self.pending_title_dialog.raise_()
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Start show"))
        dialog.setLabelText(self.tr("Title of the show:"))
        dialog.setTextValue(self.tr("直播 {day}").format(day=date.today().isoformat()))
        dialog.textValueSelected.connect(self._start)
        dialog.finished.connect(lambda _result: self._forget_title_dialog(dialog))
        self.pending_title_dialog = dialog
        dialog.open()

    def _forget_title_dialog(self, dialog: QInputDialog) -> None:
        self.pending_title_dialog = None
        dialog.deleteLater()

    def _start(self, title: str) -> None:
        self._runner.run(self._recorder.start(title), name="session-start")

    def resume(self) -> None:
        if self._resume is not None:
            self._runner.run(self._resume(), name="session-resume")

    def _ask_end(self) -> None:
        if self.pending_confirmation is not None:
            self.pending_confirmation.raise_()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("End show"))
        box.setText(self.tr("End the show? Its log is closed; OBS keeps streaming and recording."))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("End show"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._on_end_answered(box))
        self.pending_confirmation = box
        box.open()

    def _on_end_answered(self, box: QMessageBox) -> None:
        self.pending_confirmation = None
        confirmed = box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
        box.deleteLater()
        if confirmed:
            self._runner.run(self._recorder.end(), name="session-end")
