"""The local server listens on 127.0.0.1 unless LAN access is opted in."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess


def _listening_address(port: int) -> str | None:
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # LISTEN
            octets = [str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)]
            return ".".join(octets)
    return None


def test_loopback_by_default_and_the_lan_only_when_asked(obs: ObsProcess, tmp_path: Path) -> None:
    local = ConsoleProcess(tmp_path / "local", obs.url, obs.password).start()
    try:
        assert _listening_address(local.port) == "127.0.0.1"
    finally:
        local.stop()
    lan_dir = tmp_path / "lan"
    lan_dir.mkdir()
    (lan_dir / "settings.json").write_text(json.dumps({"lan_access": True}), "utf-8")
    lan = ConsoleProcess(lan_dir, obs.url, obs.password).start()
    try:
        assert _listening_address(lan.port) == "0.0.0.0"
        assert lan.get("/api/state").status_code == 200
    finally:
        lan.stop()
