"""Why a connection to OBS failed, told so the user can act on it."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from app.services.ports import ConnectProblem

WEBSOCKET_SETTINGS = "OBS → Tools → WebSocket Server Settings (工具 → WebSocket 服务器设置)"


def auth_failed() -> ConnectProblem:
    return ConnectProblem(
        "auth",
        "OBS refused the password (密码错误)",
        f"Copy the server password from {WEBSOCKET_SETTINGS} → Show Connect Info, "
        "and paste it into LiveDesk's OBS settings.",
    )


def refused(host: str, port: int) -> ConnectProblem:
    running = obs_process_running() if _is_local(host) else None
    if running:
        return ConnectProblem(
            "server_disabled",
            f"OBS is running but its WebSocket server is off at {host}:{port} "
            "(WebSocket 服务器未开启)",
            f"Tick “Enable WebSocket server” in {WEBSOCKET_SETTINGS}; check the port is {port}.",
        )
    if running is False:
        return ConnectProblem(
            "refused",
            f"OBS is not running (OBS 未启动): nothing answers at {host}:{port}",
            "Start OBS Studio; LiveDesk connects by itself as soon as it is up.",
        )
    return ConnectProblem(
        "refused",
        f"Nothing answers at {host}:{port}: OBS is not running or its WebSocket server is off",
        f"Start OBS Studio and tick “Enable WebSocket server” in {WEBSOCKET_SETTINGS}.",
    )


def too_old(detail: str, port: int) -> ConnectProblem:
    hint = (
        "LiveDesk needs OBS Studio 28 or later (obs-websocket 5). Update OBS from obsproject.com."
    )
    if port == 4444:
        hint += " Port 4444 is the old obs-websocket 4.x port; OBS 28+ listens on 4455."
    return ConnectProblem(
        "too_old", f"OBS is older than 28 or speaks obs-websocket 4 ({detail})", hint
    )


def no_answer(host: str, port: int, seconds: float) -> ConnectProblem:
    return ConnectProblem(
        "timeout",
        f"No answer from {host}:{port} within {seconds:g} s",
        "Check the address and that no firewall blocks the port.",
    )


def unknown_host(host: str) -> ConnectProblem:
    return ConnectProblem(
        "unknown_host", f"Cannot find the computer “{host}”", "Check the OBS address in settings."
    )


def protocol(detail: str) -> ConnectProblem:
    return ConnectProblem(
        "protocol",
        f"OBS answered in a way LiveDesk did not expect ({detail})",
        "Restart OBS; if it persists, copy the debug info from Help and report it.",
    )


def _is_local(host: str) -> bool:
    if host in ("localhost", "127.0.0.1", "::1", socket.gethostname()):
        return True
    return host.startswith("127.")


def obs_process_running() -> bool | None:
    """Whether an OBS Studio process runs on this machine; None where we cannot tell."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    me = os.getuid() if hasattr(os, "getuid") else None
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
            if name in ("obs", "obs64", "obs-studio") and (me is None or entry.stat().st_uid == me):
                return True
        except OSError:
            continue
    return False
