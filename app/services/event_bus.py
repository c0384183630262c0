"""Fan-out of everything that changes, to the window and to /ws/events alike."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Event = dict[str, Any]


class EventBus:
    """Synchronous listeners (the Qt bridge) and bounded async queues (WebSocket clients).

    `comments.added` carries Comment objects to listeners (the window's feed reads them as they
    are) and their API dicts (Comment.as_api()) to the queues, made only when one is subscribed.

    A slow WebSocket client never holds up the show: when its queue is full it loses the oldest
    event and is told so with a `{"type": "overflow"}` marker, then re-reads /api/state.
    """

    def __init__(self) -> None:
        self._listeners: list[Callable[[Event], None]] = []
        self._queues: set[asyncio.Queue[Event]] = set()

    def listen(self, listener: Callable[[Event], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def subscribe(self, maxsize: int = 1000) -> asyncio.Queue[Event]:
        queue: asyncio.Queue[Event] = asyncio.Queue(maxsize)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Event]) -> None:
        self._queues.discard(queue)

    def publish(self, event: Event, wire: Callable[[], Event] | None = None) -> None:
        """`event` to every listener. `wire` builds the event as the queues (WebSocket clients)
        receive it when that differs (plain JSON instead of domain objects): it is called once,
        only when a queue is subscribed, and its event shared by all of them."""
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken view must not stop the show
                log.exception("event listener failed on %s", event.get("type"))
        if not self._queues:
            return
        sent = event if wire is None else wire()
        for queue in self._queues:
            if queue.full():
                queue.get_nowait()
                queue.put_nowait({"type": "overflow"})
                continue
            queue.put_nowait(sent)
