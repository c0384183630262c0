"""The canonical JSON form of a run-sheet (GET/POST /api/runsheet, .json files) and the rows of
the Products and Coupons sheets of an XLSX run-sheet. Pure: no I/O. Problems are located at
`segments[3]`, `products[0]`, `title`, `$` (the document) in JSON, at the row (`Products!4`) in
sheets. Numbers: a JSON duration is seconds; a coupon's `seconds` cell takes every form of
parse_duration, but a bare number there is SECONDS (a segment's bare number is minutes), except
in a column headed `时长`, the rundown's word for minutes, where a bare number is refused.
Products and coupons obey app/domain/rules.py (prices, countdown lengths, counts, codes), the
same rules the card editor, the API and the overlay service apply.
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from app.domain import rules
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.durations import MAX_SECONDS, DurationError, halfwidth, parse_duration
from app.domain.messages import Message, field_word
from app.domain.rules import DEFAULT_COUPON_S as DEFAULT_COUPON_SECONDS
from app.domain.rules import RuleError
from app.domain.runsheet import (
    FIELDS,
    KIND_ALIASES,
    ParseResult,
    Problem,
    RunSheet,
    Segment,
    SegmentKind,
    UnreadableCell,
    cell_text,
    clip,
    match_fields,
    names_field,
    parse_kind,
    split_notes,
    unread_column_warnings,
    unreadable_header,
)

T = TypeVar("T")
Rows = Iterable[tuple[str, Sequence[object]]]

PRODUCT_FIELDS: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "货号", "商品编号"),
    "name": ("name", "名称", "商品名", "商品名称"),
    "price": ("price", "价格", "售价", "直播价"),
    "original_price": ("original_price", "original price", "原价", "划线价"),
    "image": ("image", "图片", "主图"),
    "selling_points": ("selling_points", "selling points", "卖点"),
    "link": ("link", "链接", "url"),
    "stock": ("stock", "库存"),
}
COUPON_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("code", "券码", "优惠码"),
    "title": ("title", "标题", "名称"),
    "discount": ("discount", "优惠", "折扣"),
    "seconds": ("seconds", "时长", "秒", "秒数"),  # 秒数: the card editor's zh_CN name
    "quantity": ("quantity", "数量", "库存"),
}
PRODUCT_SHEETS = ("products", "商品", "商品表")
COUPON_SHEETS = ("coupons", "优惠券")
_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother = 80, 80
_show = _REPR.repr  # a bad value in a message, shortened
_CURRENCY = ("¥", "￥", "$", "元", "rmb", "cny", " ")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d*)?")  # 1,299.00: thousands separators


def match_columns(
    header: Sequence[object], fields: Mapping[str, tuple[str, ...]]
) -> dict[str, int]:
    """Column index of each field whose name (or alias) is in the header, case-insensitively,
    also with its unit in brackets (runsheet.names_field)."""
    return match_fields(header, fields)


def parse_price(value: object, field: str = "price") -> Decimal | None:
    """`199`, `199.00`, `¥199`, `1,299元`, full-width `１９９．００`, a number cell; None when
    empty. RuleError (a ValueError) otherwise, and for a price the rules refuse (zero, 0.001,
    1e12, NaN …)."""
    if value is None:
        return None
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return rules.check_price(value, field)
    text = halfwidth(str(value)).strip().lower()  # str(True), str([1]) are no numbers either
    for symbol in _CURRENCY:
        text = text.replace(symbol, "")
    if not text:
        return None
    return rules.check_price(_ungrouped(text), field, shown=value)


def parse_original_price(value: object) -> Decimal | None:
    return parse_price(value, "original_price")


def parse_count(value: object, field: str = "quantity") -> int | None:
    """A stock or quantity: a whole number from 0 to rules.MAX_COUNT (`1,000`, `１，０００` too);
    None when empty."""
    if isinstance(value, str):
        text = halfwidth(value).strip()
        number = _number(_ungrouped(text)) if text else None
        if number is not None and rules.count_problem(number, field) is not None:
            # the rule's message quotes what was typed (`'-1'`), not the number read (-1.0)
            raise RuleError(rules.count_problem(value.strip(), field) or "", field)
        value = number
    if value is None:
        return None
    return rules.check_count(value, field)


def parse_stock(value: object) -> int | None:
    return parse_count(value, "stock")


def _ungrouped(text: str) -> str:
    return re.sub("[,，]", "", text) if _GROUPED.fullmatch(text) else text


def _finite(number: float) -> bool:
    """math.isfinite for any int too (it overflows on 10**400)."""
    return isinstance(number, int) or math.isfinite(number)


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def parse_coupon_seconds(value: object) -> int:
    """A coupon's countdown: `300` (a bare number is SECONDS here), `5m`, `5:00`, `5分钟`, an
    Excel time; DEFAULT_COUPON_SECONDS when empty. RuleError / DurationError (ValueErrors) when
    unreadable or outside the rules' 1 second to 24 hours."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_COUPON_SECONDS
    number = _number(halfwidth(value).strip()) if isinstance(value, str) else value
    if isinstance(number, int | float) and not isinstance(number, bool):
        return rules.check_coupon_seconds(number, shown=value)
    try:
        seconds = parse_duration(number)
    except DurationError:
        raise RuleError(rules.coupon_seconds_problem(None, shown=value) or "", "seconds") from None
    return rules.check_coupon_seconds(seconds, shown=value)


