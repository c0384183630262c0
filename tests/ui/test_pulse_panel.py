"""The pulse panel over a Show on FakeObs and a hand-moved wall clock: comments in through
show.audience.ingest, source reports through show.audience.source_status; what it shows out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.domain.audience import IncomingComment
from app.domain.messages import Message
from app.services.audience import Audience
from app.services.show import Show
from app.ui.i18n import install_translations, remove_translations
from app.ui.pulse_panel import LIGHTS, PulsePanel
from tests.support.fake_obs import FakeObs
from tests.support.i18n import ZH_TS, build_qm
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.ui.conftest import Until

NOW = 1_750_000_000.0 // 60 * 60 + 30  # half a minute into a minute


class Wall:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def show(fake_obs: FakeObs, memory_log: MemoryLog) -> Show:
    """Overrides conftest's: the audience on a wall clock that stands still."""
    show = build_show(fake_obs, memory_log, wall=Wall())
    await show.obs.resync(await fake_obs.connect())
    return show


@pytest.fixture
def pulse(qtbot: Any, show: Show) -> PulsePanel:
    panel = PulsePanel(show)
    qtbot.addWidget(panel)
    panel.resize(800, 240)
    panel.show()
    return panel


def at(minutes_ago: int, user: str, text: str) -> IncomingComment:
    return IncomingComment("douyin", user, text, ts=NOW - 60 * minutes_ago)


async def test_per_minute_counts_open_questions_and_purchase_rate(
    pulse: PulsePanel, audience: Audience, until: Until
) -> None:
    audience.ingest([at(3, "a", "大家好"), at(3, "b", "讲得好"), at(3, "c", "这个多少钱？"),
                     at(1, "d", "我要买"),
                     at(0, "e", "什么时候发货？"), at(0, "f", "链接在哪"), at(0, "g", "支持"),
                     at(0, "h", "有优惠券吗？")])  # fmt: skip
    await until(lambda: pulse.comments_line.values[-1] == 4)  # refreshed every second
    comments, questions = pulse.comments_line.values, pulse.questions_line.values
    assert len(comments) == 15
    assert len(questions) == 15
    assert comments[-4:] == [3, 0, 1, 4]
    assert questions[-4:] == [1, 0, 0, 3]
    assert comments == list(audience.pulse(15).comments_per_minute)
    assert pulse.comments_label.text() == "4"
    assert pulse.questions_label.text() == "3"
    assert pulse.open_label.text() == "4"
    assert pulse.purchase_label.text() == "25.0%"  # 我要买, 链接在哪: 2 of 8
    pulse.comments_line.repaint()  # painted with QPainter: no crash on real data


async def test_a_source_light(pulse: PulsePanel, audience: Audience, until: Until) -> None:
    assert pulse.source_status("twitch") is None
    audience.source_status({"source": "twitch", "state": "connected", "message": "",
                            "received": 42, "gaps": 0, "last_gap_s": None})  # fmt: skip
    await until(lambda: pulse.source_status("twitch") is not None)
    assert pulse.source_status("twitch") == {"state": "connected", "received": "42", "gaps": "0"}

    audience.source_status({"source": "twitch", "state": "disconnected",
                            "message": "connection reset", "received": 57, "gaps": 1,
                            "last_gap_s": None, "extra": {"retry_in_s": 2}})  # fmt: skip
    audience.source_status({"source": "bilibili", "state": "error", "message": "bad room",
                            "received": 0, "gaps": 0, "last_gap_s": None, "extra": {}})  # fmt: skip
    await until(lambda: pulse.source_status("bilibili") is not None)
    assert pulse.source_status("twitch") == {
        "state": "disconnected", "received": "57", "gaps": "1",
    }  # fmt: skip
    item = pulse.sources.topLevelItem(1)
    assert item.text(0) == "twitch"
    assert item.toolTip(0) == "connection reset"
    assert set(LIGHTS) >= {"connected", "disconnected", "error"}


