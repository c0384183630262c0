"""The review's charts as pictures: the report's figures are built and drawn by matplotlib's Agg
canvas on a worker thread (`draw_charts`), never on the UI thread, and shown as images
(`ChartView`) that a resize only scales, once it has settled, without drawing them again.

Band and segment titles that would print over one another (a run-sheet of 200 segments) are
thinned out until the ones left can be read; a figure too tall for one picture is drawn at a lower
resolution. A show with nothing to chart gets a sentence instead of empty axes (`has_chart_data`).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from app.services.review import ReviewData

Figures = Callable[[ReviewData], Sequence[Figure]]

DPI = 100.0  # dots per inch at a device pixel ratio of 1: the report's 8-10 in wide figures
MAX_PIXELS = 30_000  # a side: Agg draws at most 2**16
MAX_AREA = 16_000_000  # pixels of one picture (64 MB): 200 segments on a high-DPI screen
LABEL_GAP_PX = 4.0  # room kept between two titles drawn on one chart
FIT_DELAY_MS = 150  # a resize has settled: the pictures are scaled to the new width

# matplotlib's global state (the report's rc style, the font cache) is not for two threads at once
_DRAWING = threading.Lock()


@dataclass(frozen=True)
class Charts:
    """The figures as built (for what they show) and their pictures, in the same order."""

    figures: tuple[Figure, ...]
    images: tuple[QImage, ...]


def has_chart_data(data: ReviewData) -> bool:
    """Whether the show has anything to chart: a segment that ran, a comment or question,
    viewer counts or likes. A show that only started (or whose log is empty) has not."""
    report = data.report
    ran = any(s.get("start_t") is not None for s in report.get("segments") or [])
    comments = int((report.get("comments") or {}).get("total") or 0)
    questions = int((report.get("questions") or {}).get("total") or 0)
    return ran or comments > 0 or questions > 0 or bool(data.viewers) or any(data.likes_per_minute)


def thin_labels(figure: Figure, renderer: RendererAgg) -> int:
    """Hide each title drawn on an axes (axes.texts: segment bands, coupon codes) that would
    print over one kept before it, left to right; how many were hidden."""
    hidden = 0
    for axes in figure.axes:
        texts: list[tuple[Bbox, Text]] = []
        for text in axes.texts:
            if text.get_visible() and text.get_text():
                texts.append((text.get_window_extent(renderer), text))
        kept: list[Bbox] = []
        for box, text in sorted(texts, key=lambda pair: (pair[0].x0, pair[0].y0)):
            padded = box.padded(LABEL_GAP_PX / 2)
            if any(padded.overlaps(other) for other in kept):
                text.set_visible(False)
                hidden += 1
            else:
                kept.append(padded)
    return hidden


def picture(figure: Figure, scale: float = 1.0) -> QImage:
    """The figure drawn by Agg at DPI × `scale` (lower when that would be too many pixels), its
    crowded titles thinned out; the image knows its device pixel ratio."""
    width_in, height_in = (max(side, 1e-3) for side in figure.get_size_inches())
    dpi = min(DPI * scale, MAX_PIXELS / max(width_in, height_in),
              (MAX_AREA / (width_in * height_in)) ** 0.5)  # fmt: skip
    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    if thin_labels(figure, canvas.get_renderer()):
        canvas.draw()
    width, height = canvas.get_width_height()
    rgba = canvas.buffer_rgba()  # the canvas's own pixels: copied into the image at once
    image = QImage(rgba, width, height, width * 4, QImage.Format.Format_RGBA8888).copy()
    image.setDevicePixelRatio(dpi / DPI)
    return image


def build_charts(figures: Figures, data: ReviewData, scale: float = 1.0) -> Charts:
    """Blocking: the figures of `data` and their pictures. Run it on a worker thread."""
    with _DRAWING:
        built = tuple(figures(data))
        return Charts(built, tuple(picture(figure, scale) for figure in built))


async def draw_charts(figures: Figures, data: ReviewData, scale: float = 1.0) -> Charts:
    """`build_charts` on a worker thread: the UI thread only shows the pictures."""
    return await asyncio.to_thread(build_charts, figures, data, scale)


class ChartView(QLabel):
    """One chart's picture: at its own size, or scaled down to `fit(width)` when the window is
    narrower (the picture is never drawn again for a resize)."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.shown_width = 0
        self.fit(self.natural_width())

    def natural_width(self) -> int:
        """The picture's width in the window's (device-independent) pixels."""
        return round(self.image.width() / self.image.devicePixelRatio())

    def fit(self, width: int) -> None:
        """Show the picture at most `width` wide (never wider than it was drawn)."""
        target = max(1, min(width, self.natural_width()))
        if target == self.shown_width:
            return
        ratio = self.image.devicePixelRatio()
        if target == self.natural_width():
            scaled = self.image
        else:
            smooth = Qt.TransformationMode.SmoothTransformation
            scaled = self.image.scaledToWidth(round(target * ratio), smooth)
            scaled.setDevicePixelRatio(ratio)
        pixmap = QPixmap.fromImage(scaled)
        self.setPixmap(pixmap)
        self.setFixedHeight(round(scaled.height() / ratio))
        self.setMinimumWidth(0)
        self.shown_width = target


class ChartsPane(QScrollArea):
    """The Charts tab: the pictures one under the other (scrolled when taller than the tab),
    scaled to the tab's width once a resize has settled; a sentence when there is nothing to
    chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.charts: Charts | None = None  # the figures and pictures shown
        self.views: list[ChartView] = []
        self.setWidgetResizable(True)
        inside = QWidget()
        self._layout = QVBoxLayout(inside)
        self.no_data_label = QLabel(self.tr("Nothing to chart: no segment ran and no comment, "
                                            "question or viewer count was logged in this "
                                            "show."))  # fmt: skip
        self.no_data_label.setWordWrap(True)
        self.no_data_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_data_label.hide()
        self._layout.addWidget(self.no_data_label)
        self._layout.addStretch(1)
        self.setWidget(inside)
        self.fit_timer = QTimer(self)
        self.fit_timer.setSingleShot(True)
        self.fit_timer.setInterval(FIT_DELAY_MS)
        self.fit_timer.timeout.connect(self.fit)

    def show_charts(self, charts: Charts) -> None:
        """Put the pictures in place of the ones shown; none: say there is nothing to chart."""
        for view in self.views:
            self._layout.removeWidget(view)
            view.deleteLater()
        self.charts = charts
        self.views = [ChartView(image) for image in charts.images]
        for n, view in enumerate(self.views):
            self._layout.insertWidget(n, view)
        self.no_data_label.setVisible(not charts.images)
        self.fit()

    def fit(self) -> None:
        """Scale the pictures to the tab's width (a resize never draws them again)."""
        margins = self._layout.contentsMargins()
        width = self.viewport().width() - margins.left() - margins.right()
        for view in self.views:
            view.fit(width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_timer.start()  # once the resize has settled

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()  # the window may have been resized while another tab was shown