def parse_countdown_with_unit(value: object) -> int:
    """A coupon's countdown in a column headed `时长`, the header that means minutes on the
    rundown: every form parse_coupon_seconds takes but a bare number (`5` or `300`), which is
    refused as ambiguous (five minutes or five seconds?) rather than guessed."""
    number = _number(halfwidth(value).strip()) if isinstance(value, str) else value
    if isinstance(number, int | float) and not isinstance(number, bool):
        raise RuleError(
            Message("runsheet.countdown_unit", value=_show(cell_text(value))), "seconds"
        )
    return parse_coupon_seconds(value)


def parse_code(value: object) -> str | None:
    """A coupon code (rules.code_problem); None when empty (then "the code is missing")."""
    code = parse_text(value)
    return None if code is None else rules.check_text(rules.code_problem(code), code, "code")


def parse_sku(value: object) -> str | None:
    sku = parse_text(value)
    return None if sku is None else rules.check_text(rules.sku_problem(sku), sku, "sku")


def parse_discount(value: object) -> str:
    discount = _label(value)
    return rules.check_text(rules.discount_problem(discount), discount, "discount")


def parse_text(value: object) -> str | None:
    """A text field: None when empty; numbers as text (a SKU cell 10023.0 as "10023")."""
    if isinstance(value, list | dict | bool):
        raise ValueError(f"expected text, not {_show(value)}")
    return cell_text(value)


def parse_lines(value: object) -> tuple[str, ...]:
    """Notes or selling points: a list of texts, each one point whatever it holds (`|` is
    text there), or one text in the cell form: one per line or separated by `|`."""
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise ValueError(f"expected a list of texts, not {_show(value)}")
        return tuple(point.strip() for point in value if point.strip())
    return split_notes(parse_text(value))


def parse_seconds(value: object) -> int:
    """A segment's duration in the JSON form: a number is SECONDS; text takes every form of
    parse_duration (a bare number in text is minutes, as in a spreadsheet cell)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not _finite(value) or round(value) <= 0:
            raise DurationError(f"the duration must be more than zero seconds, not {_show(value)}")
        if value > MAX_SECONDS:
            raise DurationError(Message("duration.too_long", value=_show(value)))
        return round(value)
    return parse_duration(value)


def parse_extra(value: object) -> tuple[tuple[str, str], ...] | None:
    """A segment's other columns (Segment.extra): an object of column name and text; a name
    must be none LiveDesk reads (`title`, `环节` …)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"extra: expected an object of column names and texts, not {_show(value)}")
    cells: list[tuple[str, str]] = []
    for name, text in value.items():
        column = str(name).strip()
        if not column or any(names_field(column, k, names) for k, names in FIELDS.items()):
            raise ValueError(f"extra: “{clip(column)}” is no name for another column")
        cells.append((column, parse_text(text) or ""))
    return tuple(cells)


