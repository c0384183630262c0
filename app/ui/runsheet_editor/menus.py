"""The editor's actions with their shortcuts, its menus and its toolbar."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QWidget

if TYPE_CHECKING:
    from app.ui.runsheet_editor.window import RunSheetEditor

Key = QKeySequence.StandardKey


class EditorActions(QObject):
    """Every action is added to the window too, so its shortcut works wherever the focus is in
    it (a cell editor still takes its own keys first: Delete, Ctrl+Z while typing)."""

    def __init__(
        self,
        editor: RunSheetEditor,
        *,
        templates: Callable[[], list[str]],
        templates_dir: Path | None = None,
    ) -> None:
        super().__init__(editor)
        self._editor, self._templates = editor, templates
        self._templates_dir = templates_dir
        document, stack = editor.document, editor.undo_stack

        def saved() -> None:
            editor.commit_open_editor()
            document.save()

        self.new = self._action(
            self.tr("&New"), [Key.New], lambda: document.when_saved_or_discarded(document.new)
        )
        self.open = self._action(self.tr("&Open…"), [Key.Open], document.choose_open)
        self.save = self._action(self.tr("&Save"), [Key.Save], saved)
        self.save_as = self._action(
            self.tr("Save &as…"), ["Ctrl+Shift+S"], lambda: document.choose_save_as()
        )
        self.close = self._action(self.tr("&Close"), [Key.Close], editor.close)
        self.undo = stack.createUndoAction(self, self.tr("&Undo"))
        self.undo.setShortcuts([QKeySequence(Key.Undo)])
        self.redo = stack.createRedoAction(self, self.tr("&Redo"))
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        editor.addActions([self.undo, self.redo])
        self.add = self._action(self.tr("&Add segment"), ["Insert", "Ctrl+I"], editor.add_segment)
        self.duplicate = self._action(self.tr("&Duplicate"), ["Ctrl+D"], editor.duplicate_segments)
        self.delete = self._action(self.tr("De&lete"), ["Delete"], editor.delete_segments)
        self.move_up = self._action(
            self.tr("Move &up"), ["Ctrl+Up"], lambda: editor.move_segments(-1)
        )
        self.move_down = self._action(
            self.tr("Move do&wn"), ["Ctrl+Down"], lambda: editor.move_segments(1)
        )
        self.use = self._action(
            self.tr("Use for the &show"), ["Ctrl+Return", "Ctrl+Enter"], editor.use_for_show
        )

        self.templates_menu = QMenu(self.tr("New from &template"), editor)
        self.templates_menu.aboutToShow.connect(self.fill_templates_menu)
        self.fill_templates_menu()
        menu_bar = editor.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new)
        file_menu.addMenu(self.templates_menu)
        file_menu.addActions([self.open, self.save, self.save_as])
        file_menu.addSeparator()
        file_menu.addAction(self.close)
        edit_menu = menu_bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.add, self.duplicate, self.delete, self.move_up, self.move_down])
        show_menu = menu_bar.addMenu(self.tr("&Show"))
        show_menu.addAction(self.use)

    def fill_templates_menu(self) -> None:
        self.templates_menu.clear()
        names = self._templates()
        for name in names:
            action = self.templates_menu.addAction(self.template_title(name))
            action.setData(name)
            action.triggered.connect(lambda _checked=False, name=name: self._template(name))
        if not names:
            self.templates_menu.addAction(self.tr("(no templates)")).setEnabled(False)

    def template_title(self, name: str) -> str:
        """The title the template's sheet gives itself, else its file name without ".json"."""
        if self._templates_dir is not None:
            try:
                data = json.loads((self._templates_dir / name).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = None
            title = data.get("title") if isinstance(data, dict) else None
            if isinstance(title, str) and title.strip():
                return title.strip().replace("&", "&&")
        return Path(name).stem

    def build_toolbar(self, start_time: QWidget, use_button: QWidget) -> None:
        toolbar = self._editor.addToolBar(self.tr("Run-sheet"))
        toolbar.setObjectName("runsheetToolbar")
        toolbar.addWidget(QLabel(self.tr("Show starts at ")))
        toolbar.addWidget(start_time)
        toolbar.addSeparator()
        toolbar.addActions([self.add, self.duplicate, self.delete, self.move_up, self.move_down])
        toolbar.addSeparator()
        toolbar.addActions([self.undo, self.redo])
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(use_button)

    def _template(self, name: str) -> None:
        def load() -> None:
            self._editor.load_template(name)

        self._editor.document.when_saved_or_discarded(load)

    def _action(
        self,
        text: str,
        keys: list[str | QKeySequence.StandardKey],
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.replace('&', '')} ({shortcut})" if shortcut else text)
        action.triggered.connect(lambda _checked=False: slot())
        self._editor.addAction(action)
        return action
