"""Resume after a crash keeps the interaction under way: an open lottery's entrants, a poll's
ballots, a check-in's viewers, their cards on screen; a damaged or older saved state never
stops the show."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from typing import Any

from app.domain import log_events as kinds
from app.domain.audience import IncomingComment
from app.domain.interaction.lottery import draw_winners
from app.domain.interaction.viewers import MAX_VIEWERS, Viewer
from app.services.audience import Audience
from app.services.event_bus import EventBus
from app.services.events import CheckInChanged, Event, LotteryChanged, ResumePartial
from app.services.interaction import Interaction
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.resume import ShowKeeper
from app.services.session import ShowRecorder
from app.services.show import Show
from app.services.show_runner import ShowRunner
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog, MemoryComments, MemoryLog, MemoryShowState
from tests.support.show_factory import _classify, _question_key
from tests.support.waiting import eventually
from tests.unit.conftest import Clock
from tests.unit.test_show_runner import SHEET

T0 = 1_700_000_000.0


class World:
    """What outlives a console: the log, its comments, the saved show state."""

    def __init__(self) -> None:
        self.log, self.comments = MemoryLog(), MemoryComments()
        self.states = MemoryShowState(self.comments)


class Console:
    """One run of the console, its interaction service on the same wall and steady clocks as
    the test (a test gives a new console's steady clock another start: a new process's)."""

    def __init__(self, world: World, wall: Clock, monotonic: Clock, fake_obs: FakeObs) -> None:
        self.bus = bus = EventBus()
        self.seen: list[Event] = []
        bus.listen(self.seen.append)
        recorder = ShowRecorder(world.log, bus, clock=wall)
        control = ObsControl(fake_obs, recorder, bus, clock=wall)
        overlays = OverlayControl(recorder, bus, lambda: runner.catalog(), clock=monotonic)
        runner = ShowRunner(control, overlays, recorder, bus, MemoryCatalog(), clock=monotonic)
        audience = Audience(recorder, bus, world.comments, overlays, _classify, _question_key,
                            clock=wall)  # fmt: skip
        seeds = iter(f"seed-{i}" for i in range(100))
        self.interaction = Interaction(recorder, bus, clock=wall, steady=monotonic,
                                       seed=lambda: next(seeds))  # fmt: skip
        self.keeper = ShowKeeper(recorder, runner, overlays, audience, world.states, bus,
                                 clock=wall, interaction=self.interaction)  # fmt: skip
        self.show = Show(bus, recorder, control, overlays, runner, audience=audience,
                         keeper=self.keeper, interaction=self.interaction)  # fmt: skip
        self.audience = audience

    def say(self, *items: tuple[str, str, str | None]) -> None:
        """Comments from (user, text, user_id) on douyin, through the real audience intake."""
        self.audience.ingest([IncomingComment("douyin", u, t, user_id=i) for u, t, i in items])


def _entrants(console: Console) -> list[Any]:
    return list(console.interaction.snapshot()["lottery"]["entrants"])


async def _an_interactive_show(world: World, clock: Clock, monotonic: Clock,
                               fake_obs: FakeObs) -> Console:  # fmt: skip
    """A show with a 60 s lottery (three entrants), a poll (three ballots, one changed) and a
    check-in (two viewers) open; the poll card hidden by the producer."""
    before = Console(world, clock, monotonic, fake_obs)
    await before.show.obs.resync(await fake_obs.connect())
    await before.show.recorder.start("福袋专场")
    await before.show.runner.load(SHEET)
    await before.show.runner.next()
    before.interaction.open_lottery("666", 2, 60)
    before.interaction.open_poll("哪个颜色?", ["红", "蓝"])
    before.interaction.open_checkin("签到")
    clock.now += 5
    monotonic.now += 5
    before.say(("小明", "666", "u1"), ("阿花", "666冲", "u2"), ("小明", "666", "u1"),
               ("路人", "主播好", "u3"), ("老王", "６６６", None))  # fmt: skip
    before.say(("小明", "1", "u1"), ("阿花", "b", "u2"), ("路人", "2", "u3"), ("小明", "2", "u1"))
    before.say(("阿花", "签到", "u2"), ("路人", "签到啦", "u3"), ("阿花", "签到", "u2"))
    before.show.overlays.hide_interaction("poll")
    return before


async def test_an_open_lottery_poll_and_check_in_come_back_whole(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    world = World()
    before = await _an_interactive_show(world, clock, monotonic, fake_obs)
    was = before.interaction.state()
    entrants = _entrants(before)
    assert [row[1] for row in entrants] == ["小明", "阿花", "老王"]
    assert was.poll is not None
    assert was.poll.counts == (0, 3)
    assert was.checkin is not None
    assert was.checkin.count == 2
    ballots = before.interaction.snapshot()["poll"]["ballots"]
    present = before.interaction.snapshot()["checkin"]["present"]
    assert before.keeper.save_now()
    # the console dies here; 15 s later a new one starts over the same log
    clock.now += 15
    monotonic.now += 5000
    after = Console(world, clock, monotonic, fake_obs)
    assert after.interaction.state().lottery is None
    await after.show.resume()

    now = after.interaction.state()
    assert now.lottery is not None
    assert was.lottery is not None
    assert (now.lottery.id, now.lottery.keyword, now.lottery.winners) == (was.lottery.id, "666", 2)
    assert now.lottery.open
    assert now.lottery.entrants == 3
    assert now.lottery.remaining_s == 40  # 55 s left when kept, 15 s away
    assert _entrants(after) == entrants
    assert now.poll == was.poll  # question, options, counts, voters, still open
    assert after.interaction.snapshot()["poll"]["ballots"] == ballots
    assert now.checkin == was.checkin
    assert after.interaction.snapshot()["checkin"]["present"] == present
    # the cards as they were: the lottery's on screen, the poll's still hidden
    cards = after.show.overlays.interaction_state()
    assert cards.lottery == now.lottery.id
    assert cards.checkin == now.checkin.id
    assert cards.poll is None
    assert not [e for e in after.seen if isinstance(e, ResumePartial)]

    # the show goes on: a new entrant enters, one already in does not, votes and check-ins count
    after.say(("新人", "666", "u9"), ("阿花", "666", "u2"), ("新人", "1", "u9"),
              ("新人", "签到", "u9"))  # fmt: skip
    now = after.interaction.state()
    assert now.lottery is not None
    assert now.lottery.entrants == 4
    assert now.poll is not None
    assert now.poll.counts == (1, 3)
    assert now.checkin is not None
    assert now.checkin.count == 3
    # drawing the restored lottery draws from the restored entrants (redone from the log alike)
    draw = after.interaction.draw(now.lottery.id)
    everyone = [Viewer.from_log(row) for row in entrants] + [Viewer("douyin", "新人", "u9")]
    assert draw.entrants == 4
    assert draw.winners == draw_winners(everyone, 2, draw.seed)
    logged = [e.data for e in world.log.entries if e.kind == kinds.LOTTERY_DRAW]
    assert len(logged) == 1
    assert [Viewer.from_log(row) for row in logged[0]["entrants"]] == everyone
    # ids go on from where they were: nothing new takes an old one's id
    assert after.interaction.open_lottery("888").id > max(was.lottery.id, was.poll.id,
                                                          was.checkin.id)  # fmt: skip


async def test_a_lottery_whose_time_ran_out_meanwhile_waits_for_the_host_to_draw(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    world = World()
    before = Console(world, clock, monotonic, fake_obs)
    await before.show.recorder.start("福袋专场")
    lottery = before.interaction.open_lottery("666", 1, 30)
    poll = before.interaction.open_poll("哪个颜色?", ["红", "蓝"], 30)
    before.say(("小明", "666", "u1"), ("阿花", "666", "u2"), ("阿花", "2", "u2"))
    before.keeper.save_now()
    clock.now += 120  # away longer than both had left
    after = Console(world, clock, monotonic, fake_obs)
    await after.show.resume()

    state = after.interaction.state()
    assert state.lottery is not None
    assert state.lottery.open
    assert state.lottery.remaining_s == 0  # ended, waiting for the draw
    assert not [e for e in world.log.entries if e.kind == kinds.LOTTERY_DRAW]  # never auto-drawn
    after.say(("迟到", "666", "u7"))  # too late: entries stopped at its time
    assert after.interaction.lottery(lottery.id).entrants == 2
    [winner] = after.interaction.draw(lottery.id).winners
    assert winner in (Viewer("douyin", "小明", "u1"), Viewer("douyin", "阿花", "u2"))
    # the poll's time ran out on stream too: it closes with the votes it had, logged as ever
    assert state.poll is not None
    assert not state.poll.open
    assert state.poll.counts == (0, 1)
    closes = [e.data for e in world.log.entries if e.kind == kinds.POLL_CLOSE]
    assert [(c["id"], c["counts"]) for c in closes] == [(poll.id, [0, 1])]


def _fresh() -> tuple[Interaction, list[Event]]:
    bus, seen = EventBus(), list[Event]()
    bus.listen(seen.append)
    recorder = ShowRecorder(MemoryLog(), bus, clock=Clock(T0))
    return Interaction(recorder, bus, clock=Clock(T0 + 10)), seen


def test_a_damaged_snapshot_brings_back_its_good_parts_and_never_raises() -> None:
    huge: list[Any] = [["douyin", f"观众{i}", None] for i in range(MAX_VIEWERS + 500)]
    damaged: dict[str, Any] = {
        "next_id": "many",
        "lottery": {
            "id": 5, "keyword": "666", "winners": 1, "opened_at": T0, "seconds": None,
            "entrants": [["douyin", "小明", "u1"], ["a"], 5, None, [None, "x", None],
                         ["douyin", "阿花", math.nan], ["douyin", "小明", "u1"], *huge],
            "excluded": "everyone", "drawn": None,
        },
        "poll": {"id": 6, "question": "Q?", "options": ["a", "b"], "opened_at": math.nan},
        "checkin": {
            "id": 7, "keyword": "签到", "opened_at": T0, "open": "yes", "closed_at": math.inf,
            "present": [["douyin", "阿花", "u2", T0 + 1], ["douyin", "小明", "u1", math.nan],
                        ["douyin", "路人"], {"user": "x"}],
        },
        "draws": "none",
        "on_screen": 3,
    }  # fmt: skip
    service, seen = _fresh()
    service.restore(damaged)
    state = service.state()
    assert state.lottery is not None
    assert state.lottery.id == 5
    assert state.lottery.open
    # never more than a lottery holds: the rows past MAX_VIEWERS are not read, and of those
    # read six are damaged or a viewer again
    assert state.lottery.entrants == MAX_VIEWERS - 6
    assert list(service.snapshot()["lottery"]["entrants"][0]) == ["douyin", "小明", "u1"]
    assert state.poll is None  # no time it opened at: left out
    assert state.checkin is not None
    assert state.checkin.open
    assert state.checkin.count == 2
    assert service.listening
    assert [type(e) for e in seen] == [LotteryChanged, CheckInChanged]  # each one restored told
    assert service.open_poll("Q?", ["a", "b"]).id == 8  # after the ids it has

    # ballots with choices that are no option, counts that disagree: the ballots count
    ballots: list[Any] = [["douyin", "甲", None, 0], ["douyin", "乙", None, 9],
                          ["douyin", "丙", None, True], ["douyin", "丁", None, "1"],
                          ["douyin", "戊", None, 1], ["douyin", "甲", None, 1]]  # fmt: skip
    service, _ = _fresh()
    service.restore({"poll": {"id": 2, "question": "Q?", "options": ["a", "b"],
                              "opened_at": T0, "open": True, "counts": [99, 99],
                              "ballots": ballots}})  # fmt: skip
    poll = service.state().poll
    assert poll is not None
    assert poll.counts == (0, 2)
    assert poll.voters == 2

    nonsense: object
    for nonsense in (
        None,
        [],
        "x",
        3.5,
        {"lottery": [], "poll": "x", "checkin": 3, "draws": [1]},
        {"lottery": {"id": True, "keyword": "666", "opened_at": T0}},
        {"lottery": {"id": 1, "keyword": "", "opened_at": T0, "winners": 1}},
        {"lottery": {"id": 1, "keyword": "6", "opened_at": T0, "winners": 10**9}},
    ):
        service, _ = _fresh()
        service.restore(nonsense)
        assert service.state().lottery is None
        assert not service.listening


async def _saved_interactive_show(
    world: World, clock: Clock, monotonic: Clock, fake_obs: FakeObs
) -> tuple[int, dict[str, Any]]:
    """The show's session and the snapshot the keeper saved of it, as stored (tests edit it)."""
    before = await _an_interactive_show(world, clock, monotonic, fake_obs)
    before.keeper.save_now()
    session_id = before.show.recorder.session.id  # type: ignore[union-attr]
    _saved_at, state = world.states.states[session_id]
    return session_id, state


