"""The demo's OBS simulator speaks obs-websocket v5: driven by raw WebSocket messages, by the
console's own gateway and services (unchanged), and by plain obs-websocket-py."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from obswebsocket import obsws
from obswebsocket import requests as obs_requests

from app.adapters.obs.gateway import ObsWebsocketGateway
from app.adapters.obs.overlay_layout import OVERLAY_SCENE, PRODUCT_INPUT
from app.adapters.obs.overlay_stage import ObsOverlayStage
from app.demo.server import ObsSimulator, SimulatorThread, auth_string
from app.demo.studio import DEMO_SCENES, OPENING, PRODUCT, STANDBY, TEACHING, build_studio
from app.demo.world import Frame
from app.services.errors import ObsRequestFailed, ObsUnavailable
from app.services.event_bus import EventBus
from app.services.events import Event, ProgramSceneChanged, StreamChanged
from app.services.obs_control import ObsControl
from app.services.ports import ObsConnectError
from app.services.session import ShowRecorder
from tests.support.memory_log import MemoryLog
from tests.support.waiting import eventually

Painted = list[tuple[Frame, int, int, str]]


def make_simulator(password: str = "", painted: Painted | None = None) -> ObsSimulator:
    def paint(frame: Frame, width: int, height: int, fmt: str, quality: int) -> bytes:
        assert painted is not None
        painted.append((frame, width, height, fmt))
        return b"picture"

    sim = ObsSimulator(
        password=password,
        paint=paint if painted is not None else None,
        transition_s=0.05,
        output_start_s=0.02,
    )
    build_studio(sim.world)
    return sim


@pytest.fixture
async def simulator() -> AsyncIterator[ObsSimulator]:
    sim = make_simulator()
    await sim.start()
    yield sim
    await sim.stop()


class Raw:
    """A bare obs-websocket client: JSON messages in and out, nothing hidden."""

    def __init__(self, http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.http, self.ws = http, ws
        self.hello: dict[str, Any] = {}
        self._ids = 0

    @classmethod
    async def open(cls, url: str) -> Raw:
        http = aiohttp.ClientSession()
        raw = cls(http, await http.ws_connect(url, protocols=("obswebsocket.json",)))
        raw.hello = await raw.receive()
        return raw

    async def send(self, op: int, d: Any) -> None:
        await self.ws.send_str(json.dumps({"op": op, "d": d}))

    async def receive(self, timeout: float = 3.0) -> dict[str, Any]:
        message = await self.ws.receive(timeout)
        assert message.type == aiohttp.WSMsgType.TEXT, (message.type, message.data)
        result: dict[str, Any] = json.loads(message.data)
        return result

    async def receive_op(self, op: int) -> dict[str, Any]:
        """The next message of this op code (events in between are passed over)."""
        while (message := await self.receive())["op"] != op:
            assert message["op"] == 5, message
        return message

    async def closed_with(self, timeout: float = 3.0) -> int | None:
        while True:
            message = await self.ws.receive(timeout)
            if message.type in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSED,
                aiohttp.WSMsgType.CLOSING,
            ):
                return self.ws.close_code

    async def identify(self, **extra: Any) -> dict[str, Any]:
        await self.send(1, {"rpcVersion": 1, **extra})
        return await self.receive()

    async def request(self, request_type: str, **data: Any) -> dict[str, Any]:
        self._ids += 1
        request_id = f"r{self._ids}"
        await self.send(
            6, {"requestType": request_type, "requestId": request_id, "requestData": data}
        )
        while True:
            message = await self.receive()
            if message["op"] == 7 and message["d"]["requestId"] == request_id:
                return dict(message["d"])

    async def events(self, seconds: float) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while (left := end - loop.time()) > 0:
            try:
                message = await self.receive(left)
            except TimeoutError:
                break
            if message["op"] == 5:
                found.append(message["d"])
        return found

    async def close(self) -> None:
        await self.ws.close()
        await self.http.close()


@pytest.fixture
async def raw_client() -> AsyncIterator[Callable[[str], Any]]:
    opened: list[Raw] = []

    async def open_raw(url: str) -> Raw:
        raw = await Raw.open(url)
        opened.append(raw)
        return raw

    yield open_raw
    for raw in opened:
        await raw.close()


# ----- the handshake ------------------------------------------------------------------------
async def test_hello_then_identified_without_a_password(simulator, raw_client) -> None:
    raw = await raw_client(simulator.url)
    assert raw.hello == {"op": 0, "d": {"obsWebSocketVersion": "5.1.0", "rpcVersion": 1}}
    assert await raw.identify() == {"op": 2, "d": {"negotiatedRpcVersion": 1}}
    answer = await raw.request("GetVersion")
    assert answer["requestStatus"] == {"result": True, "code": 100}
    assert answer["responseData"]["rpcVersion"] == 1
    assert "GetSceneList" in answer["responseData"]["availableRequests"]


async def test_password_challenge_and_its_answer(raw_client) -> None:
    sim = make_simulator(password="秘密 secret")
    await sim.start()
    try:
        raw = await raw_client(sim.url)
        auth = raw.hello["d"]["authentication"]
        assert set(auth) == {"challenge", "salt"}
        answer = auth_string("秘密 secret", auth["salt"], auth["challenge"])
        assert (await raw.identify(authentication=answer))["op"] == 2

        wrong = await raw_client(sim.url)
        await wrong.send(1, {"rpcVersion": 1, "authentication": "not it"})
        assert await wrong.closed_with() == 4009

        missing = await raw_client(sim.url)
        await missing.send(1, {"rpcVersion": 1})
        assert await missing.closed_with() == 4009
    finally:
        await sim.stop()


@pytest.mark.parametrize(
    ("first", "code"),
    [
        ({"op": 6, "d": {"requestType": "GetVersion", "requestId": "1"}}, 4007),  # not identified
        ({"request-type": "GetVersion", "message-id": "1"}, 4010),  # obs-websocket 4
        ({"op": 1, "d": {"rpcVersion": 2}}, 4010),
        ({"op": 1, "d": {}}, 4003),
        ({"op": 1, "d": {"rpcVersion": "1"}}, 4004),
        ({"op": 1, "d": {"rpcVersion": 1, "eventSubscriptions": -1}}, 4004),
        ({"op": 1}, 4003),
        ({"d": {}}, 4006),
        ([1, 2], 4002),
    ],
)
async def test_protocol_errors_close_with_obs_codes(simulator, raw_client, first, code) -> None:
    raw = await raw_client(simulator.url)
    await raw.ws.send_str(json.dumps(first))
    assert await raw.closed_with() == code


async def test_undecodable_and_binary_frames_close_4002(simulator, raw_client) -> None:
    raw = await raw_client(simulator.url)
    await raw.ws.send_str("{not json")
    assert await raw.closed_with() == 4002
    binary = await raw_client(simulator.url)
    await binary.ws.send_bytes(b"\x81\xa2op\x01")
    assert await binary.closed_with() == 4002


async def test_identified_twice_and_unknown_op_close(simulator, raw_client) -> None:
    raw = await raw_client(simulator.url)
    await raw.identify()
    await raw.send(1, {"rpcVersion": 1})
    assert await raw.closed_with() == 4008
    other = await raw_client(simulator.url)
    await other.identify()
    await other.send(42, {})
    assert await other.closed_with() == 4006


# ----- requests -------------------------------------------------------------------------------
async def test_request_statuses(simulator, raw_client) -> None:
    raw = await raw_client(simulator.url)
    await raw.identify()
    unknown = await raw.request("GetSceenList")  # a typo: OBS says 204
    assert unknown["requestStatus"] == {
        "result": False,
        "code": 204,
        "comment": "Your request type is not valid.",
    }
    assert "responseData" not in unknown
    assert (await raw.request("SetCurrentProgramScene"))["requestStatus"]["code"] == 300
    assert (await raw.request("SetCurrentProgramScene", sceneName=3))["requestStatus"][
        "code"
    ] == 401
    missing = await raw.request("SetCurrentProgramScene", sceneName="没有这个")
    assert missing["requestStatus"]["code"] == 600
    assert (await raw.request("SetCurrentPreviewScene", sceneName=OPENING))["requestStatus"] == {
        "result": False,
        "code": 506,
    }
    assert (await raw.request("Sleep", sleepMillis=1))["requestStatus"]["code"] == 206
    await raw.send(6, {"requestType": "GetVersion"})  # no requestId
    assert await raw.closed_with() == 4003


async def test_scene_list_is_bottom_first_with_chinese_names(simulator, raw_client) -> None:
    raw = await raw_client(simulator.url)
    await raw.identify()
    listed = (await raw.request("GetSceneList"))["responseData"]
    assert listed["currentProgramSceneName"] == STANDBY
    assert listed["currentPreviewSceneName"] is None
    assert [s["sceneName"] for s in listed["scenes"]] == list(reversed(DEMO_SCENES))
    assert [s["sceneIndex"] for s in listed["scenes"]] == list(range(len(DEMO_SCENES)))


async def test_events_follow_subscriptions_and_reidentify(simulator, raw_client) -> None:
    quiet = await raw_client(simulator.url)
    await quiet.identify(eventSubscriptions=0)
    driver = await raw_client(simulator.url)
    await driver.identify(eventSubscriptions=1023)  # what obs-websocket-py asks for: no Ui
    await driver.request("SetStudioModeEnabled", studioModeEnabled=True)
    seen = [e["eventType"] for e in await driver.events(0.3)]
    assert "StudioModeStateChanged" not in seen
    assert "CurrentProgramSceneChanged" in seen  # studio mode's repeated announcement
    assert await quiet.events(0.2) == []

    await quiet.send(3, {"eventSubscriptions": 4 | 1024})  # Scenes and Ui
    assert (await quiet.receive())["op"] == 2
    await driver.request("SetStudioModeEnabled", studioModeEnabled=False)
    events = await quiet.events(0.3)
    assert {
        "eventType": "StudioModeStateChanged",
        "eventIntent": 1024,
        "eventData": {"studioModeEnabled": False},
    } in events
    assert all(e["eventIntent"] & (4 | 1024) for e in events)


async def test_a_switch_answers_first_and_lands_after_the_transition(simulator, raw_client):
    raw = await raw_client(simulator.url)
    await raw.identify()
    await raw.send(
        6,
        {
            "requestType": "SetCurrentProgramScene",
            "requestId": "s",
            "requestData": {"sceneName": TEACHING},
        },
    )
    messages = [await raw.receive() for _ in range(4)]
    assert messages[0]["op"] == 7
    assert messages[0]["d"]["requestStatus"]["result"]
    kinds = [m["d"]["eventType"] for m in messages[1:]]
    assert kinds == ["SceneTransitionStarted", "CurrentProgramSceneChanged", "SceneTransitionEnded"]
    assert messages[2]["d"] == {
        "eventType": "CurrentProgramSceneChanged",
        "eventIntent": 4,
        "eventData": {"sceneName": TEACHING},
    }
    current = await raw.request("GetCurrentProgramScene")
    assert current["responseData"] == {"currentProgramSceneName": TEACHING}


async def test_batches_in_order_with_variables_and_halt(simulator, raw_client) -> None:
    raw = await raw_client(simulator.url)
    await raw.identify()
    await raw.send(
        8,
        {
            "requestId": "b1",
            "variables": {},
            "requests": [
                {
                    "requestType": "CreateInput",
                    "requestId": "make",
                    "requestData": {
                        "sceneName": OPENING,
                        "inputName": "贴纸 Sticker",
                        "inputKind": "image_source",
                        "inputSettings": {"file": "/nowhere.png"},
                    },
                    "outputVariables": {"itemId": "sceneItemId"},
                },
                {
                    "requestType": "GetSceneItemEnabled",
                    "requestData": {"sceneName": OPENING},
                    "inputVariables": {"sceneItemId": "itemId"},
                },
                {"requestType": "Sleep", "requestData": {"sleepMillis": 5}},
            ],
        },
    )
    reply = await raw.receive_op(9)
    assert reply["d"]["requestId"] == "b1"
    results = reply["d"]["results"]
    assert [r["requestType"] for r in results] == ["CreateInput", "GetSceneItemEnabled", "Sleep"]
    assert results[0]["requestId"] == "make"
    assert results[1]["responseData"] == {"sceneItemEnabled": True}
    assert all(r["requestStatus"]["result"] for r in results)

    await raw.send(
        8,
        {
            "requestId": "b2",
            "haltOnFailure": True,
            "requests": [
                {"requestType": "GetInputSettings", "requestData": {"inputName": "没有"}},
                {"requestType": "GetVersion"},
            ],
        },
    )
    halted = await raw.receive_op(9)
    assert [r["requestStatus"]["code"] for r in halted["d"]["results"]] == [600]

    await raw.send(8, {"requestId": "b3", "executionType": 7, "requests": []})
    assert await raw.closed_with() == 4005


# ----- the console's own client, unchanged -------------------------------------------------------
@pytest.fixture
async def console_obs(simulator) -> AsyncIterator[tuple[ObsWebsocketGateway, ObsControl, list]]:
    gateway = ObsWebsocketGateway(simulator.url, "", connect_timeout=2, request_timeout=3)
    bus = EventBus()
    published: list[Event] = []
    bus.listen(published.append)
    control = ObsControl(gateway, ShowRecorder(MemoryLog(), bus), bus)
    await control.resync(await gateway.connect())
    yield gateway, control, published
    await gateway.close()
    gateway.shutdown()


async def test_the_console_gateway_syncs_and_switches(console_obs) -> None:
    gateway, control, published = console_obs
    assert control.state.obs_version == "29.0.2"
    assert control.state.scenes == DEMO_SCENES
    assert control.state.program_scene == STANDBY
    assert await control.switch_scene(PRODUCT) == "program"
    await eventually(
        lambda: control.state.program_scene == PRODUCT,
        "control.state.program_scene == PRODUCT",
        3.0,
    )
    assert ProgramSceneChanged(PRODUCT) in published
    with pytest.raises(ObsRequestFailed) as failed:
        await gateway.call("GetSceenList")
    assert failed.value.code == 204


async def test_studio_mode_through_the_console(console_obs) -> None:
    gateway, control, _ = console_obs
    await control.set_studio_mode(True)
    await eventually(lambda: control.state.studio_mode, "control.state.studio_mode", 3.0)
    await control.switch_scene(TEACHING)
    await eventually(
        lambda: control.state.preview_scene == TEACHING,
        "control.state.preview_scene == TEACHING",
        3.0,
    )
    assert control.state.program_scene == STANDBY
    await control.transition()
    await eventually(
        lambda: control.state.program_scene == TEACHING,
        "control.state.program_scene == TEACHING",
        3.0,
    )
    assert (await gateway.call("GetStudioModeEnabled")) == {"studioModeEnabled": True}


async def test_outputs_start_and_stop_with_their_events(console_obs) -> None:
    gateway, control, published = console_obs
    await control.set_output("stream", "start")
    await eventually(lambda: control.state.streaming, "control.state.streaming", 3.0)
    with pytest.raises(ObsRequestFailed) as again:
        await gateway.call("StartStream")
    assert again.value.code == 500
    await control.set_output("record", "start")
    await eventually(
        lambda: control.state.recording and control.state.record_path,
        "control.state.recording and control.state.record_path",
        3.0,
    )
    assert control.state.record_path.endswith(".mkv")
    status = await gateway.call("GetStreamStatus")
    assert status["outputActive"]
    assert status["outputTimecode"].startswith("00:00:")
    figures = await control.poll_stats()
    assert figures.fps == 30.0
    assert figures.stream_timecode is not None
    stopped = await gateway.call("StopRecord")
    assert stopped["outputPath"] == control.state.record_path
    await control.set_output("stream", "stop")
    await eventually(
        lambda: not control.state.streaming and not control.state.recording,
        "not control.state.streaming and not control.state.recording",
        3.0,
    )
    assert StreamChanged(active=True) in published


async def test_a_stop_between_starting_and_started_is_refused_as_obs_29_refuses_it(
    console_obs,
) -> None:
    """Real OBS 29 answers StopStream / StopRecord sent before its STARTED with 501 "not
    running"; the simulator does too, and so never reports STARTED for an output it stopped."""
    gateway, control, _published = console_obs
    await gateway.call("StartStream")
    with pytest.raises(ObsRequestFailed) as early:
        await gateway.call("StopStream")
    assert early.value.code == 501
    await eventually(lambda: control.state.streaming, "control.state.streaming", 3.0)
    await gateway.call("StopStream")
    await eventually(lambda: not control.state.streaming, "not control.state.streaming", 3.0)


