"""Moderation: the default blocked words and contact shapes, blocked viewers, and what a blocked
comment does (kept in the log and the API's list, marked; never queued, featured or promoted);
the block routes; messages for the host through the API, the state and the log."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.store.comments import SqliteComments
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.server import create_app
from app.adapters.web.state_json import state_json
from app.domain import log_events as kinds
from app.domain.audience import IncomingComment
from app.domain.moderation import BlockedViewer, Moderation, normal_form
from app.domain.settings import Settings, moderation_of
from app.services.assist_access import AssistAccess
from app.services.errors import BadInput, WrongState
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock

TOKEN, ASSIST_TOKEN = "t0ken-for-tests", "assist-t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ASSIST = {"Authorization": f"Bearer {ASSIST_TOKEN}"}
CORPUS = Path(__file__).parent.parent / "data" / "comments_corpus.jsonl"
BUYING = Path(__file__).parent.parent / "data" / "buying_corpus.jsonl"

SPAM = [
    "加微信 abc123", "v x 12345", "QQ 123456789", "138 0013 8000", "https://t.me/x",
    "１３８００１３８０００", "+86 138-0013-8000", "138.0013.8000", "加 V 看更多优惠",
    "扣扣：12345678", "微信号: abc_123", "dm me for the price", "join my telegram",
    "www.example.com", "去 shop.xyz 买", "VX同号", "薇信 aa888", "加威信",
    # asked to be added, an id after the name without a colon, Q：, a landline, emoji between
    "想要资料的加我微信 abc12345 吗？", "Q：123456789 拉你进群", "➕微信 abc123",
    "+V abc12345 领券吗？",
    "加我weixin: liveshop888", "电话 021-12345678", "q群 12345678", "微信 abc12345", "威❤信",
    "wei xin: abcd1234", "加个v", "加我qq",
]  # fmt: skip
FINE = [
    "199元", "3号链接", "第2节课", "微信支付可以吗", "多少钱？", "3号链接还有吗", "价格 13.9 元",
    "2024-01-15 13:30 开始", "1 2 3 4 5 6 7 8 9 10 11", "订单 12345678 没发货", "主播v587",
    "dev xyz", "I love vxtest", "ok.", "how do I enroll?", "第12节 第13节", "共 1380 元",
    "能用微信 applepay吗", "加我一个", "+1", "加购了", "加入购物车", "扣1", "加油", "iq 123456",
    "0.99元", "wx pay可以吗", "加vip吗", "这个加湿器多少钱", "qq音乐", "加量不加价",
]  # fmt: skip


@pytest.mark.parametrize("text", SPAM)
def test_the_default_list_catches_contact_details_and_ad_spam(text: str) -> None:
    assert Moderation().blocks_text(text), text


@pytest.mark.parametrize("text", FINE)
def test_prices_links_and_lessons_are_not_caught(text: str) -> None:
    assert not Moderation().blocks_text(text), text


def test_no_comment_of_the_labelled_corpora_is_caught() -> None:
    moderation = Moderation()
    for corpus in (CORPUS, BUYING):
        texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines()
                 if line.strip()]  # fmt: skip
        assert [t for t in texts if moderation.blocks_text(t)] == []


def test_the_normal_form_folds_full_width_and_closes_digit_gaps() -> None:
    assert normal_form("ＶＸ １３８ ００１３ ８０００") == "vx 13800138000"
    assert normal_form("3号链接 199元") == "3号链接 199元"


def test_words_of_the_settings_and_contacts_off() -> None:
    moderation = Moderation(["代购", "cheap followers"], contacts=False)
    assert moderation.blocks_text("专业代 购")
    assert moderation.blocks_text("CHEAP  followers here")
    assert not moderation.blocks_text("138 0013 8000")  # contact shapes off
    assert not Moderation([], contacts=False).blocks_text("加微信")


def test_blocked_viewers_by_name_by_id_and_platform() -> None:
    moderation = Moderation(viewers=[BlockedViewer.from_text(t) for t in  # type: ignore[misc]
                                     ("spam", "douyin:id=42", "bilibili:小号")])  # fmt: skip
    assert moderation.blocks_viewer("twitch", "spam", None)
    assert moderation.blocks_viewer("douyin", "anyone", "42")
    assert not moderation.blocks_viewer("kuaishou", "anyone", "42")
    assert moderation.blocks_viewer("bilibili", "小号", "7")
    assert not moderation.blocks_viewer("douyin", "小号", "7")
    assert [v.as_text() for v in moderation.viewers] == ["spam", "douyin:id=42", "bilibili:小号"]
    assert moderation.remove_viewer(BlockedViewer("douyin", None, "42"))
    assert not moderation.blocks_viewer("douyin", "anyone", "42")


def test_settings_make_the_rules() -> None:
    settings = Settings(blocked_words=("代购",), block_contacts=False, blocked_viewers=("x",))
    moderation = moderation_of(settings)
    assert moderation.blocks_text("代购")
    assert not moderation.blocks_text("加微信")
    assert moderation.blocks_viewer("douyin", "x", None)
    assert "加微信" in Settings().blocked_words
    assert Settings().block_contacts


# ----- a blocked comment ------------------------------------------------------------------------
def test_a_blocked_comment_is_kept_marked_and_off_the_queue_and_screen(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    audience.block("spammer")
    kept = audience.ingest([
        IncomingComment("douyin", "spammer", "多少钱？"),  # a question, from a blocked viewer
        IncomingComment("douyin", "路人", "加微信 abc123 问价格？"),  # blocked words
        IncomingComment("douyin", "小明", "多少钱？"),
    ])  # fmt: skip
    assert [(c.user, c.blocked, c.is_question) for c in kept] == [
        ("spammer", True, False), ("路人", True, False), ("小明", False, True),
    ]  # fmt: skip
    queued = audience.queue.listing("all")
    assert [(q.first_user, q.asked) for q in queued] == [("小明", 1)]
    assert audience.counts().rejected == 2
    for comment in kept[:2]:
        with pytest.raises(WrongState):
            audience.feature_comment(comment.id)
        with pytest.raises(WrongState):
            audience.promote(comment.id)
    assert show.overlays.state().featured is None
    assert kept[0].as_api()["blocked"] is True
    assert "blocked" not in kept[2].as_api()  # the JSON of every other comment is unchanged
    with pytest.raises(BadInput):
        audience.add_manual("观众", "加VX领券")
    audience.unblock("spammer")
    assert not audience.ingest([IncomingComment("douyin", "spammer", "你好")])[0].blocked


async def test_a_blocked_comment_is_in_the_log_with_blocked_1(tmp_path: Path, clock: Clock) -> None:
    writer = SqliteSessionLog(tmp_path / "livedesk.db")
    try:
        show = build_show(FakeObs(), writer, comments=SqliteComments(writer),  # type: ignore[arg-type]
                          wall=clock)  # fmt: skip
        audience = show.audience
        assert audience is not None
        await show.recorder.start("卖货")
        audience.block(user_id="u9", platform="douyin")
        audience.ingest([IncomingComment("douyin", "改了名", "有优惠吗？", user_id="u9"),
                         IncomingComment("douyin", "路人", "QQ 123456789"),
                         IncomingComment("douyin", "小明", "有优惠吗？")])  # fmt: skip
        await writer.flush()
        rows = await writer.run(
            lambda db: db.execute("SELECT user, blocked FROM comments ORDER BY comment_no")
            .fetchall()
        )  # fmt: skip
    finally:
        writer.close()
    assert [tuple(r) for r in rows] == [("改了名", 1), ("路人", 1), ("小明", 0)]


# ----- the routes -------------------------------------------------------------------------------
@pytest.fixture
async def client(show: Show) -> AsyncIterator[TestClient]:
    access = AssistAccess(show.bus, ASSIST_TOKEN, make=lambda: "new", keep=lambda _t: False,
                          helps_host=True)  # the host lets the panel block and message  # fmt: skip
    async with TestClient(TestServer(create_app(show, TOKEN, assist=access))) as test_client:
        yield test_client


async def test_block_and_unblock_routes(
    client: TestClient, show: Show, memory_log: MemoryLog
) -> None:
    audience = show.audience
    assert audience is not None
    by_id = {"platform": "douyin", "user_id": 12345}  # a platform's numeric id as a number
    answer = await client.post("/api/moderation/block", json=by_id, headers=AUTH)
    assert answer.status == 200
    assert (await answer.json())["viewer"] == {"platform": "douyin", "user": None,
                                               "user_id": "12345"}  # fmt: skip
    by_name = await client.post("/api/moderation/block", json={"user": "捣乱的"}, headers=ASSIST)
    assert by_name.status == 200  # the assistants' token may block (/assist's button)
    assert (await client.post("/api/moderation/block", json={}, headers=AUTH)).status == 400
    batch = [{"platform": "douyin", "user": "a", "user_id": "12345", "text": "多少钱？"},
             {"platform": "bilibili", "user": "捣乱的", "text": "多少钱？"},
             {"platform": "twitch", "user": "amy", "text": "see https://spam.example"}]  # fmt: skip
    assert (await client.post("/ingest", json=batch, headers=AUTH)).status == 200
    listed = (await (await client.get("/api/comments", headers=AUTH)).json())["comments"]
    assert [c.get("blocked") for c in listed] == [True, True, True]
    assert (await (await client.get("/api/questions", headers=AUTH)).json())["questions"] == []
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["counts"]["rejected"] == 3
    by_id = {"platform": "douyin", "user_id": "12345"}
    unblock = await client.post("/api/moderation/unblock", json=by_id, headers=AUTH)
    assert unblock.status == 200
    assert (await client.post("/api/moderation/unblock", json={"user": "x"},
                              headers=ASSIST)).status == 403  # fmt: skip
    await client.post("/ingest", json=batch[:1], headers=AUTH)
    questions = (await (await client.get("/api/questions", headers=AUTH)).json())["questions"]
    assert [q["askers"] for q in questions] == [["a"]]
    blocks = memory_log.of_kind(kinds.VIEWER_BLOCK)
    assert [(e.data["platform"], e.data["user_id"], e.data["user"]) for e in blocks] == [
        ("douyin", "12345", None), ("", None, "捣乱的"),
    ]  # fmt: skip
    assert len(memory_log.of_kind(kinds.VIEWER_UNBLOCK)) == 1
    listing = await (await client.get("/api/moderation", headers=AUTH)).json()
    assert listing["viewers"] == [{"platform": "", "user": "捣乱的", "user_id": None}]


async def test_a_message_for_the_host_through_the_api(
    client: TestClient, show: Show, memory_log: MemoryLog, clock: Clock
) -> None:
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["host_message"] is None
    sent = await client.post("/api/host/message", json={"text": "还剩2分钟", "level": "urgent",
                                                         "by": "导播"}, headers=AUTH)  # fmt: skip
    assert sent.status == 200
    expected = {"text": "还剩2分钟", "level": "urgent", "since": clock.now, "by": "导播"}
    assert (await sent.json())["host_message"] == expected
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["host_message"] == expected
    assert state_json(show.state())["host_message"] == expected
    # the assistants' token may send one (and clear it); a bad level or no text is 400
    info = await client.post("/api/host/message", json={"text": "看问题"}, headers=ASSIST)
    assert (await info.json())["host_message"]["level"] == "info"
    for bad in ({"text": "x", "level": "loud"}, {"text": "  "}, {"level": "info"},
                {"text": "长" * 201}):  # fmt: skip
        assert (await client.post("/api/host/message", json=bad, headers=AUTH)).status == 400
    cleared = await client.delete("/api/host/message", headers=ASSIST)
    assert (await cleared.json()) == {"ok": True, "cleared": True}
    assert (await (await client.get("/api/state", headers=AUTH)).json())["host_message"] is None
    assert (await (await client.delete("/api/host/message", headers=AUTH)).json())[
        "cleared"
    ] is False
    logged = [(e.kind, e.data.get("text"), e.data.get("level"))
              for e in memory_log.entries if e.kind.startswith("host.")]  # fmt: skip
    assert logged == [
        (kinds.HOST_MESSAGE, "还剩2分钟", "urgent"), (kinds.HOST_MESSAGE, "看问题", "info"),
        (kinds.HOST_MESSAGE_CLEAR, None, None),
    ]  # fmt: skip


async def test_a_host_message_typed_on_two_lines_reads_as_one(
    client: TestClient, memory_log: MemoryLog
) -> None:
    sent = await client.post("/api/host/message", json={"text": "第一行\r\n第二行\t就这样\x07"},
                             headers=AUTH)  # fmt: skip
    assert (await sent.json())["host_message"]["text"] == "第一行 第二行 就这样\ufffd"
    assert memory_log.of_kind(kinds.HOST_MESSAGE)[-1].data["text"] == "第一行 第二行 就这样\ufffd"
