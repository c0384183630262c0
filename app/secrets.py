"""Secrets (OBS password, API token, YouTube API key, Bilibili SESSDATA): environment first, then
the OS keyring; never a file. Without a keyring, a secret typed in the console (the connection
wizard, the settings) is kept in memory for this run only. Each value read, made or kept here is
registered with the logs' redaction filter (app/logging_setup.py), so it never shows in a log line
or a crash report.

A keyring backend may fail with anything (a D-Bus error, a locked wallet, a value too long for
the platform's store), not only keyring's own errors: every failure counts as "no keyring", with
a log line, and never stops the console."""

from __future__ import annotations

import logging
import os
import secrets as _random

import keyring
from keyring.backends import fail, null
from keyring.errors import KeyringError, PasswordDeleteError

from app.logging_setup import register_secret

log = logging.getLogger(__name__)

SERVICE = "LiveDesk"
OBS_PASSWORD = ("obs-password", "LIVEDESK_OBS_PASSWORD")
API_TOKEN = ("api-token", "LIVEDESK_API_TOKEN")
ASSIST_TOKEN = ("assist-token", "LIVEDESK_ASSIST_TOKEN")
MIN_TOKEN_CHARS = 16  # a token set by hand must be at least this long (made ones are 32)
YOUTUBE_KEY = ("youtube-api-key", "LIVEDESK_YOUTUBE_KEY")
BILIBILI_COOKIE = ("bilibili-sessdata", "LIVEDESK_BILIBILI_SESSDATA")
# the settings dialog's slots (app/ui/settings/ports.py) -> (keyring entry, environment variable)
SLOTS = {"obs_password": OBS_PASSWORD, "api_token": API_TOKEN, "youtube_key": YOUTUBE_KEY,
         "bilibili_sessdata": BILIBILI_COOKIE}  # fmt: skip


_FOR_THIS_RUN: dict[str, str] = {}  # keyring name -> a secret typed with no keyring to keep it


def read_secret(name: str, env: str) -> str | None:
    """The environment's, else the one typed during this run with no keyring, else the keyring's;
    None when there is none (or the keyring fails)."""
    value = os.environ.get(env) or _FOR_THIS_RUN.get(name)
    if not value:
        try:
            value = keyring.get_password(SERVICE, name)
        except Exception as exc:  # noqa: BLE001 - any backend failure means no keyring
            log.info("no OS keyring (%s); %s comes from %s only", _why(exc), name, env)
            return None
    register_secret(value)
    return value


def store_secret(name: str, value: str) -> bool:
    """Keep a secret in the OS keyring. False when there is none, or it fails: the secret is
    then kept in memory for this run (read_secret gives it) and nowhere else."""
    register_secret(value)
    if keyring_usable():
        try:
            keyring.set_password(SERVICE, name, value)
        except Exception as exc:  # noqa: BLE001 - any backend failure means no keyring
            log.warning("cannot keep %s: the OS keyring failed (%s); it lasts until exit", name,
                        _why(exc))  # fmt: skip
        else:
            _FOR_THIS_RUN.pop(name, None)
            return True
    else:
        log.warning("cannot keep %s: no OS keyring; it lasts until exit", name)
    _FOR_THIS_RUN[name] = value
    return False


def forget_for_this_run(name: str | None = None) -> None:
    """The secret `name` typed during this run (every one, without a name) is no longer used."""
    if name is None:
        _FOR_THIS_RUN.clear()
    else:
        _FOR_THIS_RUN.pop(name, None)


class TokenTooShort(ValueError):
    """A token set in the environment is too short to keep guessers out."""


def keyring_usable() -> bool:
    """Whether the OS keyring keeps what it is given (keyring's `fail` and `null` backends,
    e.g. a headless Linux without a Secret Service, keep nothing)."""
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - any backend failure means no keyring
        log.info("no OS keyring (%s)", _why(exc))
        return False
    return not isinstance(backend, fail.Keyring | null.Keyring)


