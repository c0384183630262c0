"""The runtime supervisor: restarts with back-off, ordered stop with timeouts, the quit that lets an
end of show finish, and the routes of uncaught errors to the crash path. Qt-free."""

from __future__ import annotations

import asyncio
import collections
import logging
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from app.adapters.chat.base import ChatSource
from app.adapters.store.writer import SqliteSessionLog
from app.runtime.supervisor import Supervisor, route_loop_errors, route_thread_errors
from app.runtime.tasks import TaskRunner
from app.services.event_bus import EventBus
from app.services.events import Event, ServiceFailed
from app.services.health import LoopLagMonitor
from app.services.obs_control import ObsControl
from app.services.session import ShowRecorder
from app.services.store_watch import StoreWatch
from app.services.supervisor import Backoff, ObsSupervisor
from app.services.thumbnail import ProgramThumbnail
from tests.support.fake_obs import FakeObs
from tests.support.waiting import eventually


def _fast(publish: Callable[[Event], None], **options: Any) -> Supervisor:
    """Restarts after 0.01 s, doubling to 0.04 s."""
    return Supervisor(publish, first_delay=0.01, max_delay=0.04, **options)


async def _until(predicate: Callable[[], object], timeout: float = 5.0) -> None:
    await eventually(predicate, "the supervised state", timeout=timeout, interval=0.005)


def _failures(events: list[Event], name: str) -> list[ServiceFailed]:
    return [e for e in events if isinstance(e, ServiceFailed) and e.service == name]


def _delays(events: list[Event]) -> list[float]:
    """The restart delays told, in order; every event told is a ServiceFailed."""
    assert all(isinstance(e, ServiceFailed) for e in events), events
    return [e.restart_in_s for e in events if isinstance(e, ServiceFailed)]


class _Flaky:
    """Fails `times` times (after advancing the clock by `runs_for`), then runs until cancelled."""

    def __init__(self, name: str, times: int, clock: list[float], runs_for: float = 0.0) -> None:
        self.name, self.times, self.clock, self.runs_for = name, times, clock, runs_for
        self.starts = 0

    async def run(self) -> None:
        self.starts += 1
        if self.starts <= self.times:
            self.clock[0] += self.runs_for
            raise RuntimeError(f"boom {self.starts}")
        await asyncio.Event().wait()


# ----- back-off and ordered stop ---------------------------------------------------------------
async def test_a_failing_service_restarts_with_doubling_back_off(
    caplog: pytest.LogCaptureFixture,
) -> None:
    events: list[Event] = []
    now = [0.0]
    flaky = _Flaky("flaky", times=4, clock=now)
    services = _fast(events.append, clock=lambda: now[0])
    services.add(flaky)
    with caplog.at_level(logging.ERROR, "app.runtime.supervisor"):
        services.start()
        await _until(lambda: flaky.starts == 5 and services.running("flaky"))
    await services.stop()
    assert _delays(events) == [0.01, 0.02, 0.04, 0.04]  # capped
    assert events[0] == ServiceFailed(service="flaky", error="RuntimeError: boom 1",
                                      restart_in_s=0.01)  # fmt: skip
    assert services.failures("flaky") == 4
    assert sum("the service flaky failed" in r.getMessage() for r in caplog.records) == 4
    assert caplog.records[0].exc_info is not None  # the traceback goes to the log
    assert not services.running("flaky")


async def test_the_back_off_starts_again_after_a_long_run() -> None:
    events: list[Event] = []
    now = [0.0]
    flaky = _Flaky("steady", times=3, clock=now, runs_for=120.0)  # each run lasted two minutes
    services = _fast(events.append, clock=lambda: now[0], healthy_after_s=60.0)
    services.add(flaky)
    services.start()
    await _until(lambda: flaky.starts == 4)
    await services.stop()
    assert _delays(events) == [0.01, 0.01, 0.01]


async def test_a_service_that_returns_is_not_started_again() -> None:
    class Once:
        name = "once"
        runs = 0

        async def run(self) -> None:
            self.runs += 1

    events: list[Event] = []
    once = Once()
    services = _fast(events.append)
    services.add(once)
    services.start()
    await _until(lambda: once.runs == 1 and not services.running("once"))
    await asyncio.sleep(0.05)  # longer than any restart delay: a wrong restart would show
    assert once.runs == 1
    assert events == []
    await services.stop()


