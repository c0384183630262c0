"""The review's charts: built and drawn off the UI thread with the busy bar up until they are
shown, never drawn again when the window is resized (their pictures are scaled once the resize
has settled); a run-sheet of 200 segments keeps its titles readable and its long chart scrolls;
an empty show says there is nothing to chart instead of showing empty axes."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from matplotlib.figure import Figure

from app.adapters.report.charts import styled_review_figures
from app.adapters.store.writer import SqliteSessionLog
from app.domain.log_events import LogEntry
from app.runtime.tasks import TaskRunner
from app.services.archive import Archive
from app.services.review import ReviewData
from app.ui.review import ReviewWindow
from app.ui.review.review_charts import DPI, MAX_PIXELS, thin_labels
from tests.support.recorded_show import COMMENT_SQL, OnAir, Recorded, open_archive
from tests.ui.conftest import Until

T0 = 1_731_326_400.0
HOLD_S = 20  # how long a held chart build waits to be let go


class HeldFigures:
    """The report's charts, counted, with the thread they were built on; `hold` keeps the
    build waiting until `release()` (a slow, long show)."""

    def __init__(self, *, hold: bool = False) -> None:
        self.calls = 0
        self.threads: list[threading.Thread] = []
        self.entered = threading.Event()
        self._go = threading.Event()
        if not hold:
            self._go.set()

    def release(self) -> None:
        self._go.set()

    def __call__(self, data: ReviewData) -> Sequence[Figure]:
        self.calls += 1
        self.threads.append(threading.current_thread())
        self.entered.set()
        if threading.current_thread() is not threading.main_thread():
            self._go.wait(HOLD_S)  # (on the UI thread it would freeze the window and the test)
        return styled_review_figures(data)


@pytest.fixture
def open_review(qtbot: Any, runner: TaskRunner) -> Any:
    def make(archive: Archive, show: int, figures: Any) -> ReviewWindow:
        window = ReviewWindow(archive, runner, figures, show)
        qtbot.addWidget(window)
        window.resize(1100, 780)
        window.present()
        window.reload()
        return window

    return make


async def test_the_charts_are_built_off_the_ui_thread_with_the_busy_bar_up(
    archive: Archive, recorded: Recorded, open_review: Any, until: Until
) -> None:
    figures = HeldFigures(hold=True)
    window = open_review(archive, recorded.show, figures)
    try:
        await until(figures.entered.is_set)
        await until(lambda: window.data is not None)  # the tables are shown meanwhile
        assert figures.threads[0] is not threading.main_thread()
        assert window.busy.isVisible()
        assert window.busy.label.text() == "Drawing the charts…"
        assert window.charts.views == []
    finally:
        figures.release()
    await until(lambda: window.busy.isHidden())
    assert len(window.charts.views) == 3  # the bar went once the charts were on the tab
    assert figures.calls == 1


async def test_a_resize_scales_the_pictures_and_never_draws_again(
    archive: Archive,
    recorded: Recorded,
    open_review: Any,
    until: Until,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    figures = HeldFigures()
    window = open_review(archive, recorded.show, figures)
    await until(lambda: window.busy.isHidden() and len(window.charts.views) == 3)
    drawn_on: list[threading.Thread] = []
    original = Figure.draw

    def counted(self: Figure, renderer: Any) -> None:
        drawn_on.append(threading.current_thread())
        original(self, renderer)

    monkeypatch.setattr(Figure, "draw", counted)
    activity = window.charts.views[1]
    natural = activity.natural_width()
    for size in ((900, 600), (700, 560), (1280, 800), (640, 500)):
        window.resize(*size)
        window.repaint()  # a paint at every step of the drag
    await until(lambda: not window.charts.fit_timer.isActive())
    assert drawn_on == []  # neither built nor drawn again: only scaled
    assert figures.calls == 1
    width = window.charts.viewport().width()
    assert activity.shown_width <= width < natural  # scaled down to the narrow tab
    assert activity.pixmap().width() / activity.pixmap().devicePixelRatio() <= width
    window.resize(1600, 900)
    await until(lambda: activity.shown_width == natural)  # never wider than it was drawn
    assert drawn_on == []


async def record_long_show(path: Path, segments: int) -> int:
    """A show of `segments` 30-second segments with long titles and a comment every 20 s."""
    writer = SqliteSessionLog(path)
    try:
        show = await writer.start_session("两百段", T0)
        writer.append(LogEntry(t=T0, kind="session.start", session_id=show, data={}))
        for i in range(segments):
            start = T0 + 30 * i
            writer.append(
                LogEntry(
                    t=start,
                    kind="segment.start",
                    session_id=show,
                    data={
                        "index": i,
                        "title": f"环节 {i} 很长的标题 Segment title",
                        "planned_s": 25,
                    },
                )
            )
            writer.append(LogEntry(t=start + 30, kind="segment.end", session_id=show,
                                   data={"index": i}))  # fmt: skip
        end = T0 + 30 * segments
        writer.append_rows(COMMENT_SQL, [
            (show, "bilibili", f"观众{n}", "好", T0 + 20 * n, 0, None)
            for n in range(int(30 * segments / 20))
        ])  # fmt: skip
        writer.append(LogEntry(t=end, kind="session.end", session_id=show, data={}))
        await writer.end_session(show, end)
        await writer.flush()
    finally:
        writer.close()
    return show


async def test_200_segments_keep_their_titles_readable(
    tmp_path: Path, open_review: Any, until: Until
) -> None:
    path = tmp_path / "long.db"
    show = await record_long_show(path, 200)
    archive, writer = open_archive(path, OnAir())
    try:
        window = open_review(archive, show, styled_review_figures)
        await until(lambda: window.busy.isHidden() and len(window.charts.views) == 3, timeout=90)
    finally:
        writer.close()
    charts = window.charts.charts
    assert charts is not None
    activity = charts.figures[1]
    titles = [t for t in activity.axes[0].texts if t.get_text().startswith("环节")]
    shown = [t for t in titles if t.get_visible()]
    assert len(titles) == 200
    assert 5 < len(shown) < 200  # thinned out, not all dropped
    renderer = activity.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = sorted((t.get_window_extent(renderer) for t in shown), key=lambda b: b.x0)
    assert all(a.x1 <= b.x0 for a, b in itertools.pairwise(boxes))  # none overlap
    assert thin_labels(activity, renderer) == 0  # what is left needs no more thinning
    plan_view, plan_image = window.charts.views[0], charts.images[0]
    assert max(plan_image.width(), plan_image.height()) <= MAX_PIXELS
    assert plan_image.height() / plan_image.devicePixelRatio() > 20 * DPI  # 200 rows, readable
    assert plan_view.height() > window.charts.viewport().height()  # so the tab scrolls
    assert window.charts.verticalScrollBar().maximum() > 0


async def test_an_empty_show_says_there_is_nothing_to_chart(
    tmp_path: Path, open_review: Any, until: Until
) -> None:
    path = tmp_path / "empty.db"
    writer = SqliteSessionLog(path)
    show = await writer.start_session("空场", T0)
    writer.append(LogEntry(t=T0, kind="session.start", session_id=show, data={}))
    await writer.end_session(show, T0 + 5)
    await writer.flush()
    writer.close()
    archive, writer = open_archive(path, OnAir())
    figures = HeldFigures()
    try:
        window = open_review(archive, show, figures)
        await until(lambda: window.data is not None and window.busy.isHidden())
    finally:
        writer.close()
    assert window.charts.views == []  # no empty axes
    assert window.charts.no_data_label.isVisibleTo(window)
    assert "Nothing to chart" in window.charts.no_data_label.text()
    assert figures.calls == 0
    assert window.export_button.isEnabled()  # the show is there: only its charts are empty
