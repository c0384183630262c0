"""The ClipLog port over the session log: a show's entries for cutting its clips (read-only).

OBS names the recording file when the recording stops, which is often after the show ended (the
host ends the show, then stops recording): those stop entries are logged outside any session, so
the ones between the show's end and the next show's start are read with it.
"""

from __future__ import annotations

import os

from app.adapters.store.queries import _decode, _has_log, reading, session_events
from app.adapters.store.schema import StoreError
from app.domain import log_events as kinds
from app.domain.log_events import LogEntry
from app.services.errors import LiveDeskError, NotFound


def _entry(row: dict[str, object], session_id: int | None) -> LogEntry:
    data = row["data"]
    return LogEntry(
        t=float(row["t"]),  # type: ignore[arg-type]
        kind=str(row["kind"]),
        session_id=session_id,
        stream_tc=_tc(row.get("stream_tc")),
        record_tc=_tc(row.get("record_tc")),
        data=data if isinstance(data, dict) else {},
    )


def _tc(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


class SqliteClipLog:
    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self.path = db_path

    def clip_log(self, session_id: int) -> tuple[str, list[LogEntry]]:
        try:
            return self._read(session_id)
        except LookupError as exc:
            raise NotFound(str(exc)) from exc
        except StoreError as exc:
            raise LiveDeskError(str(exc)) from exc

    def _read(self, session_id: int) -> tuple[str, list[LogEntry]]:
        with reading(self.path) as db:
            row = None
            if _has_log(db):
                row = next(db.query("SELECT title, started_at, ended_at FROM sessions "
                                    "WHERE id = ?", [session_id]), None)  # fmt: skip
            if row is None:
                raise LookupError(f"there is no session {session_id}")
            later: list[LogEntry] = []
            if row["ended_at"] is not None:
                following = next(db.query(
                    "SELECT min(started_at) AS t FROM sessions WHERE started_at > ?",
                    [row["started_at"]]), None)  # fmt: skip
                until = following["t"] if following and following["t"] is not None else 1e18
                rows = db.query(
                    """SELECT id, t, kind, stream_tc, record_tc, data FROM events
                       WHERE session_id IS NULL AND kind = ? AND t >= ? AND t < ?
                       ORDER BY t, id""",
                    [kinds.OBS_RECORD, row["ended_at"], until],
                )
                later = [_entry({**r, "data": _decode(r["data"], f"event {r['id']}")}, None)
                         for r in rows]  # fmt: skip
        entries = [_entry(r, session_id) for r in session_events(self.path, session_id)]
        return str(row["title"]), entries + later
