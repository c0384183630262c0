"""What went wrong as the console started (the local API's port taken, no keyring to keep a token
or a password, a chat source that cannot start, a settings file that cannot be read): listed
together, each line until the user dismisses them. Unlike the message bar's, these never hide by
themselves, and an action that succeeds later does not take them away: the problem is still
there."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QToolButton, QWidget

from app.ui.message_bar import ERROR, STYLES
from app.ui.message_texts import text_for

MAX_LINES = 3  # more scroll: the bar must not push the console's bottom row off a laptop screen


class _Lines(QScrollArea):
    """The problems' text as tall as it wraps at the width it has, up to MAX_LINES lines; the
    rest scrolls."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self._label = label
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        label.setAutoFillBackground(False)

    def _cap(self) -> int:
        return self.fontMetrics().lineSpacing() * MAX_LINES + 4

    def sizeHint(self) -> QSize:
        label = self._label
        width = self.viewport().width() if self.isVisible() else label.sizeHint().width()
        wanted = label.heightForWidth(max(1, width))
        if wanted < 0:
            wanted = label.sizeHint().height()
        return QSize(super().sizeHint().width(), min(wanted, self._cap()))

    def minimumSizeHint(self) -> QSize:  # two lines and a scroll bar on a crowded screen
        return QSize(40, min(self.sizeHint().height(), self.fontMetrics().lineSpacing() * 2 + 4))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the text wraps anew: another height

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()


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
        self.lines = _Lines(self._label)
        layout.addWidget(self.lines, 1)
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
        self.lines.updateGeometry()

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
