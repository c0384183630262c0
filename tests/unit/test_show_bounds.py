"""A show's bounds: what is live or on stream as a show starts is logged in it from its start,
and End show keeps the show's state, then takes down what the show put up, inside it. Through
the API on a real SQLite log, read back as the report (`report --format json`) reads it."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.store.comments import SqliteComments
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.domain.audience import IncomingComment
from app.domain.overlay_view import FeaturedComment
from app.report_cli import run_report
from app.services.resume import ShowKeeper
from app.services.review import iso_time
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryComments, MemoryLog, MemoryShowState
from tests.support.show_factory import build_show
from tests.unit.conftest import Clock
from tests.unit.test_api_runsheet import SHEET
from tests.unit.test_show_runner import SHEET as RUN_SHEET

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
T0 = 1_731_340_800.0


@dataclass
class Console:
    show: Show
    client: TestClient
    wall: Clock
    monotonic: Clock
    db: Path

    def tick(self, seconds: float) -> None:
        self.wall.now += seconds
        self.monotonic.now += seconds

    async def post(self, path: str, body: object = None) -> Any:
        answer = await self.client.post(path, json=body, headers=AUTH)
        assert answer.status == 200, (path, await answer.text())
        return await answer.json()

    async def state(self) -> Any:
        return await (await self.client.get("/api/state", headers=AUTH)).json()

    def comments(self, *texts: str) -> None:
        assert self.show.audience is not None
        self.show.audience.ingest([IncomingComment("douyin", f"观众{n}", text)
                                   for n, text in enumerate(texts)])  # fmt: skip


@asynccontextmanager
async def console(db: Path, *, at: float = T0) -> AsyncIterator[Console]:
    """The console as the composition root wires it (the show keeper too, whose loop is not
    run: only the saves the show itself asks for happen), its clocks in the test's hands."""
    session_log = SqliteSessionLog(db)
    fake_obs = FakeObs()
    wall, monotonic = Clock(at), Clock(1000.0)
    show = build_show(fake_obs, session_log, comments=SqliteComments(session_log),  # type: ignore[arg-type]
                      wall=wall, monotonic=monotonic)  # fmt: skip
    assert show.audience is not None
    show.keeper = ShowKeeper(show.recorder, show.runner, show.overlays, show.audience,
                             SqliteShowState(session_log), show.bus, clock=wall)  # fmt: skip
    try:
        await show.obs.resync(await fake_obs.connect())
        async with TestClient(TestServer(create_app(show, TOKEN))) as client:
            yield Console(show, client, wall, monotonic, db)
    finally:
        await asyncio.to_thread(session_log.close)


def report(db: Path, session: int | str = "latest") -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    assert run_report(db, str(session), "json", None, out=out, err=err) == 0, err.getvalue()
    found: dict[str, Any] = json.loads(out.getvalue())
    return found


# ----- a segment cued before Start show ---------------------------------------------------------
async def test_a_segment_cued_before_the_show_runs_in_it_from_its_start(tmp_path: Path) -> None:
    """Space pressed before Start show: the segment is the show's from its start, with the
    comments and questions of that time, and is not reported as never run."""
    async with console(tmp_path / "livedesk.db") as c:
        await c.post("/api/runsheet", SHEET)
        await c.post("/api/cue/next")  # no show yet
        c.tick(5)
        await c.post("/api/session/start", {"title": "第一场"})
        c.tick(1)
        c.comments("老师好", "多少钱？")
        c.tick(29)
        state = await c.state()
        assert state["runsheet"]["elapsed_s"] == 30  # its clock runs from the show's start
        await c.post("/api/cue/next")
        c.tick(10)
        await c.post("/api/session/end")
    segments = report(c.db)["segments"]
    assert [s["title"] for s in segments] == ["开场", "讲解", "商品"]
    first = segments[0]
    assert first["actual_start"] == iso_time(T0 + 5)  # the show's start
    assert (first["skipped"], first["actual_s"]) == (False, 30)
    assert (first["comments"], first["questions"]) == (2, 1)
    assert first["points_planned"] == 2
    assert [s["skipped"] for s in segments] == [False, False, True]


async def test_the_carried_in_segment_is_marked_in_the_log(
    show: Show, fake_obs: FakeObs, memory_log: MemoryLog
) -> None:
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(RUN_SHEET)
    await show.runner.goto(2)  # its card and coupon go up, before any show
    session = await show.recorder.start("第一场")
    in_show = [e for e in memory_log.entries if e.session_id == session.id]
    assert [e.kind for e in in_show] == [kinds.SESSION_START, kinds.SEGMENT_START,
                                         kinds.PRODUCT_SHOW, kinds.COUPON_START]  # fmt: skip
    start = in_show[1].data
    assert (start["index"], start["title"], start["carried_in"]) == (2, "商品 The course", True)
    assert in_show[2].data["sku"] == "SKU-1"
    assert in_show[3].data["code"] == "FLASH50"
    assert all(e.data["carried_in"] for e in in_show[1:])