async def test_the_overlay_stage_sets_up_native_overlays(simulator, console_obs) -> None:
    gateway, _control, _ = console_obs
    kinds = (await gateway.call("GetInputKindList"))["inputKinds"]
    assert "image_source" in kinds
    assert "text_ft2_source_v2" in kinds
    assert "browser_source" not in kinds
    stage = ObsOverlayStage(gateway)
    report = await stage.setup([OPENING, PRODUCT])
    assert report["mode"] == "native"
    assert report["canvas"] == {"width": 1920, "height": 1080}
    again = await stage.setup([OPENING, PRODUCT])  # idempotent: nothing new the second time
    assert again["created"] == []
    assert again["repaired"] == []
    nested = await gateway.call("GetSceneItemList", sceneName=PRODUCT)
    assert OVERLAY_SCENE in [i["sourceName"] for i in nested["sceneItems"]]
    cards = {
        i["sourceName"]: i
        for i in (await gateway.call("GetSceneItemList", sceneName=OVERLAY_SCENE))["sceneItems"]
    }
    card = cards[PRODUCT_INPUT]
    assert card["sceneItemEnabled"] is False
    assert card["inputKind"] == "image_source"
    assert card["sceneItemTransform"]["boundsType"] == "OBS_BOUNDS_SCALE_INNER"
    await gateway.call(
        "SetInputSettings", inputName=PRODUCT_INPUT, inputSettings={"file": "/tmp/card.png"}
    )
    assert (await gateway.call("GetInputSettings", inputName=PRODUCT_INPUT))["inputSettings"] == {
        "unload": False,
        "file": "/tmp/card.png",
    }
    simulator_scenes = list(simulator.world.scene_order)
    assert simulator_scenes[-1] == OVERLAY_SCENE  # a new scene goes to the bottom of the list


