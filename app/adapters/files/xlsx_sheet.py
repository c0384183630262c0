"""XLSX run-sheets (openpyxl): the segments on sheet `Rundown` (流程, 节目单 …), else on the first
visible sheet whose header names title and duration, else on the first visible sheet; optional
`Products` and `Coupons` sheets for the catalog. Locations are `Sheet!ROW` with the workbook's
own row numbers. A date or time cell is read as the text Excel shows for it (xlsx_time), by the
same rules as a CSV cell: `5:00` typed in Excel is five minutes in both."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from app.adapters.files import (
    Row,
    UnreadableFile,
    header_index,
    refuse_no_segments,
    rows_above,
    unread_columns,
)
from app.adapters.files.spelling import Spelling, headers_of, kinds_in_chinese, spelled
from app.adapters.files.xlsx_cells import (
    Merge,
    SheetMarks,
    cell_value,
    fill_merged,
    fold_merged,
    sheet_marks,
)
from app.adapters.files.xlsx_time import shown_text
from app.domain.durations import format_duration
from app.domain.messages import Message
from app.domain.runsheet import (
    FIELDS,
    REQUIRED,
    ParseResult,
    Problem,
    RunSheet,
    SegmentKind,
    cell_text,
    parse_rows,
)
from app.domain.runsheet_codec import (
    COUPON_FIELDS,
    COUPON_PARSERS,
    COUPON_SHEETS,
    PRODUCT_FIELDS,
    PRODUCT_PARSERS,
    PRODUCT_SHEETS,
    match_columns,
    parse_catalog_rows,
    sheet_to_dict,
)
from app.domain.text import clean_text

RUNDOWN_SHEETS = ("rundown", "run-sheet", "runsheet", "流程", "节目单", "直播流程")
_WIDTHS = {"title": 28, "duration": 10, "notes": 60, "name": 24, "selling_points": 40}


def read_xlsx(path: str | os.PathLike[str]) -> ParseResult:
    """Segments and catalog of a workbook. UnreadableFile when it is not a valid XLSX, or when
    it holds nothing at all (as an empty CSV)."""
    sheets, title, hidden, merges = _book(path)
    return _parse(sheets, title, hidden, merges)


def _book(
    path: str | os.PathLike[str],
) -> tuple[dict[str, list[Row]], str, set[str], dict[str, list[Merge]]]:
    """The workbook's rows by sheet, its title, its hidden sheets and merged cells."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl fails in many ways on a broken file
        raise UnreadableFile(Message("runsheet.file.bad_xlsx", reason=_reason(exc))) from None
    try:
        sheets: dict[str, list[Row]] = {}
        merges: dict[str, list[Merge]] = {}
        hidden: set[str] = set()
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # some writers record a wrong size
            marks = sheet_marks(sheet)
            rows = enumerate(sheet.iter_rows(), 1)
            sheets[sheet.title] = [(f"{sheet.title}!{n}", _cells(r, n, marks)) for n, r in rows]
            merges[sheet.title] = marks.merges
            if sheet.sheet_state != "visible":  # hidden, veryHidden
                hidden.add(sheet.title)
        title = clean_text(str(book.properties.title or "").strip(), single_line=True)
    except Exception as exc:  # noqa: BLE001 - as above, while reading the sheets
        raise UnreadableFile(Message("runsheet.file.bad_xlsx", reason=_reason(exc))) from None
    finally:
        book.close()
    if not sheets:
        raise UnreadableFile(Message("runsheet.file.no_worksheet"))
    if not any(_has_cells(rows) for rows in sheets.values()):
        raise UnreadableFile(Message("runsheet.file.empty"))
    return sheets, title, hidden, merges


def xlsx_spelling(path: str | os.PathLike[str]) -> Spelling | None:
    """How a Chinese workbook names its sheets, its columns and its kinds (None: headed in
    English), found as read_xlsx finds its parts."""
    sheets, _, hidden, _ = _book(path)
    products, coupons = _named(sheets, PRODUCT_SHEETS), _named(sheets, COUPON_SHEETS)
    rundown = _rundown(sheets, hidden, (products, coupons))
    names = {"rundown": rundown, "products": products, "coupons": coupons}
    tables = {"rundown": FIELDS, "products": PRODUCT_FIELDS, "coupons": COUPON_FIELDS}
    required = {"rundown": REQUIRED, "products": ("sku",), "coupons": ("code",)}
    headers: dict[str, dict[str, str]] = {}
    kinds: list[object] = []
    for part, name in names.items():
        rows = sheets.get(name or "", [])
        index = header_index(rows, tables[part], required[part])
        if index is None:
            continue
        header = rows[index][1]
        headers[part] = headers_of(header, tables[part])
        kind = match_columns(header, FIELDS).get("kind") if part == "rundown" else None
        if kind is not None:
            kinds = [row[kind] for _, row in rows[index + 1 :] if kind < len(row)]
    sheet_names = {part: name for part, name in names.items() if name is not None}
    return spelled(sheet_names, headers, kinds_in_chinese(kinds))