async def test_stop_goes_in_reverse_order_and_leaves_a_stubborn_service_after_its_timeout(
    caplog: pytest.LogCaptureFixture,
) -> None:
    order: list[str] = []
    release = asyncio.Event()

    class Polite:
        def __init__(self, name: str) -> None:
            self.name = name

        async def run(self) -> None:
            try:
                await asyncio.Event().wait()
            finally:
                order.append(self.name)

    class Stubborn:
        name = "stubborn"

        async def run(self) -> None:
            while True:
                try:
                    await release.wait()
                    order.append("stubborn")
                    return
                except asyncio.CancelledError:
                    continue  # ignores cancellation until released

    finished: list[str] = []
    services = _fast(lambda e: None)
    services.add(Polite("first"), finish=lambda: finished.append("first"))
    services.add(Stubborn(), stop_timeout=0.1)
    services.add(Polite("last"))
    services.start()
    await _until(lambda: all(services.running(n) for n in ("first", "stubborn", "last")))
    loop = asyncio.get_running_loop()
    try:
        with caplog.at_level(logging.WARNING, "app.runtime.supervisor"):
            began = loop.time()
            await services.stop()
            took = loop.time() - began
    finally:
        release.set()  # whatever happened: the loop can close
    assert order[:2] == ["last", "first"]  # the stubborn one was left, the next one stopped
    assert finished == ["first"]
    assert took >= 0.1  # it was waited for, up to its timeout
    assert any(
        "the service stubborn did not stop within 0.1 s; left behind" in r.getMessage()
        for r in caplog.records
    )
    await _until(lambda: "stubborn" in order)


async def test_a_graceful_stop_is_asked_first_and_its_finish_is_awaited() -> None:
    asked: list[str] = []
    saved: list[str] = []

    class Graceful:
        name = "graceful"

        def __init__(self) -> None:
            self.done = asyncio.Event()

        async def run(self) -> None:
            await self.done.wait()  # returns once asked: never cancelled

        def stop(self) -> None:
            asked.append("stop")
            self.done.set()

    async def final_save() -> None:
        await asyncio.sleep(0)
        saved.append("saved")

    graceful = Graceful()
    services = _fast(lambda e: None)
    services.add(graceful, ask_stop=graceful.stop, finish=final_save)
    services.start()
    await _until(lambda: services.running("graceful"))
    await services.stop()
    assert asked == ["stop"]
    assert saved == ["saved"]


