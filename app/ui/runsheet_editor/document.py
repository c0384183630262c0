"""The editor's file side: which file is open, Open / Save / Save As through non-modal file
dialogs, starter templates, and the unsaved-changes question (a non-modal message box)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.domain.runsheet import ParseResult, RunSheet
from app.services.ports import RunSheetFiles, UnreadableRunSheet
from app.ui.runsheet_editor.model import RunSheetModel

SUFFIXES = (".xlsx", ".csv", ".json")
Then = Callable[[], None]


class SheetDocument(QObject):
    """Reads and writes the model's sheet through `files`; `failed(text)` for the message bar,
    `changed()` when the file name or the modified state changes, `saved(path)` after a save."""

    failed = Signal(str)
    changed = Signal()
    saved = Signal(str)

    def __init__(
        self,
        model: RunSheetModel,
        files: RunSheetFiles,
        templates_dir: Path | None,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._model, self._files, self._templates_dir = model, files, templates_dir
        self._window = window
        self.path: str | None = None
        self.file_dialog: QFileDialog | None = None
        self.unsaved_prompt: QMessageBox | None = None
        model.undo_stack.cleanChanged.connect(lambda _clean: self.changed.emit())

    @property
    def modified(self) -> bool:
        return not self._model.undo_stack.isClean()

    def name(self) -> str:
        if self.path:
            return Path(self.path).name
        return self._model.sheet().title or self.tr("Untitled")

    # ----- synchronous file I/O --------------------------------------------------------------
    def open_path(self, path: str | Path) -> bool:
        result = self._load(Path(path))
        if result is None:
            return False
        self._replace(result, str(path))
        return True

    def save_path(self, path: str | Path) -> bool:
        errors = self._model.analysis().errors
        name = Path(path).name
        if errors:
            self.failed.emit(
                self.tr(
                    "{name} was not saved: fix the %n error(s) first (row {where}: "
                    "{message}); values that cannot be read would be lost.",
                    "",
                    len(errors),
                ).format(
                    name=name,
                    where=errors[0].location,
                    message=errors[0].message,
                )
            )
            return False
        try:
            self._files.save(self._model.sheet(), str(path))
        except (UnreadableRunSheet, OSError, ValueError) as exc:
            self.failed.emit(self.tr("Could not save {name}: {error}").format(name=name, error=exc))
            return False
        self.path = str(path)
        self._model.undo_stack.setClean()
        self.changed.emit()
        self.saved.emit(self.path)
        return True

    def new(self) -> None:
        self._model.reset(RunSheet())
        self.path = None
        self.changed.emit()

    def template_names(self) -> list[str]:
        if self._templates_dir is None or not self._templates_dir.is_dir():
            return []
        return sorted(p.name for p in self._templates_dir.glob("*.json"))

    def load_template(self, name: str) -> bool:
        """A starter template (a file name in the templates folder, ".json" optional) as a new,
        untitled sheet: Save asks where, so the template itself stays as it is."""
        if self._templates_dir is None:
            self.failed.emit(self.tr("There is no templates folder."))
            return False
        path = self._templates_dir / (name if name.endswith(".json") else f"{name}.json")
        result = self._load(path)
        if result is None:
            return False
        self._replace(result, None)
        return True

    def _load(self, path: Path) -> ParseResult | None:
        try:
            return self._files.load(str(path))
        except (UnreadableRunSheet, OSError) as exc:
            text = self.tr("Could not open {name}: {error}").format(name=path.name, error=exc)
            self.failed.emit(text)
            return None

    def _replace(self, result: ParseResult, path: str | None) -> None:
        self._model.reset(result.sheet)
        self.path = path
        self.changed.emit()
        if result.problems:
            first = result.problems[0]
            self.failed.emit(
                self.tr(
                    "The file has {count} problem(s), the first at {where}: {message}. "
                    "Check the marked cells."
                ).format(count=len(result.problems), where=first.location, message=first.message)
            )

    # ----- dialogs (non-modal: open() and signals, never exec()) -----------------------------
    def choose_open(self) -> None:
        self.when_saved_or_discarded(self._show_open_dialog)

    def save(self, then: Then | None = None) -> None:
        """Save to the open file, or ask where first; `then` runs once saved."""
        if self.path is None or Path(self.path).suffix.lower() not in SUFFIXES:
            self.choose_save_as(then)
        elif self.save_path(self.path) and then is not None:
            then()

    def choose_save_as(self, then: Then | None = None) -> None:
        filters = {
            ".xlsx": self.tr("Excel workbook (*.xlsx)"),
            ".csv": self.tr("CSV, UTF-8 (*.csv)"),
            ".json": self.tr("JSON (*.json)"),
        }
        dialog = self._dialog(self.tr("Save run-sheet as"), list(filters.values()))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        current = Path(self.path).suffix.lower() if self.path else ".xlsx"
        current = current if current in filters else ".xlsx"
        dialog.selectNameFilter(filters[current])
        dialog.setDefaultSuffix(current[1:])
        by_filter = {text: suffix for suffix, text in filters.items()}
        dialog.filterSelected.connect(
            lambda text: dialog.setDefaultSuffix(by_filter.get(text, ".xlsx")[1:])
        )
        if self.path:
            dialog.selectFile(str(Path(self.path).with_suffix(current)))
        else:
            dialog.selectFile(f"{self.name()}{current}")

        def chosen(path: str) -> None:
            if self.save_path(path) and then is not None:
                then()

        dialog.fileSelected.connect(chosen)
        dialog.open()

    def when_saved_or_discarded(self, then: Then) -> None:
        """Run `then` at once when nothing is unsaved; else ask Save / Discard / Cancel first."""
        if not self.modified:
            then()
            return
        if self.unsaved_prompt is not None:
            self.unsaved_prompt.raise_()
            return
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to {name}?").format(name=self.name()),
            buttons.Save | buttons.Discard | buttons.Cancel,
            self._window,
        )
        box.setInformativeText(self.tr("Your changes are lost if you don't save them."))
        box.setDefaultButton(buttons.Save)
        box.finished.connect(lambda _result: self._answered(box, then))
        self.unsaved_prompt = box
        box.open()

    def _answered(self, box: QMessageBox, then: Then) -> None:
        answer = box.standardButton(box.clickedButton())
        self.unsaved_prompt = None
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Save:
            self.save(then)
        elif answer == QMessageBox.StandardButton.Discard:
            then()

    def _show_open_dialog(self) -> None:
        filters = [
            self.tr("Run-sheets (*.xlsx *.csv *.json)"),
            self.tr("Excel workbook (*.xlsx)"),
            self.tr("CSV (*.csv)"),
            self.tr("JSON (*.json)"),
            self.tr("All files (*)"),
        ]
        dialog = self._dialog(self.tr("Open run-sheet"), filters)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.open_path)
        dialog.open()

    def _dialog(self, caption: str, filters: list[str]) -> QFileDialog:
        if self.file_dialog is not None:
            self.file_dialog.deleteLater()
        dialog = QFileDialog(self._window, caption)
        dialog.setNameFilters(filters)
        if self.path:
            dialog.setDirectory(str(Path(self.path).parent))
        self.file_dialog = dialog
        return dialog
