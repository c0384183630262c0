"""Retention: old comment text goes, the counts the reviews show stay."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from app.adapters.report.data import load_review
from app.adapters.report.export_files import load_report, report_file
from app.adapters.store.comments import SqliteComments
from app.adapters.store.queries import reading, session_questions
from app.adapters.store.retention import (
    DAY_S,
    Forgotten,
    forget_askers,
    forget_at_start,
    forget_old,
)
from app.adapters.store.sessions import delete_session
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import Comment, IncomingComment, Kind
from app.domain.runsheet import RunSheet, Segment
from app.services.resume import ShowKeeper
from tests.support.fake_obs import FakeObs
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock

NOW = 1_800_000_000.0


async def test_old_text_is_blanked_and_counts_stay(tmp_path: Path) -> None:
    db_path = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(db_path)
    try:
        comments = SqliteComments(writer)
        comments.add_comments(None, [
            Comment(1, "douyin", "老观众", "上个月的问题？", NOW - 40 * DAY_S, is_question=True),
            Comment(2, "douyin", "新观众", "今天的问题？", NOW - 1 * DAY_S, is_question=True,
                    intent="purchase"),
        ])  # fmt: skip
        await writer.flush()
        assert not await writer.run(lambda db: forget_old(db, NOW, 0))
        assert (await writer.run(lambda db: forget_old(db, NOW, 30))).comments == 1
        assert not await writer.run(lambda db: forget_old(db, NOW, 30))  # once
    finally:
        writer.close()
    with reading(db_path) as db:
        rows = list(db.query("SELECT user, text, is_question, ts FROM comments ORDER BY ts"))
    assert [(r["user"], r["text"]) for r in rows] == [("", ""), ("新观众", "今天的问题？")]
    assert [r["is_question"] for r in rows] == [1, 1]  # the counts do not change


async def test_old_askers_become_numbers_and_the_counts_stay(tmp_path: Path) -> None:
    db_path = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(db_path)
    old_run, new_run = NOW - 40 * DAY_S, NOW - DAY_S
    try:
        session = await writer.start_session("上个月", old_run)

        def legacy(db: Any) -> None:  # a question row from before the askers' table
            db.execute(
                "INSERT INTO questions (id, session_id, run_started, key, text, platform, state,"
                " askers, comment_ids, created_at) VALUES (2, ?, ?, 'k', '有回放吗', 'douyin',"
                " 'open', '[\"老观众\", \"阿花\"]', '[3, 4]', ?)",
                [session, old_run, old_run],
            )

        await writer.run(legacy)
        comments = SqliteComments(writer)
        comments.add_askers(session, old_run, [(1, 1, "老观众"), (1, 2, "阿花"), (1, 5, "老观众"),
                                               (2, 6, "阿花"), (2, 7, "小明")])  # fmt: skip
        comments.add_askers(session, new_run, [(1, 1, "新观众")])
        await writer.flush()
        before = [q["asked"] for q in session_questions(db_path, session)]
        assert (await writer.run(lambda db: forget_old(db, NOW, 30))).comments == 0
        again = await writer.run(lambda db: forget_askers(db, NOW - 30 * DAY_S))
        rows = await writer.run(
            lambda db: db.execute(
                "SELECT run_started, question_id, user FROM question_askers ORDER BY rowid"
            ).fetchall()
        )
        legacy_askers = await writer.run(
            lambda db: db.execute("SELECT askers FROM questions WHERE id = 2").fetchone()[0]
        )
    finally:
        writer.close()
    assert again == 0  # done once
    assert rows == [(old_run, 1, "#1"), (old_run, 1, "#2"), (old_run, 1, "#1"),
                    (old_run, 2, "#2"), (old_run, 2, "#3"), (new_run, 1, "新观众")]  # fmt: skip
    assert json.loads(legacy_askers) == ["#1", "#2"]
    assert [q["asked"] for q in session_questions(db_path, session)] == before == [3]


# ----- a whole show through the real writer, then retention at start --------------------------

START = 1_700_000_000.0
VIEWERS = ("QuokkaZanzibar", "小明Frobozz", "WombatGrue")
USER_ID, NATIVE_ID = "uid-8F3C2A91", "nid-7F3A9C55"
CHAT = "PlughTwistyPassage 好看"  # the comment featured on screen
ASKED = "XyzzyLamp 多少钱？"  # asked by all three viewers
ANSWER = "QuokkaZanzibar 问的 XyzzyLamp 九十九元"
PRIVATE = (*VIEWERS, USER_ID, NATIVE_ID, "PlughTwisty", "XyzzyLamp")
TEXT_FIELDS = frozenset({"text", "user", "answer"})


async def _record_show(
    db_path: Path, clock: Clock, readers: list[sqlite3.Connection] | None = None
) -> int:
    """A show with a featured comment, a question asked by three viewers and answered quoting
    one of them, a blocked viewer and saved show states (the first, with the featured comment,
    replaced), written through the real writer. A connection in `readers` is opened while the
    show runs (another program reading the log): the writer's -wal then stays when it stops."""
    writer = SqliteSessionLog(db_path)
    try:  # deleted content stays in the file, as with most SQLite builds (not Debian's)
        await writer.run(lambda db: db.execute("PRAGMA secure_delete = OFF"))
        show = build_show(FakeObs(), writer, comments=SqliteComments(writer), wall=clock)  # type: ignore[arg-type]
        audience = show.audience
        assert audience is not None
        keeper = ShowKeeper(show.recorder, show.runner, show.overlays, audience,
                            SqliteShowState(writer), show.bus, clock=clock)  # fmt: skip
        session = (await show.recorder.start("周二专场")).id
        await show.runner.load(RunSheet(segments=(Segment("开场", 600), Segment("答疑", 600))))
        await show.runner.next()
        clock.now += 30
        [chat] = audience.ingest([IncomingComment("douyin", VIEWERS[0], CHAT, native_id=NATIVE_ID,
                                                  user_id=USER_ID)])  # fmt: skip
        audience.feature_comment(chat.id)
        keeper.save_now()
        await writer.flush()  # committed on its own
        clock.now += 60
        await show.runner.next()
        for n, viewer in enumerate(VIEWERS):
            clock.now += 20
            audience.ingest([IncomingComment("douyin", viewer, ASKED, user_id=f"{USER_ID}-{n}")])
        [question] = audience.queue.listing("open")
        assert question.asked == 3
        await writer.flush()
        audience.act(question.id, "claim", "助理A")
        await writer.flush()  # committed apart, as during a show
        clock.now += 45
        audience.act(question.id, "answer", "助理A", ANSWER)
        audience.block(VIEWERS[2])
        show.overlays.unfeature()  # the state saved next replaces one naming the featured viewer
        keeper.save_now()
        clock.now += 30
        await show.runner.next()  # the run-sheet's end
        await show.recorder.end()
        await writer.flush()
        if readers is not None:
            readers.append(sqlite3.connect(db_path))
            readers[-1].execute("SELECT count(*) FROM comments").fetchall()
    finally:
        writer.close()
    return session


