"""Each platform's documented event formats (tests/data/platforms/) through its source's own
parsing into the audience: the tally, the thanks list and the rows in a real SQLite log.

The fixtures are built from published formats: Bilibili's web danmaku commands as blivedm
(xfgryujk/blivedm models/web.py, pb.py) reads them, Twitch's IRC tags reference examples,
YouTube's liveChatMessages and videos resources, Social Stream Ninja's api.md and
event-reference, and Douyin's 直播间数据开放 push (headers, payload lists, signature)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.chat.bilibili import BilibiliChat, LikeTotal, read_protobuf
from app.adapters.chat.twitch import TwitchChat, parse_line
from app.adapters.chat.youtube import YouTubeChat, event_item
from app.adapters.store.comments import SqliteComments
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.routes_douyin import SECRET_ENV, signature
from app.adapters.web.server import create_app
from app.domain.audience import IncomingComment, Kind
from app.domain.ingest import parse_batch, parse_item
from app.report_cli import run_report
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock

DATA = Path(__file__).parent.parent / "data" / "platforms"
NOW = 1_760_000_050.0
TOKEN = "t" * 32
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def fixture(name: str) -> Any:
    return json.loads((DATA / name).read_text("utf-8"))


class Store:
    """A show whose audience writes to a real SQLite file."""

    def __init__(self, show: Show, writer: SqliteSessionLog) -> None:
        self.show, self.writer = show, writer
        assert show.audience is not None
        self.audience = show.audience

    async def rows(self, sql: str) -> list[tuple[Any, ...]]:
        await self.writer.flush()
        return await self.writer.run(lambda db: db.execute(sql).fetchall())


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    clock = Clock(NOW)
    writer = SqliteSessionLog(tmp_path / "livedesk.db")
    show = build_show(FakeObs(), writer, comments=SqliteComments(writer), wall=clock)  # type: ignore[arg-type]
    await show.recorder.start("平台")
    try:
        yield Store(show, writer)
    finally:
        writer.close()


def feed(store: Store) -> Callable[[list[IncomingComment]], None]:
    return lambda batch: store.audience.ingest(batch, source="test")


def events(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=repr)


# -------------------------------------------------------------------------------- Bilibili


async def test_bilibili_commands_through_the_source(store: Store) -> None:
    source = BilibiliChat(5440, feed(store))
    for command in fixture("bilibili_commands.json"):
        batch: list[IncomingComment] = []
        source._on_message(json.dumps(command, ensure_ascii=False).encode(), batch)
        source._deliver(batch)
    tally = store.audience.tally
    # gold 2 × 牛哇牛哇 (2000 金瓜子) + 10 silver 辣条 (0) + 5 小花花 by SEND_GIFT_V2 (500);
    # COMBO_SEND and USER_TOAST_MSG_V2 repeat what was counted, the gift with num -3 is refused
    assert tally.gifts == 17
    assert tally.members == 1
    assert tally.superchats == 1
    assert tally.gifts_value == pytest.approx(2.0 + 0.5 + 138.0 + 30.0)
    assert tally.value_by_currency == {"CNY": pytest.approx(170.5)}
    assert (tally.enters, tally.follows, tally.shares) == (2, 2, 1)
    assert tally.likes == 30  # two clicks, and 28 more the new total 1030 − 1000 brought
    assert tally.viewers_by_platform == {"bilibili": 356}
    assert source.extra["watched"] == 15231
    assert source.rejected == 1
    thanks = {(e.user, e.kind): e for e in store.audience.thanks.listing()}
    assert thanks["土豪", Kind.GIFT].gifts == {"牛哇牛哇": 2}
    assert thanks["土豪", Kind.GIFT].value == pytest.approx(2.0)
    assert thanks["送花的人", Kind.GIFT].gifts == {"小花花": 5}
    assert thanks["舰长大人", Kind.MEMBER].value == pytest.approx(138.0)
    assert thanks["问价的人", Kind.SUPERCHAT].message == "请问优惠券在哪里领？"
    assert ("新粉丝", Kind.FOLLOW) in thanks
    assert ("路人甲", Kind.FOLLOW) in thanks
    assert ("进来看看", Kind.ENTER) not in thanks
    said = await store.rows("SELECT user, text, kind, value, currency FROM comments")
    assert said == [("问价的人", "请问优惠券在哪里领？", "superchat", 30.0, "CNY")]
    rows = await store.rows("SELECT kind, user, user_id, gift, count, value FROM audience_events")
    assert events(rows) == events([
        ("gift", "土豪", "1003", "牛哇牛哇", 2, 2.0), ("gift", "小白", "1004", "辣条", 10, 0.0),
        ("gift", "送花的人", "2003", "小花花", 5, 0.5),
        ("member", "舰长大人", "1006", "舰长", 1, 138.0),
        ("enter", "进来看看", "1008", None, None, None),
        ("follow", "新粉丝", "1009", None, None, None),
        ("share", "分享者", "1010", None, None, None),
        ("enter", "新观众", "2001", None, None, None),
        ("follow", "路人甲", "2002", None, None, None),
        ("like", "点赞的人", "1011", None, 1, None), ("like", "又一个", "1012", None, 1, None),
        ("like", "匿名", None, None, 28, None), ("viewers", "", None, None, 356, None),
    ])  # fmt: skip


def test_bilibili_protobuf_reader_refuses_what_is_not_protobuf() -> None:
    assert read_protobuf(b"\x08\x96\x01\x12\x03abc") == {1: [150], 2: [b"abc"]}
    for broken in (b"\x08", b"\x12\x05ab", b"\x0b"):
        with pytest.raises(ValueError, match=r"truncated|wire type"):
            read_protobuf(broken)
    source = BilibiliChat(1, lambda _batch: None)
    batch: list[IncomingComment] = []
    bad = {"cmd": "INTERACT_WORD_V2", "data": {"pb": base64.b64encode(b"\x12\x09ab").decode()}}
    source._on_message(json.dumps(bad).encode(), batch)
    source._on_message(b'{"cmd": "SEND_GIFT_V2", "data": {"pb": "!!"}}', batch)
    assert batch == []
    assert source.rejected == 2


def test_bilibili_like_total_follows_the_room_total_without_counting_a_click_twice() -> None:
    likes = LikeTotal()
    assert likes.update(500) == 0  # the baseline: likes from before the console joined
    likes.click()
    assert likes.update(510) == 9
    assert likes.update(505) == 0  # a smaller total (a restart) is a new baseline
    assert likes.update(506) == 1
    assert likes.update("x") == 0
    assert likes.update(-1) == 0


# -------------------------------------------------------------------------------- Twitch


async def test_twitch_irc_tags_through_the_source(store: Store) -> None:
    source = TwitchChat("livedesk", feed(store))
    batch: list[IncomingComment] = []
    for line in (DATA / "twitch_irc.txt").read_text("utf-8").splitlines():
        source._handle(line.encode(), None, batch, "justinfan1")  # type: ignore[arg-type]
    source._deliver(batch)
    tally = store.audience.tally
    assert (
        tally.members == 1 + 1 + 5
    )  # resub, a gift to one, a mystery gift of 5 (its subgifts not again)
    # the raid brings its 15 viewers in; the raid with "many" viewers is refused alone
    assert tally.enters == 15
    assert tally.superchats == 1
    assert tally.value_by_currency == {"bits": 100.0}
    assert source.rejected == 1
    thanks = {(e.user, e.kind): e for e in store.audience.thanks.listing()}
    assert thanks["ronni", Kind.MEMBER].gifts == {"Prime": 1}
    assert thanks["Gifter", Kind.MEMBER].count == 5
    assert thanks["TWW2", Kind.MEMBER].gifts == {"Tier 1": 1}
    assert thanks["ronni", Kind.SUPERCHAT].message == "cheer100 how much is shipping to Canada?"
    said = await store.rows("SELECT user, text, kind, value, currency FROM comments ORDER BY id")
    assert said == [("ronni", "cheer100 how much is shipping to Canada?", "superchat", 100.0,
                     "bits"), ("Viewer", "just chatting", "comment", None, None)]  # fmt: skip
    rows = await store.rows("SELECT kind, user, user_id, native_id, gift, count, text"
                            " FROM audience_events")  # fmt: skip
    assert events(rows) == events([
        ("member", "ronni", "87654321", "db25007f-7a18-43eb-9379-80131e44d633", "Prime", 1,
         "Great stream -- keep it up!"),
        ("member", "TWW2", "87650002", "e9176cd8-5e22-4684-ad40-ce53c2561c5e", "Tier 1", 1, ""),
        ("member", "Gifter", "11110001", "7c7e0a12-8f3c-4c2d-9c5f-3b0d1c2e4f50", "Tier 1", 5, ""),
        ("enter", "TestChannel", "123456", "3d830f12-795c-447d-af3c-ea05e40fbddb", None, 15, ""),
    ])  # fmt: skip


def test_twitch_tags_are_unescaped_before_mapping() -> None:
    line = (DATA / "twitch_irc.txt").read_text("utf-8").splitlines()[2]
    msg = parse_line(line)
    assert msg.tags["msg-param-origin-id"] == "9c 3a 1f"
    assert msg.tags["system-msg"] == "Gifter is gifting 5 Tier 1 Subs!"


# -------------------------------------------------------------------------------- YouTube


async def test_youtube_messages_and_viewers_through_the_source(store: Store) -> None:
    source = YouTubeChat("key", feed(store), video="dQw4w9WgXcQ")
    page = fixture("youtube_messages.json")
    video = fixture("youtube_video.json")

    async def answer(path: str, cost: int, params: dict[str, Any]) -> dict[str, Any]:
        return video if path == "videos" else page

    source._get = answer  # type: ignore[method-assign]
    source.viewers_every_s = 0.0  # every poll
    source.min_poll_s = 0.0
    page["offlineAt"] = "2026-05-01T13:00:00Z"  # one page, then the chat ends
    from app.adapters.chat.base import SourceEnded

    with pytest.raises(SourceEnded):
        await source._session()
    tally = store.audience.tally
    assert tally.superchats == 2
    assert tally.gifts == 1
    assert tally.members == 1 + 1 + 5  # the received gift membership is the gifting's, counted
    assert tally.value_by_currency == {"USD": pytest.approx(5.0 + 2.0 + 1.99)}
    assert tally.viewers_by_platform == {"youtube": 1234}
    assert source.rejected == 1  # 0 gifted memberships
    thanks = {(e.user, e.kind): e for e in store.audience.thanks.listing()}
    assert thanks["Bob", Kind.SUPERCHAT].message == "Is there a coupon code?"
    assert thanks["Quiet", Kind.SUPERCHAT].message == "$2.00"
    assert thanks["Carol", Kind.GIFT].gifts == {"Cheering cat": 1}
    assert thanks["Frank", Kind.MEMBER].count == 5
    said = await store.rows("SELECT user, text, kind, value, currency FROM comments ORDER BY id")
    assert said == [("Alice", "hello", "comment", None, None),
                    ("Bob", "Is there a coupon code?", "superchat", 5.0, "USD"),
                    ("Quiet", "$2.00", "superchat", 2.0, "USD")]  # fmt: skip
    rows = await store.rows("SELECT kind, user, user_id, gift, count, value, currency"
                            " FROM audience_events")  # fmt: skip
    assert events(rows) == events([
        ("gift", "Carol", "UCcarol", "Cheering cat", 1, 1.99, "USD"),
        ("member", "Dora", "UCdora", "Gold", 1, None, None),
        ("member", "Eve", "UCeve", "Gold", 1, None, None),
        ("member", "Frank", "UCfrank", "Gold", 5, None, None),
        ("viewers", "", None, None, 1234, None, None),
    ])  # fmt: skip


def test_youtube_amounts_that_are_no_number_are_refused() -> None:
    item = fixture("youtube_messages.json")["items"][1]
    item["snippet"]["superChatDetails"]["amountMicros"] = "five"
    mapped = event_item(item)
    assert mapped is not None
    assert isinstance(parse_item(mapped), str)


# ------------------------------------------------------------------------ Social Stream Ninja


async def test_social_stream_ninja_fields_through_ingest(store: Store) -> None:
    accepted, rejected = parse_batch(fixture("social_stream_ninja.json"))
    assert [r["index"] for r in rejected] == [12, 13]  # a negative viewer count; likes_update
    store.audience.ingest(accepted)
    kinds = [(c.platform, c.kind.value) for c in accepted]
    assert kinds == [("twitch", "comment"), ("youtube", "superchat"), ("stripe", "gift"),
                     ("tiktok", "gift"), ("twitch", "superchat"), ("twitch", "follow"),
                     ("tiktok", "enter"), ("tiktok", "like"), ("youtube", "member"),
                     ("twitch", "member"), ("twitch", "enter"), ("twitch", "viewers")]  # fmt: skip
    tally = store.audience.tally
    assert tally.value_by_currency == {"USD": 55.0, "bits": 100.0}
    assert tally.gifts == 1 + 5
    # enters: one viewer joined, a raid brought 42
    assert (tally.follows, tally.enters, tally.likes, tally.members) == (1, 1 + 42, 15, 6)
    assert tally.viewers_by_platform == {"twitch": 321}
    thanks = {(e.user, e.kind): e for e in store.audience.thanks.listing()}
    assert thanks["Rosa", Kind.GIFT].gifts == {"Roses": 5}
    assert thanks["Bob", Kind.SUPERCHAT].message == "Is shipping free?"
    said = await store.rows("SELECT user, text, kind, value, currency FROM comments ORDER BY id")
    assert said == [("Viewer", "hi there", "comment", None, None),
                    ("Bob", "Is shipping free?", "superchat", 5.0, "USD"),
                    ("Cheery", "Cheer100 love it", "superchat", 100.0, "bits")]  # fmt: skip
    rows = await store.rows("SELECT kind, user, gift, count, value FROM audience_events")
    assert events(rows) == events([
        ("gift", "Ann", None, 1, 50.0), ("gift", "Rosa", "Roses", 5, None),
        ("follow", "NewFan", None, None, None), ("enter", "Walker", None, None, None),
        ("like", "Liker", None, 15, None), ("member", "Member", None, None, None),
        ("member", "Gifter", None, 5, None), ("enter", "Raider", None, 42, None),
        ("viewers", "", None, 321, None),
    ])  # fmt: skip


# -------------------------------------------------------------------------------- Douyin


def _push_headers(msg_type: str, body: bytes, secret: str | None) -> dict[str, str]:
    headers = {"x-nonce-str": "Yx3k9Qp2", "x-timestamp": "1760000044123",
               "x-roomid": fixture("douyin_push.json")["room"], "x-msg-type": msg_type,
               "content-type": "application/json", **AUTH}  # fmt: skip
    if secret is not None:
        headers["x-signature"] = signature(headers, body, secret)
    return headers


def test_douyin_signature_is_the_documented_md5_of_sorted_headers_body_and_secret() -> None:
    headers = {"x-nonce-str": "n", "x-timestamp": "1", "x-roomid": "2", "x-msg-type": "live_like"}
    raw = b"x-msg-type=live_like&x-nonce-str=n&x-roomid=2&x-timestamp=1[]secret"
    assert signature(headers, b"[]", "secret") == base64.b64encode(
        hashlib.md5(raw).digest()).decode()  # fmt: skip


async def test_douyin_push_route(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "the-data-secret")
    push = fixture("douyin_push.json")
    async with TestClient(TestServer(create_app(store.show, TOKEN))) as client:
        answers = []
        for msg_type in ("live_comment", "live_gift", "live_like", "live_fansclub"):
            body = json.dumps(push[msg_type], ensure_ascii=False).encode()
            response = await client.post(
                "/ingest/douyin",
                data=body,
                headers=_push_headers(msg_type, body, "the-data-secret"),
            )
            assert response.status == 200
            answers.append(await response.json())
        body = json.dumps(push["live_gift"]).encode()
        forged = await client.post(
            "/ingest/douyin", data=body, headers=_push_headers("live_gift", body, "not-the-secret")
        )
        assert forged.status == 401
        unsigned = await client.post(
            "/ingest/douyin", data=body, headers=_push_headers("live_gift", body, None)
        )
        assert unsigned.status == 401
    assert [a["accepted"] for a in answers] == [1, 1, 1, 1]
    assert answers[1]["rejected"] == [{"index": 1, "error": answers[1]["rejected"][0]["error"]}]
    assert "count" in answers[1]["rejected"][0]["error"]
    assert answers[3]["rejected"][0]["index"] == 1  # a level-up is no new member
    tally = store.audience.tally
    assert (tally.gifts, tally.likes, tally.members) == (3, 25, 1)
    assert tally.value_by_currency == {"CNY": 3.0}
    thanks = {(e.user, e.kind): e for e in store.audience.thanks.listing()}
    assert thanks["送礼的人", Kind.GIFT].value == 3.0
    assert ("新团员", Kind.MEMBER) in thanks
    said = await store.rows("SELECT user, user_id, native_id, text, ts FROM comments")
    assert said == [("抖音观众", "_000aAbBcC", "7360000000000000001", "优惠券在哪里领？",
                     1760000040.123)]  # fmt: skip
    rows = await store.rows("SELECT kind, user, count, value, currency FROM audience_events")
    assert events(rows) == events([("gift", "送礼的人", 3, 3.0, "CNY"),
                                   ("like", "点赞的人", 25, None, None),
                                   ("member", "新团员", 1, None, None)])  # fmt: skip


async def test_douyin_push_without_a_secret_needs_only_the_token(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    body = json.dumps([{"msg_id": "1", "sec_openid": "a", "nickname": "n", "content": "hi",
                        "timestamp": 1760000040000}, "not an object"]).encode()  # fmt: skip
    async with TestClient(TestServer(create_app(store.show, TOKEN))) as client:
        response = await client.post(
            "/ingest/douyin", data=body, headers=_push_headers("live_comment", body, None)
        )
        assert response.status == 200
        assert (await response.json())["accepted"] == 1
        headers = {k: v for k, v in _push_headers("live_comment", body, None).items()
                   if k != "Authorization"}  # fmt: skip
        assert (await client.post("/ingest/douyin", data=body, headers=headers)).status == 401


async def test_bilibili_commands_reach_the_report(store: Store, tmp_path: Path) -> None:
    """The same captures, from the source through the log into `report --format json`."""
    source = BilibiliChat(5440, feed(store))
    for command in fixture("bilibili_commands.json"):
        batch: list[IncomingComment] = []
        source._on_message(json.dumps(command, ensure_ascii=False).encode(), batch)
        source._deliver(batch)
    session = store.show.recorder.session
    assert session is not None
    await store.show.recorder.end()
    await store.writer.flush()
    out, err = io.StringIO(), io.StringIO()
    code = run_report(tmp_path / "livedesk.db", str(session.id), "json", None, out=out, err=err)
    assert code == 0, err.getvalue()
    audience = json.loads(out.getvalue())["audience"]
    assert audience["likes"] == 30
    assert audience["gifts"] == 17
    assert audience["gifts_value"] == pytest.approx(170.5)
    assert audience["follows"] == 2
    assert audience["viewers_peak"] == 356
