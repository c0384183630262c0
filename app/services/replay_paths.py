"""Saves of OBS's replay buffer waiting for OBS to name the file it wrote.

OBS answers SaveReplayBuffer at once and names the file a moment later in ReplayBufferSaved
(which may even come before the answer). Each save waits here for that name: it gets the path,
None when OBS says nothing within its bound, or ObsUnavailable when the connection is lost first
(the file may not exist)."""

from __future__ import annotations

import asyncio

from app.domain.messages import Message
from app.services.errors import ObsUnavailable

PathFuture = asyncio.Future[str | None]


class ReplayPaths:
    def __init__(self) -> None:
        self._waiting: list[PathFuture] = []

    def expect(self) -> PathFuture:
        """A save about to be asked for: wait for its path (before the call, the event may
        beat the answer)."""
        path: PathFuture = asyncio.get_running_loop().create_future()
        self._waiting.append(path)
        return path

    def drop(self, path: PathFuture) -> None:
        """The save was refused: nothing to wait for."""
        if path in self._waiting:
            self._waiting.remove(path)
        path.cancel()

    def named(self, path: str | None) -> None:
        """OBS named the file: every save waiting gets it."""
        waiting, self._waiting = self._waiting, []
        for waiter in waiting:
            if not waiter.done():
                waiter.set_result(path)

    def give_up(self, waiter: PathFuture) -> None:
        """OBS has not named it within the bound: None."""
        if not waiter.done():
            waiter.set_result(None)
        if waiter in self._waiting:
            self._waiting.remove(waiter)

    def lost(self) -> None:
        """The connection is gone: saves waiting will never hear their file; they fail at once."""
        waiting, self._waiting = self._waiting, []
        for waiter in waiting:
            if not waiter.done():
                waiter.set_exception(ObsUnavailable(Message("obs.replay_unconfirmed")))
