"""The native overlay cards as transparent PNGs: product, coupon, featured comment, thanks, and
the interaction cards (lottery, poll or quiz, check-in).

Pure QtGui (QImage + QPainter), so a card renders on any thread once a QGuiApplication exists.
Every card is drawn in its reference size (a 1920x1080 canvas) and scaled to the size asked for.
Text is always drawn as plain text, never interpreted as markup.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from app.adapters.obs.overlay_layout import CARD_SIZES, CLOCK_BOX
from app.adapters.render.drawing import (
    draw_qr,
    elide,
    layout_lines,
    panel,
    pick_family,
    png_bytes,
    text_line,
    wrap,
)
from app.domain.settings import OverlayTheme

LOTTERY_WAITING = "已截止 · 等待开奖"  # a lottery whose time is up, not drawn yet
PLATFORMS = {  # id: (label, badge colour)
    "douyin": ("抖音", "#FE2C55"),
    "bilibili": ("B站", "#FB7299"),
    "kuaishou": ("快手", "#FF4906"),
    "wechat": ("视频号", "#07C160"),
    "taobao": ("淘宝", "#FF5000"),
    "xiaohongshu": ("小红书", "#FF2442"),
    "youtube": ("YouTube", "#FF0000"),
    "twitch": ("Twitch", "#9146FF"),
}


@dataclass(frozen=True)
class Brand:
    """The show's colours (#RRGGBB or #AARRGGBB)."""

    accent: str = "#FF3B5C"
    panel: str = "#E61A1A24"
    text: str = "#FFFFFF"
    muted: str = "#B4B4C3"
    price: str = "#FFD23F"
    badge: str = "#FF7A00"


