"""CORS for a relay's web page (LIVEDESK_ALLOWED_ORIGINS): an allowed origin's preflight to the
comment routes is answered without the token, and every answer to it names the origin, errors
included; another origin, another route and a server with no origins let in are as before.
A real browser doing the same: tests/e2e/test_relay_page.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.guard import HostRules
from app.adapters.web.limits import LIMITS_KEY, IngestLimits
from app.adapters.web.server import create_app
from app.services.show import Show

TOKEN = "cors-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RELAY = "https://socialstream.ninja"
EVIL = "https://evil.example"
PREFLIGHT = {"Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization,content-type"}  # fmt: skip
COMMENT = {"platform": "douyin", "user": "a", "text": "多少钱"}


def _app(show: Show, limits: IngestLimits | None = None) -> web.Application:
    app = create_app(show, TOKEN, hosts=HostRules.from_env(False))
    if limits is not None:
        app[LIMITS_KEY] = limits
    return app


@pytest.fixture
async def client(show: Show, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[TestClient]:
    monkeypatch.setenv("LIVEDESK_ALLOWED_ORIGINS", f"{RELAY}/, https://x.test")
    async with TestClient(TestServer(_app(show))) as test_client:
        yield test_client


def _cors(headers: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower().startswith("access-control-")}


async def test_an_allowed_origins_preflight_is_answered_without_the_token(
    client: TestClient,
) -> None:
    for path in ("/ingest", "/ingest/douyin", "/ingest?token=whatever"):
        answer = await client.options(path, headers={"Origin": RELAY, **PREFLIGHT})
        assert answer.status == 204, path
        assert answer.headers["Access-Control-Allow-Origin"] == RELAY
        assert answer.headers["Access-Control-Allow-Methods"] == "POST"
        allowed = answer.headers["Access-Control-Allow-Headers"].lower().split(",")
        assert {h.strip() for h in allowed} == {"authorization", "content-type"}
        assert int(answer.headers["Access-Control-Max-Age"]) > 0
        assert "Origin" in answer.headers.getall("Vary")
        assert "Access-Control-Allow-Private-Network" not in answer.headers
    # Chrome's Private Network Access: a public page asking to reach this machine
    asked = {"Origin": RELAY, **PREFLIGHT, "Access-Control-Request-Private-Network": "true"}
    answer = await client.options("/ingest", headers=asked)
    assert answer.headers["Access-Control-Allow-Private-Network"] == "true"


async def test_every_answer_to_an_allowed_origin_names_it(client: TestClient) -> None:
    origin = {"Origin": RELAY}
    taken = await client.post("/ingest", json=[COMMENT, {"user": "x"}], headers={**origin, **AUTH})
    assert taken.status == 200
    assert (await taken.json())["accepted"] == 1
    assert taken.headers["Access-Control-Allow-Origin"] == RELAY
    assert "Origin" in taken.headers.getall("Vary")
    douyin = await client.post("/ingest/douyin", json=[], headers={**origin, **AUTH})
    assert douyin.headers["Access-Control-Allow-Origin"] == RELAY
    # the errors a page must be able to read: a wrong token, a bad body, a wait
    wrong = await client.post("/ingest", json=COMMENT, headers=origin)
    assert (wrong.status, wrong.headers["Access-Control-Allow-Origin"]) == (401, RELAY)
    bad = await client.post("/ingest", data="{", headers={**origin, **AUTH})
    assert (bad.status, bad.headers["Access-Control-Allow-Origin"]) == (400, RELAY)


async def test_a_page_can_read_how_long_to_wait(
    show: Show, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVEDESK_ALLOWED_ORIGINS", RELAY)
    async with TestClient(TestServer(_app(show, IngestLimits(1)))) as client:  # 1/s, 2 at once
        wait = await client.post("/ingest", json=[COMMENT] * 50,
                                 headers={"Origin": RELAY, **AUTH})  # fmt: skip
        assert wait.status == 429
        assert wait.headers["Retry-After"]
        assert wait.headers["Access-Control-Allow-Origin"] == RELAY
        assert wait.headers["Access-Control-Expose-Headers"] == "Retry-After"


async def test_another_origin_is_refused_as_before(client: TestClient) -> None:
    preflight = await client.options("/ingest", headers={"Origin": EVIL, **PREFLIGHT})
    assert preflight.status == 401  # the token's answer, as before: no CORS for it
    assert _cors(preflight.headers) == {}
    posted = await client.post("/ingest", json=COMMENT, headers={"Origin": EVIL, **AUTH})
    assert posted.status == 403
    assert _cors(posted.headers) == {}
    two = await client.options("/ingest", headers=[("Origin", RELAY), ("Origin", RELAY),
                                                   *PREFLIGHT.items()])  # fmt: skip
    assert two.status == 401
    assert _cors(two.headers) == {}


async def test_other_routes_open_to_no_page(client: TestClient) -> None:
    for path in ("/api/state", "/api/markers", "/api/comments"):
        preflight = await client.options(path, headers={"Origin": RELAY, **PREFLIGHT})
        assert preflight.status == 401, path
        assert _cors(preflight.headers) == {}, path
    read = await client.get("/api/state", headers={"Origin": RELAY, **AUTH})
    assert read.status == 200
    assert _cors(read.headers) == {}


async def test_no_origin_let_in_no_cors(show: Show, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIVEDESK_ALLOWED_ORIGINS", raising=False)
    app = create_app(show, TOKEN, hosts=HostRules.from_env(False))
    async with TestClient(TestServer(app)) as client:
        preflight = await client.options("/ingest", headers={"Origin": RELAY, **PREFLIGHT})
        assert preflight.status == 401
        assert _cors(preflight.headers) == {}
        posted = await client.post("/ingest", json=COMMENT, headers={"Origin": RELAY, **AUTH})
        assert posted.status == 403


async def test_the_host_rule_still_comes_first(client: TestClient) -> None:
    asked = {"Origin": RELAY, "Host": "evil.example", **PREFLIGHT}
    assert (await client.options("/ingest", headers=asked)).status == 421
