"""The show's state as JSON: the body of /api/state and of /ws/events' hello, made from the types.

The keys and their order are the API's; the values are passed on as the services computed them
(a whole number stays an int), so the body is the same text the API has always sent.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from app.domain.thanks_overlay import ThanksAlert
from app.services.ports import ConnectProblem
from app.services.state import (
    AudienceSlice,
    CheckInSlice,
    CouponSlice,
    CurrentSegment,
    HostMessage,
    InteractionOverlaySlice,
    InteractionSlice,
    LotterySlice,
    NextSegment,
    ObsSlice,
    OverlaySlice,
    PollSlice,
    QuestionCard,
    RunsheetSlice,
    SessionSlice,
    ShowState,
    ThanksOverlaySlice,
)

Json = dict[str, Any]


def state_json(state: ShowState) -> Json:
    audience = state.audience
    return {
        "obs": obs_json(state.obs),
        "session": session_json(state.session),
        "runsheet": runsheet_json(state.runsheet),
        "overlay": overlay_json(state.overlay),
        # without an audience service only the two counters the first clients read
        "counts": {"comments": 0, "questions_open": 0}
        if audience is None
        else asdict(audience.counts),
        "top_question": None
        if audience is None or audience.top_question is None
        else question_json(audience.top_question),
        "audience": None if audience is None else audience_json(audience),
        "interaction": interaction_json(state.interaction),
        "host_message": host_message_json(state.host_message),
    }


def host_message_json(message: HostMessage | None) -> Json | None:
    """The message for the host (None: none), as /api/state and its event show it."""
    if message is None:
        return None
    return {"text": message.text, "level": message.level, "since": message.since,
            "by": message.by}  # fmt: skip


def obs_json(obs: ObsSlice) -> Json:
    return {
        "connected": obs.connected,
        "program_scene": obs.program_scene,
        "preview_scene": obs.preview_scene,
        "studio_mode": obs.studio_mode,
        "scenes": list(obs.scenes),
        "streaming": obs.streaming,
        "recording": obs.recording,
        "obs_version": obs.obs_version,
        "websocket_version": obs.websocket_version,
        "problem": None if obs.problem is None else problem_json(obs.problem),
        "stats": asdict(obs.stats),
        "virtualcam": obs.virtualcam,
        "replay_buffer": obs.replay_buffer,
        "starting": list(obs.starting),  # outputs between states (obs.outputs on /ws/events)
        "stopping": list(obs.stopping),
        "stream_reconnecting": obs.stream_reconnecting,  # streaming, but OBS lost the server
    }


def problem_json(problem: ConnectProblem) -> Json:
    """Why OBS cannot be reached: every field as it is (its words are text)."""
    return {field.name: getattr(problem, field.name) for field in fields(problem)}


def session_json(session: SessionSlice) -> Json:
    return asdict(session)


def runsheet_json(run: RunsheetSlice) -> Json:
    """The run-sheet's state (also the body of the `runsheet.state` event)."""
    return {
        "index": run.index,
        "segments": run.segments,
        "elapsed_s": run.elapsed_s,
        "remaining_s": run.remaining_s,
        "title": run.title,
        "total_s": run.total_s,
        "finished": run.finished,
        "current": None if run.current is None else _current_json(run.current),
        "next": None if run.next is None else _next_json(run.next),
        "over_under_s": run.over_under_s,
        "standby": run.standby,
        "standby_scene": run.standby_scene,
    }


def _current_json(current: CurrentSegment) -> Json:
    return {
        "title": current.title,
        "planned_s": current.planned_s,
        "scene": current.scene,
        "product": current.product,
        "coupon": current.coupon,
        "notes": list(current.notes),
        "done": list(current.done),
    }


def _next_json(nxt: NextSegment) -> Json:
    return {"index": nxt.index, "title": nxt.title}


def overlay_json(overlay: OverlaySlice) -> Json:
    return {
        "product": overlay.product,
        "coupon": coupon_json(overlay.coupon),
        "featured": overlay.featured,
        "thanks": thanks_overlay_json(overlay.thanks),
        **interaction_overlay_json(overlay.interaction),
    }


def interaction_overlay_json(interaction: InteractionOverlaySlice) -> Json:
    """The interaction cards on screen (each the id shown, or None), as /api/state's overlay,
    the overlay routes and the `overlay.interaction` event show them."""
    return {"lottery": interaction.lottery, "poll": interaction.poll,
            "checkin": interaction.checkin}  # fmt: skip


