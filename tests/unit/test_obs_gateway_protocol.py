"""The OBS adapter against a scripted obs-websocket peer, for what real OBS cannot show here:
an OBS older than 28, an obs-websocket 4.x server, a server that stops answering, a reset."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import WSCloseCode, web
from aiohttp.test_utils import TestServer

from app.adapters.obs.gateway import ObsWebsocketGateway, parse_obs_url
from app.services.errors import ObsRequestFailed, ObsUnavailable
from app.services.ports import ObsConnectError
from tests.support.ports import free_tcp_port
from tests.support.waiting import eventually

Script = Callable[[web.WebSocketResponse], Awaitable[None]]


async def hello_identify(ws: web.WebSocketResponse, *, auth: bool = False) -> dict[str, Any]:
    hello: dict[str, Any] = {"obsWebSocketVersion": "5.1.0", "rpcVersion": 1}
    if auth:
        hello["authentication"] = {"challenge": "c", "salt": "s"}
    await ws.send_json({"op": 0, "d": hello})
    identify = json.loads((await ws.receive()).data)
    return identify


async def answer(ws: web.WebSocketResponse, data: dict[str, Any], **response: Any) -> None:
    await ws.send_json(
        {
            "op": 7,
            "d": {
                "requestType": data["requestType"],
                "requestId": data["requestId"],
                "requestStatus": {"result": True, "code": 100},
                "responseData": response,
            },
        }
    )


@pytest.fixture
async def peer() -> AsyncIterator[Callable[[Script], Awaitable[str]]]:
    servers: list[TestServer] = []

    async def start(script: Script) -> str:
        async def handler(request: web.Request) -> web.WebSocketResponse:
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            await script(ws)
            return ws

        app = web.Application()
        app.router.add_get("/", handler)
        server = TestServer(app)
        await server.start_server()
        servers.append(server)
        return f"ws://127.0.0.1:{server.port}"

    yield start
    for server in servers:
        await server.close()


async def _requests(ws: web.WebSocketResponse) -> AsyncIterator[dict[str, Any]]:
    async for message in ws:
        yield json.loads(message.data)["d"]


def gateway(url: str, **kwargs: Any) -> ObsWebsocketGateway:
    options: dict[str, Any] = {"connect_timeout": 1.0, "request_timeout": 2.0, **kwargs}
    return ObsWebsocketGateway(url, "pw", **options)


async def test_identify_subscribes_to_ui_events(peer) -> None:
    seen: dict[str, Any] = {}

    async def script(ws: web.WebSocketResponse) -> None:
        seen.update(await hello_identify(ws))
        await ws.send_json({"op": 2, "d": {"negotiatedRpcVersion": 1}})
        async for data in _requests(ws):
            await answer(ws, data, obsVersion="30.0.0", obsWebSocketVersion="5.3.0")

    gw = gateway(await peer(script))
    try:
        version = await gw.connect()
    finally:
        await gw.close()
        gw.shutdown()
    assert version.obs_version == "30.0.0"
    assert seen["d"]["eventSubscriptions"] & (1 << 10)  # Ui: StudioModeStateChanged


async def test_auth_failure_close_4009_is_a_password_problem(peer) -> None:
    async def script(ws: web.WebSocketResponse) -> None:
        identify = await hello_identify(ws, auth=True)
        assert identify["d"]["authentication"]
        await ws.close(code=4009, message=b"Authentication failed.")

    gw = gateway(await peer(script))
    with pytest.raises(ObsConnectError) as failed:
        await gw.connect()
    gw.shutdown()
    assert failed.value.problem.code == "auth"


async def test_obs_older_than_28_is_refused_with_its_own_message(peer) -> None:
    async def script(ws: web.WebSocketResponse) -> None:
        await hello_identify(ws)
        await ws.send_json({"op": 2, "d": {"negotiatedRpcVersion": 1}})
        async for data in _requests(ws):
            await answer(ws, data, obsVersion="27.2.4", obsWebSocketVersion="5.0.1")

    gw = gateway(await peer(script))
    with pytest.raises(ObsConnectError) as failed:
        await gw.connect()
    gw.shutdown()
    assert failed.value.problem.code == "too_old"
    assert "28" in failed.value.problem.hint


async def test_a_v4_server_that_never_says_hello_is_too_old(peer) -> None:
    async def script(ws: web.WebSocketResponse) -> None:
        await ws.receive()  # obs-websocket 4.x waits for the client to speak first

    gw = gateway(await peer(script))
    with pytest.raises(ObsConnectError) as failed:
        await gw.connect()
    gw.shutdown()
    assert failed.value.problem.code == "too_old"  # said after the hello wait, not a hang


async def test_a_closed_connection_fails_waiting_calls_at_once(peer) -> None:
    async def script(ws: web.WebSocketResponse) -> None:
        await hello_identify(ws)
        await ws.send_json({"op": 2, "d": {"negotiatedRpcVersion": 1}})
        async for data in _requests(ws):
            if data["requestType"] == "GetVersion":
                await answer(ws, data, obsVersion="29.0.2", obsWebSocketVersion="5.1.0")
            else:  # never answered: OBS goes away instead
                await asyncio.sleep(0.2)  # deliberate: OBS sits on the request a while
                await ws.close(code=WSCloseCode.GOING_AWAY, message=b"Server stopping.")

    # a request timeout longer than the test may run: only the closed connection can end it
    gw = gateway(await peer(script), request_timeout=600.0)
    await gw.connect()
    with pytest.raises(ObsUnavailable) as failed:
        await gw.call("GetSceneList")
    await asyncio.wait_for(gw.wait_lost(), 1)
    gw.shutdown()
    assert "no answer" not in str(failed.value)  # not the request timeout's message
    assert not gw.connected


async def test_an_unanswered_request_times_out_and_marks_the_connection_lost(peer) -> None:
    async def script(ws: web.WebSocketResponse) -> None:
        await hello_identify(ws)
        await ws.send_json({"op": 2, "d": {"negotiatedRpcVersion": 1}})
        async for data in _requests(ws):
            if data["requestType"] == "GetVersion":
                await answer(ws, data, obsVersion="29.0.2", obsWebSocketVersion="5.1.0")

    gw = gateway(await peer(script))
    await gw.connect()
    with pytest.raises(ObsUnavailable, match="no answer"):
        await gw.call("GetStats")
    assert not gw.connected
    gw.shutdown()


async def test_failed_requests_keep_obs_status_and_events_reach_the_loop(peer) -> None:
    async def script(ws: web.WebSocketResponse) -> None:
        await hello_identify(ws)
        await ws.send_json({"op": 2, "d": {"negotiatedRpcVersion": 1}})
        async for data in _requests(ws):
            if data["requestType"] == "GetVersion":
                await answer(ws, data, obsVersion="29.0.2", obsWebSocketVersion="5.1.0")
                continue
            await ws.send_json(
                {
                    "op": 5,
                    "d": {
                        "eventType": "SceneListChanged",
                        "eventIntent": 4,
                        "eventData": {"scenes": []},
                    },
                }
            )
            await ws.send_json(
                {
                    "op": 7,
                    "d": {
                        "requestType": data["requestType"],
                        "requestId": data["requestId"],
                        "requestStatus": {
                            "result": False,
                            "code": 600,
                            "comment": "No source was found",
                        },
                    },
                }
            )

    gw = gateway(await peer(script))
    events: list[tuple[str, Any]] = []
    loop_thread = asyncio.get_running_loop()
    gw.set_event_handler(lambda name, data: events.append((name, asyncio.get_running_loop())))
    await gw.connect()
    with pytest.raises(ObsRequestFailed) as failed:
        await gw.call("SetCurrentProgramScene", sceneName="x")
    await eventually(lambda: events, "the SceneListChanged event delivered", 5.0)
    await gw.close()
    gw.shutdown()
    assert failed.value.code == 600
    assert "No source" in str(failed.value)
    assert events
    assert events[0][0] == "SceneListChanged"
    assert events[0][1] is loop_thread  # delivered on the loop, never on the receive thread


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("ws://127.0.0.1:4455", ("127.0.0.1", 4455)),
        ("192.168.1.5:4460", ("192.168.1.5", 4460)),
        ("ws://obs.local", ("obs.local", 4455)),
    ],
)
def test_parse_obs_url(url: str, expected: tuple[str, int]) -> None:
    assert parse_obs_url(url) == expected


@pytest.mark.parametrize("url", ["http://x:1", "ws://", "wss://host:4455"])
def test_parse_obs_url_refuses_what_is_not_ws(url: str) -> None:
    with pytest.raises(ValueError, match="ws://"):
        parse_obs_url(url)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:4455", "wss://127.0.0.1:4455", "ws://127.0.0.1:99999",
     "ws://127.0.0.1:70000", "ws://127.0.0.1:0", "ws://:4455", "ws://127.0.0.1:port",
     "ws://[::1"],
)  # fmt: skip
def test_parse_obs_url_refuses_any_unreadable_address_with_one_clear_error(url: str) -> None:
    with pytest.raises(ValueError, match=r"not an OBS WebSocket address.*ws://HOST:PORT"):
        parse_obs_url(url)


def test_parse_obs_url_reads_a_bracketed_ipv6_address() -> None:
    assert parse_obs_url("ws://[::1]:4460") == ("::1", 4460)


async def test_an_unreadable_address_is_a_problem_to_show_not_a_crash() -> None:
    """An address from the settings or LIVEDESK_OBS_URL that cannot be read: the console
    starts, every attempt says what is wrong, and a new address (the settings dialog, the
    connection wizard) clears it."""
    gw = gateway("http://127.0.0.1:4455")
    try:
        with pytest.raises(ObsConnectError) as failed:
            await gw.connect()
        assert failed.value.problem.code == "bad_address"
        assert "http://127.0.0.1:4455" in failed.value.problem.message
        assert "ws://HOST:PORT" in failed.value.problem.hint
        gw.host, gw.port = "127.0.0.1", free_tcp_port()  # a new address, nothing there
        with pytest.raises(ObsConnectError) as again:
            await gw.connect()
        assert again.value.problem.code in ("refused", "server_disabled")
    finally:
        gw.shutdown()


@pytest.fixture
async def http_server() -> AsyncIterator[int]:
    """A plain HTTP server (another app's port, a mistyped one): it answers 200, not 101."""

    async def page(_request: web.Request) -> web.Response:
        return web.Response(text="hello")

    app = web.Application()
    app.router.add_get("/", page)
    server = TestServer(app)
    await server.start_server()
    yield server.port
    await server.close()


async def test_a_plain_http_server_is_not_obs_and_its_open_port_wakes_no_retry(
    http_server: int,
) -> None:
    gw = gateway(f"ws://127.0.0.1:{http_server}")
    try:
        with pytest.raises(ObsConnectError) as failed:
            await gw.connect()
        assert failed.value.problem.code == "not_obs"
        assert str(http_server) in failed.value.problem.message
        loop = asyncio.get_running_loop()
        started = loop.time()
        await gw.wait_reachable(0.3)  # the port is open, as it was: no reason to try at once
        assert loop.time() - started >= 0.29
    finally:
        gw.shutdown()


async def test_a_closed_port_that_opens_wakes_the_retry_at_once() -> None:
    port = free_tcp_port()
    gw = gateway(f"ws://127.0.0.1:{port}")
    try:
        with pytest.raises(ObsConnectError):
            await gw.connect()  # refused: nothing listens yet
        server = await asyncio.start_server(lambda _r, w: w.close(), "127.0.0.1", port)
        try:
            await asyncio.wait_for(gw.wait_reachable(600.0), 30)  # back long before the bound
        finally:
            server.close()
            await server.wait_closed()
    finally:
        gw.shutdown()


async def test_an_ipv6_address_connects(peer_v6: Callable[[Script], Awaitable[str]]) -> None:
    async def script(ws: web.WebSocketResponse) -> None:
        await hello_identify(ws)
        await ws.send_json({"op": 2, "d": {"negotiatedRpcVersion": 1}})
        async for data in _requests(ws):
            await answer(ws, data, obsVersion="29.0.2", obsWebSocketVersion="5.1.0")

    url = await peer_v6(script)
    assert url.startswith("ws://[::1]:")
    gw = gateway(url)
    try:
        version = await gw.connect()
        assert version.obs_version == "29.0.2"
        assert gw.connected
    finally:
        await gw.close()
        gw.shutdown()


@pytest.fixture
async def peer_v6() -> AsyncIterator[Callable[[Script], Awaitable[str]]]:
    """A scripted obs-websocket peer on the IPv6 loopback."""
    if not socket.has_ipv6:
        pytest.skip("this machine has no IPv6")
    servers: list[TestServer] = []

    async def start(script: Script) -> str:
        async def handler(request: web.Request) -> web.WebSocketResponse:
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            await script(ws)
            return ws

        app = web.Application()
        app.router.add_get("/", handler)
        server = TestServer(app, host="::1")
        await server.start_server()
        servers.append(server)
        return f"ws://[::1]:{server.port}"

    yield start
    for server in servers:
        await server.close()
