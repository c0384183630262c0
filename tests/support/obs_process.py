"""Start a real OBS Studio (and a virtual X display for it) for integration and e2e tests.

Plain Python, no pytest dependency (``require_system_tools`` imports pytest lazily to skip).
See ``tests/support/obs_fixtures.py`` for the pytest fixtures built on top of this module.

Typical use::

    with VirtualDisplay() as display, ObsProcess(display, tmp_path) as obs:
        obs.start()
        obs.wait_ready()
        obs.ensure_scenes(["BRB"])
        ws = obs.client()   # a connected obswebsocket.obsws (v5)

OBS quirks this module works around (obs-studio 29.0.2 / obs-websocket 5.1.0, Debian 12):

* OBS 29 does not handle SIGTERM: the default action kills it without saving anything. A clean
  exit is requested the way a window manager would, with a ``WM_DELETE_WINDOW`` client message to
  the main window (sent through libX11 via ctypes); SIGTERM and SIGKILL are only fallbacks.
* OBS asks for confirmation before closing while an output (recording, stream, ...) is active, so
  ``terminate()`` stops outputs through obs-websocket first.
* obs-websocket 5.5+ (OBS 30.2+) reads ``plugin_config/obs-websocket/config.json`` instead of the
  ``[OBSWebSocket]`` section of global.ini; both are written.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from obswebsocket import obsws
from obswebsocket import requests as obs_requests

__all__ = [
    "DEFAULT_TEST_SCENES",
    "HarnessError",
    "MissingSystemToolError",
    "ObsProcess",
    "VirtualDisplay",
    "free_tcp_port",
    "require_system_tools",
]

#: Scenes every shared test OBS gets (besides OBS's own default "Scene").
DEFAULT_TEST_SCENES: tuple[str, ...] = ("开场 Opening", "讲解 Teaching", "商品 Product", "BRB")

OBS_BINARY = "obs"
XVFB_BINARY = "Xvfb"
OBS_FLAGS: tuple[str, ...] = ("--disable-updater", "--disable-shutdown-check", "--multi")
PROFILE_NAME = "LiveDesk"
SCENE_COLLECTION_NAME = "LiveDesk"

_X11_SOCKET_DIR = Path("/tmp/.X11-unix")


class HarnessError(RuntimeError):
    """OBS or Xvfb could not be started, or did not become ready."""


class MissingSystemToolError(HarnessError):
    """``obs`` or ``Xvfb`` is not installed."""


# --------------------------------------------------------------------------------------------
# Process bookkeeping: nothing we start may outlive the Python process.
# --------------------------------------------------------------------------------------------

_LIVE: weakref.WeakSet[Any] = weakref.WeakSet()
_LIVE_LOCK = threading.Lock()


def _register(obj: Any) -> None:
    with _LIVE_LOCK:
        _LIVE.add(obj)


def _unregister(obj: Any) -> None:
    with _LIVE_LOCK:
        _LIVE.discard(obj)


@atexit.register
def _cleanup_all() -> None:
    with _LIVE_LOCK:
        live = list(_LIVE)
    # OBS first, then the displays it runs on.
    for obj in sorted(live, key=lambda o: isinstance(o, VirtualDisplay)):
        with contextlib.suppress(Exception):
            obj._emergency_stop()


_libc: Any = None


def _popen_preexec(death_signal: int = signal.SIGKILL) -> Any:
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


def _kill_group(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    """Signal the child's whole process group (it was started with its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)
    if sig == signal.SIGKILL and proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()


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


def free_tcp_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free right now on ``host`` (and, when checkable, on IPv6 too: OBS
    binds dual-stack)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
        if port == 4444 or port == 4455:  # never the obs-websocket defaults
            continue
        try:
            with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s6:
                s6.bind(("::", port))
        except OSError as exc:
            if exc.errno in (97, 99):  # IPv6 unsupported / not available: fine
                return port
            continue
        return port
    raise HarnessError("could not find a free TCP port")


