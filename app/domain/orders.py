"""The platform's order export (CSV) read with a column mapping the user chose. Pure: text in,
orders and located problems out.

Lines are the physical lines of the file, the header being line 1 (a record whose quoted cell
spans lines is located where it starts). A bad row is reported with its line and the rest are
still read. Times: ISO 8601 (with or without an offset), `YYYY-MM-DD HH:MM[:SS]`, `YYYY/MM/DD …`,
`2024年11月11日 20:05:00`, or unix seconds (milliseconds too); a time without an offset is local.
Amounts and quantities: see app/domain/order_cells.py (decimal commas, thousands separators, and
the ambiguous `1.299` refused). A cell in Excel's `="…"` is read as its text.

What counts as an order. Platforms (抖店, 快手小店, 淘宝/千牛, Shopify) export one row per item
line, the order number repeated on each: with the order-number column mapped, the rows with the
same number are one order, its amount the sum of its lines (map each line's amount, not an
order total repeated on every line). A row identical in every cell to an earlier one with an
order number is that line exported twice: counted once, listed in `repeats`. A row whose status
(the optional status column) says cancelled, closed, refunded or not paid is no sale: left out,
listed in `left_out` (order_cells.is_no_sale). Without an order-number column every row is an
order, as before, and `by_order_no` is False so the window can say so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo

from app.domain.messages import Message
from app.domain.order_cells import (
    is_no_sale,
    parse_amount,
    parse_quantity,
    parse_time,
    unwrap,
)

__all__ = [
    "ALIASES",
    "FIELDS",
    "REQUIRED",
    "NotATable",
    "Order",
    "OrderColumns",
    "OrderImport",
    "OrderProblem",
    "OrderTable",
    "check_columns",
    "count_orders",
    "guess_columns",
    "is_no_sale",
    "parse_amount",
    "parse_orders",
    "parse_quantity",
    "parse_time",
    "read_table",
]

MAX_CELL = 2000
FIELDS = ("time", "amount", "sku", "product", "quantity", "order_no", "status")
REQUIRED = ("time", "amount")
# Header names platforms use (Douyin 抖店, Taobao/Tmall 千牛, Kuaishou, Shopify, …), lower-case.
ALIASES: dict[str, tuple[str, ...]] = {
    "time": ("time", "paid at", "paid_at", "created at", "created_at", "order time", "date",
             "支付时间", "付款时间", "下单时间", "订单创建时间", "创建时间", "订单提交时间",
             "成交时间", "时间"),
    "amount": ("amount", "total", "paid", "price", "subtotal", "实付款", "实付金额", "订单金额",
               "支付金额", "订单应付金额", "商品金额", "金额", "成交金额", "买家实付"),
    "sku": ("sku", "lineitem sku", "sku id", "product id", "商品编码", "商家编码", "商品id",
            "货号", "商品编号"),
    "product": ("product", "lineitem name", "product name", "item", "title", "商品", "商品名称",
                "商品标题", "宝贝标题", "选购商品"),
    "quantity": ("quantity", "lineitem quantity", "qty", "count", "数量", "商品数量", "购买数量",
                 "件数"),
    "order_no": ("order", "order id", "order no", "order_no", "order number", "name",
                 "订单号", "订单编号", "主订单编号", "子订单编号", "订单id"),
    "status": ("status", "order status", "financial status", "订单状态", "交易状态", "状态"),
}  # fmt: skip


@dataclass(frozen=True)
class OrderColumns:
    """Which header column holds each field; time and amount are required."""

    time: str
    amount: str
    sku: str | None = None
    product: str | None = None
    quantity: str | None = None
    order_no: str | None = None
    status: str | None = None  # the order's status: no-sale rows are left out

    def mapping(self) -> dict[str, str]:
        """field -> column, the unmapped fields left out."""
        return {f: c for f in FIELDS if (c := getattr(self, f))}


@dataclass(frozen=True)
class Order:
    t: float  # unix seconds
    amount: float
    quantity: int = 1
    sku: str | None = None
    product: str | None = None
    order_no: str | None = None


@dataclass(frozen=True)
class OrderProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class OrderTable:
    """The file as a table: its header (line 1 or the first non-blank line) and the records
    below it, each with the line it starts on. Blank records are left out."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    header_line: int = 1


