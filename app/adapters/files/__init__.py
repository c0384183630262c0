"""Run-sheet files: CSV, XLSX and JSON in and out (the facade is `runsheets`).

Each reader turns a file into rows of cells with a location each ("12" for a CSV line,
"Rundown!5" for an XLSX row) and hands them to the domain; a file that cannot be read at all
raises UnreadableFile.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.domain.runsheet import ParseResult, Problem, cell_text
from app.domain.runsheet_codec import match_columns
from app.services.ports import UnreadableRunSheet

# what the API (POST /api/runsheet) and the editor's "Use for show" refuse too
NO_SEGMENTS = "the run-sheet has no segments"


class UnreadableFile(UnreadableRunSheet):
    """The file cannot be read at all: missing, empty, binary, of an unknown kind, or not a
    valid workbook / JSON document. `location` ("3:14" for a JSON syntax error) when known.
    `message` is a Message (runsheet.file.*): its str, the exception's too, is the English that
    `runsheet check` and the API print; the window shows it translated (text_for)."""

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


def unread_columns(
    header: Sequence[object], rows: Sequence[Row], fields: Mapping[str, tuple[str, ...]]
) -> list[str]:
    """The columns of a catalog sheet that no field reads: other names, a second column of a
    field, a column without a name that holds something ("column 9 (no header)")."""
    used = set(match_columns(header, fields).values())
    unread = [
        name
        if name.lower() not in {n for names in fields.values() for n in names}
        else f"{name} (a second one)"
        for index, cell in enumerate(header)
        if index not in used and (name := cell_text(cell)) is not None
    ]
    named = {i for i, cell in enumerate(header) if cell_text(cell) is not None}
    headless = {i for _, row in rows for i, c in enumerate(row) if i not in named and _filled([c])}
    return unread + [f"column {i + 1} (no header)" for i in sorted(headless)]


def rows_above(rows: Sequence[Row], header: int) -> list[str]:
    """ "1 row above the header" when rows holding something precede the header (a title row
    skipped), else nothing."""
    above = sum(_filled(row) for _, row in rows[:header])
    return [f"{above} row{'s' * (above != 1)} above the header"] if above else []


def refuse_no_segments(result: ParseResult, location: str) -> ParseResult:
    """`result` with the error "the run-sheet has no segments" at `location` (the header's, or
    `segments` in JSON) when it has none and no other error says why: a sheet without segments
    is never loaded (`runsheet check` exit 1, as POST /api/runsheet's 400)."""
    if result.sheet.segments or result.errors:
        return result
    problem = Problem("error", location, NO_SEGMENTS, "segments")
    return ParseResult(result.sheet, [*result.problems, problem], result.unread)