def _port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _tail(path: Path, lines: int = 60) -> str:
    try:
        data = path.read_bytes()[-64_000:]
    except OSError as exc:
        return f"<no log at {path}: {exc}>"
    text = data.decode("utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def _read_lock_pid(number: int) -> int | None:
    try:
        return int(Path(f"/tmp/.X{number}-lock").read_text().strip())
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------------------------
# Xvfb
# --------------------------------------------------------------------------------------------


class VirtualDisplay:
    """An Xvfb server on a free display number.

    If env ``LIVEDESK_TEST_DISPLAY`` is set (e.g. ``:0``), that existing display is reused and
    nothing is started; otherwise an existing ``DISPLAY`` is deliberately ignored so tests never
    pop windows up on a developer's desktop.
    """

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
                _kill_group(proc, signal.SIGTERM)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    _kill_group(proc)
                    proc.wait(5)
            else:
                _kill_group(proc)
            self._remove_stale_files(proc.pid)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        _unregister(self)

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
            preexec_fn=_popen_preexec(signal.SIGTERM),
        )
        self._proc, self._number = proc, number
        self._log_file = None if log is subprocess.DEVNULL else log
        _register(self)
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
            reason += "\n" + _tail(self.log_path, 15)
        return False, reason

    def _emergency_stop(self) -> None:
        self.stop()  # SIGTERM (Xvfb cleans up after itself), SIGKILL after 5 s


# --------------------------------------------------------------------------------------------
# Closing an OBS window cleanly: WM_DELETE_WINDOW through libX11
# --------------------------------------------------------------------------------------------


class _XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _XClientMessageEvent), ("pad", ctypes.c_long * 24)]


_X11: Any = None
_X11_LOCK = threading.Lock()


def _load_x11() -> Any:
    global _X11
    with _X11_LOCK:
        if _X11 is not None:
            return _X11 or None
        name = ctypes.util.find_library("X11")
        if not name:
            _X11 = False
            return None
        lib = ctypes.CDLL(name)
        vp, ul = ctypes.c_void_p, ctypes.c_ulong
        lib.XOpenDisplay.restype = vp
        lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        lib.XDefaultRootWindow.restype = ul
        lib.XDefaultRootWindow.argtypes = [vp]
        lib.XInternAtom.restype = ul
        lib.XInternAtom.argtypes = [vp, ctypes.c_char_p, ctypes.c_int]
        lib.XQueryTree.argtypes = [
            vp,
            ul,
            ctypes.POINTER(ul),
            ctypes.POINTER(ul),
            ctypes.POINTER(ctypes.POINTER(ul)),
            ctypes.POINTER(ctypes.c_uint),
        ]
        lib.XGetWindowProperty.argtypes = [
            vp,
            ul,
            ul,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ul,
            ctypes.POINTER(ul),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ul),
            ctypes.POINTER(ul),
            ctypes.POINTER(ctypes.c_void_p),
        ]
        lib.XFetchName.argtypes = [vp, ul, ctypes.POINTER(ctypes.c_void_p)]
        lib.XFree.argtypes = [vp]
        lib.XSendEvent.argtypes = [vp, ul, ctypes.c_int, ctypes.c_long, ctypes.POINTER(_XEvent)]
        lib.XFlush.argtypes = [vp]
        lib.XCloseDisplay.argtypes = [vp]
        _X11 = lib
        return lib


