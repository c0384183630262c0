"""Logging: console or JSON lines (--log-json), plus an in-memory ring of recent records for the
crash dialog's debug info."""

from __future__ import annotations

import collections
import json
import logging
import sys
import time
from typing import Any


class RingBuffer(logging.Handler):
    def __init__(self, capacity: int = 500) -> None:
        super().__init__(logging.DEBUG)
        self.records: collections.deque[str] = collections.deque(maxlen=capacity)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.records.append(self.format(record))
        except Exception:  # a broken record must not break logging
            self.handleError(record)

    def text(self) -> str:
        return "\n".join(self.records)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": round(record.created, 3),
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(record.created)),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


RING = RingBuffer()


def setup_logging(*, json_lines: bool = False, level: int = logging.INFO) -> RingBuffer:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(level)
    console.setFormatter(
        JsonFormatter() if json_lines else logging.Formatter("%(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(console)
    root.addHandler(RING)
    for noisy in ("obswebsocket", "websocket", "aiohttp.access", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return RING
