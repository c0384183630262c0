"""Everything the audience does beyond comments: gifts, likes, follows, entries, shares,
memberships, super chats and viewer counts — parsed and checked, counted, listed for thanks,
stored beside the comments; buying questions listed first."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain.audience import Comment, IncomingComment, Kind
from app.domain.ingest import parse_batch, parse_item
from app.domain.question_queue import QuestionQueue
from app.domain.tally import AudienceTally
from app.domain.thanks import ThanksError, ThanksList
from app.services.errors import BadInput, NotFound, WrongState
from app.services.events import AudienceActivity, Event, ThanksChanged
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _item(kind: Kind, user: str = "小红", platform: str = "bilibili", **extra: Any) -> Comment:
    return Comment(0, platform, user, extra.pop("text", ""), extra.pop("ts", 1_000.0),
                   kind=kind, **extra)  # fmt: skip


# ----- parsing -----------------------------------------------------------------------------------
def test_every_kind_parses_with_its_fields() -> None:
    accepted, rejected = parse_batch([
        {"platform": "bilibili", "user": "小红", "kind": "gift", "gift": "小心心", "count": 5,
         "value": 0.5, "currency": "CNY"},
        {"platform": "bilibili", "kind": "viewers", "count": 1234},
        {"platform": "douyin", "user": "a", "kind": "like", "count": 30},
        {"platform": "youtube", "user": "b", "kind": "superchat", "text": "多少钱？",
         "value": 30, "currency": "USD"},
        {"platform": "twitch", "user": "c", "kind": "follow"},
        {"platform": "x", "user": "d", "text": "plain"},
    ])  # fmt: skip
    assert rejected == []
    gift, viewers, like, paid, follow, plain = accepted
    assert (gift.kind, gift.gift, gift.count, gift.value, gift.currency) == (
        Kind.GIFT, "小心心", 5, 0.5, "CNY")  # fmt: skip
    assert (viewers.kind, viewers.count, viewers.user) == (Kind.VIEWERS, 1234, "")
    assert (like.kind, like.count) == (Kind.LIKE, 30)
    assert (paid.kind, paid.text, paid.value) == (Kind.SUPERCHAT, "多少钱？", 30.0)
    assert (follow.kind, follow.count) == (Kind.FOLLOW, None)
    assert plain.kind is Kind.COMMENT


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"platform": "x", "user": "u", "kind": "hug"}, "“kind” must be one of"),
        ({"platform": "x", "user": "u", "kind": ["gift"]}, "“kind” must be one of"),
        ({"platform": "x", "kind": "viewers"}, "viewer count"),
        ({"platform": "x", "kind": "viewers", "count": -1}, "from 0 to 100,000,000"),
        ({"platform": "x", "kind": "viewers", "count": 100_000_001}, "from 0 to"),
        ({"platform": "x", "user": "u", "kind": "like", "count": 0}, "from 1 to 1,000,000"),
        ({"platform": "x", "user": "u", "kind": "gift", "count": 2.5}, "whole number"),
        ({"platform": "x", "user": "u", "kind": "gift", "count": True}, "whole number"),
        ({"platform": "x", "user": "u", "kind": "gift", "value": -1}, "finite number from 0"),
        ({"platform": "x", "user": "u", "kind": "gift", "value": math.inf}, "finite number"),
        ({"platform": "x", "user": "u", "kind": "gift", "value": "5"}, "“value” must be"),
        ({"platform": "x", "user": "u", "kind": "gift", "gift": 5}, "“gift” must be a string"),
        ({"platform": "x", "user": "u", "kind": "gift", "currency": "C" * 17}, "longer than"),
        ({"platform": "x", "user": "u", "kind": "superchat", "text": " "}, "“text” is empty"),
        ({"platform": "x", "kind": "gift"}, "“user” is missing"),
    ],
)
def test_a_bad_item_is_refused_with_its_reason(item: dict[str, Any], reason: str) -> None:
    parsed = parse_item(item)
    assert isinstance(parsed, str)
    assert reason in parsed


def test_one_bad_count_costs_only_its_own_item() -> None:
    accepted, rejected = parse_batch([
        {"platform": "x", "user": "a", "kind": "like", "count": 10},
        {"platform": "x", "user": "b", "kind": "like", "count": 10**9},
        {"platform": "x", "user": "c", "text": "还在"},
    ])  # fmt: skip
    assert [a.user for a in accepted] == ["a", "c"]
    assert [r["index"] for r in rejected] == [1]


# ----- the tally ---------------------------------------------------------------------------------
def test_viewers_sum_each_platforms_latest_count_and_keep_the_peak() -> None:
    tally = AudienceTally()
    tally.add(_item(Kind.VIEWERS, platform="bilibili", count=1000, ts=60.0))
    tally.add(_item(Kind.VIEWERS, platform="douyin", count=500, ts=61.0))
    tally.add(_item(Kind.VIEWERS, platform="bilibili", count=800, ts=125.0))
    assert tally.viewers == 1300
    assert tally.viewers_peak == 1500
    minutes = {row["minute"]: row for row in tally.per_minute(3, now_minute=2)}
    assert minutes[1]["viewers"] == 1500
    assert minutes[2]["viewers"] == 1300


def test_likes_gifts_follows_and_value_are_counted() -> None:
    tally = AudienceTally()
    for item in (
        _item(Kind.LIKE, count=30),
        _item(Kind.LIKE, count=20),
        _item(Kind.GIFT, gift="小心心", count=5, value=0.5, currency="CNY"),
        _item(Kind.MEMBER, count=1, value=198.0, currency="CNY"),
        _item(Kind.SUPERCHAT, text="hi", value=30.0, currency="CNY"),
        _item(Kind.FOLLOW),
        _item(Kind.ENTER),
        _item(Kind.COMMENT, text="plain"),
    ):
        tally.add(item)
    assert tally.as_api() == {"viewers": 0, "viewers_peak": 0, "likes": 50, "gifts": 5,
                              "gifts_value": 228.5, "follows": 1, "enters": 1}  # fmt: skip
    assert tally.value_by_currency == {"CNY": 228.5}


def test_a_raid_brings_its_viewers_in_as_entries() -> None:
    tally = AudienceTally()
    tally.add(_item(Kind.ENTER, user="raider", count=15))  # Twitch: 15 raiders have joined
    tally.add(_item(Kind.ENTER))  # one viewer came in
    tally.add(_item(Kind.FOLLOW, count=3))  # a follow is one viewer's, whatever it says
    assert (tally.enters, tally.follows) == (16, 1)
    assert tally.per_minute(1, now_minute=16)[0]["enters"] == 16


def test_the_tally_survives_a_resume_and_ignores_a_broken_snapshot() -> None:
    tally = AudienceTally()
    tally.add(_item(Kind.LIKE, count=7))
    tally.add(_item(Kind.VIEWERS, count=90))
    again = AudienceTally.restored(tally.snapshot())
    assert again.as_api() == tally.as_api()
    broken = AudienceTally.restored({"likes": "many", "gifts_value": math.nan, "viewers_peak": -3,
                                     "viewers_by_platform": {"x": math.inf, "y": 4}})  # fmt: skip
    assert (broken.likes, broken.gifts_value, broken.viewers_peak) == (0, 0.0, 0)
    assert broken.viewers_by_platform == {"y": 4}
    assert AudienceTally.restored(None).as_api() == AudienceTally().as_api()
    huge = AudienceTally.restored({"gifts_value": 10**400, "viewers_by_platform": {"x": 10**400}})
    assert (huge.gifts_value, huge.viewers_by_platform) == (0.0, {})  # no OverflowError


def test_per_minute_figures_stay_bounded_over_a_long_show() -> None:
    tally = AudienceTally()
    for minute in range(4 * 60):
        tally.add(_item(Kind.LIKE, ts=minute * 60.0))
    assert len(tally.minutes) <= 32
    assert tally.likes == 240


# ----- the thanks list ---------------------------------------------------------------------------
def test_thanks_group_per_viewer_and_kind_newest_first() -> None:
    thanks = ThanksList()
    thanks.add(_item(Kind.GIFT, user="小红", gift="小心心", count=5, value=0.5, currency="CNY"))
    thanks.add(_item(Kind.FOLLOW, user="阿明"))
    thanks.add(_item(Kind.GIFT, user="小红", gift="嘉年华", count=1, value=500.0,
                     currency="CNY", ts=1_010.0))  # fmt: skip
    assert thanks.add(_item(Kind.LIKE, user="小红")) is None  # likes are not thanked one by one
    assert thanks.add(_item(Kind.COMMENT, user="小红", text="hi")) is None
    listed = thanks.listing()
    assert [(e.user, e.kind) for e in listed] == [("小红", Kind.GIFT), ("阿明", Kind.FOLLOW)]
    gift = listed[0]
    assert (gift.count, gift.value, gift.gifts, gift.items) == (
        6, 500.5, {"小心心": 5, "嘉年华": 1}, 2)  # fmt: skip
    assert gift.as_api()["value"] == 500.5


def test_a_thanked_entry_leaves_and_the_next_gift_opens_a_new_one() -> None:
    thanks = ThanksList()
    first = thanks.add(_item(Kind.GIFT, gift="小心心"))
    assert first is not None
    thanks.act(first.id, "thanked")
    assert len(thanks) == 0
    assert thanks.thanked == 1
    again = thanks.add(_item(Kind.GIFT, gift="小心心"))
    assert again is not None
    assert again.id != first.id
    assert again.count == 1
    with pytest.raises(ThanksError):
        thanks.act(first.id, "thanked")
    with pytest.raises(ThanksError):
        thanks.act(again.id, "hug")


def test_the_thanks_list_is_bounded_under_a_flood_of_gifts() -> None:
    thanks = ThanksList(limit=100)
    for n in range(1_000):
        thanks.add(_item(Kind.GIFT, user=f"viewer{n}", gift="小心心"))
    assert len(thanks) == 100
    assert thanks.dropped == 900
    assert thanks.listing(1)[0].user == "viewer999"
    oldest = thanks.oldest()
    assert oldest is not None
    assert oldest.user == "viewer900"


# ----- buying questions first --------------------------------------------------------------------
def test_the_next_shows_list_starts_empty_and_numbers_on() -> None:
    thanks = ThanksList(limit=100)
    first = thanks.add(_item(Kind.GIFT, user="小红", gift="小心心"))
    left = thanks.add(_item(Kind.FOLLOW, user="阿明"))
    assert first is not None
    assert left is not None
    thanks.act(first.id, "thanked")
    fresh = thanks.carried_on()
    assert (len(fresh), fresh.listing(), fresh.limit) == (0, [], 100)
    assert (fresh.thanked, fresh.dismissed, fresh.dropped) == (0, 0, 0)
    again = fresh.add(_item(Kind.FOLLOW, user="阿明"))  # the same viewer: a new entry
    assert again is not None
    assert again.id == left.id + 1  # never an id given before
    assert again.count == 1
    for old in (first.id, left.id):  # thanked in its show, or left waiting when it ended
        with pytest.raises(ThanksError, match="its show has ended"):
            fresh.act(old, "thanked")
    with pytest.raises(ThanksError, match="there is no thanks entry"):
        fresh.act(again.id + 1, "thanked")


def test_open_buying_questions_are_listed_first() -> None:
    queue = QuestionQueue()
    chatty = Comment(1, "x", "a", "怎么用", 1.0, is_question=True)
    buying = Comment(2, "x", "b", "优惠券在哪里领", 2.0, is_question=True, buying=True)
    popular = Comment(3, "x", "c", "适合新手吗", 3.0, is_question=True)
    queue.add(chatty, "怎么用")
    asked, _new = queue.add(buying, "优惠券在哪里领")
    queue.add(popular, "适合新手吗")
    queue.add(Comment(4, "x", "d", "适合新手吗", 4.0, is_question=True), "适合新手吗")
    assert [q.text for q in queue.listing("open")] == ["优惠券在哪里领", "适合新手吗", "怎么用"]
    assert [q.text for q in queue.listing("open", 1)] == ["优惠券在哪里领"]
    top = queue.top()
    assert top is not None
    assert top.buying
    queue.add(Comment(5, "x", "e", "优惠券在哪里领", 5.0, is_question=True, buying=True),
              "优惠券在哪里领")  # fmt: skip
    assert queue.get(asked.id).asked == 2
    queue.claim(asked.id, "A")
    assert [q.text for q in queue.listing("open")] == ["适合新手吗", "怎么用"]
    assert queue.counts()["open"] == 2
    assert len(queue.listing("all")) == 3


# ----- through the audience, into the log --------------------------------------------------------
def test_activities_are_counted_numbered_and_thanked(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    events: list[Event] = []
    show.bus.listen(events.append)
    listed = audience.ingest([
        IncomingComment("bilibili", "小红", "多少钱", None),
        IncomingComment("bilibili", "小红", "", kind=Kind.GIFT, gift="小心心", count=3,
                        value=0.3, currency="CNY"),
        IncomingComment("bilibili", "", "", kind=Kind.VIEWERS, count=2000),
        IncomingComment("bilibili", "阿明", "", kind=Kind.LIKE, count=50),
        IncomingComment("youtube", "amy", "how much is the course?", kind=Kind.SUPERCHAT,
                        value=20.0, currency="USD"),
    ])  # fmt: skip
    assert [(c.id, c.kind) for c in listed] == [(1, Kind.COMMENT), (2, Kind.GIFT),
                                                (3, Kind.SUPERCHAT)]  # fmt: skip
    assert listed[2].is_question  # a paid message is read like a comment
    assert audience.counts().comments == 1
    assert audience.tally.as_api()["likes"] == 50
    assert audience.tally.viewers == 2000
    assert [e.user for e in audience.thanks.listing()] == ["amy", "小红"]
    assert [c.id for c in audience.comments_after(0, 10)] == [1, 2, 3]
    activity = [e for e in events if isinstance(e, AudienceActivity)]
    assert [c.kind for e in activity for c in e.items] == [Kind.VIEWERS, Kind.LIKE]
    assert any(isinstance(e, ThanksChanged) for e in events)
    entry = audience.thanks.listing()[0]
    audience.thank(entry.id, "thanked")
    assert [e.user for e in audience.thanks.listing()] == ["小红"]
    with pytest.raises(WrongState):
        audience.thank(entry.id, "thanked")
    with pytest.raises(NotFound):
        audience.thank(999, "thanked")
    with pytest.raises(BadInput):
        audience.thank(1, "hug")


async def test_a_new_show_counts_its_own_audience(show: Show) -> None:
    """/api/state's "audience" is the running show's, as its report is; the viewers
    watching now stay, and are the new show's peak so far."""
    audience = show.audience
    assert audience is not None
    await show.recorder.start("第一场")
    audience.ingest([
        IncomingComment("bilibili", "", "", kind=Kind.VIEWERS, count=900),
        IncomingComment("bilibili", "", "", kind=Kind.VIEWERS, count=500),
        IncomingComment("bilibili", "阿明", "", kind=Kind.LIKE, count=50),
        IncomingComment("bilibili", "小红", "", kind=Kind.GIFT, gift="小心心", count=3, value=30.0,
                        currency="CNY"),
        IncomingComment("bilibili", "小绿", "", kind=Kind.FOLLOW),
    ])  # fmt: skip
    await show.recorder.end()
    await show.recorder.start("第二场")
    api = audience.tally.as_api()
    assert (api["viewers"], api["viewers_peak"]) == (500, 500)
    assert (api["likes"], api["gifts"], api["gifts_value"], api["follows"]) == (0, 0, 0.0, 0)
    audience.ingest([IncomingComment("bilibili", "阿明", "", kind=Kind.LIKE, count=5)])
    assert audience.tally.as_api()["likes"] == 5


