"""The editor's rows read back through the domain (no Qt): the sheet, its problems by cell, and
each row's planned start; plus the texts the table shows for times and kinds."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.domain.catalog import Catalog
from app.domain.runsheet import (
    KIND_LABELS_ZH,
    Problem,
    RunSheet,
    SegmentKind,
    parse_rows,
    validate,
)
from app.domain.sheet_rows import FIELD_NAMES, Held, hold, with_points

DAY_S = 24 * 3600
Row = list[str]


@dataclass
class Analysis:
    sheet: RunSheet = field(default_factory=RunSheet)
    problems: list[Problem] = field(default_factory=list)
    starts: list[int | None] = field(default_factory=list)  # per row; None for a blank row
    by_cell: dict[tuple[int, str | None], list[Problem]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def analyse(
    rows: list[Row],
    catalog: Catalog,
    title: str,
    scenes: tuple[str, ...] | None,
    known: Catalog,
    extra_names: tuple[str, ...] = (),
    held: Held | None = None,
) -> Analysis:
    """Rows located by their number ("1" is the first), parsed with the field names as header
    (then `extra_names`: the file's other columns, which a row carries after its fields, unseen
    and untouched, so that saving writes them back), then validated against OBS's scenes (None:
    not checked) and the known catalog; with the opened file's errors `held` (sheet_rows)."""
    held = held or Held()
    numbered = [(str(i + 1), row) for i, row in enumerate(rows)]
    result = parse_rows((*FIELD_NAMES, *extra_names), "header", numbered, catalog)
    sheet = with_points(replace(result.sheet, title=title), rows, held)
    problems = result.problems + validate(sheet, scenes=scenes, known=known)
    problems = hold(problems, rows, sheet, held)
    planned = iter(sheet.planned_starts())
    starts = [next(planned) if any(c.strip() for c in row) else None for row in rows]
    by_cell: dict[tuple[int, str | None], list[Problem]] = {}
    for problem in problems[: len(problems) - len(held.sheet)]:  # those on the sheet: on no cell
        index = row_of(problem, len(rows))
        if index is not None:
            key = (index, problem.field if problem.field in FIELD_NAMES else None)
            by_cell.setdefault(key, []).append(problem)
    return Analysis(sheet, problems, starts, by_cell)


def row_of(problem: Problem, rows: int) -> int | None:
    """The row a problem is on, when it is on one (not on the catalog, say)."""
    row = int(problem.location) - 1 if problem.location.isdigit() else -1
    return row if 0 <= row < rows else None


def kind_label(kind: SegmentKind) -> str:
    return f"{KIND_LABELS_ZH[kind]} ({kind.value})"


def clock_text(seconds: int) -> str:
    """A time of day from seconds after midnight: 20:05, 20:05:30, 00:10 (+1) past midnight."""
    days, rest = divmod(seconds, DAY_S)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
    return text + (f" (+{days})" if days else "")
