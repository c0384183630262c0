"""Fuzzing what OBS sends: events and answers with missing fields, wrong types, huge strings,
unknown names, frames that are not even JSON. The console keeps its state (well-typed, still
JSON for /api/state), logs what it skipped, and never breaks: the re-sync and the stats poll end
normally or with an ObsRequestFailed the supervisor handles, and one bad frame never ends the
connection."""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.adapters.obs.gateway import ObsWebsocketGateway
from app.adapters.web.state_json import state_json
from app.domain.obs_state import ObsState, OutputStats, apply_event
from app.services.errors import ObsRequestFailed
from app.services.ports import ObsVersion
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.fuzz import FUZZ, JSON_VALUES, TEXTS
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show

EVENTS = (
    "CurrentProgramSceneChanged",
    "CurrentPreviewSceneChanged",
    "SceneListChanged",
    "StudioModeStateChanged",
    "StreamStateChanged",
    "RecordStateChanged",
    "ExitStarted",
)
FIELDS = (
    "sceneName",
    "scenes",
    "studioModeEnabled",
    "outputActive",
    "outputState",
    "outputPath",
    "sceneIndex",
    "currentProgramSceneName",
    "currentPreviewSceneName",
    "outputTimecode",
    "outputDuration",
    "outputPaused",
    "outputBytes",
    "cpuUsage",
    "activeFps",
    "renderSkippedFrames",
    "renderTotalFrames",
    "outputSkippedFrames",
    "outputTotalFrames",
)
HUGE = st.sampled_from(["场" * 100_000, "x" * 1_000_000])
VALUES = st.one_of(
    JSON_VALUES,
    HUGE,
    st.sampled_from(
        [
            "OBS_WEBSOCKET_OUTPUT_STARTED",
            "OBS_WEBSOCKET_OUTPUT_STOPPING",
            "99:99:99.999",
            "00:00:inf",
            "1:2",
            "-1:00:00.000",
        ]
    ),
    st.lists(
        st.fixed_dictionaries({}, optional={"sceneName": JSON_VALUES, "sceneIndex": JSON_VALUES}),
        max_size=4,
    ),
)
DATA = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6),
    st.dictionaries(TEXTS, JSON_VALUES, max_size=4),
)


def check_state(state: ObsState) -> None:
    """Every field has the type the window and the API expect."""
    assert isinstance(state.scenes, tuple)
    assert all(isinstance(s, str) for s in state.scenes)
    for name in (state.program_scene, state.preview_scene, state.record_path):
        assert name is None or isinstance(name, str)
    for flag in (state.connected, state.studio_mode, state.streaming, state.recording):
        assert isinstance(flag, bool)
    check_stats(state.stats)
    json.dumps(state.as_api())


def check_stats(stats: OutputStats) -> None:
    for number in (stats.cpu_percent, stats.fps, stats.bitrate_kbps):
        assert isinstance(number, float)
        assert math.isfinite(number)
    for count in (
        stats.render_skipped,
        stats.render_total,
        stats.output_skipped,
        stats.output_total,
        stats.stream_bytes,
    ):
        assert isinstance(count, int)
        assert count >= 0
    for timecode in (stats.stream_timecode, stats.record_timecode):
        assert timecode is None or isinstance(timecode, str)


# ----- the domain -----------------------------------------------------------------------------
@FUZZ
@given(name=st.one_of(st.sampled_from(EVENTS), TEXTS), data=DATA)
@example(name="SceneListChanged", data={"scenes": None})
@example(name="SceneListChanged", data={"scenes": [{"sceneIndex": "x", "sceneName": 5}, 3]})
@example(name="CurrentProgramSceneChanged", data={"sceneName": ["a"]})
def test_any_event_leaves_a_well_typed_state(name: str, data: dict[str, Any]) -> None:
    before = ObsState(connected=True, scenes=("A", "B"), program_scene="A")
    after = apply_event(before, name, data)
    check_state(after)
    if name not in EVENTS:
        assert after is before  # an unknown event changes nothing
    if not isinstance(data.get("sceneName"), str):
        assert after.program_scene == "A"  # a malformed scene change is ignored


