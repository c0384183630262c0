"""The audience in the review (`report --format json`, html, pdf): every planned segment listed,
those never run skipped; per segment viewers (peak, average), likes, gift value, follows and
buying questions; the show's totals; the viewers and likes chart; what held the room. On a real
SQLite log written through the real store."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.adapters.report import render_report
from app.adapters.report.charts import review_figures
from app.adapters.report.data import load_review
from app.report_cli import load_report, run_report
from app.services.exports import youtube_chapters
from app.services.review_audience import (
    Planned,
    Viewers,
    held_the_room,
    plan_from_state,
    with_skipped,
)
from app.services.review_rows import ranking_rows, segment_rows
from tests.support.audience_show import T0, record_audience_show


@pytest.fixture
async def show(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "livedesk.db"
    return path, await record_audience_show(path)


def _json_report(path: Path, session: int) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    assert run_report(path, str(session), "json", None, out=out, err=err) == 0, err.getvalue()
    report: dict[str, Any] = json.loads(out.getvalue())
    return report


async def test_json_lists_every_planned_segment_with_the_audience(show: tuple[Path, int]) -> None:
    report = _json_report(*show)
    segments = report["segments"]
    assert [s["title"] for s in segments] == ["开场", "福利", "讲解", "抽奖"]
    assert [s["actual_start"] is None for s in segments] == [False, True, False, True]
    assert [s["planned_s"] for s in segments] == [120, 300, 600, 180]
    assert [s["skipped"] for s in segments] == [False, True, False, True]
    keys = ("viewers_peak", "viewers_avg", "likes", "gifts_value", "follows", "buying_questions")
    assert [[s[k] for k in keys] for s in segments] == [
        [150, 146.4, 15, 20.0, 1, 1],
        [None, None, 0, 0.0, 0, 0],
        [350, 322.7, 101, 228.0, 2, 1],
        [None, None, 0, 0.0, 0, 0],
    ]
    skipped = segments[1]
    assert (skipped["actual_end"], skipped["actual_s"], skipped["comments"]) == (None, None, 0)
    assert (skipped["points_planned"], skipped["points_done"]) == (2, 0)
    assert report["audience"] == {"likes": 116, "gifts": 2, "gifts_value": 248.0, "follows": 3,
                                  "viewers_peak": 350,
                                  "gifts_value_by_currency": {"CNY": 248.0}}  # fmt: skip


async def test_the_existing_keys_keep_their_values(show: tuple[Path, int]) -> None:
    report = _json_report(*show)
    ran = [s for s in report["segments"] if s["actual_start"] is not None]
    assert [(s["title"], s["actual_s"], s["comments"], s["questions"]) for s in ran] == [
        ("开场", 150.0, 1, 0), ("讲解", 550.0, 2, 1)]  # fmt: skip
    assert report["comments"]["total"] == 3  # two comments and a super chat
    assert report["talking_points"]["planned"] == 1  # from what ran, as before
    assert set(report) >= {"session", "segments", "events", "questions", "comments", "markers",
                           "audience"}  # fmt: skip


async def test_the_rendered_review_agrees_with_the_json(show: tuple[Path, int]) -> None:
    path, session = show
    data = load_review(path, session)
    plain = load_report(path, session)
    keys = ("title", "actual_start", "viewers_peak", "viewers_avg", "likes", "gifts_value",
            "follows", "buying_questions", "comments", "questions")  # fmt: skip
    assert [[s[k] for k in keys] for s in data.report["segments"]] == [
        [s[k] for k in keys] for s in plain["segments"]]  # fmt: skip
    assert data.report["audience"] == plain["audience"]
    assert data.viewers[0] == (10.0, 100)
    assert (200.0, 350) in data.viewers
    assert data.viewers[-1] == (800.0, 300)
    assert sum(data.likes_per_minute) == 116
    assert data.likes_per_minute[0] == 15
    assert data.likes_per_minute[5] == 101


async def test_the_html_report_has_the_audience_chart_and_ranking(show: tuple[Path, int]) -> None:
    path, session = show
    html = render_report(path, session, "html").decode("utf-8")
    images = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,', html)
    assert images == ["planned vs actual", "viewers and likes over the show",
                      "comments and questions per minute", "question summary"]  # fmt: skip
    assert html.count('<tr class="skipped">') == 2
    assert "skipped / 未播" in html
    assert "Viewers peak / 最高观看" in html
    assert "Buying questions / 购买提问" in html
    ranking = html.split("What held the room / 留住观众的环节", 1)[1]
    assert ranking.index("3. 讲解") < ranking.index("1. 开场")
    pdf = render_report(path, session, "pdf")
    assert pdf.startswith(b"%PDF-")


async def test_the_chart_draws_viewers_likes_and_segments(show: tuple[Path, int]) -> None:
    path, session = show
    figures = review_figures(load_review(path, session))
    assert len(figures) == 4
    viewers_axes, likes_axes = figures[3].axes
    (line,) = viewers_axes.get_lines()[-1:]
    assert max(line.get_ydata()) == 350
    (bars,) = likes_axes.containers
    assert sum(bar.get_height() for bar in bars) == 116
    titles = [t.get_text() for t in viewers_axes.texts]
    assert titles == ["开场", "讲解"]  # the skipped ones have no time on the clock
    plan_labels = [t.get_text() for t in figures[0].axes[0].get_yticklabels()]
    assert plan_labels[1] == "2. 福利 (skipped / 未播)"


async def test_ranking_and_table_rows(show: tuple[Path, int]) -> None:
    report = load_report(*show)
    ranked = held_the_room(report)
    assert [(r["rank"], r["number"], r["title"]) for r in ranked] == [(1, 3, "讲解"),
                                                                      (2, 1, "开场")]  # fmt: skip
    assert ranked[0]["likes_per_min"] == round(101 * 60 / 550, 1)
    assert ranking_rows(report)[0][:4] == ["1", "3. 讲解", "323", "350"]
    rows = segment_rows(report)
    assert rows[1][3] == "—"  # never ran
    assert rows[2][9:15] == ["350", "323", "101", "228 CNY", "2", "1"]


async def test_exports_leave_skipped_segments_out_quietly(show: tuple[Path, int]) -> None:
    report = load_report(*show)
    export = youtube_chapters(report, min_chapters=2)
    assert "福利" not in export.text
    assert "抽奖" not in export.text
    assert not any("福利" in note for note in export.notes)


async def test_without_a_kept_run_sheet_only_what_ran(tmp_path: Path) -> None:
    path = tmp_path / "livedesk.db"
    session = await record_audience_show(path, with_plan=False)
    report = _json_report(path, session)
    assert [s["title"] for s in report["segments"]] == ["开场", "讲解"]
    assert report["segments"][1]["viewers_peak"] == 350


def test_plan_from_a_damaged_state_is_no_plan() -> None:
    assert plan_from_state(None) == []
    assert plan_from_state({"index": 2}) == []
    assert plan_from_state({"runsheet": {"sheet": {"segments": [{"title": "a"}, 3]}}}) == []
    found = plan_from_state(
        {
            "runsheet": {
                "sheet": {
                    "segments": [
                        {"title": "a", "duration": 60, "notes": ["x"]},
                        {"title": "b", "duration": "?"},
                    ]
                }
            }
        }
    )
    assert found == [Planned(0, "a", 60, 1), Planned(1, "b", None, 0)]  # fmt: skip


def test_skipped_segments_go_where_the_plan_puts_them() -> None:
    ran = [{"index": 0, "title": "a"}, {"index": 3, "title": "d"}, {"index": 1, "title": "b"}]
    plan = [Planned(i, t, 60) for i, t in enumerate("abcde")]
    merged = with_skipped(ran, plan)
    assert [(s["title"], s["skipped"]) for s in merged] == [
        ("a", False), ("c", True), ("d", False), ("b", False), ("e", True)]  # fmt: skip


def test_viewers_peak_and_time_weighted_average() -> None:
    viewers = Viewers([(T0, "a", 10), (T0 + 10, "b", 20), (T0 + 10, "a", 0), (T0 + 30, "a", 40)])
    # two counts at one moment: the last sum; each count runs out 10 minutes after its report
    assert viewers.totals == [10, 20, 60, 40, 0]
    assert viewers.times[3:] == [T0 + 610, T0 + 630]
    assert viewers.peak(T0 + 5, T0 + 30) == 20
    assert viewers.peak(T0 + 30, None) == 60
    assert viewers.peak(T0 - 20, T0 - 10) is None
    assert viewers.average(T0, T0 + 40) == (10 * 10 + 20 * 20 + 60 * 10) / 40
    assert viewers.average(T0 - 100, T0 + 20) == (10 * 10 + 20 * 10) / 20  # before: unknown
    assert viewers.average(T0 - 100, T0 - 50) is None
    assert Viewers([]).peak() is None
