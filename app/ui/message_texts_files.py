"""The window's texts for the codes of app/domain/messages_files.py: why a run-sheet file cannot
be read at all, said in the interface's language in the run-sheet editor ("Could not open …") and in
the main window's start problems for --runsheet (message_texts.py puts them together and
translates)."""

from __future__ import annotations

from app.ui.translate_noop import QT_TRANSLATE_NOOP

FILES_TEXTS: dict[str, str] = {
    "runsheet.column.no_header": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "column {n} has no header: LiveDesk does not read it",
    ),
    "runsheet.column.kept": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "LiveDesk does not read the column “{name}”: it is kept, unused",
    ),
    "runsheet.column.unused": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "LiveDesk does not read the column “{name}”: nothing in it is used",
    ),
    "runsheet.countdown_unit": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "a countdown under “时长” needs a unit (5分钟, 90秒 or 5:00), not {value}; a column headed "
        "“秒”, “秒数” or “seconds” takes a bare number of seconds",
    ),
    "runsheet.file.missing": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "no such file",
    ),
    "runsheet.file.folder": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "a folder, not a run-sheet file",
    ),
    "runsheet.file.empty": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the file is empty",
    ),
    "runsheet.file.cannot_read": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "cannot read the file: {reason}",
    ),
    "runsheet.file.unknown_format": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "unknown run-sheet format “{format}”: {hint}",
    ),
    "runsheet.file.hint.xls": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the old Excel .xls format cannot be read; save the workbook as .xlsx",
    ),
    "runsheet.file.hint.numbers": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "export the Numbers sheet as .xlsx or CSV",
    ),
    "runsheet.file.hint.csv": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "save the table as CSV (.csv)",
    ),
    "runsheet.file.hint.use": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "use {extensions}",
    ),
    "runsheet.file.binary_json": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the file holds binary content, not JSON text",
    ),
    "runsheet.file.not_utf8": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the file is not UTF-8 text (byte {byte})",
    ),
    "runsheet.file.bad_json": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "invalid JSON: {detail}",
    ),
    "runsheet.file.json_not_finite": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "invalid JSON: {detail} (numbers must be finite)",
    ),
    "runsheet.file.json_too_deep": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "invalid JSON: nested too deeply",
    ),
    "runsheet.file.bad_utf16": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the file is not valid UTF-16 text",
    ),
    "runsheet.file.not_csv": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the file is not a CSV text file but {what}",
    ),
    "runsheet.file.is_zip": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "an Excel workbook or another zip archive; save it as .xlsx",
    ),
    "runsheet.file.is_xls": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "an old Excel .xls workbook; save it as .xlsx or CSV",
    ),
    "runsheet.file.is_pdf": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "a PDF document",
    ),
    "runsheet.file.binary_csv": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the file holds binary content, not CSV text",
    ),
    "runsheet.file.bad_encoding": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the file is not text in UTF-8 or GBK/GB18030",
    ),
    "runsheet.file.bad_csv": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "not a readable CSV table: {detail}",
    ),
    "runsheet.file.unclosed_quote": QT_TRANSLATE_NOOP(
        "MessageTexts",
        'the quote (") that opens a cell on line {line} is never closed, so every later line '
        "would be read into that cell: close the quote or remove it",
    ),
    "runsheet.file.bad_xlsx": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "not a valid XLSX workbook ({reason})",
    ),
    "runsheet.file.no_worksheet": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the workbook has no worksheet",
    ),
}
