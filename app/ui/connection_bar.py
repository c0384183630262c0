"""The OBS status light: connected / connecting / disconnected, versions, and what is wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.services.events import Event, ObsConnecting
from app.services.ports import ConnectProblem
from app.services.state import ObsSlice
from app.ui.message_texts import text_for
from app.ui.widgets import ElidedLabel

_LIGHT = "border-radius: 7px; min-width: 14px; max-width: 14px; min-height: 14px; max-height: 14px;"
_COLOURS = {"connected": "#2e7d32", "connecting": "#f9a825", "disconnected": "#c62828"}


class ConnectionBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = ""
        self._attempt = 0
        self._light = QLabel()
        self._status_text = QLabel()
        self._versions = ElidedLabel()
        self._versions.setStyleSheet("color: #757575;")
        # One line each in the narrow status column, cut with "…" (the tooltip has it all): a
        # hint wrapped over lines would make the window taller than a 1366×768 screen.
        self.problem_label = ElidedLabel()
        self.problem_label.setStyleSheet("color: #c62828; font-weight: bold;")
        self.hint_label = ElidedLabel()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self._light)
        row.addWidget(self._status_text)
        row.addSpacing(12)
        row.addWidget(self._versions, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.hint_label)
        self._show("connecting", None)

    def update_state(self, obs: ObsSlice) -> None:
        if obs.connected:
            self._attempt = 0
            versions = self.tr("OBS {obs} · obs-websocket {ws}").format(
                obs=obs.obs_version or "?", ws=obs.websocket_version or "?"
            )
            self._versions.setText(versions)
            self._show("connected", None)
            return
        problem = obs.problem
        self._show("disconnected" if problem else "connecting", problem)

    def on_event(self, event: Event) -> None:
        """The supervisor's attempts arrive as events; the state only says "not connected"."""
        if isinstance(event, ObsConnecting):
            self._attempt = event.attempt

    def _show(self, status: str, problem: ConnectProblem | None) -> None:
        self.status = status
        self._light.setStyleSheet(f"{_LIGHT} background: {_COLOURS[status]};")
        if status == "connected":
            text = self.tr("OBS connected")
        elif status == "connecting":
            text = self.tr("Connecting to OBS…")
        elif self._attempt > 1:
            text = self.tr("OBS not connected (retrying, attempt {n})").format(n=self._attempt)
        else:
            text = self.tr("OBS not connected")
        self._status_text.setText(text)
        self._light.setToolTip(text)
        self._versions.setVisible(status == "connected")
        self.problem_label.setText(text_for(problem.message) if problem else "")
        self.hint_label.setText(text_for(problem.hint) if problem else "")
        whole = "\n".join((self.problem_label.text(), self.hint_label.text())) if problem else ""
        self.problem_label.setToolTip(whole)
        self.hint_label.setToolTip(whole)
        self.problem_label.setVisible(problem is not None)
        self.hint_label.setVisible(problem is not None)
