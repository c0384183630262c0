"""A live picture of the program scene: GetSourceScreenshot about twice a second, while wanted."""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
from collections.abc import Callable, Sequence

from app.services.errors import LiveDeskError
from app.services.obs_control import ObsControl
from app.services.ports import ObsGateway

log = logging.getLogger(__name__)

FrameSink = Callable[[bytes], None]


def decode_data_uri(uri: str) -> bytes:
    """obs-websocket answers `data:image/jpg;base64,...`; strip the prefix and decode."""
    _, _, payload = uri.partition(",")
    try:
        return base64.b64decode(payload or uri, validate=False)
    except (binascii.Error, ValueError):
        return b""


class ProgramThumbnail:
    """`run()` grabs while the picture is wanted (`start()`, the window is visible) and waits
    while it is not (`stop()`)."""

    name = "thumbnail"

    def __init__(
        self,
        gateway: ObsGateway,
        control: ObsControl,
        *,
        interval: float = 0.5,
        width: int = 384,
        sinks: Sequence[FrameSink] = (),
    ) -> None:
        self._obs, self._control = gateway, control
        self._interval, self._width = interval, width
        self._sinks: list[FrameSink] = list(sinks)  # who receives each frame
        self._wanted = asyncio.Event()

    def add_sink(self, sink: FrameSink) -> None:
        self._sinks.append(sink)

    def start(self) -> None:
        self._wanted.set()

    def stop(self) -> None:
        self._wanted.clear()

    async def grab(self) -> bytes | None:
        state = self._control.state
        if not state.connected or not state.program_scene:
            return None
        answer = await self._obs.call(
            "GetSourceScreenshot",
            sourceName=state.program_scene,
            imageFormat="jpg",
            imageWidth=self._width,
            imageCompressionQuality=70,
        )
        return decode_data_uri(str(answer.get("imageData", ""))) or None

    async def run(self) -> None:
        """Until cancelled: a frame every interval while wanted."""
        while True:
            await self._wanted.wait()
            try:
                frame = await self.grab()
            except LiveDeskError as exc:
                log.debug("thumbnail failed: %s", exc)
                frame = None
            if frame:
                for sink in self._sinks:
                    sink(frame)
            await asyncio.sleep(self._interval)
