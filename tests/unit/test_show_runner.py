from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain import log_events as kinds
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.runsheet import RunSheet, Segment
from app.services.errors import BadInput, NotFound, WrongState
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog, MemoryLog
from tests.support.waiting import eventually
from tests.unit.conftest import Clock

CATALOG = Catalog(
    products=(Product("SKU-1", "Python 入门课", Decimal("199"), Decimal("399"), "card.png"),),
    coupons=(Coupon("FLASH50", "限时立减 50", "¥50", seconds=120, quantity=100),),
)
SHEET = RunSheet(
    segments=(
        Segment("开场 Welcome", 300, scene="Opening", notes=("自我介绍", "今天学什么")),
        Segment("讲解 Lesson", 600, scene="Teaching"),
        Segment("商品 The course", 300, scene="Product", product="SKU-1", coupon="FLASH50"),
    ),
    catalog=CATALOG,
    title="公开课",
)


@pytest.fixture
async def live(show: Show, fake_obs: FakeObs) -> Show:
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(SHEET)
    return show


async def test_next_runs_each_cue(live: Show, fake_obs: FakeObs, memory_log: MemoryLog) -> None:
    result = await live.runner.next()
    assert result.index == 0
    assert not result.warnings
    assert fake_obs.program == "Opening"
    await live.runner.next()
    await live.runner.next()
    assert fake_obs.program == "Product"
    assert live.overlays.product == "SKU-1"
    assert live.overlays.coupon_code == "FLASH50"
    starts = memory_log.of_kind(kinds.SEGMENT_START)
    assert [e.data["index"] for e in starts] == [0, 1, 2]
    assert starts[2].data["planned_s"] == 300
    assert starts[2].data["title"] == "商品 The course"
    ends = memory_log.of_kind(kinds.SEGMENT_END)
    assert [e.data["index"] for e in ends] == [0, 1]
    finished = await live.runner.next()
    assert finished.index is None
    assert live.runner.state().finished
    assert len(memory_log.of_kind(kinds.SEGMENT_END)) == 3
    with pytest.raises(WrongState):
        await live.runner.next()


async def test_studio_mode_cue_goes_preview_then_transition(live: Show, fake_obs: FakeObs) -> None:
    await live.obs.set_studio_mode(True)
    await live.runner.next()
    names = fake_obs.names()
    assert names.index("SetCurrentPreviewScene") < names.index("TriggerStudioModeTransition")
    assert fake_obs.program == "Opening"


async def test_cue_goes_on_when_obs_lacks_the_scene(live: Show, fake_obs: FakeObs) -> None:
    fake_obs.scenes.remove("Teaching")
    await live.obs.resync(await fake_obs.connect())
    await live.runner.next()
    result = await live.runner.next()
    assert result.index == 1
    assert result.warnings
    assert "Teaching" in result.warnings[0]
    assert live.runner.state().current.title == "讲解 Lesson"


async def test_a_segment_without_product_hides_the_card(live: Show) -> None:
    await live.runner.goto(2)
    assert live.overlays.product == "SKU-1"
    await live.runner.prev()
    assert live.overlays.product is None


async def test_going_back_stops_the_countdown_the_left_segment_s_cue_started(
    live: Show, memory_log: MemoryLog
) -> None:
    """Back from the coupon's segment to one without a coupon undoes the cue: card and
    countdown both come down (the stop logged as any stop, by the cue)."""
    await live.runner.goto(2)
    assert live.overlays.coupon_code == "FLASH50"
    await live.runner.prev(origin="api")
    assert live.overlays.countdown is None
    assert live.overlays.coupon_code is None
    end = memory_log.of_kind(kinds.COUPON_END)[-1]
    assert (end.data["code"], end.data["reason"], end.data["origin"]) == (
        "FLASH50", "stopped", "cue"
    )  # fmt: skip
    await live.runner.prev()  # back again, from a segment that started none: nothing to stop
    assert len(memory_log.of_kind(kinds.COUPON_END)) == 1


