"""A finished show in a real log file, for the report and export tests: 晚场直播, five minutes,
four segments, a question and a marker, recorded from its first second."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from app.adapters.store.writer import SqliteSessionLog
from app.domain.log_events import LogEntry

T0 = 1_700_000_000.0
ROWS: list[tuple[float, str, float | None, dict[str, Any]]] = [
    (T0 + 1, "session.start", None, {"title": "晚场直播"}),
    (T0 + 2, "segment.start", 0.0, {"title": "开场", "index": 0}),
    (T0 + 62, "segment.start", 60.0, {"title": "好物", "index": 1}),
    (T0 + 70, "question.open", 68.0, {"user": "小明", "text": "多少钱"}),
    (T0 + 92, "marker", 90.0, {"note": "上链接"}),
    (T0 + 122, "segment.start", 120.0, {"title": "答疑", "index": 2}),
    (T0 + 125, "segment.start", 123.0, {"title": "彩蛋", "index": 3}),
    (T0 + 302, "session.end", 300.0, {}),
]


def write_evening_show(path: Path) -> Path:
    """The show written to a new log at `path`; `path` back."""

    async def write() -> None:
        store = SqliteSessionLog(path)
        try:
            sid = await store.start_session("晚场直播", T0)
            for t, kind, tc, data in ROWS:
                store.append(LogEntry(t=t, kind=kind, session_id=sid, record_tc=tc, data=data))
            await store.end_session(sid, T0 + 302)
            await store.flush()
        finally:
            store.close()

    asyncio.run(write())
    return path
