"""The audience as the panels and the API read it: questions with their canned answers, the
latest comments, the pulse, the room, the thanks list and the counters."""

from __future__ import annotations

import itertools
from typing import Any

from app.domain.audience import API_ASKERS, API_COMMENTS, Comment, Question
from app.domain.faq import FaqEntry, best_answer
from app.domain.tally import by_currency
from app.services.audience_base import AudienceBase
from app.services.errors import NotFound
from app.services.events import Event, FeaturedChanged, QuestionsChanged
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

SUGGESTIONS_KEPT = 2_000  # canned-answer suggestions remembered, by question key


class AudienceViews(AudienceBase):
    def question_api(self, question: Question) -> dict[str, Any]:
        """A question as the API and the panels show it, with the best canned answer, whether
        it is on screen now (`on_air`; `featured` says it ever was) and its first asker's id."""
        data = question.as_api()
        suggestion = self._suggestion(question)
        data["suggestion"] = (
            None if suggestion is None else {"topic": suggestion.topic, "answer": suggestion.answer}
        )
        data["on_air"] = self.on_air(question)
        data["asker_id"] = self._asker_id(question)
        return data

    def _asker_id(self, question: Question) -> str | None:
        """The first asker's user id, while their comment is in memory (None: the platform
        gave none, or it is gone): a panel blocks by it the viewer it means, not every one of
        that name -- a question typed in without a name is 观众's, under an id of its own."""
        if not question.asked:
            return None
        try:
            return self.comment(question.first_comment).user_id
        except NotFound:
            return None

    def on_air(self, question: Question) -> bool:
        """Whether the featured card on screen is this question: one of its comments (the
        queue's feature puts one of its askers' up; a comment featured from the feed may be
        one of them too). A card typed in by hand is no question's."""
        featured = self._overlays.featured
        shown = None if featured is None else featured.comment_id
        if not question.asked or shown is None or not shown.isdecimal():
            return False
        comment_id = int(shown)
        if comment_id == question.first_comment:
            return True
        crowd = question.crowd
        return crowd is not None and comment_id in crowd.comment_ids

    def _on_bus_event(self, event: Event) -> None:
        """The featured card changed (put up, replaced, taken down, by anyone): the question
        it was or now is has a new `on_air`, so the panels re-read the queue (they are not
        sent the overlay's events)."""
        if type(event) is FeaturedChanged:
            self._bus.publish(QuestionsChanged())

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
        carried = (counted[max(earlier)] if earlier else 0 if counted
                   else self.tally.viewers_at(self._clock()))  # fmt: skip
        out = []
        for row in rows:
            carried = carried if row["viewers"] is None else row["viewers"]
            out.append(carried)
        return tuple(out)

    def room(self) -> Room:
        """Viewers now and at the peak, likes, gifts, follows and entries so far."""
        # the tally names its figures once
        currencies = tuple(by_currency(self.tally.value_by_currency).items())
        return Room(**self.tally.as_api(self._clock()), value_by_currency=currencies)

    def thanks_list(self, limit: int | None = None) -> ThanksSlice:
        """The thanks list's latest `limit` entries (every one: None), gathered per viewer, the
        most recent activity first; copies, so a panel may keep them."""
        viewers: dict[tuple[str, str], list[ThanksCard]] = {}
        for entry in self.thanks.listing(limit):
            card = ThanksCard(
                id=entry.id, kind=entry.kind, count=entry.count, value=round(entry.value, 2),
                currency=entry.currency, gifts=tuple(entry.gifts.items()),
                values=tuple((c, round(v, 2)) for c, v in entry.values.items()),
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


def _totals(cards: list[ThanksCard]) -> tuple[tuple[str, float], ...]:
    """What a viewer's entries are worth, by currency ("" where none was given)."""
    totals: dict[str, float] = {}
    for card in cards:
        for currency, value in card.values or ((card.currency or "", card.value),):
            if value:
                totals[currency] = round(totals.get(currency, 0.0) + value, 2)
    return tuple(totals.items())
