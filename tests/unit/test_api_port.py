"""The local API's port, from settings.json, --api-port or LIVEDESK_API_PORT: a port outside 1 to
65535 (or not a number) is refused with a sentence, never a traceback; the command line's as a
usage error (exit 2), the settings file's with a note and the default port."""

from __future__ import annotations

import pytest

from app import cli
from app.domain.messages import Message
from app.domain.settings import Settings, settings_from_dict


@pytest.mark.parametrize("port", [70000, 65536, 0, -1])
def test_the_settings_file_s_port_out_of_range_is_noted_and_the_default_used(port: int) -> None:
    settings, notes = settings_from_dict({"api_port": port})
    assert settings.api_port == Settings().api_port == 4466
    assert notes == [Message("settings.api_port_range", port=port, default=4466)]
    assert str(port) in notes[0]
    assert "1 to 65535" in notes[0]


@pytest.mark.parametrize("port", [1, 4477, 65535])
def test_a_port_in_range_is_kept(port: int) -> None:
    assert settings_from_dict({"api_port": port}) == (Settings(api_port=port), [])


@pytest.fixture(autouse=True)
def no_port_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.API_PORT_ENV, raising=False)


@pytest.mark.parametrize("text", ["70000", "-1", "0", "abc", "44.5"])
def test_the_command_line_s_port_is_a_usage_error(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.console_args(["--api-port", text])
    assert exited.value.code == 2
    said = capsys.readouterr().err
    assert "--api-port" in said
    assert "not a port (a whole number from 1 to 65535)" in said
    assert "Traceback" not in said


@pytest.mark.parametrize("text", ["abc", "70000", "0"])
def test_the_environment_s_port_is_said_not_ignored(
    text: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cli.API_PORT_ENV, text)
    with pytest.raises(SystemExit) as exited:
        cli.console_args([])
    assert exited.value.code == 2
    said = capsys.readouterr().err
    assert f"LIVEDESK_API_PORT={text!r} is not a port" in said


def test_a_good_port_from_either_and_the_command_line_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert cli.console_args([]).api_port is None  # the settings' port
    assert cli.console_args(["--api-port", "4477"]).api_port == 4477
    monkeypatch.setenv(cli.API_PORT_ENV, " 4488 ")
    assert cli.console_args([]).api_port == 4488
    assert cli.console_args(["--api-port", "4477"]).api_port == 4477
    monkeypatch.setenv(cli.API_PORT_ENV, "abc")
    assert cli.console_args(["--api-port", "4477"]).api_port == 4477  # not read: overridden