def _parse(
    sheets: dict[str, list[Row]], title: str, hidden: set[str], merges: dict[str, list[Merge]]
) -> ParseResult:
    products_name = _named(sheets, PRODUCT_SHEETS)
    coupons_name = _named(sheets, COUPON_SHEETS)
    rundown_name = _rundown(sheets, hidden, (products_name, coupons_name))
    header, header_at, rows, merged = _split(
        sheets[rundown_name], FIELDS, REQUIRED, rundown_name, merges.get(rundown_name, []),
        ("notes",), ("duration",),
    )  # fmt: skip
    p_header, p_at, p_rows, p_merged = _split(
        sheets.get(products_name or ""), PRODUCT_FIELDS, ("sku",), "",
        merges.get(products_name or "", []), ("selling_points",),
    )  # fmt: skip
    c_header, c_at, c_rows, c_merged = _split(
        sheets.get(coupons_name or ""), COUPON_FIELDS, ("code",), "",
        merges.get(coupons_name or "", []),
    )  # fmt: skip
    catalog, problems = parse_catalog_rows(
        p_header, p_rows, c_header, c_rows,
        products_header_location=p_at, coupons_header_location=c_at,
    )  # fmt: skip
    result = parse_rows(header or (), header_at, rows, catalog)
    sheet = RunSheet(result.sheet.segments, catalog, title)
    unread = [f"{rundown_name} › {what}" for what in _above(sheets[rundown_name], header_at)]
    unread += [f"{rundown_name} › {what}" for what in result.unread]
    for name, header_row, at, body, fields in (
        (products_name, p_header, p_at, p_rows, PRODUCT_FIELDS),
        (coupons_name, c_header, c_at, c_rows, COUPON_FIELDS),
    ):
        if name is not None and header_row is not None:
            unread += [f"{name} › {what}" for what in _above(sheets[name], at)]
            unread += [f"{name} › {what}" for what in unread_columns(header_row, body, fields)]
    used = (rundown_name, products_name, coupons_name)
    unread += [f"sheet {n}" for n, rows in sheets.items() if n not in used and _has_cells(rows)]
    parsed = ParseResult(
        sheet, merged + result.problems + p_merged + c_merged + problems,
        list(dict.fromkeys(unread)),
    )  # fmt: skip
    return refuse_no_segments(parsed, header_at)


def _cells(row: Iterable[Any], number: int, marks: SheetMarks) -> tuple[object, ...]:
    """A row's values, a date or time as the text Excel shows for it in its number format, an
    Excel error or a formula without a saved value as an UnreadableCell."""
    return _clean(
        [
            _shown(cell_value(cell, number, column, marks), getattr(cell, "number_format", None))
            for column, cell in enumerate(row, 1)
        ]
    )


def _shown(value: object, number_format: str | None) -> object:
    if isinstance(value, dt.datetime | dt.time | dt.timedelta):
        return shown_text(value, number_format)
    return value


def _clean(row: Sequence[object]) -> tuple[object, ...]:
    """A row's text cells with each control character (``_x0001_`` in the file) as U+FFFD."""
    return tuple(clean_text(v) if isinstance(v, str) else v for v in row)


def _rundown(sheets: dict[str, list[Row]], hidden: set[str], catalog: Sequence[str | None]) -> str:
    """The rundown's sheet: one named so (visible first), else the first visible sheet whose
    header names title and duration, else the first visible sheet (of those not the catalog)."""
    candidates = [n for n in sheets if n not in catalog] or list(sheets)
    visible = [n for n in candidates if n not in hidden] or candidates
    return (
        _named(visible, RUNDOWN_SHEETS)
        or next((n for n in visible if _has_header(sheets[n])), None)
        or _named(candidates, RUNDOWN_SHEETS)
        or visible[0]
    )


def _has_header(rows: list[Row]) -> bool:
    index = header_index(rows, FIELDS, REQUIRED)
    return index is not None and set(REQUIRED) <= set(match_columns(rows[index][1], FIELDS))


def _has_cells(rows: list[Row]) -> bool:
    return any(cell_text(c) is not None for _, row in rows for c in row)


def _above(rows: list[Row], header_at: str) -> list[str]:
    index = next((i for i, (location, _) in enumerate(rows) if location == header_at), 0)
    return rows_above(rows, index)


