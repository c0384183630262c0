"""What the crew does to the audience: type a question in, file a comment as one, claim,
answer, dismiss or feature a question, feature a comment, block or unblock a viewer, clear a
thanks entry."""

from __future__ import annotations

import itertools
from dataclasses import replace

from app.domain import log_events as kinds
from app.domain.audience import MAX_NAME, MAX_PLATFORM, MAX_TEXT, Comment, IncomingComment, Question
from app.domain.messages import Message, excerpt
from app.domain.moderation import ANONYMOUS_ID, BlockedViewer, Moderation, entry_blocks
from app.domain.overlay_view import FeaturedComment
from app.domain.question_queue import QuestionError
from app.domain.text import clean_text
from app.domain.thanks import ACTIONS as THANKS_ACTIONS
from app.domain.thanks import ThanksCleared, ThanksEntry, ThanksError
from app.services.audience_ingest import AudienceIngest
from app.services.audience_views import AudienceViews
from app.services.errors import BadInput, NotFound, WrongState
from app.services.events import QuestionsChanged, ThanksChanged, ViewerBlocked, ViewerUnblocked

NAMELESS = "观众"  # who a question typed in without the viewer's name is shown as asked by


def at_most(value: str, field: str, limit: int) -> str:
    """`value` when it is at most `limit` characters; BadInput naming the field else (the API's
    names and texts are bounded as /ingest's are)."""
    if len(value) > limit:
        raise BadInput(Message("input.too_long", field=field, limit=limit, count=len(value)))
    return value


