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
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hashlib
import json
import struct
import time
import zlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import aiohttp
import brotli

from app.adapters.chat.base import ChatSource, CommentSink, SourceDropped, SourceEnded, StatusSink
from app.domain.audience import IncomingComment, Kind
from app.domain.ingest import parse_item
from app.services.supervisor import Backoff

LIVE_API = "https://api.live.bilibili.com"
NAV_API = "https://api.bilibili.com"
HEADER = struct.Struct(">IHHII")  # total length, header length, protover, op, sequence
OP_HEARTBEAT, OP_HEARTBEAT_REPLY, OP_MESSAGE, OP_AUTH, OP_AUTH_REPLY = 2, 3, 5, 7, 8
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


def encode_packet(op: int, body: bytes | str, protover: int = 1, seq: int = 1) -> bytes:
    data = body.encode() if isinstance(body, str) else body
    return HEADER.pack(HEADER.size + len(data), HEADER.size, protover, op, seq) + data


class BadPacket(ValueError):
    pass


def iter_packets(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(op, body) for each packet in ``data``, inflating protover 2 (zlib) and 3 (brotli)
    containers. Raises BadPacket at the first broken header or body (earlier ones are yielded)."""
    offset = 0
    while offset < len(data):
        if len(data) - offset < HEADER.size:
            raise BadPacket("truncated header")
        total, head, ver, op, _seq = HEADER.unpack_from(data, offset)
        if head < HEADER.size or total < head or offset + total > len(data):
            raise BadPacket(f"bad lengths total={total} header={head}")
        body = data[offset + head : offset + total]
        offset += total
        if ver in (2, 3) and op == OP_MESSAGE:
            try:
                inner = zlib.decompress(body) if ver == 2 else brotli.decompress(body)
            except (zlib.error, brotli.error) as exc:
                raise BadPacket(f"cannot inflate protover {ver}: {exc}") from exc
            yield from iter_packets(inner)
        else:
            yield op, body


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def comment_from_command(msg: dict[str, Any], platform: str = "bilibili") -> IncomingComment | None:
    """DANMU_MSG as a comment; None for other commands (event_items reads those)."""
    cmd = str(msg.get("cmd", "")).split(":", 1)[0]
    if cmd == "DANMU_MSG":
        info = msg["info"]
        meta, user = info[0], info[2]
        ms = _int(meta[4]) if len(meta) > 4 else 0
        stamp = info[9] if len(info) > 9 and isinstance(info[9], dict) else {}
        ts = ms / 1000 if ms > 0 else (float(_int(stamp.get("ts"))) or None)
        native_id = None
        extra = meta[15].get("extra") if len(meta) > 15 and isinstance(meta[15], dict) else None
        if isinstance(extra, str):  # a JSON string inside the JSON; id_str identifies the danmaku
            with contextlib.suppress(ValueError, AttributeError):
                native_id = json.loads(extra).get("id_str") or None
        uid = _int(user[0])
        return IncomingComment(platform, str(user[1]), str(info[1]), native_id,
                               str(uid) if uid else None, ts)  # fmt: skip
    return None


GOLD_PER_CNY = 1000  # 1000 金瓜子 = 1 元 (a 电池 is 100)
GUARD_NAMES = {1: "总督", 2: "提督", 3: "舰长"}
# INTERACT_WORD msg_type: 1 entered, 2 followed, 3 shared, 4 special follow, 5 mutual follow
INTERACT_KINDS = {1: Kind.ENTER, 2: Kind.FOLLOW, 3: Kind.SHARE, 4: Kind.FOLLOW, 5: Kind.FOLLOW}
Fields = dict[int, list[int | bytes]]


def read_protobuf(data: bytes) -> Fields:
    """One protobuf message's fields by number (varints as ints, length-delimited ones as bytes),
    enough for the few fields read from INTERACT_WORD_V2 and SEND_GIFT_V2 without a schema
    compiler. ValueError when ``data`` is not one."""
    fields: Fields = {}
    pos = 0

    def varint() -> int:
        nonlocal pos
        result = shift = 0
        while True:
            if pos >= len(data) or shift > 63:
                raise ValueError("truncated varint")
            byte = data[pos]
            pos += 1
            result |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return result
            shift += 7

    while pos < len(data):
        key = varint()
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value = varint()
        elif wire in (1, 2, 5):
            size = {1: 8, 5: 4}.get(wire) or varint()
            if pos + size > len(data):
                raise ValueError("truncated field")
            value = data[pos : pos + size] if wire == 2 else 0
            pos += size
        else:
            raise ValueError(f"wire type {wire}")
        fields.setdefault(number, []).append(value)
    return fields


def _pb(fields: Fields, number: int, default: int | str = 0) -> Any:
    """The first value of a field: an int, or text for a string field (``default`` a str)."""
    values = fields.get(number)
    if not values:
        return default
    value = values[0]
    if isinstance(default, str):
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else default
    return value if isinstance(value, int) else default


def _decoded_pb(data: dict[str, Any]) -> Fields:
    try:
        return read_protobuf(base64.b64decode(str(data["pb"]), validate=True))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"bad pb field: {exc}") from None


def _cny(coins: Any, per: int = GOLD_PER_CNY) -> Any:
    """金瓜子 as CNY; a value that is no whole number is passed on for parse_item to refuse."""
    if isinstance(coins, int) and not isinstance(coins, bool):
        return coins / per
    return coins


def _gift(platform: str, user: Any, uid: Any, gift: dict[str, Any]) -> dict[str, Any]:
    """One SEND_GIFT (or one gift of a SEND_GIFT_V2) as an /ingest item. ``total_coin`` is what
    was paid (a blind box's price, not the gift it opened); a silver gift is worth nothing."""
    num, price, total = gift.get("num"), gift.get("price"), gift.get("total_coin")
    if gift.get("coin_type") != "gold":
        value: Any = 0.0
    elif isinstance(total, int) and total > 0:
        value = _cny(total)
    elif isinstance(price, int) and isinstance(num, int):
        value = _cny(price * num)
    else:
        value = price
    tid = gift.get("tid") or gift.get("rnd")
    return {"platform": platform, "kind": "gift", "user": user, "user_id": uid or None,
            "gift": gift.get("giftName") or gift.get("gift_name"), "count": num,
            "value": value, "currency": "CNY", "ts": gift.get("timestamp") or None,
            "id": f"gift-{tid}" if tid else None}  # fmt: skip


def event_items(msg: dict[str, Any], platform: str = "bilibili") -> list[dict[str, Any]]:
    """What a command reports besides danmaku, as /ingest items (checked by parse_item after):
    [] for a command that counts nothing. Raises KeyError/TypeError/ValueError/AttributeError
    when the command is not of the documented shape."""
    cmd = str(msg.get("cmd", "")).split(":", 1)[0]
    data: Any = msg.get("data")  # a dict in the documented shape; anything else raises below
    if cmd == "SUPER_CHAT_MESSAGE":
        return [{"platform": platform, "kind": "superchat", "text": data["message"],
                 "user": str((data.get("user_info") or {}).get("uname", "?")),
                 "user_id": data.get("uid") or None, "value": data.get("price"),
                 "currency": "CNY", "id": f"sc-{data['id']}" if data.get("id") else None,
                 "ts": data.get("start_time") or data.get("ts") or None}]  # fmt: skip
    if cmd == "SEND_GIFT":
        return [_gift(platform, data["uname"], data.get("uid"), data)]
    if cmd == "SEND_GIFT_V2":  # protobuf in data.pb: SendGiftBroadcast
        sent = _decoded_pb(data)
        user, uid = _pb(sent, 2, ""), _pb(sent, 1)
        items = []
        for raw in sent.get(10, []):
            if not isinstance(raw, bytes):
                raise ValueError("a gift that is not a message")
            one = read_protobuf(raw)
            items.append(_gift(platform, user, uid, {
                "gift_name": _pb(one, 2, ""), "num": _pb(one, 3), "price": _pb(one, 5),
                "total_coin": _pb(one, 7), "coin_type": _pb(one, 8, ""), "tid": _pb(one, 9, ""),
                "timestamp": _pb(one, 10)}))  # fmt: skip
        return items
    if cmd == "GUARD_BUY":
        num, price = data.get("num"), data.get("price")
        value = _cny(price * num) if isinstance(price, int) and isinstance(num, int) else price
        level = data.get("guard_level")
        return [{"platform": platform, "kind": "member", "user": data["username"],
                 "user_id": data.get("uid") or None, "count": num, "value": value,
                 "gift": data.get("gift_name") or GUARD_NAMES.get(level), "currency": "CNY",
                 "ts": data.get("start_time") or None,
                 "id": f"guard-{data.get('uid')}-{data.get('start_time')}"}]  # fmt: skip
    if cmd in ("INTERACT_WORD", "INTERACT_WORD_V2"):
        if cmd == "INTERACT_WORD_V2":  # protobuf in data.pb: InteractWordV2
            word = _decoded_pb(data)
            data = {"uid": _pb(word, 1), "uname": _pb(word, 2, ""), "msg_type": _pb(word, 5),
                    "timestamp": _pb(word, 7)}  # fmt: skip
        kind = INTERACT_KINDS.get(data.get("msg_type"))
        if kind is None:
            return []
        return [
            {
                "platform": platform,
                "kind": kind.value,
                "user": data["uname"],
                "user_id": data.get("uid") or None,
                "ts": data.get("timestamp") or None,
            }
        ]
    if cmd == "LIKE_INFO_V3_CLICK":
        return [{"platform": platform, "kind": "like", "user": data["uname"],
                 "user_id": data.get("uid") or None, "count": 1}]  # fmt: skip
    if cmd == "ONLINE_RANK_COUNT":  # online_count (newer) is everyone online, count the ranked
        count = data["online_count"] if "online_count" in data else data["count"]
        return [{"platform": platform, "kind": "viewers", "count": count}]
    return []


class LikeTotal:
    """LIKE_INFO_V3_UPDATE carries the room's like total; LIKE_INFO_V3_CLICK one like of one
    viewer (one a viewer a while, however often they tap). The likes in a new total that the
    clicks since the last one do not account for come as one like item without a viewer, so the
    tally follows the total without counting a click twice. The first total is the baseline:
    likes from before the console joined are not this show's."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.clicks = 0

    def click(self) -> None:
        self.clicks += 1

    def update(self, total: Any) -> int:
        """The likes to add for a new total (0 for the first, a smaller or a bad one)."""
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            return 0
        previous, self.total = self.total, total
        clicks, self.clicks = self.clicks, 0
        if previous is None:
            return 0
        return max(0, total - previous - clicks)


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
        auth_timeout_s: float = 5.0,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__(name, on_comments, on_status, backoff=backoff)
        self.room_id = room_id
        self.api_base, self.nav_base = api_base.rstrip("/"), nav_base.rstrip("/")
        self.secure, self.wbi = secure, wbi
        self.uid, self.heartbeat_s, self.auth_timeout_s = uid, heartbeat_s, auth_timeout_s
        cookies = {"SESSDATA": sessdata, "buvid3": buvid}
        self._cookies = {k: v for k, v in cookies.items() if v}
        self.buvid = buvid
        self._host_index = 0
        self._http: aiohttp.ClientSession | None = None
        self._beat: asyncio.Task[None] | None = None
        self._likes = LikeTotal()

    def _session_http(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            headers = {"User-Agent": _UA, "Referer": f"https://live.bilibili.com/{self.room_id}",
                       "Origin": "https://live.bilibili.com"}  # fmt: skip
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=10)
            self._http = aiohttp.ClientSession(headers=headers, cookies=self._cookies,
                                               timeout=timeout)  # fmt: skip
        return self._http

    async def _get_json(self, url: str, params: dict[str, Any]) -> dict[str, Any]:
        http = self._session_http()
        async with http.get(url, params=params, timeout=aiohttp.ClientTimeout(total=15)) as resp:
            if resp.status >= 500 or resp.status == 429:
                raise SourceDropped(f"bilibili API answered HTTP {resp.status}")
            body = await resp.json(content_type=None)
        if not isinstance(body, dict):
            raise SourceDropped("bilibili API sent no JSON object")
        return body

    async def _danmu_info(self) -> tuple[str, list[dict[str, Any]]]:
        params: dict[str, Any] = {"id": self.room_id, "type": 0}
        if self.wbi:
            nav = await self._get_json(f"{self.nav_base}/x/web-interface/nav", {})
            img = (nav.get("data") or {}).get("wbi_img") or {}
            keys = [str(img.get(k, "")).rsplit("/", 1)[-1].split(".")[0]
                    for k in ("img_url", "sub_url")]  # fmt: skip
            if len(keys[0] + keys[1]) != 64:
                raise SourceDropped("the nav API gave no WBI keys")
            params = wbi_sign(params, keys[0], keys[1], int(time.time()))
        body = await self._get_json(f"{self.api_base}/xlive/web-room/v1/index/getDanmuInfo",
                                    params)  # fmt: skip
        if body.get("code") != 0:
            message = f"getDanmuInfo refused ({body.get('code')}: {body.get('message')})"
            if body.get("code") == -352:
                message += ": the request was flagged (WBI signature or cookies)"
            if body.get("code") in (-352, -400):
                raise SourceEnded("error", message)
            raise SourceDropped(message)
        data = body.get("data") or {}
        hosts = [h for h in data.get("host_list") or [] if isinstance(h, dict) and h.get("host")]
        if not data.get("token") or not hosts:
            raise SourceDropped("getDanmuInfo returned no token or servers")
        return str(data["token"]), hosts

    async def _session(self) -> None:
        token, hosts = await self._danmu_info()
        host = hosts[self._host_index % len(hosts)]
        self._host_index += 1  # the next attempt tries the next server
        scheme, port = ("wss", host.get("wss_port", 443)) if self.secure else \
            ("ws", host.get("ws_port", 80))  # fmt: skip
        url = f"{scheme}://{host['host']}:{port}/sub"
        http = self._session_http()
        async with http.ws_connect(url, heartbeat=None, autoping=True, max_msg_size=0) as ws:
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
        authed = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.auth_timeout_s
        while True:
            timeout = None if authed else max(0.0, deadline - loop.time())
            try:
                msg = await ws.receive(timeout=timeout)
            except TimeoutError:
                raise SourceDropped("no auth reply within 5 s") from None
            if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                            aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.ERROR):  # fmt: skip
                raise SourceDropped(f"the danmaku server closed the connection ({ws.close_code})")
            if msg.type != aiohttp.WSMsgType.BINARY:
                self._reject("non-binary frame", msg.type)
                continue
            batch: list[IncomingComment] = []
            try:
                for op, body in iter_packets(msg.data):
                    if op == OP_AUTH_REPLY:
                        if authed:
                            continue
                        code = json.loads(body or b"{}").get("code")
                        if code != 0:
                            raise SourceDropped(f"the danmaku server refused auth (code {code})")
                        authed = True
                        beat = self._heartbeat(ws)
                        self._beat = asyncio.create_task(beat, name=f"chat-{self.name}-beat")
                        self._connected(f"room {self.room_id} via {url}", server=url)
                    elif op == OP_HEARTBEAT_REPLY and len(body) >= 4:
                        self.extra["popularity"] = struct.unpack_from(">I", body)[0]
                    elif op == OP_MESSAGE:
                        self._on_message(body, batch)
            except BadPacket as exc:
                self._reject("packet", str(exc))  # sizes and versions only
            self._deliver(batch)

    def _on_message(self, body: bytes, batch: list[IncomingComment]) -> None:
        try:
            msg = json.loads(body)
            comment = comment_from_command(msg, self.platform)
            items = [] if comment is not None else event_items(msg, self.platform)
            cmd = str(msg.get("cmd", "")).split(":", 1)[0]
            if cmd == "LIKE_INFO_V3_UPDATE":
                more = self._likes.update(msg["data"]["click_count"])
                if more:
                    items.append({"platform": self.platform, "kind": "like", "user": "",
                                  "count": more})  # fmt: skip
            elif cmd == "LIKE_INFO_V3_CLICK":
                self._likes.click()
            elif cmd == "WATCHED_CHANGE":
                self.extra["watched"] = msg["data"]["num"]
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            self._reject("message", f"{len(body)} bytes")  # never its text
            return
        if comment is not None:
            batch.append(comment)
        for item in items:
            parsed = parse_item(item)
            if isinstance(parsed, IncomingComment):
                batch.append(parsed)
            else:  # a bad count or value: this item alone is refused
                self._reject(str(item.get("kind")), parsed)
        if msg.get("cmd") == "LOG_IN_NOTICE":
            self.extra["names_masked"] = True
            self._report("connected", "connected, but bilibili masks viewer names for anonymous "
                         "sessions: add a SESSDATA cookie in Settings")  # fmt: skip

    async def _cleanup(self) -> None:
        http, self._http = self._http, None
        if http is not None:
            await http.close()
