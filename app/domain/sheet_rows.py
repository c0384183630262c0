"""A run-sheet as the run-sheet editor's rows of cell texts (no Qt, no I/O).

Each segment is one row: its fields as the producer edits them, then its values of the file's
other columns (kept, not shown). Opening a file keeps what the producer wrote, also where LiveDesk
could not read it:

- a value that did not parse (an unknown kind, a duration such as 五分钟) stays in its cell as the
  file holds it, and the file's error is *held* on that cell for as long as the cell holds that
  text: the sheet is neither used for the show nor saved until the producer corrects it, exactly
  as when that text is typed into the cell;
- the file's errors that are on no cell of the editor (a product's price, a coupon's length, a
  missing column, a segment that is not an object) are held on the sheet until another file is
  opened: they are corrected in the file;
- talking points that the cell form (one per line or between bars) would split, such as a JSON
  point `价格|199元`, stay whole while their cell is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from app.domain.durations import format_duration
from app.domain.runsheet import (
    FIELDS,
    ParseResult,
    Problem,
    RunSheet,
    Segment,
    split_notes,
    validate,
)

FIELD_NAMES: tuple[str, ...] = tuple(FIELDS)  # title, duration, … notes, interaction
UNKNOWN_TEXT = "?"  # a cell whose value did not parse, when the file's text is not known
Row = list[str]
# the text a file holds for a field at a problem's location ("Rundown!5", "12", "segments[3]")
TypedCells = Callable[[str, str], str | None]
# what writing a sheet read as a ParseResult to a path leaves out, one sentence each
LeftOut = Callable[[ParseResult, str], list[str]]


@dataclass(frozen=True)
class Held:
    """What the rows keep of the file beyond their texts: its errors on a cell, by (field, the
    cell's text); its errors on no cell; whole talking points by the text of their notes cell."""

    cells: Mapping[tuple[str, str], Problem] = field(default_factory=dict)
    sheet: tuple[Problem, ...] = ()
    points: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Opened:
    rows: list[Row]
    held: Held


def segment_cells(segment: Segment, extra: tuple[str, ...] = ()) -> Row:
    """The cells of a parsed segment, as the editor shows them for editing, then its values of
    the `extra` columns (kept, not shown)."""
    values = {
        "title": segment.title,
        "duration": format_duration(segment.duration_s) if segment.duration_s > 0 else "",
        "kind": segment.kind.value if segment.kind else "",
        "scene": segment.scene or "",
        "product": segment.product or "",
        "coupon": segment.coupon or "",
        "notes": "\n".join(segment.notes),
        "interaction": segment.interaction or "",
    }
    carried = dict(segment.extra)
    return [values[name] for name in FIELD_NAMES] + [carried.get(name, "") for name in extra]


def opened(result: ParseResult, typed: TypedCells | None = None) -> Opened:
    """The rows of a file's sheet with the file's errors held (see the module's doc). `typed`
    gives the file's text of a value that did not parse; without it (or when it does not know)
    the cell shows UNKNOWN_TEXT, and the file's error says what the file holds."""
    sheet = result.sheet
    rows = [segment_cells(s, sheet.extra_names) for s in sheet.segments]
    row_at = {s.location: i for i, s in enumerate(sheet.segments) if s.location is not None}
    rederived = {(p.location, str(p.message)) for p in validate(sheet)}  # the editor's own
    cells: dict[tuple[str, str], Problem] = {}
    on_sheet: list[Problem] = []
    for problem in result.problems:
        if problem.severity != "error" or (problem.location, str(problem.message)) in rederived:
            continue
        index = row_at.get(problem.location) if problem.segment is not None else None
        if index is None or problem.field not in FIELD_NAMES:
            on_sheet.append(problem)  # the catalog's, the header's, a segment's other columns
            continue
        column = FIELD_NAMES.index(problem.field)
        if rows[index][column] or getattr(problem.message, "code", None) == "runsheet.missing":
            continue  # a value the cell still has, or none at all: the editor checks it again
        text = (typed(problem.location, problem.field) if typed else None) or UNKNOWN_TEXT
        rows[index][column] = text
        cells.setdefault((problem.field, text), problem)
    return Opened(rows, Held(cells, tuple(on_sheet), whole_points(sheet)))


def whole_points(sheet: RunSheet) -> dict[str, tuple[str, ...]]:
    """The talking points that their cell's text would not give back (a point holding `|` or a
    line break), by that text."""
    kept: dict[str, tuple[str, ...]] = {}
    for segment in sheet.segments:
        text = "\n".join(segment.notes)
        if split_notes(text) != segment.notes:
            kept[text] = segment.notes
    return kept


def points(text: str, held: Held) -> tuple[str, ...]:
    """The talking points of a notes cell: kept whole while the cell is as opened."""
    return held.points.get(text) or split_notes(text)


def with_points(sheet: RunSheet, rows: list[Row], held: Held) -> RunSheet:
    """`sheet` read from `rows` (each segment located at its row's number, "1" the first), with
    the talking points kept whole where a notes cell is as opened."""
    if not held.points:
        return sheet
    notes = FIELD_NAMES.index("notes")
    segments = tuple(
        replace(s, notes=held.points[text])
        if (row := _row(s.location, len(rows))) is not None
        and (text := rows[row][notes]) in held.points
        else s
        for s in sheet.segments
    )
    return replace(sheet, segments=segments)


def hold(problems: list[Problem], rows: list[Row], sheet: RunSheet, held: Held) -> list[Problem]:
    """The editor's `problems` of `rows` (located at row numbers) with the file's held errors:
    a cell that holds the text it was opened with shows the file's error instead of its own
    problems; then the errors on no cell. Row by row, then those on no row."""
    if not held.cells and not held.sheet:
        return problems
    segment_of = {s.location: i for i, s in enumerate(sheet.segments)}
    replaced: set[tuple[str, str]] = set()
    held_here: list[Problem] = []
    for index, row in enumerate(rows):
        where = str(index + 1)
        for column, name in enumerate(FIELD_NAMES):
            problem = held.cells.get((name, row[column]))
            if problem is not None:
                replaced.add((where, name))
                segment = segment_of.get(where)
                held_here.append(replace(problem, location=where, field=name, segment=segment))
    kept = [p for p in problems if (p.location, p.field) not in replaced]
    ordered = sorted([*kept, *held_here], key=lambda p: _order(p, len(rows)))
    return ordered + list(held.sheet)


def _order(problem: Problem, rows: int) -> int:
    row = _row(problem.location, rows)
    return rows if row is None else row


def _row(location: str | None, rows: int) -> int | None:
    row = int(location) - 1 if location is not None and location.isdigit() else -1
    return row if 0 <= row < rows else None


def unread_only(result: ParseResult, path: str) -> list[str]:
    """LeftOut when no file adapter says more: what the file held that LiveDesk does not read."""
    return list(result.unread)
