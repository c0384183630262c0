"""Fan-out of everything that changes, to the window and to /ws/events alike."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from app.services.events import Event

log = logging.getLogger(__name__)

Wire = dict[str, Any]  # an event as a WebSocket client receives it (JSON-ready)
ToWire = Callable[[Event], Wire]


class EventBus:
    """Synchronous listeners (the Qt bridge, the services) get the typed events as they are (a
    `CommentsAdded` carries Comment objects); bounded async queues (WebSocket clients) get them
    as JSON, made by the `to_wire` their subscriber gives (the web edge's), once per event for all
    the queues that share it, and only while one is subscribed.

    A slow WebSocket client never holds up the show: when its queue is full it loses the oldest
    event and is told so with a `{"type": "overflow"}` marker, then re-reads /api/state.
    """

    def __init__(self) -> None:
        self._listeners: list[Callable[[Event], None]] = []
        self._queues: dict[asyncio.Queue[Wire], ToWire] = {}

    def listen(self, listener: Callable[[Event], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def subscribe(self, to_wire: ToWire, maxsize: int = 1000) -> asyncio.Queue[Wire]:
        queue: asyncio.Queue[Wire] = asyncio.Queue(maxsize)
        self._queues[queue] = to_wire
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Wire]) -> None:
        self._queues.pop(queue, None)

    def publish(self, event: Event) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken view must not stop the show
                log.exception("event listener failed on %s", type(event).__name__)
        if not self._queues:
            return
        made: dict[ToWire, Wire] = {}  # one conversion per converter, shared by its queues
        for queue, to_wire in list(self._queues.items()):
            sent = made.get(to_wire)
            if sent is None:
                try:
                    sent = made[to_wire] = to_wire(event)
                except Exception:  # an event the web edge cannot write must not stop the show
                    log.exception("could not make %s into JSON", type(event).__name__)
                    continue
            if queue.full():
                queue.get_nowait()
                queue.put_nowait({"type": "overflow"})
                continue
            queue.put_nowait(sent)
