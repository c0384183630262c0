"""The first-start connection wizard, wired (part of the composition root, app/wiring/).

The wizard opens after the window is shown, never blocking it: on the first start (the settings'
`first_start_done` is False), or when no OBS answers at start. Never in demo mode, never when the
OBS address was given explicitly (`--obs-url` / LIVEDESK_OBS_URL, as tests and scripts do), and
never with LIVEDESK_NO_WIZARD=1.

Its choices land here: the password in the OS keyring (never the settings file; with no keyring,
kept in memory for this run, and the window says it is not kept), the address and
`first_start_done` in the settings, the running gateway pointed at the new address; “Try the demo”
ends the console and starts it again with `--demo` (`relaunch_if_requested`, after the loop).

The wizard's signals are connected to this object's methods, and PySide drops a connection whose
receiver is gone: whoever makes a FirstStart keeps it for as long as the wizard may be open (the
console does, app/wiring/lifecycle.py `Running`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app import secrets
from app.adapters.obs.gateway import ObsWebsocketGateway, parse_obs_url
from app.adapters.store.settings_file import load_settings, save_settings
from app.services.ports import ObsVersion

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.runtime.tasks import TaskRunner
    from app.services.obs_control import ObsControl
    from app.ui.connect_wizard import ConnectWizard

log = logging.getLogger(__name__)

NO_WIZARD_ENV = "LIVEDESK_NO_WIZARD"
START_GRACE_S = 4.0  # how long OBS has to answer at start before the wizard offers help
_UNREACHABLE = {"refused", "server_disabled", "timeout", "too_old", "unknown_host", "not_obs",
                "bad_address"}  # fmt: skip
_relaunch: list[list[str]] = []


async def probe_obs(url: str, password: str, *, timeout: float = 3.0) -> ObsVersion:
    """Connect once to OBS through the real gateway and let go: its version, or ObsConnectError
    with the problem in words (also ValueError for an address that is not one)."""
    gateway = ObsWebsocketGateway(url, password, connect_timeout=timeout, request_timeout=timeout)
    try:
        return await gateway.connect()
    finally:
        await gateway.close()
        gateway.shutdown()


def wanted(args: argparse.Namespace) -> bool:
    """Whether this start may offer the wizard at all."""
    return not (args.demo or args.obs_url or os.environ.get(NO_WIZARD_ENV) == "1")


class FirstStart:
    def __init__(
        self,
        data_dir: Path,
        gateway: ObsWebsocketGateway,
        control: ObsControl,
        tasks: TaskRunner,
        *,
        quit: Callable[[], None],
        tell: Callable[[str], None] = lambda _text: None,
        argv: Sequence[str] | None = None,
        probe: Callable[[str, str], Awaitable[ObsVersion]] = probe_obs,
        secret_store: Callable[[str, str], bool] | None = None,
    ) -> None:
        self.data_dir, self.gateway, self.control, self.tasks = data_dir, gateway, control, tasks
        self._quit, self._tell, self._probe = quit, tell, probe
        self._argv = list(sys.argv[1:] if argv is None else argv)
        self._store_secret = secret_store or secrets.store_secret
        self.wizard: ConnectWizard | None = None

    async def offer(self, parent: QWidget | None, first_start_done: bool) -> None:
        """Open the wizard now on a first start; else if OBS has not answered after a moment."""
        if first_start_done:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + START_GRACE_S
            while not self.control.state.connected:
                if loop.time() >= deadline:
                    break
                await asyncio.sleep(0.1)
            problem = self.control.problem
            if self.control.state.connected or problem is None or problem.code not in _UNREACHABLE:
                return
            log.info("no OBS at start (%s): offering the connection wizard", problem.code)
        self.open(parent)

    def open(self, parent: QWidget | None = None) -> ConnectWizard:
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            return self.wizard
        password = secrets.read_secret(*secrets.OBS_PASSWORD) or ""
        url = f"ws://{_host(self.gateway.host)}:{self.gateway.port}"
        from app.ui.connect_wizard import ConnectWizard  # only when it opens: not at start

        wizard = ConnectWizard(self._probe, self.tasks, url=url, password=password, parent=parent)
        wizard.connection_chosen.connect(self.use_connection)
        wizard.demo_requested.connect(self.start_demo)
        wizard.rejected.connect(self.skipped)
        self.wizard = wizard
        wizard.show()
        return wizard

    # ----- the wizard's choices --------------------------------------------------------------
    def use_connection(self, url: str, password: str) -> None:
        try:
            host, port = parse_obs_url(url)
        except ValueError as exc:
            self._tell(str(exc))
            return
        if password and not self._store_secret(secrets.OBS_PASSWORD[0], password):
            from app.ui.connect_wizard import keyring_missing_text

            self._tell(keyring_missing_text())
        self._save(obs_url=f"ws://{_host(host)}:{port}")
        changed = (host, port, password) != (
            self.gateway.host,
            self.gateway.port,
            self.gateway.password,
        )
        self.gateway.host, self.gateway.port, self.gateway.password = host, port, password
        if changed and self.gateway.connected:  # the supervisor reconnects to the new address
            self.tasks.run(self.gateway.close(), "connect-wizard-reconnect")

    def skipped(self) -> None:
        self._save()

    def start_demo(self) -> None:
        self._save()
        request_demo_relaunch(self._argv)
        self._quit()

    def _save(self, obs_url: str | None = None) -> None:
        settings, _notes = load_settings(self.data_dir)
        settings = replace(settings, first_start_done=True)
        if obs_url is not None:
            settings = replace(settings, obs_url=obs_url)
        try:
            save_settings(self.data_dir, settings)
        except OSError as exc:
            log.warning("cannot save the settings in %s: %s", self.data_dir, exc)
            from app.ui.connect_wizard import settings_unsaved_text

            self._tell(settings_unsaved_text(str(self.data_dir), str(exc)))


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


# ----- “Try the demo”: the console again, with --demo ----------------------------------------
def demo_command(argv: Sequence[str]) -> list[str]:
    args = [a for a in argv if a != "--demo"] + ["--demo"]
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: its executable is the program
        return [sys.executable, *args]
    return [sys.executable, "-m", "app", *args]


def request_demo_relaunch(argv: Sequence[str]) -> None:
    _relaunch[:] = [demo_command(argv)]


def relaunch_requested() -> list[str] | None:
    return _relaunch[0] if _relaunch else None


def relaunch_if_requested() -> None:
    """After the console has shut down: start it again in demo mode, if the wizard asked."""
    if not _relaunch:
        return
    command = _relaunch.pop()
    log.info("starting again in demo mode")
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(command[0], command)  # same process, same terminal
    subprocess.Popen(command, close_fds=True)  # our own interpreter and arguments
