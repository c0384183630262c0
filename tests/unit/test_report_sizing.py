"""Reports are sized by the show, never by a timestamp a viewer's client sent: an old log whose
comments carry times in 1970, 2100 or no finite time at all still gives a report (json, html)
whose per-minute counts cover the show's own span, as strict JSON; a show never ended runs to
its last entry of any kind, its comments and audience items after its last event included."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.adapters.report.data import load_review, per_minute
from app.adapters.store.comments import SqliteComments
from app.adapters.store.schema import open_database
from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import Comment, Kind
from app.domain.log_events import LogEntry
from app.report_cli import run_report
from app.services.review import (
    EDGE_S,
    MAX_SHOW_S,
    QUIET_S,
    build_report,
    show_span,
    strict_json,
)

T0 = 1_700_000_000.0
YEAR_2100 = 4_102_444_800.0
YEAR_1970 = 86_400.0
COMMENT_SQL = (
    "INSERT INTO comments (session_id, platform, user, text, ts, is_question) "
    "VALUES (1, 'twitch', ?, ?, ?, ?)"
)
EVENT_SQL = "INSERT INTO events (session_id, t, kind, data) VALUES (1, ?, ?, ?)"


def refuse_constant(name: str) -> Any:
    raise ValueError(f"not strict JSON: {name}")


def old_log(tmp_path: Path, ended: bool) -> Path:
    """A log as an older LiveDesk left it: the clients' times trusted, NaN in an event."""
    path = tmp_path / "livedesk.db"
    db = open_database(path)
    db.execute(
        "INSERT INTO sessions (id, title, started_at, ended_at) VALUES (1, '旧场次', ?, ?)",
        [T0, T0 + 600 if ended else None],
    )
    events = [
        (T0, "session.start", "{}"),
        (T0 + 5, "segment.start", '{"index": 0, "title": "开场", "planned_s": NaN}'),
        (T0 + 300, "marker", '{"note": "上链接", "level": Infinity}'),
    ]
    db.conn.executemany(EVENT_SQL, events)
    comments = [
        ("a", "hi", T0 + 10, 0),
        ("b", "多少钱？", T0 + 70, 1),
        ("c", "early", T0 - 30, 0),  # a platform's clock a little behind: minute 0
        ("d", "future", YEAR_2100, 1),  # a client's clock: left out of the minutes
        ("e", "past", YEAR_1970, 0),
        ("f", "never", math.inf, 0),
    ]
    db.conn.executemany(COMMENT_SQL, comments)
    db.conn.commit()
    db.close()
    return path


@pytest.mark.parametrize(("ended", "minutes"), [(True, 10), (False, 5)])
def test_the_json_report_is_sized_by_the_show(tmp_path: Path, ended: bool, minutes: int) -> None:
    """Ended: started_at to ended_at (600 s); never ended: to its last event (300 s)."""
    path = old_log(tmp_path, ended)
    out, err = io.StringIO(), io.StringIO()
    assert run_report(path, "1", "json", None, out=out, err=err) == 0, err.getvalue()
    report = json.loads(out.getvalue(), parse_constant=refuse_constant)
    per = report["comments"]["per_minute"]
    assert len(per) == minutes  # not the 68 million minutes to the year 2100
    assert per[0] == 2
    assert per[1] == 1
    assert sum(per) == 3
    assert report["comments"]["total"] == 6
    segment_start = next(e for e in report["events"] if e["kind"] == "segment.start")
    assert segment_start["planned_s"] is None  # NaN in the old log: null
    assert next(e for e in report["events"] if e["kind"] == "marker")["level"] is None


@pytest.mark.parametrize("ended", [True, False])
def test_the_html_report_and_its_counts_agree(tmp_path: Path, ended: bool) -> None:
    path = old_log(tmp_path, ended)
    target = tmp_path / "report.html"
    out, err = io.StringIO(), io.StringIO()
    assert run_report(path, "1", "html", str(target), out=out, err=err) == 0, err.getvalue()
    assert "<html" in target.read_text(encoding="utf-8")
    data = load_review(path, "1")
    json_out = io.StringIO()
    assert run_report(path, "1", "json", None, out=json_out, err=io.StringIO()) == 0
    from_json = json.loads(json_out.getvalue())["comments"]["per_minute"]
    assert data.report["comments"]["per_minute"] == from_json
    assert len(data.questions_per_minute) == len(from_json)
    assert sum(data.questions_per_minute) == 1  # the question from 2100 is not in a minute