async def test_a_new_show_thanks_only_its_own(show: Show) -> None:
    """The gifts, memberships, super chats and follows a show left unthanked end with it (the
    log keeps them); what comes in between two shows waits for the next one."""
    audience = show.audience
    assert audience is not None
    events: list[Event] = []
    show.bus.listen(events.append)
    await show.recorder.start("第一场")
    audience.ingest([
        IncomingComment("bilibili", "小红", "", kind=Kind.GIFT, gift="小心心", count=3),
        IncomingComment("bilibili", "小绿", "", kind=Kind.FOLLOW),
        IncomingComment("youtube", "amy", "加油", kind=Kind.SUPERCHAT, value=5.0,
                        currency="USD"),
        IncomingComment("bilibili", "舰长", "", kind=Kind.MEMBER),
    ])  # fmt: skip
    thanked = audience.thanks.listing()[0]
    audience.thank(thanked.id, "thanked")
    left = [e.id for e in audience.thanks.listing()]
    assert len(left) == 3
    events.clear()
    await show.recorder.end()
    assert audience.thanks_list().pending == 0
    assert any(isinstance(e, ThanksChanged) for e in events)  # the panels read it again
    audience.ingest([IncomingComment("bilibili", "阿明", "", kind=Kind.GIFT, gift="辣条")])
    await show.recorder.start("第二场")
    assert [(e.user, e.kind) for e in audience.thanks.listing()] == [("阿明", Kind.GIFT)]
    audience.ingest([IncomingComment("bilibili", "小红", "", kind=Kind.GIFT, gift="小心心")])
    mine = audience.thanks.listing()[0]
    assert (mine.user, mine.count) == ("小红", 1)  # not the last show's 3 carried on
    assert mine.id > max(left)
    with pytest.raises(WrongState, match="its show has ended"):
        audience.thank(left[0], "thanked")
    assert audience.thanks_list().pending == 2


