"""Run-sheet files: CSV, XLSX and JSON in and out (the facade is `runsheets`).

Each reader turns a file into rows of cells with a location each ("12" for a CSV line,
"Rundown!5" for an XLSX row) and hands them to the domain; a file that cannot be read at all
raises UnreadableFile.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.domain.runsheet_codec import match_columns
from app.services.ports import UnreadableRunSheet


class UnreadableFile(UnreadableRunSheet):
    """The file cannot be read at all: missing, empty, binary, of an unknown kind, or not a
    valid workbook / JSON document. `location` ("3:14" for a JSON syntax error) when known."""

    def __init__(self, message: str, location: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location


class UnknownFormat(UnreadableFile):
    """The file's extension is not one of the run-sheet formats."""


Row = tuple[str, Sequence[object]]


def header_index(
    rows: Sequence[Row],
    fields: Mapping[str, tuple[str, ...]],
    required: Sequence[str],
    scan: int = 10,
) -> int | None:
    """Which row is the header: the first of the first `scan` non-blank rows naming every
    required field (a title row above the table is skipped), else the first non-blank row;
    None when every row is blank."""
    filled = [i for i, (_, row) in enumerate(rows[: scan * 10]) if _filled(row)]
    for index in filled[:scan]:
        if all(f in match_columns(rows[index][1], fields) for f in required):
            return index
    if filled:
        return filled[0]
    return next((i for i, (_, row) in enumerate(rows) if _filled(row)), None)


def _filled(row: Sequence[object]) -> bool:
    return any(c is not None and str(c).strip() for c in row)
