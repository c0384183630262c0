"""The show's sales in the review: an order of several lines is one order, the orders outside the
show's time (a whole day's export) are left out of the totals, the segments and the products and
counted apart, and the html / pdf summary says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.adapters.report.data import load_review, question_lines
from app.domain.orders import OrderColumns
from app.services.review import build_report
from app.services.review_detail import GRACE_S, Sales, sales_by_product
from tests.support.recorded_show import T0, OnAir, local, open_archive, record_show

SESSION = {"id": 1, "title": "t", "started_at": T0, "ended_at": T0 + 1000}
EVENTS = [
    {"t": T0, "kind": "segment.start", "data": {"index": 0, "title": "讲解", "planned_s": 500}},
    {"t": T0 + 10, "kind": "overlay.product.show", "data": {"sku": "A", "name": "杯"}},
    {"t": T0 + 500, "kind": "segment.end", "data": {"index": 0}},
    {"t": T0 + 500, "kind": "segment.start",
     "data": {"index": 1, "title": "答疑", "planned_s": 500}},
    {"t": T0 + 510, "kind": "overlay.product.show", "data": {"sku": "B", "name": "锅"}},
    {"t": T0 + 1000, "kind": "session.end", "data": {}},
]  # fmt: skip


def line(
    t: float, amount: float, sku: str, order_no: str | None = None, quantity: int = 1
) -> dict[str, Any]:
    """An imported line (as the store gives it back) `t` seconds after the show's start."""
    return {"t": T0 + t, "amount": amount, "quantity": quantity, "sku": sku, "product": None,
            "order_no": order_no}  # fmt: skip


def test_the_lines_of_one_order_number_are_one_order() -> None:
    lines = [line(100, 99, "A", "O1"), line(100, 99, "A", "O1", quantity=2),
             line(101, 20, "B", "O1"), line(200, 5, "A"), line(200, 5, "A"),
             line(300, 9, "B", "O2")]  # fmt: skip
    sales = Sales(lines)
    assert sales.between(None, None) == {"orders": 4, "quantity": 7, "amount": 237.0}
    assert sales.between(T0 + 150, None) == {"orders": 3, "quantity": 3, "amount": 19.0}
    products = [{"sku": "A", "name": "杯"}, {"sku": "B", "name": "锅"}]
    sales_by_product(products, lines)
    assert [(p["orders"], p["quantity"], p["amount"]) for p in products] == [
        (3, 5, 208.0), (2, 2, 29.0)]  # fmt: skip


def test_the_show_s_sales_are_the_orders_in_its_time() -> None:
    orders = [
        line(-600, 1000, "A", "MORNING"),  # before the start
        line(100, 99, "A", "IN1"), line(100, 99, "A", "IN1"),  # two items of one order
        line(600, 1299, "B", "IN2"),
        line(1000 + GRACE_S - 60, 50, "B", "PAID-LATE"),  # paid just after the show
        line(1000 + GRACE_S + 60, 1299, "B", "EVENING"), line(30_000, 1299, "B", "NEXT"),
    ]  # fmt: skip
    report = build_report(SESSION, EVENTS, orders=orders)
    assert report["orders"] == {
        "orders": 3, "quantity": 4, "amount": 1547.0, "in_show": 2, "after_end": 1,
        "outside_show": 3, "outside_segments": 1, "grace_s": GRACE_S, "by_order_no": True,
        "file": {"orders": 6, "quantity": 7, "amount": 5145.0},
    }  # fmt: skip
    assert [(s["orders"], s["quantity"], s["amount"]) for s in report["segments"]] == [
        (1, 2, 198.0), (1, 1, 1299.0)]  # fmt: skip
    by_sku = {p["sku"]: p for p in report["products"]}
    assert (by_sku["A"]["orders"], by_sku["A"]["amount"]) == (1, 198.0)  # not the morning's
    assert (by_sku["B"]["orders"], by_sku["B"]["amount"]) == (2, 1349.0)  # not the evening's
    lines = dict(question_lines(report))
    assert lines["Orders / 订单"] == "3 · 1,547.00"
    outside = lines["Outside the show, not counted / 直播时段外，未计入"]
    assert outside.startswith("3 · 3,598.00 (before the start or over 30 min after the end")
    assert "Counted / 计数方式" not in lines