async def test_going_back_leaves_a_countdown_started_by_hand(
    live: Show, memory_log: MemoryLog
) -> None:
    await live.runner.goto(2)
    live.overlays.start_coupon("FLASH50", 60)  # the producer runs it again, 60 s
    await live.runner.prev()
    assert live.overlays.coupon_code == "FLASH50"
    assert live.overlays.coupon_remaining() == 60
    assert [e.data["reason"] for e in memory_log.of_kind(kinds.COUPON_END)] == ["replaced"]


async def test_a_resumed_countdown_keeps_who_started_it(live: Show) -> None:
    """Resume keeps a cue's countdown as the cue's: going back after it still stops it."""
    await live.runner.goto(2)
    overlays, runner = live.overlays.snapshot(), live.runner.snapshot()
    assert overlays["coupon"]["origin"] == "cue"
    live.overlays.stop_coupon()
    live.overlays.restore(overlays, 0.0)
    live.runner.restore(runner, 0.0)
    assert live.overlays.coupon_origin == "cue"
    await live.runner.prev()
    assert live.overlays.countdown is None


async def test_timing_over_and_under(live: Show, monotonic: Clock) -> None:
    await live.runner.next()
    monotonic.now += 200
    state = live.runner.state()
    assert state.elapsed_s == 200
    assert state.remaining_s == 100
    assert state.over_under_s == 0  # the live segment may still end on time
    monotonic.now += 160
    assert live.runner.state().remaining_s == -60
    assert live.runner.over_under_s() == 60
    await live.runner.next()  # segment 0 ran 360 s of 300
    monotonic.now += 500
    await live.runner.next()  # segment 1 ran 500 s of 600
    assert live.runner.over_under_s() == pytest.approx(60 - 100)


async def test_prev_adds_to_a_revisited_segment(live: Show, monotonic: Clock) -> None:
    await live.runner.next()
    monotonic.now += 100
    await live.runner.next()
    monotonic.now += 10
    await live.runner.prev()
    monotonic.now += 50
    await live.runner.next()
    assert live.runner.actual_s[0] == pytest.approx(150)


async def test_a_segment_cued_again_goes_on_from_its_earlier_time(
    live: Show, monotonic: Clock, memory_log: MemoryLog
) -> None:
    """Prev or goto back to a segment that ran: its clock goes on from where it stood, so
    remaining and over/under agree."""
    await live.runner.next()
    monotonic.now += 100
    await live.runner.next()
    monotonic.now += 10  # segment 1: 10 s of 600
    await live.runner.prev()
    monotonic.now += 5
    state = live.runner.state()
    assert (state.elapsed_s, state.remaining_s) == (105, 195)
    assert state.over_under_s == -590
    monotonic.now += 250
    state = live.runner.state()
    assert (state.elapsed_s, state.remaining_s) == (355, -55)
    assert state.over_under_s == -590 + 55
    await live.runner.goto(1)
    monotonic.now += 1
    assert live.runner.state().elapsed_s == 11
    assert live.runner.actual_s[0] == pytest.approx(355)
    ends = memory_log.of_kind(kinds.SEGMENT_END)
    assert [e.data["actual_s"] for e in ends] == [100, 10, 255]  # each run as it was


async def test_a_revisited_segment_resumes_with_its_whole_time(
    live: Show, monotonic: Clock
) -> None:
    await live.runner.next()
    monotonic.now += 100
    await live.runner.next()
    await live.runner.prev()
    monotonic.now += 20
    saved = live.runner.snapshot()
    assert (saved["elapsed_s"], saved["run_s"]) == (120, 20)
    live.runner.restore(saved, away_s=3)
    assert live.runner.state().elapsed_s == 123
    old = {**saved, "elapsed_s": 20}  # kept before "run_s": its elapsed_s was this run's
    del old["run_s"]
    live.runner.restore(old, away_s=3)
    assert live.runner.state().elapsed_s == 123


