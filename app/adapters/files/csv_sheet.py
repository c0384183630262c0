"""CSV run-sheets: UTF-8 (with or without BOM), GBK/GB18030 (Excel on Chinese Windows) or UTF-16
with BOM (Excel's "Unicode text"), detected by themselves. Locations are physical line numbers,
the header being line 1; a record whose quoted cell spans lines is located where it starts.
Written in UTF-8 with BOM so that Excel opens Chinese correctly, each text that Excel would take
for a formula (`=1+2`, `@cmd`) behind an apostrophe, which reading takes off again."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from pathlib import Path

from app.adapters.files import Row, UnreadableFile, header_index, rows_above
from app.domain.durations import format_duration
from app.domain.runsheet import FIELDS, REQUIRED, ParseResult, RunSheet, parse_rows
from app.domain.runsheet_cells import formula_safe, unprotected
from app.domain.text import clean_text

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # not \t \n \v \f \r
_SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook or another zip archive; save it as .xlsx",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook; save it as .xlsx or CSV",
    b"%PDF": "a PDF document",
}


def decode(data: bytes) -> str:
    """The text of a CSV file in whichever encoding it was saved. UnreadableFile for empty or
    binary content."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile("the file is not valid UTF-16 text") from None
    else:
        for magic, what in _SIGNATURES.items():
            if data.startswith(magic):
                raise UnreadableFile(f"the file is not a CSV text file but {what}")
        if b"\x00" in data:
            raise UnreadableFile("the file holds binary content, not CSV text")
        text = _decode_text(data)
    if not text.strip():
        raise UnreadableFile("the file is empty")
    if len(_CONTROL.findall(text[:65536])) * 100 > min(len(text), 65536):
        raise UnreadableFile("the file holds binary content, not CSV text")
    return text


def _decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("the file is not text in UTF-8 or GBK/GB18030")


def read_rows(text: str) -> list[Row]:
    """Records with the physical line each starts on (blank lines keep their numbers)."""
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    start = 1
    try:
        for record in reader:  # a control character in a cell becomes U+FFFD
            rows.append((str(start), [unprotected(clean_text(cell)) for cell in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile(f"not a readable CSV table: {exc}", str(start)) from None
    return rows


def read_csv(path: str | os.PathLike[str]) -> ParseResult:
    """Segments of a CSV run-sheet (a CSV has no catalog)."""
    rows = read_rows(decode(Path(path).read_bytes()))
    index = header_index(rows, FIELDS, REQUIRED)
    if index is None:
        raise UnreadableFile("the file is empty")
    location, header = rows[index]
    result = parse_rows(header, location, rows[index + 1 :])
    return ParseResult(result.sheet, result.problems, rows_above(rows, index) + result.unread)


def csv_text(sheet: RunSheet) -> str:
    """The sheet as CSV text: English header, durations as m:ss / h:mm:ss, notes joined " | ",
    then the sheet's other columns (Segment.extra); no cell starts like a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # the interaction column only when a segment opens something (sheets without stay as they were)
    interaction = any(s.interaction for s in sheet.segments)
    extra = sheet.extra_names
    header = [f for f in FIELDS if interaction or f != "interaction"]
    writer.writerow([formula_safe(name) for name in [*header, *extra]])
    for s in sheet.segments:
        kind = s.kind.value if s.kind else ""
        row = [s.title, format_duration(s.duration_s), kind, s.scene, s.product, s.coupon]
        cells = [*(v or "" for v in row), " | ".join(s.notes)]
        cells += [s.interaction or ""] if interaction else []
        others = dict(s.extra)
        cells += [others.get(name, "") for name in extra]
        writer.writerow([formula_safe(cell) for cell in cells])
    return buffer.getvalue()


def csv_bytes(sheet: RunSheet) -> bytes:
    """UTF-8 with BOM, CRLF line ends: what Excel opens without asking."""
    return csv_text(sheet).encode("utf-8-sig")
