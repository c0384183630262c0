"""Service events -> Qt signals, coalesced to at most one state refresh per frame."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from app.services.show import Show

FRAME_MS = 16


class ShowBridge(QObject):
    """The window's one window onto the show: signals for what changed, and the show to act on.

    `state_changed` carries the whole /api/state dict, emitted once per frame at most however many
    events arrived; `event_received` carries each event for views that list them (the log).
    """

    state_changed = Signal(object)  # dict; object: no conversion to a QVariantMap per emit
    event_received = Signal(object)  # dict, as above (comment batches are large)
    thumbnail_changed = Signal(QImage)

    def __init__(self, show: Show, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show = show
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._flush)
        self._unlisten = show.bus.listen(self._on_event)
        self._decoding = False

    def _on_event(self, event: dict[str, Any]) -> None:
        self.event_received.emit(event)
        if not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        self.state_changed.emit(self.show.state())

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
            image = await asyncio.to_thread(QImage.fromData, jpeg, "JPG")
            if not image.isNull():
                self.thumbnail_changed.emit(image)
        finally:
            self._decoding = False

    def close(self) -> None:
        self._unlisten()
