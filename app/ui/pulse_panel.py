"""The audience's pulse: comments and questions per minute over the last 15 minutes, and beside
them the room: viewers now (and the peak), likes, gifts and new follows per minute; open questions,
the share of comments that want to buy, the show's totals, and each chat source's light."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QPointF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QIcon,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QShowEvent,
)
from PySide6.QtWidgets import QGridLayout, QLabel, QTreeWidget, QTreeWidgetItem, QWidget

from app.services.review_rows import amount, amounts
from app.services.show import Show
from app.services.state import AudienceSlice, Room
from app.ui.message_texts import text_for

REFRESH_MS = 1000
LIGHTS = {"connected": "#2e7d32", "connecting": "#f9a825", "disconnected": "#ef6c00",
          "error": "#c62828", "stopped": "#9e9e9e"}  # fmt: skip


class Sparkline(QWidget):
    """A small line of per-minute counts, the newest on the right, scaled to the largest."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[int] = []
        self._colour = QColor(colour)
        self.setMinimumSize(90, 28)

    def sizeHint(self) -> QSize:
        return QSize(180, 36)

    def set_values(self, values: list[int]) -> None:
        if values != self.values:
            self.values = list(values)
            self.setToolTip(" · ".join(str(v) for v in self.values))
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self.rect().adjusted(2, 3, -2, -3)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(box.bottomLeft(), box.bottomRight())
        if len(self.values) < 2:
            return
        top = max(self.values) or 1
        step = box.width() / (len(self.values) - 1)
        points = [
            QPointF(box.left() + i * step, box.bottom() - box.height() * v / top)
            for i, v in enumerate(self.values)
        ]
        area = QColor(self._colour)
        area.setAlpha(50)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(area)
        painter.drawPolygon(
            QPolygonF(
                [QPointF(box.left(), box.bottom()), *points, QPointF(box.right(), box.bottom())]
            )
        )
        painter.setPen(QPen(self._colour, 1.6))
        painter.drawPolyline(QPolygonF(points))
        painter.setBrush(self._colour)
        painter.drawEllipse(points[-1], 2.5, 2.5)


