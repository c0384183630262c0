"""The assistants' token runs the show's interactions while the host allows it (off by default):
it opens and closes a poll (and reveals a quiz), starts and draws a lottery, starts and stops a
check-in, reads the latest of each at /assist/api/interaction, and hears their changes on its
event stream; the service's refusals reach it as they reach the API token; putting cards on screen
and the rest of the show stay 403. Not allowed, every interaction route is 403 to it (the API token
still runs them), and allowing it at run time opens them at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.services.assist_access import AssistAccess
from app.services.show import Show

TOKEN = "master-token-for-tests"
ASSIST_TOKEN = "assist-token-for-tests"
MASTER = {"Authorization": f"Bearer {TOKEN}"}
ASSIST = {"Authorization": f"Bearer {ASSIST_TOKEN}"}


INTERACTION_ROUTES = [
    ("POST", "/api/poll"), ("GET", "/api/poll/{id}"), ("POST", "/api/poll/{id}/close"),
    ("POST", "/api/poll/{id}/reveal"), ("POST", "/api/lottery"), ("GET", "/api/lottery/{id}"),
    ("POST", "/api/lottery/{id}/draw"), ("POST", "/api/checkin"), ("POST", "/api/checkin/close"),
]  # fmt: skip
NOT_ALLOWED = "the host has not allowed assistants to run interactions"


@pytest.fixture
def access(show: Show) -> AssistAccess:
    """The assistants' token as the console makes it: interactions not allowed (the default)."""
    return AssistAccess(
        show.bus, ASSIST_TOKEN, make=lambda: "unused-token-0000", keep=lambda _token: True
    )


@pytest.fixture
async def closed_client(show: Show, access: AssistAccess) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN, assist=access))) as test_client:
        yield test_client


@pytest.fixture
async def client(closed_client: TestClient, access: AssistAccess) -> TestClient:
    """The host allows assistants to run interactions."""
    access.allow_interaction(True)
    return closed_client


async def _post(client: TestClient, path: str, body: dict[str, Any] | None = None) -> Any:
    return await client.post(path, json=body or {}, headers=ASSIST)


async def _ingest(client: TestClient, texts: list[tuple[str, str]]) -> None:
    items = [{"platform": "douyin", "user": user, "user_id": user, "text": text}
             for user, text in texts]  # fmt: skip
    answer = await client.post("/ingest", json=items, headers=MASTER)
    assert answer.status == 200, await answer.text()


async def test_a_poll_opened_voted_and_closed_with_the_assistants_token(client: TestClient) -> None:
    opened = await _post(client, "/api/poll", {"question": "哪个颜色？", "options": ["红", "蓝"]})
    assert opened.status == 200, await opened.text()
    poll_id = (await opened.json())["id"]
    await _ingest(client, [("a", "1"), ("b", "B"), ("c", "２"), ("d", "hello")])
    shown = await (await client.get(f"/api/poll/{poll_id}", headers=ASSIST)).json()
    assert (shown["counts"], shown["voters"], shown["open"]) == ([1, 2], 3, True)
    closed = await _post(client, f"/api/poll/{poll_id}/close")
    assert closed.status == 200
    result = await closed.json()
    assert (result["counts"], result["open"]) == ([1, 2], False)
    not_a_quiz = await _post(client, f"/api/poll/{poll_id}/reveal")
    assert not_a_quiz.status == 409
    assert (await not_a_quiz.json())["error"]
    latest = await (await client.get("/assist/api/interaction", headers=ASSIST)).json()
    assert latest["poll"]["id"] == poll_id
    assert latest["poll"]["counts"] == [1, 2]
    assert latest["lottery"] is None
    assert latest["checkin"] is None


