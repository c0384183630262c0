"""The review window on a show whose interaction the real services logged into a real SQLite log:
each draw (keyword, entrants, seed, winners), a quiz's results per segment, a check-in's count
and the messages to the host in the 互动 Interaction tab; the replay-buffer files saved during the
show listed beside the clips, a double click opening one."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from app.adapters.report.charts import styled_review_figures
from app.adapters.report.data import load_review
from app.adapters.report.html import render_html
from app.adapters.store.writer import SqliteSessionLog
from app.domain import log_events as kinds
from app.domain.audience import Comment
from app.runtime.tasks import TaskRunner
from app.services.event_bus import EventBus
from app.services.host_messages import HostMessages
from app.services.interaction import Interaction
from app.services.session import ShowRecorder
from app.ui.review import ReviewWindow
from app.ui.review.interaction_rows import interaction_rows, live_at
from tests.support.recorded_show import OnAir, open_archive
from tests.ui.conftest import Until

T0 = 1_731_340_800.0
SEED = "c0ffee"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


@dataclass
class Logged:
    path: Path
    show: int
    winner: str


def said(n: int, user: str, text: str, platform: str = "douyin") -> Comment:
    return Comment(id=n, platform=platform, user=user, text=text, ts=T0 + n)


async def record_interaction_show(path: Path) -> Logged:
    """A show: segment 1 “福袋” (a draw over two viewers, a message to the host), segment 2
    “小测” (a quiz, 2 of 3 right; a check-in of 2; an urgent message, cleared); a replay saved."""
    log, bus, clock = SqliteSessionLog(path), EventBus(), Clock()
    try:
        recorder = ShowRecorder(log, bus, clock=clock)
        session = await recorder.start("互动场")
        interaction = Interaction(recorder, bus, clock=clock, seed=lambda: SEED)
        host = HostMessages(recorder, bus)
        recorder.record(kinds.SEGMENT_START, index=0, title="福袋", planned_s=300)
        clock.now += 30
        lottery = interaction.open_lottery("666", 1)
        interaction.take([said(1, "小明", "666"), said(2, "阿花", "我要666", "bilibili"),
                          said(3, "小明", "666")])  # fmt: skip
        clock.now += 60
        [winner] = interaction.draw(lottery.id).winners
        host.send("2分钟后上优惠券", "info", "导播")
        clock.now += 210
        recorder.record(kinds.SEGMENT_END, index=0)
        recorder.record(kinds.SEGMENT_START, index=1, title="小测", planned_s=300)
        clock.now += 20
        quiz = interaction.open_poll("1+1=?", ["1", "2", "3"], None, 1)
        interaction.take([said(4, "小明", "B"), said(5, "阿花", "2", "bilibili"),
                          said(6, "老王", "A")])  # fmt: skip
        clock.now += 40
        interaction.reveal(quiz.id)
        interaction.open_checkin("签到")
        interaction.take([said(7, "小明", "签到"), said(8, "老王", "签到")])
        clock.now += 20
        interaction.close_checkin()
        host.send("超时了", "urgent")
        clock.now += 10
        host.clear()
        recorder.record(kinds.OBS_REPLAY_SAVED, path="/videos/Replay 2024-11-12 00-06.mkv")
        clock.now += 60
        recorder.record(kinds.SEGMENT_END, index=1)
        await recorder.end()
        await log.flush()
    finally:
        log.close()
    return Logged(path, session.id, f"{winner.user} ({winner.platform})")


@pytest.fixture
async def logged(tmp_path: Path) -> Logged:
    return await record_interaction_show(tmp_path / "livedesk.db")


@pytest.fixture
async def window(
    qtbot: Any, logged: Logged, runner: TaskRunner, until: Until
) -> AsyncIterator[ReviewWindow]:
    archive, writer = open_archive(logged.path, OnAir())
    window = ReviewWindow(archive, runner, styled_review_figures, logged.show)
    qtbot.addWidget(window)
    window.present()
    window.reload()
    await functools.partial(until, timeout=30)(
        lambda: window.data is not None and window.busy.isHidden()
    )
    yield window
    writer.close()


def cells(table: Any) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]  # fmt: skip


async def test_the_interaction_tab(window: ReviewWindow, logged: Logged) -> None:
    assert window.tabs.isTabVisible(window.interaction_tab)
    assert window.tabs.tabText(window.interaction_tab) == "互动 Interaction"
    table = window.interaction_table
    assert [table.horizontalHeaderItem(c).text() for c in range(4)] == [
        "At", "Segment", "What", "Result"]  # fmt: skip
    assert cells(table) == [
        ["drawn 1:30", "1. 福袋", "Lottery “666”",
         f"entrants: 2 · seed {SEED} · winners: {logged.winner}"],
        ["1:30", "1. 福袋", "Message to the host", "2分钟后上优惠券 — 导播"],
        ["closed 6:00", "2. 小测", "Quiz: 1+1=?", "A. 1 1 · B. 2 2 ✓ · C. 3 0 · voters: 3"],
        ["closed 6:20", "2. 小测", "Check-in “签到”", "2 checked in"],
        ["6:20", "2. 小测", "Urgent message to the host", "超时了"],
    ]  # fmt: skip


def test_a_draw_in_a_later_segment_is_beside_that_segment() -> None:
    """A lottery opened in segment 2 and drawn in segment 3: the row's time is the draw's, said
    so, beside segment 3, the segment it was opened in named too (before: segment 2 beside the
    draw time, which was during segment 3)."""
    segments = [
        {"index": 0, "title": "开场", "start_t": T0, "end_t": T0 + 3},
        {"index": 1, "title": "第一课", "start_t": T0 + 3, "end_t": T0 + 8},
        {"index": 2, "title": "第二课", "start_t": T0 + 8, "end_t": T0 + 20},
        {"index": 3, "title": "没播", "start_t": None, "end_t": None, "skipped": True},
    ]
    report = {"segments": segments, "interaction": {
        "lotteries": [{"t": T0 + 11.1, "segment": 1, "keyword": "666", "entrants": 3,
                       "seed": "ab", "winners": []}],
        "polls": [{"t": T0 + 6, "segment": 1, "question": "好吗", "options": ["好", "不好"],
                   "counts": [2, 1], "voters": 3, "quiz": False}],
        "checkins": [{"t": T0 + 30, "segment": 2, "keyword": "签到", "count": 4}],
    }}  # fmt: skip
    assert interaction_rows(report, T0) == [
        ["closed 0:06", "2. 第一课", "Poll: 好吗", "A. 好 2 · B. 不好 1 · voters: 3"],
        ["drawn 0:11", "3. 第二课 (opened in 2. 第一课)", "Lottery “666”",
         "entrants: 3 · seed ab · winners: —"],
        ["closed 0:30", "— (opened in 3. 第二课)", "Check-in “签到”", "4 checked in"],
    ]  # fmt: skip
    assert live_at(segments, T0 + 8) == 2  # the segment that starts then, not the one ending
    assert live_at(segments, None) is None


async def test_the_replays_beside_the_clips(
    window: ReviewWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.tabs.isTabVisible(window.replays_tab)
    assert not window.tabs.isTabVisible(window.clips_tab)  # no clips cut yet
    replays = window.replays_list
    assert replays.count() == 1
    assert replays.item(0).text() == "6:30  Replay 2024-11-12 00-06.mkv"
    assert replays.path_of(0) == "/videos/Replay 2024-11-12 00-06.mkv"
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    replays.itemActivated.emit(replays.item(0))
    assert opened == [QUrl.fromLocalFile("/videos/Replay 2024-11-12 00-06.mkv")]


async def test_no_interaction_no_tab(window: ReviewWindow) -> None:
    assert window.data is not None
    report = dict(window.data.report, interaction={}, replays=[])
    window.show_review(type(window.data)(**{**window.data.__dict__, "report": report}))
    assert not window.tabs.isTabVisible(window.interaction_tab)
    assert not window.tabs.isTabVisible(window.replays_tab)


async def test_the_review_data_and_html_have_the_interaction(logged: Logged) -> None:
    report = load_review(logged.path, logged.show).report
    summary = report["interaction"]
    assert [m["text"] for m in summary["host_messages"]] == ["2分钟后上优惠券", "超时了"]
    first, second = summary["host_messages"]
    assert first["cleared_t"] == second["t"]  # replaced by the next
    assert second["cleared_t"] == second["t"] + 10
    assert second["level"] == "urgent"
    assert summary["lotteries"][0]["seed"] == SEED
    assert summary["polls"][0]["segment"] == 1
    page = render_html(load_review(logged.path, logged.show))
    assert "<h2>Interaction / 互动</h2>" in page
    assert "2分钟后上优惠券" in page
    assert f"seed {SEED}" in page
