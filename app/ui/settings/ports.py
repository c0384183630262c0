"""What the settings dialog is given: where secrets go, and how to try an OBS address."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from app.domain.settings import Settings
from app.services.ports import ObsVersion

# The secrets the dialog sets, by slot (app/secrets.py maps each to its keyring entry and
# environment variable).
OBS_PASSWORD = "obs_password"
API_TOKEN = "api_token"
YOUTUBE_KEY = "youtube_key"
BILIBILI_SESSDATA = "bilibili_sessdata"
SLOTS = (OBS_PASSWORD, API_TOKEN, YOUTUBE_KEY, BILIBILI_SESSDATA)


class SecretStore(Protocol):
    """Secrets in the OS keyring, the environment taking precedence. Never a file."""

    def keyring_available(self) -> bool: ...

    def read(self, slot: str) -> str | None:
        """The secret in use: the environment's, else the keyring's."""
        ...

    def in_keyring(self, slot: str) -> bool: ...

    def env_var(self, slot: str) -> str:
        """The environment variable that sets this secret (e.g. LIVEDESK_OBS_PASSWORD)."""
        ...

    def from_environment(self, slot: str) -> bool: ...

    def store(self, slot: str, value: str) -> bool:
        """Keep `value` in the keyring; False when it could not."""
        ...

    def forget(self, slot: str) -> bool:
        """Remove the keyring's copy; False when it could not."""
        ...


# Connects to OBS at (address, password) and lets go again: the version on success, else
# ObsConnectError(problem) with the problem in words (app/adapters/obs/problems.py).
ObsProbe = Callable[[str, str], Awaitable[ObsVersion]]
SaveSettings = Callable[[Settings], None]
