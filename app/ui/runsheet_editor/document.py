"""The editor's file side: which file is open, Open / Save / Save As through non-modal file
dialogs, starter templates, and the questions (non-modal message boxes) before unsaved changes
are lost and before a save leaves out what the file held."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.domain.runsheet import ParseResult, Problem, RunSheet
from app.domain.sheet_rows import LeftOut, TypedCells, unread_only
from app.services.ports import RunSheetFiles, UnreadableRunSheet
from app.ui.message_texts import text_for
from app.ui.runsheet_editor.model import RunSheetModel

SUFFIXES = (".xlsx", ".csv", ".json")
Then = Callable[[], None]
ReadTypedCells = Callable[[str], TypedCells]


def reason(exc: Exception) -> str:
    """Why a file could not be read or written, in the window's language: a run-sheet file's
    reason is a Message (runsheet.file.*, whose str is the English the CLI prints); the file
    system's is said as it is."""
    message = getattr(exc, "message", None)
    return text_for(message) if isinstance(message, str) else str(exc)


class SheetDocument(QObject):
    """Reads and writes the model's sheet through `files`; `failed(text)` for the message bar,
    `changed()` when the file name or the modified state changes, `saved(path)` after a save.
    `typed_cells(path)` gives the text an opened file holds where a value did not read;
    `left_out(result, path)` what writing a sheet to a path leaves out (without it: what the
    opened file held that LiveDesk does not read)."""

    failed = Signal(str)
    changed = Signal()
    saved = Signal(str)

    def __init__(
        self,
        model: RunSheetModel,
        files: RunSheetFiles,
        templates_dir: Path | None,
        window: QWidget,
        *,
        typed_cells: ReadTypedCells | None = None,
        left_out: LeftOut | None = None,
    ) -> None:
        super().__init__(window)
        self._model, self._files, self._templates_dir = model, files, templates_dir
        self._typed_cells, self._left_out = typed_cells, left_out or unread_only
        self._window = window
        self.path: str | None = None
        self._unread: list[str] = []  # what the file at `path` holds that LiveDesk does not read
        self.file_dialog: QFileDialog | None = None
        self.unsaved_prompt: QMessageBox | None = None
        self.loss_prompt: QMessageBox | None = None
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
        self._replace(result, Path(path), str(path))
        return True

    def save_path(self, path: str | Path) -> bool:
        """Write the sheet to `path` at once (the questions are asked by save / Save As);
        refused while the sheet has errors, the file's own included."""
        errors = self._model.analysis().errors
        name = Path(path).name
        if errors:
            self.failed.emit(self._not_saved(name, errors))
            return False
        try:
            # Save As keeps the language of the file it was opened from (a Chinese workbook's
            # sheet names, headers and kinds)
            self._files.save(self._model.sheet(), str(path), like=self.path)
        except (UnreadableRunSheet, OSError, ValueError) as exc:
            text = self.tr("Could not save {name}: {error}")
            self.failed.emit(text.format(name=name, error=reason(exc)))
            return False
        self.path = str(path)
        self._unread = []  # the file now holds what LiveDesk wrote
        self._model.undo_stack.setClean()
        self.changed.emit()
        self.saved.emit(self.path)
        return True

    def _not_saved(self, name: str, errors: list[Problem]) -> str:
        first = errors[0]
        if self._model.row_of(first) is None:  # the file's error on no row: the catalog's …
            return self.tr(
                "{name} was not saved: {where}: {message}. Correct it in the file and open the "
                "file again; values that cannot be read would be lost."
            ).format(name=name, where=first.location, message=text_for(first.message))
        return self.tr(
            "{name} was not saved: fix the %n error(s) first (row {where}: "
            "{message}); values that cannot be read would be lost.",
            "",
            len(errors),
        ).format(name=name, where=first.location, message=text_for(first.message))

    def losses(self, path: str | Path) -> list[str]:
        """What saving to `path` leaves out, one sentence each: over the opened file, what it
        holds that LiveDesk does not read; anywhere, what the format cannot hold."""
        unread = self._unread if self.path and _same_file(path, self.path) else []
        return self._left_out(ParseResult(self._model.sheet(), [], list(unread)), str(path))

    def new(self) -> None:
        self._model.reset(RunSheet())
        self.path = None
        self._unread = []
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
        self._replace(result, path, None)
        return True

    def _load(self, path: Path) -> ParseResult | None:
        try:
            return self._files.load(str(path))
        except (UnreadableRunSheet, OSError) as exc:
            text = self.tr("Could not open {name}: {error}").format(
                name=path.name, error=reason(exc)
            )
            self.failed.emit(text)
            return None

    def _replace(self, result: ParseResult, source: Path, path: str | None) -> None:
        """Show the sheet read from `source`, saved to `path` (None: Save asks where)."""
        read = self._typed_cells
        self._model.open_result(result, read(str(source)) if read and result.errors else None)
        self.path = path
        self._unread = list(result.unread) if path is not None else []
        self.changed.emit()
        problems = self._model.analysis().problems
        if result.problems and problems:
            first = next((p for p in problems if p.severity == "error"), problems[0])
            self.failed.emit(
                self.tr(
                    "The file has {count} problem(s), the first at {where}: {message}. "
                    "Check the marked cells."
                ).format(
                    count=len(problems),
                    where=self._model.where(first),
                    message=text_for(first.message),
                )
            )

    # ----- dialogs (non-modal: open() and signals, never exec()) -----------------------------
    def choose_open(self) -> None:
        self.when_saved_or_discarded(self._show_open_dialog)

    def save(self, then: Then | None = None) -> None:
        """Save to the open file, or ask where first; `then` runs once saved."""
        if self.path is None or Path(self.path).suffix.lower() not in SUFFIXES:
            self.choose_save_as(then)
        else:
            self.save_checked(self.path, then)

    def save_checked(self, path: str, then: Then | None = None) -> None:
        """Save to `path`, first asking when that leaves out something (`losses`): Save As a
        new file (the default), Overwrite / Save anyway, or Cancel; `then` runs once saved."""
        losses = self.losses(path) if not self._model.analysis().errors else []
        if not losses:
            if self.save_path(path) and then is not None:
                then()
            return
        if self.loss_prompt is not None:
            self.loss_prompt.raise_()
            return
        over = self.path is not None and _same_file(path, self.path)
        name = Path(path).name
        text = (
            self.tr("Saving over {name} loses what LiveDesk does not keep:")
            if over
            else self.tr("{name} cannot hold all of this run-sheet:")
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Not everything would be saved"),
            text.format(name=name),
            QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setInformativeText("\n".join(f"• {loss}" for loss in losses))
        role = QMessageBox.ButtonRole
        save_as = box.addButton(self.tr("Save As…"), role.AcceptRole)
        anyway = self.tr("Overwrite") if over else self.tr("Save anyway")
        box.addButton(anyway, role.DestructiveRole)
        box.setDefaultButton(save_as)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._losses_answered(box, path, then))
        self.loss_prompt = box
        box.open()

    def _losses_answered(self, box: QMessageBox, path: str, then: Then | None) -> None:
        role = box.buttonRole(box.clickedButton())
        self.loss_prompt = None
        box.deleteLater()
        if role == QMessageBox.ButtonRole.DestructiveRole:
            if self.save_path(path) and then is not None:
                then()
        elif role == QMessageBox.ButtonRole.AcceptRole:
            self.choose_save_as(then, fresh=True)

    def choose_save_as(self, then: Then | None = None, *, fresh: bool = False) -> None:
        """Ask where to save; `fresh`: offer a name no file has yet, beside the open file."""
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
            suggested = Path(self.path).with_suffix(current)
            dialog.selectFile(str(_unused(suggested) if fresh else suggested))
        else:
            dialog.selectFile(f"{self.name()}{current}")
        dialog.fileSelected.connect(lambda path: self.save_checked(path, then))
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


def _same_file(one: str | Path, other: str | Path) -> bool:
    try:
        return Path(one).resolve() == Path(other).resolve()
    except (OSError, RuntimeError):
        return str(one) == str(other)


def _unused(path: Path) -> Path:
    """`path`, else the first of `name-2.xlsx`, `name-3.xlsx` … that is not there."""
    if not path.exists():
        return path
    for number in itertools.count(2):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise AssertionError("unreachable")
