"""Paints the feed's rows: platform badge, time, question / purchase markers, an activity's tag,
the viewer (★ for VIPs) and the text with keywords highlighted.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable

from PySide6.QtCore import QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.feed_activity import activity_tag, activity_words
from app.ui.feed_model import COMMENT_ROLE, FLOOD, PURCHASE, QUESTION, FeedRow, Index

_BADGES = {
    "douyin": ("抖音", "#161823"), "kuaishou": ("快手", "#ff4906"), "taobao": ("淘宝", "#ff5000"),
    "wechat": ("视频号", "#07c160"), "xiaohongshu": ("小红书", "#ff2442"),
    "jd": ("京东", "#e1251b"), "bilibili": ("B站", "#fb7299"), "youtube": ("YouTube", "#ff0000"),
    "twitch": ("Twitch", "#9146ff"), "manual": ("手动", "#607d8b"),
}  # fmt: skip
_MARKERS = ((QUESTION, "?", QColor("#1e88e5")), (PURCHASE, "¥", QColor("#2e7d32")))
_VIP_BG, _KEYWORD_BG = QColor(255, 193, 7, 60), QColor(255, 235, 59, 150)


def platform_badge(platform: str) -> tuple[str, QColor]:
    """The badge's label and colour (a fixed colour per platform, a stable one for others)."""
    known = _BADGES.get(platform)
    if known:
        return known[0], QColor(known[1])
    return platform[:8] or "?", QColor.fromHsl(zlib.crc32(platform.encode()) % 360, 140, 100)


class CommentDelegate(QStyledItemDelegate):
    """Paints a FeedRow: platform badge, HH:MM:SS, question "?" and purchase "¥" markers, viewer
    (★ for VIPs), then the text elided to `lines` lines (1 or 2) with keywords highlighted.
    Viewer text is drawn as plain text, never interpreted. An activity (gift, follow,
    membership, share, super chat) is tinted in its colour, its tag (🎁, ⭐, "SC ¥30") before
    the viewer, and says what the viewer did."""

    def __init__(
        self, parent: QObject, *, keywords: Iterable[str] = (), vips: Iterable[str] = ()
    ) -> None:
        super().__init__(parent)
        self.lines = 1
        self.keywords: tuple[str, ...] = ()
        self.vips: frozenset[str] = frozenset()
        self.set_highlights(keywords, vips)

    def set_highlights(self, keywords: Iterable[str], vips: Iterable[str]) -> None:
        self.keywords = tuple(k.casefold() for k in keywords if k.strip())
        self.vips = frozenset(v for v in vips if v.strip())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, self.lines * (option.fontMetrics.height() + 2) + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row: FeedRow | None = index.data(COMMENT_ROLE)
        if row is None:
            return
        painter.save()
        rect, fm, palette = option.rect, option.fontMetrics, option.palette
        line_h = fm.height() + 2
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        vip = row.user in self.vips
        tag = activity_tag(row) if row.kind else None
        if selected:
            painter.fillRect(rect, palette.highlight())
        elif vip:
            painter.fillRect(rect, _VIP_BG)
        elif tag is not None:
            tint = QColor(tag[1])
            tint.setAlpha(28)
            painter.fillRect(rect, tint)
        ink = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim = QColor(ink)
        dim.setAlpha(150)
        if row.flags & FLOOD:
            ink = dim
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x, top = rect.left() + 4, rect.top() + 3
        x = self._badge(painter, option, row.platform, x, top, line_h)
        painter.setFont(option.font)
        painter.setPen(dim)
        clock = time.strftime("%H:%M:%S", time.localtime(row.ts))
        width = fm.horizontalAdvance(clock)
        painter.drawText(QRect(x, top, width, line_h), Qt.AlignmentFlag.AlignVCenter, clock)
        x += width + 6
        for flag, mark, colour in _MARKERS:
            if row.flags & flag:
                x = self._marker(painter, mark, colour, x, top, line_h)
        if tag is not None:
            x = self._tag(painter, option, tag, x, top, line_h)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#b8860b") if vip and not selected else ink)
        said = not row.kind or row.kind == "superchat"  # an activity's words are no quote
        name = ("★ " if vip else "") + row.user + (":" if said else "")
        name = QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideMiddle, rect.width() // 3)
        width = QFontMetrics(bold).horizontalAdvance(name)
        painter.drawText(QRect(x, top, width, line_h), Qt.AlignmentFlag.AlignVCenter, name)
        x += width + 6
        painter.setFont(option.font)
        painter.setPen(ink)
        text = row.text if said else activity_words(row)
        text, right = " ".join(text.split()), rect.right() - 4
        if self.lines > 1:
            first = _fits(text, option.font, right - x)
            self._run(painter, fm, text[:first], x, top, right - x, line_h)
            text, x, top = text[first:].lstrip(), rect.left() + 8, top + line_h
        self._run(painter, fm, text, x, top, right - x, line_h)
        painter.restore()

    @staticmethod
    def _badge(
        painter: QPainter, option: QStyleOptionViewItem, platform: str, x: int, top: int, h: int
    ) -> int:
        label, colour = platform_badge(platform)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
        metrics = QFontMetrics(small)
        width = max(metrics.horizontalAdvance(label), metrics.horizontalAdvance("视频号")) + 8
        badge = QRect(x, top + 1, width, h - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(badge, 3, 3)
        painter.setFont(small)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
        return x + width + 6

    @staticmethod
    def _tag(
        painter: QPainter, option: QStyleOptionViewItem, tag: tuple[str, QColor], x: int,
        top: int, h: int,
    ) -> int:  # fmt: skip
        label, colour = tag
        metrics = QFontMetrics(option.font)
        width = metrics.horizontalAdvance(label) + 8
        box = QRect(x, top + 1, width, h - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(box, 3, 3)
        painter.setFont(option.font)
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        return x + width + 6

    @staticmethod
    def _marker(painter: QPainter, mark: str, colour: QColor, x: int, top: int, h: int) -> int:
        size = h - 4
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRect(x, top + 2, size, size))
        painter.setPen(QColor("white"))
        painter.drawText(QRect(x, top + 2, size, size), Qt.AlignmentFlag.AlignCenter, mark)
        return x + size + 4

    def _run(
        self, painter: QPainter, fm: QFontMetrics, text: str, x: int, top: int, room: int, h: int
    ) -> None:
        """One line of text at (x, top), elided to `room`, keywords on a highlight."""
        if room <= 8 or not text:
            return
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
        folded = shown.casefold()
        for keyword in self.keywords:
            start = folded.find(keyword)
            while start >= 0 and len(folded) == len(shown):
                left = x + fm.horizontalAdvance(shown[:start])
                width = fm.horizontalAdvance(shown[start : start + len(keyword)])
                painter.fillRect(QRect(left, top, width, h), _KEYWORD_BG)
                start = folded.find(keyword, start + len(keyword))
        painter.drawText(QRect(x, top, room, h), Qt.AlignmentFlag.AlignVCenter, shown)


def _fits(text: str, font: QFont, room: int) -> int:
    """How many characters of `text` fill the first line (wrapping at a word or anywhere)."""
    if room <= 8:
        return 0
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(room)
    length = line.textLength() if line.isValid() else 0
    layout.endLayout()
    return length
