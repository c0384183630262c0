"""Free TCP ports for the processes the tests start, and whether something listens on one."""

from __future__ import annotations

import socket

from tests.support.harness import HarnessError

__all__ = ["free_tcp_port", "port_open"]


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


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    """True when a TCP connection to ``host:port`` succeeds now."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
