"""Interaction on air (lottery, polls and quizzes, check-in): the pure rules, the service fed by
the bus, and what it logs (a draw redone from the log to the same winners)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from itertools import combinations

import pytest

from app.domain import log_events as kinds
from app.domain.audience import Comment, Kind
from app.domain.interaction.checkin import CheckIn
from app.domain.interaction.cue import parse_cue
from app.domain.interaction.lottery import InteractionError, Lottery, draw_winners
from app.domain.interaction.poll import Poll, vote_choice
from app.domain.interaction.viewers import Viewer
from app.services.errors import BadInput, NotFound, WrongState
from app.services.event_bus import EventBus
from app.services.events import CommentsAdded, Event, LotteryChanged, PollChanged
from app.services.interaction import Interaction
from app.services.review_interaction import interaction_summary, redo_draw
from app.services.session import ShowRecorder
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock

T0 = 1_700_000_000.0


def said(text: str, user: str = "小明", platform: str = "douyin", user_id: str | None = None,
         *, n: int = 1, kind: Kind = Kind.COMMENT, blocked: bool = False) -> Comment:  # fmt: skip
    comment = Comment(id=n, platform=platform, user=user, text=text, ts=T0 + n,
                      user_id=user_id, kind=kind)  # fmt: skip
    return replace(comment, blocked=True) if blocked else comment


@pytest.fixture
def world() -> tuple[Interaction, MemoryLog, EventBus, list[Event]]:
    log, bus, seen = MemoryLog(), EventBus(), []
    bus.listen(seen.append)
    seeds = iter(f"seed-{i}" for i in range(100))
    service = Interaction(ShowRecorder(log, bus, clock=Clock(T0)), bus, clock=Clock(T0),
                          seed=lambda: next(seeds))  # fmt: skip
    return service, log, bus, seen


def logged(log: MemoryLog, kind: str) -> list[dict[str, object]]:
    return [e.data for e in log.entries if e.kind == kind]


# ----- the lottery ------------------------------------------------------------------------------
def test_a_draw_with_duplicates_platforms_and_exclusions_is_redone_from_the_log(world) -> None:  # type: ignore[no-untyped-def]
    service, log, bus, seen = world
    first = service.open_lottery("666", 1)
    bus.publish(CommentsAdded("ingest", [said("666", "阿强", "bilibili", "b1")]))
    [winner] = service.draw(first.id).winners
    assert winner == Viewer("bilibili", "阿强", "b1")

    lottery = service.open_lottery("６６６", 3, exclude_previous_winners=True)
    batch = [
        said("666 我要", "小明", "douyin", "d1", n=1),
        said("我要666！", "小明", "douyin", "d1", n=2),  # the same viewer again: one entry
        said("６６６", "小明改名", "douyin", "d1", n=3),  # renamed, same id: still one
        said("666", "小明", "kuaishou", None, n=4),  # same name, another platform: another
        said("666", "阿强", "bilibili", "b1", n=5),  # the last draw's winner: excluded
        said("666", "spam", "douyin", "d9", n=6, blocked=True),  # blocked: never enters
        said("", "gift", "douyin", "d8", n=7, kind=Kind.GIFT),  # no text kinds
        said("hello", "路人", "twitch", "t1", n=8),  # no keyword
        said("６６６", "amy", "twitch", "t2", n=9),
        said("Six 666", "bob", "youtube", None, n=10),
    ]
    bus.publish(CommentsAdded("ingest", batch))
    assert service.lottery(lottery.id).entrants == 4
    draw = service.draw(lottery.id)
    entrants = {("douyin", "d1"), ("kuaishou", "小明"), ("twitch", "t2"), ("youtube", "bob")}
    assert len(draw.winners) == 3 == len(set(draw.winners))
    assert {(w.platform, w.user_id or w.user) for w in draw.winners} <= entrants
    assert draw.seed == "seed-1"
    assert draw.entrants == 4
    # the log holds keyword, entrants, seed and winners: the draw redone gives the same winners
    entry = [e for e in log.entries if e.kind == kinds.LOTTERY_DRAW][-1]
    assert entry.data["keyword"] == "６６６"
    assert entry.data["seed"] == "seed-1"
    assert len(entry.data["entrants"]) == 4
    assert list(redo_draw({"data": entry.data})) == list(draw.winners)
    assert [Viewer.from_log(w) for w in entry.data["winners"]] == list(draw.winners)
    assert any(isinstance(e, LotteryChanged) and e.lottery.seed == "seed-1" for e in seen)
    with pytest.raises(WrongState):
        service.draw(lottery.id)  # drawn once
    with pytest.raises(NotFound):
        service.lottery(99)


def test_nothing_open_means_comments_are_not_looked_at(world) -> None:  # type: ignore[no-untyped-def]
    service, _, _bus, _ = world
    assert not service.listening
    service.open_checkin("签到")
    assert service.listening
    service.close_checkin()
    assert not service.listening


def test_fewer_entrants_than_winners_all_win_and_none_is_empty() -> None:
    entrants = [Viewer("douyin", f"u{i}") for i in range(2)]
    assert set(draw_winners(entrants, 5, "s")) == set(entrants)
    assert draw_winners([], 3, "s") == ()


def test_a_lottery_takes_entries_until_its_time() -> None:
    lottery = Lottery(1, "抽奖", 1, T0, seconds=60)
    lottery.time_from(500.0)  # its window on the steady clock, whatever the wall clock says
    assert lottery.taking_entries(560.0)
    assert not lottery.taking_entries(561.0)
    assert (lottery.remaining(530.0), lottery.overdue_s(530.0)) == (30.0, 0.0)
    assert (lottery.remaining(565.0), lottery.overdue_s(565.0)) == (0.0, 5.0)


def test_an_untimed_lottery_takes_entries_until_drawn() -> None:
    lottery = Lottery(1, "抽奖", 1, T0)
    lottery.time_from(500.0)
    assert lottery.taking_entries(1e12)
    assert (lottery.remaining(1e12), lottery.overdue_s(1e12)) == (None, 0.0)


@pytest.mark.parametrize("winners", [0, -1, 1001, True, "3"])
def test_a_lottery_refuses_bad_winners(winners: object) -> None:
    with pytest.raises(InteractionError):
        Lottery(1, "666", winners, T0)  # type: ignore[arg-type]


def _chi_square_p(observed: list[int], expected: float) -> float:
    """The chance of a chi-square at least this large with len-1 (even) degrees of freedom."""
    x = sum((o - expected) ** 2 / expected for o in observed)
    half = (len(observed) - 1) // 2
    assert (len(observed) - 1) % 2 == 0
    return math.exp(-x / 2) * sum((x / 2) ** i / math.factorial(i) for i in range(half))


def test_one_winner_is_drawn_uniformly() -> None:
    entrants = [Viewer("douyin", f"u{i}", str(i)) for i in range(11)]
    draws = 5500
    counts = Counter(draw_winners(entrants, 1, f"uniform-{i}")[0] for i in range(draws))
    p = _chi_square_p([counts[e] for e in entrants], draws / len(entrants))
    assert p > 0.001, p


def test_every_set_of_winners_is_as_likely() -> None:
    entrants = [Viewer("bilibili", f"v{i}") for i in range(6)]
    sets = [frozenset(c) for c in combinations(entrants, 2)]  # 15 sets: 14 degrees of freedom
    draws = 6000
    counts = Counter(frozenset(draw_winners(entrants, 2, f"pairs-{i}")) for i in range(draws))
    assert set(counts) <= set(sets)
    p = _chi_square_p([counts[s] for s in sets], draws / len(sets))
    assert p > 0.001, p


# ----- polls and quizzes ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "choice"),
    [("1", 0), ("2", 1), ("b", 1), ("B", 1), ("Ｂ", 1), ("２", 1), ("ｂ", 1), ("Ａ", 0), ("ａ", 0),
     ("１", 0), (" c ", 2), ("\u30001\u3000", 0), ("\td\n", 3), ("\u00a0a", 0)],
)  # fmt: skip
def test_votes_in_every_accepted_form(text: str, choice: int) -> None:
    assert vote_choice(text, 4) == choice


@pytest.mark.parametrize(
    "text",
    ["5", "e", "0", "ab", "12", "11", "A or B", "选A", "", " ", "1 2", "!", "１２",
     # "exactly" the number or letter: a mark beside it, ASCII or full-width, makes it chat
     "1!", "1！", "1?", "1？", "A.", "A!", "b。", "【C】", "“a”", "(1)", "1~", "-1", "#2",
     # not the full-width form of one either, nor a letter that lowers to one
     "①", "¹", "\u212a", "\u0130"],
)  # fmt: skip
def test_what_is_not_a_vote(text: str) -> None:
    assert vote_choice(text, 4) is None


def test_eleven_is_no_vote_even_with_eleven_letters_of_options() -> None:
    assert vote_choice("11", 6) is None
    assert vote_choice("k", 11) == 10  # the eleventh letter, were there that many options


def test_a_mark_beside_a_number_still_enters_a_lottery_and_a_check_in(world) -> None:  # type: ignore[no-untyped-def]
    """Only the vote is exact: a lottery's and a check-in's keyword is still found inside a
    comment, punctuation and all."""
    service, _log, bus, _ = world
    poll = service.open_poll("哪个颜色?", ["红", "蓝", "绿"])
    lottery = service.open_lottery("1")
    checkin = service.open_checkin("签到")
    bus.publish(CommentsAdded("ingest", [
        said("1!", "小明", user_id="d1", n=1), said("1！签到！", "阿强", "bilibili", n=2),
        said("１", "amy", "twitch", n=3), said(" 2 ", "bob", n=4),
    ]))  # fmt: skip
    state = service.poll(poll.id)
    assert (state.counts, state.voters) == ((1, 1, 0), 2)  # amy's "１" and bob's " 2 "
    assert service.lottery(lottery.id).entrants == 3  # "1!", "1！签到！" and "１" hold the keyword
    assert checkin.count == 1  # "1！签到！" holds it


def test_a_later_vote_replaces_the_earlier(world) -> None:  # type: ignore[no-untyped-def]
    service, log, bus, seen = world
    poll = service.open_poll("哪个颜色?", ["红", "蓝", "绿"])
    bus.publish(CommentsAdded("ingest", [
        said("1", "小明", user_id="d1", n=1), said("B", "阿强", "bilibili", n=2),
        said("Ｃ", "amy", "twitch", n=3), said("讲得好", "bob", n=4),
        said("3", "spam", n=5, blocked=True),
    ]))  # fmt: skip
    assert service.poll(poll.id).counts == (1, 1, 1)
    bus.publish(CommentsAdded("ingest", [said("c", "小明", user_id="d1", n=6)]))
    state = service.poll(poll.id)
    assert state.counts == (0, 1, 2)
    assert state.voters == 3
    assert isinstance(seen[-1], PollChanged)
    closed = service.close_poll(poll.id)
    assert not closed.open
    bus.publish(CommentsAdded("ingest", [said("1", "late", n=7)]))
    assert service.poll(poll.id).counts == (0, 1, 2)
    [results] = logged(log, kinds.POLL_CLOSE)
    assert results["counts"] == [0, 1, 2]
    assert results["voters"] == 3
    assert "ballots" not in results  # a poll's votes are not logged one by one
    with pytest.raises(WrongState):
        service.reveal(poll.id)  # not a quiz


def test_a_quiz_is_revealed_and_its_ballots_logged(world) -> None:  # type: ignore[no-untyped-def]
    service, log, bus, _ = world
    quiz = service.open_poll("2+2?", ["3", "4"], answer=1)
    bus.publish(CommentsAdded("ingest", [said("2", "小明", n=1), said("a", "阿强", n=2)]))
    revealed = service.reveal(quiz.id)
    assert revealed.revealed
    assert not revealed.open
    assert revealed.answer == 1
    [results] = logged(log, kinds.POLL_CLOSE)
    assert sorted(map(list, results["ballots"])) == [["douyin", "小明", None, 1],  # type: ignore[arg-type]
                                          ["douyin", "阿强", None, 0]]  # fmt: skip
    [reveal] = logged(log, kinds.POLL_REVEAL)
    assert reveal["right"] == 1


def test_a_new_poll_closes_the_open_one(world) -> None:  # type: ignore[no-untyped-def]
    service, log, _, _ = world
    first = service.open_poll("q1", ["a", "b"])
    service.open_poll("q2", ["a", "b"])
    assert not service.poll(first.id).open
    assert len(logged(log, kinds.POLL_CLOSE)) == 1


@pytest.mark.parametrize(
    ("question", "options", "answer"),
    [("", ["a", "b"], None), ("q", ["a"], None), ("q", list("abcdefg"), None),
     ("q", ["a", ""], None), ("q", ["a", 2], None), ("q", ["a", "b"], 2), ("q", ["a", "b"], True),
     ("q", "ab", None)],
)  # fmt: skip
def test_a_poll_refuses_bad_settings(world, question, options, answer) -> None:  # type: ignore[no-untyped-def]
    service = world[0]
    with pytest.raises(BadInput):
        service.open_poll(question, options, answer=answer)


def test_poll_votes_stop_at_its_time() -> None:
    poll = Poll(1, "q", ("a", "b"), T0, seconds=30)
    poll.time_from(500.0, left_s=10.0)  # taken up again (resume) with 10 s left
    assert poll.taking_votes(510.0)
    assert not poll.taking_votes(511.0)


# ----- check-in ---------------------------------------------------------------------------------
def test_each_viewer_checks_in_once(world) -> None:  # type: ignore[no-untyped-def]
    service, log, bus, _ = world
    service.open_checkin("签到")
    bus.publish(CommentsAdded("ingest", [
        said("签到", "小明", user_id="d1", n=1), said("我来签到啦", "小明", user_id="d1", n=2),
        said("签到", "阿强", "bilibili", n=3), said("hi", "amy", "twitch", n=4),
        said("签到", "spam", n=5, blocked=True),
    ]))  # fmt: skip
    with pytest.raises(WrongState):
        service.open_checkin("签到")
    closed = service.close_checkin()
    assert closed.count == 2
    assert not closed.open
    [entry] = logged(log, kinds.CHECKIN_CLOSE)
    assert list(map(list, entry["present"])) == [
        ["douyin", "小明", "d1", T0 + 1],
        ["bilibili", "阿强", None, T0 + 3],
    ]
    with pytest.raises(WrongState):
        service.close_checkin()


def test_check_in_matches_any_case_and_width() -> None:
    checkin = CheckIn(1, "Hi", T0)
    assert checkin.offer(said("ＨＩ 老师"), T0)
    assert not checkin.offer(said("hi"), T0)  # the same viewer


# ----- the run-sheet's cue and the review -------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "kind", "detail"),
    [("lottery: 口令=666; winners=3; 60s", "lottery", ("666", 3, 60, False)),
     ("抽奖：666；3；1分钟；排除", "lottery", ("666", 3, 60, True)),
     ("福袋: keyword: 暗号; 人数=2", "lottery", ("暗号", 2, None, False)),
     ("poll: 哪个颜色? | 红 | 蓝", "poll", ("哪个颜色?", ("红", "蓝"), None)),
     ("投票：哪个？｜红｜蓝｜绿", "poll", ("哪个？", ("红", "蓝", "绿"), None)),
     ("quiz: 2+2? | 3 | 4* ", "quiz", ("2+2?", ("3", "4"), 1)),
     ("答题：首都？｜*北京｜上海", "quiz", ("首都？", ("北京", "上海"), 0)),
     ("checkin: 到", "checkin", ("到",)),
     ("签到", "checkin", ("签到",))],
)  # fmt: skip
def test_the_cue_forms(cell: str, kind: str, detail: tuple[object, ...]) -> None:
    cue = parse_cue(cell)
    assert cue.kind == kind
    if kind == "lottery":
        assert (cue.keyword, cue.winners, cue.seconds, cue.exclude_previous_winners) == detail
    elif kind == "checkin":
        assert (cue.keyword,) == detail
    else:
        assert (cue.question, cue.options, cue.answer) == detail


@pytest.mark.parametrize(
    "cell",
    [
        "raffle: 666",
        "lottery:",
        "lottery: 666; 0",
        "lottery: 666; 2; lots",
        "poll: q | a",
        "quiz: q | a | b",
        "quiz: q | a* | b*",
        "poll: | a | b",
        "lottery: 666; time=0s",
    ],
)
def test_cues_that_cannot_open(cell: str) -> None:
    with pytest.raises(InteractionError):
        parse_cue(cell)


def test_the_review_lists_draws_polls_and_check_ins(world) -> None:  # type: ignore[no-untyped-def]
    service, log, bus, _ = world
    lottery = service.open_lottery("666", 1)
    bus.publish(CommentsAdded("ingest", [said("666", "小明", n=1)]))
    service.draw(lottery.id)
    quiz = service.open_poll("2+2?", ["3", "4"], answer=1)
    bus.publish(CommentsAdded("ingest", [said("b", "小明", n=2)]))
    service.close_poll(quiz.id)
    service.open_checkin("签到")
    service.close_checkin()
    events = [{"kind": kinds.SEGMENT_START, "t": T0, "data": {"index": 2}}] + [
        {"kind": e.kind, "t": e.t, "data": e.data} for e in log.entries
    ]
    summary = interaction_summary(events)
    [draw] = summary["lotteries"]
    assert draw["entrants"] == 1
    assert draw["segment"] == 2
    assert draw["winners"] == [{"platform": "douyin", "user": "小明", "user_id": None}]
    [poll] = summary["polls"]
    assert poll["quiz"]
    assert poll["counts"] == [0, 1]
    assert poll["right"] == 1
    [checkin] = summary["checkins"]
    assert checkin["count"] == 0
