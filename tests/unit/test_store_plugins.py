"""A sqlite-utils plugin installed beside LiveDesk is not run on its show log: its
prepare_connection hook could change every connection (a function, a pragma), and looking for
plugins reads the metadata of every installed package at each start."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlite_utils
from sqlite_utils.plugins import pm

from app.adapters.store.queries import reading
from app.adapters.store.schema import open_database


@pytest.fixture
def plugin() -> Iterator[list[sqlite3.Connection]]:
    """A plugin that records each connection it is given."""
    seen: list[sqlite3.Connection] = []

    @sqlite_utils.hookimpl
    def prepare_connection(conn: sqlite3.Connection) -> None:
        seen.append(conn)

    module = SimpleNamespace(prepare_connection=prepare_connection)
    pm.register(module, name="test-prepare-connection")
    yield seen
    pm.unregister(module)


def test_a_plugin_is_not_run_on_the_show_log(
    plugin: list[sqlite3.Connection], tmp_path: Path
) -> None:
    sqlite_utils.Database(memory=True)  # the plugin does run on other connections
    assert len(plugin) == 1
    db = open_database(tmp_path / "livedesk.db")
    db.close()
    with reading(tmp_path / "livedesk.db") as read:
        assert read.table_names()
    assert len(plugin) == 1