# ----- each of the console's services, killed by an unexpected error, comes back --------------
def _raise_once(real: Callable[..., Any]) -> Callable[..., Any]:
    calls = [0]

    def step(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 1:
            raise RuntimeError("unexpected")
        return real(*args, **kwargs)

    return step


async def _killed_and_back(
    service: Any,
    comes_back: Callable[[], object],
    caplog: pytest.LogCaptureFixture,
    **options: Any,
) -> list[Event]:
    bus = EventBus()
    events: list[Event] = []
    bus.listen(events.append)
    services = _fast(bus.publish)
    services.add(service, **options)
    name = options.get("name") or service.name
    with caplog.at_level(logging.ERROR, "app.runtime.supervisor"):
        services.start()
        try:
            await _until(lambda: _failures(events, name) and comes_back())
            assert services.running(name)
        finally:
            await services.stop()
    failed = _failures(events, name)
    assert failed[0].error == "RuntimeError: unexpected"
    assert failed[0].restart_in_s == 0.01
    assert any(f"the service {name} failed" in r.getMessage() for r in caplog.records)
    return events


async def test_the_store_watch_comes_back(caplog: pytest.LogCaptureFixture) -> None:
    looks = [0]

    def health() -> dict[str, Any]:
        looks[0] += 1
        return {}

    watch = StoreWatch(health, EventBus(), interval=0.005)
    watch.check = _raise_once(watch.check)  # type: ignore[method-assign]
    await _killed_and_back(watch, lambda: looks[0] >= 2, caplog)


async def test_the_loop_lag_monitor_comes_back(caplog: pytest.LogCaptureFixture) -> None:
    class Samples(collections.deque[float]):
        def append(self, value: float) -> None:
            super().append(value)
            if len(self) == 1 and not hasattr(self, "failed"):
                self.failed = True
                raise RuntimeError("unexpected")

    lag = LoopLagMonitor(interval=0.005)
    lag.samples = Samples(maxlen=100)
    await _killed_and_back(lag, lambda: len(lag.samples) >= 3, caplog)


async def test_the_thumbnail_comes_back(
    caplog: pytest.LogCaptureFixture, fake_obs: FakeObs, control: ObsControl
) -> None:
    thumbnail = ProgramThumbnail(fake_obs, control, interval=0.005)
    frames: list[bytes] = []
    thumbnail.add_sink(frames.append)

    async def grab() -> bytes:
        return b"jpeg"

    thumbnail.grab = _raise_once(grab)  # type: ignore[method-assign]
    thumbnail.start()  # the window is visible
    await _killed_and_back(thumbnail, lambda: len(frames) >= 2, caplog)


async def test_the_obs_supervisor_comes_back_connected(
    caplog: pytest.LogCaptureFixture, fake_obs: FakeObs, control: ObsControl
) -> None:
    obs = ObsSupervisor(fake_obs, control, backoff=Backoff(first=0.01, ceiling=0.05))
    control.resync = _raise_once(control.resync)  # type: ignore[method-assign]
    await _killed_and_back(obs, lambda: control.state.connected, caplog)
    assert fake_obs.connects >= 2  # the broken connection was closed and made again


class _Chat(ChatSource):
    platform = "test"

    async def _session(self) -> None:
        self._connected("receiving")
        await asyncio.Event().wait()


async def test_a_chat_source_comes_back_connected(caplog: pytest.LogCaptureFixture) -> None:
    states: list[str] = []
    chat = _Chat("demo-chat", lambda batch: None, lambda status: states.append(status.state))
    chat._connecting_message = _raise_once(chat._connecting_message)  # type: ignore[method-assign]
    await _killed_and_back(
        chat, lambda: chat.state == "connected", caplog, name="chat-demo", ask_stop=chat.stop
    )
    assert states[-1] == "stopped"  # asked to stop at the end, it says so


# ----- quitting while a show ends ---------------------------------------------------------------
class _SlowEnd(SqliteSessionLog):
    """The real log, whose end of session waits until released."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.entered, self.release = asyncio.Event(), asyncio.Event()

    async def end_session(self, session_id: int, ended_at: float) -> None:
        self.entered.set()
        await self.release.wait()
        await super().end_session(session_id, ended_at)


async def test_quitting_during_end_show_lets_the_show_end(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "livedesk.sqlite"
    store = _SlowEnd(path)
    recorder = ShowRecorder(store, EventBus())
    errors: list[str] = []
    tasks = TaskRunner(errors.append)
    services = _fast(lambda e: None)
    services.add(_Flaky("idle", times=0, clock=[0.0]))
    services.start()
    session = await recorder.start("Evening show")
    tasks.run(recorder.end(), name="session-end")  # the user pressed "End show"
    await store.entered.wait()

    async def quit_like_main() -> None:
        await tasks.finish(grace=5.0)
        await services.stop()
        store.close()

    with caplog.at_level(logging.INFO, "app.runtime.tasks"):
        quitting = asyncio.create_task(quit_like_main())
        await _until(lambda: any("in flight" in r.getMessage() for r in caplog.records))
        assert not quitting.done()  # the quit waits for the end of the show
        store.release.set()
        await quitting
    assert errors == []
    assert recorder.session is None
    with sqlite3.connect(path) as db:
        ended = db.execute("SELECT ended_at FROM sessions WHERE id = ?", (session.id,)).fetchone()
    assert ended is not None
    assert ended[0] is not None


async def test_an_action_that_outlasts_the_grace_is_cancelled(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tasks = TaskRunner(lambda text: None)
    forever = tasks.run(asyncio.Event().wait(), name="stuck")
    waiting = tasks.run(asyncio.Event().wait(), name="dialog", finish_at_quit=False)
    with caplog.at_level(logging.WARNING, "app.runtime.tasks"):
        await tasks.finish(grace=0.05, settle=1.0)
    assert forever.cancelled()
    assert waiting.cancelled()
    assert tasks.pending == 0
    assert any("['stuck']" in r.getMessage() for r in caplog.records)  # the dialog is not named


# ----- the rest goes to the crash path ---------------------------------------------------------
Crash = tuple[type[BaseException], BaseException, TracebackType | None]


async def test_the_loop_exception_handler_reaches_the_crash_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crashes: list[Crash] = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: crashes.append(exc))
    loop = asyncio.get_running_loop()
    before = loop.get_exception_handler()
    route_loop_errors(loop)  # to whatever sys.excepthook is when it happens (the crash dialog)
    try:

        def callback() -> None:
            raise ValueError("from a callback")

        loop.call_soon(callback)
        await _until(lambda: crashes)
    finally:
        loop.set_exception_handler(before)
    kind, exc, tb = crashes[0]
    assert kind is ValueError
    assert str(exc) == "from a callback"
    assert tb is not None


async def test_a_network_fault_the_loop_catches_is_only_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    crashes: list[Crash] = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: crashes.append(exc))
    loop = asyncio.get_running_loop()
    before = loop.get_exception_handler()
    route_loop_errors(loop)
    try:
        with caplog.at_level(logging.ERROR, "asyncio"):

            def callback() -> None:
                raise ConnectionResetError("peer gone")

            loop.call_soon(callback)
            await _until(lambda: any("peer gone" in r.getMessage() or r.exc_info
                                     for r in caplog.records))  # fmt: skip
    finally:
        loop.set_exception_handler(before)
    assert crashes == []


def test_threading_excepthook_reaches_the_crash_path(monkeypatch: pytest.MonkeyPatch) -> None:
    crashes: list[Crash] = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: crashes.append(exc))
    before = threading.excepthook
    undo = route_thread_errors()
    try:

        def work() -> None:
            raise KeyError("from a thread")

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    finally:
        undo()
    assert threading.excepthook is before
    assert [(kind, exc.args) for kind, exc, _tb in crashes] == [(KeyError, ("from a thread",))]


# ----- the console's wiring (app/wiring/lifecycle.py) -------------------------------------------
async def test_the_console_starts_its_services_in_order_and_stops_them_in_reverse() -> None:
    from app.wiring.lifecycle import supervise

    journal: list[str] = []

    class Recorded:
        def __init__(self, name: str) -> None:
            self.name = name

        async def run(self) -> None:
            journal.append(f"run {self.name}")
            try:
                await asyncio.Event().wait()
            finally:
                journal.append(f"stopped {self.name}")

    class Keeper(Recorded):
        def save_if_changed(self) -> None:
            journal.append("final save")

    class Native(Recorded):
        def attach(self) -> None:
            journal.append("attach native-overlays")

        def detach(self) -> None:
            journal.append("detach native-overlays")

    class Chat(Recorded):
        async def run(self) -> None:
            self.asked = asyncio.Event()
            journal.append(f"run {self.name}")
            await self.asked.wait()  # a chat source returns once asked to stop
            journal.append(f"stopped {self.name}")

        def stop(self) -> None:
            journal.append(f"asked {self.name}")
            self.asked.set()

    services = supervise(
        Supervisor(lambda e: None),
        Recorded("loop-lag"),
        Recorded("store-watch"),
        Keeper("show-keeper"),  # type: ignore[arg-type]
        Native("native-overlays"),  # type: ignore[arg-type]
        [Chat("youtube")],  # type: ignore[list-item]
        Recorded("thumbnail"),
        Recorded("obs"),
    )
    assert journal == ["attach native-overlays"]  # before anything runs (and before OBS)
    services.start()
    await _until(lambda: sum(entry.startswith("run") for entry in journal) == 7)
    assert [e for e in journal if e.startswith("run")] == [
        "run loop-lag", "run store-watch", "run show-keeper", "run native-overlays",
        "run youtube", "run thumbnail", "run obs",
    ]  # fmt: skip
    assert services.names[4] == "chat-youtube"
    del journal[:]
    await services.stop()
    assert journal == [
        "stopped obs", "stopped thumbnail", "asked youtube", "stopped youtube",
        "stopped native-overlays", "detach native-overlays", "stopped show-keeper", "final save",
        "stopped store-watch", "stopped loop-lag",
    ]  # fmt: skip
