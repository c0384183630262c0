"""The dark and light palettes: Fusion draws a check box's, a frame's and a tab's outline in the
window's colour made 40% darker, and that line must show against the fields (talking points'
boxes once vanished into the dark window)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from app.ui.theme import palette

_Role = QPalette.ColorRole


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_fusions_outline_shows_against_a_field(theme: str) -> None:
    colours = palette(theme)
    outline = colours.color(_Role.Window).darker(140).lighter(110)  # as Fusion draws a box
    field = colours.color(_Role.Base)
    assert abs(outline.lightness() - field.lightness()) >= 12, (outline.name(), field.name())


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_text_reads_on_its_background(theme: str) -> None:
    colours = palette(theme)
    for text, background in ((_Role.WindowText, _Role.Window), (_Role.Text, _Role.Base),
                             (_Role.ButtonText, _Role.Button)):  # fmt: skip
        gap = colours.color(text).lightness() - colours.color(background).lightness()
        assert abs(gap) >= 150, (text, background)
