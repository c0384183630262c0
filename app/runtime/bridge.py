"""Service events -> the window's views, coalesced to at most one state refresh per frame."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage
from shiboken6 import isValid

from app.services.events import Event, audience_flow
from app.services.show import Show
from app.services.state import ShowState

log = logging.getLogger(__name__)

FRAME_MS = 16
# the audience's flow alone (comments, questions asked, likes, gifts) moves counters and lists:
# its state refresh waits a little longer; a flood of it would otherwise refresh every frame
COMMENTS_MS = 100


class Relay:
    """A signal for Python slots on the UI thread: `connect`, `disconnect`, `emit`, the slots
    called in order, at once.

    Not a Qt signal on purpose: PySide lets go of the GIL around every emit and takes it back
    for each Python slot, and while the log writer's thread holds the GIL each take-back can
    wait its turn (milliseconds). Comments arrive in hundreds of batches a second. A slot whose
    widget Qt has deleted is dropped, as Qt drops its connections; any other error in a slot is
    logged and the other slots still run.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._slots: list[Callable[[Any], object]] = []
        self._owners: dict[Callable[[Any], object], QObject] = {}

    def connect(self, slot: Callable[[Any], object], owner: QObject | None = None) -> None:
        """`owner`: the widget a slot that is not its method (a lambda handing it a part of the
        value) belongs to, so that the slot goes with the widget."""
        self._slots.append(slot)
        owner = owner if owner is not None else getattr(slot, "__self__", None)
        if isinstance(owner, QObject):  # as Qt does: a deleted widget's slot goes with it
            self._owners[slot] = owner
            owner.destroyed.connect(lambda *_: self._drop(slot))

    def disconnect(self, slot: Callable[[Any], object]) -> None:
        self._slots.remove(slot)
        self._owners.pop(slot, None)

    def _drop(self, slot: Callable[[Any], object]) -> None:
        if slot in self._slots:
            self._slots.remove(slot)
        self._owners.pop(slot, None)

    def emit(self, value: Any) -> None:
        for slot in tuple(self._slots):
            try:
                slot(value)
            except Exception:
                owner = self._owners.get(slot)
                if owner is not None and not isValid(owner):
                    self._drop(slot)
                    continue
                log.exception("a view failed on %s", self.name)


class ShowBridge(QObject):
    """The window's one window onto the show: relays for what changed, and the show to act on.

    `state_changed` carries the whole ShowState (each view is handed its slice), emitted once per
    frame at most however many events arrived (every 100 ms at most while only comments arrive);
    `event_received` carries each event for views that list them (the feed, the queue). Both are
    `Relay`s.
    """

    thumbnail_changed = Signal(QImage)

    def __init__(self, show: Show, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show = show
        self.state_changed = Relay("state_changed")
        self.event_received = Relay("event_received")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._flush)
        self._unlisten = show.bus.listen(self._on_event)
        self._decoding = False

    def _on_event(self, event: Event) -> None:
        self.event_received.emit(event)
        if audience_flow(event):  # a step someone took shows on the next frame
            if not self._timer.isActive():
                self._timer.start(COMMENTS_MS)
        elif not self._timer.isActive() or self._timer.remainingTime() > FRAME_MS:
            self._timer.start(FRAME_MS)

    def _flush(self) -> None:
        state: ShowState = self.show.state()
        self.state_changed.emit(state)

    def refresh(self) -> None:
        self._flush()

    def on_thumbnail(self, jpeg: bytes) -> None:
        """Decode off the UI thread, then hand the image over; frames arriving meanwhile drop."""
        if self._decoding:
            return
        self._decoding = True
        task = asyncio.get_running_loop().create_task(self._decode(jpeg), name="thumb-decode")
        task.add_done_callback(lambda _t: None)

    async def _decode(self, jpeg: bytes) -> None:
        try:
            # PySide's stub types the format as bytes; at run time it takes only a str
            image = await asyncio.to_thread(QImage.fromData, jpeg, "JPG")  # type: ignore[arg-type]
            if not image.isNull():
                self.thumbnail_changed.emit(image)
        finally:
            self._decoding = False

    def close(self) -> None:
        self._unlisten()
