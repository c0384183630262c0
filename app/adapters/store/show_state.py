"""The ShowStateStore port: the show's live state for resume, and what resume reads back.

Saves go through the writer thread like every other row (committed within its interval, so
at most the last moment is lost); reads run on the writer thread too, in order after them.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import Comment, Kind, Question, QuestionState
from app.domain.interaction.saved import ViewerRow

_SAVE = "INSERT OR REPLACE INTO show_state (session_id, saved_at, state) VALUES (?, ?, ?)"


class SqliteShowState:
    def __init__(self, writer: SqliteSessionLog) -> None:
        self._writer = writer

    def save_state(self, session_id: int, saved_at: float, state: dict[str, Any]) -> None:
        text = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
        self._writer.append_rows(_SAVE, [(session_id, saved_at, text)])

    async def load_state(self, session_id: int) -> tuple[float, object] | None:
        def read(db: sqlite_utils.Database) -> tuple[float, object] | None:
            row = db.execute(
                "SELECT saved_at, state FROM show_state WHERE session_id = ?", [session_id]
            ).fetchone()
            if row is None:
                return None
            try:
                return float(row[0]), json.loads(row[1])
            except (TypeError, ValueError):
                return float(row[0]), None

        found: tuple[float, object] | None = await self._writer.run(read)
        return found

    async def load_questions(self, session_id: int, run_started: float | None) -> list[Question]:
        def read(db: sqlite_utils.Database) -> list[Question]:
            run = run_started
            if run is None:
                run = db.execute(
                    "SELECT MAX(run_started) FROM questions WHERE session_id = ?", [session_id]
                ).fetchone()[0]
            rows = db.execute(
                """SELECT id, key, text, comment_ids, askers, created_at, platform, state,
                          claimed_by, claimed_at, answered_by, answered_at, answer, featured,
                          buying
                   FROM questions WHERE session_id = ? AND run_started = ? ORDER BY id""",
                [session_id, run],
            ).fetchall()
            questions = {int(row[0]): _question(row) for row in rows}
            asks = db.execute(
                """SELECT question_id, comment_no, user FROM question_askers
                   WHERE run_started = ? AND session_id = ? ORDER BY question_id, rowid""",
                [run, session_id],
            )
            for question_id, comment_no, user in asks:
                question = questions.get(int(question_id))
                if question is not None:
                    question.join(int(comment_no), str(user))
            return list(questions.values())

        found: list[Question] = await self._writer.run(read)
        return found

    async def load_comments(self, session_id: int, limit: int) -> list[Comment]:
        def read(db: sqlite_utils.Database) -> list[Comment]:
            rows = db.execute(
                """SELECT comment_no, platform, user, text, ts, native_id, user_id, is_question,
                          intent, flood, kind, value, currency, buying, blocked
                   FROM comments WHERE session_id = ? AND comment_no IS NOT NULL
                   ORDER BY id DESC LIMIT ?""",
                [session_id, limit],
            ).fetchall()
            return [
                Comment(int(r[0]), r[1], r[2], r[3], float(r[4]), r[5], r[6], bool(r[7]), r[8],
                        bool(r[9]), kind=Kind(r[10]), value=r[11], currency=r[12],
                        buying=bool(r[13]), blocked=bool(r[14]))
                for r in reversed(rows)
            ]  # fmt: skip

        found: list[Comment] = await self._writer.run(read)
        return found

    async def load_interaction_viewers(
        self, session_id: int, interaction_ids: list[int]
    ) -> tuple[list[ViewerRow], int]:
        def read(db: sqlite_utils.Database) -> tuple[list[ViewerRow], int]:
            last = db.execute(
                "SELECT MAX(interaction_id) FROM interaction_viewers WHERE session_id = ?",
                [session_id],
            ).fetchone()[0]
            rows: list[ViewerRow] = []
            for interaction_id in dict.fromkeys(interaction_ids):
                rows.extend(
                    db.execute(
                        """SELECT interaction_id, kind, platform, user, user_id, t, choice
                           FROM interaction_viewers WHERE session_id = ? AND interaction_id = ?
                           ORDER BY rowid""",
                        [session_id, interaction_id],
                    )
                )
            return rows, int(last or 0)

        found: tuple[list[ViewerRow], int] = await self._writer.run(read)
        return found


def _question(row: tuple[Any, ...]) -> Question:
    """A question row; its askers from the JSON columns (rows written before the askers had a
    table of their own); those of ``question_askers`` are joined after."""
    return Question.restored(
        int(row[0]), row[1], row[2], float(row[5]), row[6],
        [int(i) for i in json.loads(row[3] or "[]")], [str(a) for a in json.loads(row[4] or "[]")],
        state=QuestionState(row[7]), claimed_by=row[8], claimed_at=row[9], answered_by=row[10],
        answered_at=row[11], answer=row[12], featured=bool(row[13]), buying=bool(row[14]),
    )  # fmt: skip
