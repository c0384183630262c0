"""Numbers that are not finite (NaN, Infinity, 1e400) are refused with 400 on every route, and
change nothing; none can reach the log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.server import create_app
from app.adapters.web.state_json import state_json
from app.domain.log_events import LogEntry
from app.services.obs_control import ObsControl
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show

TOKEN = "finite-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
LITERALS = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1E+999", "-0.5e309"]
SHEET = {
    "title": "公开课",
    "segments": [
        {"title": "开场", "duration": 300, "scene": "Opening"},
        {"title": "商品", "duration": "3:00", "scene": "Product", "product": "SKU-1",
         "coupon": "FLASH", "points": ["价格"]},
    ],
    "products": [{"sku": "SKU-1", "name": "Python 入门", "price": "199"}],
    "coupons": [{"code": "FLASH", "title": "立减 50", "seconds": 120}],
}  # fmt: skip
# Each route's numeric fields, X standing for the number (beside these, every route is also sent
# {"x": X}, [X], X and a number deep inside).
NUMERIC = {
    "/api/overlay/coupon": ['{"code": "FLASH", "seconds": X}'],
    "/api/overlay/coupon/extend": ['{"seconds": X}'],
    "/api/cue/goto": ['{"index": X}'],
    "/api/runsheet/points": ['{"segment": X, "point": 0}', '{"segment": 1, "point": X}'],
    "/api/overlay/featured": ['{"comment_id": X}'],
    "/api/questions/{id}": ['{"action": "answer", "by": "A", "answer": "199", "x": X}'],
    "/ingest": [
        '{"platform": "douyin", "user": "u", "text": "还有货吗？", "ts": X}',
        '[{"platform": "douyin", "user": "u", "text": "多少钱？"}, {"platform": "x", "user": '
        '"v", "text": "有优惠券吗？", "ts": X}]',
    ],
    "/api/runsheet": [
        json.dumps(SHEET).replace('"duration": 300', '"duration": X'),
        json.dumps(SHEET).replace('"seconds": 120', '"seconds": X'),
        json.dumps(SHEET).replace('"price": "199"', '"price": X'),
    ],
    "/api/session/start": ['{"title": "show", "x": X}'],
    "/api/markers": ['{"note": "here", "at": X}'],
}
GENERIC = ['{"x": X}', "[X]", "X", '{"a": [{"b": {"c": [1, 2, X]}}]}']


def _routes() -> list[tuple[str, str]]:
    """Every route that takes a body, read from the app's router."""
    app = create_app(build_show(FakeObs(), MemoryLog()), TOKEN)
    return sorted(
        {
            (route.method, route.resource.canonical)
            for route in app.router.routes()
            if route.method not in ("GET", "HEAD") and route.resource is not None
        }
    )


ROUTES = _routes()


def test_the_walk_covers_the_numeric_routes() -> None:
    paths = {path for _, path in ROUTES}
    assert set(NUMERIC) <= paths, set(NUMERIC) - paths
    assert len(ROUTES) >= 20


@pytest.fixture
async def client(show: Show, connected: ObsControl) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        loaded = await test_client.post("/api/runsheet", json=SHEET, headers=AUTH)
        assert loaded.status == 200, await loaded.text()
        batch = [{"platform": "douyin", "user": "小明", "text": "这个多少钱？"}]
        assert (await test_client.post("/ingest", json=batch, headers=AUTH)).status == 200
        coupon = {"code": "FLASH", "seconds": 60}
        assert (await test_client.post("/api/overlay/coupon", json=coupon, headers=AUTH)).ok
        yield test_client


def snapshot(show: Show, log: MemoryLog) -> str:
    assert show.audience is not None
    return json.dumps(
        [state_json(show.state()), len(log.entries), len(log.sessions), show.audience.total,
         show.audience.queue.counts()],
        sort_keys=True, default=str,
    )  # fmt: skip


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_a_non_finite_number_is_400_and_changes_nothing(
    client: TestClient, show: Show, memory_log: MemoryLog, method: str, path: str
) -> None:
    url = path.replace("{id}", "1")
    before = snapshot(show, memory_log)
    for template in [*NUMERIC.get(path, []), *GENERIC]:
        for literal in LITERALS:
            body = template.replace("X", literal)
            response = await client.request(method, url, data=body, headers=AUTH)
            answer = await response.json()
            assert response.status == 400, (method, path, body, answer)
            assert "finite" in answer["error"], answer
            assert snapshot(show, memory_log) == before, (method, path, body)


async def test_the_same_bodies_with_finite_numbers_are_taken(
    client: TestClient, show: Show
) -> None:
    """The templates are right: with a finite number they go through."""
    assert show.audience is not None
    before = show.audience.total
    for template in NUMERIC["/ingest"]:
        response = await client.post("/ingest", data=template.replace("X", "1.7e9"), headers=AUTH)
        assert response.status == 200
    assert show.audience.total == before + 3
    extend = await client.post("/api/overlay/coupon/extend", data='{"seconds": 30}', headers=AUTH)
    assert extend.status == 200
    goto = await client.post("/api/cue/goto", data='{"index": 1}', headers=AUTH)
    assert goto.status == 200


