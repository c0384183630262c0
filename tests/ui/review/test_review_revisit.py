"""The review window on a show whose host went back to segments (讲解 and 答疑 each cued twice,
tests/unit/test_report_revisit.py): one row per segment, its actual time and over / under over
both runs, as the console showed it; the 互动 tab still finds the segment live in either run."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from app.runtime.tasks import TaskRunner
from app.services.archive import Archive
from app.ui.review import ReviewWindow
from app.ui.review.interaction_rows import live_at
from tests.support.audience_show import write_show
from tests.support.recorded_show import OnAir, open_archive
from tests.ui.conftest import Until
from tests.ui.review.conftest import open_review
from tests.ui.review.test_review_audience import column
from tests.unit.test_report_revisit import ITEMS, REVISITED


@pytest.fixture
async def revisit_archive(tmp_path: Path) -> AsyncIterator[tuple[Archive, int]]:
    path = tmp_path / "livedesk.db"
    session = await write_show(path, "回看场", REVISITED, ITEMS)
    archive, writer = open_archive(path, OnAir())
    yield archive, session
    writer.close()


@pytest.fixture
async def window(
    qtbot: Any, revisit_archive: tuple[Archive, int], runner: TaskRunner, until: Until
) -> ReviewWindow:
    archive, session = revisit_archive
    return await open_review(qtbot, archive, session, runner, until)


async def test_a_segment_cued_again_is_one_row(window: ReviewWindow) -> None:
    table = window.segments_table
    assert column(table, "#") == ["1", "2", "3"]
    assert column(table, "Segment") == ["开场", "讲解", "答疑"]
    assert column(table, "Planned") == ["2:00", "5:00", "5:00"]
    assert column(table, "Actual") == ["1:40", "5:00", "5:00"]
    assert column(table, "Over/under") == ["−0:20", "+0:00", "+0:00"]
    assert column(table, "Comments") == ["0", "2", "1"]


def test_the_segment_live_in_its_second_run() -> None:
    """讲解 ran 100 … 250 and 400 … 550, 答疑 between and after: at 450, 讲解 is live (its
    first start to its last end, 100 … 550, would hold 答疑's first start too)."""
    segments = [
        {"index": 1, "title": "讲解", "start_t": 100.0, "end_t": 550.0,
         "visits": [{"start_t": 100.0, "end_t": 250.0}, {"start_t": 400.0, "end_t": 550.0}]},
        {"index": 2, "title": "答疑", "start_t": 250.0, "end_t": 700.0,
         "visits": [{"start_t": 250.0, "end_t": 400.0}, {"start_t": 550.0, "end_t": 700.0}]},
    ]  # fmt: skip
    assert live_at(segments, 450.0) == 1
    assert live_at(segments, 300.0) == 2
    assert live_at(segments, 600.0) == 2
