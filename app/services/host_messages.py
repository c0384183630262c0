"""Messages for the host ("2 minutes left", "go to the coupon"): one at a time, shown on the host
view and the console until cleared, from the producer's console, /assist or the API; logged so
the review's timeline shows them."""

from __future__ import annotations

import logging
from typing import Any

from app.domain import log_events as kinds
from app.domain.messages import Message
from app.domain.text import clean_text
from app.services.errors import BadInput
from app.services.event_bus import EventBus
from app.services.events import HostMessageChanged
from app.services.session import ShowRecorder
from app.services.state import HostMessage

log = logging.getLogger(__name__)

LEVELS = ("info", "urgent")
MAX_TEXT = 200  # read at a glance on air, not a letter


class HostMessages:
    def __init__(self, recorder: ShowRecorder, bus: EventBus) -> None:
        self._recorder, self._bus = recorder, bus
        self.current: HostMessage | None = None

    def send(self, text: str, level: str = "info", by: str | None = None) -> HostMessage:
        """Show `text` to the host (replacing the message shown), "urgent" flashing. The host
        reads one line: line breaks and tabs typed or pasted into it become spaces."""
        text = clean_text(" ".join(text.split()), single_line=True)
        if not text:
            raise BadInput(Message("host_message.needs_text"))
        if len(text) > MAX_TEXT:
            raise BadInput(Message("host_message.too_long", max=MAX_TEXT))
        if level not in LEVELS:
            raise BadInput(Message("host_message.bad_level"))
        who = (clean_text(by, single_line=True).strip() or None) if by else None
        entry = self._recorder.record(kinds.HOST_MESSAGE, text=text, level=level, by=who)
        self.current = HostMessage(text, level, entry.t, who)  # "since": the log's time
        self._bus.publish(HostMessageChanged(self.current))
        return self.current

    def clear(self, by: str | None = None) -> bool:
        """Take the message away; False when there was none."""
        if self.current is None:
            return False
        self.current = None
        self._recorder.record(kinds.HOST_MESSAGE_CLEAR, by=by or None)
        self._bus.publish(HostMessageChanged(None))
        return True

    # ----- resume -----------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any] | None:
        """The message on the host view, as resume keeps it (JSON-ready); None: none is up."""
        message = self.current
        if message is None:
            return None
        return {"text": message.text, "level": message.level, "since": message.since,
                "by": message.by}  # fmt: skip

    def restore(self, saved: object) -> None:
        """Put the kept message back on the host view after the console died: it shows until it
        is cleared, and it never was (its sending is in the log already, so nothing is logged).
        None (none was up, or a state kept before messages were) leaves none; a damaged one is
        left out (logged)."""
        if saved is None:
            return
        try:
            message = _message(saved)
        except (TypeError, ValueError) as exc:
            log.warning("resume: the saved message for the host is left out: %s", exc)
            return
        self.current = message
        self._bus.publish(HostMessageChanged(message))


def _message(saved: object) -> HostMessage:
    if not isinstance(saved, dict):
        raise TypeError("not an object")
    text, level, since, by = (saved.get(k) for k in ("text", "level", "since", "by"))
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
        raise ValueError("no text")
    if level not in LEVELS:
        raise ValueError(f"the level {str(level)[:20]!r}")
    if isinstance(since, bool) or not isinstance(since, int | float) or not abs(since) < 1e15:
        raise ValueError("no time")
    return HostMessage(text, str(level), float(since), by if isinstance(by, str) else None)
