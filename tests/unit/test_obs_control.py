from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from app.domain import log_events as kinds
from app.services.errors import NotFound, ObsRequestFailed, ObsUnavailable, WrongState
from app.services.events import (
    Event,
    ObsStats,
    OutputPhasesChanged,
    SessionEnded,
    SessionStarted,
)
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


async def test_a_recording_s_entries_carry_obs_s_frame_rate(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog
) -> None:
    """The editor exports count frames at the recording's rate: GetVideoSettings's, read as the
    console starts the recording (changed in OBS since the connect here) and again while it runs
    (a recording started in OBS itself), logged on its start and stop entries."""

    def record_state(active: bool) -> None:
        state = "OBS_WEBSOCKET_OUTPUT_" + ("STARTED" if active else "STOPPED")
        fake_obs.emit("RecordStateChanged", outputActive=active, outputState=state,
                      outputPath="/tmp/rec.mkv")  # fmt: skip

    fake_obs.fps = (30000, 1001)
    await connected.set_output("record", "start")
    record_state(False)  # stopped in OBS (the fake's recording flag stays on: OBS's own again)
    fake_obs.fps = (25, 1)  # changed in OBS's settings, then the recording started there
    record_state(True)
    await connected.poll_stats()
    record_state(False)
    records = [e.data for e in memory_log.entries if e.kind == kinds.OBS_RECORD]
    rates = [(d["active"], d.get("fps_numerator"), d.get("fps_denominator")) for d in records]
    assert rates == [
        (True, 30000, 1001), (False, 30000, 1001),  # started from the console
        (True, 30000, 1001), (False, 25, 1),  # started in OBS: read again once it ran
    ]  # fmt: skip


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


# ----- a start right after a stop: OBS finishes the output first ----------------------------
# (output, FakeObs attribute, OBS's state event, request's middle word)
OUTPUTS = [
    ("record", "recording", "RecordStateChanged", "Record"),
    ("stream", "streaming", "StreamStateChanged", "Stream"),
    ("replay_buffer", "replay_buffer", "ReplayBufferStateChanged", "ReplayBuffer"),
    ("virtualcam", "virtualcam", "VirtualcamStateChanged", "VirtualCam"),
]
_STATE = "OBS_WEBSOCKET_OUTPUT_"


def _stops_slowly(fake_obs: FakeObs, event: str, *, tell: bool = True) -> Callable[[], Any]:
    """OBS's answer to a stop: accepted, STOPPING (unless the event is late), the file still
    being finished; the fake's output stays running (it refuses a start) until _finish_stop."""

    def stop() -> dict[str, Any]:
        if tell:
            fake_obs.emit(event, outputActive=False, outputState=_STATE + "STOPPING")
        return {}

    return stop


def _finish_stop(fake_obs: FakeObs, attr: str, event: str) -> None:
    setattr(fake_obs, attr, False)
    fake_obs.emit(event, outputActive=False, outputState=_STATE + "STOPPED")


async def _record_then_stop_slowly(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch, *, wait_s: float
) -> None:
    """A recording started, then stopped in an OBS that takes its time to finish the file; a
    start waits at most `wait_s` for it."""
    connected.stop_wait_s = wait_s
    await connected.set_output("record", "start")
    monkeypatch.setattr(fake_obs, "_r_StopRecord", _stops_slowly(fake_obs, "RecordStateChanged"))
    await connected.set_output("record", "stop")


async def _ticks(n: int = 20) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


@pytest.mark.parametrize(("output", "attr", "event", "middle"), OUTPUTS)
async def test_start_right_after_stop_waits_for_stopped_then_starts_once(
    fake_obs: FakeObs,
    connected: ObsControl,
    monkeypatch: pytest.MonkeyPatch,
    output: str,
    attr: str,
    event: str,
    middle: str,
) -> None:
    connected.stop_wait_s = 600.0  # the bound is not what ends this wait
    await connected.set_output(output, "start")
    monkeypatch.setattr(fake_obs, f"_r_Stop{middle}", _stops_slowly(fake_obs, event))
    await connected.set_output(output, "stop")
    assert not connected.is_running(output)  # obs-websocket says inactive while STOPPING
    start = asyncio.create_task(connected.set_output(output, "start"))
    await _ticks()
    assert not start.done()
    assert fake_obs.names().count(f"Start{middle}") == 1  # the first start only: it waits
    _finish_stop(fake_obs, attr, event)
    await _ticks()
    assert start.done()
    await start
    assert fake_obs.names().count(f"Start{middle}") == 2
    assert getattr(fake_obs, attr)
    assert connected.is_running(output)


