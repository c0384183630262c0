"""Start and stop pressed quickly, one after the other: the last press wins.

OBS refuses a stop (501 OutputNotRunning) until it has said STARTED (seen on OBS 29 with
StopRecord and StopStream sent right after the start), and the console shows an output running
only from that event on. A stop pressed in between is taken (not 409 "not running"), the output
is said to be stopping, and the stop goes to OBS once OBS runs the output. Against the fake OBS,
whose outputs start only when the test says OBS's STARTED."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from app.domain import log_events as kinds
from app.services.errors import ObsRequestFailed, WrongState
from app.services.obs_control import ObsControl
from tests.support.fake_obs import FakeObs
from tests.unit.conftest import Clock, MemoryLog
from tests.unit.test_obs_control import OUTPUTS, _finish_stop, _stops_slowly, _ticks

_STATE = "OBS_WEBSOCKET_OUTPUT_"
_ACTIONS = {
    "record": kinds.ACTION_RECORD,
    "stream": kinds.ACTION_STREAM,
    "replay_buffer": kinds.ACTION_REPLAY_BUFFER,
    "virtualcam": kinds.ACTION_VIRTUALCAM,
}


def _starts_slowly(fake_obs: FakeObs, event: str, *, word: bool = True) -> Any:
    """OBS's answer to a start: accepted, STARTING told (OBS tells none for the virtual camera),
    the output not running yet: it refuses a stop (501) until _finish_start."""

    def start() -> dict[str, Any]:
        if word and event != "VirtualcamStateChanged":
            fake_obs.emit(event, outputActive=False, outputState=_STATE + "STARTING")
        return {}

    return start


def _finish_start(fake_obs: FakeObs, attr: str, event: str) -> None:
    setattr(fake_obs, attr, True)
    fake_obs.emit(event, outputActive=True, outputState=_STATE + "STARTED")


def _actions(memory_log: MemoryLog, output: str) -> list[str]:
    return [e.data["action"] for e in memory_log.entries if e.kind == _ACTIONS[output]]


@pytest.mark.parametrize(("output", "attr", "event", "middle"), OUTPUTS)
async def test_a_stop_pressed_while_starting_is_taken_and_sent_once_obs_runs_it(
    fake_obs: FakeObs,
    connected: ObsControl,
    monkeypatch: pytest.MonkeyPatch,
    memory_log: MemoryLog,
    output: str,
    attr: str,
    event: str,
    middle: str,
) -> None:
    monkeypatch.setattr(fake_obs, f"_r_Start{middle}", _starts_slowly(fake_obs, event))
    await connected.set_output(output, "start")
    assert connected.as_slice().starting == (output,)
    await connected.set_output(output, "stop")  # before: 409 "the … is not running"
    assert connected.as_slice().stopping == (output,)
    assert connected.as_slice().starting == ()
    assert f"Stop{middle}" not in fake_obs.names()  # OBS would refuse it now
    assert _actions(memory_log, output) == ["start", "stop"]
    _finish_start(fake_obs, attr, event)
    await _ticks()
    assert fake_obs.names().count(f"Stop{middle}") == 1
    assert not getattr(fake_obs, attr)
    assert not connected.is_running(output)
    assert connected.as_slice().stopping == ()
    assert connected.as_slice().starting == ()


@pytest.mark.parametrize(("output", "attr", "event", "middle"), OUTPUTS[1:])
async def test_start_and_stop_at_once_end_stopped(
    fake_obs: FakeObs,
    connected: ObsControl,
    memory_log: MemoryLog,
    output: str,
    attr: str,
    event: str,
    middle: str,
) -> None:
    """The stop comes while the start is on its way to OBS (button + Companion, or a fast
    double tap on a toggle key)."""
    await asyncio.gather(
        connected.set_output(output, "start"), connected.set_output(output, "stop")
    )
    await _ticks()
    assert fake_obs.names().count(f"Start{middle}") == 1
    assert fake_obs.names().count(f"Stop{middle}") == 1
    assert not getattr(fake_obs, attr)
    assert not connected.is_running(output)
    assert connected.as_slice().stopping == ()
    # each press is logged once OBS has taken it: the stop, kept for later, before the start
    assert sorted(_actions(memory_log, output)) == ["start", "stop"]


async def test_a_stop_pressed_while_the_recording_start_is_prepared_calls_it_off(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog
) -> None:
    """A recording's start first asks OBS for its frame rate: a stop pressed meanwhile calls
    the start off before it reaches OBS (no file)."""
    first, second = await asyncio.gather(
        connected.set_output("record", "start"),
        connected.set_output("record", "stop"),
        return_exceptions=True,
    )
    assert isinstance(first, WrongState)
    assert first.message.code == "obs.output_start_called_off"
    assert second is None
    await _ticks()
    assert "GetVideoSettings" in fake_obs.names()
    assert "StartRecord" not in fake_obs.names()
    assert "StopRecord" not in fake_obs.names()
    assert not fake_obs.recording
    assert connected.as_slice().starting == ()
    assert connected.as_slice().stopping == ()
    assert _actions(memory_log, "record") == ["stop"]
    await connected.set_output("record", "start")  # nothing in between: a start goes at once
    assert fake_obs.recording


@pytest.mark.parametrize(("output", "attr", "event", "middle"), OUTPUTS)
async def test_a_second_stop_while_the_first_waits_is_already_stopping(
    fake_obs: FakeObs,
    connected: ObsControl,
    monkeypatch: pytest.MonkeyPatch,
    output: str,
    attr: str,
    event: str,
    middle: str,
) -> None:
    monkeypatch.setattr(fake_obs, f"_r_Start{middle}", _starts_slowly(fake_obs, event))
    await connected.set_output(output, "start")
    await connected.set_output(output, "stop")
    with pytest.raises(WrongState) as second:
        await connected.set_output(output, "stop")
    assert second.value.message.code == "obs.output_stopping"
    _finish_start(fake_obs, attr, event)
    await _ticks()
    assert fake_obs.names().count(f"Stop{middle}") == 1
    assert not getattr(fake_obs, attr)


@pytest.mark.parametrize(("output", "attr", "event", "middle"), OUTPUTS)
async def test_start_stop_start_quickly_runs_with_no_stop_sent(
    fake_obs: FakeObs,
    connected: ObsControl,
    monkeypatch: pytest.MonkeyPatch,
    memory_log: MemoryLog,
    output: str,
    attr: str,
    event: str,
    middle: str,
) -> None:
    """A start pressed while the stop waits for the output to start drops the stop: the output
    goes on starting, and OBS gets one start and no stop."""
    monkeypatch.setattr(fake_obs, f"_r_Start{middle}", _starts_slowly(fake_obs, event))
    await connected.set_output(output, "start")
    await connected.set_output(output, "stop")
    await connected.set_output(output, "start")
    assert connected.as_slice().starting == (output,)
    assert connected.as_slice().stopping == ()
    with pytest.raises(WrongState) as double:  # and a double press of that start is one
        await connected.set_output(output, "start")
    assert double.value.message.code == "obs.output_running"
    _finish_start(fake_obs, attr, event)
    await _ticks()
    assert connected.is_running(output)
    assert getattr(fake_obs, attr)
    assert fake_obs.names().count(f"Start{middle}") == 1
    assert f"Stop{middle}" not in fake_obs.names()
    assert connected.as_slice().starting == ()
    assert _actions(memory_log, output) == ["start", "stop", "start"]


@pytest.mark.parametrize(("output", "attr", "event", "middle"), OUTPUTS)
async def test_stop_start_stop_quickly_calls_the_waiting_start_off(
    fake_obs: FakeObs,
    connected: ObsControl,
    monkeypatch: pytest.MonkeyPatch,
    memory_log: MemoryLog,
    output: str,
    attr: str,
    event: str,
    middle: str,
) -> None:
    """A start pressed while OBS finishes a stop waits for it; a stop pressed meanwhile calls
    that start off (before: 409 "already stopping", and the output started all the same)."""
    connected.stop_wait_s = 600.0
    await connected.set_output(output, "start")
    monkeypatch.setattr(fake_obs, f"_r_Stop{middle}", _stops_slowly(fake_obs, event))
    await connected.set_output(output, "stop")
    start = asyncio.create_task(connected.set_output(output, "start"))
    await _ticks()
    assert not start.done()
    await connected.set_output(output, "stop")  # taken: the waiting start is called off
    await _ticks()
    assert start.done()
    with pytest.raises(WrongState) as called_off:
        await start
    assert called_off.value.message.code == "obs.output_start_called_off"
    assert connected.as_slice().stopping == (output,)  # OBS is still finishing
    _finish_stop(fake_obs, attr, event)
    await _ticks()
    assert fake_obs.names().count(f"Start{middle}") == 1  # the first start only
    assert fake_obs.names().count(f"Stop{middle}") == 1
    assert not getattr(fake_obs, attr)
    assert connected.as_slice().stopping == ()
    assert _actions(memory_log, output) == ["start", "stop", "stop"]
    with pytest.raises(WrongState) as again:  # nothing waits now: a stop is "not running"
        await connected.set_output(output, "stop")
    assert again.value.message.code == "obs.output_not_running"
    await connected.set_output(output, "start")  # and a start goes at once
    assert getattr(fake_obs, attr)


async def test_stop_start_stop_start_quickly_starts_once_obs_has_stopped(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    connected.stop_wait_s = 600.0
    await connected.set_output("record", "start")
    monkeypatch.setattr(fake_obs, "_r_StopRecord", _stops_slowly(fake_obs, "RecordStateChanged"))
    await connected.set_output("record", "stop")
    first = asyncio.create_task(connected.set_output("record", "start"))
    await _ticks()
    await connected.set_output("record", "stop")
    await _ticks()
    last = asyncio.create_task(connected.set_output("record", "start"))
    await _ticks()
    assert not last.done()
    _finish_stop(fake_obs, "recording", "RecordStateChanged")
    await _ticks()
    with pytest.raises(WrongState):
        await first
    await last
    assert fake_obs.recording
    assert connected.state.recording
    assert fake_obs.names().count("StartRecord") == 2


async def test_a_start_obs_answers_and_then_fails_leaves_nothing_to_stop(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stream could not connect: OBS says STOPPED without STARTED. The stop pressed
    meanwhile has nothing left to do and is never sent."""
    monkeypatch.setattr(fake_obs, "_r_StartStream", _starts_slowly(fake_obs, "StreamStateChanged"))
    await connected.set_output("stream", "start")
    await connected.set_output("stream", "stop")
    fake_obs.emit("StreamStateChanged", outputActive=False, outputState=_STATE + "STOPPED")
    await _ticks()
    assert connected.as_slice().stopping == ()
    assert "StopStream" not in fake_obs.names()
    assert not connected.state.streaming


