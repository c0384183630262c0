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
    Suggestion,
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
        self.blocked_users: set[str] = set()
        self.sources: dict[str, dict[str, Any]] = {}
        self._per_minute: collections.Counter[int] = collections.Counter()
        self._questions_per_minute: collections.Counter[int] = collections.Counter()
        self._pulse_from = int(self.run_started // 60) - PULSE_MINUTES  # no minute kept before
        self._purchase = 0
        self.faq: tuple[FaqEntry, ...] = DEFAULT_FAQ
        self._suggestions: dict[str, Suggestion | None] = {}

    # ----- in --------------------------------------------------------------------------------
    def ingest(self, incoming: list[IncomingComment], *, source: str = "ingest") -> list[Comment]:
        """Classify, number, keep and publish a batch; blocked viewers' comments are dropped."""
        now = self._clock()
        self._trim_pulse(now)
        earliest, latest = self._ts_window(now)
        accepted: list[Comment] = []
        new_questions: list[Question] = []
        asks: list[tuple[int, int, str]] = []
        quiet: list[Comment] = []
        thanks = False
        for item in incoming:
            if item.user in self.blocked_users:
                self.rejected += 1
                continue
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
                verdict = self._classify(item.text, ts)
                if verdict.is_question or verdict.purchase_intent:
                    comment = replace(
                        comment, is_question=verdict.is_question and not verdict.flood,
                        intent="purchase" if verdict.purchase_intent else None,
                        buying=verdict.buying,
                    )  # fmt: skip
                    accepted[-1] = comment
            else:
                verdict = self._classify(item.text, ts)
                self.total += 1
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
        if not added:
            raise BadInput(Message("audience.blocked", user=user))
        comment = added[0]
        if not comment.is_question:
            self.promote(comment.id)
        return self.comment(comment.id)

    def promote(self, comment_id: int) -> Question:
        """File a comment the classifier let pass as a question (the feed's “Add as question”),
        without a second copy of it in the feed."""
        comment = self.comment(comment_id)
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

    def block(self, user: str) -> None:
        self.blocked_users.add(user)
        self._recorder.record(kinds.VIEWER_BLOCK, user=user)
        self._bus.publish(ViewerBlocked(user))

    def unblock(self, user: str) -> None:
        self.blocked_users.discard(user)
        self._bus.publish(ViewerUnblocked(user))

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
            featured=q.featured, suggestion=self._suggestion(q),
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
        return Pulse(
            comments_per_minute=tuple(self._per_minute.get(m, 0) for m in span),
            questions_per_minute=tuple(self._questions_per_minute.get(m, 0) for m in span),
            purchase_rate=round(self._purchase / self.total, 3) if self.total else 0.0,
        )

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
        )

    # ----- resume ----------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """What resume needs beyond the log: the run the questions are filed under, the count
        and the block list (the questions and comments themselves are in the log)."""
        return {"run_started": self.run_started, "total": self.total,
                "activities": self.activities, "blocked": sorted(self.blocked_users),
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
        self.blocked_users = {str(u) for u in saved.get("blocked") or ()}
        activities = saved.get("activities")
        self.activities = min(self.total, activities) if isinstance(activities, int) else 0
        self.tally = AudienceTally.restored(saved.get("tally"))
        self._per_minute.clear()
        self._questions_per_minute.clear()
        self._purchase = 0
        self._pulse_from = int(self._clock() // 60) - PULSE_MINUTES
        latest = int(self._clock() // 60) + 1
        for comment in self.recent:
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
