"""“Assistants on other devices”: the /assist address with its token, as text and a QR code."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.settings.server_page import LAN_LABEL, TITLE


def settings_path(page: str) -> str:
    """Where a setting is: “Settings → <page>”, in the window's words."""
    return f"{QCoreApplication.translate('SettingsDialog', 'Settings')} → {page}"


class AssistLinkDialog(QDialog):
    def __init__(
        self,
        links: list[str],
        lan: bool,
        qr: Callable[[str], QImage] | None,
        parent: QWidget | None = None,
        *,
        new_link: Callable[[], None] | None = None,
    ) -> None:
        """`links`: the assistants' panel with the assistants' token (never the API token);
        `new_link()`: makes a new assistants' token (the old one stops at once)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assistants' panel"))
        self.setModal(False)
        self.links = links
        layout = QVBoxLayout(self)
        if lan:
            note = self.tr("Scan with a phone on the same network. The link holds the "
                           "assistants' token: it opens only the question queue and comments. "
                           "If a phone is lost or a helper leaves, make a new link.")  # fmt: skip
        else:
            note = self.tr("LAN access is off: this link works on this computer only. To let "
                           "phones in, tick “{option}” in {where} and restart LiveDesk.").format(
                option=QCoreApplication.translate("ServerPage", LAN_LABEL),
                where=settings_path(QCoreApplication.translate("ServerPage", TITLE)))  # fmt: skip
        explanation = QLabel(note)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        hosts = [urlparse(link).hostname or "" for link in links]
        self.no_lan_address = lan and all(h.startswith("127.") for h in hosts)
        if self.no_lan_address:
            missing = QLabel(self.tr("No network address was found for this computer: phones "
                                     "cannot reach this link. Check that it is connected to the "
                                     "network."))  # fmt: skip
            missing.setWordWrap(True)
            missing.setStyleSheet("color: #b26a00;")
            layout.addWidget(missing)
        elif lan:
            where = QLabel(self.tr("This computer on the LAN: {address}").format(
                address=", ".join(hosts)))  # fmt: skip
            where.setTextFormat(Qt.TextFormat.PlainText)
            where.setObjectName("lanAddress")
            self.lan_address_label = where
            layout.addWidget(where)
        self.qr_label = QLabel()
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if qr is not None and links:
            self.qr_label.setPixmap(QPixmap.fromImage(qr(links[0])))
        layout.addWidget(self.qr_label)
        for link in links:
            text = QLabel(link)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(text)
        copy = QPushButton(self.tr("Copy link"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(links[0] if links else ""))
        layout.addWidget(copy)
        if new_link is not None:
            renew = QPushButton(self.tr("New assistants' link"))
            renew.setToolTip(self.tr("A new link now: panels opened with the old one are "
                                     "disconnected"))  # fmt: skip
            renew.clicked.connect(new_link)
            layout.addWidget(renew)
        self.assistants_label = QLabel()
        self.assistants_label.setTextFormat(Qt.TextFormat.PlainText)
        self.assistants_label.setWordWrap(True)
        self.assistants_label.setObjectName("assistantsConnected")
        layout.addWidget(self.assistants_label)
        self.show_assistants([])

    def show_assistants(self, assistants: list[dict[str, object]]) -> None:
        """Who has the panel open: each name given, with its number of open panels."""
        if not assistants:
            self.assistants_label.setText(self.tr("No assistant is connected."))
            return
        names = ", ".join(
            f"{a.get('name')} ×{a.get('sockets')}" if int(str(a.get("sockets", 1))) > 1
            else str(a.get("name")) for a in assistants
        )  # fmt: skip
        self.assistants_label.setText(self.tr("Connected: {names}").format(names=names))
