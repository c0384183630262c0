"""CSV run-sheets: UTF-8 (with or without BOM), GBK/GB18030 (Excel on Chinese Windows) or UTF-16
with BOM (Excel's "Unicode text"), detected by themselves. Locations are physical line numbers,
the header being line 1; a record whose quoted cell spans lines is located where it starts.
Written in UTF-8 with BOM so that Excel opens Chinese correctly, each text that Excel would take
for a formula (`=1+2`, `@cmd`) behind an apostrophe, which reading takes off again."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
from collections.abc import Sequence
from pathlib import Path

from app.adapters.files import Row, UnreadableFile, header_index, refuse_no_segments, rows_above
from app.adapters.files.spelling import Spelling, headers_of, kinds_in_chinese, spelled
from app.domain.durations import DurationError, format_duration, parse_duration
from app.domain.messages import Message
from app.domain.runsheet import (
    FIELDS,
    REQUIRED,
    ParseResult,
    Problem,
    RunSheet,
    cell_text,
    match_header,
    parse_rows,
)
from app.domain.runsheet_cells import UnreadableCell, clip, excel_error, formula_safe, unprotected
from app.domain.text import clean_text

_DELIMITERS = ",;\t"
_SAMPLE_LINES = 100  # the lines the delimiter is chosen from
_LINE_BREAK = re.compile(r"\r\n?|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # not \t \n \v \f \r
_SIGNATURES = {  # what a file is, by its first bytes: the code of its word
    b"PK\x03\x04": "runsheet.file.is_zip",
    b"\xd0\xcf\x11\xe0": "runsheet.file.is_xls",
    b"%PDF": "runsheet.file.is_pdf",
}


def decode(data: bytes) -> str:
    """The text of a CSV file in whichever encoding it was saved. UnreadableFile for empty or
    binary content."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile(Message("runsheet.file.bad_utf16")) from None
    else:
        for magic, what in _SIGNATURES.items():
            if data.startswith(magic):
                raise UnreadableFile(Message("runsheet.file.not_csv", what=Message(what)))
        if b"\x00" in data:
            raise UnreadableFile(Message("runsheet.file.binary_csv"))
        text = _decode_text(data)
    if not text.strip():
        raise UnreadableFile(Message("runsheet.file.empty"))
    if len(_CONTROL.findall(text[:65536])) * 100 > min(len(text), 65536):
        raise UnreadableFile(Message("runsheet.file.binary_csv"))
    return text


def _decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(Message("runsheet.file.bad_encoding"))


def read_rows(text: str, delimiter: str | None = None) -> list[Row]:
    """Records with the physical line each starts on (blank lines keep their numbers). A cell
    that holds an Excel error (`#N/A`, as Excel saves a failed formula) is an UnreadableCell.
    UnreadableFile when a quote opened in a cell is never closed (every later line would be
    read into that cell). The delimiter: `delimiter`, else the one the text uses."""
    delimiter = delimiter or _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    start = 1
    try:
        for record in reader:  # a control character in a cell becomes U+FFFD
            rows.append((str(start), [_cell(clean_text(c), n) for n, c in enumerate(record, 1)]))
            start = reader.line_num + 1
    except csv.Error as exc:
        problem = Message("runsheet.file.bad_csv", detail=str(exc))
        raise UnreadableFile(problem, str(start)) from None
    if rows and any(_spans_lines(c) for c in rows[-1][1]):  # the csv module reads on to the end
        opened = _unclosed_quote(text, delimiter, int(rows[-1][0]))
        if opened is not None:
            quote = Message("runsheet.file.unclosed_quote", line=opened)
            raise UnreadableFile(quote, str(opened))
    return rows


def _cell(text: str, column: int) -> object:
    error = excel_error(text) if "#" in text else None
    if error is not None:
        return UnreadableCell.excel_error(error, f"column {column}")
    return unprotected(text)


def _spans_lines(cell: object) -> bool:
    return isinstance(cell, str) and ("\n" in cell or "\r" in cell)


def _delimiter(text: str) -> str:
    """`,` `;` or tab: the one the first line holding any of them holds most (a title line
    above the header may hold none), unless the header (title and duration) is found in the
    first lines only with another one."""
    sample = "".join(itertools.islice(io.StringIO(text, newline=""), _SAMPLE_LINES))
    first = next((line for line in sample.splitlines() if any(d in line for d in _DELIMITERS)), "")
    chosen = max(_DELIMITERS, key=first.count) if first else ","
    for delimiter in [chosen, *(d for d in _DELIMITERS if d != chosen and d in sample)]:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        rows = [(str(n), record) for n, record in enumerate(reader, 1)]
        index = header_index(rows, FIELDS, REQUIRED)
        if index is not None and set(REQUIRED) <= set(match_header(rows[index][1])):
            return delimiter
    return chosen


