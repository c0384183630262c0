"""Fuzzing /ingest: any JSON value, any bytes, over POST and the WebSocket. The answer is always
200 with {"accepted", "rejected"} or a JSON 400/413 — never a 500 — the good comments of a batch
are kept whatever sits beside them, and a WebSocket survives every frame short of 1 MiB."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import example, given
from hypothesis import strategies as st

from app.adapters.web.server import create_app
from app.domain.audience import MAX_NAME, MAX_PLATFORM, MAX_TEXT, IncomingComment
from app.domain.ingest import MAX_BATCH, parse_batch, parse_item
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.fuzz import FUZZ, JSON_VALUES
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show

TOKEN = "fuzz-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# A comment that must be accepted: the SPEC shape or Social Stream Ninja's, with optional fields.
WORDS = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=30)
GOOD = st.one_of(
    st.fixed_dictionaries(
        {"platform": st.sampled_from(["douyin", "bilibili", "YouTube", "x" * MAX_PLATFORM]),
         "user": st.one_of(WORDS, st.just(""), st.just("名" * MAX_NAME)),
         "text": st.one_of(WORDS, st.just("长" * MAX_TEXT), st.just("<b>hi</b>"))},
        optional={"id": st.one_of(WORDS, st.integers()), "user_id": st.integers(),
                  "ts": st.one_of(st.integers(0, 2**40), st.floats(0, 2e12))},
    ),
    st.fixed_dictionaries(
        {"chatname": WORDS, "chatmessage": st.one_of(WORDS, WORDS.map("<b>{}</b>".format))},
        optional={"type": st.sampled_from(["youtube", "twitch", ""])},
    ),
)  # fmt: skip
JUNK = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries(
        {"platform": JSON_VALUES, "user": JSON_VALUES, "text": JSON_VALUES},
        optional={"ts": JSON_VALUES, "id": JSON_VALUES, "user_id": JSON_VALUES},
    ),
    st.fixed_dictionaries(
        {"chatname": JSON_VALUES, "chatmessage": JSON_VALUES}, optional={"type": JSON_VALUES}
    ),
)
MIXED = st.lists(st.tuples(st.booleans(), st.one_of(GOOD, JUNK)), max_size=12)


def is_good(item: Any) -> bool:
    return isinstance(parse_item(item), IncomingComment)


# ----- the domain -----------------------------------------------------------------------------
@FUZZ
@given(st.one_of(JSON_VALUES, MIXED.map(lambda pairs: [item for _, item in pairs])))
@example([{"platform": "x", "user": "u", "text": "t", "ts": 10**400}])
@example([{"platform": "x", "user": "u", "text": "t", "ts": 1e300}])
@example({"chatname": "u", "chatmessage": "<" * 5000})
def test_parse_batch_answers_every_item(body: Any) -> None:
    accepted, rejected = parse_batch(body)
    items = body if isinstance(body, list) else [body]
    assert len(accepted) + len(rejected) == len(items)
    assert [r["index"] for r in rejected] == sorted({r["index"] for r in rejected})
    for refusal in rejected:
        assert set(refusal) == {"index", "error"}
        assert 0 <= refusal["index"] < len(items)
        assert isinstance(refusal["error"], str)
        assert 0 < len(refusal["error"]) < 300
    for comment in accepted:
        assert 0 < len(comment.text) <= MAX_TEXT
        assert len(comment.user) <= MAX_NAME
        assert 0 < len(comment.platform) <= MAX_PLATFORM
        assert comment.ts is None or math.isfinite(comment.ts)
    json.dumps(rejected)  # the answer is JSON


@FUZZ
@given(GOOD)
def test_every_good_comment_is_accepted(item: dict[str, Any]) -> None:
    assert is_good(item), parse_item(item)


# ----- the routes -----------------------------------------------------------------------------
@dataclass
class Api:
    """The app on its own loop, so that a synchronous @given test can drive it."""

    loop: asyncio.AbstractEventLoop
    client: TestClient
    show: Show

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def comments(self) -> int:
        assert self.show.audience is not None
        return self.show.audience.total

    def post(self, data: bytes) -> tuple[int, Any]:
        async def go() -> tuple[int, Any]:
            response = await self.client.post("/ingest", data=data, headers=AUTH)
            assert response.content_type == "application/json", response.content_type
            return response.status, await response.json()

        result: tuple[int, Any] = self.run(go())
        return result


@pytest.fixture
def api() -> Iterator[Api]:
    loop = asyncio.new_event_loop()
    show = build_show(FakeObs(), MemoryLog())
    client = TestClient(TestServer(create_app(show, TOKEN), loop=loop), loop=loop)
    loop.run_until_complete(client.start_server())
    try:
        yield Api(loop, client, show)
    finally:
        loop.run_until_complete(client.close())
        loop.close()


def check_answer(status: int, answer: Any, sent: Any, before: int, after: int) -> None:
    assert status == 200, (status, answer)
    assert set(answer) in ({"accepted", "rejected"}, {"accepted", "rejected", "repeated"}), answer
    items = sent if isinstance(sent, list) else [sent]
    good = [item for item in items[:MAX_BATCH] if is_good(item)]
    # an item whose id was taken before (in this batch or an earlier one) is accepted, not kept
    repeated = answer.get("repeated", 0)
    assert answer["accepted"] == len(good) == after - before + repeated
    assert 0 <= repeated <= sum(1 for item in good if "id" in item)
    assert answer["accepted"] + len(answer["rejected"]) == len(items)


@FUZZ
@given(pairs=MIXED)
def test_post_keeps_the_good_comments_beside_any_junk(
    api: Api, pairs: list[tuple[bool, Any]]
) -> None:
    body = [item for _, item in pairs]
    before = api.comments()
    status, answer = api.post(json.dumps(body).encode())
    check_answer(status, answer, body, before, api.comments())


@FUZZ
@given(body=JSON_VALUES)
def test_post_any_json_value(api: Api, body: Any) -> None:
    before = api.comments()
    status, answer = api.post(json.dumps(body).encode())
    check_answer(status, answer, body, before, api.comments())


RAW = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=100).map(str.encode),
    st.integers(1, 5000).map(lambda n: b"[" * n + b"]" * n),
    st.integers(1, 5000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
    st.sampled_from([b"", b"NaN", b"[NaN, Infinity]", b'"\\ud800"', b"\xef\xbb\xbf{}", b"1e999"]),
)


@FUZZ
@given(data=RAW)
def test_post_any_bytes_is_an_answer_or_a_json_400(api: Api, data: bytes) -> None:
    before = api.comments()
    status, answer = api.post(data)
    assert status in (200, 400), (status, answer)
    if status == 400:
        assert isinstance(answer["error"], str)
        assert answer["error"]
        assert api.comments() == before
    else:
        check_answer(status, answer, json.loads(data) if data.strip() else {}, before,
                     api.comments())  # fmt: skip


@FUZZ
@given(frames=st.lists(st.one_of(RAW.map(lambda b: (WSMsgType.BINARY, b)),
                                 JSON_VALUES.map(lambda v: (WSMsgType.TEXT, json.dumps(v))),
                                 MIXED.map(lambda p: (WSMsgType.TEXT, json.dumps(
                                     [item for _, item in p])))),
                       min_size=1, max_size=6))  # fmt: skip
def test_the_websocket_answers_every_frame_and_stays_open(
    api: Api, frames: list[tuple[WSMsgType, Any]]
) -> None:
    good = [{"platform": "douyin", "user": "小明", "text": "还在吗"}]

    async def go() -> None:
        async with api.client.ws_connect("/ingest", headers=AUTH) as ws:
            for kind, payload in frames:
                before = api.comments()
                if kind == WSMsgType.BINARY:
                    await ws.send_bytes(payload)
                else:
                    await ws.send_str(payload)
                reply = await ws.receive_json(timeout=5)
                assert {"accepted", "rejected"} <= set(reply), reply
                repeated = reply.get("repeated", 0)  # taken before, by their id: not kept again
                assert reply["accepted"] == api.comments() - before + repeated
                if "error" in reply:
                    assert reply["accepted"] == 0
                    assert isinstance(reply["error"], str)
            await ws.send_json(good)  # the junk did not close it, and good still goes in
            assert (await ws.receive_json(timeout=5))["accepted"] == 1
            assert not ws.closed

    api.run(go())
