"""The review window on a show paid in yuan and dollars (a real session log written through the
real store): the gift value columns say each currency's amount, never one mixed sum."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.runtime.tasks import TaskRunner
from tests.support.currency_show import record_currency_show
from tests.support.recorded_show import OnAir, open_archive
from tests.ui.conftest import Until
from tests.ui.review.conftest import open_review
from tests.ui.review.test_review_audience import column


async def test_gift_value_per_currency(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, until: Until
) -> None:
    path = tmp_path / "livedesk.db"
    session = await record_currency_show(path)
    archive, writer = open_archive(path, OnAir())
    try:
        window = await open_review(qtbot, archive, session, runner, until)
        paid = ["100 CNY + 5 USD", "50.5 CNY + 2.5 USD + 1.25"]
        assert column(window.segments_table, "Gift value") == paid
        assert sorted(column(window.ranking_table, "Gift value")) == paid
    finally:
        writer.close()
