"""The assistants' token (issue #13): it opens only the assistants' panel and the routes it needs
(every other route of the app's route table answers 403 to it), the API token still opens
everything, and a new assistants' token disconnects the panels holding the old one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import WSMsgType, WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.event_json import TOKEN_ROTATED as ROTATED
from app.adapters.web.guard import ASSIST_ROUTES
from app.adapters.web.server import PUBLIC_PREFIXES, create_app
from app.domain.obs_state import OutputStats
from app.services.assist_access import AssistAccess
from app.services.events import AssistPresence, Event, ObsStats, ProductChanged, QuestionsChanged
from app.services.obs_control import ObsControl
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.support.waiting import eventually

TOKEN = "master-token-for-tests"
ASSIST_TOKEN = "assist-token-for-tests"
MASTER = {"Authorization": f"Bearer {TOKEN}"}
COMMENT = {"platform": "douyin", "user": "小明", "text": "这个多少钱？"}


class Tokens:
    def __init__(self) -> None:
        self.made = 0
        self.kept: list[str] = []

    def make(self) -> str:
        self.made += 1
        return f"assist-token-number-{self.made:04d}"

    def keep(self, token: str) -> bool:
        self.kept.append(token)
        return True


@pytest.fixture
def tokens() -> Tokens:
    return Tokens()


@pytest.fixture
def access(show: Show, tokens: Tokens) -> AssistAccess:
    return AssistAccess(show.bus, ASSIST_TOKEN, make=tokens.make, keep=tokens.keep)


@pytest.fixture
async def client(
    show: Show, connected: ObsControl, access: AssistAccess
) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN, assist=access))) as test_client:
        yield test_client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _route_table() -> list[tuple[str, str]]:
    """Every (method, pattern) the app serves but the public files, read from its router."""
    app = create_app(build_show(FakeObs(), MemoryLog()), TOKEN)
    return sorted(
        {
            (r.method, r.resource.canonical)
            for r in app.router.routes()
            if r.method != "HEAD"
            and r.resource is not None
            and not (r.method == "GET" and r.resource.canonical.startswith(PUBLIC_PREFIXES))
        }
    )


FILLS = {"{id}": "1", "{name}": "assist.js", "{page}": "all", "{sku}": "NOPE", "{code}": "NOPE"}


def _path(pattern: str) -> str:
    for placeholder, value in FILLS.items():
        pattern = pattern.replace(placeholder, value)
    return pattern


def test_the_route_table_is_walked() -> None:
    table = _route_table()
    assert len(table) >= 30
    # every route the assistants' token opens is served (/api/thanks: once it exists)
    assert {k for k in ASSIST_ROUTES if k[1] != "/api/thanks"} - {*table, *_public()} == set()


def _public() -> set[tuple[str, str]]:
    app = create_app(build_show(FakeObs(), MemoryLog()), TOKEN)
    return {("GET", r.resource.canonical) for r in app.router.routes() if r.resource is not None}


@pytest.mark.parametrize(("method", "pattern"), _route_table())
async def test_the_assistants_token_is_refused_outside_its_routes(
    client: TestClient, method: str, pattern: str
) -> None:
    path = _path(pattern)
    response = await client.request(method, path, headers=bearer(ASSIST_TOKEN), json={})
    if (method, pattern) in ASSIST_ROUTES:
        assert response.status not in (401, 403), (method, path, await response.text())
    else:
        assert response.status == 403, (method, path, response.status)
        assert "assistants' token" in (await response.json())["error"]
        if method == "GET":  # nor as a WebSocket
            with pytest.raises(WSServerHandshakeError) as refused:
                await client.ws_connect(path, headers=bearer(ASSIST_TOKEN))
            assert refused.value.status == 403


async def test_an_unknown_route_is_403_to_the_assistants_token(client: TestClient) -> None:
    response = await client.get("/api/nothing-here", headers=bearer(ASSIST_TOKEN))
    assert response.status == 403


def test_the_assistants_token_opens_the_routes_spec_7_4_lists_and_no_other_api_route() -> None:
    api = {(method, path) for method, path in ASSIST_ROUTES if path.startswith("/api/")}
    assert api == {("GET", "/api/questions"), ("POST", "/api/questions/{id}"),
                   ("GET", "/api/comments"), ("POST", "/api/comments"),
                   ("GET", "/api/thanks")}  # fmt: skip


async def test_thanks_blocking_and_messages_open_to_assistants_only_while_the_host_allows(
    client: TestClient, access: AssistAccess, show: Show
) -> None:
    auth = bearer(ASSIST_TOKEN)
    tries = [("POST", "/api/host/message", {"text": "看问题"}),
             ("DELETE", "/api/host/message", None),
             ("POST", "/api/moderation/block", {"user": "捣乱的"}),
             ("POST", "/api/thanks/1", {"action": "thanked"})]  # fmt: skip
    panel = await (await client.get("/assist/api/interaction", headers=auth)).json()
    assert panel["helps"] is False
    for method, path, body in tries:
        refused = await client.request(method, path, headers=auth, json=body)
        assert refused.status == 403, (method, path)
        assert "Assistants may mark thanks" in (await refused.json())["error"]
    access.allow_helping(True)  # the host ticks the setting: the next request follows it
    assert (await (await client.get("/assist/api/interaction", headers=auth)).json())["helps"]
    for method, path, body in tries:
        answer = await client.request(method, path, headers=auth, json=body)
        assert answer.status not in (401, 403), (method, path, await answer.text())
    assert show.state().host_message is None  # sent, then cleared
    access.allow_helping(False)
    again = await client.post("/api/host/message", headers=auth, json={"text": "x"})
    assert again.status == 403


async def test_the_listed_routes_work_with_the_assistants_token(client: TestClient) -> None:
    auth = bearer(ASSIST_TOKEN)
    panel = await client.get("/assist", headers=auth)
    assert panel.status == 200
    assert "text/html" in panel.headers["Content-Type"]
    assert (await client.get(f"/assist?token={ASSIST_TOKEN}")).status == 200
    added = await client.post("/api/comments", json=COMMENT, headers=auth)
    assert added.status == 200
    comments = await (await client.get("/api/comments", headers=auth)).json()
    assert [c["text"] for c in comments["comments"]] == [COMMENT["text"]]
    questions = await (await client.get("/api/questions", headers=auth)).json()
    assert len(questions["questions"]) == 1
    question_id = questions["questions"][0]["id"]
    claimed = await client.post(
        f"/api/questions/{question_id}", json={"action": "claim", "by": "小王"}, headers=auth
    )
    assert claimed.status == 200
    assert (await claimed.json())["question"]["state"] == "claimed"


async def test_the_api_token_still_opens_everything(client: TestClient) -> None:
    for method, path in [("GET", "/api/state"), ("POST", "/api/markers"),
                         ("GET", "/api/questions"), ("GET", "/assist")]:  # fmt: skip
        response = await client.request(method, path, headers=MASTER, json={"note": "x"})
        assert response.status == 200, (method, path)
    async with client.ws_connect("/ws/overlay", headers=MASTER) as ws:
        assert not ws.closed


async def _next(ws: Any, kind: str) -> dict[str, Any]:
    while True:
        message = await asyncio.wait_for(ws.receive_json(), 5)
        if message.get("type") == kind:
            return message  # type: ignore[no-any-return]


async def test_the_assistants_stream_carries_only_the_queue(client: TestClient, show: Show) -> None:
    async with client.ws_connect("/ws/events?name=小王", headers=bearer(ASSIST_TOKEN)) as ws:
        hello = await asyncio.wait_for(ws.receive_json(), 5)
        assert hello == {"type": "hello", "role": "assist"}  # not the show's state
        show.bus.publish(ProductChanged("X"))
        show.bus.publish(ObsStats(OutputStats(cpu_percent=1.0)))
        show.bus.publish(QuestionsChanged())
        message = await asyncio.wait_for(ws.receive_json(), 5)
        assert message["type"] == "questions.changed"


async def test_connected_assistants_are_listed(
    client: TestClient, show: Show, published: list[Event]
) -> None:
    def assistants() -> list[dict[str, Any]]:
        last = published[-1]
        assert isinstance(last, AssistPresence)
        return last.assistants

    async with client.ws_connect("/ws/events?name=小王", headers=bearer(ASSIST_TOKEN)) as one:
        await one.receive_json()
        async with client.ws_connect("/ws/events?panel=assist", headers=MASTER) as two:
            await two.receive_json()  # a panel opened with the API token counts too
            await two.send_json({"type": "name", "name": "小王"})  # the name, said later
            await eventually(lambda: assistants()[0]["sockets"] == 2, "both sockets", timeout=5)
            listed = await (await client.get("/api/assist", headers=MASTER)).json()
            assert listed == {"assistants": [{"name": "小王", "sockets": 2}]}
            assert published[-1] == AssistPresence(listed["assistants"])
    await eventually(lambda: assistants() == [], "the assistant gone", timeout=5)


async def test_a_new_token_disconnects_the_old_ones_panels(
    client: TestClient, tokens: Tokens, access: AssistAccess
) -> None:
    async with client.ws_connect("/ws/events", headers=bearer(ASSIST_TOKEN)) as panel:
        await panel.receive_json()  # hello
        async with client.ws_connect("/ws/events", headers=MASTER) as console:
            await console.receive_json()
            answer = await client.post("/api/assist/token", headers=MASTER)
            assert answer.status == 200
            made = await answer.json()
            assert made["token"] == tokens.kept[-1] == access.token != ASSIST_TOKEN
            assert made["url"].endswith(f"/assist?token={made['token']}")
            assert await _next(panel, ROTATED) == {"type": ROTATED}
            closing = await asyncio.wait_for(panel.receive(), 5)
            assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED)
            assert panel.closed
            assert (await _next(console, ROTATED))["origin"] == "api"  # the console stays
            assert not console.closed
    old = await client.get("/api/questions", headers=bearer(ASSIST_TOKEN))
    assert old.status == 401
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws/events", headers=bearer(ASSIST_TOKEN))
    assert refused.value.status == 401
    new = await client.get("/api/questions", headers=bearer(made["token"]))
    assert new.status == 200


async def test_only_the_api_token_makes_a_new_assistants_token(client: TestClient) -> None:
    assert (await client.post("/api/assist/token", headers=bearer(ASSIST_TOKEN))).status == 403
    assert (await client.post("/api/assist/token")).status == 401


def test_the_token_never_travels_on_the_bus(
    show: Show, access: AssistAccess, published: list[Event]
) -> None:
    made = access.rotate()
    assert made["token"] not in repr(published)
    assert ASSIST_TOKEN not in repr(published)


async def test_a_panel_with_the_api_token_is_not_told_of_a_new_assistants_token(
    client: TestClient, show: Show
) -> None:
    """The producer's panel (API token, `?panel=assist`) holds no assistants' token: its link
    still works, so it is neither told nor closed, and carries on."""
    async with client.ws_connect("/ws/events?panel=assist", headers=MASTER) as producer:
        await producer.receive_json()  # hello
        assert (await client.post("/api/assist/token", headers=MASTER)).status == 200
        show.bus.publish(QuestionsChanged())
        seen = []
        while not seen or seen[-1]["type"] != "questions.changed":
            seen.append(await asyncio.wait_for(producer.receive_json(), 5))
        assert ROTATED not in [m["type"] for m in seen], seen
        assert not producer.closed


async def _say_name(ws: Any, name: str, panel: str | None) -> None:
    said = {"type": "name", "name": name, **({"panel": panel} if panel is not None else {})}
    await ws.send_json(said)


async def test_a_name_another_panel_holds_is_refused(
    client: TestClient, access: AssistAccess, published: list[Event]
) -> None:
    """Claims go by name: two panels (each with an id of its own) may not share one. The same
    panel again (a reconnect, a second tab) may; a client that says no id is not checked."""

    def listed() -> list[dict[str, Any]]:
        return [e for e in published if isinstance(e, AssistPresence)][-1].assistants

    def one_each(*names: str) -> list[dict[str, Any]]:
        return [{"name": name, "sockets": 1} for name in names]

    auth = bearer(ASSIST_TOKEN)
    async with (
        client.ws_connect("/ws/events", headers=auth) as a,
        client.ws_connect("/ws/events", headers=auth) as b,
    ):
        await a.receive_json()
        await b.receive_json()
        await _say_name(a, "小王", "panel-a")
        await eventually(lambda: listed() == one_each("?", "小王"), "a named")
        await _say_name(b, " 小王 ", "panel-b")
        answer = await _next(b, "name.taken")
        assert answer == {"type": "name.taken", "name": "小王", "kept": ""}
        await _say_name(b, "小李", "panel-b")  # another name: taken without a word
        await eventually(lambda: listed() == one_each("小李", "小王"), "b named")
        await _say_name(b, "小王", "panel-b")
        answer = await _next(b, "name.taken")
        assert answer == {"type": "name.taken", "name": "小王", "kept": "小李"}
        async with client.ws_connect("/ws/events", headers=auth) as again:  # a's second tab
            await again.receive_json()
            await _say_name(again, "小王", "panel-a")
            await eventually(lambda: {"name": "小王", "sockets": 2} in listed(), "a's 2 tabs")
    assert access.assistants() == []
    async with client.ws_connect("/ws/events", headers=auth) as b:  # a has gone: b may
        await b.receive_json()
        await _say_name(b, "小王", "panel-b")
        await eventually(lambda: access.assistants() == [{"name": "小王", "sockets": 1}], "b")


def test_presence_keeps_names_apart_per_panel(show: Show, access: AssistAccess) -> None:
    a, b, old = access.joined(""), access.joined(""), access.joined("小王")
    assert not access.renamed(a, "小王", "panel-a")  # an old panel (?name=, no id) holds it
    assert access.name_of(a) == ""
    access.left(old)
    assert access.renamed(a, "小王", "panel-a")
    assert not access.renamed(b, "小王", "panel-b")
    assert access.name_of(b) == ""
    assert access.renamed(b, "小王")  # a client that says no id is not checked
    assert access.assistants() == [{"name": "小王", "sockets": 2}]
    access.left(a)
    access.renamed(b, "小李", "panel-b")
    assert access.renamed(b, "小王", "panel-b")  # a has gone


def test_a_connection_that_said_no_panel_id_is_another_panel(
    show: Show, access: AssistAccess
) -> None:
    """Two panels joined as 小王 by their address (no panel id said): a third panel may not take
    小王 from them, whatever its id (one that said none cannot be told from another panel)."""
    first, second = access.joined("小王"), access.joined("小王")
    third = access.joined("")
    assert access.taken("小王", "panel-c", third)
    assert not access.renamed(third, "小王", "panel-c")
    assert access.name_of(third) == ""
    assert not access.renamed(first, "小王", "panel-a")  # second holds it too, id unknown
    access.left(second)
    assert access.renamed(first, "小王", "panel-a")  # its own name, now with its id
    assert not access.renamed(third, "小王", "panel-c")
    assert access.assistants() == [{"name": "?", "sockets": 1}, {"name": "小王", "sockets": 1}]
    access.left(first)
    assert access.renamed(third, "小王", "panel-c")


@pytest.mark.parametrize("console", ["主控", "导播"])
def test_no_panel_takes_the_consoles_own_name(show: Show, tokens: Tokens, console: str) -> None:
    """The producer's queue works under the settings' assistant name: a panel that took it could
    give back or answer the producer's claims. Refused with a panel id or without, and a name in
    the address is not taken either; another name is."""
    access = AssistAccess(show.bus, ASSIST_TOKEN, make=tokens.make, keep=tokens.keep,
                          console_name=console)  # fmt: skip
    a = access.joined("")
    assert access.taken(console, "panel-a", a)
    assert not access.renamed(a, console, "panel-a")
    assert not access.renamed(a, f" {console} ")
    assert access.name_of(a) == ""
    legacy = access.joined(console)
    assert access.name_of(legacy) == ""
    assert access.renamed(a, "小王", "panel-a")
    assert access.assistants() == [{"name": "?", "sockets": 1}, {"name": "小王", "sockets": 1}]


async def test_a_panel_asking_for_the_consoles_name_is_told_it_is_taken(
    client: TestClient, access: AssistAccess
) -> None:
    """The default console name 主控 (settings `assistant_name`), over the panel's socket."""
    async with client.ws_connect("/ws/events", headers=bearer(ASSIST_TOKEN)) as ws:
        await ws.receive_json()
        await _say_name(ws, "主控", "panel-a")
        answer = await _next(ws, "name.taken")
        assert answer == {"type": "name.taken", "name": "主控", "kept": ""}
    assert access.assistants() == []


async def test_the_assistants_token_does_not_act_under_the_consoles_name(
    client: TestClient, access: AssistAccess
) -> None:
    """Claims go by name: with the assistants' token, one cannot claim, answer or give back as
    the producer (主控) over HTTP either, as a panel cannot take that name."""
    auth = bearer(ASSIST_TOKEN)
    assert (await client.post("/api/comments", json=COMMENT, headers=auth)).status == 200
    question_id = (await (await client.get("/api/questions", headers=auth)).json())[
        "questions"][0]["id"]  # fmt: skip
    url = f"/api/questions/{question_id}"
    refused = await client.post(url, json={"action": "claim", "by": access.console_name},
                                headers=auth)  # fmt: skip
    assert refused.status == 409
    assert access.console_name in (await refused.json())["error"]
    mine = await client.post(url, json={"action": "claim", "by": "小王"}, headers=auth)
    assert mine.status == 200
    master = await client.post(url, json={"action": "dismiss", "by": "小王"}, headers=MASTER)
    assert master.status == 200  # the producer's token may act as anyone
