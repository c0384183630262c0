"""The audience taken up again after an interrupted show (resume): what it saves beyond the
log, and how it rebuilds its queue, its latest comments, its counters and its thanks list from
both. What came in after the console restarted, before the show was resumed, is the show's too:
its comments follow the show's (numbered on, their questions filed in its queue), its figures
add to the show's and its gifts join the thanks list; the log files its rows under the show
(ShowStateStore.adopt_unfiled, with the renumbering `restore` returns)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from app.domain import log_events as kinds
from app.domain.audience import Comment, Question, QuestionState
from app.domain.moderation import BlockedViewer
from app.domain.question_queue import QuestionError, QuestionQueue
from app.domain.tally import AudienceTally
from app.domain.thanks import ThanksList
from app.services.audience_base import KEEP_IN_MEMORY, PULSE_MINUTES, AudienceBase
from app.services.events import CommentsRestored, QuestionsChanged, ThanksChanged


class AudienceResume(AudienceBase):
    def snapshot(self) -> dict[str, Any]:
        """What resume needs beyond the log: the run the questions are filed under, the count,
        the block list, the tally and the thanks list (the questions and comments themselves
        are in the log)."""
        return {"run_started": self.run_started, "total": self.total,
                "activities": self.activities,
                "blocked": sorted(v.as_text() for v in self.moderation.viewers),
                "tally": self.tally.snapshot(), "thanks": self.thanks.snapshot()}  # fmt: skip

    def restore(
        self,
        saved: dict[str, Any],
        questions: list[Question],
        comments: list[Comment],
        *,
        native_ids: Iterable[tuple[str, str]] = (),
    ) -> int:
        """Take the audience up where an interrupted show left it: its questions (same ids and
        states, saved under the same run), its latest comments, its count, its tally and its
        thanks list, with what came in since this console started (before the resume) after
        them; the show's logged native ids (`native_ids`) are remembered as taken. Returns by
        how much the comments that came in before the resume were numbered on."""
        arrived, arrived_total, arrived_activities = list(self.recent), self.total, self.activities
        since, since_thanks, worked_on = self.tally, self.thanks, self.queue
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
        renumber = self.total
        filed = self._take_arrived([replace(c, id=c.id + renumber) for c in arrived])
        self._carry_work(worked_on, filed, renumber)
        self.total += arrived_total
        self.activities += arrived_activities
        self.tally = AudienceTally.restored(saved.get("tally"), now=self._clock()).merged(since)
        self.thanks = ThanksList.restored(saved.get("thanks"), since_thanks.limit)
        self.thanks.absorb(since_thanks)
        self.taken.remember(native_ids)
        self._count_pulse()
        self._bus.publish(QuestionsChanged())
        self._bus.publish(CommentsRestored(len(self.recent)))
        self._bus.publish(ThanksChanged())
        return renumber

    def _take_arrived(self, arrived: list[Comment]) -> dict[int, int]:
        """The comments that came in before the resume (numbered on) after the show's, their
        questions filed in its queue as they would have been; the question each question
        comment is filed under, by the comment's (new) id."""
        filed: dict[int, int] = {}
        if not arrived:
            return filed
        if self.recent and arrived[0].id != self.recent[-1].id + 1:
            self.recent.clear()  # the first ones left memory already: no hole in the list
        self.recent.extend(arrived)
        asks: list[tuple[int, int, str]] = []
        for comment in arrived:
            if not comment.is_question or comment.blocked:
                continue
            question, fresh = self.queue.add(comment, self._key(comment.text) or comment.text)
            filed[comment.id] = question.id
            asks.append((question.id, comment.id, comment.user))
            if fresh:
                self._save(question)
                self._recorder.record(kinds.QUESTION_OPEN, question=question.id,
                                      text=question.text, user=question.first_user,
                                      platform=question.platform)  # fmt: skip
        self._store.add_askers(self._session_id(), self.run_started, asks)
        return filed

    def _carry_work(self, worked_on: QuestionQueue, filed: dict[int, int], renumber: int) -> None:
        """What the assistants did, before the resume, with the questions that came in then:
        claimed, answered, dismissed or featured stays so on the question each is filed under
        now (its first comment's), when that one is still open: one the show had claimed, answered
        or dismissed stays as the show left it."""
        done = [
            *worked_on.claimed.values(),
            *itertools.chain.from_iterable(d.values() for d in worked_on.finished.values()),
        ]
        done += [q for q in worked_on.listing("open") if q.featured]
        for old in sorted(done, key=lambda q: q.id):
            new_id = filed.get(old.first_comment + renumber)
            if new_id is None or self.queue.get(new_id).state is not QuestionState.OPEN:
                continue
            try:
                question = self._redo(old, new_id)
            except QuestionError:
                continue
            self._save(question)
            self._log_redone(old, question)

    def _log_redone(self, old: Question, question: Question) -> None:
        """The show's log says it too, by the question's id now, at the time it was done (what
        was logged before the resume is under no show, by the id the question had then)."""
        steps: list[tuple[str, float | None, str, str | None]] = []
        if old.state is QuestionState.CLAIMED:
            steps.append(("claim", old.claimed_at, old.claimed_by or "", None))
        elif old.state is QuestionState.ANSWERED:
            steps.append(("answer", old.answered_at, old.answered_by or "", old.answer))
        elif old.state is QuestionState.DISMISSED:
            steps.append(("dismiss", None, "", None))
        if question.featured:
            steps.append(("feature", None, "", None))
        now = self._clock()
        for action, at, by, answer in steps:
            self._recorder.record_earlier(
                0.0 if at is None else now - at, f"question.{action}", question=question.id,
                by=by, state=question.state.value, answer=answer,
                response_s=question.response_s, asked=question.asked,
            )  # fmt: skip

    def _redo(self, old: Question, new_id: int) -> Question:
        queue = self.queue
        if old.state is QuestionState.CLAIMED:
            question = queue.claim(new_id, old.claimed_by or "", now=old.claimed_at)
        elif old.state is QuestionState.ANSWERED:
            question = queue.answer(new_id, old.answered_by or "", old.answer,
                                    now=old.answered_at)  # fmt: skip
            question.claimed_at = old.claimed_at  # answered: its claim was before it
        elif old.state is QuestionState.DISMISSED:
            question = queue.dismiss(new_id, "")
        else:
            question = queue.get(new_id)
        if old.featured and question.state is not QuestionState.DISMISSED:
            question = queue.mark_featured(new_id)
        return question

    def _count_pulse(self) -> None:
        """The pulse's comments and questions per minute, and the purchase count, from the
        comments in memory."""
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
