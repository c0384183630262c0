"""An open interaction's viewers kept as rows (interaction_viewers, one appended per viewer taken
through the log's writer) rather than inside the state the keeper saves a few times a second:
resume reads them back, the saved part stays a small header however many viewers there are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.adapters.store.interaction_viewers import SqliteInteractionViewers
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import Comment, IncomingComment
from app.domain.interaction import saved
from app.domain.interaction.lottery import draw_winners
from app.domain.interaction.viewers import Viewer
from app.services.event_bus import EventBus
from app.services.events import Event, ResumePartial
from app.services.interaction import Interaction
from app.services.session import ShowRecorder
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import (
    MemoryComments,
    MemoryInteractionViewers,
    MemoryLog,
    MemoryShowState,
)
from tests.support.sqlite_console import SqliteConsole as Wired
from tests.unit.conftest import Clock

T0 = 1_700_000_000.0


class SqliteConsole(Wired):
    """One run of the console over the log file: the real writer thread, comments, kept state
    and interaction viewers, as app/wiring builds them; what it published is kept (`seen`)."""

    def __init__(self, path: Path, wall: Clock, monotonic: Clock, fake_obs: FakeObs) -> None:
        super().__init__(path, wall, monotonic, fake_obs)
        self.seen: list[Event] = []
        self.bus.listen(self.seen.append)

    def say(self, *items: tuple[str, str, str | None]) -> None:
        self.audience.ingest([IncomingComment("douyin", u, t, user_id=i) for u, t, i in items])

    async def crash(self) -> None:
        """What was appended reaches the file; then the console is gone (no end of session)."""
        await self.writer.flush()
        self.writer.close()

    async def rows(self, kind: str | None = None) -> list[tuple[Any, ...]]:
        def read(db: Any) -> list[tuple[Any, ...]]:
            sql = "SELECT session_id, interaction_id, kind, platform, user, user_id, t, choice"
            sql += " FROM interaction_viewers"
            args: list[Any] = []
            if kind is not None:
                sql, args = sql + " WHERE kind = ?", [kind]
            return [tuple(r) for r in db.execute(sql + " ORDER BY rowid", args)]

        found: list[tuple[Any, ...]] = await self.writer.run(read)
        return found


def _entrants(interaction: Interaction) -> list[Viewer]:
    lottery = max(interaction._lotteries.values(), key=lambda x: x.id)
    return list(lottery.entrants)


async def test_an_open_lottery_poll_and_check_in_come_back_from_the_stored_rows(
    tmp_path: Path, fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    db = tmp_path / "livedesk.db"
    before = SqliteConsole(db, clock, monotonic, fake_obs)
    try:
        await before.show.recorder.start("福袋专场")
        session_id = before.show.recorder.session.id  # type: ignore[union-attr]
        lottery = before.interaction.open_lottery("666", 2, 60)
        poll_id = before.interaction.open_poll("哪个颜色?", ["红", "蓝"]).id
        before.interaction.open_checkin("签到")
        clock.now += 5
        monotonic.now += 5
        before.say(("小明", "666", "u1"), ("阿花", "666冲", "u2"), ("小明", "666", "u1"),
                   ("路人", "主播好", "u3"), ("老王", "６６６", None))  # fmt: skip
        # 小明 votes 1 then changes to 2; 阿花 votes b twice (the second is no new ballot)
        before.say(("小明", "1", "u1"), ("阿花", "b", "u2"), ("路人", "2", "u3"),
                   ("小明", "2", "u1"), ("阿花", "B", "u2"))  # fmt: skip
        clock.now += 2
        monotonic.now += 2
        before.say(("阿花", "签到", "u2"), ("路人", "签到啦", "u3"), ("阿花", "签到", "u2"))
        was = before.interaction.state()
        entrants = _entrants(before.interaction)
        poll = before.interaction._polls[poll_id]
        ballots, votes = poll.ballots(), dict(poll.votes)
        attendance = before.interaction._checkins[-1].attendance()
        assert [e.user for e in entrants] == ["小明", "阿花", "老王"]
        assert was.poll is not None
        assert was.poll.counts == (0, 3)
        assert was.checkin is not None
        assert was.checkin.count == 2
        # one row per viewer taken: 3 entrants, 4 ballots (one changed), 2 check-ins
        rows = await before.rows()
        assert [(r[2], r[4], r[7]) for r in rows] == [
            ("lottery", "小明", None), ("lottery", "阿花", None), ("lottery", "老王", None),
            ("poll", "小明", 0), ("poll", "阿花", 1), ("poll", "路人", 1), ("poll", "小明", 1),
            ("checkin", "阿花", None), ("checkin", "路人", None),
        ]  # fmt: skip
        assert {r[0] for r in rows} == {session_id}
        assert before.keeper.save_now()
        kept = before.keeper.capture()["interaction"]
        assert "entrants" not in kept["lottery"]  # the viewers are rows, not in the kept state
        assert "ballots" not in kept["poll"]
        assert "present" not in kept["checkin"]
        await before.crash()
    finally:
        before.writer.close()

    clock.now += 15
    monotonic.now += 5000
    after = SqliteConsole(db, clock, monotonic, fake_obs)
    try:
        offered = await after.keeper.offer()
        assert offered is not None
        assert (offered.lottery_entrants, offered.poll_votes, offered.checkin_present) == (3, 3, 2)
        await after.show.resume()
        assert not [e for e in after.seen if isinstance(e, ResumePartial)]
        now = after.interaction.state()
        assert now.lottery is not None
        assert (now.lottery.id, now.lottery.entrants, now.lottery.remaining_s) == (
            lottery.id,
            3,
            38,
        )
        assert _entrants(after.interaction) == entrants  # in entry order: the draw depends on it
        assert now.poll == was.poll
        restored = after.interaction._polls[poll_id]
        assert restored.ballots() == ballots
        assert restored.votes == votes  # the last ballot of each voter
        assert now.checkin == was.checkin
        assert after.interaction._checkins[-1].attendance() == attendance  # with their times
        assert len(await after.rows()) == 9  # restored viewers are not stored again

        # the show goes on: new viewers are stored under the resumed session
        after.say(("新人", "666", "u9"), ("阿花", "666", "u2"), ("新人", "1", "u9"))
        assert [(r[0], r[4]) for r in (await after.rows())[9:]] == [(session_id, "新人")] * 2
        draw = after.interaction.draw(lottery.id)
        everyone = [*entrants, Viewer("douyin", "新人", "u9")]
        assert draw.winners == draw_winners(everyone, 2, draw.seed)
        # a new interaction never takes an id whose viewers are stored
        assert after.interaction.open_lottery("888").id > max(lottery.id, poll_id)
    finally:
        after.writer.close()


async def test_a_second_crash_after_resuming_an_inline_snapshot_keeps_its_viewers(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    """A state kept by the previous LiveDesk (viewers inline) restores as it did; its viewers go
    to the store then, so the header-only state saved next still brings them back."""
    bus = EventBus()
    older = Interaction(ShowRecorder(MemoryLog(), bus, clock=clock), bus, clock=clock)
    older.open_lottery("666", 1)
    poll_id = older.open_poll("Q?", ["a", "b"]).id
    older.open_checkin("签到")
    older.take([_said(n, f"观众{n}", "666") for n in range(5)])
    older.take([_said(n, f"观众{n}", "ab"[n % 2]) for n in range(4)])
    older.take([_said(n, f"观众{n}", "签到") for n in range(3)])
    inline = json.loads(json.dumps(older.snapshot()))
    assert len(inline["lottery"]["entrants"]) == 5  # the old format

    viewers = MemoryInteractionViewers()
    states = MemoryShowState(MemoryComments(), viewers)
    first = await _running(bus, clock, viewers)
    first.restore(inline)  # the inline path: no rows needed
    assert first.state().lottery.entrants == 5  # type: ignore[union-attr]
    assert first.state().poll.counts == (2, 2)  # type: ignore[union-attr]
    assert first.state().checkin.count == 3  # type: ignore[union-attr]
    assert len(viewers.rows) == 5 + 4 + 3
    assert {session for session, _row in viewers.rows} == {1}
    header = json.loads(json.dumps(first.snapshot()))
    assert header["lottery"]["viewers"] == saved.STORED
    states.save_state(1, T0, {"interaction": header})

    second = await _running(bus, clock, viewers)
    rows, last_id = await states.load_interaction_viewers(1, [1, 2, 3])
    second.restore(header, rows, last_id)
    assert second.snapshot() == first.snapshot()
    assert second._polls[poll_id].ballots() == older._polls[poll_id].ballots()
    assert second._checkins[-1].attendance() == older._checkins[-1].attendance()
    assert len(viewers.rows) == 12  # not stored again


async def test_a_closed_poll_and_check_in_come_back_from_their_counts(
    fake_obs: FakeObs, clock: Clock, monotonic: Clock
) -> None:
    bus, viewers = EventBus(), MemoryInteractionViewers()
    states = MemoryShowState(MemoryComments(), viewers)
    first = await _running(bus, clock, viewers)
    poll_id = first.open_poll("Q?", ["a", "b", "c"], answer=2).id
    first.open_checkin("签到")
    first.take([_said(n, f"观众{n}", "abc"[n % 3]) for n in range(7)])
    first.take([_said(n, f"观众{n}", "签到") for n in range(4)])
    first.close_poll(poll_id)
    first.close_checkin()
    was = first.state()
    header = json.loads(json.dumps(first.snapshot()))
    assert header["poll"]["viewers"] == saved.STORED
    second = await _running(bus, clock, viewers)
    assert await states.load_interaction_viewers(1, []) == ([], 2)  # no rows read: none open
    second.restore(header, [], 2)
    assert second.state() == was
    assert second.reveal(poll_id).counts == (3, 2, 2)


def _said(n: int, user: str, text: str) -> Comment:
    return Comment(n, "douyin", user, text, T0 + n, user_id=None)


def _stored(bus: EventBus, clock: Clock, viewers: MemoryInteractionViewers) -> Interaction:
    recorder = ShowRecorder(MemoryLog(), bus, clock=clock)
    return Interaction(recorder, bus, clock=clock, viewers=viewers)


async def _running(bus: EventBus, clock: Clock, viewers: MemoryInteractionViewers) -> Interaction:
    """An interaction service of a running show (session 1)."""
    recorder = ShowRecorder(MemoryLog(), bus, clock=clock)
    await recorder.start("福袋")
    return Interaction(recorder, bus, clock=clock, viewers=viewers)


def test_the_kept_part_does_not_grow_with_the_viewers(clock: Clock) -> None:
    """Its JSON with 10 entrants (and 10 ballots, 10 check-ins) is that with 10,000 but for the
    digits of the counts; one store append per batch of comments, one row per viewer."""
    sizes = []
    for crowd in (10, 10_000):
        bus, viewers = EventBus(), MemoryInteractionViewers()
        service = _stored(bus, clock, viewers)
        service.open_lottery("666")
        service.open_poll("Q?", ["a", "b"])
        service.open_checkin("签到")
        for start in range(0, crowd, 500):
            batch = range(start, min(crowd, start + 500))
            service.take([_said(n, f"观众{n}", "666 签到") for n in batch])
            service.take([_said(n, f"观众{n}", "ab"[n % 2]) for n in batch])
        assert service.state().lottery.entrants == crowd  # type: ignore[union-attr]
        assert len(viewers.rows) == 3 * crowd
        assert viewers.appends == 2 * -(-crowd // 500)
        sizes.append(len(json.dumps(service.snapshot(), ensure_ascii=False)))
    assert 0 < sizes[1] - sizes[0] <= 20  # three counts' and two tallies' digits


async def test_ten_thousand_entrants_are_ten_thousand_rows(tmp_path: Path, clock: Clock) -> None:
    writer = SqliteSessionLog(tmp_path / "livedesk.db")
    try:
        bus = EventBus()
        recorder = ShowRecorder(writer, bus, clock=clock)
        await recorder.start("福袋")
        service = Interaction(recorder, bus, clock=clock, viewers=SqliteInteractionViewers(writer))
        lottery = service.open_lottery("666")
        for start in range(0, 10_000, 1_000):
            service.take([_said(n, f"观众{n}", "666") for n in range(start, start + 1_000)])
        service.take([_said(n, f"观众{n}", "666") for n in range(1_000)])  # entered already
        await writer.flush()

        def count(db: Any) -> list[Any]:
            return list(db.execute(
                "SELECT COUNT(*), COUNT(DISTINCT user), MIN(interaction_id), MAX(interaction_id)"
                " FROM interaction_viewers"
            ).fetchone())  # fmt: skip

        assert await writer.run(count) == [10_000, 10_000, lottery.id, lottery.id]
        store = SqliteShowState(writer)
        rows, last_id = await store.load_interaction_viewers(recorder.session.id, [lottery.id])  # type: ignore[union-attr]
        assert [row[3] for row in rows] == [f"观众{n}" for n in range(10_000)]
        assert last_id == lottery.id
    finally:
        writer.close()


def test_retention_deletes_the_old_interaction_viewers(tmp_path: Path) -> None:
    from app.adapters.store.retention import forget_before
    from app.adapters.store.schema import open_database

    db = open_database(tmp_path / "livedesk.db")
    try:
        db.execute("INSERT INTO sessions (title, started_at) VALUES ('福袋', ?)", [T0])
        for t in (T0, T0 + 100):
            db.execute(
                "INSERT INTO interaction_viewers (session_id, interaction_id, kind, platform,"
                " user, user_id, t, choice) VALUES (1, 1, 'lottery', 'douyin', '小明', 'u1', ?,"
                " NULL)",
                [t],
            )
        assert forget_before(db, T0 + 50).viewers == 1
        assert [r[0] for r in db.execute("SELECT t FROM interaction_viewers")] == [T0 + 100]
        assert not forget_before(db, T0 + 50)  # done once
    finally:
        db.close()
