"""Cell editors: an editable combo for kind, scene, product and coupon (offering what OBS and the
catalog have, while letting the producer type something else), a multi-line editor for notes,
and spin boxes for numbers whose range and decimals come from the rules (app/domain/rules.py)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QPlainTextEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.domain.catalog import Catalog
from app.domain.runsheet import KIND_ALIASES, SegmentKind
from app.ui.runsheet_editor.analysis import kind_label

Choice = tuple[str, str]  # (the cell's text, what the list shows)
Index = QModelIndex | QPersistentModelIndex
NOTES_EDITOR_MIN_HEIGHT = 120


def kind_choices() -> list[Choice]:
    return [("", ""), *((kind.value, kind_label(kind)) for kind in SegmentKind)]


def kind_value(text: str) -> str:
    """A kind typed in any alias (讲解, Product) as its canonical value; other text unchanged."""
    kind = KIND_ALIASES.get(text.strip().lower())
    return kind.value if kind else text


def scene_choices(scenes: tuple[str, ...]) -> list[Choice]:
    return [("", ""), *((scene, scene) for scene in scenes)]


def product_choices(catalog: Catalog) -> list[Choice]:
    items = [(p.sku, f"{p.sku} · {p.name}" if p.name else p.sku) for p in catalog.products]
    return [("", ""), *items]


def coupon_choices(catalog: Catalog) -> list[Choice]:
    items = [(c.code, f"{c.code} · {c.title}" if c.title else c.code) for c in catalog.coupons]
    return [("", ""), *items]


class ChoiceDelegate(QStyledItemDelegate):
    """An editable combo filled afresh each time it opens: picking an entry stores its value
    (a SKU, not "SKU · name"); typed text is stored as typed, to be checked like any other."""

    def __init__(
        self,
        choices: Callable[[], list[Choice]],
        parent: QWidget | None = None,
        *,
        normalise: Callable[[str], str] = str,
    ) -> None:
        super().__init__(parent)
        self._choices, self._normalise = choices, normalise

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMaxVisibleItems(20)
        for value, label in self._choices():
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if not isinstance(editor, QComboBox):
            return
        raw = str(index.data(Qt.ItemDataRole.EditRole) or "")
        found = editor.findData(self._normalise(raw))
        if found >= 0 and raw:
            editor.setCurrentIndex(found)
        else:
            editor.setCurrentIndex(-1)
            editor.setEditText(raw)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if not isinstance(editor, QComboBox):
            return
        text = editor.currentText().strip()
        found = editor.findText(text, Qt.MatchFlag.MatchExactly)
        value = editor.itemData(found) if found >= 0 else text
        model.setData(index, value, Qt.ItemDataRole.EditRole)


class NotesDelegate(QStyledItemDelegate):
    """Talking points, one per line: Enter starts a new line, Tab or a click elsewhere commits."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setPlaceholderText(self.tr("One talking point per line"))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = QRect(option.rect)  # type: ignore[attr-defined]
        rect.setHeight(max(rect.height(), NOTES_EDITOR_MIN_HEIGHT))
        rect.setWidth(max(rect.width(), 240))
        editor.setGeometry(rect)


class NumberDelegate(QStyledItemDelegate):
    """A spin box from `low` to `high` with `decimals` places (0: whole numbers), one step below
    `low` standing for an empty cell (not given). The cell keeps text: `parse` reads it (a cell
    it cannot read opens empty); what the spin box holds is written back plainly (39.90, 500)."""

    def __init__(
        self,
        low: float,
        high: float,
        decimals: int,
        parse: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.low, self.high, self.decimals, self._parse = low, high, decimals, parse

    def step(self) -> float:
        return 10.0**-self.decimals

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spin: QAbstractSpinBox
        if self.decimals:
            spin = QDoubleSpinBox(parent)
            spin.setDecimals(self.decimals)
            spin.setRange(self.low - self.step(), self.high)
        else:
            spin = QSpinBox(parent)
            spin.setRange(int(self.low) - 1, int(self.high))
        spin.setSpecialValueText(" ")  # the value below `low`: an empty cell
        spin.setAccelerated(True)
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if not isinstance(editor, QSpinBox | QDoubleSpinBox):
            return
        try:
            value = self._parse(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        except ValueError:
            value = None
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value) if isinstance(value, int | float) else editor.minimum())
        else:
            number = float(value) if isinstance(value, int | float | Decimal) else None
            editor.setValue(editor.minimum() if number is None else number)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if not isinstance(editor, QSpinBox | QDoubleSpinBox):
            return
        editor.interpretText()
        if editor.value() <= editor.minimum():
            text = ""
        elif isinstance(editor, QDoubleSpinBox):
            text = f"{editor.value():.{self.decimals}f}"
        else:
            text = str(editor.value())
        model.setData(index, text, Qt.ItemDataRole.EditRole)