async def test_a_quiz_revealed_with_the_assistants_token(client: TestClient) -> None:
    body = {"question": "1+1?", "options": ["1", "2", "3"], "answer": 1}
    quiz_id = (await (await _post(client, "/api/poll", body)).json())["id"]
    revealed = await _post(client, f"/api/poll/{quiz_id}/reveal")
    assert revealed.status == 200
    shown = await revealed.json()
    assert (shown["revealed"], shown["open"], shown["answer"]) == (True, False, 1)
    bad = await _post(client, "/api/poll", {"question": "?", "options": ["only one"]})
    assert bad.status == 400
    assert (await bad.json())["error"]


async def test_a_lottery_started_and_drawn_with_the_assistants_token(client: TestClient) -> None:
    opened = await _post(client, "/api/lottery", {"keyword": "福袋", "winners": 1})
    assert opened.status == 200, await opened.text()
    lottery_id = (await opened.json())["id"]
    again = await _post(client, "/api/lottery", {"keyword": "777"})
    assert again.status == 409  # one at a time, as for the API token
    assert (await again.json())["error"]
    await _ingest(client, [("a", "福袋"), ("b", "我要福袋"), ("c", "hi")])
    shown = await (await client.get(f"/api/lottery/{lottery_id}", headers=ASSIST)).json()
    assert shown["entrants"] == 2
    drawn = await _post(client, f"/api/lottery/{lottery_id}/draw")
    assert drawn.status == 200
    result = await drawn.json()
    assert result["entrants"] == 2
    assert len(result["winners"]) == 1
    assert result["winners"][0]["user"] in {"a", "b"}
    assert (await _post(client, f"/api/lottery/{lottery_id}/draw")).status == 409
    latest = await (await client.get("/assist/api/interaction", headers=ASSIST)).json()
    assert latest["lottery"]["seed"] == result["seed"]
    assert latest["lottery"]["open"] is False


async def test_a_checkin_started_and_stopped_with_the_assistants_token(client: TestClient) -> None:
    opened = await _post(client, "/api/checkin", {"keyword": "签到"})
    assert opened.status == 200, await opened.text()
    assert (await _post(client, "/api/checkin", {"keyword": "签到"})).status == 409
    await _ingest(client, [("a", "签到"), ("b", "签到啦"), ("a", "签到")])
    closed = await _post(client, "/api/checkin/close")
    assert closed.status == 200
    assert (await closed.json())["open"] is False
    latest = await (await client.get("/assist/api/interaction", headers=ASSIST)).json()
    assert latest["checkin"]["count"] == 2
    assert (await _post(client, "/api/checkin/close")).status == 409


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/overlay/poll"), ("DELETE", "/api/overlay/poll"),
     ("POST", "/api/overlay/lottery"), ("DELETE", "/api/overlay/checkin"),
     ("POST", "/api/cue/next"), ("POST", "/api/session/end"), ("GET", "/api/state"),
     ("POST", "/api/assist/token")],
)  # fmt: skip
async def test_the_rest_of_the_show_stays_refused(
    client: TestClient, method: str, path: str
) -> None:
    refused = await client.request(method, path, headers=ASSIST, json={})
    assert refused.status == 403
    assert "polls, lotteries and check-in" in (await refused.json())["error"]


async def test_the_current_interaction_needs_a_token(client: TestClient) -> None:
    assert (await client.get("/assist/api/interaction")).status == 401
    empty = await (await client.get("/assist/api/interaction", headers=MASTER)).json()
    assert empty == {
        "lottery": None,
        "poll": None,
        "checkin": None,
        "allowed": True,
        "helps": False,
    }


async def _existing(client: TestClient) -> dict[str, str]:
    """Placeholders filled with a poll and a lottery that exist (opened with the API token), so
    a route that is let through would answer, not 404."""
    poll = await client.post("/api/poll", json={"question": "?", "options": ["x", "y"]},
                             headers=MASTER)  # fmt: skip
    lottery = await client.post("/api/lottery", json={"keyword": "抽"}, headers=MASTER)
    assert (poll.status, lottery.status) == (200, 200)
    return {"poll": str((await poll.json())["id"]), "lottery": str((await lottery.json())["id"])}


