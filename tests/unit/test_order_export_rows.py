"""Which rows of an order export are orders: the lines of one order number are one order, a row
exported twice counts once, cancelled / closed / refunded / unpaid rows are left out (the status
column), and without an order-number column each row is an order. And the cells as exports write
them: decimal commas, thousands separators in quantities, Excel's ="…" text cells."""

from __future__ import annotations

from datetime import timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.messages import Message
from app.domain.orders import (
    NotATable,
    OrderColumns,
    guess_columns,
    is_no_sale,
    parse_amount,
    parse_orders,
    parse_quantity,
    read_table,
)

CST = timezone(timedelta(hours=8))
# 抖店: one row per sub-order (子订单), the main order number repeated, \t-prefixed cells
DOUYIN = "\r\n".join([
    "主订单编号,子订单编号,选购商品,商家编码,商品数量,订单应付金额,订单提交时间,订单状态,售后状态",
    "\t6930001,\t6930001-1,保温杯 红色,SKU-1,1,99.00,\t2024-11-11 20:05:00,已完成,-",
    "\t6930001,\t6930001-2,保温杯 蓝色,SKU-1,1,99.00,\t2024-11-11 20:05:00,已完成,-",
    "\t6930002,\t6930002-1,保温杯 红色,SKU-1,1,99.00,\t2024-11-11 20:06:00,已关闭,退款成功",
    '\t6930003,\t6930003-1,电饭煲,SKU-2,1,"1,299.00",,已关闭,-',  # closed unpaid: no pay time
    '\t6930004,\t6930004-1,电饭煲,SKU-2,1,"1,299.00",\t2024-11-11 20:15:00,已完成,-',
    '\t6930004,\t6930004-1,电饭煲,SKU-2,1,"1,299.00",\t2024-11-11 20:15:00,已完成,-',
]) + "\r\n"  # fmt: skip
DOUYIN_COLUMNS = OrderColumns(time="订单提交时间", amount="订单应付金额", sku="商家编码",
                              product="选购商品", quantity="商品数量", order_no="主订单编号",
                              status="订单状态")  # fmt: skip


def test_the_status_column_is_guessed_from_the_names_platforms_use() -> None:
    assert guess_columns(read_table(DOUYIN).header) == DOUYIN_COLUMNS.mapping()
    shopify = ["Name", "Paid at", "Total", "Financial Status", "Fulfillment Status"]
    assert guess_columns(shopify)["status"] == "Financial Status"


def test_an_order_of_several_lines_is_one_order_a_repeated_row_counts_once() -> None:
    result = parse_orders(DOUYIN, DOUYIN_COLUMNS, tz=CST)
    assert [(o.order_no, o.product, o.amount) for o in result.orders] == [
        ("6930001", "保温杯 红色", 99.0), ("6930001", "保温杯 蓝色", 99.0),
        ("6930004", "电饭煲", 1299.0)]  # fmt: skip
    assert (result.order_count, result.quantity, result.amount) == (2, 3, 1497.0)
    assert result.by_order_no
    assert [(p.line, p.message.code) for p in result.repeats] == [(7, "orders.repeat")]
    assert result.repeats[0].message.params["first"] == 6
    assert result.problems == []


def test_cancelled_closed_and_refunded_rows_are_left_out_and_listed() -> None:
    result = parse_orders(DOUYIN, DOUYIN_COLUMNS, tz=CST)
    assert [(p.line, p.message.code, p.message.params["status"]) for p in result.left_out] == [
        (4, "orders.no_sale", "已关闭"), (5, "orders.no_sale", "已关闭")]  # fmt: skip
    assert "“已关闭”" in result.left_out[0].message
    # without the status column the same file counts them (and the empty pay time is a problem)
    unmapped = OrderColumns(**{**DOUYIN_COLUMNS.mapping(), "status": None})
    counted = parse_orders(DOUYIN, unmapped, tz=CST)
    assert counted.left_out == []
    assert counted.order_count == 3
    assert [p.line for p in counted.problems] == [5]


@pytest.mark.parametrize(
    "status",
    ["已取消", "已关闭", "交易关闭", "订单已取消", "已退款", "退款成功", "全额退款", "待付款",
     "等待买家付款", "refunded", "Cancelled", "canceled", "voided", "pending", "Trade Closed",
     " CLOSED "],
)  # fmt: skip
def test_statuses_that_are_no_sale(status: str) -> None:
    assert is_no_sale(status)


@pytest.mark.parametrize(
    "status",
    ["", "-", "已完成", "交易成功", "待发货", "已发货", "买家已付款", "部分退款", "部分退款成功",
     "退款中", "paid", "partially_refunded", "Partially Refunded", "fulfilled", "authorized"],
)  # fmt: skip
def test_statuses_that_are_a_sale(status: str) -> None:
    assert not is_no_sale(status)


def test_without_an_order_number_each_row_is_an_order() -> None:
    columns = OrderColumns(time="订单提交时间", amount="订单应付金额", status="订单状态")
    result = parse_orders(DOUYIN, columns, tz=CST)
    assert not result.by_order_no
    assert result.repeats == []  # two identical rows may be two orders: both count
    assert (result.order_count, result.amount) == (4, 2796.0)


