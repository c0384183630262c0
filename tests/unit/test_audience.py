from __future__ import annotations

from pathlib import Path

import pytest

from app.domain import log_events as kinds
from app.domain.audience import IncomingComment, QuestionState
from app.domain.ingest import MAX_BATCH, parse_batch, parse_item
from app.services.audience import PULSE_MINUTES
from app.services.errors import BadInput, NotFound, WrongState
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock


def _in(text: str, user: str = "小明", platform: str = "douyin") -> IncomingComment:
    return IncomingComment(platform, user, text)


def test_same_question_from_several_viewers_is_one_asked_n_times(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([_in("多少钱？", "a"), _in("请问多少钱", "b"), _in("多少錢啊", "c"),
                     _in("有回放吗", "d"), _in("好好看！", "e")])  # fmt: skip
    questions = audience.queue.listing("open")
    assert [q.asked for q in questions] == [3, 1]
    assert questions[0].askers == ("a", "b", "c")
    assert audience.counts().comments == 5
    assert audience.counts().questions_open == 2


def test_queue_lifecycle_and_never_two_on_one(show: Show, memory_log: MemoryLog, clock: Clock):
    audience = show.audience
    assert audience is not None
    audience.ingest([_in("零基础能学吗")])
    question = audience.queue.listing("open")[0]
    audience.act(question.id, "claim", "助理A")
    with pytest.raises(WrongState, match="助理A"):
        audience.act(question.id, "claim", "助理B")
    with pytest.raises(WrongState):
        audience.act(question.id, "answer", "助理B", "…")
    clock.now += 42
    answered = audience.act(question.id, "answer", "助理A", "零基础可以，第一课从安装讲起")
    assert answered.state is QuestionState.ANSWERED
    assert answered.response_s == 42
    with pytest.raises(WrongState):
        audience.act(question.id, "dismiss", "助理A")
    with pytest.raises(NotFound):
        audience.act(999, "claim", "x")
    with pytest.raises(BadInput):
        audience.act(question.id, "explode", "x")
    logged = [e.kind for e in memory_log.entries if e.kind.startswith("question.")]
    assert logged == [kinds.QUESTION_OPEN, "question.claim", "question.answer"]


def test_feature_puts_the_question_on_screen(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([_in("<b>有优惠券吗</b>", "阿强")])
    question = audience.queue.listing("open")[0]
    audience.act(question.id, "feature", "导播")
    featured = show.overlays.view()["featured"]
    assert featured["user"] == "阿强"
    assert featured["text"] == "<b>有优惠券吗</b>"


def test_a_dismissed_question_stays_off_screen_until_reopened(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([_in("有优惠券吗", "阿强")])
    question = audience.queue.listing("open")[0]
    audience.act(question.id, "dismiss", "助理A")
    with pytest.raises(WrongState, match="was dismissed: reopen it"):
        audience.act(question.id, "feature", "助理A")
    assert show.overlays.view()["featured"] is None
    assert not audience.queue.get(question.id).featured
    audience.act(question.id, "reopen", "助理A")
    audience.act(question.id, "feature", "助理A")
    assert show.overlays.view()["featured"]["text"] == "有优惠券吗"
    audience.act(question.id, "answer", "助理A", "满199减20")  # an answered one may stay on
    audience.act(question.id, "feature", "助理A")


def test_block_list_and_manual_entry(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    audience.block("spammer")
    kept = audience.ingest([_in("buy followers?", "spammer")])  # kept and marked, not queued
    assert [(c.user, c.blocked, c.is_question) for c in kept] == [("spammer", True, False)]
    assert audience.queue.listing("all") == []
    assert audience.counts().rejected == 1
    manual = audience.add_manual("抖音用户", "什么时候发货？", "douyin")
    assert manual.is_question
    assert manual.platform == "douyin"
    with pytest.raises(BadInput):
        audience.add_manual("x", "   ")


def test_comments_after_and_pulse(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([_in(f"评论 {i}") for i in range(10)])
    assert [c.id for c in audience.comments_after(7, 100)] == [8, 9, 10]
    assert [c.id for c in audience.comments_after(0, 2)] == [1, 2]
    assert audience.comments_after(10, 5) == []
    assert sum(audience.pulse().comments_per_minute) == 10


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"user": "a", "text": "x"}, "“platform” is missing"),
        ({"platform": "x", "user": 3, "text": "hi"}, "“user” must be a string"),
        ({"platform": "x", "user": "a", "text": "x" * 10_000}, "longer than 2,000"),
        ({"platform": "x", "user": "a", "text": "  "}, "empty"),
        ({"platform": "x", "user": "a", "text": "hi", "ts": "now"}, "unix seconds"),
        ("just a string", "JSON object"),
    ],
)
def test_bad_items_are_refused_with_their_reason(item: object, reason: str) -> None:
    parsed = parse_item(item)
    assert isinstance(parsed, str)
    assert reason in parsed


def test_social_stream_ninja_shape_is_text() -> None:
    parsed = parse_item({"chatname": "Viewer", "chatmessage": "hi <img src=x> &amp; <b>you</b>",
                         "type": "youtube"})  # fmt: skip
    assert not isinstance(parsed, str)
    assert (parsed.platform, parsed.user, parsed.text) == ("youtube", "Viewer", "hi  & you")


def test_a_batch_keeps_the_valid_rest() -> None:
    items = [{"platform": "x", "user": "a", "text": "ok"}, {"nope": 1}] * 3 + [5]
    accepted, rejected = parse_batch(items)
    assert len(accepted) == 3
    assert [r["index"] for r in rejected] == [1, 3, 5, 6]
    huge, refused = parse_batch([{"platform": "x", "user": "a", "text": "t"}] * 10_000)
    assert len(huge) == MAX_BATCH
    assert len(refused) == 10_000 - MAX_BATCH


def test_each_question_comes_with_the_best_canned_answer(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([_in("能看回放吗"), _in("今天天气怎么样？", "b")])
    by_text = {q.text: audience.question_api(q) for q in audience.queue.listing("open")}
    assert by_text["能看回放吗"]["suggestion"]["topic"] == "回放"
    assert by_text["今天天气怎么样？"]["suggestion"] is None


def test_manual_entries_are_questions_and_promotion_adds_no_copy(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    manual = audience.add_manual("抖音观众", "这个颜色好看")  # not a question by its words
    assert manual.is_question
    assert audience.queue.listing("open")[0].text == "这个颜色好看"
    said = audience.ingest([_in("老师讲得真好", "b")])[0]
    assert not said.is_question
    audience.promote(said.id)
    assert audience.total == 2  # no second copy in the feed
    assert audience.comment(said.id).is_question
    assert {q.text for q in audience.queue.listing("open")} == {"这个颜色好看", "老师讲得真好"}


def test_top_question_follows_the_queue_without_sorting_it() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from app.domain.audience import Comment
    from app.domain.question_queue import QuestionQueue

    actions = st.lists(st.tuples(st.sampled_from("aaacdx"), st.integers(0, 6),
                                 st.integers(0, 5)), max_size=60)  # fmt: skip

    @settings(max_examples=200, deadline=None)
    @given(actions)
    def check(steps: list[tuple[str, int, int]]) -> None:
        queue = QuestionQueue()
        for n, (op, key, user) in enumerate(steps):
            try:
                if op == "a":
                    queue.add(Comment(n, "p", f"u{user}", f"q{key}", float(n)), f"q{key}")
                elif op == "c":
                    queue.claim(key + 1, f"u{user}")
                elif op == "d":
                    queue.dismiss(key + 1, f"u{user}")
                else:
                    queue.answer(key + 1, f"u{user}", "ok")
            except (KeyError, ValueError):
                pass
            full = queue.listing("open")
            assert queue.top() == (full[0] if full else None)
            assert queue.counts()["open"] == len(full)
            assert queue.listing("open", 2) == full[:2]

    check()


YEAR_2000, YEAR_2100 = 946_684_800.0, 4_102_444_800.0


async def test_a_client_ts_out_of_range_is_replaced_by_the_arrival_time(
    show: Show, clock: Clock
) -> None:
    audience = show.audience
    assert audience is not None
    started = (await show.recorder.start("时间")).started_at
    clock.now = started + 600
    given = [YEAR_2100, YEAR_2000, started - 200, clock.now + 30, started - 400, clock.now + 90]
    comments = audience.ingest([IncomingComment("douyin", "a", f"第{n}条", ts=ts)
                                for n, ts in enumerate(given)])  # fmt: skip
    assert [c.ts for c in comments] == [clock.now, clock.now, started - 200, clock.now + 30,
                                        clock.now, clock.now]  # fmt: skip
    assert [c.given_ts for c in comments] == [YEAR_2100, YEAR_2000, None, None, started - 400,
                                              clock.now + 90]  # fmt: skip
    assert audience.ingest([_in("没有时间")])[0].given_ts is None


async def test_given_ts_reaches_the_log(tmp_path: Path, clock: Clock) -> None:
    from app.adapters.store.comments import SqliteComments
    from app.adapters.store.writer import SqliteSessionLog

    writer = SqliteSessionLog(tmp_path / "livedesk.db")
    try:
        show = build_show(FakeObs(), writer, comments=SqliteComments(writer), wall=clock)  # type: ignore[arg-type]
        audience = show.audience
        assert audience is not None
        await show.recorder.start("时间")
        audience.ingest([IncomingComment("douyin", "a", "未来", ts=YEAR_2100),
                         IncomingComment("douyin", "b", "现在", ts=clock.now - 1)])  # fmt: skip
        await writer.flush()
        rows = await writer.run(
            lambda db: db.execute("SELECT text, ts, given_ts FROM comments ORDER BY id").fetchall()
        )
    finally:
        writer.close()
    assert rows == [("未来", clock.now, YEAR_2100), ("现在", clock.now - 1, None)]


def test_without_a_show_the_window_starts_with_the_audience(show: Show, clock: Clock) -> None:
    audience = show.audience
    assert audience is not None
    clock.now = audience.run_started + 3600
    [early, fine] = audience.ingest([
        IncomingComment("douyin", "a", "早", ts=audience.run_started - 301),
        IncomingComment("douyin", "b", "好", ts=audience.run_started - 299),
    ])  # fmt: skip
    assert early.ts == clock.now
    assert early.given_ts == audience.run_started - 301
    assert fine.ts == audience.run_started - 299
    assert fine.given_ts is None


async def test_the_per_minute_counters_hold_only_minutes_of_the_show(
    show: Show, clock: Clock
) -> None:
    audience = show.audience
    assert audience is not None
    started = (await show.recorder.start("脉搏")).started_at
    for step in range(120):  # two hours, a batch a minute, with clocks from everywhere
        clock.now = started + 60 * step
        audience.ingest([IncomingComment("douyin", "a", "多少钱？", ts=ts)
                         for ts in (YEAR_2000, YEAR_2100, clock.now - 5, started - 250,
                                    clock.now + 55)])  # fmt: skip
    minutes = set(audience._per_minute) | set(audience._questions_per_minute)
    now_minute = int(clock.now // 60)
    assert minutes
    assert all(now_minute - PULSE_MINUTES <= m <= now_minute + 1 for m in minutes)
    assert len(audience._per_minute) <= PULSE_MINUTES + 2
    assert audience.pulse(15).comments_per_minute[-1] >= 3


async def test_a_far_off_ts_through_ingest_is_kept_as_given(show: Show, clock: Clock) -> None:
    """A phone's clock years off, in seconds or milliseconds, reaches the audience as given: the
    comment takes the arrival time and keeps the client's value beside it."""
    audience = show.audience
    assert audience is not None
    await show.recorder.start("时钟")
    far = [5_000_000_000, 0, 12.5, 2_000_000_000_000, -7]
    accepted, rejected = parse_batch(
        [
            {"platform": "douyin", "user": f"v{n}", "text": "在吗", "ts": ts}
            for n, ts in enumerate(far)
        ]
        + [{"platform": "douyin", "user": "huge", "text": "在吗", "ts": 10**400}]
    )
    assert rejected == []
    comments = audience.ingest(accepted)
    assert [c.ts for c in comments] == [clock.now] * 6
    assert [c.given_ts for c in comments] == [5e9, 0.0, 12.5, 2e9, -7.0, None]