async def test_an_output_between_states_is_said_until_obs_has_finished(
    fake_obs: FakeObs,
    connected: ObsControl,
    monkeypatch: pytest.MonkeyPatch,
    published: list[Event],
) -> None:
    """The outputs panel and /api/state say a recording is being finished (its stop sent, OBS
    still writing the file) until OBS says it stopped; each change is published once."""
    await _record_then_stop_slowly(fake_obs, connected, monkeypatch, wait_s=600.0)
    phases = [e for e in published if isinstance(e, OutputPhasesChanged)]
    assert phases == [
        OutputPhasesChanged(("record",), ()),  # the start on its way ...
        OutputPhasesChanged((), ()),  # ... until OBS said STARTED
        OutputPhasesChanged((), ("record",)),  # the stop sent, STOPPING told
    ]
    assert connected.as_slice().stopping == ("record",)
    assert not connected.as_slice().recording
    _finish_stop(fake_obs, "recording", "RecordStateChanged")
    phases = [e for e in published if isinstance(e, OutputPhasesChanged)]
    assert phases[3:] == [OutputPhasesChanged((), ())]
    assert connected.as_slice().stopping == ()
    fake_obs.emit("StreamStateChanged", outputActive=False, outputState=_STATE + "STARTING")
    assert connected.as_slice().starting == ("stream",)
    assert published[-1] == OutputPhasesChanged(("stream",), ())


async def test_a_refused_stop_is_no_longer_said_to_be_stopping(
    fake_obs: FakeObs, connected: ObsControl, published: list[Event]
) -> None:
    await connected.set_output("record", "start")
    published.clear()
    fake_obs.fail_requests["StopRecord"] = (702, "the encoder would not stop")
    with pytest.raises(ObsRequestFailed):
        await connected.set_output("record", "stop")
    phases = [e for e in published if isinstance(e, OutputPhasesChanged)]
    assert phases == [OutputPhasesChanged((), ("record",)), OutputPhasesChanged((), ())]
    assert connected.as_slice().stopping == ()


