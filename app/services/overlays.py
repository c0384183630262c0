"""What is on stream: the product card, the coupon countdown, the featured comment, the
thanks overlay (gift alerts) when the producer turns it on, and the interaction cards (lottery,
poll or quiz, check-in) while one is open or just finished.

This service keeps the state, logs it and publishes it; renderers (browser pages, native OBS
sources) follow the bus. The countdown ends itself at zero; a thanks alert goes after its time.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from app.domain import log_events as kinds
from app.domain import rules
from app.domain.catalog import Catalog
from app.domain.countdown import Countdown
from app.domain.messages import Message
from app.domain.overlay_view import FeaturedComment, coupon_card, featured_card, product_card
from app.domain.resume import SnapshotError, left_after
from app.domain.settings import OverlayTheme
from app.domain.thanks_overlay import AlertQueue
from app.services.errors import BadInput, NotFound, WrongState
from app.services.event_bus import EventBus
from app.services.events import (
    CheckInChanged,
    CommentsAdded,
    CouponCounting,
    CouponEnded,
    Event,
    FeaturedChanged,
    LotteryChanged,
    PollChanged,
    ProductChanged,
)
from app.services.overlay_interaction import (
    INTERACTION_KINDS,
    INTERACTION_UPDATE_S,
    InteractionOverlay,
)
from app.services.overlay_thanks import THANKS_UPDATE_S, ThanksOverlay
from app.services.session import ShowRecorder
from app.services.state import (
    CouponSlice,
    InteractionOverlaySlice,
    OverlaySlice,
    ThanksOverlaySlice,
)

__all__ = [
    "EXTEND_S",
    "INTERACTION_KINDS",
    "INTERACTION_UPDATE_S",
    "THANKS_UPDATE_S",
    "OverlayControl",
]

EXTEND_S = 30


class OverlayControl:
    def __init__(
        self,
        recorder: ShowRecorder,
        bus: EventBus,
        catalog: Callable[[], Catalog],
        *,
        theme: OverlayTheme | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._recorder, self._bus, self._catalog, self._clock = recorder, bus, catalog, clock
        self.product: str | None = None
        self.coupon_code: str | None = None
        self.countdown: Countdown | None = None
        self.coupon_origin: str | None = None  # who started the countdown: "cue", "console", …
        self.featured: FeaturedComment | None = None
        self.theme = OverlayTheme() if theme is None else theme  # the settings' overlay theme
        self._expiry: asyncio.TimerHandle | None = None
        # the parts read the clock through self._now, so a clock swapped in later reaches them
        self._thanks = ThanksOverlay(recorder, bus, self._now)
        self._interaction = InteractionOverlay(recorder, bus, self._now)
        bus.listen(self._on_event)

    def _now(self) -> float:
        return self._clock()

    def _on_event(self, event: Event) -> None:
        """Every batch the audience takes in passes here: while the thanks overlay is off that
        costs a few tests."""
        kind = type(event)
        if kind is LotteryChanged or kind is PollChanged or kind is CheckInChanged:
            self._interaction.take(event)  # type: ignore[arg-type]
        elif kind is CommentsAdded and self._thanks.on:
            self._thanks.take(event)  # type: ignore[arg-type]

    # ----- product card ----------------------------------------------------------------------
    def show_product(self, sku: str, *, origin: str = "console") -> None:
        product = self._catalog().product(sku)
        if product is None:
            raise NotFound(Message("overlay.no_product", sku=sku))
        problems = product.problems()  # only a catalog built around the rules has any
        if problems:
            raise BadInput(problems[0][1])
        self.product = sku
        self._recorder.record(kinds.PRODUCT_SHOW, sku=sku, name=product.name, origin=origin)
        self._bus.publish(ProductChanged(sku))

    def hide_product(self, *, origin: str = "console") -> None:
        if self.product is None:
            return
        sku, self.product = self.product, None
        self._recorder.record(kinds.PRODUCT_HIDE, sku=sku, origin=origin)
        self._bus.publish(ProductChanged(None))

    # ----- featured comment ------------------------------------------------------------------
    def feature(self, comment: FeaturedComment, *, origin: str = "console") -> None:
        if not comment.text.strip():
            raise BadInput(Message("overlay.featured_needs_text"))
        self.featured = comment
        self._recorder.record(
            kinds.FEATURED_SHOW, user=comment.user, platform=comment.platform,
            comment_id=comment.comment_id, text=comment.text, origin=origin,
        )  # fmt: skip
        self._bus.publish(FeaturedChanged(comment))

    def unfeature(self, *, origin: str = "console") -> None:
        if self.featured is None:
            return
        comment, self.featured = self.featured, None
        self._recorder.record(kinds.FEATURED_HIDE, comment_id=comment.comment_id, origin=origin)
        self._bus.publish(FeaturedChanged(None))

    # ----- thanks overlay (overlay_thanks.py) -------------------------------------------------
    def show_thanks(self, *, origin: str = "console") -> None:
        """Turn the thanks overlay on: from now on each gift, membership, super chat and follow
        is thanked on stream."""
        self._thanks.show(origin=origin)

    def hide_thanks(self, *, origin: str = "console") -> None:
        """Turn it off; what was waiting is forgotten (it is not shown later)."""
        self._thanks.hide(origin=origin)

    def thanks_state(self) -> ThanksOverlaySlice:
        return self._thanks.state()

    @property
    def thanks_on(self) -> bool:
        """The producer has turned the thanks overlay on."""
        return self._thanks.on

    @thanks_on.setter
    def thanks_on(self, on: bool) -> None:
        self._thanks.on = on

    @property
    def alerts(self) -> AlertQueue:
        """The thanks alerts waiting and on screen."""
        return self._thanks.alerts

    @alerts.setter
    def alerts(self, alerts: AlertQueue) -> None:
        self._thanks.alerts = alerts

    # ----- interaction cards (overlay_interaction.py) ----------------------------------------
    def show_interaction(self, kind: str, *, origin: str = "console") -> None:
        """Put the latest lottery or poll card (or the open check-in) back on screen; a finished
        one stays another LINGER_S."""
        self._interaction.show(kind, origin=origin)

    def hide_interaction(self, kind: str, *, origin: str = "console") -> None:
        """Take the lottery, poll or check-in card off screen (until the next one opens)."""
        self._interaction.hide(kind, origin=origin)

    def interaction_state(self) -> InteractionOverlaySlice:
        return self._interaction.state()

    # ----- coupon countdown ------------------------------------------------------------------
    def start_coupon(
        self, code: str, seconds: float | None = None, *, origin: str = "console"
    ) -> None:
        """Start `code`'s countdown, `seconds` long or the coupon's own length; BadInput (the
        rule's message) for a length outside 1 second to rules.MAX_COUPON_S or not whole."""
        coupon = self._catalog().coupon(code)
        if coupon is None:
            raise NotFound(Message("overlay.no_coupon", code=code))
        problem = rules.coupon_seconds_problem(coupon.seconds if seconds is None else seconds)
        if problem is not None:
            raise BadInput(problem)
        duration = int(coupon.seconds if seconds is None else seconds)
        if self.countdown is not None:
            self._end_coupon("replaced", origin)
        self.coupon_code, self.coupon_origin = code, origin
        self.countdown = Countdown.start(duration, self._clock())
        self._arm()
        self._recorder.record(kinds.COUPON_START, code=code, seconds=duration, origin=origin)
        self._publish_coupon()

    def stop_coupon(self, *, origin: str = "console") -> None:
        if self.countdown is None:
            raise WrongState(Message("overlay.no_countdown"))
        self._end_coupon("stopped", origin)

    def extend_coupon(self, seconds: float = EXTEND_S, *, origin: str = "console") -> None:
        if self.countdown is None:
            raise WrongState(Message("overlay.no_countdown"))
        problem = rules.extension_problem(self.countdown.remaining(self._clock()), seconds)
        if problem is not None:
            raise BadInput(problem)
        self.countdown.extend(seconds)
        self._arm()
        self._recorder.record(
            kinds.COUPON_EXTEND, code=self.coupon_code, seconds=seconds, origin=origin
        )
        self._publish_coupon()

    def pause(self) -> None:
        """Standby: the countdown stops where it is."""
        if self.countdown is not None and not self.countdown.paused:
            self.countdown.pause(self._clock())
            self._disarm()
            self._recorder.record(kinds.COUPON_PAUSE, code=self.coupon_code)
            self._publish_coupon()

    def resume(self) -> None:
        if self.countdown is not None and self.countdown.paused:
            self.countdown.resume(self._clock())
            self._arm()
            self._recorder.record(kinds.COUPON_RESUME, code=self.coupon_code)
            self._publish_coupon()

    def coupon_remaining(self) -> float | None:
        return None if self.countdown is None else self.countdown.remaining(self._clock())

    def coupon_state(self) -> CouponSlice | None:
        """The countdown as the panels show it (None: none is running)."""
        if self.countdown is None:
            return None
        remaining = round(self.countdown.remaining(self._clock()), 1)
        return CouponSlice(self.coupon_code, remaining, self.countdown.paused)

    def state(self) -> OverlaySlice:
        featured = None if self.featured is None else self.featured.comment_id or "manual"
        catalog = self._catalog()
        view = self._view(catalog)
        return OverlaySlice(self.product, self.coupon_state(), featured, catalog, view,
                            self.thanks_state(), self.interaction_state())  # fmt: skip

    def view(self) -> dict[str, Any]:
        """Everything the overlay renderers draw: the card, the countdown, the featured comment,
        the thanks card (None while the thanks overlay is off or has nothing to show), the
        lottery, poll and check-in cards (None while not on screen)."""
        return self._view(self._catalog())

    def _view(self, catalog: Catalog) -> dict[str, Any]:
        product = catalog.product(self.product) if self.product else None
        coupon = catalog.coupon(self.coupon_code) if self.coupon_code else None
        countdown = self.countdown
        return {
            "product": product_card(product) if product else None,
            "coupon": (
                coupon_card(coupon, countdown.remaining(self._clock()), countdown.total_s,
                            countdown.paused)
                if coupon and countdown else None
            ),
            "featured": featured_card(self.featured) if self.featured else None,
            "thanks": self._thanks.card(),
            **self._interaction.view(),
            "theme": asdict(self.theme),
        }  # fmt: skip

    # ----- the show's bounds ------------------------------------------------------------------
    def end_with_the_show(self) -> None:
        """The show ends: what it put on stream comes down with it, logged inside it (the card,
        the coupon countdown, the featured comment), so none runs on into the next show. The
        thanks overlay is the producer's setting and stays."""
        self.hide_product(origin="show_end")
        if self.countdown is not None:
            self._end_coupon("show_end", "show_end")
        self.unfeature(origin="show_end")

    def on_show_start(self) -> None:
        """A show starts with something on stream already (put up before it): logged as the
        show's own from its start (`carried_in`), as it is seen in it."""
        if self.product is not None:
            product = self._catalog().product(self.product)
            self._recorder.record(
                kinds.PRODUCT_SHOW, sku=self.product, name=product.name if product else "",
                origin="show_start", carried_in=True,
            )  # fmt: skip
        if self.countdown is not None:
            self._recorder.record(
                kinds.COUPON_START, code=self.coupon_code,
                seconds=round(self.countdown.remaining(self._clock()), 1),
                total_s=self.countdown.total_s, paused=self.countdown.paused,
                origin="show_start", carried_in=True,
            )  # fmt: skip
        featured = self.featured
        if featured is not None:
            self._recorder.record(
                kinds.FEATURED_SHOW, user=featured.user, platform=featured.platform,
                comment_id=featured.comment_id, text=featured.text, origin="show_start",
                carried_in=True,
            )  # fmt: skip

    # ----- resume ----------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """What is on stream, as resume needs it (JSON-ready)."""
        coupon = None
        if self.countdown is not None:
            coupon = {
                "code": self.coupon_code, "total_s": self.countdown.total_s,
                "remaining_s": self.countdown.remaining(self._clock()),
                "paused": self.countdown.paused, "origin": self.coupon_origin,
            }  # fmt: skip
        return {
            "product": self.product,
            "coupon": coupon,
            "featured": None if self.featured is None else asdict(self.featured),
            "thanks": self._thanks.on,
        }

    def restore(self, saved: dict[str, Any], away_s: float) -> None:
        """Put back what was on stream; a countdown that ran out while the console was away ends,
        logged when it ran out on stream."""
        product, coupon, featured = saved.get("product"), saved.get("coupon"), saved.get("featured")
        ran_out_ago = 0.0
        try:
            self.product = str(product) if product else None
            self.featured = FeaturedComment(**featured) if isinstance(featured, dict) else None
            if isinstance(coupon, dict):
                total, paused = float(coupon["total_s"]), bool(coupon.get("paused"))
                remaining = float(coupon["remaining_s"])
                if not (0 <= remaining <= min(total, rules.MAX_COUPON_S) and math.isfinite(total)):
                    raise ValueError(f"a countdown of {total} s with {remaining} s left")
                left = left_after(remaining, paused, away_s)
                ran_out_ago = 0.0 if paused else max(0.0, away_s - remaining)
                now = self._clock()
                self.coupon_code = str(coupon["code"])
                origin = coupon.get("origin")  # a snapshot from before it: not known
                self.coupon_origin = origin if isinstance(origin, str) else None
                self.countdown = Countdown.start(total, now - (total - left))
                if paused:
                    self.countdown.pause(now)
        except (KeyError, TypeError, ValueError) as exc:
            raise SnapshotError(f"the saved overlays are damaged: {exc}") from exc
        self._thanks.on = saved.get("thanks") is True  # a snapshot from before it: off
        self._bus.publish(ProductChanged(self.product))
        self._bus.publish(FeaturedChanged(self.featured))
        self._thanks.tell()
        if self.countdown is not None:
            if self.countdown.expired(self._clock()):
                self._end_coupon("expired", "resume", ago_s=ran_out_ago)
            else:
                self._arm()
                self._publish_coupon()

    # ----- internals -------------------------------------------------------------------------
    def _end_coupon(self, reason: str, origin: str | None = None, ago_s: float = 0.0) -> None:
        code, self.coupon_code, self.countdown = self.coupon_code, None, None
        self.coupon_origin = None
        self._disarm()
        self._recorder.record_earlier(ago_s, kinds.COUPON_END, code=code, reason=reason,
                                      origin=origin)  # fmt: skip
        self._bus.publish(CouponEnded(reason))

    def _arm(self) -> None:
        self._disarm()
        if self.countdown is None or self.countdown.paused:
            return
        left = self.countdown.remaining(self._clock())
        loop = asyncio.get_running_loop()
        self._expiry = loop.call_later(left, self._check_expiry)

    def _disarm(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None

    def _check_expiry(self) -> None:
        self._expiry = None
        if self.countdown is None:
            return
        if self.countdown.expired(self._clock()):
            self._end_coupon("expired")
        else:  # extended meanwhile, or the clock is coarse: look again
            self._arm()

    def _publish_coupon(self) -> None:
        countdown, code = self.countdown, self.coupon_code
        if countdown is None or code is None:  # never: each caller has just set one going
            return
        remaining = round(countdown.remaining(self._clock()), 1)  # as state() says it
        self._bus.publish(CouponCounting(code, remaining, countdown.paused))
