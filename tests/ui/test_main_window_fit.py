"""The console fits a laptop screen in Chinese: at 1366×768 with OBS refusing the password (its
hint in the narrow status column) and three start problems listed, and at 1280×720 (a 1080p
screen at 150 %) with nothing wrong, the window's minimum height stays within the screen, so the
bottom row (开播前检查, 马上回来) is on it and the OBS figures are whole lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QLabel

from app.adapters.obs.problems import auth_failed
from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.state import ObsSlice
from app.ui.i18n import install_translations, remove_translations
from app.ui.main_window import MainWindow
from app.ui.message_texts import text_for
from tests.support.i18n import ZH_TS, build_qm

PROBLEMS = (
    "本地 API 无法启动：另一个程序占用了端口 47913（可在设置 → 本地 API 中换一个端口）。",
    "流程单 /tmp/hunt-zh/zh1.xlsx 有 1 处错误；第一处在 直播流程!8：时长应为 5、5m、90s、5:00、"
    "1:05:00、5分钟 或 90秒，而不是 '半小时'",
    "没有系统密钥环：本地 API 的令牌只在本次运行中有效，LiveDesk 退出后不会保留。",
)


@pytest.fixture(scope="session")
def zh_qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_qm(ZH_TS, tmp_path_factory.mktemp("zh"))


@pytest.fixture
def chinese(zh_qm: Path) -> Iterator[None]:
    install_translations("zh_CN", directory=zh_qm.parent)
    yield
    remove_translations()


def open_window(
    qtbot: Any, bridge: ShowBridge, runner: TaskRunner, screen: QSize, low: bool
) -> MainWindow:
    """`low`: the overlays laid out low as fit_screen does on a screen this size; otherwise
    three columns, as on a screen too narrow for four (the offscreen one at 150 %)."""
    window = MainWindow(bridge, runner)
    qtbot.addWidget(window)
    window.resize(screen)
    window.show()
    if low:
        window.fit_screen(screen)
    else:
        window.overlay_panel.set_low(False)
    return window


def settle(window: MainWindow, screen: QSize) -> None:
    window.resize(screen)
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def assert_figures_readable(window: MainWindow) -> None:
    """推流, 码率, CPU … and their values each at least a line high."""
    labels = [label for label in window.outputs_panel.findChildren(QLabel) if label.isVisible()]
    assert len(labels) >= 12
    for label in labels:
        assert label.height() >= label.fontMetrics().height(), label.text()


LOW = pytest.mark.parametrize("low", [True, False], ids=["low", "three-columns"])


@LOW
@pytest.mark.usefixtures("chinese")
async def test_fits_1366x768_with_the_password_refused_and_start_problems(
    qtbot: Any, bridge: ShowBridge, runner: TaskRunner, low: bool
) -> None:
    screen = QSize(1366, 768)
    window = open_window(qtbot, bridge, runner, screen, low)
    window.connection_bar.update_state(ObsSlice(connected=False, problem=auth_failed()))
    for text in PROBLEMS:
        window.start_problems.add(text)
    settle(window, screen)

    assert window.minimumSizeHint().height() <= screen.height()
    assert window.height() <= screen.height()
    assert_figures_readable(window)
    hint = window.connection_bar.hint_label
    assert hint.height() < 2 * hint.fontMetrics().lineSpacing()  # one line, however long
    assert hint.text() == text_for(auth_failed().hint)  # cut with "…" only as painted
    assert hint.text() in hint.toolTip()  # and whole in the tooltip
    lines = window.start_problems.lines
    assert lines.height() <= 3 * lines.fontMetrics().lineSpacing() + 4  # the rest scrolls
    assert window.start_problems.texts() == list(PROBLEMS)


@LOW
@pytest.mark.usefixtures("chinese")
async def test_fits_1280x720_with_nothing_wrong(
    qtbot: Any, bridge: ShowBridge, runner: TaskRunner, low: bool
) -> None:
    """A 1080p screen at 150 %: 720 logical pixels less a taskbar and a title bar."""
    screen = QSize(1280, 720)
    window = open_window(qtbot, bridge, runner, screen, low)
    settle(window, screen)

    assert window.minimumSizeHint().height() <= 700
    assert_figures_readable(window)
