"""Viewers' comments and the questions among them: what comes in, what is kept, how a question
lives (open → claimed → answered or dismissed)."""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.domain.record import record

MAX_TEXT = 2000
MAX_NAME = 100
MAX_PLATFORM = 32


class Kind(StrEnum):
    """What an item from the audience is: a comment, or something a viewer did."""

    COMMENT = "comment"
    GIFT = "gift"
    LIKE = "like"
    FOLLOW = "follow"
    ENTER = "enter"
    SHARE = "share"
    MEMBER = "member"  # a membership, 舰长/guard, subscription (gifted ones too)
    SUPERCHAT = "superchat"  # a paid message: it has text
    VIEWERS = "viewers"  # a platform's concurrent-viewer count (`count`); no user needed


TEXT_KINDS = frozenset({Kind.COMMENT, Kind.SUPERCHAT})  # read, classified, may be questions
THANKED_KINDS = frozenset({Kind.GIFT, Kind.MEMBER, Kind.SUPERCHAT, Kind.FOLLOW})
MAX_ITEM_COUNT = 1_000_000  # gifts or likes in one item
MAX_VIEWERS = 100_000_000
MAX_VALUE = 100_000_000.0  # what one item is worth, in its currency (bits and 电池 included)
MAX_GIFT_NAME = 100
MAX_CURRENCY = 16


@record
class IncomingComment:
    """An item as a source delivers it (a comment, a gift, likes, a viewer count...), checked
    but not yet classified. `count`: gifts or likes in this item, or the viewer count; `value`:
    what it is worth in `currency`."""

    platform: str
    user: str
    text: str
    native_id: str | None = None
    user_id: str | None = None
    ts: float | None = None
    kind: Kind = Kind.COMMENT
    gift: str | None = None
    count: int | None = None
    value: float | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Classification:
    is_question: bool = False
    purchase_intent: bool = False
    flood: bool = False  # 111, repeats, emoji only: counted, collapsed in the feed
    buying: bool = False  # price, coupon, stock, payment, delivery, enrolment: before an order


@record
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
    given_ts: float | None = None  # the client's own ts when it was out of range (kept, unused)
    kind: Kind = Kind.COMMENT
    gift: str | None = None
    count: int | None = None
    value: float | None = None
    currency: str | None = None
    buying: bool = False
    blocked: bool = False  # a blocked viewer's, or blocked words: kept, off queue and screen

    def as_api(self) -> dict[str, Any]:
        api = {"id": self.id, "platform": self.platform, "user": self.user, "text": self.text,
               "ts": self.ts, "is_question": self.is_question, "intent": self.intent,
               "flood": self.flood, "native_id": self.native_id, "kind": self.kind.value,
               "buying": self.buying}  # fmt: skip
        if self.kind is not Kind.COMMENT:
            api.update(gift=self.gift, count=self.count, value=self.value, currency=self.currency)
        if self.blocked:  # only then: every other comment's JSON stays as it was
            api["blocked"] = True
        return api


