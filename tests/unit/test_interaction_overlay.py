"""The interaction overlays: the lottery, poll / quiz and check-in cards in the overlay view, when
they come and go, the producer hiding them, the renderers told a few times a second under a
flood of votes, the routes, and where the native cards sit on a landscape canvas."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.obs.overlay_layout import CARD_SIZES, _overlap, layout
from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.domain.audience import Comment
from app.domain.interaction.viewers import Viewer
from app.domain.interaction_overlay import (
    LINGER_S,
    MAX_WINNERS_SHOWN,
    clock_text,
    lottery_card,
    poll_card,
)
from app.services.events import CommentsAdded, Event, InteractionOverlayChanged
from app.services.overlays import INTERACTION_UPDATE_S
from app.services.show import Show
from app.services.state import InteractionOverlaySlice
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HOSTILE = '<img src=x onerror="alert(1)">小红'


def said(text: str, user: str, n: int = 0) -> Comment:
    return Comment(id=n, platform="douyin", user=user, text=text, ts=1000.0, user_id=user)


@pytest.fixture
def mono() -> Clock:
    return Clock(1000.0)


@pytest.fixture
def log() -> MemoryLog:
    return MemoryLog()


@pytest.fixture
def live(mono: Clock, log: MemoryLog) -> Show:
    return build_show(FakeObs(), log, monotonic=mono)


def _told(events: list[Event]) -> list[InteractionOverlayChanged]:
    return [e for e in events if isinstance(e, InteractionOverlayChanged)]


# ----- the cards, pure ---------------------------------------------------------------------------
def test_an_open_lottery_card_shows_keyword_time_left_and_entrants() -> None:
    card = lottery_card("666", 2, 37, 83.2, True, None)
    assert card["keyword"] == "666"
    assert card["entrants"] == 37
    assert card["clock"] == "01:24"  # rounded up, as the coupon's clock
    assert card["remaining_s"] == 84
    assert card["open"] is True
    assert card["drawn"] is False
    assert card["result"] == []
    assert lottery_card("666", 1, 0, None, True, None)["clock"] is None  # no time: none shown


def test_a_lottery_card_whose_time_is_up_is_closed_until_drawn() -> None:
    """Entries are refused once the time is up: the card no longer says it takes any (the
    renderers then say "closed, waiting for the draw" instead of "send the keyword")."""
    assert lottery_card("666", 1, 15, 0.4, True, None)["open"] is True  # 00:01: still taken
    for left in (0.0, -3.0):
        card = lottery_card("666", 1, 15, left, True, None)
        assert card["open"] is False, left
        assert card["drawn"] is False
        assert card["entrants"] == 15
    assert lottery_card("666", 1, 15, None, True, None)["open"] is True  # no time limit


def test_a_clock_of_an_hour_or_more_reads_hours_minutes_seconds() -> None:
    assert clock_text(59 * 60 + 59.5) == "1:00:00"  # rounded up, as shown
    assert clock_text(3599.0) == "59:59"
    assert clock_text(7200.0) == "2:00:00"
    assert clock_text(86400.0) == "24:00:00"
    assert clock_text(3600 + 61.0) == "1:01:01"
    assert lottery_card("666", 1, 0, 7200.0, True, None)["clock"] == "2:00:00"
    poll = poll_card("?", ("a", "b"), (0, 0), 0, True, None, False, 5400.0)
    assert poll["clock"] == "1:30:00"


def test_a_drawn_lottery_card_lists_the_winners_as_given() -> None:
    winners = [Viewer("douyin", HOSTILE, "d1"), *(Viewer("bilibili", f"v{i}") for i in range(12))]
    card = lottery_card("666", 13, 500, 0.0, False, winners)
    assert card["drawn"] is True
    assert card["clock"] is None
    assert card["result"][0] == {"user": HOSTILE, "platform": "douyin"}  # as text: the page's job
    assert len(card["result"]) == MAX_WINNERS_SHOWN
    assert card["more"] == 13 - MAX_WINNERS_SHOWN


def test_a_poll_card_has_a_bar_per_option_following_the_counts() -> None:
    card = poll_card("哪个颜色？", ("红", "蓝", "绿"), (3, 1, 0), 4, True, None, False, 12.5)
    assert [o["label"] for o in card["options"]] == ["A", "B", "C"]
    assert [o["share"] for o in card["options"]] == [0.75, 0.25, 0.0]
    assert [o["percent"] for o in card["options"]] == [75, 25, 0]
    assert card["title"] == "投票"
    assert card["clock"] == "00:13"
    assert not any(o["right"] for o in card["options"])
    empty = poll_card("?", ("a", "b"), (0, 0), 0, True, None, False, None)
    assert [o["share"] for o in empty["options"]] == [0.0, 0.0]  # no votes: no division by zero


def test_a_quiz_card_keeps_the_answer_until_it_is_revealed() -> None:
    closed = poll_card("1+1?", ("1", "2"), (1, 5), 6, False, 1, False, None)
    assert closed["quiz"] is True
    assert closed["title"] == "答题"
    assert "answer" not in closed
    assert not any(o["right"] for o in closed["options"])  # the audience sees no answer yet
    revealed = poll_card("1+1?", ("1", "2"), (1, 5), 6, False, 1, True, None)
    assert [o["right"] for o in revealed["options"]] == [False, True]
    assert revealed["revealed"] is True
    assert revealed["clock"] is None


# ----- the service -------------------------------------------------------------------------------
async def test_a_lottery_card_stops_inviting_when_its_time_is_up(live: Show, mono: Clock) -> None:
    lottery = live.interaction.open_lottery("666", 1, 60)
    mono.now += 30
    assert live.overlays.view()["lottery"]["open"] is True
    mono.now += 31  # time up, nobody has drawn yet
    card = live.overlays.view()["lottery"]
    assert card["open"] is False
    assert card["drawn"] is False
    live.interaction.draw(lottery.id)
    assert live.overlays.view()["lottery"]["drawn"] is True


async def test_an_open_lottery_comes_on_screen_then_its_winners(live: Show, mono: Clock) -> None:
    seen: list[Event] = []
    live.bus.listen(seen.append)
    overlays, interaction = live.overlays, live.interaction
    assert overlays.view()["lottery"] is None
    lottery = interaction.open_lottery("666", 1, 60)
    assert _told(seen)[-1].interaction == InteractionOverlaySlice(lottery=lottery.id)
    live.bus.publish(CommentsAdded("ingest", [said("666", HOSTILE, 1), said("666", "阿强", 2)]))
    mono.now += 10
    card = overlays.view()["lottery"]
    assert card["entrants"] == 2
    assert card["keyword"] == "666"
    assert card["clock"] in ("00:50", "00:51")  # counted from when it was told
    interaction.draw(lottery.id)
    card = overlays.view()["lottery"]
    assert card["drawn"] is True
    assert card["result"][0]["user"] in (HOSTILE, "阿强")
    assert overlays.state().interaction.lottery == lottery.id
    mono.now += LINGER_S + 1  # the winners stay a few minutes, then go by themselves
    assert overlays.view()["lottery"] is None
    assert overlays.interaction_state() == InteractionOverlaySlice()


async def test_a_poll_shows_live_counts_and_a_revealed_quiz_its_answer(live: Show) -> None:
    overlays, interaction = live.overlays, live.interaction
    quiz = interaction.open_poll("1+1?", ["1", "2", "3"], answer=1)
    live.bus.publish(CommentsAdded("ingest", [said("B", "a", 1), said("２", "b", 2),
                                              said("a", "c", 3)]))  # fmt: skip
    card = overlays.view()["poll"]
    assert [o["count"] for o in card["options"]] == [1, 2, 0]
    assert card["open"] is True
    assert not any(o["right"] for o in card["options"])
    interaction.close_poll(quiz.id)
    assert overlays.view()["poll"]["open"] is False
    assert not any(o["right"] for o in overlays.view()["poll"]["options"])
    interaction.reveal(quiz.id)
    card = overlays.view()["poll"]
    assert [o["right"] for o in card["options"]] == [False, True, False]
    assert card["revealed"] is True


async def test_the_check_in_card_shows_while_it_is_open(live: Show) -> None:
    overlays, interaction = live.overlays, live.interaction
    interaction.open_checkin("签到")
    live.bus.publish(CommentsAdded("ingest", [said("签到", "a", 1), said("签到啦", "b", 2)]))
    assert overlays.view()["checkin"] == {"title": "签到", "keyword": "签到", "count": 2,
                                          "open": True}  # fmt: skip
    interaction.close_checkin()
    assert overlays.view()["checkin"] is None


async def test_the_producer_hides_and_shows_the_cards(live: Show, log: MemoryLog) -> None:
    overlays, interaction = live.overlays, live.interaction
    lottery = interaction.open_lottery("666")
    overlays.hide_interaction("lottery", origin="api")
    assert overlays.view()["lottery"] is None
    interaction.draw(lottery.id)  # still hidden: the producer said so
    assert overlays.view()["lottery"] is None
    overlays.show_interaction("lottery", origin="api")
    assert overlays.view()["lottery"]["drawn"] is True
    again = interaction.open_lottery("777")  # a new lottery comes on by itself
    overlays.hide_interaction("lottery")
    interaction.draw(again.id)
    interaction.open_lottery("888")
    assert overlays.view()["lottery"]["keyword"] == "888"
    logged = [(e.kind, e.data) for e in log.entries if e.kind.startswith("overlay.interaction")]
    hide = (kinds.INTERACTION_OVERLAY_HIDE, {"card": "lottery", "origin": "api"})
    show = (kinds.INTERACTION_OVERLAY_SHOW, {"card": "lottery", "origin": "api"})
    assert logged[:2] == [hide, show]


async def test_a_flood_of_votes_tells_the_renderers_a_few_times_a_second(
    live: Show, mono: Clock
) -> None:
    seen: list[Event] = []
    live.bus.listen(seen.append)
    live.interaction.open_poll("A or B?", ["红", "蓝"])
    mono.now += 1.0
    before = len(_told(seen))
    for batch in range(100):  # 100 batches of 50 votes within 0.2 s of the clock
        votes = [said("AB"[n % 2], f"v{batch}-{n}", n) for n in range(50)]
        live.bus.publish(CommentsAdded("ingest", votes))
        mono.now += 0.002
    told = _told(seen)[before:]
    assert len(told) == 1  # the first at once; the rest wait for the flush
    await asyncio.sleep(INTERACTION_UPDATE_S + 0.05)
    assert len(_told(seen)[before:]) == 2
    assert live.overlays.view()["poll"]["voters"] == 5000


async def test_a_running_clock_is_told_each_second() -> None:
    seen: list[Event] = []
    fast = build_show(FakeObs(), MemoryLog())  # the real clock: the timer's seconds pass
    fast.bus.listen(seen.append)
    fast.interaction.open_lottery("666", 1, 30)
    before = len(_told(seen))
    await asyncio.sleep(1.3)
    assert len(_told(seen)) - before >= 1


# ----- the routes ------------------------------------------------------------------------------
@pytest.fixture
async def client(live: Show) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(live, TOKEN))) as test_client:
        yield test_client


async def test_the_routes_hide_and_show_a_card(client: TestClient, live: Show) -> None:
    nothing = await client.post("/api/overlay/poll", headers=AUTH)
    assert nothing.status == 409  # no poll yet: nothing to show
    opened = await client.post("/api/poll", json={"question": "?", "options": ["a", "b"]},
                               headers=AUTH)  # fmt: skip
    poll_id = (await opened.json())["id"]
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["overlay"]["poll"] == poll_id
    assert state["overlay"]["lottery"] is None
    hidden = await client.delete("/api/overlay/poll", headers=AUTH)
    assert await hidden.json() == {"ok": True, "lottery": None, "poll": None, "checkin": None}
    shown = await client.post("/api/overlay/poll", headers=AUTH)
    assert (await shown.json())["poll"] == poll_id
    assert (await client.delete("/api/overlay/checkin", headers=AUTH)).status == 200
    assert (await client.post("/api/overlay/quiz", headers=AUTH)).status in (404, 405)


# ----- the landscape layout --------------------------------------------------------------------
@pytest.mark.parametrize("canvas", [(1920, 1080), (1280, 720), (1440, 1080), (2560, 1440),
                                    (2560, 1080), (1920, 1200)])  # fmt: skip
def test_the_interaction_cards_overlap_nothing_on_a_landscape_canvas(
    canvas: tuple[int, int],
) -> None:
    rects = layout(*canvas)
    cards = [kind for kind in rects if kind != "clock"]
    assert {"lottery", "poll", "checkin"} <= set(cards) <= set(CARD_SIZES)
    for i, a in enumerate(cards):
        r = rects[a]
        assert r.x >= 0, a
        assert r.y >= 0, a
        assert r.right <= canvas[0], a
        assert r.y + r.h <= canvas[1], a
        for b in cards[i + 1 :]:
            assert not _overlap(rects[a], rects[b]), (a, b)
