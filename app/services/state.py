"""The show's state as values: what the window's panels show and what /api/state answers.

`ShowState` is made of slices, one for each panel's need; each service makes its own slice
(`ObsControl.slice()`, `ShowRunner.state()`, `OverlayControl.state()`, `Audience.state()`), and
`Show.state()` puts them together. Everything is frozen, so a panel can keep what it was given
and compare it with the next one. The JSON of /api/state is made from these types at the web edge
(app/adapters/web/state_json.py); nothing here knows about JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.domain.audience import Kind
from app.domain.catalog import Catalog
from app.domain.interaction.viewers import Viewer
from app.domain.obs_state import OutputStats
from app.domain.runsheet import RunSheet
from app.domain.thanks_overlay import ThanksAlert
from app.services.ports import ConnectProblem


@dataclass(frozen=True)
class ObsSlice:
    """OBS as the connection bar, the scenes, program and outputs panels show it."""

    connected: bool = False
    program_scene: str | None = None
    preview_scene: str | None = None  # None outside studio mode
    studio_mode: bool = False
    scenes: tuple[str, ...] = ()  # in OBS's own UI order, top first
    streaming: bool = False
    recording: bool = False
    stream_reconnecting: bool = False  # the stream dropped and OBS is reconnecting it
    obs_version: str | None = None
    websocket_version: str | None = None
    problem: ConnectProblem | None = None  # why the last attempt failed (None: it did not)
    stats: OutputStats = field(default_factory=OutputStats)
    replay_buffer: bool = False
    replay_buffer_available: bool | None = None  # False: off in OBS's settings (None: unknown)
    virtualcam: bool = False
    virtualcam_available: bool | None = None  # False: OBS has no virtual-camera device
    starting: tuple[str, ...] = ()  # outputs OBS is starting ("stream", "record", ...)
    stopping: tuple[str, ...] = ()  # outputs OBS is stopping (a recording's file finishing)


@dataclass(frozen=True)
class SessionSlice:
    """The show being recorded, or the interrupted one resume can take up."""

    id: int | None = None
    title: str | None = None
    started_at: float | None = None
    resume_available: bool = False
    interrupted: str | None = None  # the interrupted show's title


@dataclass(frozen=True)
class CurrentSegment:
    title: str
    planned_s: int
    scene: str | None
    product: str | None
    coupon: str | None
    notes: tuple[str, ...]
    done: tuple[int, ...]  # the notes ticked off, in order


@dataclass(frozen=True)
class NextSegment:
    index: int
    title: str


@dataclass(frozen=True)
class RunsheetSlice:
    """The run-sheet live: the cue panel and the host view.

    `sheet` and `ran` are for the cue panel's list and are not part of /api/state.
    """

    index: int | None  # the live segment (None: none is live)
    segments: int
    elapsed_s: float | None
    remaining_s: float | None
    title: str
    total_s: int
    finished: bool
    current: CurrentSegment | None
    next: NextSegment | None
    over_under_s: float
    standby: bool
    standby_scene: str | None
    sheet: RunSheet = field(default_factory=RunSheet)
    ran: frozenset[int] = frozenset()  # the segments that have run (some time counted)


@dataclass(frozen=True)
class CouponSlice:
    code: str | None
    remaining_s: float
    paused: bool


@dataclass(frozen=True)
class ThanksOverlaySlice:
    """The thanks overlay (gift alerts): on or off (the producer's switch, off by default), the
    alert on screen, the latest supporters (newest first), the alerts waiting and those dropped
    because too many waited."""

    on: bool = False
    alert: ThanksAlert | None = None
    recent: tuple[ThanksAlert, ...] = ()
    waiting: int = 0
    dropped: int = 0


@dataclass(frozen=True)
class InteractionOverlaySlice:
    """The interaction cards on screen: the id of the lottery, poll (or quiz) and check-in each
    shows (None: that card is not on screen)."""

    lottery: int | None = None
    poll: int | None = None
    checkin: int | None = None


@dataclass(frozen=True)
class OverlaySlice:
    """What is on stream: the overlay panel, the cue panel's coupon line and the host view.

    `catalog` (the products and coupons to choose from) and `view` (the cards as the renderers
    draw them) are for the overlay panel and are not part of /api/state.
    """

    product: str | None
    coupon: CouponSlice | None
    featured: str | None  # the featured comment's id, "manual" for typed text, None: none
    catalog: Catalog = field(default_factory=Catalog)
    view: Mapping[str, Any] | None = None
    thanks: ThanksOverlaySlice = field(default_factory=ThanksOverlaySlice)
    interaction: InteractionOverlaySlice = field(default_factory=InteractionOverlaySlice)


@dataclass(frozen=True)
class Counts:
    comments: int = 0
    questions_open: int = 0
    questions_claimed: int = 0
    questions_answered: int = 0
    rejected: int = 0


@dataclass(frozen=True)
class Pulse:
    comments_per_minute: tuple[int, ...]
    questions_per_minute: tuple[int, ...]
    purchase_rate: float
    # the room beyond comments, minute by minute like the two above (not part of /api/state)
    likes_per_minute: tuple[int, ...] = ()
    gifts_per_minute: tuple[int, ...] = ()
    follows_per_minute: tuple[int, ...] = ()
    viewers_per_minute: tuple[int, ...] = ()  # the highest count of each minute, carried on


@dataclass(frozen=True)
class Room:
    """The running show's audience beyond comments: viewers (the sum of each platform's latest
    count that still stands: app/domain/viewer_counts.py) and their peak, and the likes, gifts
    (their value summed whatever the currency, and per currency), follows and entries so far."""

    viewers: int = 0
    viewers_peak: int = 0
    likes: int = 0
    gifts: int = 0
    gifts_value: float = 0.0
    follows: int = 0
    enters: int = 0
    # the same value per currency ("" where the platform names none), the largest first
    value_by_currency: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """The FAQ's best canned answer for a question."""

    topic: str
    answer: str


