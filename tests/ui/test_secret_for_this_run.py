"""Without a keyring (a headless Linux without a Secret Service: keyring's `fail` backend) the OBS
password typed in Settings → OBS is used at once, for this run, by the console's OBS connection;
the field says it is not kept after exit, and how to keep it. Never written to the settings file.
A secret the console only reads at start (the YouTube key) is not taken for this run: a restart
would lose it before it is used."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtWidgets import QWidget

from app import secrets
from app.adapters.obs.gateway import ObsWebsocketGateway
from app.openers import settings_opener
from app.runtime.tasks import TaskRunner
from app.ui.settings_dialog import SettingsDialog


class Host(QWidget):
    """Stands for the main window: the dialogs' parent, given the new keys on Save."""

    def set_keymap(self, _keymap: object) -> None:
        pass


class Console:
    """Show menu → Settings…, wired as the console wires it (the OBS address not fixed); the
    opener held, as the window holds it, and the dialog opened over a window of its own."""

    def __init__(self, qtbot: Any, tmp_path: Path, runner: TaskRunner, gateway: Any) -> None:
        show: Any = SimpleNamespace(compliance=None, audience=None, assist=None)
        window: Any = Host()
        qtbot.addWidget(window)
        self.window = window
        self.opener = settings_opener(tmp_path, runner, "", gateway, show, lambda: window,
                                      fixed=False)  # fmt: skip

    def open_settings(self) -> SettingsDialog:
        self.opener()
        dialogs = [d for d in self.window.findChildren(SettingsDialog) if d.isVisible()]
        assert len(dialogs) == 1
        return dialogs[0]


def test_the_obs_password_is_used_for_this_run_and_said_not_kept(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, gateway: ObsWebsocketGateway, no_keyring: None
) -> None:
    console = Console(qtbot, tmp_path, runner, gateway)
    dialog = console.open_settings()
    field = dialog.obs_page.password
    before = field.status_label.text()
    assert "until LiveDesk exits" in before
    qtbot.keyClicks(field.edit, "secret")
    typed = field.status_label.text()
    assert "until it exits" in typed
    assert "LIVEDESK_OBS_PASSWORD" in typed
    assert "keyring" in typed

    assert dialog.save(), dialog.problems_label.text()

    assert gateway.password == "secret"  # the console's connection uses it now
    assert dialog.problems_label.text() == ""
    after = field.status_label.text()
    assert "In use until LiveDesk exits" in after
    assert "LIVEDESK_OBS_PASSWORD" in after
    assert "secret" not in (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert secrets.read_secret(*secrets.OBS_PASSWORD) == "secret"

    dialog.close()
    again = console.open_settings()  # opened again, saved for another reason
    assert again.obs_page.password.value() == "secret"  # "Test connection" tries it
    assert "In use until LiveDesk exits" in again.obs_page.password.status_label.text()
    assert again.save()
    assert gateway.password == "secret"  # not wiped by a later Save


def test_a_password_used_for_this_run_can_be_forgotten(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, gateway: ObsWebsocketGateway, no_keyring: None
) -> None:
    console = Console(qtbot, tmp_path, runner, gateway)
    dialog = console.open_settings()
    field = dialog.obs_page.password
    assert not field.forget_button.isEnabled()  # nothing in use yet
    qtbot.keyClicks(field.edit, "secret")
    assert dialog.save()
    assert gateway.password == "secret"
    assert field.forget_button.isEnabled()  # typed by mistake, or OBS's password removed
    field.forget_button.click()
    assert "stops using" in field.status_label.text()
    assert field.value() == ""  # "Test connection" tries without it
    assert dialog.save()
    assert gateway.password == ""
    assert secrets.read_secret(*secrets.OBS_PASSWORD) is None
    assert not field.forget_button.isEnabled()
    assert "In use" not in field.status_label.text()


def test_a_secret_read_only_at_start_is_not_taken_for_this_run(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, gateway: ObsWebsocketGateway, no_keyring: None
) -> None:
    dialog = Console(qtbot, tmp_path, runner, gateway).open_settings()
    qtbot.keyClicks(dialog.chat_page.youtube_key.edit, "AIzaKey")
    assert dialog.chat_page.youtube_key.pending() == {}
    assert "LIVEDESK_YOUTUBE_KEY" in dialog.chat_page.youtube_key.status_label.text()
