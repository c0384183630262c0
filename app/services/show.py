"""The show: the one object both front ends (window and local API) act on."""

from __future__ import annotations

from typing import Any

from app.domain.compliance import ComplianceRules
from app.domain.preflight import Check, preflight
from app.domain.runsheet import validate
from app.services.assist_access import AssistAccess
from app.services.audience import Audience
from app.services.errors import WrongState
from app.services.event_bus import EventBus
from app.services.health import Health
from app.services.host_messages import HostMessages
from app.services.interaction import Interaction
from app.services.markers import Markers
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.ports import OverlayStage
from app.services.resume import ShowKeeper
from app.services.session import ShowRecorder
from app.services.show_runner import ShowRunner
from app.services.state import SessionSlice, ShowState


class Show:
    """Holds the show's services; `state()` is what the window shows and /api/state answers
    (as JSON made at the web edge)."""

    def __init__(
        self,
        bus: EventBus,
        recorder: ShowRecorder,
        obs: ObsControl,
        overlays: OverlayControl,
        runner: ShowRunner,
        *,
        stage: OverlayStage | None = None,
        audience: Audience | None = None,
        health: Health | None = None,
        markers: Markers | None = None,
        keeper: ShowKeeper | None = None,
        compliance: ComplianceRules | None = None,
        assist: AssistAccess | None = None,
        interaction: Interaction | None = None,
        host_messages: HostMessages | None = None,
    ) -> None:
        self.bus, self.recorder, self.obs = bus, recorder, obs
        self.overlays, self.runner = overlays, runner
        self.stage = stage  # None: no OBS overlay sources (tests of single services)
        self.audience = audience
        self.health = health
        self.markers = markers or Markers(obs, recorder, bus)
        # the settings' word lists (Settings… replaces them while the console runs)
        self.compliance = ComplianceRules() if compliance is None else compliance
        self._keeper: ShowKeeper | None = None  # None: resume is not wired (tests of services)
        self.assist = assist  # the assistants' token (None: no assistants' panel)
        # lottery, polls, check-in; a segment's cue opens them through the same service
        self.interaction = interaction or Interaction(recorder, bus)
        if runner.interaction is None:
            runner.interaction = self.interaction
        self.host_messages = host_messages or HostMessages(recorder, bus)
        self.keeper = keeper
        # A show's figures are its own: the audience's, the segment times; what is live or on
        # stream as it starts (cued or put up before it) is logged in it from its start; what
        # the cues opened before it (a rehearsal), but for the live segment's own, closes
        # outside the show, whose own cues open it afresh.
        recorder.before_start.append(self._end_rehearsal)
        if audience is not None:
            recorder.on_start.append(audience.new_show)
        recorder.on_start.append(runner.on_show_start)
        recorder.on_start.append(self.interaction.carry_into_show)
        recorder.on_start.append(overlays.on_show_start)
        # End show keeps the state first (the report's plan is the run-sheet kept), then ends
        # what the show opened, inside it: the segment, the interaction, what it put on stream
        recorder.before_end.append(self._keep_state)
        recorder.before_end.append(runner.end_with_the_show)
        recorder.before_end.append(self.interaction.end_with_the_show)
        recorder.before_end.append(overlays.end_with_the_show)
        if audience is not None:
            recorder.before_end.append(audience.end_show)

    @property
    def keeper(self) -> ShowKeeper | None:
        return self._keeper

    @keeper.setter
    def keeper(self, keeper: ShowKeeper | None) -> None:
        """The keeper of the show's state for resume (tests give theirs after building): it
        keeps the message on the host view too."""
        self._keeper = keeper
        if keeper is not None and keeper.host_messages is None:
            keeper.host_messages = self.host_messages

    def _end_rehearsal(self) -> None:
        for kind, made in self.runner.end_rehearsal():  # its card comes down, not lingering
            if getattr(self.overlays.interaction_state(), kind) == made:
                self.overlays.hide_interaction(kind, origin="show_start")

    def _keep_state(self) -> None:
        if self.keeper is not None:  # read as the show ends: tests give theirs after building
            self.keeper.save_before_end()

    async def resume(self, *, origin: str = "console") -> dict[str, Any]:
        """Resume the interrupted show; WrongState when there is none or it cannot."""
        if self.keeper is None:
            raise WrongState("resuming is not available")
        summary = await self.keeper.resume(origin=origin)
        return summary.as_api()

    def preflight(self) -> list[Check]:
        sheet, obs = self.runner.sheet, self.obs.state
        catalog = self.runner.catalog()
        problems = validate(sheet, scenes=obs.scenes if obs.connected else None, known=catalog)
        return preflight(
            sheet,
            catalog,
            obs_connected=obs.connected,
            scenes=obs.scenes,
            standby_scene=self.runner.standby_scene,
            sheet_problems=problems,
            rules=self.compliance,
            chat_sources={
                name: status.get("state") == "connected"
                for name, status in (self.audience.sources if self.audience else {}).items()
            },
        )

    def state(self) -> ShowState:
        session, interrupted = self.recorder.session, self.recorder.interrupted
        return ShowState(
            obs=self.obs.as_slice(),
            session=SessionSlice(
                id=session.id if session else None,
                title=session.title if session else None,
                started_at=session.started_at if session else None,
                resume_available=self.keeper is not None
                and interrupted is not None and session is None,
                interrupted=None if interrupted is None else interrupted.title,
            ),
            runsheet=self.runner.state(),
            overlay=self.overlays.state(),
            audience=None if self.audience is None else self.audience.state(),
            interaction=self.interaction.state(),
            host_message=self.host_messages.current,
        )  # fmt: skip
