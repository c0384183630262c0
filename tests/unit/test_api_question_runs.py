"""Question ids start at 1 again every time the console starts, so GET /api/questions says which
run of the console its list is from ("run", also on each question), and POST /api/questions/ID
refuses (409) an action sent with the run of an earlier list: a panel left open across a restart
never puts another viewer's question on air, nor stores its answer on one. Clients that send no
run (the console's scripts, decks) act as before. "order=latest" lists the last claimed,
answered or dismissed first, as the assistants' panel shows them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BEFORE = ["老师，ISO 设多少合适？", "夜景怎么拍不糊？", "人像用什么焦段？"]
AFTER = ["主播是哪里人？", "主播结婚了吗？", "直播间为什么这么卡？"]


class Wall:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def client(show: Show) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


@pytest.fixture
async def restarted() -> AsyncIterator[tuple[Show, TestClient]]:
    """The console started again a minute later: a show of its own, its ids from 1 again."""
    show = build_show(FakeObs(), MemoryLog(), wall=Wall(1_700_000_060.0))
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield show, test_client


async def _ask(client: TestClient, texts: list[str], who: str = "观众") -> None:
    batch = [{"platform": "douyin", "user": f"{who}{i}", "text": t} for i, t in enumerate(texts)]
    answer = await client.post("/ingest", json=batch, headers=AUTH)
    assert answer.status == 200, await answer.text()


async def _listed(client: TestClient, query: str = "") -> dict[str, Any]:
    answer = await client.get(f"/api/questions{query}", headers=AUTH)
    assert answer.status == 200, await answer.text()
    listed: dict[str, Any] = await answer.json()
    return listed


async def _act(client: TestClient, qid: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    answer = await client.post(f"/api/questions/{qid}", json=body, headers=AUTH)
    return answer.status, await answer.json()


async def test_an_action_from_a_list_read_before_a_restart_is_refused(
    client: TestClient, restarted: tuple[Show, TestClient]
) -> None:
    await _ask(client, BEFORE, "老观众")
    before = await _listed(client)
    card = next(q for q in before["questions"] if q["text"] == BEFORE[0])
    assert card["run"] == before["run"]

    show, again = restarted
    await _ask(again, AFTER, "新观众")
    after = await _listed(again)
    assert after["run"] != before["run"]
    assert card["id"] in {q["id"] for q in after["questions"]}  # the id names another question

    # 上屏 / claim / answer / dismiss pressed on the card from before the restart: refused
    for action in ("feature", "claim", "answer", "dismiss"):
        body = {"action": action, "by": "小王", "answer": "ISO 100", "run": card["run"]}
        status, answer = await _act(again, card["id"], body)
        assert status == 409, (action, answer)
        assert "restarted" in answer["error"]
    assert show.overlays.featured is None  # nobody's question went on air
    unchanged = {q["id"]: q for q in (await _listed(again, "?state=all"))["questions"]}
    assert unchanged[card["id"]]["state"] == "open"
    assert unchanged[card["id"]]["answer"] is None

    # the panel reads the list again: with this run the action goes through
    fresh = next(q for q in after["questions"] if q["text"] == AFTER[1])
    status, answer = await _act(
        again, fresh["id"], {"action": "feature", "by": "小王", "run": after["run"]}
    )
    assert status == 200, answer
    assert answer["question"]["run"] == after["run"]
    assert show.overlays.featured is not None
    assert show.overlays.featured.text == AFTER[1]


async def test_a_client_that_sends_no_run_acts_as_before(client: TestClient) -> None:
    await _ask(client, BEFORE)
    qid = (await _listed(client))["questions"][0]["id"]
    status, answer = await _act(client, qid, {"action": "claim", "by": "小王"})
    assert status == 200, answer
    assert answer["question"]["claimed_by"] == "小王"
    status, answer = await _act(client, qid, {"action": "answer", "by": "小王", "run": 12.5})
    assert status == 400
    assert "“run”" in answer["error"]


async def test_the_run_is_kept_by_each_listing_and_state(client: TestClient) -> None:
    await _ask(client, BEFORE)
    runs = set()
    for state in ("open", "claimed", "answered", "dismissed", "all"):
        listed = await _listed(client, f"?state={state}")
        runs.add(listed["run"])
        runs.update(q["run"] for q in listed["questions"])
    assert len(runs) == 1
    assert isinstance(runs.pop(), str)


async def test_the_latest_answered_are_listed_first_when_asked(client: TestClient) -> None:
    await _ask(client, ["多少钱？", "多少钱？", "有回放吗", "包邮吗？", "怎么买？"])
    ranked = [q["id"] for q in (await _listed(client))["questions"]]
    for qid in ranked:  # the most asked is answered first (all at the same time here)
        status, answer = await _act(client, qid, {"action": "answer", "by": "小王"})
        assert status == 200, answer
    latest = await _listed(client, "?state=answered&order=latest&limit=2")
    assert [q["id"] for q in latest["questions"]] == ranked[::-1][:2]
    every = await _listed(client, "?state=answered&order=latest")
    assert [q["id"] for q in every["questions"]] == ranked[::-1]
    assert every["counts"]["answered"] == 4
    for query in ("?state=open&order=latest", "?state=all&order=latest", "?order=newest"):
        refused = await client.get(f"/api/questions{query}", headers=AUTH)
        assert refused.status == 400, query


async def _gift(client: TestClient, user: str) -> None:
    item = {"platform": "bilibili", "kind": "gift", "user": user, "gift": "辣条", "count": 1,
            "value": 1, "currency": "CNY"}  # fmt: skip
    answer = await client.post("/ingest", json=item, headers=AUTH)
    assert answer.status == 200, await answer.text()


async def test_a_thanks_cleared_from_a_list_read_before_a_restart_is_refused(
    client: TestClient, restarted: tuple[Show, TestClient]
) -> None:
    """Thanks ids start at 1 again too: the 已感谢 of a panel left open across a restart must not
    clear another viewer's entry."""
    await _gift(client, "小红")
    before = await (await client.get("/api/thanks", headers=AUTH)).json()
    entry = before["thanks"][0]
    show, again = restarted
    await _gift(again, "土豪")
    after = await (await again.get("/api/thanks", headers=AUTH)).json()
    assert after["run"] != before["run"]
    assert after["thanks"][0]["id"] == entry["id"]  # the id names another viewer's entry

    stale = await again.post(f"/api/thanks/{entry['id']}", headers=AUTH,
                             json={"action": "thanked", "run": before["run"]})  # fmt: skip
    assert stale.status == 409
    assert (await stale.json())["stale"] is True
    assert show.audience is not None
    assert len(show.audience.thanks) == 1  # 土豪 still waits to be thanked

    bad = await again.post(f"/api/thanks/{entry['id']}", headers=AUTH,
                           json={"action": "thanked", "run": 5})  # fmt: skip
    assert bad.status == 400
    fresh = await again.post(f"/api/thanks/{entry['id']}", headers=AUTH,
                             json={"action": "thanked", "run": after["run"]})  # fmt: skip
    assert fresh.status == 200
    assert len(show.audience.thanks) == 0
    unsaid = await client.post(f"/api/thanks/{entry['id']}", headers=AUTH,
                               json={"action": "dismiss"})  # fmt: skip
    assert unsaid.status == 200  # without a run: as before
