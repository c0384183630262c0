"""Keeps a connection up: connect, re-sync, watch, and retry with backoff when it goes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from app.services.errors import LiveDeskError
from app.services.obs_control import ObsControl
from app.services.ports import ConnectProblem, ObsConnectError, ObsGateway

log = logging.getLogger(__name__)


@dataclass
class Backoff:
    """0.5 s, 1 s, 2 s, 4 s, then 5 s for as long as it takes; reset by a good connection."""

    first: float = 0.5
    ceiling: float = 5.0
    _next: float = 0.0

    def next_delay(self) -> float:
        delay = self._next or self.first
        self._next = min(delay * 2, self.ceiling)
        return delay

    def reset(self) -> None:
        self._next = 0.0


# Problems a retry can only fix once OBS is up again: wake up as soon as its port opens (the
# gateway does not wake for a port that was open at the failed attempt and still is). A wrong
# password, an old OBS, another server on the port ("not_obs") or an address that cannot be read
# ("bad_address") wait out the full backoff, so they are not hammered.
_WAKE_ON_PORT = {"refused", "server_disabled", "lost", "timeout"}

LOST = ConnectProblem(
    code="lost",
    message="The connection to OBS was lost",
    hint="LiveDesk reconnects by itself as soon as OBS is back.",
)


class ObsSupervisor:
    name = "obs"

    def __init__(
        self,
        gateway: ObsGateway,
        control: ObsControl,
        *,
        backoff: Backoff | None = None,
        stats_interval: float = 2.0,
    ) -> None:
        self._obs, self._control = gateway, control
        self._backoff = backoff or Backoff()
        self._stats_interval = stats_interval

    async def run(self) -> None:
        """Run until cancelled. An unexpected error closes the connection and reports it lost
        before it goes up (the runtime supervisor tells the user and starts this again)."""
        try:
            await self._keep_connected()
        except Exception:
            with contextlib.suppress(Exception):
                await self._obs.close()
            self._control.disconnected(LOST)
            raise

    async def _keep_connected(self) -> None:
        attempt = 0
        while True:
            attempt += 1
            self._control.connecting(attempt)
            try:
                version = await self._obs.connect()
                await self._control.resync(version)
            except ObsConnectError as exc:
                log.info("OBS connect attempt %d failed: %s", attempt, exc.problem.message)
                self._control.disconnected(exc.problem)
                await self._pause(exc.problem)
                continue
            except LiveDeskError as exc:  # lost during the re-sync
                log.info("OBS went away during re-sync: %s", exc)
                await self._obs.close()
                self._control.disconnected(LOST)
                await self._pause(LOST)
                continue
            log.info("OBS connected after %d attempt(s)", attempt)
            attempt = 0
            self._backoff.reset()
            poller = asyncio.create_task(self._poll_stats(), name="obs-stats")
            try:
                await self._obs.wait_lost()
            finally:
                poller.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await poller
            log.warning("OBS connection lost")
            await self._obs.close()
            self._control.disconnected(LOST)
            await self._pause(LOST)

    async def _pause(self, problem: ConnectProblem) -> None:
        delay = self._backoff.next_delay()
        if problem.code in _WAKE_ON_PORT:
            await self._obs.wait_reachable(delay)
        else:
            await asyncio.sleep(delay)

    async def _poll_stats(self) -> None:
        """GetStats every interval; it doubles as the ping that finds a dead connection."""
        while True:
            try:
                await self._control.poll_stats()
            except LiveDeskError as exc:
                log.debug("stats poll failed: %s", exc)
            await asyncio.sleep(self._stats_interval)
