from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.services.obs_control import ObsControl
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SHEET = {
    "title": "公开课",
    "segments": [
        {"title": "开场", "duration": "5分钟", "kind": "开场", "scene": "Opening",
         "notes": "欢迎 | 今天的内容"},
        {"title": "讲解", "duration": 600, "scene": "Teaching"},
        {"title": "商品", "duration": "3:00", "scene": "Product", "product": "SKU-1",
         "coupon": "FLASH"},
    ],
    "products": [{"sku": "SKU-1", "name": "Python 入门", "price": "199"}],
    "coupons": [{"code": "FLASH", "title": "立减 50", "seconds": 120}],
}  # fmt: skip


@pytest.fixture
async def client(show: Show, connected: ObsControl) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def test_load_read_and_cue(client: TestClient, fake_obs: FakeObs, memory_log: MemoryLog):
    loaded = await client.post("/api/runsheet", json=SHEET, headers=AUTH)
    assert loaded.status == 200, await loaded.text()
    body = await loaded.json()
    assert body["segments"] == 3
    assert body["total_seconds"] == 300 + 600 + 180
    back = await (await client.get("/api/runsheet", headers=AUTH)).json()
    assert [s["duration"] for s in back["segments"]] == [300, 600, 180]
    assert back["segments"][0]["notes"] == ["欢迎", "今天的内容"]

    cue = await (await client.post("/api/cue/next", headers=AUTH)).json()
    assert cue["index"] == 0
    assert fake_obs.program == "Opening"
    cue = await (await client.post("/api/cue/goto", json={"index": 2}, headers=AUTH)).json()
    assert cue["index"] == 2
    assert fake_obs.program == "Product"
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["runsheet"]["index"] == 2
    assert state["runsheet"]["segments"] == 3
    assert state["overlay"]["product"] == "SKU-1"
    assert state["overlay"]["coupon"]["code"] == "FLASH"
    prev = await (await client.post("/api/cue/prev", headers=AUTH)).json()
    assert prev["index"] == 1
    assert fake_obs.program == "Teaching"
    assert len(memory_log.of_kind(kinds.SEGMENT_START)) == 3


async def test_bad_sheets_are_refused_with_locations(client: TestClient) -> None:
    bad = {"segments": [{"title": "x", "duration": "soon"}, {"duration": 5}]}
    response = await client.post("/api/runsheet", json=bad, headers=AUTH)
    assert response.status == 400
    body = await response.json()
    locations = {e["location"] for e in body["errors"]}
    assert {"segments[0]", "segments[1]"} <= locations
    assert (await client.post("/api/runsheet", json=42, headers=AUTH)).status == 400
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["runsheet"]["segments"] == 0  # nothing half-loaded


async def test_an_empty_sheet_never_replaces_the_loaded_one(client: TestClient) -> None:
    good = {"segments": [{"title": "开场", "duration": "5:00"}]}
    assert (await client.post("/api/runsheet", json=good, headers=AUTH)).status == 200
    for empty in ([], {"segments": []}, {"segments": None}, {"title": "x", "segments": None}):
        response = await client.post("/api/runsheet", json=empty, headers=AUTH)
        assert response.status == 400, empty
        assert (await response.json())["errors"][0]["location"] == "segments"
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["runsheet"]["segments"] == 1


async def test_warnings_for_unknown_scenes(client: TestClient) -> None:
    sheet = {"segments": [{"title": "x", "duration": 5, "scene": "Not in OBS"}]}
    response = await client.post("/api/runsheet", json=sheet, headers=AUTH)
    assert response.status == 200
    assert "Not in OBS" in (await response.json())["warnings"][0]["message"]


async def test_cue_errors(client: TestClient) -> None:
    assert (await client.post("/api/cue/next", headers=AUTH)).status == 409  # no sheet
    await client.post("/api/runsheet", json=SHEET, headers=AUTH)
    assert (await client.post("/api/cue/prev", headers=AUTH)).status == 409
    goto = await client.post("/api/cue/goto", json={"index": 9}, headers=AUTH)
    assert goto.status == 400
    assert (await client.post("/api/cue/goto", json={"index": "1"}, headers=AUTH)).status == 400


async def test_standby_points_and_preflight(client: TestClient, fake_obs: FakeObs) -> None:
    await client.post("/api/runsheet", json=SHEET, headers=AUTH)
    await client.post("/api/cue/next", headers=AUTH)
    on = await (await client.post("/api/standby", headers=AUTH)).json()
    assert on["standby"] is True
    assert fake_obs.program == "BRB"
    off = await (await client.post("/api/standby", headers=AUTH)).json()
    assert off["standby"] is False
    assert fake_obs.program == "Opening"
    tick = await client.post(
        "/api/runsheet/points", json={"segment": 0, "point": 1, "done": True}, headers=AUTH
    )
    assert tick.status == 200
    preflight = await (await client.get("/api/preflight", headers=AUTH)).json()
    assert preflight["ok"] is True
    assert preflight["checks"]


async def test_overlay_routes(client: TestClient) -> None:
    await client.post("/api/runsheet", json=SHEET, headers=AUTH)
    shown = await client.post("/api/overlay/product", json={"sku": "SKU-1"}, headers=AUTH)
    assert shown.status == 200
    assert (
        await client.post("/api/overlay/product", json={"sku": "X"}, headers=AUTH)
    ).status == 404
    coupon = await client.post("/api/overlay/coupon", json={"code": "FLASH", "seconds": 60},
                               headers=AUTH)  # fmt: skip
    assert (await coupon.json())["coupon"]["remaining_s"] == pytest.approx(60, abs=1)
    extended = await client.post("/api/overlay/coupon/extend", headers=AUTH)
    assert (await extended.json())["coupon"]["remaining_s"] == pytest.approx(90, abs=1)
    assert (await client.delete("/api/overlay/coupon", headers=AUTH)).status == 200
    assert (await client.delete("/api/overlay/coupon", headers=AUTH)).status == 409
    assert (await client.delete("/api/overlay/product", headers=AUTH)).status == 200
