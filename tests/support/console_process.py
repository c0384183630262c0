"""`livedesk` as a subprocess (offscreen), driven only through its local API."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

from tests.support.ports import free_tcp_port

TOKEN = "e2e-token-0123456789"


class ConsoleProcess:
    def __init__(
        self, data_dir: Path, obs_url: str, obs_password: str, *extra_args: str,
        log_json: bool = True,
    ) -> None:  # fmt: skip
        self.data_dir = data_dir
        self.extra_args = extra_args
        self.log_json = log_json  # False: the plain console format (log_records() finds none)
        self.port = free_tcp_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / "console.log"
        self.env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "LIVEDESK_HOME": str(data_dir),
            "LIVEDESK_OBS_URL": obs_url,
            "LIVEDESK_OBS_PASSWORD": obs_password,
            "LIVEDESK_API_TOKEN": TOKEN,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> ConsoleProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app",
                "--api-port",
                str(self.port),
                "--no-crash-dialog",
                *(["--log-json"] if self.log_json else []),
                *self.extra_args,
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()  # the console writes through its own copy
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"livedesk exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            try:
                if self.get("/api/state").status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"livedesk did not answer within {timeout} s:\n{self.log_tail()}")

    # ----- API --------------------------------------------------------------------------------
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKEN}"}

    def get(self, path: str) -> requests.Response:
        return requests.get(self.base + path, headers=self.headers(), timeout=10)

    def post(self, path: str, body: dict[str, Any] | None = None) -> requests.Response:
        return requests.post(self.base + path, json=body, headers=self.headers(), timeout=10)

    def delete(self, path: str) -> requests.Response:
        return requests.delete(self.base + path, headers=self.headers(), timeout=10)

    def state(self) -> dict[str, Any]:
        response = self.get("/api/state")
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def wait_state(self, predicate: Any, timeout: float) -> float:
        """Poll /api/state until predicate(state) holds; return the seconds it took."""
        started = time.monotonic()
        while True:
            if predicate(self.state()):
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise AssertionError(f"state not reached in {timeout} s: {self.state()['obs']}")
            time.sleep(0.05)

    # ----- the CLI on the same data -----------------------------------------------------------
    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def report(self, session: str = "latest") -> dict[str, Any]:
        done = self.cli("report", session, "--format", "json")
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    # ----- life -------------------------------------------------------------------------------
    def stop(self, timeout: float = 15.0) -> int | None:
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def log_records(self) -> list[dict[str, Any]]:
        records = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
        return records
