"""The pre-flight dialog: what show.preflight() finds, listed with marks, non-modal, run again."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.domain.catalog import Catalog
from app.services.show import Show
from app.ui.main_window import MainWindow
from app.ui.preflight_dialog import PreflightDialog
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.ui.conftest import Until
from tests.ui.test_cue_panel import make_sheet


@pytest.fixture
async def show(fake_obs: FakeObs, memory_log: MemoryLog) -> Show:
    """Overrides conftest's: the second segment wants a scene OBS does not have."""
    show = build_show(fake_obs, memory_log)
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(make_sheet(product_scene="Missing"))
    return show


def _dialog(window: MainWindow) -> PreflightDialog:
    assert window.preflight_dialog is not None
    return window.preflight_dialog


async def test_the_panel_button_lists_a_missing_scene_as_an_error(
    window: MainWindow, qtbot: Any, until: Until
) -> None:
    qtbot.mouseClick(window.cue_panel.preflight_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window)
    await until(dialog.isVisible)
    assert not dialog.isModal()
    assert dialog.windowModality() == Qt.WindowModality.NonModal
    errors = [c for c in dialog.checks() if not c.ok and c.severity == "error"]
    assert len(errors) == 1
    assert errors[0].segment == 1
    assert "Missing" in errors[0].title
    problems, warnings = dialog.counts()
    assert problems == 1
    assert dialog.summary_label.text().startswith("1 problem, ")  # one, not "1 problem(s)"
    rows = dialog.rows()
    assert len(rows) == len(dialog.checks())
    missing = next(row for row in rows if "Missing" in row)
    assert missing.startswith("✗")
    assert errors[0].hint in missing
    assert any(row.startswith("✓") for row in rows)
    if warnings:  # the product has no picture
        assert any(row.startswith("⚠") for row in rows)


async def test_run_again_after_fixing_obs(
    window: MainWindow, show: Show, fake_obs: FakeObs, until: Until
) -> None:
    window.preflight_action.trigger()
    dialog = _dialog(window)
    await until(dialog.isVisible)
    assert dialog.counts()[0] == 1
    fake_obs.scenes.append("Missing")
    fake_obs.emit("SceneListChanged", scenes=fake_obs._r_GetSceneList()["scenes"])
    await until(lambda: "Missing" in show.obs.state.scenes)
    dialog.run_again_button.click()
    assert dialog.counts()[0] == 0
    assert dialog.summary_label.text().startswith(("0 problems", "All clear"))


async def test_the_menu_and_the_button_share_one_dialog(window: MainWindow, until: Until) -> None:
    window.preflight_action.trigger()
    first = _dialog(window)
    first.close()
    window.cue_panel.preflight_button.click()
    assert _dialog(window) is first
    await until(first.isVisible)


async def test_all_clear(qtbot: Any, fake_obs: FakeObs, memory_log: MemoryLog) -> None:
    show = build_show(fake_obs, memory_log)
    await show.obs.resync(await fake_obs.connect())
    sheet = make_sheet()
    pictured = replace(sheet.catalog.products[0], image="notebook.png")
    catalog = Catalog(products=(pictured,), coupons=sheet.catalog.coupons)
    await show.runner.load(replace(sheet, catalog=catalog))
    dialog = PreflightDialog(show)
    qtbot.addWidget(dialog)
    assert dialog.counts() == (0, 0), dialog.checks()
    assert dialog.summary_label.text() == "All clear: no problems, no warnings"
