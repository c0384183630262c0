"""Export the review: which file (the report formats of `livedesk report`), viewer names as
aliases or not, then where to save it (a non-modal file dialog)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.services.archive import REPORT_FORMATS

Chosen = Callable[[str, str, bool], None]  # (path, format, pseudonymise)


def file_name(title: str, fmt: str) -> str:
    """A file name from the show's title: characters no file system takes are left out."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip().strip(".") or "review"
    extra = {"csv": "-events", "chapters": "-chapters", "premiere": "-markers",
             "attendance": "-attendance"}.get(fmt, "")  # fmt: skip
    return f"{stem[:80]}{extra}{REPORT_FORMATS[fmt]}"


class ExportDialog(QDialog):
    """`chosen(path, fmt, pseudonymise)` once a file was chosen."""

    def __init__(
        self, title: str, folder: str, chosen: Chosen, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._title, self._folder, self._chosen = title, folder, chosen
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Export the review"))
        self.setModal(False)
        self.format_combo = QComboBox()
        for fmt, label in (
            ("html", self.tr("Report, one HTML file (charts inline)")),
            ("pdf", self.tr("Report, PDF")),
            ("csv", self.tr("Event log, CSV (opens in Excel)")),
            ("json", self.tr("Everything, JSON")),
            ("chapters", self.tr("YouTube chapters")),
            ("edl", self.tr("DaVinci Resolve markers (EDL)")),
            ("premiere", self.tr("Premiere Pro markers (CSV)")),
            ("attendance", self.tr("Attendance (CSV)")),
        ):
            self.format_combo.addItem(label, fmt)
        self.pseudonymise_box = QCheckBox(self.tr("Viewer names as aliases (for sharing)"))
        self.pseudonymise_box.setToolTip(
            self.tr("Every viewer gets a stable alias such as 观众-7F3A; the team's names stay.")
        )
        form = QFormLayout()
        form.addRow(self.tr("File"), self.format_combo)
        form.addRow("", self.pseudonymise_box)
        note = QLabel(self.tr("Timecodes count from the start of the recording."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(
            self.tr("Save as…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.choose_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    @property
    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    def choose_file(self) -> None:
        fmt, pseudonymise = self.fmt, self.pseudonymise_box.isChecked()
        suffix = REPORT_FORMATS[fmt]
        dialog = QFileDialog(self.parentWidget(), self.tr("Save the {fmt} export").format(fmt=fmt))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters([self.tr("{fmt} (*{suffix})").format(fmt=fmt.upper(), suffix=suffix),
                               self.tr("All files (*)")])  # fmt: skip
        dialog.setDefaultSuffix(suffix[1:])
        dialog.selectFile(str(Path(self._folder) / file_name(self._title, fmt)))
        dialog.fileSelected.connect(lambda path: self._chosen(path, fmt, pseudonymise))
        self.file_dialog = dialog
        self.accept()
        dialog.open()