class AudienceActions(AudienceIngest, AudienceViews):
    def thank(self, entry_id: int, action: str) -> ThanksEntry:
        """Clear a thanks-list entry: "thanked" on air, or "dismiss"; logged either way."""
        if action not in THANKS_ACTIONS:
            raise BadInput(f"unknown action “{action}” (thanked or dismiss)")
        try:
            entry = self.thanks.act(entry_id, action)
        except ThanksCleared as exc:  # 409: it was there, in another state now
            raise WrongState(str(exc)) from None
        except ThanksError as exc:
            raise NotFound(str(exc)) from None
        self._recorder.record(kinds.THANKS_CLEARED, entry=entry.id, action=action,
                              user=entry.user, what=entry.kind.value, count=entry.count,
                              value=round(entry.value, 2), currency=entry.currency,
                              values={c: round(v, 2) for c, v in entry.values.items()},
                              )  # fmt: skip
        self._bus.publish(ThanksChanged(by_crew=True))
        return entry

    def add_manual(self, user: str, text: str, platform: str = "manual") -> Comment:
        """An assistant types or pastes a question seen elsewhere (Douyin's 中控台): it goes in
        the queue whatever the classifier would say of it. Typed in without the viewer's name,
        it is shown as asked by 观众 but is a viewer of its own (an id of its own, `_nameless`):
        the assistants type in what many different viewers ask, and blocking one of them (by
        that id) leaves the others' questions, and the entries typed in after, alone."""
        text = clean_text(text).strip()  # a lone surrogate or control character: U+FFFD
        user = clean_text(user.strip(), single_line=True).strip()
        platform = clean_text(platform.strip(), single_line=True).strip() or "manual"
        if not text:
            raise BadInput(Message("audience.needs_text"))
        if len(text) > MAX_TEXT:
            raise BadInput(Message("audience.text_too_long"))
        at_most(user, "user", MAX_NAME)
        at_most(platform, "platform", MAX_PLATFORM)
        user_id = None if user else self._nameless()
        user = user or NAMELESS
        added = self.ingest([IncomingComment(platform, user, text, user_id=user_id)],
                            source="manual")  # fmt: skip
        comment = added[0]
        if comment.blocked:  # kept in the log as typed, but not filed
            if self.moderation.blocks_viewer(platform, user, user_id):
                raise BadInput(Message("audience.blocked", user=user))
            raise BadInput(Message("audience.blocked_text"))
        if not comment.is_question:
            self.promote(comment.id)
        return self.comment(comment.id)

    _nameless_run = ""  # this process's mark in those ids: the time of its first such entry
    _nameless_count = 0  # typed-in entries without a name so far in this process

    def _nameless(self) -> str:
        """A typed-in entry's own id: unique in the process, and across processes by the time
        of the process's first one (a blocked one is kept in the settings, and must never stop
        a later entry; a resume changes `run_started`, not this)."""
        if not self._nameless_run:
            self._nameless_run = f"{int(self._clock() * 1000):x}"
        self._nameless_count += 1
        return f"{ANONYMOUS_ID}{self._nameless_run}-{self._nameless_count}"

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
        their comments from now on are kept, marked and kept off the queue and the screen. What
        they already put there goes too: the questions only they asked are dismissed, and their
        comment or question leaves the screen; the interaction, told on the bus, takes them out
        of the open lottery and poll."""
        viewer = self._viewer(user, platform, user_id)
        if self.moderation.add_viewer(viewer):
            self._recorder.record(kinds.VIEWER_BLOCK, user=viewer.user, platform=viewer.platform,
                                  user_id=viewer.user_id)  # fmt: skip
            self._viewers_changed()
        self._dismiss_questions_of(viewer)
        if self._featured_is_theirs(viewer):
            self._overlays.unfeature(origin="block")
        self._bus.publish(ViewerBlocked(viewer.user or viewer.user_id or "", viewer))
        return viewer

    def _dismiss_questions_of(self, viewer: BlockedViewer) -> None:
        """Dismiss the open and claimed questions that viewer alone asked (one others asked too
        is theirs as well: it stays), each logged as a dismiss."""
        waiting = itertools.chain(self.queue.listing("open"), self.queue.listing("claimed"))
        theirs = [q.id for q in waiting if q.asked == 1
                  and self._said_by(viewer, q.first_comment, q.platform, q.first_user)]  # fmt: skip
        for question_id in theirs:
            question = self.queue.dismiss_blocked(question_id)
            self._save(question)
            self._recorder.record(
                "question.dismiss", question=question.id, by=None, state=question.state.value,
                answer=None, response_s=None, asked=question.asked, reason="blocked",
            )  # fmt: skip
            self._bus.publish(QuestionsChanged(self.question_api(question)))

    def _featured_is_theirs(self, viewer: BlockedViewer) -> bool:
        featured = self._overlays.featured
        if featured is None:
            return False
        comment_id = featured.comment_id
        if comment_id is not None and comment_id.isdecimal():
            return self._said_by(viewer, int(comment_id), featured.platform, featured.user)
        return entry_blocks(viewer, featured.platform, featured.user, None)  # typed: by its name

    def _said_by(self, viewer: BlockedViewer, comment_id: int, platform: str, user: str) -> bool:
        """Comment `comment_id` (by `user` on `platform`) is that viewer's: matched as the block
        matches comments, by the comment's user id when it is still in memory, else by name
        (an entry by id cannot tell then)."""
        try:
            comment = self.comment(comment_id)
        except NotFound:
            return entry_blocks(viewer, platform, user, None)
        return entry_blocks(viewer, comment.platform, comment.user, comment.user_id)

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
        """The settings' blocked words and viewers (Settings… replaces them while running). The
        viewers apply at once; the words are compiled now rather than on the next comment, a
        long list on a worker thread (the event loop goes on), the words in use answering until
        it is ready."""
        moderation.replaces(self.moderation)
        moderation.warm_up()
        self.moderation = moderation

    def _viewer(self, user: str | None, platform: str, user_id: str | None) -> BlockedViewer:
        user = clean_text(user, single_line=True).strip() if user else ""
        user_id = clean_text(user_id, single_line=True).strip() if user_id else ""
        platform = clean_text(platform, single_line=True).strip() if platform else ""
        if not user and not user_id:
            raise BadInput(Message("moderation.needs_viewer"))
        at_most(user, "user", MAX_NAME)
        at_most(user_id, "user_id", MAX_NAME)
        at_most(platform, "platform", MAX_PLATFORM)
        return BlockedViewer(platform, user or None, user_id or None)

    def _viewers_changed(self) -> None:
        if self.on_viewers_changed is not None:
            self.on_viewers_changed(self.moderation.viewers)

    # ----- the queue -------------------------------------------------------------------------
    def act(self, question_id: int, action: str, by: str, answer: str | None = None) -> Question:
        """claim / answer / dismiss / reopen / feature, by an assistant (console, /assist or
        the API); reopen undoes a dismiss or gives a claim back."""
        by = at_most(by.strip(), "by", MAX_NAME)
        if not by:
            raise BadInput(Message("question.who"))
        if answer is not None:
            at_most(answer, "answer", MAX_TEXT)
        try:
            if action == "claim":
                question = self.queue.claim(question_id, by, self._clock())
            elif action == "answer":
                question = self.queue.answer(question_id, by, answer, self._clock())
            elif action == "dismiss":
                question = self.queue.dismiss(question_id, by)
            elif action == "reopen":
                question = self.queue.reopen(question_id, by)
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
        if action == "dismiss" and self.on_air(question):
            # judged not to be answered: it leaves the screen too (a dismissed question is
            # never put on it), as a blocked viewer's does
            self._overlays.unfeature(origin="dismiss")
        self._bus.publish(QuestionsChanged(self.question_api(question)))
        return question

    def _feature(self, question_id: int) -> Question:
        question = self.queue.get(question_id)
        self.queue.check_featurable(question)  # before anything goes on screen
        self._overlays.feature(self._shown_asker(question), origin="queue")
        return self.queue.mark_featured(question_id)

    def _shown_asker(self, question: Question) -> FeaturedComment:
        """Who a featured question is shown as asked by: its first asker who is not blocked,
        with their own comment (a blocked viewer's name and words never go on screen, also when
        they asked first and someone else asked the same). Refused when every asker is blocked.
        An asker whose comment left memory is judged by name (the first) or passed over."""
        first = FeaturedComment(question.first_user, question.text, question.platform,
                                str(question.first_comment))  # fmt: skip
        moderation = self.moderation
        if not question.asked or not moderation.has_viewers:
            return first
        crowd = question.crowd
        later = crowd.comment_ids if crowd is not None else ()
        for comment_id in itertools.chain((question.first_comment,), later):
            try:
                comment = self.comment(comment_id)
            except NotFound:
                if comment_id == question.first_comment and not moderation.blocks_viewer(
                    question.platform, question.first_user, None
                ):
                    return first
                continue
            if comment.blocked or moderation.blocks_viewer(
                comment.platform, comment.user, comment.user_id
            ):
                continue
            if comment_id == question.first_comment:
                return first
            return FeaturedComment(comment.user, comment.text, comment.platform, str(comment.id))
        raise WrongState(Message("question.askers_blocked", question=excerpt(question.text)))

    def feature_comment(self, comment_id: int) -> Comment:
        comment = self.comment(comment_id)
        if comment.blocked:
            raise WrongState(Message("audience.comment_blocked", id=comment.id))
        self._overlays.feature(
            FeaturedComment(comment.user, comment.text, comment.platform, str(comment.id)),
            origin="api",
        )
        return comment
