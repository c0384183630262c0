"""Settings › Chat sources: the list of twitch / youtube / bilibili / replay entries (the settings'
`chat_sources`, read by app/adapters/chat/factory.py) and their secrets, kept in the OS keyring:
the YouTube API key and the Bilibili SESSDATA cookie; and how long what viewers said is kept (the
settings' `retention_days`, applied at start by app/adapters/store/retention.py)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.chat_settings import (
    ChatSettingProblem,
    bilibili_room,
    twitch_channel,
    youtube_video_id,
)
from app.domain.settings import Settings
from app.ui.message_texts import text_for
from app.ui.settings.ports import BILIBILI_SESSDATA, YOUTUBE_KEY, SecretStore
from app.ui.settings.secret_field import SecretField

KINDS = ("twitch", "youtube", "bilibili", "replay")
# each kind's fields: (key, type) — "text", "int", "float", "bool" or "path"; "channel" and
# "room" are read as the domain reads them (a pasted address becomes the name or number)
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "twitch": (("channel", "channel"),),
    "youtube": (("video", "text"),),
    "bilibili": (("room", "room"), ("uid", "int")),
    "replay": (("path", "path"), ("speed", "float"), ("loop", "bool")),
}
REQUIRED = {"twitch": "channel", "youtube": "video", "bilibili": "room", "replay": "path"}
MAX_RETENTION_DAYS = 3650


def kind_label(kind: str) -> str:
    if kind == "replay":
        return QCoreApplication.translate("ChatPage", "Replay file")
    names = {"twitch": "Twitch", "youtube": "YouTube", "bilibili": "Bilibili 哔哩哔哩"}
    return names.get(kind, kind)


def field_label(key: str) -> str:
    translate = QCoreApplication.translate
    labels = {
        "name": translate("ChatPage", "Name (optional)"),
        "channel": translate("ChatPage", "Channel"),
        "video": translate("ChatPage", "Video (address or ID)"),
        "room": translate("ChatPage", "Room number"),
        "uid": translate("ChatPage", "Your UID (optional)"),
        "path": translate("ChatPage", "File"),
        "speed": translate("ChatPage", "Speed (1 = as recorded)"),
        "loop": translate("ChatPage", "Start again at the end"),
    }
    return labels.get(key, key)


class ChatPage(QWidget):
    def __init__(
        self, settings: Settings, secrets: SecretStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._entries: list[dict[str, Any]] = copy.deepcopy(list(settings.chat_sources))
        self.source_list = QListWidget()
        self.source_list.setToolTip(self.tr("Where comments come from; select one to edit it"))
        self.source_list.currentRowChanged.connect(self._edit)
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("Add"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for kind in KINDS:
            menu.addAction(kind_label(kind)).triggered.connect(
                lambda _checked=False, kind=kind: self.add_source(kind)
            )
        self.add_button.setMenu(menu)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.editor = QGroupBox()
        self._form = QFormLayout(self.editor)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.editors: dict[str, QWidget] = {}

        self.youtube_key = SecretField(secrets, YOUTUBE_KEY, self.tr("YouTube API key"))
        self.bilibili_sessdata = SecretField(
            secrets, BILIBILI_SESSDATA, self.tr("Bilibili SESSDATA cookie")
        )
        self.bilibili_sessdata.edit.setToolTip(
            self.tr("Optional: with it, Bilibili shows viewers' full names")
        )
        keys = QGroupBox(self.tr("Keys (kept in the system keyring, never in a file)"))
        keys_form = QFormLayout(keys)
        keys_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        keys_form.addRow(self.tr("YouTube API key"), self.youtube_key)
        keys_form.addRow(self.tr("Bilibili SESSDATA"), self.bilibili_sessdata)

        privacy = self._privacy(settings.retention_days)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.source_list, 1)
        left.addLayout(buttons)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addWidget(self.editor, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(keys)
        layout.addWidget(privacy)
        self._fill()
        if self._entries:
            self.source_list.setCurrentRow(0)

    def _privacy(self, days: int) -> QGroupBox:
        self.retention_spin = QSpinBox()
        self.retention_spin.setRange(0, MAX_RETENTION_DAYS)
        self.retention_spin.setValue(min(max(0, days), MAX_RETENTION_DAYS))
        self.retention_spin.setSpecialValueText(self.tr("Keep everything"))
        self.retention_spin.setSuffix(self.tr(" days"))
        help_text = QLabel(
            self.tr(
                "Older than this, LiveDesk forgets what viewers said and who they were: comment "
                "text, names and platform IDs, questions and their answers, featured comments "
                "and blocked viewers. The reviews' counts stay. Done each time LiveDesk starts; "
                "the log file is then rebuilt, so nothing forgotten stays in it."
            )
        )
        help_text.setWordWrap(True)
        box = QGroupBox(self.tr("Privacy"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Forget viewers after"), self.retention_spin)
        form.addRow(help_text)
        return box

    def title(self) -> str:
        return self.tr("Chat sources")

    # ----- the list -------------------------------------------------------------------------------
    def entries(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._entries)

    def add_source(self, kind: str) -> None:
        self._entries.append({"kind": kind, **({"speed": 1.0} if kind == "replay" else {})})
        self._fill()
        self.source_list.setCurrentRow(len(self._entries) - 1)

    def remove_selected(self) -> None:
        row = self.source_list.currentRow()
        if 0 <= row < len(self._entries):
            del self._entries[row]
            self._fill()
            self.source_list.setCurrentRow(min(row, len(self._entries) - 1))

    def _fill(self) -> None:
        row = self.source_list.currentRow()
        self.source_list.blockSignals(True)
        self.source_list.clear()
        for entry in self._entries:
            self.source_list.addItem(self._summary(entry))
        self.source_list.blockSignals(False)
        self.remove_button.setEnabled(bool(self._entries))
        if 0 <= row < len(self._entries):
            self.source_list.setCurrentRow(row)
        self._edit(self.source_list.currentRow())

    def _summary(self, entry: dict[str, Any]) -> str:
        kind = str(entry.get("kind", ""))
        what = entry.get(REQUIRED.get(kind, ""), "") or self.tr("(not set)")
        name = f" — {entry['name']}" if entry.get("name") else ""
        return f"{kind_label(kind)}: {what}{name}"

    # ----- the editor -----------------------------------------------------------------------------
    def _edit(self, row: int) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        self.editors = {}
        if not 0 <= row < len(self._entries):
            self.editor.setTitle(self.tr("Add a source to edit it"))
            return
        entry = self._entries[row]
        kind = str(entry.get("kind", ""))
        self.editor.setTitle(kind_label(kind))
        for key, type_ in (("name", "text"), *FIELDS.get(kind, ())):
            widget = self._field(row, key, type_, entry.get(key))
            self.editors[key] = widget
            self._form.addRow(field_label(key), widget)

    def _field(self, row: int, key: str, type_: str, value: Any) -> QWidget:
        if type_ == "bool":
            check = QCheckBox()
            check.setChecked(bool(value))
            check.toggled.connect(lambda on: self._set(row, key, on))
            return check
        edit = QLineEdit("" if value is None else str(value))
        edit.textEdited.connect(lambda text: self._set(row, key, _typed(text, type_)))
        if type_ in ("channel", "room"):  # a pasted address shown as what is kept of it
            edit.editingFinished.connect(lambda: _show_kept(edit, self._entries, row, key))
        if type_ != "path":
            return edit
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(lambda: self._browse(edit, row))
        box = QWidget()
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(edit, 1)
        line.addWidget(browse)
        box.setFocusProxy(edit)
        return box

    def _browse(self, edit: QLineEdit, row: int) -> None:
        dialog = QFileDialog(self, self.tr("A chat recording (JSON lines)"))
        dialog.setNameFilter(self.tr("Chat recordings (*.jsonl *.json *.txt);;All files (*)"))
        dialog.fileSelected.connect(lambda path: self._recording_chosen(edit, row, path))
        dialog.open()

    def _recording_chosen(self, edit: QLineEdit, row: int, path: str) -> None:
        edit.setText(path)
        self._set(row, "path", path)

    def _set(self, row: int, key: str, value: Any) -> None:
        if not 0 <= row < len(self._entries):
            return
        entry = self._entries[row]
        if value in ("", None):
            entry.pop(key, None)
        else:
            entry[key] = value
        item = self.source_list.item(row)
        if item is not None:
            item.setText(self._summary(entry))

    # ----- the dialog's page protocol ----------------------------------------------------------
    def problems(self) -> list[str]:
        found = []
        for number, entry in enumerate(self._entries, start=1):
            kind = str(entry.get("kind", ""))
            where = self.tr("Chat source {n} ({kind})").format(n=number, kind=kind_label(kind))
            found += [self.tr("{where}: {problem}").format(where=where, problem=problem)
                      for problem in self._entry_problems(kind, entry)]  # fmt: skip
        youtube = any(e.get("kind") == "youtube" for e in self._entries)
        if youtube and not self.youtube_key.value() and self.youtube_key.can_keep():
            found.append(self.tr("YouTube needs an API key: type it under “Keys” below"))
        return found

    def _entry_problems(self, kind: str, entry: dict[str, Any]) -> list[str]:
        if kind not in KINDS:
            return [self.tr("the kind must be twitch, youtube, bilibili or replay")]
        found = []
        required = "" if kind == "youtube" and entry.get("live_chat_id") else REQUIRED[kind]
        if required and not str(entry.get(required, "")).strip():
            found.append(self.tr("“{field}” is empty").format(field=field_label(required)))
        elif required in READERS:  # what the source will make of it (a channel, a video …)
            found += _read_problem(READERS[required], entry.get(required))
        for key, type_ in FIELDS[kind]:
            value = entry.get(key)
            if value is None or type_ not in ("int", "float"):
                continue
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if type_ == "int" and not (number and isinstance(value, int) and value > 0):
                found.append(self.tr("“{field}” must be a whole number above 0").format(
                    field=field_label(key)))  # fmt: skip
            elif type_ == "float" and not (number and value > 0):
                found.append(self.tr("“{field}” must be a number above 0, like 1 or 2.5").format(
                    field=field_label(key)))  # fmt: skip
        return found

    def apply(self, settings: Settings) -> Settings:
        return replace(
            settings, chat_sources=self.entries(), retention_days=self.retention_spin.value()
        )

    def secrets_to_write(self) -> dict[str, str | None]:
        return {**self.youtube_key.pending(), **self.bilibili_sessdata.pending()}

    def after_save(self) -> None:
        self.youtube_key.saved()
        self.bilibili_sessdata.saved()


# how the source reads a field (app/domain/chat_settings.py): a problem is shown as it says it
READERS: dict[str, Callable[[object], object]] = {
    "channel": twitch_channel,
    "video": youtube_video_id,
    "room": bilibili_room,
}


def _read_problem(read: Callable[[object], object], value: object) -> list[str]:
    try:
        read(value)
    except ChatSettingProblem as problem:
        return [text_for(problem.message)]
    return []


def _show_kept(edit: QLineEdit, entries: list[dict[str, Any]], row: int, key: str) -> None:
    """The field shows what is kept of what was typed (twitch.tv/foo: foo)."""
    if 0 <= row < len(entries) and key in entries[row]:
        kept = str(entries[row][key])
        if kept != edit.text().strip():
            edit.setText(kept)


def _typed(text: str, type_: str) -> Any:
    """The typed text as the field's type when it reads as one; else the text (a problem)."""
    text = text.strip()
    if not text:
        return ""
    try:
        if type_ == "int":
            return int(text)
        if type_ == "float":
            return float(text)
        if type_ == "channel":
            return twitch_channel(text)
        if type_ == "room":
            return bilibili_room(text)
    except ValueError:
        return text
    return text
