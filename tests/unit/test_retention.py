"""Retention: old comment text goes, the counts the reviews show stay."""

from __future__ import annotations

from pathlib import Path

from app.adapters.store.comments import SqliteComments
from app.adapters.store.queries import reading
from app.adapters.store.retention import DAY_S, forget_old_comment_text
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
