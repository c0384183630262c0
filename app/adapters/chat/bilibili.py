"""Bilibili live danmaku over the web client's websocket (aiohttp).

getDanmuInfo gives a token and servers; it needs a WBI signature (``w_rid``/``wts``, keys from
the nav API) since 2025-05-26, which this client computes (``wbi=False`` turns it off). The auth
packet goes out at once (the server wants it within 5 s), a heartbeat every 30 s. Anonymous
sessions see masked names (``提***``) and a LOG_IN_NOTICE; a SESSDATA cookie (with the matching
``uid``) may restore them. Names are passed on as given.

Besides danmaku (DANMU_MSG) the source reports, each item checked as /ingest checks its own:
SEND_GIFT and SEND_GIFT_V2 (gifts: a gold gift's worth is its 金瓜子 / 1000 in CNY, a silver one
is worth 0), GUARD_BUY (舰长/提督/总督 as memberships), SUPER_CHAT_MESSAGE (price in CNY),
INTERACT_WORD and INTERACT_WORD_V2 (entries, follows, shares), LIKE_INFO_V3_CLICK (one like a
message) and LIKE_INFO_V3_UPDATE (the room's like total: what the clicks did not account for), and
ONLINE_RANK_COUNT (the online viewer count). Not counted, on purpose: COMBO_SEND and
USER_TOAST_MSG_V2 repeat what SEND_GIFT and GUARD_BUY already reported (counting them would count
each gift twice), and WATCHED_CHANGE is how many have watched so far, not how many watch now: it is
kept in ``status.extra["watched"]``. Field names follow the web client as blivedm
(xfgryujk/blivedm, models/web.py and models/pb.py) reads it.

Each message is read alone: one that cannot be read (a shape not documented, a number no float
holds, JSON nested beyond reason) is rejected and the rest of its frame is read on. Numbers are
bounded as /ingest bounds them: a time that is no time is left out (the arrival time stands in),
a worth beyond MAX_VALUE is refused with its item. Packets and frames are bounded in
bilibili_packets. A connection that has said nothing (no heartbeat reply, no message) for
``heartbeat_s + reply_timeout_s`` is dropped and made again, as is one whose frame is too large.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import struct
import time
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp

from app.adapters.chat.base import ChatSource, CommentSink, SourceDropped, SourceEnded, StatusSink
from app.adapters.chat.bilibili_commands import (
    MAX_COUNTER,
    LikeTotal,
    comment_from_command,
    event_items,
    read_protobuf,
)
from app.adapters.chat.bilibili_http import danmu_servers, get_json, wbi_keys
from app.adapters.chat.bilibili_packets import (
    HEADER,
    MAX_FRAME,
    OP_AUTH,
    OP_AUTH_REPLY,
    OP_HEARTBEAT,
    OP_HEARTBEAT_REPLY,
    OP_MESSAGE,
    BadPacket,
    encode_packet,
    iter_packets,
)
from app.domain.audience import IncomingComment
from app.domain.ingest import parse_item
from app.services.supervisor import Backoff

LIVE_API = "https://api.live.bilibili.com"
NAV_API = "https://api.bilibili.com"
__all__ = ["HEADER", "BadPacket", "BilibiliChat", "LikeTotal", "comment_from_command",
           "encode_packet", "event_items", "iter_packets", "read_protobuf", "wbi_sign"]  # fmt: skip
_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/124.0 Safari/537.36")  # fmt: skip
MIXIN_KEY_ENC_TAB = (
    46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49, 33, 9, 42, 19,
    29, 28, 14, 39, 12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40, 61, 26, 17, 0, 1, 60, 51, 30, 4,
    22, 25, 54, 21, 56, 59, 6, 63, 57, 62, 11, 36, 20, 34, 44, 52,
)  # fmt: skip


def wbi_sign(params: dict[str, Any], img_key: str, sub_key: str, wts: int) -> dict[str, str]:
    """``params`` plus ``wts`` and ``w_rid`` (bilibili-API-collect docs/misc/sign/wbi.md)."""
    raw = img_key + sub_key
    mixin = "".join(raw[i] for i in MIXIN_KEY_ENC_TAB if i < len(raw))[:32]
    signed = {k: "".join(c for c in str(v) if c not in "!'()*") for k, v in params.items()}
    signed["wts"] = str(wts)
    query = "&".join(f"{quote(k, safe='')}={quote(signed[k], safe='')}" for k in sorted(signed))
    signed["w_rid"] = hashlib.md5((query + mixin).encode()).hexdigest()
    return signed


class BilibiliChat(ChatSource):
    platform = "bilibili"

    def __init__(
        self,
        room_id: int,
        on_comments: CommentSink,
        on_status: StatusSink | None = None,
        *,
        name: str = "bilibili",
        api_base: str = LIVE_API,
        nav_base: str = NAV_API,
        secure: bool = True,
        sessdata: str | None = None,
        uid: int = 0,
        buvid: str | None = None,
        wbi: bool = True,
        heartbeat_s: float = 30.0,
        reply_timeout_s: float = 20.0,
        auth_timeout_s: float = 5.0,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__(name, on_comments, on_status, backoff=backoff)
        self.room_id = room_id
        self.api_base, self.nav_base = api_base.rstrip("/"), nav_base.rstrip("/")
        self.secure, self.wbi = secure, wbi
        self.uid, self.heartbeat_s, self.auth_timeout_s = uid, heartbeat_s, auth_timeout_s
        self.reply_timeout_s = reply_timeout_s
        cookies = {"SESSDATA": sessdata, "buvid3": buvid}
        self._cookies = {k: v for k, v in cookies.items() if v}
        self.buvid = buvid
        self._host_index = 0
        self._http: aiohttp.ClientSession | None = None
        self._beat: asyncio.Task[None] | None = None
        self._likes = LikeTotal()

    def peer(self) -> str:
        return urlsplit(self.api_base).hostname or "Bilibili"

    def _session_http(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            headers = {"User-Agent": _UA, "Referer": f"https://live.bilibili.com/{self.room_id}",
                       "Origin": "https://live.bilibili.com"}  # fmt: skip
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=10)
            self._http = aiohttp.ClientSession(headers=headers, cookies=self._cookies,
                                               timeout=timeout)  # fmt: skip
        return self._http

    async def _danmu_info(self) -> tuple[str, list[str]]:
        """getDanmuInfo's token and the danmaku servers' URLs."""
        params: dict[str, Any] = {"id": self.room_id, "type": 0}
        http = self._session_http()
        if self.wbi:
            keys = wbi_keys(await get_json(http, f"{self.nav_base}/x/web-interface/nav", {}))
            if keys is None:
                raise SourceDropped("the nav API gave no WBI keys")
            params = wbi_sign(params, keys[0], keys[1], int(time.time()))
        body = await get_json(http, f"{self.api_base}/xlive/web-room/v1/index/getDanmuInfo",
                              params)  # fmt: skip
        code = body.get("code")
        if code != 0:
            message = f"getDanmuInfo refused ({str(code)[:20]}: {str(body.get('message'))[:200]})"
            if code == -352:
                message += ": the request was flagged (WBI signature or cookies)"
            if code in (-352, -400):
                raise SourceEnded("error", message)
            raise SourceDropped(message)
        return danmu_servers(body, self.secure)

    async def _session(self) -> None:
        token, urls = await self._danmu_info()
        url = urls[self._host_index % len(urls)]
        self._host_index += 1  # the next attempt tries the next server
        http = self._session_http()
        try:
            ws = await http.ws_connect(url, heartbeat=None, autoping=True, max_msg_size=MAX_FRAME)
        except aiohttp.WSServerHandshakeError as exc:
            message = f"the danmaku server refused the websocket (HTTP {exc.status})"
            raise SourceDropped(message) from None
        except aiohttp.ClientError as exc:
            if isinstance(exc, OSError):
                raise
            message = f"the danmaku server could not be reached ({type(exc).__name__})"
            raise SourceDropped(message) from None
        async with ws:
            auth = {"uid": self.uid, "roomid": self.room_id, "protover": 3, "platform": "web",
                    "type": 2, "key": token}  # fmt: skip
            if self.buvid:
                auth["buvid"] = self.buvid
            await ws.send_bytes(encode_packet(OP_AUTH, json.dumps(auth, separators=(",", ":"))))
            try:
                await self._read(ws, url)
            finally:
                beat, self._beat = self._beat, None
                if beat is not None:
                    beat.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await beat

    async def _heartbeat(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """From the auth reply on: one at once (the reply carries the popularity), then every
        ``heartbeat_s``; the server drops a silent client after about 60 s."""
        while True:
            with contextlib.suppress(ConnectionError, aiohttp.ClientError):
                await ws.send_bytes(encode_packet(OP_HEARTBEAT, b"[object Object]"))
            await asyncio.sleep(self.heartbeat_s)

    async def _read(self, ws: aiohttp.ClientWebSocketResponse, url: str) -> None:
        """Frames until the connection goes. Before the auth reply the server has
        ``auth_timeout_s``; after it, each frame must come within ``heartbeat_s +
        reply_timeout_s`` of the last (the server answers every heartbeat at once)."""
        authed = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.auth_timeout_s
        silence_s = self.heartbeat_s + self.reply_timeout_s
        while True:
            try:  # never 0: receive() takes a timeout of 0 for none at all
                msg = await ws.receive(timeout=max(0.001, deadline - loop.time()))
            except TimeoutError:
                if not authed:
                    raise SourceDropped(f"no auth reply within {self.auth_timeout_s:g} s") from None
                silent = f"nothing for {silence_s:g} s, heartbeats unanswered"
                raise SourceDropped(f"the danmaku server stopped answering ({silent})") from None
            if msg.type == aiohttp.WSMsgType.ERROR:
                raise SourceDropped(self._broken(msg.data))
            if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                            aiohttp.WSMsgType.CLOSING):  # fmt: skip
                raise SourceDropped(f"the danmaku server closed the connection ({ws.close_code})")
            if msg.type != aiohttp.WSMsgType.BINARY:
                self._reject("non-binary frame", msg.type)
                continue
            if authed:
                deadline = loop.time() + silence_s  # it still speaks
            batch: list[IncomingComment] = []
            for op, body in iter_packets(msg.data, lambda why: self._reject("packet", why)):
                if op == OP_AUTH_REPLY:
                    if authed:
                        continue
                    code = _auth_code(body)
                    if code != 0:
                        refused = f"the danmaku server refused auth (code {str(code)[:40]})"
                        raise SourceDropped(refused)
                    authed = True
                    deadline = loop.time() + silence_s
                    beat = self._heartbeat(ws)
                    self._beat = asyncio.create_task(beat, name=f"chat-{self.name}-beat")
                    self._connected(f"room {self.room_id} via {url}", server=url)
                elif op == OP_HEARTBEAT_REPLY and len(body) >= 4:
                    self.extra["popularity"] = struct.unpack_from(">I", body)[0]
                elif op == OP_MESSAGE:
                    self._on_message(body, batch)
            self._deliver(batch)

    @staticmethod
    def _broken(error: object) -> str:
        if isinstance(error, aiohttp.WebSocketError):
            if error.code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG:
                return (f"the danmaku server sent a frame larger than {MAX_FRAME // 1024**2} MiB; "
                        "the connection was dropped")  # fmt: skip
            return f"the danmaku connection broke (websocket error {error.code})"
        return f"the danmaku connection broke ({type(error).__name__})"

    def _on_message(self, body: bytes, batch: list[IncomingComment]) -> None:
        """One message, read alone: one that cannot be read is rejected, the others stay."""
        try:
            found = self._read_message(body)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            self._reject("message", f"{len(body)} bytes")  # never its text
            return
        except Exception as exc:  # noqa: BLE001 - RecursionError, OverflowError...: this alone
            self._fault("message", exc, len(body))
            return
        batch.extend(found)

    def _read_message(self, body: bytes) -> list[IncomingComment]:
        msg = json.loads(body)
        if not isinstance(msg, dict):
            raise ValueError("a message that is no JSON object")
        comment = comment_from_command(msg, self.platform)
        if comment is not None:
            return [comment]
        items = event_items(msg, self.platform)
        cmd = str(msg.get("cmd", "")).split(":", 1)[0]
        if cmd == "LIKE_INFO_V3_UPDATE":
            more = self._likes.update(msg["data"]["click_count"])
            if more:
                items.append({"platform": self.platform, "kind": "like", "user": "",
                              "count": more})  # fmt: skip
        elif cmd == "LIKE_INFO_V3_CLICK":
            self._likes.click()
        elif cmd == "WATCHED_CHANGE":
            watched = msg["data"]["num"]
            if isinstance(watched, bool) or not isinstance(watched, int) or \
                    not 0 <= watched <= MAX_COUNTER:  # fmt: skip
                raise ValueError("a watched count that is no count")
            self.extra["watched"] = watched
        found: list[IncomingComment] = []
        for item in items:
            parsed = parse_item(item)
            if isinstance(parsed, IncomingComment):
                found.append(parsed)
            else:  # a bad count or value: this item alone is refused
                self._reject(str(item.get("kind")), parsed)
        if cmd == "LOG_IN_NOTICE":
            self.extra["names_masked"] = True
            self._report("connected", "connected, but bilibili masks viewer names for anonymous "
                         "sessions: add a SESSDATA cookie in Settings")  # fmt: skip
        return found

    async def _cleanup(self) -> None:
        http, self._http = self._http, None
        if http is not None:
            await http.close()


def _auth_code(body: bytes) -> object:
    """The auth reply's ``code`` (0: accepted); None when the reply is not readable."""
    try:
        reply = json.loads(body or b"{}")
    except (ValueError, RecursionError):
        return None
    return reply.get("code") if isinstance(reply, dict) else None
