"""The question queue's list: one row a question (×N, text, platform, age, state, who, response
time), a buying question marked, each asker in the text's tooltip. It only shows; the queue panel
(app/ui/queue_panel.py) chooses what to list and acts on the selection."""

from __future__ import annotations

import html
import time

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.services.state import QuestionCard
from app.ui.platform_names import platform_name

ASKED, TEXT, PLATFORM, AGE, STATE, CLAIMED_BY, RESPONSE = range(7)
_FILLED = (ASKED, TEXT, PLATFORM, STATE, CLAIMED_BY, RESPONSE)  # AGE follows the clock
BUYING_ROLE = Qt.ItemDataRole.UserRole + 1  # on the question's cell: True for a buying one
BUYING_INK = QBrush(QColor("#2e7d32"))  # the feed's purchase colour


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return QCoreApplication.translate("Timing", "{s} s").format(s=seconds)
    if seconds < 3600:
        return f"{seconds // 60}:{seconds % 60:02d}"
    hours = QCoreApplication.translate("Timing", "{h} h {m} min")
    return hours.format(h=seconds // 3600, m=f"{seconds % 3600 // 60:02d}")


class QuestionTable(QTableWidget):
    """The listed questions (`questions`), one row each, a single row selected at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        headers = ["×N", self.tr("Question"), self.tr("Platform"), self.tr("Age"),
                   self.tr("State"), self.tr("Claimed by"), self.tr("Response")]  # fmt: skip
        super().__init__(0, len(headers), parent)
        self.questions: tuple[QuestionCard, ...] = ()
        self._shown: list[tuple[str, ...]] = []  # the texts in each row's cells (and tooltip)
        self._badge: QIcon | None = None  # “购买” before a buying question, drawn when first needed
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)

    def selected(self) -> QuestionCard | None:
        row = self.currentRow()
        return self.questions[row] if 0 <= row < len(self.questions) else None

    def show_questions(self, questions: tuple[QuestionCard, ...]) -> None:
        """List `questions`; a cell is only set when its text changed (under a flood of
        questions most of the listed ones stay as they were, and every set cell makes the
        table measure its columns again)."""
        self.questions = questions
        self.setUpdatesEnabled(False)
        if self.rowCount() != len(questions):
            self.setRowCount(len(questions))
        del self._shown[len(questions) :]
        states = {"open": self.tr("open"), "claimed": self.tr("claimed"),
                  "answered": self.tr("answered"), "dismissed": self.tr("dismissed")}  # fmt: skip
        for row, question in enumerate(questions):
            featured = " ★" if question.featured else ""
            askers = ", ".join(question.askers)
            cells: tuple[str, ...] = (
                f"×{question.asked}",
                question.text,
                platform_name(question.platform),
                states.get(question.state, question.state) + featured,
                question.answered_by or question.claimed_by or "",
                duration_text(question.response_s),
                f"<p style='white-space:pre-wrap'>{html.escape(question.text)}"
                f"<br><i>{html.escape(askers)}</i></p>",
                "buying" if question.buying else "",  # the badge (last: not a column's text)
            )
            before = self._shown[row] if row < len(self._shown) else None
            if cells == before:
                continue
            for index, column in enumerate(_FILLED):
                if before is None or before[index] != cells[index]:
                    self._cell(row, column).setText(cells[index])
            if before is None or before[-1] != cells[-1]:
                self._mark_buying(self._cell(row, TEXT), question.buying)
            if before is None or before[-2] != cells[-2]:
                self._cell(row, TEXT).setToolTip(cells[-2])
            if before is None:
                self._shown.append(cells)
            else:
                self._shown[row] = cells
        self.setUpdatesEnabled(True)
        self.show_ages()

    def show_ages(self) -> None:
        now = time.time()
        for row, question in enumerate(self.questions):
            age = duration_text(now - question.created_at)
            item = self._cell(row, AGE)
            if item.text() != age:
                item.setText(age)

    def _mark_buying(self, item: QTableWidgetItem, buying: bool) -> None:
        """A question before an order (price, coupon, stock, payment…) stands out: listed
        first among the open ones, a “购买” badge before it, in the purchase colour."""
        item.setData(BUYING_ROLE, buying)
        item.setIcon(self._buying_badge() if buying else QIcon())
        item.setForeground(BUYING_INK if buying else QBrush())
        font = item.font()
        font.setBold(buying)
        item.setFont(font)

    def _buying_badge(self) -> QIcon:
        if self._badge is None:
            label = self.tr("Buying")
            metrics = self.fontMetrics()
            width, height = metrics.horizontalAdvance(label) + 8, metrics.height() + 2
            ratio = self.devicePixelRatioF()
            pixmap = QPixmap(int(width * ratio), int(height * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BUYING_INK)
            painter.drawRoundedRect(QRectF(0, 0, width, height), 3, 3)
            painter.setPen(QColor("white"))
            painter.setFont(self.font())
            painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, label)
            painter.end()
            self._badge = QIcon(pixmap)
            self.setIconSize(QSize(width, height))
        return self._badge

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.setItem(row, column, item)
        return item
