"""The console follows what changes in OBS itself, against the fake OBS: a scene renamed there
(OBS sends SceneNameChanged and no SceneListChanged), and a stream that dropped and is being
reconnected (RECONNECTING / RECONNECTED)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from app.adapters.obs.native_overlays import NativeOverlays
from app.adapters.obs.overlay_stage import ObsOverlayStage
from app.domain import log_events as kinds
from app.services.errors import NotFound
from app.services.event_bus import EventBus
from app.services.events import Event, ProgramSceneChanged, ScenesChanged, StreamChanged
from app.services.obs_control import ObsControl
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock

_STATE = "OBS_WEBSOCKET_OUTPUT_"


def _rename(fake_obs: FakeObs, old: str, new: str) -> None:
    """What OBS does when a scene is renamed in its list."""
    fake_obs.scenes[fake_obs.scenes.index(old)] = new
    if fake_obs.program == old:
        fake_obs.program = new
    fake_obs.emit("SceneNameChanged", oldSceneName=old, sceneName=new)


# ----- a scene renamed in OBS ------------------------------------------------------------------
async def test_a_scene_renamed_in_obs_is_followed_logged_and_published(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog, published: list[Event]
) -> None:
    await connected.switch_scene("Product")
    _rename(fake_obs, "Product", "商品 Product 2")
    _rename(fake_obs, "BRB", "BRB new")
    assert connected.state.scenes == ("Opening", "Teaching", "商品 Product 2", "BRB new")
    assert connected.state.program_scene == "商品 Product 2"
    assert [e.data for e in memory_log.of_kind(kinds.OBS_SCENE_RENAMED)] == [
        {"old": "Product", "scene": "商品 Product 2"},
        {"old": "BRB", "scene": "BRB new"},
    ]
    assert ScenesChanged(("Opening", "Teaching", "商品 Product 2", "BRB"),
                         renamed=("Product", "商品 Product 2")) in published  # fmt: skip
    assert ProgramSceneChanged("商品 Product 2") in published
    assert await connected.switch_scene("BRB new") == "program"  # the new name switches
    assert fake_obs.program == "BRB new"
    with pytest.raises(NotFound):  # the old one is unknown: 404, never sent to OBS
        await connected.switch_scene("BRB")
    assert ("SetCurrentProgramScene", {"sceneName": "BRB"}) not in fake_obs.calls


async def test_a_scene_obs_no_longer_has_is_not_found_not_a_refusal(
    fake_obs: FakeObs, connected: ObsControl
) -> None:
    """The console has not heard of the rename (or removal) yet: OBS's 600 ResourceNotFound
    is an unknown scene (404), not OBS refusing (502)."""
    fake_obs.scenes.remove("BRB")  # gone in OBS; its event not here yet
    with pytest.raises(NotFound) as unknown:
        await connected.switch_scene("BRB")
    assert unknown.value.status == 404
    assert unknown.value.message.code == "obs.no_scene_named"


def test_the_overlays_set_up_follow_a_renamed_scene(tmp_path: Path) -> None:
    """The repair after a reconnect nests the overlays into the scenes of the last set-up: a
    scene renamed meanwhile keeps its overlays."""
    bus, stage = EventBus(), ObsOverlayStage(FakeObs())
    stage.scenes = ["Opening", "Product"]
    native = NativeOverlays(stage, cast(Any, None), bus, cast(Any, None), tmp_path / "cards")
    native.attach()
    try:
        bus.publish(ScenesChanged(("Opening", "商品 Product"), renamed=("Product", "商品 Product")))
        bus.publish(ScenesChanged(("Opening", "商品 Product")))  # a plain list change: as it is
    finally:
        native.detach()
    assert stage.scenes == ["Opening", "商品 Product"]


# ----- a dropped stream ------------------------------------------------------------------------
async def test_a_dropped_stream_is_shown_and_logged_until_obs_has_it_back(
    fake_obs: FakeObs,
    connected: ObsControl,
    memory_log: MemoryLog,
    published: list[Event],
    clock: Clock,
) -> None:
    await connected.set_output("stream", "start")
    fake_obs.emit("StreamStateChanged", outputActive=True, outputState=_STATE + "RECONNECTING")
    assert connected.as_slice().streaming
    assert connected.as_slice().stream_reconnecting
    assert published[-1] == StreamChanged(True, reconnecting=True)
    fake_obs.emit("StreamStateChanged", outputActive=True, outputState=_STATE + "RECONNECTING")
    fake_obs.emit("StreamStateChanged", outputActive=True, outputState=_STATE + "RECONNECTED")
    assert not connected.as_slice().stream_reconnecting
    assert connected.as_slice().streaming
    assert published[-1] == StreamChanged(True, reconnecting=False)
    assert [e.data for e in memory_log.of_kind(kinds.OBS_STREAM)] == [
        {"active": True},
        {"active": True, "reconnecting": True},  # the drop (said once)
        {"active": True, "reconnecting": False},  # and its end
    ]
    assert connected.timecodes(clock.now)[0] is not None  # the stream goes on


async def test_a_stream_that_never_comes_back_ends_as_stopped(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog
) -> None:
    await connected.set_output("stream", "start")
    fake_obs.emit("StreamStateChanged", outputActive=True, outputState=_STATE + "RECONNECTING")
    fake_obs.emit("StreamStateChanged", outputActive=False, outputState=_STATE + "STOPPED")
    assert not connected.as_slice().streaming
    assert not connected.as_slice().stream_reconnecting
    assert memory_log.of_kind(kinds.OBS_STREAM)[-1].data == {"active": False, "reconnecting": False}
