"""A segment's actual time in the review is the time its clock ran, as the host's console showed
it and its `segment.end` logged: standby (马上回来) pauses it. A segment whose end was never
logged (a crash, an old log) is its wall time less the standby inside it."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from app.adapters.report.data import load_review
from app.domain import log_events as kinds
from app.domain.runsheet import RunSheet, Segment
from app.report_cli import run_report
from app.services.review import build_report
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.logged_show import write_logged_show
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock

SHEET = RunSheet(segments=(Segment("开场", 60), Segment("讲解", 120)), title="待机场")
T0 = 1_700_000_000.0


def ev(t: float, kind: str, **data: Any) -> dict[str, Any]:
    return {"t": T0 + t, "kind": kind, "stream_tc": None, "record_tc": None, "data": data}


async def test_standby_time_is_not_the_segments(
    show: Show,
    fake_obs: FakeObs,
    memory_log: MemoryLog,
    clock: Clock,
    monotonic: Clock,
    tmp_path: Path,
) -> None:
    """开场 runs 2 s, stands by 2 s, runs 1 s more and is cued on from a second standby of 1 s:
    it ran 3 s, as the console's clock and its logged end say; 讲解 runs 5 s to End show."""

    def later(seconds: float) -> None:
        clock.now += seconds
        monotonic.now += seconds

    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(SHEET)
    await show.recorder.start("待机场")
    await show.runner.next()
    for run, away in ((2, 2), (1, 1)):
        later(run)
        assert await show.runner.toggle_standby() is True
        later(away)
        if away == 2:
            assert await show.runner.toggle_standby() is False
    assert show.runner.state().elapsed_s == 3
    await show.runner.next()  # from standby
    later(5)
    await show.recorder.end()
    logged = [e.data["actual_s"] for e in memory_log.of_kind(kinds.SEGMENT_END)]
    assert logged == [3.0, 5.0]

    path = tmp_path / "livedesk.db"
    session = await write_logged_show(path, memory_log, 1)
    out, err = io.StringIO(), io.StringIO()
    assert run_report(path, str(session), "json", None, out=out, err=err) == 0, err.getvalue()
    segments = json.loads(out.getvalue())["segments"]
    assert [(s["title"], s["actual_s"]) for s in segments] == [("开场", 3.0), ("讲解", 5.0)]
    rendered = load_review(path, session).report["segments"]  # html, pdf, the review window
    assert [s["actual_s"] for s in rendered] == [3.0, 5.0]


def test_without_a_logged_end_standby_is_taken_off_the_wall_time() -> None:
    session = {"id": 1, "title": "旧日志", "started_at": T0, "ended_at": T0 + 100}
    events = [
        ev(0, kinds.SEGMENT_START, index=0, title="开场", planned_s=60),
        ev(10, kinds.STANDBY_ON),
        ev(25, kinds.STANDBY_OFF),
        ev(30, kinds.STANDBY_ON),
        ev(40, kinds.SEGMENT_START, index=1, title="讲解", planned_s=60),  # cued from standby
        ev(50, kinds.STANDBY_ON),
        ev(55, kinds.STANDBY_OFF),
        ev(60, kinds.SEGMENT_END, index=1),  # an end with no actual_s (an older LiveDesk)
        ev(70, kinds.SEGMENT_START, index=2, title="答疑", planned_s=60),
        ev(100, kinds.SESSION_END),
    ]
    segments = build_report(session, events)["segments"]
    assert [s["actual_s"] for s in segments] == [40 - 15 - 10, 20 - 5, 30]
    assert [s["end_t"] - s["start_t"] for s in segments] == [40, 20, 30]  # spans: wall time


def test_a_logged_actual_time_is_the_segments() -> None:
    session = {"id": 1, "title": "x", "started_at": T0, "ended_at": T0 + 100}
    events = [
        ev(0, kinds.SEGMENT_START, index=0, title="开场", planned_s=60),
        ev(50, kinds.SEGMENT_END, index=0, actual_s=42.5),
        ev(100, kinds.SESSION_END),
    ]
    [segment] = build_report(session, events)["segments"]
    assert segment["actual_s"] == 42.5
    assert segment["end_t"] == T0 + 50
