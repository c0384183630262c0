"""A segment the host went back to (Prev, a goto) is one segment of the run-sheet cued twice: the
review lists it once, its actual time the sum of its runs (as the console adds them), its over /
under counted once against its planned time, its comments, questions and audience summed over
its runs; so the report's planned against actual, and the show's total over or under, agree with
what the console showed on air. Each run stays in the segment's `visits`, where the chapters,
the editors' markers and the charts' bands need it.

Before: one row per cue, each against the whole planned time: a sheet of 3 × 10:00 run as 开场
10:00, 商品讲解 5:00, 答疑 5:00, Prev 商品讲解 5:00, Next 答疑 5:00 read five rows and −20:00 in all
while the console said on time."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from app.adapters.report.charts import review_figures
from app.adapters.report.data import load_review
from app.domain.audience import Comment, Kind
from app.domain.runsheet import RunSheet, Segment
from app.report_cli import load_report, run_report
from app.services.exports import youtube_chapters
from app.services.review_audience import held_the_room
from app.services.review_rows import one_row_per_segment, segment_rows
from app.services.show import Show
from tests.support.audience_show import T0, write_show
from tests.support.logged_show import write_logged_show
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock

SHEET = RunSheet(
    segments=(Segment("开场", 600), Segment("商品讲解", 600), Segment("答疑", 600)), title="回看"
)


def _json_report(path: Path, session: int) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    assert run_report(path, str(session), "json", None, out=out, err=err) == 0, err.getvalue()
    report: dict[str, Any] = json.loads(out.getvalue())
    return report


async def test_the_report_agrees_with_the_console_on_a_segment_cued_again(
    show: Show,
    fake_obs: Any,
    memory_log: MemoryLog,
    clock: Clock,
    monotonic: Clock,
    tmp_path: Path,
) -> None:
    def later(seconds: float) -> None:
        clock.now += seconds
        monotonic.now += seconds

    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(SHEET)
    await show.recorder.start("回看")
    await show.runner.next()
    later(600)  # 开场 10:00
    await show.runner.next()
    later(300)  # 商品讲解 5:00
    await show.runner.next()
    later(300)  # 答疑 5:00
    await show.runner.prev()
    later(300)  # back to 商品讲解: 5:00 more
    await show.runner.next()
    later(300)  # 答疑 again: 5:00 more
    on_air = show.runner.state().over_under_s
    assert on_air == 0.0  # every segment ran its 10:00
    await show.recorder.end()

    path = tmp_path / "livedesk.db"
    session = await write_logged_show(path, memory_log, 1)
    segments = _json_report(path, session)["segments"]
    assert [(s["title"], s["planned_s"], s["actual_s"], s["cues"]) for s in segments] == [
        ("开场", 600, 600.0, 1),
        ("商品讲解", 600, 600.0, 2),
        ("答疑", 600, 600.0, 2),
    ]
    assert sum(s["actual_s"] - s["planned_s"] for s in segments) == on_air
    explained = segments[1]
    assert explained["actual_start"] == explained["visits"][0]["actual_start"]  # its first cue
    assert [v["end_t"] - v["start_t"] for v in explained["visits"]] == [300, 300]
    assert [row[:5] for row in segment_rows({"segments": segments})] == [
        ["1", "开场", "10:00", "10:00", "+0:00"],
        ["2", "商品讲解", "10:00", "10:00", "+0:00"],
        ["3", "答疑", "10:00", "10:00", "+0:00"],
    ]
    rendered = load_review(path, session).report["segments"]  # html, pdf, the review window
    assert [(s["title"], s["actual_s"]) for s in rendered] == [
        (s["title"], s["actual_s"]) for s in segments
    ]


# 开场 0 … 100 (planned 120); 讲解 100 … 250 and again 400 … 550; 答疑 250 … 400 and again
# 550 … 700 (each planned 300); the show ends at 800. The recording runs from T0.
REVISITED: list[tuple[float, str, dict[str, object]]] = [
    (0, "session.start", {"title": "回看场"}),
    (0, "segment.start", {"index": 0, "title": "开场", "planned_s": 120, "points": 0}),
    (100, "segment.end", {"index": 0, "actual_s": 100.0}),
    (100, "segment.start", {"index": 1, "title": "讲解", "planned_s": 300, "points": 0}),
    (250, "segment.end", {"index": 1, "actual_s": 150.0}),
    (250, "segment.start", {"index": 2, "title": "答疑", "planned_s": 300, "points": 0}),
    (400, "segment.end", {"index": 2, "actual_s": 150.0}),
    (400, "segment.start", {"index": 1, "title": "讲解", "planned_s": 300, "points": 0}),
    (550, "segment.end", {"index": 1, "actual_s": 150.0}),
    (550, "segment.start", {"index": 2, "title": "答疑", "planned_s": 300, "points": 0}),
    (700, "segment.end", {"index": 2, "actual_s": 150.0}),
    (800, "session.end", {}),
]


def _item(no: int, at: float, kind: Kind, **fields: Any) -> Comment:
    return Comment(id=no, platform=fields.pop("platform", "bilibili"), user=f"观众{no}",
                   text=fields.pop("text", ""), ts=T0 + at, kind=kind, **fields)  # fmt: skip


ITEMS = [
    _item(1, 10, Kind.VIEWERS, count=100),
    _item(2, 120, Kind.COMMENT, text="多少钱", is_question=True),  # 讲解, first run
    _item(3, 130, Kind.GIFT, gift="小心心", count=1, value=10.0, currency="CNY"),
    _item(4, 200, Kind.LIKE, count=5),
    _item(5, 300, Kind.COMMENT, text="来了"),  # 答疑, first run
    _item(6, 420, Kind.VIEWERS, count=300),  # 讲解, second run
    _item(7, 450, Kind.COMMENT, text="好看"),
    _item(8, 500, Kind.LIKE, count=7),
    _item(9, 520, Kind.GIFT, gift="火箭", count=1, value=5.0, currency="USD"),
]


@pytest.fixture
async def revisited(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "livedesk.db"
    return path, await write_show(path, "回看场", REVISITED, ITEMS)


async def test_counts_and_audience_are_summed_over_the_runs(revisited: tuple[Path, int]) -> None:
    segments = _json_report(*revisited)["segments"]
    assert [s["title"] for s in segments] == ["开场", "讲解", "答疑"]
    assert [s["actual_s"] for s in segments] == [100.0, 300.0, 300.0]
    assert [(s["comments"], s["questions"]) for s in segments] == [(0, 0), (2, 1), (1, 0)]
    explained = segments[1]
    assert explained["likes"] == 12
    assert explained["gifts_value_by_currency"] == {"CNY": 10.0, "USD": 5.0}
    assert explained["viewers_peak"] == 300
    # 100 over its first run; 100 for 20 s then 300 for 130 s over its second: by time on air
    assert explained["viewers_avg"] == pytest.approx((100 * 170 + 300 * 130) / 300, abs=0.1)
    assert [(v["start_t"] - T0, v["end_t"] - T0) for v in explained["visits"]] == [
        (100, 250),
        (400, 550),
    ]
    assert [row[4] for row in segment_rows({"segments": segments})] == ["−0:20", "+0:00", "+0:00"]
    ranked = held_the_room({"segments": segments})
    assert sorted(r["number"] for r in ranked) == [1, 2, 3]  # each segment once


async def test_the_review_windows_report_sums_the_runs_too(revisited: tuple[Path, int]) -> None:
    """The html, pdf and the review window count comments apart (fast, from SQLite): the same."""
    rendered = load_review(*revisited).report["segments"]
    assert [(s["title"], s["comments"], s["questions"]) for s in rendered] == [
        ("开场", 0, 0),
        ("讲解", 2, 1),
        ("答疑", 1, 0),
    ]


async def test_each_run_is_a_chapter_and_a_band(revisited: tuple[Path, int]) -> None:
    """The video goes back to the segment: so do its chapters, and the charts' bands."""
    report = load_report(*revisited)
    chapters = youtube_chapters(report).text
    assert chapters == "0:00 开场\n1:40 讲解\n4:10 答疑\n6:40 讲解\n9:10 答疑\n"
    figures = review_figures(load_review(*revisited))
    bands = [t.get_text() for t in figures[1].axes[0].texts]  # comments and questions
    assert bands == ["开场", "讲解", "答疑", "讲解", "答疑"]


