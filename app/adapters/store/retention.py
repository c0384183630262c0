"""The retention setting: comment text older than N days is blanked; who, when, whether it was a
question and its intent stay, so the reviews' counts do not change.

The askers of the questions of runs that started before then lose their names too: each becomes
"#1", "#2" … in the order they asked that question, so how many distinct viewers asked it stays.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import sqlite_utils

DAY_S = 86_400
REDACTED = ""
_PSEUDONYM = re.compile(r"#[1-9][0-9]*")
_NAMED = "NOT GLOB '#[1-9]*'"  # an asker not yet replaced by its number (SQL)

QuestionRef = tuple[float, int]  # (run_started, question id)


def forget_old_comment_text(db: sqlite_utils.Database, now: float, days: int) -> int:
    """Blank the text of comments older than `days` (0: keep everything) and number their
    questions' askers; returns how many comments were blanked."""
    if days <= 0:
        return 0
    before = now - days * DAY_S
    cursor = db.execute(
        "UPDATE comments SET text = ?, user = ? WHERE ts < ? AND text != ?",
        [REDACTED, "", before, REDACTED],
    )
    forget_askers(db, before)
    return int(cursor.rowcount or 0)


def forget_askers(db: sqlite_utils.Database, before: float) -> int:
    """Number the askers of the questions of runs started before `before`; returns how many
    questions changed. Done once: a question whose askers are all numbered is left alone."""
    tables = db.table_names()
    if "questions" not in tables:
        return 0
    legacy: dict[QuestionRef, list[str]] = {}
    for run, question, askers in db.execute(
        "SELECT run_started, id, askers FROM questions"
        " WHERE run_started < ? AND askers NOT IN ('[]', '')",
        [before],
    ):
        legacy[(run, question)] = [str(a) for a in json.loads(askers)]
    named = {ref for ref, askers in legacy.items() if not _all_numbered(askers)}
    has_rows = "question_askers" in tables
    if has_rows:
        named.update(
            db.execute(
                "SELECT DISTINCT run_started, question_id FROM question_askers"
                f" WHERE run_started < ? AND user {_NAMED}",
                [before],
            ).fetchall()
        )
    for run, question in named:
        rows = []
        if has_rows:
            rows = db.execute(
                "SELECT rowid, user FROM question_askers WHERE run_started = ? AND question_id = ?"
                " ORDER BY rowid",
                [run, question],
            ).fetchall()
        numbers = _numbers([*legacy.get((run, question), ()), *(user for _, user in rows)])
        if (run, question) in legacy:
            db.execute(
                "UPDATE questions SET askers = ? WHERE run_started = ? AND id = ?",
                [json.dumps([numbers[a] for a in legacy[(run, question)]]), run, question],
            )
        db.conn.executemany(
            "UPDATE question_askers SET user = ? WHERE rowid = ?",
            [(numbers[user], rowid) for rowid, user in rows],
        )
    return len(named)


def _numbers(users: Iterable[str]) -> dict[str, str]:
    """Each distinct user → "#n", n in the order they first appear."""
    found: dict[str, str] = {}
    for user in users:
        if user not in found:
            found[user] = f"#{len(found) + 1}"
    return found


def _all_numbered(users: Iterable[str]) -> bool:
    return all(_PSEUDONYM.fullmatch(user) for user in users)
