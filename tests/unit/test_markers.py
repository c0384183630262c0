from __future__ import annotations

import pytest

from app.domain import log_events as kinds
from app.services.errors import BadInput
from app.services.obs_control import ObsControl
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog


async def test_a_marker_is_logged_with_its_timecode(
    show: Show, connected: ObsControl, fake_obs: FakeObs, memory_log: MemoryLog
) -> None:
    await connected.set_output("record", "start")
    await connected.poll_stats()  # the recording is 12.5 s in
    marker = await show.markers.mark("  讲到重点  了 ", origin="hotkey")
    assert marker["note"] == "讲到重点 了"
    assert marker["record_tc"] == pytest.approx(12.5)
    logged = memory_log.of_kind(kinds.MARKER)[-1]
    assert logged.data == {"note": "讲到重点 了", "origin": "hotkey"}
    assert marker["chapter"] is False  # this OBS (5.1) has no CreateRecordChapter
    names_before = fake_obs.names().count("CreateRecordChapter")
    await show.markers.mark("again")
    assert fake_obs.names().count("CreateRecordChapter") == names_before  # not asked again


async def test_obs_that_can_gets_a_recording_chapter(
    show: Show, connected: ObsControl, fake_obs: FakeObs
) -> None:
    fake_obs.chapters_supported = True
    assert (await show.markers.mark("no recording yet"))["chapter"] is False
    await connected.set_output("record", "start")
    marker = await show.markers.mark("")
    assert marker["chapter"] is True
    assert marker["note"] == "Marker 2"
    assert ("CreateRecordChapter", {"chapterName": "Marker 2"}) in fake_obs.calls


async def test_bad_notes(show: Show) -> None:
    with pytest.raises(BadInput):
        await show.markers.mark("x" * 201)
