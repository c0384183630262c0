"""Retention: old comment text goes, the counts the reviews show stay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.adapters.store.comments import SqliteComments
from app.adapters.store.queries import reading, session_questions
from app.adapters.store.retention import DAY_S, forget_askers, forget_old_comment_text
from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import Comment

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
        assert await writer.run(lambda db: forget_old_comment_text(db, NOW, 0)) == 0
        assert await writer.run(lambda db: forget_old_comment_text(db, NOW, 30)) == 1
        assert await writer.run(lambda db: forget_old_comment_text(db, NOW, 30)) == 0  # once
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
        assert await writer.run(lambda db: forget_old_comment_text(db, NOW, 30)) == 0
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