def _close_obs_main_window(display: str, pid: int) -> bool:
    """Send WM_DELETE_WINDOW to the top-level "OBS ..." window owned by ``pid``.

    Returns True if a message was sent. Without a window manager Qt's top-levels are direct
    children of the root window and carry ``_NET_WM_PID``.
    """
    x = _load_x11()
    if x is None:
        return False
    dpy = x.XOpenDisplay(display.encode())
    if not dpy:
        return False
    sent = False
    try:
        ul = ctypes.c_ulong
        root = x.XDefaultRootWindow(dpy)
        pid_atom = x.XInternAtom(dpy, b"_NET_WM_PID", 0)
        protocols = x.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
        delete = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
        root_ret, parent_ret = ul(), ul()
        children = ctypes.POINTER(ul)()
        count = ctypes.c_uint()
        if not x.XQueryTree(
            dpy,
            root,
            ctypes.byref(root_ret),
            ctypes.byref(parent_ret),
            ctypes.byref(children),
            ctypes.byref(count),
        ):
            return False
        windows = [children[i] for i in range(count.value)]
        if count.value:
            x.XFree(children)
        for win in windows:
            actual_type, actual_format = ul(), ctypes.c_int()
            n_items, after, data = ul(), ul(), ctypes.c_void_p()
            status = x.XGetWindowProperty(
                dpy,
                win,
                pid_atom,
                0,
                1,
                0,
                6,  # XA_CARDINAL
                ctypes.byref(actual_type),
                ctypes.byref(actual_format),
                ctypes.byref(n_items),
                ctypes.byref(after),
                ctypes.byref(data),
            )
            if status != 0 or not data.value:
                continue
            win_pid = ctypes.cast(data, ctypes.POINTER(ul))[0] if n_items.value else None
            x.XFree(data)
            if win_pid != pid:
                continue
            name_ptr = ctypes.c_void_p()
            title = b""
            if x.XFetchName(dpy, win, ctypes.byref(name_ptr)) and name_ptr.value:
                title = ctypes.string_at(name_ptr.value)
                x.XFree(name_ptr)
            if not title.startswith(b"OBS "):
                continue
            event = _XEvent()
            event.xclient.type = 33  # ClientMessage
            event.xclient.window = win
            event.xclient.message_type = protocols
            event.xclient.format = 32
            event.xclient.data[0] = delete
            event.xclient.data[1] = 0  # CurrentTime
            sent = bool(x.XSendEvent(dpy, win, 0, 0, ctypes.byref(event))) or sent
        x.XFlush(dpy)
    finally:
        x.XCloseDisplay(dpy)
    return sent


# --------------------------------------------------------------------------------------------
# OBS
# --------------------------------------------------------------------------------------------


