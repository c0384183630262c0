"""What the log holds is never undone by resume. The log's entries are committed within a tenth
of a second, the show's state is kept a few times a second: a draw, a close, a reveal or a cue
answered just before the console died may reach the log while the state that holds it does not.
Resume takes those entries in (app/domain/logged_after.py), and a step's state is queued at once
behind its entries (ShowKeeper._save_soon), so that such a crash seldom leaves them apart.

Each test runs a console over a real log file (the real writer thread), keeps the state as the
keeper's tick would, takes its step later, and dies: the state saved after the step never
reaches the file (`CrashingState.lost`), what the writer took before the death does."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.adapters.store.comments import SqliteComments
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.domain import log_events as kinds
from app.domain.audience import Comment, IncomingComment, Kind
from app.domain.resume import ResumeSummary
from app.domain.runsheet import RunSheet
from app.services.errors import WrongState
from tests.support.fake_obs import FakeObs
from tests.support.sqlite_console import SqliteConsole
from tests.unit.conftest import Clock
from tests.unit.test_show_runner import SHEET

# the sheet without scenes: its cues switch nothing in OBS, so a cue is one step, never
# half-way when the console dies
PLAIN = RunSheet(segments=tuple(replace(s, scene=None) for s in SHEET.segments),
                 catalog=SHEET.catalog, title=SHEET.title)  # fmt: skip


class CrashingState(SqliteShowState):
    """The real store; once `lost`, a state saved never reaches the file (the console dies
    before the writer takes it)."""

    lost = False

    def __init__(self, writer: SqliteSessionLog) -> None:
        super().__init__(writer)
        self.saved: list[dict[str, Any]] = []  # every state given, kept or lost

    def save_state(self, session_id: int, saved_at: float, state: dict[str, Any]) -> None:
        self.saved.append(state)
        if not self.lost:
            super().save_state(session_id, saved_at, state)


class Console(SqliteConsole):
    """One run of the console over the log file, wired as app/wiring does; its kept states may
    be lost (CrashingState)."""

    def __init__(self, path: Path, wall: Clock, monotonic: Clock, fake_obs: FakeObs) -> None:
        super().__init__(path, wall, monotonic, fake_obs, states=CrashingState)
        assert isinstance(self.state_store, CrashingState)
        self.states: CrashingState = self.state_store
        self.offered: ResumeSummary | None = None

    def say(self, *texts: tuple[str, str]) -> None:
        self.audience.ingest([IncomingComment("douyin", u, t, user_id=u) for u, t in texts])

    def die(self) -> None:
        """The console dies at once: the states saved from now on are lost; the writer has
        taken what was queued (the log is committed within its interval)."""
        self.states.lost = True
        self.writer.close()

    async def entries(self, kind: str) -> list[dict[str, Any]]:
        def read(db: Any) -> list[dict[str, Any]]:
            rows = db.execute("SELECT data FROM events WHERE kind = ? ORDER BY id", [kind])
            return [json.loads(r[0]) for r in rows]

        found: list[dict[str, Any]] = await self.writer.run(read)
        return found


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "livedesk.db"


async def _started(db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs) -> Console:
    console = Console(db, clock, monotonic, fake_obs)
    await console.show.obs.resync(await fake_obs.connect())
    await console.show.recorder.start("福袋专场")
    return console


async def _next_run(db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs) -> Console:
    """A new console over the same log, some seconds later, that resumes the show."""
    clock.now += 8
    monotonic.now += 5000  # a new process
    console = Console(db, clock, monotonic, fake_obs)
    await console.show.obs.resync(await fake_obs.connect())
    console.offered = await console.keeper.offer()  # what the offer to resume tells
    await console.show.resume()
    return console


async def test_a_draw_logged_after_the_last_save_comes_back_drawn_with_its_winners(
    db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> None:
    before = await _started(db, clock, monotonic, fake_obs)
    lottery = before.interaction.open_lottery("福袋", 1)
    before.say(*((f"观众{n}", "福袋") for n in range(50)))
    clock.now += 1.5
    assert before.keeper.save_now()  # the tick's save: the lottery open, 50 entrants
    clock.now += 0.1
    drawn = before.interaction.draw(lottery.id)  # answered, winner read out on air
    before.die()

    after = await _next_run(db, clock, monotonic, fake_obs)
    try:
        assert after.offered is not None
        assert after.offered.lottery_keyword is None  # not offered as open
        now = after.interaction.lottery(lottery.id)
        assert not now.open
        assert now.seed == drawn.seed
        assert now.drawn == drawn.winners
        assert now.entrants == 50
        with pytest.raises(WrongState):  # not drawable again: 409
            after.interaction.draw(lottery.id)
        assert [d.winners for d in after.interaction.winners()] == [drawn.winners]
        assert len(await after.entries(kinds.LOTTERY_DRAW)) == 1
        # the next lottery takes a new id, and may leave out this one's winner
        again = after.interaction.open_lottery("口令", 1, exclude_previous_winners=True)
        assert again.id > lottery.id
        assert again.excluded == {w.key for w in drawn.winners}
    finally:
        after.writer.close()


async def test_a_poll_closed_a_quiz_revealed_and_a_check_in_closed_stay_so(
    db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> None:
    before = await _started(db, clock, monotonic, fake_obs)
    quiz = before.interaction.open_poll("哪个对?", ["甲", "乙", "丙"], answer=1)
    before.interaction.open_checkin("签到")
    before.say(("小明", "2"), ("阿花", "B"), ("老王", "1"), ("小明", "签到"), ("阿花", "签到"))
    clock.now += 1
    assert before.keeper.save_now()
    clock.now += 0.1
    before.interaction.reveal(quiz.id)  # closes it, then shows the answer
    closed = before.interaction.close_checkin()
    before.die()

    after = await _next_run(db, clock, monotonic, fake_obs)
    try:
        now = after.interaction.state()
        assert now.poll is not None
        assert (now.poll.open, now.poll.revealed, now.poll.counts) == (False, True, (1, 2, 0))
        assert now.checkin is not None
        assert (now.checkin.open, now.checkin.count) == (False, closed.count) == (False, 2)
        after.say(("路人", "3"), ("路人", "签到"))  # neither counts any more
        assert after.interaction.state().poll.counts == (1, 2, 0)  # type: ignore[union-attr]
        assert after.interaction.state().checkin.count == 2  # type: ignore[union-attr]
        assert len(await after.entries(kinds.POLL_CLOSE)) == 1
    finally:
        after.writer.close()


async def test_a_lottery_opened_after_the_last_save_comes_back_open_under_its_id(
    db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> None:
    before = await _started(db, clock, monotonic, fake_obs)
    assert before.keeper.save_now()
    clock.now += 0.1
    lottery = before.interaction.open_lottery("福袋", 2, 60)
    before.say(("小明", "福袋"), ("阿花", "福袋!"))
    before.die()

    after = await _next_run(db, clock, monotonic, fake_obs)
    try:
        now = after.interaction.lottery(lottery.id)
        assert (now.open, now.keyword, now.winners, now.entrants) == (True, "福袋", 2, 2)
        assert now.remaining_s == pytest.approx(60 - 8)  # its clock ran while away
        assert after.interaction.open_poll("Q?", ["a", "b"]).id > lottery.id  # never its id
    finally:
        after.writer.close()


async def test_a_cue_logged_after_the_last_save_comes_back_on_the_cued_segment(
    db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> None:
    before = await _started(db, clock, monotonic, fake_obs)
    await before.show.runner.load(PLAIN)
    await before.show.runner.next()  # segment 0
    clock.now += 30
    monotonic.now += 30
    assert before.keeper.save_now()  # the tick's save, on segment 0
    clock.now += 0.1
    monotonic.now += 0.1
    await before.show.runner.goto(2)  # answered: 商品, its card and coupon up
    clock.now += 0.05
    monotonic.now += 0.05
    before.die()

    after = await _next_run(db, clock, monotonic, fake_obs)
    try:
        assert after.offered is not None
        assert (after.offered.segment_index, after.offered.product) == (2, "SKU-1")
        runner = after.show.runner
        assert runner.index == 2
        assert runner.elapsed_s() == pytest.approx(8.05)
        assert runner.actual_s == pytest.approx({0: 30.1})
        assert after.show.overlays.product == "SKU-1"
        assert after.show.overlays.coupon_code == "FLASH50"
        assert after.show.overlays.coupon_remaining() == pytest.approx(120 - 8.05, abs=0.2)
        await runner.prev()  # on to 讲解, then the end: each segment started once more
        await runner.next()
        await after.show.recorder.end()
        starts = [e["index"] for e in await after.entries(kinds.SEGMENT_START)]
        assert starts == [0, 2, 1, 2]  # 2 once per cue, never started again by resume
        ends = {e["index"]: e["actual_s"] for e in await after.entries(kinds.SEGMENT_END)}
        assert ends[0] == pytest.approx(30.1)
    finally:
        after.writer.close()


async def test_a_step_queues_the_state_behind_its_entries_at_once(
    db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> None:
    """No tick runs here: the draw's own save keeps the state, right after its entry."""
    console = await _started(db, clock, monotonic, fake_obs)
    try:
        lottery = console.interaction.open_lottery("福袋", 1)
        console.say(("小明", "福袋"))
        assert console.keeper.save_now()
        saves = console.keeper.saves
        clock.now += 0.1
        console.interaction.draw(lottery.id)
        console.say(*((f"观众{n}", "好") for n in range(20)))  # comments ask for none
        await asyncio.sleep(0)
        assert console.keeper.saves == saves + 1
        await console.writer.flush()
        session = console.show.recorder.session
        assert session is not None
        found = await console.states.load_state(session.id)
        assert found is not None
        saved_at, state = found
        assert saved_at == clock.now
        assert state["interaction"]["lottery"]["drawn"]["seed"] == "seed-0"  # type: ignore[index]
        console.say(*((f"观众{n}", "好") for n in range(20)))
        await asyncio.sleep(0)
        assert console.keeper.saves == saves + 1
    finally:
        console.writer.close()