def _filled(path: str, ids: dict[str, str]) -> str:
    kind = "poll" if path.startswith("/api/poll") else "lottery"
    return path.replace("{id}", ids[kind])


@pytest.mark.parametrize(("method", "path"), INTERACTION_ROUTES)
async def test_not_allowed_by_default_every_interaction_route_is_refused(
    closed_client: TestClient, access: AssistAccess, method: str, path: str
) -> None:
    assert access.runs_interaction is False
    ids = await _existing(closed_client)
    refused = await closed_client.request(method, _filled(path, ids), headers=ASSIST, json={})
    assert refused.status == 403, await refused.text()
    assert NOT_ALLOWED in (await refused.json())["error"]
    served = await closed_client.request(method, _filled(path, ids), headers=MASTER, json={})
    assert served.status not in (401, 403, 404), (method, path, await served.text())


async def test_not_allowed_the_panel_is_told_and_nothing_runs(
    closed_client: TestClient, show: Show
) -> None:
    latest = await (await closed_client.get("/assist/api/interaction", headers=ASSIST)).json()
    assert latest == {
        "lottery": None,
        "poll": None,
        "checkin": None,
        "allowed": False,
        "helps": False,
    }
    refused = await closed_client.post("/api/checkin", json={"keyword": "到"}, headers=ASSIST)
    assert refused.status == 403
    assert show.interaction.state().checkin is None  # refused before the handler


async def test_allowing_it_at_run_time_opens_the_routes_and_closing_it_again_refuses(
    closed_client: TestClient, access: AssistAccess
) -> None:
    body = {"question": "?", "options": ["x", "y"]}
    assert (await closed_client.post("/api/poll", json=body, headers=ASSIST)).status == 403
    access.allow_interaction(True)  # what saving the settings does, without a restart
    latest = await (await closed_client.get("/assist/api/interaction", headers=ASSIST)).json()
    assert latest["allowed"] is True
    opened = await closed_client.post("/api/poll", json=body, headers=ASSIST)
    assert opened.status == 200, await opened.text()
    poll_id = (await opened.json())["id"]
    shown = await closed_client.get(f"/api/poll/{poll_id}", headers=ASSIST)
    assert shown.status == 200
    access.allow_interaction(False)
    closed = await closed_client.post(f"/api/poll/{poll_id}/close", headers=ASSIST, json={})
    assert closed.status == 403
    assert NOT_ALLOWED in (await closed.json())["error"]
    latest = await (await closed_client.get("/assist/api/interaction", headers=ASSIST)).json()
    assert (latest["allowed"], latest["poll"]["open"]) == (False, True)


async def _until(ws: Any, kind: str) -> dict[str, Any]:
    while True:
        message = await asyncio.wait_for(ws.receive_json(), 5)
        assert message.get("type") != "overlay.interaction"  # the screen: not the panel's
        if message.get("type") == kind:
            return message  # type: ignore[no-any-return]


async def test_the_assistants_stream_carries_the_interactions(client: TestClient) -> None:
    async with client.ws_connect("/ws/events", headers=ASSIST) as ws:
        assert (await asyncio.wait_for(ws.receive_json(), 5))["type"] == "hello"
        opened = await _post(client, "/api/poll", {"question": "?", "options": ["x", "y"]})
        poll_id = (await opened.json())["id"]
        assert (await _until(ws, "poll.changed"))["poll"]["id"] == poll_id
        await _ingest(client, [("a", "2")])
        assert (await _until(ws, "poll.changed"))["poll"]["counts"] == [0, 1]
        await _post(client, "/api/lottery", {"keyword": "抽"})
        assert (await _until(ws, "lottery.changed"))["lottery"]["keyword"] == "抽"
        await _post(client, "/api/checkin", {"keyword": "到"})
        assert (await _until(ws, "checkin.changed"))["checkin"]["keyword"] == "到"
