"""The products & coupons editor over a Show on FakeObs: cells typed in; errors and compliance
warnings on their cells; Save reaching the show's catalog (and the catalog store)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QSpinBox,
    QStyleOptionViewItem,
    QTableWidget,
)

from app.domain import log_events as kinds
from app.domain import rules
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.compliance import COMPLIANCE_HINT
from app.domain.messages import Message
from app.domain.runsheet_codec import parse_price, sheet_from_dict
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.card_editor import COUPON_FIELDS, PRODUCT_FIELDS, CardEditor
from app.ui.main_window import MainWindow
from app.ui.message_texts import TEXTS
from app.ui.runsheet_editor.delegates import NumberDelegate
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog, MemoryLog
from tests.support.show_factory import build_show
from tests.ui.conftest import Until

SAVED = Catalog(
    products=(
        Product("NB-01", "手账本 Notebook", price=Decimal("39.90"), selling_points=("纸张厚",)),
        Product("PEN-02", "钢笔 Pen", price=Decimal("199"), stock=5),
    ),
    coupons=(Coupon("SPRING10", "春季九折", discount="9折", seconds=60),),
)


@pytest.fixture
def store() -> MemoryCatalog:
    return MemoryCatalog(SAVED)


@pytest.fixture
async def show(fake_obs: FakeObs, memory_log: MemoryLog, store: MemoryCatalog) -> Show:
    """Overrides conftest's: products and coupons saved by earlier shows."""
    show = build_show(fake_obs, memory_log, catalog=store)
    await show.obs.resync(await fake_obs.connect())
    return show


@pytest.fixture
def editor(qtbot: Any, show: Show, runner: TaskRunner) -> Iterator[CardEditor]:
    editor = CardEditor(show, runner)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _set(table: QTableWidget, row: int, field: str, text: str) -> None:
    fields = PRODUCT_FIELDS if table.columnCount() == len(PRODUCT_FIELDS) else COUPON_FIELDS
    item = table.item(row, fields.index(field))
    assert item is not None
    item.setText(text)


def _row(table: QTableWidget, key: str) -> int:
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.text() == key:
            return row
    raise AssertionError(f"{key} is not in the table")


def _tooltip(editor: CardEditor, row: int, field: str) -> str:
    item = editor.products_table.item(row, PRODUCT_FIELDS.index(field))
    assert item is not None
    return item.toolTip()


async def test_shows_the_catalog(editor: CardEditor) -> None:
    table = editor.products_table
    assert table.rowCount() == 2
    assert editor.coupons_table.rowCount() == 1
    row = _row(table, "NB-01")
    item = table.item(row, PRODUCT_FIELDS.index("price"))
    assert item is not None
    assert item.text() == "39.90"
    assert not editor.isWindowModified()
    assert editor.save_button.isEnabled()


async def test_edit_a_price_and_save(
    editor: CardEditor, show: Show, store: MemoryCatalog, memory_log: MemoryLog, qtbot: Any,
    until: Until,
) -> None:  # fmt: skip
    _set(editor.products_table, _row(editor.products_table, "NB-01"), "price", "¥49.9")
    assert editor.isWindowModified()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.runner.catalog().product("NB-01").price == Decimal("49.9"))
    assert store.catalog.product("NB-01").price == Decimal("49.9")  # kept for later shows
    entry = memory_log.of_kind(kinds.CATALOG_SAVE)[-1]
    assert entry.data["origin"] == "editor"
    assert "NB-01" in entry.data["products"]
    await until(lambda: not editor.isWindowModified())
    assert show.runner.catalog().product("PEN-02").stock == 5  # the others unchanged


async def test_a_price_that_is_no_number_blocks_saving(
    editor: CardEditor, show: Show, store: MemoryCatalog
) -> None:
    row = _row(editor.products_table, "PEN-02")
    _set(editor.products_table, row, "price", "很便宜")
    assert editor.cell_state(editor.products_table, row, "price") == "error"
    assert "很便宜" in _tooltip(editor, row, "price")
    assert not editor.save_button.isEnabled()
    assert editor.save() is False
    assert not editor.message_bar.isHidden()
    assert "row 2" in editor.message_bar.text()
    assert store.saves == 0
    assert show.runner.catalog().product("PEN-02").price == Decimal("199")
    _set(editor.products_table, row, "price", "188")  # fixed: the mark goes
    assert editor.cell_state(editor.products_table, row, "price") == ""
    assert editor.save_button.isEnabled()


async def test_a_duplicate_sku_blocks_saving(
    editor: CardEditor, show: Show, store: MemoryCatalog, until: Until
) -> None:
    editor.add_product()
    table = editor.products_table
    new = table.rowCount() - 1
    assert editor.cell_state(table, new, "sku") == "error"  # empty SKU
    _set(table, new, "sku", "NB-01")
    _set(table, new, "name", "另一本 Another")
    first = _row(table, "NB-01")
    assert editor.cell_state(table, new, "sku") == "error"
    assert editor.cell_state(table, first, "sku") == "error"
    assert "NB-01" in _tooltip(editor, new, "sku")
    assert "error" in editor.status_label.text()
    assert editor.save() is False
    assert store.saves == 0
    assert show.runner.catalog().product("NB-01").name == "手账本 Notebook"


