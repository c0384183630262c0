"""OBS gone mid-show (killed, crashed, the network dropped), against the fake OBS: while cut off
no output is said to run and no event gets an output timecode; the re-sync logs what ended
meanwhile; a replay save waiting for OBS's word fails at once instead of claiming success."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.domain.obs_state import OutputStats
from app.services import obs_outputs
from app.services.errors import ObsUnavailable
from app.services.events import Event, RecordChanged, StreamChanged
from app.services.obs_control import ObsControl
from app.services.ports import ConnectProblem
from app.services.show import Show
from app.services.supervisor import Backoff, ObsSupervisor
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.waiting import eventually
from tests.unit.conftest import Clock

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GONE = ConnectProblem("lost", "The connection to OBS was lost", "LiveDesk reconnects by itself")
ENDED = "ended while OBS was disconnected"


async def _live(fake_obs: FakeObs, control: ObsControl) -> None:
    """Streaming and recording, the clocks set by a poll (the fake says 12.5 s in)."""
    await control.set_output("record", "start")
    await control.set_output("stream", "start")
    await control.poll_stats()


def _lose(fake_obs: FakeObs, control: ObsControl) -> None:
    fake_obs.drop()
    control.disconnected(GONE)


async def _ticks(n: int = 20) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


# ----- while cut off ---------------------------------------------------------------------------
async def test_while_cut_off_no_output_runs_and_no_figures_are_shown(
    fake_obs: FakeObs, connected: ObsControl
) -> None:
    await _live(fake_obs, connected)
    assert connected.as_slice().stats.record_timecode is not None
    _lose(fake_obs, connected)
    shown = connected.as_slice()
    assert not shown.connected
    running = (shown.streaming, shown.recording, shown.replay_buffer, shown.virtualcam)
    assert running == (False, False, False, False)
    assert shown.stats == OutputStats()
    assert shown.scenes == ("Opening", "Teaching", "Product", "BRB")  # as last seen


async def test_api_state_says_nothing_runs_while_obs_is_gone(
    show: Show, fake_obs: FakeObs, connected: ObsControl
) -> None:
    await _live(fake_obs, connected)
    _lose(fake_obs, connected)
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        obs = (await (await client.get("/api/state", headers=AUTH)).json())["obs"]
    assert (obs["connected"], obs["streaming"], obs["recording"]) == (False, False, False)
    assert obs["stats"]["record_timecode"] is None
    assert obs["stats"]["fps"] == 0


async def test_events_while_cut_off_get_no_output_timecodes(
    show: Show, fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog, clock: Clock
) -> None:
    await _live(fake_obs, connected)
    clock.now += 2.0
    _lose(fake_obs, connected)
    lost = memory_log.of_kind(kinds.OBS_DISCONNECTED)[-1]
    assert lost.record_tc == pytest.approx(14.5)  # where the recording was at the loss
    clock.now += 60.0
    marker = await show.markers.mark("while OBS is gone")
    assert (marker["record_tc"], marker["stream_tc"]) == (None, None)
    assert connected.timecodes(clock.now) == (None, None)


# ----- the re-sync -----------------------------------------------------------------------------
async def test_the_resync_logs_the_outputs_that_ended_while_cut_off(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog, published: list[Event]
) -> None:
    await _live(fake_obs, connected)
    _lose(fake_obs, connected)
    fake_obs.streaming = fake_obs.recording = False  # OBS was killed: both ended with it
    published.clear()
    await connected.resync(await fake_obs.connect())
    record = memory_log.of_kind(kinds.OBS_RECORD)[-1]
    assert record.data.items() >= {"active": False, "path": "/tmp/x.mkv", "reason": ENDED}.items()
    assert record.record_tc is None
    assert memory_log.of_kind(kinds.OBS_STREAM)[-1].data == {"active": False, "reason": ENDED}
    assert RecordChanged(False, "/tmp/x.mkv") in published
    assert StreamChanged(False) in published
    connected_entry = memory_log.of_kind(kinds.OBS_CONNECTED)[-1]
    assert (connected_entry.data["streaming"], connected_entry.data["recording"]) == (False, False)


async def test_outputs_still_running_after_the_loss_are_followed_again(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog, clock: Clock
) -> None:
    """A network drop: OBS went on recording. No stop or start is logged, the obs.connected
    entry says the recording runs, and the timecodes come back from OBS's status."""
    await _live(fake_obs, connected)
    before = len(memory_log.of_kind(kinds.OBS_RECORD))
    _lose(fake_obs, connected)
    clock.now += 30.0
    await connected.resync(await fake_obs.connect())
    assert len(memory_log.of_kind(kinds.OBS_RECORD)) == before
    assert memory_log.of_kind(kinds.OBS_CONNECTED)[-1].data["recording"] is True
    assert connected.as_slice().recording
    assert connected.timecodes(clock.now)[1] == pytest.approx(12.5)