async def test_a_start_obs_refuses_after_the_stop_was_pressed_leaves_nothing_to_stop(
    fake_obs: FakeObs, connected: ObsControl
) -> None:
    fake_obs.fail_requests["StartStream"] = (702, "no stream service set")
    first, second = await asyncio.gather(
        connected.set_output("stream", "start"),
        connected.set_output("stream", "stop"),
        return_exceptions=True,
    )
    assert isinstance(first, ObsRequestFailed)
    assert second is None
    assert connected.as_slice().stopping == ()
    assert connected.as_slice().starting == ()
    del fake_obs.fail_requests["StartStream"]
    await connected.set_output("stream", "start")  # neither "starting" nor "stopping" now
    assert fake_obs.streaming
    assert "StopStream" not in fake_obs.names()


async def test_the_stop_goes_when_the_stats_poll_finds_the_output_running(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OBS's STARTED event missed (or late): the poll every 2 s sees the output run, and the
    stop pressed while it started goes then."""
    monkeypatch.setattr(fake_obs, "_r_StartRecord", _starts_slowly(fake_obs, "RecordStateChanged"))
    await connected.set_output("record", "start")
    await connected.set_output("record", "stop")
    fake_obs.recording = True  # running in OBS, no word yet
    await connected.poll_stats()
    await _ticks()
    assert fake_obs.names().count("StopRecord") == 1
    assert not fake_obs.recording
    assert connected.as_slice().stopping == ()


async def test_a_late_stop_obs_refuses_is_no_longer_said_stopping(
    fake_obs: FakeObs,
    connected: ObsControl,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(fake_obs, "_r_StartRecord", _starts_slowly(fake_obs, "RecordStateChanged"))
    await connected.set_output("record", "start")
    await connected.set_output("record", "stop")
    fake_obs.fail_requests["StopRecord"] = (702, "the encoder would not stop")
    with caplog.at_level(logging.WARNING, logger="app.services.obs_control"):
        _finish_start(fake_obs, "recording", "RecordStateChanged")
        await _ticks()
    assert connected.state.recording  # as OBS has it: the person sees it and presses again
    assert connected.as_slice().stopping == ()
    assert "StopRecord" in caplog.text
    del fake_obs.fail_requests["StopRecord"]
    await connected.set_output("record", "stop")
    assert not fake_obs.recording


async def test_the_ignored_start_is_never_sent_again_once_stop_was_pressed(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OBS may take a recording start and do nothing; the console sends it again after
    START_NUDGE_S, but never when the producer has pressed stop since: the output stays off,
    and once OBS has said nothing for START_WORD_S nothing is between any more."""
    monkeypatch.setattr("app.services.obs_outputs.START_NUDGE_S", 0.01)
    monkeypatch.setattr(fake_obs, "_r_StartRecord", lambda: {})  # accepted, no word, no output
    phases_clock = Clock(100.0)
    connected._phases._clock = phases_clock
    await connected.set_output("record", "start")
    await connected.set_output("record", "stop")
    assert connected._nudges
    await asyncio.wait_for(asyncio.gather(*connected._nudges), 5)  # its rounds are over
    assert fake_obs.names().count("StartRecord") == 1
    assert "StopRecord" not in fake_obs.names()
    assert connected.as_slice().stopping == ("record",)
    phases_clock.now += 5.5
    await connected.poll_stats()
    assert connected.as_slice().stopping == ()
    assert connected.as_slice().starting == ()
    assert not fake_obs.recording


async def test_a_start_pressed_again_lets_the_ignored_start_be_sent_again(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start, stop, start: the last press is a start, so the start OBS ignored is sent again."""
    monkeypatch.setattr("app.services.obs_outputs.START_NUDGE_S", 0.01)
    started = fake_obs._r_StartRecord
    calls: list[int] = []

    def ignored_once() -> dict[str, Any]:
        calls.append(1)
        return {} if len(calls) == 1 else started()

    monkeypatch.setattr(fake_obs, "_r_StartRecord", ignored_once)
    await connected.set_output("record", "start")
    await connected.set_output("record", "stop")
    await connected.set_output("record", "start")
    for _ in range(200):
        if connected.state.recording:
            break
        await asyncio.sleep(0.005)
    assert connected.state.recording
    assert fake_obs.names().count("StartRecord") == 2
    assert "StopRecord" not in fake_obs.names()


async def test_a_stop_waiting_for_the_start_is_forgotten_with_the_connection(
    fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fake_obs, "_r_StartStream", _starts_slowly(fake_obs, "StreamStateChanged"))
    await connected.set_output("stream", "start")
    await connected.set_output("stream", "stop")
    fake_obs.drop()
    connected.disconnected(None)
    assert connected.as_slice().stopping == ()
    fake_obs.streaming = True  # it started while the console was cut off
    await connected.resync(await fake_obs.connect())
    assert connected.state.streaming
    assert connected.as_slice().stopping == ()
    assert "StopStream" not in fake_obs.names()
