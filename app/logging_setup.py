"""Logging: console or JSON lines (--log-json), plus an in-memory ring of recent records for the
crash dialog's debug info.

Every handler carries the same redaction filter (`Redactor`): secrets never reach a log line, a
crash report or the clipboard. It masks what looks like a credential (`key=…`, `token=…`,
`password`, `SESSDATA=…`, `Authorization: Bearer …`, a JSON or dict entry with such a name) and
every secret value LiveDesk knows at run time (`register_secret`, called by app/secrets.py when
it reads or keeps one). Viewers' names and text are not logged at all: call sites log counts,
reasons and ids; a record made with ``extra={"viewer": True}`` has its arguments replaced by a
placeholder, for the rare line that would otherwise carry them.

The ring (what a bug report holds) keeps INFO and above; third-party libraries log at WARNING.
"""

from __future__ import annotations

import collections
import json
import logging
import re
import sys
import threading
import time
from typing import Any
from urllib.parse import quote, quote_plus, unquote

MASK = "***"
VIEWER_MASK = "‹viewer text›"
# libraries whose DEBUG/INFO lines carry URLs, headers or payloads (urllib3 logs each request's
# full URL), or are just noise in a bug report
THIRD_PARTY = ("urllib3", "requests", "aiohttp", "asyncio", "PIL", "matplotlib", "obswebsocket",
               "websocket", "websockets", "qasync", "keyring", "charset_normalizer", "chardet",
               "sqlite_utils", "openpyxl", "fontTools", "brotli", "qrcode")  # fmt: skip
MIN_SECRET_LEN = 4  # shorter values are not replaced everywhere they occur (it would garble lines)

_NAME = r"[\w.-]*(?:key|token|passw(?:or)?d|pwd|secret|sessdata|auth|cookie|jct|csrf)[\w.-]*"
_PATTERNS = (
    # Bearer X (header text, a dict repr, a curl line)
    (re.compile(r"(?i)\b(bearer)(\s+)[A-Za-z0-9._~+/=-]{6,}"), rf"\1\2{MASK}"),
    # a header with a secret's name: "X-Goog-Api-Key: X", "Cookie: a=b; c=d", "Authorization: X"
    (
        re.compile(
            r"(?im)^(\s*(?:authorization|cookie|set-cookie|x-[\w-]*(?:key|token))\s*:\s*)"
            r"[^\r\n]+"
        ),
        rf"\1{MASK}",
    ),
    # JSON or a Python repr: "password": "x", 'X-Goog-Api-Key': 'x', "token": 123
    (
        re.compile(rf"(?i)([\"']{_NAME}[\"']\s*:\s*)(?:\"[^\"]*\"|'[^']*'|[^\s,}}\]]+)"),
        rf'\1"{MASK}"',
    ),
    # query strings, cookies, env lines: key=X, access_token=X, SESSDATA=X; password=X
    (re.compile(rf"(?i)(?<![\w.-])({_NAME}=)[^\s&;,'\"<>)\]}}]+"), rf"\1{MASK}"),
)


class Redactor(logging.Filter):
    """Masks secrets in a record's message, exception and stack text, once per record (every
    handler has this filter; the first one to see a record rewrites it for all)."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()
        self._formatter = logging.Formatter()

    def register(self, value: str | None) -> None:
        """A secret value to mask wherever it appears (also URL-encoded)."""
        if not value or len(value) < MIN_SECRET_LEN:
            return
        forms = {value, quote(value, safe=""), quote_plus(value, safe=""), unquote(value)}
        with self._lock:
            known = set(self._secrets) | {f for f in forms if len(f) >= MIN_SECRET_LEN}
            self._secrets = tuple(sorted(known, key=len, reverse=True))  # longest first

    def forget_all(self) -> None:
        with self._lock:
            self._secrets = ()

    def redact(self, text: str) -> str:
        for value in self._secrets:
            if value in text:
                text = text.replace(value, MASK)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_livedesk_redacted", False):
            return True
        if getattr(record, "viewer", False):  # the arguments are viewers' names or text
            record.args = _masked_args(record.args)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format: keep what can be said without them
            message = f"{record.msg} (unformattable arguments)"
        record.msg, record.args = self.redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        record._livedesk_redacted = True
        return True


def _masked_args(args: Any) -> Any:
    if isinstance(args, dict):
        return {name: VIEWER_MASK for name in args}
    if isinstance(args, tuple):
        return tuple(VIEWER_MASK if isinstance(a, str | bytes) else a for a in args)
    return args


REDACTOR = Redactor()


def register_secret(value: str | None) -> None:
    """Mask this value (an API token, a password, a key, a cookie) in every log line from now."""
    REDACTOR.register(value)


def redact(text: str) -> str:
    """`text` with the known secrets and credential-looking parts masked (for any text that
    leaves the machine or the screen, such as the crash dialog's debug info)."""
    return REDACTOR.redact(text)


def guard(handler: logging.Handler) -> logging.Handler:
    """Put the redaction filter on a handler (any handler added to the root logger needs it)."""
    if REDACTOR not in handler.filters:
        handler.addFilter(REDACTOR)
    return handler


class RingBuffer(logging.Handler):
    def __init__(self, capacity: int = 500) -> None:
        super().__init__(logging.INFO)
        self.records: collections.deque[str] = collections.deque(maxlen=capacity)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        guard(self)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.records.append(self.format(record))
        except Exception:  # noqa: BLE001 - a broken record must not break logging
            self.handleError(record)

    def text(self) -> str:
        return redact("\n".join(self.records))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": round(record.created, 3),
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(record.created)),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


RING = RingBuffer()


def setup_logging(*, json_lines: bool = False, level: int = logging.INFO) -> RingBuffer:
    root = logging.getLogger()
    root.setLevel(min(level, logging.INFO))
    for handler in list(root.handlers):
        root.removeHandler(handler)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(level)
    console.setFormatter(
        JsonFormatter() if json_lines else logging.Formatter("%(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(guard(console))
    root.addHandler(guard(RING))
    for noisy in (*THIRD_PARTY, "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return RING


def debug_report(environment: str, crashes: list[str]) -> str:
    """The crash dialog's “debug info”: the environment, each crash's traceback and the recent
    log, with every known secret and credential-looking part masked (a traceback can hold a URL
    or a header: it was never through the log's filter)."""
    numbered = "\n\n".join(f"--- Exception {n} ---\n{text}" for n, text in enumerate(crashes, 1))
    return redact(f"{environment}\n\n{numbered}\n\n--- Recent log ---\n{RING.text()}\n")
