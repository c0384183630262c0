"""The platform's order export (CSV) read with a column mapping the user chose. Pure: text in,
orders and located problems out.

Lines are the physical lines of the file, the header being line 1 (a record whose quoted cell
spans lines is located where it starts). A bad row is reported with its line and the rest are
still read. Times: ISO 8601 (with or without an offset), `YYYY-MM-DD HH:MM[:SS]`, `YYYY/MM/DD …`,
`2024年11月11日 20:05:00`, or unix seconds (milliseconds too); a time without an offset is local.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

MAX_CELL = 2000
FIELDS = ("time", "amount", "sku", "product", "quantity", "order_no")
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
}  # fmt: skip
_CURRENCY = re.compile(r"[¥￥$€£元,，\s]|rmb|cny|usd", re.IGNORECASE)
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


@dataclass(frozen=True)
class OrderColumns:
    """Which header column holds each field; time and amount are required."""

    time: str
    amount: str
    sku: str | None = None
    product: str | None = None
    quantity: str | None = None
    order_no: str | None = None

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
    orders: list[Order] = field(default_factory=list)
    problems: list[OrderProblem] = field(default_factory=list)


class NotATable(ValueError):
    """The text holds no CSV table at all (empty, or broken quoting)."""


def read_table(text: str) -> OrderTable:
    """The CSV text as a table; the delimiter (`,`, `;` or tab) is taken from the header line."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise NotATable("the file is empty")
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, tuple[str, ...]]] = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((start, tuple(cell.strip() for cell in record)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise NotATable(f"line {start}: not a readable CSV table ({exc})") from None
    if not records:
        raise NotATable("the file is empty")
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


def parse_time(text: str, tz: tzinfo | None = None) -> float:
    """Unix seconds of an order time (see the module doc); ValueError when it is none."""
    value = text.strip()
    if not value:
        raise ValueError("the time is empty")
    if _NUMBER.fullmatch(value):
        number = float(value)
        if number > 1e11:  # milliseconds
            number /= 1000
        if not 1e8 < number < 1e10:
            raise ValueError(f"“{value}” is not a date and time nor unix seconds")
        return number
    normal = _CN_DATE.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", value)
    normal = normal.replace("时", ":").replace("分", ":").replace("秒", "").rstrip(":")
    normal = re.sub(r"^(\d{4})/(\d{1,2})/(\d{1,2})", _dashes, normal)
    normal = re.sub(r"^(\d{4})-(\d{1,2})-(\d{1,2})", _dashes, normal)
    normal = re.sub(r"(?<=\d)\s+(?=\d{1,2}:)", "T", normal, count=1)
    normal = re.sub(r"T(\d):", r"T0\1:", normal)
    try:
        moment = datetime.fromisoformat(normal.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"“{value}” is not a date and time (e.g. 2024-11-11 20:05:00) nor unix seconds"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()
    return moment.timestamp()


def _dashes(m: re.Match[str]) -> str:
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"


def parse_amount(text: str) -> float:
    """`199`, `1,299.00`, `¥39.9`, `39.9元`; ValueError otherwise (an empty cell included)."""
    value = _CURRENCY.sub("", text.strip())
    if not value:
        raise ValueError("the amount is empty")
    if not _NUMBER.fullmatch(value):
        raise ValueError(f"“{text.strip()}” is not an amount (e.g. 39.90)")
    return round(float(value), 2)


def parse_quantity(text: str) -> int:
    """A whole number ≥ 0 (`2`, `2.0`, `2件`); an empty cell is 1."""
    value = text.strip().removesuffix("件").strip()
    if not value:
        return 1
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a quantity (a whole number)") from None
    if number < 0 or number != int(number):
        raise ValueError(f"“{text.strip()}” is not a quantity (a whole number)")
    return int(number)


def check_columns(header: Sequence[str], columns: OrderColumns) -> list[str]:
    """What is wrong with the mapping against this header (empty: it fits)."""
    problems = []
    for name in REQUIRED:
        if not getattr(columns, name):
            problems.append(f"choose the {name.replace('_', ' ')} column")
    for name, column in columns.mapping().items():
        if column not in header:
            problems.append(f"the file has no column “{column}” (for {name.replace('_', ' ')})")
    return problems


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
        result.problems.append(OrderProblem(table.header_line, "; ".join(misfit)))
        return result
    index = {name: table.header.index(column) for name, column in columns.mapping().items()}
    for line, record in table.rows:
        cells = _cells(record, index)
        try:
            order = _order(cells, tz)
        except ValueError as exc:
            result.problems.append(OrderProblem(line, str(exc)))
            continue
        result.orders.append(order)
    return result


def _cells(record: Sequence[str], index: Mapping[str, int]) -> dict[str, str]:
    return {name: record[i] if i < len(record) else "" for name, i in index.items()}


def _order(cells: Mapping[str, str], tz: tzinfo | None) -> Order:
    for name, text in cells.items():
        if len(text) > MAX_CELL:
            raise ValueError(f"the {name.replace('_', ' ')} is longer than {MAX_CELL} characters")
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
