"""Running the run-sheet live: cues (scene, card, coupon, log), segment timing, standby.

What is on air changes one action at a time, in the order pressed: a cue, a standby toggle, a
run-sheet load and End show each hold the recorder's `on_air` lock from start to finish. A cue
awaits OBS's scene switch before it puts up its card and coupon; two producers' Stream Decks
(or Space and a Companion button) press at once in real shows, and without the lock the press
that came second would run in that wait and be overwritten by the first one's card, or leave
standby believed on while the stream is live.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

from app.domain import log_events as kinds
from app.domain.catalog import Catalog
from app.domain.countdown import Stopwatch, over_under
from app.domain.messages import Message
from app.domain.resume import SnapshotError, carried_on
from app.domain.runsheet import RunSheet, Segment
from app.domain.runsheet_codec import sheet_from_dict, sheet_to_dict
from app.services.errors import BadInput, LiveDeskError, WrongState
from app.services.event_bus import EventBus
from app.services.events import CatalogChanged, RunsheetChanged, RunsheetLoaded
from app.services.interaction import Interaction
from app.services.interaction_cues import InteractionCues
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.ports import CatalogStore
from app.services.session import ShowRecorder
from app.services.standby import Standby
from app.services.state import CurrentSegment, NextSegment, RunsheetSlice

log = logging.getLogger(__name__)


@dataclass
class CueResult:
    index: int | None
    title: str | None
    warnings: list[str] = field(default_factory=list)  # what did not happen
    notes: list[str] = field(default_factory=list)  # worth knowing, nothing wrong

    def as_api(self) -> dict[str, Any]:
        return {"ok": True, "index": self.index, "title": self.title, "warnings": self.warnings,
                "notes": self.notes}  # fmt: skip


class ShowRunner:
    def __init__(
        self,
        obs: ObsControl,
        overlays: OverlayControl,
        recorder: ShowRecorder,
        bus: EventBus,
        catalog_store: CatalogStore,
        *,
        import_media: Callable[[Catalog], Awaitable[Catalog]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        interaction: Interaction | None = None,
    ) -> None:
        self._obs, self._overlays, self._recorder, self._bus = obs, overlays, recorder, bus
        self._store, self._clock = catalog_store, clock
        self.sheet = RunSheet()
        self.index: int | None = None  # None: not started; len(segments): finished
        self.actual_s: dict[int, float] = {}  # how long each segment has run (Prev adds to it)
        self.points_done: dict[int, set[int]] = {}
        self._watch: Stopwatch | None = None
        self._standby = Standby(obs, overlays, recorder, clock)
        self._on_air = recorder.on_air  # one on-air action at a time, End show's included
        self._catalog = catalog_store.load()
        # Copies the products' local images into the data directory (None: not wired): only
        # those copies are ever served to the overlay pages.
        self.import_media = import_media
        # opens a segment's lottery, poll, quiz or check-in when it is cued (None: not wired;
        # the show gives its own)
        self._cues: InteractionCues | None = None
        self.interaction = interaction

    @property
    def interaction(self) -> Interaction | None:
        return None if self._cues is None else self._cues.interaction

    @interaction.setter
    def interaction(self, service: Interaction | None) -> None:
        self._cues = None if service is None else InteractionCues(service)

    # ----- the sheet and catalog -------------------------------------------------------------
    def catalog(self) -> Catalog:
        """The sheet's own products and coupons, then those saved from earlier shows."""
        return self.sheet.catalog.merged(self._catalog)

    async def load(self, sheet: RunSheet, *, origin: str = "console") -> None:
        """Load a sheet (refused while a segment is live). After the on-air action under way (a
        cue leaves its segment live: refused then); a cue pressed during the load waits for it
        and cues the new sheet, never the old one's segment over the new sheet."""
        async with self._on_air:
            await self._load(sheet, origin)

    async def _load(self, sheet: RunSheet, origin: str) -> None:
        if self.live:
            raise WrongState(Message("runner.segment_live"))
        if self.import_media is not None:
            sheet = replace(sheet, catalog=await self.import_media(sheet.catalog))
        await self._store.save(sheet.catalog)
        self._catalog = self._store.load()
        self.sheet = sheet
        self.index, self.actual_s, self.points_done = None, {}, {}
        self._watch = None
        if self._cues is not None:
            self._cues.sheet_loaded()
        self._recorder.record(
            kinds.RUNSHEET_LOAD, segments=len(sheet.segments), total_s=sheet.total_s,
            title=sheet.title, origin=origin,
        )  # fmt: skip
        self._bus.publish(RunsheetLoaded(len(sheet.segments)))

    async def save_catalog(self, catalog: Catalog, *, origin: str = "console") -> None:
        """Add or update products and coupons (the card editor): kept for later shows, and in
        force now, over the loaded sheet's own copies."""
        if self.import_media is not None:
            catalog = await self.import_media(catalog)
        await self._store.save(catalog)
        self._catalog = self._store.load()
        self.sheet = replace(self.sheet, catalog=catalog.merged(self.sheet.catalog))
        self._recorder.record(
            kinds.CATALOG_SAVE, products=[p.sku for p in catalog.products],
            coupons=[c.code for c in catalog.coupons], origin=origin,
        )  # fmt: skip
        self._bus.publish(CatalogChanged())

    async def import_saved_media(self) -> None:
        """Bring the images of the catalog saved by an earlier LiveDesk into the data directory
        (at start; nothing is logged as a change)."""
        if self.import_media is None:
            return
        imported = await self.import_media(self._catalog)
        if imported != self._catalog:
            await self._store.save(imported)
            self._catalog = self._store.load()
            self._bus.publish(CatalogChanged())

    @property
    def live(self) -> bool:
        return self.index is not None and self.index < len(self.sheet.segments)

    @property
    def current(self) -> Segment | None:
        return self.sheet.segments[self.index] if self.live and self.index is not None else None

    # ----- cues ------------------------------------------------------------------------------
    async def next(self, *, origin: str = "console") -> CueResult:
        """The next segment's cue; after the action under way, so two presses are two cues,
        one after the other (the second's "next" is the one after the first's)."""
        async with self._on_air:
            return await self._next(origin)

    async def _next(self, origin: str) -> CueResult:
        target = 0 if self.index is None else self.index + 1
        if target > len(self.sheet.segments) or not self.sheet.segments:
            raise WrongState(Message("runner.no_next"))
        if target == len(self.sheet.segments):
            self._close_segment()
            self.index = target
            self._publish()
            return CueResult(None, None)
        return await self._cue(target, origin)

    async def prev(self, *, origin: str = "console") -> CueResult:
        """Back one segment: its cue again. Going back undoes the cue of the segment left: when
        the segment returned to starts no coupon, the countdown the left one's cue started stops
        (one the producer started by hand keeps running)."""
        async with self._on_air:
            if self.index is None or self.index == 0:
                raise WrongState(Message("runner.no_previous"))
            return await self._cue(self.index - 1, origin, undo=self.current)

    async def goto(self, index: int, *, origin: str = "console") -> CueResult:
        async with self._on_air:
            if not 0 <= index < len(self.sheet.segments):
                raise BadInput(f"no segment {index}; the run-sheet has {len(self.sheet.segments)}")
            return await self._cue(index, origin)

    async def _cue(self, index: int, origin: str, undo: Segment | None = None) -> CueResult:
        """Segment `index`'s cue, holding the on-air lock: nothing else changes the stream
        between its scene switch and its card, coupon and interaction."""
        away = self._standby.drop(self._watch)  # a cue ends standby
        self._close_segment()
        segment = self.sheet.segments[index]
        self.index = index
        self._watch = Stopwatch(self._clock())
        result = CueResult(index, segment.title)
        self._recorder.record(
            kinds.SEGMENT_START, index=index, title=segment.title, planned_s=segment.duration_s,
            scene=segment.scene, product=segment.product, coupon=segment.coupon, origin=origin,
            points=len(segment.notes),
        )  # fmt: skip
        if segment.scene:
            await self._warn(result, self._take_scene(segment.scene))
        elif away is not None and away.return_scene:  # not left on 马上回来
            await self._warn(result, self._take_scene(away.return_scene))
        if segment.product:
            await self._warn(result, self._call(self._overlays.show_product, segment.product))
        else:
            self._overlays.hide_product(origin="cue")
        if segment.coupon:
            await self._warn(result, self._call(self._overlays.start_coupon, segment.coupon))
        elif undo is not None and undo.coupon:
            self._stop_cued_coupon(undo.coupon)
        if segment.interaction and self._cues is not None:
            await self._warn(result, self._open_interaction(index, segment.interaction, result))
        self._publish()
        return result

    def _stop_cued_coupon(self, code: str) -> None:
        """Stop `code`'s countdown if a cue started it (logged as any stop, by the cue)."""
        overlays = self._overlays
        cued = overlays.coupon_code == code and overlays.coupon_origin == "cue"
        if cued and overlays.countdown is not None:
            overlays.stop_coupon(origin="cue")

    async def _open_interaction(self, index: int, cell: str, result: CueResult) -> None:
        assert self._cues is not None
        note = self._cues.open(index, cell)
        if note is not None:
            result.notes.append(note)

    async def _take_scene(self, scene: str) -> None:
        await self._obs.switch_scene(scene, origin="cue")
        if self._obs.state.studio_mode:
            await self._obs.transition(origin="cue")

    @staticmethod
    async def _call(fn: Callable[..., None], *args: Any) -> None:
        fn(*args, origin="cue")

    @staticmethod
    async def _warn(result: CueResult, step: Any) -> None:
        """A cue goes on when one of its parts fails (the host is live): say what did not."""
        try:
            await step
        except LiveDeskError as exc:
            log.warning("cue %s: %s", result.index, exc)
            result.warnings.append(exc.message)

    def _close_segment(self) -> None:
        if not self.live or self._watch is None or self.index is None:
            return
        segment = self.sheet.segments[self.index]
        actual = self._watch.elapsed(self._clock())
        self.actual_s[self.index] = self.actual_s.get(self.index, 0.0) + actual
        self._recorder.record(
            kinds.SEGMENT_END, index=self.index, title=segment.title,
            planned_s=segment.duration_s, actual_s=round(actual, 2),
        )  # fmt: skip
        self._watch = None

    def on_show_start(self) -> None:
        """A show starts: its segment times are its own (what ran before, a rehearsal, is not
        counted, nor continued by a later cue). A segment live already (cued before Start show)
        runs in the show from its start: logged there (`carried_in`), its clock from zero."""
        self.actual_s = {}
        segment = self.current
        if segment is None:
            return
        now = self._clock()
        paused = self._watch is not None and self._watch.paused
        self._watch = Stopwatch(now)
        if paused:  # standby before the show: the clock waits for the return
            self._watch.pause(now)
        self._recorder.record(
            kinds.SEGMENT_START, index=self.index, title=segment.title,
            planned_s=segment.duration_s, scene=segment.scene, product=segment.product,
            coupon=segment.coupon, origin="show_start", points=len(segment.notes),
            carried_in=True,
        )  # fmt: skip
        self._publish()

    def end_rehearsal(self) -> list[tuple[str, int]]:
        """Start show is pressed: what cues opened before it (a rehearsal) closes outside the
        show and is forgotten, but for what the live segment's cue opened, which carries into
        the show with the segment (on_show_start); those forgotten (kind, id)."""
        if self._cues is None:
            return []
        return self._cues.end_rehearsal(self.index if self.live else None)

    def end_with_the_show(self) -> None:
        """The show ends: a live segment ends with it (its actual time logged in the show),
        standby is left, and the run-sheet stands finished, so another can be loaded. Told by
        End show, which holds the on-air lock: a cue under way has finished."""
        if self._cues is not None:
            self._cues.show_ended()
        if not self.live:
            return
        self._standby.drop(self._watch)
        self._close_segment()
        self.index = len(self.sheet.segments)
        self._publish()

    # ----- talking points --------------------------------------------------------------------
    def tick_point(self, segment: int, point: int, done: bool, *, origin: str = "console") -> None:
        if not 0 <= segment < len(self.sheet.segments):
            raise BadInput(f"no segment {segment}")
        notes = self.sheet.segments[segment].notes
        if not 0 <= point < len(notes):
            raise BadInput(f"segment {segment} has no talking point {point}")
        ticks = self.points_done.setdefault(segment, set())
        (ticks.add if done else ticks.discard)(point)
        self._recorder.record(
            kinds.SEGMENT_POINT, index=segment, point=point, text=notes[point], done=done,
            origin=origin,
        )  # fmt: skip
        self._publish()

    # ----- standby (应急预案) ------------------------------------------------------------------
    @property
    def in_standby(self) -> bool:
        return self._standby.on

    async def toggle_standby(self, *, scene: str | None = None, origin: str = "console") -> bool:
        """Go to the standby scene, pausing the segment clock and the coupon; again to return.
        After the action under way, so two presses are two toggles (on, then off), each
        answering whether standby is on after it. `scene`: choose the standby scene first, kept only
        when the toggle goes through (a refused one leaves the choice as it was)."""
        async with self._on_air:
            if not self._standby.on:
                await self._standby.enter(self._watch, origin, scene)
            else:
                await self._standby.leave(self._watch, origin)
                if scene is not None:
                    self._standby.choose(scene)
            self._publish()
            return self._standby.on

    @property
    def standby_scene(self) -> str | None:
        """The scene standby cuts to: the user's choice, else OBS's scene that looks like one."""
        return self._standby.scene

    def set_standby_scene(self, scene: str | None) -> None:
        self._standby.choose(scene)
        self._publish()

    # ----- timing ----------------------------------------------------------------------------
    def elapsed_s(self) -> float | None:
        """The live segment's time: what it ran before, when it is cued again, and this run."""
        run = self._run_s()
        return None if run is None else self.actual_s.get(self.index or 0, 0.0) + run

    def _run_s(self) -> float | None:
        """This run of the live segment (since its cue)."""
        return None if self._watch is None else self._watch.elapsed(self._clock())

    def remaining_s(self) -> float | None:
        segment, elapsed = self.current, self.elapsed_s()
        if segment is None or elapsed is None:
            return None
        return segment.duration_s - elapsed

    def over_under_s(self) -> float:
        segments, live = self.sheet.segments, self.index if self.live else None
        done = [i for i in sorted(self.actual_s) if i != live]
        current = self.current
        return over_under(
            [segments[i].duration_s for i in done],
            [self.actual_s[i] for i in done],
            current.duration_s if current else None,
            self.elapsed_s(),
        )

    def state(self) -> RunsheetSlice:
        segments = self.sheet.segments
        nxt = None
        upcoming = 0 if self.index is None else self.index + 1
        if upcoming < len(segments):
            nxt = NextSegment(upcoming, segments[upcoming].title)
        current = self.current
        elapsed, remaining = self.elapsed_s(), self.remaining_s()
        return RunsheetSlice(
            index=self.index if self.live else None,
            segments=len(segments),
            elapsed_s=None if elapsed is None else round(elapsed, 1),
            remaining_s=None if remaining is None else round(remaining, 1),
            title=self.sheet.title,
            total_s=self.sheet.total_s,
            finished=self.index is not None and not self.live,
            current=None if current is None else CurrentSegment(
                title=current.title, planned_s=current.duration_s, scene=current.scene,
                product=current.product, coupon=current.coupon, notes=tuple(current.notes),
                done=tuple(sorted(self.points_done.get(self.index or 0, ()))),
            ),
            next=nxt,
            over_under_s=round(self.over_under_s(), 1),
            standby=self.in_standby,
            standby_scene=self.standby_scene,
            sheet=self.sheet,
            ran=frozenset(self.actual_s),
        )  # fmt: skip

    # ----- resume ----------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """The run-sheet's live state as resume needs it (JSON-ready)."""
        return {
            "sheet": sheet_to_dict(self.sheet),
            "index": self.index,
            "elapsed_s": self.elapsed_s(),  # as the console shows it
            "run_s": self._run_s(),  # of which since the segment's last cue
            "paused": self._watch.paused if self._watch else False,
            "actual_s": {str(i): round(s, 3) for i, s in self.actual_s.items()},
            "points_done": {str(i): sorted(done) for i, done in self.points_done.items() if done},
            **self._standby.snapshot(),  # "standby", "standby_choice"
            "cued": None if self._cues is None else self._cues.snapshot(),
        }  # fmt: skip

    def restore(self, saved: dict[str, Any], away_s: float) -> None:
        """Take the run-sheet up where an interrupted show left it: the same sheet, segment and
        ticks; the segment clock carried on over the time away (unless it was paused). OBS is
        not touched: it kept its scene while the console was away."""
        parsed = sheet_from_dict(saved.get("sheet"))
        if parsed.errors:
            raise SnapshotError(f"the saved run-sheet is damaged: {parsed.errors[0].message}")
        sheet = parsed.sheet
        index = saved.get("index")
        if index is not None and not (isinstance(index, int) and 0 <= index <= len(sheet.segments)):
            raise SnapshotError(f"the saved segment {index!r} is not in the run-sheet")
        try:
            actual = {int(i): float(v) for i, v in (saved.get("actual_s") or {}).items()}
            points = {
                int(i): {int(p) for p in v} for i, v in (saved.get("points_done") or {}).items()
            }
        except (TypeError, ValueError, AttributeError) as exc:
            raise SnapshotError(f"the saved segment times are damaged: {exc}") from exc
        self.sheet, self.index, self.actual_s, self.points_done = sheet, index, actual, points
        self._watch = None
        # this run of the segment (a state kept before "run_s": "elapsed_s" was that)
        elapsed = saved.get("run_s", saved.get("elapsed_s"))
        if self.live and isinstance(elapsed, int | float):
            paused = bool(saved.get("paused"))
            now = self._clock()
            watch = Stopwatch(now - carried_on(float(elapsed), paused, away_s))
            if paused:
                watch.pause(now)
            self._watch = watch
        self._standby.restore(saved)
        if self._cues is not None:
            self._cues.restore(saved.get("cued"))
        self._bus.publish(RunsheetLoaded(len(sheet.segments)))
        self._publish()

    def _publish(self) -> None:
        self._bus.publish(RunsheetChanged(self.state()))
