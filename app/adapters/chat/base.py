"""What every chat source shares: the run loop (connect, read, report, retry with backoff), the
status it reports, and the counters (received, rejected, reconnects, gaps).

A source calls ``on_comments`` on the event loop with batches of IncomingComment and
``on_status`` with a SourceStatus whenever its state changes. Status semantics:

* ``connecting``: an attempt is under way (``extra["attempt"]`` counts attempts since the last
  good connection).
* ``connected``: receiving. After an outage ``last_gap_s`` holds how long it lasted.
* ``disconnected``: the connection dropped or an attempt failed; ``message`` says why and
  ``extra["retry_in_s"]`` when the next attempt comes: the backoff's next step, or longer when
  the platform said to wait (SourceDropped's ``retry_after_s``). The source retries by itself.
* ``stopped``: ``stop()`` was called, the task was cancelled, or the platform ended the chat.
* ``error``: the source gave up and will not retry (bad key, chat disabled, ...): ``message``
  says what the user must do.

``gaps`` counts how often an established connection was lost (it goes up with the
``disconnected`` report); ``last_gap_s`` is the duration of the latest closed gap, from the loss to
the next good connection (reported with ``connected``); ``extra["gap_total_s"]`` sums them.
``extra["gap_started_at"]`` (from the ``disconnected`` report on) and ``extra["gap_ended_at"]``
(with the ``connected`` report that closes it) are the latest gap's wall-clock ends (Unix seconds),
so the session log holds when comments may be missing. Failures before the first good connection
are not gaps.

The backoff starts again from its first step only after a connection has stayed up
``stable_after_s``: a server that accepts, joins and closes at once is retried ever more slowly,
not every half second. Every item a source delivers is checked by /ingest's own rules
(``parse_item``: text, name and platform lengths, counts, values); one that breaks them is rejected
alone, as /ingest rejects it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from app.domain.audience import IncomingComment
from app.domain.ingest import parse_item
from app.domain.messages import Message
from app.services.supervisor import Backoff

log = logging.getLogger(__name__)

SourceState = Literal["connecting", "connected", "disconnected", "stopped", "error"]
CommentSink = Callable[[list[IncomingComment]], object]  # what the sink returns is not used


@dataclass(frozen=True)
class SourceStatus:
    source: str
    state: SourceState
    message: str
    received: int
    gaps: int
    last_gap_s: float | None
    extra: dict[str, Any] = field(default_factory=dict)


StatusSink = Callable[[SourceStatus], None]


class SourceDropped(Exception):
    """The connection went (or could not be made); the run loop retries with backoff, and no
    sooner than ``retry_after_s`` when the platform said how long to wait (a rate limit, a
    quota until it resets)."""

    def __init__(self, message: str = "", *, retry_after_s: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class SourceEnded(Exception):
    """The source cannot go on: ``state`` is "stopped" (the chat ended) or "error"."""

    def __init__(self, state: Literal["stopped", "error"], message: str) -> None:
        super().__init__(message)
        self.state: Literal["stopped", "error"] = state
        self.message = message


def describe(exc: BaseException, peer: str = "the chat server") -> str:
    """A short reason for the status line: a sentence saying what failed and what to do (a
    Message) for the network's usual failures, the exception's own words else."""
    if isinstance(exc, SourceDropped | SourceEnded):
        return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    cause = getattr(exc, "os_error", exc)  # aiohttp wraps the socket's error
    if isinstance(exc, socket.gaierror) or isinstance(cause, socket.gaierror):
        return Message("chat.unknown_host", host=peer)
    if isinstance(exc, ConnectionRefusedError) or isinstance(cause, ConnectionRefusedError):
        return Message("chat.refused", host=peer)
    if isinstance(exc, TimeoutError):
        return Message("chat.timed_out", host=peer)
    if isinstance(exc, OSError):
        detail = exc.strerror or str(exc) or type(exc).__name__
        return Message("chat.network", host=peer, detail=detail)
    return str(exc) or type(exc).__name__


class ChatSource:
    """Base class. Subclasses implement ``_session()``: connect, call ``_connected()`` once the
    stream is up, then read until the connection goes (raise SourceDropped or let an OSError out)
    or the platform ends it (raise SourceEnded)."""

    platform = "chat"
    # how long a connection must stay up before the backoff starts again from its first step
    stable_after_s = 15.0

    def __init__(
        self,
        name: str,
        on_comments: CommentSink,
        on_status: StatusSink | None = None,
        *,
        backoff: Backoff | None = None,
    ) -> None:
        self.name = name
        self._on_comments = on_comments
        self._on_status = on_status
        self._backoff = backoff or Backoff()
        self.received = 0
        self.rejected = 0
        self.reconnects = 0
        self.gaps = 0
        self.last_gap_s: float | None = None
        self.gap_total_s = 0.0
        self.extra: dict[str, Any] = {}
        self.state: SourceState = "stopped"
        self.message = ""
        self._lost_at: float | None = None
        self._ever_connected = False
        self._attempt = 0
        self._up_since: float | None = None  # when the current connection came up
        self._fault_logged = False
        self._stopping = False
        self._wake: asyncio.Event | None = None
        self._inner: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ public

    @property
    def status(self) -> SourceStatus:
        extra = {"platform": self.platform, "rejected": self.rejected,
                 "reconnects": self.reconnects, "gap_total_s": round(self.gap_total_s, 3),
                 **self.extra}  # fmt: skip
        return SourceStatus(self.name, self.state, self.message, self.received, self.gaps,
                            self.last_gap_s, extra)  # fmt: skip

    async def run(self) -> None:
        """Run until cancelled, stopped, or ended by the platform."""
        self._stopping = False
        self._wake = asyncio.Event()
        final: tuple[SourceState, str] = ("stopped", "stopped")
        try:
            while not self._stopping:
                self._attempt += 1
                self._up_since = None
                self._report("connecting", self._connecting_message(), attempt=self._attempt)
                self._inner = asyncio.create_task(self._session(), name=f"chat-{self.name}")
                wait_at_least = 0.0  # what the platform asked for
                try:
                    await self._inner
                    reason = "the connection closed"
                except SourceEnded as end:
                    final = (end.state, end.message)
                    return
                except asyncio.CancelledError:
                    task = asyncio.current_task()
                    if self._stopping and task is not None and not task.cancelling():
                        return
                    raise
                except Exception as exc:
                    reason = describe(exc, self.peer())
                    if isinstance(exc, SourceDropped):
                        wait_at_least = exc.retry_after_s
                    if not isinstance(exc, OSError | SourceDropped | TimeoutError):
                        log.warning("%s: unexpected error", self.name, exc_info=True)
                finally:
                    self._inner = None
                if self._stopping:
                    return
                self._lost()
                up_since, self._up_since = self._up_since, None
                if up_since is not None and time.monotonic() - up_since >= self.stable_after_s:
                    self._backoff.reset()  # it was a good connection: retry soon
                delay = max(self._backoff.next_delay(), wait_at_least)
                self._report("disconnected", reason, retry_in_s=delay)
                log.info("%s: %s; retrying in %.1f s", self.name, reason, delay)
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(delay):  # not wait_for: it can swallow a cancel
                        await self._wake.wait()
        finally:
            self.extra.pop("retry_in_s", None)
            self.extra.pop("attempt", None)
            await self._cleanup()
            self._report(*final)

    def stop(self) -> None:
        """Ask ``run()`` to close the connection and return (state "stopped")."""
        self._stopping = True
        if self._wake is not None:
            self._wake.set()
        if self._inner is not None:
            self._inner.cancel()

    # ------------------------------------------------------------ for subclasses

    async def _session(self) -> None:
        raise NotImplementedError

    async def _cleanup(self) -> None:
        """Release what outlives one session (HTTP sessions, executors)."""

    def _connecting_message(self) -> str:
        return f"connecting to {self.platform}"

    def peer(self) -> str:
        """What this source connects to, as a status line names it (a host and port)."""
        return self.platform

    def _connected(self, message: str, **extra: Any) -> None:
        now = time.monotonic()
        if self._lost_at is not None:
            gap = now - self._lost_at
            self.last_gap_s = round(gap, 3)
            self.gap_total_s += gap
            self._lost_at = None
            self.extra["gap_ended_at"] = round(time.time(), 3)
        if self._ever_connected:
            self.reconnects += 1
        self._ever_connected = True
        self._attempt = 0
        self._up_since = now  # the backoff is reset when it has lasted (see run())
        self.extra.pop("retry_in_s", None)
        self.extra.pop("attempt", None)
        self._report("connected", message, **extra)

    def _lost(self) -> None:
        if self.state == "connected" and self._lost_at is None:
            self._lost_at = time.monotonic()
            self.gaps += 1
            self.extra["gap_started_at"] = round(time.time(), 3)
            self.extra.pop("gap_ended_at", None)

    def _deliver(self, comments: list[IncomingComment]) -> None:
        if not comments:
            return
        # each item checked by /ingest's rules and cleaned as /ingest cleans (a lone surrogate
        # or control character replaced by U+FFFD); one that breaks them is rejected alone
        checked: list[IncomingComment] = []
        for comment in comments:
            outcome = checked_as_ingest(comment)
            if isinstance(outcome, str):
                self._reject(comment.kind.value, outcome)
            else:
                checked.append(outcome)
        if not checked:
            return
        self.received += len(checked)
        try:
            self._on_comments(checked)
        except Exception:
            log.exception("%s: the comment sink failed", self.name)

    def _reject(self, what: str, detail: object = "") -> None:
        self.rejected += 1
        log.debug("%s: skipped %s %r", self.name, what, detail)

    def _fault(self, what: str, exc: BaseException, size: int) -> None:
        """Something the platform sent (a message, a line) could not be read at all: it alone
        is rejected. Logged as a warning the first time, by its size and the error's type only
        (never its text: it holds viewers' names and words), then at debug level."""
        self.rejected += 1
        if self._fault_logged:
            log.debug("%s: skipped a %s (%s, %d bytes)", self.name, what, type(exc).__name__, size)
            return
        self._fault_logged = True
        log.warning("%s: skipped a %s that could not be read (%s, %d bytes); the rest is read on "
                    "(later ones are logged at debug level)", self.name, what,
                    type(exc).__name__, size)  # fmt: skip

    def _report(self, state: SourceState, message: str, **extra: Any) -> None:
        self.state, self.message = state, message
        self.extra.update(extra)
        if self._on_status is None:
            return
        try:
            self._on_status(self.status)
        except Exception:
            log.exception("%s: the status sink failed", self.name)


def checked_as_ingest(comment: IncomingComment) -> IncomingComment | str:
    """``comment`` as /ingest would take it (``parse_item``'s rules and cleaning), or why it
    would refuse it. The comment itself when nothing changes."""
    item: dict[str, Any] = {"platform": comment.platform, "user": comment.user,
                            "text": comment.text, "kind": comment.kind.value,
                            "id": comment.native_id, "user_id": comment.user_id,
                            "ts": comment.ts}  # fmt: skip
    for name in ("gift", "count", "value", "currency"):
        value = getattr(comment, name)
        if value is not None:
            item[name] = value
    try:
        outcome = parse_item(item)
    except Exception as exc:  # noqa: BLE001 - a fault in a rule costs this item alone
        return f"this item could not be read ({type(exc).__name__})"
    return comment if outcome == comment else outcome
