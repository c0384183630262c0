"""The pre-flight checklist before going live: every line says what is wrong and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.catalog import Catalog
from app.domain.compliance import COMPLIANCE_HINT, ComplianceRules, claims_in
from app.domain.durations import format_duration
from app.domain.interaction.cue import lotteries_again
from app.domain.messages import Message, field_word
from app.domain.runsheet import Problem, RunSheet, check_interaction


@dataclass(frozen=True)
class Check:
    ok: bool
    severity: str  # "error" blocks a clean start, "warning" is worth a look, "info" is fine
    title: Message
    hint: Message | str = ""
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
                Message("preflight.no_segments"),
                Message("preflight.no_segments.hint"),
            )
        )
    elif errors:
        checks.append(
            Check(
                False,
                "error",
                Message("preflight.sheet_errors", n=len(errors)),
                Message(
                    "preflight.sheet_errors.hint",
                    where=errors[0].location,
                    message=errors[0].message,
                ),
            )
        )
    else:
        total = format_duration(sheet.total_s)
        planned = Message("preflight.planned", n=len(sheet.segments), total=total)
        checks.append(Check(True, "info", planned))

    if not obs_connected:
        checks.append(
            Check(
                False,
                "error",
                Message("preflight.obs_not_connected"),
                Message("preflight.obs_not_connected.hint"),
            )
        )
    else:
        checks.append(Check(True, "info", Message("preflight.obs_connected")))
        for index, segment in enumerate(sheet.segments):
            if segment.scene and segment.scene not in scene_set:
                missing = Message(
                    "preflight.missing_scene", n=index + 1, title=segment.title, scene=segment.scene
                )
                hint = Message("preflight.missing_scene.hint")
                checks.append(Check(False, "error", missing, hint, index))
    checks.extend(_standby(standby_scene, scene_set, obs_connected))
    checks.extend(_products(sheet, catalog))
    checks.extend(_coupons(sheet, catalog))
    checks.extend(_interactions(sheet))
    checks.extend(compliance(sheet, catalog, rules or ComplianceRules()))
    for name, connected in (chat_sources or {}).items():
        checks.append(
            Check(
                connected,
                "info" if connected else "warning",
                Message(
                    "preflight.chat_connected" if connected else "preflight.chat_not_connected",
                    name=name,
                ),
                "" if connected else Message("preflight.chat_not_connected.hint"),
            )
        )
    return checks


def _standby(scene: str | None, scenes: set[str], connected: bool) -> list[Check]:
    if not scene:
        return [
            Check(
                False,
                "warning",
                Message("preflight.no_standby"),
                Message("preflight.no_standby.hint"),
            )
        ]
    if connected and scene not in scenes:
        return [
            Check(
                False,
                "error",
                Message("preflight.standby_missing", scene=scene),
                Message("preflight.standby_missing.hint"),
            )
        ]
    return [Check(True, "info", Message("preflight.standby", scene=scene))]


def _interactions(sheet: RunSheet) -> list[Check]:
    """A segment's lottery, poll, quiz or check-in that could not open when cued; a lottery
    that opens only if an earlier segment's has been drawn by then (one is open at a time; a
    check-in cued replaces the open one, a poll too)."""
    checks = []
    for index, segment in enumerate(sheet.segments):
        if not segment.interaction:
            continue
        for problem in check_interaction(segment.interaction, str(index + 1), index):
            bad = Message("preflight.interaction_bad", n=index + 1, title=segment.title,
                          problem=problem.message)  # fmt: skip
            hint = Message("preflight.interaction_bad.hint")
            checks.append(Check(False, "error", bad, hint, index))
    for index, earlier in lotteries_again(s.interaction for s in sheet.segments):
        again = Message("preflight.lottery_again", n=index + 1,
                        title=sheet.segments[index].title, first=earlier + 1)  # fmt: skip
        hint = Message("preflight.lottery_again.hint", n=index + 1, first=earlier + 1)
        checks.append(Check(False, "warning", again, hint, index))
    return checks


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
                    Message("preflight.product_undefined", n=index + 1, sku=segment.product),
                    Message("preflight.product_undefined.hint"),
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
                    Message("preflight.product_gaps", n=index + 1, name=label, gaps=_gaps(gaps)),
                    Message("preflight.gaps.hint"),
                    index,
                )
            )
        elif not product.image:
            checks.append(
                Check(
                    False,
                    "warning",
                    Message("preflight.no_image", n=index + 1, name=product.name),
                    Message("preflight.no_image.hint"),
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
                    Message("preflight.coupon_undefined", n=index + 1, code=segment.coupon),
                    Message("preflight.coupon_undefined.hint"),
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
                    Message(
                        "preflight.coupon_gaps", n=index + 1, code=coupon.code, gaps=_gaps(gaps)
                    ),
                    Message("preflight.gaps.hint"),
                    index,
                )
            )
        elif coupon.seconds > segment.duration_s:
            too_long = Message(
                "preflight.coupon_too_long",
                n=index + 1,
                code=coupon.code,
                time=format_duration(coupon.seconds),
                length=format_duration(segment.duration_s),
            )
            hint = Message("preflight.coupon_too_long.hint")
            checks.append(Check(False, "warning", too_long, hint, index))
        if coupon.code in started:
            checks.append(
                Check(
                    False,
                    "warning",
                    Message(
                        "preflight.coupon_again",
                        n=index + 1,
                        code=coupon.code,
                        first=started[coupon.code] + 1,
                    ),
                    Message("preflight.coupon_again.hint"),
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
            found = Message.listing((c.describe() for c in claims[:3]), "; ")
            checks.append(
                Check(
                    False,
                    "warning",
                    Message("preflight.risky_points", n=index + 1, claims=found),
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
            found = Message.listing((c.describe() for c in claims[:3]), "; ")
            checks.append(
                Check(
                    False,
                    "warning",
                    Message("preflight.risky_card", n=index + 1, name=product.name, claims=found),
                    COMPLIANCE_HINT,
                    index,
                )
            )
    return checks


def _gaps(fields: list[str]) -> Message:
    """The fields a card lacks ("name, price"), each a word the window translates."""
    return Message.listing(field_word(name) for name in fields)
