"""The ShowStateStore port: the show's live state for resume, and what resume reads back.

Saves go through the writer thread like every other row (committed within its interval, so
at most the last moment is lost); reads run on the writer thread too, in order after them, and so
does `adopt_unfiled`, which files what this console logged before the resume under the show.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import sqlite_utils

from app.adapters.store import queries
from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import Comment, Kind, Question, QuestionState
from app.domain.interaction.saved import ViewerRow
from app.domain.log_events import LogEntry

_SAVE = "INSERT OR REPLACE INTO show_state (session_id, saved_at, state) VALUES (?, ?, ?)"
# The state, led by where the audience's rows stood in the log as the writer wrote it (the
# highest comment and audience item ids): resume counts the items after those
# (load_logged_after), never one the state counted already. The writer never puts a row queued
# before the state after it, as long as each save is a statement of its own (`/* save N */`:
# it joins the rows of one statement in a batch, at the first one's place); rows queued just
# after it in the same batch may go before it, and those few are not counted again. Made by
# joining text, not json_set: no parse of the state on the writer thread.
_ROWS_KEY = "rows_logged"
_SAVE_AFTER_ROWS = (
    "INSERT OR REPLACE INTO show_state (session_id, saved_at, state) VALUES (?, ?,"
    f" '{{\"{_ROWS_KEY}\":[' || (SELECT COALESCE(MAX(id), 0) FROM comments) || ','"
    " || (SELECT COALESCE(MAX(id), 0) FROM audience_events) || '],' || ?)"
)
_ROWS_MARK = re.compile(r'\{"' + _ROWS_KEY + r'":\[(\d+),(\d+)\],')


# the tables of what the audience sent, each with the column numbering its listed items
_AUDIENCE_TABLES = (("comments", "comment_no"), ("audience_events", "item_no"))


class SqliteShowState:
    def __init__(self, writer: SqliteSessionLog) -> None:
        """Made as the console starts, before it logs anything: the audience's rows after
        those there now are this console's."""
        self._writer = writer
        self._saves = itertools.count(1)  # each save a statement of its own (_SAVE_AFTER_ROWS)
        self._logged_before = queries.last_row_ids(writer.path, [t for t, _ in _AUDIENCE_TABLES])

    async def adopt_unfiled(self, session_id: int, renumber: int) -> int:
        """The comments and audience items this console logged under no show (it restarted
        after a crash, and the show was not resumed yet) become the show `session_id`'s, their
        numbers moved on by `renumber` (after the show's own). In order after every row queued
        before; returns how many rows."""
        since = self._logged_before

        def write(db: sqlite_utils.Database) -> int:
            adopted = 0
            for table, number in _AUDIENCE_TABLES:
                cursor = db.execute(
                    f"UPDATE {table} SET session_id = ?,"
                    f" {number} = CASE WHEN {number} > 0 THEN {number} + ? ELSE {number} END"
                    " WHERE session_id IS NULL AND id > ?",
                    [session_id, renumber, since.get(table, 0)],
                )
                adopted += max(0, cursor.rowcount)
            return adopted

        found: int = await self._writer.run(write)
        return found

    async def load_native_ids(self, session_id: int, limit: int) -> list[tuple[str, str]]:
        """The (platform, id) of the session's latest `limit` items that carried the platform's
        own id, comments and audience items alike, oldest first."""

        def read(db: sqlite_utils.Database) -> list[tuple[str, str]]:
            # each table's latest through its (session_id, ts) index, then the latest of both
            latest = [f"""SELECT * FROM (SELECT platform, native_id, ts FROM {table}
                           WHERE session_id = :id AND native_id IS NOT NULL
                           ORDER BY ts DESC LIMIT :limit)"""
                      for table, _ in _AUDIENCE_TABLES]  # fmt: skip
            rows = db.execute(
                f"SELECT platform, native_id FROM ({' UNION ALL '.join(latest)})"
                " ORDER BY ts DESC LIMIT :limit",
                {"id": session_id, "limit": limit},
            ).fetchall()
            return [(str(platform), str(native)) for platform, native in reversed(rows)]

        found: list[tuple[str, str]] = await self._writer.run(read)
        return found

    def save_state(self, session_id: int, saved_at: float, state: dict[str, Any]) -> None:
        if _ROWS_KEY in state:
            state = {k: v for k, v in state.items() if k != _ROWS_KEY}
        text = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
        if not state:  # "{}": nothing to lead
            self._writer.append_rows(_SAVE, [(session_id, saved_at, text)])
            return
        sql = f"{_SAVE_AFTER_ROWS} /* save {next(self._saves)} */"
        self._writer.append_rows(sql, [(session_id, saved_at, text[1:])])

    async def load_state(self, session_id: int) -> tuple[float, object] | None:
        """(saved_at, the state as it was given to save_state)."""

        def read(db: sqlite_utils.Database) -> tuple[float, object] | None:
            row = db.execute(
                "SELECT saved_at, state FROM show_state WHERE session_id = ?", [session_id]
            ).fetchone()
            if row is None:
                return None
            try:
                state = json.loads(row[1])
            except (TypeError, ValueError):
                return float(row[0]), None
            if isinstance(state, dict):
                state.pop(_ROWS_KEY, None)
            return float(row[0]), state

        found: tuple[float, object] | None = await self._writer.run(read)
        return found

    async def load_logged_after(
        self, session_id: int, saved_at: float
    ) -> tuple[list[LogEntry], list[Comment]]:
        """What the log holds of the show that its kept state may not: the entries logged after
        `saved_at`, in the order logged, and the audience's items (not comments) written after
        the state (none for a state kept before it said where the rows stood). In order after
        every row queued before."""

        def read(db: sqlite_utils.Database) -> tuple[list[LogEntry], list[Comment]]:
            entries = [
                LogEntry(float(t), str(kind), session_id, stream_tc, record_tc, _data(data))
                for t, kind, stream_tc, record_tc, data in db.execute(
                    """SELECT t, kind, stream_tc, record_tc, data FROM events
                       WHERE session_id = ? AND t > ? ORDER BY id""",
                    [session_id, saved_at],
                )
            ]  # fmt: skip
            head = db.execute(
                "SELECT substr(state, 1, 80) FROM show_state WHERE session_id = ?", [session_id]
            ).fetchone()
            mark = _ROWS_MARK.match(head[0]) if head and isinstance(head[0], str) else None
            if mark is None:
                return entries, []
            said = db.execute(
                """SELECT comment_no, platform, user, text, ts, native_id, user_id, kind, value,
                          currency
                   FROM comments WHERE id > ? AND session_id = ? AND kind != 'comment'
                   ORDER BY id""",
                [int(mark[1]), session_id],
            ).fetchall()
            done = db.execute(
                """SELECT item_no, platform, user, text, ts, native_id, user_id, kind, gift,
                          count, value, currency
                   FROM audience_events WHERE id > ? AND session_id = ? ORDER BY id""",
                [int(mark[2]), session_id],
            ).fetchall()
            items = [
                Comment(int(r[0] or 0), r[1], r[2], r[3] or "", float(r[4]), r[5], r[6],
                        kind=Kind(r[7]), value=r[8], currency=r[9])
                for r in said
            ] + [
                Comment(int(r[0] or 0), r[1], r[2], r[3] or "", float(r[4]), r[5], r[6],
                        kind=Kind(r[7]), gift=r[8], count=r[9], value=r[10], currency=r[11])
                for r in done
            ]  # fmt: skip
            return entries, items

        found: tuple[list[LogEntry], list[Comment]] = await self._writer.run(read)
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
        """The latest `limit` items of the feed's list: comments and super chats, and the gifts,
        follows, memberships and shares numbered with them (their own table), so that the list
        comes back without holes (a comment is found by its number in it)."""

        def read(db: sqlite_utils.Database) -> list[Comment]:
            said = db.execute(
                """SELECT comment_no, platform, user, text, ts, native_id, user_id, is_question,
                          intent, flood, kind, value, currency, buying, blocked
                   FROM comments WHERE session_id = ? AND comment_no IS NOT NULL
                   ORDER BY id DESC LIMIT ?""",
                [session_id, limit],
            ).fetchall()
            done = db.execute(
                """SELECT item_no, platform, user, text, ts, native_id, user_id, kind, gift,
                          count, value, currency
                   FROM audience_events WHERE session_id = ? AND item_no > 0
                   ORDER BY id DESC LIMIT ?""",
                [session_id, limit],
            ).fetchall()
            listed = [
                Comment(int(r[0]), r[1], r[2], r[3], float(r[4]), r[5], r[6], bool(r[7]), r[8],
                        bool(r[9]), kind=Kind(r[10]), value=r[11], currency=r[12],
                        buying=bool(r[13]), blocked=bool(r[14]))
                for r in said
            ] + [
                Comment(int(r[0]), r[1], r[2], r[3], float(r[4]), r[5], r[6], kind=Kind(r[7]),
                        gift=r[8], count=r[9], value=r[10], currency=r[11])
                for r in done
            ]  # fmt: skip
            # one per number (a log an older LiveDesk resumed may hold a number twice)
            unique = {c.id: c for c in sorted(listed, key=lambda c: c.id)}
            return list(unique.values())[-limit:]

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


def _data(text: object) -> dict[str, Any]:
    """An entry's data as logged (a damaged one: none)."""
    try:
        data = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _question(row: tuple[Any, ...]) -> Question:
    """A question row; its askers from the JSON columns (rows written before the askers had a
    table of their own); those of ``question_askers`` are joined after."""
    return Question.restored(
        int(row[0]), row[1], row[2], float(row[5]), row[6],
        [int(i) for i in json.loads(row[3] or "[]")], [str(a) for a in json.loads(row[4] or "[]")],
        state=QuestionState(row[7]), claimed_by=row[8], claimed_at=row[9], answered_by=row[10],
        answered_at=row[11], answer=row[12], featured=bool(row[13]), buying=bool(row[14]),
    )  # fmt: skip
