"""A show that runs two run-sheets: the report lists every planned segment of the sheet kept for
the review (the last one loaded) in order, those never cued with `actual_start` null, and the
segments the first sheet ran as they ran; never a segment of the first sheet standing in for one
of the second that never ran. Driven through the real runner, read from a real log."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from app.adapters.report.data import load_review
from app.domain.runsheet import RunSheet, Segment
from app.report_cli import run_report
from app.services.review_audience import Planned, plan_window, with_skipped
from app.services.show import Show
from tests.support.logged_show import kept_state, write_logged_show
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock

SHEET_A = RunSheet(segments=tuple(Segment(f"A{i}", 60) for i in range(3)), title="上半场")
SHEET_B = RunSheet(segments=tuple(Segment(f"B{i}", 60) for i in range(4)), title="下半场")


def json_report(path: Path, session: int) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    assert run_report(path, str(session), "json", None, out=out, err=err) == 0, err.getvalue()
    report: dict[str, Any] = json.loads(out.getvalue())
    return report


async def two_sheets(show: Show, clock: Clock, monotonic: Clock) -> float:
    """Sheet A run to its end, then sheet B loaded and only B0 cued; the time B was loaded."""

    def later(seconds: float) -> None:
        clock.now += seconds
        monotonic.now += seconds

    await show.recorder.start("两场")
    later(1)
    await show.runner.load(SHEET_A)
    for _ in range(3):
        later(1)
        await show.runner.next()
        later(60)
    await show.runner.next()  # finished
    later(1)
    await show.runner.load(SHEET_B)
    loaded_b = clock.now
    later(1)
    await show.runner.next()
    later(30)
    await show.recorder.end()
    return loaded_b


async def test_never_run_segments_of_the_second_sheet_are_listed(
    show: Show, memory_log: MemoryLog, clock: Clock, monotonic: Clock, tmp_path: Path
) -> None:
    loaded_b = await two_sheets(show, clock, monotonic)
    path = tmp_path / "livedesk.db"  # the state kept as the show ended: sheet B
    state = (loaded_b + 31, kept_state(show))
    session = await write_logged_show(path, memory_log, 1, state=state)
    report = json_report(path, session)
    segments = report["segments"]
    assert [s["title"] for s in segments] == ["A0", "A1", "A2", "B0", "B1", "B2", "B3"]
    assert [s["actual_start"] is None for s in segments] == [False] * 4 + [True] * 3
    assert [s["skipped"] for s in segments] == [False] * 4 + [True] * 3
    assert [s["index"] for s in segments] == [0, 1, 2, 0, 1, 2, 3]
    # the rendered review (html, pdf, the review window) lists the same
    rendered = load_review(path, session).report["segments"]
    assert [(s["title"], s["actual_start"]) for s in rendered] == [
        (s["title"], s["actual_start"]) for s in segments
    ]


async def test_a_sheet_kept_before_the_second_load_is_the_first(
    show: Show, memory_log: MemoryLog, clock: Clock, monotonic: Clock, tmp_path: Path
) -> None:
    """The state kept holds sheet A (B loaded after it): A's segments all ran, and B0 is listed
    as it ran, after them."""
    loaded_b = await two_sheets(show, clock, monotonic)
    path = tmp_path / "livedesk.db"
    state = {"version": 1, "runsheet": {"sheet": {"segments": [
        {"title": f"A{i}", "duration": 60} for i in range(3)]}}}  # fmt: skip
    session = await write_logged_show(path, memory_log, 1, state=(loaded_b - 0.5, state))
    segments = json_report(path, session)["segments"]
    assert [(s["title"], s["skipped"]) for s in segments] == [
        ("A0", False), ("A1", False), ("A2", False), ("B0", False)]  # fmt: skip


def test_the_plan_is_the_sheet_loaded_last_before_it_was_kept() -> None:
    loads = [{"t": t, "kind": "runsheet.load", "data": {}} for t in (10.0, 50.0, 90.0)]
    assert plan_window(loads, 60.0) == (50.0, 90.0)
    assert plan_window(loads, 5.0) == (None, 10.0)  # loaded before the show
    assert plan_window(loads, None) == (90.0, None)
    assert plan_window([], 60.0) == (None, None)


def test_a_sheet_loaded_again_does_not_list_what_ran_twice() -> None:
    """The same sheet loaded again mid-show (a fix to a later segment), then segment 2 cued:
    segments 0 and 1 ran under the first load, and are not listed again as never run."""
    ran = [
        {"index": 0, "title": "a", "start_t": 10.0},
        {"index": 1, "title": "b", "start_t": 20.0},
        {"index": 2, "title": "c", "start_t": 40.0},
    ]
    plan = [Planned(i, t, 60) for i, t in enumerate("abcd")]
    merged = with_skipped(ran, plan, since=30.0)
    assert [(s["title"], s["skipped"]) for s in merged] == [
        ("a", False), ("b", False), ("c", False), ("d", True)]  # fmt: skip
