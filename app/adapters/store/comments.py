"""The CommentStore port: comments and question state through the one writer thread.

A question's row holds its text and state and is written when it opens and when its state
changes; each comment that asks it appends one row to ``question_askers`` (the JSON ``askers`` and
``comment_ids`` columns of ``questions`` stay as rows written before that table have them).
"""

from __future__ import annotations

from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import TEXT_KINDS, Comment, Question

_INSERT_COMMENT = (
    "INSERT INTO comments (session_id, comment_no, platform, user, text, ts, is_question, intent,"
    " native_id, user_id, flood, given_ts, kind, value, currency, buying, blocked)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_INSERT_AUDIENCE_EVENT = (
    "INSERT INTO audience_events (session_id, item_no, platform, kind, user, user_id, native_id,"
    " text, gift, count, value, currency, ts, given_ts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_UPSERT_QUESTION = (
    "INSERT INTO questions (id, session_id, run_started, key, text, platform, state, created_at,"
    " claimed_by, claimed_at, answered_by, answered_at, answer, featured, buying)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    # a question stays in the show it was asked in (one asked between shows: the next one)
    " ON CONFLICT (run_started, id) DO UPDATE"
    " SET session_id = COALESCE(questions.session_id, excluded.session_id),"
    " key = excluded.key, text = excluded.text, platform = excluded.platform,"
    " state = excluded.state, created_at = excluded.created_at,"
    " claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at,"
    " answered_by = excluded.answered_by, answered_at = excluded.answered_at,"
    " answer = excluded.answer, featured = excluded.featured, buying = excluded.buying"
)
_INSERT_ASKER = (
    "INSERT INTO question_askers (run_started, question_id, comment_no, user, session_id)"
    " VALUES (?,?,?,?,?)"
)


class SqliteComments:
    def __init__(self, writer: SqliteSessionLog) -> None:
        self._writer = writer

    def add_comments(self, session_id: int | None, comments: list[Comment]) -> None:
        """Comments and super chats to `comments`, what else the audience did to
        `audience_events` (numbered alike)."""
        said = [c for c in comments if c.kind in TEXT_KINDS]
        if said:
            self._writer.append_rows(
                _INSERT_COMMENT,
                [
                    (session_id, c.id, c.platform, c.user, c.text, c.ts, int(c.is_question),
                     c.intent, c.native_id, c.user_id, int(c.flood), c.given_ts, c.kind.value,
                     c.value, c.currency, int(c.buying), int(c.blocked))
                    for c in said
                ],
            )  # fmt: skip
        if len(said) < len(comments):
            self._writer.append_rows(
                _INSERT_AUDIENCE_EVENT,
                [
                    (session_id, c.id, c.platform, c.kind.value, c.user, c.user_id, c.native_id,
                     c.text, c.gift, c.count, c.value, c.currency, c.ts, c.given_ts)
                    for c in comments if c.kind not in TEXT_KINDS
                ],
            )  # fmt: skip

    def save_question(self, session_id: int | None, run_started: float, q: Question) -> None:
        self._writer.append_rows(
            _UPSERT_QUESTION,
            [(q.id, session_id, run_started, q.key, q.text, q.platform, q.state.value,
              q.created_at, q.claimed_by, q.claimed_at, q.answered_by, q.answered_at, q.answer,
              int(q.featured), int(q.buying))],
        )  # fmt: skip

    def add_askers(
        self, session_id: int | None, run_started: float, asks: list[tuple[int, int, str]]
    ) -> None:
        if asks:
            self._writer.append_rows(
                _INSERT_ASKER,
                [(run_started, question, comment_no, user, session_id)
                 for question, comment_no, user in asks],
            )  # fmt: skip
