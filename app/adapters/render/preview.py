"""The overlay panel's preview: every card on screen, placed as on a 16:9 stream, in one image."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.adapters.obs.overlay_layout import layout
from app.adapters.render.cards import QtCardRenderer

PREVIEW_SIZE = (640, 360)


class OverlayPreview:
    """`render(view)` -> a QImage of what the overlays show, on a dark stand-in for the video."""

    def __init__(self, renderer: QtCardRenderer, size: tuple[int, int] = PREVIEW_SIZE) -> None:
        self._renderer, self._size = renderer, size

    def __call__(self, view: dict[str, Any]) -> QImage | None:
        return self.render(view)

    def render(self, view: dict[str, Any]) -> QImage | None:
        kinds = ("product", "coupon", "featured", "thanks", "lottery", "poll", "checkin")
        cards = [(kind, view.get(kind)) for kind in kinds]
        if not any(card for _, card in cards):
            return None
        width, height = self._size
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("#202028"))
        rects = layout(width, height)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            for kind, card in cards:
                if card:
                    r = rects[kind]
                    painter.drawImage(r.x, r.y, self._renderer.image(kind, card, r.w, r.h))
            coupon = view.get("coupon")
            if coupon:
                r = rects["clock"]
                painter.setPen(QColor("#FF4D4D" if coupon.get("urgent") else "#FFFFFF"))
                font = painter.font()
                font.setPixelSize(max(8, int(r.h * 0.8)))
                font.setBold(True)
                painter.setFont(font)
                painter.drawText(r.x, r.y, r.w, r.h, Qt.AlignmentFlag.AlignCenter, coupon["clock"])
        finally:
            painter.end()
        return image
