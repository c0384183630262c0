"""Two producers press at once (two Stream Decks, Space and a Companion button): the run-sheet's
actions that change what is on air run one after the other, in the order pressed, so the stream
always shows the live segment and standby is what the console says.

Each race is reproduced without timing: OBS is held from taking a scene (`SlowObs.hold`) until
the other press has run as far as it can, then let through."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from decimal import Decimal
from typing import Any

import pytest

from app.domain import log_events as kinds
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.runsheet import RunSheet, Segment
from app.services.show import Show
from app.services.show_runner import CueResult
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock

SWITCHES = frozenset({"SetCurrentProgramScene", "SetCurrentPreviewScene"})


class SlowObs(FakeObs):
    """OBS slow to take a scene: after `hold`, every scene switch waits for `let_through`;
    `arrived` tells the test that one is waiting."""

    def __init__(self) -> None:
        super().__init__(["开场", "商品特写", "讲课", "马上回来"])
        self._gate: asyncio.Event | None = None
        self.arrived = asyncio.Event()

    def hold(self) -> None:
        self._gate, self.arrived = asyncio.Event(), asyncio.Event()

    def let_through(self) -> None:
        assert self._gate is not None
        self._gate.set()
        self._gate = None

    async def call(self, request_type: str, **data: Any) -> dict[str, Any]:
        gate = self._gate
        if gate is not None and request_type in SWITCHES:
            self.arrived.set()
            await gate.wait()
        return await super().call(request_type, **data)


@pytest.fixture
def fake_obs() -> SlowObs:
    return SlowObs()


async def settle() -> None:
    """Let every task that can go on run until it waits (on OBS, or its turn); no time passes."""
    for _ in range(20):
        await asyncio.sleep(0)


CATALOG = Catalog(
    products=(Product("GIM-S5", "稳定器 S5", Decimal("899")),
              Product("LENS-KIT3", "镜头套装", Decimal("1299"))),
    coupons=(Coupon("FANS30", "粉丝立减 30", "¥30", seconds=120),
             Coupon("KIT100", "套装立减 100", "¥100", seconds=300)),
)  # fmt: skip


async def _on_air(show: Show, obs: SlowObs, *segments: Segment) -> None:
    """OBS connected, the sheet loaded and its first segment cued (OBS not held yet)."""
    await show.obs.resync(await obs.connect())
    await show.runner.load(RunSheet(segments, catalog=CATALOG, title="稳定器专场"))
    await show.runner.next()


async def _at_once(obs: SlowObs, first: Awaitable[Any], second: Awaitable[Any]) -> tuple[Any, Any]:
    """`first` pressed, and `second` while OBS is still taking the scene `first` asked for."""
    obs.hold()
    one = asyncio.ensure_future(first)
    await obs.arrived.wait()
    two = asyncio.ensure_future(second)
    await settle()
    obs.let_through()
    first_answer, second_answer = await asyncio.gather(one, two)
    return first_answer, second_answer


# ----- two Next presses -------------------------------------------------------------------------
async def test_two_next_presses_at_once_leave_the_live_segment_s_card_and_coupon_on_screen(
    show: Show, fake_obs: SlowObs, memory_log: MemoryLog
) -> None:
    """Segment 1's cue waits for OBS to take 商品特写 while the second press cues segment 2
    (no scene of its own): the second cue runs after the first, not in its wait, so segment 2's
    card and coupon are on screen, not segment 1's put up over them."""
    await _on_air(show, fake_obs,
                  Segment("开场", 60, scene="开场"),
                  Segment("稳定器", 60, scene="商品特写", product="GIM-S5", coupon="FANS30"),
                  Segment("镜头套装", 60, product="LENS-KIT3", coupon="KIT100"))  # fmt: skip
    one, two = await _at_once(fake_obs, show.runner.next(origin="api"),
                              show.runner.next(origin="api"))  # fmt: skip
    assert (one.index, two.index) == (1, 2)  # two presses, two cues
    state = show.runner.state()
    assert state.current is not None
    assert state.current.title == "镜头套装"
    assert (show.overlays.product, show.overlays.coupon_code) == ("LENS-KIT3", "KIT100")
    assert fake_obs.program == "商品特写"
    # segment 1's cue was whole before segment 2's began
    entries = memory_log.entries
    second_cue = next(i for i, e in enumerate(entries)
                      if e.kind == kinds.SEGMENT_START and e.data["index"] == 2)  # fmt: skip
    first_cue = [
        i
        for i, e in enumerate(entries)
        if (
            (e.kind, e.data.get("scene")) == (kinds.ACTION_SCENE, "商品特写")
            or (e.kind, e.data.get("sku")) == (kinds.PRODUCT_SHOW, "GIM-S5")
            or (e.kind, e.data.get("code")) == (kinds.COUPON_START, "FANS30")
        )
    ]
    assert len(first_cue) == 3
    assert max(first_cue) < second_cue


