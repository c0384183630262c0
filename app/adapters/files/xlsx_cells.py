"""What a workbook's cells hold beyond their values, which openpyxl's read-only mode does not
give: the formulas whose result was never saved (a workbook written by openpyxl or another
script: Excel and WPS save the result with the formula) and the merged ranges. Then how merged
cells read: as Excel shows them, the value of a range on every row it covers.

A merge down the key column (a segment's title, a product's SKU, a coupon's code) makes the
rows it covers one item: their points join the first row's, and another value in a column that
holds one (a scene, a price) is an error on its cell. A merge down the rundown's duration over
rows that are separate segments is an error too: each would take the whole duration.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.xml.functions import iterparse

from app.adapters.files import Row
from app.domain.runsheet import Problem, cell_text
from app.domain.runsheet_cells import UnreadableCell, clip
from app.domain.runsheet_codec import match_columns
from app.domain.text import clean_text


@dataclass(frozen=True)
class Merge:
    """A merged range, rows and columns counted from 1 as in the workbook."""

    first_column: int
    first_row: int
    last_column: int
    last_row: int


@dataclass
class SheetMarks:
    """A worksheet's formulas without a saved value (row, column: "=A2*2") and merged ranges."""

    unsaved: dict[tuple[int, int], str]
    merges: list[Merge]


def sheet_marks(sheet: Any) -> SheetMarks:
    """Read from the worksheet's XML, which a read-only worksheet opens again: a formula cell
    has no saved value when it has no `<v>` text and is not a text result (`t="str"`: Excel's
    saved empty text, as `=IF(A2="","",A2)` gives)."""
    marks = SheetMarks({}, [])
    source = getattr(sheet, "_get_source", None)  # openpyxl's ReadOnlyWorksheet
    if source is None:
        return marks
    row = column = 0
    with source() as xml:
        for event, element in iterparse(xml, events=("start", "end")):
            namespace, _, name = element.tag.rpartition("}")
            if event == "start":
                if name == "row":
                    row, column = int(element.get("r") or row + 1), 0
                continue
            if name == "c":
                reference = element.get("r")
                row, column = coordinate_to_tuple(reference) if reference else (row, column + 1)
                formula = element.find(f"{namespace}}}f" if namespace else "f")
                value = element.findtext(f"{namespace}}}v" if namespace else "v")
                if formula is not None and not value and element.get("t") != "str":
                    text = clean_text(f"={formula.text or ''}", single_line=True)
                    marks.unsaved[(row, column)] = text
                element.clear()
            elif name == "row":
                element.clear()
            elif name == "mergeCell" and element.get("ref"):
                marks.merges.append(Merge(*range_boundaries(element.get("ref"))))
    return marks


def cell_value(cell: Any, row: int, column: int, marks: SheetMarks) -> object:
    """A cell's value, or an UnreadableCell for an Excel error or a formula with no saved value
    (openpyxl reads both as a value: the error's text, and None)."""
    if getattr(cell, "data_type", None) == "e" and cell.value is not None:
        return UnreadableCell.excel_error(str(cell.value), f"{get_column_letter(column)}{row}")
    formula = marks.unsaved.get((row, column))
    if formula is not None:
        return UnreadableCell.unsaved_formula(formula, f"{get_column_letter(column)}{row}")
    return cell.value


@dataclass(frozen=True)
class _Covered:
    """A cell a merged range covers below its first row: the range's first and last rows."""

    first: int
    last: int


def fill_merged(
    rows: list[Row], merges: Sequence[Merge], below: int
) -> tuple[list[Row], dict[tuple[int, int], _Covered]]:
    """The rows (row n at index n - 1) with each range merged down from below row `below` (the
    header's) read on every row it covers as on its first: its value in its first column. A row
    holding nothing but what merges would give it stays blank. Also which cells (row, column
    index) were so filled."""
    cells: dict[int, list[object]] = {}
    covered: dict[tuple[int, int], _Covered] = {}
    for merge in merges:
        if merge.first_row <= below or merge.last_row == merge.first_row:
            continue
        first = rows[merge.first_row - 1][1] if merge.first_row <= len(rows) else ()
        index = merge.first_column - 1
        value = first[index] if index < len(first) else None
        for number in range(merge.first_row + 1, min(merge.last_row, len(rows)) + 1):
            raw = rows[number - 1][1]
            if all(cell_text(c) is None for c in raw):
                continue
            row = cells.setdefault(number, list(raw))
            row.extend([None] * (index + 1 - len(row)))
            row[index] = value
            covered[(number, index)] = _Covered(merge.first_row, merge.last_row)
    filled = [(at, tuple(cells[n]) if n in cells else row) for n, (at, row) in enumerate(rows, 1)]
    return filled, covered


