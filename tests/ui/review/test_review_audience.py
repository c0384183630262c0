"""The review window on a show with its audience (a real session log written through the real
store): every planned segment in the table, those never run greyed and marked skipped, the
audience columns, what held the room, and the viewers and likes chart."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.adapters.report.charts import styled_review_figures
from app.runtime.tasks import TaskRunner
from app.services.archive import Archive
from app.ui.i18n import install_translations, remove_translations
from app.ui.review import ReviewWindow
from app.ui.review.review_tables import SKIPPED_BACKGROUND, SKIPPED_TEXT
from tests.support.audience_show import record_audience_show
from tests.support.i18n import ZH_TS, build_qm
from tests.support.recorded_show import OnAir, open_archive
from tests.ui.conftest import Until
from tests.ui.review.conftest import open_review


@pytest.fixture
async def audience_archive(tmp_path: Path) -> AsyncIterator[tuple[Archive, int]]:
    path = tmp_path / "livedesk.db"
    session = await record_audience_show(path)
    archive, writer = open_archive(path, OnAir())
    yield archive, session
    writer.close()


@pytest.fixture
async def window(
    qtbot: Any, audience_archive: tuple[Archive, int], runner: TaskRunner, until: Until
) -> ReviewWindow:
    archive, session = audience_archive
    return await open_review(qtbot, archive, session, runner, until)


def column(table: Any, title: str) -> list[str]:
    titles = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    c = titles.index(title)
    return [table.item(r, c).text() for r in range(table.rowCount())]


async def test_skipped_segments_are_listed_greyed(window: ReviewWindow) -> None:
    table = window.segments_table
    assert column(table, "Segment") == ["开场", "福利", "讲解", "抽奖"]
    assert column(table, "Planned") == ["2:00", "5:00", "10:00", "3:00"]
    assert column(table, "Actual") == ["2:30", "skipped", "9:10", "skipped"]
    skipped = table.item(1, 1)
    assert skipped.foreground().color() == SKIPPED_TEXT
    assert skipped.background().color() == SKIPPED_BACKGROUND
    assert "never ran" in skipped.toolTip()
    assert table.item(0, 1).background().color() != SKIPPED_BACKGROUND


async def test_the_audience_columns(window: ReviewWindow) -> None:
    table = window.segments_table
    assert column(table, "Viewers (peak)") == ["150", "—", "350", "—"]
    assert column(table, "Viewers (average)") == ["146", "—", "323", "—"]
    assert column(table, "Likes") == ["15", "0", "101", "0"]
    assert column(table, "Gift value") == ["20 CNY", "0.00", "228 CNY", "0.00"]
    assert column(table, "Follows") == ["1", "0", "2", "0"]
    assert column(table, "Buying questions") == ["1", "0", "1", "0"]
    assert column(table, "Comments") == ["1", "0", "2", "0"]


async def test_what_held_the_room(window: ReviewWindow) -> None:
    assert window.ranking_label.text() == "What held the room"
    ranking = window.ranking_table
    assert column(ranking, "Segment") == ["3. 讲解", "1. 开场"]  # skipped ones are not ranked
    assert column(ranking, "Rank") == ["1", "2"]
    assert column(ranking, "Viewers (average)") == ["323", "146"]
    assert column(ranking, "Likes per minute") == ["11.0", "6.0"]


async def test_the_viewers_and_likes_chart(window: ReviewWindow) -> None:
    charts = window.charts.charts
    assert charts is not None
    assert len(charts.figures) == len(window.charts.views) == 4
    viewers_axes, _likes_axes = charts.figures[3].axes
    assert max(viewers_axes.get_lines()[-1].get_ydata()) == 350
    assert [t.get_text() for t in viewers_axes.texts] == ["开场", "讲解"]


@pytest.fixture
def zh_cn(tmp_path: Path) -> Iterator[None]:
    install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path).parent)
    yield
    remove_translations()


async def test_in_chinese(
    zh_cn: None,
    qtbot: Any,
    audience_archive: tuple[Archive, int],
    runner: TaskRunner,
    until: Until,
) -> None:
    archive, session = audience_archive
    window = ReviewWindow(archive, runner, styled_review_figures, session)
    qtbot.addWidget(window)
    window.reload()
    await until(lambda: window.data is not None and window.busy.isHidden())
    assert window.ranking_label.text() == "留住观众的环节"
    table = window.segments_table
    assert column(table, "实际") == ["2:30", "未播", "9:10", "未播"]
    assert column(table, "最高观看") == ["150", "—", "350", "—"]
    assert column(window.ranking_table, "环节") == ["3. 讲解", "1. 开场"]
    assert "未播出" in table.item(3, 0).toolTip()
