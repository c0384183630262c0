"""The producer's run-sheet editor: a table of segments checked as they are typed, with undo,
files and templates, and "Use for the show" to hand the sheet to the show's runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSize, Qt, QTime
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.durations import format_duration
from app.domain.runsheet import Problem, RunSheet
from app.domain.sheet_rows import LeftOut
from app.runtime.tasks import TaskRunner
from app.services.events import Event
from app.services.ports import RunSheetFiles
from app.services.show import Show
from app.ui.message_bar import MessageBar
from app.ui.message_texts import text_for
from app.ui.runsheet_editor.analysis import FIELD_NAMES, clock_text
from app.ui.runsheet_editor.delegates import (
    ChoiceDelegate,
    NotesDelegate,
    coupon_choices,
    kind_choices,
    kind_value,
    product_choices,
    scene_choices,
)
from app.ui.runsheet_editor.document import ReadTypedCells, SheetDocument
from app.ui.runsheet_editor.menus import EditorActions
from app.ui.runsheet_editor.model import COLUMNS, RunSheetModel

ORIGIN = "editor"
NEW_SEGMENT_DURATION = "5:00"


def next_full_hour() -> QTime:
    return QTime((QTime.currentTime().hour() + 1) % 24, 0)


class RunSheetEditor(QMainWindow):
    """Scenes come from `show.obs.state`, the catalog from `show.runner.catalog()`; files are
    read and written through `files` (with `typed_cells` and `left_out`: see SheetDocument);
    "Use for the show" runs `show.runner.load` on `runner`."""

    def __init__(
        self,
        show: Show,
        runner: TaskRunner,
        files: RunSheetFiles,
        templates_dir: Path | None,
        parent: QWidget | None = None,
        *,
        typed_cells: ReadTypedCells | None = None,
        left_out: LeftOut | None = None,
    ) -> None:
        super().__init__(parent)
        self._show, self._runner = show, runner
        self._closing = False
        self.resize(1200, 720)
        self.model = RunSheetModel(self)
        self.undo_stack = self.model.undo_stack
        self.document = SheetDocument(
            self.model, files, templates_dir, self, typed_cells=typed_cells, left_out=left_out
        )

        self.start_time = QTimeEdit(next_full_hour())
        self.start_time.setDisplayFormat("HH:mm")
        self.start_time.setToolTip(self.tr("When the show starts: planned start times follow"))
        self.use_button = QPushButton(self.tr("Use for the show"))
        self.use_button.setStyleSheet("font-weight: bold;")
        self.message_bar = MessageBar()
        self.table = self._build_table()
        self.problems_list = QListWidget()
        self.problems_list.setIconSize(QSize(16, 16))
        self.problems_list.itemActivated.connect(self._go_to_problem)
        self.problems_list.itemClicked.connect(self._go_to_problem)
        self.summary = QLabel()
        self.editor_actions = EditorActions(
            self, templates=self.document.template_names, templates_dir=templates_dir
        )

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.problems_list)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(centre)
        self.statusBar().addPermanentWidget(self.summary)
        self.editor_actions.build_toolbar(self.start_time, self.use_button)

        self._connect()
        self._unlisten: Callable[[], None] | None = show.bus.listen(self._on_show_event)
        self._refresh_environment()
        self.model.set_show_start(self.start_time.time().msecsSinceStartOfDay() // 1000)
        self.model.reset(show.runner.sheet)  # start from what the show has loaded
        self._update_title()

    # ----- for tests and the main window -----------------------------------------------------
    def sheet(self) -> RunSheet:
        return self.model.sheet()

    def problems(self) -> list[Problem]:
        return self.model.problems()

    def open_path(self, path: str | Path) -> bool:
        return self.document.open_path(path)

    def save_path(self, path: str | Path) -> bool:
        self.commit_open_editor()
        return self.document.save_path(path)

    def load_template(self, name: str) -> bool:
        return self.document.load_template(name)

    def show_error(self, text: str) -> None:
        self.message_bar.show_error(text)

    # ----- actions ---------------------------------------------------------------------------
    def add_segment(self) -> None:
        rows = self.selected_rows()
        at = rows[-1] + 1 if rows else self.model.row_count()
        cells = {"title": self.tr("New segment"), "duration": NEW_SEGMENT_DURATION}
        self.model.add_row(at, [cells.get(name, "") for name in FIELD_NAMES])
        self._select(range(at, at + 1))

    def duplicate_segments(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.model.duplicate_rows(rows)
            self._select(range(rows[-1] + 1, rows[-1] + 1 + len(rows)))

    def delete_segments(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.model.remove_rows(rows)
            if self.model.row_count():
                self._select(range(min(rows[0], self.model.row_count() - 1), rows[0] + 1))

    def move_segments(self, step: int) -> None:
        """Move the selected rows one place up (-1) or down (+1)."""
        rows = self.selected_rows()
        if not rows:
            return
        if step < 0 and rows[0] > 0:
            self.model.reorder(rows, rows[0] - 1)
            self._select(range(rows[0] - 1, rows[0] - 1 + len(rows)))
        elif step > 0 and rows[-1] < self.model.row_count() - 1:
            self.model.reorder(rows, rows[-1] + 2)
            self._select(range(rows[-1] + 2 - len(rows), rows[-1] + 2))

    def use_for_show(self) -> bool:
        """Load the sheet into the show's runner; refused (with a message) while it has errors."""
        self.commit_open_editor()
        analysis = self.model.analysis()
        if analysis.errors:
            first = analysis.errors[0]
            if self.model.row_of(first) is None:  # the file's error on no row: the catalog's …
                text = self.tr(
                    "This run-sheet cannot be used for the show: {where}: {message}. Correct it "
                    "in the file and open the file again."
                )
            else:
                text = self.tr(
                    "Fix the %n error(s) before using this run-sheet for the show "
                    "(row {where}: {message}).",
                    "",
                    len(analysis.errors),
                )
            self.show_error(text.format(where=first.location, message=text_for(first.message)))
            return False
        if not analysis.sheet.segments:
            self.show_error(self.tr("The run-sheet has no segments yet."))
            return False
        if self._show.runner.live:
            self.show_error(
                self.tr("A segment is live: finish the run-sheet or end the show first.")
            )
            return False
        self._runner.run(self._show.runner.load(analysis.sheet, origin=ORIGIN), "load-runsheet")
        self.statusBar().showMessage(self.tr("Sent to the show."), 5000)
        return True

    def selected_rows(self) -> list[int]:
        selection = self.table.selectionModel()
        rows = {index.row() for index in selection.selectedIndexes()}
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        return sorted(rows)

    # ----- wiring ----------------------------------------------------------------------------
    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setDragEnabled(True)
        table.setAcceptDrops(True)
        table.setDropIndicatorShown(True)
        table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        table.setDefaultDropAction(Qt.DropAction.MoveAction)
        table.setDragDropOverwriteMode(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = {"#": 36, "start": 70, "title": 260, "duration": 70, "kind": 110, "scene": 140,
                  "product": 150, "coupon": 110, "notes": 260}  # fmt: skip
        for column, width in widths.items():
            table.setColumnWidth(COLUMNS.index(column), width)
        catalog = self.model.catalog
        delegates = {
            "kind": ChoiceDelegate(kind_choices, table, normalise=kind_value),
            "scene": ChoiceDelegate(lambda: scene_choices(self._show.obs.state.scenes), table),
            "product": ChoiceDelegate(lambda: product_choices(catalog()), table),
            "coupon": ChoiceDelegate(lambda: coupon_choices(catalog()), table),
            "notes": NotesDelegate(table),
        }
        for column, delegate in delegates.items():
            table.setItemDelegateForColumn(COLUMNS.index(column), delegate)
        return table

    def _connect(self) -> None:
        self.model.analysed.connect(self._on_analysed)
        self.document.changed.connect(self._update_title)
        self.document.failed.connect(self.show_error)
        self.document.saved.connect(
            lambda path: self.statusBar().showMessage(self.tr("Saved {path}").format(path=path))
        )
        self.start_time.timeChanged.connect(
            lambda time: self.model.set_show_start(time.msecsSinceStartOfDay() // 1000)
        )
        self.start_time.timeChanged.connect(self._on_analysed)
        self.use_button.clicked.connect(self.use_for_show)

    def _on_show_event(self, _event: Event) -> None:
        try:
            self._refresh_environment()
        except RuntimeError:  # the window is gone (deleted by Qt) but was never closed
            self._stop_listening()

    def _refresh_environment(self) -> None:
        state = self._show.obs.state
        scenes = state.scenes if state.connected else None
        self.model.set_environment(scenes, self._show.runner.catalog())

    def _on_analysed(self) -> None:
        analysis = self.model.analysis()
        self.problems_list.clear()
        pixmap = QStyle.StandardPixmap
        icons = {
            "error": self.style().standardIcon(pixmap.SP_MessageBoxCritical),
            "warning": self.style().standardIcon(pixmap.SP_MessageBoxWarning),
        }
        for problem in analysis.problems:
            row = self.model.row_of(problem)
            where = (
                self.tr("Row {row}").format(row=row + 1) if row is not None else problem.location
            )
            message = text_for(problem.message)
            item = QListWidgetItem(icons[problem.severity], f"{where}: {message}")
            item.setData(Qt.ItemDataRole.UserRole, (row, problem.field))
            self.problems_list.addItem(item)
        start = self.model.start_s()
        sheet = analysis.sheet
        counts = self.tr("{errors}, {warnings}", "the status bar's problem counts").format(
            errors=self.tr("%n error(s)", "", len(analysis.errors)),
            warnings=self.tr("%n warning(s)", "", len(analysis.warnings)),
        )
        segments = self.tr("%n segment(s)", "", len(sheet.segments))
        span = self.tr("total {total} · {start}–{end}").format(
            total=format_duration(sheet.total_s),
            start=clock_text(start),
            end=clock_text(start + sheet.total_s),
        )
        self.summary.setText(" · ".join((counts, segments, span)))

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        row, field = item.data(Qt.ItemDataRole.UserRole)
        if row is not None:
            column = field if field in FIELD_NAMES else "#"
            self.table.setCurrentIndex(self.model.index_of(row, column))
            self.table.setFocus()

    def _select(self, rows: range) -> None:
        count = self.model.row_count()
        if not rows or rows.start >= count:
            return
        self.table.setCurrentIndex(self.model.index_of(rows.start, "title"))
        first = self.model.index_of(rows.start, "#")
        last = self.model.index(min(rows.stop, count) - 1, len(COLUMNS) - 1)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().select(QItemSelection(first, last), flags)

    def commit_open_editor(self) -> None:
        """A cell still being typed in counts: commit it before saving or using the sheet."""
        widget = QApplication.focusWidget()
        while widget is not None and widget.parentWidget() is not self.table.viewport():
            widget = widget.parentWidget()
        if widget is not None:
            self.table.commitData(widget)

    def _update_title(self) -> None:
        self.setWindowModified(self.document.modified)
        title = self.tr("Run-sheet editor")
        self.setWindowTitle(f"{self.document.name()}[*] — {title}")

    def showEvent(self, event: QShowEvent) -> None:
        self._closing = False
        if self._unlisten is None:  # shown again after being closed
            self._unlisten = self._show.bus.listen(self._on_show_event)
            self._refresh_environment()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing or not self.document.modified:
            self._stop_listening()
            event.accept()
            return
        event.ignore()
        self.document.when_saved_or_discarded(self._close_now)

    def _close_now(self) -> None:
        self._closing = True
        self.close()

    def _stop_listening(self) -> None:
        if self._unlisten is not None:
            self._unlisten()
            self._unlisten = None