class PulsePanel(QWidget):
    """Shows the audience slice of `show.state()` (pulse, queue counts, sources), read every
    second while on screen."""

    def __init__(self, show: Show, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if show.audience is None:
            raise ValueError("the pulse needs the show's audience service")
        self._show = show
        self._lights: dict[str, QIcon] = {}
        self._source_items: dict[str, QTreeWidgetItem] = {}
        self.comments_line = Sparkline("#1e88e5")
        self.questions_line = Sparkline("#8e24aa")
        self.viewers_line = Sparkline("#00897b")
        self.likes_line = Sparkline("#e53935")
        self.gifts_line = Sparkline("#d81b60")
        self.follows_line = Sparkline("#f9a825")
        self.comments_label = QLabel("0")
        self.questions_label = QLabel("0")
        self.viewers_label = QLabel("0")
        self.likes_label = QLabel("0")
        self.gifts_label = QLabel("0")
        self.follows_label = QLabel("0")
        self.open_label = QLabel("0")
        self.purchase_label = QLabel("0%")
        for label in (self.comments_label, self.questions_label, self.viewers_label,
                      self.likes_label, self.gifts_label, self.follows_label, self.open_label,
                      self.purchase_label):  # fmt: skip
            label.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.viewers_caption = QLabel(self.tr("Viewers"))
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.totals_label.setToolTip(self.tr("Since the show started"))
        self.comments_line.setToolTip(self.tr("Comments per minute, last 15 minutes"))
        self.viewers_line.setToolTip(self.tr("Viewers, the highest count of each minute"))
        self.likes_line.setToolTip(self.tr("Likes per minute, last 15 minutes"))
        self.gifts_line.setToolTip(self.tr("Gifts per minute, last 15 minutes"))
        self.follows_line.setToolTip(self.tr("New follows per minute, last 15 minutes"))
        self.sources = QTreeWidget()
        self.sources.setRootIsDecorated(False)
        self.sources.setUniformRowHeights(True)
        self.sources.setHeaderLabels(
            [self.tr("Source"), self.tr("State"), self.tr("Received"), self.tr("Gaps")]
        )
        self.sources.setToolTip(self.tr("Chat sources; a gap is a dropped connection"))
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        # what is said on the left, the room on the right, the sources at the far right
        said = (
            (QLabel(self.tr("Comments / min")), self.comments_line, self.comments_label),
            (QLabel(self.tr("Questions / min")), self.questions_line, self.questions_label),
            (self.viewers_caption, self.viewers_line, self.viewers_label),
        )
        room = (
            (QLabel(self.tr("Likes / min")), self.likes_line, self.likes_label),
            (QLabel(self.tr("Gifts / min")), self.gifts_line, self.gifts_label),
            (QLabel(self.tr("Follows / min")), self.follows_line, self.follows_label),
        )
        for first, rows in ((0, said), (3, room)):
            for row, (caption, line, value) in enumerate(rows):
                grid.addWidget(caption, row, first)
                grid.addWidget(line, row, first + 1)
                grid.addWidget(value, row, first + 2)
        grid.addWidget(QLabel(self.tr("Open questions")), 3, 0)
        grid.addWidget(self.open_label, 3, 1)
        grid.addWidget(QLabel(self.tr("Purchase intent")), 3, 3)
        grid.addWidget(self.purchase_label, 3, 4)
        grid.addWidget(self.totals_label, 4, 0, 1, 6)
        grid.addWidget(self.sources, 0, 6, 5, 1)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(4, 2)
        grid.setColumnStretch(6, 3)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        audience = self._show.state().audience
        if audience is not None:
            self.update_state(audience)

    def update_state(self, audience: AudienceSlice) -> None:
        pulse = audience.pulse
        per_minute, questions = pulse.comments_per_minute, pulse.questions_per_minute
        self.comments_line.set_values(list(per_minute))
        self.questions_line.set_values(list(questions))
        self.comments_label.setText(str(per_minute[-1] if per_minute else 0))
        self.questions_label.setText(str(questions[-1] if questions else 0))
        self.open_label.setText(str(audience.counts.questions_open))
        self.purchase_label.setText(f"{pulse.purchase_rate * 100:.1f}%")
        self._show_room(audience)
        self._show_sources(audience.sources)

    def _show_room(self, audience: AudienceSlice) -> None:
        """Viewers now and at the peak, likes, gifts and follows this minute, and the totals."""
        pulse, room = audience.pulse, audience.room
        for line, label, values in (
            (self.viewers_line, None, pulse.viewers_per_minute),
            (self.likes_line, self.likes_label, pulse.likes_per_minute),
            (self.gifts_line, self.gifts_label, pulse.gifts_per_minute),
            (self.follows_line, self.follows_label, pulse.follows_per_minute),
        ):
            line.set_values(list(values))
            if label is not None:
                label.setText(f"{values[-1] if values else 0:,}")
        self.viewers_label.setText(f"{room.viewers:,}")
        self.viewers_caption.setText(
            self.tr("Viewers (peak {n})").format(n=f"{room.viewers_peak:,}")
        )
        totals = self.tr("In all: {likes} likes · {gifts} gifts worth {value} · {follows} follows")
        self.totals_label.setText(totals.format(
            likes=f"{room.likes:,}", gifts=f"{room.gifts:,}", value=_worth(room),
            follows=f"{room.follows:,}"))  # fmt: skip

    def _show_sources(self, sources: Mapping[str, Mapping[str, Any]]) -> None:
        for name, status in sources.items():
            item = self._source_items.get(name)
            if item is None:
                item = self._source_items[name] = QTreeWidgetItem([name, "", "", ""])
                self.sources.addTopLevelItem(item)
                self.sources.sortItems(0, Qt.SortOrder.AscendingOrder)
            state = str(status.get("state") or "")
            item.setIcon(0, self._light(state))
            item.setText(1, self._state_names().get(state, state))
            item.setData(1, Qt.ItemDataRole.UserRole, state)
            item.setText(2, str(status.get("received", 0)))
            item.setText(3, str(status.get("gaps", 0)))
            for column in range(4):
                item.setToolTip(column, text_for(status.get("message") or state))
        for name in set(self._source_items) - set(sources):
            gone = self._source_items.pop(name)
            self.sources.takeTopLevelItem(self.sources.indexOfTopLevelItem(gone))

    def source_status(self, name: str) -> dict[str, str] | None:
        """What the panel shows for a source (tests, other views): state, received, gaps."""
        item = self._source_items.get(name)
        if item is None:
            return None
        state = str(item.data(1, Qt.ItemDataRole.UserRole) or "")
        return {"state": state, "received": item.text(2), "gaps": item.text(3)}

    def _state_names(self) -> dict[str, str]:
        return {"connected": self.tr("connected"), "connecting": self.tr("connecting"),
                "disconnected": self.tr("disconnected"), "error": self.tr("error"),
                "stopped": self.tr("stopped")}  # fmt: skip

    def _light(self, state: str) -> QIcon:
        if state not in self._lights:
            pixmap = QPixmap(12, 12)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(LIGHTS.get(state, "#9e9e9e")))
            painter.drawEllipse(1, 1, 10, 10)
            painter.end()
            self._lights[state] = QIcon(pixmap)
        return self._lights[state]

    # ----- refreshed only while on screen ------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()


def _worth(room: Room) -> str:
    """The gifts' value per currency (100 CNY + 5 USD), never one sum of different money."""
    return amounts(room.value_by_currency) if room.value_by_currency else amount(room.gifts_value)
