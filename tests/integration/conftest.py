"""Integration tests drive a real OBS Studio under Xvfb; every test here is marked ``obs``."""

from pathlib import Path

import pytest

from tests.support.obs_fixtures import *  # noqa: F403
from tests.support.obs_fixtures import mark_items_under


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_items_under(Path(__file__).parent, "obs", items)
