"""Settings › Local server: this computer's LAN address beside the LAN switch (given by the
composition root), and the word that LAN traffic is not encrypted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.domain.settings import Settings
from app.ui.settings.server_page import ServerPage


class NoSecrets:
    """The SecretStore port with nothing kept."""

    def read(self, slot: str) -> str | None:
        return None

    def keyring_available(self) -> bool:
        return False

    def in_keyring(self, slot: str) -> bool:
        return False

    def env_var(self, slot: str) -> str:
        return "LIVEDESK_API_TOKEN"

    def from_environment(self, slot: str) -> bool:
        return False

    def store(self, slot: str, value: str) -> bool:
        return False

    def forget(self, slot: str) -> bool:
        return True


def test_the_page_shows_the_lan_address_and_says_lan_traffic_is_plain(qtbot: Any) -> None:
    page = ServerPage(Settings(), NoSecrets(), running_token="tok")  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.show()
    assert page.lan_address.isHidden()  # nothing known yet
    assert "not encrypted" in page.lan_unencrypted.text()
    assert page.lan_unencrypted.isVisible()
    page.set_lan_addresses(["192.168.1.23"])
    assert page.lan_address.isVisible()
    assert page.lan_address.textFormat() == Qt.TextFormat.PlainText
    assert "http://192.168.1.23:4466" in page.lan_address.text()
    page.port_spin.setValue(5000)
    assert "http://192.168.1.23:5000" in page.lan_address.text()
    page.set_lan_addresses([])
    assert "No network address" in page.lan_address.text()
    assert "127." not in page.lan_address.text()
