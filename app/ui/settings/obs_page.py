"""Settings › OBS: the WebSocket address, the password (kept in the OS keyring) and a test."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import ParseResult, urlparse

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget
from shiboken6 import isValid

from app.domain.settings import Settings
from app.runtime.tasks import TaskRunner
from app.services.errors import LiveDeskError
from app.services.ports import ObsConnectError
from app.ui.message_texts import text_for
from app.ui.settings.ports import OBS_PASSWORD, ObsProbe, SecretStore
from app.ui.settings.secret_field import SecretField

DEFAULT_PORT = 4455
_HOST = re.compile(r"[\w.%:-]+")  # a name, IPv4 or IPv6 (with a zone): no spaces, no “/?#@”


def parse_address(text: str) -> ParseResult | None:
    """An OBS address split up (ws:// added when it names no scheme); None when it cannot be read
    at all, e.g. an unclosed “[” in “ws://[::1” (urlparse raises ValueError)."""
    try:
        return urlparse(text if "://" in text else f"ws://{text}")
    except ValueError:
        return None


class ObsPage(QWidget):
    def __init__(
        self,
        settings: Settings,
        secrets: SecretStore,
        tasks: TaskRunner,
        probe: ObsProbe | None = None,
        parent: QWidget | None = None,
        *,
        local_server: Callable[[], int | None] | None = None,
    ) -> None:
        """`local_server()`: the port of LiveDesk's own server when the OBS address names it
        (a mistake this page must point out), else None."""
        super().__init__(parent)
        self._tasks, self._probe = tasks, probe
        self._local_server = local_server or (lambda: None)
        self.url_edit = QLineEdit(settings.obs_url)
        self.url_edit.setPlaceholderText("ws://127.0.0.1:4455")
        self.url_edit.setToolTip(
            self.tr("OBS → Tools → WebSocket Server Settings shows the port (4455 by default)")
        )
        self.password = SecretField(secrets, OBS_PASSWORD, self.tr("OBS password"))
        self.password.edit.setToolTip(
            self.tr("OBS → Tools → WebSocket Server Settings → Show Connect Info → Server Password")
        )
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setToolTip(self.tr("Connect to OBS once with this address and password"))
        self.test_button.setEnabled(probe is not None)
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setObjectName("testResult")
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Address"), self.url_edit)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(test_row)

    def title(self) -> str:
        return self.tr("OBS")

    # ----- the dialog's page protocol ----------------------------------------------------------
    def problems(self) -> list[str]:
        problem = self.url_problem()
        return [problem] if problem else []

    def apply(self, settings: Settings) -> Settings:
        return replace(settings, obs_url=self.url())

    def secrets_to_write(self) -> dict[str, str | None]:
        return self.password.pending()

    def after_save(self) -> None:
        self.password.saved()
        self.url_edit.setText(self.url())

    # ----- the address ----------------------------------------------------------------------------
    def url(self) -> str:
        """The address as typed, written out in full: ws://HOST:PORT."""
        text = self.url_edit.text().strip()
        parsed = parse_address(text)
        if parsed is None:
            return text
        try:
            port = parsed.port or DEFAULT_PORT
        except ValueError:
            return text
        host = parsed.hostname or ""
        host = f"[{host}]" if ":" in host else host
        return f"{parsed.scheme}://{host}:{port}" if host else text

    def url_problem(self) -> str | None:
        text = self.url_edit.text().strip()
        example = "ws://127.0.0.1:4455"
        if not text:
            return self.tr("OBS address: enter it like {example}").format(example=example)
        parsed = parse_address(text)
        try:
            port = parsed.port if parsed else None
        except ValueError:
            port = -1
        if (parsed is None or parsed.scheme != "ws" or not parsed.hostname
                or not _HOST.fullmatch(parsed.hostname)
                or parsed.path not in ("", "/")):  # fmt: skip
            return self.tr(
                "OBS address: “{text}” is not a WebSocket address; write it as ws://HOST:PORT, "
                "e.g. {example}"
            ).format(text=text, example=example)
        if port is not None and not 1 <= port <= 65535:
            return self.tr("OBS address: the port must be a number from 1 to 65535")
        if port is not None and port == self._local_server():
            return self.tr(
                "OBS address: port {port} is LiveDesk's own local server, not OBS; OBS's "
                "WebSocket server uses {default} by default (OBS → Tools → WebSocket Server "
                "Settings shows it)"
            ).format(port=port, default=DEFAULT_PORT)
        return None

    # ----- the test -------------------------------------------------------------------------------
    def test_connection(self) -> None:
        problem = self.url_problem()
        if problem:
            self._show_result(False, problem)
            return
        if self._probe is None:
            return
        url = self.url()
        self.test_button.setEnabled(False)
        self._show_result(None, self.tr("Connecting to {url}…").format(url=url))
        self._tasks.run(self._test(self._probe, url, self.password.value()), "settings-obs-test")

    async def _test(self, probe: ObsProbe, url: str, password: str) -> None:
        try:
            version = await probe(url, password)
        except ObsConnectError as exc:
            problem = exc.problem  # said as the connection bar says it, in the window's language
            ok = False
            text = self.tr("{problem}. {hint}").format(
                problem=text_for(problem.message), hint=text_for(problem.hint)
            )
        except (LiveDeskError, ValueError, OSError) as exc:
            ok, text = False, self.tr("Could not connect: {error}").format(error=exc)
        else:
            ok = True
            text = self.tr("Connected: OBS {obs}, obs-websocket {ws}.").format(
                obs=version.obs_version, ws=version.websocket_version
            )
        if isValid(self):  # the dialog may have closed meanwhile
            self.test_button.setEnabled(True)
            self._show_result(ok, text)

    def _show_result(self, ok: bool | None, text: str) -> None:
        marks = {True: "✓ ", False: "✗ ", None: ""}
        colours = {True: "#2e7d32", False: "#d32f2f", None: ""}
        self.test_result.setText(marks[ok] + text)
        self.test_result.setStyleSheet(f"color: {colours[ok]};" if colours[ok] else "")
        self.test_result.setProperty("ok", ok)