async def test_a_segment_cued_before_the_show_runs_in_it_from_its_start(
    live: Show, monotonic: Clock, memory_log: MemoryLog
) -> None:
    """Space before Start show: the segment is logged in the show as it starts (carried in),
    its clock from the show's start; what ran before the show (a rehearsal) is not counted."""
    await live.runner.next()
    monotonic.now += 100
    await live.runner.next()
    monotonic.now += 50
    session = await live.recorder.start("公开课")
    start = memory_log.of_kind(kinds.SEGMENT_START)[-1]
    assert start.session_id == session.id
    assert (start.data["index"], start.data["carried_in"], start.data["points"]) == (1, True, 0)
    state = live.runner.state()
    assert (state.elapsed_s, state.over_under_s, state.ran) == (0, 0, frozenset())
    monotonic.now += 30
    await live.runner.goto(0)
    assert live.runner.state().elapsed_s == 0  # the rehearsal's 100 s are not the show's
    end = memory_log.of_kind(kinds.SEGMENT_END)[-1]
    assert (end.session_id, end.data["index"], end.data["actual_s"]) == (session.id, 1, 30)


async def test_a_show_started_with_nothing_live_logs_no_segment(
    live: Show, memory_log: MemoryLog
) -> None:
    await live.recorder.start("公开课")
    assert memory_log.of_kind(kinds.SEGMENT_START) == []


async def test_standby_before_the_show_keeps_the_clock_waiting(
    live: Show, monotonic: Clock
) -> None:
    await live.runner.next()
    await live.runner.toggle_standby()
    await live.recorder.start("公开课")
    monotonic.now += 40
    assert live.runner.state().elapsed_s == 0
    await live.runner.toggle_standby()
    monotonic.now += 5
    assert live.runner.state().elapsed_s == 5


async def test_goto_range(live: Show) -> None:
    with pytest.raises(BadInput):
        await live.runner.goto(3)
    with pytest.raises(WrongState):
        await live.runner.prev()


async def test_talking_point_ticks_are_logged(live: Show, memory_log: MemoryLog) -> None:
    await live.runner.next()
    live.runner.tick_point(0, 1, True)
    assert live.runner.state().current.done == (1,)
    live.runner.tick_point(0, 1, False)
    assert live.runner.state().current.done == ()
    ticks = memory_log.of_kind(kinds.SEGMENT_POINT)
    assert [(e.data["text"], e.data["done"]) for e in ticks] == [
        ("今天学什么", True),
        ("今天学什么", False),
    ]
    with pytest.raises(BadInput):
        live.runner.tick_point(0, 5, True)


async def test_standby_pauses_the_clock_and_coupon_and_returns(
    live: Show, fake_obs: FakeObs, monotonic: Clock, memory_log: MemoryLog
) -> None:
    assert live.runner.standby_scene == "BRB"  # guessed from OBS's scenes
    await live.runner.goto(2)
    monotonic.now += 30
    assert await live.runner.toggle_standby() is True
    assert fake_obs.program == "BRB"
    monotonic.now += 100  # away for 100 s
    state = live.runner.state()
    assert state.standby
    assert state.elapsed_s == 30
    assert live.overlays.coupon_remaining() == 90
    assert await live.runner.toggle_standby() is False
    assert fake_obs.program == "Product"
    monotonic.now += 5
    assert live.runner.state().elapsed_s == 35
    assert live.overlays.coupon_remaining() == 85
    assert kinds.STANDBY_ON in memory_log.kinds()
    assert kinds.STANDBY_OFF in memory_log.kinds()


