"""One rule for viewers, the console's and the report's: each platform's latest count stands
until it reports again, for 10 minutes after its last report at most (a source that stopped no
longer inflates "viewers now"), and a show starts with the counts reported in the 10 minutes
before it, whatever they were logged under. The console's figures and the report then agree."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from app.adapters.store.comments import SqliteComments
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.state_json import state_json
from app.domain.audience import Comment, IncomingComment, Kind
from app.domain.tally import AudienceTally
from app.domain.viewer_counts import VIEWERS_STAND_S, viewer_steps
from app.report_cli import run_report
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock
from tests.unit.test_show_runner import SHEET

T = 1_760_000_000.0


def viewers(platform: str, count: int, ts: float | None = None) -> IncomingComment:
    return IncomingComment(platform, "", "", kind=Kind.VIEWERS, count=count, ts=ts)


def counted(platform: str, count: int, ts: float) -> Comment:
    return Comment(0, platform, "", "", ts, kind=Kind.VIEWERS, count=count)


# ----- the rule ----------------------------------------------------------------------------------
def test_a_count_runs_out_ten_minutes_after_its_last_report() -> None:
    steps = viewer_steps([(T, "youtube", 1234), (T + 5, "bilibili", 80),
                          (T + 300, "bilibili", 90)])  # fmt: skip
    assert steps == [(T, 1234), (T + 5, 1314), (T + 300, 1324),
                     (T + VIEWERS_STAND_S, 90),  # youtube said nothing more
                     (T + 300 + VIEWERS_STAND_S, 0)]  # fmt: skip


def test_the_tally_drops_a_silent_platform_and_a_new_show_starts_with_the_recent_counts() -> None:
    tally = AudienceTally()
    tally.add(counted("youtube", 1234, T))
    tally.add(counted("bilibili", 80, T + 500))
    assert tally.viewers_at(T + 501) == 1314
    assert tally.viewers_at(T + VIEWERS_STAND_S) == 80  # youtube stopped 10 minutes ago
    show = tally.for_a_new_show(T + 700)  # youtube's count is older than 10 minutes
    assert (show.viewers_at(T + 700), show.viewers_peak) == (80, 80)
    assert show.viewers_by_platform == {"bilibili": 80}
    show.add(counted("twitch", 20, T + 710))
    assert (show.viewers, show.viewers_peak) == (100, 100)
    assert show.as_api(T + 500 + VIEWERS_STAND_S)["viewers"] == 20  # bilibili ran out
    again = AudienceTally.restored(show.snapshot())  # resume keeps each count's report time
    assert again.viewers_reported == {"bilibili": T + 500, "twitch": T + 710}
    assert again.viewers_at(T + 500 + VIEWERS_STAND_S) == 20


def test_the_console_drops_a_platform_that_stopped_reporting(show: Show, clock: Clock) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([viewers("youtube", 1234), viewers("bilibili", 80)])
    assert state_json(show.state())["audience"]["viewers"] == 1314
    clock.now += 300
    audience.ingest([viewers("bilibili", 90)])
    clock.now += 400  # youtube's stream ended 11 minutes ago and sends no count
    room = state_json(show.state())["audience"]
    assert (room["viewers"], room["viewers_peak"]) == (90, 1324)


async def test_a_count_from_a_show_long_over_does_not_carry_into_the_next(
    show: Show, clock: Clock
) -> None:
    audience = show.audience
    assert audience is not None
    await show.recorder.start("第一场")
    audience.ingest([viewers("youtube", 1234)])
    await show.recorder.end()
    clock.now += 700
    await show.recorder.start("第二场")
    audience.ingest([viewers("bilibili", 80)])
    room = state_json(show.state())["audience"]
    assert (room["viewers"], room["viewers_peak"]) == (80, 80)


# ----- the console and the report agree ----------------------------------------------------------
@pytest.fixture
async def logged(tmp_path: Path) -> AsyncIterator[tuple[Show, SqliteSessionLog, Clock]]:
    clock, obs = Clock(T), FakeObs()
    writer = SqliteSessionLog(tmp_path / "livedesk.db")
    show = build_show(obs, writer, comments=SqliteComments(writer), wall=clock,  # type: ignore[arg-type]
                      monotonic=clock)  # fmt: skip
    await show.obs.resync(await obs.connect())
    try:
        yield show, writer, clock
    finally:
        writer.close()


async def _report(writer: SqliteSessionLog, session: int) -> dict[str, Any]:
    await writer.flush()
    out, err = io.StringIO(), io.StringIO()
    assert run_report(writer.path, str(session), "json", None, out=out, err=err) == 0, err
    report: dict[str, Any] = json.loads(out.getvalue())
    return report


async def test_the_report_starts_from_the_counts_in_force_at_the_start(
    logged: tuple[Show, SqliteSessionLog, Clock],
) -> None:
    """Counts reported before Start show (the sources are connected first) are the show's
    viewers until they change: the report's peak and average are what the console showed."""
    show, writer, clock = logged
    audience = show.audience
    assert audience is not None
    audience.ingest([viewers("bilibili", 500), viewers("youtube", 40)])  # under no show
    clock.now += 30
    session = await show.recorder.start("报告")
    await show.runner.load(SHEET)
    await show.runner.next()
    clock.now += 60
    await show.runner.next()
    clock.now += 30
    audience.ingest([viewers("youtube", 60)])
    clock.now += 30
    room = state_json(show.state())["audience"]
    await show.recorder.end()
    report = await _report(writer, session.id)
    assert (room["viewers"], room["viewers_peak"]) == (560, 560)
    assert report["audience"]["viewers_peak"] == room["viewers_peak"]
    opening, lesson = report["segments"][:2]
    assert (opening["viewers_peak"], opening["viewers_avg"]) == (540, 540.0)
    assert (lesson["viewers_peak"], lesson["viewers_avg"]) == (560, 550.0)


async def test_the_report_leaves_out_counts_older_than_ten_minutes(
    logged: tuple[Show, SqliteSessionLog, Clock],
) -> None:
    """The last show's counts seed the next one's when they are recent, from any session, and
    not when they are older than 10 minutes: as the console's figures."""
    show, writer, clock = logged
    audience = show.audience
    assert audience is not None
    await show.recorder.start("第一场")
    audience.ingest([viewers("youtube", 1234), viewers("bilibili", 70)])
    clock.now += 240
    audience.ingest([viewers("bilibili", 75)])
    await show.recorder.end()
    clock.now += 400  # youtube's count is 640 s old, bilibili's 400 s
    second = await show.recorder.start("第二场")
    audience.ingest([viewers("twitch", 5)])
    clock.now += 60
    room = state_json(show.state())["audience"]
    await show.recorder.end()
    report = await _report(writer, second.id)
    assert (room["viewers"], room["viewers_peak"]) == (80, 80)
    assert report["audience"]["viewers_peak"] == 80
