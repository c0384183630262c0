"""Viewers' comments and the questions among them: what comes in, what is kept, how a question
lives (open → claimed → answered or dismissed)."""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

MAX_TEXT = 2000
MAX_NAME = 100
MAX_PLATFORM = 32


@dataclass(frozen=True)
class IncomingComment:
    """A comment as a source delivers it, checked but not yet classified."""

    platform: str
    user: str
    text: str
    native_id: str | None = None
    user_id: str | None = None
    ts: float | None = None


@dataclass(frozen=True)
class Classification:
    is_question: bool = False
    purchase_intent: bool = False
    flood: bool = False  # 111, repeats, emoji only: counted, collapsed in the feed


@dataclass(frozen=True)
class Comment:
    id: int  # arrival order in this console, from 1
    platform: str
    user: str
    text: str
    ts: float
    native_id: str | None = None
    user_id: str | None = None
    is_question: bool = False
    intent: str | None = None  # "purchase" | None
    flood: bool = False

    def as_api(self) -> dict[str, Any]:
        return {"id": self.id, "platform": self.platform, "user": self.user, "text": self.text,
                "ts": self.ts, "is_question": self.is_question, "intent": self.intent,
                "flood": self.flood, "native_id": self.native_id}  # fmt: skip


class QuestionState(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    DISMISSED = "dismissed"


@dataclass(frozen=True)
class Question:
    id: int
    key: str  # the normalised text that groups the same question from several viewers
    text: str
    comment_ids: tuple[int, ...]
    askers: tuple[str, ...]
    created_at: float
    platform: str
    state: QuestionState = QuestionState.OPEN
    claimed_by: str | None = None
    claimed_at: float | None = None
    answered_by: str | None = None
    answered_at: float | None = None
    answer: str | None = None
    featured: bool = False

    @property
    def asked(self) -> int:
        return len(self.askers)

    @property
    def response_s(self) -> float | None:
        return None if self.answered_at is None else self.answered_at - self.created_at

    def as_api(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "state": self.state.value, "asked": self.asked,
                "askers": list(self.askers[:20]), "comment_ids": list(self.comment_ids[:50]),
                "platform": self.platform, "created_at": self.created_at,
                "claimed_by": self.claimed_by, "answered_by": self.answered_by,
                "answer": self.answer, "answered_at": self.answered_at,
                "response_s": self.response_s, "featured": self.featured}  # fmt: skip


class QuestionError(ValueError):
    """A queue action that does not fit the question's state (claimed by someone else, …)."""


@dataclass
class QuestionQueue:
    """The questions of a show, grouped by key; every change returns the new Question.

    Kept cheap under a flood of distinct questions: each state has its own index and the counts
    follow from them; open questions also sit in buckets by how often they were asked. New
    questions arrive in id order, so the big bucket (asked once) is already in order, the few
    asked more are sorted when listed, and the top `limit` costs about `limit` steps.
    """

    questions: dict[int, Question] = field(default_factory=dict)
    by_key: dict[str, int] = field(default_factory=dict)
    next_id: int = 1
    by_state: dict[QuestionState, dict[int, Question]] = field(
        default_factory=lambda: {state: {} for state in QuestionState}
    )
    open_by_asked: dict[int, dict[int, Question]] = field(default_factory=dict)

    def add(self, comment: Comment, key: str) -> tuple[Question, bool]:
        """File a question comment; (question, is_new). The same key from another viewer (or
        the same viewer again) joins the open or claimed question instead of a new one."""
        existing = self.by_key.get(key)
        if existing is not None:
            question = self.questions[existing]
            if question.state in (QuestionState.OPEN, QuestionState.CLAIMED):
                askers = question.askers
                if comment.user not in askers:
                    askers = (*askers, comment.user)
                question = replace(question, askers=askers,
                                   comment_ids=(*question.comment_ids, comment.id))  # fmt: skip
                return self._put(question), False
        question = Question(self.next_id, key, comment.text, (comment.id,), (comment.user,),
                            comment.ts, comment.platform)  # fmt: skip
        self.next_id += 1
        self.by_key[key] = question.id
        return self._put(question), True

    def restore(self, questions: Iterable[Question]) -> None:
        """Put back the questions of an interrupted show (resume), keeping their ids and state;
        new questions are numbered after them."""
        for question in questions:
            self._put(question)
            if question.state in (QuestionState.OPEN, QuestionState.CLAIMED):
                self.by_key[question.key] = question.id
            else:
                self.by_key.setdefault(question.key, question.id)
            self.next_id = max(self.next_id, question.id + 1)

    def get(self, question_id: int) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            raise KeyError(f"there is no question {question_id}") from None

    def claim(self, question_id: int, by: str, now: float | None = None) -> Question:
        question = self.get(question_id)
        if question.state is QuestionState.CLAIMED and question.claimed_by != by:
            raise QuestionError(f"{question.claimed_by} is already answering question "
                                f"{question_id}")  # fmt: skip
        if question.state in (QuestionState.ANSWERED, QuestionState.DISMISSED):
            raise QuestionError(f"question {question_id} is already {question.state.value}")
        return self._put(replace(question, state=QuestionState.CLAIMED, claimed_by=by,
                                 claimed_at=now or time.time()))  # fmt: skip

    def answer(self, question_id: int, by: str, answer: str | None,
               now: float | None = None) -> Question:  # fmt: skip
        question = self.get(question_id)
        if question.state is QuestionState.CLAIMED and question.claimed_by != by:
            raise QuestionError(f"{question.claimed_by} is answering question {question_id}")
        if question.state in (QuestionState.ANSWERED, QuestionState.DISMISSED):
            raise QuestionError(f"question {question_id} is already {question.state.value}")
        return self._put(replace(question, state=QuestionState.ANSWERED, answered_by=by,
                                 answered_at=now or time.time(), answer=answer,
                                 claimed_by=question.claimed_by or by))  # fmt: skip

    def dismiss(self, question_id: int, by: str) -> Question:
        question = self.get(question_id)
        if question.state is QuestionState.CLAIMED and question.claimed_by != by:
            raise QuestionError(f"{question.claimed_by} is answering question {question_id}")
        if question.state is QuestionState.ANSWERED:
            raise QuestionError(f"question {question_id} is already answered")
        return self._put(replace(question, state=QuestionState.DISMISSED))

    def mark_featured(self, question_id: int) -> Question:
        return self._put(replace(self.get(question_id), featured=True))

    def _put(self, question: Question) -> Question:
        before = self.questions.get(question.id)
        if before is not None:
            if before.state is not question.state:
                del self.by_state[before.state][question.id]
            if before.state is QuestionState.OPEN and (
                question.state is not QuestionState.OPEN or before.asked != question.asked
            ):
                bucket = self.open_by_asked[before.asked]
                del bucket[question.id]
                if not bucket:
                    del self.open_by_asked[before.asked]
        self.by_state[question.state][question.id] = question
        if question.state is QuestionState.OPEN:
            self.open_by_asked.setdefault(question.asked, {})[question.id] = question
        self.questions[question.id] = question
        return question

    def top(self) -> Question | None:
        """The open question to answer first: the most asked, then the first asked."""
        best = self.listing("open", 1)
        return best[0] if best else None

    def listing(self, state: str = "open", limit: int | None = None) -> list[Question]:
        """Questions in `state` ("all" for every one), most asked first, then the first asked."""
        if state == "open":
            return self._open_listing(limit)
        if state == "all":
            items: Iterable[Question] = self.questions.values()
            size = len(self.questions)
        else:
            bucket = self.by_state[QuestionState(state)]
            items, size = bucket.values(), len(bucket)
        if limit is not None and limit < size:
            return heapq.nsmallest(limit, items, key=_rank)
        return sorted(items, key=_rank)

    def _open_listing(self, limit: int | None) -> list[Question]:
        found: list[Question] = []
        for asked in sorted(self.open_by_asked, reverse=True):
            bucket = self.open_by_asked[asked].values()
            left = None if limit is None else limit - len(found)
            if asked == 1:  # filled in id order, never re-entered from elsewhere
                found.extend(bucket if left is None else itertools.islice(bucket, left))
            else:
                ordered = sorted(bucket, key=_rank)
                found.extend(ordered if left is None else ordered[:left])
            if limit is not None and len(found) >= limit:
                break
        return found

    def counts(self) -> dict[str, int]:
        return {state.value: len(bucket) for state, bucket in self.by_state.items()}


def _rank(question: Question) -> tuple[int, int]:
    return (-question.asked, question.id)
