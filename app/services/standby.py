"""Standby (应急预案): the cut to the standby scene (马上回来) and back. While the host is away
the segment clock and the coupon countdown wait, so neither the host's remaining time nor the
viewers' coupon runs down on a stream that shows no one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain import log_events as kinds
from app.domain.countdown import Stopwatch
from app.domain.messages import Message
from app.services.errors import WrongState
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.session import ShowRecorder

STANDBY_NAMES = ("马上回来", "brb", "be right back", "standby", "稍后回来", "暂停")


@dataclass
class Away:
    """Standby as it stands: the scene it left (to return to), and whether the segment clock
    was paused already (standby before Start show: the clock waits for the show's start), so
    the return leaves such a clock paused."""

    return_scene: str | None
    watch_was_paused: bool


class Standby:
    """The standby scene (chosen, or guessed from OBS's scenes) and the cut there and back.
    The run-sheet's runner calls it one on-air action at a time and publishes what changed;
    `watch` is the live segment's clock (None: no segment is live)."""

    def __init__(
        self,
        obs: ObsControl,
        overlays: OverlayControl,
        recorder: ShowRecorder,
        clock: Callable[[], float],
    ) -> None:
        self._obs, self._overlays, self._recorder, self._clock = obs, overlays, recorder, clock
        # None: not chosen, so guessed from OBS's scenes; "": chosen to have none; else the scene
        self._choice: str | None = None
        self.away: Away | None = None  # None: not in standby

    @property
    def on(self) -> bool:
        return self.away is not None

    @property
    def scene(self) -> str | None:
        """The scene standby cuts to: the user's choice, else OBS's scene that looks like one."""
        if self._choice is None:
            return self._guess()
        return self._choice or None

    def choose(self, scene: str | None) -> None:
        self._choice = scene or ""

    def _guess(self) -> str | None:
        for scene in self._obs.state.scenes:
            if any(name in scene.lower() for name in STANDBY_NAMES):
                return scene
        return None

    async def enter(self, watch: Stopwatch | None, origin: str, chosen: str | None) -> None:
        """Cut to the standby scene (`chosen` first becomes the choice, kept only when the cut
        goes through), remembering the scene left; the clock and the coupon wait."""
        scene = chosen if chosen is not None else self.scene
        if not scene:
            raise WrongState(Message("runner.no_standby"))
        state = self._obs.state
        back = state.program_scene
        await self._obs.switch_scene(scene, origin="standby")
        if state.studio_mode:
            await self._obs.transition(origin="standby")
        if chosen is not None:
            self._choice = chosen
        paused = watch.paused if watch is not None else False
        if watch is not None:
            watch.pause(self._clock())
        self._overlays.pause()
        self.away = Away(back, paused)
        self._recorder.record(kinds.STANDBY_ON, scene=scene, return_scene=back, origin=origin)

    async def leave(self, watch: Stopwatch | None, origin: str) -> None:
        """Cut back to the scene standby left; the clock and the coupon run on."""
        away = self.away
        assert away is not None
        if away.return_scene:
            await self._obs.switch_scene(away.return_scene, origin="standby")
            if self._obs.state.studio_mode:
                await self._obs.transition(origin="standby")
        self.drop(watch)
        self._recorder.record(kinds.STANDBY_OFF, scene=away.return_scene, origin=origin)

    def drop(self, watch: Stopwatch | None) -> Away | None:
        """Standby ends without a cut of its own (a cue takes the stream on, End show ends the
        segment): the clock and the coupon run again. What standby was (None: it was not on)."""
        away, self.away = self.away, None
        if away is None:
            return None
        if watch is not None and not away.watch_was_paused:
            watch.resume(self._clock())
        self._overlays.resume()
        return away

    # ----- resume ----------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        away = self.away
        return {
            "standby": None if away is None else {
                "return_scene": away.return_scene, "watch_was_paused": away.watch_was_paused,
            },
            "standby_choice": self._choice,
        }  # fmt: skip

    def restore(self, saved: dict[str, Any]) -> None:
        """Standby as the interrupted show left it (OBS kept its scene meanwhile)."""
        choice = saved.get("standby_choice")
        self._choice = choice if isinstance(choice, str) else None
        away = saved.get("standby")
        self.away = None if not isinstance(away, dict) else Away(
            away.get("return_scene"), bool(away.get("watch_was_paused")),
        )  # fmt: skip
