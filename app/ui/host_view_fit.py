"""Fitting the host view's text to its window: the largest type at which a text fits the room
it has, and a label that ends its text with "…" where the room runs out instead of cutting it.

Heights are measured as the layout measures them (a label's heightForWidth, its sizeHint), so
what the host view plans is what the layout gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QStyle

MIN_PX = 12  # the smallest type the host view uses: under it a second screen is not read
_TALL_LINE = "Ág汉"  # a line's height with an accent, a descender and CJK (a taller fallback font)
_DIGIT = re.compile(r"\d")
_UNBOUNDED = 1 << 20


def largest(low: int, high: int, fits: Callable[[int], bool]) -> int | None:
    """The largest n in [low, high] for which `fits(n)`, `fits` holding up to some n and not
    beyond (a binary search); None when not even `low` fits."""
    if high < low or not fits(low):
        return None
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def shape(text: str) -> str:
    """The text with each digit a 0: "+12:34 over" and "+10:05 over" have one shape, so the
    type is fitted again when the text's length changes, not every second."""
    return _DIGIT.sub("0", text)


def sized(font: QFont, pixels: int, bold: bool) -> QFont:
    sized_font = QFont(font)
    sized_font.setPixelSize(max(1, pixels))
    sized_font.setBold(bold)
    return sized_font


def set_type(label: QLabel, pixels: int, bold: bool) -> None:
    """Give the label this pixel size (and weight) unless it has it already."""
    font = label.font()
    if font.pixelSize() != pixels or font.bold() != bold:
        label.setFont(sized(font, pixels, bold))


def line_width(font: QFont, text: str) -> int:
    """The width one line of `text` takes in `font`, its digits all the widest digit (so any
    text of the same shape fits too): the larger of its advance and its drawn extent."""
    metrics = QFontMetrics(font)
    widest = max("0123456789", key=metrics.horizontalAdvance)
    text = shape(text).replace("0", widest)
    drawn = metrics.boundingRect(QRect(0, 0, _UNBOUNDED, _UNBOUNDED), 0, text).width()
    return max(metrics.horizontalAdvance(text), drawn, metrics.tightBoundingRect(text).right())


def line_px(font: QFont, text: str, width: int, low: int, high: int) -> int:
    """The largest pixel size in [low, high] at which `text` is one line no wider than `width`
    (`low` when none is)."""
    found = largest(low, high, lambda px: line_width(sized(font, px, font.bold()), text) <= width)
    return low if found is None else found


def elided(metrics: QFontMetrics, text: str, width: int, height: int, wrap: bool) -> str:
    """`text` as much of it fits `width` × `height` (wrapped, or on one line), ending in "…"
    when cut."""
    if not wrap:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    flags = int(Qt.TextFlag.TextWordWrap)

    def fits(candidate: str) -> bool:
        room = QRect(0, 0, max(1, width), _UNBOUNDED)
        return metrics.boundingRect(room, flags, candidate).height() <= height

    if fits(text):
        return text
    kept = largest(0, len(text) - 1, lambda n: fits(text[:n].rstrip() + "…"))
    return text[: kept or 0].rstrip() + "…"


def fit_text(label: FittedLabel, width: int, low: int, high: int, cap: int, bold: bool) -> int:
    """Give the label the largest type in [low, high] at which its text takes no more than
    `cap` at `width`, else the smallest, its text then ending in "…" at the cap (never under
    one line). Returns the height it takes."""

    def fits(pixels: int) -> bool:
        set_type(label, pixels, bold)
        return label.full_height(width) <= cap

    found = largest(low, high, fits)
    set_type(label, low if found is None else found, bold)
    label.set_cap(max(cap, label.line_height()))
    return label.heightForWidth(width)


class FittedLabel(QLabel):
    """A plain-text label the host view can hold to a height (`set_cap`): it asks the layout for
    no more than that, and a text too long for it is shown up to "…" rather than cut mid-line.
    `text()` stays the whole text."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)  # titles and questions shown as typed
        self._cap: int | None = None
        self._shown: tuple[tuple[object, ...], str] | None = None

    def set_cap(self, height: int | None) -> None:
        if height != self._cap:
            self._cap = height
            self.updateGeometry()
            self.update()

    def full_height(self, width: int) -> int:
        """The height the whole text needs at this width, whatever the cap."""
        self.ensurePolished()  # the style sheet's padding counts
        return super().heightForWidth(width)

    def line_height(self) -> int:
        """The height of one line of this label (a CJK one: the taller) in its current font."""
        return int(self.contentsMargins().top() + self.contentsMargins().bottom()) + int(
            QFontMetrics(self.font())
            .boundingRect(QRect(0, 0, _UNBOUNDED, _UNBOUNDED), 0, _TALL_LINE)
            .height()
        )

    def cut(self) -> bool:
        """Whether the text is shown up to "…" (tests)."""
        return self.shown_text() != self.text()

    def heightForWidth(self, width: int) -> int:
        full = super().heightForWidth(width)
        return full if self._cap is None else min(full, self._cap)

    def shown_text(self) -> str:
        room = self.contentsRect()
        key = (self.text(), self.font().toString(), room.width(), room.height(), self.wordWrap())
        if self._shown is None or self._shown[0] != key:
            text = elided(
                self.fontMetrics(), self.text(), room.width(), room.height(), self.wordWrap()
            )
            self._shown = (key, text)
        return self._shown[1]

    def paintEvent(self, event: QPaintEvent) -> None:
        shown = self.shown_text()
        if shown == self.text():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        self.drawFrame(painter)  # the style sheet's background and border
        flags = QStyle.visualAlignment(self.layoutDirection(), self.alignment())
        if self.wordWrap():
            flags |= Qt.TextFlag.TextWordWrap
        self.style().drawItemText(
            painter, self.contentsRect(), int(flags), self.palette(), self.isEnabled(), shown,
            self.foregroundRole(),
        )  # fmt: skip
        painter.end()
