"""What a Companion button, a Stream Deck key or a script may send at the edges of the API: a
refused standby leaves the standby scene as it was, an id that is not ASCII digits is an unknown
id (404, never a 500), a body of whitespace is no body, the Bearer scheme in any case, errors that
quote a long input quote only its start, and unblocking says whether the viewer was blocked."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from urllib.parse import quote

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.services.obs_control import ObsControl
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show

TOKEN = "edges-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def client(show: Show, connected: ObsControl) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def _standby(client: TestClient) -> tuple[bool, str | None]:
    runsheet = (await (await client.get("/api/state", headers=AUTH)).json())["runsheet"]
    return runsheet["standby"], runsheet["standby_scene"]


# ----- standby ---------------------------------------------------------------------------------
async def test_a_refused_standby_leaves_the_standby_scene_as_it_was(
    client: TestClient, fake_obs: FakeObs, memory_log: MemoryLog
) -> None:
    assert await _standby(client) == (False, "BRB")  # OBS's scene that looks like one
    for body, status in (({"scene": "BRB "}, 404), ({"scene": "brb"}, 404),
                         ({"scene": ""}, 400), ({"scene": "  "}, 400),
                         ({"scene": None}, 400), ({"scene": 5}, 400)):  # fmt: skip
        refused = await client.post("/api/standby", json=body, headers=AUTH)
        assert refused.status == status, body
        assert await _standby(client) == (False, "BRB"), body
    assert fake_obs.program == "Opening"
    on = await client.post("/api/standby", json={}, headers=AUTH)  # README's button still works
    assert (on.status, (await on.json())["scene"]) == (200, "BRB")
    assert fake_obs.program == "BRB"
    refused = await client.post("/api/standby", json={"scene": "Nope"}, headers=AUTH)
    assert refused.status == 404  # while in standby too: nothing changes
    assert await _standby(client) == (True, "BRB")
    back = await client.post("/api/standby", json={"scene": "Teaching"}, headers=AUTH)
    assert (await back.json())["standby"] is False  # back, and Teaching chosen for next time
    assert fake_obs.program == "Opening"
    assert await _standby(client) == (False, "Teaching")
    chosen = await client.post("/api/standby", json={"scene": "Product"}, headers=AUTH)
    assert (chosen.status, fake_obs.program) == (200, "Product")
    assert await _standby(client) == (True, "Product")
    assert len(memory_log.of_kind(kinds.STANDBY_ON)) == 2


# ----- ids -------------------------------------------------------------------------------------
def _id_routes() -> list[tuple[str, str]]:
    app = create_app(build_show(FakeObs(), MemoryLog()), TOKEN)
    return sorted({(r.method, r.resource.canonical) for r in app.router.routes()
                   if "{id}" in r.resource.canonical and r.method != "HEAD"})  # fmt: skip


NOT_IDS = ["²", "①", "٣", "２", "-1", "+1", " 1", "1 ", "1.0", "1_0", "0x1", "9" * 13, "x"]


def test_the_id_routes_are_all_walked() -> None:
    paths = {path for _method, path in _id_routes()}
    assert {"/api/questions/{id}", "/api/thanks/{id}", "/api/lottery/{id}",
            "/api/lottery/{id}/draw", "/api/poll/{id}", "/api/poll/{id}/close",
            "/api/poll/{id}/reveal"} <= paths  # fmt: skip


@pytest.mark.parametrize(("method", "path"), _id_routes())
async def test_an_id_that_is_not_ascii_digits_is_unknown(
    client: TestClient, method: str, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = {"action": "claim", "by": "导播"}
    for raw in NOT_IDS:
        url = path.replace("{id}", quote(raw, safe=""))
        answer = await client.request(method, url, json=body, headers=AUTH)
        assert answer.status == 404, (path, raw, await answer.text())
        assert "error" in await answer.json()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_an_id_in_ascii_digits_is_still_read(client: TestClient) -> None:
    opened = await client.post("/api/lottery", json={"keyword": "666"}, headers=AUTH)
    lottery = (await opened.json())["id"]
    assert (await client.get(f"/api/lottery/{lottery}", headers=AUTH)).status == 200
    assert (await client.get(f"/api/lottery/0{lottery}", headers=AUTH)).status == 200
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in str(lottery))  # ２ read as 2 before
    assert (await client.get(f"/api/lottery/{full_width}", headers=AUTH)).status == 404


# ----- bodies of whitespace --------------------------------------------------------------------
@pytest.mark.parametrize("blank", ["\n", " ", "\r\n", " \t\n ", "\u3000"])
async def test_a_body_of_whitespace_is_no_body(client: TestClient, blank: str) -> None:
    typed = {**AUTH, "Content-Type": "application/json"}
    marked = await client.post("/api/markers", data=blank, headers=typed)
    assert marked.status == 200, await marked.text()
    standby = await client.post("/api/standby", data=blank, headers=typed)
    assert (await standby.json())["standby"] is True
    empty = await client.post("/ingest", data=blank, headers=typed)  # as an empty body is
    assert empty.status == 400
    assert "the body is empty" in (await empty.json())["error"]
    assert (await client.post("/api/markers", data=blank + "{", headers=typed)).status == 400


# ----- the token's scheme ----------------------------------------------------------------------
async def test_the_bearer_scheme_in_any_case(client: TestClient) -> None:
    for scheme in ("Bearer", "bearer", "BEARER", "bEaReR"):
        answer = await client.get("/api/state", headers={"Authorization": f"{scheme} {TOKEN}"})
        assert answer.status == 200, scheme
    for header in (f"bearer {TOKEN}x", f"bearer{TOKEN}", f"Basic {TOKEN}"):
        assert (await client.get("/api/state", headers={"Authorization": header})).status == 401


# ----- errors quote only the start of a long input ---------------------------------------------
async def test_an_error_quotes_only_the_start_of_a_long_input(client: TestClient) -> None:
    long = "界" * 150_000  # 900 kB as JSON escapes: under the 1 MiB limit
    asked = {"/api/obs/scene": {"scene": long}, "/api/standby": {"scene": long},
             "/api/overlay/product": {"sku": long},
             "/api/overlay/coupon": {"code": long}}  # fmt: skip
    for path, body in asked.items():
        answer = await client.post(path, json=body, headers=AUTH)
        error = (await answer.json())["error"]
        assert answer.status == 404, path
        assert "“" + "界" * 99 + "…”" in error, path
        assert len(error) < 200, path
    unknown = await client.post("/api/thanks/1", json={"action": long}, headers=AUTH)
    assert len((await unknown.json())["error"]) < 200
    short = await client.post("/api/obs/scene", json={"scene": "界" * 100}, headers=AUTH)
    assert "“" + "界" * 100 + "”" in (await short.json())["error"]  # 100: quoted whole


# ----- unblocking ------------------------------------------------------------------------------
async def test_unblocking_says_whether_the_viewer_was_blocked(client: TestClient) -> None:
    viewer = {"platform": "douyin", "user_id": "42"}
    never = await client.post("/api/moderation/unblock", json=viewer, headers=AUTH)
    assert never.status == 200  # idempotent: the viewer is not blocked, as asked
    assert (await never.json())["was_blocked"] is False
    blocked = await client.post("/api/moderation/block", json=viewer, headers=AUTH)
    assert (await blocked.json())["was_blocked"] is False
    again = await client.post("/api/moderation/block", json=viewer, headers=AUTH)
    assert (again.status, (await again.json())["was_blocked"]) == (200, True)
    unblocked = await client.post("/api/moderation/unblock", json=viewer, headers=AUTH)
    assert (await unblocked.json())["was_blocked"] is True
    twice = await client.post("/api/moderation/unblock", json=viewer, headers=AUTH)
    assert (await twice.json())["was_blocked"] is False
