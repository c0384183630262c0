"""The order export parser (domain) and its file reader (UTF-8, BOM, GBK)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.adapters.files.orders import read_order_text
from app.domain.orders import (
    NotATable,
    OrderColumns,
    guess_columns,
    parse_amount,
    parse_orders,
    parse_quantity,
    parse_time,
    read_table,
)
from app.services.errors import BadInput

CST = timezone(timedelta(hours=8))
DOUYIN = OrderColumns(time="支付时间", amount="实付款", sku="商家编码", product="商品名称",
                      quantity="商品数量", order_no="订单编号")  # fmt: skip
EXPORT = (
    "订单编号,商品名称,商家编码,商品数量,实付款,支付时间\n"
    "A001,保温杯,SKU-1,2,￥198.00,2024-11-11 20:05:00\n"  # full-width: GBK has it
    "A002,保温杯,SKU-1,,99,2024/11/11 20:06\n"
    '"A003","电饭煲\n(白色)",SKU-2,1,"1,299.00",2024-11-11 20:10:00\n'
    "A004,保温杯,SKU-1,1,99,昨天\n"
    "\n"
    "A005,保温杯,SKU-1,两件,99,2024-11-11 20:20:00\n"
    "A006,保温杯,SKU-1,1,,2024-11-11 20:21:00\n"
    "A007,保温杯,SKU-1,1,99,1731327000\n"
)


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=CST).timestamp()


def test_good_rows_are_read_and_bad_rows_reported_with_their_lines() -> None:
    result = parse_orders(EXPORT, DOUYIN, tz=CST)
    assert [o.order_no for o in result.orders] == ["A001", "A002", "A003", "A007"]
    first, second, third, last = result.orders
    assert (first.t, first.amount, first.quantity, first.sku) == (
        at("2024-11-11 20:05:00"),
        198.0,
        2,
        "SKU-1",
    )
    assert second.t == at("2024-11-11 20:06:00")
    assert second.quantity == 1
    assert third.product == "电饭煲\n(白色)"
    assert third.amount == 1299.0
    assert last.t == 1731327000.0
    # A003's quoted cell spans lines 4-5: A004 is on line 6, the blank line 7 is skipped
    assert [(p.line, p.message.split(" ")[0]) for p in result.problems] == [
        (6, "“昨天”"), (8, "“两件”"), (9, "the")]  # fmt: skip
    assert "not a date and time" in result.problems[0].message
    assert "quantity" in result.problems[1].message
    assert result.problems[2].message == "the amount is empty"
    assert str(result.problems[0]).startswith("line 6: ")


def test_a_mapping_that_does_not_fit_the_header_is_one_problem() -> None:
    wrong = OrderColumns(time="下单时间", amount="实付款")
    result = parse_orders(EXPORT, wrong, tz=CST)
    assert result.orders == []
    assert len(result.problems) == 1
    assert result.problems[0].line == 1
    assert "“下单时间”" in result.problems[0].message


def test_optional_columns_left_out() -> None:
    result = parse_orders(EXPORT, OrderColumns(time="支付时间", amount="实付款"), tz=CST)
    assert result.orders[0].sku is None
    assert result.orders[0].quantity == 1
    assert len(result.orders) == 5  # quantity is not read, so 两件 is no problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-11-11 20:05:00", "2024-11-11 20:05:00"),
        ("2024-11-11 20:05", "2024-11-11 20:05:00"),
        ("2024/11/11 8:05:00", "2024-11-11 08:05:00"),
        ("2024年11月11日 20:05:00", "2024-11-11 20:05:00"),
        ("2024-11-11 20时05分", "2024-11-11 20:05:00"),
        ("2024-11-11T20:05:00", "2024-11-11 20:05:00"),
    ],
)
def test_local_times(text: str, expected: str) -> None:
    assert parse_time(text, CST) == at(expected)


def test_times_with_a_zone_and_unix_seconds() -> None:
    utc = datetime(2024, 11, 11, 12, 5, tzinfo=UTC).timestamp()
    assert parse_time("2024-11-11T20:05:00+08:00") == utc
    assert parse_time("2024-11-11T12:05:00Z") == utc
    assert parse_time(str(int(utc))) == utc
    assert parse_time(str(int(utc * 1000))) == utc  # milliseconds
    for bad in ("", "42", "tomorrow", "2024-13-01 10:00"):
        with pytest.raises(ValueError, match=r"the time is empty|is not a date and time"):
            parse_time(bad, CST)


def test_a_time_without_a_zone_is_this_computers_local_time() -> None:
    naive = datetime(2024, 11, 11, 20, 5)
    assert parse_time("2024-11-11 20:05:00") == naive.timestamp()


def test_amounts_and_quantities() -> None:
    assert parse_amount("¥1,299.00") == 1299.0
    assert parse_amount("39.9元") == 39.9
    assert parse_amount("￥ 5") == 5.0
    assert parse_amount("-10") == -10.0  # a refund
    for bad in ("", "免费", "1.2.3"):
        with pytest.raises(ValueError, match=r"the amount is empty|is not an amount"):
            parse_amount(bad)
    assert parse_quantity("") == 1
    assert parse_quantity("3") == 3
    assert parse_quantity("2件") == 2
    for bad in ("1.5", "-1", "x"):
        with pytest.raises(ValueError, match="is not a quantity"):
            parse_quantity(bad)


@pytest.mark.parametrize(
    "text",
    ["2026年12月8日20:05", "2026年12月08日20:05:00", "2026年12月8日20时05分",
     "2026年12月8日　20:05", "２０２６－１２－０８ ２０：０５"],
)  # fmt: skip
def test_chinese_times_without_a_space_after_the_day_and_full_width(text: str) -> None:
    """日 ends the date as a space would; a Chinese IME types full-width digits."""
    assert parse_time(text, CST) == at("2026-12-08 20:05:00")


def test_full_width_amounts_and_quantities_as_a_chinese_ime_types_them() -> None:
    assert parse_amount("１９９．００") == 199.0
    assert parse_amount("￥１，２９９．００") == 1299.0
    assert parse_quantity("２件") == 2
    with pytest.raises(ValueError, match="１９９．００．１"):  # quoted as typed
        parse_amount("１９９．００．１")


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False))
def test_any_price_as_platforms_write_it(value: object) -> None:
    assert parse_amount(f"¥{value:,}") == round(float(str(value)), 2)


def test_columns_guessed_from_the_names_platforms_use() -> None:
    header = read_table(EXPORT).header
    assert guess_columns(header) == DOUYIN.mapping()
    shopify = ["Name", "Created at", "Total", "Lineitem quantity", "Lineitem name", "Lineitem sku"]
    assert guess_columns(shopify) == {
        "time": "Created at", "amount": "Total", "sku": "Lineitem sku",
        "product": "Lineitem name", "quantity": "Lineitem quantity", "order_no": "Name",
    }  # fmt: skip


def test_table_header_delimiters_and_empty_text() -> None:
    table = read_table("\ufeff\n\ntime;amount\n2024-11-11 20:05;9\n")
    assert table.header == ("time", "amount")
    assert table.header_line == 3
    assert table.rows == ((4, ("2024-11-11 20:05", "9")),)
    with pytest.raises(NotATable):
        read_table(" \n\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_files_in_every_encoding_excel_writes(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(EXPORT.encode(encoding))
    result = parse_orders(read_order_text(str(path)), DOUYIN, tz=CST)
    assert [o.product for o in result.orders][:2] == ["保温杯", "保温杯"]
    assert len(result.orders) == 4
    assert len(result.problems) == 3


def test_unreadable_files_are_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"cannot read missing\.csv"):
        read_order_text(str(tmp_path / "missing.csv"))
    workbook = tmp_path / "orders.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(BadInput, match="Excel workbook"):
        read_order_text(str(workbook))
