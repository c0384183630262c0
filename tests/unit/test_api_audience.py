from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.services.show import Show
from tests.support.memory_log import MemoryComments, MemoryLog

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def client(show: Show) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def test_ingest_then_read_comments_and_questions(client: TestClient) -> None:
    batch = [{"platform": "bilibili", "user": "小红", "text": "有回放吗", "id": "b1"},
             {"platform": "twitch", "user": "amy", "text": "how much is it?"},
             {"platform": "douyin", "user": "a", "text": 42}]  # fmt: skip
    answer = await (await client.post("/ingest", json=batch, headers=AUTH)).json()
    assert answer["accepted"] == 2
    assert answer["rejected"] == [{"index": 2, "error": "“text” must be a string"}]
    comments = (await (await client.get("/api/comments?after=0&limit=10",
                                        headers=AUTH)).json())["comments"]  # fmt: skip
    assert [c["id"] for c in comments] == [1, 2]
    assert {"id", "platform", "user", "text", "ts", "is_question", "intent"} <= set(comments[0])
    assert comments[0]["is_question"]
    assert comments[1]["is_question"]
    questions = (await (await client.get("/api/questions", headers=AUTH)).json())["questions"]
    assert len(questions) == 2
    assert questions[0]["asked"] == 1
    qid = questions[0]["id"]
    claim = await client.post(f"/api/questions/{qid}", json={"action": "claim", "by": "A"},
                              headers=AUTH)  # fmt: skip
    assert claim.status == 200
    twice = await client.post(f"/api/questions/{qid}", json={"action": "claim", "by": "B"},
                              headers=AUTH)  # fmt: skip
    assert twice.status == 409
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["counts"]["comments"] == 2
    assert state["counts"]["questions_open"] == 1
    assert (await client.get("/api/questions?state=bogus", headers=AUTH)).status == 400
    assert (await client.post("/api/questions/999", json={"action": "claim", "by": "A"},
                              headers=AUTH)).status == 404  # fmt: skip


async def test_a_dismiss_is_undone_over_the_api_and_logged(
    client: TestClient, memory_log: MemoryLog
) -> None:
    await client.post("/ingest", json=[{"platform": "douyin", "user": "阿明", "text": "多少钱？"}],
                      headers=AUTH)  # fmt: skip
    qid = (await (await client.get("/api/questions", headers=AUTH)).json())["questions"][0]["id"]

    async def act(action: str, by: str = "小王") -> tuple[int, dict[str, object]]:
        answer = await client.post(f"/api/questions/{qid}", json={"action": action, "by": by},
                                   headers=AUTH)  # fmt: skip
        return answer.status, await answer.json()

    assert (await act("dismiss"))[0] == 200
    status, body = await act("reopen")
    assert status == 200
    assert body["question"]["state"] == "open"  # type: ignore[index]
    listed = await (await client.get("/api/questions", headers=AUTH)).json()
    assert [q["id"] for q in listed["questions"]] == [qid]
    assert listed["counts"]["dismissed"] == 0
    assert (await act("claim"))[0] == 200
    status, body = await act("reopen", by="小李")  # only the claimer gives a claim back
    assert status == 409
    assert "小王" in str(body["error"])
    kinds = [kind for kind in memory_log.kinds() if kind.startswith("question.")]
    assert kinds[-3:] == ["question.dismiss", "question.reopen", "question.claim"]


async def test_bad_bodies(client: TestClient) -> None:
    too_big = b"[" + b'{"platform":"x","user":"u","text":"t"},' * 40_000 + b"{}]"
    assert len(too_big) > 1024 * 1024
    assert (await client.post("/ingest", data=too_big, headers=AUTH)).status == 413
    assert (await client.post("/ingest", data=b"{oops", headers=AUTH)).status == 400
    long_text = {"platform": "x", "user": "u", "text": "长" * 10_000}
    answer = await (await client.post("/ingest", json=long_text, headers=AUTH)).json()
    assert answer["accepted"] == 0
    assert "longer than" in answer["rejected"][0]["error"]