def test_a_show_never_ended_counts_to_its_last_entry_and_the_grace() -> None:
    session = {**SESSION, "ended_at": None}
    events = EVENTS[:-1]  # the last entry at T0 + 510
    orders = [line(800, 10, "B", "O1"), line(510 + GRACE_S + 60, 10, "B", "O2")]
    report = build_report(session, events, orders=orders)
    assert (report["orders"]["orders"], report["orders"]["outside_show"]) == (1, 1)
    assert report["segments"][1]["orders"] == 1  # the open segment stops at the grace too


def test_without_order_numbers_each_row_is_an_order_and_the_summary_says_so() -> None:
    orders = [line(100, 99, "A"), line(100, 99, "A")]
    report = build_report(SESSION, EVENTS, orders=orders)
    assert (report["orders"]["orders"], report["orders"]["by_order_no"]) == (2, False)
    assert report["orders"]["outside_show"] == 0
    lines = dict(question_lines(report))
    assert lines["Counted / 计数方式"].startswith("each row as one order")
    assert "Outside the show, not counted / 直播时段外，未计入" not in lines


@pytest.fixture
async def recorded(tmp_path: Path) -> Any:
    return await record_show(tmp_path / "livedesk.db")


async def test_a_douyin_export_of_a_whole_day_in_the_review(recorded: Any, tmp_path: Path) -> None:
    """The hunt's repro: 抖店 rows per sub-order (GBK), a closed and a refunded order, a row
    exported twice, and the day's orders before and after the show."""
    rows = [
        "主订单编号,子订单编号,选购商品,商家编码,商品数量,订单应付金额,订单提交时间,订单状态,售后状态",
        f"\t6930001,\t6930001-1,保温杯,SKU-1,1,99.00,\t{local(200)},已完成,-",
        f"\t6930001,\t6930001-2,保温杯,SKU-1,1,99.00,\t{local(200)},已完成,-",
        f"\t6930002,\t6930002-1,保温杯,SKU-1,1,99.00,\t{local(300)},已关闭,退款成功",
        f'\t6930003,\t6930003-1,电饭煲,SKU-2,1,"1,299.00",\t{local(800)},已关闭,-',
        f'\t6930004,\t6930004-1,电饭煲,SKU-2,1,"1,299.00",\t{local(900)},已完成,-',
        f'\t6930004,\t6930004-1,电饭煲,SKU-2,1,"1,299.00",\t{local(900)},已完成,-',
        f"\t6930005,\t6930005-1,保温杯,SKU-1,1,99.00,\t{local(-36_000)},已完成,-",
        f'\t6930006,\t6930006-1,电饭煲,SKU-2,1,"1,299.00",\t{local(9_000)},已完成,-',
    ]  # fmt: skip
    path = tmp_path / "douyin.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gbk"))
    archive, writer = open_archive(recorded.path, OnAir())
    try:
        table = await archive.read_orders(str(path))
        columns = OrderColumns(time="订单提交时间", amount="订单应付金额", sku="商家编码",
                               product="选购商品", quantity="商品数量", order_no="主订单编号",
                               status="订单状态")  # fmt: skip
        result = await archive.import_orders(recorded.show, table, columns)
        await writer.flush()
    finally:
        writer.close()
    assert (result.order_count, result.amount) == (4, 2895.0)
    assert ([p.line for p in result.left_out], [p.line for p in result.repeats]) == ([4, 5], [7])
    report = load_review(recorded.path, recorded.show).report
    orders = report["orders"]
    assert (orders["orders"], orders["quantity"], orders["amount"]) == (2, 3, 1497.0)
    assert (orders["outside_show"], orders["file"]["orders"]) == (2, 4)
    assert [(s["orders"], s["quantity"], s["amount"]) for s in report["segments"]] == [
        (0, 0, 0.0), (1, 2, 198.0), (1, 1, 1299.0)]  # fmt: skip
    by_sku = {p["sku"]: p for p in report["products"]}
    assert (by_sku["SKU-1"]["orders"], by_sku["SKU-1"]["amount"]) == (1, 198.0)
    assert (by_sku["SKU-2"]["orders"], by_sku["SKU-2"]["amount"]) == (1, 1299.0)
