"""XLSX run-sheets (openpyxl): sheet `Rundown` (or the first sheet) for the segments, optional
`Products` and `Coupons` sheets for the catalog. Locations are `Sheet!ROW` with the workbook's
own row numbers. Excel time cells reach parse_duration as they are (time / timedelta)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from app.adapters.files import Row, UnreadableFile, header_index
from app.domain.durations import format_duration
from app.domain.runsheet import FIELDS, REQUIRED, ParseResult, RunSheet, parse_rows
from app.domain.runsheet_codec import (
    COUPON_FIELDS,
    COUPON_PARSERS,
    COUPON_SHEETS,
    PRODUCT_FIELDS,
    PRODUCT_PARSERS,
    PRODUCT_SHEETS,
    parse_catalog_rows,
    sheet_to_dict,
)
from app.domain.text import clean_text

RUNDOWN_SHEETS = ("rundown", "run-sheet", "runsheet", "流程", "节目单", "直播流程")
_WIDTHS = {"title": 28, "duration": 10, "notes": 60, "name": 24, "selling_points": 40}


def read_xlsx(path: str | os.PathLike[str]) -> ParseResult:
    """Segments and catalog of a workbook. UnreadableFile when it is not a valid XLSX."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl fails in many ways on a broken file
        raise UnreadableFile(f"not a valid XLSX workbook ({_reason(exc)})") from None
    try:
        sheets: dict[str, list[Row]] = {}
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # some writers record a wrong size
            rows = sheet.iter_rows(values_only=True)
            sheets[sheet.title] = [(f"{sheet.title}!{n}", _clean(r)) for n, r in enumerate(rows, 1)]
        title = clean_text(str(book.properties.title or "").strip(), single_line=True)
    except Exception as exc:  # noqa: BLE001 - as above, while reading the sheets
        raise UnreadableFile(f"not a valid XLSX workbook ({_reason(exc)})") from None
    finally:
        book.close()
    if not sheets:
        raise UnreadableFile("the workbook has no worksheet")
    return _parse(sheets, title)


def _parse(sheets: dict[str, list[Row]], title: str) -> ParseResult:
    products_name = _named(sheets, PRODUCT_SHEETS)
    coupons_name = _named(sheets, COUPON_SHEETS)
    rundown_name = _named(sheets, RUNDOWN_SHEETS) or next(
        (n for n in sheets if n not in (products_name, coupons_name)), next(iter(sheets))
    )
    header, header_at, rows = _split(sheets[rundown_name], FIELDS, REQUIRED, rundown_name)
    p_header, p_at, p_rows = _split(sheets.get(products_name or ""), PRODUCT_FIELDS, ("sku",), "")
    c_header, c_at, c_rows = _split(sheets.get(coupons_name or ""), COUPON_FIELDS, ("code",), "")
    catalog, problems = parse_catalog_rows(
        p_header, p_rows, c_header, c_rows,
        products_header_location=p_at, coupons_header_location=c_at,
    )  # fmt: skip
    result = parse_rows(header or (), header_at, rows, catalog)
    sheet = RunSheet(result.sheet.segments, catalog, title)
    return ParseResult(sheet, result.problems + problems)


def _clean(row: Sequence[object]) -> tuple[object, ...]:
    """A row's text cells with each control character (``_x0001_`` in the file) as U+FFFD."""
    return tuple(clean_text(v) if isinstance(v, str) else v for v in row)


def _named(sheets: dict[str, list[Row]], names: Sequence[str]) -> str | None:
    return next((n for n in sheets if n.strip().lower() in names), None)


def _split(
    rows: list[Row] | None,
    fields: dict[str, tuple[str, ...]],
    required: Sequence[str],
    name: str,
) -> tuple[Sequence[object] | None, str, list[Row]]:
    """(header, its location, the rows below it); header None for an absent or empty sheet."""
    if rows is None:
        return None, "", []
    index = header_index(rows, fields, required)
    if index is None:
        return None, f"{name}!1", []
    return rows[index][1], rows[index][0], rows[index + 1 :]


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


def write_xlsx(sheet: RunSheet, path: str | os.PathLike[str]) -> None:
    """Rundown, Products and Coupons sheets, bold headers; durations as m:ss text so that Excel
    does not take them for times of day; notes and selling points one per line."""
    book = Workbook()
    rundown = book.active
    assert rundown is not None
    rundown.title = "Rundown"
    data = sheet_to_dict(sheet)
    segments = [
        {**s, "duration": format_duration(s["duration"]), "notes": "\n".join(s["notes"])}
        for s in data["segments"]
    ]
    _fill(rundown, list(FIELDS), segments)
    products = [{**p, "selling_points": "\n".join(p["selling_points"])} for p in data["products"]]
    _fill(book.create_sheet("Products"), list(PRODUCT_PARSERS), products)
    _fill(book.create_sheet("Coupons"), list(COUPON_PARSERS), data["coupons"])
    book.properties.title = sheet.title or None
    book.save(path)


def _fill(worksheet: Any, columns: list[str], records: Iterable[dict[str, Any]]) -> None:
    worksheet.append(columns)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, record in enumerate(records, start=2):
        for col, name in enumerate(columns, start=1):
            value = record.get(name)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = worksheet.cell(row=row, column=col, value=value)
            if name in ("price", "original_price") and value is not None:
                cell.value = Decimal(value)
                cell.number_format = "0.00"
            elif isinstance(value, str):
                cell.data_type = "s"  # "=..." stays text, never a formula
                cell.number_format = "@"
                if "\n" in value:
                    cell.alignment = wrap
    for col, name in enumerate(columns, start=1):
        letter = worksheet.cell(row=1, column=col).column_letter
        worksheet.column_dimensions[letter].width = _WIDTHS.get(name, 14)
    worksheet.freeze_panes = "A2"
