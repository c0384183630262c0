"""The InteractionViewers port: each viewer an interaction takes, one row appended through the
writer thread per viewer (a batch of comments is one append), read back at resume by
SqliteShowState.load_interaction_viewers. Rows are never rewritten nor deleted with the
interaction's end: once drawn or closed, the log's events have its viewers and the rows are not
read again."""

from __future__ import annotations

from app.adapters.store.writer import SqliteSessionLog
from app.domain.interaction.saved import ViewerRow

_INSERT_VIEWER = (
    "INSERT INTO interaction_viewers (session_id, interaction_id, kind, platform, user, user_id,"
    " t, choice) VALUES (?,?,?,?,?,?,?,?)"
)


class SqliteInteractionViewers:
    def __init__(self, writer: SqliteSessionLog) -> None:
        self._writer = writer

    def add_viewers(self, session_id: int | None, rows: list[ViewerRow]) -> None:
        if rows:
            self._writer.append_rows(_INSERT_VIEWER, [(session_id, *row) for row in rows])
