"""The bridge from the show's event bus to the window: each event to every view in order, the
state at most once a frame (comments alone: within COMMENTS_MS), a deleted view forgotten."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtWidgets import QLabel

from app.domain.audience import IncomingComment
from app.runtime.bridge import COMMENTS_MS, ShowBridge
from app.services.show import Show
from tests.ui.conftest import Until


class Recorder(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict[str, Any]] = []

    def on_event(self, event: dict[str, Any]) -> None:
        self.setText(str(event.get("type")))  # touches the widget: fails once Qt deleted it
        self.events.append(event)


async def test_events_reach_every_view_in_order_and_the_state_follows(
    bridge: ShowBridge, show: Show, until: Until
) -> None:
    first, second, states = Recorder(), Recorder(), []
    bridge.event_received.connect(first.on_event)
    bridge.event_received.connect(second.on_event)
    bridge.state_changed.connect(states.append)
    show.bus.publish({"type": "one"})
    show.bus.publish({"type": "two"})
    assert [e["type"] for e in first.events] == ["one", "two"]  # at once, not on the next frame
    assert first.events == second.events
    await until(lambda: states)
    assert states[0]["obs"] == show.state()["obs"]
    bridge.event_received.disconnect(second.on_event)
    show.bus.publish({"type": "three"})
    assert [e["type"] for e in second.events] == ["one", "two"]
    assert [e["type"] for e in first.events][-1] == "three"


async def test_a_failing_view_does_not_stop_the_others(
    bridge: ShowBridge, show: Show, until: Until
) -> None:
    seen: list[str] = []

    def broken(_event: dict[str, Any]) -> None:
        raise ValueError("a bug in a view")

    bridge.event_received.connect(broken)
    bridge.event_received.connect(lambda event: seen.append(event["type"]))
    show.bus.publish({"type": "one"})
    show.bus.publish({"type": "two"})
    assert seen == ["one", "two"]


async def test_a_deleted_view_is_forgotten(bridge: ShowBridge, show: Show, until: Until) -> None:
    gone, kept = Recorder(), Recorder()
    bridge.event_received.connect(gone.on_event)
    bridge.event_received.connect(kept.on_event)
    gone.deleteLater()
    await until(lambda: bridge.event_received._slots == [kept.on_event])
    show.bus.publish({"type": "after"})
    assert [e["type"] for e in kept.events] == ["after"]


async def test_comments_alone_refresh_the_state_within_their_delay(
    bridge: ShowBridge, show: Show, until: Until
) -> None:
    assert show.audience is not None
    states: list[float] = []
    bridge.state_changed.connect(lambda _state: states.append(time.monotonic()))
    started = time.monotonic()
    for n in range(20):
        show.audience.ingest([IncomingComment("douyin", f"viewer{n}", f"hello {n}")])
    await until(lambda: states)
    assert len(states) == 1  # one refresh for the whole burst
    assert states[0] - started >= COMMENTS_MS / 1000 * 0.8
    show.bus.publish({"type": "obs.scene"})  # anything else: the next frame
    await until(lambda: len(states) == 2)
