"""Review tests: the archive over a recorded show in a real SQLite log, as the composition root
wires it."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.adapters.files.orders import OrderExportFiles
from app.adapters.report.reviews import ReportReviews
from app.adapters.store.sessions import SqliteSessions
from app.adapters.store.writer import SqliteSessionLog
from app.services.archive import Archive
from tests.support.recorded_show import Recorded, record_show
from tests.ui.conftest import Until

WAIT_S = 30  # reads, writes and reports run off the UI thread; a busy machine takes seconds


class OnAir:
    """The `running()` of the archive: the id of the show on air, or None."""

    def __init__(self) -> None:
        self.session: int | None = None

    def __call__(self) -> int | None:
        return self.session


@pytest.fixture
async def recorded(tmp_path: Path) -> Recorded:
    return await record_show(tmp_path / "livedesk.db")


@pytest.fixture
def on_air() -> OnAir:
    return OnAir()


@pytest.fixture
async def archive(recorded: Recorded, on_air: OnAir) -> AsyncIterator[Archive]:
    writer = SqliteSessionLog(recorded.path)
    yield Archive(SqliteSessions(recorded.path, writer), ReportReviews(recorded.path),
                  OrderExportFiles(), on_air, lambda: "salt")  # fmt: skip
    writer.close()


@pytest.fixture
def until(until: Until) -> Until:
    """The conftest's `until` with room for work on the executor and the writer thread."""
    return functools.partial(until, timeout=WAIT_S)