@dataclass
class OrderImport:
    """`orders`: the rows counted, one per item line (an order of several items has several,
    with the same order_no); `problems`: the rows that could not be read; `left_out`: the rows
    whose status is no sale; `repeats`: rows exported twice (counted once). `by_order_no`:
    whether the lines are counted as orders by their order number (else each row is one)."""

    orders: list[Order] = field(default_factory=list)
    problems: list[OrderProblem] = field(default_factory=list)
    left_out: list[OrderProblem] = field(default_factory=list)
    repeats: list[OrderProblem] = field(default_factory=list)
    by_order_no: bool = False

    @property
    def order_count(self) -> int:
        """How many orders the counted rows are (see count_orders)."""
        return count_orders(order.order_no for order in self.orders)

    @property
    def quantity(self) -> int:
        return sum(order.quantity for order in self.orders)

    @property
    def amount(self) -> float:
        return round(sum(order.amount for order in self.orders), 2)


def count_orders(order_numbers: Iterable[str | None]) -> int:
    """How many orders these lines are: one per distinct order number, and each line without
    one an order of its own."""
    numbers = list(order_numbers)
    return len({n for n in numbers if n}) + sum(1 for n in numbers if not n)


class NotATable(ValueError):
    """The text holds no CSV table at all (empty, or broken quoting)."""


def read_table(text: str) -> OrderTable:
    """The CSV text as a table; the delimiter (`,`, `;` or tab) is taken from the header line."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise NotATable(Message("orders.empty_file"))
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, tuple[str, ...]]] = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((start, tuple(unwrap(cell) for cell in record)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise NotATable(Message("orders.not_csv", line=start, detail=str(exc))) from None
    if not records:
        raise NotATable(Message("orders.empty_file"))
    header_line, header = records[0]
    return OrderTable(header, tuple(records[1:]), header_line)


def guess_columns(header: Sequence[str]) -> dict[str, str]:
    """field -> the header column that looks like it (by the names platforms use)."""
    found: dict[str, str] = {}
    names = [str(cell).strip() for cell in header]
    for name_of_field, aliases in ALIASES.items():
        for alias in aliases:  # the aliases in order of preference
            match = next((n for n in names if n.lower() == alias and n not in found.values()), None)
            if match is not None:
                found[name_of_field] = match
                break
    return found


def check_columns(header: Sequence[str], columns: OrderColumns) -> list[Message]:
    """What is wrong with the mapping against this header (empty: it fits)."""
    problems = []
    for name in REQUIRED:
        if not getattr(columns, name):
            problems.append(Message("orders.choose_column", field=_word(name)))
    for name, column in columns.mapping().items():
        if column not in header:
            problems.append(Message("orders.no_such_column", column=column, field=_word(name)))
    return problems


def _word(name: str) -> Message:
    return Message(f"orders.field.{name}")


def parse_orders(
    table: OrderTable | str, columns: OrderColumns, tz: tzinfo | None = None
) -> OrderImport:
    """Orders from the table (or CSV text) under the mapping; each bad row is a problem with its
    line, the good rows are orders. A mapping that does not fit the header is one problem at the
    header's line and no orders."""
    if isinstance(table, str):
        table = read_table(table)
    result = OrderImport()
    misfit = check_columns(table.header, columns)
    if misfit:
        result.problems.append(OrderProblem(table.header_line, Message.listing(misfit, "; ")))
        return result
    index = {name: table.header.index(column) for name, column in columns.mapping().items()}
    result.by_order_no = columns.order_no is not None
    first_seen: dict[tuple[str, ...], int] = {}
    for line, record in table.rows:
        cells = _cells(record, index)
        status = cells.get("status", "")
        if len(status) <= MAX_CELL and is_no_sale(status):
            result.left_out.append(OrderProblem(line, Message("orders.no_sale", status=status)))
            continue
        try:
            order = _order(cells, tz)
        except ValueError as exc:
            result.problems.append(OrderProblem(line, _message(exc)))
            continue
        if order.order_no is not None:
            first = first_seen.setdefault(record, line)
            if first != line:
                result.repeats.append(OrderProblem(line, Message("orders.repeat", first=first)))
                continue
        result.orders.append(order)
    return result


def _message(exc: ValueError) -> Message:
    said = exc.args[0] if exc.args else ""
    return said if isinstance(said, Message) else Message.plain(str(exc))


def _cells(record: Sequence[str], index: Mapping[str, int]) -> dict[str, str]:
    return {name: record[i] if i < len(record) else "" for name, i in index.items()}


def _order(cells: Mapping[str, str], tz: tzinfo | None) -> Order:
    for name, text in cells.items():
        if len(text) > MAX_CELL:
            raise ValueError(Message("orders.cell_too_long", field=_word(name), limit=MAX_CELL))
    t = parse_time(cells["time"], tz)
    amount = parse_amount(cells["amount"])
    quantity = parse_quantity(cells.get("quantity", ""))
    return Order(
        t=t,
        amount=amount,
        quantity=quantity,
        sku=cells.get("sku") or None,
        product=cells.get("product") or None,
        order_no=cells.get("order_no") or None,
    )