async def test_a_thanks_cleared_by_the_crew_is_kept_at_once_gifts_wait_for_the_tick(
    db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> None:
    console = await _started(db, clock, monotonic, fake_obs)
    try:
        gift = IncomingComment("douyin", "阿花", "", kind=Kind.GIFT, gift="嘉年华", value=3000)
        console.audience.ingest([gift])
        assert console.keeper.save_now()
        saves = console.keeper.saves
        console.audience.ingest([gift, gift])  # the audience's: kept at the next tick
        await asyncio.sleep(0)
        assert console.keeper.saves == saves
        entry = console.audience.thanks.listing()[0]
        console.audience.thank(entry.id, "thanked")  # the host thanked them on air
        await asyncio.sleep(0)
        assert console.keeper.saves == saves + 1
        await console.writer.flush()
        session = console.show.recorder.session
        assert session is not None
        found = await console.states.load_state(session.id)
        assert found is not None
        thanks = found[1]["audience"]["thanks"]
        assert [e["id"] for e in thanks["entries"]] == []  # type: ignore[index]
    finally:
        console.writer.close()


async def test_gifts_written_after_the_last_save_are_on_the_thanks_list_with_their_ids(
    db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> None:
    before = await _started(db, clock, monotonic, fake_obs)

    def gift(user: str, name: str, value: float, kind: Kind = Kind.GIFT) -> IncomingComment:
        return IncomingComment("bilibili", user, "", user_id=user, kind=kind, gift=name,
                               value=value, currency="CNY")  # fmt: skip

    before.audience.ingest([gift("小红", "辣条", 1)])
    assert before.keeper.save_now()
    await before.writer.flush()
    clock.now += 0.1  # then, before the next save: a 舰长, 小红 again, a super chat, a like
    chat = IncomingComment("youtube", "Ann", "great class", kind=Kind.SUPERCHAT, value=5,
                           currency="USD")  # fmt: skip
    like = IncomingComment("douyin", "x", "", kind=Kind.LIKE, count=3)
    before.audience.ingest([gift("舰长哥", "舰长", 198, Kind.MEMBER), gift("小红", "辣条", 1), chat,
                            like])  # fmt: skip
    await before.writer.flush()
    was = [e.as_api() for e in before.audience.thanks.listing()]
    assert len(was) == 3
    before.die()

    after = await _next_run(db, clock, monotonic, fake_obs)
    try:
        assert [e.as_api() for e in after.audience.thanks.listing()] == was
        fresh = after.audience.thanks.add(Comment(0, "twitch", "f1", "", clock.now,
                                                  kind=Kind.FOLLOW))  # fmt: skip
        assert fresh is not None
        assert fresh.id == max(e["id"] for e in was) + 1  # no id given twice
    finally:
        after.writer.close()


async def test_likes_and_gifts_written_after_the_last_save_are_counted_once(
    db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> None:
    before = await _started(db, clock, monotonic, fake_obs)
    like = IncomingComment("douyin", "小明", "", kind=Kind.LIKE, count=3)
    gift = IncomingComment("douyin", "阿花", "", kind=Kind.GIFT, gift="小心心", count=2, value=2)
    before.audience.ingest([like, gift])
    assert before.keeper.save_now()
    await before.writer.flush()  # the state written (rows queued after it in its own batch
    # may be written before it, and are then not counted again)
    before.audience.ingest([like, like, gift])  # after the save: in the log only
    await before.writer.flush()
    before.die()

    after = await _next_run(db, clock, monotonic, fake_obs)
    try:
        tally = after.audience.tally
        assert (tally.likes, tally.gifts, tally.gifts_value) == (9, 4, 4.0)
        assert after.audience.activities == 2  # the gifts, listed
    finally:
        after.writer.close()


async def test_two_saves_in_one_batch_count_the_rows_between_them_once(tmp_path: Path) -> None:
    """The writer joins the rows of one statement in a batch, at the first one's place: each
    save is one of its own, so the rows queued between two saves go before the second, which
    counted them, and are not counted again."""
    writer = SqliteSessionLog(tmp_path / "livedesk.db", interval=5.0)  # one batch
    try:
        states, comments = SqliteShowState(writer), SqliteComments(writer)
        show = await writer.start_session("点赞", 1.0)
        likes = [Comment(0, "douyin", f"观众{n}", "", 2.0, kind=Kind.LIKE, count=1)
                 for n in range(3)]  # fmt: skip
        states.save_state(show, 2.0, {"version": 1, "likes": 0})
        comments.add_comments(show, likes[:2])
        states.save_state(show, 3.0, {"version": 1, "likes": 2})
        await writer.flush()
        comments.add_comments(show, likes[2:])
        await writer.flush()
        assert await states.load_state(show) == (3.0, {"version": 1, "likes": 2})
        entries, items = await states.load_logged_after(show, 3.0)
        assert entries == []
        assert [c.user for c in items] == ["观众2"]
    finally:
        writer.close()


async def test_no_save_keeps_the_show_half_restored(
    db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> None:
    """Resume reads the open lottery's entrants from the log (it waits for them): a step's
    save or a tick meanwhile would keep a show without its lottery, and a second crash then
    would lose it."""
    before = await _started(db, clock, monotonic, fake_obs)
    await before.show.runner.load(PLAIN)
    await before.show.runner.next()
    lottery = before.interaction.open_lottery("福袋", 1)
    before.say(("小明", "福袋"))
    assert before.keeper.save_now()
    before.die()

    clock.now += 8
    after = Console(db, clock, monotonic, fake_obs)
    try:
        after.keeper.start()  # its ticks run too
        await after.show.obs.resync(await fake_obs.connect())
        await after.show.resume()
        await asyncio.sleep(0)
        assert after.states.saved
        for state in after.states.saved:
            assert state["interaction"]["lottery"]["id"] == lottery.id
            assert state["runsheet"]["index"] == 0
    finally:
        await after.keeper.stop()
        after.writer.close()


async def test_the_audiences_flow_alone_is_kept_at_its_own_slower_pace(
    db: Path, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> None:
    """Gifts, likes and questions asked mark the state changed for the flow's pace (resume
    takes in from the log what came after the kept state); a step anyone takes is kept at the
    next tick as ever."""
    console = await _started(db, clock, monotonic, fake_obs)
    try:
        keeper = console.keeper
        keeper._flow_every = 3600.0  # the flow's pace, out of this test's reach
        assert keeper.save_now()
        saves = keeper.saves
        gift = IncomingComment("douyin", "阿花", "", kind=Kind.GIFT, gift="小心心", value=1)
        for _ in range(5):
            console.audience.ingest([gift, IncomingComment("douyin", "x", "", kind=Kind.LIKE)])
            console.say(("小明", "多少钱？"))
            keeper.tick()
        assert keeper.saves == saves  # the flow alone: not yet
        keeper._flow_every = 0.0  # its pace has come
        keeper.tick()
        assert keeper.saves == saves + 1
        keeper.tick()
        assert keeper.saves == saves + 1  # nothing new
        keeper._flow_every = 3600.0
        console.audience.block("捣乱的")  # a step: kept at the next tick
        keeper.tick()
        assert keeper.saves == saves + 2
    finally:
        console.writer.close()
