"""Resume after a crash: the show's state kept, and taken up by a new console over the same log."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from app.domain import log_events as kinds
from app.domain.audience import IncomingComment, QuestionState
from app.services.errors import WrongState
from app.services.event_bus import EventBus
from app.services.events import HostMessageChanged
from app.services.resume import ShowKeeper
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog, MemoryComments, MemoryLog, MemoryShowState
from tests.support.show_factory import build_show
from tests.support.waiting import eventually
from tests.unit.conftest import Clock
from tests.unit.test_show_runner import SHEET

QUESTION = "这个课有回放吗？"


class Console:
    """One run of the console over a shared log (the database survives the crash)."""

    def __init__(
        self, fake_obs: FakeObs, log: MemoryLog, comments: MemoryComments, states: MemoryShowState,
        wall: Clock, monotonic: Clock,
    ) -> None:  # fmt: skip
        self.show = build_show(
            fake_obs, log, bus=EventBus(), catalog=MemoryCatalog(), comments=comments,
            wall=wall, monotonic=monotonic,
        )  # fmt: skip
        assert self.show.audience is not None
        self.keeper = ShowKeeper(
            self.show.recorder, self.show.runner, self.show.overlays, self.show.audience, states,
            self.show.bus, clock=wall,
        )  # fmt: skip
        self.show.keeper = self.keeper


@dataclass
class World:
    """What outlives a console: the log, its comments and questions, the saved show state."""

    log: MemoryLog = field(default_factory=MemoryLog)
    comments: MemoryComments = field(default_factory=MemoryComments)
    states: MemoryShowState = field(init=False)

    def __post_init__(self) -> None:
        self.states = MemoryShowState(self.comments)


@pytest.fixture
def world() -> World:
    return World()


def console(world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock) -> Console:
    return Console(fake_obs, world.log, world.comments, world.states, clock, monotonic)


async def _mid_show(show: Show, fake_obs: FakeObs, clock: Clock, monotonic: Clock) -> None:
    """A show mid-way: segment 3 of 3 for 40 s, its card and coupon up, questions in the queue."""
    await show.obs.resync(await fake_obs.connect())
    await show.recorder.start("公开课 第 3 期")
    await show.runner.load(SHEET)
    await show.runner.next()
    show.runner.tick_point(0, 1, True)
    monotonic.now += 100
    await show.runner.goto(2)  # 商品: SKU-1 card, FLASH50 (120 s)
    monotonic.now += 40
    clock.now += 140
    audience = show.audience
    assert audience is not None
    audience.ingest([IncomingComment("bilibili", "小明", QUESTION),
                     IncomingComment("bilibili", "阿花", "怎么报名呀?"),
                     IncomingComment("douyin", "路人", "主播好")])  # fmt: skip
    first = audience.queue.listing("all")[0]
    audience.act(first.id, "claim", "助理A")
    audience.act(audience.queue.listing("open")[0].id, "feature", "主控")


async def test_resume_takes_the_show_up_where_it_was(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    before = console(world, fake_obs, clock, monotonic)
    await _mid_show(before.show, fake_obs, clock, monotonic)
    assert before.keeper.save_now()
    was = before.show.state()
    # the console dies here; 12 s later a new one starts over the same log
    clock.now += 12
    monotonic.now += 5000  # a new process: its monotonic clock has nothing to do with the old
    after = console(world, fake_obs, clock, monotonic)
    state = after.show.state()
    assert state.session.resume_available is True
    assert state.session.interrupted == "公开课 第 3 期"

    offered = await after.keeper.offer()
    assert offered is not None
    assert offered.segment_index == 2
    assert offered.questions_open == 2
    assert offered.elapsed_s == pytest.approx(52)
    assert offered.coupon_remaining_s == pytest.approx(68)

    restored = await after.show.resume()
    assert restored["segment_title"] == "商品 The course"
    now = after.show.state()
    assert now.session.id == was.session.id
    assert not now.session.resume_available
    assert now.runsheet.index == 2
    assert now.runsheet.segments == 3
    assert now.runsheet.elapsed_s == pytest.approx(52, abs=0.1)  # 40 s + 12 s away
    assert now.overlay.product == "SKU-1"
    assert now.overlay.coupon.code == "FLASH50"
    assert now.overlay.coupon.remaining_s == pytest.approx(68, abs=0.1)
    assert now.overlay.featured == was.overlay.featured is not None
    assert after.show.runner.points_done == {0: {1}}
    assert after.show.runner.actual_s == pytest.approx({0: 100.0})
    audience = after.show.audience
    assert audience is not None
    states = {q.text: q.state for q in audience.queue.listing("all")}
    assert states == {QUESTION: QuestionState.CLAIMED, "怎么报名呀?": QuestionState.OPEN}
    assert [c.text for c in audience.recent][-1] == "主播好"
    # the show goes on: numbering continues, cues and the log go into the same session
    added = audience.ingest([IncomingComment("bilibili", "新人", "优惠券怎么用？")])
    assert added[0].id == 4
    assert max(q.id for q in audience.queue.listing("all")) == 3
    await after.show.runner.prev()
    resumed = [e for e in world.log.entries if e.kind == kinds.SESSION_RESUME]
    assert len(resumed) == 1
    assert resumed[0].data["away_s"] == pytest.approx(12)
    assert {e.session_id for e in world.log.entries[-3:]} == {was.session.id}


async def test_clocks_paused_in_standby_stay_paused(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    before = console(world, fake_obs, clock, monotonic)
    await _mid_show(before.show, fake_obs, clock, monotonic)
    await before.show.runner.toggle_standby()
    before.keeper.save_now()
    clock.now += 300
    after = console(world, fake_obs, clock, monotonic)
    await after.show.obs.resync(await fake_obs.connect())
    await after.show.resume()
    state = after.show.state()
    assert state.runsheet.standby is True
    assert state.runsheet.elapsed_s == 40
    assert state.overlay.coupon.remaining_s == 80
    assert state.overlay.coupon.paused
    await after.show.runner.toggle_standby()  # back from standby: both clocks run again
    monotonic.now += 10
    assert after.show.state().runsheet.elapsed_s == 50
    assert after.show.overlays.coupon_remaining() == 70


async def test_a_coupon_that_ran_out_meanwhile_ends(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    before = console(world, fake_obs, clock, monotonic)
    await _mid_show(before.show, fake_obs, clock, monotonic)
    before.keeper.save_now()
    saved_at = clock.now
    clock.now += 200  # the 120 s coupon had 80 s left
    after = console(world, fake_obs, clock, monotonic)
    offered = await after.keeper.offer()
    assert offered is not None
    assert offered.coupon_remaining_s == 0
    await after.show.resume()
    assert after.show.state().overlay.coupon is None
    ends = [e for e in world.log.entries if e.kind == kinds.COUPON_END]
    assert ends[-1].data["reason"] == "expired"
    assert ends[-1].t - saved_at == pytest.approx(80)  # when it ran out on stream, not now


async def test_a_damaged_state_resumes_the_session_alone(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    before = console(world, fake_obs, clock, monotonic)
    await _mid_show(before.show, fake_obs, clock, monotonic)
    session_id = before.show.recorder.session.id  # type: ignore[union-attr]
    world.states.states[session_id] = (clock.now, {"version": 1, "runsheet": "??"})
    after = console(world, fake_obs, clock, monotonic)
    offered = await after.keeper.offer()
    assert offered is not None
    assert offered.saved_at is None
    await after.show.resume()
    state = after.show.state()
    assert state.session.id == session_id
    assert state.runsheet.segments == 0
    assert state.audience.counts.questions_open == 1  # the queue comes from the log itself


async def test_nothing_to_resume_and_running_show_refuse(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    fresh = console(world, fake_obs, clock, monotonic)
    assert fresh.show.state().session.resume_available is False
    with pytest.raises(WrongState, match="no interrupted show"):
        await fresh.show.resume()
    await fresh.show.recorder.start("一场")
    again = console(world, fake_obs, clock, monotonic)  # the first never ended
    await again.show.recorder.start("另一场")  # a new show closes the interrupted one
    assert again.show.recorder.interrupted is None
    with pytest.raises(WrongState):
        await again.show.resume()
    log = world.log
    assert log.sessions[1]["ended_at"] is not None
    assert log.sessions[2]["ended_at"] is None


async def test_the_keeper_saves_what_changed_and_not_without_a_show(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    run = console(world, fake_obs, clock, monotonic)
    states = world.states
    assert run.keeper.save_now() is False
    assert states.states == {}
    run.keeper.start()
    try:
        await _mid_show(run.show, fake_obs, clock, monotonic)
        session = run.show.recorder.session
        assert session is not None

        def saved() -> dict[str, Any]:
            entry = states.states.get(session.id)
            return entry[1] if entry is not None else {}

        # (a step's save may have caught the cue half-way: on segment 2, its card not up yet)
        await eventually(
            lambda: (
                saved().get("runsheet", {}).get("index") == 2
                and saved()["overlays"]["product"] == "SKU-1"
            ),
            "the mid-show state saved",
            5.0,
        )
        count = run.keeper.saves
        await asyncio.sleep(0.4)  # deliberate: a few save periods pass, and nothing is written
        assert run.keeper.saves == count  # nothing changed, nothing written
    finally:
        await run.keeper.stop()


async def test_the_api_resumes_and_says_409_when_it_cannot(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from app.adapters.web.server import create_app

    before = console(world, fake_obs, clock, monotonic)
    await _mid_show(before.show, fake_obs, clock, monotonic)
    before.keeper.save_now()
    clock.now += 3
    after = console(world, fake_obs, clock, monotonic)
    auth = {"Authorization": "Bearer tok"}
    async with TestClient(TestServer(create_app(after.show, "tok"))) as client:
        state = await (await client.get("/api/state", headers=auth)).json()
        assert state["session"]["resume_available"] is True
        answer = await client.post("/api/session/resume", headers=auth)
        assert answer.status == 200
        restored = (await answer.json())["restored"]
        assert restored["segment_index"] == 2
        assert restored["away_s"] == pytest.approx(3)
        state = await (await client.get("/api/state", headers=auth)).json()
        assert state["runsheet"]["index"] == 2
        assert state["overlay"]["product"] == "SKU-1"
        again = await client.post("/api/session/resume", headers=auth)
        assert again.status == 409
        assert "no interrupted show" in (await again.json())["error"]


async def test_the_sqlite_store_keeps_state_questions_and_comments(tmp_path: Path) -> None:
    from app.adapters.store.comments import SqliteComments
    from app.adapters.store.show_state import SqliteShowState
    from app.adapters.store.writer import SqliteSessionLog
    from app.domain.audience import Comment, Question

    writer = SqliteSessionLog(tmp_path / "livedesk.db")
    try:
        store, comments = SqliteShowState(writer), SqliteComments(writer)
        session = await writer.start_session("直播", 100.0)
        assert await store.load_state(session) is None
        store.save_state(session, 101.0, {"version": 1, "note": "一"})
        store.save_state(session, 102.0, {"version": 1, "note": "二"})  # replaces
        comments.add_comments(session, [Comment(n, "bilibili", f"u{n}", f"问{n}？", 100.0 + n,
                                                is_question=True) for n in (1, 2, 3)])  # fmt: skip
        question = Question.restored(
            7, "k", "问1？", 101.0, "bilibili", (1, 3), ("u1", "u3"),
            state=QuestionState.ANSWERED, claimed_by="a", claimed_at=102.0, answered_by="a",
            answered_at=103.0, answer="有", featured=True,
        )  # fmt: skip
        comments.save_question(session, 50.0, question)
        comments.add_askers(session, 50.0, [(7, 1, "u1"), (7, 3, "u3")])
        comments.save_question(session, 40.0, replace(question, id=1))  # an older run
        comments.add_askers(session, 40.0, [(1, 2, "u2")])
        assert await store.load_state(session) == (102.0, {"version": 1, "note": "二"})
        assert await store.load_questions(session, 50.0) == [question]
        assert await store.load_questions(session, None) == [question]  # the latest run
        older = await store.load_questions(session, 40.0)
        assert [(q.id, q.askers, q.comment_ids) for q in older] == [(1, ("u2",), (2,))]
        assert [c.id for c in await store.load_comments(session, 2)] == [2, 3]
        await writer.close_interrupted(session)
        assert writer.open_session() is None
    finally:
        writer.close()


async def test_a_show_closed_after_a_crash_ends_at_its_last_comment_or_activity(
    tmp_path: Path,
) -> None:
    """A show that logged nothing but comments after its start (the console then died) is
    closed at its last comment, not at its start; a gift or viewer count later still counts."""
    import sqlite3

    from app.adapters.store.comments import SqliteComments
    from app.adapters.store.writer import SqliteSessionLog
    from app.domain.audience import Comment, Kind

    writer = SqliteSessionLog(tmp_path / "livedesk.db")
    try:
        comments = SqliteComments(writer)
        talking = await writer.start_session("只有评论", 1000.0)
        comments.add_comments(talking, [Comment(n, "douyin", f"u{n}", "来了", 1000.0 + 10 * n)
                                        for n in (1, 2, 3)])  # fmt: skip
        await writer.close_interrupted(talking)
        gifted = await writer.start_session("礼物最后", 2000.0)
        comments.add_comments(gifted, [Comment(1, "douyin", "u", "hi", 2005.0),
                                       Comment(0, "douyin", "v", "", 2054.0, kind=Kind.VIEWERS,
                                               count=300)])  # fmt: skip
        await writer.close_interrupted(gifted)
        silent = await writer.start_session("什么都没有", 3000.0)
        await writer.close_interrupted(silent)
    finally:
        writer.close()
    with sqlite3.connect(tmp_path / "livedesk.db") as conn:
        ended = dict(conn.execute("SELECT id, ended_at FROM sessions").fetchall())
    assert ended == {talking: 1030.0, gifted: 2054.0, silent: 3000.0}


async def test_resume_brings_back_the_message_for_the_host(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    """A message for the host shows until it is cleared: a crash does not clear it."""
    before = console(world, fake_obs, clock, monotonic)
    await _mid_show(before.show, fake_obs, clock, monotonic)
    sent = before.show.host_messages.send("喝口水", "urgent", by="导播")
    assert before.keeper.save_now()
    clock.now += 12
    monotonic.now += 5000
    after = console(world, fake_obs, clock, monotonic)
    told: list[Any] = []
    after.show.bus.listen(told.append)
    assert after.show.state().host_message is None
    await after.show.resume()

    assert after.show.state().host_message == sent  # text, level, since (its log time), by
    assert HostMessageChanged(sent) in told  # the host view and the console are told
    assert not world.log.of_kind(kinds.HOST_MESSAGE)[1:]  # sent once; nothing logged again
    # it goes when it is cleared, and a show kept after that comes back without it
    assert after.show.host_messages.clear(by="导播")
    assert after.keeper.save_now()
    clock.now += 5
    again = console(world, fake_obs, clock, monotonic)
    await again.show.resume()
    assert again.show.state().host_message is None


async def test_a_state_kept_before_host_messages_were_resumes_without_one(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    before = console(world, fake_obs, clock, monotonic)
    await _mid_show(before.show, fake_obs, clock, monotonic)
    before.show.host_messages.send("还有 2 分钟")
    assert before.keeper.save_now()
    [(_saved_at, state)] = world.states.states.values()
    state.pop("host_message")  # as an older LiveDesk kept it
    clock.now += 12
    after = console(world, fake_obs, clock, monotonic)
    restored = await after.show.resume()
    assert restored["segment_title"] == "商品 The course"  # the rest comes back
    assert after.show.state().host_message is None
    assert after.show.state().overlay.product == "SKU-1"
