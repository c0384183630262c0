"""The installed PySide6 must not leak or drop references on ordinary widget calls.

PySide6-Essentials 6.12.0 decrements None's reference count on every void-returning method
(setText, setEnabled, click, ...); a console that refreshes its labels twice a second exhausts it
and dies with "Fatal Python error: none_dealloc" in the middle of a show. pyproject.toml excludes
that release; this test fails if such a build is ever installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QPushButton

CALLS = 500


def test_void_calls_keep_none_alive(qtbot) -> None:
    label, button = QLabel(), QPushButton()
    qtbot.addWidget(label)
    qtbot.addWidget(button)
    before = sys.getrefcount(None)
    for i in range(CALLS):
        label.setText(str(i))
        button.setEnabled(i % 2 == 0)
    drift = sys.getrefcount(None) - before
    assert abs(drift) < CALLS // 10, f"None's refcount moved by {drift} over {2 * CALLS} calls"
