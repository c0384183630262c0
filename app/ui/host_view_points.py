"""The host view's talking points: a checklist fitted to the room the host view gives it, in the
largest type at which every point fits, in one column or, for many short points, more; when not
even the smallest type holds them all, the ticked ones give way first, then "+N more"."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QLabel

from app.ui.host_view_fit import MIN_PX, largest, line_px, set_type, sized

TIME_SIZE, TIME_SMALLEST = 1 / 4, 1 / 9  # of the height: the time gives way down to a ninth
TIME_WIDTH = 0.94  # of the width, at most, for the time ("+1:02:05 over" included)
POINTS_SIZE, POINTS_GOOD = 1 / 20, 1 / 34  # of the height: the time gives way to keep this
MOST_COLUMNS = 3  # side by side, for many short points in a wide window
CELL_GAP = 24  # px between columns
_DIM = '<div style="color:#9e9e9e">{}</div>'  # a line of its own
_TABLE = '<table width="100%" cellspacing="0" cellpadding="0"><tr>{}</tr></table>'
_CELL = '<td width="{share}%" valign="top" style="padding-right:{gap}px">{lines}</td>'


@dataclass(frozen=True)
class PointsType:
    """How the points are set: this pixel size, in this many columns; `shown` (indices) when
    not all of them fit, with how many ticked ones (`done`) and others (`more`) are left out."""

    pixels: int
    columns: int = 1
    shown: tuple[int, ...] | None = None
    done: int = 0
    more: int = 0


class TalkingPoints(QLabel):
    """The segment's talking points: ○ open, ✓ ticked (struck out, grey). `plan` finds the
    largest type at which they all fit a height, `plan_fewer` the most of them that fit in the
    smallest type; `apply` writes them so."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self._points: list[tuple[str, bool]] = []
        self._shown: tuple[int, ...] = ()
        self._heights: dict[tuple[str, int, int, str], int] = {}  # laid out: (text, px, width)
        self._probe = QTextDocument(self)
        self._probe.setDocumentMargin(0)  # as in a label
        self._probe_text: str | None = None

    def set_points(self, points: Sequence[tuple[str, bool]]) -> None:
        self._points = list(points)
        self._shown = tuple(range(len(self._points)))

    def points(self) -> list[tuple[str, bool]]:
        return list(self._points)

    def shown(self) -> list[tuple[str, bool]]:
        """The points written in the label (all of them unless `apply` was given fewer)."""
        return [self._points[i] for i in self._shown]

    # ----- fitting ---------------------------------------------------------------------------
    def plan(self, width: int, room: int, most: int) -> PointsType | None:
        """The largest type in [MIN_PX, most] at which every point fits `width` × `room`, and
        in how many columns (the fewest of equals); None when not even MIN_PX does."""
        everything = tuple(range(len(self._points)))
        found = None
        for columns in _column_counts(len(everything)):

            def fits(pixels: int, columns: int = columns) -> bool:
                return self._fits(PointsType(pixels, columns, everything), width, room)

            pixels = largest(MIN_PX if found is None else found.pixels + 1, most, fits)
            if pixels is not None:  # larger than in fewer columns
                found = PointsType(pixels, columns, everything)
        return found

    def least_height(self, pixels: int, width: int) -> int:
        """The height every point takes in this type, in the columns that take the least."""
        everything = tuple(range(len(self._points)))
        return min(
            self.height_of(PointsType(pixels, columns, everything), width)
            for columns in _column_counts(len(everything))
            if self._one_line_each(PointsType(pixels, columns, everything), width)
        )

    def plan_fewer(self, width: int, room: int) -> PointsType:
        """The most points that fit `room` in the smallest type: the unticked ones (the ticked
        ones counted on a line of their own), the first of them, the rest counted in "+N
        more" (that line alone when not even one fits)."""
        todo = tuple(i for i, (_text, ticked) in enumerate(self._points) if not ticked)
        done = len(self._points) - len(todo)

        def cut(kept: int, columns: int) -> PointsType:
            return PointsType(MIN_PX, columns, todo[:kept], done, len(todo) - kept)

        found = cut(0, 1)
        for columns in _column_counts(len(todo)):

            def fits(kept: int, columns: int = columns) -> bool:
                return self._fits(cut(kept, columns), width, room)

            kept = largest(0, len(todo), fits)
            if kept is not None and kept > len(found.shown or ()):
                found = cut(kept, columns)
        return found

    def fewest_height(self, width: int) -> int:
        """The height of the lines counting the points left out, none shown (smallest type)."""
        todo = sum(not ticked for _text, ticked in self._points)
        return self.height_of(PointsType(MIN_PX, 1, (), len(self._points) - todo, todo), width)

    def apply(self, points_type: PointsType) -> None:
        self._shown = points_type.shown or ()
        set_type(self, points_type.pixels, False)
        self.setText(self._markup(points_type))

    def _fits(self, points_type: PointsType, width: int, room: int) -> bool:
        return (
            self._one_line_each(points_type, width) and self.height_of(points_type, width) <= room
        )

    def _one_line_each(self, points_type: PointsType, width: int) -> bool:
        """Whether, in columns, no point takes more than a line (long ones read in one)."""
        if points_type.columns == 1:
            return True
        metrics = QFontMetrics(sized(self.font(), points_type.pixels, False))
        column = width // points_type.columns - CELL_GAP
        return all(
            metrics.horizontalAdvance(_line_text(*self._points[i])) <= column
            for i in points_type.shown or ()
        )

    def height_of(self, points_type: PointsType, width: int) -> int:
        """The height the points take set so, at this width (laid out once: a window being
        resized asks again for the same ones)."""
        text = self._markup(points_type)
        key = (text, points_type.pixels, width, self.font().family())
        if key not in self._heights:
            if len(self._heights) >= 1024:
                self._heights.clear()
            margins = self.contentsMargins()
            probe = self._probe  # lays the text out as the label does, without its upkeep
            probe.setDefaultFont(sized(self.font(), points_type.pixels, False))
            if text != self._probe_text:
                probe.setHtml(text)
                self._probe_text = text
            probe.setTextWidth(max(1, width - margins.left() - margins.right()))
            height = math.ceil(probe.size().height()) + margins.top() + margins.bottom()
            self._heights[key] = height
        return self._heights[key]

    # ----- the text ----------------------------------------------------------------------------
    def _markup(self, points_type: PointsType) -> str:
        """The points shown, down the columns side by side, between a line counting the ticked
        ones left out and one counting the others left out."""
        lines = []
        for text, ticked in (self._points[i] for i in points_type.shown or ()):
            if ticked:
                lines.append(f'<span style="color:#7a7a7a">✓ <s>{html.escape(text)}</s></span>')
            else:
                lines.append(html.escape(_line_text(text, ticked)))
        body = "<br>".join(lines)
        if points_type.columns > 1 and lines:
            per = math.ceil(len(lines) / points_type.columns)
            share = 100 // points_type.columns
            body = _TABLE.format(
                "".join(
                    _CELL.format(share=share, gap=CELL_GAP, lines="<br>".join(lines[at : at + per]))
                    for at in range(0, len(lines), per)
                )
            )
        if points_type.done:
            done = self.tr("{n} done").format(n=points_type.done)
            body = _DIM.format("✓ " + html.escape(done)) + body
        if points_type.more:
            body += _DIM.format(html.escape(self.tr("+{n} more").format(n=points_type.more)))
        return body


