"""The simulator's picture (GetSourceScreenshot): the scene's items drawn with QtGui on a QImage,
offscreen and off the GUI thread, as OBS would composite them. Colour and text sources, image
sources (so LiveDesk's native overlay cards appear when shown), nested scenes, and a drawn
camera for the capture devices; a watermark with the clock says it is the simulator."""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from app.demo.world import Frame, Layer

_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "bmp": "BMP"}
_family_lock = threading.Lock()
_family: str | None = None


def _font_family() -> str:
    global _family
    with _family_lock:
        if _family is None:
            from app.adapters.render.drawing import pick_family

            _family = pick_family()
        return _family


def qcolor(obs: int) -> QColor:
    """An OBS colour (0xAABBGGRR) as a QColor."""
    obs = int(obs) & 0xFFFFFFFF
    return QColor(obs & 0xFF, obs >> 8 & 0xFF, obs >> 16 & 0xFF, obs >> 24 & 0xFF)


def paint(frame: Frame, width: int, height: int, fmt: str, quality: int = -1) -> bytes:
    """The frame drawn at width × height, encoded as `fmt` (png, jpg, jpeg, bmp)."""
    image = render(frame, width, height)
    if _FORMATS.get(fmt, "PNG") != "PNG":
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, _FORMATS.get(fmt, "PNG"), quality):  # type: ignore[call-overload]
        raise OSError(f"encoding the picture as {fmt} failed")
    buffer.close()
    return bytes(data.data())


