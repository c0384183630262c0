"""Local stand-ins for the chat platforms that cannot run here, speaking their documented formats
(their documented wire formats). Both are aiohttp servers on 127.0.0.1, driven by the test.

* FakeYouTubeApi: ``videos.list`` and ``liveChat/messages`` (opaque page tokens, history on the
  first page, ``pollingIntervalMillis``), Google's error bodies (quotaExceeded, liveChatEnded, bad
  key), and dropped connections. The key is read from the ``X-Goog-Api-Key`` header only; a
  ``key=`` in the URL is refused (a strict server: a URL ends up in logs).
* FakeBilibili: the nav API (WBI keys), getDanmuInfo (checks the WBI signature) and the ``/sub``
  danmaku websocket (16-byte headers, auth within a deadline, heartbeats recorded and answered,
  protover 0 / 2 zlib / 3 brotli containers).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import itertools
import json
import secrets
import struct
import time
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import brotli
from aiohttp import WSMsgType, web


@dataclass
class Hit:
    path: str
    params: dict[str, str]
    at: float = field(default_factory=time.monotonic)
    cookies: dict[str, str] = field(default_factory=dict)


class _Server:
    def __init__(self) -> None:
        self.app = web.Application()
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def google_error(code: int, reason: str, message: str, domain: str = "youtube.api") -> dict:
    errors = [{"message": message, "domain": domain, "reason": reason}]
    return {"error": {"code": code, "message": message, "errors": errors}}


QUOTA_EXCEEDED = (403, google_error(403, "quotaExceeded", "The request cannot be completed because "
                                    "you have exceeded your quota.", "youtube.quota"))  # fmt: skip
CHAT_ENDED = (403, google_error(403, "liveChatEnded", "The live chat is no longer live.",
                                "youtube.liveChat"))  # fmt: skip
BAD_KEY = (400, google_error(400, "badRequest", "API key not valid. Please pass a valid API key.",
                             "global"))  # fmt: skip


KEY_IN_URL = (400, google_error(400, "badRequest", "This fake accepts the API key only in the "
                                "X-Goog-Api-Key header, never in the URL.", "global"))  # fmt: skip


class FakeYouTubeApi(_Server):
    def __init__(self, api_key: str = "test-key", polling_ms: int = 200) -> None:
        super().__init__()
        self.api_key, self.polling_ms = api_key, polling_ms
        self.videos: dict[str, dict[str, Any]] = {}
        self.messages: list[dict[str, Any]] = []
        self.hits: list[Hit] = []
        self.failures: list[tuple[int, dict[str, Any]] | str] = []  # next answers; "drop" aborts
        self.sticky_failure: tuple[int, dict[str, Any]] | None = None
        self.offline = False
        self.keys_in_url = 0  # requests refused because the key was in the URL
        self._tokens: dict[str, int] = {}
        self._ids = itertools.count(1)
        self.app.router.add_get("/youtube/v3/videos", self._videos)
        self.app.router.add_get("/youtube/v3/liveChat/messages", self._messages)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/youtube/v3"

    def add_video(self, video_id: str, chat_id: str | None, ended: bool = False) -> None:
        details: dict[str, Any] = {"actualStartTime": "2026-01-01T00:00:00Z"}
        details.update({"activeLiveChatId": chat_id} if chat_id else {})
        details.update({"actualEndTime": "2026-01-01T01:00:00Z"} if ended else {})
        self.videos[video_id] = details

    def inject(self, author: str, text: str, *, kind: str = "textMessageEvent",
               channel_id: str | None = None, published: dt.datetime | None = None,
               ) -> str:  # fmt: skip
        """Add a chat message (text, super chat or another event); returns its id."""
        item_id = f"LCC.{next(self._ids):04d}{secrets.token_hex(4)}"
        when = (published or dt.datetime.now(dt.UTC)).isoformat(timespec="microseconds")
        snippet: dict[str, Any] = {"type": kind, "publishedAt": when.replace("+00:00", "Z"),
                                   "hasDisplayContent": True, "displayMessage": text}  # fmt: skip
        if kind == "textMessageEvent":
            snippet["textMessageDetails"] = {"messageText": text}
        elif kind == "superChatEvent":
            snippet["superChatDetails"] = {"amountMicros": "5000000", "currency": "USD",
                                           "amountDisplayString": "$5.00", "userComment": text,
                                           "tier": 2}  # fmt: skip
        self.messages.append({
            "kind": "youtube#liveChatMessage", "etag": secrets.token_hex(6), "id": item_id,
            "snippet": snippet,
            "authorDetails": {"channelId": channel_id or f"UC{secrets.token_hex(11)}",
                              "displayName": author, "isChatOwner": False,
                              "isChatSponsor": False, "isChatModerator": False},
        })  # fmt: skip
        return item_id

    def list_hits(self) -> list[Hit]:
        return [h for h in self.hits if h.path.endswith("/messages")]

    def _refuse_key(self, request: web.Request) -> web.Response | None:
        """Stricter than Google (which takes either): the key must come in the X-Goog-Api-Key
        header; a key in the URL is refused, as it would end up in logs."""
        if "key" in request.query:
            self.keys_in_url += 1
            return web.json_response(KEY_IN_URL[1], status=KEY_IN_URL[0])
        if request.headers.get("X-Goog-Api-Key") != self.api_key:
            return web.json_response(BAD_KEY[1], status=BAD_KEY[0])
        return None

    def _answer_failure(self, request: web.Request) -> web.Response | None:
        failure = self.failures.pop(0) if self.failures else self.sticky_failure
        if failure is None:
            return None
        if isinstance(failure, str):  # "drop": cut the connection without an answer
            assert request.transport is not None
            request.transport.abort()
            return web.Response(status=500)
        status, body = failure
        return web.json_response(body, status=status)

    async def _videos(self, request: web.Request) -> web.Response:
        self.hits.append(Hit(request.path, dict(request.query)))
        refused = self._refuse_key(request)
        if refused is not None:
            return refused
        video = self.videos.get(request.query.get("id", ""))
        items = [] if video is None else [{"kind": "youtube#video", "id": request.query["id"],
                                           "liveStreamingDetails": video}]  # fmt: skip
        return web.json_response({"kind": "youtube#videoListResponse", "items": items,
                                  "pageInfo": {"totalResults": len(items)}})  # fmt: skip

    async def _messages(self, request: web.Request) -> web.Response:
        self.hits.append(Hit(request.path, dict(request.query)))
        refused = self._refuse_key(request)
        if refused is not None:
            return refused
        failed = self._answer_failure(request)
        if failed is not None:
            return failed
        token = request.query.get("pageToken")
        if token is not None and token not in self._tokens:
            return web.json_response(google_error(400, "pageTokenInvalid", "bad token"), status=400)
        start = self._tokens.get(token, 0) if token else 0
        page = self.messages[start : start + int(request.query.get("maxResults", 500))]
        next_token = secrets.token_urlsafe(12)
        self._tokens[next_token] = start + len(page)
        body: dict[str, Any] = {"kind": "youtube#liveChatMessageListResponse",
                                "pollingIntervalMillis": self.polling_ms,
                                "nextPageToken": next_token, "items": page,
                                "pageInfo": {"totalResults": len(page),
                                             "resultsPerPage": len(page)}}  # fmt: skip
        if self.offline:
            body["offlineAt"] = dt.datetime.now(dt.UTC).isoformat()
        return web.json_response(body)


# ------------------------------------------------------------------------------ bilibili

HEADER = struct.Struct(">IHHII")
WBI_TAB = [46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49, 33, 9, 42,
           19, 29, 28, 14, 39, 12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40, 61, 26, 17, 0, 1, 60,
           51, 30, 4, 22, 25, 54, 21, 56, 59, 6, 63, 57, 62, 11, 36, 20, 34, 44, 52]  # fmt: skip


def packet(op: int, body: bytes, ver: int = 0) -> bytes:
    return HEADER.pack(16 + len(body), 16, ver, op, 0) + body


def container(packets: bytes, compress: str | None) -> bytes:
    """Several op-5 packets as they arrive: plain, or wrapped in a zlib (2) / brotli (3) packet."""
    if compress is None:
        return packets
    if compress == "zlib":
        return packet(5, zlib.compress(packets), 2)
    return packet(5, brotli.compress(packets), 3)


def danmu_msg(user: str, text: str, uid: int, ts_ms: int, id_str: str) -> dict[str, Any]:
    extra = json.dumps({"send_from_me": False, "mode": 0, "color": 16777215, "dm_type": 0,
                        "font_size": 25, "content": text, "emots": None, "id_str": id_str,
                        "reply_uname": ""}, ensure_ascii=False)  # fmt: skip
    meta = [0, 1, 25, 16777215, ts_ms, 1700000000, 0, "5f2d1a9c", 0, 0, 0, "", 0, "{}", "{}",
            {"mode": 0, "show_player_type": 0, "extra": extra,
             "user": {"uid": uid, "base": {"name": user, "face": "", "is_mystery": False}}},
            {"activity_identity": "", "activity_source": 0, "not_show": 0}, 0]  # fmt: skip
    return {"cmd": "DANMU_MSG", "dm_v2": "",
            "info": [meta, text, [uid, user, 0, 0, 0, 10000, 1, ""], [], [0, 0, 9868950, ">50000"],
                     ["", ""], 0, 0, None, {"ts": ts_ms // 1000, "ct": "8A1F3C2B"}, 0, 0, None,
                     None, 0, 105, [0], None]}  # fmt: skip


def super_chat(user: str, text: str, uid: int, sc_id: int, start: int) -> dict[str, Any]:
    data = {"id": sc_id, "uid": uid, "message": text, "price": 30, "start_time": start,
            "end_time": start + 60, "ts": start, "user_info": {"uname": user}}  # fmt: skip
    return {"cmd": "SUPER_CHAT_MESSAGE", "roomid": 0, "data": data}


class FakeBilibili(_Server):
    IMG_KEY, SUB_KEY = "7cd084941338484aae1ad9425b84077c", "4932caff0ff746eab6f01bf08b70ac45"

    def __init__(self, room_id: int = 5440, auth_deadline_s: float = 5.0) -> None:
        super().__init__()
        self.room_id, self.auth_deadline_s = room_id, auth_deadline_s
        self.token = secrets.token_urlsafe(24)
        self.info_hits: list[Hit] = []
        self.auth_bodies: list[dict[str, Any]] = []
        self.heartbeats: list[float] = []
        self.connections = 0
        self.refuse_auth = False
        self.clients: list[web.WebSocketResponse] = []
        self.authed = asyncio.Event()
        self.app.router.add_get("/x/web-interface/nav", self._nav)
        self.app.router.add_get("/xlive/web-room/v1/index/getDanmuInfo", self._info)
        self.app.router.add_get("/sub", self._ws)

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _nav(self, request: web.Request) -> web.Response:
        wbi = {"img_url": f"https://i0.hdslb.com/bfs/wbi/{self.IMG_KEY}.png",
               "sub_url": f"https://i0.hdslb.com/bfs/wbi/{self.SUB_KEY}.png"}  # fmt: skip
        return web.json_response({"code": -101, "message": "账号未登录", "ttl": 1,
                                  "data": {"isLogin": False, "wbi_img": wbi}})  # fmt: skip

    def _wbi_ok(self, query: dict[str, str]) -> bool:
        raw = self.IMG_KEY + self.SUB_KEY
        mixin = "".join(raw[i] for i in WBI_TAB)[:32]
        params = {k: v for k, v in query.items() if k != "w_rid"}
        encoded = "&".join(f"{k}={quote(params[k], safe='')}" for k in sorted(params))
        return query.get("w_rid") == hashlib.md5((encoded + mixin).encode()).hexdigest()

    async def _info(self, request: web.Request) -> web.Response:
        self.info_hits.append(Hit(request.path, dict(request.query),
                                  cookies=dict(request.cookies)))  # fmt: skip
        if not self._wbi_ok(dict(request.query)):
            return web.json_response({"code": -352, "message": "-352", "ttl": 1})
        host = {"host": "127.0.0.1", "port": self.port, "wss_port": self.port,
                "ws_port": self.port}  # fmt: skip
        return web.json_response({"code": 0, "message": "0", "ttl": 1,
                                  "data": {"group": "live", "business_id": 0, "token": self.token,
                                           "host_list": [host]}})  # fmt: skip

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections += 1
        try:
            first = await ws.receive(timeout=self.auth_deadline_s)
        except TimeoutError:
            await ws.close(code=1008, message=b"no auth")
            return ws
        _total, _head, _ver, op, _seq = HEADER.unpack_from(first.data)
        body = json.loads(first.data[16:])
        self.auth_bodies.append(body)
        ok = op == 7 and body.get("key") == self.token and body.get("roomid") == self.room_id
        code = -101 if self.refuse_auth or not ok else 0
        await ws.send_bytes(packet(8, json.dumps({"code": code}).encode(), 1))
        if code != 0:
            await ws.close()
            return ws
        self.clients.append(ws)
        self.authed.set()
        async for msg in ws:
            if msg.type == WSMsgType.BINARY and HEADER.unpack_from(msg.data)[3] == 2:
                self.heartbeats.append(time.monotonic())
                await ws.send_bytes(packet(3, struct.pack(">I", 12345), 1))
        if ws in self.clients:
            self.clients.remove(ws)
        return ws

    async def send_commands(self, commands: list[dict[str, Any]], compress: str | None) -> None:
        body = b"".join(packet(5, json.dumps(c, ensure_ascii=False).encode()) for c in commands)
        await self.send_raw(container(body, compress))

    async def send_raw(self, data: bytes) -> None:
        for ws in list(self.clients):
            await ws.send_bytes(data)

    async def drop(self) -> None:
        """Close every danmaku connection, as a server restart would."""
        self.authed.clear()
        for ws in list(self.clients):
            await ws.close(code=1001, message=b"going away")
