"""Characters no installed font can draw (an emoji in a title, mostly) in the rendered reports.

matplotlib warns on stderr for each such glyph of each figure it draws, with a line of our source
under it. The html and pdf reports gather those warnings instead and say them once, as a note
naming the characters. No emoji font is added to the charts' fonts: matplotlib draws only
outline fonts (not the colour ones most systems ship), and none is installed with the test suite
to check one against.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

_MISSING = re.compile(r"^Glyph (\d+) .*missing from (?:current )?font")
_SHOWN = 8  # characters named in the note at most


@contextmanager
def missing_glyphs() -> Iterator[list[str]]:
    """Inside, matplotlib's missing-glyph warnings are caught: the list yielded gets each missing
    character once, in the order met. Other warnings are shown as they would have been."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.filterwarnings("always", message=r"Glyph \d+ .*missing from", category=UserWarning)
        try:
            yield found
        finally:
            others = []
            for warning in caught:
                match = _MISSING.match(str(warning.message))
                if match is None:
                    others.append(warning)
                    continue
                character = chr(int(match.group(1)))
                if character not in found:
                    found.append(character)
    for warning in others:
        warnings.showwarning(
            warning.message, warning.category, warning.filename, warning.lineno, warning.file
        )


def missing_glyphs_note(characters: Sequence[str], where: str) -> str | None:
    """The note for the characters the report could not draw in `where` (“the charts”), None
    for none."""
    if not characters:
        return None
    named = ", ".join(f"{c} (U+{ord(c):04X})" for c in characters[:_SHOWN])
    more = f" and {len(characters) - _SHOWN} more" if len(characters) > _SHOWN else ""
    return f"no installed font has {named}{more}: {where} show a box instead"
