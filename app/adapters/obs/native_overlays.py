"""Native overlays: the show's cards as PNGs in OBS image sources, the countdown in a text input.

Follows the bus (overlay.* and obs.connected). One worker applies the changes to OBS in order,
always from the latest `OverlayControl.view()` (so a burst of changes costs one update), renders
cards off the loop, and logs every OBS failure instead of raising it into the bus.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import math
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from app.adapters.obs.overlay_layout import (
    CHECKIN_INPUT,
    CLOCK_GREY,
    CLOCK_INPUT,
    CLOCK_RED,
    CLOCK_WHITE,
    COUPON_INPUT,
    FEATURED_INPUT,
    LOTTERY_INPUT,
    OVERLAY_SCENE,
    POLL_INPUT,
    PRODUCT_INPUT,
    THANKS_INPUT,
    clock_settings,
)
from app.adapters.obs.overlay_stage import ObsOverlayStage
from app.services.errors import LiveDeskError, ObsUnavailable
from app.services.event_bus import EventBus
from app.services.events import (
    CouponCounting,
    CouponEnded,
    Event,
    FeaturedChanged,
    InteractionOverlayChanged,
    ObsConnected,
    ObsDisconnected,
    ProductChanged,
    ScenesChanged,
    ThanksOverlayChanged,
)
from app.services.overlays import OverlayControl

log = logging.getLogger(__name__)

FILE_PREFIX = "livedesk-card-"
CARD_INPUTS = {"product": PRODUCT_INPUT, "coupon": COUPON_INPUT, "featured": FEATURED_INPUT,
               "thanks": THANKS_INPUT, "lottery": LOTTERY_INPUT, "poll": POLL_INPUT,
               "checkin": CHECKIN_INPUT}  # fmt: skip
INTERACTION_CARDS = ("lottery", "poll", "checkin")
JOBS = ("resync", "product", "coupon", "clock", "featured", "thanks",
        *INTERACTION_CARDS)  # the worker's order  # fmt: skip
COUPON_CARD_KEYS = ("code", "title", "discount", "quantity")  # what the coupon image shows


class CardRenderer(Protocol):
    """Draws a card (`OverlayControl.view()` entry) as PNG bytes; called off the loop."""

    def render(self, kind: str, card: dict[str, Any], width: int, height: int) -> bytes: ...


@dataclass
class _Shown:
    """What OBS shows for one source, as far as this side knows (None: not known)."""

    key: str | None = None
    enabled: bool | None = None


class NativeOverlays:
    name = "native-overlays"

    def __init__(
        self,
        stage: ObsOverlayStage,
        overlays: OverlayControl,
        bus: EventBus,
        renderer: CardRenderer,
        directory: Path,
        *,
        keep: int = 8,
    ) -> None:
        """Card PNGs go to `directory` (which must be readable by OBS, i.e. on its machine);
        the last `keep` cards of each kind are kept for showing again without a render."""
        self._stage, self._overlays, self._bus = stage, overlays, bus
        self._renderer, self._dir = renderer, Path(directory)
        self._shown = {name: _Shown() for name in (*CARD_INPUTS, "clock")}
        self._clock_sent: tuple[str, int] | None = None
        self._pending: set[str] = set()
        self._wake = asyncio.Event()
        self._coupon_changed = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._unlisten: Any = None
        self._names = itertools.count(1)
        self._keep = max(1, keep)
        self._cache: dict[str, dict[str, Path]] = {kind: {} for kind in CARD_INPUTS}
        self._trash: list[Path] = []  # card files to delete once the current job is done
        self.idle = asyncio.Event()  # set whenever the worker has nothing left to do
        self.idle.set()

    # ----- life ------------------------------------------------------------------------------
    def start(self) -> None:
        """On the running loop, before the OBS supervisor starts: `attach()`, then `run()` on a
        task of its own (the console's supervisor runs `run()` instead)."""
        self.attach()
        self._tasks = [asyncio.get_running_loop().create_task(self.run(), name="native-overlays")]

    def attach(self) -> None:
        """Follow the bus and the stage; before the OBS supervisor starts."""
        self._dir.mkdir(parents=True, exist_ok=True)
        for stale in self._dir.glob(f"{FILE_PREFIX}*.png"):
            with contextlib.suppress(OSError):
                stale.unlink()
        self._unlisten = self._bus.listen(self._on_event)
        self._stage.add_listener(self._on_setup)
        if self._stage.gateway.connected:
            self._request("resync")

    async def run(self) -> None:
        """The worker and the coupon's clock, until cancelled (either failing ends both)."""
        async with asyncio.TaskGroup() as group:
            group.create_task(self._work(), name="native-overlays-work")
            group.create_task(self._tick(), name="native-overlays-clock")

    def detach(self) -> None:
        if self._unlisten is not None:
            self._unlisten()
            self._unlisten = None

    async def stop(self) -> None:
        self.detach()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    # ----- from the bus and the stage (on the loop; never raises) ----------------------------
    def _on_event(self, event: Event) -> None:
        match event:
            case ProductChanged():
                self._request("product")
            case CouponCounting() | CouponEnded():
                self._request("coupon")
                self._coupon_changed.set()
            case FeaturedChanged():
                self._request("featured")
            case ThanksOverlayChanged():  # a few times a second at most, however many gifts
                self._request("thanks")
            case InteractionOverlayChanged():  # a few times a second at most, however many votes
                for job in INTERACTION_CARDS:
                    self._request(job)
            case ScenesChanged(renamed=(old, new)):
                self._stage.rename_scene(old, new)
            case ObsConnected():
                self._forget()
                self._request("resync")
            case ObsDisconnected():
                self._forget()

    def _on_setup(self) -> None:
        """A set-up may have recreated sources: put everything on screen again."""
        self._forget()
        for job in ("product", "coupon", "featured", "thanks", *INTERACTION_CARDS):
            self._request(job)

    def _forget(self) -> None:
        for shown in self._shown.values():
            shown.key, shown.enabled = None, None
        self._clock_sent = None

    def _request(self, job: str) -> None:
        self._pending.add(job)
        self.idle.clear()
        self._wake.set()

    # ----- the worker: one OBS update at a time, in order ------------------------------------
    async def _work(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                job = next(j for j in JOBS if j in self._pending)
                self._pending.discard(job)
                try:
                    await self._run(job)
                except ObsUnavailable as exc:
                    log.info("native overlays: OBS is gone (%s); re-applied on reconnect", exc)
                    self._forget()
                except LiveDeskError as exc:  # OBS refused, or a remembered scene is gone
                    log.warning("native overlays: %s failed: %s", job, exc)
                except Exception:
                    log.exception("native overlays: %s failed", job)
                if self._trash:
                    trash, self._trash = self._trash, []
                    await asyncio.to_thread(_delete, trash)
            if not self._pending:
                self.idle.set()

    async def _run(self, job: str) -> None:
        stage = self._stage
        if not stage.gateway.connected:
            self._forget()
            return
        if job == "resync":
            if await stage.repair() is None:  # no set-up in this run: adopt an earlier one
                await stage.attach()
            return
        if stage.mode != "native":
            return
        async with stage.lock:
            if job == "clock":
                card = self._overlays.view()["coupon"]
                if card is not None and self._shown["coupon"].enabled:
                    await self._set_clock(card)
            elif job == "coupon":
                await self._apply_coupon()
            else:
                await self._apply_card(job)

    async def _apply_card(self, kind: str) -> None:
        card = self._overlays.view()[kind]
        if card is None:
            await self._enable(kind, CARD_INPUTS[kind], False)
            return
        await self._show_image(kind, card, json.dumps(card, sort_keys=True, default=str))
        await self._enable(kind, CARD_INPUTS[kind], True)

    async def _apply_coupon(self) -> None:
        card = self._overlays.view()["coupon"]
        if card is None:
            await self._enable("coupon", COUPON_INPUT, False)
            await self._enable("clock", CLOCK_INPUT, False)
            return
        shown = {key: card.get(key) for key in COUPON_CARD_KEYS}
        await self._show_image("coupon", card, json.dumps(shown, sort_keys=True, default=str))
        await self._set_clock(card)
        await self._enable("coupon", COUPON_INPUT, True)
        await self._enable("clock", CLOCK_INPUT, True)

    async def _show_image(self, kind: str, card: dict[str, Any], key: str) -> None:
        """Point the card's image source at a PNG of it: one rendered earlier (a host goes back
        and forth between a few products), else a new one rendered off the loop."""
        rect = self._stage.rects[kind]
        key = f"{key}@{rect.w}x{rect.h}"
        shown, cache = self._shown[kind], self._cache[kind]
        if key == shown.key:
            return
        path = cache.pop(key, None)
        rendered = path is None
        if path is None:
            path = await asyncio.to_thread(self._render, kind, card, rect.w, rect.h)
        try:
            await self._stage.gateway.call(
                "SetInputSettings", inputName=CARD_INPUTS[kind], inputSettings={"file": str(path)}
            )
        except BaseException:
            if rendered:
                self._trash.append(path)
            else:
                cache[key] = path
            raise
        shown.key, cache[key] = key, path
        while len(cache) > self._keep:  # the oldest card files go
            self._trash.append(cache.pop(next(iter(cache))))

    def _render(self, kind: str, card: dict[str, Any], width: int, height: int) -> Path:
        """The card as a PNG file in the cards directory; when that cannot be written (its disk
        full or read-only) in a spare directory under the system's temp dir, so the show goes
        on."""
        png = self._renderer.render(kind, card, width, height)
        name = f"{FILE_PREFIX}{kind}-{next(self._names)}-{secrets.token_hex(4)}.png"
        path = (self._dir / name).resolve()
        try:
            path.write_bytes(png)
        except OSError as exc:
            with contextlib.suppress(OSError):
                path.unlink()  # what part of it was written
            spare = Path(tempfile.gettempdir()) / f"livedesk-overlay-cards-{os.getpid()}"
            log.warning("native overlays: cannot write %s (%s); using %s", path, exc, spare)
            spare.mkdir(parents=True, exist_ok=True)
            path = (spare / name).resolve()
            path.write_bytes(png)
        return path

    async def _set_clock(self, card: dict[str, Any]) -> None:
        colour = CLOCK_GREY if card.get("paused") else CLOCK_RED if card.get("urgent") else 0
        wanted = (str(card.get("clock") or ""), colour or CLOCK_WHITE)
        if wanted == self._clock_sent:
            return
        settings = clock_settings(self._stage.text_kind, *wanted)
        await self._stage.gateway.call(
            "SetInputSettings", inputName=CLOCK_INPUT, inputSettings=settings
        )
        self._clock_sent = wanted

    async def _enable(self, slot: str, name: str, enabled: bool) -> None:
        shown = self._shown[slot]
        item = self._stage.items.get(name)
        if shown.enabled is enabled or item is None:
            return
        await self._stage.gateway.call(
            "SetSceneItemEnabled", sceneName=OVERLAY_SCENE, sceneItemId=item,
            sceneItemEnabled=enabled,
        )  # fmt: skip
        shown.enabled = enabled

    # ----- the countdown clock ---------------------------------------------------------------
    async def _tick(self) -> None:
        """While a countdown runs, update the clock each time its whole second changes."""
        while True:
            self._coupon_changed.clear()
            countdown = self._overlays.countdown
            remaining = self._overlays.coupon_remaining()
            if countdown is None or remaining is None or countdown.paused:
                await self._coupon_changed.wait()
                continue
            # the clock shows whole seconds rounded up: it changes when `remaining` passes one
            delay = remaining - (math.ceil(remaining) - 1) if remaining > 0 else 1.0
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._coupon_changed.wait(), delay + 0.005)
            self._request("clock")


def _delete(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