async def test_a_cue_during_standby_returns_to_the_scene_standby_left(
    show: Show, fake_obs: FakeObs, monotonic: Clock
) -> None:
    """Next pressed while on 马上回来, to a segment with no scene of its own: the stream goes
    back to the scene standby left, as Ctrl+B would, rather than stay on the standby scene
    while the console says standby is over."""
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(RunSheet((Segment("讲课", 600, scene="Teaching", coupon="FLASH50"),
                                     Segment("继续讲", 600))))  # fmt: skip
    await show.runner.next()
    monotonic.now += 30
    assert await show.runner.toggle_standby() is True
    assert fake_obs.program == "BRB"
    result = await show.runner.next()
    assert not result.warnings
    assert fake_obs.program == "Teaching"
    assert not show.runner.state().standby
    assert await show.runner.toggle_standby() is True  # Ctrl+B goes to standby again
    assert fake_obs.program == "BRB"
    assert await show.runner.toggle_standby() is False
    assert fake_obs.program == "Teaching"


async def test_standby_needs_a_scene(show: Show, fake_obs: FakeObs) -> None:
    fake_obs.scenes.remove("BRB")
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(SHEET)
    with pytest.raises(WrongState, match="standby"):
        await show.runner.toggle_standby()


async def test_loading_keeps_the_catalog_and_refuses_while_live(
    live: Show, catalog_store: MemoryCatalog
) -> None:
    assert catalog_store.load().product("SKU-1") is not None
    await live.runner.next()
    with pytest.raises(WrongState):
        await live.runner.load(RunSheet())
    # a later sheet without a catalog still finds the saved product
    await live.runner.goto(2)
    while live.runner.live:
        await live.runner.next()
    await live.runner.load(RunSheet((Segment("again", 60, product="SKU-1"),)))
    assert live.runner.catalog().product("SKU-1") is not None


async def test_coupon_ends_itself_at_zero(show: Show, memory_log: MemoryLog) -> None:
    await show.runner.load(SHEET)
    # real time; the countdown (a whole second, as the rules want) starts 0.95 s in the past
    loop, began = asyncio.get_running_loop(), [0.95]
    show.overlays._clock = lambda: loop.time() - (began.pop() if began else 0.0)
    show.overlays.start_coupon("FLASH50", seconds=1)
    await eventually(lambda: show.overlays.coupon_code is None, "the coupon ending by itself", 2.0)
    end = memory_log.of_kind(kinds.COUPON_END)[-1]
    assert end.data["reason"] == "expired"


async def test_coupon_extend_and_unknown(show: Show) -> None:
    await show.runner.load(SHEET)
    show.overlays.start_coupon("FLASH50")
    show.overlays.extend_coupon()
    assert show.overlays.coupon_remaining() == 150
    show.overlays.stop_coupon()
    with pytest.raises(WrongState):
        show.overlays.stop_coupon()
    with pytest.raises(Exception, match="NOPE"):
        show.overlays.start_coupon("NOPE")


async def test_saved_catalog_entries_take_effect_now_and_later(
    live: Show, catalog_store: MemoryCatalog, memory_log: MemoryLog
) -> None:
    edited = Product("SKU-1", "Python 入门课（新版）", Decimal("99"))
    await live.runner.save_catalog(Catalog((edited,), ()))
    assert live.runner.catalog().product("SKU-1") == edited  # over the sheet's own copy
    assert catalog_store.load().product("SKU-1") == edited
    assert kinds.CATALOG_SAVE in memory_log.kinds()


async def test_ending_the_show_ends_the_live_segment_and_frees_the_run_sheet(
    live: Show, memory_log: MemoryLog, monotonic: Clock
) -> None:
    """The 409's own words say ending the show lets another run-sheet load: it does."""
    await live.recorder.start("公开课")
    await live.runner.next()
    monotonic.now += 42
    with pytest.raises(WrongState, match="end the show"):
        await live.runner.load(SHEET)
    await live.recorder.end()
    assert not live.runner.live
    assert live.runner.state().finished
    assert live.runner.elapsed_s() is None  # the clock stopped
    kinds_in_order = [e.kind for e in memory_log.entries]
    assert kinds_in_order.index(kinds.SEGMENT_END) < kinds_in_order.index(kinds.SESSION_END)
    end = memory_log.of_kind(kinds.SEGMENT_END)[0]
    assert end.session_id is not None  # in the show, with its actual time
    assert end.data["actual_s"] == pytest.approx(42, abs=0.5)
    await live.runner.load(SHEET)
    assert live.runner.index is None


