"""Why a connection to OBS failed, told so the user can act on it."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from app.domain.messages import Message
from app.services.ports import ConnectProblem

WEBSOCKET_SETTINGS = Message("obs.websocket_settings")


def auth_failed() -> ConnectProblem:
    return ConnectProblem(
        "auth",
        Message("obs.auth_failed"),
        Message("obs.auth_failed.hint", settings=WEBSOCKET_SETTINGS),
    )


OLD_PORT = 4444  # obs-websocket 4's port; OBS 28 and later listen on 4455


def refused(host: str, port: int) -> ConnectProblem:
    running = obs_process_running() if _is_local(host) else None
    if running:
        shown = 4455 if port == OLD_PORT else port  # not "check the port is 4444"
        return ConnectProblem(
            "server_disabled",
            Message("obs.server_off", host=host, port=port),
            _at(port, Message("obs.server_off.hint", settings=WEBSOCKET_SETTINGS, port=shown)),
        )
    if running is False:
        return ConnectProblem(
            "refused",
            Message("obs.not_running", host=host, port=port),
            _at(port, Message("obs.not_running.hint")),
        )
    return ConnectProblem(
        "refused",
        Message("obs.nothing_answers", host=host, port=port),
        _at(port, Message("obs.nothing_answers.hint", settings=WEBSOCKET_SETTINGS)),
    )


def _at(port: int, hint: Message) -> Message:
    """The hint, and on port 4444 that it is obs-websocket 4's old port (a tutorial for OBS 27
    or older was followed, while OBS 28+ listens on 4455)."""
    return Message("obs.hint.old_port", hint=hint) if port == OLD_PORT else hint


def too_old(detail: str, port: int) -> ConnectProblem:
    hint = Message("obs.too_old.hint_old_port" if port == OLD_PORT else "obs.too_old.hint")
    return ConnectProblem("too_old", Message("obs.too_old", detail=detail), hint)


def no_answer(host: str, port: int, seconds: float) -> ConnectProblem:
    return ConnectProblem(
        "timeout",
        Message("obs.timeout", host=host, port=port, seconds=f"{seconds:g}"),
        _at(port, Message("obs.timeout.hint")),
    )


def unknown_host(host: str) -> ConnectProblem:
    return ConnectProblem(
        "unknown_host",
        Message("obs.unknown_host", host=host),
        Message("obs.unknown_host.hint"),
    )


def protocol(detail: str) -> ConnectProblem:
    return ConnectProblem(
        "protocol",
        Message("obs.protocol", detail=detail),
        Message("obs.protocol.hint"),
    )


def not_obs(host: str, port: int) -> ConnectProblem:
    """The port answers, but not as a WebSocket server (plain HTTP, another app's port)."""
    return ConnectProblem(
        "not_obs",
        Message("obs.not_obs", host=host, port=port),
        _at(port, Message("obs.not_obs.hint", settings=WEBSOCKET_SETTINGS)),
    )


def bad_address(url: str) -> ConnectProblem:
    """The OBS address cannot be read (http://, wss://, no host, a port out of range)."""
    return ConnectProblem(
        "bad_address", Message("obs.bad_address", url=url), Message("obs.bad_address.hint")
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
