"""The overlay panel over a Show on FakeObs: clicks and keys in; the overlays' state and the
session log out; the preview follows the overlays however they were changed."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QCheckBox, QTreeWidget

from app.domain import log_events as kinds
from app.domain import rules
from app.domain.audience import IncomingComment, Kind
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.overlay_view import FeaturedComment
from app.domain.runsheet import RunSheet, Segment
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.main_window import MainWindow
from app.ui.overlay_panel import OverlayPanel
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.ui.conftest import Until


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


CATALOG = Catalog(
    products=(
        Product("NB-01", "手账本 Notebook", price=Decimal("39.90"), stock=12),
        Product("PEN-02", "钢笔 Pen", price=Decimal("199")),
    ),
    coupons=(Coupon("SPRING10", "春季九折", discount="9折", seconds=60),),
)


@pytest.fixture
async def show(fake_obs: FakeObs, memory_log: MemoryLog) -> Show:
    """Overrides conftest's: a hand-held clock (countdowns stand still) and a sheet with a
    catalog loaded."""
    show = build_show(fake_obs, memory_log, monotonic=FakeClock())
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(RunSheet(segments=(Segment("开场", 60),), catalog=CATALOG))
    return show


def _row(tree: QTreeWidget, key: str) -> int:
    for row in range(tree.topLevelItemCount()):
        if tree.topLevelItem(row).data(0, Qt.ItemDataRole.UserRole) == key:
            return row
    raise AssertionError(f"{key} is not listed")


def _click(qtbot: Any, tree: QTreeWidget, key: str) -> None:
    rect = tree.visualItemRect(tree.topLevelItem(_row(tree, key)))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _select(tree: QTreeWidget, key: str) -> None:
    tree.setCurrentItem(tree.topLevelItem(_row(tree, key)))


async def _activate(window: MainWindow, until: Until) -> None:
    window.activateWindow()
    await until(window.isActiveWindow)


async def test_lists_the_catalog(window: MainWindow) -> None:
    products = window.overlay_panel.product_list
    assert products.topLevelItemCount() == 2
    row = products.topLevelItem(_row(products, "NB-01"))
    assert [row.text(c) for c in (1, 2, 3)] == ["手账本 Notebook", "¥39.90", "12"]
    assert window.overlay_panel.coupon_list.topLevelItem(0).text(1) == "SPRING10"
    assert window.overlay_panel.coupon_list.topLevelItem(0).text(3) == "01:00"


async def test_a_long_coupon_is_listed_as_its_countdown_shows_it(
    window: MainWindow, show: Show, until: Until
) -> None:
    long = (Coupon("ALLNIGHT", "通宵券", seconds=2 * 3600), Coupon("DAY", "全天", seconds=86400))
    await show.runner.load(RunSheet(segments=(Segment("开场", 60),),
                                    catalog=Catalog(coupons=long)))  # fmt: skip
    coupons = window.overlay_panel.coupon_list
    await until(lambda: coupons.topLevelItemCount() == 3)  # with the catalog's SPRING10
    shown = [coupons.topLevelItem(_row(coupons, code)).text(3) for code in ("ALLNIGHT", "DAY")]
    assert shown == ["2:00:00", "24:00:00"]


async def test_click_shows_the_product_and_again_hides_it(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.overlay_panel
    assert panel.marked_product() is None
    _click(qtbot, panel.product_list, "NB-01")
    await until(lambda: show.overlays.product == "NB-01")
    entry = memory_log.of_kind(kinds.PRODUCT_SHOW)[-1]
    assert entry.data["sku"] == "NB-01"
    assert entry.data["origin"] == "console"
    await until(lambda: panel.marked_product() == "NB-01")
    assert "手账本" in panel.preview_product.text()
    assert "¥39.90" in panel.preview_product.text()

    _click(qtbot, panel.product_list, "PEN-02")  # another product replaces it
    await until(lambda: panel.marked_product() == "PEN-02")
    assert show.overlays.product == "PEN-02"

    _click(qtbot, panel.product_list, "PEN-02")  # the one on screen: hide it
    await until(lambda: show.overlays.product is None)
    assert memory_log.of_kind(kinds.PRODUCT_HIDE)[-1].data["sku"] == "PEN-02"
    await until(lambda: panel.marked_product() is None)


async def test_enter_shows_the_selected_product(
    window: MainWindow, show: Show, qtbot: Any, until: Until
) -> None:
    tree = window.overlay_panel.product_list
    await _activate(window, until)
    tree.setFocus()
    await until(tree.hasFocus)
    _select(tree, "PEN-02")
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    await until(lambda: show.overlays.product == "PEN-02")


async def test_ctrl_p_shows_and_hides_the_selected_product(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.overlay_panel
    assert "Ctrl+P" in panel.product_list.toolTip()
    _select(panel.product_list, "NB-01")
    await _activate(window, until)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: show.overlays.product == "NB-01")
    await until(lambda: panel.marked_product() == "NB-01")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: show.overlays.product is None)
    assert len(memory_log.of_kind(kinds.PRODUCT_HIDE)) == 1


async def test_keys_do_nothing_while_the_panel_is_hidden(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    _select(window.overlay_panel.product_list, "NB-01")
    window.overlay_dock.close()
    await _activate(window, until)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    await asyncio.sleep(0.1)  # deliberate: time for a key the panel must not take
    assert show.overlays.product is None
    assert not memory_log.of_kind(kinds.PRODUCT_SHOW)


async def test_coupon_start_extend_stop(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.overlay_panel
    assert not panel.stop_coupon_button.isEnabled()
    assert not panel.extend_button.isEnabled()
    _select(panel.coupon_list, "SPRING10")
    await until(panel.start_coupon_button.isEnabled)
    qtbot.mouseClick(panel.start_coupon_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.overlays.coupon_code == "SPRING10")
    assert show.overlays.coupon_remaining() == 60
    assert memory_log.of_kind(kinds.COUPON_START)[-1].data["seconds"] == 60
    await until(lambda: "01:00" in panel.preview_coupon.text())
    assert "春季九折" in panel.preview_coupon.text()

    await until(panel.extend_button.isEnabled)
    qtbot.mouseClick(panel.extend_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.overlays.coupon_remaining() == 90)
    assert memory_log.of_kind(kinds.COUPON_EXTEND)[-1].data["seconds"] == 30
    await until(lambda: "01:30" in panel.preview_coupon.text())

    qtbot.mouseClick(panel.stop_coupon_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.overlays.countdown is None)
    assert memory_log.of_kind(kinds.COUPON_END)[-1].data["reason"] == "stopped"
    await until(lambda: not panel.stop_coupon_button.isEnabled())


async def test_seconds_override_and_coupon_keys(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.overlay_panel
    assert "Ctrl+K" in panel.start_coupon_button.toolTip()
    assert "Ctrl+E" in panel.extend_button.toolTip()
    panel.seconds_spin.setValue(120)
    _select(panel.coupon_list, "SPRING10")
    await _activate(window, until)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: show.overlays.coupon_remaining() == 120)
    await until(panel.extend_button.isEnabled)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: show.overlays.coupon_remaining() == 150)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # again: stop
    await until(lambda: show.overlays.countdown is None)
    assert [e.data["origin"] for e in memory_log.of_kind(kinds.COUPON_END)] == ["console"]


async def test_featured_comment_is_shown_as_text_not_markup(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.overlay_panel
    text = "<b>x</b> 什么时候发货？"
    panel.viewer_edit.setText("<i>阿明</i>")
    panel.comment_edit.setText(text)
    panel.platform_combo.setCurrentIndex(panel.platform_combo.findData("bilibili"))
    qtbot.mouseClick(panel.feature_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.overlays.featured is not None)
    assert show.overlays.featured == FeaturedComment("<i>阿明</i>", text, "bilibili")
    assert memory_log.of_kind(kinds.FEATURED_SHOW)[-1].data["text"] == text
    label = panel.preview_featured
    await until(lambda: "<b>x</b>" in label.text())
    assert "<i>阿明</i>" in label.text()
    assert "bilibili" in label.text()
    assert label.textFormat() == Qt.TextFormat.PlainText

    await until(panel.clear_featured_button.isEnabled)
    assert "Ctrl+Shift+F" in panel.clear_featured_button.toolTip()
    qtbot.mouseClick(panel.clear_featured_button, Qt.MouseButton.LeftButton)
    await until(lambda: show.overlays.featured is None)
    assert memory_log.of_kind(kinds.FEATURED_HIDE)
    await until(lambda: "<b>x</b>" not in label.text())


async def test_ctrl_shift_f_clears_the_featured_comment(
    window: MainWindow, show: Show, qtbot: Any, until: Until
) -> None:
    show.overlays.feature(FeaturedComment("观众", "好看"), origin="api")
    await _activate(window, until)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_F, ctrl_shift)
    await until(lambda: show.overlays.featured is None)


async def test_an_empty_comment_is_refused_in_the_message_bar(
    window: MainWindow, show: Show, qtbot: Any, until: Until
) -> None:
    qtbot.mouseClick(window.overlay_panel.feature_button, Qt.MouseButton.LeftButton)
    await until(lambda: not window.message_bar.isHidden())
    assert "text" in window.message_bar.text()
    assert show.overlays.featured is None


async def test_the_panel_follows_api_calls(window: MainWindow, show: Show, until: Until) -> None:
    panel = window.overlay_panel
    show.overlays.show_product("NB-01", origin="api")
    await until(lambda: panel.marked_product() == "NB-01")
    show.overlays.show_product("PEN-02", origin="api")
    await until(lambda: panel.marked_product() == "PEN-02")
    assert "钢笔" in panel.preview_product.text()
    show.overlays.start_coupon("SPRING10", origin="api")
    await until(lambda: "01:00" in panel.preview_coupon.text())
    await until(panel.stop_coupon_button.isEnabled)
    show.overlays.hide_product(origin="api")
    await until(lambda: panel.marked_product() is None)


async def test_catalog_changes_reach_the_lists(
    window: MainWindow, show: Show, until: Until
) -> None:
    tree = window.overlay_panel.product_list
    await show.runner.save_catalog(Catalog(products=(Product("CUP-03", "马克杯 Mug"),)))
    await until(lambda: tree.topLevelItemCount() == 3)
    assert tree.topLevelItem(_row(tree, "CUP-03")).text(2) == "—"  # no price yet


async def test_the_injected_renderer_draws_the_preview(
    qtbot: Any, show: Show, runner: TaskRunner, until: Until
) -> None:
    views: list[dict[str, Any]] = []

    def render(view: dict[str, Any]) -> QImage | None:
        views.append(view)
        if view["product"] is None:
            return None  # nothing drawn: the text summary stands in
        image = QImage(320, 180, QImage.Format.Format_ARGB32)
        image.fill(QColor("#336699"))
        return image

    panel = OverlayPanel(show, runner, render)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.preview_stack.currentIndex() == 0
    show.overlays.show_product("NB-01", origin="api")
    await until(lambda: panel.preview_stack.currentIndex() == 1)
    assert views[-1]["product"]["sku"] == "NB-01"
    assert not panel.preview_image.pixmap().isNull()
    show.overlays.hide_product(origin="api")
    await until(lambda: panel.preview_stack.currentIndex() == 0)


async def test_the_window_is_usable_at_1280_by_800(window: MainWindow, until: Until) -> None:
    window.resize(1280, 800)
    await until(lambda: window.size() == QSize(1280, 800))
    await asyncio.sleep(0.05)  # deliberate: a few frames of layout
    assert window.size() == QSize(1280, 800)  # no panel forces it larger
    panel = window.overlay_panel
    assert panel.isVisible()
    assert window.cue_panel.isVisible()
    assert panel.product_list.viewport().height() >= 40
    assert window.program_view.height() >= 150
    assert window.cue_panel.go_button.isVisible()


async def test_the_seconds_spin_box_spans_the_rules(
    window: MainWindow, show: Show, until: Until
) -> None:
    """Its range is the rules' countdown lengths (the one below: the coupon's own time), so the
    panel can ask for the longest countdown and nothing the service refuses."""
    spin = window.overlay_panel.seconds_spin
    assert (spin.minimum(), spin.maximum()) == (rules.MIN_COUPON_S - 1, rules.MAX_COUPON_S)
    spin.setValue(rules.MAX_COUPON_S + 100)  # clamped by the spin box
    assert spin.value() == rules.MAX_COUPON_S
    _select(window.overlay_panel.coupon_list, "SPRING10")
    window.overlay_panel.start_selected_coupon()
    await until(lambda: show.overlays.coupon_remaining() == rules.MAX_COUPON_S)
    assert window.message_bar.isHidden()


def test_cards_draw_the_largest_values_the_rules_allow(qtbot: Any) -> None:
    """The native renderer never raises on what the rules allow, nor on a price they refuse
    (a card then shows no price)."""
    from app.adapters.render.cards import QtCardRenderer
    from app.domain.overlay_view import coupon_card, product_card

    renderer = QtCardRenderer()
    widest = Coupon("新" * rules.MAX_CODE_CHARS, "标题", "减" * rules.MAX_DISCOUNT_CHARS,
                    rules.MAX_COUPON_S, rules.MAX_COUNT)  # fmt: skip
    card = coupon_card(widest, rules.MAX_COUPON_S, rules.MAX_COUPON_S, False)
    assert card["clock"] == "24:00:00"
    assert renderer.render("coupon", card, 600, 300).startswith(b"\x89PNG")
    dearest = Product("S" * rules.MAX_SKU_CHARS, "名", rules.MAX_PRICE, rules.MAX_PRICE,
                      stock=rules.MAX_COUNT)  # fmt: skip
    assert product_card(dearest)["price"] == "¥10000000"
    assert renderer.render("product", product_card(dearest), 800, 400).startswith(b"\x89PNG")
    absurd = product_card(Product("S", "名", Decimal("1e5000")))
    assert absurd["price"] is None
    assert renderer.render("product", absurd, 800, 400).startswith(b"\x89PNG")


def _box(check: QCheckBox) -> QPoint:
    """Where the check box's box is (a click beyond its text does nothing)."""
    return QPoint(8, check.height() // 2)


async def test_the_thanks_check_box_turns_the_thanks_overlay_on_and_off(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.overlay_panel
    check = panel.thanks_check
    assert not check.isChecked()  # off by default
    assert show.overlays.thanks_on is False
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=_box(check))
    await until(lambda: show.overlays.thanks_on)
    assert memory_log.of_kind(kinds.THANKS_OVERLAY_SHOW)[-1].data["origin"] == "console"
    assert show.audience is not None
    show.audience.ingest([IncomingComment("bilibili", "<b>小红</b>", "", kind=Kind.GIFT,
                                          gift="小心心", count=30)])  # fmt: skip
    await until(lambda: "送出 小心心 ×30" in panel.preview_thanks.text())
    assert "<b>小红</b>" in panel.preview_thanks.text()  # a plain-text label: shown as typed
    show.overlays.hide_thanks(origin="api")  # turned off elsewhere: the box follows
    await until(lambda: not check.isChecked())
    assert memory_log.of_kind(kinds.THANKS_OVERLAY_HIDE)[-1].data["origin"] == "api"
    show.overlays.show_thanks(origin="api")
    await until(check.isChecked)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=_box(check))
    await until(lambda: not show.overlays.thanks_on)
