"""The YouTube source's HTTP requests, each bounded: at most ``max_body_bytes`` of body and
``deadline_s`` of reading it (``requests`` alone reads a body that never ends into memory, and its
read timeout counts each socket read, not the whole), and cut short from any thread by ``halt()``
(the source's ``stop()``), so no thread goes on downloading for a source that is gone.

``get()`` runs on the source's executor thread; ``halt()`` may be called from the loop.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests

from app.adapters.chat.base import SourceDropped

MAX_BODY_BYTES = 4 * 1024 * 1024  # a page of 2,000 messages is well under 2 MiB
DEADLINE_S = 30.0
CONNECT_TIMEOUT_S = 5.0
_CHUNK = 64 * 1024
_INT_DIGITS = 64  # a JSON integer longer than this stays text: no field of the API is that long


class RequestHalted(SourceDropped):
    """The source was stopped while the request ran: its answer is not wanted."""


@dataclass(frozen=True)
class ApiAnswer:
    status: int
    body: Any  # the JSON value, or None when the body is not JSON
    head: str  # the body's first 200 characters, for a message

    @property
    def is_json(self) -> bool:
        return self.body is not None


def _bounded_int(digits: str) -> int | str:
    """A JSON integer; one thousands of digits long stays text (int() would refuse it past 4,300
    digits and fail the whole page): the field it is in refuses it alone."""
    return int(digits) if len(digits) <= _INT_DIGITS else digits


def decode_json(data: bytes) -> Any:
    """The body's JSON value (UTF-8/16/32, as JSON allows); ValueError when it is not JSON."""
    return json.loads(data, parse_int=_bounded_int)


class ApiClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        read_timeout_s: float,
        deadline_s: float = DEADLINE_S,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.read_timeout_s = read_timeout_s
        self.deadline_s = deadline_s
        self.max_body_bytes = max_body_bytes
        self._api_key = api_key
        self._http = requests.Session()
        self._halted = threading.Event()
        self._in_flight: Any = None  # the urllib3 response being read

    def get(self, path: str, params: dict[str, Any]) -> ApiAnswer:
        """One GET: its status and JSON body. Raises SourceDropped when the body is too big or too
        slow (or the client was halted), requests' exceptions when the connection fails."""
        if self._halted.is_set():
            raise RequestHalted("the YouTube source was stopped")
        deadline = time.monotonic() + self.deadline_s
        # the key goes in a header, never the URL: URLs end up in logs (urllib3 logs each one)
        with self._http.get(f"{self.base_url}/{path}", params=params, stream=True,
                            headers={"X-Goog-Api-Key": self._api_key},
                            timeout=(CONNECT_TIMEOUT_S, self.read_timeout_s)) as resp:  # fmt: skip
            self._in_flight = resp.raw
            try:
                data = self._read(resp, deadline)
            except requests.RequestException:
                if self._halted.is_set():  # the connection was cut by halt()
                    raise RequestHalted("the YouTube source was stopped") from None
                raise
            finally:
                self._in_flight = None
        head = data[:800].decode("utf-8", "replace")[:200]
        try:
            body = decode_json(data)
        except (ValueError, RecursionError):
            body = None
        return ApiAnswer(resp.status_code, body, head)

    def _read(self, resp: requests.Response, deadline: float) -> bytes:
        declared = resp.headers.get("Content-Length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_body_bytes:
            raise SourceDropped(f"YouTube's answer is {int(declared):,} bytes, more than the "
                                f"{self.max_body_bytes:,} a page can be: not read")  # fmt: skip
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_content(_CHUNK):
            if self._halted.is_set():
                raise RequestHalted("the YouTube source was stopped")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise SourceDropped(f"YouTube's answer is longer than {self.max_body_bytes:,} "
                                    "bytes: not read further")  # fmt: skip
            if time.monotonic() > deadline:
                raise SourceDropped(f"YouTube's answer took longer than {self.deadline_s:g} s: "
                                    "not read further")  # fmt: skip
            chunks.append(chunk)
        return b"".join(chunks)

    def halt(self) -> None:
        """Stop reading (any thread): the request under way ends at once, no other starts."""
        self._halted.set()
        raw = self._in_flight
        if raw is not None:  # wakes a read blocked on the socket (urllib3 2.3+)
            with contextlib.suppress(AttributeError, ValueError, RuntimeError, OSError):
                raw.shutdown()

    def close(self) -> None:
        self._http.close()
