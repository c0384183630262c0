"""A bar for user errors (bad input, wrong state, OBS refused): dismissable, hides by itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from app.ui.message_texts import text_for

AUTO_HIDE_MS = 8000


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None, *, auto_hide_ms: int = AUTO_HIDE_MS) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setStyleSheet(
            "#messageBar { background: #fdecea; border: 1px solid #f5c2c0; border-radius: 4px; }"
            "#messageBar QLabel { color: #611a15; }"
        )
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
        self._label.setText(text_for(text))
        self.show()
        self._timer.start()

    def dismiss(self) -> None:
        self._timer.stop()
        self.hide()
