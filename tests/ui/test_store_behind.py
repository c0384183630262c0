"""The store bar while the show log falls more than a second behind a flood (ingest answers 429
meanwhile): said once, and said again when it has caught up."""

from __future__ import annotations

from typing import Any

from app.services.events import StoreBehind, StoreCaughtUp
from app.services.show import Show
from app.services.store_watch import StoreWatch
from app.ui.main_window import MainWindow
from tests.ui.conftest import Until


async def test_a_log_falling_behind_is_shown_until_it_catches_up(
    window: MainWindow, show: Show, until: Until
) -> None:
    bar = window.store_bar
    health: dict[str, Any] = {"failing": False, "problem": None, "dropped": 0, "set_aside": 0,
                              "behind_s": 0.4}  # fmt: skip
    watch = StoreWatch(lambda: health, show.bus)
    assert watch.check() is None
    health["behind_s"] = 2.26
    assert watch.check() == StoreBehind(behind_s=2.3)
    await until(lambda: bar.isVisible() and "behind" in bar.headline.text())
    assert "429" in bar.detail.text()
    health["behind_s"] = 3.5
    assert watch.check() is None  # one event per episode
    bar._hide_timer.setInterval(50)
    health["behind_s"] = 0.2
    assert watch.check() == StoreCaughtUp()
    await until(lambda: "caught up" in bar.headline.text())
    await until(lambda: bar.isHidden())
    assert not bar.failing