# ----- the service over a gateway that answers badly ------------------------------------------
class MalformedObs(FakeObs):
    """FakeObs whose answers to some requests are replaced (always a dict: the gateway makes
    sure of that much)."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: dict[str, dict[str, Any]] = {}

    async def call(self, request_type: str, **data: Any) -> dict[str, Any]:
        if request_type in self.answers and self.connected:
            self.calls.append((request_type, data))
            return self.answers[request_type]
        return await super().call(request_type, **data)


@pytest.fixture
def malformed() -> Iterator[tuple[MalformedObs, Show, asyncio.AbstractEventLoop]]:
    loop = asyncio.new_event_loop()
    obs = MalformedObs()
    show = build_show(obs, MemoryLog())
    loop.run_until_complete(obs.connect())
    try:
        yield obs, show, loop
    finally:
        loop.close()


REQUESTS = (
    "GetSceneList",
    "GetStudioModeEnabled",
    "GetStreamStatus",
    "GetRecordStatus",
    "GetStats",
    "GetVideoSettings",
)
ANSWERS = st.dictionaries(st.sampled_from(REQUESTS), DATA, min_size=1)


@FUZZ
@given(answers=ANSWERS, events=st.lists(st.tuples(st.sampled_from(EVENTS), DATA), max_size=4))
@example(
    answers={
        "GetStreamStatus": {
            "outputBytes": "lots",
            "outputDuration": [1],
            "outputTimecode": "1:2:inf",
            "outputActive": True,
        }
    },
    events=[],
)
@example(answers={"GetStats": {"cpuUsage": 10**400, "activeFps": "30"}}, events=[])
def test_resync_poll_and_events_survive_malformed_answers(
    malformed: tuple[MalformedObs, Show, asyncio.AbstractEventLoop],
    answers: dict[str, dict[str, Any]],
    events: list[tuple[str, dict[str, Any]]],
) -> None:
    obs, show, loop = malformed
    obs.answers = answers
    control = show.obs
    loop.run_until_complete(control.resync(ObsVersion("30.0.0", "5.4.0")))
    assert control.state.connected
    check_state(control.state)
    figures = loop.run_until_complete(control.poll_stats())
    check_stats(figures)
    for name, data in events:
        control.on_obs_event(name, data)
    check_state(control.state)
    for stamp in control.timecodes(1_700_000_000.0):
        assert stamp is None or math.isfinite(stamp)
    json.dumps(state_json(show.state()))  # /api/state still answers


# ----- the wire: a peer that sends junk ------------------------------------------------------
@dataclass
class Peer:
    """A scripted obs-websocket server: before answering a request other than GetVersion it
    sends `junk`; it answers with `answer` (a RequestResponse `d`, fuzzed) when set."""

    junk: list[tuple[str, Any]] = field(default_factory=list)
    answer: dict[str, Any] | None = None

    async def handler(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        await ws.send_json({"op": 0, "d": {"obsWebSocketVersion": "5.4.0", "rpcVersion": 1}})
        await ws.receive()  # Identify
        await ws.send_json({"op": 2, "d": {"negotiatedRpcVersion": 1}})
        async for message in ws:
            data = json.loads(message.data)["d"]
            if data["requestType"] != "GetVersion":
                for kind, frame in self.junk:
                    await (ws.send_bytes(frame) if kind == "bytes" else ws.send_str(frame))
            reply: dict[str, Any] = {
                "requestStatus": {"result": True, "code": 100},
                "responseData": {"obsVersion": "30.0.0", "obsWebSocketVersion": "5.4.0"},
            }
            if self.answer is not None and data["requestType"] != "GetVersion":
                reply = dict(self.answer)
            reply.update(requestType=data["requestType"], requestId=data["requestId"])
            await ws.send_json({"op": 7, "d": reply})
        return ws


@dataclass
class Wire:
    loop: asyncio.AbstractEventLoop
    peer: Peer
    gateway: ObsWebsocketGateway
    events: list[tuple[str, dict[str, Any]]]

    def call(self, request: str) -> dict[str, Any] | ObsRequestFailed:
        async def go() -> dict[str, Any] | ObsRequestFailed:
            try:
                return await self.gateway.call(request)
            except ObsRequestFailed as refused:
                return refused

        result: dict[str, Any] | ObsRequestFailed = self.loop.run_until_complete(go())
        return result


@pytest.fixture
def wire() -> Iterator[Wire]:
    loop = asyncio.new_event_loop()
    peer = Peer()
    app = web.Application()
    app.router.add_get("/", peer.handler)
    server = TestServer(app, loop=loop)
    loop.run_until_complete(server.start_server())
    gateway = ObsWebsocketGateway(
        f"ws://127.0.0.1:{server.port}", "", request_timeout=5.0, connect_timeout=2.0
    )
    events: list[tuple[str, dict[str, Any]]] = []
    gateway.set_event_handler(lambda name, data: events.append((name, data)))
    loop.run_until_complete(gateway.connect())
    try:
        yield Wire(loop, peer, gateway, events)
    finally:
        loop.run_until_complete(gateway.close())
        gateway.shutdown()
        loop.run_until_complete(server.close())
        loop.close()


# Each example here is a round trip over a real socket: half the usual count keeps it quick.
WIRE = settings(FUZZ, max_examples=max(1, FUZZ.max_examples // 2))


def _message(op: Any, d: Any) -> str:
    return json.dumps({"op": op, "d": d})


FRAMES = st.one_of(
    JSON_VALUES.map(lambda v: ("text", json.dumps(v))),
    st.text(max_size=50).map(lambda t: ("text", t)),
    st.binary(max_size=50).map(lambda b: ("bytes", b)),
    HUGE.map(lambda h: ("text", json.dumps({"op": 5, "d": {"eventType": h}}))),
    st.tuples(st.sampled_from([5, 7, 2, None, "5"]), JSON_VALUES).map(
        lambda p: ("text", _message(*p))
    ),
    st.tuples(st.one_of(st.sampled_from(EVENTS), TEXTS, st.just("__class__")), VALUES).map(
        lambda p: ("text", _message(5, {"eventType": p[0], "eventData": p[1]}))
    ),
    st.tuples(JSON_VALUES, JSON_VALUES).map(
        lambda p: ("text", _message(7, {"requestId": p[0], "requestStatus": p[1]}))
    ),
)


@WIRE
@given(junk=st.lists(FRAMES, min_size=1, max_size=6))
@example(
    junk=[
        ("text", "[1, 2]"),
        ("text", '{"op": 7}'),
        ("text", '{"op": 7, "d": {}}'),
        ("text", '{"op": 7, "d": {"requestId": ["x"]}}'),
        ("bytes", b"\xff\xfe"),
        ("text", '{"op": 5, "d": {"eventType": "__class__"}}'),
        ("text", '{"op": 5, "d": {"eventType": "SceneListChanged", "eventData": [1]}}'),
        ("text", "not json at all"),
    ]
)
def test_junk_frames_never_end_the_connection(
    wire: Wire, junk: list[tuple[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    wire.peer.junk, wire.peer.answer = junk, None
    with caplog.at_level(logging.WARNING, logger="app.adapters.obs.socket"):
        answer = wire.call("GetSceneList")
    # the real answer arrives after the junk (unless a junk frame happened to carry its id)
    assert isinstance(answer, dict | ObsRequestFailed)
    assert wire.gateway.connected
    for name, data in wire.events:
        assert isinstance(name, str)
        assert isinstance(data, dict)
    wire.peer.junk = []
    assert wire.call("GetStats") == {"obsVersion": "30.0.0", "obsWebSocketVersion": "5.4.0"}


def test_a_skipped_frame_is_logged(wire: Wire, caplog: pytest.LogCaptureFixture) -> None:
    wire.peer.junk = [("text", "{not json"), ("text", '{"op": 5, "d": {"eventType": 7}}')]
    with caplog.at_level(logging.WARNING, logger="app.adapters.obs.socket"):
        assert isinstance(wire.call("GetSceneList"), dict)
    skipped = [r.getMessage() for r in caplog.records if "cannot read" in r.getMessage()]
    assert len(skipped) == 2
    assert "{not json" in skipped[0]
    assert wire.gateway.connected


@WIRE
@given(answer=st.fixed_dictionaries({}, optional={"requestStatus": VALUES, "responseData": VALUES}))
@example(answer={"requestStatus": [True]})
@example(answer={"requestStatus": {"result": True}, "responseData": [1, 2]})
@example(answer={"requestStatus": {"result": False, "code": "600", "comment": "x" * 100_000}})
def test_a_malformed_answer_is_a_refusal_not_a_crash(wire: Wire, answer: dict[str, Any]) -> None:
    wire.peer.junk, wire.peer.answer = [], answer
    result = wire.call("GetSceneList")
    if isinstance(result, ObsRequestFailed):
        assert len(str(result)) < 500
    else:
        assert isinstance(result, dict)
        status = answer.get("requestStatus")
        assert isinstance(status, dict)
        assert status.get("result") is True
    assert wire.gateway.connected
