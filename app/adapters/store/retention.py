"""The retention setting: what a viewer said or was, older than N days, is forgotten; the counts
the reviews show stay.

Each row is judged by its own time: a comment by ``ts``, an event by ``t``, a question by
``created_at``, a saved show state by ``saved_at``; the askers of a question by the start of its
run (``run_started``). A question's later events (claim, answer …) follow the question: once it is
forgotten, so is the answer logged with them, which often quotes the viewer.

Forgotten are, in the comments: text, name, the platform's user id and comment id; in the
questions: text, key and answer (who claimed and answered it are the team's own and stay); the
askers become "#1", "#2" … in the order they asked each question, so how many distinct viewers
asked it stays; in the events: the featured comment's text and name, a question's text and first
asker, an answer, a blocked viewer's name; in the saved show states (for resuming): the featured
comment, the block list and the thanks list's viewers; the viewers an interaction took (kept for
resuming) are deleted. Who, when, whether it was a question, its intent, its state and every
time stay, so the per-minute counts, the question statistics and the segments' counts do not
change. The imported orders hold no buyer (order number, product, quantity, amount, time).

At start, before the writer opens the file (``forget_at_start``), the pass runs with SQLite's
``secure_delete`` on, then empties the write-ahead log and rebuilds the file (VACUUM): nothing
forgotten stays readable in the database's free space or its -wal file.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from app.adapters.store.schema import StoreError, open_database

log = logging.getLogger(__name__)

DAY_S = 86_400
REDACTED = ""
_PSEUDONYM = re.compile(r"#[1-9][0-9]*")
_NAMED = "NOT GLOB '#[1-9]*'"  # an asker not yet replaced by its number (SQL)

QuestionRef = tuple[float, int]  # (run_started, question id)

# what a viewer said or was, in the data of each kind of event (see app/domain/log_events.py)
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "overlay.featured.show": ("user", "text"),  # a comment or question put on screen
    "question.open": ("user", "text"),
    "audience.block": ("user", "user_id"),
    "audience.unblock": ("user", "user_id"),
}
QUESTION_EVENT_FIELDS = ("text", "user", "answer")  # question.claim / answer / dismiss / feature
_ALL_FIELDS = sorted(
    {*QUESTION_EVENT_FIELDS, *(f for fields in EVENT_FIELDS.values() for f in fields)}
)


@dataclass
class Forgotten:
    """How many rows one retention pass changed, per table."""

    comments: int = 0
    questions: int = 0  # text, key or answer blanked
    askers: int = 0  # questions whose askers became numbers
    events: int = 0
    states: int = 0  # saved show states
    viewers: int = 0  # interaction viewers kept for resume (deleted: only resume reads them)

    def __bool__(self) -> bool:
        return any(astuple(self))


def forget_at_start(path: str | os.PathLike[str], now: float, days: int) -> Forgotten | None:
    """The retention pass at start, before the log writer opens the file (VACUUM needs the file
    to itself, outside any transaction). None when retention is off, there is no log yet, or the
    pass could not run (logged; the show goes on)."""
    if days <= 0 or not Path(path).is_file():
        return None
    try:
        db = open_database(path)
    except (StoreError, sqlite3.Error, OSError) as exc:  # the writer says what is wrong next
        log.warning("retention skipped: %s", exc)
        return None
    try:
        db.execute("PRAGMA secure_delete = ON")  # what is blanked is overwritten with zeros
        with db.atomic():
            forgotten = forget_old(db, now, days)
        if forgotten:
            _tidy(db)
    except sqlite3.Error as exc:  # a read-only or full disk, a lock held elsewhere
        log.warning("retention skipped: %s", exc)
        return None
    finally:
        db.close()
    log.info("retention: forgot the viewers of %d comments, %d questions (%d askers' lists), "
             "%d events and %d saved show states older than %d days", forgotten.comments,
             forgotten.questions, forgotten.askers, forgotten.events, forgotten.states,
             days)  # fmt: skip
    return forgotten


def _tidy(db: sqlite_utils.Database) -> None:
    """Empty the write-ahead log (it holds the pages as they were) and rebuild the file, so no
    free page keeps what was forgotten."""
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:  # e.g. no room for VACUUM's copy: the text is blanked anyway
        log.warning("retention: the log file could not be rebuilt (%s); what was forgotten is "
                    "overwritten, yet the file keeps its size", exc)  # fmt: skip


def forget_old(db: sqlite_utils.Database, now: float, days: int) -> Forgotten:
    """Forget what viewers said or were in rows older than `days` (0: keep everything), in the
    caller's transaction; done once: a second pass changes nothing."""
    if days <= 0:
        return Forgotten()
    return forget_before(db, now - days * DAY_S)


def forget_before(db: sqlite_utils.Database, before: float) -> Forgotten:
    tables = set(db.table_names())
    forgotten = Forgotten()
    if "comments" in tables:
        forgotten.comments = _forget_comments(db, before)
    if "events" in tables:  # before the questions: their events follow them
        forgotten.events = _forget_events(db, before, "questions" in tables)
    if "questions" in tables:
        forgotten.questions = _forget_questions(db, before)
    forgotten.askers = forget_askers(db, before)
    if "show_state" in tables:
        forgotten.states = _forget_states(db, before)
    if "interaction_viewers" in tables:
        cursor = db.execute("DELETE FROM interaction_viewers WHERE t < ?", [before])
        forgotten.viewers = int(cursor.rowcount or 0)
    return forgotten


