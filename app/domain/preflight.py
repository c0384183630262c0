"""The pre-flight checklist before going live: every line says what is wrong and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.catalog import Catalog
from app.domain.compliance import COMPLIANCE_HINT, ComplianceRules, claims_in
from app.domain.durations import format_duration
from app.domain.runsheet import Problem, RunSheet


@dataclass(frozen=True)
class Check:
    ok: bool
    severity: str  # "error" blocks a clean start, "warning" is worth a look, "info" is fine
    title: str
    hint: str = ""
    segment: int | None = None

    def as_api(self) -> dict[str, object]:
        return self.__dict__.copy()


def preflight(
    sheet: RunSheet,
    catalog: Catalog,
    *,
    obs_connected: bool,
    scenes: Iterable[str],
    standby_scene: str | None,
    sheet_problems: Iterable[Problem] = (),
    chat_sources: dict[str, bool] | None = None,
    rules: ComplianceRules | None = None,
) -> list[Check]:
    scene_set = set(scenes)
    checks: list[Check] = []
    errors = [p for p in sheet_problems if p.severity == "error"]
    if not sheet.segments:
        checks.append(
            Check(
                False,
                "error",
                "The run-sheet has no segments",
                "Open a run-sheet or add segments in the editor.",
            )
        )
    elif errors:
        checks.append(
            Check(
                False,
                "error",
                f"The run-sheet has {len(errors)} error(s)",
                f"First: {errors[0].location}: {errors[0].message}",
            )
        )
    else:
        total = format_duration(sheet.total_s)
        checks.append(Check(True, "info", f"{len(sheet.segments)} segments, {total} planned"))

    if not obs_connected:
        checks.append(
            Check(
                False,
                "error",
                "OBS is not connected",
                "Start OBS and enable its WebSocket server; scenes cannot be checked.",
            )
        )
    else:
        checks.append(Check(True, "info", "OBS is connected"))
        for index, segment in enumerate(sheet.segments):
            if segment.scene and segment.scene not in scene_set:
                checks.append(Check(
                    False, "error", f"#{index + 1} “{segment.title}”: OBS has no scene "
                    f"“{segment.scene}”",
                    "Create the scene in OBS, or pick an existing one in the editor.", index,
                ))  # fmt: skip
    checks.extend(_standby(standby_scene, scene_set, obs_connected))
    checks.extend(_products(sheet, catalog))
    checks.extend(_coupons(sheet, catalog))
    checks.extend(compliance(sheet, catalog, rules or ComplianceRules()))
    for name, connected in (chat_sources or {}).items():
        checks.append(
            Check(
                connected,
                "info" if connected else "warning",
                f"Chat source {name}: {'connected' if connected else 'not connected'}",
                "" if connected else "Check the source's settings or its network.",
            )
        )
    return checks


def _standby(scene: str | None, scenes: set[str], connected: bool) -> list[Check]:
    if not scene:
        return [
            Check(
                False,
                "warning",
                "No standby scene (马上回来) is chosen",
                "Pick the scene to cut to in an emergency, e.g. “马上回来 BRB”.",
            )
        ]
    if connected and scene not in scenes:
        return [
            Check(
                False,
                "error",
                f"The standby scene “{scene}” is not in OBS",
                "Create it in OBS or choose another standby scene.",
            )
        ]
    return [Check(True, "info", f"Standby scene: {scene}")]


def _products(sheet: RunSheet, catalog: Catalog) -> list[Check]:
    checks = []
    for index, segment in enumerate(sheet.segments):
        if not segment.product:
            continue
        product = catalog.product(segment.product)
        if product is None:
            checks.append(
                Check(
                    False,
                    "error",
                    f"#{index + 1}: product “{segment.product}” is not defined",
                    "Add it to the Products sheet or the catalog.",
                    index,
                )
            )
            continue
        gaps = product.card_gaps()
        if gaps:
            label = product.name or product.sku
            checks.append(
                Check(
                    False,
                    "error",
                    f"#{index + 1}: the card of “{label}” lacks {', '.join(gaps)}",
                    "Fill them in the catalog.",
                    index,
                )
            )
        elif not product.image:
            checks.append(
                Check(
                    False,
                    "warning",
                    f"#{index + 1}: “{product.name}” has no image",
                    "Cards look better with a picture.",
                    index,
                )
            )
    return checks


def _coupons(sheet: RunSheet, catalog: Catalog) -> list[Check]:
    checks: list[Check] = []
    started: dict[str, int] = {}
    for index, segment in enumerate(sheet.segments):
        if not segment.coupon:
            continue
        coupon = catalog.coupon(segment.coupon)
        if coupon is None:
            checks.append(
                Check(
                    False,
                    "error",
                    f"#{index + 1}: coupon “{segment.coupon}” is not defined",
                    "Add it to the Coupons sheet or the catalog.",
                    index,
                )
            )
            continue
        gaps = coupon.card_gaps()
        if gaps:
            checks.append(
                Check(
                    False,
                    "error",
                    f"#{index + 1}: coupon “{coupon.code}” lacks {', '.join(gaps)}",
                    "Fill them in the catalog.",
                    index,
                )
            )
        elif coupon.seconds > segment.duration_s:
            checks.append(Check(
                False, "warning",
                f"#{index + 1}: coupon “{coupon.code}” runs {format_duration(coupon.seconds)}, "
                f"longer than its segment ({format_duration(segment.duration_s)})",
                "Shorten the countdown or lengthen the segment, or let it run on deliberately.",
                index,
            ))  # fmt: skip
        if coupon.code in started:
            checks.append(
                Check(
                    False,
                    "warning",
                    f"#{index + 1}: coupon “{coupon.code}” starts "
                    f"again (first at #{started[coupon.code] + 1})",
                    "A second start restarts the countdown; is that intended?",
                    index,
                )
            )
        started.setdefault(coupon.code, index)
    return checks


def compliance(sheet: RunSheet, catalog: Catalog, rules: ComplianceRules) -> list[Check]:
    """Risky claims in the talking points and on the cards of the products the show presents."""
    checks: list[Check] = []
    seen: set[str] = set()
    for index, segment in enumerate(sheet.segments):
        claims = claims_in(segment.notes, rules)
        if claims:
            found = "; ".join(c.describe() for c in claims[:3])
            checks.append(
                Check(
                    False,
                    "warning",
                    f"#{index + 1} talking points: {found}",
                    COMPLIANCE_HINT,
                    index,
                )
            )
        product = catalog.product(segment.product) if segment.product else None
        if product is None or product.sku in seen:
            continue
        seen.add(product.sku)
        claims = claims_in((product.name, *product.selling_points), rules)
        if claims:
            found = "; ".join(c.describe() for c in claims[:3])
            checks.append(
                Check(
                    False,
                    "warning",
                    f"#{index + 1} card of “{product.name}”: {found}",
                    COMPLIANCE_HINT,
                    index,
                )
            )
    return checks
