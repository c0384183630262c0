"""Import the platform's order export: choose which column holds what (the file's header in
combo boxes, guessed from the names platforms use), see the first rows, import; every row that
could not be read is listed with its line and what is wrong with it (in the window's language),
the others are imported (in place of an earlier import). A show deleted meanwhile imports nothing
and says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.messages import Message
from app.domain.orders import FIELDS, REQUIRED, OrderColumns, OrderImport, OrderTable, guess_columns
from app.runtime.tasks import TaskRunner
from app.services.archive import Archive
from app.ui.message_bar import MessageBar
from app.ui.message_texts import text_for
from app.ui.review.busy import BusyBar, run_busy
from app.ui.review.review_tables import fill, make_table

PREVIEW_ROWS = 20


class OrderImportDialog(QDialog):
    """Non-modal. `imported(result)` is called once orders are stored; `gone()` when the show
    turns out to be no longer in the archive."""

    def __init__(
        self,
        archive: Archive,
        runner: TaskRunner,
        session_id: int,
        path: str,
        table: OrderTable,
        imported: Callable[[OrderImport], None] | None = None,
        parent: QWidget | None = None,
        *,
        gone: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._archive, self._runner, self._session_id = archive, runner, session_id
        self._table, self._imported, self._gone = table, imported, gone
        self.imported_orders: OrderImport | None = None
        self.deleted = False  # the show is no longer in the archive: nothing can be imported
        self.setWindowTitle(self.tr("Import orders — {name}").format(name=Path(path).name))
        self.setModal(False)
        self.resize(820, 560)
        labels = {
            "time": self.tr("Order time"),
            "amount": self.tr("Amount paid"),
            "sku": self.tr("SKU"),
            "product": self.tr("Product"),
            "quantity": self.tr("Quantity"),
            "order_no": self.tr("Order number"),
            "status": self.tr("Order status"),
        }
        guessed = guess_columns(table.header)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for field in FIELDS:
            combo = QComboBox()
            if field not in REQUIRED:
                combo.addItem(self.tr("(none)"), None)
            else:
                combo.addItem(self.tr("(choose a column)"), None)
            for column in table.header:
                combo.addItem(column, column)
            if field in guessed:
                combo.setCurrentIndex(combo.findData(guessed[field]))
            combo.currentIndexChanged.connect(lambda _index: self.check())
            self.combos[field] = combo
            label = labels.get(field, field) + (" *" if field in REQUIRED else "")
            form.addRow(label, combo)
        intro = QLabel(self.tr(
            "Choose the columns of the platform's export. Times without a time zone are taken "
            "as this computer's local time. Importing replaces orders imported earlier for "
            "this show."
        ))  # fmt: skip
        intro.setWordWrap(True)
        self.preview = make_table()
        fill(self.preview, table.header, [list(row) for _, row in table.rows[:PREVIEW_ROWS]],
             text_columns=range(len(table.header)))  # fmt: skip
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_list = QListWidget()
        self.problem_list.setMaximumHeight(140)
        self.message_bar = MessageBar()
        self.busy = BusyBar()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.clicked.connect(self.run_import)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("First rows of the file")))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problem_list)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.busy)
        layout.addWidget(buttons)
        self.check()

    def columns(self) -> OrderColumns | None:
        chosen = {field: combo.currentData() for field, combo in self.combos.items()}
        if any(not chosen[field] for field in REQUIRED):
            return None
        return OrderColumns(**chosen)

    def check(self) -> None:
        """Read the preview rows with the chosen columns; their problems are listed at once."""
        columns = self.columns()
        self.import_button.setEnabled(columns is not None and not self.deleted)
        self.problem_list.clear()
        if columns is None:
            self.summary_label.setText(self.tr("Choose the order time and amount columns."))
            return
        sample = OrderTable(self._table.header, self._table.rows[:PREVIEW_ROWS],
                            self._table.header_line)  # fmt: skip
        result = self._archive.parse_orders(sample, columns)
        self.summary_label.setText(
            self.tr("%n row(s) in the file", "", len(self._table.rows)) + "; "
            + self.tr("of the first {n}: {good} read, {bad} with a problem.").format(
                n=len(sample.rows), good=len(result.orders), bad=len(result.problems))
        )  # fmt: skip
        self._list_problems(result)

    def _list_problems(self, result: OrderImport) -> None:
        """Every row not counted as read, with its line: the unreadable ones, then those left
        out (no sale) and those exported twice."""
        self.problem_list.clear()
        for problem in (*result.problems, *result.left_out, *result.repeats):
            said = text_for(problem.message)  # a Message in the window's language, a str as it is
            self.problem_list.addItem(
                self.tr("Line {line}: {message}").format(line=problem.line, message=said)
            )

    def run_import(self) -> None:
        columns = self.columns()
        if columns is None or self.deleted:
            return
        self.import_button.setEnabled(False)

        async def store() -> None:
            try:
                result = await self._archive.import_orders(self._session_id, self._table, columns)
            finally:
                if isValid(self):
                    self.import_button.setEnabled(not self.deleted)
            if not isValid(self):
                return
            self.imported_orders = result
            self._list_problems(result)
            if not result.orders:
                self.summary_label.setText(self.tr(
                    "No row could be read as an order; nothing was imported. Check the columns "
                    "and the problems below."
                ))  # fmt: skip
                return
            said = [
                self.tr("Imported %n order(s) ({amount})", "", result.order_count).format(
                    amount=f"{result.amount:,.2f}") + "; "
                + self.tr("%n row(s) could not be read and were left out.", "",
                          len(result.problems))
            ]  # fmt: skip
            if result.left_out:
                said.append(self.tr("%n cancelled, closed or refunded row(s) left out.", "",
                                    len(result.left_out)))  # fmt: skip
            if result.repeats:
                said.append(self.tr("%n repeated row(s) counted once.", "", len(result.repeats)))
            if not result.by_order_no:
                said.append(text_for(Message("orders.by_row")))
            self.summary_label.setText(" ".join(said))
            if self._imported is not None:
                self._imported(result)

        run_busy(self._runner, self.busy, self.message_bar, store(), "orders-import",
                 self.tr("Importing orders…"), gone=self._import_found_no_show)  # fmt: skip

    def _import_found_no_show(self) -> None:
        self.show_deleted()
        if self._gone is not None:
            self._gone()

    def show_deleted(self) -> None:
        """The show was deleted meanwhile: nothing was imported, and nothing can be."""
        if not isValid(self):
            return
        self.deleted = True
        self.import_button.setEnabled(False)
        self.problem_list.clear()
        self.summary_label.setText(
            self.tr("This show was deleted from the archive; nothing was imported.")
        )
