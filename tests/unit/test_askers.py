"""A popular question: each asker costs one small row and constant work, whoever asked before;
the log keeps every asker, and resume, the review and the archive read them back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.adapters.store.comments import SqliteComments
from app.adapters.store.queries import session_questions
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import IncomingComment
from app.services.audience import Audience
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryComments, MemoryLog
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock

ASKERS = 10_000
VARIANTS = ["多少钱？", "多少钱?", "请问多少钱", "多少錢啊", "多少钱呀！"]  # one key: 多少钱


def _askers(start: int, count: int) -> list[IncomingComment]:
    return [IncomingComment("douyin", f"观众{n}", VARIANTS[n % len(VARIANTS)])
            for n in range(start, start + count)]  # fmt: skip


class CountingWriter:
    """Stands in for the log writer under the real SqliteComments: the rows and bytes it gets."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.bytes: dict[str, int] = {}
        self.largest: dict[str, int] = {}

    def append_rows(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        table = sql.split(" INTO ")[1].split()[0]
        size = sum(len(str(value).encode()) for row in rows for value in row)
        self.rows[table] = self.rows.get(table, 0) + len(rows)
        self.bytes[table] = self.bytes.get(table, 0) + size
        for row in rows:
            one = sum(len(str(value).encode()) for value in row)
            self.largest[table] = max(self.largest.get(table, 0), one)


def _show_with(comments: Any, clock: Clock) -> Show:
    return build_show(FakeObs(), MemoryLog(), comments=comments, wall=clock)


def test_ten_thousand_askers_cost_one_small_row_each(clock: Clock) -> None:
    writer = CountingWriter()
    show = _show_with(SqliteComments(writer), clock)  # type: ignore[arg-type]
    audience = show.audience
    assert audience is not None
    for start in range(0, ASKERS, 100):
        audience.ingest(_askers(start, 100))
        clock.now += 0.01
    top = audience.queue.top()
    assert top is not None
    assert top.text == "多少钱？"
    assert top.asked == ASKERS
    assert audience.counts().questions_open == 1
    api = audience.question_api(top)
    assert api["asked"] == ASKERS
    assert api["askers"] == [f"观众{n}" for n in range(20)]
    assert api["comment_ids"] == list(range(1, 51))
    assert writer.rows["question_askers"] == ASKERS  # one row per asking comment
    assert writer.rows["questions"] <= 3  # the question's own row: when it opened
    assert writer.largest["question_askers"] < 100  # bytes: the same for the 1st and 10,000th
    assert writer.bytes["questions"] < 1_000


def test_a_viewer_asking_again_is_one_asker_and_one_more_comment(clock: Clock) -> None:
    comments = MemoryComments()
    audience = _show_with(comments, clock).audience
    assert audience is not None
    audience.ingest(_askers(0, 3) + _askers(1, 1) + _askers(0, 1))
    question = audience.queue.top()
    assert question is not None
    assert question.asked == 3
    assert question.askers == ("观众0", "观众1", "观众2")
    assert question.comment_ids == (1, 2, 3, 4, 5)
    assert [ask[2:] for ask in comments.askers] == [
        (1, 1, "观众0"), (1, 2, "观众1"), (1, 3, "观众2"), (1, 4, "观众1"), (1, 5, "观众0"),
    ]  # fmt: skip
    assert comments.question_saves == 1


async def test_the_log_keeps_every_asker_for_resume_and_review(
    tmp_path: Path, clock: Clock
) -> None:
    db_path = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(db_path)
    try:
        log, store = writer, SqliteComments(writer)
        show = build_show(FakeObs(), log, comments=store, wall=clock)  # type: ignore[arg-type]
        audience = show.audience
        assert audience is not None
        session = await show.recorder.start("问价")
        for start in range(0, ASKERS, 500):
            audience.ingest(_askers(start, 500))
        audience.ingest([IncomingComment("douyin", "观众1", "有回放吗？")])
        await writer.flush()
        count = await writer.run(
            lambda db: db.execute("SELECT COUNT(*) FROM question_askers").fetchone()[0]
        )
        assert count == ASKERS + 1
        restored = await SqliteShowState(writer).load_questions(session.id, audience.run_started)
    finally:
        writer.close()
    by_text = {q.text: q for q in restored}
    assert by_text["多少钱？"].asked == ASKERS
    assert by_text["有回放吗？"].asked == 1
    assert by_text["多少钱？"].first_askers(3) == ["观众0", "观众1", "观众2"]
    assert len(by_text["多少钱？"].comment_ids) == ASKERS
    review = {q["text"]: q["asked"] for q in session_questions(db_path, session.id)}
    assert review == {"多少钱？": ASKERS, "有回放吗？": 1}


async def test_rows_from_before_the_askers_table_still_count(tmp_path: Path) -> None:
    """A question row written with its askers as JSON (an older LiveDesk), asked again since:
    both are read, each viewer once."""
    db_path = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(db_path)
    try:
        session = await writer.start_session("旧版", 100.0)

        def old_row(db: Any) -> None:
            db.execute(
                "INSERT INTO questions (id, session_id, run_started, key, text, platform, state,"
                " askers, comment_ids, created_at) VALUES (1, ?, 50.0, '多少钱', '多少钱？',"
                " 'douyin', 'open', '[\"甲\", \"乙\"]', '[1, 2]', 101.0)",
                [session],
            )

        await writer.run(old_row)
        SqliteComments(writer).add_askers(session, 50.0, [(1, 7, "乙"), (1, 8, "丙")])
        await writer.flush()
        [question] = await SqliteShowState(writer).load_questions(session, 50.0)
    finally:
        writer.close()
    assert question.askers == ("甲", "乙", "丙")
    assert question.asked == 3
    assert question.comment_ids == (1, 2, 7, 8)
    assert [q["asked"] for q in session_questions(db_path, session)] == [3]


def test_an_audience_restored_goes_on_counting(clock: Clock) -> None:
    comments = MemoryComments()
    before = _show_with(comments, clock).audience
    assert before is not None
    before.ingest(_askers(0, 50))
    saved, questions = before.snapshot(), comments.load_questions()
    after: Audience | None = _show_with(MemoryComments(), clock).audience
    assert after is not None
    after.restore(saved, questions, [c for _, c in comments.comments])
    after.ingest(_askers(50, 50) + _askers(0, 1))
    top = after.queue.top()
    assert top is not None
    assert top.asked == 100
    assert len(top.comment_ids) == 101
