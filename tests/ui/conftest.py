"""Widget tests on the console's loop (qasync's, the QApplication's own): async tests and fixtures
run on it, so Qt timers, signals and the show's coroutines all progress while a test awaits.

Inside an async test never spin a nested Qt loop (qtbot.waitUntil / waitSignal / wait): wait with
the `until` fixture (it awaits asyncio.sleep) instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from app import secrets
from app.adapters.obs.gateway import ObsWebsocketGateway
from app.runtime.bridge import ShowBridge
from app.runtime.event_loop import ConsoleEventLoop  # qasync binds to PySide6 (pytest-qt loaded it)
from app.runtime.tasks import TaskRunner
from app.services.audience import Audience
from app.services.show import Show
from app.ui.i18n import install_translations, remove_translations
from app.ui.main_window import MainWindow
from app.ui.queue_panel import QueuePanel
from tests.support.fake_obs import FakeObs
from tests.support.i18n import EN_TS, build_qm
from tests.support.keyrings import SECRET_ENV, MemoryKeyring
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.support.waiting import eventually

Until = Callable[..., Awaitable[None]]


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], asyncio.AbstractEventLoop]]:
    """pytest-asyncio ≥1.4 hook (firstresult, conftest-scoped): async tests under tests/ui run on
    a fresh console loop (qasync's, with a ready queue) over the one QApplication."""
    return {"qasync": lambda: ConsoleEventLoop(QApplication.instance() or QApplication([]))}


class ErrorRelay:
    """The runner's on_user_error: keeps every message and forwards it to the window once built
    (and its on_success, as app/wiring/window.py wires them)."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.target: Callable[[str], None] | None = None
        self.success_target: Callable[[int], None] | None = None

    def __call__(self, text: str) -> None:
        self.messages.append(text)
        if self.target is not None:
            self.target(text)

    def succeeded(self, number: int) -> None:
        if self.success_target is not None:
            self.success_target(number)


async def _until(predicate: Callable[[], object], timeout: float = 3.0) -> None:
    await eventually(predicate, getattr(predicate, "__name__", "the condition"), timeout)


@pytest.fixture(autouse=True)
def _no_secret_kept_from_an_earlier_test() -> Iterator[None]:
    """A secret typed with no keyring is used until exit (app/secrets.py): not in the next test."""
    yield
    secrets.forget_for_this_run()


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """A working system keyring, empty; no secret set in the environment."""
    for name in SECRET_ENV:
        monkeypatch.delenv(name, raising=False)
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No system keyring (keyring's `fail` backend: a headless Linux without a Secret Service);
    no secret set in the environment."""
    for name in SECRET_ENV:
        monkeypatch.delenv(name, raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def gateway() -> Iterator[ObsWebsocketGateway]:
    """The console's OBS connection, not connected."""
    gateway = ObsWebsocketGateway("ws://127.0.0.1:4455", "")
    yield gateway
    gateway.shutdown()


@pytest.fixture
def until() -> Until:
    """`await until(lambda: cond)`: let the loop run (Qt events included) until cond holds."""
    return _until


@pytest.fixture
def fake_obs() -> FakeObs:
    return FakeObs()


@pytest.fixture
def memory_log() -> MemoryLog:
    return MemoryLog()


@pytest.fixture
async def show(fake_obs: FakeObs, memory_log: MemoryLog) -> Show:
    show = build_show(fake_obs, memory_log)
    await show.obs.resync(await fake_obs.connect())
    return show


@pytest.fixture
def bridge(show: Show) -> Iterator[ShowBridge]:
    bridge = ShowBridge(show)
    yield bridge
    bridge.close()


@pytest.fixture
def user_errors() -> ErrorRelay:
    return ErrorRelay()


@pytest.fixture
def runner(user_errors: ErrorRelay) -> Iterator[TaskRunner]:
    runner = TaskRunner(user_errors, on_success=user_errors.succeeded)
    yield runner
    runner.cancel_all()


@pytest.fixture
def audience(show: Show) -> Audience:
    assert show.audience is not None
    return show.audience


QueueOpener = Callable[..., QueuePanel]


@pytest.fixture
def open_queue(
    qtbot: Any, show: Show, runner: TaskRunner, bridge: ShowBridge
) -> Iterator[QueueOpener]:
    """Opens a question queue panel on screen as an assistant (`size`: resized first), following
    the bridge's events until the test ends."""
    opened: list[QueuePanel] = []

    def open_panel(assistant: str, size: tuple[int, int] | None = None) -> QueuePanel:
        panel = QueuePanel(show, runner, assistant_name=assistant)
        bridge.event_received.connect(panel.on_event)
        qtbot.addWidget(panel)
        if size is not None:
            panel.resize(*size)
        panel.show()
        opened.append(panel)
        return panel

    yield open_panel
    for panel in opened:
        bridge.event_received.disconnect(panel.on_event)


@pytest.fixture
def window(
    qtbot: Any, bridge: ShowBridge, runner: TaskRunner, user_errors: ErrorRelay
) -> Iterator[MainWindow]:
    window = MainWindow(bridge, runner)
    user_errors.target, user_errors.success_target = window.show_error, window.action_succeeded
    qtbot.addWidget(window)
    window.show()
    yield window  # qtbot closes and deletes it
    user_errors.target = user_errors.success_target = None


@pytest.fixture(scope="session")
def english_qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """resources/i18n/livedesk_en.ts built afresh: the plural forms of the texts with a count."""
    return build_qm(EN_TS, tmp_path_factory.mktemp("en"))


@pytest.fixture(autouse=True)
def english(qapp: QApplication, english_qm: Path) -> Iterator[None]:
    """The interface in English as the console installs it: "1 coupon", "2 coupons". A test
    that installs zh_CN replaces it (and takes it out at its end)."""
    installed = install_translations("en", directory=english_qm.parent)
    assert len(installed) == 1
    yield
    remove_translations()


@pytest.fixture(autouse=True)
def _let_go_of_modifiers(qtbot: Any) -> Iterator[None]:
    """QTest leaves QGuiApplication.keyboardModifiers() at the last chord's (Ctrl after Ctrl+L):
    a later test's selectRow() would then toggle rows instead of selecting one."""
    yield
    qtbot.keyRelease(QWidget(), Qt.Key.Key_Control)
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