def _kind(value: object) -> SegmentKind | None:
    text = parse_text(value)
    try:
        return parse_kind(text)
    except ValueError:
        known = ", ".join(KIND_ALIASES)
        raise ValueError(f"unknown kind “{clip(text or '')}” (one of {known})") from None


def _label(value: object) -> str:
    return parse_text(value) or ""


Parser = Callable[[object], Any]
PRODUCT_PARSERS: dict[str, Parser] = {
    "sku": parse_sku, "name": _label, "price": parse_price,
    "original_price": parse_original_price, "image": parse_text, "selling_points": parse_lines,
    "link": parse_text, "stock": parse_stock,
}  # fmt: skip
COUPON_PARSERS: dict[str, Parser] = {
    "code": parse_code, "title": _label, "discount": parse_discount,
    "seconds": parse_coupon_seconds, "quantity": parse_count,
}  # fmt: skip
SEGMENT_PARSERS: dict[str, Parser] = {
    "title": parse_text, "duration": parse_seconds, "kind": _kind, "scene": parse_text,
    "product": parse_text, "coupon": parse_text, "notes": parse_lines, "interaction": parse_text,
    "extra": parse_extra,
}  # fmt: skip


def _fields(
    values: Mapping[str, object],
    parsers: Mapping[str, Parser],
    required: Sequence[str],
    where: str,
    problems: list[Problem],
    segment: int | None = None,
) -> dict[str, Any]:
    """The fields that parse and are not empty; each bad or missing one is a problem."""
    parsed: dict[str, Any] = {}
    for name, parse in parsers.items():
        value = values.get(name)
        if isinstance(value, UnreadableCell):  # reported on its cell by _table
            continue
        if name in required and cell_text(value) is None:
            missing = Message("runsheet.missing", field=field_word(name))
            problems.append(Problem("error", where, missing, name, segment))
            continue
        try:
            parsed[name] = parse(value)
        except ValueError as exc:  # DurationError and RuleError are ValueErrors
            named = isinstance(exc, RuleError) or name in str(exc)
            said = exc.message if isinstance(exc, RuleError | DurationError) else str(exc)
            message = said if named else f"{name}: {exc}"
            problems.append(Problem("error", where, message, name, segment))
    return {k: v for k, v in parsed.items() if v is not None}


def _product(values: Mapping[str, object], where: str, problems: list[Problem]) -> Product | None:
    fields = _fields(values, PRODUCT_PARSERS, ("sku",), where, problems)
    return Product(**{"name": "", **fields}, location=where) if "sku" in fields else None


def _coupon(values: Mapping[str, object], where: str, problems: list[Problem]) -> Coupon | None:
    fields = _fields(values, COUPON_PARSERS, ("code",), where, problems)
    return Coupon(**{"title": "", **fields}, location=where) if "code" in fields else None


def _coupon_with_unit(
    values: Mapping[str, object], where: str, problems: list[Problem]
) -> Coupon | None:
    """A coupon whose countdown column is headed 时长 (parse_countdown_with_unit)."""
    parsers = {**COUPON_PARSERS, "seconds": parse_countdown_with_unit}
    fields = _fields(values, parsers, ("code",), where, problems)
    return Coupon(**{"title": "", **fields}, location=where) if "code" in fields else None


