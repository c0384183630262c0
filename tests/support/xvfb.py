"""An Xvfb server on a free display number, for the real-OBS tests (plain Python, no pytest)."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.support.harness import (
    XVFB_BINARY,
    HarnessError,
    MissingSystemToolError,
    kill_group,
    popen_preexec,
    register,
    tail,
    unregister,
)

__all__ = ["VirtualDisplay"]

_X11_SOCKET_DIR = Path("/tmp/.X11-unix")


def _read_lock_pid(number: int) -> int | None:
    try:
        return int(Path(f"/tmp/.X{number}-lock").read_text().strip())
    except (OSError, ValueError):
        return None


class VirtualDisplay:
    """An Xvfb server on a free display number.

    If env ``LIVEDESK_TEST_DISPLAY`` is set (e.g. ``:0``), that existing display is reused and
    nothing is started; otherwise an existing ``DISPLAY`` is deliberately ignored so tests never
    pop windows up on a developer's desktop.
    """

    cleanup_last = True  # OBS runs on it: stopped after OBS at exit

    def __init__(
        self,
        width: int = 1280,
        height: int = 720,
        depth: int = 24,
        *,
        log_path: Path | None = None,
        start_timeout: float = 15.0,
    ) -> None:
        self.width, self.height, self.depth = width, height, depth
        self.log_path = log_path
        self.start_timeout = start_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_file: Any = None
        self._number: int | None = None
        self._external = os.environ.get("LIVEDESK_TEST_DISPLAY") or None

    # -- public API ---------------------------------------------------------------------------

    @property
    def display(self) -> str:
        """The value for ``DISPLAY`` (``":N"``)."""
        if self._external:
            return self._external
        if self._number is None:
            raise HarnessError("VirtualDisplay not started")
        return f":{self._number}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def running(self) -> bool:
        if self._external:
            return True
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> VirtualDisplay:
        if self._external or self.running:
            return self
        if shutil.which(XVFB_BINARY) is None:
            raise MissingSystemToolError(f"{XVFB_BINARY} is not on PATH")
        last_error = ""
        rng = random.Random()
        tried: set[int] = set()
        for _attempt in range(25):
            number = rng.randrange(100, 10_000)
            if number in tried or not self._number_looks_free(number):
                continue
            tried.add(number)
            ok, last_error = self._try_start(number)
            if ok:
                return self
        raise HarnessError(f"could not start Xvfb on a free display: {last_error}")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.poll() is None:
                kill_group(proc, signal.SIGTERM)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    kill_group(proc)
                    proc.wait(5)
            else:
                kill_group(proc)
            self._remove_stale_files(proc.pid)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        unregister(self)

    def _remove_stale_files(self, pid: int) -> None:
        """A SIGKILLed Xvfb leaves its lock file and socket behind; remove them if ours."""
        if self._number is None or _read_lock_pid(self._number) != pid:
            return
        for path in (_X11_SOCKET_DIR / f"X{self._number}", Path(f"/tmp/.X{self._number}-lock")):
            with contextlib.suppress(OSError):
                path.unlink()

    def __enter__(self) -> VirtualDisplay:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self._external or (f":{self._number}" if self._number is not None else "-")
        return f"<VirtualDisplay {where} running={self.running}>"

    # -- internals ----------------------------------------------------------------------------

    @staticmethod
    def _number_looks_free(number: int) -> bool:
        return (
            not (_X11_SOCKET_DIR / f"X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        )

    def _try_start(self, number: int) -> tuple[bool, str]:
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            log: Any = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        else:
            log = subprocess.DEVNULL
        cmd = [
            XVFB_BINARY,
            f":{number}",
            "-screen",
            "0",
            f"{self.width}x{self.height}x{self.depth}",
            "-nolisten",
            "tcp",
        ]
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # SIGTERM lets an orphaned Xvfb remove its socket and lock file itself.
            preexec_fn=popen_preexec(signal.SIGTERM),
        )
        self._proc, self._number = proc, number
        self._log_file = None if log is subprocess.DEVNULL else log
        register(self)
        sock_path = _X11_SOCKET_DIR / f"X{number}"
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            # The lock file names the server's pid: make sure we reached *our* Xvfb, not one
            # that another test process started on the same number a moment earlier.
            if sock_path.exists() and _read_lock_pid(number) == proc.pid:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                    try:
                        s.connect(str(sock_path))
                        return True, ""
                    except OSError:
                        pass
            time.sleep(0.05)
        rc = proc.poll()
        self.stop()
        self._number = None
        reason = f"Xvfb :{number} " + (f"exited with {rc}" if rc is not None else "timed out")
        if self.log_path is not None:
            reason += "\n" + tail(self.log_path, 15)
        return False, reason

    def _emergency_stop(self) -> None:
        self.stop()  # SIGTERM (Xvfb cleans up after itself), SIGKILL after 5 s
