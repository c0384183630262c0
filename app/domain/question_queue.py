"""The question queue of a show: questions grouped by key, ranked (buying questions first, then
most asked, then first asked), claimed, answered, dismissed.

Memory stays small under a flood of distinct questions. An open question asked by one comment
(most of them, in a big audience) is kept packed in one `bytes` (its first comment, time,
platform, asker, text and key) and becomes a `Question` object when a second comment joins it or
an assistant acts on it. Answered and dismissed questions leave memory (they are in the log) but
for the latest `keep_finished` of each; the counts stay exact.
"""

from __future__ import annotations

import heapq
import itertools
import struct
import time
from collections.abc import Iterable, Iterator

from app.domain.audience import FINISHED, WAITING, Comment, Question, QuestionState
from app.domain.messages import Message, excerpt

KEEP_FINISHED = 1_000  # answered questions kept in memory (and as many dismissed ones)

# first comment, created_at, and the UTF-8 lengths of platform, asker and text; the key follows
_PACKED = struct.Struct("<qdIII")
_UTF8 = ("utf-8", "surrogatepass")  # a lone surrogate survives the round trip


class QuestionError(ValueError):
    """A queue action that does not fit the question's state (claimed by someone else, …)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def _state(state: QuestionState) -> Message:
    return Message(f"question.state.{state.value}")


def _refusal(code: str, question: Question, **values: str | Message) -> QuestionError:
    """A refused action, naming the question by what was asked (its id means nothing to the
    one who reads it)."""
    return QuestionError(Message(code, question=excerpt(question.text), **values))


def _pack(comment: Comment, key: str) -> bytes:
    platform, user = comment.platform.encode(*_UTF8), comment.user.encode(*_UTF8)
    text = comment.text.encode(*_UTF8)
    head = _PACKED.pack(comment.id, comment.ts, len(platform), len(user), len(text))
    return b"".join((head, platform, user, text, key.encode(*_UTF8)))


def _unpack(question_id: int, data: bytes, buying: bool = False) -> Question:
    first_comment, created_at, n_platform, n_user, n_text = _PACKED.unpack_from(data)
    at = _PACKED.size
    platform = data[at : at + n_platform].decode(*_UTF8)
    at += n_platform
    user = data[at : at + n_user].decode(*_UTF8)
    at += n_user
    text = data[at : at + n_text].decode(*_UTF8)
    key = data[at + n_text :].decode(*_UTF8)
    return Question(question_id, key, text, created_at, platform, user, first_comment,
                    buying=buying)  # fmt: skip


class QuestionQueue:
    """The questions of a show; every change returns the question as it now is (changed in
    place, but for an open question asked once: a copy of its packed form).

    Open questions asked once wait packed in `_items` (indexed by id), already in id order; those
    asked more sit in buckets by how often they were asked, each in id order (a heap); the top
    `limit` costs about `limit` steps however many questions wait.
    """

    def __init__(self, keep_finished: int = KEEP_FINISHED) -> None:
        self.keep_finished = keep_finished
        self.by_key: dict[str, int] = {}  # key → the question it groups (open, or the latest)
        self.next_id = 1
        self._items: list[Question | bytes | None] = []  # [id - 1]; None: left memory
        self._packed_from = 0  # no packed question before this index
        self.packed = 0  # open questions asked once, kept packed
        self.open_by_asked: dict[int, _Bucket] = {}  # the other open questions
        self.buying_by_asked: dict[int, _Bucket] = {}  # the same, buying ones
        self._buying_packed: dict[int, None] = {}  # ids of packed buying questions, in order
        self.open_count = 0
        self.claimed: dict[int, Question] = {}
        self.finished: dict[QuestionState, dict[int, Question]] = {s: {} for s in FINISHED}
        self.finished_count: dict[QuestionState, int] = dict.fromkeys(FINISHED, 0)

    def carried_on(self) -> QuestionQueue:
        """An empty queue for the next show, numbering on from this one (a question's row is
        keyed by the run and its id: no id is given twice in a run)."""
        fresh = QuestionQueue(self.keep_finished)
        fresh.next_id = self.next_id
        fresh._packed_from = self.next_id - 1
        return fresh

    # ----- in --------------------------------------------------------------------------------
    def add(self, comment: Comment, key: str) -> tuple[Question, bool]:
        """File a question comment; (question, is_new). The same key from another viewer (or
        the same viewer again) joins the open or claimed question instead of a new one.
        Constant time, however many asked it before."""
        existing = self.by_key.get(key)
        if existing is not None:
            item = self._items[existing - 1]
            question = self._unpacked(existing) if isinstance(item, bytes) else item
            if question is not None and question.state in WAITING:
                before = question.asked
                if question.join(comment.id, comment.user) and question.state is (
                    QuestionState.OPEN
                ):
                    self._unbucket(question, before)
                    self._file(question)
                return question, False
        question_id = self.next_id
        self.next_id += 1
        self.by_key[key] = question_id
        question = Question(question_id, key, comment.text, comment.ts, comment.platform,
                            comment.user, comment.id, buying=comment.buying)  # fmt: skip
        self._place(question_id, _pack(comment, key))
        self.packed += 1
        self.open_count += 1
        if question.buying:  # packed like any other, listed first
            self._buying_packed[question_id] = None
        return question, True

    def restore(self, questions: Iterable[Question]) -> None:
        """Put back the questions of an interrupted show (resume), keeping their ids and state;
        new questions are numbered after them."""
        for question in questions:
            if question.state in WAITING:
                self.by_key[question.key] = question.id
            else:
                self.by_key.setdefault(question.key, question.id)
            self.next_id = max(self.next_id, question.id + 1)
            if _packable(question):
                self._place(question.id, _pack(_first(question), question.key))
                self.packed += 1
                self.open_count += 1
                if question.buying:
                    self._buying_packed[question.id] = None
                self._packed_from = min(self._packed_from, question.id - 1)
            else:
                self._place(question.id, question)
                self._enter(question)

    # ----- acting ----------------------------------------------------------------------------
    def get(self, question_id: int) -> Question:
        """The question (a copy when it is kept packed); KeyError when there is none in memory."""
        item = self._items[question_id - 1] if 0 < question_id <= len(self._items) else None
        if item is None:
            raise KeyError(Message("question.unknown", id=question_id))
        return (_unpack(question_id, item, question_id in self._buying_packed)
                if isinstance(item, bytes) else item)  # fmt: skip

    def claim(self, question_id: int, by: str, now: float | None = None) -> Question:
        question = self._held(question_id)
        if question.state is QuestionState.CLAIMED and question.claimed_by != by:
            raise _refusal("question.claimed", question, user=question.claimed_by or "")
        if question.state in FINISHED:
            raise _refusal("question.finished", question, state=_state(question.state))
        self._leave(question)
        question.state, question.claimed_by = QuestionState.CLAIMED, by
        question.claimed_at = now or time.time()
        self._enter(question)
        return question

    def answer(self, question_id: int, by: str, answer: str | None,
               now: float | None = None) -> Question:  # fmt: skip
        question = self._held(question_id)
        if question.state is QuestionState.CLAIMED and question.claimed_by != by:
            raise _refusal("question.answering", question, user=question.claimed_by or "")
        if question.state in FINISHED:
            raise _refusal("question.finished", question, state=_state(question.state))
        self._leave(question)
        question.state, question.answered_by = QuestionState.ANSWERED, by
        question.answered_at, question.answer = now or time.time(), answer
        question.claimed_by = question.claimed_by or by
        self._enter(question)
        return question

    def dismiss(self, question_id: int, by: str) -> Question:
        question = self._held(question_id)
        if question.state is QuestionState.CLAIMED and question.claimed_by != by:
            raise _refusal("question.answering", question, user=question.claimed_by or "")
        if question.state is QuestionState.ANSWERED:
            raise _refusal("question.answered", question)
        if question.state is not QuestionState.DISMISSED:
            self._leave(question)
            question.state = QuestionState.DISMISSED
            self._enter(question)
        return question

    def dismiss_blocked(self, question_id: int) -> Question:
        """Dismiss a waiting question whose asker was blocked, whoever claimed it (a finished
        one stays as it is)."""
        question = self._held(question_id)
        if question.state in WAITING:
            self._leave(question)
            question.state = QuestionState.DISMISSED
            self._enter(question)
        return question

    def reopen(self, question_id: int, by: str) -> Question:
        """Back among the open questions: a dismissed one (the undo of a dismiss), or a claim
        given back by the one who claimed it. Refused when it was answered, or when viewers
        asked it again since it was dismissed (their question is the open one)."""
        question = self._held(question_id)
        state = question.state
        if state is QuestionState.OPEN:
            return question
        if state is QuestionState.ANSWERED:
            raise _refusal("question.answered", question)
        if state is QuestionState.CLAIMED:
            if question.claimed_by != by:
                raise _refusal("question.answering", question, user=question.claimed_by or "")
            self._leave(question)
        else:  # dismissed
            newer = self.by_key.get(question.key)
            if newer is not None and newer != question_id:
                item = self._items[newer - 1]
                if isinstance(item, bytes) or (item is not None and item.state in WAITING):
                    raise _refusal("question.asked_again", question)
            del self.finished[state][question_id]
            self.finished_count[state] -= 1
            self.by_key[question.key] = question_id
        question.state, question.claimed_by, question.claimed_at = QuestionState.OPEN, None, None
        self._enter(question)
        return question

    def mark_featured(self, question_id: int) -> Question:
        question = self._held(question_id)
        self.check_featurable(question)
        question.featured = True
        return question

    def check_featurable(self, question: Question) -> None:
        """A dismissed question stays off screen (it was judged not to be answered); an answered
        one may go on it."""
        if question.state is QuestionState.DISMISSED:
            raise _refusal("question.dismissed_off_screen", question)

    # ----- the indexes -----------------------------------------------------------------------
    def _place(self, question_id: int, item: Question | bytes) -> None:
        items = self._items
        if question_id > len(items):
            items.extend([None] * (question_id - 1 - len(items)))
            items.append(item)
        else:
            items[question_id - 1] = item

    def _held(self, question_id: int) -> Question:
        """The question as an object kept in the queue (unpacked for good if it was packed)."""
        item = self._items[question_id - 1] if 0 < question_id <= len(self._items) else None
        if item is None:
            raise KeyError(Message("question.unknown", id=question_id))
        return self._unpacked(question_id) if isinstance(item, bytes) else item

    def _unpacked(self, question_id: int) -> Question:
        """A packed open question becomes an object in the asked-once bucket."""
        item = self._items[question_id - 1]
        assert isinstance(item, bytes)
        buying = self._buying_packed.pop(question_id, 0) is None
        question = self._items[question_id - 1] = _unpack(question_id, item, buying)
        self.packed -= 1
        self._file(question)
        return question

    def _buckets(self, question: Question) -> dict[int, _Bucket]:
        """The open questions by how often they were asked: buying ones apart."""
        return self.buying_by_asked if question.buying else self.open_by_asked

    def _file(self, question: Question) -> None:
        """An open question object into the bucket of its count."""
        buckets = self._buckets(question)
        bucket = buckets.get(question.asked)
        if bucket is None:
            bucket = buckets[question.asked] = _Bucket()
        bucket.add(question)

    def _enter(self, question: Question) -> None:
        """Index a question object (already in `_items`) under its state."""
        state = question.state
        if state is QuestionState.OPEN:
            self._file(question)
            self.open_count += 1
        elif state is QuestionState.CLAIMED:
            self.claimed[question.id] = question
        else:
            kept = self.finished[state]
            kept[question.id] = question
            self.finished_count[state] += 1
            while len(kept) > self.keep_finished:
                self._forget(kept.pop(next(iter(kept))))

    def _leave(self, question: Question) -> None:
        """Take a waiting question object out of its index before its state changes."""
        if question.state is QuestionState.OPEN:
            self._unbucket(question, question.asked)
            self.open_count -= 1
        else:
            del self.claimed[question.id]

    def _unbucket(self, question: Question, asked: int) -> None:
        buckets = self._buckets(question)
        bucket = buckets[asked]
        bucket.remove(question.id)
        if not bucket:
            del buckets[asked]

    def _forget(self, question: Question) -> None:
        self._items[question.id - 1] = None
        if self.by_key.get(question.key) == question.id:
            del self.by_key[question.key]

    # ----- out -------------------------------------------------------------------------------
    def top(self) -> Question | None:
        """The open question to answer first: buying first, the most asked, then the first
        asked."""
        best = self.listing("open", 1)
        return best[0] if best else None

    def listing(
        self, state: str = "open", limit: int | None = None, *, latest: bool = False
    ) -> list[Question]:
        """Questions in `state` ("all" for every one in memory), most asked first, then the
        first asked; open ones buying first. Answered and dismissed: the latest of each (those
        still in memory). `latest` (claimed, answered, dismissed): the last to come to that
        state first instead, so the few an assistant shows are the ones just worked on, not
        the most asked of the whole show."""
        if latest:
            return self._latest(state, limit)
        if state == "open":
            return self._open_listing(limit)
        if state == "all":
            buckets = itertools.chain(self.buying_by_asked.values(), self.open_by_asked.values())
            objects = [self.claimed, *self.finished.values(), *(b.questions for b in buckets)]
            kept = itertools.chain.from_iterable(bucket.values() for bucket in objects)
            packed = itertools.islice(
                itertools.chain(self._buying_packed_questions(), self._packed_questions()), limit
            )
            items: Iterable[Question] = itertools.chain(kept, packed)
            size = sum(map(len, objects)) + self.packed
        else:
            wanted = QuestionState(state)
            bucket = self.claimed if wanted is QuestionState.CLAIMED else self.finished[wanted]
            items, size = bucket.values(), len(bucket)
        if limit is not None and limit < size:
            return heapq.nsmallest(limit, items, key=_rank)
        return sorted(items, key=_rank)

    def _latest(self, state: str, limit: int | None) -> list[Question]:
        """The claimed, answered or dismissed questions, the last to come to that state first:
        by when they were claimed or answered (a resumed queue was filled in id order), and
        dismissed ones in the order they came to their index."""
        wanted = QuestionState(state)
        if wanted is QuestionState.OPEN:
            raise ValueError("open questions are listed by rank, not by when they came")
        if wanted is QuestionState.DISMISSED:
            return list(itertools.islice(reversed(self.finished[wanted].values()), limit))
        if wanted is QuestionState.CLAIMED:
            items, when = self.claimed.values(), _claimed_at
        else:
            items, when = self.finished[wanted].values(), _answered_at
        count = len(items) if limit is None else limit
        # at the same time: the later to come to the index first
        latest = heapq.nlargest(count, enumerate(items), key=lambda p: (when(p[1]), p[0]))
        return [question for _, question in latest]

    def _open_listing(self, limit: int | None) -> list[Question]:
        """Buying questions first, then the others; each most asked first, then first asked."""
        found: list[Question] = []
        tiers = (
            (self.buying_by_asked, bool(self._buying_packed), self._buying_packed_questions),
            (self.open_by_asked, self.packed > len(self._buying_packed), self._packed_questions),
        )
        for buckets, any_packed, packed in tiers:
            counts = set(buckets) | ({1} if any_packed else set())
            for asked in sorted(counts, reverse=True):
                left = None if limit is None else limit - len(found)
                bucket = buckets[asked].first(left) if asked in buckets else []
                if asked == 1 and any_packed:  # packed ones are in id order already
                    ranked: Iterable[Question] = heapq.merge(bucket, packed(), key=_rank)
                    found.extend(itertools.islice(ranked, left))
                else:
                    found.extend(bucket if left is None else bucket[:left])
                if limit is not None and len(found) >= limit:
                    return found
        return found

    def _buying_packed_questions(self) -> Iterator[Question]:
        """The packed (open, asked once) buying questions in id order."""
        items = self._items
        for question_id in self._buying_packed:
            item = items[question_id - 1]
            if isinstance(item, bytes):
                yield _unpack(question_id, item, True)

    def _packed_questions(self) -> Iterator[Question]:
        """The packed (open, asked once) questions in id order."""
        items, start, buying = self._items, self._packed_from, self._buying_packed
        while start < len(items) and (not isinstance(items[start], bytes) or start + 1 in buying):
            start += 1
        self._packed_from = start
        for index in range(start, len(items)):
            item = items[index]
            if isinstance(item, bytes) and index + 1 not in buying:
                yield _unpack(index + 1, item)

    def counts(self) -> dict[str, int]:
        """How many questions are in each state, exact (finished ones counted, not kept)."""
        return {"open": self.open_count, "claimed": len(self.claimed),
                "answered": self.finished_count[QuestionState.ANSWERED],
                "dismissed": self.finished_count[QuestionState.DISMISSED]}  # fmt: skip


class _Bucket:
    """The open questions asked the same number of times, first asked first: by id, and a heap
    of their ids that keeps an id which left until it comes up (rebuilt when half of it has
    left), so the first few cost a few steps however many wait in the bucket."""

    __slots__ = ("_heap", "questions")

    def __init__(self) -> None:
        self.questions: dict[int, Question] = {}
        self._heap: list[int] = []

    def __len__(self) -> int:
        return len(self.questions)

    def add(self, question: Question) -> None:
        self.questions[question.id] = question
        heapq.heappush(self._heap, question.id)

    def remove(self, question_id: int) -> None:
        del self.questions[question_id]
        if len(self._heap) > 2 * len(self.questions) + 64:
            self._heap = sorted(self.questions)  # a sorted list is a heap

    def first(self, limit: int | None) -> list[Question]:
        """The first `limit` (every one: None) in id order."""
        questions = self.questions
        if limit is None or limit >= len(questions):
            return [questions[i] for i in sorted(questions)]
        heap, taken = self._heap, list[int]()
        while heap and len(taken) < limit:
            question_id = heapq.heappop(heap)
            if question_id in questions and (not taken or taken[-1] != question_id):
                taken.append(question_id)  # an id filed twice comes up twice in a row
        for question_id in taken:
            heapq.heappush(heap, question_id)
        return [questions[i] for i in taken]


def _rank(question: Question) -> tuple[int, int]:
    return (-question.asked, question.id)


def _claimed_at(question: Question) -> float:
    return question.claimed_at or 0.0


def _answered_at(question: Question) -> float:
    return question.answered_at or 0.0


def _packable(question: Question) -> bool:
    return (question.state is QuestionState.OPEN and question.asked == 1
            and question.crowd is None and not question.featured
            and question.claimed_by is None and question.answered_at is None)  # fmt: skip


def _first(question: Question) -> Comment:
    return Comment(question.first_comment, question.platform, question.first_user,
                   question.text, question.created_at)  # fmt: skip
