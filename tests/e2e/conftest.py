"""End-to-end tests: `livedesk` as a subprocess against real OBS; every test here is marked e2e."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.console_process import ConsoleProcess
from tests.support.obs_fixtures import *  # noqa: F403
from tests.support.obs_fixtures import mark_items_under
from tests.support.obs_process import ObsProcess


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
