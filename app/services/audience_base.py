"""The audience's state, shared by its parts (ingest, actions, views, resume), and its limits."""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from typing import Any

from app.domain.audience import Classification, Comment, Kind, Question
from app.domain.faq import DEFAULT_FAQ, FaqEntry
from app.domain.moderation import BlockedViewer, Moderation
from app.domain.question_queue import QuestionQueue
from app.domain.recent_ids import RecentIds
from app.domain.tally import AudienceTally
from app.domain.thanks import ThanksList
from app.services.errors import NotFound
from app.services.event_bus import EventBus
from app.services.events import Event, QuestionsChanged, ThanksChanged
from app.services.overlays import OverlayControl
from app.services.ports import CommentStore
from app.services.session import ShowRecorder
from app.services.state import Suggestion

Classifier = Callable[[str, float], Classification]
KEEP_IN_MEMORY = 50_000  # the latest comments, for the API's lists and resume (~20 MB)
PULSE_MINUTES = 30
TS_BEFORE_START_S, TS_AHEAD_S = 300.0, 60.0  # a client's ts outside this is replaced
QUIET_KINDS = frozenset({Kind.VIEWERS, Kind.LIKE, Kind.ENTER})  # counted, not listed


class AudienceBase:
    """The one set of fields every part reads and writes: the ingest hot path reaches them as
    plain attributes, with no layer between."""

    def __init__(
        self,
        recorder: ShowRecorder,
        bus: EventBus,
        store: CommentStore,
        overlays: OverlayControl,
        classifier: Classifier,
        question_key: Callable[[str], str],
        *,
        clock: Callable[[], float] = time.time,
        moderation: Moderation | None = None,
        on_viewers_changed: Callable[[tuple[BlockedViewer, ...]], None] | None = None,
    ) -> None:
        self._recorder, self._bus, self._store, self._overlays = recorder, bus, store, overlays
        self._classify, self._key, self._clock = classifier, question_key, clock
        self.run_started = clock()
        self.queue = QuestionQueue()
        self.recent: collections.deque[Comment] = collections.deque(maxlen=KEEP_IN_MEMORY)
        self.total = 0  # comments and listed activities, numbered together
        self.activities = 0  # of which gifts, follows, memberships, shares, super chats
        self.rejected = 0
        self.tally = AudienceTally()
        self.thanks = ThanksList()
        # the (platform, id) of items taken that carried the platform's own id: one a relay
        # sends again is taken once (routes_audience.take_batch); refilled on resume
        self.taken = RecentIds()
        # blocked words and viewers: their comments are kept and marked, never queued or shown
        self.moderation = Moderation() if moderation is None else moderation
        # told the blocked viewers after each block or unblock (the settings keep them)
        self.on_viewers_changed = on_viewers_changed
        self.sources: dict[str, dict[str, Any]] = {}
        self._per_minute: collections.Counter[int] = collections.Counter()
        self._questions_per_minute: collections.Counter[int] = collections.Counter()
        self._pulse_from = int(self.run_started // 60) - PULSE_MINUTES  # no minute kept before
        self._purchase = 0
        self.faq: tuple[FaqEntry, ...] = DEFAULT_FAQ
        self._suggestions: dict[str, Suggestion | None] = {}
        bus.listen(self._on_bus_event)

    def _on_bus_event(self, event: Event) -> None:
        """What the audience follows on the bus: nothing here (the views follow the featured
        card, audience_views.py)."""

    def end_show(self) -> None:
        """The show ends: its questions leave the queue and its gifts, memberships, super chats
        and follows not yet thanked leave the thanks list (the log keeps them all), so the next
        show's queue and list start empty: an old question is never filed under it, an old gift
        never waits to be thanked in it. What comes in between two shows waits for the next."""
        self.queue = self.queue.carried_on()
        self.thanks = self.thanks.carried_on()
        self._bus.publish(QuestionsChanged())
        self._bus.publish(ThanksChanged())

    def new_show(self) -> None:
        """A show starts: the likes, gifts, follows and viewers' peak counted are its own from
        now (GET /api/state's "audience" is the running show's, as its report is); the viewer
        counts reported in the 10 minutes before it stand."""
        self.tally = self.tally.for_a_new_show(self._clock())

    def comment(self, comment_id: int) -> Comment:
        if self.recent and self.recent[0].id <= comment_id <= self.recent[-1].id:
            return self.recent[comment_id - self.recent[0].id]
        raise NotFound(f"there is no comment {comment_id} in memory")

    def _session_id(self) -> int | None:
        session = self._recorder.session
        return session.id if session else None

    def _save(self, question: Question) -> None:
        session = self._recorder.session
        self._store.save_question(session.id if session else None, self.run_started, question)
