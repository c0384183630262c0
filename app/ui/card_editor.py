"""The products & coupons editor ("card editor"): the catalog as two tables, checked as they are
typed, by the same rules as the run-sheet codec (app/domain/rules.py through runsheet_codec's
parsers, so the editor refuses exactly what a sheet would). Errors (a price that is no number
or out of range, a missing or repeated SKU …) are shown on their cells and block Save; risky
advertising claims (广告法) in names and selling points are amber warnings that do not. Save
hands the catalog to the show's runner, which keeps it for later shows too."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain import rules
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.compliance import COMPLIANCE_HINT
from app.domain.durations import DurationError
from app.domain.rules import RuleError
from app.domain.runsheet_codec import (
    parse_count,
    parse_coupon_seconds,
    parse_original_price,
    parse_price,
    parse_stock,
)
from app.runtime.tasks import TaskRunner
from app.services.errors import LiveDeskError
from app.services.show import Show
from app.ui.message_bar import MessageBar
from app.ui.message_texts import text_for
from app.ui.runsheet_editor.delegates import Index, NotesDelegate, NumberDelegate

PRODUCT_FIELDS = ("sku", "name", "price", "original_price", "image", "selling_points", "link",
                  "stock")  # fmt: skip
COUPON_FIELDS = ("code", "title", "discount", "seconds", "quantity")
ORIGIN = "editor"
SAVE_KEY = "Ctrl+S"
STATE_ROLE = Qt.ItemDataRole.UserRole + 1  # "error", "warning" or "": how a cell is marked
_BACKGROUND = {"error": QColor("#f8d7da"), "warning": QColor("#ffe0a3")}
Note = tuple[str, str]  # (severity, message)
Notes = dict[tuple[int, str], list[Note]]  # (row, field) -> what is wrong there
T = TypeVar("T")


class SellingPointsDelegate(NotesDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QPlainTextEdit):
            editor.setPlaceholderText(self.tr("One selling point per line"))
        return editor


class CardEditor(QWidget):
    """A window editing `show.runner.catalog()`; claims are found with `show.compliance`; Save
    runs `show.runner.save_catalog` on `runner`. `saved()`: the show has the new catalog."""

    saved = Signal()

    def __init__(self, show: Show, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._show, self._runner = show, runner
        self._loading, self._edits = False, 0
        self.image_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Products & coupons[*] — LiveDesk"))
        self.resize(1100, 680)

        self.message_bar = MessageBar()
        self.products_table = self._table([
            self.tr("SKU"), self.tr("Name"), self.tr("Price"), self.tr("Original price"),
            self.tr("Image"), self.tr("Selling points"), self.tr("Link"), self.tr("Stock"),
        ])  # fmt: skip
        points = PRODUCT_FIELDS.index("selling_points")
        self.products_table.setItemDelegateForColumn(points, SellingPointsDelegate(self))
        self.coupons_table = self._table([
            self.tr("Code"), self.tr("Title"), self.tr("Discount"), self.tr("Seconds"),
            self.tr("Quantity"),
        ])  # fmt: skip
        money: tuple[float, float, int] = (
            float(rules.MIN_PRICE),
            float(rules.MAX_PRICE),
            rules.PRICE_PLACES,
        )
        count: tuple[float, float, int] = (0, rules.MAX_COUNT, 0)
        for table, fields, field, limits, parse in (
            (self.products_table, PRODUCT_FIELDS, "price", money, parse_price),
            (self.products_table, PRODUCT_FIELDS, "original_price", money, parse_price),
            (self.products_table, PRODUCT_FIELDS, "stock", count, parse_count),
            (self.coupons_table, COUPON_FIELDS, "quantity", count, parse_count),
        ):
            low, high, places = limits
            delegate = NumberDelegate(low, high, places, parse, self)
            table.setItemDelegateForColumn(fields.index(field), delegate)
        self.status_label = QLabel()
        tip = self.tr("Keep these products and coupons, for this show and later ones ({key})")
        self.save_button = self._button(self.tr("Save"), self.save, tip.format(key=SAVE_KEY))
        self.save_button.setStyleSheet("font-weight: bold;")
        QShortcut(QKeySequence(SAVE_KEY), self).activated.connect(self.save)
        tip = self.tr("Pick the selected product's image file")
        image_button = self._button(self.tr("Choose image…"), self.choose_image, tip)

        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, table, buttons in (
            (self.tr("Products"), self.products_table, [
                self._button(self.tr("Add product"), self.add_product), image_button,
                self._button(self.tr("Delete"), lambda: self.delete_rows(self.products_table)),
            ]),
            (self.tr("Coupons"), self.coupons_table, [
                self._button(self.tr("Add coupon"), self.add_coupon),
                self._button(self.tr("Delete"), lambda: self.delete_rows(self.coupons_table)),
            ]),
        ):  # fmt: skip
            bar = QHBoxLayout()
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: bold;")
            bar.addWidget(heading, 1)
            for button in buttons:
                bar.addWidget(button)
            section = QVBoxLayout(box := QWidget())
            section.setContentsMargins(0, 0, 0, 0)
            section.addLayout(bar)
            section.addWidget(table, 1)
            splitter.addWidget(box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        tip = self.tr("Back to the saved catalog")
        bottom.addWidget(self._button(self.tr("Revert"), self.revert, tip))
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_bar)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.load(show.runner.catalog())

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # name
        table.itemChanged.connect(lambda _item: None if self._loading else self._changed())
        return table

    def _button(self, text: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ----- the tables ------------------------------------------------------------------------
    def load(self, catalog: Catalog) -> None:
        """Show `catalog`, unmodified."""
        self._loading = True
        for table in (self.products_table, self.coupons_table):
            table.setRowCount(0)
        for p in catalog.products:
            prices, points = [_text(p.price), _text(p.original_price)], "\n".join(p.selling_points)
            texts = [p.sku, p.name, *prices, p.image or "", points, p.link or "", _text(p.stock)]
            _add_row(self.products_table, texts)
        for c in catalog.coupons:
            texts = [c.code, c.title, c.discount, str(c.seconds), _text(c.quantity)]
            _add_row(self.coupons_table, texts)
        self._loading = False
        for table in (self.products_table, self.coupons_table):
            table.resizeColumnsToContents()
            table.resizeRowsToContents()
        self.setWindowModified(False)
        self.check()

    def add_product(self) -> None:
        self._add_new(self.products_table, [""] * len(PRODUCT_FIELDS))

    def add_coupon(self) -> None:
        self._add_new(self.coupons_table, ["", "", "", str(rules.DEFAULT_COUPON_S), ""])

    def _add_new(self, table: QTableWidget, texts: list[str]) -> None:
        self._loading = True
        row = _add_row(table, texts)
        self._loading = False
        table.setCurrentCell(row, 0)
        if (first := table.item(row, 0)) is not None:
            table.editItem(first)
        self._changed()

    def delete_rows(self, table: QTableWidget) -> None:
        """Delete the table's selected rows (or its current one)."""
        rows = {index.row() for index in table.selectedIndexes()} or {table.currentRow()}
        for row in sorted(rows - {-1}, reverse=True):
            table.removeRow(row)
        self._changed()

    def choose_image(self) -> None:
        """Pick the current product's image with a (non-blocking) file dialog."""
        row = self.products_table.currentRow()
        if row < 0:
            self.message_bar.show_error(self.tr("Select a product first."))
            return
        item = self.products_table.item(row, PRODUCT_FIELDS.index("image"))
        if item is None:  # every row the editor adds has all its cells
            return
        if self.image_dialog is not None:
            self.image_dialog.deleteLater()
        dialog = QFileDialog(self, self.tr("Choose the product's image"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        images, anything = self.tr("Images (*.png *.jpg *.jpeg *.webp)"), self.tr("All files (*)")
        dialog.setNameFilters([images, anything])
        dialog.fileSelected.connect(lambda path: item.setText(path) if isValid(item) else None)
        self.image_dialog = dialog
        dialog.open()

    def _changed(self) -> None:
        self._edits += 1
        self.setWindowModified(True)
        self.check()

    # ----- checking --------------------------------------------------------------------------
    def check(self) -> tuple[Catalog, list[str]]:
        """The catalog the tables hold, and its errors; every note is shown on its cell."""
        products, product_notes = self._read_products()
        coupons, coupon_notes = self._read_coupons()
        errors: list[str] = []
        warnings = 0
        for table, fields, notes in (
            (self.products_table, PRODUCT_FIELDS, product_notes),
            (self.coupons_table, COUPON_FIELDS, coupon_notes),
        ):
            _show_notes(table, fields, notes)
            for (row, _field), found in sorted(notes.items()):
                said = self.tr("row {n}: {m}")
                errors += [said.format(n=row + 1, m=m) for s, m in found if s == "error"]
                warnings += sum(s == "warning" for s, _ in found)
        self.save_button.setEnabled(not errors)
        status = [self.tr("%n product(s)", "", len(products)),
                  self.tr("%n coupon(s)", "", len(coupons))]  # fmt: skip
        if errors:
            status.append(self.tr("%n error(s) to fix before saving", "", len(errors)))
        if warnings:
            status.append(self.tr("%n compliance warning(s)", "", warnings))
        self.status_label.setText(" · ".join(status))
        return Catalog(tuple(products), tuple(coupons)), errors

    def _read_products(self) -> tuple[list[Product], Notes]:
        rows, notes = _rows(self.products_table, PRODUCT_FIELDS), Notes()
        repeated = self.tr("SKU “{key}” is on rows {a} and {b}")
        _unique(notes, [row["sku"] for row in rows], "sku", repeated)
        products = []
        for r, cell in enumerate(rows):
            sku, name = cell["sku"], cell["name"]
            if not sku:
                _note(notes, r, "sku", self.tr("A product needs a SKU"))
            elif (wrong := rules.sku_problem(sku)) is not None:
                _note(notes, r, "sku", text_for(wrong))
            if not name:
                _note(notes, r, "name", self.tr("A product needs a name"))
            price = _parse(notes, r, cell, "price", parse_price)
            original = _parse(notes, r, cell, "original_price", parse_original_price)
            stock = _parse(notes, r, cell, "stock", parse_stock)
            points = tuple(t.strip() for t in cell["selling_points"].split("\n") if t.strip())
            for field, texts in (("name", (name,)), ("selling_points", points)):
                claims = [claim for text in texts for claim in self._show.compliance.find(text)]
                risky = self.tr("Risky claim: {c}")
                said = [risky.format(c=text_for(claim.describe())) for claim in claims]
                if said:
                    hint = text_for(COMPLIANCE_HINT)
                    _note(notes, r, field, "\n".join([*said, hint]), "warning")
            image, link = cell["image"] or None, cell["link"] or None
            products.append(Product(sku, name, price, original, image, points, link, stock))
        return products, notes

    def _read_coupons(self) -> tuple[list[Coupon], Notes]:
        rows, notes = _rows(self.coupons_table, COUPON_FIELDS), Notes()
        repeated = self.tr("Code “{key}” is on rows {a} and {b}")
        _unique(notes, [row["code"] for row in rows], "code", repeated)
        coupons = []
        for r, cell in enumerate(rows):
            if not cell["code"]:
                _note(notes, r, "code", self.tr("A coupon needs a code"))
            elif (wrong := rules.code_problem(cell["code"])) is not None:
                _note(notes, r, "code", text_for(wrong))
            if not cell["title"]:
                _note(notes, r, "title", self.tr("A coupon needs a title"))
            if (wrong := rules.discount_problem(cell["discount"])) is not None:
                _note(notes, r, "discount", text_for(wrong))
            seconds = _parse(notes, r, cell, "seconds", parse_coupon_seconds)
            quantity = _parse(notes, r, cell, "quantity", parse_count)
            texts = cell["code"], cell["title"], cell["discount"]
            coupons.append(Coupon(*texts, seconds or 0, quantity))
        return coupons, notes

    def cell_state(self, table: QTableWidget, row: int, field: str) -> str:
        """ "error", "warning" or "" — how a cell is marked (its tooltip says why)."""
        fields = PRODUCT_FIELDS if table is self.products_table else COUPON_FIELDS
        item = table.item(row, fields.index(field))
        return str(item.data(STATE_ROLE) or "") if item is not None else ""

    # ----- saving ----------------------------------------------------------------------------
    def save(self) -> bool:
        """Hand the catalog to the show; refused (with a message) while a cell has an error."""
        focus = QApplication.focusWidget()  # a cell still being typed in counts
        for table in (self.products_table, self.coupons_table):
            if focus is not None and table.viewport().isAncestorOf(focus):
                table.commitData(focus)
        catalog, errors = self.check()
        if errors:
            message = self.tr("Fix the %n error(s) before saving ({first}).", "", len(errors))
            self.message_bar.show_error(message.format(first=errors[0]))
            return False
        self.message_bar.dismiss()
        self._runner.run(self._save(catalog, self._edits), "save-catalog")
        return True

    async def _save(self, catalog: Catalog, edits: int) -> None:
        before = self._show.runner.catalog()
        try:
            await self._show.runner.save_catalog(catalog, origin=ORIGIN)
        except LiveDeskError as exc:
            self.message_bar.show_error(exc.message)
            return
        if self._edits == edits:  # nothing typed meanwhile: show the catalog as saved
            self.load(self._show.runner.catalog())
        kept = [p.sku for p in before.products if catalog.product(p.sku) is None]
        kept += [c.code for c in before.coupons if catalog.coupon(c.code) is None]
        if kept:
            message = self.tr("Saved. Deleting saved entries is not supported yet: {keys} stay.")
            self.message_bar.show_error(message.format(keys=", ".join(kept)))
        self.saved.emit()

    def revert(self) -> None:
        """Back to the show's catalog (as saved, or as edited elsewhere meanwhile)."""
        self.load(self._show.runner.catalog())


def _add_row(table: QTableWidget, texts: list[str]) -> int:
    row = table.rowCount()
    table.insertRow(row)
    for column, text in enumerate(texts):
        table.setItem(row, column, QTableWidgetItem(text))
    return row


def _rows(table: QTableWidget, fields: tuple[str, ...]) -> list[dict[str, str]]:
    """Each row's cells by field, stripped (selling points keep their lines)."""
    return [
        {f: item.text().strip() if (item := table.item(r, i)) else "" for i, f in enumerate(fields)}
        for r in range(table.rowCount())
    ]


def _show_notes(table: QTableWidget, fields: tuple[str, ...], notes: Notes) -> None:
    table.blockSignals(True)  # marking a cell is not an edit
    for row in range(table.rowCount()):
        for column, field in enumerate(fields):
            if (item := table.item(row, column)) is None:
                continue
            found = notes.get((row, field), [])
            severity = min((s for s, _ in found), default="")  # "error" < "warning"
            item.setData(STATE_ROLE, severity)
            item.setBackground(QBrush(_BACKGROUND[severity]) if severity else QBrush())
            item.setForeground(QBrush(QColor("#1d1d1f")) if severity else QBrush())  # dark theme
            item.setToolTip("\n\n".join(message for _, message in found))
    table.blockSignals(False)


def _note(notes: Notes, row: int, field: str, message: str, severity: str = "error") -> None:
    notes.setdefault((row, field), []).append((severity, message))


def _parse(
    notes: Notes, row: int, cell: dict[str, str], field: str, parse: Callable[[str], T]
) -> T | None:
    """`parse` the cell's text, or note the rule's message on the cell when that raises
    ValueError (the codec's parsers: the same verdict as in a run-sheet)."""
    try:
        return parse(cell[field])
    except ValueError as exc:
        said = exc.message if isinstance(exc, RuleError | DurationError) else str(exc)
        _note(notes, row, field, text_for(said))
        return None


def _unique(notes: Notes, keys: list[str], field: str, message: str) -> None:
    """A repeated key (SKU, code) is an error on both rows."""
    first: dict[str, int] = {}
    for row, key in enumerate(keys):
        if key and key in first:
            said = message.format(key=key, a=first[key] + 1, b=row + 1)
            _note(notes, first[key], field, said)
            _note(notes, row, field, said)
        first.setdefault(key, row)


def _text(value: object) -> str:
    return "" if value is None else str(value)
