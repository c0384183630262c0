"""What the console reads of the audience beyond comments, as typed values: the thanks list
gathered per viewer (copies a panel may keep), the room's figures, the pulse minute by minute, and
buying questions marked on their cards."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from app.domain.audience import IncomingComment, Kind
from app.services.audience import Audience
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock

NOW = 1_700_000_000.0 // 60 * 60 + 30  # half a minute into a minute


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def audience(clock: Clock) -> Audience:
    audience = build_show(FakeObs(), MemoryLog(), wall=clock).audience
    assert audience is not None
    return audience


def gift(user: str, name: str, count: int, value: float, ts: float = NOW) -> IncomingComment:
    return IncomingComment("bilibili", user, "", kind=Kind.GIFT, gift=name, count=count,
                           value=value, currency="CNY", ts=ts)  # fmt: skip


def test_the_thanks_list_per_viewer_newest_first(audience: Audience) -> None:
    audience.ingest([
        gift("小红", "小心心", 10, 1.0, NOW - 20),
        IncomingComment("douyin", "amy", "", kind=Kind.FOLLOW, ts=NOW - 15),
        gift("小红", "小心心", 20, 2.0, NOW - 10),
        gift("小红", "嘉年华", 1, 17.6, NOW - 9),
        IncomingComment("youtube", "bob", "讲得真好", kind=Kind.SUPERCHAT, value=30.0,
                        currency="USD", ts=NOW - 8),
        IncomingComment("bilibili", "小红", "", kind=Kind.FOLLOW, ts=NOW - 5),
    ])  # fmt: skip
    listing = audience.thanks_list()
    assert listing.pending == 4  # 小红's gifts, 小红's follow, amy's follow, bob's super chat
    assert [(v.platform, v.user) for v in listing.viewers] == [
        ("bilibili", "小红"), ("youtube", "bob"), ("douyin", "amy")
    ]  # fmt: skip
    red = listing.viewers[0]
    assert [e.kind for e in red.entries] == [Kind.FOLLOW, Kind.GIFT]  # the newest first
    gifts = red.entries[1]
    assert (gifts.count, gifts.value, gifts.gifts) == (31, 20.6, (("小心心", 30), ("嘉年华", 1)))
    assert red.totals == (("CNY", 20.6),)
    assert red.last_ts == NOW - 5
    bob = listing.viewers[1]
    assert (bob.entries[0].message, bob.totals) == ("讲得真好", (("USD", 30.0),))
    assert listing.viewers[2].totals == ()  # a follow is worth nothing
    with pytest.raises(FrozenInstanceError):
        red.entries[0].count = 5  # type: ignore[misc]

    for entry_id in red.ids:
        audience.thank(entry_id, "thanked")
    after = audience.thanks_list(limit=1)
    assert after.pending == 2
    assert [v.user for v in after.viewers] == ["bob"]  # only the latest entry asked for
    assert gifts.count == 31  # what was handed out before stays as it was


def test_the_room_and_the_pulse_minute_by_minute(audience: Audience, clock: Clock) -> None:
    audience.ingest([
        IncomingComment("bilibili", "", "", kind=Kind.VIEWERS, count=400, ts=NOW - 180),
        IncomingComment("douyin", "", "", kind=Kind.VIEWERS, count=100, ts=NOW - 120),
        IncomingComment("douyin", "a", "", kind=Kind.LIKE, count=25, ts=NOW - 60),
        gift("小红", "小心心", 3, 0.3, NOW),
        IncomingComment("douyin", "b", "", kind=Kind.FOLLOW, ts=NOW),
        IncomingComment("bilibili", "", "", kind=Kind.VIEWERS, count=250, ts=NOW),
    ])  # fmt: skip
    room = audience.room()
    assert (room.viewers, room.viewers_peak, room.likes, room.gifts) == (350, 500, 25, 3)
    assert (room.gifts_value, room.follows, room.enters) == (0.3, 1, 0)
    pulse = audience.pulse(15)
    assert len(pulse.likes_per_minute) == len(pulse.viewers_per_minute) == 15
    assert pulse.viewers_per_minute[-5:] == (0, 400, 500, 500, 350)  # carried over a minute
    assert pulse.likes_per_minute[-2:] == (25, 0)
    assert (pulse.gifts_per_minute[-1], pulse.follows_per_minute[-1]) == (3, 1)
    clock.now += 20 * 60  # a quiet spell longer than the pulse: the count is carried in
    assert audience.pulse(15).viewers_per_minute == (350,) * 15


def test_a_buying_question_is_marked_on_its_card(audience: Audience) -> None:
    audience.ingest([IncomingComment("douyin", "a", "这个课多少钱？", ts=NOW),
                     IncomingComment("douyin", "b", "老师今天讲什么？", ts=NOW)])  # fmt: skip
    cards = {card.text: card.buying for card in audience.questions("open").questions}
    assert cards == {"这个课多少钱？": True, "老师今天讲什么？": False}
