"""Review tests: the archive over a recorded show in a real SQLite log, as the composition root
wires it."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from app.adapters.report.charts import styled_review_figures
from app.runtime.tasks import TaskRunner
from app.services.archive import Archive
from app.ui.review import ReviewWindow
from tests.support.recorded_show import OnAir, Recorded, open_archive, record_show
from tests.ui.conftest import Until, _until

WAIT_S = 30  # reads, writes and reports run off the UI thread; a busy machine takes seconds


@pytest.fixture
async def recorded(tmp_path: Path) -> Recorded:
    return await record_show(tmp_path / "livedesk.db")


@pytest.fixture
def on_air() -> OnAir:
    return OnAir()


@pytest.fixture
async def archive(recorded: Recorded, on_air: OnAir) -> AsyncIterator[Archive]:
    archive, writer = open_archive(recorded.path, on_air)
    yield archive
    writer.close()


@pytest.fixture
def until(until: Until) -> Until:
    """The conftest's `until` with room for work on the executor and the writer thread."""
    return functools.partial(until, timeout=WAIT_S)


@pytest.fixture
async def runner(runner: TaskRunner) -> AsyncIterator[TaskRunner]:
    """The conftest's runner; at a test's end the work in flight is let finish (the charts of a
    reload are drawn on a worker thread after its tables are shown), so none of it comes back to
    a closed loop."""
    yield runner
    await _until(lambda: runner.pending == 0, timeout=WAIT_S)


async def open_review(
    qtbot: Any, archive: Archive, session: int, runner: TaskRunner, until: Until
) -> ReviewWindow:
    """The review window on `session`, shown and read, its charts drawn as the console draws
    them."""
    window = ReviewWindow(archive, runner, styled_review_figures, session)
    qtbot.addWidget(window)
    window.present()
    window.reload()
    await until(lambda: window.data is not None and window.busy.isHidden())
    return window