def _forget_comments(db: sqlite_utils.Database, before: float) -> int:
    cursor = db.execute(
        "UPDATE comments SET text = ?, user = ?, user_id = NULL, native_id = NULL WHERE ts < ?"
        " AND (text != ? OR user != ? OR user_id IS NOT NULL OR native_id IS NOT NULL)",
        [REDACTED, REDACTED, before, REDACTED, REDACTED],
    )
    return int(cursor.rowcount or 0)


def _forget_questions(db: sqlite_utils.Database, before: float) -> int:
    cursor = db.execute(
        "UPDATE questions SET text = ?, key = ?,"
        " answer = CASE WHEN answer IS NULL THEN NULL ELSE ? END"
        " WHERE created_at < ? AND (text != ? OR key != ? OR COALESCE(answer, ?) != ?)",
        [REDACTED, REDACTED, REDACTED, before, REDACTED, REDACTED, REDACTED, REDACTED],
    )
    return int(cursor.rowcount or 0)


def _field(name: str) -> str:
    """SQL: the event's data holds a non-empty `name` (no error for data that is not JSON)."""
    return f"COALESCE(CASE WHEN json_valid(data) THEN json_extract(data, '$.{name}') END, '') != ''"


def _forget_events(db: sqlite_utils.Database, before: float, has_questions: bool) -> int:
    """The viewers' words and names in the data of old events. Data that is not JSON (a damaged
    old row) cannot be read field by field: that of an old audience event is emptied."""
    kinds = ", ".join(f"'{kind}'" for kind in EVENT_FIELDS)
    audience = f"(kind IN ({kinds}) OR kind GLOB 'question.*')"
    changed = int(
        db.execute(
            f"UPDATE events SET data = '{{}}' WHERE t < ? AND {audience} AND NOT json_valid(data)",
            [before],
        ).rowcount
        or 0
    )
    filled = " OR ".join(_field(name) for name in _ALL_FIELDS)
    old = "t < ?"
    args: list[Any] = [before]
    if has_questions:  # a question's later events go with it (by its id in the session: when
        # a restarted console numbered its questions from 1 again, an answer may go too early)
        old = (
            "(t < ? OR (kind GLOB 'question.*' AND EXISTS (SELECT 1 FROM questions q"
            " WHERE q.session_id = events.session_id AND q.created_at < ? AND q.id ="
            " CASE WHEN json_valid(events.data) THEN json_extract(events.data, '$.question') END)))"
        )
        args.append(before)
    rows = db.execute(
        f"SELECT id, kind, data FROM events WHERE {old} AND {audience} AND ({filled})", args
    ).fetchall()
    updates = []
    for event_id, kind, text in rows:
        try:
            data = json.loads(text)
        except ValueError:  # SQLite read it as JSON, Python does not: nothing can be kept
            data = None
        if not isinstance(data, dict):
            updates.append(("{}", event_id))
            continue
        fields = EVENT_FIELDS.get(kind, QUESTION_EVENT_FIELDS)
        blanked = {key: REDACTED for key in fields if data.get(key) not in (None, REDACTED)}
        if blanked:
            updates.append((json.dumps({**data, **blanked}, ensure_ascii=False), event_id))
    db.conn.executemany("UPDATE events SET data = ? WHERE id = ?", updates)
    return changed + len(updates)


def _forget_states(db: sqlite_utils.Database, before: float) -> int:
    """The featured comment, the block list and the thanks list's entries of the show states
    saved for resuming; a state that is not JSON (damaged) is dropped: resuming that show then
    brings back the session alone, as for any damaged state."""
    changed = 0
    for session_id, text in db.execute(
        "SELECT session_id, state FROM show_state WHERE saved_at < ?", [before]
    ).fetchall():
        try:
            state = json.loads(text)
        except (TypeError, ValueError):
            state = None
        if not isinstance(state, dict):
            db.execute("DELETE FROM show_state WHERE session_id = ?", [session_id])
            changed += 1
            continue
        overlays, audience = state.get("overlays"), state.get("audience")
        original = audience
        if isinstance(overlays, dict) and overlays.get("featured") is not None:
            state["overlays"] = {**overlays, "featured": None}
        thanks = audience.get("thanks") if isinstance(audience, dict) else None
        if isinstance(audience, dict) and audience.get("blocked"):
            state["audience"] = audience = {**audience, "blocked": []}
        if isinstance(audience, dict) and isinstance(thanks, dict) and thanks.get("entries"):
            # the thanks list's viewers (names, ids, super chats' text); its counts stay
            state["audience"] = {**audience, "thanks": {**thanks, "entries": []}}
        if state.get("overlays") is overlays and state.get("audience") is original:
            continue
        db.execute(
            "UPDATE show_state SET state = ? WHERE session_id = ?",
            [json.dumps(state, ensure_ascii=False, separators=(",", ":")), session_id],
        )
        changed += 1
    return changed


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
