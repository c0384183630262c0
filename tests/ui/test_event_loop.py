"""The console's loop (app/runtime/event_loop.py): call_soon runs through one ready queue, in the
order the callbacks were queued, a round at a time, with Qt's events handled between rounds."""

from __future__ import annotations

import asyncio
import threading

from PySide6.QtCore import QTimer

from app.runtime.event_loop import ConsoleEventLoop


async def test_the_tests_run_on_the_console_loop() -> None:
    assert isinstance(asyncio.get_running_loop(), ConsoleEventLoop)


async def _after_the_queued() -> None:
    """Return once every callback queued before this call has run (they run in order)."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_soon(done.set_result, None)
    await asyncio.wait_for(done, timeout=5)


async def test_callbacks_run_in_the_order_they_were_queued() -> None:
    loop = asyncio.get_running_loop()
    seen: list[int] = []
    for n in range(200):
        loop.call_soon(seen.append, n)
    loop.call_later(0, seen.append, 200)  # no delay: the same queue, after the others
    await _after_the_queued()
    assert seen == list(range(201))


async def test_a_cancelled_callback_does_not_run() -> None:
    loop = asyncio.get_running_loop()
    seen: list[str] = []
    loop.call_soon(seen.append, "a")
    loop.call_soon(seen.append, "b").cancel()
    loop.call_soon(seen.append, "c")
    await _after_the_queued()
    assert seen == ["a", "c"]


async def test_a_callback_that_requeues_itself_lets_qt_events_through() -> None:
    """A callback queued while the queue drains runs on the next round: a coroutine that yields
    forever (asyncio.sleep(0) in a loop) never starves Qt's timers and repaints."""
    fired = asyncio.Event()
    QTimer.singleShot(10, fired.set)
    spins = 0

    async def spin() -> None:
        nonlocal spins
        while not fired.is_set():
            spins += 1
            await asyncio.sleep(0)

    await asyncio.wait_for(spin(), timeout=5)
    assert fired.is_set()
    assert spins > 1


async def test_an_error_in_a_callback_goes_to_the_handler_and_the_rest_run() -> None:
    loop = asyncio.get_running_loop()
    caught: list[BaseException] = []
    loop.set_exception_handler(lambda _loop, context: caught.append(context["exception"]))
    seen: list[str] = []
    try:
        loop.call_soon(lambda: 1 / 0)
        loop.call_soon(seen.append, "after")
        await _after_the_queued()
    finally:
        loop.set_exception_handler(None)
    assert seen == ["after"]
    assert len(caught) == 1
    assert isinstance(caught[0], ZeroDivisionError)


async def test_callbacks_from_other_threads_arrive_in_order() -> None:
    loop = asyncio.get_running_loop()
    seen: list[int] = []
    done = asyncio.Event()

    def from_thread() -> None:
        for n in range(100):
            loop.call_soon_threadsafe(seen.append, n)
        loop.call_soon_threadsafe(done.set)

    threading.Thread(target=from_thread).start()
    await asyncio.wait_for(done.wait(), timeout=5)
    assert seen == list(range(100))


async def test_delayed_callbacks_still_wait_their_delay() -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    arrived = loop.create_future()
    loop.call_later(0.05, lambda: arrived.set_result(loop.time()))
    assert await asyncio.wait_for(arrived, timeout=5) - started >= 0.045