def _column_counts(points: int) -> range:
    return range(1, max(1, min(MOST_COLUMNS, points)) + 1)


def _line_text(text: str, ticked: bool) -> str:
    return ("✓ " if ticked else "○ ") + text


def fit_time_and_points(
    time: QLabel, points: TalkingPoints, width: int, room: int, height: int
) -> bool:
    """The time as big as `width` and a quarter of the window's `height` allow, the talking
    points in what it leaves of `room`; when that makes the points small, the time gives way
    (down to a ninth of the height); when they do not fit even the smallest type, fewer points
    and "+N more" (the time giving way further if even that line does not fit). Returns whether
    all the points show."""
    top = max(MIN_PX, int(height * TIME_SIZE))
    widest = int(width * TIME_WIDTH)
    high = line_px(sized(time.font(), top, True), time.text(), widest, MIN_PX, top)
    low = min(high, max(MIN_PX, int(height * TIME_SMALLEST)))
    if points.isHidden():
        set_type(time, high, True)
        return True
    most = max(MIN_PX, int(height * POINTS_SIZE))
    good = min(most, max(MIN_PX, int(height * POINTS_GOOD)))

    def rest(time_px: int) -> int:  # the room the time leaves the points at this size
        set_type(time, time_px, True)
        return room - time.sizeHint().height()

    def shrink(low: int, high: int, wanted: int) -> int:  # the largest time leaving `wanted`
        found = largest(low, high, lambda px: rest(px) >= wanted)
        return low if found is None else found

    time_px, plan = high, points.plan(width, rest(high), most)
    if plan is None or plan.pixels < good:  # the time gives way, just enough
        time_px = shrink(low, high, points.least_height(good, width))
        plan = points.plan(width, rest(time_px), most)
    if plan is None:  # the time gives way for the "+N more" line at least
        time_px = shrink(MIN_PX, time_px, points.fewest_height(width))
        plan = points.plan_fewer(width, rest(time_px))
    points.apply(plan)
    time_px = shrink(MIN_PX, high, points.heightForWidth(width))  # and takes back what is left
    set_type(time, time_px, True)
    return not (plan.done or plan.more)
