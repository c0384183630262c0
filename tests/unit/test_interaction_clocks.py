"""The lottery's (福袋) and the poll's windows run on the steady clock: a wall-clock step (NTP,
Windows time sync) neither keeps a 60 s window open minutes longer nor closes a 5-minute one
early; across a console restart a window carries on from what it had left when its state was
kept (the steady clock of the next process means nothing of the last's), and a poll whose time
ran out meanwhile is logged closed when it ran out, not at the resume."""

from __future__ import annotations

from typing import Any

from app.domain import log_events as kinds
from app.domain.audience import Comment
from app.domain.interaction import saved
from app.domain.interaction.viewers import Viewer
from app.services.event_bus import EventBus
from app.services.interaction import Interaction
from app.services.session import ShowRecorder
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock
from tests.unit.test_resume_interaction import Console, World

T0 = 1_700_000_000.0
FAN = Viewer("douyin", "老粉", "f1")


def _said(n: int, text: str, at: float) -> Comment:
    return Comment(n, FAN.platform, f"{FAN.user}{n}", text, at, user_id=f"f{n}")


def _service(wall: Clock, steady: Clock) -> tuple[Interaction, MemoryLog]:
    log, bus = MemoryLog(), EventBus()
    recorder = ShowRecorder(log, bus, clock=wall)
    return Interaction(recorder, bus, clock=wall, steady=steady, seed=lambda: "5eed"), log


def _later(seconds: float, *clocks: Clock) -> None:
    for clock in clocks:
        clock.now += seconds


# ----- a wall-clock step during the show --------------------------------------------------------
def test_a_wall_clock_set_back_does_not_keep_a_60_s_lottery_and_poll_open() -> None:
    wall, steady = Clock(T0), Clock(1000.0)
    service, log = _service(wall, steady)
    lottery = service.open_lottery("666", 1, 60)
    poll = service.open_poll("哪个?", ["红", "蓝"], 60)
    _later(30, wall, steady)
    wall.now -= 300  # NTP sets the wall clock back 5 minutes
    _later(40, wall, steady)  # 70 s since they opened
    state = service.state()
    assert state.lottery is not None
    assert state.poll is not None
    assert (state.lottery.open, state.lottery.taking_entries, state.lottery.remaining_s) == (
        True, False, 0.0,
    )  # fmt: skip
    assert (state.poll.open, state.poll.remaining_s) == (False, None)
    service.take([_said(1, "666", wall.now), _said(2, "1", wall.now)])
    assert service.lottery(lottery.id).entrants == 0
    # the poll closed when its 60 s were up: 10 s before now, whatever the wall clock says
    [closed] = log.of_kind(kinds.POLL_CLOSE)
    assert (closed.data["id"], closed.data["counts"], closed.t) == (poll.id, [0, 0], wall.now - 10)


def test_a_wall_clock_set_forward_does_not_close_a_5_minute_lottery_early() -> None:
    wall, steady = Clock(T0), Clock(1000.0)
    service, log = _service(wall, steady)
    lottery = service.open_lottery("888", 1, 300)
    poll = service.open_poll("哪个?", ["红", "蓝"], 300)
    _later(5, wall, steady)
    wall.now += 600  # the wall clock jumps 10 minutes ahead, 5 s after opening
    state = service.state()
    assert state.lottery is not None
    assert state.poll is not None
    assert (state.lottery.taking_entries, state.lottery.remaining_s) == (True, 295.0)
    assert (state.poll.open, state.poll.remaining_s) == (True, 295.0)
    service.take([_said(1, "888", wall.now), _said(2, "2", wall.now)])
    assert service.lottery(lottery.id).entrants == 1
    assert service.poll(poll.id).counts == (0, 1)
    assert not log.of_kind(kinds.POLL_CLOSE)


# ----- across a console restart -----------------------------------------------------------------
async def _saved_and_resumed(
    world: World, wall: Clock, fake_obs: FakeObs, *, step_s: float, away_s: float
) -> tuple[Console, int, int, float]:
    """A 60 s lottery and a 60 s poll open 15 s when the state is kept (the wall clock stepped
    by `step_s` meanwhile); the console dies, and one started `away_s` later resumes the show
    on a steady clock of its own. The new console, the lottery's and poll's ids, and the wall
    time they opened at."""
    before = Console(world, wall, steady := Clock(1000.0), fake_obs)
    await before.show.recorder.start("福袋专场")
    opened = wall.now
    lottery = before.interaction.open_lottery("666", 1, 60)
    poll = before.interaction.open_poll("哪个颜色?", ["红", "蓝"], 60)
    before.say(("小明", "666", "u1"), ("阿花", "2", "u2"))
    _later(10, wall, steady)
    wall.now += step_s
    _later(5, wall, steady)
    assert before.keeper.save_now()
    wall.now += away_s
    after = Console(world, wall, Clock(7.0), fake_obs)  # a new process: another steady clock
    await after.show.resume()
    return after, lottery.id, poll.id, opened


