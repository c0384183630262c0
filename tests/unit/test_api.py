from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import PUBLIC_PREFIXES, create_app
from app.domain import log_events as kinds
from app.services.obs_control import ObsControl
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def client(show: Show, connected: ObsControl) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


def _routes() -> list[tuple[str, str]]:
    """Every route the app serves, read from its router, plus one it does not."""
    app = create_app(build_show(FakeObs(), MemoryLog()), TOKEN)
    table = {
        (r.method, r.resource.canonical)
        for r in app.router.routes()
        if r.method != "HEAD"
        and not (
            r.method == "GET" and r.resource.canonical.startswith(PUBLIC_PREFIXES)
        )  # the overlay pages' static files need no token
    }
    # plus one it does not, and a write under a public prefix (only reading is public)
    return [*sorted(table), ("GET", "/api/nothing-here"), ("POST", "/overlay/product")]


WRONG_TOKENS = [  # (headers, query): every way to get the token wrong
    ({"Authorization": "Bearer nope"}, ""),
    ({"Authorization": f"Bearer {TOKEN}x"}, ""),
    ({"Authorization": "Bearer "}, ""),
    ({"Authorization": f"Basic {TOKEN}"}, ""),
    ({"Authorization": TOKEN}, ""),
    ({}, "?token=nope"),
    ({}, f"?token={TOKEN[:-1]}"),
    ({}, "?token="),
    ({}, f"?TOKEN={TOKEN}"),
    ({"Authorization": "Bearer nope"}, f"?token={TOKEN}"),  # a wrong header is not rescued
]


@pytest.mark.parametrize(("method", "path"), _routes())
async def test_every_route_needs_the_token(client: TestClient, method: str, path: str) -> None:
    missing = await client.request(method, path)
    assert missing.status == 401
    assert "token" in (await missing.json())["error"]
    for headers, query in WRONG_TOKENS:
        wrong = await client.request(method, path + query, headers=headers)
        assert wrong.status == 401, (headers, query)
    if method == "GET":
        assert (await client.head(path)).status == 401


def _get_routes() -> list[str]:
    return sorted({path for method, path in _routes() if method == "GET"})


@pytest.mark.parametrize("path", _get_routes())
async def test_no_websocket_opens_without_the_token(client: TestClient, path: str) -> None:
    """Every GET route refuses the WebSocket handshake too: /ws/events, /ws/overlay, /ingest."""
    for headers, query in [({}, ""), *WRONG_TOKENS]:
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect(path + query, headers=headers)
        assert refused.value.status == 401, (path, headers, query)


@pytest.mark.parametrize("path", ["/ws/events", "/ws/overlay", "/ingest"])
async def test_the_websockets_open_with_the_token(client: TestClient, path: str) -> None:
    for headers, query in ((AUTH, ""), ({}, f"?token={TOKEN}")):
        async with client.ws_connect(path + query, headers=headers) as ws:
            assert not ws.closed


async def test_token_in_query_works(client: TestClient) -> None:
    response = await client.get(f"/api/state?token={TOKEN}")
    assert response.status == 200


async def test_state_has_the_contract_shape(client: TestClient) -> None:
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert set(state) >= {"obs", "session", "runsheet", "overlay", "counts"}
    obs = state["obs"]
    for key in (
        "connected",
        "program_scene",
        "preview_scene",
        "studio_mode",
        "scenes",
        "streaming",
        "recording",
    ):
        assert key in obs
    assert obs["scenes"] == ["Opening", "Teaching", "Product", "BRB"]
    assert state["session"] == {
        "id": None,
        "title": None,
        "started_at": None,
        "resume_available": False,
        "interrupted": None,
    }


async def test_switch_scene(client: TestClient, fake_obs: FakeObs, memory_log: MemoryLog) -> None:
    response = await client.post("/api/obs/scene", json={"scene": "Product"}, headers=AUTH)
    assert response.status == 200
    assert fake_obs.program == "Product"
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["obs"]["program_scene"] == "Product"
    action = [e for e in memory_log.entries if e.kind == kinds.ACTION_SCENE][-1]
    assert action.data["origin"] == "api"


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"scene": "Nope"}, 404, "Nope"),
        ({}, 400, "scene"),
        ({"scene": ""}, 400, "scene"),  # no scene is named so: bad input, not an unknown scene
        ({"scene": "  "}, 400, "scene"),
        ({"scene": 3}, 400, "string"),
        ([1, 2], 400, "object"),
    ],
)
async def test_bad_scene_requests(
    client: TestClient, fake_obs: FakeObs, body: object, status: int, needle: str
) -> None:
    response = await client.post("/api/obs/scene", json=body, headers=AUTH)
    assert response.status == status
    assert needle in (await response.json())["error"]
    assert fake_obs.program == "Opening"


