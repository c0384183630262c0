"""A question and the featured card on screen: it goes on air as asked by one who is not blocked
(a blocked viewer's name and words never go on screen), leaves the screen when it is dismissed,
and the queue says which question is on air now (`on_air`), not only which ever was
(`featured`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.domain.audience import IncomingComment, Question
from app.services.audience import Audience
from app.services.errors import WrongState
from app.services.events import Event, QuestionsChanged
from app.services.show import Show
from tests.support.memory_log import MemoryLog

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PRICE = "这个稳定器多少钱？"


def _audience(show: Show) -> Audience:
    assert show.audience is not None
    return show.audience


def _question(audience: Audience, text: str) -> Question:
    return next(q for q in audience.queue.listing("all") if q.text == text)


def _spammer_asks_first(audience: Audience) -> Question:
    audience.ingest([
        IncomingComment("douyin", "广告哥", PRICE, user_id="ad1"),
        IncomingComment("douyin", "真买家", "这个稳定器多少钱", user_id="buyer1"),
    ])  # fmt: skip
    return _question(audience, PRICE)


# ----- a blocked asker stays off screen ---------------------------------------------------------
@pytest.mark.parametrize("block", [{"user": "广告哥"}, {"user_id": "ad1", "platform": "douyin"}])
def test_a_question_goes_on_air_as_asked_by_its_first_asker_not_blocked(
    show: Show, memory_log: MemoryLog, block: dict[str, str]
) -> None:
    audience = _audience(show)
    question = _spammer_asks_first(audience)
    audience.block(**block)
    assert _question(audience, PRICE).state.value == "open"  # 真买家 asked it too
    audience.act(question.id, "feature", "小王")
    featured = show.overlays.featured
    assert featured is not None
    buyer = audience.comment(question.comment_ids[1])
    assert (featured.user, featured.text, featured.comment_id) == (
        "真买家",
        "这个稳定器多少钱",
        str(buyer.id),
    )
    assert memory_log.of_kind(kinds.FEATURED_SHOW)[-1].data["user"] == "真买家"
    assert audience.question_api(_question(audience, PRICE))["on_air"] is True


def test_a_question_every_asker_of_which_is_blocked_is_refused(
    show: Show, memory_log: MemoryLog
) -> None:
    audience = _audience(show)
    question = _spammer_asks_first(audience)
    audience.block("广告哥")
    audience.block(platform="douyin", user_id="buyer1")
    with pytest.raises(WrongState, match="is blocked: it stays off screen") as refused:
        audience.act(question.id, "feature", "小王")
    assert refused.value.args[0].code == "question.askers_blocked"
    assert show.overlays.featured is None
    assert not _question(audience, PRICE).featured
    assert memory_log.of_kind("question.feature") == []


def test_with_nobody_blocked_the_first_asker_goes_on_air_as_before(show: Show) -> None:
    audience = _audience(show)
    question = _spammer_asks_first(audience)
    audience.block("别人")
    audience.act(question.id, "feature", "小王")
    featured = show.overlays.featured
    assert featured is not None
    assert (featured.user, featured.text, featured.comment_id) == (
        "广告哥",
        PRICE,
        str(question.first_comment),
    )


# ----- a dismissed question leaves the screen ---------------------------------------------------
def test_dismissing_the_question_on_air_takes_it_down(show: Show, memory_log: MemoryLog) -> None:
    audience = _audience(show)
    audience.ingest([IncomingComment("douyin", "甲", "主播你住在哪个小区？"),
                     IncomingComment("douyin", "乙", "明天还播吗？")])  # fmt: skip
    where, tomorrow = (_question(audience, t) for t in ("主播你住在哪个小区？", "明天还播吗？"))
    audience.act(where.id, "feature", "小王")
    audience.act(tomorrow.id, "dismiss", "小李")  # another question: the card stays
    assert show.overlays.featured is not None
    audience.act(where.id, "dismiss", "小李")
    assert show.overlays.featured is None
    logged = [e.kind for e in memory_log.entries][-2:]
    assert logged == ["question.dismiss", kinds.FEATURED_HIDE]
    assert memory_log.entries[-1].data["origin"] == "dismiss"
    assert audience.question_api(_question(audience, "主播你住在哪个小区？"))["on_air"] is False


def test_dismissing_a_question_not_on_air_leaves_the_card(show: Show) -> None:
    audience = _audience(show)
    [said] = audience.ingest([IncomingComment("douyin", "甲", "主播看这里")])
    audience.feature_comment(said.id)
    audience.ingest([IncomingComment("douyin", "乙", "几点下播？")])
    audience.act(_question(audience, "几点下播？").id, "dismiss", "小李")
    assert show.overlays.featured is not None


# ----- on_air: the question on screen now -------------------------------------------------------
def test_on_air_follows_the_card_on_screen(show: Show, published: list[Event]) -> None:
    audience = _audience(show)
    said = audience.ingest([
        IncomingComment("douyin", "甲", "老师几点下播？"),
        IncomingComment("douyin", "乙", "明天还播吗？"),
        IncomingComment("douyin", "丙", "明天还播吗"),
    ])  # fmt: skip
    one, two = _question(audience, "老师几点下播？"), _question(audience, "明天还播吗？")

    def flags() -> list[tuple[bool, bool]]:
        now = [audience.question_api(audience.queue.get(q.id)) for q in (one, two)]
        return [(q["featured"], q["on_air"]) for q in now]

    assert flags() == [(False, False), (False, False)]
    audience.act(one.id, "feature", "小王")
    assert flags() == [(True, True), (False, False)]
    audience.act(two.id, "feature", "小李")  # replaces the first on screen
    assert flags() == [(True, False), (True, True)]
    published.clear()
    show.overlays.unfeature()  # the producer takes it down (DELETE /api/overlay/featured)
    assert flags() == [(True, False), (True, False)]
    assert any(isinstance(e, QuestionsChanged) for e in published)  # the panels re-read
    audience.feature_comment(said[2].id)  # 丙's words, from the feed: the second question's
    assert flags() == [(True, False), (True, True)]
    audience.feature_comment(said[0].id)
    assert flags() == [(True, True), (True, False)]


@pytest.fixture
async def client(show: Show) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def test_get_questions_says_which_is_on_air(client: TestClient, show: Show) -> None:
    async def listed() -> dict[str, tuple[bool, bool]]:
        answer = await client.get("/api/questions?state=all", headers=AUTH)
        found: list[dict[str, Any]] = (await answer.json())["questions"]
        return {q["text"]: (q["featured"], q["on_air"]) for q in found}

    _audience(show).ingest([IncomingComment("douyin", "甲", "老师几点下播？")])
    [question] = _audience(show).queue.listing("open")
    assert await listed() == {"老师几点下播？": (False, False)}
    answer = await client.post(f"/api/questions/{question.id}", headers=AUTH,
                               json={"action": "feature", "by": "小王"})  # fmt: skip
    assert (await answer.json())["question"]["on_air"] is True
    assert await listed() == {"老师几点下播？": (True, True)}
    assert (await client.delete("/api/overlay/featured", headers=AUTH)).status == 200
    assert await listed() == {"老师几点下播？": (True, False)}
