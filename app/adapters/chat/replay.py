"""Replays a recorded chat log for rehearsals and the demo.

JSONL (one object a line) or CSV with a header; fields ``platform, user, text, ts`` and,
optionally, ``native_id``/``id`` and ``user_id``. UTF-8 (with or without BOM) or GBK/GB18030.
``ts`` may be epoch seconds or milliseconds, an ISO 8601 time, or an offset like ``00:01:02.5``;
a row without one comes right after the previous row. Comments are paced by their ``ts`` from the
first row, divided by ``speed``; they are delivered stamped with the time of delivery unless
``keep_ts`` (the log's own time).

A bad row (no user or text, a ``ts`` that is no time or lies outside 1970–2100, a CSV field over
csv's 128 Ki-character limit) is skipped alone and noted in the log; a pause of more than
``MAX_GAP_S`` between rows is shortened to that, so one odd time never stalls the rows after it.
``speed`` is a finite number from ``MIN_SPEED`` to ``MAX_SPEED``.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import datetime as dt
import io
import json
import logging
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.adapters.chat.base import ChatSource, CommentSink, SourceEnded, StatusSink
from app.domain.audience import IncomingComment
from app.domain.ingest import TS_LATEST
from app.domain.messages import Message

log = logging.getLogger(__name__)


MIN_SPEED, MAX_SPEED = 0.01, 1000.0
MAX_GAP_S = 600.0  # a row later than this after the one before plays this long after it
_NOTES = 5  # bad rows described in the log, one line each; the rest are counted


@dataclass(frozen=True)
class ReplayRow:
    offset_s: float  # from the first row, at 1x
    platform: str
    user: str
    text: str
    ts: float | None
    native_id: str | None
    user_id: str | None


@dataclass
class ChatLog:
    """A log's rows in file order, how many were skipped, and a note on the first few."""

    rows: list[ReplayRow] = field(default_factory=list)
    skipped: int = 0
    gaps_shortened: int = 0
    notes: list[str] = field(default_factory=list)

    def skip(self, where: str, reason: str) -> None:
        self.skipped += 1
        if len(self.notes) < _NOTES:
            self.notes.append(f"{where}: {reason}")


def replay_speed(value: object) -> float:
    """A replay speed from the settings: a finite number from MIN_SPEED to MAX_SPEED."""
    speed = math.nan
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        with contextlib.suppress(ValueError, OverflowError):
            speed = float(value)
    if not (math.isfinite(speed) and MIN_SPEED <= speed <= MAX_SPEED):
        shown = str(value)[:40] if isinstance(value, int | float | str) else type(value).__name__
        raise ValueError(Message("chat.replay.bad_speed", low=f"{MIN_SPEED:g}",
                                 high=f"{MAX_SPEED:g}", value=shown))  # fmt: skip
    return speed


def _seconds(value: float) -> float:
    """Seconds a log can hold: finite, not negative, not after 2100."""
    if not (math.isfinite(value) and 0 <= value <= TS_LATEST):
        raise ValueError(f"“ts” is out of range ({value:.6g})")
    return value


