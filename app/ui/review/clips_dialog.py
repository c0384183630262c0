"""Cut the show's recording into clips: one per product card, segment or marker; vertical
versions or not (the picture padded or cropped); which folder. The cutting itself runs in the
review window, off the UI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.clips import ClipBy
from app.services.clips import ClipOptions, Fit

Chosen = Callable[[str, ClipOptions], None]  # (folder, options)


class ClipsDialog(QDialog):
    """`chosen(folder, options)` when the user asks for the cut."""

    def __init__(self, folder: str, chosen: Chosen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chosen = chosen
        self.folder_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Cut clips"))
        self.setModal(False)
        self.by_combo = QComboBox()
        for by, label in ((ClipBy.PRODUCT, self.tr("One per product card shown")),
                          (ClipBy.SEGMENT, self.tr("One per segment")),
                          (ClipBy.MARKER, self.tr("Around each marker"))):  # fmt: skip
            self.by_combo.addItem(label, by.value)
        self.vertical_box = QCheckBox(self.tr("Also vertical versions (1080×1920)"))
        self.fit_combo = QComboBox()
        self.fit_combo.addItem(self.tr("Whole picture, bars above and below"), Fit.PAD.value)
        self.fit_combo.addItem(self.tr("Middle of the picture, filling the frame"), Fit.CROP.value)
        self.fit_combo.setEnabled(False)
        self.vertical_box.toggled.connect(self.fit_combo.setEnabled)
        self.folder_edit = QLineEdit(folder)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(lambda _checked=False: self.choose_folder())
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Clips"), self.by_combo)
        form.addRow("", self.vertical_box)
        form.addRow(self.tr("Vertical picture"), self.fit_combo)
        form.addRow(self.tr("Folder"), folder_row)
        note = QLabel(self.tr("Each clip gets a cover picture; clips.json lists them all."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cut_button = buttons.addButton(self.tr("Cut"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.cut)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    @property
    def options(self) -> ClipOptions:
        return ClipOptions(
            by=ClipBy(self.by_combo.currentData()),
            vertical=self.vertical_box.isChecked(),
            fit=Fit(self.fit_combo.currentData()),
        )

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Folder for the clips"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setDirectory(self.folder_edit.text())
        dialog.fileSelected.connect(self.folder_edit.setText)
        self.folder_dialog = dialog
        dialog.open()

    def cut(self) -> None:
        folder = self.folder_edit.text().strip()
        if not folder:
            self.folder_edit.setFocus()
            return
        self.accept()
        self._chosen(folder, self.options)
