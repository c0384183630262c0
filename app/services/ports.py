"""The ports services talk through; adapters implement them, app/wiring/ wires them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from app.domain.audience import Comment, Question
from app.domain.catalog import Catalog
from app.domain.interaction.saved import ViewerRow
from app.domain.log_events import LogEntry
from app.domain.runsheet import ParseResult, RunSheet

ObsEventHandler = Callable[[str, dict[str, Any]], None]


@dataclass(frozen=True)
class ObsVersion:
    obs_version: str
    websocket_version: str
    rpc_version: int = 1


@dataclass(frozen=True)
class ConnectProblem:
    """Why a connection attempt failed, in words for the user, with what to do about it."""

    # "auth" | "refused" | "server_disabled" | "too_old" | "timeout" | "protocol" |
    # "unknown_host" | "not_obs" (another server answers) | "bad_address" (an unreadable address)
    code: str
    message: str  # a Message (app/domain/messages.py) where the window should translate it
    hint: str


class ObsConnectError(Exception):
    def __init__(self, problem: ConnectProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class ObsGateway(Protocol):
    """obs-websocket v5, one connection at a time. Every method may raise ObsUnavailable when the
    connection is gone and ObsRequestFailed when OBS refuses."""

    @property
    def connected(self) -> bool: ...

    async def connect(self) -> ObsVersion:
        """Connect and identify; raises ObsConnectError with a classified problem."""
        ...

    async def wait_lost(self) -> None:
        """Return once the current connection is gone (closed, reset or unresponsive)."""
        ...

    async def close(self) -> None: ...

    async def wait_reachable(self, timeout: float) -> None:
        """Wait up to `timeout` seconds, returning early once OBS's port accepts connections."""
        ...

    def set_event_handler(self, handler: ObsEventHandler) -> None:
        """Called on the event loop with (eventType, eventData) for every OBS event."""
        ...

    async def call(self, request_type: str, **data: Any) -> dict[str, Any]:
        """Send one request; return its responseData."""
        ...


class SessionLog(Protocol):
    """The show's log in storage. `append` never blocks: entries are written by a writer thread."""

    async def start_session(self, title: str, started_at: float) -> int: ...

    async def end_session(self, session_id: int, ended_at: float) -> None: ...

    def append(self, entry: LogEntry) -> None: ...

    async def flush(self) -> None: ...

    def open_session(self) -> tuple[int, str, float] | None:
        """The session left open by an earlier run (id, title, started_at), if any."""
        ...

    async def close_interrupted(self, session_id: int) -> None:
        """End a session an earlier run left open, at its last entry (it was not resumed)."""
        ...


class ShowHistory(Protocol):
    """A show's log read back as it was written: a show an earlier run left open, closed by the
    next Start show, gets the closing entries End show would have written (what it left open)."""

    async def entries(self, session_id: int) -> list[LogEntry]:
        """The session's entries in the order they were logged (by time)."""
        ...

    async def ended_at(self, session_id: int) -> float | None:
        """When the session ended (None: it has not)."""
        ...


class ShowStateStore(Protocol):
    """The show's live state kept for resuming after a crash, and what resume reads back."""

    def save_state(self, session_id: int, saved_at: float, state: dict[str, Any]) -> None:
        """Replace the session's saved state; never blocks (the writer thread writes it)."""
        ...

    async def load_state(self, session_id: int) -> tuple[float, object] | None:
        """(saved_at, the state as decoded JSON), or None when none was saved."""
        ...

    async def load_questions(self, session_id: int, run_started: float | None) -> list[Question]:
        """The session's questions as last saved (of that run; None: its latest run)."""
        ...

    async def load_comments(self, session_id: int, limit: int) -> list[Comment]:
        """The session's latest `limit` comments, oldest first."""
        ...

    async def load_interaction_viewers(
        self, session_id: int, interaction_ids: list[int]
    ) -> tuple[list[ViewerRow], int]:
        """The viewers these interactions took, in the order taken, and the highest interaction
        id any viewer of the session was stored under (0: none), so a resumed show never gives a
        new interaction an id whose viewers are stored already."""
        ...

    async def load_native_ids(self, session_id: int, limit: int) -> list[tuple[str, str]]:
        """The (platform, id) of the session's latest `limit` items that carried the
        platform's own id, oldest first."""
        ...

    async def adopt_unfiled(self, session_id: int, renumber: int) -> int:
        """What this console logged under no show before the show was resumed (comments and
        audience items) becomes the show's, numbered on by `renumber`; in order after every
        row queued before. How many rows."""
        ...


class CatalogStore(Protocol):
    """Products and coupons kept across shows."""

    def load(self) -> Catalog: ...

    async def save(self, catalog: Catalog) -> None:
        """Add or update these entries (by SKU / code); others stay."""
        ...


class RunSheetFiles(Protocol):
    """Run-sheets in files (CSV, XLSX, JSON by extension)."""

    def load(self, path: str) -> ParseResult:
        """Raises UnreadableRunSheet when the file cannot be read at all."""
        ...

    def save(self, sheet: RunSheet, path: str, like: str | None = None) -> None:
        """Write `sheet` to `path`, in the language of the file `like` (the one it was read
        from; None: the file it replaces)."""
        ...


class UnreadableRunSheet(Exception):
    """The file is empty, binary, of an unknown kind, or not there."""


class OverlayStage(Protocol):
    """The overlay sources in OBS: set up (or repaired) in one call, kept in step with the show."""

    async def setup(self, scenes: list[str], mode: str | None = None) -> dict[str, object]:
        """Create what is missing of the `LiveDesk Overlays` scene and its sources, nest it into
        `scenes`; `mode` "browser" | "native" | None (chosen from OBS's input kinds). Returns
        what was created, repaired and left as it was."""
        ...


class CommentStore(Protocol):
    """Comments and the question queue's state, written in order with the log; never blocks."""

    def add_comments(self, session_id: int | None, comments: list[Comment]) -> None: ...

    def save_question(self, session_id: int | None, run_started: float, q: Question) -> None:
        """The question's own row (text, state, who claimed and answered it), not its askers."""

    def add_askers(
        self, session_id: int | None, run_started: float, asks: list[tuple[int, int, str]]
    ) -> None:
        """(question id, comment number, user) of each comment that asked a question, appended
        in arrival order: one small row per asker, however often the question was asked."""


class InteractionViewers(Protocol):
    """Each viewer an interaction takes, appended in order with the log; never blocks."""

    def add_viewers(self, session_id: int | None, rows: list[ViewerRow]) -> None:
        """One small row per viewer taken (a changed ballot is a new row): resume reads an open
        interaction's viewers back from them, and the kept state need not hold them."""
