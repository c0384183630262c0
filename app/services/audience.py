"""The audience: comments in from every source, classified, kept, and the question queue out."""

from __future__ import annotations

import collections
import itertools
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from app.domain import log_events as kinds
from app.domain.audience import (
    API_ASKERS,
    API_COMMENTS,
    Classification,
    Comment,
    IncomingComment,
    Kind,
    Question,
)
from app.domain.faq import DEFAULT_FAQ, FaqEntry, best_answer
from app.domain.messages import Message
from app.domain.moderation import BlockedViewer, Moderation
from app.domain.overlay_view import FeaturedComment
from app.domain.question_queue import QuestionError, QuestionQueue
from app.domain.tally import AudienceTally
from app.domain.text import clean_text
from app.domain.thanks import ACTIONS as THANKS_ACTIONS
from app.domain.thanks import ThanksEntry, ThanksError, ThanksList
from app.services.errors import BadInput, NotFound, WrongState
from app.services.event_bus import EventBus
from app.services.events import (
    AudienceActivity,
    CommentsAdded,
    CommentsRestored,
    QuestionsChanged,
    SourceStatus,
    ThanksChanged,
    ViewerBlocked,
    ViewerUnblocked,
)
from app.services.overlays import OverlayControl
from app.services.ports import CommentStore
from app.services.session import ShowRecorder
from app.services.state import (
    AudienceSlice,
    Counts,
    Pulse,
    QuestionCard,
    QueueSlice,
    Room,
    Suggestion,
    ThanksCard,
    ThanksSlice,
    ThanksViewer,
)

log = logging.getLogger(__name__)

Classifier = Callable[[str, float], Classification]
KEEP_IN_MEMORY = 50_000  # the latest comments, for the API's lists and resume (~20 MB)
PULSE_MINUTES = 30
SUGGESTIONS_KEPT = 2_000  # canned-answer suggestions remembered, by question key
TS_BEFORE_START_S, TS_AHEAD_S = 300.0, 60.0  # a client's ts outside this is replaced
QUIET_KINDS = frozenset({Kind.VIEWERS, Kind.LIKE, Kind.ENTER})  # counted, not listed


