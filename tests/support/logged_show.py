"""A show driven through the real services (over FakeObs and a memory log), then written into a
real session log by the real writer, for the review tests that need the entries exactly as the
console logs them: the run-sheet's loads and cues, standby, interaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.adapters.store.comments import SqliteComments
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import Comment
from app.services.show import Show
from tests.support.memory_log import MemoryLog


def kept_state(show: Show) -> dict[str, Any]:
    """The show state as the keeper keeps it for resuming (the part the review reads)."""
    return {"version": 1, "runsheet": show.runner.snapshot()}


async def write_logged_show(
    path: Path,
    memory: MemoryLog,
    session_id: int,
    *,
    state: tuple[float, dict[str, Any]] | None = None,
    comments: Sequence[Comment] = (),
) -> int:
    """Session `session_id` of `memory` (its row and entries) written to a new log at `path`,
    with the show state kept at a time (`state`: (saved_at, state)) and `comments` through the
    real comments store; the new session's id."""
    row = memory.sessions[session_id]
    writer = SqliteSessionLog(path)
    try:
        show = await writer.start_session(row["title"], row["started_at"])
        for entry in memory.entries:
            if entry.session_id == session_id:
                writer.append(replace(entry, session_id=show))
        if comments:
            SqliteComments(writer).add_comments(show, list(comments))
        if state is not None:
            SqliteShowState(writer).save_state(show, *state)
        if row["ended_at"] is not None:
            await writer.end_session(show, row["ended_at"])
        await writer.flush()
    finally:
        writer.close()
    return show