async def test_ingest_websocket_answers_each_frame(client: TestClient, show: Show) -> None:
    async with client.ws_connect("/ingest", headers=AUTH) as ws:
        await ws.send_str(json.dumps({"platform": "x", "user": "u", "text": "第一条"}))
        assert (await ws.receive_json(timeout=2))["accepted"] == 1
        await ws.send_bytes(b'{"platform": "x", "user": "u", "text": "\xff\xfe"}')
        bad = await ws.receive_json(timeout=2)
        assert "UTF-8" in bad["error"]
        await ws.send_str("not json")
        assert "JSON" in (await ws.receive_json(timeout=2))["error"]
        await ws.send_str(json.dumps([{"platform": "x", "user": "u", "text": "还在"}]))
        assert (await ws.receive_json(timeout=2))["accepted"] == 1  # the connection lives on
        await ws.close()
        assert ws.closed
    assert show.audience is not None
    assert show.audience.total == 2
    assert WSMsgType.CLOSED  # the socket closed cleanly


async def test_a_fault_taking_in_a_frame_is_answered_and_the_connection_stays(
    client: TestClient,
    show: Show,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert show.audience is not None
    real, calls = show.audience.ingest, []

    def faulty_once(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a fault in the console")
        return real(*args, **kwargs)

    monkeypatch.setattr(show.audience, "ingest", faulty_once)
    async with client.ws_connect("/ingest", headers=AUTH) as ws:
        await ws.send_str(json.dumps({"platform": "x", "user": "u", "text": "第一条"}))
        reply = await ws.receive_json(timeout=5)
        assert reply == {"accepted": 0, "rejected": [], "error": "internal error; see the "
                         "console's log"}  # fmt: skip
        await ws.send_str(json.dumps({"platform": "x", "user": "u", "text": "第二条"}))
        assert (await ws.receive_json(timeout=5))["accepted"] == 1
    assert "a frame could not be taken in" in caplog.text
    assert [c.text for c in show.audience.recent] == ["第二条"]


async def test_manual_entry_and_featuring_a_comment(client: TestClient, show: Show) -> None:
    added = await client.post("/api/comments", json={"user": "抖音观众", "text": "怎么报名"},
                              headers=AUTH)  # fmt: skip
    comment = (await added.json())["comment"]
    featured = await client.post("/api/overlay/featured", json={"comment_id": comment["id"]},
                                 headers=AUTH)  # fmt: skip
    assert featured.status == 200
    assert show.overlays.view()["featured"]["text"] == "怎么报名"
    missing = await client.post("/api/overlay/featured", json={"comment_id": 999}, headers=AUTH)
    assert missing.status == 404


async def test_comments_are_stored(show: Show, client: TestClient) -> None:
    store = show.audience._store
    assert isinstance(store, MemoryComments)
    await client.post("/ingest", json={"platform": "x", "user": "u", "text": "hi"}, headers=AUTH)
    assert [c.text for _, c in store.comments] == ["hi"]


@pytest.mark.parametrize("path", ["post", "websocket"])
async def test_a_big_batch_is_taken_in_slices_with_the_loop_running_between(
    client: TestClient, show: Show, path: str
) -> None:
    """Frames from several relays arriving together must not hold the loop for their sum: a
    batch is ingested INGEST_SLICE items at a time, in order, other work running in between."""
    from app.adapters.web.routes_audience import INGEST_SLICE
    from app.services.events import CommentsAdded, Event

    slices: list[list[int]] = []
    ticks: list[int] = []  # how many slices were in when each tick ran

    def listen(event: Event) -> None:
        if isinstance(event, CommentsAdded):
            slices.append([c.id for c in event.comments])

    show.bus.listen(listen)
    count = INGEST_SLICE * 4 + 3
    batch = [{"platform": "x", "user": f"u{i}", "text": f"第{i}条"} for i in range(count)]

    async def ticker() -> None:
        while len(ticks) < 100:
            ticks.append(len(slices))
            await asyncio.sleep(0)

    tick = asyncio.create_task(ticker())
    if path == "post":
        answer = await (await client.post("/ingest", json=batch, headers=AUTH)).json()
    else:
        async with client.ws_connect("/ingest", headers=AUTH) as ws:
            await ws.send_str(json.dumps(batch))
            answer = await ws.receive_json(timeout=2)
    tick.cancel()
    assert answer["accepted"] == count
    assert [len(s) for s in slices] == [INGEST_SLICE] * 4 + [3]
    assert [i for s in slices for i in s] == list(range(1, count + 1))  # in order, each once
    # the ticker ran while the batch was part-way in
    assert any(0 < seen < len(slices) for seen in ticks), ticks


async def test_names_and_texts_on_every_route_are_bounded_like_ingests(
    client: TestClient, show: Show, memory_log: MemoryLog
) -> None:
    """A name is at most 100 characters, a platform 32, a text or answer 2,000, on the API's
    routes as on /ingest: a longer one is 400 naming its field, and nothing changes."""
    await client.post("/ingest", json={"platform": "douyin", "user": "u", "text": "多少钱？"},
                      headers=AUTH)  # fmt: skip
    qid = (await (await client.get("/api/questions", headers=AUTH)).json())["questions"][0]["id"]
    long_name, long_platform, long_text = "名" * 101, "p" * 33, "长" * 2001
    tries = [
        ("/api/comments", {"user": long_name, "text": "怎么报名"}, "user"),
        ("/api/comments", {"platform": long_platform, "text": "怎么报名"}, "platform"),
        ("/api/overlay/featured", {"user": long_name, "text": "x"}, "user"),
        ("/api/overlay/featured", {"platform": long_platform, "text": "x"}, "platform"),
        (f"/api/questions/{qid}", {"action": "claim", "by": long_name}, "by"),
        (f"/api/questions/{qid}", {"action": "answer", "by": "A", "answer": long_text}, "answer"),
        ("/api/moderation/block", {"user": long_name}, "user"),
        ("/api/moderation/block", {"user_id": long_name}, "user_id"),
        ("/api/moderation/block", {"user": "u", "platform": long_platform}, "platform"),
    ]
    before = (len(memory_log.entries), show.overlays.view()["featured"])
    for path, body, name in tries:
        answer = await client.post(path, json=body, headers=AUTH)
        assert answer.status == 400, (path, body)
        assert f"“{name}” is at most" in (await answer.json())["error"], (path, name)
    assert (len(memory_log.entries), show.overlays.view()["featured"]) == before
    fits = {"action": "answer", "by": "名" * 100, "answer": "长" * 2000}
    assert (await client.post(f"/api/questions/{qid}", json=fits, headers=AUTH)).status == 200


async def test_an_empty_ingest_body_is_refused_as_empty(client: TestClient) -> None:
    answer = await client.post("/ingest", data=b"", headers=AUTH)
    assert answer.status == 400
    assert "the body is empty" in (await answer.json())["error"]


@pytest.mark.parametrize("given", [True, 1.9, [1], {"id": 1}, "1.9"])
async def test_a_comment_id_that_is_not_a_whole_number_is_refused(
    client: TestClient, show: Show, given: object
) -> None:
    await client.post("/api/comments", json={"user": "u", "text": "怎么报名"}, headers=AUTH)
    answer = await client.post("/api/overlay/featured", json={"comment_id": given}, headers=AUTH)
    assert answer.status == 400, given
    assert show.overlays.view()["featured"] is None
    by_text = await client.post("/api/overlay/featured", json={"comment_id": "1"}, headers=AUTH)
    assert by_text.status == 200  # its digits as text, as before


async def test_a_show_title_is_one_line(client: TestClient, show: Show) -> None:
    started = await client.post("/api/session/start", json={"title": "换行\nnewline\t 第二行"},
                                headers=AUTH)  # fmt: skip
    assert started.status == 200
    assert show.recorder.session is not None
    assert show.recorder.session.title == "换行 newline 第二行"
