"""Bilibili's danmaku commands (the JSON of op-5 packets) as LiveDesk items: DANMU_MSG as a
comment, the gifts, guards, super chats, entries, likes and viewer counts as /ingest items that
parse_item checks after. Field names follow the web client as blivedm (xfgryujk/blivedm,
models/web.py and models/pb.py) reads it. Numbers are bounded as /ingest bounds them: a time that
is no time is left out, a worth beyond MAX_VALUE is passed on for parse_item to refuse (a whole
number hundreds of digits long is never divided into a float)."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import math
from typing import Any

from app.domain.audience import MAX_VALUE, IncomingComment, Kind
from app.domain.ingest import TS_LATEST
from app.domain.text import ascii_whole

MAX_COUNTER = 2**53  # a room total (likes, watched) beyond any real one


def _int(value: Any) -> int:
    """A whole number as sent (an int, a finite float, or up to 20 ASCII digits); 0 for
    anything else."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else 0
    number = ascii_whole(value, 20) if isinstance(value, str) else None
    return 0 if number is None else number


def _sent_at(ms: int, seconds: int) -> float | None:
    """A danmaku's time from its milliseconds, else its seconds; None when neither is a time
    before 2100 (the audience then takes the arrival time)."""
    if 0 < ms <= TS_LATEST * 1000:
        return ms / 1000
    if 0 < seconds <= TS_LATEST:
        return float(seconds)
    return None


def _id_text(value: Any) -> str | None:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63:
        return str(value)
    return None


def comment_from_command(msg: dict[str, Any], platform: str = "bilibili") -> IncomingComment | None:
    """DANMU_MSG as a comment; None for other commands (event_items reads those). Raises
    KeyError/IndexError/TypeError/ValueError when the danmaku is not of the documented shape."""
    cmd = str(msg.get("cmd", "")).split(":", 1)[0]
    if cmd == "DANMU_MSG":
        info = msg["info"]
        meta, text, user = info[0], info[1], info[2]
        if not isinstance(text, str) or not isinstance(user[1], str):
            raise ValueError("a DANMU_MSG without text or name")
        ms = _int(meta[4]) if len(meta) > 4 else 0
        stamp = info[9] if len(info) > 9 and isinstance(info[9], dict) else {}
        native_id = None
        extra = meta[15].get("extra") if len(meta) > 15 and isinstance(meta[15], dict) else None
        if isinstance(extra, str):  # a JSON string inside the JSON; id_str identifies the danmaku
            with contextlib.suppress(ValueError, AttributeError, RecursionError):
                native_id = _id_text(json.loads(extra).get("id_str"))
        return IncomingComment(platform, user[1], text, native_id, _id_text(_int(user[0])),
                               _sent_at(ms, _int(stamp.get("ts"))))  # fmt: skip
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
    """金瓜子 as CNY; a value that is no whole number, or is negative or worth more than
    MAX_VALUE (hundreds of digits: no float holds it), is passed on for parse_item to refuse."""
    if isinstance(coins, int) and not isinstance(coins, bool) and 0 <= coins <= MAX_VALUE * per:
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
        if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= MAX_COUNTER:
            return 0
        previous, self.total = self.total, total
        clicks, self.clicks = self.clicks, 0
        if previous is None:
            return 0
        return max(0, total - previous - clicks)