async def test_a_risky_claim_is_a_warning_that_does_not_block_saving(
    editor: CardEditor, show: Show, until: Until
) -> None:
    table = editor.products_table
    row = _row(table, "NB-01")
    _set(table, row, "selling_points", "全网最低价\n纸张厚")
    assert editor.cell_state(table, row, "selling_points") == "warning"
    tip = _tooltip(editor, row, "selling_points")
    assert "全网最低" in tip
    assert COMPLIANCE_HINT in tip
    assert editor.cell_state(table, row, "name") == ""
    assert "1 compliance warning" in editor.status_label.text()
    assert editor.save_button.isEnabled()
    assert editor.save() is True
    await until(
        lambda: show.runner.catalog().product("NB-01").selling_points == ("全网最低价", "纸张厚")
    )
    assert editor.cell_state(table, _row(table, "NB-01"), "selling_points") == "warning"


async def test_add_a_product_and_a_coupon(
    editor: CardEditor, show: Show, store: MemoryCatalog, until: Until
) -> None:
    editor.add_product()
    table, row = editor.products_table, editor.products_table.rowCount() - 1
    for field, text in (("sku", "CUP-03"), ("name", "马克杯 Mug"), ("price", "59"),
                        ("stock", "20"), ("link", "https://shop.example/cup")):  # fmt: skip
        _set(table, row, field, text)
    editor.add_coupon()
    coupons, crow = editor.coupons_table, editor.coupons_table.rowCount() - 1
    _set(coupons, crow, "code", "FLASH5")
    _set(coupons, crow, "title", "闪购立减")
    _set(coupons, crow, "seconds", "5:00")
    assert editor.save() is True
    await until(lambda: show.runner.catalog().coupon("FLASH5") is not None)
    cup = show.runner.catalog().product("CUP-03")
    assert cup == Product("CUP-03", "马克杯 Mug", Decimal("59"), link="https://shop.example/cup",
                          stock=20)  # fmt: skip
    assert show.runner.catalog().coupon("FLASH5").seconds == 300
    assert store.catalog.coupon("FLASH5") is not None


async def test_a_bad_countdown_length_is_an_error(editor: CardEditor) -> None:
    coupons = editor.coupons_table
    _set(coupons, 0, "seconds", "forever")
    assert editor.cell_state(coupons, 0, "seconds") == "error"
    assert editor.save() is False


async def test_the_image_picker_is_a_non_blocking_dialog(editor: CardEditor) -> None:
    table = editor.products_table
    row = _row(table, "PEN-02")
    table.setCurrentCell(row, 0)
    editor.choose_image()
    dialog = editor.image_dialog
    assert isinstance(dialog, QFileDialog)
    assert dialog.isVisible()
    dialog.fileSelected.emit("/pictures/pen.png")
    dialog.reject()
    item = table.item(row, PRODUCT_FIELDS.index("image"))
    assert item is not None
    assert item.text() == "/pictures/pen.png"
    assert editor.isWindowModified()


async def test_deleting_a_saved_product_says_it_stays(
    editor: CardEditor, show: Show, until: Until
) -> None:
    table = editor.products_table
    table.setCurrentCell(_row(table, "PEN-02"), 0)
    editor.delete_rows(table)
    assert table.rowCount() == 1
    assert editor.save() is True
    await until(lambda: "PEN-02" in editor.message_bar.text())
    assert show.runner.catalog().product("PEN-02") is not None


async def test_the_menu_opens_the_card_editor(window: MainWindow, until: Until) -> None:
    assert "coupons" in window.card_editor_action.text()
    window.card_editor_action.trigger()
    await until(lambda: window.card_editor is not None and window.card_editor.isVisible())
    editor = window.card_editor
    assert editor is not None
    assert editor.products_table.rowCount() == 2
    window.card_editor_action.trigger()  # again: the same window
    assert window.card_editor is editor


# ----- the same rules as the run-sheet codec ----------------------------------------------------
BAD_VALUES = ["1e5000", "NaN", "inf", "-1", "0", "0.001", "1e12", ""]
PRODUCT_CHECKED = ("sku", "price", "original_price", "stock")
COUPON_CHECKED = ("code", "discount", "seconds", "quantity")


def _codec_problem(field: str, value: str) -> str | None:
    """The codec's verdict on `value` in `field` of a product (or coupon) row: its message, or
    None when the row is fine."""
    if field in PRODUCT_CHECKED:
        entry = {"sku": "NB-01", "name": "手账本", field: value}
        document = {"segments": [{"title": "x", "duration": 60}], "products": [entry]}
    else:
        entry = {"code": "SPRING10", "title": "春季九折", field: value}
        document = {"segments": [{"title": "x", "duration": 60}], "coupons": [entry]}
    problems = [p for p in sheet_from_dict(document).problems if p.field == field]
    return problems[0].message if problems else None


