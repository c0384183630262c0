"""The program picture: the latest thumbnail, scaled with its aspect kept, or "No signal"."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app.services.state import ObsSlice


class ProgramView(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._connected = False
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(QSize(192, 108))  # small screens: the picture gives way first
        # Ignored: the pixmap must never make the layout grow; it is scaled to what we get.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setStyleSheet("background: black; color: #bdbdbd; font-size: 18px;")
        self._show_no_signal()

    @property
    def has_picture(self) -> bool:
        return self._image is not None

    def show_image(self, image: QImage) -> None:
        if not self._connected or image.isNull():
            return
        self._image = image
        self._paint()

    def update_state(self, obs: ObsSlice) -> None:
        connected = obs.connected
        if connected == self._connected:
            return
        self._connected = connected
        if not connected:
            self._image = None
            self._show_no_signal()

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._image is not None:
            self._paint()

    def _paint(self) -> None:
        assert self._image is not None
        pixmap = QPixmap.fromImage(self._image).scaled(
            self.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.setPixmap(pixmap)

    def _show_no_signal(self) -> None:
        self.clear()
        self.setText(self.tr("No signal"))