class Audience:
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

    # ----- in --------------------------------------------------------------------------------
    def ingest(self, incoming: list[IncomingComment], *, source: str = "ingest") -> list[Comment]:
        """Classify, number, keep and publish a batch. A comment from a blocked viewer or with
        blocked words is kept and marked (`blocked`), never classified, queued or counted in
        the pulse."""
        now = self._clock()
        self._trim_pulse(now)
        earliest, latest = self._ts_window(now)
        accepted: list[Comment] = []
        new_questions: list[Question] = []
        asks: list[tuple[int, int, str]] = []
        quiet: list[Comment] = []
        thanks = False
        moderation = self.moderation
        viewers = moderation.has_viewers
        for item in incoming:
            ts, given = item.ts, None
            if ts is None:
                ts = now
            elif not earliest <= ts <= latest:  # a broken or foreign clock: the arrival time
                ts, given = now, ts
            if item.kind is not Kind.COMMENT:
                activity = self._activity(item, ts, given)
                (quiet if activity.id == 0 else accepted).append(activity)
                thanks = self.thanks.add(activity) is not None or thanks
                if activity.kind is not Kind.SUPERCHAT:
                    continue
                comment = activity  # a paid message is read like any comment
                if moderation.blocks_text(item.text) or (
                    viewers and moderation.blocks_viewer(item.platform, item.user, item.user_id)
                ):
                    accepted[-1] = replace(comment, blocked=True)
                    self.rejected += 1
                    continue
                verdict = self._classify(item.text, ts)
                if verdict.is_question or verdict.purchase_intent:
                    comment = replace(
                        comment, is_question=verdict.is_question and not verdict.flood,
                        intent="purchase" if verdict.purchase_intent else None,
                        buying=verdict.buying,
                    )  # fmt: skip
                    accepted[-1] = comment
            else:
                self.total += 1
                if moderation.blocks_text(item.text) or (
                    viewers and moderation.blocks_viewer(item.platform, item.user, item.user_id)
                ):
                    self.rejected += 1  # kept in the log and the list, marked; counted here
                    accepted.append(Comment(
                        id=self.total, platform=sys.intern(item.platform), user=item.user,
                        text=item.text, ts=ts, native_id=item.native_id, user_id=item.user_id,
                        given_ts=given, blocked=True,
                    ))  # fmt: skip
                    continue
                verdict = self._classify(item.text, ts)
                comment = Comment(
                    id=self.total, platform=sys.intern(item.platform), user=item.user,
                    text=item.text, ts=ts, native_id=item.native_id, user_id=item.user_id,
                    is_question=verdict.is_question and not verdict.flood,
                    intent="purchase" if verdict.purchase_intent else None, flood=verdict.flood,
                    given_ts=given, buying=verdict.buying,
                )  # fmt: skip
                accepted.append(comment)
            minute = int(ts // 60)
            if minute >= self._pulse_from:
                self._per_minute[minute] += 1
                if comment.is_question:
                    self._questions_per_minute[minute] += 1
            if comment.intent:
                self._purchase += 1
            if comment.is_question:
                question, fresh = self.queue.add(comment, self._key(comment.text) or comment.text)
                asks.append((question.id, comment.id, comment.user))
                if fresh:
                    self._save(question)
                    new_questions.append(question)
        if quiet:
            self._store.add_comments(self._session_id(), quiet)
            self._bus.publish(AudienceActivity(quiet))
        if thanks:
            self._bus.publish(ThanksChanged())
        if not accepted:
            return accepted
        self.recent.extend(accepted)
        session_id = self._session_id()
        self._store.add_comments(session_id, accepted)
        self._store.add_askers(session_id, self.run_started, asks)
        for question in new_questions:
            self._recorder.record(kinds.QUESTION_OPEN, question=question.id, text=question.text,
                                  user=question.first_user, platform=question.platform)  # fmt: skip
        self._bus.publish(CommentsAdded(source, accepted))
        if new_questions or any(c.is_question for c in accepted):
            self._bus.publish(QuestionsChanged())
        return accepted

    def _activity(self, item: IncomingComment, ts: float, given: float | None) -> Comment:
        """Something a viewer did (or a viewer count), counted in the tally. Viewer counts,
        likes and entries come by the thousand: they are not numbered (id 0), never in the
        feed's list; the rest (gifts, follows, memberships, shares, super chats) are."""
        quiet = item.kind in QUIET_KINDS
        if not quiet:
            self.total += 1
            self.activities += 1
        activity = Comment(
            id=0 if quiet else self.total, platform=sys.intern(item.platform), user=item.user,
            text=item.text, ts=ts, native_id=item.native_id, user_id=item.user_id,
            given_ts=given, kind=item.kind, gift=item.gift, count=item.count, value=item.value,
            currency=item.currency,
        )  # fmt: skip
        self.tally.add(activity)
        return activity

    def thank(self, entry_id: int, action: str) -> ThanksEntry:
        """Clear a thanks-list entry: "thanked" on air, or "dismiss"; logged either way."""
        if action not in THANKS_ACTIONS:
            raise BadInput(f"unknown action “{action}” (thanked or dismiss)")
        try:
            entry = self.thanks.act(entry_id, action)
        except ThanksError as exc:
            raise NotFound(str(exc)) from None
        self._recorder.record(kinds.THANKS_CLEARED, entry=entry.id, action=action,
                              user=entry.user, what=entry.kind.value, count=entry.count,
                              value=round(entry.value, 2), currency=entry.currency)  # fmt: skip
        self._bus.publish(ThanksChanged())
        return entry

    def _session_id(self) -> int | None:
        session = self._recorder.session
        return session.id if session else None

    def add_manual(self, user: str, text: str, platform: str = "manual") -> Comment:
        """An assistant types or pastes a question seen elsewhere (Douyin's 中控台): it goes in
        the queue whatever the classifier would say of it."""
        text = clean_text(text).strip()  # a lone surrogate or control character: U+FFFD
        user = clean_text(user.strip(), single_line=True).strip() or "观众"
        platform = clean_text(platform.strip(), single_line=True).strip() or "manual"
        if not text:
            raise BadInput(Message("audience.needs_text"))
        if len(text) > 2000:
            raise BadInput(Message("audience.text_too_long"))
        added = self.ingest([IncomingComment(platform, user, text)], source="manual")
        comment = added[0]
        if comment.blocked:  # kept in the log as typed, but not filed
            if self.moderation.blocks_viewer(platform, user, None):
                raise BadInput(Message("audience.blocked", user=user))
            raise BadInput(Message("audience.blocked_text"))
        if not comment.is_question:
            self.promote(comment.id)
        return self.comment(comment.id)

    def promote(self, comment_id: int) -> Question:
        """File a comment the classifier let pass as a question (the feed's “Add as question”),
        without a second copy of it in the feed."""
        comment = self.comment(comment_id)
        if comment.blocked:
            raise WrongState(Message("audience.comment_blocked", id=comment.id))
        if not comment.is_question:
            comment = replace(comment, is_question=True, flood=False)
            self.recent[comment.id - self.recent[0].id] = comment
            if int(comment.ts // 60) >= self._pulse_from:
                self._questions_per_minute[int(comment.ts // 60)] += 1
        question, fresh = self.queue.add(comment, self._key(comment.text) or comment.text)
        session = self._recorder.session
        self._store.add_askers(session.id if session else None, self.run_started,
                               [(question.id, comment.id, comment.user)])  # fmt: skip
        if fresh:
            self._save(question)
            self._recorder.record(
                kinds.QUESTION_OPEN,
                question=question.id,
                text=question.text,
                user=comment.user,
                platform=comment.platform,
                promoted=True,
            )
        self._bus.publish(QuestionsChanged(self.question_api(question)))
        return question

    def block(
        self, user: str | None = None, platform: str = "", user_id: str | None = None
    ) -> BlockedViewer:
        """Block a viewer (by the platform's user id, else by name; platform "": everywhere):
        their comments from now on are kept, marked and kept off the queue and the screen."""
        viewer = self._viewer(user, platform, user_id)
        if self.moderation.add_viewer(viewer):
            self._recorder.record(kinds.VIEWER_BLOCK, user=viewer.user, platform=viewer.platform,
                                  user_id=viewer.user_id)  # fmt: skip
            self._viewers_changed()
        self._bus.publish(ViewerBlocked(viewer.user or viewer.user_id or ""))
        return viewer

    def unblock(
        self, user: str | None = None, platform: str = "", user_id: str | None = None
    ) -> BlockedViewer:
        viewer = self._viewer(user, platform, user_id)
        if self.moderation.remove_viewer(viewer):
            self._recorder.record(kinds.VIEWER_UNBLOCK, user=viewer.user,
                                  platform=viewer.platform, user_id=viewer.user_id)  # fmt: skip
            self._viewers_changed()
        self._bus.publish(ViewerUnblocked(viewer.user or viewer.user_id or ""))
        return viewer

    @property
    def blocked_users(self) -> set[str]:
        """The blocked viewers' names (ids for those blocked by id)."""
        return {v.user or v.user_id or "" for v in self.moderation.viewers}

    def set_moderation(self, moderation: Moderation) -> None:
        """The settings' blocked words and viewers (Settings… replaces them while running)."""
        self.moderation = moderation

    def _viewer(self, user: str | None, platform: str, user_id: str | None) -> BlockedViewer:
        user = clean_text(user, single_line=True).strip() if user else ""
        user_id = clean_text(user_id, single_line=True).strip() if user_id else ""
        platform = clean_text(platform, single_line=True).strip() if platform else ""
        if not user and not user_id:
            raise BadInput(Message("moderation.needs_viewer"))
        return BlockedViewer(platform, user or None, user_id or None)

    def _viewers_changed(self) -> None:
        if self.on_viewers_changed is not None:
            self.on_viewers_changed(self.moderation.viewers)

    def source_status(self, status: dict[str, Any]) -> None:
        """A chat source's light: connected / disconnected (a gap is logged) / error …"""
        name = str(status.get("source"))
        before = self.sources.get(name, {}).get("state")
        self.sources[name] = status
        if status.get("state") != before:
            self._recorder.record(kinds.SOURCE_STATE, **status)
        self._bus.publish(SourceStatus(status))

    # ----- the queue -------------------------------------------------------------------------
    def act(self, question_id: int, action: str, by: str, answer: str | None = None) -> Question:
        """claim / answer / dismiss / feature, by an assistant (console, /assist or the API)."""
        by = by.strip()
        if not by:
            raise BadInput(Message("question.who"))
        try:
            if action == "claim":
                question = self.queue.claim(question_id, by, self._clock())
            elif action == "answer":
                question = self.queue.answer(question_id, by, answer, self._clock())
            elif action == "dismiss":
                question = self.queue.dismiss(question_id, by)
            elif action == "feature":
                question = self._feature(question_id)
            else:
                raise BadInput(Message("question.bad_action"))
        except KeyError as exc:
            raise NotFound(Message.plain(exc.args[0]) if exc.args else str(exc)) from exc
        except QuestionError as exc:
            raise WrongState(exc.message) from exc
        self._save(question)
        self._recorder.record(
            f"question.{action}", question=question.id, by=by, state=question.state.value,
            answer=answer, response_s=question.response_s, asked=question.asked,
        )  # fmt: skip
        self._bus.publish(QuestionsChanged(self.question_api(question)))
        return question

    def _feature(self, question_id: int) -> Question:
        question = self.queue.get(question_id)
        self._overlays.feature(
            FeaturedComment(question.first_user, question.text, question.platform,
                            str(question.first_comment)),
            origin="queue",
        )  # fmt: skip
        return self.queue.mark_featured(question_id)

    def feature_comment(self, comment_id: int) -> Comment:
        comment = self.comment(comment_id)
        if comment.blocked:
            raise WrongState(Message("audience.comment_blocked", id=comment.id))
        self._overlays.feature(
            FeaturedComment(comment.user, comment.text, comment.platform, str(comment.id)),
            origin="api",
        )
        return comment

    # ----- out -------------------------------------------------------------------------------
    def question_api(self, question: Question) -> dict[str, Any]:
        """A question as the API and the panels show it, with the best canned answer."""
        data = question.as_api()
        suggestion = self._suggestion(question)
        data["suggestion"] = (
            None if suggestion is None else {"topic": suggestion.topic, "answer": suggestion.answer}
        )
        return data

    def question_card(self, question: Question) -> QuestionCard:
        """A question as the panels and the API show it, with the best canned answer."""
        q = question
        return QuestionCard(
            id=q.id, text=q.text, state=q.state.value, asked=q.asked,
            askers=tuple(q.first_askers(API_ASKERS)),
            comment_ids=tuple(q.first_comment_ids(API_COMMENTS)), platform=q.platform,
            created_at=q.created_at, claimed_by=q.claimed_by, answered_by=q.answered_by,
            answer=q.answer, answered_at=q.answered_at, response_s=q.response_s,
            featured=q.featured, suggestion=self._suggestion(q), buying=q.buying,
        )  # fmt: skip

    def _suggestion(self, question: Question) -> Suggestion | None:
        cache = self._suggestions
        try:
            suggestion = cache.pop(question.key)  # put back last: the most recently used
        except KeyError:
            found = best_answer(question.text, self.faq)
            suggestion = None if found is None else Suggestion(found[0].topic, found[0].answer)
            if len(cache) >= SUGGESTIONS_KEPT:
                del cache[next(iter(cache))]  # the least recently used
        cache[question.key] = suggestion
        return suggestion

    def set_faq(self, faq: tuple[FaqEntry, ...]) -> None:
        """The producer's FAQ for this show (价格, 回放, 报名, 退款 …)."""
        self.faq = faq
        self._suggestions.clear()
        self._bus.publish(QuestionsChanged())

    def comment(self, comment_id: int) -> Comment:
        if self.recent and self.recent[0].id <= comment_id <= self.recent[-1].id:
            return self.recent[comment_id - self.recent[0].id]
        raise NotFound(f"there is no comment {comment_id} in memory")

    def comments_after(self, after: int, limit: int) -> list[Comment]:
        """Comments with an id above `after`, oldest first (those still in memory)."""
        if not self.recent:
            return []
        start = max(0, after + 1 - self.recent[0].id)
        return list(itertools.islice(self.recent, start, start + limit))

    def top_question(self) -> Question | None:
        return self.queue.top()

    def pulse(self, minutes: int = 15) -> Pulse:
        now_minute = int(self._clock() // 60)
        span = range(now_minute - minutes + 1, now_minute + 1)
        room = self.tally.per_minute(minutes, now_minute)
        return Pulse(
            comments_per_minute=tuple(self._per_minute.get(m, 0) for m in span),
            questions_per_minute=tuple(self._questions_per_minute.get(m, 0) for m in span),
            purchase_rate=round(self._purchase / self.total, 3) if self.total else 0.0,
            likes_per_minute=tuple(row["likes"] for row in room),
            gifts_per_minute=tuple(row["gifts"] for row in room),
            follows_per_minute=tuple(row["follows"] for row in room),
            viewers_per_minute=self._viewers_per_minute(room),
        )

    def _viewers_per_minute(self, rows: list[dict[str, Any]]) -> tuple[int, ...]:
        """Each minute's viewers; a minute without a count keeps the count before it (from
        before the span too: a platform reports only when the count changes)."""
        counted = {m: r.viewers for m, r in self.tally.minutes.items() if r.viewers is not None}
        first = rows[0]["minute"] if rows else 0
        earlier = [m for m in counted if m < first]
        # nothing counted in the minutes kept (a resumed show): the count the tally holds
        carried = counted[max(earlier)] if earlier else 0 if counted else self.tally.viewers
        out = []
        for row in rows:
            carried = carried if row["viewers"] is None else row["viewers"]
            out.append(carried)
        return tuple(out)

    def room(self) -> Room:
        """Viewers now and at the peak, likes, gifts, follows and entries so far."""
        tally = self.tally
        return Room(viewers=tally.viewers, viewers_peak=tally.viewers_peak, likes=tally.likes,
                    gifts=tally.gifts, gifts_value=round(tally.gifts_value, 2),
                    follows=tally.follows, enters=tally.enters)  # fmt: skip

    def thanks_list(self, limit: int | None = None) -> ThanksSlice:
        """The thanks list's latest `limit` entries (every one: None), gathered per viewer, the
        most recent activity first; copies, so a panel may keep them."""
        viewers: dict[tuple[str, str], list[ThanksCard]] = {}
        for entry in self.thanks.listing(limit):
            card = ThanksCard(
                id=entry.id, kind=entry.kind, count=entry.count, value=round(entry.value, 2),
                currency=entry.currency, gifts=tuple(entry.gifts.items()),
                message=entry.message, first_ts=entry.first_ts, last_ts=entry.last_ts,
            )  # fmt: skip
            viewers.setdefault((entry.platform, entry.user), []).append(card)
        return ThanksSlice(
            pending=len(self.thanks),
            viewers=tuple(ThanksViewer(platform, user, tuple(cards), _totals(cards))
                          for (platform, user), cards in viewers.items()),
        )  # fmt: skip

    def counts(self) -> Counts:
        queue = self.queue.counts()
        return Counts(comments=self.total - self.activities, questions_open=queue["open"],
                      questions_claimed=queue["claimed"], questions_answered=queue["answered"],
                      rejected=self.rejected)  # fmt: skip

    def questions(self, state: str = "open", limit: int | None = None) -> QueueSlice:
        """The questions in `state` ("all": every one in memory), most asked first, and how
        many there are in each state."""
        listed = self.queue.listing(state, limit)
        return QueueSlice(self.queue.counts(), tuple(self.question_card(q) for q in listed))

    def state(self) -> AudienceSlice:
        """The counters, the top question, the chat sources and the pulse, as the panels show
        them (a copy: the sources' reports change in place)."""
        top = self.queue.top()
        return AudienceSlice(
            counts=self.counts(),
            top_question=None if top is None else self.question_card(top),
            sources={name: dict(status) for name, status in self.sources.items()},
            pulse=self.pulse(),
            room=self.room(),
        )

    # ----- resume ----------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """What resume needs beyond the log: the run the questions are filed under, the count
        and the block list (the questions and comments themselves are in the log)."""
        return {"run_started": self.run_started, "total": self.total,
                "activities": self.activities,
                "blocked": sorted(v.as_text() for v in self.moderation.viewers),
                "tally": self.tally.snapshot()}  # fmt: skip

    def restore(
        self, saved: dict[str, Any], questions: list[Question], comments: list[Comment]
    ) -> None:
        """Take the audience up where an interrupted show left it: its questions (same ids and
        states, saved under the same run), its latest comments, and its count. Comments that came
        in since this console started, before the resume, stay in the log but leave the list."""
        run_started = saved.get("run_started")
        if isinstance(run_started, int | float):
            self.run_started = float(run_started)
        self.queue = QuestionQueue()
        self.queue.restore(sorted(questions, key=lambda q: q.id))
        self.recent.clear()
        self.recent.extend(sorted(comments, key=lambda c: c.id)[-KEEP_IN_MEMORY:])
        saved_total = saved.get("total")
        self.total = max(self.recent[-1].id if self.recent else 0,
                         saved_total if isinstance(saved_total, int) else 0)  # fmt: skip
        if self.recent and self.recent[-1].id < self.total:
            # the last moment's comments did not reach the log: number on from what did, so
            # the list stays in id order without holes
            self.total = self.recent[-1].id
        for text in saved.get("blocked") or ():
            viewer = BlockedViewer.from_text(str(text))
            if viewer is not None:
                self.moderation.add_viewer(viewer)
        activities = saved.get("activities")
        self.activities = min(self.total, activities) if isinstance(activities, int) else 0
        self.tally = AudienceTally.restored(saved.get("tally"))
        self._per_minute.clear()
        self._questions_per_minute.clear()
        self._purchase = 0
        self._pulse_from = int(self._clock() // 60) - PULSE_MINUTES
        latest = int(self._clock() // 60) + 1
        for comment in self.recent:
            if comment.blocked:
                continue
            minute = int(comment.ts // 60)
            if self._pulse_from <= minute <= latest:
                self._per_minute[minute] += 1
                if comment.is_question:
                    self._questions_per_minute[minute] += 1
            if comment.intent:
                self._purchase += 1
        self._bus.publish(QuestionsChanged())
        self._bus.publish(CommentsRestored(len(self.recent)))

    def _save(self, question: Question) -> None:
        session = self._recorder.session
        self._store.save_question(session.id if session else None, self.run_started, question)

    def _ts_window(self, now: float) -> tuple[float, float]:
        """The times a client's ts may say: from a little before the show started (the
        audience's run when no show runs) to a minute ahead of this console's clock."""
        session = self._recorder.session
        start = session.started_at if session else self.run_started
        return min(start, now) - TS_BEFORE_START_S, now + TS_AHEAD_S

    def _trim_pulse(self, now: float) -> None:
        """Forget the minutes the pulse no longer shows; comments are only counted from
        `_pulse_from` on and never more than a minute ahead, so this stays about 30 steps."""
        oldest = int(now // 60) - PULSE_MINUTES
        if oldest <= self._pulse_from:
            return
        if oldest - self._pulse_from > PULSE_MINUTES * 2:  # a long quiet spell
            for counter in (self._per_minute, self._questions_per_minute):
                for minute in [m for m in counter if m < oldest]:
                    del counter[minute]
        else:
            for minute in range(self._pulse_from, oldest):
                self._per_minute.pop(minute, None)
                self._questions_per_minute.pop(minute, None)
        self._pulse_from = oldest


def _totals(cards: list[ThanksCard]) -> tuple[tuple[str, float], ...]:
    """What a viewer's entries are worth, by currency ("" where none was given)."""
    totals: dict[str, float] = {}
    for card in cards:
        if card.value:
            currency = card.currency or ""
            totals[currency] = round(totals.get(currency, 0.0) + card.value, 2)
    return tuple(totals.items())
