"""/api/state's JSON is made at the web edge from the typed ShowState: pinned, byte for byte.

tests/data/api_state.json holds the bodies the dict-building code answered before the state was
typed, for shows in several situations; the typed state must turn into exactly the same text
(keys, their order, and ints staying ints)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.adapters.web.state_json import state_json
from app.domain.obs_state import OutputStats
from app.services.event_bus import EventBus
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.ports import ConnectProblem
from app.services.session import ShowRecorder
from app.services.show import Show
from app.services.show_runner import ShowRunner
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog, MemoryLog
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock
from tests.unit.test_resume import World, _mid_show, console
from tests.unit.test_show_runner import SHEET

PINNED = Path(__file__).parent.parent / "data" / "api_state.json"

Body = Callable[[Show], dict[str, Any]]


def _bare() -> Show:
    log, bus, fake, mono = MemoryLog(), EventBus(), FakeObs(), Clock(1000.0)
    recorder = ShowRecorder(log, bus, clock=Clock())
    obs = ObsControl(fake, recorder, bus, clock=Clock())
    overlays = OverlayControl(recorder, bus, lambda: runner.catalog(), clock=mono)
    runner = ShowRunner(obs, overlays, recorder, bus, MemoryCatalog(), clock=mono)
    return Show(bus, recorder, obs, overlays, runner)


async def _bodies(body: Body) -> dict[str, dict[str, Any]]:
    """/api/state in each situation, as `body` makes it from the show."""
    out = {"bare": body(_bare())}
    studio, mono = FakeObs(), Clock(1000.0)
    studio.studio_mode = True
    opening = build_show(studio, MemoryLog(), wall=Clock(), monotonic=mono)
    await opening.obs.resync(await studio.connect())
    await opening.runner.load(SHEET)
    await opening.runner.next()
    opening.runner.tick_point(0, 1, True)
    mono.now += 30
    out["opening"] = body(opening)
    world, fake, clock, mono = World(), FakeObs(), Clock(), Clock(1000.0)
    before = console(world, fake, clock, mono)
    show = before.show
    await _mid_show(show, fake, clock, mono)
    assert show.audience is not None
    show.audience.source_status(
        {"source": "bilibili", "state": "connected", "message": "", "received": 3, "gaps": 0,
         "last_gap_s": None, "platform": "bilibili"}
    )  # fmt: skip
    stats = OutputStats(3.5, 30.0, 1, 100, 2, 200, "00:01:02.000", None, 1234, 2500.5)
    show.obs.state = replace(show.obs.state, stats=stats)
    out["mid"] = body(show)
    show.overlays.pause()
    out["paused_coupon"] = body(show)
    show.obs.disconnected(ConnectProblem("refused", "OBS refused", "Start OBS"))
    out["disconnected"] = body(show)
    assert before.keeper.save_now()
    clock.now += 12
    mono.now += 5000
    after = console(world, fake, clock, mono)
    out["interrupted"] = body(after.show)
    await after.show.resume()
    await after.show.runner.next()  # past the last segment: the run-sheet is finished
    out["finished"] = body(after.show)
    return out


def _text(bodies: dict[str, dict[str, Any]]) -> str:
    return json.dumps(bodies, ensure_ascii=False, indent=1) + "\n"


async def test_api_state_json_is_unchanged() -> None:
    bodies = await _bodies(lambda show: state_json(show.state()))
    assert _text(bodies) == PINNED.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["bare", "mid", "disconnected", "interrupted"])
async def test_each_body_is_json_ready(name: str) -> None:
    """Nothing but JSON types: the route and the websocket's hello send it as it is."""
    bodies = await _bodies(lambda show: state_json(show.state()))
    assert json.loads(json.dumps(bodies[name])) == bodies[name]


async def test_the_audience_gains_the_room_beyond_comments() -> None:
    """Viewers (each platform's latest count summed) and their peak, likes, gifts and their
    value, follows and entries: after the keys the first clients read."""
    from app.domain.audience import IncomingComment, Kind

    clock = Clock()
    show = build_show(FakeObs(), MemoryLog(), wall=clock)
    audience = show.audience
    assert audience is not None
    now = clock.now
    audience.ingest([
        IncomingComment("bilibili", "", "", kind=Kind.VIEWERS, count=900, ts=now),
        IncomingComment("douyin", "", "", kind=Kind.VIEWERS, count=300, ts=now),
        IncomingComment("bilibili", "小红", "", kind=Kind.GIFT, gift="小心心", count=3,
                        value=0.3, currency="CNY", ts=now),
        IncomingComment("bilibili", "小明", "", kind=Kind.GIFT, gift="嘉年华", count=1,
                        value=20.05, currency="CNY", ts=now),
        IncomingComment("bilibili", "amy", "", kind=Kind.LIKE, count=40, ts=now),
        IncomingComment("douyin", "bob", "", kind=Kind.FOLLOW, ts=now),
        IncomingComment("douyin", "cat", "", kind=Kind.ENTER, ts=now),
        IncomingComment("bilibili", "", "", kind=Kind.VIEWERS, count=500, ts=now),
        IncomingComment("douyin", "dan", "讲得好", ts=now),
    ])  # fmt: skip
    body = state_json(show.state())
    audience_body = body["audience"]
    assert list(audience_body)[:2] == ["sources", "pulse"]  # the first keys stay first
    assert {k: audience_body[k] for k in list(audience_body)[2:]} == {
        "viewers": 800, "viewers_peak": 1200, "likes": 40, "gifts": 4, "gifts_value": 20.35,
        "gifts_value_by_currency": {"CNY": 20.35}, "follows": 1, "enters": 1,
    }  # fmt: skip
    assert body["counts"]["comments"] == 1  # gifts and follows are not comments
    assert json.loads(json.dumps(body)) == body
    # the pulse's own JSON keeps its three keys; the slice has the room minute by minute
    assert list(audience_body["pulse"]) == [
        "comments_per_minute", "questions_per_minute", "purchase_rate"
    ]  # fmt: skip
    pulse = show.state().audience.pulse  # type: ignore[union-attr]
    assert (pulse.likes_per_minute[-1], pulse.gifts_per_minute[-1]) == (40, 4)
    assert (pulse.follows_per_minute[-1], pulse.viewers_per_minute[-1]) == (1, 1200)


async def test_the_gift_value_is_given_per_currency_too() -> None:
    """`gifts_value` adds yuan, dollars and bits into one number, as it always did; beside it
    `gifts_value_by_currency` says what it is made of (as the report's JSON does)."""
    from app.domain.audience import IncomingComment, Kind

    show = build_show(FakeObs(), MemoryLog(), wall=Clock())
    audience = show.audience
    assert audience is not None
    audience.ingest([
        IncomingComment("bilibili", "小红", "", kind=Kind.GIFT, gift="辣条", count=10,
                        value=10.0, currency="CNY"),
        IncomingComment("youtube", "amy", "hi", kind=Kind.SUPERCHAT, value=5.0, currency="USD"),
        IncomingComment("twitch", "bob", "gg", kind=Kind.SUPERCHAT, value=100.0,
                        currency="bits"),
    ])  # fmt: skip
    room = state_json(show.state())["audience"]
    assert room["gifts_value"] == 115.0
    assert room["gifts_value_by_currency"] == {"bits": 100.0, "CNY": 10.0, "USD": 5.0}
    assert list(room)[-3:] == ["gifts_value_by_currency", "follows", "enters"]
