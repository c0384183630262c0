"""Resume after a crash, for the audience beyond comments: the interrupted show's thanks list
comes back (its entries, ids and totals); what arrived after the restart, before the producer
clicked Resume, belongs to the resumed show (its figures added, its gifts on the thanks list, its
comments and questions after the show's, its rows filed under the show in the log so the report
counts them); and an item a relay sends again after the crash is taken once."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.store.comments import SqliteComments
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.server import create_app
from app.domain.audience import Comment, IncomingComment, Kind
from app.domain.recent_ids import RecentIds
from app.domain.thanks import ThanksList
from app.report_cli import run_report
from app.services.resume import ShowKeeper
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock
from tests.unit.test_resume import World, console

AUTH = {"Authorization": "Bearer tok"}


@pytest.fixture
def world() -> World:
    return World()


def gift(user: str, name: str, value: float, *, count: int = 1, native: str | None = None,
         kind: Kind = Kind.GIFT, user_id: str | None = None) -> IncomingComment:  # fmt: skip
    return IncomingComment("bilibili", user, "", native_id=native, user_id=user_id, kind=kind,
                           gift=name, count=count, value=value, currency="CNY")  # fmt: skip


def viewers(count: int) -> IncomingComment:
    return IncomingComment("bilibili", "", "", kind=Kind.VIEWERS, count=count)


def likes(count: int) -> IncomingComment:
    return IncomingComment("bilibili", "x", "", kind=Kind.LIKE, count=count)


def thanks_of(show: Show) -> list[tuple[int, str, int, dict[str, float]]]:
    audience = show.audience
    assert audience is not None
    return [(e.id, e.user, e.count, e.values) for e in audience.thanks.listing()]


# ----- the thanks list --------------------------------------------------------------------------
def test_the_thanks_list_keeps_its_entries_ids_and_totals_across_a_snapshot() -> None:
    thanks = ThanksList()
    thanks.add(Comment(0, "bilibili", "小红", "", 1.0, user_id="1", kind=Kind.GIFT, gift="辣条",
                       count=5, value=0.5, currency="CNY"))  # fmt: skip
    member = thanks.add(Comment(0, "bilibili", "舰长哥", "", 2.0, kind=Kind.MEMBER, gift="舰长",
                                count=1, value=198.0, currency="CNY"))  # fmt: skip
    left = thanks.add(Comment(0, "twitch", "f1", "", 3.0, kind=Kind.FOLLOW))
    assert member is not None
    assert left is not None
    thanks.act(left.id, "thanked")
    saved = json.loads(json.dumps(thanks.snapshot()))  # as the log keeps it
    again = ThanksList.restored(saved)
    assert [e.as_api() for e in again.listing()] == [e.as_api() for e in thanks.listing()]
    assert again.thanked == 1
    # the same viewer gives again: their entry grows; a new one numbers on
    grown = again.add(Comment(0, "bilibili", "小红", "", 4.0, user_id="1", kind=Kind.GIFT,
                              gift="辣条", count=5, value=0.5, currency="CNY"))  # fmt: skip
    assert grown is not None
    assert (grown.id, grown.count, grown.values) == (1, 10, {"CNY": 1.0})
    fresh = again.add(Comment(0, "twitch", "f2", "", 5.0, kind=Kind.FOLLOW))
    assert fresh is not None
    assert fresh.id == left.id + 1  # never an id given before
    broken = ThanksList.restored({"issued": "x", "entries": [{"id": 1}, 3, None]})
    assert len(broken) == 0


async def test_resume_brings_back_the_thanks_list(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    before = console(world, fake_obs, clock, monotonic)
    await before.show.recorder.start("崩溃测试")
    audience = before.show.audience
    assert audience is not None
    audience.ingest([gift("小红", "辣条", 0.5, count=5, user_id="1"),
                     gift("舰长哥", "舰长", 198.0, kind=Kind.MEMBER),
                     IncomingComment("twitch", "f1", "", kind=Kind.FOLLOW)])  # fmt: skip
    assert before.keeper.save_now()
    follow = audience.thanks.listing()[0]
    audience.thank(follow.id, "thanked")  # a change of the list alone is kept too
    before.keeper.tick()
    was = thanks_of(before.show)
    assert len(was) == 2
    clock.now += 5
    after = console(world, fake_obs, clock, monotonic)
    await after.show.resume()
    assert thanks_of(after.show) == was
    assert after.show.audience is not None
    assert after.show.audience.thanks.thanked == 1


# ----- what came in before the resume -----------------------------------------------------------
async def test_what_arrives_before_resume_belongs_to_the_resumed_show(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    before = console(world, fake_obs, clock, monotonic)
    session = await before.show.recorder.start("恢复前")
    audience = before.show.audience
    assert audience is not None
    audience.ingest([IncomingComment("bilibili", "小明", "主播好"),
                     gift("a", "辣条", 1.0), viewers(100), likes(3)])  # fmt: skip
    assert before.keeper.save_now()
    clock.now += 5
    after = console(world, fake_obs, clock, monotonic)
    waiting = after.show.audience
    assert waiting is not None
    # a relay delivers as soon as the console is back, before the producer clicks Resume
    waiting.ingest([gift("土豪", "嘉年华", 500.0), viewers(800), likes(40),
                    IncomingComment("bilibili", "阿花", "怎么报名呀?"),
                    IncomingComment("bilibili", "路人", "来了")])  # fmt: skip
    await after.show.resume()
    room = after.show.state().audience.room  # type: ignore[union-attr]
    assert (room.likes, room.gifts, room.gifts_value) == (43, 2, 501.0)
    assert (room.viewers, room.viewers_peak) == (800, 800)  # the latest count, not the saved
    assert [(user, values) for _id, user, _n, values in thanks_of(after.show)] == [
        ("土豪", {"CNY": 500.0}), ("a", {"CNY": 1.0})]  # fmt: skip
    # the comments follow the show's, numbered on; the question is in its queue
    assert [(c.id, c.user) for c in waiting.recent] == [(1, "小明"), (2, "a"), (3, "土豪"),
                                                        (4, "阿花"), (5, "路人")]  # fmt: skip
    assert waiting.counts().comments == 3
    assert [q.text for q in waiting.queue.listing("open")] == ["怎么报名呀?"]
    added = waiting.ingest([IncomingComment("bilibili", "新人", "hi")])
    assert added[0].id == 6
    # the log files them under the show, with the same numbers
    logged = [(s, c.id, c.user) for s, c in world.comments.comments if c.user in ("土豪", "阿花")]
    assert logged == [(session.id, 3, "土豪"), (session.id, 4, "阿花")]
    assert all(s == session.id for s, _c in world.comments.comments)


async def test_an_item_sent_again_after_the_crash_is_taken_once(
    world: World, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    before = console(world, fake_obs, clock, monotonic)
    await before.show.recorder.start("重发")
    audience = before.show.audience
    assert audience is not None
    audience.ingest([gift("小红", "辣条", 0.5, count=5, native="g1")])
    assert before.keeper.save_now()
    after = console(world, fake_obs, clock, monotonic)
    await after.show.resume()
    body = {"platform": "bilibili", "kind": "gift", "user": "小红", "gift": "辣条", "count": 5,
            "value": 0.5, "currency": "CNY", "id": "g1"}  # fmt: skip
    async with TestClient(TestServer(create_app(after.show, "tok"))) as client:
        answer = await (await client.post("/ingest", json=body, headers=AUTH)).json()
    assert answer == {"accepted": 1, "rejected": [], "repeated": 1}
    room = after.show.state().audience.room  # type: ignore[union-attr]
    assert (room.gifts, room.gifts_value) == (5, 0.5)


def test_the_show_ids_are_remembered_older_than_those_taken_since() -> None:
    taken = RecentIds(capacity=3)
    taken.new_only([IncomingComment("x", "u", "t", native_id=n) for n in ("n1", "n2")])
    taken.remember([("x", "a"), ("x", "b"), ("x", "n1")])  # the show's, oldest first
    again = taken.new_only([IncomingComment("x", "u", "t", native_id=n)
                            for n in ("b", "n1", "n2", "a")])  # fmt: skip
    assert [i.native_id for i in again] == ["a"]  # room for one more: the latest, "b"
    assert taken.repeats == 3


# ----- through the SQLite log, into the report ------------------------------------------------
class Run:
    """One run of the console over the log file: its writer, show and keeper."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self.writer = SqliteSessionLog(path)
        self.obs = FakeObs()
        self.show = build_show(self.obs, self.writer, comments=SqliteComments(self.writer),  # type: ignore[arg-type]
                               wall=clock, monotonic=clock)  # fmt: skip
        assert self.show.audience is not None
        self.audience = self.show.audience
        self.keeper = ShowKeeper(self.show.recorder, self.show.runner, self.show.overlays,
                                 self.audience, SqliteShowState(self.writer), self.show.bus,
                                 clock=clock)  # fmt: skip
        self.show.keeper = self.keeper


