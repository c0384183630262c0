"""Settings… as a new user meets it: closing with unsaved changes asks (Save / Discard / Cancel);
the ports' problems say what is wrong and where (an OBS address on LiveDesk's own port blames the
OBS address and suggests 4455); a pasted Twitch channel's or Bilibili room's address is read as
the name or number, a YouTube link checked; a blocked viewer that would block no one is said; the
OBS test's failure reads in the window's language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from app.adapters.obs import problems
from app.adapters.store.settings_file import load_settings, save_settings
from app.domain.settings import Settings
from app.runtime.tasks import TaskRunner
from app.services.ports import ObsConnectError, ObsVersion
from app.ui.i18n import install_translations, remove_translations
from app.ui.settings_dialog import SettingsDialog
from tests.support.i18n import ZH_TS, build_qm
from tests.support.keyrings import MemoryKeyring
from tests.ui.conftest import Until

Button = QMessageBox.StandardButton


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    runner = TaskRunner(lambda _error: None)
    yield runner
    runner.cancel_all()


def make(qtbot: Any, tmp_path: Path, runner: TaskRunner, settings: Settings | None = None,
         **kw: Any) -> SettingsDialog:  # fmt: skip
    from app.secrets import KeyringSecrets

    dialog = SettingsDialog(settings or Settings(), lambda new: save_settings(tmp_path, new),
                            KeyringSecrets(), runner, **kw)  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# ----- closing with unsaved changes -------------------------------------------------------------
def test_closing_with_an_unsaved_change_asks_and_cancel_keeps_it(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make(qtbot, tmp_path, runner)
    dialog.lists_page.blocked_words_edit.appendPlainText("拼多多砍一刀")
    dialog.reject()  # Close, or Esc
    box = dialog.unsaved_box
    assert box is not None
    assert box.isVisible()
    assert dialog.isVisible()
    assert box.standardButtons() == Button.Save | Button.Discard | Button.Cancel
    box.button(Button.Cancel).click()
    assert dialog.isVisible()
    assert "拼多多砍一刀" in dialog.lists_page.blocked_words_edit.toPlainText()
    assert not (tmp_path / "settings.json").exists()
    dialog.close()  # the window's ✕ asks too
    assert dialog.unsaved_box.isVisible()
    assert dialog.isVisible()


def test_save_in_the_question_saves_and_closes(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make(qtbot, tmp_path, runner)
    saved: list[Settings] = []
    dialog.saved.connect(saved.append)
    dialog.lists_page.blocked_words_edit.appendPlainText("拼多多砍一刀")
    dialog.reject()
    assert dialog.unsaved_box is not None
    dialog.unsaved_box.button(Button.Save).click()
    assert not dialog.isVisible()
    assert "拼多多砍一刀" in load_settings(tmp_path)[0].blocked_words
    assert len(saved) == 1


def test_save_in_the_question_with_a_problem_stays_open_and_says_it(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make(qtbot, tmp_path, runner)
    dialog.obs_page.url_edit.setText("http://127.0.0.1:4455")
    dialog.reject()
    assert dialog.unsaved_box is not None
    dialog.unsaved_box.button(Button.Save).click()
    assert dialog.isVisible()
    assert "ws://HOST:PORT" in dialog.problems_label.text()


def test_discard_closes_without_saving(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make(qtbot, tmp_path, runner)
    dialog.obs_page.password.edit.setText("typed, not saved")  # a secret counts too
    dialog.reject()
    assert dialog.unsaved_box is not None
    dialog.unsaved_box.button(Button.Discard).click()
    assert not dialog.isVisible()
    assert not (tmp_path / "settings.json").exists()
    assert memory_keyring.passwords == {}


def test_nothing_changed_closes_at_once_whatever_the_file_s_spelling(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    """A hand-written file (a short OBS address, a platform's display name, a default key) is
    no edit: closing asks nothing. Nor after a save."""
    written = Settings(obs_url="127.0.0.1", blocked_viewers=("Bilibili:大坏",),
                       hotkeys={"cue.next": "Space"},
                       compliance_terms=("最好", "最好"))  # fmt: skip
    dialog = make(qtbot, tmp_path, runner, written)
    assert not dialog.has_unsaved_changes()
    dialog.reject()
    assert dialog.unsaved_box is None
    assert not dialog.isVisible()
    again = make(qtbot, tmp_path, runner)
    again.lists_page.terms_edit.setPlainText("绝对")
    assert again.save()
    again.reject()
    assert again.unsaved_box is None
    assert not again.isVisible()


# ----- ports -----------------------------------------------------------------------------------
@pytest.mark.parametrize("port", [0, 70000])
def test_a_port_out_of_range_is_said_so_not_reserved(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring, port: int
) -> None:
    dialog = make(qtbot, tmp_path, runner)
    dialog.server_page.port_spin.setValue(port)
    assert not dialog.save()
    text = dialog.problems_label.text()
    assert f"port {port} is out of range (1–65535)" in text
    assert "reserved" not in text


def test_an_obs_address_on_the_local_server_s_port_blames_the_obs_address(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make(qtbot, tmp_path, runner)
    dialog.obs_page.url_edit.setText("ws://127.0.0.1:4466")  # LiveDesk's own port, by mistake
    assert not dialog.save()
    text = dialog.problems_label.text()
    assert "OBS address: port 4466 is LiveDesk's own local server" in text
    assert "4455" in text
    assert "Local server:" not in text
    assert dialog.tabs.currentWidget() is dialog.obs_page
    dialog.obs_page.test_connection()  # the test says it too, without trying
    assert "LiveDesk's own local server" in dialog.obs_page.test_result.text()


def test_the_local_server_moved_onto_obs_s_port_blames_the_local_server(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make(qtbot, tmp_path, runner, Settings(obs_url="ws://127.0.0.1:4460"))
    dialog.server_page.port_spin.setValue(4460)  # the port changed here: this is the mistake
    assert not dialog.save()
    text = dialog.problems_label.text()
    assert "Local server: port 4460 is OBS's WebSocket port" in text
    assert "OBS address:" not in text


# ----- chat sources ----------------------------------------------------------------------------
def test_a_pasted_twitch_address_is_kept_as_the_channel_and_a_bad_one_refused(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make(qtbot, tmp_path, runner)
    chat = dialog.chat_page
    chat.add_source("twitch")
    edit = chat.editors["channel"]
    qtbot.keyClicks(edit, "https://www.twitch.tv/SomeChannel")
    edit.editingFinished.emit()
    assert edit.text() == "somechannel"  # what is kept, shown
    chat.add_source("twitch")
    qtbot.keyClicks(chat.editors["channel"], "my channel!")
    chat.add_source("bilibili")
    qtbot.keyClicks(chat.editors["room"], "https://live.bilibili.com/21452505")
    assert not dialog.save()
    text = dialog.problems_label.text()
    assert "Chat source 2 (Twitch): “my channel!” is not a Twitch channel" in text
    assert "Chat source 1" not in text
    assert "Chat source 3" not in text
    chat.source_list.setCurrentRow(1)
    chat.remove_selected()
    assert dialog.save(), dialog.problems_label.text()
    assert load_settings(tmp_path)[0].chat_sources == [
        {"kind": "twitch", "channel": "somechannel"},
        {"kind": "bilibili", "room": 21452505},
    ]


@pytest.mark.parametrize(("video", "fine"), [
    ("https://studio.youtube.com/video/dQw4w9WgXcQ/livestreaming", True),
    ("dQw4w9WgXcQ", True), ("abc", False),
    ("https://www.youtube.com/watch?v=VIDEO_ID", False),
])  # fmt: skip
def test_a_youtube_link_is_checked(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring, video: str,
    fine: bool,
) -> None:  # fmt: skip
    dialog = make(qtbot, tmp_path, runner)
    chat = dialog.chat_page
    qtbot.keyClicks(chat.youtube_key.edit, "AIzaKey")
    chat.add_source("youtube")
    qtbot.keyClicks(chat.editors["video"], video)
    assert dialog.save() is fine, dialog.problems_label.text()
    if not fine:
        assert "not a YouTube video URL or id" in dialog.problems_label.text()


# ----- blocked viewers -------------------------------------------------------------------------
def test_blocked_viewers_by_the_platform_s_shown_name_and_an_unreadable_line_said(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring
) -> None:
    dialog = make(qtbot, tmp_path, runner)
    lists = dialog.lists_page
    lists.blocked_viewers_edit.setPlainText("Bilibili:大坏\nB站：小坏\nFoo Bar:捣乱\n小明")
    assert not dialog.save()
    text = dialog.problems_label.text()
    assert "Blocked viewers: “Foo Bar:捣乱”: “Foo Bar” is not a platform" in text
    assert "大坏" not in text
    assert dialog.tabs.currentWidget() is lists
    lists.blocked_viewers_edit.setPlainText("Bilibili:大坏\nB站：小坏\n小明")
    assert dialog.save(), dialog.problems_label.text()
    assert load_settings(tmp_path)[0].blocked_viewers == ("bilibili:大坏", "bilibili:小坏", "小明")


# ----- the OBS test in Chinese -----------------------------------------------------------------
@pytest.fixture
def zh_cn(tmp_path: Path) -> Iterator[None]:
    install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path / "qm").parent)
    yield
    remove_translations()


async def test_the_obs_test_s_failure_reads_in_chinese(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, memory_keyring: MemoryKeyring, until: Until,
    zh_cn: None,
) -> None:  # fmt: skip
    async def probe(_url: str, _password: str) -> ObsVersion:
        raise ObsConnectError(problems.auth_failed())

    dialog = make(qtbot, tmp_path, runner, probe=probe)
    dialog.obs_page.test_button.click()
    await until(lambda: dialog.obs_page.test_result.property("ok") is False)
    result = dialog.obs_page.test_result.text()
    assert "OBS 拒绝了密码" in result  # as the connection bar says it
    assert "工具" in result
    assert "refused" not in result
    assert "Copy the server password" not in result
