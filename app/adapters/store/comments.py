"""The CommentStore port: comments and question state through the one writer thread."""

from __future__ import annotations

import json

from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import Comment, Question

_INSERT_COMMENT = (
    "INSERT INTO comments (session_id, comment_no, platform, user, text, ts, is_question, intent,"
    " native_id, user_id, flood) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
_UPSERT_QUESTION = (
    "INSERT OR REPLACE INTO questions (id, session_id, run_started, key, text, platform, state,"
    " askers, comment_ids, created_at, claimed_by, claimed_at, answered_by, answered_at, answer,"
    " featured) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


class SqliteComments:
    def __init__(self, writer: SqliteSessionLog) -> None:
        self._writer = writer

    def add_comments(self, session_id: int | None, comments: list[Comment]) -> None:
        self._writer.append_rows(
            _INSERT_COMMENT,
            [
                (session_id, c.id, c.platform, c.user, c.text, c.ts, int(c.is_question), c.intent,
                 c.native_id, c.user_id, int(c.flood))
                for c in comments
            ],
        )  # fmt: skip

    def save_question(self, session_id: int | None, run_started: float, q: Question) -> None:
        self._writer.append_rows(
            _UPSERT_QUESTION,
            [(q.id, session_id, run_started, q.key, q.text, q.platform, q.state.value,
              json.dumps(list(q.askers), ensure_ascii=False), json.dumps(list(q.comment_ids)),
              q.created_at, q.claimed_by, q.claimed_at, q.answered_by, q.answered_at, q.answer,
              int(q.featured))],
        )  # fmt: skip
