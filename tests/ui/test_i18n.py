"""The interface in Chinese: the language chosen, LiveDesk's and Qt's translators installed, the
main window's texts in Chinese; and every window still fitting a 1366×768 screen when each text
is 150 % longer than in English."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QTabWidget,
    QToolButton,
    QWidget,
)

from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.crash_dialog import CrashDialog
from app.ui.host_view import over_under
from app.ui.i18n import choose_language, install_translations, remove_translations
from app.ui.main_window import MainWindow
from app.ui.preflight_dialog import PreflightDialog
from tests.support.i18n import ZH_TS, build_qm, pseudo_ts
from tests.ui.conftest import Until

SCREEN_W, SCREEN_H = 1366, 768


@pytest.fixture
def zh_cn(tmp_path: Path) -> Iterator[list[QTranslator]]:
    """LiveDesk's zh_CN translation built afresh from the .ts, and Qt's, installed."""
    installed = install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path).parent)
    yield installed
    remove_translations()


@pytest.fixture
def pseudo(tmp_path: Path) -> Iterator[None]:
    """Every text of the code 2.5 × as long (150 % longer), as a translation."""
    qm = build_qm(pseudo_ts(tmp_path / "ts"), tmp_path / "qm")
    install_translations("zh_CN", directory=qm.parent)
    yield
    remove_translations()


# ----- choosing the language ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("requested", "setting", "system", "chosen"),
    [
        ("en", "zh_CN", "zh_CN", "en"),  # --lang wins
        ("zh_CN", "en", "en_US", "zh_CN"),
        (None, "zh_CN", "en_GB", "zh_CN"),  # then the settings
        (None, "en", "zh_CN", "en"),
        (None, "", "zh_TW", "zh_CN"),  # then the system: any Chinese is zh_CN
        (None, "", "zh_HK", "zh_CN"),
        (None, "", "de_DE", "en"),
        (None, "", "C", "en"),
        (None, "fr", "zh_CN", "zh_CN"),  # a language LiveDesk lacks: the system
    ],
)
def test_the_language_is_chosen(
    requested: str | None, setting: str, system: str, chosen: str
) -> None:
    assert choose_language(requested, setting, system) == chosen


def test_english_installs_only_the_plural_forms(qapp: QApplication, english_qm: Path) -> None:
    """English is the texts' own language: only LiveDesk's plural forms, not Qt's."""
    try:
        installed = install_translations("en", directory=english_qm.parent)
        assert len(installed) == 1
        assert QApplication.translate("CardEditor", "%n coupon(s)", None, 1) == "1 coupon"
        assert QApplication.translate("CardEditor", "%n coupon(s)", None, 2) == "2 coupons"
        assert QApplication.translate("CuePanel", "Segment") == "Segment"
    finally:
        remove_translations()
    assert QApplication.translate("CardEditor", "%n coupon(s)", None, 2) == "2 coupon(s)"


