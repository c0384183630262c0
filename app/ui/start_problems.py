"""What went wrong as the console started (the local API's port taken, no keyring to keep a token
or a password, a chat source that cannot start, a settings file that cannot be read): listed
together, each line until the user dismisses them. Unlike the message bar's, these never hide by
themselves, and an action that succeeds later does not take them away: the problem is still
there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from app.ui.message_bar import ERROR, STYLES
from app.ui.message_texts import text_for


class StartProblems(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startProblems")
        background, border, color = STYLES[ERROR]  # an error's colours, as the message bar's
        self.setStyleSheet(
            f"#startProblems {{ background: {background}; border: 1px solid {border}; "
            f"border-radius: 4px; }} #startProblems QLabel, #startProblems QToolButton "
            f"{{ color: {color}; }}"
        )
        self._texts: list[str] = []
        self._label = QLabel()
        self._label.setTextFormat(Qt.TextFormat.PlainText)  # may quote a file's or a source's text
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self._label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def add(self, text: str) -> None:
        """One more line (a service's message in the interface's language); the same twice once."""
        shown = text_for(text)
        if shown not in self._texts:
            self._texts.append(shown)
        lines = self._texts if len(self._texts) == 1 else [f"• {t}" for t in self._texts]
        self._label.setText("\n".join(lines))
        self.show()

    def texts(self) -> list[str]:
        """The problems listed, each in the interface's language."""
        return list(self._texts)

    def text(self) -> str:
        """What the bar shows."""
        return self._label.text()

    def dismiss(self) -> None:
        self._texts.clear()
        self._label.clear()
        self.hide()
