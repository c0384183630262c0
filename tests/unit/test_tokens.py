"""Tokens set by hand (issue #13): one shorter than the minimum stops the start with a clear error
(exit 2 headless); with no usable keyring a made token is not called kept; the assistants' token
follows the same rules."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import null

from app import secrets
from tests.support.console_process import TOKEN as E2E_TOKEN

SHORT = "short-token"  # 11 characters


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A keyring that keeps nothing (as on a headless Linux without a Secret Service)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    for env in ("LIVEDESK_API_TOKEN", "LIVEDESK_ASSIST_TOKEN"):
        monkeypatch.delenv(env, raising=False)
    yield
    keyring.set_keyring(previous)


@pytest.mark.parametrize("env", ["LIVEDESK_API_TOKEN", "LIVEDESK_ASSIST_TOKEN"])
def test_a_short_token_from_the_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch, env: str
) -> None:
    monkeypatch.setenv(env, SHORT)
    read = secrets.api_token if env == "LIVEDESK_API_TOKEN" else secrets.assist_token
    with pytest.raises(secrets.TokenTooShort) as refused:
        read()
    assert env in str(refused.value)
    assert str(secrets.MIN_TOKEN_CHARS) in str(refused.value)
    monkeypatch.setenv(env, "x" * secrets.MIN_TOKEN_CHARS)
    assert read() == ("x" * secrets.MIN_TOKEN_CHARS, True)


def test_the_test_suites_tokens_pass_the_minimum() -> None:
    assert len(E2E_TOKEN) >= secrets.MIN_TOKEN_CHARS


def test_without_a_keyring_a_made_token_is_not_called_kept() -> None:
    token, kept = secrets.api_token()
    assert len(token) >= secrets.MIN_TOKEN_CHARS
    assert kept is False
    assist, assist_kept = secrets.assist_token()
    assert assist != token
    assert assist_kept is False
    assert secrets.keep_assist_token(secrets.new_token()) is False


def test_a_new_assistants_token_is_not_kept_over_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LIVEDESK_ASSIST_TOKEN", "set-by-hand-0123456789")
    assert secrets.keep_assist_token(secrets.new_token()) is False


def test_the_console_does_not_start_with_a_short_token(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LIVEDESK_HOME": str(tmp_path),
           "LIVEDESK_API_TOKEN": SHORT, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
           "LIVEDESK_OBS_URL": "ws://127.0.0.1:9"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "app", "--no-crash-dialog"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]
    assert "LIVEDESK_API_TOKEN" in done.stderr
    assert "at least 16" in done.stderr
    assert "Traceback" not in done.stderr