async def test_the_report_counts_what_arrived_before_the_resume(tmp_path: Path) -> None:
    path, clock = tmp_path / "livedesk.db", Clock()
    first = Run(path, clock)
    session = await first.show.recorder.start("恢复前")
    first.audience.ingest([IncomingComment("bilibili", "小明", "主播好"), gift("a", "辣条", 1.0),
                           viewers(100)])  # fmt: skip
    assert first.keeper.save_now()
    first.writer.close()  # the console dies; its log is on disk
    clock.now += 10
    second = Run(path, clock)
    try:
        second.audience.ingest([gift("土豪", "嘉年华", 500.0, native="g9"), viewers(800), likes(40),
                                IncomingComment("bilibili", "阿花", "多少钱？")])  # fmt: skip
        await second.show.resume()
        clock.now += 10
        room = second.show.state().audience.room  # type: ignore[union-attr]
        await second.show.recorder.end()
        out, err = io.StringIO(), io.StringIO()
        assert run_report(path, str(session.id), "json", None, out=out, err=err) == 0, err
        report: dict[str, Any] = json.loads(out.getvalue())
        store = SqliteShowState(second.writer)
        listed = await store.load_comments(session.id, 10)
        ids = await store.load_native_ids(session.id, 10)
    finally:
        second.writer.close()
    assert report["audience"] == {"likes": 40, "gifts": 2, "gifts_value": 501.0,
                                  "gifts_value_by_currency": {"CNY": 501.0}, "follows": 0,
                                  "viewers_peak": 800}  # fmt: skip
    assert (room.likes, room.gifts_value, room.viewers_peak) == (40, 501.0, 800)
    assert report["comments"]["total"] == 2
    assert report["questions"]["total"] == 1
    # the list comes back whole, gifts in their places, the later ones numbered on
    assert [(c.id, c.user) for c in listed] == [(1, "小明"), (2, "a"), (3, "土豪"), (4, "阿花")]
    assert ids == [("bilibili", "g9")]


