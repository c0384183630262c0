"""The assistants' panel link and its QR code."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton

from app.adapters.render.qr import qr_image
from app.adapters.web import lan
from app.openers import assist_links
from app.ui.assist_link_dialog import AssistLinkDialog


def test_links_are_local_unless_the_lan_is_opted_in(monkeypatch: Any) -> None:
    assert assist_links(False, 4466, "tok") == ["http://127.0.0.1:4466/assist?token=tok"]
    # the address finding itself: tests/unit/test_lan_address.py
    monkeypatch.setattr(lan, "lan_addresses", lambda: ["192.168.1.20"])
    assert assist_links(True, 4466, "tok") == ["http://192.168.1.20:4466/assist?token=tok"]


def test_the_dialog_shows_a_qr_code_and_copies_the_link(qtbot: Any) -> None:
    link = "http://192.168.1.20:4466/assist?token=tok"
    dialog = AssistLinkDialog([link], True, qr_image)
    qtbot.addWidget(dialog)
    pixmap = dialog.qr_label.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() >= 100
    image = pixmap.toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 4)
               for y in range(0, image.height(), 4)}  # fmt: skip
    assert colours == {"#000000", "#ffffff"}  # a QR code, not a blank picture
    dialog.findChildren(QPushButton)[0].click()
    assert QGuiApplication.clipboard().text() == link


def test_the_dialog_says_when_phones_cannot_reach_this_computer(qtbot: Any) -> None:
    local = AssistLinkDialog(["http://127.0.0.1:4466/assist?token=tok"], True, qr_image)
    qtbot.addWidget(local)
    assert local.no_lan_address
    on_lan = AssistLinkDialog(["http://192.168.1.20:4466/assist?token=tok"], True, qr_image)
    qtbot.addWidget(on_lan)
    assert not on_lan.no_lan_address
    assert on_lan.lan_address_label.text().endswith("192.168.1.20")


def test_with_the_lan_off_the_dialog_names_the_real_switch_and_the_restart(qtbot: Any) -> None:
    from app.domain.settings import Settings
    from app.ui.settings.server_page import ServerPage
    from tests.ui.test_lan_settings import NoSecrets

    dialog = AssistLinkDialog(["http://127.0.0.1:4466/assist?token=tok"], False, qr_image)
    qtbot.addWidget(dialog)
    page = ServerPage(Settings(), NoSecrets())
    qtbot.addWidget(page)
    note = dialog.findChildren(QLabel)[0].text()
    assert f"“{page.lan_check.text()}”" in note  # the switch by its own label
    assert f"Settings → {page.title()}" in note  # and where it is
    assert "restart" in note
    assert "lan_access" not in note
