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
from app.domain.audience import Kind
from app.domain.catalog import Catalog
from app.domain.countdown import Countdown
from app.domain.interaction_overlay import LINGER_S, checkin_card, lottery_card, poll_card
from app.domain.messages import Message
from app.domain.overlay_view import FeaturedComment, coupon_card, featured_card, product_card
from app.domain.resume import SnapshotError, left_after
from app.domain.settings import OverlayTheme
from app.domain.thanks_overlay import AlertQueue, thanks_card
from app.services.errors import BadInput, NotFound, WrongState
from app.services.event_bus import EventBus
from app.services.events import (
    CheckInChanged,
    CommentsAdded,
    CouponCounting,
    CouponEnded,
    Event,
    FeaturedChanged,
    InteractionOverlayChanged,
    LotteryChanged,
    PollChanged,
    ProductChanged,
    ThanksOverlayChanged,
)
from app.services.session import ShowRecorder
from app.services.state import (
    CheckInSlice,
    CouponSlice,
    InteractionOverlaySlice,
    LotterySlice,
    OverlaySlice,
    PollSlice,
    ThanksOverlaySlice,
)

EXTEND_S = 30
THANKS_UPDATE_S = 0.3  # the thanks overlay tells its renderers at most this often
INTERACTION_UPDATE_S = 0.3  # so do the interaction cards, however many viewers vote
INTERACTION_KINDS = ("lottery", "poll", "checkin")


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
        self.featured: FeaturedComment | None = None
        self.theme = OverlayTheme() if theme is None else theme  # the settings' overlay theme
        self._expiry: asyncio.TimerHandle | None = None
        self.thanks_on = False  # the producer turns the thanks overlay on
        self.alerts = AlertQueue()
        self._alert_timer: asyncio.TimerHandle | None = None
        self._alert_due: float | None = None  # when the timer armed fires
        self._thanks_flush: asyncio.TimerHandle | None = None
        self._thanks_told = -math.inf  # when the renderers were last told
        self._cards = _InteractionCards()
        self._interaction_flush: asyncio.TimerHandle | None = None
        self._interaction_told = -math.inf
        self._interaction_timer: asyncio.TimerHandle | None = None  # a clock's second, a linger
        self._interaction_key: InteractionOverlaySlice | None = None  # what was last said
        bus.listen(self._on_event)

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

    # ----- thanks overlay --------------------------------------------------------------------
    def show_thanks(self, *, origin: str = "console") -> None:
        """Turn the thanks overlay on: from now on each gift, membership, super chat and follow
        is thanked on stream."""
        if self.thanks_on:
            return
        self.thanks_on = True
        self._recorder.record(kinds.THANKS_OVERLAY_SHOW, origin=origin)
        self._tell_thanks()

    def hide_thanks(self, *, origin: str = "console") -> None:
        """Turn it off; what was waiting is forgotten (it is not shown later)."""
        if not self.thanks_on:
            return
        self.thanks_on = False
        self.alerts.clear()
        self._arm_alert()
        self._recorder.record(kinds.THANKS_OVERLAY_HIDE, origin=origin)
        self._tell_thanks()

    def thanks_state(self) -> ThanksOverlaySlice:
        alerts = self.alerts
        return ThanksOverlaySlice(self.thanks_on, alerts.alert(), alerts.recent(), len(alerts),
                                  alerts.dropped)  # fmt: skip

    def _on_event(self, event: Event) -> None:
        """Every batch the audience takes in passes here: while the overlay is off that costs one
        test, while it is on one kind test per item (comments are most of them)."""
        kind = type(event)
        if kind is LotteryChanged or kind is PollChanged or kind is CheckInChanged:
            self._on_interaction(event)  # type: ignore[arg-type]
            return
        if not self.thanks_on or kind is not CommentsAdded:
            return
        assert isinstance(event, CommentsAdded)
        now, changed, alerts, comment = self._clock(), False, self.alerts, Kind.COMMENT
        for item in event.comments:
            if item.kind is not comment and alerts.add(item, now):
                changed = True
        if changed:
            self._arm_alert()
            self._thanks_changed()

    def _thanks_changed(self) -> None:
        """Tell the renderers now, or once THANKS_UPDATE_S has passed since the last time: a
        flood of gifts costs them a few updates a second, not one per gift."""
        wait = self._thanks_told + THANKS_UPDATE_S - self._clock()
        if wait <= 0:
            self._tell_thanks()
        elif self._thanks_flush is None:
            self._thanks_flush = _later(wait, self._flush_thanks)
            if self._thanks_flush is None:  # no loop running (a script): now
                self._tell_thanks()

    def _flush_thanks(self) -> None:
        self._thanks_flush = None
        self._tell_thanks()

    def _tell_thanks(self) -> None:
        if self._thanks_flush is not None:
            self._thanks_flush.cancel()
            self._thanks_flush = None
        self._thanks_told = self._clock()
        self._bus.publish(ThanksOverlayChanged(self.thanks_state()))

    def _arm_alert(self) -> None:
        """A timer for the moment the alert on screen goes (and the next comes on)."""
        due = self.alerts.due()
        if due == self._alert_due and (due is None or self._alert_timer is not None):
            return
        if self._alert_timer is not None:
            self._alert_timer.cancel()
            self._alert_timer = None
        self._alert_due = due
        if due is not None:
            self._alert_timer = _later(max(0.0, due - self._clock()), self._alert_time)

    def _alert_time(self) -> None:
        self._alert_timer, self._alert_due = None, None
        changed = self.alerts.advance(self._clock())
        self._arm_alert()  # the next alert's time, or again for a clock that ran short
        if changed:
            self._thanks_changed()

    # ----- interaction cards -----------------------------------------------------------------
    def _on_interaction(self, event: LotteryChanged | PollChanged | CheckInChanged) -> None:
        """The interaction service's news: a card comes on when its lottery, poll or check-in
        opens, shows its result when it ends, and goes LINGER_S later (or when hidden)."""
        now, cards = self._clock(), self._cards
        match event:
            case LotteryChanged(lottery):
                news = cards.lottery is None or cards.lottery.id != lottery.id
                ends = lottery.seed is not None and (news or cards.lottery.seed is None)  # type: ignore[union-attr]
                cards.lottery, cards.lottery_at = lottery, now
                self._interaction_news("lottery", news, ends, now)
            case PollChanged(poll):
                news = cards.poll is None or cards.poll.id != poll.id
                ends = not poll.open and (news or cards.poll.open)  # type: ignore[union-attr]
                cards.poll, cards.poll_at = poll, now
                self._interaction_news("poll", news, ends, now)
            case CheckInChanged(checkin):
                news = cards.checkin is None or cards.checkin.id != checkin.id
                cards.checkin = checkin
                self._interaction_news("checkin", news, False, now)

    def _interaction_news(self, kind: str, news: bool, ends: bool, now: float) -> None:
        cards = self._cards
        if news:
            cards.hidden.discard(kind)
            cards.ended_at.pop(kind, None)
        if ends:
            cards.ended_at[kind] = now
        self._interaction_changed()

    def show_interaction(self, kind: str, *, origin: str = "console") -> None:
        """Put the latest lottery or poll card (or the open check-in) back on screen; a finished
        one stays another LINGER_S."""
        if kind not in INTERACTION_KINDS:
            raise ValueError(f"no interaction card {kind!r}")
        cards = self._cards
        if getattr(cards, kind) is None:
            raise WrongState(Message("overlay.nothing_to_show", kind=kind))
        cards.hidden.discard(kind)
        if kind in cards.ended_at:
            cards.ended_at[kind] = self._clock()
        self._recorder.record(kinds.INTERACTION_OVERLAY_SHOW, card=kind, origin=origin)
        self._tell_interaction()

    def hide_interaction(self, kind: str, *, origin: str = "console") -> None:
        """Take the lottery, poll or check-in card off screen (until the next one opens)."""
        if kind not in INTERACTION_KINDS:
            raise ValueError(f"no interaction card {kind!r}")
        if kind in self._cards.hidden:
            return
        self._cards.hidden.add(kind)
        self._recorder.record(kinds.INTERACTION_OVERLAY_HIDE, card=kind, origin=origin)
        self._tell_interaction()

    def interaction_state(self) -> InteractionOverlaySlice:
        return self._cards.on_screen(self._clock())

    def _interaction_changed(self) -> None:
        """Tell the renderers now when a card comes, goes or ends; a count that grows (a flood
        of entries or votes) at most every INTERACTION_UPDATE_S."""
        wait = self._interaction_told + INTERACTION_UPDATE_S - self._clock()
        if wait <= 0 or self.interaction_state() != self._interaction_key:
            self._tell_interaction()
        elif self._interaction_flush is None:
            self._interaction_flush = _later(wait, self._flush_interaction)
            if self._interaction_flush is None:  # no loop running (a script): now
                self._tell_interaction()

    def _flush_interaction(self) -> None:
        self._interaction_flush = None
        self._tell_interaction()

    def _tell_interaction(self) -> None:
        if self._interaction_flush is not None:
            self._interaction_flush.cancel()
            self._interaction_flush = None
        now = self._clock()
        self._interaction_told = now
        self._interaction_key = state = self._cards.on_screen(now)
        self._arm_interaction(now)
        self._bus.publish(InteractionOverlayChanged(state))

    def _arm_interaction(self, now: float) -> None:
        """One timer for the next moment a card changes by itself: a running clock's next
        second, or a finished card's time up."""
        if self._interaction_timer is not None:
            self._interaction_timer.cancel()
            self._interaction_timer = None
        due = self._cards.next_change(now)
        if due is not None:
            self._interaction_timer = _later(max(0.0, due - now) + 0.005, self._interaction_time)

    def _interaction_time(self) -> None:
        self._interaction_timer = None
        self._tell_interaction()

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
        self.coupon_code = code
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
            "thanks": (
                thanks_card(self.alerts.alert(), self.alerts.recent()) if self.thanks_on else None
            ),
            **self._cards.view(self._clock()),
            "theme": asdict(self.theme),
        }  # fmt: skip

    # ----- resume ----------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """What is on stream, as resume needs it (JSON-ready)."""
        coupon = None
        if self.countdown is not None:
            coupon = {
                "code": self.coupon_code, "total_s": self.countdown.total_s,
                "remaining_s": self.countdown.remaining(self._clock()),
                "paused": self.countdown.paused,
            }  # fmt: skip
        return {
            "product": self.product,
            "coupon": coupon,
            "featured": None if self.featured is None else asdict(self.featured),
            "thanks": self.thanks_on,
        }

    def restore(self, saved: dict[str, Any], away_s: float) -> None:
        """Put back what was on stream; a countdown that ran out while the console was away ends
        now, as it did on stream."""
        product, coupon, featured = saved.get("product"), saved.get("coupon"), saved.get("featured")
        try:
            self.product = str(product) if product else None
            self.featured = FeaturedComment(**featured) if isinstance(featured, dict) else None
            if isinstance(coupon, dict):
                total, paused = float(coupon["total_s"]), bool(coupon.get("paused"))
                remaining = float(coupon["remaining_s"])
                if not (0 <= remaining <= min(total, rules.MAX_COUPON_S) and math.isfinite(total)):
                    raise ValueError(f"a countdown of {total} s with {remaining} s left")
                left = left_after(remaining, paused, away_s)
                now = self._clock()
                self.coupon_code = str(coupon["code"])
                self.countdown = Countdown.start(total, now - (total - left))
                if paused:
                    self.countdown.pause(now)
        except (KeyError, TypeError, ValueError) as exc:
            raise SnapshotError(f"the saved overlays are damaged: {exc}") from exc
        self.thanks_on = saved.get("thanks") is True  # a snapshot from before it: off
        self._bus.publish(ProductChanged(self.product))
        self._bus.publish(FeaturedChanged(self.featured))
        self._tell_thanks()
        if self.countdown is not None:
            if self.countdown.expired(self._clock()):
                self._end_coupon("expired", "resume")
            else:
                self._arm()
                self._publish_coupon()

    # ----- internals -------------------------------------------------------------------------
    def _end_coupon(self, reason: str, origin: str | None = None) -> None:
        code, self.coupon_code, self.countdown = self.coupon_code, None, None
        self._disarm()
        self._recorder.record(kinds.COUPON_END, code=code, reason=reason, origin=origin)
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