@pytest.mark.parametrize("value", BAD_VALUES)
async def test_the_editor_refuses_exactly_what_the_codec_refuses(
    editor: CardEditor, value: str
) -> None:
    products, coupons = editor.products_table, editor.coupons_table
    verdicts = {}
    for table, key, fields in ((products, "NB-01", PRODUCT_CHECKED),
                               (coupons, "SPRING10", COUPON_CHECKED)):  # fmt: skip
        for field in fields:
            editor.revert()
            row = _row(table, key)
            _set(table, row, field, value)
            refused = editor.cell_state(table, row, field) == "error"
            codec = _codec_problem(field, value)
            assert refused == (codec is not None), (field, value, codec)
            if codec is not None and not (value == "" and field in ("sku", "code")):
                item = table.item(row, (PRODUCT_FIELDS if table is products else COUPON_FIELDS)
                                  .index(field))  # fmt: skip
                assert item is not None
                assert codec in item.toolTip()
            verdicts[field] = refused
    if value:  # every one of them is a bad price, stock, countdown length or quantity
        assert all(verdicts[f] for f in ("price", "original_price", "seconds"))
        assert verdicts["stock"] == verdicts["quantity"] == (value not in ("0",))
    else:  # empty: a required key is missing; an optional number is not given
        assert verdicts == {"sku": True, "price": False, "original_price": False,
                            "stock": False, "code": True, "discount": False, "seconds": False,
                            "quantity": False}  # fmt: skip
    assert editor.save() is (not verdicts["quantity"])  # the table holds the last one typed
    assert not editor.isHidden()


async def test_the_number_editors_span_the_rules(editor: CardEditor) -> None:
    """The price, stock and quantity cells edit with spin boxes whose ranges and decimals are
    the rules' constants: the largest a spin box can hold is a price the codec accepts."""
    table = editor.products_table
    row = _row(table, "NB-01")
    column = PRODUCT_FIELDS.index("price")
    delegate = table.itemDelegateForColumn(column)
    assert isinstance(delegate, NumberDelegate)
    index = table.model().index(row, column)
    spin = delegate.createEditor(table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(spin, QDoubleSpinBox)
    assert spin.decimals() == rules.PRICE_PLACES
    assert spin.maximum() == float(rules.MAX_PRICE)
    assert spin.minimum() == pytest.approx(float(rules.MIN_PRICE) - 0.01)  # below: no price
    delegate.setEditorData(spin, index)
    assert spin.value() == pytest.approx(39.90)
    spin.setValue(1e12)
    delegate.setModelData(spin, table.model(), index)
    assert table.item(row, column).text() == "10000000.00"
    assert editor.cell_state(table, row, "price") == ""
    assert parse_price(table.item(row, column).text()) == rules.MAX_PRICE
    spin.setValue(spin.minimum())
    delegate.setModelData(spin, table.model(), index)
    assert table.item(row, column).text() == ""
    for table, field in ((editor.products_table, "stock"), (editor.coupons_table, "quantity")):
        fields = PRODUCT_FIELDS if table is editor.products_table else COUPON_FIELDS
        counts = table.itemDelegateForColumn(fields.index(field))
        assert isinstance(counts, NumberDelegate)
        box = counts.createEditor(
            table.viewport(), QStyleOptionViewItem(), table.model().index(0, fields.index(field))
        )
        assert isinstance(box, QSpinBox)
        assert (box.minimum(), box.maximum()) == (-1, rules.MAX_COUNT)  # -1: not given
        box.deleteLater()
    spin.deleteLater()


def test_the_rules_messages_have_window_texts() -> None:
    """The rules' messages carry a code the window has a text for, so they can be translated."""
    messages = [
        _codec_problem(field, value)
        for value in BAD_VALUES
        for field in (*PRODUCT_CHECKED, *COUPON_CHECKED)
    ]
    messages += [rules.code_problem("A B"), rules.sku_problem("A\nB"),
                 rules.discount_problem("减" * 99),
                 rules.extension_problem(86_400, 30)]  # fmt: skip
    found = [m for m in messages if m]
    assert len(found) > 20
    assert [m for m in found if not (isinstance(m, Message) and m.code in TEXTS)] == []


def test_the_status_line_counts_in_english_singular_and_plural(editor: CardEditor) -> None:
    """ "2 products · 1 coupon", never "1 coupons"; each count with its own plural."""
    editor.check()
    assert editor.status_label.text() == "2 products · 1 coupon"
    table = editor.products_table
    _set(table, _row(table, "NB-01"), "selling_points", "全网最低价")
    _set(table, _row(table, "PEN-02"), "price", "很便宜")
    assert editor.status_label.text() == (
        "2 products · 1 coupon · 1 error to fix before saving · 1 compliance warning"
    )
    _set(table, _row(table, "PEN-02"), "selling_points", "最便宜")
    assert editor.status_label.text().endswith(" · 2 compliance warnings")
    assert editor.save() is False
    assert editor.message_bar.text().startswith("Fix the 1 error before saving")
