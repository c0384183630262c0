"""The SessionLog port in memory, for widget tests: sessions and entries kept in lists."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from app.domain.audience import Comment, Question
from app.domain.catalog import Catalog
from app.domain.interaction.saved import ViewerRow
from app.domain.log_events import LogEntry


class MemoryLog:
    def __init__(self) -> None:
        self.entries: list[LogEntry] = []
        self.sessions: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(1)

    async def start_session(self, title: str, started_at: float) -> int:
        session_id = next(self._ids)
        self.sessions[session_id] = {"title": title, "started_at": started_at, "ended_at": None}
        return session_id

    async def end_session(self, session_id: int, ended_at: float) -> None:
        self.sessions[session_id]["ended_at"] = ended_at

    def append(self, entry: LogEntry) -> None:
        self.entries.append(entry)

    async def flush(self) -> None:
        return None

    def open_session(self) -> tuple[int, str, float] | None:
        for session_id, row in self.sessions.items():
            if row["ended_at"] is None:
                return session_id, row["title"], row["started_at"]
        return None

    async def close_interrupted(self, session_id: int) -> None:
        row = self.sessions[session_id]
        if row["ended_at"] is None:
            times = [e.t for e in self.entries if e.session_id == session_id]
            row["ended_at"] = max(times, default=row["started_at"])

    def kinds(self) -> list[str]:
        return [entry.kind for entry in self.entries]

    def of_kind(self, kind: str) -> list[LogEntry]:
        return [entry for entry in self.entries if entry.kind == kind]


class MemoryCatalog:
    """The CatalogStore port in memory."""

    def __init__(self, catalog: Catalog | None = None) -> None:
        self.catalog = catalog or Catalog()
        self.saves = 0

    def load(self) -> Catalog:
        return self.catalog

    async def save(self, catalog: Catalog) -> None:
        self.saves += 1
        self.catalog = catalog.merged(self.catalog)


class MemoryComments:
    """The CommentStore port in memory."""

    def __init__(self) -> None:
        self.comments: list[tuple[int | None, Comment]] = []
        self.questions: dict[int, Question] = {}
        self.question_saves = 0
        self.runs: dict[int, float] = {}
        self.askers: list[tuple[int | None, float, int, int, str]] = []

    def add_comments(self, session_id: int | None, comments: list[Comment]) -> None:
        self.comments.extend((session_id, c) for c in comments)

    def save_question(self, session_id: int | None, run_started: float, q: Question) -> None:
        """Kept as the SQLite row is: its state, without its askers (those are `askers`)."""
        self.questions[q.id] = replace(q, first_user="", first_comment=0, asked=0, crowd=None)
        self.runs[q.id] = run_started
        self.question_saves += 1

    def load_questions(self) -> list[Question]:
        """The saved questions with their askers, as the SQLite store reads them back."""
        loaded = {qid: replace(q) for qid, q in self.questions.items()}
        for _session, run, qid, comment_no, user in self.askers:
            if qid in loaded and self.runs[qid] == run:
                loaded[qid].join(comment_no, user)
        return list(loaded.values())

    def add_askers(
        self, session_id: int | None, run_started: float, asks: list[tuple[int, int, str]]
    ) -> None:
        self.askers.extend((session_id, run_started, *ask) for ask in asks)


class MemoryInteractionViewers:
    """The InteractionViewers port in memory: the rows as the SQLite table holds them."""

    def __init__(self) -> None:
        self.rows: list[tuple[int | None, ViewerRow]] = []
        self.appends = 0

    def add_viewers(self, session_id: int | None, rows: list[ViewerRow]) -> None:
        self.appends += 1
        self.rows.extend((session_id, row) for row in rows)


class MemoryShowState:
    """The ShowStateStore port in memory, reading questions and comments from MemoryComments
    (and the interaction's viewers from MemoryInteractionViewers)."""

    def __init__(
        self, comments: MemoryComments, viewers: MemoryInteractionViewers | None = None
    ) -> None:
        self.comments = comments
        self.viewers = viewers or MemoryInteractionViewers()
        self.states: dict[int, tuple[float, dict[str, Any]]] = {}

    def save_state(self, session_id: int, saved_at: float, state: dict[str, Any]) -> None:
        import json

        self.states[session_id] = (saved_at, json.loads(json.dumps(state)))  # as stored

    async def load_state(self, session_id: int) -> tuple[float, object] | None:
        return self.states.get(session_id)

    async def load_questions(self, session_id: int, run_started: float | None) -> list[Question]:
        return self.comments.load_questions()

    async def load_comments(self, session_id: int, limit: int) -> list[Comment]:
        """The feed's list: numbered items (viewer counts, likes and entries are not)."""
        return [c for s, c in self.comments.comments if s == session_id and c.id][-limit:]

    async def load_interaction_viewers(
        self, session_id: int, interaction_ids: list[int]
    ) -> tuple[list[ViewerRow], int]:
        mine = [row for s, row in self.viewers.rows if s == session_id]
        rows = [row for i in dict.fromkeys(interaction_ids) for row in mine if row[0] == i]
        return rows, max((row[0] for row in mine), default=0)

    async def load_native_ids(self, session_id: int, limit: int) -> list[tuple[str, str]]:
        mine = [c for s, c in self.comments.comments if s == session_id and c.native_id]
        latest = sorted(mine, key=lambda c: c.ts)[-limit:] if limit > 0 else []
        return [(c.platform, c.native_id) for c in latest if c.native_id is not None]

    async def adopt_unfiled(self, session_id: int, renumber: int) -> int:
        """As the SQLite store: the comments kept under no show by the console that resumes
        (after the session's last row: this memory outlives consoles) become the session's,
        their numbers moved on by `renumber`."""
        rows = self.comments.comments
        last = max((i for i, (s, _c) in enumerate(rows) if s == session_id), default=-1)
        adopted = [i for i, (s, _c) in enumerate(rows) if s is None and i > last]
        for i in adopted:
            comment = rows[i][1]
            rows[i] = (session_id, replace(comment, id=comment.id + renumber if comment.id else 0))
        return len(adopted)