def _file_bytes(db_path: Path) -> bytes:
    """The database file and its -wal and -shm, as they are on disk."""
    paths = [db_path, *(db_path.with_name(db_path.name + side) for side in ("-wal", "-shm"))]
    return b"".join(path.read_bytes() for path in paths if path.exists())


def _readable(blob: bytes) -> set[str]:
    return {
        word
        for word in PRIVATE
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
        if word.encode(encoding) in blob
    }


def _without_text(value: Any) -> Any:
    """The report with every viewer text field set to None: what retention may change."""
    if isinstance(value, dict):
        return {k: None if k in TEXT_FIELDS else _without_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_text(item) for item in value]
    return value


def _reviews(db_path: Path, session: int) -> tuple[dict[str, Any], dict[str, Any], list[int]]:
    """The JSON report, the rendered formats' review and the questions' asked counts."""
    return (
        load_report(db_path, session),
        load_review(db_path, session).report,
        [q["asked"] for q in session_questions(db_path, session)],
    )


def _dump(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with reading(db_path) as db:
        return {
            table: db.execute(f"SELECT * FROM [{table}] ORDER BY rowid").fetchall()
            for table in db.table_names()
        }


async def test_retention_leaves_no_viewer_in_the_file_and_keeps_the_counts(
    tmp_path: Path,
) -> None:
    db_path, readers = tmp_path / "livedesk.db", list[sqlite3.Connection]()
    session = await _record_show(db_path, Clock(START), readers)
    try:
        assert _readable(_file_bytes(db_path)) == set(PRIVATE)  # the show wrote them all
        assert db_path.with_name("livedesk.db-wal").stat().st_size > 0
        before = _reviews(db_path, session)
        report, review, asked = before
        assert asked == [3]
        assert report["questions"]["answered"] == 1
        assert [s["questions"] for s in review["segments"]] == [0, 3]

        forgotten = forget_at_start(db_path, START + 31 * DAY_S, 30)

        assert _readable(_file_bytes(db_path)) == set()  # the reader kept the -wal: emptied
    finally:
        readers[0].close()

    assert forgotten is not None
    assert (forgotten.comments, forgotten.questions, forgotten.askers) == (4, 1, 1)
    assert forgotten.events >= 4
    assert forgotten.states == 1
    after = _reviews(db_path, session)
    assert after != before  # the texts went, all the rest stayed:
    assert list(map(_without_text, after)) == list(map(_without_text, before))
    assert forget_at_start(db_path, START + 31 * DAY_S, 30) == Forgotten()  # done once
    tables = _dump(db_path)
    assert sorted(row[3] for row in tables["question_askers"]) == ["#1", "#2", "#3"]
    state = json.loads(tables["show_state"][0][2])
    assert state["audience"]["blocked"] == []
    assert state["runsheet"] is not None  # what resume needs beyond the viewers stays


async def test_what_earlier_writes_left_in_free_space_goes_too(tmp_path: Path) -> None:
    """A rehearsal deleted from the archive leaves its rows in free pages: the file is rebuilt
    when retention forgets something."""
    db_path = tmp_path / "livedesk.db"
    await _record_show(db_path, Clock(START))
    writer = SqliteSessionLog(db_path)
    try:
        await writer.run(lambda db: db.execute("PRAGMA secure_delete = OFF"))
        rehearsal = await writer.start_session("彩排", START + 40 * DAY_S)
        SqliteComments(writer).add_comments(rehearsal, [
            Comment(n, "douyin", "GhostRehearsal", f"GhostlyLine {n}", START + 40 * DAY_S + n)
            for n in range(1, 400)
        ])  # fmt: skip
        await writer.flush()
        await writer.run(lambda db: delete_session(db, rehearsal))
    finally:
        writer.close()
    assert b"GhostlyLine" in _file_bytes(db_path)

    assert forget_at_start(db_path, START + 41 * DAY_S, 30)

    assert b"GhostlyLine" not in _file_bytes(db_path)
    assert b"GhostRehearsal" not in _file_bytes(db_path)


async def test_rows_newer_than_the_cutoff_keep_everything(tmp_path: Path) -> None:
    db_path = tmp_path / "livedesk.db"
    session = await _record_show(db_path, Clock(START))
    before, rows = _reviews(db_path, session), _dump(db_path)

    assert forget_at_start(db_path, START + 29 * DAY_S, 30) == Forgotten()

    assert _reviews(db_path, session) == before
    assert _dump(db_path) == rows
    assert _readable(_file_bytes(db_path)) == set(PRIVATE)
    assert forget_at_start(db_path, START + 99 * DAY_S, 0) is None  # retention off


async def test_a_session_across_the_cutoff_forgets_by_each_rows_time(tmp_path: Path) -> None:
    """A question asked before the cutoff and answered after it: the answer goes with the
    question (it quotes the asker); a comment after the cutoff stays; the pseudonymised export
    names nobody."""
    db_path, clock = tmp_path / "livedesk.db", Clock(START)
    writer = SqliteSessionLog(db_path)
    try:
        show = build_show(FakeObs(), writer, comments=SqliteComments(writer), wall=clock)  # type: ignore[arg-type]
        audience = show.audience
        assert audience is not None
        session = (await show.recorder.start("跨夜专场")).id
        audience.ingest([IncomingComment("douyin", VIEWERS[0], ASKED)])
        [question] = audience.queue.listing("open")
        clock.now += 2 * DAY_S
        audience.act(question.id, "claim", "助理A")
        audience.act(question.id, "answer", "助理A", ANSWER)
        audience.ingest([IncomingComment("douyin", "LaterViewer", "还在播吗")])
        await show.recorder.end()
        await writer.flush()
    finally:
        writer.close()

    forget_at_start(db_path, START + DAY_S + 30 * DAY_S, 30)  # the cutoff: a day after START

    assert _readable(_file_bytes(db_path)) == set()
    comments = _dump(db_path)["comments"]
    assert [(row[3], row[4]) for row in comments] == [("", ""), ("LaterViewer", "还在播吗")]
    export = report_file(db_path, session, "json", salt="盐").payload.decode("utf-8")
    assert not any(word in export for word in PRIVATE)  # the answer quoted the asker
    assert load_report(db_path, session)["questions"]["answered"] == 1


async def test_the_thanks_list_kept_for_resuming_forgets_its_viewers(tmp_path: Path) -> None:
    """Resume keeps the thanks list in the show's saved state: its viewers (names, ids, a super
    chat's text) are forgotten with the rest; its counts stay."""
    db_path, clock = tmp_path / "livedesk.db", Clock(START)
    writer = SqliteSessionLog(db_path)
    try:
        show = build_show(FakeObs(), writer, comments=SqliteComments(writer), wall=clock)  # type: ignore[arg-type]
        audience = show.audience
        assert audience is not None
        keeper = ShowKeeper(show.recorder, show.runner, show.overlays, audience,
                            SqliteShowState(writer), show.bus, clock=clock)  # fmt: skip
        await show.recorder.start("感谢场")
        paid = IncomingComment("douyin", VIEWERS[1], CHAT, user_id=USER_ID, kind=Kind.SUPERCHAT,
                               value=30.0, currency="CNY")  # fmt: skip
        audience.ingest([paid])
        keeper.save_now()
        await writer.flush()
    finally:
        writer.close()

    forgotten = forget_at_start(db_path, START + 31 * DAY_S, 30)

    assert forgotten is not None
    assert forgotten.states == 1
    assert _readable(_file_bytes(db_path)) == set()
    state = json.loads(_dump(db_path)["show_state"][0][2])
    assert state["audience"]["thanks"]["entries"] == []
    assert state["audience"]["thanks"]["issued"] == 1
