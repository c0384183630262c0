"""Secrets (OBS password, API token): environment first, then the OS keyring; never a file."""

from __future__ import annotations

import logging
import os
import secrets as _random

import keyring
from keyring.errors import KeyringError

log = logging.getLogger(__name__)

SERVICE = "LiveDesk"
OBS_PASSWORD = ("obs-password", "LIVEDESK_OBS_PASSWORD")
API_TOKEN = ("api-token", "LIVEDESK_API_TOKEN")


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
    token = _random.token_urlsafe(24)
    return token, store_secret(name, token)
