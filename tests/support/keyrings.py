"""A keyring backend that keeps passwords in a dict, for tests that give the console a working
system keyring (registered with keyring.set_keyring), and the environment variables that set a
secret instead of the keyring (a test clears them: the machine's own must not answer)."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

SECRET_ENV = ("LIVEDESK_OBS_PASSWORD", "LIVEDESK_API_TOKEN", "LIVEDESK_ASSIST_TOKEN",
              "LIVEDESK_YOUTUBE_KEY", "LIVEDESK_BILIBILI_SESSDATA")  # fmt: skip


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError(username)  # as a system keyring says it