def _unclosed_quote(text: str, delimiter: str, start: int) -> int | None:
    """The line of the quote still open at the end of `text` in the record starting at line
    `start`, when later lines hold something (the csv module, not strict, reads them all into
    its cell), else None.
    Read as the csv module reads: a quote opens a cell only at its start, `""` inside is one
    quote, and a quote that closes may be followed by more text."""
    lines = io.StringIO(text, newline="").readlines()
    record = "".join(lines[start - 1 :])
    line, opened, state = start, start, "start"  # start | plain | quoted | closed
    for index, char in enumerate(record):
        newline = char == "\n" or (char == "\r" and record[index + 1 : index + 2] != "\n")
        if state == "quoted":
            state = "closed" if char == '"' else state
        elif state == "closed" and char == '"':
            state = "quoted"  # "" inside a quoted cell
        elif char == delimiter or newline:
            state = "start"
        elif state == "start" and char == '"':
            state, opened = "quoted", line
        else:
            state = "plain"
        line += newline
    if state != "quoted" or not any(rest.strip() for rest in lines[opened:]):
        return None  # closed, or nothing but blank lines after it: nothing read into the cell
    return opened


def read_csv(path: str | os.PathLike[str]) -> ParseResult:
    """Segments of a CSV run-sheet (a CSV has no catalog)."""
    text = decode(Path(path).read_bytes())
    delimiter = _delimiter(text)
    rows = read_rows(text, delimiter)
    index = header_index(rows, FIELDS, REQUIRED)
    if index is None:
        raise UnreadableFile(Message("runsheet.file.empty"))
    location, header = rows[index]
    body = rows[index + 1 :]
    result = parse_rows(header, location, body)
    problems = swallowed_rows(header, body, delimiter) + result.problems
    parsed = ParseResult(result.sheet, problems, rows_above(rows, index) + result.unread)
    return refuse_no_segments(parsed, location)


def swallowed_rows(
    header: Sequence[object], rows: Sequence[Row], delimiter: str = ","
) -> list[Problem]:
    """An error for each cell running over several lines of which a later one reads as a row
    of its own (as many cells as the header, a title and a duration in their columns): the
    quote that opened the cell was most likely not meant to, and a later stray quote closed
    it."""
    columns = match_header(header)
    if not set(REQUIRED) <= set(columns):
        return []
    title, duration = columns["title"], columns["duration"]
    problems: list[Problem] = []
    for location, row in rows:
        line = int(location)
        for number, cell in enumerate(row, 1):
            if not isinstance(cell, str) or not _spans_lines(cell):
                continue
            inner = _LINE_BREAK.split(cell)  # physical lines, as the csv module counts them
            like = [
                t for t in inner[1:] if _reads_as_row(t, delimiter, len(header), title, duration)
            ]
            if like:
                name = cell_text(header[number - 1]) if number <= len(header) else None
                where = f"{clip(name, 30)} (column {number})" if name else f"column {number}"
                rows_word = f"{len(like)} more row{'s' * (len(like) != 1)}"
                problems.append(Problem(
                    "error", str(line),
                    f"{where} runs over lines {line}–{line + len(inner) - 1} and holds what "
                    f"reads as {rows_word} (“{clip(like[0])}”): a quote (\") on line {line} is "
                    "probably not closed where it should be",
                ))  # fmt: skip
            line += len(inner) - 1
    return problems


def _reads_as_row(text: str, delimiter: str, width: int, title: int, duration: int) -> bool:
    cells = text.split(delimiter)
    if len(cells) < max(width, title + 1, duration + 1) or not cells[title].strip():
        return False
    try:
        parse_duration(cells[duration].strip().strip('"'))
    except DurationError:
        return False
    return True


def csv_spelling(path: str | os.PathLike[str]) -> Spelling | None:
    """How a Chinese CSV run-sheet names its columns and kinds (None: headed in English)."""
    rows = read_rows(decode(Path(path).read_bytes()))
    index = header_index(rows, FIELDS, REQUIRED)
    if index is None:
        return None
    header = rows[index][1]
    kind = match_header(header).get("kind")
    cells = [row[kind] for _, row in rows[index + 1 :] if kind is not None and kind < len(row)]
    return spelled({}, {"rundown": headers_of(header, FIELDS)}, kinds_in_chinese(cells))


def csv_text(sheet: RunSheet, spelling: Spelling | None = None) -> str:
    """The sheet as CSV text: English header (or the Chinese one of `spelling`, the names of the
    file it was read from), durations as m:ss / h:mm:ss, notes joined " | ", then the sheet's
    other columns (Segment.extra); no cell starts like a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # the interaction column only when a segment opens something (sheets without stay as they were)
    interaction = any(s.interaction for s in sheet.segments)
    extra = sheet.extra_names
    header = [f for f in FIELDS if interaction or f != "interaction"]
    if spelling is not None:
        header = [spelling.header("rundown", name, FIELDS[name]) for name in header]
    writer.writerow([formula_safe(name) for name in [*header, *extra]])
    for s in sheet.segments:
        kind = (spelling.kind(s.kind) if spelling else s.kind.value) if s.kind else ""
        row = [s.title, format_duration(s.duration_s), kind, s.scene, s.product, s.coupon]
        cells = [*(v or "" for v in row), " | ".join(s.notes)]
        cells += [s.interaction or ""] if interaction else []
        others = dict(s.extra)
        cells += [others.get(name, "") for name in extra]
        writer.writerow([formula_safe(cell) for cell in cells])
    return buffer.getvalue()


def csv_bytes(sheet: RunSheet, spelling: Spelling | None = None) -> bytes:
    """UTF-8 with BOM, CRLF line ends: what Excel opens without asking."""
    return csv_text(sheet, spelling).encode("utf-8-sig")
