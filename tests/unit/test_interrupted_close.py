"""A show interrupted (the console killed) and then closed by the next Start show instead of
resumed: it ends at its last entry, and the log gets there what End show would have written for
what it left open (segment, poll, check-in, lottery closed without a draw, card, coupon, featured
comment, the show's end), so its report and anyone redoing a draw from the log see a show that
ended. Over the real log file, read back by the report as `livedesk report` does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.adapters.report.export_files import attendance_text, load_report
from app.adapters.store.comments import SqliteComments
from app.adapters.store.interaction_viewers import SqliteInteractionViewers
from app.adapters.store.show_history import LoggedShows
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.domain import log_events as kinds
from app.domain.audience import IncomingComment
from app.domain.left_open import closed_at, closing_entries, left_open
from app.domain.log_events import LogEntry
from app.domain.overlay_view import FeaturedComment
from app.services.audience import Audience
from app.services.event_bus import EventBus
from app.services.interaction import Interaction
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.resume import ShowKeeper
from app.services.review import iso_time
from app.services.session import ShowRecorder
from app.services.show import Show
from app.services.show_runner import ShowRunner
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog
from tests.support.show_factory import _classify, _question_key
from tests.unit.conftest import Clock
from tests.unit.test_show_runner import SHEET

T0 = 1_700_000_000.0


class Console:
    """One run of the console over the log file, wired as app/wiring wires it."""

    def __init__(self, path: Path, wall: Clock, monotonic: Clock, fake_obs: FakeObs) -> None:
        self.writer = writer = SqliteSessionLog(path)
        bus = EventBus()
        self.recorder = recorder = ShowRecorder(writer, bus, clock=wall)
        control = ObsControl(fake_obs, recorder, bus, clock=wall)
        overlays = OverlayControl(recorder, bus, lambda: runner.catalog(), clock=monotonic)
        runner = ShowRunner(control, overlays, recorder, bus, MemoryCatalog(), clock=monotonic)
        self.audience = Audience(recorder, bus, SqliteComments(writer), overlays, _classify,
                                 _question_key, clock=wall)  # fmt: skip
        self.interaction = Interaction(recorder, bus, clock=wall, seed=lambda: "seed",
                                       viewers=SqliteInteractionViewers(writer))  # fmt: skip
        keeper = ShowKeeper(recorder, runner, overlays, self.audience, SqliteShowState(writer),
                            bus, clock=wall, interaction=self.interaction,
                            history=LoggedShows(path))  # fmt: skip
        self.show = Show(bus, recorder, control, overlays, runner, audience=self.audience,
                         keeper=keeper, interaction=self.interaction)  # fmt: skip

    def say(self, *items: tuple[str, str, str | None]) -> None:
        self.audience.ingest([IncomingComment("douyin", u, t, user_id=i) for u, t, i in items])


def _tail(report: dict[str, Any], n: int) -> list[dict[str, Any]]:
    return report["events"][-n:]


async def test_a_show_left_open_is_closed_at_its_last_entry_as_end_show_would(
    tmp_path: Path, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    db = tmp_path / "livedesk.db"
    first = Console(db, clock, monotonic, fake_obs)
    try:
        await first.show.obs.resync(await fake_obs.connect())
        show_id = (await first.recorder.start("第一场")).id
        await first.show.runner.load(SHEET)
        await first.show.runner.next()
        clock.now += 60
        monotonic.now += 60
        await first.show.runner.goto(2)  # the card SKU-1 and the coupon FLASH50 go up
        cued = clock.now
        quiz = first.interaction.open_poll("2+2?", ["3", "4"], answer=1)
        first.interaction.open_checkin("签到")
        lottery = first.interaction.open_lottery("666", 1)
        first.show.overlays.feature(FeaturedComment("阿花", "讲得好", "douyin", "c1"))
        clock.now += 10
        first.say(("小明", "666", "u1"), ("阿花", "666冲", "u2"), ("小明", "B", "u1"),
                  ("阿花", "a", "u2"), ("小明", "签到", "u1"))  # fmt: skip
        await first.show.runner.toggle_standby()  # 20 s of standby inside the segment
        clock.now += 20
        monotonic.now += 20
        await first.show.runner.toggle_standby()
        clock.now += 30
        first.say(("路人", "主播好", "u3"))  # the show's last entry: a comment
        last = clock.now
        assert first.show.keeper is not None
        assert first.show.keeper.save_now()  # as its tick does, a few times a second
        await first.writer.flush()
    finally:
        first.writer.close()  # killed: no End show

    clock.now += 3600
    monotonic.now += 9000
    second = Console(db, clock, monotonic, fake_obs)
    try:
        assert second.recorder.interrupted is not None
        assert second.recorder.interrupted.id == show_id
        new_id = (await second.recorder.start("第二场")).id
        await second.writer.flush()
    finally:
        second.writer.close()

    report = load_report(db, show_id)
    closing = _tail(report, 8)
    assert [(e["kind"], e["reason"]) for e in closing] == [
        (kinds.SEGMENT_END, "interrupted"), (kinds.POLL_CLOSE, "interrupted"),
        (kinds.CHECKIN_CLOSE, "interrupted"), (kinds.LOTTERY_CLOSE, "interrupted"),
        (kinds.PRODUCT_HIDE, "interrupted"), (kinds.COUPON_END, "interrupted"),
        (kinds.FEATURED_HIDE, "interrupted"), (kinds.SESSION_END, "interrupted"),
    ]  # fmt: skip
    assert {e["t"] for e in closing} == {last}  # dated at the show's last entry
    assert report["session"]["ended_at"] == iso_time(last)
    segment_end, poll, checkin, closed, hidden, coupon, unfeatured, _end = closing
    assert (segment_end["index"], segment_end["actual_s"]) == (2, last - cued - 20)
    assert (poll["id"], poll["counts"], poll["voters"], poll["answer"]) == (quiz.id, [1, 1], 2, 1)
    assert [(b["user"], b["option"]) for b in poll["ballots"]] == [("小明", 1), ("阿花", 0)]
    assert (checkin["count"], [p["user"] for p in checkin["present"]]) == (1, ["小明"])
    assert (closed["id"], closed["keyword"], closed["drawn"]) == (lottery.id, "666", False)
    assert [e["user"] for e in closed["entrants"]] == ["小明", "阿花"]  # a draw by hand is fair
    assert not [e for e in report["events"] if e["kind"] == kinds.LOTTERY_DRAW]  # none for them
    assert (hidden["sku"], coupon["code"], unfeatured["comment_id"]) == ("SKU-1", "FLASH50", "c1")

    # the report computes as for a show ended with End show
    segments = report["segments"]
    assert [s["actual_s"] for s in segments] == [60, None, last - cued - 20]
    assert segments[2]["actual_end"] == iso_time(last)
    [summary] = report["interaction"]["polls"]
    assert (summary["right"], summary["segment"]) == (1, 2)
    assert report["interaction"]["checkins"][0]["count"] == 1
    assert report["interaction"]["lotteries"] == []  # no draw was made
    assert "小明" in attendance_text(db, show_id).splitlines()[1]  # checked in, quiz right
    # the next show starts clean: nothing of the first is closed (or opened) in it
    assert [e["kind"] for e in load_report(db, new_id)["events"]] == [kinds.SESSION_START]


async def test_a_show_left_with_nothing_open_gets_its_end_alone(
    tmp_path: Path, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    db = tmp_path / "livedesk.db"
    first = Console(db, clock, monotonic, fake_obs)
    try:
        show_id = (await first.recorder.start("第一场")).id
        lottery = first.interaction.open_lottery("666", 1)
        first.say(("小明", "666", "u1"))
        first.interaction.draw(lottery.id)
        clock.now += 5
        first.say(("路人", "主播好", "u3"))
        last = clock.now
        await first.writer.flush()
    finally:
        first.writer.close()
    second = Console(db, clock, monotonic, fake_obs)
    try:
        await second.recorder.start("第二场")
        await second.writer.flush()
    finally:
        second.writer.close()
    report = load_report(db, show_id)
    assert [(e["kind"], e["t"]) for e in _tail(report, 2)] == [
        (kinds.LOTTERY_DRAW, T0), (kinds.SESSION_END, last)]  # fmt: skip


class _BrokenHistory:
    async def entries(self, session_id: int) -> list[LogEntry]:
        raise OSError("the disk is gone")

    async def ended_at(self, session_id: int) -> float | None:
        return None


async def test_a_log_that_cannot_be_read_back_still_lets_the_next_show_start(
    tmp_path: Path, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    db = tmp_path / "livedesk.db"
    first = Console(db, clock, monotonic, fake_obs)
    try:
        await first.recorder.start("第一场")
        await first.writer.flush()
    finally:
        first.writer.close()
    second = Console(db, clock, monotonic, fake_obs)
    try:
        assert second.show.keeper is not None
        second.show.keeper._history = _BrokenHistory()
        started = await second.recorder.start("第二场")
        assert second.recorder.session == started
        assert second.recorder.interrupted is None
    finally:
        second.writer.close()


# ----- what the log says was open ---------------------------------------------------------------
def _entry(t: float, kind: str, **data: Any) -> LogEntry:
    return LogEntry(T0 + t, kind, 1, data=data)


def test_standby_still_on_at_the_end_is_not_the_segments_time() -> None:
    entries = [
        _entry(0, kinds.SESSION_START),
        _entry(10, kinds.SEGMENT_START, index=0, title="开场", planned_s=300),
        _entry(40, kinds.STANDBY_ON), _entry(50, kinds.STANDBY_OFF),
        _entry(100, kinds.STANDBY_ON),
    ]  # fmt: skip
    [(kind, end), (_kind, _data)] = closing_entries(left_open(entries), T0 + 130)
    assert (kind, end["index"], end["actual_s"]) == (kinds.SEGMENT_END, 0, 130 - 10 - 10 - 30)


def test_an_entrant_blocked_before_the_crash_is_no_entrant_at_the_close() -> None:
    entries = [
        _entry(0, kinds.LOTTERY_OPEN, id=3, keyword="666", winners=2),
        _entry(5, kinds.LOTTERY_REMOVE, id=3, platform="douyin", user="刷屏", user_id="b1"),
    ]
    rows = [(3, "lottery", "douyin", "小明", "u1", T0 + 1, None),
            (3, "lottery", "douyin", "刷屏", "b1", T0 + 2, None)]  # fmt: skip
    [(kind, closed), _end] = closing_entries(left_open(entries), T0 + 9, rows)
    assert kind == kinds.LOTTERY_CLOSE
    assert (closed["winners_wanted"], closed["entrants"]) == (2, [("douyin", "小明", "u1")])


def test_a_show_whose_log_has_its_end_gets_nothing_more() -> None:
    entries = [_entry(1, kinds.SEGMENT_START, index=0), _entry(2, kinds.SESSION_END)]
    assert closing_entries(left_open(entries), T0 + 2) == []


def test_a_timed_poll_whose_time_was_up_closes_on_time() -> None:
    """The console died during a 60 s poll and the show was not resumed: its close is dated
    when its time was up, not at the show's last entry ten minutes later."""
    entries = [
        _entry(0, kinds.POLL_OPEN, id=4, question="买不买?", options=["买", "不买"], seconds=60),
        _entry(30, kinds.POLL_OPEN, id=5, question="再来?", options=["是", "否"]),  # untimed
        _entry(600, kinds.MARKER),
    ]  # fmt: skip
    still = left_open(entries)
    closes = [(d["id"], closed_at(still, k, d, T0 + 600))
              for k, d in closing_entries(still, T0 + 600) if k == kinds.POLL_CLOSE]  # fmt: skip
    assert closes == [(4, T0 + 60), (5, T0 + 600)]
    end = [closed_at(still, k, d, T0 + 600) for k, d in closing_entries(still, T0 + 600)
           if k == kinds.SESSION_END]  # fmt: skip
    assert end == [T0 + 600]
