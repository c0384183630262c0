"""POST /ingest/douyin with elements no number fits, and pushes Douyin sends again: each element
is read alone (the push answered 2xx, its good elements taken), and an element taken before
(its msg_id, here or at /ingest) is not counted again."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.routes_douyin import SECRET_ENV
from app.adapters.web.server import create_app
from app.services.show import Show

TOKEN = "t" * 32
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def headers(msg_type: str) -> dict[str, str]:
    return {**AUTH, "content-type": "application/json", "x-msg-type": msg_type,
            "x-roomid": "7", "x-nonce-str": "n", "x-timestamp": "1760000044123"}  # fmt: skip


def gift(msg_id: str, value: int = 300) -> dict[str, object]:
    return {"msg_id": msg_id, "sec_openid": "o1", "nickname": "送礼的人", "sec_gift_id": "rose",
            "gift_num": 3, "gift_value": value, "timestamp": 1760000040000}  # fmt: skip


@pytest.fixture
async def client(show: Show, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[TestClient]:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def test_a_bad_element_costs_itself_alone(
    client: TestClient, show: Show, caplog: pytest.LogCaptureFixture
) -> None:
    assert show.audience is not None
    huge = json.dumps(gift("g-huge")).replace('"gift_value": 300', '"gift_value": 1' + "0" * 400)
    body = f"[{huge}, {json.dumps(gift('g-good'))}]"
    answer = await client.post("/ingest/douyin", data=body, headers=headers("live_gift"))
    assert answer.status == 200
    reply = await answer.json()
    assert reply["accepted"] == 1
    assert [r["index"] for r in reply["rejected"]] == [0]
    assert "value" in reply["rejected"][0]["error"]
    likes = [{"msg_id": "l1", "nickname": "a", "like_num": "²"},
             {"msg_id": "l2", "nickname": "b", "like_num": "9" * 5_000},
             {"msg_id": "l3", "nickname": "c", "like_num": "5"},
             {"msg_id": "l4", "nickname": "d", "like_num": 7}]  # fmt: skip
    answer = await client.post("/ingest/douyin", json=likes, headers=headers("live_like"))
    assert answer.status == 200
    reply = await answer.json()
    assert reply["accepted"] == 2
    assert [r["index"] for r in reply["rejected"]] == [0, 1]
    tally = show.audience.tally
    assert (tally.gifts, tally.likes) == (3, 12)
    assert tally.value_by_currency == {"CNY": 3.0}
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def test_a_push_sent_again_is_not_counted_again(client: TestClient, show: Show) -> None:
    assert show.audience is not None
    push = [gift("7360000000000000001")]
    replies = []
    for _ in range(3):  # Douyin re-sends a push it counted as failed
        answer = await client.post("/ingest/douyin", json=push, headers=headers("live_gift"))
        assert answer.status == 200
        replies.append(await answer.json())
    assert [r["accepted"] for r in replies] == [1, 1, 1]
    assert [r.get("repeated") for r in replies] == [None, 1, 1]
    assert show.audience.tally.gifts == 3  # one gift of three roses, once
    # the same msg_id relayed to /ingest too (a second route for the same room): taken once
    relayed = {"platform": "douyin", "kind": "gift", "user": "送礼的人", "count": 3,
               "id": "7360000000000000001"}  # fmt: skip
    answer = await client.post("/ingest", json=relayed, headers=AUTH)
    assert (await answer.json()).get("repeated") == 1
    both = [gift("7360000000000000001"), gift("7360000000000000002")]
    answer = await client.post("/ingest/douyin", json=both, headers=headers("live_gift"))
    assert (await answer.json())["repeated"] == 1
    assert show.audience.tally.gifts == 6


async def test_elements_past_the_thousandth_are_rejected_as_at_ingest(
    client: TestClient, show: Show
) -> None:
    """Never dropped in silence: each element past 1,000 is rejected with its index and the
    reason /ingest gives for an item past 1,000."""
    assert show.audience is not None
    push = [{"msg_id": f"c{i}", "sec_openid": f"o{i}", "nickname": "看客", "content": "扣1",
             "timestamp": 1760000040000} for i in range(1005)]  # fmt: skip
    answer = await client.post("/ingest/douyin", json=push, headers=headers("live_comment"))
    assert answer.status == 200
    reply = await answer.json()
    assert reply["accepted"] == 1000
    assert [r["index"] for r in reply["rejected"]] == [1000, 1001, 1002, 1003, 1004]
    items = [{"platform": "douyin", "user": "看客", "text": "扣1"}] * 1005
    ingest = await (await client.post("/ingest", json=items, headers=AUTH)).json()
    assert reply["rejected"] == ingest["rejected"]  # the same words as /ingest's


async def test_a_push_of_only_whitespace_is_no_elements(client: TestClient) -> None:
    for blank in ("", " \n", "\u3000"):
        answer = await client.post("/ingest/douyin", data=blank.encode(),
                                   headers=headers("live_comment"))  # fmt: skip
        assert answer.status == 200
        assert await answer.json() == {"accepted": 0, "rejected": []}, repr(blank)