# ----- End show takes down what the show put up --------------------------------------------------
async def test_end_show_takes_the_card_and_coupon_down_inside_it(tmp_path: Path) -> None:
    """The card and the countdown do not run on, unlogged, into the next show."""
    async with console(tmp_path / "livedesk.db") as c:
        await c.post("/api/runsheet", SHEET)
        first = (await c.post("/api/session/start", {"title": "第一场"}))["id"]
        await c.post("/api/cue/goto", {"index": 2})  # card SKU-1, coupon FLASH
        c.tick(20)
        await c.post("/api/session/end")
        overlay = (await c.state())["overlay"]
        assert (overlay["product"], overlay["coupon"]) == (None, None)
        c.tick(60)
        second = (await c.post("/api/session/start", {"title": "第二场"}))["id"]
        c.tick(30)
        await c.post("/api/session/end")
    one, two = report(c.db, first), report(c.db, second)
    assert [(p["sku"], p["on_screen_s"]) for p in one["products"]] == [("SKU-1", 20)]
    assert [(k["code"], k["seconds"]) for k in one["coupons"]] == [("FLASH", 20)]
    ended = [e for e in one["events"] if e["kind"] == kinds.COUPON_END]
    assert [e["reason"] for e in ended] == ["show_end"]
    assert (two["products"], two["coupons"]) == ([], [])
    kept = {e["kind"] for e in two["events"]}
    assert not kept & {kinds.PRODUCT_SHOW, kinds.PRODUCT_HIDE, kinds.COUPON_START,
                       kinds.COUPON_END}  # fmt: skip


async def test_what_is_put_up_between_shows_counts_in_the_next(tmp_path: Path) -> None:
    async with console(tmp_path / "livedesk.db") as c:
        await c.post("/api/runsheet", SHEET)
        await c.post("/api/overlay/product", {"sku": "SKU-1"})
        await c.post("/api/overlay/coupon", {"code": "FLASH"})
        c.tick(30)
        await c.post("/api/session/start", {"title": "第一场"})
        c.tick(40)
        await c.post("/api/session/end")
    found = report(c.db)
    assert [(p["sku"], p["on_screen_s"]) for p in found["products"]] == [("SKU-1", 40)]
    assert [(k["code"], k["from_s"], k["seconds"]) for k in found["coupons"]] == [("FLASH", 0, 40)]
    start = next(e for e in found["events"] if e["kind"] == kinds.COUPON_START)
    assert start["seconds"] == 90  # of its 120 s, 30 s ran out before the show


async def test_end_show_logs_what_comes_down_before_it_ends(
    show: Show, fake_obs: FakeObs, memory_log: MemoryLog
) -> None:
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(RUN_SHEET)
    session = await show.recorder.start("第一场")
    await show.runner.goto(2)
    show.overlays.feature(FeaturedComment(user="小明", text="多少钱？", platform="douyin"))
    show.overlays.show_thanks()
    await show.recorder.end()
    assert (show.overlays.product, show.overlays.countdown, show.overlays.featured) == (
        None, None, None)  # fmt: skip
    assert show.overlays.thanks_on  # the producer's setting, not the show's
    tail = [e.kind for e in memory_log.entries if e.session_id == session.id][-5:]
    assert tail == [kinds.SEGMENT_END, kinds.PRODUCT_HIDE, kinds.COUPON_END, kinds.FEATURED_HIDE,
                    kinds.SESSION_END]  # fmt: skip


# ----- End show keeps the state first -----------------------------------------------------------
async def test_a_sheet_loaded_just_before_end_show_keeps_its_plan(tmp_path: Path) -> None:
    """The report's plan is the run-sheet the keeper kept: End show keeps it first, so the
    segments that never ran are listed even when the sheet came less than a tick before."""
    async with console(tmp_path / "livedesk.db") as c:
        await c.post("/api/session/start", {"title": "第一场"})
        await c.post("/api/runsheet", SHEET)
        await c.post("/api/cue/next")
        c.tick(3)
        await c.post("/api/session/end")
    segments = report(c.db)["segments"]
    assert [(s["title"], s["skipped"]) for s in segments] == [
        ("开场", False), ("讲解", True), ("商品", True)]  # fmt: skip


async def test_a_failing_save_does_not_stop_end_show(show: Show) -> None:
    class FullDisk(MemoryShowState):
        def save_state(self, session_id: int, saved_at: float, state: dict[str, Any]) -> None:
            raise OSError("disk full")

    assert show.audience is not None
    show.keeper = ShowKeeper(show.recorder, show.runner, show.overlays, show.audience,
                             FullDisk(MemoryComments()), show.bus)  # fmt: skip
    await show.recorder.start("第一场")
    await show.recorder.end()
    assert show.recorder.session is None


@pytest.mark.parametrize("cue_first", [False, True])
async def test_resume_after_a_crash_logs_nothing_carried_in(
    tmp_path: Path, cue_first: bool
) -> None:
    """Carried-in entries are for a new show only: resuming one takes it up as it was."""
    db = tmp_path / "livedesk.db"
    async with console(db) as c:
        await c.post("/api/runsheet", SHEET)
        await c.post("/api/session/start", {"title": "第一场"})
        if cue_first:
            await c.post("/api/cue/goto", {"index": 2})
        else:
            await c.post("/api/overlay/product", {"sku": "SKU-1"})
        assert c.show.keeper is not None
        assert c.show.keeper.save_now()
    # the console died without End show; a new one resumes the show
    async with console(db, at=T0 + 60) as after:
        await after.post("/api/session/resume")
        state = await after.state()
        assert state["overlay"]["product"] == "SKU-1"
        if cue_first:
            assert state["overlay"]["coupon"]["code"] == "FLASH"
            assert state["runsheet"]["index"] == 2
        await after.post("/api/session/end")
    events = report(db)["events"]
    assert not [e for e in events if e.get("carried_in")]
    shown = [e["kind"] for e in events if e["kind"].startswith("overlay.product")]
    assert shown == [kinds.PRODUCT_SHOW, kinds.PRODUCT_HIDE]