def _column_name(
    header: Sequence[object] | None, fields: Mapping[str, tuple[str, ...]], key: str
) -> str | None:
    """The header's name of the column of field `key`, as written (None: no such column)."""
    index = match_columns(header or (), fields).get(key)
    return None if header is None or index is None else cell_text(header[index])


def _segment(item: object, index: int, problems: list[Problem]) -> Segment | None:
    where = f"segments[{index}]"
    if not isinstance(item, dict):
        problems.append(Problem("error", where, f"a segment must be an object, not {_show(item)}"))
        return None
    fields = _fields(_extra_read(item), SEGMENT_PARSERS, ("title", "duration"), where, problems,
                     index)  # fmt: skip
    title, duration = fields.pop("title", ""), fields.pop("duration", 0)
    return Segment(title=title, duration_s=duration, location=where, **fields)


def _extra_read(item: dict[str, Any]) -> dict[str, Any]:
    """A segment whose `extra` holds a column LiveDesk now reads (要点, saved by a version that
    carried it unread) with that column read as its field's cell, when the field is empty."""
    extra = item.get("extra")
    if not isinstance(extra, dict):
        return item
    read, kept = {}, {}
    for name, text in extra.items():
        key = next((k for k, names in FIELDS.items() if names_field(name, k, names)), None)
        if key is not None and item.get(key) in (None, "", []) and key not in read:
            read[key] = text
        else:
            kept[name] = text
    return {**item, **read, "extra": kept or None} if read else item


def parse_catalog_rows(
    products_header: Sequence[object] | None,
    products_rows: Rows,
    coupons_header: Sequence[object] | None,
    coupons_rows: Rows,
    *,
    products_header_location: str = "Products!1",
    coupons_header_location: str = "Coupons!1",
) -> tuple[Catalog, list[Problem]]:
    """Products and coupons from the rows of the Products and Coupons sheets (a header None:
    that sheet is absent). Blank rows are skipped; a row without SKU / code is an error."""
    problems: list[Problem] = []
    products = _table(products_header, products_rows, PRODUCT_FIELDS, "sku",
                      products_header_location, _product, problems)  # fmt: skip
    # the rundown's 时长 is minutes: a bare number under a coupon's 时长 is not taken as seconds
    unit_needed = _column_name(coupons_header, COUPON_FIELDS, "seconds") == "时长"
    coupons = _table(coupons_header, coupons_rows, COUPON_FIELDS, "code",
                     coupons_header_location, _coupon_with_unit if unit_needed else _coupon,
                     problems)  # fmt: skip
    return Catalog(tuple(products), tuple(coupons)), problems


def _table(
    header: Sequence[object] | None,
    rows: Rows,
    fields: Mapping[str, tuple[str, ...]],
    key: str,
    header_location: str,
    build: Callable[[Mapping[str, object], str, list[Problem]], T | None],
    problems: list[Problem],
) -> list[T]:
    if header is None:
        return []
    columns = match_columns(header, fields)
    problems.extend(unreadable_header(header, header_location))
    if key not in columns:
        message = f"missing required column “{key}” ({' / '.join(fields[key])})"
        problems.append(Problem("error", header_location, message, key))
        return []
    items: list[T] = []
    filled: set[int] = set()  # columns with something in an item's row
    for location, row in rows:
        if any(cell_text(c) is not None for c in row):
            filled.update(i for i, c in enumerate(row) if cell_text(c) is not None)
            values = {f: row[i] for f, i in columns.items() if i < len(row)}
            for name, value in values.items():
                if isinstance(value, UnreadableCell):
                    column = cell_text(header[columns[name]])
                    problems.append(Problem("error", location, value.message(column), name))
            item = build(values, location, problems)
            items.extend([item] if item is not None else [])
    problems += unread_column_warnings(header, set(columns.values()), filled, header_location)
    return items


