"""The review window on a recorded show in a real session log: the charts, the per-segment table,
question statistics, products, markers and coupons; importing an order export (GBK) puts sales
beside the segments; exports with and without viewer aliases."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from matplotlib.patches import Rectangle
from PySide6.QtCore import Qt

from app.adapters.report.charts import styled_review_figures
from app.domain.messages import Message
from app.domain.orders import OrderImport, OrderProblem, OrderTable, read_table
from app.runtime.tasks import TaskRunner
from app.services import archive as archive_module
from app.services.archive import Archive
from app.ui.i18n import install_translations, remove_translations
from app.ui.review import ReviewWindow
from app.ui.review.review_tables import OVER, UNDER
from tests.support.i18n import ZH_TS, build_qm
from tests.support.recorded_show import TITLE, Recorded, orders_csv
from tests.ui.conftest import Until


@pytest.fixture
async def window(
    qtbot: Any, archive: Archive, runner: TaskRunner, recorded: Recorded, until: Until
) -> ReviewWindow:
    window = ReviewWindow(archive, runner, styled_review_figures, recorded.show)
    qtbot.addWidget(window)
    window.present()
    assert not window.export_button.isEnabled()  # nothing to export before it is loaded
    window.reload()
    await until(lambda: window.data is not None and window.busy.isHidden())
    return window


@pytest.fixture
def zh_cn(tmp_path: Path) -> Iterator[None]:
    install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path / "qm").parent)
    yield
    remove_translations()


def headers(window: ReviewWindow) -> list[str]:
    table = window.segments_table
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def column(window: ReviewWindow, title: str) -> list[str]:
    c = headers(window).index(title)
    table = window.segments_table
    return [table.item(r, c).text() for r in range(table.rowCount())]


def cells(table: Any) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]  # fmt: skip


async def test_the_segment_table(window: ReviewWindow) -> None:
    assert TITLE in window.windowTitle()
    assert window.title_label.text() == TITLE
    assert column(window, "Segment") == ["开场", "商品讲解", "答疑"]
    assert column(window, "Planned") == ["2:00", "10:00", "5:00"]
    assert column(window, "Actual") == ["2:30", "9:10", "8:20"]
    assert column(window, "Over/under") == ["+0:30", "−0:50", "+3:20"]
    assert column(window, "Comments") == ["2", "10", "7"]
    assert column(window, "Questions") == ["1", "3", "3"]
    assert column(window, "Purchase intent") == ["1", "2", "2"]
    assert column(window, "Talking points") == ["1/2 (50%)", "2/3 (67%)", "—"]
    assert column(window, "Top questions") == ["", "多少钱 ×3", "包邮吗 ×2 · 怎么用"]
    assert "Sales" not in headers(window)
    over_under = [window.segments_table.item(r, 4).foreground().color() for r in range(3)]
    assert over_under == [OVER, UNDER, OVER]
    assert window.export_button.isEnabled()
    assert window.import_button.isEnabled()


async def test_the_charts_are_the_reports_with_data(window: ReviewWindow) -> None:
    charts = window.charts.charts
    assert charts is not None
    assert len(charts.figures) == 3
    plan, activity, ring = charts.figures
    bars = [p for p in plan.axes[0].patches if isinstance(p, Rectangle)]
    assert sorted(round(b.get_width(), 2) for b in bars) == sorted(
        [2.0, 10.0, 5.0, 2.5, 9.17, 8.33])  # planned and actual minutes  # fmt: skip
    per_minute = [p.get_height() for p in activity.axes[0].patches if isinstance(p, Rectangle)]
    assert sum(per_minute) >= 19 + 7  # every comment and every question is in a bar
    assert "answered" in ring.axes[0].get_title()
    assert len(window.charts.views) == 3  # each drawn to a picture, shown on the tab
    for view, image in zip(window.charts.views, charts.images, strict=True):
        assert not image.isNull()
        assert view.pixmap().width() > 0
        assert view.isVisibleTo(window)
    assert window.charts.no_data_label.isHidden()


async def test_questions_products_markers_coupons(window: ReviewWindow) -> None:
    form = window.question_form
    shown = {form.itemAt(r, form.ItemRole.LabelRole).widget().text():
             form.itemAt(r, form.ItemRole.FieldRole).widget().text()
             for r in range(form.rowCount())}  # fmt: skip
    assert shown["Questions"] == "3"
    assert shown["Answered"] == "1 (33%)"
    assert shown["Median time to answer"] == "0:40"
    assert shown["Not answered"] == "2"
    assert shown["Talking points covered"] == "3/5 (60%)"
    assert cells(window.unanswered_table) == [["3:20", "3", "open", "多少钱"],
                                              ["13:20", "2", "claimed", "包邮吗"]]  # fmt: skip
    assert cells(window.products_table) == [["SKU-1", "保温杯", "9:00", "1"],
                                            ["SKU-2", "电饭煲", "8:00", "1"]]  # fmt: skip
    # the marker's time from the start, as every other table (not 2024-11-11T12:06:40+00:00)
    assert cells(window.markers_table) == [["6:40", "6:45", "上链接"]]
    assert cells(window.coupons_table) == [["FLASH50", "5:00", "6:00", "1:00"]]


async def test_the_order_file_is_parsed_off_the_ui_thread(
    window: ReviewWindow, tmp_path: Path, until: Until, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A season's export (a million rows, 96 MB) took 4 s to parse: on the UI thread the window
    froze, busy bar and all."""
    parsed_on: list[threading.Thread] = []
    go = threading.Event()

    def held(text: str) -> OrderTable:
        parsed_on.append(threading.current_thread())
        if threading.current_thread() is not threading.main_thread():
            go.wait(20)
        return read_table(text)

    monkeypatch.setattr(archive_module, "read_table", held)
    path = tmp_path / "orders.csv"
    path.write_text(orders_csv(), encoding="utf-8")
    window.import_orders_from(str(path))
    try:
        await until(lambda: bool(parsed_on))
        assert parsed_on[0] is not threading.main_thread()
        assert window.busy.isVisible()
        assert window.busy.label.text() == "Reading orders.csv…"
        assert window.orders_dialog is None
    finally:
        go.set()
    await until(lambda: window.orders_dialog is not None and window.busy.isHidden())
    assert window.orders_dialog.preview.rowCount() == 6