async def test_invalid_json_is_400(client: TestClient) -> None:
    response = await client.post("/api/obs/scene", data=b"{not json", headers=AUTH)
    assert response.status == 400
    assert "JSON" in (await response.json())["error"]


async def test_body_over_a_mebibyte_is_413(client: TestClient) -> None:
    body = b'{"scene": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    response = await client.post("/api/obs/scene", data=body, headers=AUTH)
    assert response.status == 413


async def test_outputs_and_wrong_state(client: TestClient, fake_obs: FakeObs) -> None:
    ok = await client.post("/api/obs/record", json={"action": "start"}, headers=AUTH)
    assert ok.status == 200
    assert fake_obs.recording
    again = await client.post("/api/obs/record", json={"action": "start"}, headers=AUTH)
    assert again.status == 409
    bad = await client.post("/api/obs/stream", json={"action": "explode"}, headers=AUTH)
    assert bad.status == 400
    stop = await client.post("/api/obs/stream", json={"action": "stop"}, headers=AUTH)
    assert stop.status == 409


async def test_obs_not_connected_is_503(client: TestClient, fake_obs: FakeObs, show: Show) -> None:
    fake_obs.drop()
    show.obs.disconnected(None)
    response = await client.post("/api/obs/scene", json={"scene": "BRB"}, headers=AUTH)
    assert response.status == 503


async def test_session_start_and_end(client: TestClient, memory_log: MemoryLog) -> None:
    started = await client.post("/api/session/start", json={"title": "带货专场"}, headers=AUTH)
    assert started.status == 200
    session_id = (await started.json())["id"]
    twice = await client.post("/api/session/start", json={"title": "x"}, headers=AUTH)
    assert twice.status == 409
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["session"]["id"] == session_id
    assert state["session"]["title"] == "带货专场"
    ended = await client.post("/api/session/end", headers=AUTH)
    assert ended.status == 200
    assert (await client.post("/api/session/end", headers=AUTH)).status == 409
    assert memory_log.sessions[session_id]["ended_at"] is not None


async def test_studio_mode_and_transition(client: TestClient, fake_obs: FakeObs) -> None:
    assert (await client.post("/api/obs/transition", headers=AUTH)).status == 409
    on = await client.post("/api/obs/studio_mode", json={"enabled": True}, headers=AUTH)
    assert on.status == 200
    assert fake_obs.studio_mode
    switched = await client.post("/api/obs/scene", json={"scene": "BRB"}, headers=AUTH)
    assert (await switched.json())["target"] == "preview"
    assert (await client.post("/api/obs/transition", headers=AUTH)).status == 200
    assert fake_obs.program == "BRB"


async def test_events_websocket_streams_changes(client: TestClient, fake_obs: FakeObs) -> None:
    async with client.ws_connect("/ws/events", headers=AUTH) as ws:
        hello = await ws.receive_json(timeout=2)
        assert hello["type"] == "hello"
        assert hello["state"]["obs"]["connected"]
        await client.post("/api/obs/scene", json={"scene": "Teaching"}, headers=AUTH)
        seen = []
        while not any(e.get("type") == "obs.program_scene" for e in seen):
            seen.append(await asyncio.wait_for(ws.receive_json(), 2))
        changed = next(e for e in seen if e["type"] == "obs.program_scene")
        assert changed["scene"] == "Teaching"


async def test_markers_route(client: TestClient, memory_log: MemoryLog) -> None:
    response = await client.post("/api/markers", json={"note": "精彩片段"}, headers=AUTH)
    assert response.status == 200
    assert (await response.json())["marker"]["note"] == "精彩片段"
    assert memory_log.of_kind("marker")
    assert (await client.post("/api/markers", json={"note": 5}, headers=AUTH)).status == 400
