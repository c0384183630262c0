"""The Bilibili source against what a broken or hostile danmaku server can send, over a real
websocket to the local fake that speaks the documented format (tests/support/chat_fakes.py):
frames too large, compression bombs, containers that cannot be inflated, messages no float can
hold, a server that stops answering, and an API that answers with a web page."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator

import brotli
import pytest
from aiohttp import web

from app.adapters.chat.bilibili import BilibiliChat, iter_packets
from app.adapters.chat.bilibili_packets import MAX_FRAME, MAX_INFLATED
from tests.support.chat_fakes import HEADER, FakeBilibili, danmu_msg, packet
from tests.support.chat_recorder import Recorder, running
from tests.support.waiting import eventually

ROOM = 5440
NOW_MS = 1_760_000_000_000


class QuirkyBilibili(FakeBilibili):
    """The fake, able to fall silent after the auth reply (it reads the heartbeats and answers
    none, as a server stuck behind a dead route) or to answer getDanmuInfo with a web page."""

    def __init__(self) -> None:
        super().__init__(room_id=ROOM)
        self.silent = False
        self.page: tuple[int, str] | None = None

    async def _info(self, request: web.Request) -> web.Response:
        if self.page is not None:
            status, html = self.page
            return web.Response(status=status, text=html, content_type="text/html")
        return await super()._info(request)

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        if not self.silent:
            return await super()._ws(request)
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections += 1
        await ws.receive()
        await ws.send_bytes(packet(8, b'{"code":0}', 1))
        async for _msg in ws:  # heartbeats go unanswered
            pass
        return ws


@pytest.fixture
async def bili() -> AsyncIterator[QuirkyBilibili]:
    fake = QuirkyBilibili()
    await fake.start()
    yield fake
    await fake.close()


def bilibili(fake: FakeBilibili, rec: Recorder, **kw: float) -> BilibiliChat:
    return BilibiliChat(ROOM, rec.on_comments, rec.on_status, api_base=fake.api_base,
                        nav_base=fake.api_base, secure=False, **kw)  # fmt: skip


def dm(user: str, text: str) -> bytes:
    """One DANMU_MSG packet, as the server sends it."""
    return packet(5, json.dumps(danmu_msg(user, text, 7, NOW_MS, f"id-{text}")).encode())


def raw(command: str) -> bytes:
    """A message packet whose JSON is written out by hand (json.dumps writes no 1e400)."""
    return packet(5, command.encode())


def zlib_bomb(size: int) -> bytes:
    """A zlib container that inflates to `size` zero bytes, inside another one: the 828-byte
    frame of the report (400 MB there; 64 MB here is as far beyond the limit)."""
    return packet(5, zlib.compress(packet(5, zlib.compress(b"\0" * size, 9), 2), 9), 2)


# ------------------------------------------------------------------------------ packets


def test_a_compression_bomb_is_refused_without_inflating_it() -> None:
    zeros = b"\0" * (64 << 20)
    frames = {"zlib in zlib": zlib_bomb(len(zeros)),
              "zlib": packet(5, zlib.compress(zeros, 9), 2),
              "brotli": packet(5, brotli.compress(zeros, quality=5), 3)}  # fmt: skip
    del zeros
    reasons = {}
    for name, frame in frames.items():
        assert len(frame) < 70_000
        skipped: list[str] = []
        tracemalloc.start()
        started = time.perf_counter()
        try:
            assert list(iter_packets(frame, skipped.append)) == []
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 3 * MAX_INFLATED, name  # not the 64 MB it claims
        assert time.perf_counter() - started < 0.5, name
        assert len(skipped) == 1, name
        reasons[name] = skipped[0]
    assert "inside a container" in reasons["zlib in zlib"]  # Bilibili nests one level
    assert "protover 2 container inflates beyond 4,194,304 bytes" in reasons["zlib"]
    assert "protover 3 container inflates beyond 4,194,304 bytes" in reasons["brotli"]


def test_the_containers_of_one_frame_share_one_inflate_limit() -> None:
    chunk = packet(5, b"\0" * (MAX_INFLATED // 2 - 32))  # half the limit, once inflated
    container = packet(5, zlib.compress(chunk), 2)
    skipped: list[str] = []
    read = list(iter_packets(container * 3 + dm("a", "after"), skipped.append))
    assert len(read) == 3  # two containers' packets, then the danmaku after the third
    assert json.loads(read[-1][1])["info"][1] == "after"
    assert len(skipped) == 1
    assert "inflates beyond" in skipped[0]


def test_containers_nest_one_level_only() -> None:
    deep = dm("a", "deep")
    for _ in range(1500):  # as deep as the report's: a RecursionError before
        deep = packet(5, zlib.compress(deep, 1), 2)
    skipped: list[str] = []
    assert list(iter_packets(deep, skipped.append)) == []
    assert len(skipped) == 1
    assert "inside a container" in skipped[0]
    one_level = packet(5, brotli.compress(dm("b", "one") + dm("c", "two")), 3)
    assert [op for op, _body in iter_packets(one_level)] == [5, 5]


def test_a_bad_container_is_skipped_alone() -> None:
    frame = (dm("a", "one") + packet(5, b"garbage", 2) + dm("b", "two")
             + packet(5, b"\xff\xff\xff", 3) + dm("c", "three")
             + packet(5, zlib.compress(dm("d", "four"))[:-4], 2) + dm("e", "five"))  # fmt: skip
    skipped: list[str] = []
    texts = [json.loads(body)["info"][1] for _op, body in iter_packets(frame, skipped.append)]
    assert texts == ["one", "two", "three", "five"]
    assert len(skipped) == 3


# ------------------------------------------------------------------- through the source


async def test_an_oversize_frame_drops_the_connection_and_it_is_made_again(
    bili: QuirkyBilibili,
) -> None:
    rec = Recorder()
    source = bilibili(bili, rec)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the auth reply")
        await bili.send_raw(HEADER.pack(MAX_FRAME + 64, 16, 0, 5, 0) + b"\0" * (MAX_FRAME + 48))
        await eventually(lambda: rec.count("disconnected") == 1, "the drop")
        down = next(s for s in rec.statuses if s.state == "disconnected")
        assert "larger than 2 MiB" in down.message
        assert down.extra["retry_in_s"] > 0
        await eventually(lambda: rec.count("connected") == 2, "the reconnect")
        await bili.send_raw(dm("a", "after"))
        await eventually(lambda: rec.texts == ["after"], "a danmaku after the reconnect")
    assert bili.connections == 2


async def test_each_message_is_read_alone(
    bili: QuirkyBilibili, caplog: pytest.LogCaptureFixture
) -> None:
    danmaku = '{"cmd":"DANMU_MSG","info":[[0,1,25,0,%s],"%s",[1,"b"]]}'
    hostile = [
        '{"cmd":"X","data":' + "[" * 100_000 + "]" * 100_000 + "}",  # RecursionError
        danmaku % ("1e400", "time 1e400"),  # a float no int holds: the time is left out
        danmaku % ("Infinity", "time Infinity"),
        '{"cmd":"DANMU_MSG","info":[[0,1,25,0,0],"stamp",[1,"b"],[],[],[],0,0,null,{"ts":1'
        + "0" * 400
        + "}]}",
        '{"cmd":"SEND_GIFT","data":{"uname":"b","coin_type":"gold","num":1,"total_coin":1'
        + "0" * 400
        + "}}",  # worth more than any float: refused, not an OverflowError
        '{"cmd":"GUARD_BUY","data":{"username":"b","num":1,"guard_level":3,"price":1'
        + "0" * 400
        + "}}",
        '{"cmd":"WATCHED_CHANGE","data":{"num":{"nested":"dict"}}}',
    ]
    frame = dm("a", "one") + b"".join(raw(h) for h in hostile) + dm("c", "three")
    rec = Recorder()
    source = bilibili(bili, rec)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the auth reply")
        await bili.send_raw(frame)
        await bili.send_raw(packet(5, brotli.compress(frame), 3))  # the same in a container
        await bili.send_raw(dm("x" * 5_000, "long name") + dm("d", "y" * 50_000))
        await bili.send_raw(dm("e", "last"))
        await eventually(lambda: "last" in rec.texts, "the last danmaku")
    expected = ["one", "time 1e400", "time Infinity", "stamp", "three"]
    assert rec.texts == [*expected, *expected, "last"]
    assert [c.ts for c in rec.comments[:5]] == [NOW_MS / 1000, None, None, None, NOW_MS / 1000]
    assert source.rejected == 2 * 4 + 2  # recursion, gift, guard, watched; then the two long
    assert rec.count("disconnected") == 0
    assert bili.connections == 1
    assert "watched" not in source.extra
    assert not [r for r in caplog.records if r.exc_info]
    assert sum("RecursionError" in r.getMessage() for r in caplog.records
               if r.levelno >= logging.WARNING) == 1  # fmt: skip


async def test_a_bad_container_mid_frame_costs_itself_alone(bili: QuirkyBilibili) -> None:
    rec = Recorder()
    source = bilibili(bili, rec)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the auth reply")
        await bili.send_raw(dm("a", "one") + packet(5, b"garbage", 2) + dm("b", "two")
                            + zlib_bomb(64 << 20) + dm("c", "three"))  # fmt: skip
        await eventually(lambda: len(rec.comments) == 3, "the danmaku around them")
    assert rec.texts == ["one", "two", "three"]
    assert source.rejected == 2
    assert rec.count("disconnected") == 0


async def test_a_server_that_stops_answering_is_dropped_and_reconnected(
    bili: QuirkyBilibili,
) -> None:
    bili.silent = True
    rec = Recorder()
    source = bilibili(bili, rec, heartbeat_s=0.2, reply_timeout_s=0.3)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the auth reply")
        await eventually(lambda: rec.count("disconnected") == 1, "the drop", timeout=5)
        down = next(s for s in rec.statuses if s.state == "disconnected")
        assert "stopped answering" in down.message
        assert down.gaps == 1
        bili.silent = False
        await eventually(lambda: source.state == "connected" and bili.heartbeats, "the retry")
        await asyncio.sleep(1.0)  # this one answers its heartbeats: it stays
    assert bili.connections == 2
    assert rec.count("disconnected") == 1


@pytest.mark.parametrize(
    ("status", "html", "words"),
    [(412, "<html><body>risk</body></html>", "(HTTP 412): its risk control blocked"),
     (200, "<html><head><title>哔哩哔哩 (゜-゜)つロ 干杯~</title></head></html>",
      "(HTTP 200): “哔哩哔哩 (゜-゜)つロ 干杯~”")],
)  # fmt: skip
async def test_an_api_answering_a_web_page_is_said_in_words(
    bili: QuirkyBilibili, caplog: pytest.LogCaptureFixture, status: int, html: str, words: str
) -> None:
    bili.page = (status, html)
    rec = Recorder()
    source = bilibili(bili, rec, wbi=False)
    with caplog.at_level(logging.INFO):
        async with running(source):
            await eventually(lambda: rec.count("disconnected") >= 2, "two attempts")
    down = next(s for s in rec.statuses if s.state == "disconnected")
    assert down.message.startswith("Bilibili answered with a web page, not JSON")
    assert words in down.message
    assert "Expecting value" not in down.message
    assert not [r for r in caplog.records if r.exc_info]
