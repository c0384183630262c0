"""A keyring backend may fail with anything (a D-Bus error, a locked wallet, a value too long
for the platform's store), not only keyring's own errors: every failure is "no keyring", with a
log line, and never stops the console. A secret that cannot be kept is used for this run."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import null

from app import secrets

SECRET_ENV = ("LIVEDESK_OBS_PASSWORD", "LIVEDESK_API_TOKEN", "LIVEDESK_ASSIST_TOKEN")


class BrokenKeyring(KeyringBackend):
    """Fails as a keyring reached over D-Bus does when its service is gone."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def delete_password(self, service: str, username: str) -> None:
        raise OSError("the wallet is locked")


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in SECRET_ENV:
        monkeypatch.delenv(name, raising=False)
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)
    secrets.forget_for_this_run()


@pytest.fixture
def broken() -> None:
    keyring.set_keyring(BrokenKeyring())


def test_reading_from_a_failing_keyring_is_no_secret_with_a_log_line(
    broken: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="app.secrets"):
        assert secrets.read_secret(*secrets.OBS_PASSWORD) is None
    assert "ServiceUnknown" in caplog.text
    assert "LIVEDESK_OBS_PASSWORD" in caplog.text


def test_the_tokens_are_made_and_not_called_kept(broken: None) -> None:
    token, kept = secrets.api_token()
    assert len(token) >= secrets.MIN_TOKEN_CHARS
    assert kept is False
    assistants, assistants_kept = secrets.assist_token()
    assert (assistants != token, assistants_kept) == (True, False)
    assert secrets.keep_assist_token(secrets.new_token()) is False


def test_a_secret_that_cannot_be_kept_is_used_for_this_run(
    broken: None, caplog: pytest.LogCaptureFixture
) -> None:
    assert secrets.store_secret(secrets.OBS_PASSWORD[0], "pw") is False
    assert "ServiceUnknown" in caplog.text
    assert secrets.read_secret(*secrets.OBS_PASSWORD) == "pw"
    secrets.forget_for_this_run(secrets.OBS_PASSWORD[0])
    assert secrets.read_secret(*secrets.OBS_PASSWORD) is None


def test_the_settings_store_over_a_failing_keyring(broken: None) -> None:
    store = secrets.KeyringSecrets()
    assert store.keyring_available() is True  # a real backend, which then fails
    assert store.in_keyring("obs_password") is False
    assert store.read("obs_password") is None
    assert store.store("obs_password", "pw") is False  # the dialog says the keyring refused
    assert store.read("obs_password") == "pw"  # used for this run all the same
    assert store.forget("obs_password") is False
    assert store.read("obs_password") is None


def test_a_keyring_that_cannot_even_be_loaded_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    def cannot_load() -> KeyringBackend:
        raise RuntimeError("no D-Bus session")

    monkeypatch.setattr(keyring, "get_keyring", cannot_load)
    assert secrets.keyring_usable() is False
    assert secrets.KeyringSecrets().keyring_available() is False


def test_a_keyring_that_keeps_nothing_is_not_said_to_keep() -> None:
    """keyring's `null` backend takes a password without error and keeps nothing."""
    keyring.set_keyring(null.Keyring())
    assert secrets.store_secret(secrets.OBS_PASSWORD[0], "pw") is False
    assert secrets.read_secret(*secrets.OBS_PASSWORD) == "pw"  # for this run
    store = secrets.KeyringSecrets()
    assert store.store("obs_password", "pw2") is True  # no keyring at all: taken for this run
    assert store.read("obs_password") == "pw2"
    assert store.forget("obs_password") is True
    assert store.read("obs_password") is None
