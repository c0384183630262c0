"""`QT_TRANSLATE_NOOP` typed as it behaves: it returns its English text unchanged.

PySide6's stub types the marker `(object, object) -> object`, so a table of marked texts would
not be a table of strings. Modules import the marker from here instead of PySide6.QtCore;
pyside6-lupdate finds the texts by the marker's name, wherever it comes from.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark `text` for translation in `context`; the text itself is returned unchanged."""
    del context
    return text