@dataclass(frozen=True)
class QuestionCard:
    """A question as the API and the panels show it, with the best canned answer."""

    id: int
    text: str
    state: str
    asked: int
    askers: tuple[str, ...]
    comment_ids: tuple[int, ...]
    platform: str
    created_at: float
    claimed_by: str | None
    answered_by: str | None
    answer: str | None
    answered_at: float | None
    response_s: float | None
    featured: bool
    suggestion: Suggestion | None
    buying: bool = False  # it stands between a viewer and an order (not part of /api/state)


@dataclass(frozen=True)
class QueueSlice:
    """The question queue as the queue panel lists it (`Audience.questions`)."""

    counts: Mapping[str, int]  # how many are "open", "claimed", "answered", "dismissed"
    questions: tuple[QuestionCard, ...]  # those of the state asked for, most asked first


@dataclass(frozen=True)
class AudienceSlice:
    """The audience: the pulse panel and the host view's question line."""

    counts: Counts
    top_question: QuestionCard | None
    # each chat source's last status report, by name (a report's fields vary by platform)
    sources: Mapping[str, Mapping[str, Any]]
    pulse: Pulse  # the last 15 minutes
    room: Room = field(default_factory=Room)


@dataclass(frozen=True)
class ThanksCard:
    """One thanks-list entry: a viewer's gifts, membership, super chats or follow not yet
    thanked on air, with the running total."""

    id: int
    kind: Kind  # gift, member, superchat or follow
    count: int  # gifts, months or follows
    value: float
    currency: str | None
    gifts: tuple[tuple[str, int], ...]  # (gift name, how many), in the order they came
    message: str | None  # a super chat's latest text
    first_ts: float
    last_ts: float
    # the total per currency ("" where none was named), the first first; `value` and
    # `currency` are the first one's
    values: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class ThanksViewer:
    """A viewer's waiting entries, to thank in one go ("感谢小红送的小心心，感谢关注")."""

    platform: str
    user: str
    entries: tuple[ThanksCard, ...]  # the most recent first
    totals: tuple[tuple[str, float], ...]  # value by currency ("": none given), first seen first

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(entry.id for entry in self.entries)

    @property
    def last_ts(self) -> float:
        return max((entry.last_ts for entry in self.entries), default=0.0)


@dataclass(frozen=True)
class ThanksSlice:
    """The thanks list as the console shows it (`Audience.thanks_list`)."""

    pending: int  # entries waiting, all of them (not only those listed)
    viewers: tuple[ThanksViewer, ...]  # the most recent activity first


@dataclass(frozen=True)
class HostMessage:
    """A message for the host from the producer or an assistant, shown on the host view and the
    console until cleared; "urgent" flashes."""

    text: str
    level: str  # "info" | "urgent"
    since: float
    by: str | None = None


@dataclass(frozen=True)
class LotterySlice:
    """The latest lottery: open (taking entries until `closes_at`, if it has a time) or drawn."""

    id: int
    keyword: str
    winners: int  # how many are to be drawn
    seconds: int | None
    remaining_s: float | None  # None: no time, entries taken until the draw
    entrants: int
    open: bool  # not drawn yet
    taking_entries: bool  # open and within its time: the keyword still enters viewers
    exclude_previous_winners: bool
    seed: str | None = None  # after the draw
    drawn: tuple[Viewer, ...] = ()  # the winners, after the draw


@dataclass(frozen=True)
class PollSlice:
    """The latest poll or quiz with its counts so far."""

    id: int
    question: str
    options: tuple[str, ...]
    counts: tuple[int, ...]
    voters: int
    open: bool
    answer: int | None  # a quiz's right option (None: a poll)
    revealed: bool
    remaining_s: float | None


@dataclass(frozen=True)
class CheckInSlice:
    id: int
    keyword: str
    open: bool
    count: int  # viewers checked in


@dataclass(frozen=True)
class InteractionSlice:
    """The lottery, poll and check-in the interaction service holds (the latest of each)."""

    lottery: LotterySlice | None = None
    poll: PollSlice | None = None
    checkin: CheckInSlice | None = None


@dataclass(frozen=True)
class ShowState:
    """The whole show at one moment; the bridge hands each panel its slice."""

    obs: ObsSlice
    session: SessionSlice
    runsheet: RunsheetSlice
    overlay: OverlaySlice
    audience: AudienceSlice | None  # None: the show has no audience service
    interaction: InteractionSlice = field(default_factory=InteractionSlice)
    host_message: HostMessage | None = None  # None: no message for the host