class _InteractionCards:
    """The latest lottery, poll and check-in as the interaction service last told, and which of
    them are on screen: an open one, a finished one for LINGER_S, none the producer hid."""

    def __init__(self) -> None:
        self.lottery: LotterySlice | None = None
        self.lottery_at = 0.0  # when it was told (its time left counts from then)
        self.poll: PollSlice | None = None
        self.poll_at = 0.0
        self.checkin: CheckInSlice | None = None
        self.hidden: set[str] = set()
        self.ended_at: dict[str, float] = {}  # a drawn lottery, a closed poll: since when

    def _shown(self, kind: str, now: float) -> bool:
        if kind in self.hidden:
            return False
        ended = self.ended_at.get(kind)
        return ended is None or now - ended < LINGER_S

    def _left(self, remaining_s: float | None, told_at: float, now: float) -> float | None:
        return None if remaining_s is None else max(0.0, remaining_s - (now - told_at))

    def on_screen(self, now: float) -> InteractionOverlaySlice:
        lottery, poll, checkin = self.lottery, self.poll, self.checkin
        return InteractionOverlaySlice(
            lottery=lottery.id if lottery and self._shown("lottery", now) else None,
            poll=poll.id if poll and self._shown("poll", now) else None,
            checkin=checkin.id if checkin and checkin.open and self._shown("checkin", now)
            else None,
        )  # fmt: skip

    def view(self, now: float) -> dict[str, Any]:
        shown = self.on_screen(now)
        lottery, poll, checkin = self.lottery, self.poll, self.checkin
        return {
            "lottery": lottery_card(
                lottery.keyword, lottery.winners, lottery.entrants,
                self._left(lottery.remaining_s, self.lottery_at, now), lottery.open,
                None if lottery.seed is None else lottery.drawn,
            ) if lottery is not None and shown.lottery is not None else None,
            "poll": poll_card(
                poll.question, poll.options, poll.counts, poll.voters, poll.open, poll.answer,
                poll.revealed, self._left(poll.remaining_s, self.poll_at, now),
            ) if poll is not None and shown.poll is not None else None,
            "checkin": checkin_card(checkin.keyword, checkin.count, checkin.open)
            if checkin is not None and shown.checkin is not None else None,
        }  # fmt: skip

    def next_change(self, now: float) -> float | None:
        """When a card next changes by itself (None: not before news)."""
        due: list[float] = []
        for kind, ended in self.ended_at.items():
            if kind not in self.hidden and now - ended < LINGER_S:
                due.append(ended + LINGER_S)
        shown = self.on_screen(now)
        clocks = ((self.lottery, self.lottery_at, shown.lottery is not None and self.lottery
                   is not None and self.lottery.seed is None),
                  (self.poll, self.poll_at, shown.poll is not None and self.poll is not None
                   and self.poll.open))  # fmt: skip
        for item, told_at, running in clocks:
            left = self._left(item.remaining_s, told_at, now) if item and running else None
            if left:  # the next whole second of the clock (rounded up, as shown)
                due.append(now + (left - (math.ceil(left) - 1)))
        return min(due, default=None)


def _later(delay: float, callback: Callable[[], None]) -> asyncio.TimerHandle | None:
    """`callback` after `delay` seconds on the running loop; None when no loop runs."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_later(delay, callback)
