"""Small widgets the panels share."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QHideEvent, QPainter, QPaintEvent, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget
from shiboken6 import isValid


class ElidedButton(QPushButton):
    """A button whose long label ends in “…” instead of widening the window (a segment title can
    be any length); the whole label stays in `full_text()` and the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(96, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(40, self.width() - 28)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        super().setText(shown)


class ElidedLabel(QLabel):
    """One line of plain text that ends in “…” where it does not fit, instead of wrapping into a
    tall column or widening the window (a show's title, OBS's versions); `text()` and the tooltip
    keep it whole."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        room = self.contentsRect()
        elide = Qt.TextElideMode.ElideRight
        shown = self.fontMetrics().elidedText(self.text(), elide, room.width())
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(room, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), shown)


class LivePanel(QWidget):
    """A panel that works only while it is on screen: its window-wide shortcuts and its clock
    (`_ticker`) run while it is shown, and it refreshes when it appears. Subclasses set
    `_shortcuts` and `_ticker` in their constructor and implement `refresh()`."""

    keys_while_minimised = False  # the cue panel keeps Ctrl+B for the host view
    _shortcuts: list[QShortcut]
    _ticker: QTimer

    def refresh(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._enable_keys(True)
        self._ticker.start()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._ticker.stop()
        if not (self.keys_while_minimised and event.spontaneous()):
            self._enable_keys(False)

    def _enable_keys(self, on: bool) -> None:
        for shortcut in self._shortcuts:
            if isValid(shortcut):  # the key scope (main window) may be going away first
                shortcut.setEnabled(on)