def thanks_overlay_json(thanks: ThanksOverlaySlice) -> Json:
    """The thanks overlay, as /api/state, its routes and the `overlay.thanks` event show it."""
    return {
        "on": thanks.on,
        "alert": None if thanks.alert is None else thanks_alert_json(thanks.alert),
        "recent": [thanks_alert_json(alert) for alert in thanks.recent],
        "waiting": thanks.waiting,
        "dropped": thanks.dropped,
    }


def thanks_alert_json(alert: ThanksAlert) -> Json:
    return {
        "platform": alert.platform,
        "user": alert.user,
        "kind": alert.kind.value,
        "gift": alert.gift,
        "count": alert.count,
        "value": round(alert.value, 2),
        "currency": alert.currency,
        "values": {currency: round(value, 2) for currency, value in alert.values},
        "message": alert.message,
        "items": alert.items,
    }


def coupon_json(coupon: CouponSlice | None) -> Json | None:
    """The running countdown (None: none), as /api/state and the coupon routes answer it."""
    if coupon is None:
        return None
    return {"code": coupon.code, "remaining_s": coupon.remaining_s, "paused": coupon.paused}


def question_json(question: QuestionCard) -> Json:
    """A question with its suggested answer, as the API and the queue's events show it."""
    suggestion = question.suggestion
    return {
        "id": question.id,
        "text": question.text,
        "state": question.state,
        "asked": question.asked,
        "askers": list(question.askers),
        "comment_ids": list(question.comment_ids),
        "platform": question.platform,
        "created_at": question.created_at,
        "claimed_by": question.claimed_by,
        "answered_by": question.answered_by,
        "answer": question.answer,
        "answered_at": question.answered_at,
        "response_s": question.response_s,
        "featured": question.featured,
        "suggestion": None
        if suggestion is None
        else {"topic": suggestion.topic, "answer": suggestion.answer},
    }


def audience_json(audience: AudienceSlice) -> Json:
    pulse, room = audience.pulse, audience.room
    return {
        "sources": {name: dict(status) for name, status in audience.sources.items()},
        "pulse": {
            "comments_per_minute": list(pulse.comments_per_minute),
            "questions_per_minute": list(pulse.questions_per_minute),
            "purchase_rate": pulse.purchase_rate,
        },
        # the room beyond comments, after the keys the first clients read
        "viewers": room.viewers,
        "viewers_peak": room.viewers_peak,
        "likes": room.likes,
        "gifts": room.gifts,
        "gifts_value": room.gifts_value,
        # the same value per currency, the largest first, as the report's (gifts_value adds
        # yuan, dollars and bits into one number)
        "gifts_value_by_currency": dict(room.value_by_currency),
        "follows": room.follows,
        "enters": room.enters,
    }


def interaction_json(interaction: InteractionSlice) -> Json:
    return {
        "lottery": None if interaction.lottery is None else lottery_json(interaction.lottery),
        "poll": None if interaction.poll is None else poll_json(interaction.poll),
        "checkin": None if interaction.checkin is None else checkin_json(interaction.checkin),
    }


def lottery_json(lottery: LotterySlice) -> Json:
    """A lottery as GET /api/lottery/ID answers it (and the `lottery.changed` event)."""
    return {
        "id": lottery.id,
        "keyword": lottery.keyword,
        "entrants": lottery.entrants,
        "winners": [w.as_api() for w in lottery.drawn],
        "seed": lottery.seed,
        "open": lottery.open,
        "taking_entries": lottery.taking_entries,
        "winners_wanted": lottery.winners,
        "seconds": lottery.seconds,
        "remaining_s": lottery.remaining_s,
        "exclude_previous_winners": lottery.exclude_previous_winners,
    }


def poll_json(poll: PollSlice) -> Json:
    """A poll as GET /api/poll/ID answers it; `answer` only for a quiz."""
    made: Json = {
        "id": poll.id,
        "question": poll.question,
        "options": list(poll.options),
        "counts": list(poll.counts),
        "voters": poll.voters,
        "open": poll.open,
        "quiz": poll.answer is not None,
        "revealed": poll.revealed,
        "remaining_s": poll.remaining_s,
    }
    if poll.answer is not None:
        made["answer"] = poll.answer
    return made


def checkin_json(checkin: CheckInSlice) -> Json:
    return {"id": checkin.id, "keyword": checkin.keyword, "open": checkin.open,
            "count": checkin.count}  # fmt: skip
