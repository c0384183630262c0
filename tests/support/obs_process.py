"""Start a real OBS Studio for integration and e2e tests: start, kill, restart, wait for its
obs-websocket port, and a few set-up calls. The X server is ``tests/support/xvfb.py``, OBS's config
files ``tests/support/obs_config.py``, the clean close ``tests/support/x11.py``.

Plain Python, no pytest dependency. See ``tests/support/obs_fixtures.py`` for the pytest fixtures.

Typical use::

    with VirtualDisplay() as display, ObsProcess(display, tmp_path) as obs:
        obs.start()
        obs.wait_ready()
        obs.ensure_scenes(["BRB"])
        ws = obs.client()   # a connected obswebsocket.obsws (v5)

OBS quirks this module works around (obs-studio 29.0.2 / obs-websocket 5.1.0, Debian 12):

* OBS 29 does not handle SIGTERM: the default action kills it without saving anything. A clean
  exit is requested the way a window manager would, with a ``WM_DELETE_WINDOW`` client message to
  the main window; SIGTERM and SIGKILL are only fallbacks.
* OBS asks for confirmation before closing while an output (recording, stream, ...) is active, so
  ``terminate()`` stops outputs through obs-websocket first.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from obswebsocket import obsws
from obswebsocket import requests as obs_requests

from tests.support.harness import (
    OBS_BINARY,
    HarnessError,
    MissingSystemToolError,
    kill_group,
    popen_preexec,
    register,
    tail,
    unregister,
)
from tests.support.obs_config import ObsConfigFiles, write_obs_config
from tests.support.ports import free_tcp_port, port_open
from tests.support.x11 import close_obs_main_window
from tests.support.xvfb import VirtualDisplay

__all__ = ["ObsProcess"]

OBS_FLAGS: tuple[str, ...] = ("--disable-updater", "--disable-shutdown-check", "--multi")


class ObsProcess:
    """One real OBS Studio instance with its own HOME, config and obs-websocket port.

    ``workdir`` gets ``home/`` (OBS's HOME; config under ``home/.config/obs-studio``),
    ``recordings/`` (the recording path), ``obs.log`` (OBS's stdout/stderr, appended across
    restarts) and ``xdg-runtime/``.
    """

    cleanup_last = False  # stopped before the display it runs on at exit

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
        """Write OBS's config files (see ``obs_config``) and make the directories OBS needs. Only
        files that do not exist yet are written unless ``overwrite``; never while OBS runs."""
        if self.running:
            raise HarnessError("write_config() while OBS is running; OBS would overwrite it")
        self.recordings_dir.mkdir(parents=True, exist_ok=True)
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        self.runtime_dir.chmod(0o700)
        files = ObsConfigFiles(
            config_dir=self.config_dir,
            recordings_dir=self.recordings_dir,
            port=self._port,
            password=self._password,
            width=self.width,
            height=self.height,
            fps=self.fps,
        )
        write_obs_config(files, overwrite=overwrite)

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
            preexec_fn=popen_preexec(),
        )
        register(self)
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
            if port_open(self._port):
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
        ws = self._connected(timeout=5)
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
        kill_group(self._proc)
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
            sent = close_obs_main_window(self.display, self._proc.pid)
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
        kill_group(self._proc)  # stragglers (obs-ffmpeg-mux, ...) and a hung OBS
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
            unregister(self)

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
            kill_group(proc)
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
        unregister(self)

    def _emergency_stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            kill_group(self._proc)
        self._reap(clean=False, timeout=5)

    # -- helpers for tests --------------------------------------------------------------------

    def _connected(self, *, timeout: float, **kwargs: Any) -> obsws:
        """A connected ``obsws``; when connecting fails its socket is closed (obs-websocket-py
        leaves it open, and the test run treats an unclosed socket as an error)."""
        ws = obsws(self.host, self._port, self._password, legacy=False, timeout=timeout, **kwargs)
        try:
            ws.connect()
        except BaseException:
            if ws.ws is not None:
                with contextlib.suppress(Exception):
                    ws.ws.shutdown()
            raise
        return ws

    def is_port_open(self) -> bool:
        return port_open(self._port)

    def wait_port_closed(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not port_open(self._port, timeout=0.2):
                return True
            time.sleep(0.05)
        return False

    def client(self, *, timeout: float = 10.0, **kwargs: Any) -> obsws:
        """A connected ``obsws`` (v5) for test set-up. It is disconnected automatically on
        ``kill()``/``terminate()``/``close()``; disconnecting it earlier yourself is fine."""
        ws = self._connected(timeout=timeout, **kwargs)
        self._clients.append(ws)
        return ws

    def call(self, request: Any, *, timeout: float = 10.0) -> Any:
        """One request on a short-lived connection; returns the response object."""
        ws = self._connected(timeout=timeout)
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
        ws = self._connected(timeout=10)
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
        return tail(self.log_path, lines)

    def _disconnect_clients(self) -> None:
        clients, self._clients = self._clients, []
        for ws in clients:
            with contextlib.suppress(Exception):
                ws.disconnect()

    def _stop_outputs(self) -> None:
        """OBS asks "really exit?" while outputs are active; stop them first (best effort)."""
        if not port_open(self._port, timeout=0.3):
            return
        try:
            ws = self._connected(timeout=5)
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