def test_one_row_per_segment_keeps_apart_what_is_not_the_same_segment() -> None:
    """A skipped segment has no runs; a row with no index (an old log) and a segment of another
    sheet at the same place (another title) are never folded into one."""
    rows = [
        {"index": 0, "title": "开场", "planned_s": 60, "start_t": 0.0, "end_t": 10.0,
         "actual_s": 10.0},
        {"index": None, "title": "旧", "planned_s": 60, "start_t": 10.0, "end_t": 20.0,
         "actual_s": 10.0},
        {"index": 0, "title": "下半场开场", "planned_s": 60, "start_t": 20.0, "end_t": 30.0,
         "actual_s": 10.0},
        {"index": None, "title": "旧", "planned_s": 60, "start_t": 30.0, "end_t": 40.0,
         "actual_s": 10.0},
        {"index": 1, "title": "没播", "planned_s": 60, "start_t": None, "end_t": None,
         "actual_s": None, "skipped": True},
    ]  # fmt: skip
    folded = one_row_per_segment(rows, 40.0)
    assert [(r["title"], r["cues"], len(r["visits"])) for r in folded] == [
        ("开场", 1, 1),
        ("旧", 1, 1),
        ("下半场开场", 1, 1),
        ("旧", 1, 1),
        ("没播", 0, 0),
    ]


def test_the_top_questions_are_the_most_asked_of_all_runs() -> None:
    def run(start: float, end: float | None, top: list[tuple[str, int]]) -> dict[str, Any]:
        return {"index": 2, "title": "答疑", "planned_s": 300, "start_t": start, "end_t": end,
                "actual_s": 100.0, "viewers_peak": 10, "viewers_avg": 10.0,
                "top_questions": [{"text": t, "asked": n} for t, n in top]}  # fmt: skip

    runs = [run(0, 100, [("包邮吗", 5), ("几号发货", 2)]), run(200, None, [("有优惠吗", 5),
            ("尺码", 3), ("颜色", 1)])]  # fmt: skip
    runs[1]["viewers_avg"] = 40.0
    [row] = one_row_per_segment(runs, 400.0)
    assert [q["text"] for q in row["top_questions"]] == ["包邮吗", "有优惠吗", "尺码"]
    assert row["viewers_avg"] == (10 * 100 + 40 * 200) / 300  # the open run: to the show's end
    assert row["actual_s"] == 200.0
