"""Why a run-sheet file cannot be read is a Message (runsheet.file.*): the window translates it
by its code, while its str, what `runsheet check` and the API print, stays today's English."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.adapters.files.runsheets import UnreadableFile, load_runsheet
from app.domain.messages import CATALOG, Message


@pytest.mark.parametrize(
    ("name", "content", "english"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.json", b"  \n", "the file is empty"),
        ("bin.xlsx", b"\x13\x37 not a zip", "not a valid XLSX workbook ("),
        (
            "zip.csv",
            b"PK\x03\x04 rest",
            "the file is not a CSV text file but an Excel workbook or "
            "another zip archive; save it as .xlsx",
        ),
        ("nul.csv", b"a,b\x00c", "the file holds binary content, not CSV text"),
        ("nul.json", b"{\x00}", "the file holds binary content, not JSON text"),
        ("latin.json", b'{"a": "\xff\xfe\xfa"}', "the file is not UTF-8 text (byte 7)"),
        (
            "broken.json",
            b"{ not json",
            "invalid JSON: Expecting property name enclosed in double quotes",
        ),
        (
            "quote.csv",
            b'title,duration\n"open,5\nmore,5\n',
            'the quote (") that opens a cell on line 2 is never closed',
        ),
        (
            "show.xls",
            b"x",
            "unknown run-sheet format “.xls”: the old Excel .xls format cannot be "
            "read; save the workbook as .xlsx",
        ),
        ("show.pdf", b"x", "unknown run-sheet format “.pdf”: use .csv, .xlsx, .xlsm, .json"),
    ],
)
def test_an_unreadable_file_s_reason_has_a_code_and_today_s_english(
    tmp_path: Path, name: str, content: bytes, english: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as raised:
        load_runsheet(path)
    reason = raised.value.message
    assert isinstance(reason, Message)
    assert reason.code in CATALOG
    assert reason.code.startswith("runsheet.file.")
    assert str(raised.value).startswith(english)  # what the CLI and the API print
    assert type(str(raised.value)) is str


def test_a_missing_file_and_a_folder_have_codes(tmp_path: Path) -> None:
    for path, english in ((tmp_path / "none.csv", "no such file"),
                          (tmp_path, "a folder, not a run-sheet file")):  # fmt: skip
        with pytest.raises(UnreadableFile) as raised:
            load_runsheet(path)
        assert isinstance(raised.value.message, Message)
        assert str(raised.value) == english
