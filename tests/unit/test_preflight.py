from __future__ import annotations

from decimal import Decimal

from app.domain.catalog import Catalog, Coupon, Product
from app.domain.preflight import preflight
from app.domain.runsheet import Problem, RunSheet, Segment

SCENES = ["Opening", "Product", "BRB"]


def _run(sheet: RunSheet, catalog: Catalog | None = None, **kw) -> list:
    args = {"obs_connected": True, "scenes": SCENES, "standby_scene": "BRB"} | kw
    return preflight(sheet, catalog or sheet.catalog, **args)


def _failed(checks: list) -> list[str]:
    return [c.title for c in checks if not c.ok]


def test_a_clean_sheet_passes() -> None:
    sheet = RunSheet(
        (
            Segment("A", 300, scene="Opening"),
            Segment("B", 300, scene="Product", product="P1", coupon="C1"),
        ),
        Catalog(
            (Product("P1", "Course", Decimal("9.9"), image="x.png"),),
            (Coupon("C1", "Flash", seconds=120),),
        ),
    )
    checks = _run(sheet)
    assert _failed(checks) == []
    assert all(c.hint == "" or c.ok for c in checks)


def test_each_problem_has_its_line_and_hint() -> None:
    sheet = RunSheet(
        (
            Segment("A", 60, scene="Missing scene"),
            Segment("B", 60, product="P-unknown"),
            Segment("C", 60, product="P-noprice"),
            Segment("D", 60, coupon="C-long"),
            Segment("E", 600, coupon="C-long"),
            Segment("F", 60, coupon="C-none"),
        ),
        Catalog((Product("P-noprice", "No price"),), (Coupon("C-long", "Long", seconds=300),)),
    )
    failed = _run(sheet)
    titles = " | ".join(_failed(failed))
    assert "OBS has no scene “Missing scene”" in titles
    assert "“P-unknown” is not defined" in titles
    assert "lacks price" in titles
    assert "runs 5:00, longer than its segment (1:00)" in titles
    assert "starts again" in titles
    assert "“C-none” is not defined" in titles
    assert all(c.hint for c in failed if not c.ok)
    assert {c.segment for c in failed if not c.ok} >= {0, 1, 2, 3, 4, 5}


def test_standby_scene_and_obs_connection() -> None:
    sheet = RunSheet((Segment("A", 60),))
    assert "The standby scene “Gone” is not in OBS" in _failed(_run(sheet, standby_scene="Gone"))
    assert any("No standby scene" in t for t in _failed(_run(sheet, standby_scene=None)))
    assert "OBS is not connected" in _failed(_run(sheet, obs_connected=False))


def test_sheet_errors_and_empty_sheet() -> None:
    problem = Problem("error", "4", "the duration is missing", "duration", 2)
    checks = _run(RunSheet((Segment("A", 60),)), sheet_problems=[problem])
    assert any("errors: 1" in c.title and "4: the duration" in c.hint for c in checks)
    assert "The run-sheet has no segments" in _failed(_run(RunSheet()))
