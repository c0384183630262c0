from __future__ import annotations

import pytest

from app.domain import log_events as kinds
from app.services.errors import NotFound, ObsUnavailable, WrongState
from app.services.events import ObsStats, SessionEnded, SessionStarted
from app.services.obs_control import ObsControl
from app.services.session import ShowRecorder
from tests.support.fake_obs import FakeObs
from tests.unit.conftest import Clock, MemoryLog


async def test_resync_reads_everything(fake_obs: FakeObs, control: ObsControl) -> None:
    fake_obs.program = "Teaching"
    fake_obs.recording = True
    await control.resync(await fake_obs.connect())
    state = control.state
    assert state.connected
    assert state.scenes == ("Opening", "Teaching", "Product", "BRB")
    assert state.program_scene == "Teaching"
    assert state.recording
    assert not state.streaming
    assert state.obs_version == "29.0.2"
    assert state.websocket_version == "5.1.0"
    assert set(fake_obs.names()) >= {"GetSceneList", "GetStudioModeEnabled", "GetRecordStatus"}


async def test_switch_scene_goes_to_program_and_is_logged(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog
) -> None:
    target = await connected.switch_scene("Product", origin="api")
    assert target == "program"
    assert fake_obs.program == "Product"
    assert connected.state.program_scene == "Product"
    kinds_logged = memory_log.kinds()
    assert kinds.ACTION_SCENE in kinds_logged
    assert kinds.OBS_PROGRAM_SCENE in kinds_logged
    action = next(e for e in memory_log.entries if e.kind == kinds.ACTION_SCENE)
    assert action.data == {"scene": "Product", "target": "program", "origin": "api"}


async def test_unknown_scene_is_not_found(connected: ObsControl, fake_obs: FakeObs) -> None:
    with pytest.raises(NotFound):
        await connected.switch_scene("Nope")
    assert "SetCurrentProgramScene" not in fake_obs.names()


async def test_disconnected_refuses_actions(control: ObsControl) -> None:
    with pytest.raises(ObsUnavailable):
        await control.switch_scene("Opening")
    with pytest.raises(ObsUnavailable):
        await control.set_output("record", "start")


async def test_studio_mode_sends_scenes_to_preview_then_transition(
    fake_obs: FakeObs, connected: ObsControl
) -> None:
    await connected.set_studio_mode(True)
    assert connected.state.studio_mode
    assert await connected.switch_scene("BRB") == "preview"
    assert fake_obs.preview == "BRB"
    assert fake_obs.program == "Opening"
    assert connected.state.preview_scene == "BRB"
    await connected.transition()
    assert fake_obs.program == "BRB"
    assert connected.state.program_scene == "BRB"


async def test_transition_needs_studio_mode(connected: ObsControl) -> None:
    with pytest.raises(WrongState):
        await connected.transition()


async def test_outputs_start_and_stop_with_state_checks(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog
) -> None:
    await connected.set_output("record", "start")
    assert fake_obs.recording
    assert connected.state.recording
    with pytest.raises(WrongState):
        await connected.set_output("record", "start")
    await connected.set_output("record", "stop")
    assert not fake_obs.recording
    with pytest.raises(WrongState):
        await connected.set_output("stream", "stop")
    assert kinds.OBS_RECORD in memory_log.kinds()


async def test_events_logged_with_record_timecode(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog, clock: Clock
) -> None:
    await connected.set_output("record", "start")
    await connected.poll_stats()  # the fake reports 12.5 s into the recording
    clock.now += 2.0
    await connected.switch_scene("Teaching")
    entry = next(e for e in memory_log.entries if e.kind == kinds.ACTION_SCENE)
    assert entry.record_tc == pytest.approx(14.5)
    assert entry.stream_tc is None


async def test_stats_poll(fake_obs: FakeObs, connected: ObsControl, published: list) -> None:
    stats = await connected.poll_stats()
    assert stats.cpu_percent == 3.5
    assert stats.fps == 30.0
    assert published[-1] == ObsStats(stats)


async def test_duplicate_events_are_logged_once(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog
) -> None:
    before = len(memory_log.entries)
    fake_obs.emit("CurrentProgramSceneChanged", sceneName="Opening")  # unchanged
    assert len(memory_log.entries) == before


async def test_session_start_end_and_entries_carry_the_session(
    recorder: ShowRecorder, connected: ObsControl, memory_log: MemoryLog, published: list
) -> None:
    session = await recorder.start("公开课 Python 入门")
    await connected.switch_scene("Product")
    with pytest.raises(WrongState):
        await recorder.start("again")
    await recorder.end()
    with pytest.raises(WrongState):
        await recorder.end()
    in_session = [e for e in memory_log.entries if e.session_id == session.id]
    assert next(e.kind for e in in_session) == kinds.SESSION_START
    assert [e.kind for e in in_session][-1] == kinds.SESSION_END
    assert kinds.ACTION_SCENE in [e.kind for e in in_session]
    assert memory_log.sessions[session.id]["ended_at"] is not None
    assert {SessionStarted, SessionEnded} <= {type(p) for p in published}


async def test_session_title_is_checked(recorder: ShowRecorder) -> None:
    with pytest.raises(Exception, match="title"):
        await recorder.start("   ")
