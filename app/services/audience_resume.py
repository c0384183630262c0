"""The audience taken up again after an interrupted show (resume): what it saves beyond the
log, and how it rebuilds its queue, its latest comments and its counters from both."""

from __future__ import annotations

from typing import Any

from app.domain.audience import Comment, Question
from app.domain.moderation import BlockedViewer
from app.domain.question_queue import QuestionQueue
from app.domain.tally import AudienceTally
from app.services.audience_base import KEEP_IN_MEMORY, PULSE_MINUTES, AudienceBase
from app.services.events import CommentsRestored, QuestionsChanged


class AudienceResume(AudienceBase):
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
