"""The catalog's codes for a run-sheet file that cannot be read at all (app/adapters/files):
missing, empty, binary, of an unknown kind, not a valid workbook, CSV table or JSON document.
app/domain/messages.py joins them to CATALOG; the window's texts for them are in
app/ui/message_texts_files.py, so "无法打开 empty.csv：文件是空的" reads in the window's language
while `runsheet check` and the API keep the English. No imports: messages.py imports this."""

from __future__ import annotations

_CSV = "save the table as CSV (.csv)"

FILES_CATALOG: dict[str, str] = {
    # a column of a sheet that is read, but not the column itself (runsheet.py: unread_columns)
    "runsheet.column.no_header": "column {n} has no header: LiveDesk does not read it",
    "runsheet.column.kept": "LiveDesk does not read the column “{name}”: it is kept, unused",
    "runsheet.column.unused": "LiveDesk does not read the column “{name}”: nothing in it is used",
    "runsheet.countdown_unit": "a countdown under “时长” needs a unit (5分钟, 90秒 or 5:00), not "
    "{value}; a column headed “秒”, “秒数” or “seconds” takes a bare number of seconds",
    "runsheet.file.missing": "no such file",
    "runsheet.file.folder": "a folder, not a run-sheet file",
    "runsheet.file.empty": "the file is empty",
    "runsheet.file.cannot_read": "cannot read the file: {reason}",
    "runsheet.file.unknown_format": "unknown run-sheet format “{format}”: {hint}",
    "runsheet.file.hint.xls": "the old Excel .xls format cannot be read; save the workbook as "
    ".xlsx",
    "runsheet.file.hint.numbers": "export the Numbers sheet as .xlsx or CSV",
    "runsheet.file.hint.csv": _CSV,
    "runsheet.file.hint.use": "use {extensions}",
    # JSON
    "runsheet.file.binary_json": "the file holds binary content, not JSON text",
    "runsheet.file.not_utf8": "the file is not UTF-8 text (byte {byte})",
    "runsheet.file.bad_json": "invalid JSON: {detail}",
    "runsheet.file.json_not_finite": "invalid JSON: {detail} (numbers must be finite)",
    "runsheet.file.json_too_deep": "invalid JSON: nested too deeply",
    # CSV
    "runsheet.file.bad_utf16": "the file is not valid UTF-16 text",
    "runsheet.file.not_csv": "the file is not a CSV text file but {what}",
    "runsheet.file.is_zip": "an Excel workbook or another zip archive; save it as .xlsx",
    "runsheet.file.is_xls": "an old Excel .xls workbook; save it as .xlsx or CSV",
    "runsheet.file.is_pdf": "a PDF document",
    "runsheet.file.binary_csv": "the file holds binary content, not CSV text",
    "runsheet.file.bad_encoding": "the file is not text in UTF-8 or GBK/GB18030",
    "runsheet.file.bad_csv": "not a readable CSV table: {detail}",
    "runsheet.file.unclosed_quote": 'the quote (") that opens a cell on line {line} is never '
    "closed, so every later line would be read into that cell: close the quote or remove it",
    # XLSX
    "runsheet.file.bad_xlsx": "not a valid XLSX workbook ({reason})",
    "runsheet.file.no_worksheet": "the workbook has no worksheet",
}
