"""Which of OBS's outputs are between states: starting, or stopping while OBS finishes the file.

obs-websocket already reports an output inactive while it is STOPPING, but OBS refuses to start it
again until it has STOPPED (finishing a recording's file can take a second or two). ObsControl
keeps the show's state as it is and asks this tracker whether a start has to wait for the stop.

The other way round, OBS refuses a stop (501 OutputNotRunning) until it has said STARTED (seen
on OBS 29: a StopRecord or StopStream right after the start): a stop pressed while the output
starts is kept here, the output said to be stopping, and sent once OBS runs it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any


class Settled(Enum):
    """How a wait for an output to finish stopping ended."""

    STOPPED = "stopped"  # OBS finished: the output can start again
    STARTED = "started"  # it is starting or running again (started elsewhere, in OBS)
    TIMED_OUT = "timed_out"  # no word from OBS within the bound
    RESET = "reset"  # the connection went away or the state was re-read
    CALLED_OFF = "called_off"  # a stop was pressed after the start that waits


# OBS's state event -> the output it is about
OUTPUT_EVENTS = {
    "StreamStateChanged": "stream",
    "RecordStateChanged": "record",
    "ReplayBufferStateChanged": "replay_buffer",
    "VirtualcamStateChanged": "virtualcam",
}
_PREFIX = "OBS_WEBSOCKET_OUTPUT_"
# how long a start OBS accepted may go without a word from it (STARTING, STARTED or STOPPED)
# before it is no longer taken as starting: OBS may take a start and do nothing (still closing
# the last file), and the person must be able to press again
START_WORD_S = 5.0


Between = Callable[[tuple[str, ...], tuple[str, ...]], None]  # (starting, stopping)


class OutputPhases:
    """`on_change(starting, stopping)` is told each time an output comes to be or ceases to be
    between states (the outputs panel says "Finishing the recording…")."""

    def __init__(
        self, on_change: Between | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._on_change, self._clock = on_change, clock
        self._starting: set[str] = set()
        self._requested: dict[str, float] = {}  # output -> when its start was sent, until a word
        self._stopping: set[str] = set()
        # stops pressed while their output was starting: sent once OBS runs it (said stopping)
        self._deferred: set[str] = set()
        self._waiters: dict[str, list[asyncio.Future[Settled]]] = {}
        # output -> (how many times it settled, how it last did): a waiter that comes just
        # after the event (OBS's refusal and its STOPPED event race to the loop) still sees it
        self._settled: dict[str, tuple[int, Settled]] = {}

    def starting(self, output: str) -> bool:
        return output in self._starting

    def stopping(self, output: str) -> bool:
        return output in self._stopping

    def stop_requested(self, output: str) -> None:
        """A stop was sent: OBS's STOPPING event may come after the next button press."""
        with self._telling():
            self._starting.discard(output)
            self._stopping.add(output)
            self._deferred.discard(output)

    def forget_stop(self, output: str) -> None:
        """The stop sent is over (refused, or OBS has the last word); a stop still waiting for
        the output to start stays."""
        if output in self._deferred:
            return
        with self._telling():
            self._stopping.discard(output)

    def defer_stop(self, output: str) -> None:
        """A stop pressed while the output starts: OBS would refuse it until STARTED, so it
        waits for that (ObsOutputs._stop_started sends it), the output said stopping meanwhile."""
        with self._telling():
            self._starting.discard(output)
            self._stopping.add(output)
            self._deferred.add(output)

    def stop_deferred(self, output: str) -> bool:
        """A stop waits for the output to start (not sent to OBS yet)."""
        return output in self._deferred

    def deferred_stops(self) -> tuple[str, ...]:
        return tuple(sorted(self._deferred))

    def cancel_stop(self, output: str) -> None:
        """A start pressed while the stop waits for the output to start: the stop is dropped
        and the output is starting again."""
        if output not in self._deferred:
            return
        with self._telling():
            self._deferred.discard(output)
            self._stopping.discard(output)
            self._starting.add(output)

    def call_off(self, output: str) -> None:
        """Wake the starts waiting for the output to stop: a stop was pressed after them."""
        for waiter in self._waiters.pop(output, []):
            if not waiter.done():
                waiter.set_result(Settled.CALLED_OFF)

    def start_requested(self, output: str) -> None:
        """A start is being sent: OBS's STARTING event may come after the next button press, and
        a second start meanwhile must not reach OBS."""
        with self._telling():
            self._starting.add(output)
            self._requested[output] = self._clock()

    def forget_start(self, output: str) -> None:
        """The start failed, or OBS never said a word of it: nothing is starting any more, and
        a stop waiting for it to start has nothing to stop."""
        with self._telling():
            self._starting.discard(output)
            self._requested.pop(output, None)
            if output in self._deferred:
                self._deferred.discard(output)
                self._stopping.discard(output)

    def awaiting_word(self, output: str) -> bool:
        """A start was sent and OBS has said nothing of the output since."""
        return output in self._requested

    def expire_starts(self, after: float = START_WORD_S) -> None:
        """Starts sent `after` s ago or more that OBS never said a word about: no longer
        starting (a start OBS said STARTING of stays, however long a stream takes to connect)."""
        now = self._clock()
        late = [output for output, at in self._requested.items() if now - at >= after]
        if late:
            with self._telling():
                for output in late:
                    self.forget_start(output)

    @contextlib.contextmanager
    def _telling(self) -> Iterator[None]:
        """Tell `on_change` when what happens inside changes which outputs are between."""
        before = self.between()
        yield
        now = self.between()
        if now != before and self._on_change is not None:
            self._on_change(*now)

    def between(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(the outputs starting, those stopping), each sorted: what the outputs panel says."""
        return tuple(sorted(self._starting)), tuple(sorted(self._stopping))

    def follow(self, name: str, data: dict[str, Any]) -> None:
        """Follow one of OBS's events (any event: others are ignored)."""
        with self._telling():
            self._follow(name, data)

    def _follow(self, name: str, data: dict[str, Any]) -> None:
        output = OUTPUT_EVENTS.get(name)
        state = data.get("outputState")
        if output is None or not isinstance(state, str) or not state.startswith(_PREFIX):
            return
        phase = state.removeprefix(_PREFIX)
        self._requested.pop(output, None)  # OBS has said something about it
        if phase == "STOPPING":  # a stop waiting for STARTED is moot: stopped elsewhere
            self.stop_requested(output)
        elif phase == "STOPPED":
            self._starting.discard(output)
            self._stopping.discard(output)
            self._deferred.discard(output)
            self._wake(output, Settled.STOPPED)
        elif phase in ("STARTING", "STARTED"):
            if output not in self._deferred:  # else: stopping, until the stop has been sent
                if phase == "STARTING":
                    self._starting.add(output)
                else:
                    self._starting.discard(output)
                self._stopping.discard(output)
            self._wake(output, Settled.STARTED)
        # PAUSED, RESUMED, RECONNECTING, RECONNECTED: a running output, nothing in between ends

    def mark(self, output: str) -> int:
        """Where the output's story is now: a later wait_stopped(since=) sees what came after."""
        return self._settled.get(output, (0, Settled.RESET))[0]

    async def wait_stopped(self, output: str, timeout: float, *, since: int) -> Settled:
        """Wait for OBS to say the output stopped (or started again), at most `timeout` s; at
        once if it said so after `since` (a mark())."""
        count, settled = self._settled.get(output, (0, Settled.RESET))
        if count > since:
            return settled
        waiter: asyncio.Future[Settled] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(output, []).append(waiter)
        try:
            return await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            return Settled.TIMED_OUT
        finally:
            waiters = self._waiters.get(output, [])
            if waiter in waiters:
                waiters.remove(waiter)

    def reset(self) -> None:
        """Forget everything in between (disconnected, or the state is read anew)."""
        with self._telling():
            self._starting.clear()
            self._stopping.clear()
            self._deferred.clear()
            self._requested.clear()
        for output in list(self._waiters):
            self._wake(output, Settled.RESET)

    def _wake(self, output: str, settled: Settled) -> None:
        if settled is not Settled.RESET:
            self._settled[output] = (self.mark(output) + 1, settled)
        for waiter in self._waiters.pop(output, []):
            if not waiter.done():
                waiter.set_result(settled)
