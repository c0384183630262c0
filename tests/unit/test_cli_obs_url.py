"""`--obs-url` on the command line: an address that cannot be read is a usage error (exit 2),
never a traceback at start; LIVEDESK_OBS_URL is left to the console, which starts and says what
is wrong with it."""

from __future__ import annotations

import pytest

from app import cli


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:4455", "wss://127.0.0.1:4455", "ws://127.0.0.1:99999", "ws://:4455"]
)
def test_an_unreadable_obs_url_is_a_usage_error(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:  # the parser main() reads the options with
        cli.gui_parser().parse_args(["--obs-url", url])
    assert exited.value.code == 2
    said = capsys.readouterr().err
    assert said.startswith("usage: livedesk")
    assert "--obs-url" in said
    assert "ws://HOST:PORT" in said
    assert "Traceback" not in said


@pytest.mark.parametrize("url", ["ws://192.168.1.5:4455", "ws://[::1]:4455", "127.0.0.1:4460"])
def test_a_readable_obs_url_is_taken_as_given(url: str) -> None:
    assert cli.gui_parser().parse_args(["--obs-url", url]).obs_url == url


def test_an_unreadable_livedesk_obs_url_is_left_to_the_console(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LIVEDESK_OBS_URL", "wss://127.0.0.1:4455")
    assert cli.gui_parser().parse_args([]).obs_url == "wss://127.0.0.1:4455"