class QuestionState(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    DISMISSED = "dismissed"


WAITING = (QuestionState.OPEN, QuestionState.CLAIMED)
FINISHED = (QuestionState.ANSWERED, QuestionState.DISMISSED)
API_ASKERS, API_COMMENTS = 20, 50


SMALL_CROWD = 8  # askers told apart by their list alone; a set past that


@dataclass(slots=True)
class Crowd:
    """The askers of a question after its first comment, made when a second one joins: each
    asker once in order, and every later comment. A new asker is told from a repeat by the
    list while it is short (most questions are asked by a few), by a set once it is long:
    constant time either way."""

    users: list[str] = field(default_factory=list)
    seen: set[str] | None = None  # every asker, the first too, once there are SMALL_CROWD
    comment_ids: array[int] = field(default_factory=lambda: array("q"))

    def add(self, user: str, first_user: str) -> bool:
        """Note `user` as an asker after `first_user`; True when they had not asked before."""
        seen = self.seen
        if seen is None:
            if user == first_user or user in self.users:
                return False
            self.users.append(user)
            if len(self.users) >= SMALL_CROWD:
                self.seen = {first_user, *self.users}
            return True
        if user in seen:
            return False
        seen.add(user)
        self.users.append(user)
        return True


@dataclass(slots=True)
class Question:
    """A question and the viewers who asked it. Compact for the many asked once (the first
    asker and comment are plain fields); askers and comments after it are appended in constant
    time, `asked` counts the distinct askers. The queue changes it in place."""

    id: int
    key: str  # the normalised text that groups the same question from several viewers
    text: str
    created_at: float
    platform: str
    first_user: str  # "" and first_comment 0 (asked 0) when the log kept no asker for it
    first_comment: int
    state: QuestionState = QuestionState.OPEN
    claimed_by: str | None = None
    claimed_at: float | None = None
    answered_by: str | None = None
    answered_at: float | None = None
    answer: str | None = None
    featured: bool = False
    asked: int = 1
    crowd: Crowd | None = field(default=None, repr=False)
    buying: bool = False  # it stands between a viewer and an order: listed first while open

    @classmethod
    def restored(
        cls,
        id: int,
        key: str,
        text: str,
        created_at: float,
        platform: str,
        comment_ids: Sequence[int],
        askers: Sequence[str],
        **state: Any,
    ) -> Question:
        """A question as a log kept it (lists of comment ids and askers, in order); more asks can
        be joined after."""
        if not askers:
            return cls(id, key, text, created_at, platform, "", 0, asked=0, **state)
        first_comment = comment_ids[0] if comment_ids else 0
        question = cls(id, key, text, created_at, platform, askers[0], first_comment, **state)
        crowd = Crowd()
        for user in askers[1:]:
            crowd.add(user, question.first_user)
        crowd.comment_ids.extend(comment_ids[1:])
        if crowd.users or crowd.comment_ids:
            question.crowd = crowd
            question.asked += len(crowd.users)
        return question

    def join(self, comment_id: int, user: str) -> bool:
        """Another comment asks it; True when it comes from a new asker. Constant time."""
        if self.asked == 0:  # kept without askers: this one is the first
            self.first_comment, self.first_user, self.asked = comment_id, user, 1
            return True
        crowd = self.crowd
        if crowd is None:
            crowd = self.crowd = Crowd()
        crowd.comment_ids.append(comment_id)
        if not crowd.add(user, self.first_user):
            return False
        self.asked += 1
        return True

    @property
    def askers(self) -> tuple[str, ...]:
        """Every asker once, first asker first (O(asked): the API and panels use first_askers)."""
        return tuple(self.first_askers())

    @property
    def comment_ids(self) -> tuple[int, ...]:
        return tuple(self.first_comment_ids())

    def first_askers(self, limit: int | None = None) -> list[str]:
        if not self.asked:
            return []
        rest = self.crowd.users if self.crowd else ()
        return [self.first_user, *itertools.islice(rest, None if limit is None else limit - 1)]

    def first_comment_ids(self, limit: int | None = None) -> list[int]:
        if not self.asked:
            return []
        rest = self.crowd.comment_ids if self.crowd else ()
        return [self.first_comment, *itertools.islice(rest, None if limit is None else limit - 1)]

    @property
    def response_s(self) -> float | None:
        return None if self.answered_at is None else self.answered_at - self.created_at

    def as_api(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "state": self.state.value, "asked": self.asked,
                "askers": self.first_askers(API_ASKERS),
                "comment_ids": self.first_comment_ids(API_COMMENTS),
                "platform": self.platform, "created_at": self.created_at,
                "claimed_by": self.claimed_by, "answered_by": self.answered_by,
                "answer": self.answer, "answered_at": self.answered_at,
                "response_s": self.response_s, "featured": self.featured,
                "buying": self.buying}  # fmt: skip
