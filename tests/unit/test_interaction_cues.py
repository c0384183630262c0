"""The run-sheet's interaction cells over a show: a sheet with two check-ins runs as written (the
cue's check-in replaces the open one), one with two lotteries is warned of (the later opens only
if the earlier has been drawn); a segment cued again whose own lottery, poll or check-in is open
goes on with it; a rehearsal (cueing the sheet before Start show) leaves nothing open in the
show, whose own cues then open everything afresh."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.domain.audience import Comment
from app.domain.runsheet import RunSheet, Segment, validate
from app.runsheet_cli import run_check
from app.services.events import CommentsAdded, LotteryChanged
from app.services.review_interaction import attendance_rows
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock
from tests.unit.test_resume_interaction import Console, World

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# the hunt's sheet: a check-in to open, a timed lottery, a lesson, a second-half check-in, a
# second lottery
CELLS = ("签到", "抽奖：666；1；60秒", None, "签到：打卡", "抽奖：888；1")
SHEET = RunSheet(tuple(
    Segment(title, 300, interaction=cell)
    for title, cell in zip(("开场签到", "福袋1", "讲解", "下半场签到", "福袋2"), CELLS, strict=True)
))  # fmt: skip


def _said(show: Show, n: int, user: str, text: str) -> None:
    comment = Comment(n, "douyin", user, text, 1_700_000_000.0 + n, user_id=f"u-{user}")
    show.bus.publish(CommentsAdded("douyin", [comment]))


def _interaction_kinds(log: MemoryLog) -> list[tuple[str, int | None, object]]:
    """(kind, session, reason) of the interaction entries, in order."""
    return [(e.kind, e.session_id, e.data.get("reason") or e.data.get("carried_in"))
            for e in log.entries
            if e.kind.startswith(("lottery.", "poll.", "checkin."))]  # fmt: skip


# ----- two check-ins, two lotteries -------------------------------------------------------------
async def test_the_second_check_in_replaces_the_first_and_the_second_lottery_waits_for_a_draw(
    show: Show, fake_obs: FakeObs, memory_log: MemoryLog
) -> None:
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(SHEET)
    await show.recorder.start("两次签到")
    assert (await show.runner.next()).warnings == []
    _said(show, 1, "小明", "签到")
    first = show.interaction.state().checkin
    assert (await show.runner.next()).warnings == []  # 福袋1
    await show.runner.next()
    second = await show.runner.next()  # 下半场签到: the first check-in closes, its viewers logged
    assert second.warnings == []
    now = show.interaction.state().checkin
    assert first is not None
    assert now is not None
    assert (now.keyword, now.open, now.id != first.id) == ("打卡", True, True)
    [closed] = memory_log.of_kind(kinds.CHECKIN_CLOSE)
    assert (closed.data["id"], closed.data["reason"]) == (first.id, "replaced")
    assert [row[1] for row in closed.data["present"]] == ["小明"]
    _said(show, 2, "小明", "打卡")
    _said(show, 3, "阿花", "打卡")
    # the second lottery is still refused while the first is open: the host draws it on air
    refused = await show.runner.next()
    assert refused.warnings == ["lottery 2 is still open; draw it first"]
    await show.recorder.end()
    events = [{"kind": e.kind, "data": e.data} for e in memory_log.entries]
    rows = attendance_rows(events, [])
    assert [(r[1], r[3] != "") for r in rows] == [("小明", True), ("阿花", True)]  # both in


def test_check_and_pre_flight_warn_of_a_second_lottery_and_pass_two_check_ins(
    show: Show, tmp_path: Path
) -> None:
    problems = validate(SHEET)
    assert [(p.severity, p.location, p.field, p.segment) for p in problems] == [
        ("warning", "5", "interaction", 4)]  # fmt: skip
    assert problems[0].message == (
        "this lottery opens only if the one of “福袋1” has been drawn by then (one lottery is "
        "open at a time)"
    )
    path = tmp_path / "sheet.csv"
    rows = "".join(f"{s.title},5,{s.interaction or ''}\n" for s in SHEET.segments)
    path.write_text("title,duration,互动\n" + rows, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run_check(str(path), False, out=out, err=err) == 0  # a warning, not an error
    assert f"{path}:6: warning: this lottery opens only if" in out.getvalue() + err.getvalue()

    show.runner.sheet = SHEET
    [check] = [c for c in show.preflight() if c.title.code == "preflight.lottery_again"]
    assert (check.ok, check.severity, check.segment) == (False, "warning", 4)
    assert str(check.title) == (
        "#5 “福袋2”: its lottery opens only if the one of #2 has been drawn by then"
    )
    assert str(check.hint).startswith("Draw the lottery of #2 before cueing #5")


async def test_post_runsheet_answers_the_warning(show: Show) -> None:
    body = {"segments": [{"title": s.title, "duration": 300, "interaction": s.interaction}
                         for s in SHEET.segments]}  # fmt: skip
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        answer = await client.post("/api/runsheet", json=body, headers=AUTH)
        assert answer.status == 200
        [warning] = (await answer.json())["warnings"]
    assert "this lottery opens only if the one of “福袋1” has been drawn" in json.dumps(
        warning, ensure_ascii=False)  # fmt: skip


# ----- a segment cued again ---------------------------------------------------------------------
async def test_a_segment_cued_again_goes_on_with_its_own_open_lottery_poll_and_check_in(
    show: Show, fake_obs: FakeObs, memory_log: MemoryLog
) -> None:
    await show.obs.resync(await fake_obs.connect())
    sheet = RunSheet((Segment("福袋", 300, interaction="抽奖：666；2"),
                      Segment("投票", 300, interaction="投票：哪个颜色？｜红｜蓝"),
                      Segment("签到", 300, interaction="签到")))  # fmt: skip
    await show.runner.load(sheet)
    await show.recorder.start("回到上一段")
    await show.runner.next()
    lottery = show.interaction.state().lottery
    _said(show, 1, "小明", "666")
    await show.runner.next()
    _said(show, 2, "小明", "2")
    poll = show.interaction.state().poll
    again = await show.runner.prev()  # back to 福袋: its lottery is open still
    assert again.warnings == []
    assert again.notes == ["this segment's lottery “666” is still open and goes on"]
    assert again.as_api()["notes"] == again.notes
    assert lottery is not None
    now = show.interaction.state().lottery
    assert now is not None
    assert (now.id, now.open, now.entrants) == (lottery.id, True, 1)  # the same, going on
    _said(show, 3, "阿花", "666")
    forward = await show.runner.next()  # the poll, still open, keeps its vote
    assert (forward.warnings, forward.notes) == (
        [], ["this segment's poll “哪个颜色？” is still open and goes on"])  # fmt: skip
    assert show.interaction.state().poll == poll
    assert show.interaction.lottery(lottery.id).entrants == 2
    await show.runner.next()
    checkin = await show.runner.goto(2)
    assert checkin.notes == ["this segment's check-in “签到” is still open and goes on"]
    assert [k for k, _s, _r in _interaction_kinds(memory_log)] == [
        kinds.LOTTERY_OPEN, kinds.POLL_OPEN, kinds.CHECKIN_OPEN]  # fmt: skip
    # once drawn, cueing it again opens a new one
    show.interaction.draw(lottery.id)
    assert (await show.runner.goto(0)).notes == []
    assert show.interaction.state().lottery.id != lottery.id  # type: ignore[union-attr]


# ----- a rehearsal before Start show ------------------------------------------------------------
async def test_a_rehearsal_leaves_nothing_open_in_the_show(
    show: Show, fake_obs: FakeObs, memory_log: MemoryLog
) -> None:
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(SHEET)
    for _ in range(6):  # the producer cues through the whole sheet before the show
        await show.runner.next()
    _said(show, 1, "测试号", "666")
    rehearsal = show.interaction.state()
    assert rehearsal.lottery is not None
    assert rehearsal.lottery.open
    assert rehearsal.checkin is not None
    assert rehearsal.checkin.open
    assert show.overlays.interaction_state().lottery == rehearsal.lottery.id
    await show.runner.load(SHEET)  # loaded again: the show runs from the first segment
    told: list[Any] = []
    show.bus.listen(told.append)

    await show.recorder.start("正式开播")

    # what the rehearsal opened closed before the show: the lottery with no draw
    before = [(k, r) for k, s, r in _interaction_kinds(memory_log) if s is None]
    assert before[-2:] == [(kinds.LOTTERY_CLOSE, "rehearsal"), (kinds.CHECKIN_CLOSE, "rehearsal")]
    assert not memory_log.of_kind(kinds.LOTTERY_DRAW)
    [closed] = memory_log.of_kind(kinds.LOTTERY_CLOSE)
    assert (closed.data["drawn"], closed.data["entrants"]) == (False, [("douyin", "测试号",
                                                                         "u-测试号")])  # fmt: skip
    assert [e.lottery.open for e in told if isinstance(e, LotteryChanged)] == [False]
    state = show.interaction.state()
    assert (state.lottery, state.checkin) == (None, None)
    cards = show.overlays.interaction_state()
    assert (cards.lottery, cards.checkin) == (None, None)  # off the screen at once
    session = show.recorder.session
    assert session is not None

    # the show's own cues open everything afresh, none refused
    results = [await show.runner.next() for _ in SHEET.segments]
    assert [r.warnings for r in results] == [[], [], [], [], ["lottery 5 is still open; draw it "
                                                              "first"]]  # fmt: skip
    opened = [(k, r) for k, s, r in _interaction_kinds(memory_log) if s == session.id]
    assert opened == [(kinds.CHECKIN_OPEN, None), (kinds.LOTTERY_OPEN, None),
                      (kinds.CHECKIN_CLOSE, "replaced"), (kinds.CHECKIN_OPEN, None)]  # fmt: skip
    _said(show, 2, "小明", "666")
    assert show.interaction.state().lottery.entrants == 1  # type: ignore[union-attr]


async def test_what_the_segment_live_at_start_show_opened_carries_into_the_show(
    show: Show, fake_obs: FakeObs, memory_log: MemoryLog
) -> None:
    """The producer cued the opening check-in before pressing Start show: the show began then."""
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(SHEET)
    await show.runner.next()
    _said(show, 1, "早到的", "签到")
    checkin = show.interaction.state().checkin
    await show.recorder.start("正式开播")
    session = show.recorder.session
    assert session is not None
    assert show.interaction.state().checkin == checkin  # still open, with its viewer
    assert not memory_log.of_kind(kinds.CHECKIN_CLOSE)
    [carried] = [e for e in memory_log.of_kind(kinds.CHECKIN_OPEN) if e.session_id == session.id]
    assert (carried.data["keyword"], carried.data["carried_in"]) == ("签到", True)
    assert (await show.runner.next()).warnings == []  # the show goes on to the lottery


async def test_a_show_after_a_show_ends_nothing_of_the_first_as_a_rehearsal(
    show: Show, fake_obs: FakeObs, memory_log: MemoryLog
) -> None:
    """What the first show's cues opened ended with it: the next Start show (the sheet stands
    finished, no segment live) has no rehearsal to close, and the first show's draw stays."""
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(SHEET)
    await show.recorder.start("第一场")
    await show.runner.next()
    await show.runner.next()
    lottery = show.interaction.state().lottery
    assert lottery is not None
    show.interaction.draw(lottery.id)
    await show.recorder.end()
    await show.recorder.start("第二场")
    assert not [e for e in memory_log.entries if e.data.get("reason") == "rehearsal"]
    assert show.interaction.lottery(lottery.id).seed is not None  # the draw is still there


