"""The settings dialog: secrets into the OS keyring (a real keyring backend, in memory) and never
into the settings file; validation in words; keys; colours; the OBS connection test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFormLayout, QMessageBox

from app.adapters.obs import problems
from app.adapters.store.settings_file import load_settings, save_settings
from app.domain.settings import Settings
from app.runtime.tasks import TaskRunner
from app.secrets import SERVICE, KeyringSecrets
from app.services.ports import ObsConnectError, ObsVersion
from app.ui.settings.ports import SLOTS
from app.ui.settings.server_page import masked
from app.ui.settings_dialog import SettingsDialog
from app.ui.theme import apply_theme, is_dark
from tests.support.keyrings import MemoryKeyring
from tests.ui.conftest import Until


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    errors: list[str] = []
    runner = TaskRunner(errors.append)
    yield runner
    runner.cancel_all()


@pytest.fixture(autouse=True)
def _system_colours() -> Iterator[None]:
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "system")


def make_dialog(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, settings: Settings | None = None, **kw: Any
) -> SettingsDialog:
    dialog = SettingsDialog(
        settings or Settings(),
        lambda new: save_settings(tmp_path, new),
        KeyringSecrets(),
        runner,
        **kw,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_dialog_and_the_keyring_agree_on_the_secret_slots() -> None:
    from app.secrets import SLOTS as KEYRING_SLOTS

    assert set(SLOTS) == set(KEYRING_SLOTS)


def test_secrets_go_to_the_keyring_and_never_into_the_settings_file(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password(SERVICE, "api-token", "old-token-0123456789")
    dialog = make_dialog(qtbot, tmp_path, runner, running_token="old-token-0123456789")
    obs, server, chat = dialog.obs_page, dialog.server_page, dialog.chat_page
    assert server.token_edit.text() == masked("old-token-0123456789")
    assert "old-token" not in server.token_edit.text()

    qtbot.keyClicks(obs.password.edit, "obs-Pa55word!")
    server.regenerate_button.click()
    assert server.confirm_box is not None
    server.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    new_token = server.shown_token()
    assert new_token != "old-token-0123456789"
    assert len(new_token) >= 24
    chat.add_source("youtube")
    qtbot.keyClicks(chat.editors["video"], "https://youtu.be/dQw4w9WgXcQ")
    chat.add_source("bilibili")
    qtbot.keyClicks(chat.editors["room"], "4242")
    qtbot.keyClicks(chat.youtube_key.edit, "AIzaYouTubeKey987")
    qtbot.keyClicks(chat.bilibili_sessdata.edit, "sess%2Cdata%2C42")

    assert dialog.save(), dialog.problems_label.text()

    text = (tmp_path / "settings.json").read_text(encoding="utf-8")
    for secret in ("obs-Pa55word!", new_token, "old-token-0123456789", "AIzaYouTubeKey987",
                   "sess%2Cdata%2C42"):  # fmt: skip
        assert secret not in text
    stored = json.loads(text)
    assert stored["chat_sources"] == [
        {"kind": "youtube", "video": "https://youtu.be/dQw4w9WgXcQ"},
        {"kind": "bilibili", "room": 4242},
    ]
    assert memory_keyring.passwords == {
        (SERVICE, "obs-password"): "obs-Pa55word!",
        (SERVICE, "api-token"): new_token,
        (SERVICE, "youtube-api-key"): "AIzaYouTubeKey987",
        (SERVICE, "bilibili-sessdata"): "sess%2Cdata%2C42",
    }
    assert obs.password.typed() == ""
    assert "keyring" in obs.password.status_label.text()
    status = dialog.status_label.text()
    assert "Restart" in status
    assert "token" in status
    assert "chat sources" in status
    assert load_settings(tmp_path)[0] == dialog.settings


def test_forget_removes_the_password_from_the_keyring(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.set_password(SERVICE, "obs-password", "kept")
    dialog = make_dialog(qtbot, tmp_path, runner)
    field = dialog.obs_page.password
    assert field.forget_button.isEnabled()
    assert "Saved in the system keyring" in field.status_label.text()
    field.forget_button.click()
    assert dialog.save()
    assert memory_keyring.passwords == {}
    assert not field.forget_button.isEnabled()


def test_without_a_keyring_the_dialog_says_so_and_explains_the_variable(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, no_keyring: None
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner, running_token="runtime-token-abcdef")
    status = dialog.obs_page.password.status_label.text()
    assert "No system keyring" in status
    assert "LIVEDESK_OBS_PASSWORD" in status
    assert not dialog.server_page.regenerate_button.isEnabled()
    assert "LIVEDESK_API_TOKEN" in dialog.server_page.token_status.text()
    qtbot.keyClicks(dialog.obs_page.password.edit, "only-for-the-test")
    assert dialog.obs_page.password.value() == "only-for-the-test"  # "Test connection" uses it
    assert dialog.save()
    assert "only-for-the-test" not in (tmp_path / "settings.json").read_text(encoding="utf-8")


def test_an_environment_variable_is_named_when_it_wins(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("LIVEDESK_API_TOKEN", "from-the-environment")
    dialog = make_dialog(qtbot, tmp_path, runner)
    assert "LIVEDESK_API_TOKEN" in dialog.server_page.token_status.text()
    assert not dialog.server_page.regenerate_button.isEnabled()
    assert dialog.server_page.shown_token() == "from-the-environment"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:4455", "ws://HOST:PORT"),
        ("", "ws://127.0.0.1:4455"),
        ("ws://obs.local:99999", "1 to 65535"),
        ("ws://127.0.0.1:4455/some/path", "ws://HOST:PORT"),
        ("ws://[::1", "ws://HOST:PORT"),  # an unclosed “[”: urlparse raises
        ("ws://[::1:4455", "ws://HOST:PORT"),
        ("ws://a b:4455", "ws://HOST:PORT"),  # a space in the host
    ],
)
def test_a_bad_obs_address_is_refused_in_words(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring, url: str,
    expected: str,
) -> None:  # fmt: skip
    dialog = make_dialog(qtbot, tmp_path, runner)
    dialog.tabs.setCurrentIndex(3)
    dialog.obs_page.url_edit.setText(url)
    assert not dialog.save()
    assert expected in dialog.problems_label.text()
    assert dialog.tabs.currentWidget() is dialog.obs_page  # shown where the problem is
    assert not (tmp_path / "settings.json").exists()  # nothing written


def test_testing_an_unreadable_obs_address_says_so(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner)
    dialog.obs_page.url_edit.setText("ws://[::1")
    dialog.obs_page.test_connection()
    assert "ws://HOST:PORT" in dialog.obs_page.test_result.text()
    assert dialog.obs_page.url() == "ws://[::1"  # as typed, not an exception


def test_the_local_server_port_check_reads_an_unreadable_obs_address(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner)
    dialog.obs_page.url_edit.setText("ws://[::1")
    assert dialog.server_page.problems() == []  # the OBS page names the problem


def test_an_ipv6_obs_address_is_kept(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner)
    dialog.obs_page.url_edit.setText("ws://[::1]:4455")
    assert dialog.save(), dialog.problems_label.text()
    assert load_settings(tmp_path)[0].obs_url == "ws://[::1]:4455"


def test_a_short_obs_address_is_written_out_in_full(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner)
    dialog.obs_page.url_edit.setText("192.168.1.20")
    assert dialog.save(), dialog.problems_label.text()
    assert load_settings(tmp_path)[0].obs_url == "ws://192.168.1.20:4455"


def test_the_assistants_interaction_rights_are_shown_and_saved(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner)
    check = dialog.server_page.assist_interaction_check
    dialog.tabs.setCurrentWidget(dialog.server_page)
    assert check.isVisible()
    form = dialog.server_page.layout()
    assert isinstance(form, QFormLayout)
    assistants_row = form.getWidgetPosition(dialog.server_page.new_assist_button)[0]
    assert form.getWidgetPosition(check)[0] == assistants_row + 1  # under the Assistants row
    assert check.text() == "Assistants may run polls, lotteries and check-ins"
    assert not check.isChecked()  # off unless the host turns it on
    emitted: list[Settings] = []
    dialog.saved.connect(emitted.append)
    check.setChecked(True)
    assert dialog.save(), dialog.problems_label.text()
    assert load_settings(tmp_path)[0].assistants_run_interaction is True
    assert [s.assistants_run_interaction for s in emitted] == [True]
    assert "Restart" not in dialog.status_label.text()  # it applies at once
    again = make_dialog(qtbot, tmp_path, runner, settings=load_settings(tmp_path)[0])
    assert again.server_page.assist_interaction_check.isChecked()
    again.server_page.assist_interaction_check.setChecked(False)
    assert again.save()
    assert load_settings(tmp_path)[0].assistants_run_interaction is False


def test_saving_the_settings_gives_the_assistants_their_rights_at_once(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    from types import SimpleNamespace

    from app.openers import settings_opener
    from app.services.assist_access import AssistAccess
    from app.services.event_bus import EventBus

    access = AssistAccess(EventBus(), "assist-token-for-tests", make=lambda: "unused-0000",
                          keep=lambda _token: True)  # fmt: skip
    show: Any = SimpleNamespace(compliance=None, audience=None, assist=access)
    gateway: Any = SimpleNamespace()
    open_settings = settings_opener(tmp_path, runner, "", gateway, show, lambda: None, fixed=True)
    before = set(QApplication.topLevelWidgets())  # earlier tests' dialogs left with edits ask
    open_settings()
    dialogs = [w for w in set(QApplication.topLevelWidgets()) - before
               if isinstance(w, SettingsDialog) and w.isVisible()]  # fmt: skip
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    assert access.runs_interaction is False
    dialog.server_page.assist_interaction_check.setChecked(True)
    assert dialog.save(), dialog.problems_label.text()
    assert access.runs_interaction is True  # no restart
    dialog.server_page.assist_interaction_check.setChecked(False)
    assert dialog.save()
    assert access.runs_interaction is False
    assert access.helps_host is False
    dialog.server_page.assist_help_check.setChecked(True)
    assert dialog.save(), dialog.problems_label.text()
    assert (access.helps_host, access.runs_interaction) == (True, False)


def test_port_problems_are_refused_in_words(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner)
    dialog.server_page.port_spin.setValue(80)
    assert not dialog.save()
    assert "1024 to 65535" in dialog.problems_label.text()
    dialog.server_page.port_spin.setValue(4455)  # OBS's own port on this machine
    assert not dialog.save()
    assert "OBS's WebSocket port" in dialog.problems_label.text()
    dialog.server_page.port_spin.setValue(5000)
    dialog.server_page.lan_check.setChecked(True)
    assert dialog.save()
    assert "port" in dialog.status_label.text()
    assert "LAN" in dialog.status_label.text()
    assert (load_settings(tmp_path)[0].api_port, load_settings(tmp_path)[0].lan_access) == (
        5000, True)  # fmt: skip


@pytest.mark.parametrize("typed", ["70000", "0", ""])
def test_a_port_typed_out_of_range_or_cleared_is_refused_in_words(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring, typed: str
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner)
    spin = dialog.server_page.port_spin
    dialog.tabs.setCurrentWidget(dialog.server_page)
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Delete)
    qtbot.keyClicks(spin.lineEdit(), typed)
    assert spin.lineEdit().text() == typed  # every digit typed is kept
    assert not dialog.save()
    assert "1024 to 65535" in dialog.problems_label.text()
    assert not (tmp_path / "settings.json").exists()


def test_chat_source_problems_are_refused_in_words(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner)
    chat = dialog.chat_page
    chat.add_source("twitch")
    chat.add_source("bilibili")
    qtbot.keyClicks(chat.editors["room"], "abc")
    chat.add_source("youtube")
    qtbot.keyClicks(chat.editors["video"], "live123")
    assert not dialog.save()
    text = dialog.problems_label.text()
    assert "Chat source 1 (Twitch): “Channel” is empty" in text
    assert "Chat source 2 (Bilibili 哔哩哔哩): “abc” is not a Bilibili room number" in text
    assert "Chat source 3 (YouTube): not a YouTube video URL or id: “live123”" in text
    assert "YouTube needs an API key" in text
    assert dialog.tabs.currentWidget() is chat


def test_removing_and_editing_keep_other_fields_of_an_entry(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    sources = [{"kind": "twitch", "channel": "old", "host": "127.0.0.1", "port": 6667},
               {"kind": "replay", "path": "chat.jsonl", "speed": 2}]  # fmt: skip
    dialog = make_dialog(qtbot, tmp_path, runner, Settings(chat_sources=sources))
    chat = dialog.chat_page
    assert chat.source_list.count() == 2
    chat.source_list.setCurrentRow(0)
    chat.editors["channel"].clear()
    qtbot.keyClicks(chat.editors["channel"], "newchannel")
    chat.source_list.setCurrentRow(1)
    chat.remove_selected()
    assert dialog.save(), dialog.problems_label.text()
    assert load_settings(tmp_path)[0].chat_sources == [
        {"kind": "twitch", "channel": "newchannel", "host": "127.0.0.1", "port": 6667}
    ]


def test_keyword_lists_one_per_line(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner)
    lists = dialog.lists_page
    lists.terms_edit.setPlainText("最好\n\n 第一 \n最好\n")
    lists.allowed_edit.setPlainText("最近")
    lists.list_combo.setCurrentIndex(lists.list_combo.findData("acknowledgements"))
    lists.words_edit.setPlainText("收到\n好的")
    assert dialog.save(), dialog.problems_label.text()
    saved = load_settings(tmp_path)[0]
    assert saved.compliance_terms == ("最好", "第一")
    assert saved.compliance_allowed == ("最近",)
    assert saved.audience_rules == {"acknowledgements": ["收到", "好的"]}
    lists.reset_list()
    assert dialog.save()
    assert load_settings(tmp_path)[0].audience_rules == {}


def test_a_hotkey_another_action_has_is_refused(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make_dialog(qtbot, tmp_path, runner)
    page = dialog.hotkeys_page
    dialog.tabs.setCurrentWidget(page)
    editor = page.editors["cue.next"]
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.message.text() != "")
    assert "Ctrl+P" in page.message.text()
    assert "Show or hide the selected product card" in page.message.text()
    assert page.key("cue.next") == "Space"
    assert editor.keySequence().toString() == "Space"

    assert page.set_key("cue.next", "Return") is not None  # kept for lists
    assert "choosing in lists" in page.message.text()
    assert page.set_key("cue.next", "") is not None
    assert page.key("cue.next") == "Space"

    assert page.set_key("cue.next", "Ctrl+G") is None
    assert page.message.text() == ""
    assert dialog.save()
    assert load_settings(tmp_path)[0].hotkeys == {"cue.next": "Ctrl+G"}
    page.reset_to_defaults()
    assert page.key("cue.next") == "Space"
    assert dialog.save()
    assert load_settings(tmp_path)[0].hotkeys == {}


def test_switching_the_theme_recolours_the_application_and_closing_unsaved_puts_it_back(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette().color(QPalette.ColorRole.Window)
    dialog = make_dialog(qtbot, tmp_path, runner)
    combo = dialog.appearance_page.theme_combo
    combo.setCurrentIndex(combo.findData("dark"))
    assert is_dark(app)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
    qtbot.waitUntil(lambda: dialog.palette().color(QPalette.ColorRole.Window).lightness() < 80)
    combo.setCurrentIndex(combo.findData("light"))
    assert not is_dark(app)
    combo.setCurrentIndex(combo.findData("dark"))
    dialog.reject()  # not saved: asked first (tests/ui/test_settings_checks.py) …
    assert dialog.unsaved_box is not None
    dialog.unsaved_box.button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()  # … and discarded: the colours the app had come back
    assert app.palette().color(QPalette.ColorRole.Window) == before


def test_a_saved_theme_and_language_stay(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    dialog = make_dialog(qtbot, tmp_path, runner)
    page = dialog.appearance_page
    page.theme_combo.setCurrentIndex(page.theme_combo.findData("dark"))
    page.language_combo.setCurrentIndex(page.language_combo.findData("zh_CN"))
    assert dialog.save()
    dialog.reject()
    assert is_dark(app)
    saved = load_settings(tmp_path)[0]
    assert (saved.theme, saved.language) == ("dark", "zh_CN")
    assert "language" in dialog.status_label.text()


async def test_test_connection_reports_success_and_a_readable_failure(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring, until: Until
) -> None:
    memory_keyring.set_password(SERVICE, "obs-password", "kept-password")
    tried: list[tuple[str, str]] = []

    async def probe(url: str, password: str) -> ObsVersion:
        tried.append((url, password))
        if password != "right":
            raise ObsConnectError(problems.auth_failed())
        return ObsVersion("30.2.3", "5.5.2")

    dialog = make_dialog(qtbot, tmp_path, runner, probe=probe)
    page = dialog.obs_page
    page.url_edit.setText("127.0.0.1:4455")
    page.test_button.click()
    await until(lambda: page.test_result.property("ok") is False)
    assert tried == [("ws://127.0.0.1:4455", "kept-password")]  # the kept password, if none typed
    result = page.test_result.text()
    assert "OBS refused the password" in result
    assert "WebSocket Server Settings" in result
    assert page.test_button.isEnabled()

    qtbot.keyClicks(page.password.edit, "right")
    page.test_button.click()
    await until(lambda: page.test_result.property("ok") is True)
    assert "Connected: OBS 30.2.3, obs-websocket 5.5.2" in page.test_result.text()

    page.url_edit.setText("http://nowhere")
    page.test_button.click()
    assert page.test_result.property("ok") is False
    assert "ws://HOST:PORT" in page.test_result.text()
    assert len(tried) == 2  # a bad address is not tried


def test_a_file_that_cannot_be_written_is_said_and_nothing_is_lost(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    def refuse(_settings: Settings) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "settings.json"))

    dialog = SettingsDialog(Settings(), refuse, KeyringSecrets(), runner)
    qtbot.addWidget(dialog)
    dialog.server_page.port_spin.setValue(5001)
    assert not dialog.save()
    assert "could not be saved" in dialog.problems_label.text()
    assert dialog.server_page.port_spin.value() == 5001  # the edit is still there to retry
    assert dialog.settings == Settings()