async def test_activities_reach_the_log_beside_the_comments(tmp_path: Path, clock: Clock) -> None:
    from app.adapters.store.comments import SqliteComments
    from app.adapters.store.writer import SqliteSessionLog

    writer = SqliteSessionLog(tmp_path / "livedesk.db")
    try:
        show = build_show(FakeObs(), writer, comments=SqliteComments(writer), wall=clock)  # type: ignore[arg-type]
        audience = show.audience
        assert audience is not None
        session_id = (await show.recorder.start("礼物")).id
        audience.ingest([
            IncomingComment("bilibili", "小红", "你好"),
            IncomingComment("bilibili", "小红", "", kind=Kind.GIFT, gift="小心心", count=3,
                            value=0.3, currency="CNY"),
            IncomingComment("bilibili", "", "", kind=Kind.VIEWERS, count=2000),
            IncomingComment("youtube", "amy", "thanks!", kind=Kind.SUPERCHAT, value=20.0,
                            currency="USD"),
        ])  # fmt: skip
        await writer.flush()
        comments = await writer.run(lambda db: db.execute(
            "SELECT comment_no, text, kind, value, currency FROM comments ORDER BY id"
        ).fetchall())  # fmt: skip
        events = await writer.run(lambda db: db.execute(
            "SELECT session_id, item_no, kind, user, gift, count, value, currency"
            " FROM audience_events ORDER BY id"
        ).fetchall())  # fmt: skip
    finally:
        writer.close()
    assert comments == [
        (1, "你好", "comment", None, None),
        (3, "thanks!", "superchat", 20.0, "USD"),
    ]
    assert events == [(session_id, 0, "viewers", "", None, 2000, None, None),
                      (session_id, 2, "gift", "小红", "小心心", 3, 0.3, "CNY")]  # fmt: skip