async def test_a_damaged_interaction_part_leaves_the_rest_of_the_resume_alone(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    world = World()
    _session, state = await _saved_interactive_show(world, clock, monotonic, fake_obs)
    state["interaction"]["lottery"]["opened_at"] = "yesterday"
    state["interaction"]["poll"]["ballots"] = [[math.nan]] * 10
    state["interaction"]["on_screen"] = {"poll": True}
    after = Console(world, clock, monotonic, fake_obs)
    await after.show.resume()
    assert after.show.runner.index == 0  # the run-sheet as before
    now = after.interaction.state()
    assert now.lottery is None
    assert now.poll is not None
    assert now.poll.open
    assert now.poll.voters == 0
    assert now.checkin is not None
    assert now.checkin.count == 2


async def test_a_snapshot_from_before_interaction_was_kept_resumes_as_before(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    world = World()
    session_id, state = await _saved_interactive_show(world, clock, monotonic, fake_obs)
    del state["interaction"]
    offered = await Console(world, clock, monotonic, fake_obs).keeper.offer()
    assert offered is not None
    assert offered.segment_index == 0
    after = Console(world, clock, monotonic, fake_obs)
    await after.show.resume()
    assert after.show.runner.index == 0
    assert after.show.state().runsheet.segments == 3
    assert after.interaction.state().lottery is None
    assert after.interaction.state().poll is None
    assert not after.interaction.listening
    assert not [e for e in after.seen if isinstance(e, ResumePartial)]
    # and the next save keeps the (empty) interaction under the new key
    saved = world.states.states[session_id][1]
    assert saved["interaction"]["lottery"] is None


async def test_an_interaction_that_changes_is_saved_soon(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    world = World()
    run = Console(world, clock, monotonic, fake_obs)
    run.keeper = keeper = ShowKeeper(
        run.show.recorder, run.show.runner, run.show.overlays, run.audience, world.states,
        run.bus, clock=clock, every_s=0.01, interaction=run.interaction, interaction_every_s=0.0,
    )  # fmt: skip
    await run.show.recorder.start("福袋专场")
    session_id = run.show.recorder.session.id  # type: ignore[union-attr]

    def saved(part: str) -> Callable[[], Any]:
        def read() -> Any:
            entry = world.states.states.get(session_id)
            return ((entry[1] if entry else {}).get("interaction") or {}).get(part)

        return read

    keeper.start()
    try:
        await eventually(lambda: session_id in world.states.states, "the first save", 5.0)
        lottery = run.interaction.open_lottery("666")
        await eventually(saved("lottery"), "the open lottery saved", 5.0)
        run.interaction.take([])  # nothing new
        count = keeper.saves
        await asyncio.sleep(0.1)  # deliberate: several save periods pass, nothing is written
        assert keeper.saves == count
        run.say(("小明", "666", "u1"))
        await eventually(lambda: len(saved("lottery")()["entrants"]) == 1, "the entrant saved", 5.0)
        run.interaction.draw(lottery.id)
        await eventually(lambda: saved("lottery")()["drawn"] is not None, "the draw saved", 5.0)
    finally:
        await keeper.stop()


async def test_a_close_or_a_draw_is_kept_at_the_next_save_not_after_the_interactions_pause(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    """Entries and votes are kept at most every interaction_every_s; a poll closed, a lottery
    drawn or opened is kept at the next save, so a crash right after never brings it back
    open (a close acknowledged 1.15 s before a kill -9 came back open)."""
    world = World()
    run = Console(world, clock, monotonic, fake_obs)
    run.keeper = keeper = ShowKeeper(
        run.show.recorder, run.show.runner, run.show.overlays, run.audience, world.states,
        run.bus, clock=clock, every_s=0.01, interaction=run.interaction,
        interaction_every_s=3600.0,  # votes alone would wait an hour
    )  # fmt: skip
    await run.show.recorder.start("投票")
    session_id = run.show.recorder.session.id  # type: ignore[union-attr]

    def poll() -> Any:
        entry = world.states.states.get(session_id)
        return ((entry[1] if entry else {}).get("interaction") or {}).get("poll")

    keeper.start()
    try:
        opened = run.interaction.open_poll("哪个颜色？", ["红", "蓝"])
        await eventually(lambda: poll() is not None and poll()["open"], "the open poll kept", 5.0)
        run.say(("小明", "1", "u1"))
        assert run.interaction.poll(opened.id).voters == 1
        run.interaction.close_poll(opened.id)
        await eventually(lambda: not poll()["open"], "the close kept at once", 5.0)
        assert poll()["closed_at"] is not None
    finally:
        await keeper.stop()
