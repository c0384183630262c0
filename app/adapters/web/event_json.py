"""The bus's typed events as /ws/events and /ws/overlay send them: `{"type": ..., ...}`.

The one place the events become JSON (the bus calls `event_to_json` once per event, for all the
sockets, and only while one is open). The names and fields are the API's and do not change.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, assert_never

from app.adapters.web.state_json import (
    checkin_json,
    host_message_json,
    interaction_overlay_json,
    lottery_json,
    poll_json,
    problem_json,
    runsheet_json,
    thanks_overlay_json,
)
from app.domain.overlay_view import featured_card
from app.services.events import (
    AssistPresence,
    AssistTokenRotated,
    AudienceActivity,
    CatalogChanged,
    CheckInChanged,
    CommentsAdded,
    CommentsRestored,
    CouponCounting,
    CouponEnded,
    Event,
    FeaturedChanged,
    HostMessageChanged,
    InteractionOverlayChanged,
    LotteryChanged,
    MarkerSet,
    ObsConnected,
    ObsConnecting,
    ObsDisconnected,
    ObsStats,
    OutputPhasesChanged,
    PollChanged,
    PreviewSceneChanged,
    ProductChanged,
    ProgramSceneChanged,
    QuestionsChanged,
    RecordChanged,
    ReplayBufferChanged,
    ReplaySaved,
    ResumePartial,
    RunsheetChanged,
    RunsheetLoaded,
    ScenesChanged,
    ServiceFailed,
    SessionEnded,
    SessionResumed,
    SessionStarted,
    SourceStatus,
    StoreBehind,
    StoreCaughtUp,
    StoreProblem,
    StoreRecovered,
    StoreSetAside,
    StreamChanged,
    StudioModeChanged,
    ThanksChanged,
    ThanksOverlayChanged,
    ViewerBlocked,
    ViewerUnblocked,
    VirtualCamChanged,
)

JSON = dict[str, Any]

OVERFLOW = "overflow"  # the bus's marker for a queue that lost events
TOKEN_ROTATED = "assist.token_rotated"


def event_to_json(event: Event) -> JSON:
    match event:
        # OBS
        case ObsConnecting(attempt):
            return {"type": "obs.connecting", "attempt": attempt}
        case ObsConnected(obs):
            return {"type": "obs.connected", "obs": obs.as_api()}
        case ObsDisconnected(problem):
            return {
                "type": "obs.disconnected",
                "problem": None if problem is None else problem_json(problem),
            }
        case ProgramSceneChanged(scene):
            return {"type": "obs.program_scene", "scene": scene}
        case PreviewSceneChanged(scene):
            return {"type": "obs.preview_scene", "scene": scene}
        case StudioModeChanged(enabled, preview_scene):
            return {"type": "obs.studio_mode", "enabled": enabled, "preview_scene": preview_scene}
        case ScenesChanged(scenes, renamed):
            made: JSON = {"type": "obs.scenes", "scenes": list(scenes)}
            if renamed is not None:  # a scene renamed in OBS
                made["renamed"] = {"old": renamed[0], "scene": renamed[1]}
            return made
        case StreamChanged(active, reconnecting):
            return {"type": "obs.stream", "active": active, "reconnecting": reconnecting}
        case OutputPhasesChanged(starting, stopping):
            return {"type": "obs.outputs", "starting": list(starting), "stopping": list(stopping)}
        case RecordChanged(active, path):
            return {"type": "obs.record", "active": active, "path": path}
        case ReplayBufferChanged(active):
            return {"type": "obs.replay_buffer", "active": active}
        case ReplaySaved(path):
            return {"type": "obs.replay_saved", "path": path}
        case VirtualCamChanged(active):
            return {"type": "obs.virtualcam", "active": active}
        case ObsStats(stats):
            return {"type": "obs.stats", **asdict(stats)}
        # the run-sheet and the catalog
        case RunsheetLoaded(segments):
            return {"type": "runsheet.loaded", "segments": segments}
        case RunsheetChanged(state):
            return {"type": "runsheet.state", **runsheet_json(state)}
        case CatalogChanged():
            return {"type": "catalog.changed"}
        # what is on stream
        case ProductChanged(sku):
            return {"type": "overlay.product", "sku": sku}
        case FeaturedChanged(featured):
            card = None if featured is None else featured_card(featured)
            return {"type": "overlay.featured", "featured": card}
        case CouponCounting(code, remaining_s, paused):
            return {"type": "overlay.coupon", "code": code, "remaining_s": remaining_s,
                    "paused": paused}  # fmt: skip
        case CouponEnded(reason):
            return {"type": "overlay.coupon", "code": None, "reason": reason}
        case ThanksOverlayChanged(thanks):
            return {"type": "overlay.thanks", **thanks_overlay_json(thanks)}
        case InteractionOverlayChanged(interaction):
            return {"type": "overlay.interaction", **interaction_overlay_json(interaction)}
        # the audience
        case CommentsAdded(source, comments):
            return {"type": "comments.added", "source": source,
                    "comments": [c.as_api() for c in comments]}  # fmt: skip
        case CommentsRestored(count):
            return {"type": "comments.restored", "count": count}
        case AudienceActivity(items):
            return {"type": "audience.activity", "items": [c.as_api() for c in items]}
        case ThanksChanged():
            return {"type": "thanks.changed"}
        case QuestionsChanged(question):
            if question is None:
                return {"type": "questions.changed"}
            return {"type": "questions.changed", "question": question}
        case ViewerBlocked(user):
            return {"type": "audience.blocked", "user": user}
        case ViewerUnblocked(user):
            return {"type": "audience.unblocked", "user": user}
        case SourceStatus(status):
            return {"type": "audience.source", **status}
        # interaction on air
        case LotteryChanged(lottery):
            return {"type": "lottery.changed", "lottery": lottery_json(lottery)}
        case PollChanged(poll):
            return {"type": "poll.changed", "poll": poll_json(poll)}
        case CheckInChanged(checkin):
            return {"type": "checkin.changed", "checkin": checkin_json(checkin)}
        # the show log
        case StoreProblem(kind, message, hint, path, unwritten, since):
            return {"type": "store.problem", "kind": kind, "message": message, "hint": hint,
                    "path": path, "unwritten": unwritten, "since": since}  # fmt: skip
        case StoreRecovered(failed_for_s, lost):
            return {"type": "store.recovered", "failed_for_s": failed_for_s, "lost": lost}
        case StoreSetAside(count, new, reason):
            return {"type": "store.set_aside", "count": count, "new": new, "reason": reason}
        case StoreBehind(behind_s):
            return {"type": "store.behind", "behind_s": behind_s}
        case StoreCaughtUp():
            return {"type": "store.caught_up"}
        # the show and its services
        case ServiceFailed(service, error, restart_in_s):
            return {"type": "service.failed", "service": service, "error": error,
                    "restart_in_s": restart_in_s}  # fmt: skip
        case SessionStarted(id_, title):
            return {"type": "session.started", "id": id_, "title": title}
        case SessionResumed(id_, title):
            return {"type": "session.resumed", "id": id_, "title": title}
        case SessionEnded(id_):
            return {"type": "session.ended", "id": id_}
        case ResumePartial(error):
            return {"type": "resume.partial", "error": error}
        case MarkerSet(t, note, record_tc, stream_tc, chapter):
            return {"type": "marker", "t": t, "note": note, "record_tc": record_tc,
                    "stream_tc": stream_tc, "chapter": chapter}  # fmt: skip
        # the assistants
        case AssistTokenRotated(origin):
            return {"type": TOKEN_ROTATED, "origin": origin}
        case AssistPresence(assistants):
            return {"type": "assist.presence", "assistants": assistants}
        # the host
        case HostMessageChanged(message):
            return {"type": "host.message", "message": host_message_json(message)}
        case _:
            assert_never(event)
