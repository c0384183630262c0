"""The crash handler: it always logs; enabled, it shows one CrashDialog and appends to it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from types import TracebackType
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

import app
from app.logging_setup import RING
from app.runtime.tasks import TaskRunner
from app.ui.crash_dialog import CrashDialog, CrashHandler, install_crash_handler
from app.ui.main_window import MainWindow
from tests.ui.conftest import Until

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _explode_in_the_console() -> None:
    raise ValueError("the product card has no price")


def _exc_info() -> ExcInfo:
    try:
        _explode_in_the_console()
    except ValueError as exc:
        return type(exc), exc, exc.__traceback__
    raise AssertionError("unreachable")


def _open_crash_dialogs() -> list[CrashDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()
    ]


@pytest.fixture
def handlers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[CrashHandler]]:
    """Handlers installed by a test; sys.excepthook (pytest-qt's) is put back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    installed: list[CrashHandler] = []
    yield installed
    for handler in reversed(installed):
        handler.uninstall()
        if handler.dialog is not None:
            handler.dialog.close()


@pytest.fixture
def ring_on_root() -> Iterator[None]:
    root = logging.getLogger()
    root.addHandler(RING)
    yield
    root.removeHandler(RING)


def test_disabled_only_logs(
    qtbot: Any, handlers: list[CrashHandler], caplog: pytest.LogCaptureFixture
) -> None:
    handler = install_crash_handler(lambda: None, enabled=False)
    handlers.append(handler)
    with caplog.at_level(logging.CRITICAL):
        sys.excepthook(*_exc_info())
    records = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert len(records) == 1
    assert records[0].exc_info is not None
    assert records[0].exc_info[0] is ValueError
    assert handler.dialog is None
    assert _open_crash_dialogs() == []


def test_enabled_opens_one_dialog_with_the_debug_info(
    qtbot: Any,
    handlers: list[CrashHandler],
    ring_on_root: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    logging.getLogger("app.test").warning("cue 7 took its time")
    handler = install_crash_handler(lambda: None, enabled=True)
    handlers.append(handler)
    sys.excepthook(*_exc_info())
    dialog = handler.dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert _open_crash_dialogs() == [dialog]
    info = dialog.details.toPlainText()
    assert "Traceback (most recent call last)" in info
    assert "_explode_in_the_console" in info
    assert "ValueError: the product card has no price" in info
    assert f"LiveDesk {app.__version__}" in info
    assert "Python" in info
    assert "PySide6" in info
    assert "cue 7 took its time" in info  # the recent log from the ring buffer
    assert any(r.levelno == logging.CRITICAL for r in caplog.records)

    QGuiApplication.clipboard().clear()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.debug_info()
    assert "_explode_in_the_console" in QGuiApplication.clipboard().text()


def test_a_second_crash_is_appended_not_a_second_dialog(
    qtbot: Any, handlers: list[CrashHandler]
) -> None:
    handler = install_crash_handler(lambda: None, enabled=True)
    handlers.append(handler)
    sys.excepthook(*_exc_info())
    first = handler.dialog
    try:
        raise KeyError("SKU-42")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert handler.dialog is first
    assert _open_crash_dialogs() == [first]
    assert first is not None
    assert "SKU-42" in first.debug_info()

    first.close()  # closed: the next crash opens a fresh dialog
    assert handler.dialog is None
    sys.excepthook(*_exc_info())
    assert handler.dialog is not None
    assert handler.dialog is not first


def test_uninstall_restores_the_previous_hook(qtbot: Any, handlers: list[CrashHandler]) -> None:
    before = sys.excepthook
    handler = install_crash_handler(lambda: None, enabled=False)
    assert sys.excepthook != before
    handler.uninstall()
    assert sys.excepthook is before


async def test_a_bug_in_a_console_action_reaches_the_dialog(
    window: MainWindow, runner: TaskRunner, handlers: list[CrashHandler], until: Until
) -> None:
    handler = install_crash_handler(lambda: window, enabled=True)
    handlers.append(handler)

    async def broken_action() -> None:
        raise ZeroDivisionError("bitrate over zero seconds")

    runner.run(broken_action(), name="broken")
    await until(lambda: handler.dialog is not None)
    assert handler.dialog is not None
    assert handler.dialog.parent() is window
    assert "ZeroDivisionError: bitrate over zero seconds" in handler.dialog.debug_info()
    assert window.message_bar.isHidden()  # a bug is not a user error
