"""“Assistants on other devices”: the /assist address with its token, as text and a QR code."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget


class AssistLinkDialog(QDialog):
    def __init__(
        self,
        links: list[str],
        lan: bool,
        qr: Callable[[str], QImage] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assistants' panel"))
        self.setModal(False)
        self.links = links
        layout = QVBoxLayout(self)
        if lan:
            note = self.tr("Scan with a phone on the same network. The link holds the API "
                           "token: share it only with your team.")  # fmt: skip
        else:
            note = self.tr("LAN access is off: this link works on this computer only. Turn "
                           "on “lan_access” in the settings to let phones in.")  # fmt: skip
        explanation = QLabel(note)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
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
