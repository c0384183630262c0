"""The doors of the local server and of the files LiveDesk writes (issue #8): a strict
Content-Security-Policy on every HTML page served and in the HTML report, viewer text escaped in
the report, and the size and rate limits of /ingest. (The token on every route: test_api.py;
127.0.0.1 unless the LAN is opted in: tests/e2e/test_lan_binding.py.)"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from aiohttp import WSCloseCode, WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web import limits as ingest_limits
from app.adapters.web.common import MAX_BODY
from app.adapters.web.limits import INGEST_RATE, LIMITS_KEY, IngestLimits, TokenBucket
from app.adapters.web.routes_overlay_pages import PAGES
from app.adapters.web.server import create_app
from app.domain.log_events import LogEntry
from app.report_cli import run_report
from app.resources import resources_dir
from app.services.show import Show
from tests.support.payloads import PAYLOADS, VIEWER_TEXTS

TOKEN = "security-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COMMENT = {"platform": "douyin", "user": "小明", "text": "还有货吗"}


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks() -> Clock:
    """The token buckets' clock, moved by hand."""
    return Clock()


async def _client(show: Show, limits: IngestLimits | None = None) -> TestClient:
    app = create_app(show, TOKEN)
    if limits is not None:
        app[LIMITS_KEY] = limits
    client = TestClient(TestServer(app))
    await client.start_server()
    return client


@pytest.fixture
async def client(show: Show) -> AsyncIterator[TestClient]:
    client = await _client(show)
    yield client
    await client.close()


# ----- Content-Security-Policy on every page ----------------------------------------------------
def _samples(path: str) -> list[str]:
    """The route's path with its placeholders filled by every value that reaches a handler."""
    shipped = {p.name for d in ("overlay", "assist") for p in (resources_dir() / d).iterdir()}
    fills = {
        "{page}": [*PAGES, "nope"],
        "{name}": sorted(shipped | {"nope.js"}),
        "{sku}": ["NOPE"],
        "{id}": ["1"],
    }
    paths = [path]
    for placeholder, values in fills.items():
        if any(placeholder in p for p in paths):
            paths = [p.replace(placeholder, v) for p in paths for v in values]
    return paths


async def test_every_html_page_served_carries_a_strict_csp(client: TestClient) -> None:
    routes = {r.resource.canonical for r in client.app.router.routes() if r.method == "GET"}
    html_pages: list[str] = []
    for route in sorted(routes):
        for path in _samples(route):
            response = await client.get(path, headers=AUTH)
            body = await response.read()
            kind = response.headers.get("Content-Type", "")
            looks_html = body.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))
            if "html" in kind or looks_html:
                html_pages.append(path)
                csp = response.headers.get("Content-Security-Policy", "")
                assert "default-src 'none'" in csp, (path, csp)
                assert "script-src 'self'" in csp, path
                assert "frame-ancestors 'none'" in csp, path
                assert "unsafe" not in csp, (path, csp)
                assert response.headers.get("X-Content-Type-Options") == "nosniff", path
    assert {f"/overlay/{page}" for page in PAGES} | {"/assist", "/assist/"} <= set(html_pages)