def test_decimal_comma_amounts_are_read_and_ambiguous_ones_refused_with_their_line() -> None:
    text = "\n".join([
        "Name;Paid at;Total",
        '#1001;2024-11-11T20:05:00+01:00;"1.299,00"',
        "#1002;2024-11-11T20:06:00+01:00;39,90",
        "#1003;2024-11-11T20:07:00+01:00;1 299,50",
        "#1004;2024-11-11T20:08:00+01:00;1.299",
    ])  # fmt: skip
    result = parse_orders(text, OrderColumns(time="Paid at", amount="Total", order_no="Name"))
    assert [o.amount for o in result.orders] == [1299.0, 39.9, 1299.5]
    assert [(p.line, p.message.code) for p in result.problems] == [(5, "orders.amount_ambiguous")]
    assert "“1.299”" in result.problems[0].message


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1.299,00", 1299.0), ("39,90", 39.9), ("1,29", 1.29), ("39,9", 39.9), ("1299,00", 1299.0),
     ("€ 1.299.000,50", 1299000.5), ("1,299.00", 1299.0), ("1,299", 1299.0),
     ("￥1，299.00", 1299.0), ("1.299.000", 1299000.0), ("0.999", 1.0), ("-39,90", -39.9),
     ('="1299.00"', 1299.0)],
)  # fmt: skip
def test_amounts_as_exports_write_them(text: str, amount: float) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["1.299", "12.500", "-1.299", "¥999.000"])
def test_a_dot_before_three_digits_alone_is_ambiguous(text: str) -> None:
    with pytest.raises(ValueError, match="is ambiguous") as caught:
        parse_amount(text)
    assert isinstance(caught.value.args[0], Message)


@pytest.mark.parametrize("text", ["1,299,00", "12.99,00", "1,2345", "39.9.9,00"])
def test_amounts_in_no_known_form_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not an amount"):
        parse_amount(text)


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False))
def test_any_price_with_a_decimal_comma(value: Decimal) -> None:
    english = f"{value:,.2f}"
    european = english.replace(",", " ").replace(".", ",").replace(" ", ".")
    assert parse_amount(f"{european} €") == round(float(value), 2)


def test_quantities_with_thousands_separators() -> None:
    assert parse_quantity("1,000") == 1000
    assert parse_quantity("1，000件") == 1000
    assert parse_quantity("12,500") == 12500
    assert parse_quantity('="3"') == 3
    with pytest.raises(ValueError, match="is ambiguous"):
        parse_quantity("1.000")  # 1 or 1000?
    for bad in ("1,5", "1,00,0"):
        with pytest.raises(ValueError, match="is not a quantity"):
            parse_quantity(bad)


def test_excel_text_cells_are_unwrapped() -> None:
    text = "\r\n".join([
        "订单编号,宝贝标题,购买数量,买家实付,付款时间",
        '="2024111100001",保温杯,"=""1,000""",99.00,2024-11-11 20:05:00',
        '"=""2024111100002""",电饭煲,1,="1299.00",="2024-11-11 20:10:00"',
    ])  # fmt: skip
    table = read_table(text)
    assert table.rows[0][1][0] == "2024111100001"
    columns = OrderColumns(time="付款时间", amount="买家实付", product="宝贝标题",
                           quantity="购买数量", order_no="订单编号")  # fmt: skip
    result = parse_orders(table, columns, tz=CST)
    assert result.problems == []
    assert [(o.order_no, o.quantity, o.amount) for o in result.orders] == [
        ("2024111100001", 1000, 99.0), ("2024111100002", 1, 1299.0)]  # fmt: skip


def test_problems_carry_codes_for_the_window() -> None:
    text = "time,amount,qty\n,9,1\n2024-11-11 20:05,,1\n2024-11-11 20:05,免费,1\n"
    text += "2024-11-11 20:05,9,两件\n昨天,9,1\n"
    columns = OrderColumns(time="time", amount="amount", quantity="qty")
    result = parse_orders(text, columns, tz=CST)
    assert [p.message.code for p in result.problems] == [
        "orders.time_empty", "orders.amount_empty", "orders.not_an_amount",
        "orders.not_a_quantity", "orders.not_a_time"]  # fmt: skip
    misfit = parse_orders(text, OrderColumns(time="time", amount="金额"), tz=CST).problems
    assert misfit[0].message == "the file has no column “金额” (for amount)"
    assert misfit[0].message.params["0"].code == "orders.no_such_column"


def test_a_file_that_is_no_table_says_why_with_a_code() -> None:
    with pytest.raises(NotATable) as empty:
        read_table(" \n\n")
    assert empty.value.args[0].code == "orders.empty_file"
    with pytest.raises(NotATable) as broken:
        read_table("time,amount\n2024-11-11 20:05,9\n2024-11-11 20:06," + "9" * 200_000)
    assert broken.value.args[0].code == "orders.not_csv"
    assert broken.value.args[0].params["line"] == 3