async def test_the_import_problems_are_in_the_window_s_language(
    window: ReviewWindow, tmp_path: Path, until: Until, zh_cn: None
) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(orders_csv(), encoding="utf-8")
    window.import_orders_from(str(path))
    await until(lambda: window.orders_dialog is not None)
    dialog = window.orders_dialog
    assert dialog is not None
    price = Message("rules.not_a_number", field=Message("field.price"), value="免费")
    dialog._list_problems(OrderImport(problems=[OrderProblem(4, price)]))  # a domain Message
    assert (
        dialog.problem_list.item(0).text()
        == "第 4 行：价格必须是数字，例如 199 或 39.90，而不是 免费"
    )
    dialog._list_problems(OrderImport(problems=[OrderProblem(5, "plain words")]))  # as it is
    assert dialog.problem_list.item(0).text() == "第 5 行：plain words"


async def test_the_question_states_are_in_the_window_s_language(
    window: ReviewWindow, zh_cn: None
) -> None:
    assert window.data is not None
    window.show_review(window.data)  # the table again, in Chinese
    states = [window.unanswered_table.item(r, 2).text() for r in range(2)]
    assert states == ["待处理", "已认领"]  # the question queue's words, not open / claimed


async def test_import_orders_puts_sales_beside_the_segments(
    window: ReviewWindow, tmp_path: Path, until: Until
) -> None:
    path = tmp_path / "抖店订单.csv"
    path.write_bytes(orders_csv().encode("gbk"))
    window.import_orders_from(str(path))
    await until(lambda: window.orders_dialog is not None)
    dialog = window.orders_dialog
    assert dialog is not None
    chosen = {field: combo.currentData() for field, combo in dialog.combos.items()}
    assert chosen == {
        "time": "支付时间", "amount": "实付款", "sku": "商家编码", "product": "商品名称",
        "quantity": "商品数量", "order_no": "订单编号", "status": None,
    }  # fmt: skip
    assert dialog.preview.rowCount() == 6
    assert dialog.preview.item(0, 1).text() == "保温杯"
    previewed = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
    assert [p.split(":")[0] for p in previewed] == ["Line 6", "Line 7"]
    dialog.import_button.click()
    await until(lambda: dialog.imported_orders is not None)
    await until(lambda: "Sales" in headers(window))
    assert column(window, "Orders") == ["0", "2", "1"]
    assert column(window, "Quantity") == ["0", "3", "1"]
    assert column(window, "Sales") == ["0.00", "297.00", "1,299.00"]
    listed = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
    assert listed[0].startswith("Line 6:")
    assert "昨天晚上" in listed[0]
    assert listed[1].startswith("Line 7:")
    assert "免费" in listed[1]
    assert "Imported 4 orders" in dialog.summary_label.text()
    assert cells(window.products_table)[0][4:] == ["2", "3", "297.00"]  # A004: before the show
    form = window.question_form
    shown = {form.itemAt(r, form.ItemRole.LabelRole).widget().text():
             form.itemAt(r, form.ItemRole.FieldRole).widget().text()
             for r in range(form.rowCount())}  # fmt: skip
    assert shown["Outside the show"] == "1 order, not counted"  # A004, paid before the start


