"""How much one client may send to /ingest: a token bucket per WebSocket connection and one per
client address for POST /ingest. Beyond it a WebSocket frame is answered with an error and
dropped (the connection stays), a POST is 429 with Retry-After.

The default is generous on purpose: 20,000 comments a second sustained and 40,000 at once, per
connection — four times the 5,000/s a show must take, on ONE socket (a relay such as Social
Stream Ninja may carry every platform over one), and above the 20,000/s per socket of the
benchmark's top step (80,000/s over four). It stops a runaway client from monopolising the loop,
not a busy show. LIVEDESK_INGEST_RATE sets the sustained rate (the burst is twice it); 0 turns
the limit off.

The show log's writer sets a second limit: when it is more than a second behind (a flood on a
slow disk), every /ingest client is asked to wait the same way, so that no more than about the
last second can be lost if the console dies; a warning is logged once per such episode.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable

from aiohttp import web

log = logging.getLogger(__name__)

INGEST_RATE = 20_000.0  # comments a second, per WebSocket connection / per client address
INGEST_BURST_FACTOR = 2.0  # the bucket holds this many seconds' worth
RATE_ENV = "LIVEDESK_INGEST_RATE"
LISTENER_MAX_FRAME = 64 * 1024  # /ws/events and /ws/overlay only listen: a client says little
_MAX_ADDRESSES = 1024  # POST clients remembered at once; idle (full) buckets go first
STORE_BEHIND_S = 1.0  # how far behind the log writer may be before /ingest asks clients to wait
STORE_RETRY_MAX_S = 5.0  # the longest wait asked for: a disk full for a minute is not a minute's

Clock = Callable[[], float]


class TokenBucket:
    """`rate` tokens a second, at most `burst` saved up; `take(n)` spends n or nothing."""

    __slots__ = ("burst", "clock", "rate", "stamp", "tokens")

    def __init__(self, rate: float, burst: float, clock: Clock = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.stamp = burst, clock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def take(self, n: int) -> bool:
        self._refill()
        if n > self.tokens:
            return False
        self.tokens -= n
        return True

    def wait_s(self, n: int) -> float:
        """Seconds until `n` could be taken (after a refused take)."""
        return max(0.0, (min(n, self.burst) - self.tokens) / self.rate)

    @property
    def idle(self) -> bool:
        self._refill()
        return self.tokens >= self.burst


class IngestLimits:
    """The buckets of one server. `rate` None or 0: no limit."""

    def __init__(self, rate: float | None, clock: Clock = time.monotonic) -> None:
        self.rate = rate or 0.0
        self.burst = self.rate * INGEST_BURST_FACTOR
        self.clock = clock
        self._addresses: dict[str, TokenBucket] = {}
        self.store_behind_limit = STORE_BEHIND_S
        self.store_refusals = 0  # messages refused because the log writer was behind
        self._store_behind = False  # within an episode of the writer being behind

    @classmethod
    def from_env(cls) -> IngestLimits:
        raw = os.environ.get(RATE_ENV, "").strip()
        try:
            rate = float(raw) if raw else INGEST_RATE
        except ValueError:
            rate = INGEST_RATE
        return cls(max(0.0, rate))

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def connection(self) -> TokenBucket | None:
        """A bucket for one WebSocket connection (None: unlimited)."""
        return TokenBucket(self.rate, self.burst, self.clock) if self.enabled else None

    def address(self, address: str) -> TokenBucket | None:
        """The bucket of one client address, shared by its POST requests (None: unlimited)."""
        if not self.enabled:
            return None
        bucket = self._addresses.get(address)
        if bucket is None:
            if len(self._addresses) >= _MAX_ADDRESSES:
                self._forget_idle()
            bucket = self._addresses[address] = TokenBucket(self.rate, self.burst, self.clock)
        return bucket

    def _forget_idle(self) -> None:
        for key in [k for k, b in self._addresses.items() if b.idle]:
            del self._addresses[key]
        while len(self._addresses) >= _MAX_ADDRESSES:  # every one busy: the oldest goes
            del self._addresses[next(iter(self._addresses))]

    def store_wait_s(self, behind_s: float) -> float | None:
        """None while the log writer keeps up (`behind_s`: how long its oldest unwritten item has
        waited); else how long a client should wait before sending more (how far behind, at most
        STORE_RETRY_MAX_S: space freed on a full disk is caught up at once). Logs a warning when
        the writer falls behind and a note when it has caught up, once per episode."""
        if behind_s <= self.store_behind_limit:
            if self._store_behind:
                self._store_behind = False
                log.info("the show log has caught up; /ingest accepts comments again "
                         "(%d messages were refused meanwhile)", self.store_refusals)  # fmt: skip
            return None
        if not self._store_behind:
            self._store_behind = True
            self.store_refusals = 0
            log.warning("the show log is %.1f s behind (a flood of comments, or a slow disk); "
                        "/ingest asks clients to wait until it catches up", behind_s)  # fmt: skip
        self.store_refusals += 1
        return min(behind_s, STORE_RETRY_MAX_S)

    @staticmethod
    def store_message(wait_s: float) -> str:
        return (
            "the show log is behind writing (a flood, or a slow or full disk); this batch was "
            f"dropped, send it again in {wait_s:.1f} s"
        )

    @staticmethod
    def retry_after(wait_s: float) -> str:
        """A Retry-After header's value: whole seconds, at least 1."""
        return str(max(1, math.ceil(wait_s)))

    def message(self) -> str:
        return (
            f"too many comments: at most {self.rate:,.0f} a second per connection "
            f"({self.burst:,.0f} at once); this batch was dropped"
        )


LIMITS_KEY: web.AppKey[IngestLimits] = web.AppKey("ingest_limits", IngestLimits)


def items_in(body: object) -> int:
    """How many comments a message carries (an object is one)."""
    return len(body) if isinstance(body, list) else 1