# ----- Standby and Next -------------------------------------------------------------------------
@pytest.mark.parametrize("standby_first", [True, False])
async def test_standby_and_next_at_once_leave_the_console_saying_what_is_on_air(
    show: Show, fake_obs: SlowObs, monotonic: Clock, standby_first: bool
) -> None:
    """Standby first: the cue that follows ends it (segment 1 live on 讲课, clock and coupon
    running). Next first: standby then leaves segment 1 on air and returns to 讲课, never to
    segment 0's 开场."""
    await _on_air(show, fake_obs,
                  Segment("开场", 60, scene="开场", coupon="FANS30"),
                  Segment("讲课", 600, scene="讲课"))  # fmt: skip
    runner = show.runner
    monotonic.now += 30
    presses = (runner.toggle_standby(origin="api"), runner.next(origin="api"))
    first, second = await _at_once(fake_obs, *(presses if standby_first else presses[::-1]))
    standby, cue = (first, second) if standby_first else (second, first)
    assert isinstance(cue, CueResult)
    assert cue.index == 1
    countdown = show.overlays.countdown
    assert countdown is not None
    if standby_first:
        assert standby is True
        assert (fake_obs.program, runner.in_standby) == ("讲课", False)
        monotonic.now += 10
        assert runner.state().elapsed_s == 10  # the clock runs
        assert not countdown.paused
        assert await runner.toggle_standby() is True  # the next press goes to standby
        assert fake_obs.program == "马上回来"
    else:
        assert standby is True
        assert (fake_obs.program, runner.in_standby) == ("马上回来", True)
        assert countdown.paused
    assert await runner.toggle_standby() is False
    assert fake_obs.program == "讲课"  # the live segment's scene
    assert not countdown.paused


# ----- End show and Next ------------------------------------------------------------------------
async def test_end_show_pressed_during_a_cue_ends_what_the_cue_put_up(
    show: Show, fake_obs: SlowObs, memory_log: MemoryLog
) -> None:
    """The cue under way finishes inside the show; End show then ends its segment, takes its
    card and coupon down and closes its poll, all logged before the show's end."""
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(RunSheet((
        Segment("开场", 60, scene="开场"),
        Segment("稳定器", 60, scene="商品特写", product="GIM-S5", coupon="FANS30",
                interaction="poll: 买不买? | 买 | 不买"),
    ), catalog=CATALOG))  # fmt: skip
    session = await show.recorder.start("稳定器专场")
    await show.runner.next()
    cue, ended = await _at_once(fake_obs, show.runner.next(origin="api"), show.recorder.end())
    assert cue.index == 1
    assert ended.id == session.id
    assert show.recorder.session is None
    assert show.runner.state().finished
    assert (show.overlays.product, show.overlays.countdown) == (None, None)
    poll = show.interaction.state().poll
    assert poll is not None
    assert not poll.open
    entries = memory_log.entries
    assert entries[-1].kind == kinds.SESSION_END  # nothing filed after the show's end
    assert all(
        e.session_id == session.id
        for e in entries
        if e.kind in (kinds.PRODUCT_SHOW, kinds.COUPON_START, kinds.POLL_OPEN, kinds.SEGMENT_END)
    )
    assert [e.data["index"] for e in memory_log.of_kind(kinds.SEGMENT_END)] == [0, 1]


# ----- Standby twice ----------------------------------------------------------------------------
async def test_standby_pressed_twice_at_once_is_two_toggles_and_the_clock_runs_on(
    show: Show, fake_obs: SlowObs, monotonic: Clock
) -> None:
    await _on_air(show, fake_obs, Segment("开场", 600, scene="开场", coupon="FANS30"))
    runner = show.runner
    monotonic.now += 30
    answers = await _at_once(fake_obs, runner.toggle_standby(origin="api"),
                             runner.toggle_standby(origin="api"))  # fmt: skip
    assert answers == (True, False)  # on, then off
    assert (fake_obs.program, runner.in_standby) == ("开场", False)
    monotonic.now += 10
    assert runner.state().elapsed_s == 40  # the clock runs again
    countdown = show.overlays.countdown
    assert countdown is not None
    assert not countdown.paused
    assert await runner.toggle_standby() is True
    monotonic.now += 100  # away: the clock waits
    assert await runner.toggle_standby() is False
    monotonic.now += 5
    assert runner.state().elapsed_s == 45


# ----- a run-sheet loaded as Next is pressed ----------------------------------------------------
async def test_a_cue_pressed_during_a_load_cues_the_new_sheet(
    show: Show, fake_obs: SlowObs
) -> None:
    """The load (copying the products' images) finishes first, so the cue does not put the old
    sheet's card up over a sheet with nothing live."""
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(RunSheet((Segment("旧开场", 60, product="GIM-S5"),), catalog=CATALOG))
    copying, copied = asyncio.Event(), asyncio.Event()

    async def import_media(catalog: Catalog) -> Catalog:
        copying.set()
        await copied.wait()
        return catalog

    show.runner.import_media = import_media
    new = RunSheet((Segment("新开场", 60, product="LENS-KIT3"),), catalog=CATALOG)
    load = asyncio.ensure_future(show.runner.load(new))
    await copying.wait()
    cue = asyncio.ensure_future(show.runner.next())
    await settle()
    copied.set()
    await load
    result = await cue
    assert result.title == "新开场"
    assert show.runner.state().current is not None
    assert show.overlays.product == "LENS-KIT3"
