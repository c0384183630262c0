"""The bus's typed events as /ws/events sends them: the JSON of every kind of event, pinned (the
API's JSON does not change), and the table covers the whole union."""

from __future__ import annotations

import json
import typing
from dataclasses import replace
from typing import Any

import pytest

from app.adapters.web.event_json import event_to_json
from app.domain.audience import Comment, Kind
from app.domain.interaction.viewers import Viewer
from app.domain.obs_state import ObsState, OutputStats
from app.domain.overlay_view import FeaturedComment
from app.domain.thanks_overlay import ThanksAlert
from app.services import events as ev
from app.services.ports import ConnectProblem
from app.services.state import (
    CheckInSlice,
    CurrentSegment,
    HostMessage,
    InteractionOverlaySlice,
    LotterySlice,
    NextSegment,
    PollSlice,
    RunsheetSlice,
    ThanksOverlaySlice,
)

COMMENT = Comment(id=7, platform="douyin", user="小明", text="多少钱？", ts=1000.5,
                  native_id="n7", user_id="u7", is_question=True, intent="purchase",
                  given_ts=12.0)  # fmt: skip
LIKES = Comment(id=0, platform="douyin", user="小红", text="", ts=1000.5, kind=Kind.LIKE, count=30)
STATE = ObsState(connected=True, obs_version="30.1.2", websocket_version="5.4.2",
                 scenes=("Opening", "Product"), program_scene="Opening",
                 preview_scene="Product", studio_mode=True, streaming=True, recording=False,
                 record_path="/r.mkv")  # fmt: skip
STATS = OutputStats(cpu_percent=3.5, fps=30.0, render_skipped=1, render_total=900,
                    output_skipped=2, output_total=800, stream_timecode="00:01:02.000",
                    record_timecode=None, stream_bytes=12345, bitrate_kbps=2500.5)  # fmt: skip
RUN = RunsheetSlice(
    index=1, segments=3, elapsed_s=12.3, remaining_s=47.7, title="公开课", total_s=180,
    finished=False,
    current=CurrentSegment(title="Product", planned_s=60, scene="Product", product="SKU-1",
                           coupon="C10", notes=("price", "link"), done=(0,)),
    next=NextSegment(index=2, title="Q&A"), over_under_s=-2.5, standby=False,
    standby_scene="Standby",
)  # fmt: skip
GIFTS = ThanksAlert("bilibili", "小红", Kind.GIFT, "小心心", 30, 3.0, "CNY", None, 3,
                    (("CNY", 3.0),))  # fmt: skip
THANKS = ThanksOverlaySlice(on=True, alert=GIFTS, recent=(GIFTS,), waiting=2, dropped=1)
LOTTERY = LotterySlice(
    id=2,
    keyword="666",
    winners=2,
    seconds=60,
    remaining_s=None,
    entrants=41,
    open=False,
    taking_entries=False,
    exclude_previous_winners=True,
    seed="5eed",
    drawn=(Viewer("douyin", "小明", "u7"), Viewer("bilibili", "阿强")),
)
POLL = PollSlice(id=3, question="2+2?", options=("3", "4"), counts=(5, 9), voters=14, open=True,
                 answer=1, revealed=False, remaining_s=12.5)  # fmt: skip
QUESTION = {"id": 3, "text": "多少钱？", "state": "open", "asked": 2}

