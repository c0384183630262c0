"""The kinds of entries in a show's log, and one entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Actions: what a person (console, API, hotkey) asked for.
SESSION_START = "session.start"
SESSION_END = "session.end"
SESSION_RESUME = "session.resume"  # the console came back after a crash and took the show up
ACTION_SCENE = "action.scene"
ACTION_STUDIO_MODE = "action.studio_mode"
ACTION_TRANSITION = "action.transition"
ACTION_STREAM = "action.stream"
ACTION_RECORD = "action.record"
ACTION_REPLAY_BUFFER = "action.replay_buffer"  # start / stop OBS's replay buffer
ACTION_REPLAY_SAVE = "action.replay_save"
ACTION_VIRTUALCAM = "action.virtualcam"
# What OBS said happened.
OBS_CONNECTED = "obs.connected"
OBS_DISCONNECTED = "obs.disconnected"
OBS_PROGRAM_SCENE = "obs.program_scene"
OBS_PREVIEW_SCENE = "obs.preview_scene"
OBS_STUDIO_MODE = "obs.studio_mode"
OBS_SCENE_LIST = "obs.scene_list"
OBS_SCENE_RENAMED = "obs.scene_renamed"  # a scene renamed in OBS: {"old": ..., "scene": ...}
OBS_STREAM = "obs.stream"
OBS_RECORD = "obs.record"
OBS_REPLAY_BUFFER = "obs.replay_buffer"
OBS_REPLAY_SAVED = "obs.replay_saved"  # a replay file written: its path (the review lists them)
OBS_VIRTUALCAM = "obs.virtualcam"

OBS_EVENT_KINDS = {
    "CurrentProgramSceneChanged": OBS_PROGRAM_SCENE,
    "CurrentPreviewSceneChanged": OBS_PREVIEW_SCENE,
    "StudioModeStateChanged": OBS_STUDIO_MODE,
    "SceneListChanged": OBS_SCENE_LIST,
    "SceneNameChanged": OBS_SCENE_RENAMED,
    "StreamStateChanged": OBS_STREAM,
    "RecordStateChanged": OBS_RECORD,
    "ReplayBufferStateChanged": OBS_REPLAY_BUFFER,
    "VirtualcamStateChanged": OBS_VIRTUALCAM,
}


@dataclass(frozen=True)
class LogEntry:
    """One line of the session log: wall time, kind, output timecodes (seconds) and details."""

    t: float
    kind: str
    session_id: int | None = None
    stream_tc: float | None = None
    record_tc: float | None = None
    data: dict[str, Any] = field(default_factory=dict)


# The run-sheet (the review reads segment.start/end: title, planned_s, index).
RUNSHEET_LOAD = "runsheet.load"
SEGMENT_START = "segment.start"
SEGMENT_END = "segment.end"
SEGMENT_POINT = "segment.point"
STANDBY_ON = "standby.on"
STANDBY_OFF = "standby.off"
# Overlays on stream.
PRODUCT_SHOW = "overlay.product.show"
PRODUCT_HIDE = "overlay.product.hide"
COUPON_START = "coupon.start"
COUPON_END = "coupon.end"
COUPON_EXTEND = "coupon.extend"
COUPON_PAUSE = "coupon.pause"
COUPON_RESUME = "coupon.resume"
FEATURED_SHOW = "overlay.featured.show"
FEATURED_HIDE = "overlay.featured.hide"
THANKS_OVERLAY_SHOW = "overlay.thanks.show"  # the producer turned the gift alerts on
THANKS_OVERLAY_HIDE = "overlay.thanks.hide"
INTERACTION_OVERLAY_SHOW = "overlay.interaction.show"  # the producer put a lottery/poll card back
INTERACTION_OVERLAY_HIDE = "overlay.interaction.hide"  # ... or took it off screen
CATALOG_SAVE = "catalog.save"
QUESTION_OPEN = "question.open"
VIEWER_BLOCK = "audience.block"
SOURCE_STATE = "audience.source"
THANKS_CLEARED = "thanks.cleared"  # a gift, membership, super chat or follow thanked on air
MARKER = "marker"  # the review reads its note and record_tc
VIEWER_UNBLOCK = "audience.unblock"
# a message for the host (text, level "info" or "urgent", by) and its clearing: the timeline
HOST_MESSAGE = "host.message"
HOST_MESSAGE_CLEAR = "host.message.clear"
# Interaction on air (the review and `report --format attendance` rebuild everything from these):
# a draw carries its keyword, entrants ([platform, user, user_id] in entry order), seed and
# winners, so anyone can redo it (app/domain/interaction/lottery.draw_winners); a poll's close its
# counts (and a quiz's ballots, one [platform, user, user_id, option] per voter); a check-in's
# close who came and when. Single votes and entries are never logged one by one.
LOTTERY_OPEN = "lottery.open"
LOTTERY_DRAW = "lottery.draw"
# a lottery closed without a draw (a rehearsal's at Start show, an interrupted show's at the next
# start: nobody draws for the producer): its keyword, winners_wanted, entrants and the reason
LOTTERY_CLOSE = "lottery.close"
# a viewer blocked before the draw taken out of the entrants (its draw's entrants leave them out)
LOTTERY_REMOVE = "lottery.remove"
POLL_OPEN = "poll.open"
POLL_CLOSE = "poll.close"
POLL_REVEAL = "poll.reveal"
POLL_WITHDRAW = "poll.withdraw"  # a vote taken back: its viewer was blocked while the poll ran
CHECKIN_OPEN = "checkin.open"
CHECKIN_CLOSE = "checkin.close"
