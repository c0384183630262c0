"""The thanks overlay (gift alerts): while the producer has it on, each gift, membership, super
chat and follow is thanked on stream, one alert at a time, each going after its time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from app.domain import log_events as kinds
from app.domain.audience import Kind
from app.domain.thanks_overlay import AlertQueue, thanks_card
from app.services.event_bus import EventBus
from app.services.events import CommentsAdded, ThanksOverlayChanged
from app.services.overlay_timing import Throttle, later
from app.services.session import ShowRecorder
from app.services.state import ThanksOverlaySlice

THANKS_UPDATE_S = 0.3  # the thanks overlay tells its renderers at most this often


class ThanksOverlay:
    """The thanks overlay's state, its alert timer and its throttled news on the bus."""

    def __init__(self, recorder: ShowRecorder, bus: EventBus, clock: Callable[[], float]) -> None:
        self._recorder, self._bus, self._clock = recorder, bus, clock
        self.on = False  # the producer turns the thanks overlay on
        self.alerts = AlertQueue()
        self._alert_timer: asyncio.TimerHandle | None = None
        self._alert_due: float | None = None  # when the timer armed fires
        self._throttle = Throttle(THANKS_UPDATE_S, clock, self._tell)

    def show(self, *, origin: str) -> None:
        if self.on:
            return
        self.on = True
        self._recorder.record(kinds.THANKS_OVERLAY_SHOW, origin=origin)
        self.tell()

    def hide(self, *, origin: str) -> None:
        if not self.on:
            return
        self.on = False
        self.alerts.clear()
        self._arm_alert()
        self._recorder.record(kinds.THANKS_OVERLAY_HIDE, origin=origin)
        self.tell()

    def state(self) -> ThanksOverlaySlice:
        alerts = self.alerts
        return ThanksOverlaySlice(self.on, alerts.alert(), alerts.recent(), len(alerts),
                                  alerts.dropped)  # fmt: skip

    def card(self) -> dict[str, Any] | None:
        """The card the renderers draw (None while the overlay is off)."""
        return thanks_card(self.alerts.alert(), self.alerts.recent()) if self.on else None

    def take(self, event: CommentsAdded) -> None:
        """A batch the audience took in, while the overlay is on: one kind test per item
        (comments are most of them)."""
        now, changed, alerts, comment = self._clock(), False, self.alerts, Kind.COMMENT
        for item in event.comments:
            if item.kind is not comment and alerts.add(item, now):
                changed = True
        if changed:
            self._arm_alert()
            self._throttle.changed()

    def tell(self) -> None:
        """Tell the renderers now (a pending throttled telling is dropped)."""
        self._throttle.now()

    def _tell(self, _now: float) -> None:
        self._bus.publish(ThanksOverlayChanged(self.state()))

    def _arm_alert(self) -> None:
        """A timer for the moment the alert on screen goes (and the next comes on)."""
        due = self.alerts.due()
        if due == self._alert_due and (due is None or self._alert_timer is not None):
            return
        if self._alert_timer is not None:
            self._alert_timer.cancel()
            self._alert_timer = None
        self._alert_due = due
        if due is not None:
            self._alert_timer = later(max(0.0, due - self._clock()), self._alert_time)

    def _alert_time(self) -> None:
        self._alert_timer, self._alert_due = None, None
        changed = self.alerts.advance(self._clock())
        self._arm_alert()  # the next alert's time, or again for a clock that ran short
        if changed:
            self._throttle.changed()