def _why(exc: Exception) -> str:
    """A keyring failure in a log line: keyring's own by name (its text is a paragraph), any
    other (a D-Bus error, a locked wallet) with what it says."""
    return exc.__class__.__name__ if isinstance(exc, KeyringError) else f"{exc!r}"


def _token(slot: tuple[str, str]) -> tuple[str, bool]:
    """The token of this slot and whether it lasts beyond this run: the environment's (at least
    MIN_TOKEN_CHARS long, else TokenTooShort), the keyring's, or a new one kept there."""
    name, env = slot
    from_env = os.environ.get(env)
    if from_env:
        if len(from_env) < MIN_TOKEN_CHARS:
            raise TokenTooShort(
                f"{env} is {len(from_env)} characters long; a token must have at least "
                f'{MIN_TOKEN_CHARS} (a random one is best, e.g. from `python -c "import secrets;'
                f' print(secrets.token_urlsafe(24))"`)'
            )
        register_secret(from_env)
        return from_env, True
    token = read_secret(name, env)
    if token:
        return token, True
    token = new_token()
    register_secret(token)
    return token, keyring_usable() and store_secret(name, token)


def api_token() -> tuple[str, bool]:
    """The local API's token and whether it persists; made (and kept in the keyring) if new."""
    return _token(API_TOKEN)


def assist_token() -> tuple[str, bool]:
    """The assistants' token and whether it persists; made (and kept in the keyring) if new."""
    return _token(ASSIST_TOKEN)


def keep_assist_token(token: str) -> bool:
    """Keep a new assistants' token for the next start; False when it cannot be (no keyring,
    or LIVEDESK_ASSIST_TOKEN sets it: that wins at the next start)."""
    register_secret(token)
    if os.environ.get(ASSIST_TOKEN[1]):
        log.warning("%s is set: the new assistants' token lasts until exit", ASSIST_TOKEN[1])
        return False
    return keyring_usable() and store_secret(ASSIST_TOKEN[0], token)


def new_token() -> str:
    return _random.token_urlsafe(24)


class KeyringSecrets:
    """The settings dialog's secret store (its SecretStore port): the OS keyring, with the
    environment variables taking precedence. A keyring that keeps nothing (keyring's `fail` and
    `null` backends, e.g. a headless Linux without a Secret Service) or fails counts as none; a
    secret stored then is used until LiveDesk exits (the settings' field says it is not kept)."""

    def __init__(self, slots: dict[str, tuple[str, str]] | None = None) -> None:
        self._slots = dict(SLOTS if slots is None else slots)

    def keyring_available(self) -> bool:
        return keyring_usable()

    def read(self, slot: str) -> str | None:
        return read_secret(*self._slots[slot])

    def in_keyring(self, slot: str) -> bool:
        if not self.keyring_available():
            return False
        try:
            return bool(keyring.get_password(SERVICE, self._slots[slot][0]))
        except Exception as exc:  # noqa: BLE001 - any backend failure means no keyring
            log.info("no OS keyring (%s)", _why(exc))
            return False

    def env_var(self, slot: str) -> str:
        return self._slots[slot][1]

    def from_environment(self, slot: str) -> bool:
        return bool(os.environ.get(self._slots[slot][1]))

    def store(self, slot: str, value: str) -> bool:
        """Into the keyring; with no keyring at all, for this run (True: nothing failed that
        saving again would mend; the field says it is not kept). False when a keyring refused."""
        return store_secret(self._slots[slot][0], value) or not self.keyring_available()

    def forget(self, slot: str) -> bool:
        name = self._slots[slot][0]
        forget_for_this_run(name)
        if not self.keyring_available():
            return True  # nothing was kept
        try:
            keyring.delete_password(SERVICE, name)
        except PasswordDeleteError:
            return True  # nothing was kept
        except Exception as exc:  # noqa: BLE001 - any backend failure means no keyring
            log.warning("cannot remove %s from the keyring (%s)", name, _why(exc))
            return False
        return True