class ObsProcess:
    """One real OBS Studio instance with its own HOME, config and obs-websocket port.

    ``workdir`` gets ``home/`` (OBS's HOME; config under ``home/.config/obs-studio``),
    ``recordings/`` (the recording path), ``obs.log`` (OBS's stdout/stderr, appended across
    restarts) and ``xdg-runtime/``.
    """

    def __init__(
        self,
        display: str | VirtualDisplay,
        workdir: Path,
        port: int | None = None,
        password: str | None = None,
        *,
        width: int = 640,
        height: int = 360,
        fps: int = 30,
        extra_args: Sequence[str] = (),
    ) -> None:
        if port in (4444, 4455):
            raise ValueError("use a free port, never the obs-websocket default")
        self._display = display
        self.workdir = Path(workdir).resolve()
        self._port = port or free_tcp_port()
        self._password = password if password is not None else secrets.token_urlsafe(12)
        self.width, self.height, self.fps = width, height, fps
        self.extra_args = tuple(extra_args)
        self.home = self.workdir / "home"
        self.config_dir = self.home / ".config" / "obs-studio"
        self.recordings_dir = self.workdir / "recordings"
        self.log_path = self.workdir / "obs.log"
        self.runtime_dir = self.workdir / "xdg-runtime"
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_file: Any = None
        self._clients: list[obsws] = []
        self._started_at: float | None = None
        #: Seconds from the last start() until wait_ready() succeeded.
        self.ready_seconds: float | None = None
        #: GetVersion responseData of the last successful wait_ready().
        self.version: dict[str, Any] = {}
        #: Exit code of the last stopped process, and whether it exited by itself on request.
        self.last_returncode: int | None = None
        self.last_exit_clean: bool | None = None
        self.starts = 0
        self.write_config()

    # -- properties ---------------------------------------------------------------------------

    @property
    def display(self) -> str:
        d = self._display
        return d.display if isinstance(d, VirtualDisplay) else d

    @property
    def port(self) -> int:
        return self._port

    @property
    def password(self) -> str:
        return self._password

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __repr__(self) -> str:
        return f"<ObsProcess {self.url} pid={self.pid} running={self.running}>"

    # -- configuration ------------------------------------------------------------------------

    def write_config(self, *, overwrite: bool = False) -> None:
        """Write global.ini, the obs-websocket config.json, a small profile and a scene collection
        with just "Scene". Only files that do not exist yet are written (OBS rewrites them itself)
        unless ``overwrite``; never call this while OBS runs."""
        if self.running:
            raise HarnessError("write_config() while OBS is running; OBS would overwrite it")
        self.recordings_dir.mkdir(parents=True, exist_ok=True)
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        self.runtime_dir.chmod(0o700)
        cfg = self.config_dir
        profile_dir = cfg / "basic" / "profiles" / PROFILE_NAME
        scenes_dir = cfg / "basic" / "scenes"
        ws_dir = cfg / "plugin_config" / "obs-websocket"
        for d in (profile_dir, scenes_dir, ws_dir):
            d.mkdir(parents=True, exist_ok=True)

        global_ini = f"""\
[General]
FirstRun=true
EnableAutoUpdates=false
Pre19Defaults=false
Pre21Defaults=false
Pre23Defaults=false
Pre24.1Defaults=false
ConfirmOnExit=false

[Basic]
Profile={PROFILE_NAME}
ProfileDir={PROFILE_NAME}
SceneCollection={SCENE_COLLECTION_NAME}
SceneCollectionFile={SCENE_COLLECTION_NAME}

[BasicWindow]
SysTrayEnabled=false
SysTrayWhenStarted=false
SysTrayMinimizeToTray=false
WarnBeforeStartingStream=false
WarnBeforeStoppingStream=false
WarnBeforeStoppingRecord=false
ShowTransitions=true

[OBSWebSocket]
FirstLoad=false
ServerEnabled=true
ServerPort={self._port}
AlertsEnabled=false
AuthRequired=true
ServerPassword={self._password}
"""
        ws_json = {
            "first_load": False,
            "server_enabled": True,
            "server_port": self._port,
            "alerts_enabled": False,
            "auth_required": True,
            "server_password": self._password,
        }
        rec = str(self.recordings_dir)
        basic_ini = f"""\
[General]
Name={PROFILE_NAME}

[Video]
BaseCX={self.width}
BaseCY={self.height}
OutputCX={self.width}
OutputCY={self.height}
FPSType=1
FPSInt={self.fps}
FPSCommon={self.fps}
ScaleType=bilinear
ColorFormat=NV12

[Audio]
SampleRate=48000
ChannelSetup=Stereo

[Output]
Mode=Simple
FilenameFormatting=livedesk-%CCYY-%MM-%DD_%hh-%mm-%ss

[SimpleOutput]
FilePath={rec}
RecFormat=mkv
RecFormat2=mkv
RecQuality=Stream
StreamEncoder=x264
RecEncoder=x264
Preset=ultrafast
VBitrate=500
ABitrate=96
FileNameWithoutSpace=true

[AdvOut]
RecFilePath={rec}
RecFormat=mkv
RecFormat2=mkv
"""
        scene_collection = {
            "name": SCENE_COLLECTION_NAME,
            "current_scene": "Scene",
            "current_program_scene": "Scene",
            "current_transition": "Fade",
            "transition_duration": 300,
            "scene_order": [{"name": "Scene"}],
            "sources": [
                {
                    "id": "scene",
                    "versioned_id": "scene",
                    "name": "Scene",
                    "settings": {"custom_size": False, "id_counter": 0, "items": []},
                    "enabled": True,
                    "flags": 0,
                    "mixers": 0,
                    "volume": 1.0,
                    "muted": False,
                }
            ],
            "groups": [],
            "transitions": [],
            "quick_transitions": [],
            "saved_projectors": [],
            "modules": {},
        }
        files = {
            cfg / "global.ini": global_ini,
            cfg / "user.ini": global_ini,  # OBS 31+ split user settings out of global.ini
            ws_dir / "config.json": json.dumps(ws_json, indent=2),
            profile_dir / "basic.ini": basic_ini,
            scenes_dir / f"{SCENE_COLLECTION_NAME}.json": json.dumps(
                scene_collection, ensure_ascii=False, indent=2
            ),
        }
        for path, text in files.items():
            if overwrite or not path.exists():
                path.write_text(text, encoding="utf-8")

    # -- lifecycle ----------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("QT_", "XDG_", "WAYLAND_", "OBS_", "DBUS_", "PULSE_"))
        }
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_RUNTIME_DIR=str(self.runtime_dir),
            DISPLAY=self.display,
            LIBGL_ALWAYS_SOFTWARE="1",
            QT_QPA_PLATFORM="xcb",
            # Keep OBS hermetic on a developer's desktop: no session bus, no real audio server.
            DBUS_SESSION_BUS_ADDRESS="disabled:",
            PULSE_SERVER=f"unix:{self.runtime_dir / 'no-pulse'}",
            LANG=os.environ.get("LANG", "C.UTF-8"),
        )
        return env

    def start(self) -> ObsProcess:
        """Launch OBS (does not wait; call ``wait_ready()``)."""
        if self.running:
            raise HarnessError(f"OBS already running (pid {self.pid})")
        if shutil.which(OBS_BINARY) is None:
            raise MissingSystemToolError(f"{OBS_BINARY} is not on PATH")
        if self._log_file is not None:
            self._log_file.close()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in _reap()
        self.starts += 1
        self._log_file.write(
            f"\n===== livedesk test harness: start #{self.starts} port={self._port} "
            f"display={self.display} at {time.strftime('%H:%M:%S')} =====\n".encode()
        )
        self._log_file.flush()
        self.ready_seconds = None
        self._started_at = time.monotonic()
        self._proc = subprocess.Popen(
            [OBS_BINARY, *OBS_FLAGS, *self.extra_args],
            cwd=str(self.workdir),
            env=self._env(),
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_popen_preexec(),
        )
        _register(self)
        return self

    def wait_ready(self, timeout: float = 40.0) -> dict[str, Any]:
        """Poll until an authenticated obs-websocket connection succeeds and GetVersion answers.

        Returns GetVersion's responseData. Raises HarnessError (a RuntimeError) with the tail of
        OBS's log if OBS exits or the timeout passes."""
        if self._proc is None:
            raise HarnessError("wait_ready() before start()")
        deadline = time.monotonic() + timeout
        last_error = "port never opened"
        while True:
            rc = self._proc.poll()
            if rc is not None:
                raise HarnessError(
                    f"OBS exited with code {rc} before obs-websocket answered on {self.url}\n"
                    f"--- tail of {self.log_path} ---\n{self.log_tail()}"
                )
            if _port_open(self._port):
                try:
                    data = self._probe()
                except Exception as exc:  # noqa: BLE001 - not up yet: try again until the deadline
                    last_error = f"{type(exc).__name__}: {exc}"
                else:
                    self.version = data
                    if self._started_at is not None:
                        self.ready_seconds = time.monotonic() - self._started_at
                    return data
            if time.monotonic() >= deadline:
                raise HarnessError(
                    f"OBS (pid {self.pid}) not ready on {self.url} after {timeout:.0f}s "
                    f"(last error: {last_error})\n--- tail of {self.log_path} ---\n"
                    f"{self.log_tail()}"
                )
            time.sleep(0.15)

    def _probe(self) -> dict[str, Any]:
        ws = obsws(self.host, self._port, self._password, legacy=False, timeout=5)
        ws.connect()
        try:
            resp = ws.call(obs_requests.GetVersion())
            if not resp.status or "obsWebSocketVersion" not in resp.datain:
                raise HarnessError(f"GetVersion failed: {resp.datain!r}")
            return dict(resp.datain)
        finally:
            with contextlib.suppress(Exception):
                ws.disconnect()

    def kill(self) -> None:
        """SIGKILL OBS's whole process group and wait. OBS saves nothing on the way out (but it
        does save the scene collection shortly after each change, so scenes created through
        obs-websocket usually survive)."""
        self._disconnect_clients()
        if self._proc is None:
            return
        _kill_group(self._proc)
        self._reap(clean=False, timeout=10)

    def terminate(self, timeout: float = 15.0) -> bool:
        """Ask OBS to exit cleanly (it saves its config and scenes); SIGTERM then SIGKILL if it
        does not. Returns True when OBS exited on its own after the close request."""
        self._disconnect_clients()
        if self._proc is None:
            return True
        if self._proc.poll() is not None:
            self._reap(clean=False, timeout=1)
            return False
        self._stop_outputs()
        clean = False
        try:
            sent = _close_obs_main_window(self.display, self._proc.pid)
        except Exception:  # noqa: BLE001 - then OBS is stopped the hard way below
            sent = False
        if sent:
            try:
                self._proc.wait(timeout)
                clean = True
            except subprocess.TimeoutExpired:
                pass
        if not clean and self._proc.poll() is None:
            # OBS 30+ handles SIGTERM gracefully; OBS 29 just dies.
            with contextlib.suppress(ProcessLookupError):
                self._proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(5)
        _kill_group(self._proc)  # stragglers (obs-ffmpeg-mux, ...) and a hung OBS
        self._reap(clean=clean, timeout=10)
        return clean

    stop = terminate

    def restart(self, *, clean: bool = True, wait: bool = False, timeout: float = 40.0) -> None:
        """Stop (``terminate()`` when ``clean``, else ``kill()``) and start again; with ``wait``
        also ``wait_ready()``."""
        if self.running:
            if clean:
                self.terminate()
            else:
                self.kill()
        self.start()
        if wait:
            self.wait_ready(timeout)

    def close(self) -> None:
        """Stop OBS (cleanly if possible) and release everything; idempotent."""
        try:
            if self.running:
                self.terminate(timeout=10)
            else:
                self.kill()
        finally:
            _unregister(self)

    def __enter__(self) -> ObsProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reap(self, *, clean: bool, timeout: float) -> None:
        proc = self._proc
        if proc is None:
            return
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.wait(5)
        self.last_returncode = proc.returncode
        self.last_exit_clean = clean
        if self._log_file is not None:
            with contextlib.suppress(Exception):
                self._log_file.write(
                    f"\n===== livedesk test harness: OBS exited rc={proc.returncode} "
                    f"clean={clean} =====\n".encode()
                )
                self._log_file.close()
            self._log_file = None
        _unregister(self)

    def _emergency_stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            _kill_group(self._proc)
        self._reap(clean=False, timeout=5)

    # -- helpers for tests --------------------------------------------------------------------

    def is_port_open(self) -> bool:
        return _port_open(self._port)

    def wait_port_closed(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _port_open(self._port, timeout=0.2):
                return True
            time.sleep(0.05)
        return False

    def client(self, *, timeout: float = 10.0, **kwargs: Any) -> obsws:
        """A connected ``obsws`` (v5) for test set-up. It is disconnected automatically on
        ``kill()``/``terminate()``/``close()``; disconnecting it earlier yourself is fine."""
        ws = obsws(self.host, self._port, self._password, legacy=False, timeout=timeout, **kwargs)
        ws.connect()
        self._clients.append(ws)
        return ws

    def call(self, request: Any, *, timeout: float = 10.0) -> Any:
        """One request on a short-lived connection; returns the response object."""
        ws = obsws(self.host, self._port, self._password, legacy=False, timeout=timeout)
        ws.connect()
        try:
            return ws.call(request)
        finally:
            with contextlib.suppress(Exception):
                ws.disconnect()

    def scene_names(self) -> list[str]:
        """Scene names in the order the OBS UI lists them (top first)."""
        resp = self.call(obs_requests.GetSceneList())
        if not resp.status:
            raise HarnessError("GetSceneList failed")
        scenes = sorted(resp.datain["scenes"], key=lambda s: s["sceneIndex"], reverse=True)
        return [s["sceneName"] for s in scenes]

    def ensure_scenes(self, names: Iterable[str]) -> list[str]:
        """Create the scenes that do not exist yet (CreateScene); returns all scene names."""
        wanted = list(dict.fromkeys(names))
        ws = obsws(self.host, self._port, self._password, legacy=False, timeout=10)
        ws.connect()
        try:
            existing = {s["sceneName"] for s in ws.call(obs_requests.GetSceneList()).getScenes()}
            for name in wanted:
                if name not in existing:
                    resp = ws.call(obs_requests.CreateScene(sceneName=name))
                    if not resp.status:
                        raise HarnessError(f"CreateScene({name!r}) failed")
        finally:
            with contextlib.suppress(Exception):
                ws.disconnect()
        names_now = self.scene_names()
        missing = [n for n in wanted if n not in names_now]
        if missing:
            raise HarnessError(f"scenes still missing after CreateScene: {missing}")
        return names_now

    def add_color_source(self, scene: str, color_abgr: int, *, name: str | None = None) -> int:
        """Fill ``scene`` with a full-canvas colour source (colour as OBS's 0xAABBGGRR int) so
        screenshots of different scenes differ; returns the scene item id."""
        resp = self.call(
            obs_requests.CreateInput(
                sceneName=scene,
                inputName=name or f"{scene} colour",
                inputKind="color_source_v3",
                inputSettings={"color": color_abgr, "width": self.width, "height": self.height},
                sceneItemEnabled=True,
            )
        )
        if not resp.status:
            raise HarnessError(f"CreateInput(color_source_v3) in {scene!r} failed")
        return int(resp.datain["sceneItemId"])

    def recordings(self) -> list[Path]:
        return sorted(p for p in self.recordings_dir.iterdir() if p.is_file())

    def log_tail(self, lines: int = 60) -> str:
        if self._log_file is not None:
            with contextlib.suppress(Exception):
                self._log_file.flush()
        return _tail(self.log_path, lines)

    def _disconnect_clients(self) -> None:
        clients, self._clients = self._clients, []
        for ws in clients:
            with contextlib.suppress(Exception):
                ws.disconnect()

    def _stop_outputs(self) -> None:
        """OBS asks "really exit?" while outputs are active; stop them first (best effort)."""
        if not _port_open(self._port, timeout=0.3):
            return
        try:
            ws = obsws(self.host, self._port, self._password, legacy=False, timeout=5)
            ws.connect()
        except Exception:  # noqa: BLE001 - best effort: an OBS that cannot answer has no outputs
            return
        try:
            pairs = (
                ("GetRecordStatus", "StopRecord"),
                ("GetStreamStatus", "StopStream"),
                ("GetReplayBufferStatus", "StopReplayBuffer"),
                ("GetVirtualCamStatus", "StopVirtualCam"),
            )
            stopped = False
            for get, stop in pairs:
                with contextlib.suppress(Exception):
                    status = ws.call(getattr(obs_requests, get)())
                    if status.status and status.datain.get("outputActive"):
                        ws.call(getattr(obs_requests, stop)())
                        stopped = True
            if stopped:
                time.sleep(0.5)
        finally:
            with contextlib.suppress(Exception):
                ws.disconnect()
