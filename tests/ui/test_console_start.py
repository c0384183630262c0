"""The console started in this process as app/main.py starts it (the real wiring: settings,
gates, store, services, window, `lifecycle.start`), on a data directory of its own.

The connection wizard of a first start answers Finish, Cancel and “Try the demo”: the console
itself keeps what the wizard's signals reach (the test holds no reference to it, and collects the
garbage before pressing anything). What went wrong at start (the settings file, the chat sources,
the local API's port, no keyring) is listed in the window together, and stays there after the
first action that succeeds."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWizard

from app import cli, first_start, secrets
from app.adapters.store.settings_file import load_settings
from app.domain.messages import Message
from app.ui.connect_wizard import ConnectWizard
from app.ui.i18n import remove_translations
from app.ui.message_texts import text_for
from app.wiring import lifecycle, services, start_up, window
from tests.support.keyrings import SECRET_ENV, MemoryKeyring
from tests.support.ports import free_tcp_port
from tests.ui.conftest import Until


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: the console's OBS is refused at once."""
    return free_tcp_port()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*SECRET_ENV, "LIVEDESK_OBS_URL", "LIVEDESK_API_PORT", first_start.NO_WIZARD_ENV,
                 "LIVEDESK_EXIT_AFTER_SHOWN", "LIVEDESK_HOME"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    # the start's collection without freezing what the test process holds
    monkeypatch.setattr(lifecycle, "release_after_start", gc.collect)


@dataclass
class Started:
    console: lifecycle.Console
    running: lifecycle.Running
    data_dir: Path


@pytest.fixture
def console(clean_env: None, qtbot: Any) -> Iterator[Callable[..., Any]]:
    """`async with console(data_dir, settings, *argv) as started:` the console up, as
    app/main.py starts it (after writing `settings` to its settings.json), stopped at the block's
    end: inside the test, while its loop runs."""

    @contextlib.asynccontextmanager
    async def run(data_dir: Path, settings: dict[str, Any], *argv: str) -> AsyncIterator[Started]:
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
        args = cli.console_args(["--data-dir", str(data_dir), "--lang", "en",
                                 "--no-crash-dialog", *argv])  # fmt: skip
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        ref = window.WindowRef()
        errors = lifecycle.ErrorRoutes.install(args, ref)
        start = start_up.read_start(args, app)
        assert not isinstance(start, int)
        gates = await start_up.pass_gates(args, start)
        assert not isinstance(gates, int)
        session_log = await services.open_store(start)
        assert session_log is not None
        built = services.build_services(args, start, gates.tokens, session_log)
        shown = window.build_window(args, start, gates.tokens, built, ref)
        qtbot.addWidget(shown.main)  # closed after the test (closing it here would end the loop)
        console = lifecycle.Console(start, gates, built, shown, asyncio.Event(), errors)
        running = await lifecycle.start(args, console)
        try:
            yield Started(console, running, data_dir)
        finally:
            await lifecycle.stop(console, running)

    yield run
    remove_translations()
    first_start._relaunch.clear()


async def the_wizard(started: Started, until: Until) -> ConnectWizard:
    """The wizard the console opened over its window, once it is on screen; the garbage
    collected first, as a show's collections would."""
    main = started.console.window.main
    await until(lambda: any(w.isVisible() for w in main.findChildren(ConnectWizard)))
    wizards = [w for w in main.findChildren(ConnectWizard) if w.isVisible()]
    assert len(wizards) == 1
    for _ in range(3):
        await asyncio.sleep(0.05)
        gc.collect()
    return wizards[0]


def first_start_settings(port: int) -> dict[str, Any]:
    return {"obs_url": f"ws://127.0.0.1:{port}", "first_start_done": False}


async def finish_with(wizard: ConnectWizard, url: str, password: str, until: Until) -> None:
    wizard.next()  # the connect page: it looks for OBS at once
    await until(lambda: not wizard.probing)
    wizard.connect_page.url_edit.setText(url)
    wizard.connect_page.password_edit.setText(password)
    gc.collect()
    wizard.button(QWizard.WizardButton.FinishButton).click()


async def test_finish_keeps_the_address_and_the_password(
    tmp_path: Path, console: Any, until: Until, memory_keyring: MemoryKeyring, closed_port: int
) -> None:
    api_port = str(free_tcp_port())
    async with console(tmp_path, first_start_settings(closed_port), "--api-port", api_port) as up:
        wizard = await the_wizard(up, until)
        await finish_with(wizard, f"ws://127.0.0.1:{closed_port + 1}", "pässwort", until)

        settings, _notes = load_settings(up.data_dir)
        assert settings.first_start_done is True
        assert settings.obs_url == f"ws://127.0.0.1:{closed_port + 1}"
        assert memory_keyring.passwords[("LiveDesk", "obs-password")] == "pässwort"
        assert "pässwort" not in (up.data_dir / "settings.json").read_text(encoding="utf-8")
        gateway = up.console.services.gateway
        assert (gateway.host, gateway.port, gateway.password) == (
            "127.0.0.1", closed_port + 1, "pässwort")  # fmt: skip