async def test_a_window_carries_on_from_what_it_had_left_when_kept(
    fake_obs: FakeObs, clock: Clock
) -> None:
    """The wall clock was set back 5 minutes while the poll ran: what it had left when kept,
    less the 20 s away, is left (not its wall-clock opening plus 60 s: 5 minutes more)."""
    world = World()
    after, lottery_id, poll_id, _opened = await _saved_and_resumed(
        world, clock, fake_obs, step_s=-300, away_s=20
    )
    state = after.interaction.state()
    assert state.lottery is not None
    assert state.poll is not None
    assert (state.lottery.id, state.lottery.taking_entries, state.lottery.remaining_s) == (
        lottery_id, True, 25.0,
    )  # fmt: skip
    assert (state.poll.id, state.poll.open, state.poll.remaining_s) == (poll_id, True, 25.0)


async def test_a_poll_whose_time_ran_out_while_away_is_logged_closed_when_it_did(
    fake_obs: FakeObs, clock: Clock
) -> None:
    world = World()
    after, lottery_id, poll_id, opened = await _saved_and_resumed(
        world, clock, fake_obs, step_s=0, away_s=1200
    )
    after.keeper.tick()
    closes = world.log.of_kind(kinds.POLL_CLOSE)
    assert [(c.data["id"], c.data["counts"], c.t) for c in closes] == [
        (poll_id, [0, 1], opened + 60)
    ]
    state = after.interaction.state()
    assert state.poll is not None
    assert not state.poll.open
    # the lottery's entries stopped too: it waits for the host's draw, and nothing is logged of
    # its window's end (a 福袋 is never drawn while the console was away)
    assert state.lottery is not None
    assert (state.lottery.open, state.lottery.taking_entries) == (True, False)
    assert not world.log.of_kind(kinds.LOTTERY_DRAW) + world.log.of_kind(kinds.LOTTERY_CLOSE)
    assert state.lottery.id == lottery_id


def test_a_part_kept_before_the_time_left_was_kept_is_read_by_the_wall_clock() -> None:
    """A LiveDesk before this one kept only when it opened (wall clock): the window closes
    `seconds` after it, and a poll that ran out is logged closed at that moment."""
    wall, steady = Clock(T0 + 20), Clock(3.0)
    service, log = _service(wall, steady)
    service.restore({
        "next_id": 3,
        "lottery": {"id": 1, "keyword": "666", "winners": 1, "opened_at": T0, "seconds": 60,
                    "exclude_previous_winners": False, "excluded": [],
                    "entrants": [["douyin", "小明", "u1"]], "drawn": None},
        "poll": {"id": 2, "question": "Q?", "options": ["a", "b"], "opened_at": T0 - 100,
                 "answer": None, "seconds": 60, "open": True, "revealed": False,
                 "closed_at": None, "ballots": [["douyin", "甲", None, 1]]},
    })  # fmt: skip
    state = service.state()
    assert state.lottery is not None
    assert state.poll is not None
    assert (state.lottery.taking_entries, state.lottery.remaining_s) == (True, 40.0)
    assert (state.poll.open, state.poll.counts) == (False, (0, 1))
    assert [e.t for e in log.of_kind(kinds.POLL_CLOSE)] == [T0 - 40]
    _later(40.5, wall, steady)
    assert not service.state().lottery.taking_entries  # type: ignore[union-attr]


def test_the_kept_part_says_what_was_left_at_which_wall_time() -> None:
    wall, steady = Clock(T0), Clock(1000.0)
    service, _log = _service(wall, steady)
    service.open_lottery("666", 1, 60)
    service.open_poll("Q?", ["a", "b"], 90)
    _later(12.5, wall, steady)
    wall.now -= 300
    kept = service.snapshot()
    assert (kept["lottery"]["remaining_s"], kept["lottery"]["saved_at"]) == (47.5, wall.now)
    assert (kept["poll"]["remaining_s"], kept["poll"]["saved_at"]) == (77.5, wall.now)
    assert kept["lottery"]["opened_at"] == kept["poll"]["opened_at"] == T0  # a time of day


def _part(**more: Any) -> dict[str, Any]:
    return {"id": 1, "keyword": "666", "winners": 1, "opened_at": T0, "seconds": 60,
            "entrants": [], "drawn": None, **more}  # fmt: skip


def test_time_left_that_cannot_be_is_read_by_the_wall_clock_or_held_to_the_window() -> None:
    now = saved.Now(wall=T0 + 20, steady=5.0)
    for damaged in ({"remaining_s": "x", "saved_at": T0}, {"remaining_s": 30, "saved_at": None},
                    {"remaining_s": float("nan"), "saved_at": T0}):  # fmt: skip
        assert saved.lottery_from_saved(_part(**damaged), now=now).remaining(5.0) == 40.0
    # more left than the window is long: the window
    long = saved.lottery_from_saved(_part(remaining_s=10**6, saved_at=T0 + 20), now=now)
    assert long.remaining(5.0) == 60.0
    # the wall clock set back between the save and the resume: no time away
    back = saved.lottery_from_saved(_part(remaining_s=30, saved_at=T0 + 500), now=now)
    assert back.remaining(5.0) == 30.0
    # untimed, or read without a moment (the closing of a show left open): no window
    assert saved.lottery_from_saved(_part(seconds=None), now=now).remaining(5.0) is None
    assert saved.lottery_from_saved(_part()).closes_at is None
