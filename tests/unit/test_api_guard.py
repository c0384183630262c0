"""Where requests may come from (issue #13): a Host that is not this machine is 421 (DNS
rebinding), a cross-site Origin is 403 on writes and WebSocket upgrades, wrong tokens are slowed
down per address, and a socket whose sending fails is closed with a log line, never left silent."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import WSMsgType, WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer
from multidict import CIMultiDict

from app.adapters.web import routes_audience, routes_overlay_pages
from app.adapters.web.guard import FIRST_BLOCK_S, GuessGuard, HostRules, is_loopback, split_host
from app.adapters.web.server import create_app
from app.services.events import MarkerSet
from app.services.obs_control import ObsControl
from app.services.show import Show

TOKEN = "guard-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EVIL = "evil.example:4466"


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _client(show: Show, **options: Any) -> TestClient:
    client = TestClient(TestServer(create_app(show, TOKEN, **options)))
    await client.start_server()
    return client


@pytest.fixture
async def client(show: Show, connected: ObsControl) -> AsyncIterator[TestClient]:
    client = await _client(show)
    yield client
    await client.close()


def _origin(client: TestClient, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{client.port}"


# ----- Host --------------------------------------------------------------------------------------
def test_loopback_names_and_addresses() -> None:
    loopback = (
        "localhost",
        "LOCALHOST.",
        "127.0.0.1",
        "127.4.5.6",
        "[::1]",
        "app.localhost",
        "localhost:4466",
        "127.0.0.1:4466",
        "[::1]:4466",
        "[::ffff:127.0.0.1]:80",
    )
    for host in loopback:
        parsed = split_host(host)
        assert parsed is not None, host
        assert is_loopback(parsed[0]), host
    for host in ("evil.example", EVIL, "127.0.0.1.evil.example", "localhost.evil.example",
                 "192.168.1.20", "0.0.0.0", "[::]", "", "[zz"):  # fmt: skip
        parsed = split_host(host)
        assert parsed is None or not is_loopback(parsed[0]), host


async def test_a_rebinding_host_is_421_everywhere(client: TestClient) -> None:
    evil = {"Host": EVIL}
    for path in ("/api/state", "/overlay/all", "/overlay/static/overlay.js", "/assist"):
        response = await client.get(path, headers={**evil, **AUTH})
        assert response.status == 421, path
        assert "error" in await response.json()
    assert (await client.post("/api/markers", json={}, headers={**evil, **AUTH})).status == 421
    for path in ("/ws/events", "/ws/overlay", "/ingest"):
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect(path, headers={**evil, **AUTH})
        assert refused.value.status == 421, path


def test_a_host_with_more_than_a_name_and_a_port_is_not_read() -> None:
    """urlsplit would read a user, a path, a query or a fragment away and leave "localhost"."""
    for host in ("evil.example@localhost:4466", "localhost:4466@evil.example",
                 "localhost:4466/evil", "localhost:4466#x", "localhost:4466?x",
                 "localhost\\evil.example:4466", "localhost..:4466", "local..host",
                 "local host:4466", "localhost\t:4466", "127.0.0.1 evil.example"):  # fmt: skip
        assert split_host(host) is None, host
    assert split_host(" localhost:4466 ") == ("localhost", 4466)  # around it: not part of it


async def test_a_malformed_host_is_421(client: TestClient) -> None:
    port = client.port
    for host in (f"evil.example@localhost:{port}", f"localhost:{port}/evil",
                 f"localhost:{port}#x", f"localhost:{port}?x", f"localhost..:{port}",
                 f"localhost\\evil.example:{port}"):  # fmt: skip
        response = await client.get("/api/state", headers={"Host": host, **AUTH})
        assert response.status == 421, host


async def test_loopback_hosts_are_served(client: TestClient) -> None:
    for host in (f"127.0.0.1:{client.port}", f"localhost:{client.port}", "localhost", "[::1]"):
        assert (await client.get("/api/state", headers={"Host": host, **AUTH})).status == 200


async def test_the_lan_address_only_with_lan_access_on(show: Show) -> None:
    lan = {"Host": "192.168.1.20:4466", **AUTH}
    off = await _client(show)
    on = await _client(show, hosts=HostRules(lan=True, lan_hosts=lambda: ["192.168.1.20"]))
    try:
        assert (await off.get("/api/state", headers=lan)).status == 421
        assert (await on.get("/api/state", headers=lan)).status == 200
        # a name is never this machine's LAN address, even with LAN access on
        assert (await on.get("/api/state", headers={"Host": EVIL, **AUTH})).status == 421
        assert (await on.get("/api/state", headers={"Host": "10.0.0.9", **AUTH})).status == 421
        # the address the request arrived on is this machine's own
        here = {"Host": f"127.0.0.1:{on.port}", **AUTH}
        assert (await on.get("/api/state", headers=here)).status == 200
    finally:
        await off.close()
        await on.close()


# ----- Origin ------------------------------------------------------------------------------------
async def test_a_cross_site_origin_is_403_on_writes_and_websockets(client: TestClient) -> None:
    port = client.port or 0
    others = (
        "http://evil.example",
        f"http://evil.example:{port}",
        "null",
        f"http://127.0.0.1:{port + 1}",
        f"ftp://127.0.0.1:{port}",
    )
    for origin in others:
        headers = {"Origin": origin, **AUTH}
        for method, path in (("POST", "/api/markers"), ("DELETE", "/api/overlay/product"),
                             ("POST", "/ingest")):  # fmt: skip
            response = await client.request(method, path, json={"note": "x"}, headers=headers)
            assert response.status == 403, (origin, method, path)
        for path in ("/ws/events", "/ws/overlay", "/ingest"):
            with pytest.raises(WSServerHandshakeError) as refused:
                await client.ws_connect(path, headers=headers)
            assert refused.value.status == 403, (origin, path)


async def test_same_origin_and_no_origin_are_served(client: TestClient) -> None:
    for origin in (_origin(client), _origin(client, "localhost"), None):
        headers = {**AUTH, **({"Origin": origin} if origin else {})}
        marked = await client.post("/api/markers", json={"note": "x"}, headers=headers)
        assert marked.status == 200, origin
        async with client.ws_connect("/ws/events", headers=headers) as ws:
            assert (await asyncio.wait_for(ws.receive_json(), 5))["type"] == "hello"


async def test_more_than_one_origin_is_403(client: TestClient) -> None:
    """Which one is true? A browser sends one; the second is not ignored."""
    for second in ("http://evil.example", _origin(client)):
        headers = CIMultiDict(AUTH)
        headers.add("Origin", _origin(client))
        headers.add("Origin", second)
        marked = await client.post("/api/markers", json={"note": "x"}, headers=headers)
        assert marked.status == 403, second
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect("/ws/events", headers=headers)
        assert refused.value.status == 403, second


async def test_an_origin_with_a_user_or_a_path_is_403(client: TestClient) -> None:
    port = client.port
    for origin in (f"http://evil.example@127.0.0.1:{port}", f"http://127.0.0.1:{port}/evil",
                   f"http://127.0.0.1:{port}?x", f"http://127.0.0.1:{port}#x"):  # fmt: skip
        marked = await client.post("/api/markers", json={"note": "x"},
                                   headers={"Origin": origin, **AUTH})  # fmt: skip
        assert marked.status == 403, origin
    fine = {"Origin": f"http://127.0.0.1:{port}/", **AUTH}  # a trailing slash is still its own
    assert (await client.post("/api/markers", json={"note": "x"}, headers=fine)).status == 200


async def test_an_origin_let_in_on_purpose_may_post(
    show: Show, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVEDESK_ALLOWED_ORIGINS", "https://socialstream.ninja/, https://x.test")
    client = await _client(show, hosts=HostRules.from_env(False))
    try:
        comment = {"platform": "douyin", "user": "a", "text": "b"}
        for origin, status in (("https://socialstream.ninja", 200), ("https://x.test", 200),
                               ("https://evil.example", 403)):  # fmt: skip
            headers = {"Origin": origin, **AUTH}
            posted = await client.post("/ingest", json=comment, headers=headers)
            assert posted.status == status, origin
    finally:
        await client.close()


async def test_a_read_from_another_site_is_not_refused_by_origin(client: TestClient) -> None:
    """GET is not a write: a browser adds Origin to some reads (fetch with CORS)."""
    headers = {"Origin": "http://evil.example", **AUTH}
    assert (await client.get("/api/state", headers=headers)).status == 200


# ----- wrong tokens ------------------------------------------------------------------------------
async def test_guessing_is_slowed_down(show: Show) -> None:
    ticks = Ticks()
    client = await _client(show, guesses=GuessGuard(clock=ticks))
    try:
        for guess in range(5):
            wrong = await client.get("/api/state", headers={"Authorization": f"Bearer g{guess}"})
            assert wrong.status == 401
        blocked = await client.get("/api/state", headers=AUTH)  # even the right one waits
        assert blocked.status == 429
        assert blocked.headers["Retry-After"] == str(int(FIRST_BLOCK_S))
        assert "wrong tokens" in (await blocked.json())["error"]
        assert (await client.get("/api/state")).status == 401  # no token: no guess, no wait
        ticks.now += FIRST_BLOCK_S
        assert (await client.get("/api/state", headers=AUTH)).status == 200
        for guess in range(5):  # another round in the same minute: a longer wait
            await client.get("/api/state", headers={"Authorization": f"Bearer h{guess}"})
        again = await client.get("/api/state", headers=AUTH)
        assert again.status == 429
        assert int(again.headers["Retry-After"]) == 2 * FIRST_BLOCK_S
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect("/ws/events", headers=AUTH)
        assert refused.value.status == 429
    finally:
        await client.close()


async def test_the_same_stale_token_repeated_is_not_guessing(client: TestClient) -> None:
    for _ in range(20):  # a Stream Deck button with an old token
        stale = await client.post("/api/cue/next", headers={"Authorization": "Bearer old-one"})
        assert stale.status == 401
    assert (await client.get("/api/state", headers=AUTH)).status == 200


def test_the_guard_forgets_after_a_quiet_minute() -> None:
    ticks = Ticks()
    guard = GuessGuard(clock=ticks)
    for n in range(4):
        guard.failed("10.0.0.2", f"x{n}")
    ticks.now += 61
    guard.failed("10.0.0.2", "y")
    assert guard.wait_s("10.0.0.2") == 0
    assert guard.wait_s("10.0.0.3") == 0


# ----- sockets never left silent ------------------------------------------------------------------
async def _closed(ws: Any) -> None:
    while True:
        message = await asyncio.wait_for(ws.receive(), 5)
        if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
            return


async def test_an_event_that_cannot_be_sent_closes_ws_events_with_a_log_line(
    client: TestClient, show: Show, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    async with client.ws_connect("/ws/events", headers=AUTH) as ws:
        await ws.receive_json()  # hello
        unsendable: Any = object()  # no JSON for it: sending fails
        show.bus.publish(MarkerSet(t=1.0, note=unsendable, record_tc=None, stream_tc=None,
                                   chapter=False))  # fmt: skip
        await _closed(ws)
        assert ws.closed
    assert any("/ws/events" in r.getMessage() and "sending failed" in r.getMessage()
               for r in caplog.records)  # fmt: skip


async def test_a_failing_ingest_reply_closes_the_socket_with_a_log_line(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)

    async def unsendable_reply(*_args: Any) -> dict[str, Any]:
        return {"bad": object()}

    monkeypatch.setattr(routes_audience, "_frame", unsendable_reply)
    async with client.ws_connect("/ingest", headers=AUTH) as ws:
        await ws.send_json({"platform": "douyin", "user": "a", "text": "b"})
        await _closed(ws)
        assert ws.closed
    assert any("/ingest" in r.getMessage() for r in caplog.records)


async def test_a_failing_overlay_view_closes_the_socket_with_a_log_line(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    monkeypatch.setattr(routes_overlay_pages, "_message", lambda overlays: {"bad": object()})
    async with client.ws_connect("/ws/overlay", headers=AUTH) as ws:
        await _closed(ws)
        assert ws.closed
    assert any("/ws/overlay" in r.getMessage() for r in caplog.records)