async def test_a_recording_started_while_cut_off_is_logged_as_a_start(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog
) -> None:
    await connected.set_output("record", "start")
    await connected.set_output("record", "stop")
    _lose(fake_obs, connected)
    fake_obs.recording = True  # started in OBS itself meanwhile
    await connected.resync(await fake_obs.connect())
    entry = memory_log.of_kind(kinds.OBS_RECORD)[-1]
    expected = {
        "active": True,
        "path": None,  # the file of the stopped one is not this one's
        "reason": "started while OBS was disconnected",
    }
    assert entry.data.items() >= expected.items()


async def test_a_failed_attempt_after_the_loss_keeps_what_ran_at_the_loss(
    fake_obs: FakeObs, connected: ObsControl, memory_log: MemoryLog
) -> None:
    """OBS is back only on the third try: what ran at the loss is still compared."""
    await _live(fake_obs, connected)
    _lose(fake_obs, connected)
    connected.disconnected(ConnectProblem("refused", "OBS is not running", "Start OBS"))
    connected.disconnected(ConnectProblem("refused", "OBS is not running", "Start OBS"))
    fake_obs.streaming = fake_obs.recording = False
    await connected.resync(await fake_obs.connect())
    assert memory_log.of_kind(kinds.OBS_RECORD)[-1].data["reason"] == ENDED
    assert len(memory_log.of_kind(kinds.OBS_DISCONNECTED)) == 1


async def test_the_supervisor_s_reconnect_logs_the_end_of_a_killed_recording(
    fake_obs: FakeObs, control: ObsControl, memory_log: MemoryLog
) -> None:
    supervisor = ObsSupervisor(fake_obs, control, backoff=Backoff(first=0.01, ceiling=0.05),
                               stats_interval=600)  # fmt: skip
    task = asyncio.create_task(supervisor.run())
    try:
        await eventually(lambda: control.state.connected, "connected", 5.0, 0.005)
        await control.set_output("record", "start")
        fake_obs.drop()
        fake_obs.recording = False  # OBS killed: it comes back without the recording
        await eventually(lambda: fake_obs.connects == 2 and control.state.connected,
                         "reconnected", 5.0, 0.005)  # fmt: skip
    finally:
        task.cancel()
    assert memory_log.of_kind(kinds.OBS_RECORD)[-1].data["reason"] == ENDED
    assert not control.as_slice().recording


# ----- a replay save when OBS goes ---------------------------------------------------------------
def _accepts_save_but_never_says(fake_obs: FakeObs) -> Any:
    """OBS takes the save and dies (or stays silent) before ReplayBufferSaved."""

    def save() -> dict[str, Any]:
        fake_obs.saves += 1
        return {}

    return save


async def test_a_replay_save_fails_at_once_when_obs_goes_before_naming_the_file(
    show: Show,
    fake_obs: FakeObs,
    connected: ObsControl,
    memory_log: MemoryLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await connected.set_output("replay_buffer", "start")
    monkeypatch.setattr(fake_obs, "_r_SaveReplayBuffer", _accepts_save_but_never_says(fake_obs))
    saving = asyncio.create_task(show.markers.save_replay(origin="api"))
    await _ticks()
    assert fake_obs.saves == 1
    assert not saving.done()
    _lose(fake_obs, connected)
    await _ticks()
    assert saving.done()  # at once: not after the 10 s wait for the file's name
    with pytest.raises(ObsUnavailable) as failed:
        await saving
    assert failed.value.status == 503
    assert failed.value.message.code == "obs.replay_unconfirmed"
    assert memory_log.of_kind(kinds.MARKER) == []  # no "Replay saved" for a replay that may not be


async def test_the_replay_route_answers_503_when_obs_goes_before_naming_the_file(
    show: Show, fake_obs: FakeObs, connected: ObsControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    await connected.set_output("replay_buffer", "start")
    monkeypatch.setattr(fake_obs, "_r_SaveReplayBuffer", _accepts_save_but_never_says(fake_obs))
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        saving = asyncio.create_task(client.post("/api/replay/save", headers=AUTH))
        await eventually(lambda: fake_obs.saves == 1, "OBS took the save", 5.0, 0.005)
        _lose(fake_obs, connected)
        answer = await saving
        assert answer.status == 503
        assert "replay" in (await answer.json())["error"]


async def test_a_replay_obs_never_names_is_marked_unconfirmed(
    show: Show,
    fake_obs: FakeObs,
    connected: ObsControl,
    memory_log: MemoryLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Still connected, but OBS does not name the file in time: the path is null and the
    marker says the save is unconfirmed."""
    monkeypatch.setattr(obs_outputs, "REPLAY_PATH_WAIT_S", 0.01)
    await connected.set_output("replay_buffer", "start")
    monkeypatch.setattr(fake_obs, "_r_SaveReplayBuffer", _accepts_save_but_never_says(fake_obs))
    saved = await show.markers.save_replay()
    assert saved["path"] is None
    assert saved["marker"]["note"] == "Replay saved (unconfirmed)"
    assert [e.data["note"] for e in memory_log.of_kind(kinds.MARKER)] == [
        "Replay saved (unconfirmed)"
    ]
