"""Settings › Keys: every live action with its key, changed by pressing the new one. A key another
action has, or one LiveDesk keeps for itself, is refused with a message saying which."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.settings import Settings
from app.ui.keymap import ACTIONS, Keymap, native, portable


class HotkeysPage(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys = Keymap(settings.hotkeys).keys()
        self.table = QTableWidget(len(ACTIONS), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Live action"), self.tr("Key")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.editors: dict[str, QKeySequenceEdit] = {}
        for row, action in enumerate(ACTIONS):
            self.table.setItem(row, 0, QTableWidgetItem(Keymap.label(action.name)))
            editor = QKeySequenceEdit(QKeySequence(self._keys[action.name]))
            editor.setMaximumSequenceLength(1)
            editor.setToolTip(self.tr("Click, then press the new key"))
            editor.setMinimumWidth(150)
            editor.editingFinished.connect(
                lambda name=action.name: self.set_key(name, self.editors[name].keySequence())
            )
            self.editors[action.name] = editor
            self.table.setCellWidget(row, 1, editor)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("hotkeyMessage")
        self.reset_button = QPushButton(self.tr("Reset to defaults"))
        self.reset_button.clicked.connect(self.reset_to_defaults)
        hint = QLabel(
            self.tr(
                "Keys act while the console window is in front and no text field is being typed in."
            )
        )
        hint.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def title(self) -> str:
        return self.tr("Keys")

    def key(self, name: str) -> str:
        return self._keys[name]

    def set_key(self, name: str, key: str | QKeySequence) -> str | None:
        """Give live action `name` the key `key`: None when taken, else why it was refused (the
        message shows it too, and the action keeps its key)."""
        text = portable(key)
        refusal = None
        holder = next((n for n, k in self._keys.items() if k == text and n != name), None)
        if not text:
            refusal = self.tr("Every live action needs a key; “{action}” keeps {key}.").format(
                action=Keymap.label(name), key=native(self._keys[name])
            )
        elif QKeySequence(text).count() != 1:
            refusal = self.tr("Press a single key or chord, like Ctrl+P.")
        elif (use := Keymap.reserved_use(text)) is not None:
            refusal = self.tr("{key} is kept for {use}; choose another key.").format(
                key=native(text), use=use
            )
        elif holder is not None:
            refusal = self.tr(
                "{key} is already the key of “{action}”; choose another key, or change that one "
                "first."
            ).format(key=native(text), action=Keymap.label(holder))
        if refusal is None:
            self._keys[name] = text
        self._show_message(refusal)
        editor = self.editors[name]
        if portable(editor.keySequence()) != self._keys[name]:
            editor.setKeySequence(QKeySequence(self._keys[name]))
        return refusal

    def reset_to_defaults(self) -> None:
        self._keys = Keymap().keys()
        for name, editor in self.editors.items():
            editor.setKeySequence(QKeySequence(self._keys[name]))
        self._show_message(None)

    def _show_message(self, refusal: str | None) -> None:
        self.message.setText(refusal or "")
        self.message.setStyleSheet("color: #d32f2f;" if refusal else "")

    # ----- the dialog's page protocol ----------------------------------------------------------
    def problems(self) -> list[str]:
        return []

    def apply(self, settings: Settings) -> Settings:
        defaults = Keymap().keys()
        return replace(settings, hotkeys={n: k for n, k in self._keys.items() if k != defaults[n]})

    def secrets_to_write(self) -> dict[str, str | None]:
        return {}

    def after_save(self) -> None:
        pass