async def test_screenshots_are_data_uris_scaled_inside(raw_client) -> None:
    painted: Painted = []
    sim = make_simulator(painted=painted)
    await sim.start()
    try:
        raw = await raw_client(sim.url)
        await raw.identify()
        shot = await raw.request(
            "GetSourceScreenshot",
            sourceName=PRODUCT,
            imageFormat="jpg",
            imageWidth=480,
            imageCompressionQuality=70,
        )
        data = shot["responseData"]["imageData"]
        assert data == "data:image/jpg;base64," + base64.b64encode(b"picture").decode()
        frame, width, height, fmt = painted[-1]
        assert (width, height, fmt) == (480, 270, "jpg")
        assert frame.scene == PRODUCT
        assert frame.canvas == (1920, 1080)
        assert any(layer.kind == "v4l2_input" for layer in frame.layers)
        bad = await raw.request("GetSourceScreenshot", sourceName=PRODUCT, imageFormat="webp")
        assert bad["requestStatus"]["code"] == 400
        small = await raw.request(
            "GetSourceScreenshot", sourceName=PRODUCT, imageFormat="png", imageWidth=4
        )
        assert small["requestStatus"]["code"] == 402
    finally:
        await sim.stop()


async def test_no_picture_without_a_painter_is_702(simulator, raw_client) -> None:
    raw = await raw_client(simulator.url)
    await raw.identify()
    shot = await raw.request("GetSourceScreenshot", sourceName=OPENING, imageFormat="png")
    assert shot["requestStatus"] == {
        "result": False,
        "code": 702,
        "comment": "Failed to render screenshot.",
    }


