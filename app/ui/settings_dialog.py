"""Settings…: OBS, the local server, chat sources, keyword lists, appearance and keys, one page
each (app/ui/settings/). Saving checks every page first and says what is wrong; secrets go to the
OS keyring through the injected SecretStore, everything else to the settings file through the
injected `save`, which never sees a secret."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.settings import Settings
from app.runtime.tasks import TaskRunner
from app.ui.message_bar import ERROR, STYLES
from app.ui.message_texts import text_for
from app.ui.settings.appearance_page import AppearancePage
from app.ui.settings.chat_page import ChatPage
from app.ui.settings.hotkeys_page import HotkeysPage
from app.ui.settings.lists_page import ListsPage
from app.ui.settings.obs_page import ObsPage
from app.ui.settings.ports import API_TOKEN, ObsProbe, SaveSettings, SecretStore
from app.ui.settings.server_page import ServerPage
from app.ui.theme import apply_theme


class Page(Protocol):
    def title(self) -> str: ...
    def problems(self) -> list[str]: ...
    def apply(self, settings: Settings) -> Settings: ...
    def secrets_to_write(self) -> dict[str, str | None]: ...
    def after_save(self) -> None: ...


class SettingsDialog(QDialog):
    """Non-modal (the show goes on while it is open). `saved(settings)` is emitted after the file
    is written, for what applies at once (keys, compliance lists, the OBS address and password);
    the dialog itself says what needs a restart. `running_token`: the API token the server uses
    now. `probe(url, password)`: tries OBS ("Test connection"; disabled without it). `notes`: what
    of the settings file could not be used (Messages), said above the pages."""

    saved = Signal(object)

    def __init__(
        self,
        settings: Settings,
        save: SaveSettings,
        secrets: SecretStore,
        tasks: TaskRunner,
        *,
        probe: ObsProbe | None = None,
        running_token: str = "",
        theme_applier: Callable[[str], None] | None = None,
        new_assist_link: Callable[[], None] | None = None,
        lan_addresses: list[str] | None = None,
        notes: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setModal(False)
        self.resize(720, 560)
        self._settings, self._save, self._secrets = settings, save, secrets
        apply = theme_applier or _apply_to_application
        # the OBS page points out an OBS address on the local server's port
        self.obs_page = ObsPage(
            settings, secrets, tasks, probe, local_server=lambda: self._port_taken_by_obs()
        )
        self.server_page = ServerPage(settings, secrets, running_token, obs_url=self.obs_page.url)
        if new_assist_link is not None:  # a new assistants' token at once
            self.server_page.set_new_assist_link(new_assist_link)
        if lan_addresses is not None:  # shown beside the LAN switch
            self.server_page.set_lan_addresses(lan_addresses)
        self.chat_page = ChatPage(settings, secrets)
        self.lists_page = ListsPage(settings)
        self.appearance_page = AppearancePage(settings, apply)
        self.hotkeys_page = HotkeysPage(settings)
        pages = (self.obs_page, self.server_page, self.chat_page, self.lists_page,
                 self.appearance_page, self.hotkeys_page)  # fmt: skip
        self.pages: list[Page] = list(pages)
        self.tabs = QTabWidget()
        for page in pages:
            self.tabs.addTab(page, page.title())
        self.problems_label = QLabel()
        self.problems_label.setObjectName("settingsProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #d32f2f;")
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.file_notes = _file_notes(notes, self.tr(
            "Saving writes the settings as this dialog shows them."))  # fmt: skip
        layout.addWidget(self.file_notes)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.unsaved_box: QMessageBox | None = None
        # the pages' settings as they stand unedited: an edit is what differs from them (a
        # file's own spelling, e.g. a default key listed, is no edit)
        self._unedited = self._edited()

    def _port_taken_by_obs(self) -> int | None:
        return self.server_page.port_taken_by_obs_address()

    @property
    def settings(self) -> Settings:
        """The settings as last saved (or as given)."""
        return self._settings

    def save(self) -> bool:
        """Check every page; when all is well keep the secrets, write the file, say what needs a
        restart. False (and nothing written) when a page has a problem."""
        self.status_label.clear()
        problems = [(index, problem) for index, page in enumerate(self.pages)
                    for problem in page.problems()]  # fmt: skip
        if problems:
            self.tabs.setCurrentIndex(problems[0][0])
            self.problems_label.setText("\n".join(f"• {p}" for _i, p in problems))
            return False
        new = self._settings
        for page in self.pages:
            new = page.apply(new)
        failed, failed_slots = self._keep_secrets()
        try:
            self._save(new)
        except OSError as exc:
            failed.append(self.tr("The settings could not be saved: {error}").format(error=exc))
            self.problems_label.setText("\n".join(f"• {p}" for p in failed))
            return False
        restart = self._needing_restart(self._settings, new, API_TOKEN not in failed_slots)
        self._settings = self._unedited = new
        for page in self.pages:
            page.after_save()
        self.problems_label.setText("\n".join(f"• {p}" for p in failed))
        status = self.tr("Saved.")
        if restart:
            status += " " + self.tr("Restart LiveDesk for these to take effect: {what}.").format(
                what=", ".join(restart)
            )
        self.status_label.setText(status)
        self.saved.emit(new)
        return True

    def _keep_secrets(self) -> tuple[list[str], set[str]]:
        """Every page's new secrets into the keyring; what could not be kept, in words."""
        failed: list[str] = []
        slots: set[str] = set()
        for page in self.pages:
            for slot, value in page.secrets_to_write().items():
                done = (self._secrets.store(slot, value) if value is not None
                        else self._secrets.forget(slot))  # fmt: skip
                if not done:
                    slots.add(slot)
                    failed.append(
                        self.tr("The system keyring did not take the change; set {env} instead.")
                        .format(env=self._secrets.env_var(slot))
                    )  # fmt: skip
        return failed, slots

    def _needing_restart(self, old: Settings, new: Settings, token_kept: bool) -> list[str]:
        names = {
            "api_port": self.tr("the local server's port"),
            "lan_access": self.tr("LAN access"),
            "language": self.tr("the language"),
            "chat_sources": self.tr("the chat sources"),
            "audience_rules": self.tr("the comment classifier's lists"),
        }
        found = [text for field, text in names.items()
                 if getattr(old, field) != getattr(new, field)]  # fmt: skip
        if self.server_page.token_regenerated() and token_kept:
            found.append(self.tr("the new API token"))
        return found

    # ----- closing ---------------------------------------------------------------------------
    def _edited(self) -> Settings:
        new = self._settings
        for page in self.pages:
            new = page.apply(new)
        return new

    def has_unsaved_changes(self) -> bool:
        """Whether closing now would lose an edit: a setting, or a secret typed or forgotten."""
        return self._edited() != self._unedited or any(p.secrets_to_write() for p in self.pages)

    def reject(self) -> None:
        """Close (Close, Esc, the window's ✕); with unsaved changes, ask first: Save, Discard
        or Cancel (a box opened, never a nested event loop)."""
        if not self.has_unsaved_changes():
            self._close()
            return
        if self.unsaved_box is not None and self.unsaved_box.isVisible():
            self.unsaved_box.raise_()
            return
        buttons = QMessageBox.StandardButton
        box = self.unsaved_box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Unsaved changes"))
        box.setText(self.tr("Save the changes to the settings before closing?"))
        box.setInformativeText(self.tr("If you don't save, your changes are lost."))
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        box.button(buttons.Save).clicked.connect(self._save_and_close)
        box.button(buttons.Discard).clicked.connect(self._close)
        box.open()

    def _save_and_close(self) -> None:
        if self.save():  # else the problems are shown and the dialog stays
            self._close()

    def _close(self) -> None:
        self.appearance_page.revert_preview()
        super().reject()


def _apply_to_application(theme: str) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, theme)


def _file_notes(notes: Sequence[str], saving: str) -> QLabel:
    """What of the settings file could not be used, in an error's colours (hidden: none)."""
    label = QLabel("\n".join([*(f"• {text_for(n)}" for n in notes), saving]) if notes else "")
    label.setObjectName("settingsFileNotes")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # it may quote the file
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    background, border, color = STYLES[ERROR]
    label.setStyleSheet(
        f"#settingsFileNotes {{ background: {background}; color: {color}; "
        f"border: 1px solid {border}; border-radius: 4px; padding: 6px; }}"
    )
    label.setVisible(bool(notes))
    return label
