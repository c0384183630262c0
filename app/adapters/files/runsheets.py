"""Load and save run-sheets by extension: .csv, .xlsx (.xlsm read), .json.

`load_runsheet` reads, parses and validates (without OBS's scenes, which only the console knows):
every problem of the file, in file order. A file that cannot be read at all raises
UnreadableFile; writing one raises UnknownFormat for an unknown extension and OSError as the
file system does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from app.adapters.files import UnknownFormat, UnreadableFile
from app.adapters.files.atomic import write_whole
from app.adapters.files.spelling import Spelling
from app.domain.messages import Message
from app.domain.runsheet import ParseResult, Problem, RunSheet, clip, validate
from app.domain.runsheet_cells import cell_split_points
from app.domain.runsheet_codec import COUPON_SHEETS, PRODUCT_SHEETS

__all__ = [
    "READ_EXTENSIONS",
    "WRITE_EXTENSIONS",
    "FileRunSheets",
    "UnknownFormat",
    "UnreadableFile",
    "left_out",
    "load_runsheet",
    "save_runsheet",
    "spelling_of",
]

READ_EXTENSIONS = (".csv", ".xlsx", ".xlsm", ".json")
WRITE_EXTENSIONS = (".csv", ".xlsx", ".json")
_HINTS = {  # what to do with a file of another format: the code of the hint
    ".xls": "runsheet.file.hint.xls",
    ".numbers": "runsheet.file.hint.numbers",
    ".tsv": "runsheet.file.hint.csv",
    ".txt": "runsheet.file.hint.csv",
}
_ROW = re.compile(r"^(?:(.*)!)?(\d+)(?::(\d+))?$")
_ITEM = re.compile(r"^(\w+)\[(\d+)\]")


def _format(path: Path, extensions: tuple[str, ...]) -> str:
    extension = path.suffix.lower()
    if extension not in extensions:
        code = _HINTS.get(extension)
        hint = (
            Message(code)
            if code
            else Message("runsheet.file.hint.use", extensions=", ".join(extensions))
        )
        raise UnknownFormat(
            Message("runsheet.file.unknown_format", format=extension or path.name, hint=hint)
        )
    return extension


def load_runsheet(path: str | os.PathLike[str]) -> ParseResult:
    """The run-sheet in a file, with every error and warning in file order (validate() run
    without scenes: catalog, duplicate and over-long segment problems are included)."""
    file = Path(path)
    if not file.exists():
        raise UnreadableFile(Message("runsheet.file.missing"))
    if file.is_dir():
        raise UnreadableFile(Message("runsheet.file.folder"))
    extension = _format(file, READ_EXTENSIONS)
    try:
        if file.stat().st_size == 0:
            raise UnreadableFile(Message("runsheet.file.empty"))
        result = _reader(extension)(file)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UnreadableFile(Message("runsheet.file.cannot_read", reason=reason)) from None
    problems = result.problems + validate(result.sheet)
    problems.sort(key=_file_order)
    return ParseResult(result.sheet, problems, result.unread)


def _reader(extension: str) -> Callable[[Path], ParseResult]:
    if extension == ".csv":
        from app.adapters.files.csv_sheet import read_csv

        return read_csv
    if extension == ".json":
        from app.adapters.files.json_sheet import read_json

        return read_json
    from app.adapters.files.xlsx_sheet import read_xlsx  # openpyxl loads only when needed

    return read_xlsx


def _file_order(problem: Problem) -> tuple[int, int, int]:
    """CSV lines in order; in a workbook the rundown, then Products, then Coupons; in JSON the
    document, then segments, products, coupons."""
    location = problem.location
    if location.isdecimal():  # a CSV line
        return 0, int(location), 0
    row = _ROW.match(location)
    if row:
        part, number = (row.group(1) or "").strip().lower(), int(row.group(2))
        return _part_rank(part), number, int(row.group(3) or 0)
    item = _ITEM.match(location)
    if item:
        return _part_rank(item.group(1).lower()), int(item.group(2)) + 1, 0
    return _part_rank(location.strip().lower()), 0, 0


def _part_rank(part: str) -> int:
    if part in ("", "$", "title"):
        return 0
    if part in PRODUCT_SHEETS:
        return 2
    if part in COUPON_SHEETS:
        return 3
    return 1  # the rundown, whatever its sheet's name, and JSON's segments


def save_runsheet(
    sheet: RunSheet,
    path: str | os.PathLike[str],
    like: str | os.PathLike[str] | None = None,
) -> None:
    """Write the sheet in the format of the extension, as write_whole writes: the file replaced
    in one step, a symlink followed, a device or FIFO written through. A CSV or XLSX is written
    in the language of the file it was read from (`like`, else the file it replaces): a Chinese
    workbook saved back keeps its sheet names, headers and kinds (spelling.py)."""
    file = Path(path)
    extension = _format(file, WRITE_EXTENSIONS)
    if extension == ".json":  # the canonical form, in one language
        write_whole(file, _serialiser(extension)(sheet))
        return
    spelling = spelling_of(file if like is None else Path(like))
    write_whole(file, _serialiser(extension)(sheet, spelling))


def spelling_of(path: str | os.PathLike[str]) -> Spelling | None:
    """How the run-sheet file at `path` names its parts when it is a Chinese CSV or workbook;
    None for anything else (no such file, English, JSON, unreadable: written in English)."""
    file = Path(path)
    extension = file.suffix.lower()
    try:
        if not file.is_file() or extension not in (".csv", ".xlsx", ".xlsm"):
            return None
        if extension == ".csv":
            from app.adapters.files.csv_sheet import csv_spelling

            return csv_spelling(file)
        from app.adapters.files.xlsx_sheet import xlsx_spelling

        return xlsx_spelling(file)
    except (UnreadableFile, OSError, ValueError):
        return None


def left_out(result: ParseResult, path: str | os.PathLike[str]) -> list[str]:
    """What writing the sheet read in `result` to `path` leaves out, one sentence each with how
    to keep it (none: the file holds everything): a CSV holds only the rundown; what the source
    held that LiveDesk does not read; points a CSV or XLSX cell would split."""
    extension, sheet = Path(path).suffix.lower(), result.sheet
    notes: list[str] = []
    if extension == ".csv":
        parts = [f"the title “{clip(sheet.title)}”"] if sheet.title else []
        parts += (
            [_counted(len(sheet.catalog.products), "product")] if sheet.catalog.products else []
        )
        parts += [_counted(len(sheet.catalog.coupons), "coupon")] if sheet.catalog.coupons else []
        if parts:
            notes.append(f"a CSV holds only the rundown; not written: {', '.join(parts)}; "
                         "convert to .xlsx or .json to keep them")  # fmt: skip
    if result.unread:
        notes.append("not written, as LiveDesk does not read them: " + ", ".join(result.unread))
    split = cell_split_points(sheet, catalog=extension == ".xlsx")
    if split and extension in (".csv", ".xlsx"):
        where = ", ".join(dict.fromkeys(location for location, _ in split))
        one = len(split) == 1
        notes.append(
            f"{_counted(len(split), 'point')} hold{'s' * one} “|” or a line break, which a "
            f"{extension} cell splits on ({where}); keep the sheet as .json to keep "
            f"{'it' if one else 'them'} whole"
        )
    return notes


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _serialiser(extension: str) -> Callable[..., bytes]:
    if extension == ".csv":
        from app.adapters.files.csv_sheet import csv_bytes

        return csv_bytes
    if extension == ".json":
        from app.adapters.files.json_sheet import json_bytes

        return json_bytes
    from app.adapters.files.xlsx_sheet import xlsx_bytes

    return xlsx_bytes


class FileRunSheets:
    """The RunSheetFiles port (app.services.ports) over these files."""

    def load(self, path: str) -> ParseResult:
        return load_runsheet(path)

    def save(self, sheet: RunSheet, path: str, like: str | None = None) -> None:
        save_runsheet(sheet, path, like)