def _named(sheets: Iterable[str], names: Sequence[str]) -> str | None:
    return next((n for n in sheets if n.strip().lower() in names), None)


def _split(
    rows: list[Row] | None,
    fields: dict[str, tuple[str, ...]],
    required: Sequence[str],
    name: str,
    merges: Sequence[Merge],
    joined: Sequence[str] = (),
    own: Sequence[str] = (),
) -> tuple[Sequence[object] | None, str, list[Row], list[Problem]]:
    """(header, its location, the rows below it, the problems of its merged cells); header None
    for an absent or empty sheet. The rows read merged cells as Excel shows them (xlsx_cells):
    `required[0]` is the column whose merge makes rows one item."""
    if rows is None:
        return None, "", [], []
    index = header_index(rows, fields, required)
    if index is None:
        return None, f"{name}!1", [], []
    header = rows[index][1]
    if not merges:
        return header, rows[index][0], rows[index + 1 :], []
    filled, covered = fill_merged(rows, merges, below=index + 1)
    body = list(enumerate(filled, 1))[index + 1 :]
    folded, problems = fold_merged(header, body, covered, fields, required[0], joined, own)
    return header, rows[index][0], folded, problems


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


def write_xlsx(sheet: RunSheet, path: str | os.PathLike[str]) -> None:
    Path(path).write_bytes(xlsx_bytes(sheet))


def xlsx_bytes(sheet: RunSheet, spelling: Spelling | None = None) -> bytes:
    """Rundown, Products and Coupons sheets, bold headers; durations as m:ss text so that Excel
    does not take them for times of day; notes and selling points one per line; the rundown's
    other columns (Segment.extra) after its own. With a `spelling` (the source was Chinese):
    its sheet names, headers and kinds."""
    book = Workbook()
    rundown = book.active
    assert rundown is not None
    rundown.title = spelling.sheet("rundown") if spelling else "Rundown"
    data = sheet_to_dict(sheet)
    extra = sheet.extra_names
    segments = [
        {
            **{name: s.get(name) for name in FIELDS},
            "kind": _kind(s.get("kind"), spelling),
            "duration": format_duration(s["duration"]),
            "notes": "\n".join(s["notes"]),
            **{name: text or None for name, text in s.get("extra", {}).items()},
        }
        for s in data["segments"]
    ]
    names = _names(spelling, "rundown", FIELDS)
    _fill(rundown, [*FIELDS, *extra], segments, names=names)
    products = [{**p, "selling_points": "\n".join(p["selling_points"])} for p in data["products"]]
    prices = ("price", "original_price")
    _fill(
        book.create_sheet(spelling.sheet("products") if spelling else "Products"),
        list(PRODUCT_PARSERS), products, prices, _names(spelling, "products", PRODUCT_FIELDS),
    )  # fmt: skip
    _fill(
        book.create_sheet(spelling.sheet("coupons") if spelling else "Coupons"),
        list(COUPON_PARSERS), _coupons(data["coupons"], spelling),
        names=_names(spelling, "coupons", COUPON_FIELDS),
    )  # fmt: skip
    book.properties.title = sheet.title or None
    data_out = io.BytesIO()
    book.save(data_out)
    return data_out.getvalue()


def _coupons(coupons: list[dict[str, Any]], spelling: Spelling | None) -> list[dict[str, Any]]:
    """The coupons as written: under a Chinese header (时长 needs a unit where 秒 takes bare
    seconds) the countdown as m:ss text, which every header reads the same."""
    if spelling is None:
        return coupons
    return [
        {**c, "seconds": format_duration(c["seconds"])} if c.get("seconds") is not None else c
        for c in coupons
    ]


def _kind(kind: str | None, spelling: Spelling | None) -> str | None:
    return spelling.kind(SegmentKind(kind)) if kind and spelling else kind


def _names(
    spelling: Spelling | None, part: str, fields: Mapping[str, tuple[str, ...]]
) -> dict[str, str]:
    """The header each field is written under: the key, or the source's own (Chinese) one."""
    if spelling is None:
        return {}
    return {name: spelling.header(part, name, aliases) for name, aliases in fields.items()}


def _fill(
    worksheet: Any,
    columns: list[str],
    records: Iterable[dict[str, Any]],
    prices: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
) -> None:
    worksheet.append([(names or {}).get(column, column) for column in columns])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"  # a column named "=x" too
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, record in enumerate(records, start=2):
        for col, name in enumerate(columns, start=1):
            value = record.get(name)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = worksheet.cell(row=row, column=col, value=value)
            if name in prices and value is not None:
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