class QtCardRenderer:
    """Renders `OverlayControl.view()` cards. `render` returns PNG bytes of width x height."""

    def __init__(self, brand: Brand | None = None, family: str | None = None) -> None:
        self.brand = brand or Brand()
        self._family = family
        self._lock = threading.Lock()

    @property
    def family(self) -> str:
        with self._lock:
            if self._family is None:
                self._family = pick_family()
            return self._family

    def render(self, kind: str, card: dict[str, Any], width: int, height: int) -> bytes:
        return png_bytes(self.image(kind, card, width, height))

    def image(self, kind: str, card: dict[str, Any], width: int, height: int) -> QImage:
        draw = {"product": self._product, "coupon": self._coupon, "featured": self._featured,
                "thanks": self._thanks, "lottery": self._lottery, "poll": self._poll,
                "checkin": self._checkin}  # fmt: skip
        if kind not in draw:
            raise ValueError(f"no card kind {kind!r}")
        ref_w, ref_h = CARD_SIZES[kind]
        image = QImage(max(1, width), max(1, height), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            painter.setRenderHints(
                QPainter.RenderHint.Antialiasing
                | QPainter.RenderHint.TextAntialiasing
                | QPainter.RenderHint.SmoothPixmapTransform
            )
            painter.scale(width / ref_w, height / ref_h)
            panel(painter, QRectF(0, 0, ref_w, ref_h), QColor(self.brand.panel))
            draw[kind](painter, card, ref_w, ref_h)
        finally:
            painter.end()
        return image

    # ----- the cards -------------------------------------------------------------------------
    def _product(self, p: QPainter, card: dict[str, Any], w: float, h: float) -> None:
        pad, side = 16.0, h - 32.0
        image_rect = QRectF(pad, pad, side, side)
        self._product_image(p, card, image_rect)
        if card.get("badge"):
            sold_out = (card.get("stock") or 0) <= 0
            colour = self.brand.muted if sold_out else self.brand.badge
            self._pill(p, QPointF(pad + 8, pad + 8), str(card["badge"]), colour, 18)
        x0, right = image_rect.right() + pad, w - pad
        y = pad
        name_font = self._font(26, bold=True)
        for line in wrap(str(card.get("name") or ""), name_font, right - x0, 2):
            y = text_line(p, line, name_font, self.brand.text, x0, y)
        y += 4
        if card.get("price"):
            price_font = self._font(40, bold=True)
            text_line(p, str(card["price"]), price_font, self.brand.price, x0, y)
            if card.get("original_price"):
                old = self._font(22)
                old.setStrikeOut(True)
                at = x0 + QFontMetricsF(price_font).horizontalAdvance(str(card["price"])) + 12
                ascent_gap = QFontMetricsF(price_font).ascent() - QFontMetricsF(old).ascent()
                text_line(p, str(card["original_price"]), old, self.brand.muted, at, y + ascent_gap)
            y += QFontMetricsF(price_font).lineSpacing() + 4
        qr_side = 110.0
        link = card.get("link")
        points_right = right - qr_side - 10 if link else right
        point_font = self._font(19)
        for point in list(card.get("selling_points") or [])[:3]:
            if y + QFontMetricsF(point_font).height() > h - pad:
                break
            text = elide("• " + str(point), point_font, points_right - x0)
            y = text_line(p, text, point_font, self.brand.text, x0, y)
        if link:
            draw_qr(p, str(link), QRectF(right - qr_side, h - pad - qr_side, qr_side, qr_side))

    def _product_image(self, p: QPainter, card: dict[str, Any], rect: QRectF) -> None:
        path = QPainterPath()
        path.addRoundedRect(rect, 14, 14)
        source = card.get("image")
        picture = QImage(source) if source and os.path.isfile(source) else QImage()
        p.save()
        p.setClipPath(path)
        if not picture.isNull():
            scaled = picture.scaled(
                int(rect.width() * 2), int(rect.height() * 2),
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )  # fmt: skip
            crop = QRectF(0, 0, scaled.width(), scaled.height())
            side = min(crop.width(), crop.height())
            crop = QRectF((crop.width() - side) / 2, (crop.height() - side) / 2, side, side)
            p.drawImage(rect, scaled, crop)
        else:
            p.fillRect(rect, QColor(self.brand.accent).darker(140))
            initial = (str(card.get("name") or "?").strip() or "?")[0]
            p.setFont(self._font(int(rect.height() * 0.45), bold=True))
            p.setPen(QColor(self.brand.text))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, initial)
        p.restore()

    def _coupon(self, p: QPainter, card: dict[str, Any], w: float, h: float) -> None:
        pad = 16.0
        p.save()
        p.setPen(QPen(QColor(self.brand.accent), 3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(QRectF(1.5, 1.5, w - 3, h - 3), 19, 19)
        p.restore()
        title_font, discount_font = self._font(26, bold=True), self._font(44, bold=True)
        y = text_line(p, elide(str(card.get("title") or ""), title_font, w - 2 * pad),
                  title_font, self.brand.text, pad, 12)  # fmt: skip
        if card.get("discount"):
            discount = elide(str(card["discount"]), discount_font, w - 2 * pad)
            text_line(p, discount, discount_font, self.brand.price, pad, y)
        bx, by, bw, bh = CLOCK_BOX
        box = QRectF(bx * w, by * h, bw * w, bh * h)
        panel(p, box, QColor(0, 0, 0, 120), radius=12)
        code_rect = QRectF(pad, box.top(), box.left() - 2 * pad, 40)
        p.save()
        p.setPen(QPen(QColor(self.brand.muted), 2, Qt.PenStyle.DashLine))
        p.drawRoundedRect(code_rect, 8, 8)
        p.restore()
        code_font = self._font(22, bold=True)
        # the browser overlay's words (overlay.js): 口令 is the lottery's, a word typed in chat
        code = elide(f"券码 {card.get('code') or ''}", code_font, code_rect.width() - 16)
        p.setFont(code_font)
        p.setPen(QColor(self.brand.text))
        p.drawText(code_rect, Qt.AlignmentFlag.AlignCenter, code)
        if card.get("quantity") is not None:
            small = self._font(18)
            text = elide(f"剩余 {card['quantity']} 张", small, code_rect.width())
            text_line(p, text, small, self.brand.muted, pad, code_rect.bottom() + 6)

    def _featured(self, p: QPainter, card: dict[str, Any], w: float, h: float) -> None:
        pad = 20.0
        platform = str(card.get("platform") or "manual")
        label, colour = PLATFORMS.get(platform.lower(), (platform, self.brand.accent))
        if platform == "manual":
            label = "观众"
        badge_right = self._pill(p, QPointF(pad, 16), label, colour, 20)
        user_font = self._font(24, bold=True)
        user = elide(str(card.get("user") or ""), user_font, w - pad - badge_right - 12)
        text_line(p, user, user_font, self.brand.text, badge_right + 12, 16)
        top, width = 60.0, w - 2 * pad
        text = str(card.get("text") or "")
        for size in (28, 24, 21):  # the largest size the whole text fits in, else elide
            font = self._font(size)
            lines_fit = max(1, int((h - top - 12) // QFontMetricsF(font).lineSpacing()))
            if len(layout_lines(text, font, width)) <= lines_fit:
                break
        lines = wrap(text, font, width, lines_fit)
        y = top
        for line in lines:
            y = text_line(p, line, font, self.brand.text, pad, y)

    def _thanks(self, p: QPainter, card: dict[str, Any], w: float, h: float) -> None:
        """The alert on screen (感谢 + name, what they gave, a super chat's words) over the
        latest supporters; without an alert the supporters under the list's title."""
        pad, y = 20.0, 16.0
        alert = card.get("alert")
        if alert:
            badge_right = self._pill(p, QPointF(pad, y), str(alert.get("title") or "感谢"),
                                     self.brand.accent, 22)  # fmt: skip
            user_font = self._font(28, bold=True)
            user = elide(str(alert.get("user") or ""), user_font, w - pad - badge_right - 12)
            text_line(p, user, user_font, self.brand.text, badge_right + 12, y + 2)
            y += 46
            action_font = self._font(32, bold=True)
            action = elide(str(alert.get("action") or ""), action_font, w - 2 * pad)
            y = text_line(p, action, action_font, self.brand.price, pad, y)
            if alert.get("message"):
                message_font = self._font(20)
                message = elide(str(alert["message"]), message_font, w - 2 * pad)
                y = text_line(p, message, message_font, self.brand.text, pad, y + 2)
        else:
            title_font = self._font(26, bold=True)
            y = text_line(p, str(card.get("title") or ""), title_font, self.brand.price, pad, y)
        row_font = self._font(20)
        spacing = QFontMetricsF(row_font).lineSpacing()
        y += 6
        for row in list(card.get("recent") or []):
            if y + spacing > h - 8:
                break
            text = elide(f"• {row.get('user') or ''}  {row.get('action') or ''}", row_font,
                         w - 2 * pad)  # fmt: skip
            y = text_line(p, text, row_font, self.brand.muted, pad, y)

    def _head(self, p: QPainter, card: dict[str, Any], w: float, pad: float, right: str) -> None:
        """The card's title as a badge, and `right` (a clock, a state) at the right edge."""
        self._pill(p, QPointF(pad, 14), str(card.get("title") or ""), self.brand.accent, 22)
        if right:
            font = self._font(24, bold=True)
            at = w - pad - QFontMetricsF(font).horizontalAdvance(right)
            text_line(p, right, font, self.brand.price, at, 16)

    def _lottery(self, p: QPainter, card: dict[str, Any], w: float, h: float) -> None:
        """Open: the keyword to send, time left and entrants. Time up, not drawn yet: closed,
        waiting for the draw (no invitation to enter). Drawn: the winners' names."""
        pad = 20.0
        drawn = bool(card.get("drawn"))
        waiting = not drawn and card.get("open") is False
        clock = "" if drawn or waiting or not card.get("clock") else f"剩余 {card['clock']}"
        self._head(p, card, w, pad, "中奖名单" if drawn else clock)
        y = 62.0
        muted = self._font(20)
        if not drawn:
            keyword_font = self._font(32, bold=True)
            keyword = elide(f"口令「{card.get('keyword') or ''}」", keyword_font, w - 2 * pad)
            y = text_line(p, LOTTERY_WAITING if waiting else keyword, keyword_font,
                          self.brand.text, pad, y + 8)  # fmt: skip
            invite = "不再接受参与" if waiting else "发送口令参与抽奖"
            y = text_line(p, invite, muted, self.brand.muted, pad, y + 6)
            facts = f"{card.get('entrants') or 0} 人参与 · 抽 {card.get('winners') or 0} 人"
            text_line(p, facts, self._font(24, bold=True), self.brand.price, pad, y + 10)
            return
        rows = list(card.get("result") or [])
        name_font = self._font(22, bold=True)
        spacing = QFontMetricsF(name_font).lineSpacing()
        column_w = (w - 2 * pad - 12) / 2
        per_column = max(1, int((h - y - 34) // spacing))
        for i, row in enumerate(rows[: per_column * 2]):
            x = pad + (i // per_column) * (column_w + 12)
            name = elide(f"{i + 1}. {row.get('user') or ''}", name_font, column_w)
            text_line(p, name, name_font, self.brand.text, x, y + (i % per_column) * spacing)
        shown = min(len(rows), per_column * 2)
        more = int(card.get("more") or 0) + len(rows) - shown
        footer = f"{card.get('entrants') or 0} 人参与" + (f" · 等 {more} 人" if more else "")
        if not rows:
            footer = f"{card.get('entrants') or 0} 人参与 · 无人中奖"
        text_line(p, footer, muted, self.brand.muted, pad, h - 12 - QFontMetricsF(muted).height())

    def _poll(self, p: QPainter, card: dict[str, Any], w: float, h: float) -> None:
        """The question, one bar per option filled to its share, the right one green once
        revealed; voters at the foot."""
        pad = 20.0
        state = (f"剩余 {card['clock']}" if card.get("clock") else "进行中") if card.get(
            "open") else "已结束"  # fmt: skip
        self._head(p, card, w, pad, state)
        question_font = self._font(24, bold=True)
        y = 58.0
        for line in wrap(str(card.get("question") or ""), question_font, w - 2 * pad, 2):
            y = text_line(p, line, question_font, self.brand.text, pad, y)
        options = list(card.get("options") or [])[:6]
        foot_font = self._font(18)
        foot_h = QFontMetricsF(foot_font).height() + 14
        gap = 6.0
        row_h = min(40.0, (h - y - 8 - foot_h - gap * len(options)) / max(1, len(options)))
        row_font = self._font(max(12, int(row_h * 0.5)), bold=True)
        revealed = bool(card.get("revealed"))
        for option in options:
            y += gap
            row = QRectF(pad, y, w - 2 * pad, row_h)
            right = bool(option.get("right"))
            panel(p, row, QColor(255, 255, 255, 30), radius=8)
            share = min(1.0, max(0.0, float(option.get("share") or 0)))
            if share > 0:
                fill = QColor("#34C759" if right else self.brand.accent)
                if revealed and not right:
                    fill.setAlpha(110)
                panel(p, QRectF(row.x(), row.y(), row.width() * share, row_h), fill, radius=8)
            value = f"{option.get('percent') or 0}% · {option.get('count') or 0}"
            metrics = QFontMetricsF(row_font)
            value_w = metrics.horizontalAdvance(value)
            label = f"{option.get('label') or ''}{' ✓' if right else ''}"
            top = y + (row_h - metrics.height()) / 2
            text_line(p, label, row_font, self.brand.price, row.x() + 10, top)
            label_w = metrics.horizontalAdvance(label) + 20
            text = elide(str(option.get("text") or ""), row_font,
                         row.width() - label_w - value_w - 30)  # fmt: skip
            text_line(p, text, row_font, self.brand.text, row.x() + label_w, top)
            text_line(p, value, row_font, self.brand.text, row.right() - 10 - value_w, top)
            y += row_h
        voters = f"{card.get('voters') or 0} 人{'作答' if card.get('quiz') else '投票'}"
        if card.get("open"):
            voters += " · 发送 " + " / ".join(str(o.get("label") or "") for o in options)
        text_line(p, elide(voters, foot_font, w - 2 * pad), foot_font, self.brand.muted, pad,
                  h - foot_h + 2)  # fmt: skip

    def _checkin(self, p: QPainter, card: dict[str, Any], w: float, h: float) -> None:
        pad = 20.0
        self._head(p, card, w, pad, f"已签到 {card.get('count') or 0} 人")
        font = self._font(28, bold=True)
        text = elide(f"发送「{card.get('keyword') or ''}」签到", font, w - 2 * pad)
        text_line(p, text, font, self.brand.text, pad, 62)

    # ----- pieces ----------------------------------------------------------------------------
    def _font(self, pixels: int, *, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPixelSize(max(1, pixels))
        font.setBold(bold)
        font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        return font

    def _pill(self, p: QPainter, at: QPointF, text: str, colour: str, pixels: int) -> float:
        """A rounded badge with `text`; returns its right edge."""
        font = self._font(pixels, bold=True)
        metrics = QFontMetricsF(font)
        text = elide(text, font, 240)
        rect = QRectF(at.x(), at.y(), metrics.horizontalAdvance(text) + pixels, pixels * 1.6)
        panel(p, rect, QColor(colour), radius=rect.height() / 2)
        p.setFont(font)
        p.setPen(QColor("#FFFFFF"))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        return rect.right()


def brand_from_theme(theme: OverlayTheme) -> tuple[Brand, str]:
    """The settings' overlay theme (CSS #RRGGBB[AA]) as the renderer's Brand (Qt #[AA]RRGGBB)
    and font family, so native cards and browser pages wear the same colours."""

    def qt(colour: str) -> str:
        return f"#{colour[7:9]}{colour[1:7]}" if len(colour) == 9 else colour

    brand = Brand(accent=qt(theme.brand), panel=qt(theme.card), text=qt(theme.text),
                  price=qt(theme.accent), badge=qt(theme.brand))  # fmt: skip
    return brand, theme.font