async def test_start_waits_even_when_the_stopping_event_is_late(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    connected.stop_wait_s = 600.0
    await connected.set_output("record", "start")
    slow = _stops_slowly(fake_obs, "RecordStateChanged", tell=False)
    monkeypatch.setattr(fake_obs, "_r_StopRecord", slow)
    await connected.set_output("record", "stop")
    assert connected.state.recording  # no event yet: the console still shows it running
    start = asyncio.create_task(connected.set_output("record", "start"))
    await _ticks()
    assert not start.done()
    fake_obs.emit("RecordStateChanged", outputActive=False, outputState=_STATE + "STOPPING")
    await _ticks()
    assert not start.done()
    _finish_stop(fake_obs, "recording", "RecordStateChanged")
    await _ticks()
    assert start.done()
    await start
    assert fake_obs.names().count("StartRecord") == 2
    assert connected.state.recording


async def test_start_while_obs_never_finishes_stopping_says_so_after_the_bound(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _record_then_stop_slowly(fake_obs, connected, monkeypatch, wait_s=0.01)
    with pytest.raises(WrongState) as refused:
        await connected.set_output("record", "start")
    assert refused.value.message.code == "obs.output_finishing"
    assert str(refused.value) == (
        "OBS is still finishing the recording it stopped; try again in a moment"
    )
    assert fake_obs.names().count("StartRecord") == 2  # the first start, one try after the bound
    assert fake_obs.recording


async def test_start_refused_as_running_waits_for_stopped_and_tries_once_more(
    fake_obs: FakeObs, connected: ObsControl
) -> None:
    connected.stop_wait_s = 600.0
    # stopped in OBS itself: the console saw nothing yet, OBS is still finishing the file
    fake_obs.recording = True
    start = asyncio.create_task(connected.set_output("record", "start"))
    await _ticks()
    assert not start.done()
    assert fake_obs.names().count("StartRecord") == 1  # refused with OutputRunning (500)
    fake_obs.emit("RecordStateChanged", outputActive=False, outputState=_STATE + "STOPPING")
    _finish_stop(fake_obs, "recording", "RecordStateChanged")
    await _ticks()
    assert start.done()
    await start
    assert fake_obs.names().count("StartRecord") == 2
    assert fake_obs.recording
    assert connected.state.recording


async def test_start_while_starting_is_already_running(
    fake_obs: FakeObs, connected: ObsControl
) -> None:
    fake_obs.emit("RecordStateChanged", outputActive=False, outputState=_STATE + "STARTING")
    with pytest.raises(WrongState) as refused:
        await connected.set_output("record", "start")
    assert refused.value.message.code == "obs.output_running"
    assert "StartRecord" not in fake_obs.names()


async def test_disconnect_ends_a_start_waiting_for_the_stop(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _record_then_stop_slowly(fake_obs, connected, monkeypatch, wait_s=600.0)
    start = asyncio.create_task(connected.set_output("record", "start"))
    await _ticks()
    fake_obs.drop()
    connected.disconnected(None)
    await _ticks()
    assert start.done()
    with pytest.raises(ObsUnavailable):
        await start
    assert fake_obs.names().count("StartRecord") == 1


async def test_start_after_stopped_that_obs_still_refuses_is_asked_again_soon(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OBS may tell STOPPED a moment before it takes a start (seen with a real OBS under load):
    the start is asked again within START_RETRY_S, not after the whole bound."""
    connected.stop_wait_s = 600.0  # the bound is not what ends this wait
    await _record_then_stop_slowly(fake_obs, connected, monkeypatch, wait_s=600.0)
    fake_obs.fail_requests["StartRecord"] = (500, "the output is already running")
    start = asyncio.create_task(connected.set_output("record", "start"))
    _finish_stop(fake_obs, "recording", "RecordStateChanged")  # STOPPED told ...
    await _ticks()
    assert not start.done()  # ... and the start refused all the same
    tries = fake_obs.names().count("StartRecord")
    del fake_obs.fail_requests["StartRecord"]  # OBS is done a moment later
    await asyncio.wait_for(start, timeout=30)  # far within the 600 s bound
    assert fake_obs.names().count("StartRecord") == tries + 1
    assert connected.is_running("record")
    assert connected.as_slice().stopping == ()


# ----- two presses at once: only one request reaches OBS --------------------------------------
@pytest.mark.parametrize(("output", "attr", "event", "middle"), OUTPUTS)
async def test_two_starts_at_once_send_one_start_and_refuse_the_other(
    fake_obs: FakeObs,
    connected: ObsControl,
    memory_log: MemoryLog,
    output: str,
    attr: str,
    event: str,
    middle: str,
) -> None:
    """A double press (or button + hotkey): the second start comes before OBS's STARTING
    event. It is 409 and never reaches OBS (real OBS given two stream starts may crash)."""
    first, second = await asyncio.gather(
        connected.set_output(output, "start"),
        connected.set_output(output, "start"),
        return_exceptions=True,
    )
    assert first is None
    assert isinstance(second, WrongState)
    assert second.message.code == "obs.output_running"
    assert fake_obs.names().count(f"Start{middle}") == 1
    assert getattr(fake_obs, attr)
    assert connected.as_slice().starting == ()  # OBS said STARTED: nothing between any more
    assert [e.data["action"] for e in memory_log.entries if e.kind == _OUTPUTS[output]] == ["start"]


async def test_a_start_on_its_way_is_said_starting_and_forgotten_when_refused(
    fake_obs: FakeObs, connected: ObsControl
) -> None:
    fake_obs.fail_requests["StartStream"] = (702, "no stream service set")
    with pytest.raises(ObsRequestFailed):
        await connected.set_output("stream", "start")
    assert connected.as_slice().starting == ()
    del fake_obs.fail_requests["StartStream"]
    await connected.set_output("stream", "start")  # not refused as "already starting"
    assert fake_obs.streaming


@pytest.mark.parametrize(("output", "attr", "event", "middle"), OUTPUTS)
async def test_a_stop_while_stopping_is_refused_and_not_sent_again(
    fake_obs: FakeObs,
    connected: ObsControl,
    monkeypatch: pytest.MonkeyPatch,
    memory_log: MemoryLog,
    output: str,
    attr: str,
    event: str,
    middle: str,
) -> None:
    """OBS's STOPPING event (and the state) lag behind the stop: a second stop meanwhile is
    409 "already stopping", like a second start."""
    await connected.set_output(output, "start")
    monkeypatch.setattr(fake_obs, f"_r_Stop{middle}", _stops_slowly(fake_obs, event, tell=False))
    first, second = await asyncio.gather(
        connected.set_output(output, "stop"),
        connected.set_output(output, "stop"),
        return_exceptions=True,
    )
    assert first is None
    assert isinstance(second, WrongState)
    assert second.message.code == "obs.output_stopping"
    with pytest.raises(WrongState) as again:  # and one right after, before any event
        await connected.set_output(output, "stop")
    assert again.value.message.code == "obs.output_stopping"
    assert fake_obs.names().count(f"Stop{middle}") == 1
    assert [e.data["action"] for e in memory_log.entries if e.kind == _OUTPUTS[output]] == [
        "start",
        "stop",
    ]


_OUTPUTS = {
    "record": kinds.ACTION_RECORD,
    "stream": kinds.ACTION_STREAM,
    "replay_buffer": kinds.ACTION_REPLAY_BUFFER,
    "virtualcam": kinds.ACTION_VIRTUALCAM,
}


async def test_a_start_obs_takes_without_a_word_is_no_longer_starting_after_a_while(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OBS may accept a start and do nothing (still closing the last file): after a few seconds
    with no word from OBS the console no longer says "starting", and a press goes to OBS again."""
    monkeypatch.setattr(fake_obs, "_r_StartRecord", lambda: {})  # accepted, no event, no output
    monkeypatch.setattr("app.services.obs_outputs.START_NUDGES", 0)  # not sent again by itself
    phases_clock = Clock(100.0)
    connected._phases._clock = phases_clock
    await connected.set_output("record", "start")
    assert connected.as_slice().starting == ("record",)
    with pytest.raises(WrongState):  # a double press meanwhile never reaches OBS
        await connected.set_output("record", "start")
    phases_clock.now += 4.0
    await connected.poll_stats()
    assert connected.as_slice().starting == ("record",)
    phases_clock.now += 1.5
    await connected.poll_stats()
    assert connected.as_slice().starting == ()
    await connected.set_output("record", "start")  # pressed again: sent again
    assert fake_obs.names().count("StartRecord") == 2


async def test_a_start_obs_says_starting_of_stays_starting_however_long(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    def connecting() -> dict[str, Any]:  # a stream still connecting to a slow server
        fake_obs.emit("StreamStateChanged", outputActive=False, outputState=_STATE + "STARTING")
        return {}

    monkeypatch.setattr(fake_obs, "_r_StartStream", connecting)
    phases_clock = Clock(100.0)
    connected._phases._clock = phases_clock
    await connected.set_output("stream", "start")
    await _ticks()
    phases_clock.now += 60.0
    await connected.poll_stats()
    assert connected.as_slice().starting == ("stream",)


async def test_a_start_obs_took_without_starting_is_sent_again(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Right after a stop, under load, OBS may take a start and do nothing: with no word from
    OBS and the output not running, the console sends the start again (the recording must not
    be silently missing)."""
    monkeypatch.setattr("app.services.obs_outputs.START_NUDGE_S", 0.01)
    started = fake_obs._r_StartRecord
    calls: list[int] = []

    def ignored_once() -> dict[str, Any]:
        calls.append(1)
        return {} if len(calls) == 1 else started()

    monkeypatch.setattr(fake_obs, "_r_StartRecord", ignored_once)
    await connected.set_output("record", "start")
    assert not connected.state.recording
    for _ in range(200):
        if connected.state.recording:
            break
        await asyncio.sleep(0.005)
    assert connected.state.recording
    assert fake_obs.names().count("StartRecord") == 2
    assert connected.as_slice().starting == ()


async def test_a_start_obs_acted_on_is_not_sent_again(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.services.obs_outputs.START_NUDGE_S", 0.01)
    await connected.set_output("record", "start")
    await asyncio.sleep(0.1)
    assert connected.state.recording
    assert fake_obs.names().count("StartRecord") == 1


async def test_a_stream_start_is_never_sent_twice(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.services.obs_outputs.START_NUDGE_S", 0.01)
    monkeypatch.setattr(fake_obs, "_r_StartStream", lambda: {})  # accepted, no word
    await connected.set_output("stream", "start")
    await asyncio.sleep(0.1)
    assert fake_obs.names().count("StartStream") == 1