async def test_finish_without_a_keyring_uses_the_password_for_this_run_and_says_so(
    tmp_path: Path, console: Any, until: Until, no_keyring: None, closed_port: int
) -> None:
    api_port = str(free_tcp_port())
    async with console(tmp_path, first_start_settings(closed_port), "--api-port", api_port) as up:
        wizard = await the_wizard(up, until)
        await finish_with(wizard, f"ws://127.0.0.1:{closed_port}", "secret", until)

        assert up.console.services.gateway.password == "secret"
        assert load_settings(up.data_dir)[0].first_start_done is True
        said = up.console.window.main.start_problems.texts()
        assert any("OBS password is kept until LiveDesk exits" in t for t in said)
        assert "LIVEDESK_OBS_PASSWORD" in "".join(said)
        # what reads the password later (the settings dialog's Save) gets it too
        assert secrets.read_secret(*secrets.OBS_PASSWORD) == "secret"


async def test_cancel_remembers_the_first_start(
    tmp_path: Path, console: Any, until: Until, memory_keyring: MemoryKeyring, closed_port: int
) -> None:
    api_port = str(free_tcp_port())
    async with console(tmp_path, first_start_settings(closed_port), "--api-port", api_port) as up:
        wizard = await the_wizard(up, until)
        wizard.button(QWizard.WizardButton.CancelButton).click()
        assert not wizard.isVisible()
        assert load_settings(up.data_dir)[0].first_start_done is True


async def test_try_the_demo_asks_for_the_demo_and_ends_this_console(
    tmp_path: Path, console: Any, until: Until, memory_keyring: MemoryKeyring, closed_port: int
) -> None:
    api_port = str(free_tcp_port())
    async with console(tmp_path, first_start_settings(closed_port), "--api-port", api_port) as up:
        wizard = await the_wizard(up, until)
        wizard.button(QWizard.WizardButton.CustomButton1).click()
        command = first_start.relaunch_requested()
        assert command is not None
        assert command[-1] == "--demo"
        assert up.console.quit_requested.is_set()
        assert load_settings(up.data_dir)[0].first_start_done is True


async def test_start_problems_are_listed_together_and_stay_after_a_success(
    tmp_path: Path, console: Any, until: Until, no_keyring: None, closed_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A settings file with values not used, two chat sources that cannot start, the local
    API's port taken by another program, no keyring for the API token: all listed, still
    there after the start's own task (the saved media's import) has succeeded."""
    settings = {**first_start_settings(closed_port), "first_start_done": True,
                "api_port": 70000, "lan_access": "yes",
                "chat_sources": [{"kind": "twitch"}, {"kind": "no-such-platform"}]}  # fmt: skip
    monkeypatch.setenv(first_start.NO_WIZARD_ENV, "1")  # no task waiting for OBS
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with console(tmp_path, settings, "--api-port", str(port)) as up:
            main, tasks = up.console.window.main, up.console.window.tasks
            await until(lambda: tasks.started >= 1 and tasks.pending == 0)
            await asyncio.sleep(0.2)
            texts = main.start_problems.texts()
            assert main.start_problems.isVisible()
            main.start_problems.close_button.click()
            assert not main.start_problems.isVisible()
    assert text_for(Message("api.port_taken", port=port)) in texts
    assert any(text_for(Message("settings.api_port_range", port=70000, default=4466)) in t
               for t in texts)  # fmt: skip
    assert any("lan_access" in t for t in texts)
    assert any("twitch" in t.lower() for t in texts)
    assert any("no-such-platform" in t for t in texts)
    assert any("LIVEDESK_API_TOKEN" in t for t in texts)
    assert len(texts) >= 6  # listed together: none replaced another
    assert all("Errno" not in t for t in texts)


async def test_no_panel_takes_the_name_the_console_s_queue_works_under(
    tmp_path: Path, console: Any, memory_keyring: MemoryKeyring, closed_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Settings → the producer's name in the queue (assistant_name) is the one the assistants'
    panels may not take: the console's claims go by it."""
    settings = {**first_start_settings(closed_port), "first_start_done": True,
                "assistant_name": "导播小刘"}  # fmt: skip
    monkeypatch.setenv(first_start.NO_WIZARD_ENV, "1")
    async with console(tmp_path, settings) as up:
        assist = up.console.services.show.assist
        assert assist is not None
        assert assist.console_name == "导播小刘"
        assert assist.taken("导播小刘", "panel-1")
