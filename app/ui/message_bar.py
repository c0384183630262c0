"""A bar for user errors (bad input, wrong state, OBS refused) and notes (worth knowing, nothing
wrong): dismissable, hides by itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from app.ui.message_texts import text_for

AUTO_HIDE_MS = 8000
ERROR, NOTE = "error", "note"
STYLES = {  # background, border, text
    ERROR: ("#fdecea", "#f5c2c0", "#611a15"),
    NOTE: ("#e8f1fb", "#b9d3f0", "#0d3c61"),
}


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None, *, auto_hide_ms: int = AUTO_HIDE_MS) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.kind = ERROR
        self._style(ERROR)
        self._label = QLabel()
        self._label.setTextFormat(Qt.TextFormat.PlainText)  # may quote a viewer's or a file's text
        self._label.setWordWrap(True)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self._label, 1)
        layout.addWidget(self.close_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(auto_hide_ms)
        self._timer.timeout.connect(self.dismiss)
        self.hide()

    def text(self) -> str:
        return self._label.text()

    def show_error(self, text: str) -> None:
        """Show the message (replacing an older one) and restart the auto-hide timer. A
        service's message (app/domain/messages.py) is shown in the interface's language."""
        self._show(text, ERROR)

    def show_note(self, text: str) -> None:
        """As show_error, in the colours of a note: nothing went wrong."""
        self._show(text, NOTE)

    def _show(self, text: str, kind: str) -> None:
        if kind != self.kind:
            self._style(kind)
        self._label.setText(text_for(text))
        self.show()
        self._timer.start()

    def _style(self, kind: str) -> None:
        background, border, color = STYLES[kind]
        self.kind = kind
        self.setStyleSheet(
            f"#messageBar {{ background: {background}; border: 1px solid {border}; "
            f"border-radius: 4px; }} #messageBar QLabel {{ color: {color}; }}"
        )

    def dismiss(self) -> None:
        self._timer.stop()
        self.hide()