async def test_a_mapping_without_time_cannot_import(
    window: ReviewWindow, tmp_path: Path, until: Until
) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("when,paid\n2024-11-11 20:00,9\n", encoding="utf-8")
    window.import_orders_from(str(path))
    await until(lambda: window.orders_dialog is not None)
    dialog = window.orders_dialog
    assert dialog is not None
    assert dialog.combos["time"].currentData() is None
    assert not dialog.import_button.isEnabled()
    dialog.combos["time"].setCurrentIndex(dialog.combos["time"].findData("when"))
    dialog.combos["amount"].setCurrentIndex(dialog.combos["amount"].findData("paid"))
    assert dialog.import_button.isEnabled()
    assert dialog.problem_list.count() == 0


async def test_an_unreadable_order_file_says_why(
    window: ReviewWindow, tmp_path: Path, until: Until
) -> None:
    path = tmp_path / "orders.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(64))
    window.import_orders_from(str(path))
    await until(lambda: window.message_bar.isVisible())
    assert "Excel workbook" in window.message_bar.text()
    assert window.orders_dialog is None


async def test_export_through_the_dialog_with_aliases(
    window: ReviewWindow, tmp_path: Path, until: Until
) -> None:
    window.folder = str(tmp_path)
    window.choose_export()
    dialog = window.export_dialog
    assert dialog is not None
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("json"))
    dialog.pseudonymise_box.setChecked(True)
    dialog.save_button.click()
    files = dialog.file_dialog
    assert files is not None
    assert files.defaultSuffix() == "json"
    assert files.selectedFiles()[0].endswith("晚场直播 双十一.json")
    target = tmp_path / "review.json"
    files.fileSelected.emit(str(target))
    await until(target.exists)
    await until(lambda: "Saved review.json" in window.status_label.text())
    text = target.read_text(encoding="utf-8")
    assert "小明" not in text
    assert json.loads(text)["session"]["title"] == TITLE


async def test_html_and_chapters_exports(
    window: ReviewWindow, tmp_path: Path, until: Until
) -> None:
    html = tmp_path / "review.html"
    window.export_to(str(html), "html")
    await until(html.exists, timeout=60)  # matplotlib renders three PNGs
    assert html.read_text(encoding="utf-8").count("data:image/png;base64,") == 3
    chapters = tmp_path / "chapters.txt"
    window.export_to(str(chapters), "chapters")
    await until(chapters.exists)
    assert chapters.read_text(encoding="utf-8").splitlines()[0] == "0:00 开场"


async def test_keys_of_the_window(qtbot: Any, window: ReviewWindow) -> None:
    assert "Ctrl+S" in window.export_button.toolTip()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.export_dialog is not None
    assert window.export_dialog.isVisible()
