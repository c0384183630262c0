"""The review's charts count comments, questions, viewers and likes: their axes tick whole
numbers, even for a quiet show whose busiest minute had one comment."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from app.adapters.report import charts


def _y_ticks(figure: Figure) -> list[list[float]]:
    with charts.chart_style():  # the CJK font the labels need
        FigureCanvasAgg(figure).draw()  # the locator picks its ticks when drawn
    return [
        [t for t in axes.get_yticks() if axes.get_ylim()[0] <= t <= axes.get_ylim()[1]]
        for axes in figure.axes
    ]


def test_a_quiet_show_ticks_whole_comments() -> None:
    with charts.chart_style():
        figure = charts.activity([1, 0, 1, 1], [0, 1, 0, 0], [], [], 0.0)
    (ticks,) = _y_ticks(figure)
    assert len(ticks) >= 2
    assert all(t == int(t) for t in ticks), ticks


def test_viewers_and_likes_tick_whole_numbers() -> None:
    with charts.chart_style():
        figure = charts.audience([(0.0, 3), (90.0, 4)], [1, 0, 2], [], 0.0)
    for ticks in _y_ticks(figure):
        assert len(ticks) >= 2
        assert all(t == int(t) for t in ticks), ticks
