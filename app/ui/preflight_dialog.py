"""The pre-flight checklist as a non-modal window: ✓ / ⚠ / ✗ with how to fix each, "Run again"."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.preflight import Check
from app.services.show import Show
from app.ui.message_texts import text_for

_MARKS = {"ok": ("✓", "#2e7d32"), "error": ("✗", "#d32f2f"), "warning": ("⚠", "#b26a00")}


def check_kind(check: Check) -> str:
    """ "ok", "error" (blocks a clean start) or "warning" (anything else not fine)."""
    if check.ok:
        return "ok"
    return "error" if check.severity == "error" else "warning"


class PreflightDialog(QDialog):
    """Lists `show.preflight()`; never modal, so the console keeps working while it is open.
    `present()` runs the checks again and brings the window up."""

    def __init__(self, show: Show, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._show = show
        self._checks: list[Check] = []
        self.setWindowTitle(self.tr("Pre-flight check"))
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(560, 420)

        self.summary_label = QLabel()
        self.summary_label.setStyleSheet("font-weight: bold; font-size: 15px;")
        self._rows: list[QLabel] = []
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._list)
        self.run_again_button = QPushButton(self.tr("Run again"))
        self.run_again_button.clicked.connect(self.run_checks)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.run_again_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.run_checks()

    # ----- reading the dialog (tests) --------------------------------------------------------
    def checks(self) -> list[Check]:
        return list(self._checks)

    def rows(self) -> list[str]:
        """Each check as shown, in plain text: mark, title and (for a problem) the hint."""
        return [row.property("plain") for row in self._rows]

    def counts(self) -> tuple[int, int]:
        """(problems, warnings) as the summary line says them."""
        kinds = [check_kind(check) for check in self._checks]
        return kinds.count("error"), kinds.count("warning")

    # ----- acting ------------------------------------------------------------------------------
    def present(self) -> None:
        self.run_checks()
        self.show()  # not open(): that is window-modal and would lock the console
        self.raise_()
        self.activateWindow()

    def run_checks(self) -> None:
        self._checks = self._show.preflight()
        for row in self._rows:
            self._list_layout.removeWidget(row)
            row.deleteLater()
        self._rows = [self._row(check) for check in self._checks]
        for index, row in enumerate(self._rows):
            self._list_layout.insertWidget(index, row)
        problems, warnings = self.counts()
        self.summary_label.setText(self._summary(problems, warnings))

    def _row(self, check: Check) -> QLabel:
        mark, colour = _MARKS[check_kind(check)]
        hint = text_for(check.hint) if check.hint and not check.ok else ""
        title = text_for(check.title)
        text = f'<span style="color:{colour}">{mark}</span>&nbsp;&nbsp;{html.escape(title)}'
        if hint:
            text += f'<div style="margin-left:20px; color:#616161">{html.escape(hint)}</div>'
        row = QLabel(text)
        row.setWordWrap(True)
        row.setTextFormat(Qt.TextFormat.RichText)
        row.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.setProperty("plain", f"{mark}  {title}" + (f"\n{hint}" if hint else ""))
        row.setProperty("kind", check_kind(check))
        return row

    def _summary(self, problems: int, warnings: int) -> str:
        if not problems and not warnings:
            return self.tr("All clear: no problems, no warnings")
        both = self.tr("{problems}, {warnings}")  # "1 problem, 2 warnings"
        return both.format(problems=self.tr("%n problem(s)", "", problems),
                           warnings=self.tr("%n warning(s)", "", warnings))  # fmt: skip
