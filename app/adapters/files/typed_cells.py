"""The text a run-sheet file holds in a segment's cell, as the producer typed it: what the
run-sheet editor shows for a value LiveDesk could not read (an unknown kind, a duration such as
五分钟), instead of an empty cell (app/domain/sheet_rows.py).

Cells are found as the readers of app/adapters/files locate a segment's problems: "12" (the CSV
line a record starts on), "Rundown!5" (a workbook's sheet and row), "segments[3]" (JSON), and
read with the same public functions (decoding, CSV records, the header row, Excel's text of a
date or time), so the two agree on where a segment is.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any

from app.adapters.files import Row, header_index
from app.adapters.files.csv_sheet import decode, read_rows
from app.adapters.files.xlsx_time import shown_text
from app.domain.runsheet import FIELDS, REQUIRED, cell_text, match_header
from app.domain.sheet_rows import TypedCells
from app.domain.text import clean_text, loads_clean

log = logging.getLogger(__name__)
_ITEM = re.compile(r"^segments\[(\d+)\]$")


def read_typed_cells(path: str) -> TypedCells:
    """(location, field) -> the text the file at `path` holds there (None: empty, or not
    found). The file is read on the first question, once; a file that cannot be read again
    (changed or gone since it was opened) answers None to every question."""

    @cache
    def cells() -> TypedCells:
        try:
            return _cells(Path(path))
        except Exception:  # the editor then shows "?": never a crash
            log.warning("cannot read the cells of %s again", path, exc_info=True)
            return _nothing

    return lambda location, field: cells()(location, field)


def _cells(file: Path) -> TypedCells:
    extension = file.suffix.lower()
    if extension == ".json":
        document = loads_clean(file.read_bytes().decode("utf-8-sig"))
        return partial(_json_text, document)
    if extension == ".csv":
        return partial(_table_text, {"": read_rows(decode(file.read_bytes()))})
    if extension in (".xlsx", ".xlsm"):
        return partial(_table_text, _workbook_rows(file))
    return _nothing


def _nothing(_location: str, _field: str) -> str | None:
    return None


def _workbook_rows(file: Path) -> dict[str, list[Row]]:
    from openpyxl import load_workbook  # loaded only when a workbook has a value that failed

    book = load_workbook(file, read_only=True, data_only=True)
    try:
        sheets: dict[str, list[Row]] = {}
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # as the reader: some writers record a wrong size
            sheets[sheet.title] = [
                (f"{sheet.title}!{n}", tuple(_shown(c) for c in row))
                for n, row in enumerate(sheet.iter_rows(), 1)
            ]
        return sheets
    finally:
        book.close()


def _shown(cell: Any) -> object:
    value = cell.value
    if isinstance(value, dt.datetime | dt.time | dt.timedelta):
        return shown_text(value, getattr(cell, "number_format", None))
    return clean_text(value) if isinstance(value, str) else value


def _table_text(sheets: dict[str, list[Row]], location: str, field: str) -> str | None:
    name, _, _number = location.rpartition("!")
    rows = sheets.get(name)
    if not rows:
        return None
    index = header_index(rows, FIELDS, REQUIRED)
    row = next((cells for at, cells in rows if at == location), None)
    if index is None or row is None:
        return None
    column = match_header(rows[index][1]).get(field)
    return _text(row, column)


def _text(row: Sequence[object], column: int | None) -> str | None:
    if column is None or column >= len(row):
        return None
    return cell_text(row[column])


def _json_text(document: Any, location: str, field: str) -> str | None:
    item = _ITEM.match(location)
    segments = document.get("segments") if isinstance(document, dict) else document
    if item is None or not isinstance(segments, list) or int(item.group(1)) >= len(segments):
        return None
    segment = segments[int(item.group(1))]
    value = segment.get(field) if isinstance(segment, dict) else None
    if value is None or isinstance(value, str):
        return cell_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return cell_text(value)
    return json.dumps(value, ensure_ascii=False)  # true, a list, an object: as the file has it