TABLE: list[tuple[ev.Event, dict[str, Any]]] = [
    (ev.ObsConnecting(3), {"type": "obs.connecting", "attempt": 3}),
    (ev.ObsConnected(STATE),
     {"type": "obs.connected",
      "obs": {"connected": True, "program_scene": "Opening", "preview_scene": "Product",
              "studio_mode": True, "scenes": ["Opening", "Product"], "streaming": True,
              "recording": False, "obs_version": "30.1.2", "websocket_version": "5.4.2",
              "virtualcam": False, "replay_buffer": False, "stream_reconnecting": False}}),
    (ev.ObsDisconnected(ConnectProblem("auth", "OBS refused the password", "copy it")),
     {"type": "obs.disconnected",
      "problem": {"code": "auth", "message": "OBS refused the password", "hint": "copy it"}}),
    (ev.ObsDisconnected(None), {"type": "obs.disconnected", "problem": None}),
    (ev.ProgramSceneChanged("Product"), {"type": "obs.program_scene", "scene": "Product"}),
    (ev.OutputPhasesChanged(("stream",), ("record",)),
     {"type": "obs.outputs", "starting": ["stream"], "stopping": ["record"]}),
    (ev.PreviewSceneChanged(None), {"type": "obs.preview_scene", "scene": None}),
    (ev.StudioModeChanged(True, "Product"),
     {"type": "obs.studio_mode", "enabled": True, "preview_scene": "Product"}),
    (ev.ScenesChanged(("A", "B")), {"type": "obs.scenes", "scenes": ["A", "B"]}),
    (ev.ScenesChanged(("A", "C"), renamed=("B", "C")),
     {"type": "obs.scenes", "scenes": ["A", "C"], "renamed": {"old": "B", "scene": "C"}}),
    (ev.StreamChanged(True), {"type": "obs.stream", "active": True, "reconnecting": False}),
    (ev.StreamChanged(True, reconnecting=True),
     {"type": "obs.stream", "active": True, "reconnecting": True}),
    (ev.RecordChanged(False, "/r.mkv"), {"type": "obs.record", "active": False, "path": "/r.mkv"}),
    (ev.ReplayBufferChanged(True), {"type": "obs.replay_buffer", "active": True}),
    (ev.ReplaySaved("/r/Replay 1.mkv"), {"type": "obs.replay_saved", "path": "/r/Replay 1.mkv"}),
    (ev.VirtualCamChanged(False), {"type": "obs.virtualcam", "active": False}),
    (ev.ObsStats(STATS),
     {"type": "obs.stats", "cpu_percent": 3.5, "fps": 30.0, "render_skipped": 1,
      "render_total": 900, "output_skipped": 2, "output_total": 800,
      "stream_timecode": "00:01:02.000", "record_timecode": None, "stream_bytes": 12345,
      "bitrate_kbps": 2500.5}),
    (ev.RunsheetLoaded(3), {"type": "runsheet.loaded", "segments": 3}),
    (ev.RunsheetChanged(RUN),
     {"type": "runsheet.state", "index": 1, "segments": 3, "elapsed_s": 12.3,
      "remaining_s": 47.7, "title": "公开课", "total_s": 180, "finished": False,
      "current": {"title": "Product", "planned_s": 60, "scene": "Product", "product": "SKU-1",
                  "coupon": "C10", "notes": ["price", "link"], "done": [0]},
      "next": {"index": 2, "title": "Q&A"}, "over_under_s": -2.5, "standby": False,
      "standby_scene": "Standby"}),
    (ev.CatalogChanged(), {"type": "catalog.changed"}),
    (ev.ProductChanged("SKU-1"), {"type": "overlay.product", "sku": "SKU-1"}),
    (ev.ProductChanged(None), {"type": "overlay.product", "sku": None}),
    (ev.FeaturedChanged(FeaturedComment("小明", "讲得好", "douyin", "7")),
     {"type": "overlay.featured",
      "featured": {"user": "小明", "text": "讲得好", "platform": "douyin", "comment_id": "7"}}),
    (ev.FeaturedChanged(None), {"type": "overlay.featured", "featured": None}),
    (ev.CouponCounting("C10", 29.5, False),
     {"type": "overlay.coupon", "code": "C10", "remaining_s": 29.5, "paused": False}),
    (ev.CouponEnded("expired"), {"type": "overlay.coupon", "code": None, "reason": "expired"}),
    (ev.ThanksOverlayChanged(THANKS),
     {"type": "overlay.thanks", "on": True,
      "alert": {"platform": "bilibili", "user": "小红", "kind": "gift", "gift": "小心心",
                "count": 30, "value": 3.0, "currency": "CNY", "values": {"CNY": 3.0},
                "message": None, "items": 3},
      "recent": [{"platform": "bilibili", "user": "小红", "kind": "gift", "gift": "小心心",
                  "count": 30, "value": 3.0, "currency": "CNY", "values": {"CNY": 3.0},
                  "message": None, "items": 3}],
      "waiting": 2, "dropped": 1}),
    (ev.ThanksOverlayChanged(ThanksOverlaySlice()),
     {"type": "overlay.thanks", "on": False, "alert": None, "recent": [], "waiting": 0,
      "dropped": 0}),
    (ev.InteractionOverlayChanged(InteractionOverlaySlice(lottery=3, checkin=5)),
     {"type": "overlay.interaction", "lottery": 3, "poll": None, "checkin": 5}),
    (ev.CommentsAdded("ingest", [COMMENT]),
     {"type": "comments.added", "source": "ingest",
      "comments": [{"id": 7, "platform": "douyin", "user": "小明", "text": "多少钱？",
                    "ts": 1000.5, "is_question": True, "intent": "purchase", "flood": False,
                    "native_id": "n7", "kind": "comment", "buying": False}]}),
    (ev.CommentsRestored(50), {"type": "comments.restored", "count": 50}),
    (ev.AudienceActivity([LIKES]),
     {"type": "audience.activity",
      "items": [{"id": 0, "platform": "douyin", "user": "小红", "text": "", "ts": 1000.5,
                 "is_question": False, "intent": None, "flood": False, "native_id": None,
                 "kind": "like", "buying": False, "gift": None, "count": 30, "value": None,
                 "currency": None}]}),
    (ev.ThanksChanged(), {"type": "thanks.changed"}),
    (ev.QuestionsChanged(), {"type": "questions.changed"}),
    (ev.QuestionsChanged(QUESTION), {"type": "questions.changed", "question": QUESTION}),
    (ev.ViewerBlocked("spam"), {"type": "audience.blocked", "user": "spam"}),
    (ev.ViewerUnblocked("spam"), {"type": "audience.unblocked", "user": "spam"}),
    (ev.SourceStatus({"source": "bilibili", "state": "connected", "detail": "room 1"}),
     {"type": "audience.source", "source": "bilibili", "state": "connected",
      "detail": "room 1"}),
    (ev.LotteryChanged(LOTTERY),
     {"type": "lottery.changed",
      "lottery": {"id": 2, "keyword": "666", "entrants": 41,
                  "winners": [{"platform": "douyin", "user": "小明", "user_id": "u7"},
                              {"platform": "bilibili", "user": "阿强", "user_id": None}],
                  "seed": "5eed", "open": False, "taking_entries": False,
                  "winners_wanted": 2, "seconds": 60,
                  "remaining_s": None, "exclude_previous_winners": True}}),
    (ev.PollChanged(POLL),
     {"type": "poll.changed",
      "poll": {"id": 3, "question": "2+2?", "options": ["3", "4"], "counts": [5, 9],
               "voters": 14, "open": True, "quiz": True, "revealed": False,
               "remaining_s": 12.5, "answer": 1}}),
    (ev.PollChanged(replace(POLL, answer=None)),
     {"type": "poll.changed",
      "poll": {"id": 3, "question": "2+2?", "options": ["3", "4"], "counts": [5, 9],
               "voters": 14, "open": True, "quiz": False, "revealed": False,
               "remaining_s": 12.5}}),
    (ev.CheckInChanged(CheckInSlice(4, "签到", True, 37)),
     {"type": "checkin.changed",
      "checkin": {"id": 4, "keyword": "签到", "open": True, "count": 37}}),
    (ev.StoreProblem("disk_full", "The disk is full", "Free space", "/d/livedesk.db", 5, 99.5),
     {"type": "store.problem", "kind": "disk_full", "message": "The disk is full",
      "hint": "Free space", "path": "/d/livedesk.db", "unwritten": 5, "since": 99.5}),
    (ev.StoreRecovered(3.2, 1), {"type": "store.recovered", "failed_for_s": 3.2, "lost": 1}),
    (ev.StoreSetAside(4, 1, "IntegrityError"),
     {"type": "store.set_aside", "count": 4, "new": 1, "reason": "IntegrityError"}),
    (ev.StoreBehind(2.3), {"type": "store.behind", "behind_s": 2.3}),
    (ev.StoreCaughtUp(), {"type": "store.caught_up"}),
    (ev.ServiceFailed("store-watch", "RuntimeError: boom", 0.5),
     {"type": "service.failed", "service": "store-watch", "error": "RuntimeError: boom",
      "restart_in_s": 0.5}),
    (ev.SessionStarted(4, "公开课"), {"type": "session.started", "id": 4, "title": "公开课"}),
    (ev.SessionResumed(4, "公开课"), {"type": "session.resumed", "id": 4, "title": "公开课"}),
    (ev.SessionEnded(4), {"type": "session.ended", "id": 4}),
    (ev.ResumePartial("damaged"), {"type": "resume.partial", "error": "damaged"}),
    (ev.MarkerSet(12.5, "Marker 1", 3.0, None, True),
     {"type": "marker", "t": 12.5, "note": "Marker 1", "record_tc": 3.0, "stream_tc": None,
      "chapter": True}),
    (ev.AssistTokenRotated("api"), {"type": "assist.token_rotated", "origin": "api"}),
    (ev.AssistPresence([{"name": "小王", "sockets": 2}]),
     {"type": "assist.presence", "assistants": [{"name": "小王", "sockets": 2}]}),
    (ev.HostMessageChanged(HostMessage("还剩2分钟", "urgent", 1000.5, "导播")),
     {"type": "host.message",
      "message": {"text": "还剩2分钟", "level": "urgent", "since": 1000.5, "by": "导播"}}),
    (ev.HostMessageChanged(None), {"type": "host.message", "message": None}),
]  # fmt: skip


@pytest.mark.parametrize(("event", "expected"), TABLE, ids=lambda v: type(v).__name__)
def test_each_event_has_the_apis_json(event: ev.Event, expected: dict[str, Any]) -> None:
    made = event_to_json(event)
    assert made == expected
    assert list(made) == list(expected)  # the keys in the order the API has always sent them
    assert json.loads(json.dumps(made)) == expected  # plain JSON, nothing left to convert


def test_the_table_covers_every_kind_of_event() -> None:
    assert {type(event) for event, _ in TABLE} == set(typing.get_args(ev.Event))