def test_a_missing_translation_leaves_english_with_one_log_line(
    qapp: QApplication, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.ui.i18n")
    try:
        installed = install_translations("zh_CN", directory=tmp_path)  # no .qm there
        assert len(installed) == 1  # Qt's own only
        missing = [r for r in caplog.records if "livedesk_zh_CN.qm" in r.getMessage()]
        assert len(missing) == 1
        assert missing[0].levelno == logging.WARNING
        assert QApplication.translate("CuePanel", "Segment") == "Segment"
    finally:
        remove_translations()
    assert QApplication.translate("QDialogButtonBox", "&Yes") == "&Yes"


# ----- the window in Chinese ------------------------------------------------------------------
async def test_the_window_speaks_chinese(
    zh_cn: list[QTranslator], qtbot: Any, bridge: ShowBridge, runner: TaskRunner, show: Show,
    until: Until,
) -> None:  # fmt: skip
    assert len(zh_cn) == 2  # LiveDesk's and Qt's
    window = MainWindow(bridge, runner)
    qtbot.addWidget(window)
    window.show()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[:2] == ["直播(&S)", "视图(&V)"]
    show_menu = window.menuBar().actions()[0].menu()
    assert "开播前检查" in [a.text() for a in show_menu.actions()]
    assert window.cue_dock.windowTitle() == "流程单"
    assert window.overlay_dock.windowTitle() == "贴片"
    assert window.audience_dock is not None
    assert window.audience_dock.windowTitle() == "观众"
    assert [window.audience_tabs.tabText(i) for i in range(3)] == ["评论", "提问", "热度"]
    assert window.outputs_panel.stream_button.text() == "开始推流"
    assert window.outputs_panel.record_button.text() == "开始录制"
    assert window.scenes_panel.studio_mode_button.text() == "工作室模式"
    assert window.cue_panel.preflight_button.text() == "开播前检查"
    assert window.session_bar.start_button.text() == "开始本场"
    assert window.connection_bar._status_text.text() == "OBS 已连接"
    assert over_under(0)[0] == "准时"  # module-level texts (context "Timing")

    # Qt's own texts come from qtbase_zh_CN: the standard buttons of LiveDesk's dialogs.
    window.preflight_action.trigger()
    dialog = window.preflight_dialog
    assert isinstance(dialog, PreflightDialog)
    box = dialog.findChild(QDialogButtonBox)
    close = box.button(QDialogButtonBox.StandardButton.Close)
    assert close.text().replace("&", "").startswith("关闭")
    assert dialog.windowTitle() == "开播前检查"
    await show.obs.set_output("stream", "start", origin="test")
    await until(lambda: window.outputs_panel.stream_button.text() == "停止推流")
    window.outputs_panel.stream_button.click()
    confirm = window.outputs_panel.pending_confirmation
    assert isinstance(confirm, QMessageBox)
    assert confirm.button(QMessageBox.StandardButton.Yes).text() == "停止推流"
    assert confirm.button(QMessageBox.StandardButton.Cancel).text().startswith("取消")
    confirm.reject()


# ----- 150 % longer texts ---------------------------------------------------------------------
def _visible_text(button: QAbstractButton) -> str:
    """The button's text as drawn: "&&" is one "&", a single "&" marks the shortcut letter."""
    return button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def _cut_buttons(root: QWidget) -> list[str]:
    """Buttons on screen whose text does not fit: their size hint or their width is narrower
    than the text. An eliding button (a segment title can be any length) keeps the whole text in
    its tooltip instead."""
    cut = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(root) or not button.text():
            continue
        full = getattr(button, "full_text", None)
        if callable(full):
            if full() not in button.toolTip():
                cut.append(f"{button.objectName() or full()}: elided, whole text not in tooltip")
            continue
        needed = button.fontMetrics().horizontalAdvance(_visible_text(button))
        needed += button.iconSize().width() if not button.icon().isNull() else 0
        if button.sizeHint().width() < needed or button.width() < needed:
            cut.append(f"“{button.text()[:40]}…”: {button.width()} px for {needed} px of text")
    return cut


async def _settle() -> None:
    """Let Qt lay out (an async test never spins Qt itself: that would run the loop's callbacks
    inside the running task)."""
    await asyncio.sleep(0.05)


async def _fits(widget: QWidget) -> list[str]:
    hint = widget.minimumSizeHint()
    said = []
    if hint.width() > SCREEN_W or hint.height() > SCREEN_H:
        said.append(f"{type(widget).__name__} needs at least {hint.width()}×{hint.height()}")
    widget.resize(min(SCREEN_W, max(widget.width(), hint.width())),
                  min(SCREEN_H, max(widget.height(), hint.height())))  # fmt: skip
    await _settle()
    return said + _cut_buttons(widget)


async def test_the_window_fits_with_longer_texts(
    pseudo: None, qtbot: Any, bridge: ShowBridge, runner: TaskRunner, show: Show
) -> None:
    window = MainWindow(bridge, runner)
    qtbot.addWidget(window)
    window.resize(SCREEN_W, SCREEN_H)
    window.show()
    assert window.outputs_panel.stream_button.text().endswith("ẍ")  # the long texts are in
    assert await _fits(window) == []
    window.show_audience(1)  # the questions tab, with its buttons
    await _settle()
    assert _cut_buttons(window) == []


# a 1366×768 laptop's screen, less the taskbar (40 px) and the window's title bar (about 30 px)
LAPTOP = QSize(1366, 698)


@pytest.mark.parametrize("language", ["zh_cn", "english"])
async def test_the_window_fits_a_laptop_screen_with_the_demo_banner(
    language: str, request: pytest.FixtureRequest, qtbot: Any, bridge: ShowBridge,
    runner: TaskRunner,
) -> None:  # fmt: skip
    """The most common screen of the console's users: in Chinese (CJK lines are taller) and in
    English, with the demo's banner, the overlays lie low (four columns) and the whole window
    fits; on a big screen they keep three columns."""
    request.getfixturevalue(language)
    window = MainWindow(bridge, runner)
    qtbot.addWidget(window)
    window.show()
    window.set_demo_banner(True)
    window.fit_screen(QSize(1920, 1040))
    assert not window.overlay_panel.low
    tall = window.minimumSizeHint().height()
    window.fit_screen(LAPTOP)
    assert window.overlay_panel.low
    needed = window.minimumSizeHint()
    assert needed.height() <= LAPTOP.height()
    assert needed.height() < tall  # four columns: the height goes to the picture and the scenes
    assert needed.width() <= LAPTOP.width()
    window.resize(LAPTOP)
    await _settle()
    assert _cut_buttons(window) == []
    window.overlay_panel.set_orientation(Qt.Orientation.Vertical)  # docked at a side: stacked
    assert not window.overlay_panel.low
    window.overlay_panel.set_orientation(Qt.Orientation.Horizontal)
    assert window.overlay_panel.low


async def test_the_question_tabs_fit_at_1280x800_in_chinese(
    zh_cn: list[QTranslator], qtbot: Any, bridge: ShowBridge, runner: TaskRunner, show: Show,
    until: Until,
) -> None:  # fmt: skip
    """The docked question list at 1280×800, as the producer sees it (the audience dock brought
    forward: a dock behind the overlays has a stale size until then): every state tab shows,
    none behind scroll arrows, with counts of three digits."""
    window = MainWindow(bridge, runner)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert show.audience is not None
    for n in range(120):
        show.audience.add_manual(f"观众{n}", f"第 {n} 个问题：这个怎么用？")
    window.show_audience(1)
    tabs = window.queue_panel.state_tabs
    await until(lambda: tabs.tabText(0) == "待处理 120")
    await _settle()
    assert [tabs.tabText(i).split()[0] for i in range(tabs.count())] == [
        "待处理", "已认领", "已回答", "已忽略", "全部",
    ]  # fmt: skip
    arrows = [b for b in tabs.findChildren(QToolButton) if b.isVisible()]
    assert arrows == [], f"{tabs.width()} px for {tabs.sizeHint().width()} px of tabs"
    assert tabs.sizeHint().width() <= tabs.width()
    assert all(tabs.rect().contains(tabs.tabRect(i)) for i in range(tabs.count()))


async def test_the_dialogs_fit_with_longer_texts(
    pseudo: None, qtbot: Any, bridge: ShowBridge, runner: TaskRunner, show: Show
) -> None:
    from app.ui.assist_link_dialog import AssistLinkDialog
    from app.ui.card_editor import CardEditor
    from app.ui.overlay_setup_dialog import OverlaySetupDialog
    from app.ui.runsheet_editor import RunSheetEditor
    from tests.support.memory_files import JsonRunSheetFiles

    window = MainWindow(bridge, runner)
    qtbot.addWidget(window)
    dialogs: list[QWidget] = [
        PreflightDialog(show, window),
        OverlaySetupDialog(show, runner, window),
        CardEditor(show, runner, window),
        RunSheetEditor(show, runner, JsonRunSheetFiles(), None),
        CrashDialog("RuntimeError: boom", "Traceback …", window),
        AssistLinkDialog(["http://127.0.0.1:4466/assist?token=x"], True, None, window),
    ]
    found = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        await _settle()
        assert dialog.windowTitle().endswith("ẍ"), dialog
        found += await _fits(dialog)
        dialog.hide()
    assert found == []


async def _every_page_fits(dialog: QWidget) -> list[str]:
    """The dialog, then each tab of its tab widgets in turn."""
    found = await _fits(dialog)
    for tabs in dialog.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            await _settle()
            found += [f"{tabs.tabText(index)}: {cut}" for cut in _cut_buttons(dialog)]
    return found


async def test_the_settings_and_the_connection_wizard_fit_with_longer_texts(
    pseudo: None, qtbot: Any, runner: TaskRunner, until: Until
) -> None:
    import keyring
    from keyring.backends import fail

    from app.domain.settings import Settings
    from app.secrets import KeyringSecrets
    from app.services.ports import ObsVersion
    from app.ui.connect_wizard import ConnectWizard
    from app.ui.settings_dialog import SettingsDialog

    async def probe(url: str, password: str) -> ObsVersion:
        return ObsVersion("30.2.3", "5.5.2")

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # no keyring here: its longer notes are shown
    try:
        settings = SettingsDialog(Settings(), lambda _new: None, KeyringSecrets(), runner)
        qtbot.addWidget(settings)
        settings.show()
        assert settings.windowTitle().endswith("ẍ")
        assert await _every_page_fits(settings) == []
        wizard = ConnectWizard(probe, runner)
        qtbot.addWidget(wizard)
        wizard.show()
        found = await _fits(wizard)
        wizard.next()  # the connection page
        await _settle()
        found += _cut_buttons(wizard)
        assert found == []
        await until(lambda: runner.pending == 0)  # the wizard's look for OBS is over
        wizard.close()
        settings.close()
    finally:
        keyring.set_keyring(before)
