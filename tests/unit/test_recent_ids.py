"""Items a relay sends again (reconnecting, or retrying a frame it had no answer for) are taken
once, by the platform's own id; items without one are always taken."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain.audience import IncomingComment, Kind
from app.domain.recent_ids import RecentIds
from app.services.show import Show

TOKEN = "repeat-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _item(native: str | None, platform: str = "bilibili", text: str = "hi") -> IncomingComment:
    return IncomingComment(platform, "u", text, native)


def test_an_id_taken_before_is_left_out_and_counted() -> None:
    ids = RecentIds()
    first = ids.new_only([_item("a"), _item("b"), _item(None), _item("a")])  # twice in one batch
    assert [i.native_id for i in first] == ["a", "b", None]
    again = ids.new_only([_item("b"), _item(None), _item("c"), _item("a", platform="youtube")])
    assert [(i.platform, i.native_id) for i in again] == [
        ("bilibili", None), ("bilibili", "c"), ("youtube", "a"),  # another platform's "a"
    ]  # fmt: skip
    assert ids.repeats == 2


def test_memory_is_bounded_and_the_oldest_ids_go_first() -> None:
    ids = RecentIds(capacity=3)
    ids.new_only([_item(str(n)) for n in range(5)])  # 0 and 1 forgotten
    assert [i.native_id for i in ids.new_only([_item("0"), _item("4")])] == ["0"]
    assert len(ids._seen) == 3


@pytest.fixture
async def client(show: Show) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


GIFT = {"platform": "bilibili", "user": "小红", "kind": "gift", "gift": "小电视", "count": 1,
        "value": 1245.0, "currency": "CNY", "id": "gift-abc-1"}  # fmt: skip


async def test_a_gift_sent_again_over_http_and_websocket_is_counted_once(
    client: TestClient, show: Show
) -> None:
    audience = show.audience
    assert audience is not None
    first = await (await client.post("/ingest", json=[GIFT], headers=AUTH)).json()
    assert first == {"accepted": 1, "rejected": []}
    again = await (await client.post("/ingest", json=[GIFT, {**GIFT, "id": "gift-abc-2"}],
                                     headers=AUTH)).json()  # fmt: skip
    assert again == {"accepted": 2, "rejected": [], "repeated": 1}
    async with client.ws_connect("/ingest", headers=AUTH) as ws:  # a relay reconnected
        await ws.send_str(json.dumps([GIFT, {**GIFT, "id": "gift-abc-2"}]))
        assert await ws.receive_json() == {"accepted": 2, "rejected": [], "repeated": 2}
    tally = audience.tally.as_api()
    assert (tally["gifts"], tally["gifts_value"]) == (2, 2490.0)
    entry = audience.thanks.listing()[0]
    assert (entry.user, entry.count) == ("小红", 2)
    plain = {"platform": "douyin", "user": "u", "text": "扣1"}  # no id: every one is taken
    await client.post("/ingest", json=[plain, plain], headers=AUTH)
    assert [c.kind for c in audience.recent].count(Kind.COMMENT) == 2
