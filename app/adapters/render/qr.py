"""A QR code as a QImage (segno's matrix drawn with QPainter), for links shown in the console."""

from __future__ import annotations

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter


def qr_image(text: str, size: int = 240) -> QImage:
    qr = segno.make(text, error="m")
    matrix = list(qr.matrix)
    border = 2
    cells = len(matrix) + 2 * border
    scale = max(1, size // cells)
    image = QImage(cells * scale, cells * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.drawRect((x + border) * scale, (y + border) * scale, scale, scale)
    finally:
        painter.end()
    return image