async def test_a_resumed_show_knows_which_segment_opened_its_lottery(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    world = World()
    before = Console(world, clock, monotonic, fake_obs)
    await before.show.recorder.start("福袋专场")
    await before.show.runner.load(RunSheet((Segment("福袋", 300, interaction="抽奖：666"),
                                            Segment("讲解", 300))))  # fmt: skip
    await before.show.runner.next()
    await before.show.runner.next()
    assert before.keeper.save_now()
    clock.now += 10
    after = Console(world, clock, monotonic, fake_obs)
    await after.show.resume()
    back = await after.show.runner.prev()
    assert (back.warnings, back.notes) == (
        [], ["this segment's lottery “666” is still open and goes on"])  # fmt: skip


async def test_a_rehearsal_then_back_to_the_start_keeps_only_the_first_segments_check_in(
    show: Show, fake_obs: FakeObs, memory_log: MemoryLog
) -> None:
    """Cued through, then Go to the first segment and Start show: the show starts at its first
    segment, with the check-in that segment's cue opened; the rehearsal's lottery (a later
    segment's, its time long up) does not stand in for the show's own."""
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(SHEET)
    for _ in range(5):
        await show.runner.next()
    await show.runner.goto(0)  # the check-in 签到 again (the rehearsal's was replaced by 打卡)
    checkin = show.interaction.state().checkin
    assert checkin is not None
    assert checkin.keyword == "签到"
    await show.recorder.start("正式开播")
    assert show.interaction.state().checkin == checkin  # carried into the show
    assert show.interaction.state().lottery is None  # the rehearsal's, closed before it
    [closed] = memory_log.of_kind(kinds.LOTTERY_CLOSE)
    assert (closed.session_id, closed.data["reason"]) == (None, "rehearsal")
    lottery = await show.runner.next()
    assert (lottery.warnings, lottery.notes) == ([], [])  # a fresh one, taking entries
    assert show.interaction.state().lottery.keyword == "666"  # type: ignore[union-attr]