def fold_merged(
    header: Sequence[object],
    rows: Sequence[tuple[int, Row]],
    covered: Mapping[tuple[int, int], _Covered],
    fields: Mapping[str, tuple[str, ...]],
    key: str,
    joined: Collection[str] = (),
    own: Collection[str] = (),
) -> tuple[list[Row], list[Problem]]:
    """`rows` (row number, row) after fill_merged, those a merged `key` cell covers folded into
    the row where it starts: the cells of the `joined` fields (points) and of the columns no
    field reads join it line by line; another field's cell may repeat or add its value, never
    change it (an error on its cell). A field in `own` filled by a merge started on another item
    (a duration merged over two segments) is an error on its cell."""
    columns = match_columns(header, fields)
    names = {index: name for name, index in columns.items()}
    at_key = columns.get(key)
    heads: dict[int, list[object]] = {}
    folded: list[tuple[str, list[object]]] = []
    problems: list[Problem] = []
    for number, (location, row) in rows:
        merged = covered.get((number, at_key)) if at_key is not None else None
        head = heads.get(merged.first) if merged is not None else None
        if head is None or merged is None:
            cells = list(row)
            heads[number] = cells
            folded.append((location, cells))
            for name in own if at_key is not None else ():
                spread = covered.get((number, columns[name])) if name in columns else None
                if spread is not None:
                    problems.append(_shared(header, location, number, spread, columns, name, key))
            continue
        head.extend([None] * (len(row) - len(head)))
        for index, value in enumerate(row):
            if cell_text(value) is None or _same(head[index], value):
                continue
            if cell_text(head[index]) is None:
                head[index] = value
            elif names.get(index) in joined or index not in names:
                head[index] = _joined(head[index], value)
            else:
                field = names.get(index)
                problems.append(
                    _conflict(header, location, number, index, head, value, merged, at_key, field)
                )
    return [(location, tuple(cells)) for location, cells in folded], problems


def _same(a: object, b: object) -> bool:
    return a == b or cell_text(a) == cell_text(b)


def _joined(a: object, b: object) -> object:
    if isinstance(a, UnreadableCell) or isinstance(b, UnreadableCell):
        return a if isinstance(a, UnreadableCell) else b  # reported, never joined away
    return f"{cell_text(a)}\n{cell_text(b)}"


def _name(header: Sequence[object], index: int) -> str:
    name = cell_text(header[index]) if index < len(header) else None
    return clip(name, 30) if name else f"column {get_column_letter(index + 1)}"


def _conflict(
    header: Sequence[object],
    location: str,
    number: int,
    index: int,
    head: Sequence[object],
    value: object,
    merged: _Covered,
    at_key: int | None,
    field: str | None,
) -> Problem:
    assert at_key is not None
    name, key_name = _name(header, index), _name(header, at_key)
    cell = f"{get_column_letter(index + 1)}{number}"
    return Problem(
        "error",
        location,
        f"{name} ({cell}) “{clip(str(cell_text(value)))}” differs from row {merged.first}'s "
        f"“{clip(str(cell_text(head[index])))}”, but {key_name} is merged over rows "
        f"{merged.first}–{merged.last}, so they are one: keep one {name}, or unmerge "
        f"{key_name}",
        field,
    )


def _shared(
    header: Sequence[object],
    location: str,
    number: int,
    spread: _Covered,
    columns: Mapping[str, int],
    name: str,
    key: str,
) -> Problem:
    index = columns[name]
    what, key_name = _name(header, index), _name(header, columns[key])
    cell = f"{get_column_letter(index + 1)}{number}"
    return Problem(
        "error",
        location,
        f"{what} ({cell}) is merged over rows {spread.first}–{spread.last}, which are separate: "
        f"each would take all of it. Give each row its own {what}, or merge {key_name} too if "
        "they are one",
        name,
    )