def render(frame: Frame, width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#000000"))
    p = QPainter(image)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        canvas_w, canvas_h = frame.canvas
        p.scale(width / canvas_w, height / canvas_h)
        _Painter(p, frame.wall_time, frame.canvas).layers(frame.layers)
        _watermark(p, frame)
    finally:
        p.end()
    return image


class _Painter:
    def __init__(self, p: QPainter, now: float, canvas: tuple[int, int]) -> None:
        self.p, self.now, self.canvas = p, now, canvas

    def layers(self, layers: tuple[Layer, ...], depth: int = 0) -> None:
        for layer in layers:
            self.p.save()
            try:
                self.layer(layer, depth)
            finally:
                self.p.restore()

    def layer(self, layer: Layer, depth: int) -> None:
        kind, s = layer.kind, layer.settings
        if kind == "scene":
            self._place(layer.transform, float(self.canvas[0]), float(self.canvas[1]))
            self.layers(layer.layers, depth + 1)
        elif kind.startswith("color_source"):
            w, h = float(s.get("width", 1920)), float(s.get("height", 1080))
            self._place(layer.transform, w, h)
            self.p.fillRect(QRectF(0, 0, w, h), qcolor(s.get("color", 0xFFFFFFFF)))
        elif kind.startswith("text_"):
            self._text(layer)
        elif kind == "image_source":
            image = QImage(str(s.get("file") or ""))
            if not image.isNull():
                self._place(layer.transform, float(image.width()), float(image.height()))
                self.p.drawImage(QPointF(0, 0), image)
        else:
            self._place(layer.transform, 1280.0, 720.0)
            self._camera(layer.name)

    def _place(self, t: dict[str, Any], w: float, h: float) -> None:
        """Move the painter so (0, 0)–(w, h) lands where OBS would put the item."""
        bounds = str(t.get("boundsType", "OBS_BOUNDS_NONE"))
        bw, bh = float(t.get("boundsWidth") or 0), float(t.get("boundsHeight") or 0)
        if bounds != "OBS_BOUNDS_NONE" and bw > 0 and bh > 0 and w > 0 and h > 0:
            if bounds == "OBS_BOUNDS_STRETCH":
                kx, ky = bw / w, bh / h
            else:
                kx = ky = min(bw / w, bh / h)
            box_w, box_h = bw, bh
            inner_x, inner_y = _aligned(int(t.get("boundsAlignment", 0)), bw - w * kx, bh - h * ky)
        else:
            kx, ky = float(t.get("scaleX", 1.0)), float(t.get("scaleY", 1.0))
            box_w, box_h, inner_x, inner_y = w * kx, h * ky, 0.0, 0.0
        ox, oy = _aligned(int(t.get("alignment", 5)), box_w, box_h)
        self.p.translate(
            float(t.get("positionX", 0)) - ox + inner_x, float(t.get("positionY", 0)) - oy + inner_y
        )
        self.p.scale(kx, ky)

    def _text(self, layer: Layer) -> None:
        s = layer.settings
        font_spec = s.get("font") or {}
        font = QFont(_font_family())
        font.setPixelSize(max(1, int(font_spec.get("size", 256))))
        font.setBold(bool(int(font_spec.get("flags", 0)) & 1))
        text = str(s.get("text", ""))
        metrics = QFontMetricsF(font)
        lines = text.splitlines() or [""]
        w = max(1.0, max(metrics.horizontalAdvance(line) for line in lines))
        h = metrics.height() * len(lines)
        self._place(layer.transform, w, h)
        if layer.kind.startswith("text_gdiplus"):
            bgr = int(s.get("color", 0xFFFFFF))
            colour = qcolor(0xFF000000 | bgr)
        else:
            colour = qcolor(int(s.get("color1", 0xFFFFFFFF)))
        self.p.setFont(font)
        self.p.setPen(QColor(0, 0, 0, 140))
        for i, line in enumerate(lines):
            self.p.drawText(QPointF(3, metrics.ascent() + i * metrics.height() + 3), line)
        self.p.setPen(colour)
        for i, line in enumerate(lines):
            self.p.drawText(QPointF(0, metrics.ascent() + i * metrics.height()), line)

    def _camera(self, name: str) -> None:
        """A capture device: a lit set with the host, or the product on its stand."""
        p = self.p
        p.setClipRect(QRectF(0, 0, 1280, 720))
        sway = math.sin(self.now * 1.3) * 12
        p.fillRect(QRectF(0, 0, 1280, 720), QColor("#3C4A5C"))
        p.fillRect(QRectF(0, 520, 1280, 200), QColor("#2A3340"))
        if "商品" in name or "Product" in name:
            p.setBrush(QColor("#D9D2C5"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QRectF(340, 560, 600, 90))
            p.setBrush(QColor("#E4393C"))
            p.drawRoundedRect(QRectF(500 + sway, 250, 280, 340), 24, 24)
            p.setBrush(QColor("#FFFFFF"))
            p.drawEllipse(QRectF(590 + sway, 320, 100, 100))
            p.setBrush(QColor("#FFB400"))
            p.drawRect(QRectF(560 + sway, 470, 160, 30))
        else:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#E8B894"))
            p.drawEllipse(QRectF(560 + sway, 150, 160, 190))
            body = QPainterPath()
            body.addRoundedRect(QRectF(430 + sway * 0.6, 330, 420, 420), 140, 140)
            p.setBrush(QColor("#2F6FB0"))
            p.drawPath(body)
            p.setBrush(QColor("#2B2B2B"))
            p.drawChord(QRectF(550 + sway, 130, 180, 120), 0, 180 * 16)
        p.setPen(QPen(QColor(255, 255, 255, 160), 2))
        p.setFont(_small_font(28))
        p.drawText(QPointF(24, 48), name)


def _aligned(alignment: int, w: float, h: float) -> tuple[float, float]:
    """The offset of the alignment point in a w × h box (OBS: left 1, right 2, top 4, bottom 8)."""
    x = 0.0 if alignment & 1 else w if alignment & 2 else w / 2
    y = 0.0 if alignment & 4 else h if alignment & 8 else h / 2
    return x, y


def _small_font(pixels: int, *, bold: bool = False) -> QFont:
    font = QFont(_font_family())
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _watermark(p: QPainter, frame: Frame) -> None:
    """“OBS simulator”, the scene and the clock at the top left; LIVE / REC when they run."""
    clock = time.strftime("%H:%M:%S", time.localtime(frame.wall_time))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(0, 0, 0, 150))
    p.drawRoundedRect(QRectF(24, 24, 560, 64), 14, 14)
    p.setPen(QColor("#FFFFFF"))
    p.setFont(_small_font(30, bold=True))
    p.drawText(
        QRectF(44, 24, 520, 64),
        Qt.AlignmentFlag.AlignVCenter,
        f"OBS 模拟器 · {frame.scene} · {clock}",
    )
    x = frame.canvas[0] - 24.0
    for on, label, colour in (
        (frame.recording, "REC", "#E4393C"),
        (frame.streaming, "LIVE", "#E4393C"),
    ):
        if not on:
            continue
        x -= 150
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(colour))
        p.drawRoundedRect(QRectF(x, 24, 140, 64), 14, 14)
        p.setPen(QColor("#FFFFFF"))
        p.drawText(QRectF(x, 24, 140, 64), Qt.AlignmentFlag.AlignCenter, label)
        x -= 10
