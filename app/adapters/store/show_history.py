"""The ShowHistory port over the log file: a show's entries and end read back on a reading
connection of their own, off the event loop (the show the last run left open, which the next
Start show closes with what End show would have written)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping

from app.adapters.store import queries
from app.domain.log_events import LogEntry


class LoggedShows:
    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self._path = db_path

    async def entries(self, session_id: int) -> list[LogEntry]:
        rows = await asyncio.to_thread(queries.session_events, self._path, session_id)
        return [_entry(session_id, row) for row in rows]

    async def ended_at(self, session_id: int) -> float | None:
        row = await asyncio.to_thread(queries.session_row, self._path, session_id)
        return _number(row.get("ended_at"))


def _entry(session_id: int, row: Mapping[str, object]) -> LogEntry:
    data = row.get("data")
    return LogEntry(_number(row.get("t")) or 0.0, str(row.get("kind")), session_id,
                    _number(row.get("stream_tc")), _number(row.get("record_tc")),
                    data if isinstance(data, dict) else {})  # fmt: skip


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
