"""OBS's outputs as the console starts and stops them (stream, recording, replay buffer, virtual
camera) and the replay saves: ObsControl's actions on them, kept apart from the connection's life
and the following of OBS's events. A double press never reaches OBS twice; a start right after a
stop waits for OBS to finish the file; a recording start OBS takes and ignores is sent again.

Of quick presses the last one wins: a stop pressed while the output starts is sent as soon as OBS
runs it (OBS refuses it before), never undone by the start sent again; a stop pressed while a
start waits for OBS to finish the last stop calls that start off; a start pressed while such a
stop waits drops the stop."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from app.domain import log_events as kinds
from app.domain.messages import Message
from app.domain.obs_state import ObsState
from app.services.errors import NotFound, ObsRequestFailed, ObsUnavailable, WrongState
from app.services.event_bus import EventBus
from app.services.events import ReplaySaved
from app.services.obs_answers import OUTPUT_NAMES, count
from app.services.output_phases import OutputPhases, Settled
from app.services.ports import ObsGateway
from app.services.replay_paths import ReplayPaths
from app.services.session import ShowRecorder

log = logging.getLogger("app.services.obs_control")  # the OBS control's voice, as before

# OBS's outputs the console starts and stops: the request's middle word and the log's kind.
_OUTPUTS = {
    "stream": ("Stream", kinds.ACTION_STREAM),
    "record": ("Record", kinds.ACTION_RECORD),
    "replay_buffer": ("ReplayBuffer", kinds.ACTION_REPLAY_BUFFER),
    "virtualcam": ("VirtualCam", kinds.ACTION_VIRTUALCAM),
}
# obs-websocket's answer when the replay buffer is off in OBS's settings, or when OBS has no
# virtual-camera device (on Linux: no v4l2loopback): 604 InvalidResourceState.
NOT_AVAILABLE = 604
_OUTPUT_RUNNING, _OUTPUT_NOT_RUNNING = 500, 501
REPLAY_PATH_WAIT_S = 10.0  # how long a save waits for OBS to say which file it wrote
STOP_WAIT_S = 10.0  # how long a start right after a stop waits for OBS to finish the output
START_RETRY_S = 0.25  # meanwhile, how often it asks OBS again
# OBS may take a recording's start right after a stop and do nothing (still closing the last
# file, under load): with no word from OBS this long after, and the output not running, the
# start is sent again, at most START_NUDGES times (within the phases' START_WORD_S); never the
# stream's
START_NUDGE_S, START_NUDGES = 1.5, 2
_STATUS = {
    "stream": "GetStreamStatus",
    "record": "GetRecordStatus",
    "replay_buffer": "GetReplayBufferStatus",
    "virtualcam": "GetVirtualCamStatus",
}


class ObsOutputs:
    """The outputs' half of ObsControl, which sets these up."""

    _obs: ObsGateway
    _recorder: ShowRecorder
    _bus: EventBus
    _phases: OutputPhases
    _replay_paths: ReplayPaths
    _nudges: set[asyncio.Task[None]]
    _late_stops: set[asyncio.Task[None]]  # stops pressed while starting, sent once it runs
    # output -> the last press that was taken ("start" or "stop"): a start waiting for OBS to
    # finish a stop goes to OBS only if no stop was taken since
    _last_press: dict[str, str]
    _starts_waiting: dict[str, int]  # output -> starts waiting for OBS to finish its stop
    _video_rate: tuple[int, int] | None
    state: ObsState
    stop_wait_s: float

    def _require_connected(self) -> None:
        if not self.state.connected:
            raise ObsUnavailable("OBS is not connected")

    async def _read_video_rate(self) -> None:
        """OBS's frame rate (GetVideoSettings), which the editor exports count frames at. OBS
        refuses to change it while recording, so the value read while a recording runs is the
        recording's; a refusal or a malformed answer keeps the one known."""
        try:
            video = await self._obs.call("GetVideoSettings")
        except ObsRequestFailed as exc:
            log.info("GetVideoSettings: %s", exc)
            return
        numerator = count(video.get("fpsNumerator"))
        denominator = count(video.get("fpsDenominator"))
        if numerator > 0 and denominator > 0:
            self._video_rate = (numerator, denominator)

    async def set_output(self, output: str, action: str, *, origin: str = "console") -> None:
        """Start or stop the stream, the recording, the replay buffer or the virtual camera."""
        self._require_connected()
        if output not in _OUTPUTS or action not in ("start", "stop"):
            raise NotFound(f"unknown output action {output}/{action}")
        middle, kind = _OUTPUTS[output]
        if action == "start":
            await self._start(output, "Start" + middle)
        else:
            await self._stop(output, "Stop" + middle)
        self._recorder.record(kind, action=action, origin=origin)

    async def _start(self, output: str, request: str) -> None:
        if self._phases.stop_deferred(output):  # a stop waits for it to start: drop the stop
            self._last_press[output] = "start"
            self._phases.cancel_stop(output)
            log.info("%s start pressed while its stop waited for it to start: stop dropped", output)
            return
        if self._phases.stopping(output):  # OBS is still finishing it: start once it has
            self._last_press[output] = "start"
            await self._start_after_stop(output, request, self._phases.mark(output))
            return
        if self.is_running(output) or self._phases.starting(output):
            raise WrongState(Message("obs.output_running", output=OUTPUT_NAMES[output]))
        self._last_press[output] = "start"
        mark = self._phases.mark(output)
        try:
            await self._send_start(output, request)
        except ObsRequestFailed as exc:
            if exc.code != _OUTPUT_RUNNING:
                raise self._refusal(output, exc) from exc
            # OBS is busy with an output the console saw stopped: most likely a stop whose
            # STOPPING event has not come yet (stopped in OBS itself)
            await self._start_after_stop(output, request, mark)

    async def _start_after_stop(self, output: str, request: str, mark: int) -> None:
        """Start the output once OBS has finished stopping it, within stop_wait_s: on its
        STOPPED event, and meanwhile by asking again every START_RETRY_S while OBS answers that
        it still runs (it may say STOPPED a moment before it takes a start, and the word may
        have come before this wait began)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.stop_wait_s
        self._starts_waiting[output] = self._starts_waiting.get(output, 0) + 1
        try:
            while True:
                left = max(0.0, deadline - loop.time())
                settled = await self._phases.wait_stopped(
                    output, min(START_RETRY_S, left), since=mark
                )
                mark = self._phases.mark(output)
                self._require_connected()
                if self._last_press.get(output) == "stop":  # pressed after this start
                    name = OUTPUT_NAMES[output]
                    raise WrongState(Message("obs.output_start_called_off", output=name))
                if settled is Settled.STARTED:  # started meanwhile, in OBS or by another press
                    raise WrongState(Message("obs.output_running", output=OUTPUT_NAMES[output]))
                finishing = self._phases.stopping(output)
                try:
                    await self._send_start(output, request)
                    return
                except ObsRequestFailed as exc:
                    if exc.code != _OUTPUT_RUNNING:
                        raise self._refusal(output, exc) from exc
                    if loop.time() < deadline:
                        continue  # OBS is still finishing: ask again
                    if finishing:
                        name = OUTPUT_NAMES[output]
                        raise WrongState(Message("obs.output_finishing", output=name)) from exc
                    raise self._refusal(output, exc) from exc
        finally:
            self._starts_waiting[output] -= 1
            if self._last_press.get(output) != "stop":  # else OBS's word ends the stopping
                self._phases.forget_stop(output)  # its word (or the bound) is in: OBS has the last

    async def _send_start(self, output: str, request: str) -> None:
        """Send the start with the output marked starting first: a second start before OBS's
        STARTING event (a double press) is refused here and never reaches OBS, which given two
        stream starts at once may crash. The mark goes with OBS's STARTED or STOPPED event.
        A recording's start first reads OBS's frame rate (logged on its entries); a stop
        pressed meanwhile calls the start off before it reaches OBS."""
        if self._phases.starting(output):
            raise WrongState(Message("obs.output_running", output=OUTPUT_NAMES[output]))
        self._phases.start_requested(output)
        try:
            if output == "record":
                await self._read_video_rate()
                if self._phases.stop_deferred(output):
                    name = OUTPUT_NAMES[output]
                    raise WrongState(Message("obs.output_start_called_off", output=name))
            await self._obs.call(request)
        except BaseException:
            self._phases.forget_start(output)
            raise
        if output == "stream":  # never twice: OBS given two stream starts may crash
            return
        nudge = asyncio.get_running_loop().create_task(self._nudge_start(output, request))
        self._nudges.add(nudge)
        nudge.add_done_callback(self._nudges.discard)

    async def _nudge_start(self, output: str, request: str) -> None:
        """Send a start again that OBS took without a word and without starting the output;
        never while a stop pressed since waits (a start pressed again drops that stop)."""
        for _ in range(START_NUDGES):
            await asyncio.sleep(START_NUDGE_S)
            if not (self.state.connected and self._phases.awaiting_word(output)):
                return
            if self._phases.stop_deferred(output):
                continue
            try:
                status = await self._obs.call(_STATUS[output])
                if status.get("outputActive") is True or not self._phases.awaiting_word(output):
                    return
                if self._phases.stop_deferred(output):  # pressed while OBS was asked
                    continue
                log.warning("OBS took the %s start without starting it: asking again", output)
                self._phases.start_requested(output)
                await self._obs.call(request)
            except (ObsRequestFailed, ObsUnavailable) as exc:  # started meanwhile, or gone
                log.info("%s start asked again: %s", output, exc)
                return

    async def _stop(self, output: str, request: str) -> None:
        phases, name = self._phases, OUTPUT_NAMES[output]
        if phases.stop_deferred(output):  # a second stop while the first waits for the start
            raise WrongState(Message("obs.output_stopping", output=name))
        if phases.starting(output) and not self.is_running(output):
            # OBS refuses a stop until it says STARTED: sent then (_stop_started)
            self._last_press[output] = "stop"
            phases.defer_stop(output)
            log.info("%s stop pressed while it starts: sent once OBS runs it", output)
            return
        if self._starts_waiting.get(output, 0) > 0:  # a start waits for OBS to finish the stop
            self._last_press[output] = "stop"
            phases.call_off(output)
            return
        if phases.stopping(output):  # a second stop before OBS has finished the first
            raise WrongState(Message("obs.output_stopping", output=name))
        if not self.is_running(output):
            raise WrongState(Message("obs.output_not_running", output=name))
        self._last_press[output] = "stop"
        phases.stop_requested(output)  # before the call: a start may come before the event
        try:
            await self._obs.call(request)
        except BaseException as exc:
            self._phases.forget_stop(output)
            if isinstance(exc, ObsRequestFailed):
                raise self._refusal(output, exc) from exc
            raise

    def _stop_started(self) -> None:
        """Send each stop pressed while its output was starting, now that OBS runs it (after
        each of OBS's events and each stats poll)."""
        for output in self._phases.deferred_stops():
            if not (self.state.connected and self.is_running(output)):
                continue
            self._phases.stop_requested(output)  # sent now: stopping until OBS's word
            task = asyncio.get_running_loop().create_task(self._send_late_stop(output))
            self._late_stops.add(task)
            task.add_done_callback(self._late_stops.discard)

    async def _send_late_stop(self, output: str) -> None:
        request = "Stop" + _OUTPUTS[output][0]
        try:
            await self._obs.call(request)
        except (ObsRequestFailed, ObsUnavailable) as exc:
            self._phases.forget_stop(output)
            log.warning("%s, pressed while the output started, failed: %s", request, exc)

    def is_running(self, output: str) -> bool:
        """Whether OBS runs the output ("stream", "record", "replay_buffer", "virtualcam")."""
        state = self.state
        running = {
            "stream": state.streaming,
            "record": state.recording,
            "replay_buffer": state.replay_buffer,
            "virtualcam": state.virtualcam,
        }
        return running[output]

    def _refusal(self, output: str, exc: ObsRequestFailed) -> Exception:
        """OBS's refusal as the message the person can act on (OBS's own when there is none)."""
        if exc.code == NOT_AVAILABLE and output == "replay_buffer":
            self.state = replace(self.state, replay_buffer=False, replay_buffer_available=False)
            return WrongState(Message("obs.replay_unavailable"))
        if exc.code == NOT_AVAILABLE and output == "virtualcam":
            self.state = replace(self.state, virtualcam=False, virtualcam_available=False)
            return WrongState(Message("obs.virtualcam_unavailable"))
        if exc.code == _OUTPUT_RUNNING:  # OBS knew better than the console's state
            return WrongState(Message("obs.output_running", output=OUTPUT_NAMES[output]))
        if exc.code == _OUTPUT_NOT_RUNNING:
            if exc.request == "SaveReplayBuffer":
                return WrongState(Message("obs.replay_not_running"))
            return WrongState(Message("obs.output_not_running", output=OUTPUT_NAMES[output]))
        return exc

    async def save_replay(self, *, origin: str = "console") -> asyncio.Future[str | None]:
        """Save the replay buffer. Returns as soon as OBS accepted, with the file's path to
        come: OBS names it in ReplayBufferSaved a moment later (None if it does not within
        REPLAY_PATH_WAIT_S). The path is logged when it comes, whoever asked for the save."""
        self._require_connected()
        if self.state.replay_buffer_available is False:
            raise WrongState(Message("obs.replay_unavailable"))
        if not self.state.replay_buffer:
            raise WrongState(Message("obs.replay_not_running"))
        path = self._replay_paths.expect()
        try:
            await self._obs.call("SaveReplayBuffer")
        except BaseException as exc:
            self._replay_paths.drop(path)
            if isinstance(exc, ObsRequestFailed):
                raise self._refusal("replay_buffer", exc) from exc
            raise
        self._recorder.record(kinds.ACTION_REPLAY_SAVE, origin=origin)
        asyncio.get_running_loop().call_later(REPLAY_PATH_WAIT_S, self._replay_paths.give_up, path)
        return path

    def _replay_saved(self, path: str | None) -> None:
        self._recorder.record(kinds.OBS_REPLAY_SAVED, path=path)
        self._replay_paths.named(path)
        self._bus.publish(ReplaySaved(path))