async def test_the_room_viewers_likes_gifts_and_follows(
    pulse: PulsePanel, audience: Audience, until: Until
) -> None:
    """Viewer counts, likes, gifts and follows ingested through the real audience: viewers now
    and at the peak, likes, gifts and new follows per minute beside comments and questions."""
    from app.domain.audience import Kind

    def item(minutes_ago: int, kind: Kind, user: str = "", **extra: Any) -> IncomingComment:
        return IncomingComment(extra.pop("platform", "bilibili"), user, "", kind=kind,
                               ts=NOW - 60 * minutes_ago, **extra)  # fmt: skip

    audience.ingest([
        item(2, Kind.VIEWERS, count=1200),
        item(2, Kind.VIEWERS, platform="douyin", count=800),  # 2,000: the peak
        item(2, Kind.LIKE, "a", count=300),
        item(1, Kind.GIFT, "小红", gift="小心心", count=10, value=1.0, currency="CNY"),
        item(0, Kind.VIEWERS, count=700),  # 1,500 now
        item(0, Kind.LIKE, "b", count=120), item(0, Kind.LIKE, "c", count=30),
        item(0, Kind.GIFT, "小红", gift="嘉年华", count=1, value=20.0, currency="CNY"),
        item(0, Kind.GIFT, "阿花", gift="小心心", count=2, value=0.2, currency="CNY"),
        item(0, Kind.FOLLOW, "amy", platform="douyin"), item(0, Kind.FOLLOW, "bob"),
        IncomingComment("douyin", "d", "这个多少钱？", ts=NOW),
    ])  # fmt: skip
    await until(lambda: pulse.viewers_label.text() == "1,500")  # refreshed every second
    assert pulse.viewers_caption.text() == "Viewers (peak 2,000)"
    assert pulse.viewers_line.values[-3:] == [2000, 2000, 1500]
    assert pulse.likes_line.values[-3:] == [300, 0, 150]
    assert pulse.gifts_line.values[-3:] == [0, 10, 3]
    assert pulse.follows_line.values[-3:] == [0, 0, 2]
    assert len(pulse.likes_line.values) == len(pulse.comments_line.values) == 15
    assert (pulse.likes_label.text(), pulse.gifts_label.text()) == ("150", "3")
    assert pulse.follows_label.text() == "2"
    assert pulse.comments_label.text() == "1"  # gifts, likes and follows are not comments
    assert pulse.questions_label.text() == "1"
    assert pulse.totals_label.text() == "In all: 450 likes · 13 gifts worth 21.2 CNY · 2 follows"
    for line in (pulse.viewers_line, pulse.likes_line, pulse.gifts_line, pulse.follows_line):
        line.repaint()  # painted with QPainter: no crash on real data
    # another platform's money is never added to the yuan: each currency on its own
    audience.ingest([
        item(0, Kind.SUPERCHAT, "amy", platform="youtube", value=5.0, currency="USD"),
        item(0, Kind.GIFT, "小红", gift="嘉年华", count=1, value=30.0, currency="CNY"),
    ])  # fmt: skip
    await until(lambda: "USD" in pulse.totals_label.text())
    assert pulse.totals_label.text() == (
        "In all: 450 likes · 14 gifts worth 51.2 CNY + 5 USD · 2 follows")  # fmt: skip


async def test_a_source_s_problem_reads_in_the_interface_s_language(
    pulse: PulsePanel, audience: Audience, until: Until, tmp_path: Path
) -> None:
    """A chat source's problem is a coded message: its tooltip is in Chinese in a zh_CN window,
    not the English it is logged in."""
    install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path / "qm").parent)
    try:
        audience.source_status({"source": "twitch", "state": "disconnected",
                                "message": Message("chat.unknown_host", host="irc.chat.twitch.tv"),
                                "received": 0, "gaps": 0, "last_gap_s": None,
                                "extra": {}})  # fmt: skip
        await until(lambda: pulse.source_status("twitch") is not None)
        tip = pulse.sources.topLevelItem(0).toolTip(0)
        assert "找不到 irc.chat.twitch.tv" in tip
        assert "cannot find" not in tip
    finally:
        remove_translations()
