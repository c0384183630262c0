"""Secrets (OBS password, API token, YouTube API key, Bilibili SESSDATA): environment first, then
the OS keyring; never a file."""

from __future__ import annotations

import logging
import os
import secrets as _random

import keyring
from keyring.backends import fail, null
from keyring.errors import KeyringError, PasswordDeleteError

log = logging.getLogger(__name__)

SERVICE = "LiveDesk"
OBS_PASSWORD = ("obs-password", "LIVEDESK_OBS_PASSWORD")
API_TOKEN = ("api-token", "LIVEDESK_API_TOKEN")
YOUTUBE_KEY = ("youtube-api-key", "LIVEDESK_YOUTUBE_KEY")
BILIBILI_COOKIE = ("bilibili-sessdata", "LIVEDESK_BILIBILI_SESSDATA")
# the settings dialog's slots (app/ui/settings/ports.py) -> (keyring entry, environment variable)
SLOTS = {"obs_password": OBS_PASSWORD, "api_token": API_TOKEN, "youtube_key": YOUTUBE_KEY,
         "bilibili_sessdata": BILIBILI_COOKIE}  # fmt: skip


def read_secret(name: str, env: str) -> str | None:
    value = os.environ.get(env)
    if value:
        return value
    try:
        return keyring.get_password(SERVICE, name)
    except KeyringError as exc:
        log.info("no OS keyring (%s); %s comes from %s only", exc.__class__.__name__, name, env)
        return None


def store_secret(name: str, value: str) -> bool:
    """Keep a secret in the OS keyring; False (and nothing written anywhere) when there is none."""
    try:
        keyring.set_password(SERVICE, name, value)
        return True
    except KeyringError as exc:
        log.warning("cannot keep %s: no OS keyring (%s); it lasts until exit", name, exc)
        return False


def api_token() -> tuple[str, bool]:
    """The local API's token and whether it persists; made (and kept in the keyring) if new."""
    name, env = API_TOKEN
    token = read_secret(name, env)
    if token:
        return token, True
    token = new_token()
    return token, store_secret(name, token)


def new_token() -> str:
    return _random.token_urlsafe(24)


class KeyringSecrets:
    """The settings dialog's secret store (its SecretStore port): the OS keyring, with the
    environment variables taking precedence. A keyring that keeps nothing (keyring's `fail` and
    `null` backends, e.g. a headless Linux without a Secret Service) counts as none."""

    def __init__(self, slots: dict[str, tuple[str, str]] | None = None) -> None:
        self._slots = dict(SLOTS if slots is None else slots)

    def keyring_available(self) -> bool:
        try:
            backend = keyring.get_keyring()
        except KeyringError:
            return False
        return not isinstance(backend, fail.Keyring | null.Keyring)

    def read(self, slot: str) -> str | None:
        return read_secret(*self._slots[slot])

    def in_keyring(self, slot: str) -> bool:
        if not self.keyring_available():
            return False
        try:
            return bool(keyring.get_password(SERVICE, self._slots[slot][0]))
        except KeyringError:
            return False

    def env_var(self, slot: str) -> str:
        return self._slots[slot][1]

    def from_environment(self, slot: str) -> bool:
        return bool(os.environ.get(self._slots[slot][1]))

    def store(self, slot: str, value: str) -> bool:
        return self.keyring_available() and store_secret(self._slots[slot][0], value)

    def forget(self, slot: str) -> bool:
        name = self._slots[slot][0]
        try:
            keyring.delete_password(SERVICE, name)
        except PasswordDeleteError:
            return True  # nothing was kept
        except KeyringError as exc:
            log.warning("cannot remove %s from the keyring (%s)", name, exc)
            return False
        return True