async def test_a_websocket_frame_with_a_non_finite_number_is_refused(
    client: TestClient, show: Show
) -> None:
    assert show.audience is not None
    before = show.audience.total
    async with client.ws_connect("/ingest", headers=AUTH) as ws:
        for literal in LITERALS:
            await ws.send_str(NUMERIC["/ingest"][1].replace("X", literal))
            reply = await ws.receive_json()
            assert reply["accepted"] == 0, reply
            assert "finite" in reply["error"], reply
        await ws.send_str(NUMERIC["/ingest"][1].replace("X", "1.7e9"))
        assert (await ws.receive_json())["accepted"] == 2
    assert show.audience.total == before + 2


async def test_a_non_finite_number_never_reaches_the_log(tmp_path: Path) -> None:
    """Whatever a service records, the log holds JSON: an entry with NaN or Infinity in its data
    is set aside alone, the others are written."""
    store = SqliteSessionLog(tmp_path / "livedesk.db")
    try:
        store.append(LogEntry(t=1.0, kind="good"))
        for bad in (float("nan"), float("inf"), -float("inf")):
            store.append(LogEntry(t=2.0, kind="coupon.start", data={"seconds": bad}))
        store.append(LogEntry(t=3.0, kind="good", data={"n": [1.5]}))
        await store.flush()
        assert store.set_aside.count == 3
    finally:
        store.close()
    with sqlite3.connect(tmp_path / "livedesk.db") as conn:
        data = [row[0] for row in conn.execute("SELECT data FROM events ORDER BY id")]
    assert data == ["{}", '{"n": [1.5]}']
    assert all(json.loads(text, parse_constant=_refuse) is not None for text in data)


def _refuse(name: str) -> Any:
    raise AssertionError(f"{name} in the log")


HUGE = ["1" + "0" * 400, "-1" + "0" * 400]  # exact whole numbers, beyond any float


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_a_whole_number_beyond_any_float_is_never_a_fault(
    client: TestClient, method: str, path: str
) -> None:
    """JSON keeps a long whole number exact: each field refuses it by its own range (or takes it
    where any number will do), never with a 500."""
    url = path.replace("{id}", "1")
    for template in [*NUMERIC.get(path, []), *GENERIC]:
        for literal in HUGE:
            body = template.replace("X", literal)
            response = await client.request(method, url, data=body, headers=AUTH)
            assert response.status < 500, (method, path, body, await response.text())


GOOD = {"platform": "bilibili", "user": "good", "text": "这个有货吗？"}
GIFT = '{"platform": "bilibili", "user": "n", "kind": "gift", "gift": "小心心", "value": X}'


async def test_a_gift_worth_a_400_digit_number_is_refused_alone(
    client: TestClient, show: Show
) -> None:
    assert show.audience is not None
    for literal in HUGE:
        before = show.audience.total
        body = f"[{json.dumps(GOOD)}, {GIFT.replace('X', literal)}]"
        response = await client.post("/ingest", data=body, headers=AUTH)
        answer = await response.json()
        assert response.status == 200, answer
        assert answer["accepted"] == 1, answer
        assert answer["rejected"][0]["index"] == 1
        assert "“value” must be a finite number" in answer["rejected"][0]["error"]
        assert show.audience.total == before + 1
    async with client.ws_connect("/ingest", headers=AUTH) as ws:
        for literal in HUGE:  # the connection stays and answers each frame
            await ws.send_str(f"[{json.dumps(GOOD)}, {GIFT.replace('X', literal)}]")
            reply = await ws.receive_json()
            assert reply["accepted"] == 1, reply


async def test_a_number_longer_than_python_reads_is_refused_in_plain_words(
    client: TestClient,
) -> None:
    body = '{"platform": "x", "user": "u", "text": "hi", "ts": ' + "1" * 5000 + "}"
    response = await client.post("/ingest", data=body, headers=AUTH)
    answer = await response.json()
    assert response.status == 400
    assert "a whole number longer than 4,300 digits" in answer["error"]
    assert "sys." not in answer["error"]


def test_a_fault_reading_one_item_costs_that_item_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.domain import ingest

    real = ingest.parse_item

    def faulty(item: object, *, clean: bool = True) -> object:
        if isinstance(item, dict) and item.get("user") == "boom":
            raise OverflowError("a rule's fault")
        return real(item, clean=clean)

    monkeypatch.setattr(ingest, "parse_item", faulty)
    accepted, rejected = ingest.parse_batch([GOOD, {**GOOD, "user": "boom"}, GOOD])
    assert [c.user for c in accepted] == ["good", "good"]
    assert rejected == [
        {"index": 1, "error": "this item could not be read (OverflowError: a rule's fault)"}
    ]
