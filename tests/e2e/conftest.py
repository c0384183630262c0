"""End-to-end tests: `livedesk` as a subprocess against real OBS; every test here is marked e2e."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.assist_pages import AssistantOpener
from tests.support.assist_server import AssistServer
from tests.support.browser import chromium_browser
from tests.support.console_process import ConsoleProcess
from tests.support.obs_fixtures import *  # noqa: F403
from tests.support.obs_fixtures import mark_items_under
from tests.support.obs_process import ObsProcess

if TYPE_CHECKING:  # Playwright itself is imported lazily: the helper skips or fails without it
    from playwright.sync_api import Browser


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_items_under(Path(__file__).parent, "e2e", items)


def run_console(obs: ObsProcess, data_dir: Path) -> Iterator[ConsoleProcess]:
    console = ConsoleProcess(data_dir, obs.url, obs.password).start()
    try:
        yield console
    finally:
        code = console.stop()
        assert code in (0, None), f"livedesk exited with {code}:\n{console.log_tail()}"


@pytest.fixture
def console(obs: ObsProcess, tmp_path: Path) -> Iterator[ConsoleProcess]:
    yield from run_console(obs, tmp_path / "data")


@pytest.fixture
def fresh_console(fresh_obs: ObsProcess, tmp_path: Path) -> Iterator[ConsoleProcess]:
    yield from run_console(fresh_obs, tmp_path / "data")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the browser tests of a module (the assistants' panel)."""
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def server() -> Iterator[AssistServer]:
    """The console's web server in this process, on a fake OBS: the assistants' panel's peer
    (tests/support/assist_server.py), started again as a new run with `restart()`."""
    served = AssistServer().start()
    yield served
    served.close()


@pytest.fixture
def opener(chromium: Browser, server: AssistServer) -> Iterator[AssistantOpener]:
    """Assistants' panels opened in `chromium` against `server`."""
    opening = AssistantOpener(chromium, server)
    yield opening
    opening.close()