async def test_ending_a_show_with_no_segment_live_changes_nothing(
    live: Show, memory_log: MemoryLog
) -> None:
    await live.recorder.start("彩排")
    await live.recorder.end()
    assert live.runner.index is None
    assert memory_log.of_kind(kinds.SEGMENT_END) == []


async def test_a_new_show_starts_with_an_empty_queue_and_nothing_open(
    live: Show, memory_log: MemoryLog
) -> None:
    """Ending a show ends what it opened: its questions leave the queue (they are in its log),
    a poll and a check-in close, a lottery is drawn, each logged inside the show; the next show
    numbers its questions on."""
    from app.domain.audience import IncomingComment

    audience = live.audience
    assert audience is not None
    await live.recorder.start("第一场")
    audience.ingest([IncomingComment("douyin", "小明", "多少钱？")])
    old = audience.queue.listing("open")[0]
    poll = live.interaction.open_poll("哪个颜色？", ["红", "蓝"])
    lottery = live.interaction.open_lottery("666")
    live.interaction.open_checkin("签到")
    await live.recorder.end()
    assert audience.queue.counts()["open"] == 0
    state = live.interaction.state()
    assert state.poll is not None
    assert not state.poll.open
    assert state.lottery is not None
    assert not state.lottery.open
    assert state.checkin is not None
    assert not state.checkin.open
    kinds_in_order = [e.kind for e in memory_log.entries]
    end = kinds_in_order.index(kinds.SESSION_END)
    for closing in (kinds.POLL_CLOSE, kinds.LOTTERY_DRAW, kinds.CHECKIN_CLOSE):
        assert kinds_in_order.index(closing) < end, closing
    await live.recorder.start("第二场")
    with pytest.raises(NotFound):  # the old question is not the new show's to answer
        audience.act(old.id, "answer", "助理", "199")
    audience.ingest([IncomingComment("douyin", "小红", "多少钱？")])
    new = audience.queue.listing("open")[0]
    assert new.id > old.id
    assert live.interaction.open_lottery("888").id > lottery.id  # no 409: none is still open
    assert poll.id < lottery.id


async def test_a_question_keeps_the_show_it_was_asked_in(tmp_path: Path) -> None:
    """Its row is never moved to another show by a later save (one asked between shows joins
    the next)."""
    import sqlite3

    from app.adapters.store.comments import SqliteComments
    from app.adapters.store.writer import SqliteSessionLog
    from app.domain.audience import Question, QuestionState

    writer = SqliteSessionLog(tmp_path / "livedesk.db")
    try:
        comments = SqliteComments(writer)
        first = await writer.start_session("一", 100.0)
        asked = Question(1, "k", "多少钱？", 101.0, "douyin", "u", 1)
        comments.save_question(first, 50.0, asked)
        between = Question(2, "k2", "有货吗？", 150.0, "douyin", "v", 2)
        comments.save_question(None, 50.0, between)
        second = await writer.start_session("二", 200.0)
        asked.state = QuestionState.ANSWERED
        comments.save_question(second, 50.0, asked)
        comments.save_question(second, 50.0, between)
        await writer.flush()
    finally:
        writer.close()
    with sqlite3.connect(tmp_path / "livedesk.db") as conn:
        rows = conn.execute("SELECT id, session_id, state FROM questions ORDER BY id").fetchall()
    assert rows == [(1, first, "answered"), (2, second, "open")]
