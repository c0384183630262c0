"""A run-sheet's texts in the cells of a spreadsheet (CSV, XLSX): what a cell must not start with,
and what its form cannot hold. Pure: no I/O.

Formulas: a CSV cell has no type, so a text Excel would run as a formula (FORMULA_STARTS: the
exports' spreadsheet_safe uses the same rule) is written with a leading apostrophe, and read back
without it; so is a text that reads as an Excel error (`#N/A`), which a CSV cell without the
apostrophe is (Excel saves a failed formula so). To keep every text whole, a text that already
starts with apostrophes before such a character gets one more, so that reading takes exactly one
off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # runsheet imports this module
    from app.domain.runsheet import RunSheet

# what makes Excel run a cell (OWASP's CSV-injection list)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# what Excel (and WPS) show in a cell whose formula failed, and write into a CSV for it
EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})  # fmt: skip


def clip(text: str, limit: int = 60) -> str:
    """A cell quoted in a message, cut to `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class UnreadableCell:
    """A spreadsheet cell whose value cannot be read, which a reader puts in the row in place of
    its value: an Excel error (`#N/A` from a VLOOKUP that failed) or a formula whose result was
    never saved (a workbook written by a script). Parsing reports it on its cell, never reads it
    as empty or as text. `str()` is what the cell holds, so that it counts as filled."""

    shown: str  # "#N/A", "=Products!A2"
    reason: str  # what is wrong and what to do, after the cell's name
    cell: str  # "C9" in a workbook, "column 3" in a CSV

    def __str__(self) -> str:
        return self.shown

    @classmethod
    def excel_error(cls, shown: str, cell: str) -> UnreadableCell:
        reason = f"shows the Excel error {shown}: correct the formula, or type the value"
        return cls(shown, reason, cell)

    @classmethod
    def unsaved_formula(cls, formula: str, cell: str) -> UnreadableCell:
        what = f" ({clip(formula)})" if formula.strip("= ") else ""
        reason = (
            f"holds a formula with no saved value{what}: open and save the file in Excel/WPS "
            "so the result is stored, or type the value"
        )
        return cls(formula or "=", reason, cell)

    def message(self, column: str | None) -> str:
        """`商品 (E9) shows the Excel error #N/A: …`: `column` is the header's name for it."""
        name = f"{clip(column, 30)} ({self.cell})" if column else self.cell
        return f"{name} {self.reason}"


def formula_safe(text: str) -> str:
    """`text` as a CSV cell Excel shows and never runs: `=1+2` as `'=1+2`; a text that reads as
    an Excel error (`#N/A`) is kept apart from one the same way."""
    return "'" + text if _protected(text.lstrip("'")) else text


def unprotected(cell: str) -> str:
    """The text of a CSV cell written by formula_safe (or by Excel's own apostrophe): `'=1+2`
    as `=1+2`; any other cell as it is (`'plain` stays `'plain`)."""
    if cell.startswith("'") and _protected(cell.lstrip("'")):
        return cell[1:]
    return cell


def excel_error(cell: str) -> str | None:
    """The Excel error a CSV cell holds (`#N/A`, as Excel saves a failed formula), else None."""
    text = cell.strip()
    return text if text in EXCEL_ERRORS else None


def _protected(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) or text.strip() in EXCEL_ERRORS


def cell_split_points(sheet: RunSheet, *, catalog: bool = True) -> list[tuple[str, str]]:
    """Each talking point (and, with `catalog`, selling point) holding `|` or `｜` or a line
    break, which the cell form (one point per line or between bars) would read as more than one,
    with where it is: `("segments[2] notes", "价格|199元")`."""
    found = [
        (f"segments[{i}] notes", point)
        for i, segment in enumerate(sheet.segments)
        for point in segment.notes
        if _splits(point)
    ]
    if catalog:
        found += [
            (f"products[{i}] selling points", point)
            for i, product in enumerate(sheet.catalog.products)
            for point in product.selling_points
            if _splits(point)
        ]
    return found


def _splits(point: str) -> bool:
    return "|" in point or "｜" in point or len(point.splitlines()) > 1
