"""The show log's problems in the window: a bar that stays while the log cannot be written (fed by
the writer's health through StoreWatch and the bus), and the question before setting a damaged
log aside."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.events import StoreProblem, StoreRecovered, StoreSetAside
from app.services.show import Show
from app.services.store_watch import StoreWatch
from app.ui import store_bar as store_bar_module
from app.ui.main_window import MainWindow
from app.ui.store_dialogs import ask_set_aside, set_aside_box
from tests.ui.conftest import Until

PROBLEM = {
    "kind": "disk_full",
    "message": "The disk holding /media/show is full: the show log is not being written.",
    "hint": "Free some space on that disk.",
    "path": "/media/show/livedesk.db",
}


async def test_the_window_says_while_the_log_is_not_written(
    window: MainWindow, show: Show, until: Until
) -> None:
    bar = window.store_bar
    health: dict[str, Any] = {"failing": False, "problem": None, "unwritten": 0, "dropped": 0}
    watch = StoreWatch(lambda: health, show.bus)
    watch.check()
    assert bar.isHidden()

    health.update(failing=True, problem=PROBLEM, unwritten=120, failing_since=time.time())
    watch.check()
    await until(lambda: bar.isVisible())
    assert "/media/show/livedesk.db" in bar.headline.text()
    assert "full" in bar.headline.text()
    assert "120" in bar.detail.text()
    assert "show goes on" in bar.detail.text()
    assert PROBLEM["hint"] in bar.toolTip()
    health["unwritten"] = 480
    watch.check()
    await until(lambda: "480" in bar.detail.text())
    # the show goes on: a scene switch from the window still works
    await show.obs.switch_scene("Product", origin="console")
    assert show.obs.state.program_scene == "Product"

    bar._hide_timer.setInterval(50)  # the "written again" note hides by itself
    health.update(failing=False, problem=None, unwritten=0)
    watch.check()
    await until(lambda: "written again" in bar.headline.text())
    assert "Everything kept" in bar.detail.text()
    await until(lambda: bar.isHidden())


def test_a_recovery_that_lost_entries_says_how_many(qtbot: Any) -> None:
    bar = store_bar_module.StoreBar()
    qtbot.addWidget(bar)
    bar.on_event(StoreRecovered(failed_for_s=None, lost=3))
    assert bar.isHidden()  # nothing was wrong as far as it knew
    for kind in ("read_only", "locked", "io_error", "damaged", "other"):
        bar.on_event(StoreProblem(kind=kind, message=PROBLEM["message"], hint=PROBLEM["hint"],
                                  path=PROBLEM["path"], unwritten=1, since=None))  # fmt: skip
        assert PROBLEM["path"] in bar.headline.text(), kind
    bar.on_event(StoreRecovered(failed_for_s=None, lost=3))
    assert "3 entries" in bar.detail.text()


def test_the_set_aside_question(qtbot: Any) -> None:
    box, set_aside = set_aside_box("/data/livedesk.db", "file is not a database")
    qtbot.addWidget(box)
    assert "/data/livedesk.db" in box.text()
    assert "livedesk.db.broken-" in box.informativeText()
    assert box.detailedText() == "file is not a database"
    assert box.defaultButton() is not set_aside  # quitting is the default: nothing is moved
    assert box.icon() == QMessageBox.Icon.Warning


@pytest.mark.parametrize("choose", ["set_aside", "quit"])
def test_ask_set_aside_answers_once(qtbot: Any, choose: str) -> None:
    answers: list[bool] = []
    box = ask_set_aside("/data/livedesk.db", "malformed", answers.append)
    qtbot.addWidget(box)
    qtbot.waitUntil(box.isVisible)
    assert box.windowModality() == Qt.WindowModality.WindowModal  # open(), never exec()
    button = next(b for b in box.buttons() if ("aside" in b.text()) == (choose == "set_aside"))
    button.click()
    qtbot.waitUntil(lambda: answers != [])
    assert answers == [choose == "set_aside"]
    QApplication.processEvents()
    assert not box.isVisible()


async def test_an_entry_the_log_refused_is_a_warning_not_a_failing_log(
    window: MainWindow, show: Show, until: Until
) -> None:
    """The writer set a row aside (everything else written): the bar says how many and why,
    then hides by itself; it never takes the place of a failing log's warning."""
    bar = window.store_bar
    health: dict[str, Any] = {"failing": False, "problem": None, "unwritten": 0, "dropped": 0,
                              "set_aside": 0, "last_set_aside": None}  # fmt: skip
    watch = StoreWatch(lambda: health, show.bus)
    assert watch.check() is None
    assert bar.isHidden()
    reason = "IntegrityError: FOREIGN KEY constraint failed"
    health.update(set_aside=2, dropped=2, last_set_aside=reason)
    assert watch.check() == StoreSetAside(count=2, new=2, reason=reason)
    await until(lambda: bar.isVisible())
    assert "2 entries" in bar.headline.text()
    assert "everything else is written" in bar.headline.text()
    assert "FOREIGN KEY" in bar.detail.text()
    assert not bar.failing
    assert watch.check() is None  # nothing new, nothing published
    bar._set_aside_timer.setInterval(50)
    health["set_aside"] = 3
    assert watch.check() == StoreSetAside(count=3, new=1, reason=reason)
    await until(lambda: "3 entries" in bar.headline.text())
    await until(lambda: bar.isHidden())

    health.update(failing=True, problem=PROBLEM, unwritten=5, failing_since=time.time())
    watch.check()
    await until(lambda: bar.isVisible() and "full" in bar.headline.text())
    health["set_aside"] = 4
    watch.check()
    bar.on_event(StoreSetAside(count=4, new=1, reason=reason))
    assert "full" in bar.headline.text()  # the failing log's warning stays
