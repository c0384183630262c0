"""An OBS address the console cannot read (http://, wss://, a port out of range, no host), in
the settings or in LIVEDESK_OBS_URL: the console starts anyway, keeps its API up and says what
is wrong, instead of exiting with a traceback before its window (and the settings that would fix
the address) ever shows. `--obs-url` with such an address is a usage error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.adapters.store.settings_file import save_settings
from app.domain.settings import Settings
from tests.support.console_process import ConsoleProcess


@pytest.mark.parametrize(
    ("where", "url"), [("env", "http://127.0.0.1:4455"), ("settings", "ws://127.0.0.1:99999")]
)
def test_the_console_starts_and_says_the_obs_address_is_unreadable(
    tmp_path: Path, where: str, url: str
) -> None:
    data_dir = tmp_path / "data"
    if where == "settings":
        data_dir.mkdir()
        save_settings(data_dir, Settings(obs_url=url))
    console = ConsoleProcess(data_dir, url if where == "env" else "", "")
    console.env["LIVEDESK_NO_WIZARD"] = "1"
    console.start()
    try:
        console.wait_state(lambda s: s["obs"]["problem"] is not None, timeout=10)
        obs = console.state()["obs"]
        assert obs["connected"] is False
        assert obs["problem"]["code"] == "bad_address"
        assert url in obs["problem"]["message"]
        assert "ws://HOST:PORT" in obs["problem"]["hint"]
    finally:
        code = console.stop()
    assert code in (0, None), console.log_tail()
    records = console.log_records()
    assert not [r for r in records if r.get("level") in ("ERROR", "CRITICAL")], records


def test_an_unreadable_obs_url_option_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "--obs-url", "wss://127.0.0.1:4455", "--data-dir",
         str(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "usage: livedesk" in done.stderr
    assert "Traceback" not in done.stderr
