"""A run-sheet's texts in the cells of a spreadsheet (CSV, XLSX): what a cell must not start with,
and what its form cannot hold. Pure: no I/O.

Formulas: a CSV cell has no type, so a text Excel would run as a formula (FORMULA_STARTS: the
exports' spreadsheet_safe uses the same rule) is written with a leading
apostrophe, and read back without it. To keep every text whole, a text that already starts with
apostrophes before such a character gets one more, so that reading takes exactly one off.
"""

from __future__ import annotations

from app.domain.runsheet import RunSheet

# what makes Excel run a cell (OWASP's CSV-injection list)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """`text` as a CSV cell Excel shows and never runs: `=1+2` as `'=1+2`."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unprotected(cell: str) -> str:
    """The text of a CSV cell written by formula_safe (or by Excel's own apostrophe): `'=1+2`
    as `=1+2`; any other cell as it is (`'plain` stays `'plain`)."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def cell_split_points(sheet: RunSheet, *, catalog: bool = True) -> list[tuple[str, str]]:
    """Each talking point (and, with `catalog`, selling point) holding `|` or a line break, which
    the cell form (one point per line or between bars) would read as more than one, with where
    it is: `("segments[2] notes", "价格|199元")`."""
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
    return "|" in point or len(point.splitlines()) > 1
