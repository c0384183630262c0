"""The thanks overlay (gift alerts): the alert queue (bursts coalesced, bounded, timed on an
injected clock), the service that feeds it from the audience while the producer has it on, and
its on/off route."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.domain.audience import Comment, IncomingComment, Kind
from app.domain.thanks_overlay import AlertQueue, action_text, money_text, thanks_card
from app.services.events import Event, ThanksOverlayChanged
from app.services.overlays import THANKS_UPDATE_S
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock

TOKEN = "thanks-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def gift(user: str, count: int = 1, name: str = "小心心", *, value: float = 0.1) -> Comment:
    return Comment(id=1, platform="bilibili", user=user, text="", ts=0.0, kind=Kind.GIFT,
                   gift=name, count=count, value=value * count, currency="CNY")  # fmt: skip


def item(kind: Kind, user: str, text: str = "", **extra: object) -> Comment:
    return Comment(id=1, platform="youtube", user=user, text=text, ts=0.0, kind=kind, **extra)  # type: ignore[arg-type]


# ----- the queue -----------------------------------------------------------------------------
def test_an_alert_shows_at_once_and_goes_after_its_time() -> None:
    queue = AlertQueue(show_s=4.0)
    assert queue.add(gift("小红", 30), now=100.0)
    alert = queue.alert()
    assert alert is not None
    assert (alert.user, alert.gift, alert.count) == ("小红", "小心心", 30)
    assert action_text(alert) == "送出 小心心 ×30"
    assert queue.due() == 104.0
    assert not queue.advance(103.9)
    assert queue.advance(104.0)
    assert queue.alert() is None
    assert queue.due() is None
    assert [r.user for r in queue.recent()] == ["小红"]  # the supporters stay


def test_a_burst_from_one_viewer_is_one_alert_with_a_running_total() -> None:
    queue = AlertQueue(show_s=4.0, max_show_s=10.0)
    for step in range(50):  # a combo: a gift every 0.1 s
        queue.add(gift("小红", 3), now=100.0 + step * 0.1)
    alert = queue.alert()
    assert alert is not None
    assert (alert.count, alert.items) == (150, 50)
    assert alert.value == pytest.approx(15.0)
    assert len(queue) == 0  # nothing queued behind it
    assert queue.due() == pytest.approx(108.9)  # 4 s after the last gift
    # the combo goes on past the longest an alert stays (10 s): the rest is the next alert
    times = [104.9 + step * 0.1 for step in range(1, 61)]  # to 110.9
    for now in times:
        queue.add(gift("小红", 1), now=now)
        queue.advance(now)
    alert = queue.alert()
    assert alert is not None
    assert queue.shown_at == pytest.approx(110.0, abs=0.11)
    assert alert.count == sum(1 for now in times if now >= queue.shown_at)  # a fresh total
    assert 5 <= alert.count <= 12


def test_the_longest_an_alert_stays_is_bounded() -> None:
    queue = AlertQueue(show_s=4.0, max_show_s=10.0)
    now = 0.0
    while now < 30:
        queue.add(gift("小红"), now)
        queue.advance(now)
        now += 0.5
    assert queue.due() is not None
    assert queue.until - queue.shown_at <= 10.0
    assert queue.dropped == 0


def test_the_queue_is_bounded_and_drops_the_oldest() -> None:
    queue = AlertQueue(show_s=4.0, limit=5)
    for n in range(1000):  # a flood: a thousand viewers at once
        queue.add(gift(f"viewer{n}"), now=0.0)
    assert len(queue) == 5
    assert queue.dropped == 1000 - 1 - 5  # the first on screen, the last five waiting
    showing = queue.alert()
    assert showing is not None
    assert showing.user == "viewer0"
    seen = []
    now = 0.0
    while queue.alert() is not None:
        now += 4.0
        queue.advance(now)
        if (alert := queue.alert()) is not None:
            seen.append(alert.user)
    assert seen == [f"viewer{n}" for n in range(995, 1000)]  # the newest, in order
    assert now == 24.0  # the flood is over on screen within six alerts' time


def test_a_viewer_waiting_gathers_in_their_place() -> None:
    queue = AlertQueue(show_s=4.0)
    queue.add(gift("甲"), now=0.0)
    queue.add(gift("乙", 1), now=0.1)
    queue.add(gift("丙", 1), now=0.2)
    queue.add(gift("乙", 9), now=0.3)
    assert len(queue) == 2
    queue.advance(4.0)
    alert = queue.alert()
    assert alert is not None
    assert (alert.user, alert.count, alert.items) == ("乙", 10, 2)
    queue.advance(8.0)
    assert queue.alert() is not None
    assert queue.alert().user == "丙"


def test_other_gifts_and_kinds_are_their_own_alerts_and_comments_none() -> None:
    queue = AlertQueue(show_s=4.0, recent=3)
    assert not queue.add(Comment(id=1, platform="douyin", user="a", text="hi", ts=0.0), 0.0)
    assert not queue.add(item(Kind.LIKE, "a", count=30), 0.0)
    assert not queue.add(item(Kind.VIEWERS, "", count=300), 0.0)
    queue.add(gift("小红", 1, "小心心"), 0.0)
    queue.add(gift("小红", 1, "嘉年华"), 0.0)
    queue.add(item(Kind.FOLLOW, "小明"), 0.0)
    queue.add(item(Kind.SUPERCHAT, "Sam", text="great show", value=5.0, currency="USD"), 0.0)
    assert len(queue) == 3
    assert [r.user for r in queue.recent()] == ["Sam", "小明", "小红"]  # newest first, bounded
    actions = []
    for step in range(4):
        alert = queue.alert()
        assert alert is not None
        actions.append(action_text(alert))
        queue.advance(4.0 * (step + 1))
    assert actions == ["送出 小心心 ×1", "送出 嘉年华 ×1", "关注了直播间", "醒目留言 $5"]


def test_texts_and_card() -> None:
    assert money_text(30.0, "CNY") == "¥30"
    assert money_text(4.99, "usd") == "$4.99"
    assert money_text(100, "bits") == "100 bits"
    assert money_text(1000, "电池") == "1000 电池"
    member = item(Kind.MEMBER, "小王", gift="舰长", count=1)
    queue = AlertQueue()
    assert thanks_card(queue.alert(), queue.recent()) is None
    queue.add(member, 0.0)
    card = thanks_card(queue.alert(), queue.recent())
    assert card is not None
    assert card["alert"]["action"] == "开通 舰长 ×1"
    assert card["alert"]["user"] == "小王"
    assert card["recent"] == [{"user": "小王", "platform": "youtube", "kind": "member",
                               "action": "开通 舰长 ×1"}]  # fmt: skip
    long = item(Kind.SUPERCHAT, "S", text="x" * 500, value=30.0, currency="CNY")
    queue.add(long, 0.0)
    queue.advance(10.0)
    card = thanks_card(queue.alert(), queue.recent())
    assert card is not None
    assert len(card["alert"]["message"]) == 60


def test_the_queue_stays_bounded_under_a_flood() -> None:
    """100,000 gifts from 20,000 viewers (its cost per gift: make bench)."""
    queue = AlertQueue()
    for n in range(100_000):
        queue.add(gift(f"v{n % 20_000}", 1), n * 0.0001)
    assert len(queue) <= 8


# ----- the service ---------------------------------------------------------------------------
@pytest.fixture
def mono() -> Clock:
    return Clock(1000.0)


@pytest.fixture
def log() -> MemoryLog:
    return MemoryLog()


@pytest.fixture
def thanks_show(mono: Clock, log: MemoryLog) -> Show:
    return build_show(FakeObs(), log, monotonic=mono)


def _told(events: list[Event]) -> list[ThanksOverlayChanged]:
    return [e for e in events if isinstance(e, ThanksOverlayChanged)]


def _gifts(show: Show, *users: str, count: int = 1) -> None:
    assert show.audience is not None
    show.audience.ingest([IncomingComment("bilibili", user, "", kind=Kind.GIFT, gift="小心心",
                                          count=count, value=0.1, currency="CNY")
                          for user in users])  # fmt: skip


async def test_off_by_default_and_gifts_are_ignored_while_off(thanks_show: Show) -> None:
    seen: list[Event] = []
    thanks_show.bus.listen(seen.append)
    overlays = thanks_show.overlays
    assert overlays.thanks_state().on is False
    assert overlays.view()["thanks"] is None
    _gifts(thanks_show, "小红")
    assert _told(seen) == []
    assert overlays.thanks_state().recent == ()


async def test_on_gifts_show_and_go_after_their_time(
    thanks_show: Show, mono: Clock, log: MemoryLog
) -> None:
    seen: list[Event] = []
    thanks_show.bus.listen(seen.append)
    overlays = thanks_show.overlays
    overlays.alerts = AlertQueue(show_s=0.2)  # short alerts: the test waits on the loop
    overlays.show_thanks(origin="api")
    assert _told(seen)[-1].thanks.on is True
    assert overlays.view()["thanks"] is None  # on, but nothing to thank yet
    _gifts(thanks_show, "小红", count=30)
    state = overlays.thanks_state()
    assert state.alert is not None
    assert state.alert.count == 30
    card = overlays.view()["thanks"]
    assert card["alert"]["action"] == "送出 小心心 ×30"
    assert overlays.state().thanks == state
    # the alert's timer: on the loop, at the injected clock's due time
    mono.now += 0.2
    await asyncio.sleep(0.3)
    assert overlays.thanks_state().alert is None
    assert overlays.view()["thanks"]["recent"][0]["user"] == "小红"
    overlays.hide_thanks(origin="api")
    assert overlays.thanks_state() == type(state)(on=False, dropped=0)
    assert overlays.view()["thanks"] is None
    logged = [(e.kind, e.data) for e in log.entries if e.kind.startswith("overlay.thanks")]
    assert logged == [(kinds.THANKS_OVERLAY_SHOW, {"origin": "api"}),
                      (kinds.THANKS_OVERLAY_HIDE, {"origin": "api"})]  # fmt: skip


async def test_a_flood_tells_the_renderers_a_few_times_a_second(
    thanks_show: Show, mono: Clock
) -> None:
    seen: list[Event] = []
    thanks_show.bus.listen(seen.append)
    thanks_show.overlays.show_thanks()
    mono.now += 1.0
    before = len(_told(seen))
    for batch in range(100):  # 100 batches of 50 gifts within 0.2 s of the clock
        _gifts(thanks_show, *(f"v{batch}-{n}" for n in range(50)))
        mono.now += 0.002
    told = _told(seen)[before:]
    assert len(told) == 1  # the first at once; the rest wait for the flush
    await asyncio.sleep(THANKS_UPDATE_S + 0.05)
    told = _told(seen)[before:]
    assert len(told) == 2
    assert told[-1].thanks.waiting == 8
    assert told[-1].thanks.dropped > 4000


async def test_on_off_survives_resume(thanks_show: Show) -> None:
    overlays = thanks_show.overlays
    overlays.show_thanks()
    saved = overlays.snapshot()
    assert saved["thanks"] is True
    again = build_show(FakeObs(), MemoryLog())
    again.overlays.restore(saved, 10.0)
    assert again.overlays.thanks_on is True
    again.overlays.restore({"product": None}, 0.0)  # a snapshot from before the thanks overlay
    assert again.overlays.thanks_on is False


# ----- the route -----------------------------------------------------------------------------
@pytest.fixture
async def client(thanks_show: Show) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(thanks_show, TOKEN))) as test_client:
        yield test_client


async def test_the_route_turns_it_on_and_off(client: TestClient, thanks_show: Show) -> None:
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["overlay"]["thanks"] == {"on": False, "alert": None, "recent": [],
                                          "waiting": 0, "dropped": 0}  # fmt: skip
    on = await client.post("/api/overlay/thanks", headers=AUTH)
    assert on.status == 200, await on.text()
    assert (await on.json())["thanks"]["on"] is True
    assert (await client.post("/api/overlay/thanks", headers=AUTH)).status == 200  # again: fine
    _gifts(thanks_show, "<img src=x onerror=alert(1)>", count=2)
    state = await (await client.get("/api/state", headers=AUTH)).json()
    alert = state["overlay"]["thanks"]["alert"]
    assert alert["user"] == "<img src=x onerror=alert(1)>"
    assert (alert["kind"], alert["gift"], alert["count"]) == ("gift", "小心心", 2)
    off = await client.delete("/api/overlay/thanks", headers=AUTH)
    assert off.status == 200
    assert (await off.json())["thanks"]["on"] is False
    assert (await client.post("/api/overlay/thanks")).status == 401
