"""The texts of app/domain/messages.py for the audience during the show: the question queue,
lotteries, polls and check-ins, the host's messages, moderation and compliance, and what the
run-sheet's cues answer (message_texts.py puts them together and translates)."""

from __future__ import annotations

from app.ui.translate_noop import QT_TRANSLATE_NOOP

AUDIENCE_TEXTS: dict[str, str] = {
    "compliance.hint": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "Absolute claims (最, 第一, 国家级, 100%, best, guaranteed …) can breach the "
        "Advertising Law (广告法) and the platforms' rules: say what is true and checkable "
        "instead.",
    ),
    "compliance.claim": QT_TRANSLATE_NOOP("MessageTexts", "“{term}” in “{context}”"),
    "runner.segment_live": QT_TRANSLATE_NOOP(
        "MessageTexts", "a segment is live; finish the run-sheet (or end the show) first"
    ),
    "runner.no_next": QT_TRANSLATE_NOOP("MessageTexts", "the run-sheet has no more segments"),
    "runner.no_previous": QT_TRANSLATE_NOOP("MessageTexts", "there is no segment before this one"),
    "runner.no_standby": QT_TRANSLATE_NOOP(
        "MessageTexts", "choose a standby scene first (e.g. “马上回来 BRB”)"
    ),
    "runner.lottery_still_open": QT_TRANSLATE_NOOP(
        "MessageTexts", "this segment's lottery “{keyword}” is still open and goes on"
    ),
    "runner.poll_still_open": QT_TRANSLATE_NOOP(
        "MessageTexts", "this segment's poll “{question}” is still open and goes on"
    ),
    "runner.checkin_still_open": QT_TRANSLATE_NOOP(
        "MessageTexts", "this segment's check-in “{keyword}” is still open and goes on"
    ),
    "audience.needs_text": QT_TRANSLATE_NOOP("MessageTexts", "the comment needs text"),
    "audience.text_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "the text is longer than 2,000 characters"
    ),
    "audience.blocked": QT_TRANSLATE_NOOP("MessageTexts", "{user} is on the block list"),
    "audience.blocked_text": QT_TRANSLATE_NOOP(
        "MessageTexts", "the text has blocked words or contact details"
    ),
    "audience.comment_blocked": QT_TRANSLATE_NOOP(
        "MessageTexts", "comment {id} is blocked: it stays off the queue and the screen"
    ),
    "moderation.needs_viewer": QT_TRANSLATE_NOOP(
        "MessageTexts", "say which viewer: “user_id” or “user” (and “platform”)"
    ),
    "host_message.needs_text": QT_TRANSLATE_NOOP(
        "MessageTexts", "the message for the host needs text"
    ),
    "host_message.too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "a message for the host is at most {max} characters"
    ),
    "host_message.bad_level": QT_TRANSLATE_NOOP("MessageTexts", "“level” must be info or urgent"),
    "question.unknown": QT_TRANSLATE_NOOP("MessageTexts", "there is no question {id}"),
    "question.claimed": QT_TRANSLATE_NOOP(
        "MessageTexts", "{user} is already answering the question “{question}”"
    ),
    "question.answering": QT_TRANSLATE_NOOP(
        "MessageTexts", "{user} is answering the question “{question}”"
    ),
    "question.finished": QT_TRANSLATE_NOOP(
        "MessageTexts", "the question “{question}” is already {state}"
    ),
    "question.answered": QT_TRANSLATE_NOOP(
        "MessageTexts", "the question “{question}” is already answered"
    ),
    "question.state.answered": QT_TRANSLATE_NOOP("MessageTexts", "answered"),
    "question.state.dismissed": QT_TRANSLATE_NOOP("MessageTexts", "dismissed"),
    "question.asked_again": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "viewers asked “{question}” again after it was dismissed: answer the open one",
    ),
    "question.dismissed_off_screen": QT_TRANSLATE_NOOP(
        "MessageTexts", "the question “{question}” was dismissed: reopen it to put it on screen"
    ),
    "question.askers_blocked": QT_TRANSLATE_NOOP(
        "MessageTexts", "every viewer who asked “{question}” is blocked: it stays off screen"
    ),
    "question.bad_action": QT_TRANSLATE_NOOP(
        "MessageTexts", "“action” must be claim, answer, dismiss, reopen or feature"
    ),
    "question.who": QT_TRANSLATE_NOOP("MessageTexts", "say who you are (“by”)"),
    "interaction.needs_keyword": QT_TRANSLATE_NOOP(
        "MessageTexts", "a keyword is needed (the text viewers type, such as 666 or 签到)"
    ),
    "interaction.keyword_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "the keyword is longer than {limit} characters"
    ),
    "interaction.bad_seconds": QT_TRANSLATE_NOOP(
        "MessageTexts", "the time must be a whole number of seconds from 1 to {limit}"
    ),
    "interaction.bad_cue": QT_TRANSLATE_NOOP(
        "MessageTexts", "the interaction cannot be read: {detail}"
    ),
    "interaction.unknown_cue": QT_TRANSLATE_NOOP(
        "MessageTexts", "an interaction starts with what it opens (one of {known}), then “:”"
    ),
    "interaction.quiz_needs_answer": QT_TRANSLATE_NOOP(
        "MessageTexts", "a quiz marks its one right option with * (2+2? | 3 | 4*)"
    ),
    "lottery.bad_winners": QT_TRANSLATE_NOOP(
        "MessageTexts", "the winners must be a whole number from 1 to {limit}"
    ),
    "lottery.unknown": QT_TRANSLATE_NOOP("MessageTexts", "there is no lottery {id}"),
    "lottery.already_open": QT_TRANSLATE_NOOP(
        "MessageTexts", "lottery {id} is still open; draw it first"
    ),
    "lottery.drawn": QT_TRANSLATE_NOOP("MessageTexts", "lottery {id} is already drawn"),
    "poll.needs_question": QT_TRANSLATE_NOOP("MessageTexts", "a poll needs a question"),
    "poll.question_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "the question is longer than {limit} characters"
    ),
    "poll.bad_options": QT_TRANSLATE_NOOP(
        "MessageTexts", "a poll has {low} to {high} options, each a text"
    ),
    "poll.bad_answer": QT_TRANSLATE_NOOP(
        "MessageTexts", "the answer is the index of the right option, from 0 to {high}"
    ),
    "poll.unknown": QT_TRANSLATE_NOOP("MessageTexts", "there is no poll {id}"),
    "poll.already_open": QT_TRANSLATE_NOOP(
        "MessageTexts", "poll {id} is still open; close it first"
    ),
    "poll.not_quiz": QT_TRANSLATE_NOOP(
        "MessageTexts", "poll {id} is not a quiz: it has no right answer to reveal"
    ),
    "checkin.already_open": QT_TRANSLATE_NOOP("MessageTexts", "a check-in is already open"),
    "checkin.not_open": QT_TRANSLATE_NOOP("MessageTexts", "no check-in is open"),
    "checkin.none_in_show": QT_TRANSLATE_NOOP(
        "MessageTexts", "no check-in in this show: there is no attendance list to export"
    ),
}
