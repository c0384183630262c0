"""What the services tell the window and /ws/events: one frozen dataclass per kind of change,
and `Event`, the closed union of them all.

Listeners switch on the class (`match event: case SceneChanged(...)`, or isinstance); a function
that must handle every kind ends with `typing.assert_never`, so mypy names a kind it forgot.
Payloads stay objects (a Comment is a Comment); the JSON a WebSocket client receives is made from
these at the web edge (app/adapters/web/event_json.py), never here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from app.domain.audience import Comment
from app.domain.moderation import BlockedViewer
from app.domain.obs_state import ObsState, OutputStats
from app.domain.overlay_view import FeaturedComment
from app.services.ports import ConnectProblem
from app.services.state import (
    CheckInSlice,
    HostMessage,
    InteractionOverlaySlice,
    LotterySlice,
    PollSlice,
    RunsheetSlice,
    ThanksOverlaySlice,
)


# ----- OBS ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ObsConnecting:
    """The supervisor tries to connect (again); `attempt` counts from 1."""

    attempt: int


@dataclass(frozen=True)
class ObsConnected:
    """Connected and read: `obs` is everything the console shows of OBS."""

    obs: ObsState


@dataclass(frozen=True)
class ObsDisconnected:
    """Not connected; `problem` says why when an attempt failed for a known reason."""

    problem: ConnectProblem | None


@dataclass(frozen=True)
class ProgramSceneChanged:
    scene: str | None


@dataclass(frozen=True)
class PreviewSceneChanged:
    scene: str | None


@dataclass(frozen=True)
class StudioModeChanged:
    enabled: bool
    preview_scene: str | None


@dataclass(frozen=True)
class ScenesChanged:
    scenes: tuple[str, ...]  # in the order OBS's list shows them
    renamed: tuple[str, str] | None = None  # (old name, new name) when a rename changed them


@dataclass(frozen=True)
class StreamChanged:
    active: bool
    reconnecting: bool = False  # the stream dropped and OBS is reconnecting it


@dataclass(frozen=True)
class OutputPhasesChanged:
    """The outputs OBS is starting or stopping (a recording's file being finished) changed."""

    starting: tuple[str, ...]
    stopping: tuple[str, ...]


@dataclass(frozen=True)
class RecordChanged:
    active: bool
    path: str | None


@dataclass(frozen=True)
class ReplayBufferChanged:
    active: bool


@dataclass(frozen=True)
class ReplaySaved:
    """OBS wrote its replay buffer to a file."""

    path: str | None


@dataclass(frozen=True)
class VirtualCamChanged:
    active: bool


@dataclass(frozen=True)
class ObsStats:
    """The figures beside the stream and record buttons, every few seconds."""

    stats: OutputStats


# ----- the run-sheet and the catalog ----------------------------------------------------------
@dataclass(frozen=True)
class RunsheetLoaded:
    segments: int


@dataclass(frozen=True)
class RunsheetChanged:
    """A cue, a pause, a point done…: `state` is the run-sheet's state (ShowRunner.state())."""

    state: RunsheetSlice


@dataclass(frozen=True)
class CatalogChanged:
    """Products or coupons were added, changed or given their images."""


# ----- what is on stream ----------------------------------------------------------------------
@dataclass(frozen=True)
class ProductChanged:
    sku: str | None  # None: the card is hidden


@dataclass(frozen=True)
class FeaturedChanged:
    featured: FeaturedComment | None  # None: no comment is featured


@dataclass(frozen=True)
class CouponCounting:
    """A coupon's countdown started, was extended, paused or resumed."""

    code: str
    remaining_s: float
    paused: bool


@dataclass(frozen=True)
class CouponEnded:
    reason: str  # "expired", "ended", "replaced"…


@dataclass(frozen=True)
class ThanksOverlayChanged:
    """The thanks overlay was switched on or off, or its alert or supporters changed (at most a
    few times a second, however many gifts arrive)."""

    thanks: ThanksOverlaySlice


@dataclass(frozen=True)
class InteractionOverlayChanged:
    """The lottery, poll or check-in card came on screen, went, or changed (at most a few times
    a second, however many viewers enter or vote; each second while a time runs)."""

    interaction: InteractionOverlaySlice


# ----- the audience ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CommentsAdded:
    """A batch taken in (the ingest's own list, not copied: it is never changed afterwards)."""

    source: str
    comments: Sequence[Comment]


@dataclass(frozen=True)
class CommentsRestored:
    """A resumed show's comments replace this run's; `count` of them are in memory."""

    count: int


@dataclass(frozen=True)
class AudienceActivity:
    """Viewer counts, likes and entries taken in: counted, not numbered, never in the feed."""

    items: Sequence[Comment]


@dataclass(frozen=True)
class ThanksChanged:
    """The thanks list changed (an entry opened, grew or was cleared): re-read it. `by_crew`:
    the crew cleared an entry (thanked on air, or dismissed), not the audience's flow."""

    by_crew: bool = False


@dataclass(frozen=True)
class QuestionsChanged:
    """The queue changed; `question`: the one that did, as the API shows it, when there is one."""

    question: dict[str, Any] | None = None


@dataclass(frozen=True)
class ViewerBlocked:
    user: str
    # the entry blocked (the interaction takes that viewer out of what they joined)
    viewer: BlockedViewer | None = None


@dataclass(frozen=True)
class ViewerUnblocked:
    user: str


@dataclass(frozen=True)
class SourceStatus:
    """A chat source's light, as the source reports it ("source", "state", …)."""

    status: dict[str, Any]


# ----- interaction on air ---------------------------------------------------------------------
@dataclass(frozen=True)
class LotteryChanged:
    """A lottery opened, took entries (once per batch of comments) or was drawn."""

    lottery: LotterySlice


@dataclass(frozen=True)
class PollChanged:
    """A poll or quiz opened, counted votes (once per batch), closed or was revealed."""

    poll: PollSlice


@dataclass(frozen=True)
class CheckInChanged:
    """A check-in opened, checked viewers in (once per batch) or closed."""

    checkin: CheckInSlice


# ----- the show log ---------------------------------------------------------------------------
@dataclass(frozen=True)
class StoreProblem:
    """Writing the show log fails; published again when the count kept or the problem changes."""

    kind: str  # disk_full | read_only | locked | io_error | damaged | other
    message: str
    hint: str
    path: str  # the show log's file
    unwritten: int  # entries kept in memory meanwhile
    since: float | None  # wall time the failing began


@dataclass(frozen=True)
class StoreRecovered:
    failed_for_s: float | None
    lost: int  # entries dropped meanwhile, beyond what the writer keeps in memory


@dataclass(frozen=True)
class StoreSetAside:
    """Rows the database refused alone were left out; everything else is written."""

    count: int  # all set aside since the start
    new: int  # since the last look
    reason: str | None


@dataclass(frozen=True)
class StoreBehind:
    behind_s: float


@dataclass(frozen=True)
class StoreCaughtUp:
    pass


# ----- the show and its services --------------------------------------------------------------
@dataclass(frozen=True)
class ServiceFailed:
    """A long-lived service failed unexpectedly; it restarts in `restart_in_s`."""

    service: str
    error: str
    restart_in_s: float


@dataclass(frozen=True)
class SessionStarted:
    id: int
    title: str


@dataclass(frozen=True)
class SessionResumed:
    id: int
    title: str


@dataclass(frozen=True)
class SessionEnded:
    id: int


@dataclass(frozen=True)
class ResumePartial:
    """A resumed show's saved state could not be restored; it goes on from its log alone."""

    error: str


@dataclass(frozen=True)
class MarkerSet:
    """“Mark this moment”: the log's time and timecodes, and whether OBS took a chapter."""

    t: float
    note: str
    record_tc: float | None
    stream_tc: float | None
    chapter: bool


# ----- the host ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class HostMessageChanged:
    """A message for the host was sent (or replaced), or cleared (`message` None)."""

    message: HostMessage | None


# ----- the assistants -------------------------------------------------------------------------
@dataclass(frozen=True)
class AssistTokenRotated:
    """A new assistants' token (never the token itself); `origin`: where it was asked for."""

    origin: str


@dataclass(frozen=True)
class AssistPresence:
    """Who is connected: each name with how many panels it has open."""

    assistants: list[dict[str, Any]]


Event: TypeAlias = (
    ObsConnecting
    | ObsConnected
    | ObsDisconnected
    | ProgramSceneChanged
    | PreviewSceneChanged
    | StudioModeChanged
    | ScenesChanged
    | StreamChanged
    | RecordChanged
    | OutputPhasesChanged
    | ReplayBufferChanged
    | ReplaySaved
    | VirtualCamChanged
    | ObsStats
    | RunsheetLoaded
    | RunsheetChanged
    | CatalogChanged
    | ProductChanged
    | FeaturedChanged
    | CouponCounting
    | CouponEnded
    | ThanksOverlayChanged
    | InteractionOverlayChanged
    | CommentsAdded
    | CommentsRestored
    | AudienceActivity
    | ThanksChanged
    | QuestionsChanged
    | ViewerBlocked
    | ViewerUnblocked
    | SourceStatus
    | LotteryChanged
    | PollChanged
    | CheckInChanged
    | StoreProblem
    | StoreRecovered
    | StoreSetAside
    | StoreBehind
    | StoreCaughtUp
    | ServiceFailed
    | SessionStarted
    | SessionResumed
    | SessionEnded
    | ResumePartial
    | MarkerSet
    | AssistTokenRotated
    | AssistPresence
    | HostMessageChanged
)


def audience_flow(event: Event) -> bool:
    """What the audience sent (comments, questions asked, likes, gifts), rather than a step
    someone took (a question claimed, a thanks cleared by the crew): the window refreshes and
    resume keeps the state for it at a slower pace."""
    return isinstance(event, CommentsAdded | AudienceActivity) or (
        (isinstance(event, QuestionsChanged) and event.question is None)
        or (isinstance(event, ThanksChanged) and not event.by_crew)
    )