async def test_stopping_says_exit_then_closes_1001(raw_client) -> None:
    sim = make_simulator()
    await sim.start()
    raw = await raw_client(sim.url)
    await raw.identify()
    gateway = ObsWebsocketGateway(sim.url, "", connect_timeout=2, request_timeout=3)
    await gateway.connect()
    stopping = asyncio.create_task(sim.stop())  # the client reads meanwhile, as clients do
    assert (await raw.receive())["d"]["eventType"] == "ExitStarted"
    assert await raw.closed_with() == 1001
    await stopping
    await asyncio.wait_for(gateway.wait_lost(), 3)
    with pytest.raises(ObsUnavailable):
        await gateway.call("GetVersion")
    gateway.shutdown()


async def test_wrong_password_is_the_consoles_password_problem() -> None:
    sim = make_simulator(password="right")
    await sim.start()
    try:
        gateway = ObsWebsocketGateway(sim.url, "wrong", connect_timeout=2)
        with pytest.raises(ObsConnectError) as failed:
            await gateway.connect()
        gateway.shutdown()
        assert failed.value.problem.code == "auth"
        good = ObsWebsocketGateway(sim.url, "right", connect_timeout=2)
        assert (await good.connect()).websocket_version == "5.1.0"
        await good.close()
        good.shutdown()
    finally:
        await sim.stop()


