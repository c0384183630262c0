"""The review window's tables: read-only QTableWidgets filled with the report's text cells
(`review_rows`, as in the html / pdf reports) under translated column titles; the words in them
(a question's state) in the window's language, times as m:ss from the show's start."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.services import review_rows
from app.services.review_audience import has_audience

OVER, UNDER = QColor("#c0392b"), QColor("#2e7d32")
ACTUAL_COLUMN, OVER_UNDER_COLUMN = 3, 4
SKIPPED_TEXT, SKIPPED_BACKGROUND = QColor("#8a8a8a"), QColor("#f0f0f0")


# Called with the context and text written out, so lupdate finds every column title.
translate = QCoreApplication.translate


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` as typed: Qt reads a tooltip with markup as rich text, so the
    text is escaped inside a paragraph that keeps its line breaks. Empty for no text."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def segment_header(report: dict[str, Any]) -> list[str]:
    header = [
        translate("ReviewTables", "#"),
        translate("ReviewTables", "Segment"),
        translate("ReviewTables", "Planned"),
        translate("ReviewTables", "Actual"),
        translate("ReviewTables", "Over/under"),
        translate("ReviewTables", "Comments"),
        translate("ReviewTables", "Questions"),
        translate("ReviewTables", "Purchase intent"),
        translate("ReviewTables", "Talking points"),
    ]
    if review_rows.has_orders(report):
        header += sales_header()
    if has_audience(report):
        header += [
            translate("ReviewTables", "Viewers (peak)"),
            translate("ReviewTables", "Viewers (average)"),
            translate("ReviewTables", "Likes"),
            translate("ReviewTables", "Gift value"),
            translate("ReviewTables", "Follows"),
            translate("ReviewTables", "Buying questions"),
        ]
    return [*header, translate("ReviewTables", "Top questions")]


def ranking_header() -> list[str]:
    return [
        translate("ReviewTables", "Rank"),
        translate("ReviewTables", "Segment"),
        translate("ReviewTables", "Viewers (average)"),
        translate("ReviewTables", "Viewers (peak)"),
        translate("ReviewTables", "Likes per minute"),
        translate("ReviewTables", "Comments per minute"),
        translate("ReviewTables", "Gift value"),
        translate("ReviewTables", "Follows"),
    ]


def sales_header() -> list[str]:
    return [
        translate("ReviewTables", "Orders"),
        translate("ReviewTables", "Quantity"),
        translate("ReviewTables", "Sales"),
    ]


def product_header(report: dict[str, Any]) -> list[str]:
    header = [
        translate("ReviewTables", "SKU"),
        translate("ReviewTables", "Product"),
        translate("ReviewTables", "On screen"),
        translate("ReviewTables", "Times shown"),
    ]
    return header + (sales_header() if review_rows.has_orders(report) else [])


def unanswered_header() -> list[str]:
    return [
        translate("ReviewTables", "At"),
        translate("ReviewTables", "Asked by"),
        translate("ReviewTables", "State"),
        translate("ReviewTables", "Question"),
    ]


def marker_header() -> list[str]:
    return [
        translate("ReviewTables", "Time"),
        translate("ReviewTables", "Recording"),
        translate("ReviewTables", "Note"),
    ]


def question_state(state: str) -> str:
    """A question's state in the window's language: the question queue's own words."""
    states = {
        "open": translate("QuestionTable", "open"),
        "claimed": translate("QuestionTable", "claimed"),
        "answered": translate("QuestionTable", "answered"),
        "dismissed": translate("QuestionTable", "dismissed"),
    }
    return states.get(state, state)


def unanswered_rows(report: dict[str, Any]) -> list[list[str]]:
    """`review_rows.unanswered_rows` with each state in the window's language."""
    return [[at, asked, question_state(state), text]
            for at, asked, state, text in review_rows.unanswered_rows(report)]  # fmt: skip


def coupon_header() -> list[str]:
    return [
        translate("ReviewTables", "Coupon"),
        translate("ReviewTables", "From"),
        translate("ReviewTables", "To"),
        translate("ReviewTables", "Length"),
    ]


def make_table() -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    return table


def fill(
    table: QTableWidget,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    text_columns: Sequence[int] = (),
    stretch: int | None = None,
) -> None:
    """Put `rows` under `header`; every column but `text_columns` is right-aligned (numbers),
    `stretch` takes the spare width."""
    table.clear()
    table.setColumnCount(len(header))
    table.setHorizontalHeaderLabels(list(header))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(plain_tip(text) if len(text) > 30 else "")  # viewers' questions too
            if c not in text_columns:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    header_view = table.horizontalHeader()
    header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None and 0 <= stretch < len(header):
        header_view.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def fill_segments(table: QTableWidget, report: dict[str, Any]) -> None:
    """Planned against actual per segment, over (red) / under (green), then the comments,
    talking points, sales (once imported), the audience (viewers, likes, gift value, follows,
    buying questions, for a show that has them) and the top questions (whole list in the
    tooltip). A planned segment that never ran is greyed and says "skipped"."""
    header = segment_header(report)
    last = len(header) - 1
    rows = review_rows.segment_rows(report)
    for row, segment in zip(rows, report["segments"], strict=True):
        if segment.get("skipped"):
            row[ACTUAL_COLUMN] = translate("ReviewTables", "skipped")
    fill(table, header, rows, text_columns=(1, last), stretch=last)
    for r, segment in enumerate(report["segments"]):
        if segment.get("skipped"):
            _grey_row(table, r)
            continue
        cell = table.item(r, OVER_UNDER_COLUMN)
        text = "" if cell is None else cell.text()
        if cell is not None and text.startswith("+"):
            cell.setForeground(QBrush(OVER))
            cell.setToolTip(translate("ReviewTables", "Ran over the plan"))
        elif cell is not None and text.startswith("−"):
            cell.setForeground(QBrush(UNDER))
            cell.setToolTip(translate("ReviewTables", "Shorter than planned"))
        questions = segment.get("top_questions") or []
        tip = "\n".join(f"{q['text']} ×{q['asked']}" for q in questions)
        if (questions_cell := table.item(r, last)) is not None:
            questions_cell.setToolTip(plain_tip(tip))


def _grey_row(table: QTableWidget, row: int) -> None:
    """A planned segment that never ran: greyed, and its tooltip says so."""
    for c in range(table.columnCount()):
        item = table.item(row, c)
        if item is not None:
            item.setForeground(QBrush(SKIPPED_TEXT))
            item.setBackground(QBrush(SKIPPED_BACKGROUND))
            item.setToolTip(translate("ReviewTables", "Planned, never ran"))


def fill_ranking(table: QTableWidget, report: dict[str, Any]) -> None:
    """What held the room: the segments that ran, by average viewers, then likes per minute."""
    fill(table, ranking_header(), review_rows.ranking_rows(report), text_columns=(1,), stretch=1)
