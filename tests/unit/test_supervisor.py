from __future__ import annotations

import asyncio

import pytest

from app.adapters.obs import problems
from app.services.events import Event, ObsDisconnected
from app.services.obs_control import ObsControl
from app.services.ports import ConnectProblem, ObsConnectError, ObsVersion
from app.services.supervisor import Backoff, ObsSupervisor
from tests.support.fake_obs import FakeObs
from tests.support.waiting import eventually


def test_backoff_doubles_to_five_seconds_and_resets() -> None:
    backoff = Backoff()
    assert [backoff.next_delay() for _ in range(6)] == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
    backoff.reset()
    assert backoff.next_delay() == 0.5


async def test_reconnects_and_resyncs_after_a_drop(fake_obs: FakeObs, control: ObsControl) -> None:
    supervisor = ObsSupervisor(fake_obs, control, backoff=Backoff(first=0.01, ceiling=0.05))
    task = asyncio.create_task(supervisor.run())
    try:
        await eventually(lambda: control.state.connected, "control.state.connected", 2.0, 0.005)
        fake_obs.drop()
        await eventually(
            lambda: not control.state.connected, "not control.state.connected", 2.0, 0.005
        )
        assert control.problem is not None
        assert control.problem.code == "lost"
        fake_obs.program = "BRB"  # OBS came back in another state
        await eventually(lambda: control.state.connected, "control.state.connected", 2.0, 0.005)
        assert control.state.program_scene == "BRB"
        assert fake_obs.connects == 2
    finally:
        task.cancel()


async def test_connect_problem_is_shown_then_cleared(
    fake_obs: FakeObs, control: ObsControl
) -> None:
    fake_obs.refuse_next = ConnectProblem("auth", "OBS refused the password", "copy it")
    supervisor = ObsSupervisor(fake_obs, control, backoff=Backoff(first=0.05, ceiling=0.05))
    seen: list[str | None] = []

    def heard(event: Event) -> None:
        if isinstance(event, ObsDisconnected):
            seen.append(event.problem and event.problem.code)

    control._bus.listen(heard)
    task = asyncio.create_task(supervisor.run())
    try:
        await eventually(lambda: control.state.connected, "control.state.connected", 2.0, 0.005)
        assert "auth" in seen
        assert control.problem is None
    finally:
        task.cancel()


@pytest.mark.parametrize("drops", [3])
async def test_stats_poll_runs_while_connected(
    fake_obs: FakeObs, control: ObsControl, drops: int
) -> None:
    supervisor = ObsSupervisor(fake_obs, control, backoff=Backoff(first=0.01), stats_interval=0.01)
    task = asyncio.create_task(supervisor.run())
    try:
        await eventually(
            lambda: fake_obs.names().count("GetStats") >= drops,
            "fake_obs.names().count('GetStats') >= drops",
            2.0,
            0.005,
        )
    finally:
        task.cancel()


class _PortAnswers(FakeObs):
    """Something other than OBS answers at the address: every attempt fails, and the port is
    open, so waiting for it to open would return at once."""

    def __init__(self, problem: ConnectProblem) -> None:
        super().__init__()
        self.problem, self.woken_on_port = problem, 0

    async def connect(self) -> ObsVersion:
        self.connects += 1
        await asyncio.sleep(0)
        raise ObsConnectError(self.problem)

    async def wait_reachable(self, timeout: float) -> None:
        self.woken_on_port += 1  # the port is open: returns at once


@pytest.mark.parametrize(
    "problem",
    [problems.not_obs("127.0.0.1", 8080), problems.bad_address("http://127.0.0.1:4455")],
)
async def test_another_server_on_the_port_waits_out_the_backoff(
    control: ObsControl, problem: ConnectProblem
) -> None:
    """An HTTP server where OBS should be (a mistyped port) or an address that cannot be read:
    no retry wakes on the port, so the attempts follow the backoff instead of a busy loop."""
    gateway = _PortAnswers(problem)
    supervisor = ObsSupervisor(gateway, control, backoff=Backoff(first=0.01, ceiling=0.02))
    task = asyncio.create_task(supervisor.run())
    try:
        await eventually(lambda: gateway.connects >= 3, "three attempts", 5.0, 0.005)
    finally:
        task.cancel()
    assert gateway.woken_on_port == 0
    assert control.problem is not None
    assert control.problem.code == problem.code
