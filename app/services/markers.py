"""Markers: “mark this moment” (hotkey M, the API) for the editor who cuts the replay."""

from __future__ import annotations

from typing import Any

from app.domain import log_events as kinds
from app.domain.messages import Message
from app.services.errors import BadInput
from app.services.event_bus import EventBus
from app.services.events import MarkerSet
from app.services.obs_control import ObsControl
from app.services.session import ShowRecorder

MAX_NOTE = 200
REPLAY_NOTE = "Replay saved"  # the marker a replay save sets
# the marker when OBS took the save but did not name its file in time (still connected)
REPLAY_UNCONFIRMED_NOTE = "Replay saved (unconfirmed)"


class Markers:
    def __init__(self, obs: ObsControl, recorder: ShowRecorder, bus: EventBus) -> None:
        self._obs, self._recorder, self._bus = obs, recorder, bus
        self.count = 0

    async def mark(self, note: str = "", *, origin: str = "console") -> dict[str, Any]:
        note = " ".join(note.split())
        if len(note) > MAX_NOTE:
            raise BadInput(Message("markers.note_too_long", n=MAX_NOTE))
        self.count += 1
        name = note or f"Marker {self.count}"
        entry = self._recorder.record(kinds.MARKER, note=name, origin=origin)
        chapter = await self._obs.record_chapter(name)
        marker = {"t": entry.t, "note": name, "record_tc": entry.record_tc,
                  "stream_tc": entry.stream_tc, "chapter": chapter}  # fmt: skip
        self._bus.publish(MarkerSet(entry.t, name, entry.record_tc, entry.stream_tc, chapter))
        return marker

    async def save_replay(self, *, origin: str = "console") -> dict[str, Any]:
        """Save OBS's replay buffer and mark the moment (the replay ends here) once OBS has
        named the file: the marker, and the file's path. When OBS does not name it in time the
        path is None and the marker says the save is unconfirmed; when the connection goes
        first, ObsUnavailable (503) and no marker: the replay may not exist."""
        saved = await self._obs.save_replay(origin=origin)
        path = await saved  # ObsUnavailable when the connection is lost before OBS names it
        note = REPLAY_NOTE if path is not None else REPLAY_UNCONFIRMED_NOTE
        marker = await self.mark(note, origin=origin)
        return {"marker": marker, "path": path}
