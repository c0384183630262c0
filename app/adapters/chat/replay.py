"""Replays a recorded chat log for rehearsals and the demo.

JSONL (one object a line) or CSV with a header; fields ``platform, user, text, ts`` and,
optionally, ``native_id``/``id`` and ``user_id``. UTF-8 (with or without BOM) or GBK/GB18030.
``ts`` may be epoch seconds or milliseconds, an ISO 8601 time, or an offset like ``00:01:02.5``;
a row without one comes right after the previous row. Comments are paced by their ``ts`` from the
first row, divided by ``speed``; they are delivered stamped with the time of delivery unless
``keep_ts`` (the log's own time).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.adapters.chat.base import ChatSource, CommentSink, SourceEnded, StatusSink
from app.domain.audience import IncomingComment


@dataclass(frozen=True)
class ReplayRow:
    offset_s: float  # from the first row, at 1x
    platform: str
    user: str
    text: str
    ts: float | None
    native_id: str | None
    user_id: str | None


def parse_ts(value: Any) -> float | None:
    """Seconds from a number (ms when > 1e11), an ISO time, or ``[HH:]MM:SS[.f]``."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        try:
            number = float(text)
        except ValueError:
            if ":" in text and "-" not in text and "T" not in text:
                parts = [float(p) for p in text.split(":")]
                seconds = 0.0
                for part in parts:
                    seconds = seconds * 60 + part
                return seconds
            stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            if stamp.tzinfo is None:
                stamp = stamp.astimezone()
            return stamp.timestamp()
    return number / 1000 if number > 1e11 else number


def decode_log(data: bytes, encoding: str | None = None) -> str:
    if encoding:
        return data.decode(encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def load_rows(path: Path, encoding: str | None = None, platform: str = "replay"
              ) -> tuple[list[ReplayRow], int]:  # fmt: skip
    """The log's rows in file order and how many lines were skipped as malformed."""
    text = decode_log(path.read_bytes(), encoding)
    records: list[Any] = []
    skipped = 0
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{"):
        for line in text.splitlines():
            if line.strip():
                try:
                    records.append(json.loads(line))
                except ValueError:
                    skipped += 1
    else:
        records = list(csv.DictReader(io.StringIO(text)))
    rows: list[ReplayRow] = []
    first: float | None = None
    last = 0.0
    for record in records:
        try:
            user, body = record.get("user"), record.get("text")
            if user is None or body is None or not str(user).strip() or not str(body).strip():
                raise ValueError("no user or text")
            user, body = str(user).strip(), str(body)
            ts = parse_ts(record.get("ts"))
        except (KeyError, ValueError, TypeError, AttributeError):
            skipped += 1
            continue
        if ts is not None and first is None:
            first = ts
        offset = last if ts is None or first is None else max(last, ts - first)
        last = offset
        native = record.get("native_id") or record.get("id")
        user_id = record.get("user_id")
        rows.append(ReplayRow(offset, str(record.get("platform") or platform), user, body, ts,
                              str(native) if native else None,
                              str(user_id) if user_id else None))  # fmt: skip
    return rows, skipped


class ReplayChat(ChatSource):
    platform = "replay"

    def __init__(
        self,
        path: str | Path,
        on_comments: CommentSink,
        on_status: StatusSink | None = None,
        *,
        name: str = "replay",
        speed: float = 1.0,
        loop: bool = False,
        keep_ts: bool = False,
        encoding: str | None = None,
        loop_pause_s: float = 1.0,
    ) -> None:
        super().__init__(name, on_comments, on_status)
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.path = Path(path)
        self.speed, self.loop, self.keep_ts = speed, loop, keep_ts
        self.encoding = encoding
        self.loop_pause_s = loop_pause_s
        self.rows: list[ReplayRow] | None = None
        self.position = 0  # rows delivered in the current pass
        self.passes = 0

    def _connecting_message(self) -> str:
        return f"opening {self.path.name}"

    async def _session(self) -> None:
        if self.rows is None:
            try:
                rows, skipped = await asyncio.to_thread(load_rows, self.path, self.encoding)
            except (OSError, UnicodeDecodeError, LookupError, csv.Error) as exc:
                raise SourceEnded("error", f"cannot read chat log {self.path}: {exc}") from exc
            self.rejected += skipped
            if not rows:
                raise SourceEnded("error", f"no comments in chat log {self.path}")
            self.rows = rows
        rows = self.rows
        self._connected(f"replaying {len(rows)} comments from {self.path.name} at {self.speed:g}x",
                        total=len(rows), speed=self.speed)  # fmt: skip
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            self.position = 0
            while self.position < len(rows):
                due = start + rows[self.position].offset_s / self.speed
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                now = loop.time()
                batch: list[IncomingComment] = []
                while (self.position < len(rows)
                       and start + rows[self.position].offset_s / self.speed <= now):  # fmt: skip
                    batch.append(self._comment(rows[self.position]))
                    self.position += 1
                self._deliver(batch)
            self.passes += 1
            self.extra["passes"] = self.passes
            if not self.loop:
                raise SourceEnded("stopped", f"replay finished ({len(rows)} comments)")
            await asyncio.sleep(self.loop_pause_s / self.speed)

    def _comment(self, row: ReplayRow) -> IncomingComment:
        ts = row.ts if self.keep_ts else time.time()
        native = row.native_id if self.passes == 0 or row.native_id is None else \
            f"{row.native_id}#{self.passes}"  # fmt: skip
        return IncomingComment(row.platform, row.user, row.text, native, row.user_id, ts)
