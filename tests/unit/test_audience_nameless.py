"""Questions typed in without the viewer's name (Douyin has no feed: assistants type in what they
see; the viewer box is optional). Each is shown as asked by 观众 but is a viewer of its own, with
an id of its own: blocking one (by that id) dismisses that one only, a block of the name 观众
reaches none of them, and no later nameless entry is refused for an earlier one's block."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain.audience import IncomingComment
from app.domain.moderation import BlockedViewer, Moderation, anonymous, entry_blocks
from app.services.audience import Audience
from app.services.show import Show

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TYPED = ("稳定器支持华为 Mate 60 吗？", "训练营报名后可以退款吗？", "你们这是骗人的吧？")


def _audience(show: Show) -> Audience:
    assert show.audience is not None
    return show.audience


def _open_texts(audience: Audience) -> list[str]:
    return sorted(q.text for q in audience.queue.listing("open"))


def test_each_nameless_entry_is_a_viewer_of_its_own(show: Show) -> None:
    audience = _audience(show)
    added = [audience.add_manual("", text, "douyin") for text in TYPED]
    assert [c.user for c in added] == ["观众"] * 3
    ids = [c.user_id for c in added]
    assert len(set(ids)) == 3
    assert all(anonymous(user_id) for user_id in ids)
    named = audience.add_manual("小红", "下单后几天发货？", "douyin")
    assert (named.user, named.user_id) == ("小红", None)  # a named entry is that name


def test_blocking_one_nameless_entry_by_its_id_leaves_the_others(show: Show) -> None:
    audience = _audience(show)
    rude = [audience.add_manual("", text, "douyin") for text in TYPED][-1]
    audience.block(platform="douyin", user_id=rude.user_id)
    assert _open_texts(audience) == sorted(TYPED[:2])
    assert [q.text for q in audience.queue.listing("dismissed")] == [TYPED[2]]
    later = audience.add_manual("", "下单后几天发货？", "douyin")
    assert later.is_question
    assert not later.blocked


def test_a_block_of_the_name_观众_reaches_no_nameless_entry(show: Show) -> None:
    """What the console's queue panel (and a panel that sends only the name) asks for: the
    viewers named 观众 are blocked, the typed-in entries without a name are not."""
    audience = _audience(show)
    for text in TYPED:
        audience.add_manual("", text, "douyin")
    audience.block("观众", "douyin")
    assert _open_texts(audience) == sorted(TYPED)
    later = audience.add_manual("  ", "下单后几天发货？", "douyin")
    assert not later.blocked
    [real] = audience.ingest([IncomingComment("douyin", "观众", "在吗？", user_id="dy-42")])
    assert real.blocked  # a real viewer of that name is whom the block names


def test_the_rule_holds_for_one_entry_as_for_the_list() -> None:
    entries = [BlockedViewer("douyin", "观众", None), BlockedViewer("", "观众", None),
               BlockedViewer("douyin", None, "manual-1-1"),
               BlockedViewer("", None, "manual-1-1")]  # fmt: skip
    viewers = [("douyin", "观众", "manual-1-1"), ("douyin", "观众", "manual-1-2"),
               ("douyin", "观众", None), ("douyin", "观众", "dy-1")]  # fmt: skip
    for entry in entries:
        moderation = Moderation((), [entry], contacts=False)
        for platform, user, user_id in viewers:
            assert entry_blocks(entry, platform, user, user_id) == moderation.blocks_viewer(
                platform, user, user_id
            ), (entry, user_id)
    by_name = Moderation((), [BlockedViewer("", "观众", None)], contacts=False)
    assert not by_name.blocks_viewer("douyin", "观众", "manual-1-1")
    assert by_name.blocks_viewer("douyin", "观众", "dy-1")


# ----- the routes -------------------------------------------------------------------------------
@pytest.fixture
async def client(show: Show) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def test_the_panel_blocks_a_nameless_asker_by_the_questions_asker_id(
    client: TestClient, show: Show
) -> None:
    async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = await client.post(path, json=body, headers=AUTH)
        assert answer.status == 200, await answer.text()
        found: dict[str, Any] = await answer.json()
        return found

    for text in TYPED:
        await post("/api/comments", {"text": text, "platform": "douyin"})
    listed = (await (await client.get("/api/questions", headers=AUTH)).json())["questions"]
    rude = next(q for q in listed if q["text"] == TYPED[2])
    assert rude["askers"] == ["观众"]
    assert anonymous(rude["asker_id"])
    assert len({q["asker_id"] for q in listed}) == 3
    await post("/api/moderation/block", {"platform": "douyin", "user": "观众",
                                         "user_id": rude["asker_id"]})  # fmt: skip
    left = (await (await client.get("/api/questions", headers=AUTH)).json())["questions"]
    assert sorted(q["text"] for q in left) == sorted(TYPED[:2])
    await post("/api/comments", {"text": "下单后几天发货？", "platform": "douyin"})
    # a real viewer's question: the id the platform gave
    await post("/ingest", {"platform": "douyin", "user": "小明", "user_id": "dy-7",
                           "text": "有优惠券吗？"})  # fmt: skip
    listed = (await (await client.get("/api/questions", headers=AUTH)).json())["questions"]
    assert {q["text"]: q["asker_id"] for q in listed}["有优惠券吗？"] == "dy-7"
    assert len(listed) == 4


def test_a_block_of_the_name_观众_leaves_nameless_lottery_entrants(show: Show) -> None:
    """A 福袋 open, two typed-in entries without a name join it, and a real viewer named 观众:
    blocking the name takes out that viewer only."""
    assert show.interaction is not None
    audience = _audience(show)
    lottery = show.interaction.open_lottery("福袋")
    for _ in range(2):
        audience.add_manual("", "福袋", "douyin")
    audience.ingest([IncomingComment("douyin", "观众", "福袋")])
    assert len(lottery.entrants) == 3
    audience.block(platform="douyin", user="观众")
    assert len(lottery.entrants) == 2
    assert all(anonymous(v.user_id) for v in lottery.entrants)
