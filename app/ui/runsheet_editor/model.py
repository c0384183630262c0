"""The run-sheet as the producer typed it: rows of raw text cells, re-read through the domain's
parser and validator after every change, with each problem shown on its cell."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QUndoStack

from app.domain.catalog import Catalog
from app.domain.durations import DurationError, format_duration, parse_duration
from app.domain.runsheet import KIND_ALIASES, ParseResult, Problem, RunSheet
from app.domain.sheet_rows import FIELD_NAMES, Held, TypedCells, opened, points
from app.ui.message_texts import text_for
from app.ui.runsheet_editor.analysis import (
    Analysis,
    analyse,
    clock_text,
    kind_label,
    row_of,
)
from app.ui.runsheet_editor.commands import (
    EditCellCommand,
    InsertRowsCommand,
    MoveRowsCommand,
    RemoveRowsCommand,
    Row,
    reorder_moves,
)

NUMBER, START = "#", "start"
COLUMNS: tuple[str, ...] = (NUMBER, START, *FIELD_NAMES)
ERROR_COLOR = QColor("#f8c9c9")
WARNING_COLOR = QColor("#ffe3a3")
ROWS_MIME = "application/x-livedesk-runsheet-rows"
Index = QModelIndex | QPersistentModelIndex


class RunSheetModel(QAbstractTableModel):
    """Columns: #, planned start (read-only), then the run-sheet's fields. `analysed` is emitted
    after every re-read; `sheet()` and `problems()` are the latest result."""

    analysed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._rows: list[Row] = []
        self._catalog, self._title = Catalog(), ""
        self._extra: tuple[str, ...] = ()  # the file's other columns, after each row's fields
        self._held = Held()  # the opened file's errors, kept until corrected (sheet_rows)
        self._scenes: tuple[str, ...] | None = None
        self._known = Catalog()
        self._start_s = 20 * 3600
        self._analysis = Analysis()
        self._headers = {
            NUMBER: "#", START: self.tr("Start"), "title": self.tr("Title"),
            "duration": self.tr("Duration"), "kind": self.tr("Kind"), "scene": self.tr("Scene"),
            "product": self.tr("Product"), "coupon": self.tr("Coupon"), "notes": self.tr("Notes"),
            "interaction": self.tr("Interaction"),
        }  # fmt: skip

    # ----- reading ---------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._rows)

    def cell(self, row: int, field: str) -> str:
        return self._rows[row][FIELD_NAMES.index(field)]

    def display(self, row: int, column: str) -> str:
        return str(self.data(self.index(row, COLUMNS.index(column))) or "")

    def index_of(self, row: int, column: str) -> QModelIndex:
        return self.index(row, COLUMNS.index(column))

    def rows(self) -> list[Row]:
        return [list(row) for row in self._rows]

    def sheet(self) -> RunSheet:
        return self._analysis.sheet

    def problems(self) -> list[Problem]:
        return list(self._analysis.problems)

    def analysis(self) -> Analysis:
        return self._analysis

    def catalog(self) -> Catalog:
        """The sheet's own products and coupons, then the known ones."""
        return self._catalog.merged(self._known)

    def row_of(self, problem: Problem) -> int | None:
        return row_of(problem, len(self._rows))

    def where(self, problem: Problem) -> str:
        """Where a problem is, as the editor shows it: "row 3", else the file's "Products!2"."""
        row = self.row_of(problem)
        return problem.location if row is None else self.tr("row {row}").format(row=row + 1)

    def start_s(self) -> int:
        return self._start_s

    # ----- what the sheet is checked against -------------------------------------------------
    def set_environment(self, scenes: tuple[str, ...] | None, known: Catalog) -> None:
        """OBS's scenes (None when not connected: scenes are then not checked) and the catalog."""
        if (scenes, known) != (self._scenes, self._known):
            self._scenes, self._known = scenes, known
            self._reanalyse()

    def set_show_start(self, seconds_of_day: int) -> None:
        if seconds_of_day != self._start_s:
            self._start_s = seconds_of_day
            self._changed_all()

    def reset(self, sheet: RunSheet) -> None:
        """Replace everything with `sheet` (the show's, a blank sheet); not undoable."""
        self.open_result(ParseResult(sheet))

    def open_result(self, result: ParseResult, typed: TypedCells | None = None) -> None:
        """Replace everything with a file's sheet, keeping the file's values that did not read
        (their text from `typed`) and its errors until they are corrected; not undoable."""
        sheet, rows = result.sheet, opened(result, typed)
        self.beginResetModel()
        self._extra = sheet.extra_names
        self._rows, self._held = rows.rows, rows.held
        self._catalog, self._title = sheet.catalog, sheet.title
        self.endResetModel()
        self.undo_stack.clear()
        self._reanalyse()

    # ----- undoable edits --------------------------------------------------------------------
    def add_row(self, at: int, row: Row) -> None:
        self.undo_stack.push(InsertRowsCommand(self, at, [row], self.tr("Add segment")))

    def duplicate_rows(self, rows: list[int]) -> None:
        ordered = sorted(set(rows))
        if ordered:
            copies = [list(self._rows[r]) for r in ordered]
            label = self.tr("Duplicate segment(s)")
            self.undo_stack.push(InsertRowsCommand(self, ordered[-1] + 1, copies, label))

    def remove_rows(self, rows: list[int]) -> None:
        if rows:
            self.undo_stack.push(RemoveRowsCommand(self, rows, self.tr("Delete segment(s)")))

    def reorder(self, rows: list[int], destination: int) -> None:
        """Bring `rows` together before `destination`, as one undo step."""
        moves = reorder_moves(rows, destination)
        if len(moves) == 1:
            self.moveRows(QModelIndex(), moves[0][0], 1, QModelIndex(), moves[0][1])
        elif moves:
            self.undo_stack.beginMacro(self.tr("Move segments"))
            for source, target in moves:
                self.moveRows(QModelIndex(), source, 1, QModelIndex(), target)
            self.undo_stack.endMacro()

    # ----- mutators, called only by the undo commands ----------------------------------------
    def apply_cell(self, row: int, field: str, text: str) -> None:
        self._rows[row][FIELD_NAMES.index(field)] = text
        self._reanalyse()

    def apply_insert(self, at: int, rows: list[Row]) -> None:
        self.beginInsertRows(QModelIndex(), at, at + len(rows) - 1)
        width = len(FIELD_NAMES) + len(self._extra)  # a new row: the other columns empty
        self._rows[at:at] = [list(row[:width]) + [""] * (width - len(row)) for row in rows]
        self.endInsertRows()
        self._reanalyse()

    def apply_remove(self, rows: list[int]) -> list[Row]:
        removed: list[Row] = []
        for row in sorted(rows, reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            removed.append(self._rows.pop(row))
            self.endRemoveRows()
        self._reanalyse()
        return list(reversed(removed))

    def apply_move(self, source: int, count: int, destination: int) -> None:
        root = QModelIndex()
        if not self.beginMoveRows(root, source, source + count - 1, root, destination):
            return
        block = self._rows[source : source + count]
        del self._rows[source : source + count]
        at = destination if destination < source else destination - count
        self._rows[at:at] = block
        self.endMoveRows()
        self._reanalyse()

    # ----- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[COLUMNS[section]]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if COLUMNS[index.column()] in FIELD_NAMES:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return self.cell(row, column) if column in FIELD_NAMES else None
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            by_cell = self._analysis.by_cell
            problems = by_cell.get((row, column)) if column in FIELD_NAMES else None
            if column == NUMBER:  # problems of the row not tied to a field
                problems = by_cell.get((row, None))
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(row, column, problems or [])
            if problems:
                errors = any(p.severity == "error" for p in problems)
                return ERROR_COLOR if errors else WARNING_COLOR
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (NUMBER, START, "duration"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = COLUMNS[index.column()]
        if field not in FIELD_NAMES:
            return False
        text = "" if value is None else str(value).strip()
        if field == "notes":
            text = "\n".join(line.rstrip() for line in text.splitlines())
        if text == self.cell(index.row(), field):
            return False
        label = self.tr("Edit {field}").format(field=self._headers[field])
        self.undo_stack.push(EditCellCommand(self, index.row(), field, text, label))
        return True

    def moveRows(
        self,
        sourceParent: Index,
        sourceRow: int,
        count: int,
        destinationParent: Index,
        destinationChild: int,
    ) -> bool:
        if sourceParent.isValid() or destinationParent.isValid() or count < 1:
            return False
        if sourceRow < 0 or sourceRow + count > len(self._rows):
            return False
        if not 0 <= destinationChild <= len(self._rows):
            return False
        if sourceRow <= destinationChild <= sourceRow + count:  # it would stay where it is
            return False
        label = self.tr("Move segment(s)")
        self.undo_stack.push(MoveRowsCommand(self, sourceRow, count, destinationChild, label))
        return True

    # ----- drag and drop: rows move within the table -----------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data = QMimeData()
        payload = json.dumps({"model": id(self), "rows": rows}).encode()
        data.setData(ROWS_MIME, QByteArray(payload))
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Moves the dragged rows itself and answers False, so that the view does not then remove
        the "moved-away" rows as it would after a copy-and-delete move."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(ROWS_MIME):
            return False
        try:
            payload = json.loads(bytes(data.data(ROWS_MIME).data()).decode())
        except ValueError:
            return False
        if payload.get("model") != id(self):
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._rows)
        rows = [r for r in payload.get("rows", []) if 0 <= r < len(self._rows)]
        self.reorder(rows, row)
        return False

    # ----- analysis --------------------------------------------------------------------------
    def _reanalyse(self) -> None:
        self._analysis = analyse(self._rows, self._catalog, self._title, self._scenes, self._known,
                                 self._extra, self._held)  # fmt: skip
        self._changed_all()
        self.analysed.emit()

    def _changed_all(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

    def _display(self, row: int, column: str) -> str:
        if column == NUMBER:
            return str(row + 1)
        if column == START:
            starts = self._analysis.starts
            start = starts[row] if row < len(starts) else None
            return "" if start is None else clock_text(self._start_s + start)
        raw = self.cell(row, column)
        if column == "duration":
            try:
                return format_duration(parse_duration(raw))
            except DurationError:
                return raw
        if column == "kind":
            kind = KIND_ALIASES.get(raw.lower())
            return kind_label(kind) if kind else raw
        catalog = self.catalog()
        if column == "product" and (product := catalog.product(raw)) and product.name:
            return f"{raw} · {product.name}"
        if column == "coupon" and (coupon := catalog.coupon(raw)) and coupon.title:
            return f"{raw} · {coupon.title}"
        if column == "notes":
            return " · ".join(points(raw, self._held))
        return raw

    def _tooltip(self, row: int, column: str, problems: list[Problem]) -> str | None:
        lines = [text_for(p.message) for p in problems]
        if column == "notes" and (kept := points(self.cell(row, "notes"), self._held)):
            lines = [*lines, *(f"• {point}" for point in kept)]
        return "\n".join(lines) or None
