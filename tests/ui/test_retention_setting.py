"""Settings › Chat sources › Privacy: how long what viewers said is kept (retention_days)."""

from __future__ import annotations

from typing import Any

from app.domain.settings import Settings
from app.ui.settings.chat_page import MAX_RETENTION_DAYS, ChatPage


class NoSecrets:
    """A SecretStore with nothing in it (the page's keys are not what is tested here)."""

    def keyring_available(self) -> bool:
        return True

    def read(self, slot: str) -> str | None:
        return None

    def in_keyring(self, slot: str) -> bool:
        return False

    def env_var(self, slot: str) -> str:
        return "LIVEDESK_" + slot.upper()

    def from_environment(self, slot: str) -> bool:
        return False

    def store(self, slot: str, value: str) -> bool:
        return True

    def forget(self, slot: str) -> bool:
        return True


def test_the_retention_field_shows_and_saves_the_days(qtbot: Any) -> None:
    page = ChatPage(Settings(retention_days=30), NoSecrets())
    qtbot.addWidget(page)
    assert page.retention_spin.value() == 30
    page.retention_spin.setValue(7)
    assert page.apply(Settings()).retention_days == 7
    page.retention_spin.setValue(0)
    assert page.retention_spin.text() == "Keep everything"
    assert page.apply(Settings(retention_days=30)).retention_days == 0


def test_a_day_count_out_of_range_in_the_file_is_shown_within_it(qtbot: Any) -> None:
    page = ChatPage(Settings(retention_days=10**6), NoSecrets())
    qtbot.addWidget(page)
    assert page.retention_spin.value() == MAX_RETENTION_DAYS
    negative = ChatPage(Settings(retention_days=-3), NoSecrets())
    qtbot.addWidget(negative)
    assert negative.retention_spin.value() == 0
