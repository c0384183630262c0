"""The review window's tables: read-only QTableWidgets filled with the report's text cells
(`review_rows`, as in the html / pdf reports) under translated column titles."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.services import review_rows

OVER, UNDER = QColor("#c0392b"), QColor("#2e7d32")
OVER_UNDER_COLUMN = 4


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewTables", text)


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` as typed: Qt reads a tooltip with markup as rich text, so the
    text is escaped inside a paragraph that keeps its line breaks. Empty for no text."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def segment_header(report: dict[str, Any]) -> list[str]:
    header = [
        _tr("#"),
        _tr("Segment"),
        _tr("Planned"),
        _tr("Actual"),
        _tr("Over/under"),
        _tr("Comments"),
        _tr("Questions"),
        _tr("Purchase intent"),
        _tr("Talking points"),
    ]
    if review_rows.has_orders(report):
        header += sales_header()
    return [*header, _tr("Top questions")]  # fmt: skip


def sales_header() -> list[str]:
    return [_tr("Orders"), _tr("Quantity"), _tr("Sales")]


def product_header(report: dict[str, Any]) -> list[str]:
    header = [_tr("SKU"), _tr("Product"), _tr("On screen"), _tr("Times shown")]
    return header + (sales_header() if review_rows.has_orders(report) else [])


def unanswered_header() -> list[str]:
    return [_tr("At"), _tr("Asked by"), _tr("State"), _tr("Question")]


def marker_header() -> list[str]:
    return [_tr("Time"), _tr("Recording"), _tr("Note")]


def coupon_header() -> list[str]:
    return [_tr("Coupon"), _tr("From"), _tr("To"), _tr("Length")]


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
    """Planned against actual per segment, over (red) / under (green), then the audience,
    talking points, sales (once imported) and the top questions (whole list in the tooltip)."""
    header = segment_header(report)
    last = len(header) - 1
    fill(table, header, review_rows.segment_rows(report), text_columns=(1, last), stretch=last)
    for r, segment in enumerate(report["segments"]):
        cell = table.item(r, OVER_UNDER_COLUMN)
        text = "" if cell is None else cell.text()
        if cell is not None and text.startswith("+"):
            cell.setForeground(QBrush(OVER))
            cell.setToolTip(_tr("Ran over the plan"))
        elif cell is not None and text.startswith("−"):
            cell.setForeground(QBrush(UNDER))
            cell.setToolTip(_tr("Shorter than planned"))
        questions = segment.get("top_questions") or []
        tip = "\n".join(f"{q['text']} ×{q['asked']}" for q in questions)
        if (questions_cell := table.item(r, last)) is not None:
            questions_cell.setToolTip(plain_tip(tip))