# ----- plain obs-websocket-py, on its own threads ---------------------------------------------
def test_plain_obs_websocket_py_with_a_password() -> None:
    def factory() -> ObsSimulator:
        sim = make_simulator(password="pw")
        return sim

    thread = SimulatorThread(factory)
    url = thread.start()
    port = int(url.rsplit(":", 1)[1])
    client = obsws("127.0.0.1", port, "pw", legacy=False, timeout=5)
    changed = threading.Event()
    seen: list[tuple[str, dict[str, Any]]] = []

    def on_event(event: Any) -> None:
        seen.append((event.name, dict(event.datain)))
        if event.name == "CurrentProgramSceneChanged":
            changed.set()

    client.register(on_event)
    try:
        client.connect()
        scenes = client.call(obs_requests.GetSceneList())
        assert scenes.status
        assert scenes.getCurrentProgramSceneName() == STANDBY
        assert client.call(obs_requests.SetCurrentProgramScene(sceneName=OPENING)).status
        assert changed.wait(3)
        assert ("CurrentProgramSceneChanged", {"sceneName": OPENING}) in seen
        assert not client.call(obs_requests.NoSuchRequest()).status
        assert thread.call(lambda sim: sim.world.program) == OPENING
    finally:
        client.disconnect()
        thread.stop()