def parse_ts(value: Any) -> float | None:
    """Seconds from a number (ms when > 1e11), an ISO time, or ``[HH:]MM:SS[.f]``; ValueError for
    a time no chat log holds (not finite, negative, after the year 2100)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("“ts” must be a number or a time")
    try:
        if isinstance(value, int | float):
            number = float(value)
        else:
            text = value.strip()
            if len(text) > 64:
                raise ValueError("“ts” is too long")
            try:
                number = float(text)
            except ValueError:
                if ":" in text and "-" not in text and "T" not in text:
                    seconds = 0.0
                    for part in text.split(":"):
                        seconds = seconds * 60 + float(part)
                    return _seconds(seconds)
                stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
                if stamp.tzinfo is None:
                    stamp = stamp.astimezone()
                return _seconds(stamp.timestamp())
    except (OverflowError, OSError):  # an integer hundreds of digits long; a year no OS knows
        raise ValueError("“ts” is out of range") from None
    return _seconds(number / 1000 if number > 1e11 else number)


def decode_log(data: bytes, encoding: str | None = None) -> str:
    if encoding:
        return data.decode(encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _records(text: str, jsonl: bool, loaded: ChatLog) -> Iterator[tuple[str, Any]]:
    """(where, record) for each row; a line that cannot be read at all is skipped alone."""
    if jsonl:
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield f"line {number}", json.loads(line)
                except (ValueError, RecursionError) as exc:  # 4,300+ digits: ValueError too
                    loaded.skip(f"line {number}", f"not JSON ({str(exc)[:80]})")
        return
    reader = csv.DictReader(io.StringIO(text))
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a field over csv's limit (128 Ki characters): this row only
            loaded.skip(f"the row after line {reader.line_num}", str(exc)[:80])
            continue
        yield f"line {reader.line_num}", record


def load_log(path: Path, encoding: str | None = None, platform: str = "replay") -> ChatLog:
    """The log's rows in file order; a bad row (no user or text, a time out of range) is skipped
    alone, and a jump of more than MAX_GAP_S between rows is shortened to it."""
    text = decode_log(path.read_bytes(), encoding)
    loaded = ChatLog()
    jsonl = path.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{")
    latest: float | None = None  # the latest ts so far: a row before it comes at once
    last = 0.0
    for where, record in _records(text, jsonl, loaded):
        try:
            user, body = record.get("user"), record.get("text")
            if user is None or body is None or not str(user).strip() or not str(body).strip():
                raise ValueError("no user or text")
            user, body = str(user).strip(), str(body)
            ts = parse_ts(record.get("ts"))
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            loaded.skip(where, str(exc)[:80])
            continue
        offset = last
        if ts is not None and latest is not None and ts > latest:
            step = ts - latest
            if step > MAX_GAP_S:
                step = MAX_GAP_S
                loaded.gaps_shortened += 1
            offset = last + step
        if ts is not None and (latest is None or ts > latest):
            latest = ts
        last = offset
        native = record.get("native_id") or record.get("id")
        user_id = record.get("user_id")
        loaded.rows.append(ReplayRow(offset, str(record.get("platform") or platform), user, body,
                                     ts, str(native) if native else None,
                                     str(user_id) if user_id else None))  # fmt: skip
    return loaded


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
        speed = replay_speed(speed)
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
        rows = self.rows if self.rows is not None else await self._load()
        self._connected(f"replaying {len(rows)} comments from {self.path.name} at {self.speed:g}x"
                        + self._skipped_note(), total=len(rows), speed=self.speed)  # fmt: skip
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            self.position = 0
            while self.position < len(rows):
                wait = start + rows[self.position].offset_s / self.speed - loop.time()
                # always awaited (0 when due, NaN or not): the loop never spins without yielding
                await asyncio.sleep(wait if wait > 0 else 0)
                now = loop.time()
                batch = [self._comment(rows[self.position])]  # its time has come: it goes
                self.position += 1
                while (self.position < len(rows)
                       and start + rows[self.position].offset_s / self.speed <= now):  # fmt: skip
                    batch.append(self._comment(rows[self.position]))
                    self.position += 1
                self._deliver(batch)
            self.passes += 1
            self.extra["passes"] = self.passes
            if not self.loop:
                raise SourceEnded("stopped", f"replay finished ({len(rows)} comments)")
            pause = self.loop_pause_s / self.speed
            await asyncio.sleep(pause if pause > 0 else 0)

    async def _load(self) -> list[ReplayRow]:
        try:
            loaded = await asyncio.to_thread(load_log, self.path, self.encoding)
        except FileNotFoundError as exc:
            raise SourceEnded("error", Message("chat.replay.missing", path=str(self.path))) from exc
        except (OSError, UnicodeDecodeError, LookupError, csv.Error) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise SourceEnded("error", Message("chat.replay.unreadable", path=str(self.path),
                                               detail=detail)) from exc  # fmt: skip
        self.rejected += loaded.skipped
        self.extra.update(skipped_rows=loaded.skipped, gaps_shortened=loaded.gaps_shortened)
        for note in loaded.notes:
            log.warning("%s: skipped a row of %s, %s", self.name, self.path.name, note)
        if loaded.skipped > len(loaded.notes):
            log.warning("%s: %d more bad rows of %s skipped", self.name,
                        loaded.skipped - len(loaded.notes), self.path.name)  # fmt: skip
        if loaded.gaps_shortened:
            log.info("%s: %d pauses of %s longer than %g s shortened to that", self.name,
                     loaded.gaps_shortened, self.path.name, MAX_GAP_S)  # fmt: skip
        if not loaded.rows:
            raise SourceEnded("error", f"no comments in chat log {self.path}"
                              + self._skipped_note())  # fmt: skip
        self.rows = loaded.rows
        return loaded.rows

    def _skipped_note(self) -> str:
        skipped = self.extra.get("skipped_rows", 0)
        rows = "row" if skipped == 1 else "rows"
        return f" ({skipped} bad {rows} skipped: see the log)" if skipped else ""

    def _comment(self, row: ReplayRow) -> IncomingComment:
        ts = row.ts if self.keep_ts else time.time()
        native = row.native_id if self.passes == 0 or row.native_id is None else \
            f"{row.native_id}#{self.passes}"  # fmt: skip
        return IncomingComment(row.platform, row.user, row.text, native, row.user_id, ts)