async def test_the_thanks_routes(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([IncomingComment("bilibili", "小红", "", kind=Kind.GIFT, gift="小心心",
                                     count=3)])  # fmt: skip
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        listed = await (await client.get("/api/thanks", headers=AUTH)).json()
        assert listed["pending"] == 1
        entry = listed["thanks"][0]
        assert (entry["user"], entry["kind"], entry["count"]) == ("小红", "gift", 3)
        done = await client.post(f"/api/thanks/{entry['id']}", json={"action": "thanked"},
                                 headers=AUTH)  # fmt: skip
        assert done.status == 200
        again = await client.post(f"/api/thanks/{entry['id']}", json={"action": "thanked"},
                                  headers=AUTH)  # fmt: skip
        assert again.status == 409  # a wrong state (it was thanked already), not unknown
        assert "thanked or dismissed already" in (await again.json())["error"]
        unknown = await client.post("/api/thanks/999", json={"action": "thanked"}, headers=AUTH)
        assert unknown.status == 404
        bad = await client.post("/api/thanks/x", json={"action": "thanked"}, headers=AUTH)
        assert bad.status == 404  # not an id LiveDesk gives out: an unknown entry
        assert (await (await client.get("/api/thanks", headers=AUTH)).json())["pending"] == 0


async def test_the_thanks_routes_list_the_running_shows_own(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        started = await client.post("/api/session/start", json={"title": "第一场"}, headers=AUTH)
        assert started.status == 200
        audience.ingest([IncomingComment("bilibili", "小红", "", kind=Kind.GIFT, gift="小心心"),
                         IncomingComment("bilibili", "小绿", "", kind=Kind.FOLLOW)])  # fmt: skip
        listed = await (await client.get("/api/thanks", headers=AUTH)).json()
        assert listed["pending"] == 2
        dismissed, waiting = (entry["id"] for entry in listed["thanks"])
        done = await client.post(f"/api/thanks/{dismissed}", json={"action": "dismiss"},
                                 headers=AUTH)  # fmt: skip
        assert done.status == 200
        assert (await client.post("/api/session/end", headers=AUTH)).status == 200
        assert (await client.post("/api/session/start", json={"title": "第二场"},
                                  headers=AUTH)).status == 200  # fmt: skip
        listed = await (await client.get("/api/thanks", headers=AUTH)).json()
        assert (listed["pending"], listed["thanks"]) == (0, [])
        assert (listed["thanked"], listed["dismissed"]) == (0, 0)  # the new show's own counts
        gone = await client.post(f"/api/thanks/{waiting}", json={"action": "thanked"},
                                 headers=AUTH)  # fmt: skip
        assert gone.status == 409  # it was there, and its show has ended: not unknown
        assert "its show has ended" in (await gone.json())["error"]


def test_buying_questions_asked_once_stay_packed_and_in_order() -> None:
    """A flood of distinct price questions must cost what any question costs: packed while asked
    once, listed in order without sorting them all."""
    queue = QuestionQueue()
    for n in range(1, 1_001):
        queue.add(Comment(n, "x", f"v{n}", f"多少钱 #{n}", float(n), is_question=True,
                          buying=True), f"多少钱 #{n}")  # fmt: skip
    queue.add(Comment(1_001, "x", "w", "怎么用", 1_001.0, is_question=True), "怎么用")
    assert queue.packed == 1_001
    assert [q.id for q in queue.listing("open", 3)] == [1, 2, 3]
    assert all(q.buying for q in queue.listing("open", 3))
    assert queue.listing("open")[-1].text == "怎么用"
    again, _new = queue.add(Comment(1_002, "x", "v9", "多少钱 #500", 1_002.0, is_question=True,
                                    buying=True), "多少钱 #500")  # fmt: skip
    assert again.asked == 2
    assert again.buying
    assert queue.top() == again  # most asked among the buying ones
    assert queue.packed == 1_000
    queue.claim(again.id, "A")
    assert [q.id for q in queue.listing("open", 2)] == [1, 2]
    assert queue.counts()["open"] == 1_000
    assert queue.get(1).buying  # a packed one's copy says so too