def test_the_span_never_comes_from_a_comment_and_is_capped() -> None:
    assert show_span(T0, T0 + 600, []) == (T0, T0 + 600)
    assert show_span(T0, None, [T0 + 5, T0 + 300, math.nan]) == (T0, T0 + 300)
    assert show_span(T0, None, []) == (T0, T0)
    assert show_span(T0, T0 - 50, []) == (T0, T0)  # a damaged row: no negative span
    assert show_span(T0, YEAR_2100, []) == (T0, T0 + MAX_SHOW_S)
    assert show_span(T0, None, [YEAR_2100]) == (T0, T0 + MAX_SHOW_S)
    assert show_span(T0, math.inf, [T0 + 60]) == (T0, T0 + 60)


def test_python_and_numpy_counts_bucket_alike() -> None:
    times = [T0 - EDGE_S - 1, T0 - 5, T0 + 59.9, T0 + 60, T0 + 599, T0 + 600 + EDGE_S, YEAR_2100]
    session = {"id": 1, "title": "x", "started_at": T0, "ended_at": T0 + 600}
    comments = [{"ts": ts, "is_question": 0} for ts in times]
    from_python = build_report(session, [], comments)["comments"]["per_minute"]
    from_numpy = per_minute(np.array(sorted(times)), T0, T0 + 600).tolist()
    assert from_python == from_numpy == [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]


def test_strict_json_replaces_what_json_cannot_hold() -> None:
    value = {"a": [1.5, math.nan, (math.inf, -math.inf)], "b": {"c": "NaN", "d": 2}}
    assert strict_json(value) == {"a": [1.5, None, [None, None]], "b": {"c": "NaN", "d": 2}}
    json.dumps(strict_json(value), allow_nan=False)


async def open_show_with_late_comments(path: Path) -> int:
    """A show never ended: a segment cued 1 s in, then 30 minutes of comments, one a minute,
    and a like a minute after the last comment; its session id."""
    writer = SqliteSessionLog(path)
    try:
        show = await writer.start_session("未结束", T0)
        writer.append(LogEntry(t=T0, kind="session.start", session_id=show))
        writer.append(LogEntry(t=T0 + 1, kind="segment.start", session_id=show,
                               data={"index": 0, "title": "开场", "planned_s": 600}))  # fmt: skip
        SqliteComments(writer).add_comments(show, [
            Comment(id=i + 1, platform="douyin", user=f"观众{i}", text="好", ts=T0 + 30 + 60 * i)
            for i in range(30)
        ] + [Comment(id=31, platform="douyin", user="观众", text="", ts=T0 + 1830 + 60,
                     kind=Kind.LIKE, count=5)])  # fmt: skip
        await writer.flush()
    finally:
        writer.close()
    return show


async def test_a_show_never_ended_runs_to_its_last_comment_or_audience_item(
    tmp_path: Path,
) -> None:
    """Its span reaches past the last event to the comments and likes logged after it (as the
    console closes an interrupted show): no comment is lost from the per-minute counts."""
    path = tmp_path / "livedesk.db"
    show = await open_show_with_late_comments(path)
    out, err = io.StringIO(), io.StringIO()
    assert run_report(path, str(show), "json", None, out=out, err=err) == 0, err.getvalue()
    report = json.loads(out.getvalue())
    per = report["comments"]["per_minute"]
    assert len(per) == 32  # to the like at 31:30
    assert sum(per) == report["comments"]["total"] == 30
    assert per[:30] == [1] * 30
    assert report["segments"][0]["comments"] == 30
    data = load_review(path, show)  # html, pdf and the review window size it alike
    assert data.report["comments"]["per_minute"] == per
    assert len(data.questions_per_minute) == len(per)
    assert sum(data.likes_per_minute) == 5


def test_a_live_show_runs_on_through_its_comments_but_not_past_a_gap() -> None:
    live = {"id": 1, "title": "x", "started_at": T0, "ended_at": None}
    events = [{"t": T0 + 1, "kind": "segment.start", "data": {"index": 0}}]
    comments = [{"ts": T0 + 30 + 60 * i, "is_question": 0} for i in range(30)]
    per = build_report(live, events, comments)["comments"]["per_minute"]
    assert per == [1] * 30
    late = [*comments, {"ts": YEAR_2100, "is_question": 0}]  # a client's clock: no show
    assert build_report(live, events, late)["comments"]["per_minute"] == [1] * 30
    assert show_span(T0, None, [T0 + 1], [T0 + 600, T0 + 600 + QUIET_S + 1]) == (T0, T0 + 600)
