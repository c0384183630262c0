"""The bridge from the show's event bus to the window: each event to every view in order, the
state at most once a frame (comments alone: within COMMENTS_MS), a deleted view forgotten."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel

from app.domain.audience import IncomingComment, Kind
from app.runtime.bridge import COMMENTS_MS, FRAME_MS, ShowBridge
from app.services.events import Event, ProgramSceneChanged, ResumePartial
from app.services.show import Show
from app.services.state import ShowState
from tests.ui.conftest import Until

ONE, TWO, THREE = ResumePartial("one"), ResumePartial("two"), ResumePartial("three")


class Recorder(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[Event] = []

    def on_event(self, event: Event) -> None:
        self.setText(type(event).__name__)  # touches the widget: fails once Qt deleted it
        self.events.append(event)


async def test_events_reach_every_view_in_order_and_the_state_follows(
    bridge: ShowBridge, show: Show, until: Until
) -> None:
    first, second, states = Recorder(), Recorder(), []
    bridge.event_received.connect(first.on_event)
    bridge.event_received.connect(second.on_event)
    bridge.state_changed.connect(states.append)
    show.bus.publish(ONE)
    show.bus.publish(TWO)
    assert first.events == [ONE, TWO]  # at once, not on the next frame
    assert first.events == second.events
    await until(lambda: states)
    assert states[0].obs == show.state().obs
    bridge.event_received.disconnect(second.on_event)
    show.bus.publish(THREE)
    assert second.events == [ONE, TWO]
    assert first.events[-1] == THREE


async def test_a_failing_view_does_not_stop_the_others(
    bridge: ShowBridge, show: Show, until: Until
) -> None:
    seen: list[Event] = []

    def broken(_event: Event) -> None:
        raise ValueError("a bug in a view")

    bridge.event_received.connect(broken)
    bridge.event_received.connect(seen.append)
    show.bus.publish(ONE)
    show.bus.publish(TWO)
    assert seen == [ONE, TWO]


async def test_a_deleted_view_is_forgotten(bridge: ShowBridge, show: Show, until: Until) -> None:
    gone, kept = Recorder(), Recorder()
    bridge.event_received.connect(gone.on_event)
    bridge.event_received.connect(kept.on_event)
    gone.deleteLater()
    await until(lambda: bridge.event_received._slots == [kept.on_event])
    show.bus.publish(THREE)
    assert kept.events == [THREE]


async def test_a_slice_handed_to_a_deleted_view_is_forgotten(
    bridge: ShowBridge, until: Until
) -> None:
    """A view fed its slice by a lambda goes with the view it was connected for."""
    gone, states = Recorder(), []

    def feed_gone(state: ShowState) -> None:
        gone.setText(str(state.obs.connected))  # fails once Qt deleted the label

    bridge.state_changed.connect(feed_gone, owner=gone)
    bridge.state_changed.connect(states.append)
    gone.deleteLater()
    await until(lambda: feed_gone not in bridge.state_changed._slots)
    bridge.refresh()
    assert len(states) == 1


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
    show.bus.publish(ProgramSceneChanged("Product"))  # anything else: the next frame
    await until(lambda: len(states) == 2)
    assert len(states) == 2


async def test_the_audience_s_flow_refreshes_within_the_comments_delay_a_step_the_next_frame(
    bridge: ShowBridge, show: Show, until: Until
) -> None:
    """Questions asked, likes and gifts come with the comments: a flood of them refreshes the
    window about ten times a second, not every frame; a question claimed shows at once."""
    audience = show.audience
    assert audience is not None
    states: list[float] = []
    bridge.state_changed.connect(lambda _state: states.append(time.monotonic()))
    started = time.monotonic()
    for n in range(20):
        audience.ingest([IncomingComment("douyin", f"viewer{n}", f"第{n}号链接多少钱？"),
                         IncomingComment("douyin", f"viewer{n}", "", kind=Kind.LIKE, count=3),
                         IncomingComment("douyin", f"fan{n}", "", kind=Kind.GIFT, gift="小心心",
                                         value=1, currency="CNY")])  # fmt: skip
    await until(lambda: states)
    assert len(states) == 1
    assert states[0] - started >= COMMENTS_MS / 1000 * 0.8
    asked = audience.queue.top()
    assert asked is not None
    audience.act(asked.id, "claim", "小王")
    assert 0 <= bridge._timer.remainingTime() <= FRAME_MS  # the next frame, not the flow's pace
    await until(lambda: len(states) == 2)