def _list(data: Mapping[str, Any], name: str, problems: list[Problem]) -> list[object]:
    value = data.get(name)
    if value is None or isinstance(value, list):
        return value or []
    problems.append(Problem("error", name, f"“{name}” must be a list, not {_show(value)}", name))
    return []


def sheet_from_dict(data: object) -> ParseResult:
    """A run-sheet from its JSON form. Never raises on bad input: every bad field is a problem
    at its location (`segments[3]`). A bare list is taken as the list of segments."""
    if isinstance(data, list):
        data = {"segments": data}
    if not isinstance(data, dict):
        message = f"a run-sheet must be a JSON object with “segments”, not {_show(data)}"
        return ParseResult(RunSheet(), [Problem("error", "$", message)])
    problems: list[Problem] = []
    if "segments" not in data:
        problems.append(Problem("error", "$", "missing required field “segments”", "segments"))
    elif data["segments"] is None:  # optional lists may be null; the segments may not
        problems.append(Problem("error", "segments", "“segments” must be a list, not null",
                                "segments"))  # fmt: skip
    title = _fields(data, {"title": _label}, (), "title", problems).get("title", "")
    entries: dict[str, list[Any]] = {"products": [], "coupons": []}
    for name, build in (("products", _product), ("coupons", _coupon)):
        for i, entry in enumerate(_list(data, name, problems)):
            if isinstance(entry, dict):
                entries[name].append(build(entry, f"{name}[{i}]", problems))
            else:
                message = f"an entry must be an object, not {_show(entry)}"
                problems.append(Problem("error", f"{name}[{i}]", message))
    items = _list(data, "segments", problems)
    segments = [_segment(item, i, problems) for i, item in enumerate(items)]
    catalog = Catalog(
        tuple(p for p in entries["products"] if p), tuple(c for c in entries["coupons"] if c)
    )
    sheet = RunSheet(tuple(s for s in segments if s is not None), catalog, title)
    return ParseResult(sheet, problems, _unread_keys(data))


_DOCUMENT_KEYS = {"title": "", "segments": SEGMENT_PARSERS, "products": PRODUCT_PARSERS,
                  "coupons": COUPON_PARSERS}  # fmt: skip


def _unread_keys(data: Mapping[str, Any]) -> list[str]:
    """The keys of the document, its segments, products and coupons that no field reads."""
    unread = [str(key) for key in data if key not in _DOCUMENT_KEYS]
    for name, parsers in _DOCUMENT_KEYS.items():
        entries = data.get(name)
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict):
                unread += [f"{name} › {key}" for key in entry if key not in parsers]
    return list(dict.fromkeys(unread))


SEGMENT_ATTRIBUTES = {"title": "title", "duration": "duration_s", "kind": "kind", "scene": "scene",
                      "product": "product", "coupon": "coupon", "notes": "notes"}  # fmt: skip


def sheet_to_dict(sheet: RunSheet) -> dict[str, Any]:
    """The canonical JSON form: durations in seconds, kinds in English, prices as text."""
    return {
        "title": sheet.title,
        "segments": [_segment_record(s) for s in sheet.segments],
        "products": [_record(p, {k: k for k in PRODUCT_PARSERS}) for p in sheet.catalog.products],
        "coupons": [_record(c, {k: k for k in COUPON_PARSERS}) for c in sheet.catalog.coupons],
    }


def _segment_record(segment: Segment) -> dict[str, Any]:
    """A segment's fields; `interaction` and `extra` only when it has them (older readers never
    see them)."""
    record = _record(segment, SEGMENT_ATTRIBUTES)
    if segment.interaction is not None:
        record["interaction"] = segment.interaction
    if segment.extra:
        record["extra"] = dict(segment.extra)
    return record


def _record(item: object, attributes: Mapping[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, attribute in attributes.items():
        value = getattr(item, attribute)
        if isinstance(value, Decimal | StrEnum):
            value = str(value)
        record[key] = list(value) if isinstance(value, tuple) else value
    return record
