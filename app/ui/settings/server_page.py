"""Settings › Local server: the API's port, its token (kept in the OS keyring; regenerated on
request), whether the assistants' token may run polls, lotteries and check-ins, and the opt-in to
listen on the LAN, with this computer's address there (given by the composition root:
`set_lan_addresses`) and a plain word that LAN traffic is not encrypted."""

from __future__ import annotations

import secrets as _random
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.settings import Settings
from app.ui.settings.obs_page import parse_address
from app.ui.settings.ports import API_TOKEN, SecretStore
from app.ui.translate_noop import QT_TRANSLATE_NOOP

MIN_PORT = 1024  # below: administrator rights on most systems
SHOWN_CHARS = 4
OBS_DEFAULT_PORT = 4455
# the page's title and the LAN switch, named by other windows too (the assistants' link)
TITLE = QT_TRANSLATE_NOOP("ServerPage", "Local server")
LAN_LABEL = QT_TRANSLATE_NOOP("ServerPage", "Let phones and computers on my network connect (LAN)")


def masked(token: str) -> str:
    """The token with all but its last few characters hidden."""
    if not token:
        return ""
    return "•" * max(8, len(token) - SHOWN_CHARS) + token[-SHOWN_CHARS:]


class ServerPage(QWidget):
    def __init__(
        self,
        settings: Settings,
        secrets: SecretStore,
        running_token: str = "",
        obs_url: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`running_token`: the token the server accepts now (it changes only at a restart);
        `obs_url()`: the OBS address being set (the two must not share a port)."""
        super().__init__(parent)
        self._secrets, self._running = secrets, running_token
        self._saved_port = settings.api_port
        self._obs_url = obs_url or (lambda: "")
        self._new_token: str | None = None
        self.confirm_box: QMessageBox | None = None

        self.port_spin = QSpinBox()
        # wider than a port can be: 70000 or 0 typed reaches `problems()` and its message (with
        # 1–65535 the spin box dropped the fifth digit and kept the last valid port unsaid)
        self.port_spin.setRange(0, 99999)
        self.port_spin.setValue(settings.api_port)
        self.port_spin.setToolTip(
            self.tr("The overlays, the assistants' panel and Stream Deck reach LiveDesk here")
        )
        self.token_edit = QLineEdit()
        self.token_edit.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the token to the clipboard"))
        self.copy_button.clicked.connect(self.copy_token)
        self.regenerate_button = QPushButton(self.tr("Regenerate token…"))
        self.regenerate_button.setToolTip(
            self.tr("A new token: the old one stops working when LiveDesk restarts")
        )
        self.regenerate_button.clicked.connect(self.ask_to_regenerate)
        self.token_status = QLabel()
        self.token_status.setWordWrap(True)
        self.lan_check = QCheckBox(QCoreApplication.translate("ServerPage", LAN_LABEL))
        self.lan_check.setChecked(settings.lan_access)
        lan_warning = QLabel(
            self.tr(
                "Anyone on the same network who has the token can control the show. Turn this on "
                "only on a network you trust (not public Wi-Fi); the firewall may ask to allow "
                "LiveDesk."
            )
        )
        lan_warning.setWordWrap(True)
        lan_warning.setObjectName("lanWarning")
        lan_warning.setStyleSheet("color: #b26a00;")
        self.lan_warning = lan_warning
        self.lan_unencrypted = QLabel(
            self.tr(
                "LAN traffic is not encrypted (plain HTTP): others on the same network can read "
                "what passes, the token included."
            )
        )
        self.lan_unencrypted.setWordWrap(True)
        self.lan_unencrypted.setStyleSheet("color: #b26a00;")
        self.lan_address = QLabel()  # this computer's address on the LAN (set_lan_addresses)
        self.lan_address.setTextFormat(Qt.TextFormat.PlainText)
        self.lan_address.setWordWrap(True)
        self.lan_address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lan_address.hide()
        self._lan_addresses: list[str] | None = None
        self.port_spin.valueChanged.connect(self._show_lan_address)

        token_row = QHBoxLayout()
        token_row.addWidget(self.token_edit, 1)
        token_row.addWidget(self.copy_button)
        token_row.addWidget(self.regenerate_button)
        token_box = QVBoxLayout()
        token_box.addLayout(token_row)
        token_box.addWidget(self.token_status)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Port"), self.port_spin)
        form.addRow(self.tr("API token"), token_box)
        self.new_assist_button = QPushButton(self.tr("New assistants' link"))
        self.new_assist_button.setToolTip(
            self.tr(
                "A new assistants' token now, without a restart: panels opened with the old "
                "link are disconnected"
            )
        )
        self.new_assist_button.hide()  # shown when the console can make one (set_new_assist_link)
        form.addRow(self.tr("Assistants"), self.new_assist_button)
        self.assist_interaction_check = QCheckBox(
            self.tr("Assistants may run polls, lotteries and check-ins")
        )
        self.assist_interaction_check.setToolTip(
            self.tr(
                "From the Interaction tab of the assistants' panel; applies at once when you save"
            )
        )
        self.assist_interaction_check.setChecked(settings.assistants_run_interaction)
        form.addRow(self.assist_interaction_check)
        self.assist_help_check = QCheckBox(
            self.tr("Assistants may mark thanks, block viewers and message the host")
        )
        self.assist_help_check.setToolTip(
            self.tr("From the assistants' panel; applies at once when you save")
        )
        self.assist_help_check.setChecked(settings.assistants_help_host)
        form.addRow(self.assist_help_check)
        form.addRow(self.lan_check)
        form.addRow(self.lan_address)
        form.addRow(self.lan_unencrypted)
        form.addRow(lan_warning)
        self._show_token()

    def title(self) -> str:
        return QCoreApplication.translate("ServerPage", TITLE)

    # ----- the LAN address ---------------------------------------------------------------------
    def set_lan_addresses(self, addresses: list[str]) -> None:
        """This computer's addresses on the LAN, best first (none: phones cannot reach it)."""
        self._lan_addresses = list(addresses)
        self._show_lan_address()

    def _show_lan_address(self) -> None:
        if self._lan_addresses is None:
            return
        if self._lan_addresses:
            where = ", ".join(f"http://{a}:{self.port_spin.value()}" for a in self._lan_addresses)
            text = self.tr("On the LAN this computer is at {address}").format(address=where)
        else:
            text = self.tr(
                "No network address was found for this computer: phones cannot reach it. Check "
                "that it is connected to the network."
            )
        self.lan_address.setText(text)
        self.lan_address.show()

    def set_new_assist_link(self, make: Callable[[], None]) -> None:
        """`make()`: a new assistants' token at once (and the dialog with its link)."""
        self.new_assist_button.clicked.connect(make)
        self.new_assist_button.show()

    # ----- the token ------------------------------------------------------------------------------
    def shown_token(self) -> str:
        """The token the page shows (and copies): a new one if regenerated, else the kept one."""
        if self._new_token:
            return self._new_token
        return self._secrets.read(API_TOKEN) or self._running

    def copy_token(self) -> None:
        QApplication.clipboard().setText(self.shown_token())

    def ask_to_regenerate(self) -> None:
        box = self.confirm_box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Regenerate the API token?"))
        box.setText(self.tr("Make a new API token?"))
        box.setInformativeText(
            self.tr(
                "After saving and restarting LiveDesk the old token stops working: Stream Deck or "
                "Companion buttons, scripts and assistants' links must use the new one, and "
                "“Set up overlays in OBS…” updates the overlay sources."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(self.tr("Regenerate"))
        yes.clicked.connect(self.regenerate)
        box.open()

    def regenerate(self) -> None:
        """A new token, kept in the keyring when the dialog saves."""
        self._new_token = _random.token_urlsafe(24)
        self._show_token()

    def _show_token(self) -> None:
        secrets = self._secrets
        env = secrets.env_var(API_TOKEN)
        token = self.shown_token()
        self.token_edit.setText(masked(token))
        self.copy_button.setEnabled(bool(token))
        can_change = secrets.keyring_available() and not secrets.from_environment(API_TOKEN)
        self.regenerate_button.setEnabled(can_change)
        if secrets.from_environment(API_TOKEN):
            status = self.tr("{env} sets the token; change it there.").format(env=env)
        elif not secrets.keyring_available():
            status = self.tr(
                "No system keyring was found, so this token lasts until LiveDesk quits. Set the "
                "environment variable {env} to keep one."
            ).format(env=env)
        elif self._new_token:
            status = self.tr(
                "New token: saved in the system keyring when you save; it takes effect when "
                "LiveDesk restarts (until then the old one keeps working)."
            )
        elif self._running and token != self._running:
            status = self.tr(
                "A new token is saved; it takes effect when LiveDesk restarts (until then the "
                "old one keeps working)."
            )
        else:
            status = self.tr("Saved in the system keyring.")
        self.token_status.setText(status)

    # ----- the dialog's page protocol ----------------------------------------------------------
    def problems(self) -> list[str]:
        port = self.port()
        if port is None:
            return [
                self.tr(
                    "Local server: port {port} is out of range (1–65535); choose one from {low} "
                    "to 65535 (4466 by default)"
                ).format(port=self.port_spin.text() or 0, low=MIN_PORT)
            ]
        if port < MIN_PORT:
            return [
                self.tr(
                    "Local server: port {port} is reserved for the system; choose one from "
                    "{low} to 65535 (4466 by default)"
                ).format(port=port, low=MIN_PORT)
            ]
        if self._obs_port() == port and self._own_port_to_blame(port):
            return [
                self.tr(
                    "Local server: port {port} is OBS's WebSocket port; choose another "
                    "(4466 by default)"
                ).format(port=port)
            ]
        return []

    def port(self) -> int | None:
        """The port typed; None when it is none (empty, 0, above 65535)."""
        typed = self.port_spin.hasAcceptableInput()  # a cleared field still has the old value()
        port = self.port_spin.value() if typed else 0
        return port if 1 <= port <= 65535 else None

    def port_taken_by_obs_address(self) -> int | None:
        """The port, when the OBS address (on this computer) names it and it is the address
        that must change: the port was not changed here and is not OBS's usual 4455. The OBS
        page says so (app/ui/settings_dialog.py)."""
        port = self.port()
        if port is None or self._obs_port() != port or self._own_port_to_blame(port):
            return None
        return port

    def _own_port_to_blame(self, port: int) -> bool:
        return port == OBS_DEFAULT_PORT or port != self._saved_port

    def _obs_port(self) -> int | None:
        """The OBS address's port when the address is this computer's."""
        parsed = parse_address(self._obs_url())
        try:
            obs_port = parsed.port if parsed else None
        except ValueError:
            return None
        local = parsed is not None and parsed.hostname in ("127.0.0.1", "localhost", "::1")
        return obs_port if local else None

    def apply(self, settings: Settings) -> Settings:
        return replace(
            settings,
            api_port=self.port_spin.value(),
            lan_access=self.lan_check.isChecked(),
            assistants_run_interaction=self.assist_interaction_check.isChecked(),
            assistants_help_host=self.assist_help_check.isChecked(),
        )

    def secrets_to_write(self) -> dict[str, str | None]:
        return {API_TOKEN: self._new_token} if self._new_token else {}

    def token_regenerated(self) -> bool:
        return self._new_token is not None

    def after_save(self) -> None:
        self._new_token = None
        self._saved_port = self.port_spin.value()
        self._show_token()