async def test_what_assistants_did_before_the_resume_stays_done(tmp_path: Path) -> None:
    path, clock = tmp_path / "livedesk.db", Clock()
    first = Run(path, clock)
    session = await first.show.recorder.start("恢复前")
    first.audience.ingest([IncomingComment("bilibili", "小明", "包邮吗?")])
    assert first.keeper.save_now()
    first.writer.close()
    clock.now += 10
    second = Run(path, clock)
    try:
        # the assistants' panels are back before the producer clicks Resume, and they work
        second.audience.ingest([IncomingComment("bilibili", "阿花", "怎么报名呀?"),
                                IncomingComment("bilibili", "阿草", "有回放吗?"),
                                IncomingComment("bilibili", "阿木", "几点结束?"),
                                IncomingComment("bilibili", "阿林", "老师是谁?"),
                                IncomingComment("bilibili", "阿森", "包邮吗?")])  # fmt: skip
        queue = second.audience.queue
        ids = {q.text: q.id for q in queue.listing("open")}
        queue.claim(ids["怎么报名呀?"], "小王", now=clock.now)
        queue.answer(ids["有回放吗?"], "小李", "有, 三天内", now=clock.now)
        queue.dismiss(ids["几点结束?"], "小李")
        queue.claim(ids["包邮吗?"], "小李", now=clock.now)  # the show had it already
        await second.show.resume()
        queue = second.audience.queue
        claimed = sorted((q.text, q.claimed_by, q.asked) for q in queue.listing("claimed"))
        answered = [(q.text, q.answered_by, q.answer) for q in queue.listing("answered")]
        dismissed = [q.text for q in queue.listing("dismissed")]
        still_open = [q.text for q in queue.listing("open")]
        await second.writer.flush()
        saved = await second.writer.run(
            lambda db: db.execute(
                "SELECT text, state FROM questions WHERE session_id = ?", [session.id]
            ).fetchall()
        )
        answered_id = queue.listing("answered")[0].id
        await second.show.recorder.end()
        out, err = io.StringIO(), io.StringIO()
        assert run_report(path, str(session.id), "json", None, out=out, err=err) == 0, err
        report: dict[str, Any] = json.loads(out.getvalue())
    finally:
        second.writer.close()
    # the show's log and report say so, by the question's id in the show
    assert report["questions"]["answered"] == 1
    logged = [e["question"] for e in report["events"] if e["kind"] == "question.answer"]
    assert logged == [answered_id]
    # the show's own question, asked again before the resume, is 小李's, with both askers
    assert claimed == [("包邮吗?", "小李", 2), ("怎么报名呀?", "小王", 1)]
    assert answered == [("有回放吗?", "小李", "有, 三天内")]
    assert dismissed == ["几点结束?"]
    assert still_open == ["老师是谁?"]
    assert sorted(saved) == [("几点结束?", "dismissed"), ("包邮吗?", "claimed"),
                             ("怎么报名呀?", "claimed"), ("有回放吗?", "answered"),
                             ("老师是谁?", "open")]  # fmt: skip


async def test_only_this_consoles_rows_are_filed_under_the_resumed_show(tmp_path: Path) -> None:
    """Rows an earlier run logged under no show (before its show started) stay so."""
    path = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(path)
    try:
        comments = SqliteComments(writer)
        comments.add_comments(None, [Comment(1, "b", "早到", "hi", 90.0)])  # before the show
        session = await writer.start_session("直播", 100.0)
        comments.add_comments(session, [Comment(1, "b", "u", "问？", 101.0)])
        await writer.flush()
        restarted = SqliteShowState(writer)  # the console starts again here
        comments.add_comments(None, [Comment(1, "b", "v", "晚到", 110.0),
                                     Comment(0, "b", "", "", 110.0, kind=Kind.VIEWERS,
                                             count=5)])  # fmt: skip
        assert await restarted.adopt_unfiled(session, 1) == 2
        rows = await writer.run(
            lambda db: db.execute("SELECT user, session_id, comment_no FROM comments").fetchall()
        )
        events = await writer.run(
            lambda db: db.execute("SELECT session_id, item_no FROM audience_events").fetchall()
        )
    finally:
        writer.close()
    assert rows == [("早到", None, 1), ("u", session, 1), ("v", session, 2)]
    assert events == [(session, 0)]
