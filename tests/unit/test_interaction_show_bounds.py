"""Interaction over a show's life: "previous winners" are this show's (a resume brings them
back); a timed poll closes at its time on the runtime's tick, with no comment nor request; a
refused lottery, poll or check-in takes no id."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.domain.audience import Comment
from app.domain.interaction.viewers import Viewer
from app.services.errors import BadInput
from app.services.event_bus import EventBus
from app.services.events import PollChanged
from app.services.interaction import Interaction
from app.services.session import ShowRecorder
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock
from tests.unit.test_resume_interaction import Console, World

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
T0 = 1_700_000_000.0
FAN = Viewer("douyin", "老粉", "f1")


def _entry(n: int, text: str, viewer: Viewer = FAN) -> Comment:
    return Comment(n, viewer.platform, viewer.user, text, T0 + n, user_id=viewer.user_id)


def _service(
    clock: Clock, steady: Clock | None = None
) -> tuple[Interaction, ShowRecorder, MemoryLog]:
    log, bus = MemoryLog(), EventBus()
    recorder = ShowRecorder(log, bus, clock=clock)
    seeds = iter(f"seed-{i}" for i in range(100))
    service = Interaction(recorder, bus, clock=clock, steady=steady or Clock(1000.0),
                          seed=lambda: next(seeds))  # fmt: skip
    return service, recorder, log


def _later(seconds: float, *clocks: Clock) -> None:
    """Time passes: on the wall clock and the steady one alike."""
    for clock in clocks:
        clock.now += seconds


# ----- previous winners are this show's ---------------------------------------------------------
async def test_the_winners_of_an_earlier_show_are_not_previous_winners(clock: Clock) -> None:
    service, recorder, _log = _service(clock)
    await recorder.start("第一场")
    first = service.open_lottery("福袋", 1)
    service.take([_entry(1, "福袋")])
    assert service.draw(first.id).winners == (FAN,)
    await recorder.end()

    await recorder.start("第二场")
    second = service.open_lottery("福袋", 1, exclude_previous_winners=True)
    assert second.excluded == frozenset()
    service.take([_entry(2, "福袋")])
    assert service.draw(second.id).winners == (FAN,)
    # within the show they are previous winners
    third = service.open_lottery("福袋", 1, exclude_previous_winners=True)
    service.take([_entry(3, "福袋")])
    assert service.lottery(third.id).entrants == 0


async def test_a_resumed_show_keeps_its_winners_excluded(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    world = World()
    before = Console(world, clock, monotonic, fake_obs)
    await before.show.recorder.start("福袋专场")
    lottery = before.interaction.open_lottery("666", 1)
    before.say(("老粉", "666", "f1"))
    before.interaction.draw(lottery.id)
    assert before.keeper.save_now()
    clock.now += 10
    after = Console(world, clock, monotonic, fake_obs)
    await after.show.resume()
    again = after.interaction.open_lottery("666", 1, exclude_previous_winners=True)
    assert again.excluded == {FAN.key}


# ----- a timed poll closes at its time ----------------------------------------------------------
async def test_the_keepers_tick_closes_a_timed_poll_at_its_time(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    """No comment arrives and nothing reads the poll: the tick the runtime runs every quarter
    second closes it, logs its results as of its time running out, and keeps it closed for a
    resume at once."""
    world = World()
    run = Console(world, clock, monotonic, fake_obs)
    await run.show.recorder.start("投票")
    poll = run.interaction.open_poll("哪个颜色？", ["红", "蓝"], 2)
    opened = clock.now
    run.say(("小明", "1", "u1"))
    _later(1.5, clock, monotonic)
    run.keeper.tick()
    assert not world.log.of_kind(kinds.POLL_CLOSE)
    _later(1.0, clock, monotonic)  # its time is up
    run.keeper.tick()
    [closed] = world.log.of_kind(kinds.POLL_CLOSE)
    assert (closed.t, closed.data["id"], closed.data["counts"]) == (opened + 2, poll.id, [1, 0])
    told = [e.poll for e in run.seen if isinstance(e, PollChanged)]
    assert not told[-1].open
    assert not run.interaction.listening
    session_id = run.show.recorder.session.id  # type: ignore[union-attr]
    assert world.states.states[session_id][1]["interaction"]["poll"]["open"] is False


def test_the_state_never_reads_a_poll_open_after_its_time(clock: Clock, monotonic: Clock) -> None:
    service, _recorder, log = _service(clock, monotonic)
    poll = service.open_poll("哪个颜色？", ["红", "蓝"], 2)
    opened = clock.now
    _later(3, clock, monotonic)
    state = service.state()
    assert state.poll is not None
    assert (state.poll.id, state.poll.open, state.poll.remaining_s) == (poll.id, False, None)
    assert [e.t for e in log.of_kind(kinds.POLL_CLOSE)] == [opened + 2]  # its time was up then


@pytest.fixture
async def client(
    show: Show, clock: Clock, monotonic: Clock, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[TestClient]:
    # its timed polls on the test's clocks
    monkeypatch.setattr(show.interaction, "_clock", clock)
    monkeypatch.setattr(show.interaction, "_steady", monotonic)
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def test_the_api_state_says_a_timed_poll_closed_when_its_time_is_up(
    client: TestClient, clock: Clock, monotonic: Clock, memory_log: MemoryLog
) -> None:
    opened = await client.post("/api/poll", json={"question": "timed", "options": ["x", "y"],
                                                  "seconds": 2}, headers=AUTH)  # fmt: skip
    assert opened.status == 200
    opened_at = clock.now
    _later(3, clock, monotonic)
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["interaction"]["poll"]["open"] is False
    assert [e.t for e in memory_log.of_kind(kinds.POLL_CLOSE)] == [opened_at + 2]


# ----- a refused one takes no id ----------------------------------------------------------------
def test_refused_settings_take_no_id_and_leave_the_open_poll_open(clock: Clock) -> None:
    service, _recorder, log = _service(clock)
    first = service.open_poll("哪个颜色？", ["红", "蓝"])
    for bad in ({"keyword": ""}, {"keyword": "666", "winners": 0}):
        with pytest.raises(BadInput):
            service.open_lottery(**bad)
    with pytest.raises(BadInput):
        service.open_poll("只有一个?", ["红"])  # not enough options
    with pytest.raises(BadInput):
        service.open_checkin("   ")
    assert service.poll(first.id).open  # a refused poll closes none
    assert not log.of_kind(kinds.POLL_CLOSE)
    assert service.open_lottery("666").id == first.id + 1
    assert service.open_poll("再来?", ["a", "b"]).id == first.id + 2
    assert service.open_checkin("签到").id == first.id + 3


@pytest.mark.parametrize(
    ("path", "bad", "good"),
    [
        ("/api/poll", {"question": "q", "options": ["only"]}, {"question": "q",
                                                               "options": ["a", "b"]}),
        ("/api/lottery", {"keyword": ""}, {"keyword": "666"}),
        ("/api/checkin", {"keyword": ""}, {"keyword": "签到"}),
    ],
)  # fmt: skip
async def test_a_refused_post_uses_up_no_id(
    client: TestClient, path: str, bad: dict[str, Any], good: dict[str, Any]
) -> None:
    for _ in range(3):
        assert (await client.post(path, json=bad, headers=AUTH)).status == 400
    opened = await client.post(path, json=good, headers=AUTH)
    assert opened.status == 200
    assert (await opened.json())["id"] == 1