# ----- the HTML report ----------------------------------------------------------------------------
class _Text(HTMLParser):
    """The report as a browser reads it: its text, and every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


T0 = 1_700_000_000.0
QUESTION_SQL = (
    "INSERT INTO questions (id, session_id, run_started, key, text, platform, state, askers, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@pytest.fixture
async def hostile_db(tmp_path: Path) -> Path:
    """A session whose title, segments, markers and unanswered questions are the payloads."""
    path = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(path)
    try:
        sid = await writer.start_session(PAYLOADS[0], T0)
        t = 1.0
        for index, payload in enumerate(VIEWER_TEXTS):
            data = {"title": payload, "planned_s": 60, "index": index}
            writer.append(LogEntry(t=T0 + t, kind="segment.start", session_id=sid, data=data))
            writer.append(LogEntry(t=T0 + t + 5, kind="marker", session_id=sid,
                                   data={"note": payload}))  # fmt: skip
            writer.append(LogEntry(t=T0 + t + 30, kind="segment.end", session_id=sid,
                                   data={"index": index}))  # fmt: skip
            t += 31
        rows = [(n, sid, T0, f"k{n}", text, "douyin", "open", json.dumps([text[:100]]),
                 T0 + 10 + n) for n, text in enumerate(VIEWER_TEXTS, start=1)]  # fmt: skip
        writer.append_rows(QUESTION_SQL, rows)
        await writer.end_session(sid, T0 + t + 10)
        await writer.flush()
    finally:
        writer.close()
    return path


def test_the_html_report_has_a_csp_and_shows_payloads_as_text(
    hostile_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    out, err = io.StringIO(), io.StringIO()
    assert run_report(hostile_db, "latest", "html", str(target), out=out, err=err) == 0, err
    page = target.read_text("utf-8")
    metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert len(metas) == 1
    csp = metas[0]
    assert csp.startswith("default-src 'none'")
    assert "img-src data:" in csp
    assert "script-src" not in csp
    assert "unsafe" not in csp
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp  # the one style sheet, by its hash
    parsed = _Text()
    parsed.feed(page)
    tags = {tag for tag, _ in parsed.tags}
    assert not {"script", "svg", "iframe", "a", "textarea", "b", "i", "object"} & tags, tags
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") or name == "style" for name in attrs), (tag, attrs)
        if tag == "img":
            assert str(attrs.get("src")).startswith("data:image/png;base64,")
    text = "".join(parsed.text)
    for payload in PAYLOADS:
        assert payload in text, payload  # as typed, entities included


# ----- /ingest: size and rate ---------------------------------------------------------------------
def test_the_default_limit_lets_the_benchmark_through() -> None:
    """tests/bench/test_ingest_bench.py's top step: 80,000/s over four sockets, frames of 100, for
    5 s — 20,000/s on each. The default limit must not be what that step measures."""
    clock = Clock()
    limits = IngestLimits(INGEST_RATE, clock)
    sockets = [limits.connection() for _ in range(4)]
    assert all(sockets)
    refused = 0
    for frame in range(5 * 200):  # 200 frames of 100 a second per socket
        clock.now = 100.0 + frame / 200
        refused += sum(not bucket.take(100) for bucket in sockets if bucket is not None)
    assert refused == 0
    one = limits.connection()
    assert one is not None
    taken = sum(one.take(100) for _ in range(1000))  # 100,000 at once on one socket
    assert taken * 100 == INGEST_RATE * ingest_limits.INGEST_BURST_FACTOR


def test_the_rate_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ingest_limits.RATE_ENV, raising=False)
    assert IngestLimits.from_env().rate == INGEST_RATE
    monkeypatch.setenv(ingest_limits.RATE_ENV, "500")
    assert IngestLimits.from_env().rate == 500
    assert IngestLimits.from_env().burst == 1000
    monkeypatch.setenv(ingest_limits.RATE_ENV, "0")
    off = IngestLimits.from_env()
    assert not off.enabled
    assert off.connection() is None
    assert off.address("a") is None
    monkeypatch.setenv(ingest_limits.RATE_ENV, "lots")
    assert IngestLimits.from_env().rate == INGEST_RATE


def test_each_address_has_its_own_bucket_and_the_table_stays_bounded() -> None:
    clock = Clock()
    limits = IngestLimits(10, clock)
    first, second = limits.address("10.0.0.1"), limits.address("10.0.0.2")
    assert first is not None
    assert second is not None
    assert first is not second
    assert first.take(20)
    assert not first.take(1)
    assert second.take(20)  # the other client is not slowed by the first
    assert limits.address("10.0.0.1") is first
    for n in range(3000):
        limits.address(f"192.168.{n // 256}.{n % 256}")
    assert len(limits._addresses) <= ingest_limits._MAX_ADDRESSES


def test_a_token_bucket_refills_at_its_rate() -> None:
    clock = Clock()
    bucket = TokenBucket(100, 200, clock)
    assert bucket.take(200)
    assert not bucket.take(1)
    assert bucket.wait_s(50) == pytest.approx(0.5)
    clock.now += 0.5
    assert bucket.take(50)
    assert not bucket.take(1)
    clock.now += 10
    assert bucket.idle
    assert bucket.take(200)


async def test_a_websocket_over_its_rate_gets_an_error_and_stays_open(
    show: Show, ticks: Clock
) -> None:
    client = await _client(show, IngestLimits(100, ticks))  # 100/s, 200 at once
    try:
        async with client.ws_connect("/ingest", headers=AUTH) as ws:
            await ws.send_json([COMMENT] * 150)
            assert (await ws.receive_json())["accepted"] == 150
            await ws.send_json([COMMENT] * 100)  # 50 left in the bucket: dropped whole
            refused = await ws.receive_json()
            assert refused["accepted"] == 0
            assert "too many comments" in refused["error"]
            assert refused["retry_after_s"] == pytest.approx(0.5)
            assert show.audience is not None
            assert show.audience.total == 150
            await ws.send_json(COMMENT)  # a smaller frame still fits
            assert (await ws.receive_json())["accepted"] == 1
            ticks.now += 1.0
            await ws.send_json([COMMENT] * 100)
            assert (await ws.receive_json())["accepted"] == 100
            assert not ws.closed
        async with client.ws_connect("/ingest", headers=AUTH) as fresh:  # its own bucket
            await fresh.send_json([COMMENT] * 200)
            assert (await fresh.receive_json())["accepted"] == 200
    finally:
        await client.close()


async def test_posts_from_one_address_share_a_bucket_and_get_429(show: Show, ticks: Clock) -> None:
    client = await _client(show, IngestLimits(100, ticks))
    try:
        first = await client.post("/ingest", json=[COMMENT] * 200, headers=AUTH)
        assert first.status == 200
        assert (await first.json())["accepted"] == 200
        second = await client.post("/ingest", json=COMMENT, headers=AUTH)
        assert second.status == 429
        assert "too many comments" in (await second.json())["error"]
        assert second.headers["Retry-After"] == "1"
        ticks.now += 1.0
        third = await client.post("/ingest", json=[COMMENT] * 100, headers=AUTH)
        assert third.status == 200
        assert (await third.json())["accepted"] == 100
    finally:
        await client.close()


async def test_a_websocket_frame_over_1_mib_closes_the_connection(client: TestClient) -> None:
    async with client.ws_connect("/ingest", headers=AUTH) as ws:
        await ws.send_json([COMMENT])
        assert (await ws.receive_json())["accepted"] == 1
        await ws.send_str(json.dumps([COMMENT]) + " " * MAX_BODY)
        closing = await ws.receive(timeout=5)
        assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)
    assert ws.close_code == WSCloseCode.MESSAGE_TOO_BIG


async def test_a_body_over_1_mib_is_413(client: TestClient) -> None:
    body = json.dumps([COMMENT]).encode() + b" " * MAX_BODY
    response = await client.post("/ingest", data=body, headers=AUTH)
    assert response.status == 413
    assert "larger than" in (await response.json())["error"]


@pytest.mark.parametrize("path", ["/ws/events", "/ws/overlay"])
async def test_the_listening_sockets_refuse_big_frames(client: TestClient, path: str) -> None:
    async with client.ws_connect(path, headers=AUTH) as ws:
        await ws.receive_json()  # hello / the first view
        await ws.send_str("x" * (128 * 1024))
        while (await ws.receive(timeout=5)).type not in (WSMsgType.CLOSE, WSMsgType.CLOSED):
            pass
    assert ws.close_code == WSCloseCode.MESSAGE_TOO_BIG


async def test_douyin_pushes_share_the_address_bucket_and_get_429(
    show: Show, ticks: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/ingest/douyin is an /ingest like the others: through a tunnel every push comes from one
    address, and a sender beyond its rate is asked to wait, nothing of its push taken."""
    monkeypatch.delenv("LIVEDESK_DOUYIN_SECRET", raising=False)
    push = [{"msg_id": str(i), "sec_openid": f"o{i}", "nickname": f"n{i}", "content": "hi",
             "timestamp": 1760000040000} for i in range(210)]  # fmt: skip
    headers = {**AUTH, "x-msg-type": "live_comment", "x-roomid": "1", "x-nonce-str": "n",
               "x-timestamp": "1"}  # fmt: skip
    client = await _client(show, IngestLimits(100, ticks))
    try:
        first = await client.post("/ingest/douyin", json=push[:150], headers=headers)
        assert first.status == 200
        assert (await first.json())["accepted"] == 150
        assert show.audience is not None
        before = show.audience.total
        # new elements (msg_ids): a push sent again would not be counted again anyway
        second = await client.post("/ingest/douyin", json=push[150:], headers=headers)
        assert second.status == 429
        assert second.headers["Retry-After"] == "1"
        assert show.audience.total == before
        ticks.now += 1.0
        third = await client.post("/ingest/douyin", json=push[150:], headers=headers)
        assert third.status == 200
        assert show.audience.total == before + 60
    finally:
        await client.close()
