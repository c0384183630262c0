"""What the real-process test harnesses share: their errors, the check that the system tools are
installed, and the bookkeeping that makes sure nothing they start outlives the test process.

Plain Python, no pytest dependency (``require_system_tools`` imports pytest lazily to skip)."""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import os
import shutil
import signal
import subprocess
import threading
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "OBS_BINARY",
    "XVFB_BINARY",
    "HarnessError",
    "MissingSystemToolError",
    "kill_group",
    "popen_preexec",
    "register",
    "require_system_tools",
    "tail",
    "unregister",
]

OBS_BINARY = "obs"
XVFB_BINARY = "Xvfb"


class HarnessError(RuntimeError):
    """OBS or Xvfb could not be started, or did not become ready."""


class MissingSystemToolError(HarnessError):
    """``obs`` or ``Xvfb`` is not installed."""


class Stoppable(Protocol):
    #: True for what others run on (a display): stopped after everything else at exit.
    cleanup_last: bool

    def _emergency_stop(self) -> None: ...


# Process bookkeeping: nothing we start may outlive the Python process.

_LIVE: weakref.WeakSet[Any] = weakref.WeakSet()
_LIVE_LOCK = threading.Lock()


def register(obj: Stoppable) -> None:
    with _LIVE_LOCK:
        _LIVE.add(obj)


def unregister(obj: Stoppable) -> None:
    with _LIVE_LOCK:
        _LIVE.discard(obj)


@atexit.register
def _cleanup_all() -> None:
    with _LIVE_LOCK:
        live = list(_LIVE)
    # OBS first, then the displays it runs on.
    for obj in sorted(live, key=lambda o: bool(getattr(o, "cleanup_last", False))):
        with contextlib.suppress(Exception):
            obj._emergency_stop()


_libc: Any = None


def popen_preexec(death_signal: int = signal.SIGKILL) -> Any:
    """A preexec_fn that lets the kernel signal the child when the test process dies without
    running atexit (SIGKILL, os._exit). PR_SET_PDEATHSIG fires when the *thread* that forked
    exits, so it is only used from the main thread (pytest runs fixtures there)."""
    global _libc
    if threading.current_thread() is not threading.main_thread():
        return None
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        except OSError:
            return None
    libc = _libc

    def preexec() -> None:  # pragma: no cover - runs in the forked child
        libc.prctl(1, int(death_signal))  # PR_SET_PDEATHSIG

    return preexec


def kill_group(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    """Signal the child's whole process group (it was started with its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)
    if sig == signal.SIGKILL and proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()


def tail(path: Path, lines: int = 60) -> str:
    """The last ``lines`` lines of a log file (or why there is none)."""
    try:
        data = path.read_bytes()[-64_000:]
    except OSError as exc:
        return f"<no log at {path}: {exc}>"
    text = data.decode("utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def require_system_tools(tools: Sequence[str] = (OBS_BINARY, XVFB_BINARY)) -> None:
    """Check that ``obs`` and ``Xvfb`` are on PATH.

    When one is missing: in CI (env ``CI=true``) or with ``LIVEDESK_REQUIRE_OBS=1`` the test
    FAILS (``pytest.fail``, or ``MissingSystemToolError`` without pytest); elsewhere it is skipped
    with the reason. Tests that need real OBS must never be silently skipped in CI.
    """
    if os.environ.get("LIVEDESK_TEST_DISPLAY"):
        tools = [t for t in tools if t != XVFB_BINARY]
    missing = [t for t in tools if shutil.which(t) is None]
    if not missing:
        return
    msg = (
        f"missing system tool(s) {', '.join(missing)} needed to run real OBS Studio headless; "
        "install them with `make system-deps` (apt: obs-studio xvfb xauth)"
    )
    must_fail = _in_ci() or os.environ.get("LIVEDESK_REQUIRE_OBS", "") not in {"", "0"}
    try:
        import pytest
    except ImportError:  # pragma: no cover - only outside pytest
        raise MissingSystemToolError(msg) from None
    if must_fail:
        pytest.fail(f"{msg} (CI=true: not skipping)", pytrace=False)
    pytest.skip(msg)
