"""The keeper's save (capture + encode, what it costs the loop every quarter second) with a
250,000-entrant lottery open and taking entries, beside the same save with no interaction (the
floor). The entrants are rows of interaction_viewers (appended as they enter), so the kept part
is a header; for reference, the same save with the entrants inline as the previous LiveDesk kept
them."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from app.adapters.store.comments import SqliteComments
from app.adapters.store.interaction_viewers import SqliteInteractionViewers
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.domain.audience import Comment
from app.domain.interaction.viewers import MAX_VIEWERS
from app.services.audience import Audience
from app.services.event_bus import EventBus
from app.services.interaction import Interaction
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.resume import ShowKeeper
from app.services.session import ShowRecorder
from app.services.show_runner import ShowRunner
from tests.bench.conftest import BenchTable
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryCatalog
from tests.support.show_factory import _classify, _question_key

ENTRANTS, BATCH, SAVES = MAX_VIEWERS, 1_000, 40


def _batch(start: int, count: int) -> list[Comment]:
    return [Comment(n, "douyin", f"观众{n}", "666", time.time(), user_id=f"u{n}")
            for n in range(start, start + count)]  # fmt: skip


async def _saves(tmp: Path, *, lottery: bool, stored: bool, saves: int) -> list[float]:
    """ms of each keeper save, a batch of 50 new entrants entering before each (the part is
    new every time, as in a flood)."""
    writer = SqliteSessionLog(tmp / f"livedesk-{lottery}-{stored}.db")
    try:
        bus = EventBus()
        recorder = ShowRecorder(writer, bus)
        control = ObsControl(FakeObs(), recorder, bus)
        overlays = OverlayControl(recorder, bus, lambda: runner.catalog())
        runner = ShowRunner(control, overlays, recorder, bus, MemoryCatalog())
        audience = Audience(recorder, bus, SqliteComments(writer), overlays, _classify,
                            _question_key)  # fmt: skip
        viewers = SqliteInteractionViewers(writer) if stored else None
        interaction = Interaction(recorder, bus, viewers=viewers)
        keeper = ShowKeeper(recorder, runner, overlays, audience, SqliteShowState(writer), bus,
                            interaction=interaction if lottery else None)  # fmt: skip
        await recorder.start("福袋专场")
        n = 0
        if lottery:
            interaction.open_lottery("666")
            while n < ENTRANTS - saves * 50:
                count = min(BATCH, ENTRANTS - saves * 50 - n)
                interaction.take(_batch(n, count))
                n += count
        await writer.flush()
        took = []
        for _ in range(saves):
            interaction.take(_batch(n, 50))
            n += 50
            began = time.perf_counter()
            assert keeper.save_now()
            took.append((time.perf_counter() - began) * 1000)
        await writer.flush()
        if lottery:
            assert interaction.state().lottery.entrants == n  # type: ignore[union-attr]
        return took
    finally:
        writer.close()


async def test_the_keepers_save_with_a_quarter_million_entrants(
    tmp_path: Path, bench_table: BenchTable
) -> None:
    floor = statistics.median(await _saves(tmp_path, lottery=False, stored=True, saves=SAVES))
    stored = statistics.median(await _saves(tmp_path, lottery=True, stored=True, saves=SAVES))
    inline = statistics.median(await _saves(tmp_path, lottery=True, stored=False, saves=5))
    bench_table.add(
        f"keeper save, {ENTRANTS:,} entrants stored as rows (capture + encode, median)",
        f"{stored:.2f} ms", f"{floor:.2f} ms (no interaction)", f"{stored / floor:.1f}x",
        "<= 5 ms",
    )  # fmt: skip
    bench_table.add(
        f"keeper save, {ENTRANTS:,} entrants inline (the previous format, for reference)",
        f"{inline:.1f} ms", f"{floor:.2f} ms (no interaction)", f"{inline / floor:.0f}x", "-",
    )  # fmt: skip
    assert stored > 0
    assert floor > 0
