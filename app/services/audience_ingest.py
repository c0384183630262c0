"""The audience's way in: each comment and activity numbered, classified, counted and kept.

`AudienceIngest.ingest` is the hot path (benchmarked): one loop over the batch, reading the
shared fields directly, with no per-comment call beyond the classifier and the queue."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

from app.domain import log_events as kinds
from app.domain.audience import Comment, IncomingComment, Kind, Question
from app.services.audience_base import (
    PULSE_MINUTES,
    QUIET_KINDS,
    TS_AHEAD_S,
    TS_BEFORE_START_S,
    AudienceBase,
)
from app.services.events import (
    AudienceActivity,
    CommentsAdded,
    QuestionsChanged,
    SourceStatus,
    ThanksChanged,
)


class AudienceIngest(AudienceBase):
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

    def source_status(self, status: dict[str, Any]) -> None:
        """A chat source's light: connected / disconnected (a gap is logged) / error …"""
        name = str(status.get("source"))
        before = self.sources.get(name, {}).get("state")
        self.sources[name] = status
        if status.get("state") != before:
            self._recorder.record(kinds.SOURCE_STATE, **status)
        self._bus.publish(SourceStatus(status))

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
