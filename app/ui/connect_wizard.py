"""First start: the connection wizard. It looks for OBS (this computer's port 4455, or the address
typed in), explains how to turn on OBS's WebSocket server and where its password is, and offers
the demo (a simulated OBS) to whoever has no OBS at hand.

Non-modal (`show()`, never `exec()`): the console runs behind it. What it decides goes out as
signals; the composition root keeps the password in the OS keyring and the rest in the settings.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from shiboken6 import isValid

from app.runtime.tasks import TaskRunner
from app.services.errors import LiveDeskError
from app.services.ports import ConnectProblem, ObsConnectError, ObsVersion
from app.ui.message_texts import text_for

DEFAULT_URL = "ws://127.0.0.1:4455"
# Connects once to OBS at (address, password) and lets go: the version, else ObsConnectError.
ObsProbe = Callable[[str, str], Awaitable[ObsVersion]]
_URL = re.compile(r"^(?:ws://)?(?:\[[0-9a-fA-F:]+\]|[^\s/:\[\]]+)(?::(\d{1,5}))?/?$")
OK_COLOUR, BAD_COLOUR = "#2e7d32", "#c62828"
OLD_PORT = 4444  # obs-websocket 4's; OBS 28 and later listen on 4455


def url_is_valid(text: str) -> bool:
    match = _URL.match(text.strip())
    if match is None:
        return False
    return match.group(1) is None or 1 <= int(match.group(1)) <= 65535


def url_port(text: str) -> int | None:
    """The port written in an OBS address (None when none is, or it is not an address)."""
    match = _URL.match(text.strip())
    return int(match.group(1)) if match is not None and match.group(1) is not None else None


def normalised_url(text: str) -> str:
    text = text.strip().rstrip("/")
    return text if text.startswith("ws://") else f"ws://{text}"


def keyring_missing_text() -> str:
    return QCoreApplication.translate(
        "ConnectWizard",
        "No system keyring: the OBS password is kept until LiveDesk exits (set "
        "LIVEDESK_OBS_PASSWORD to keep it).",
    )


def settings_unsaved_text(where: str, error: str) -> str:
    return QCoreApplication.translate(
        "ConnectWizard", "Cannot save the settings in {where}: {error}"
    ).format(where=where, error=error)


class ConnectWizard(QWizard):
    """`connection_chosen(url, password)` on Finish; `demo_requested()` for “Try the demo”;
    `rejected` when skipped. `probe_finished(ok, text)` after each look for OBS (tests wait on it).
    """

    connection_chosen = Signal(str, str)
    demo_requested = Signal()
    probe_finished = Signal(bool, str)

    def __init__(
        self,
        probe: ObsProbe,
        tasks: TaskRunner,
        *,
        url: str = DEFAULT_URL,
        password: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connect LiveDesk to OBS"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("Try the demo"))
        demo_button = self.button(QWizard.WizardButton.CustomButton1)
        demo_button.setToolTip(
            self.tr(
                "Open LiveDesk with a simulated OBS, a sample show and replayed comments; "
                "nothing goes on air"
            )
        )
        self.customButtonClicked.connect(self._custom_button)
        self._probe, self._tasks = probe, tasks
        self.welcome_page = _WelcomePage()
        self.connect_page = _ConnectPage(self, url or DEFAULT_URL, password)
        self.addPage(self.welcome_page)
        self.addPage(self.connect_page)
        self.resize(680, 560)
        self.probing = False

    # ----- what the user chose ---------------------------------------------------------------
    def accept(self) -> None:
        page = self.connect_page
        self.connection_chosen.emit(normalised_url(page.url_edit.text()), page.password_edit.text())
        super().accept()

    def _custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.try_demo()

    def try_demo(self) -> None:
        self.demo_requested.emit()
        self.done(QWizard.DialogCode.Rejected.value)

    # ----- looking for OBS -------------------------------------------------------------------
    def look_for_obs(self) -> None:
        """Try the address and password in the fields once; the result shows under them."""
        page = self.connect_page
        text = page.url_edit.text()
        if not url_is_valid(text):
            page.show_result(
                False,
                self.tr(
                    "“{text}” is not an OBS address; write it as ws://HOST:PORT, e.g. {example}"
                ).format(text=text.strip(), example=DEFAULT_URL),
            )
            self.probe_finished.emit(False, page.result_label.text())
            return
        url = normalised_url(text)
        self.probing = True
        page.test_button.setEnabled(False)
        page.show_result(None, self.tr("Looking for OBS at {url}…").format(url=url))
        self._tasks.run(self._look(url, page.password_edit.text()), "connect-wizard-probe")

    async def _look(self, url: str, password: str) -> None:
        try:
            version = await self._probe(url, password)
        except ObsConnectError as exc:
            ok, text = False, self.problem_text(exc.problem, url, password)
        except (LiveDeskError, ValueError, OSError) as exc:
            ok, text = (
                False,
                self.tr("Could not reach OBS at {url}: {error}").format(url=url, error=exc),
            )
        else:
            ok = True
            text = self.tr(
                "Found OBS {obs} (obs-websocket {ws}) at {url}. Press Finish to use it."
            ).format(obs=version.obs_version, ws=version.websocket_version, url=url)
        self.probing = False
        if not isValid(self):  # closed meanwhile
            return
        self.connect_page.test_button.setEnabled(True)
        self.connect_page.show_result(ok, text)
        self.probe_finished.emit(ok, text)

    def problem_text(self, problem: ConnectProblem, url: str, password: str) -> str:
        """What went wrong, in the user's language, with what to do about it; on port 4444, that
        it is obs-websocket 4's old port."""
        text = self._said(problem, url, password)
        unreachable = problem.code in ("refused", "lost", "server_disabled", "timeout")
        if unreachable and url_port(url) == OLD_PORT:
            text += " " + self.tr(
                "Port 4444 is the old obs-websocket 4 port; OBS 28 and later listen on 4455: "
                "change the port in the address above to 4455."
            )
        return text

    def _said(self, problem: ConnectProblem, url: str, password: str) -> str:
        code = problem.code
        if code == "auth" and not password:
            return self.tr(
                "OBS answers at {url} and asks for a password. Copy it from Tools → WebSocket "
                "Server Settings → Show Connect Info, paste it below and press Test."
            ).format(url=url)
        if code == "auth":
            return self.tr(
                "OBS answers at {url} but refused the password. Copy it again from Tools → "
                "WebSocket Server Settings → Show Connect Info."
            ).format(url=url)
        if code == "server_disabled":
            return self.tr(
                "OBS is running, but its WebSocket server is off (nothing answers at {url}). "
                "Turn it on as described below."
            ).format(url=url)
        if code in ("refused", "lost"):
            return self.tr(
                "No OBS answers at {url}. Start OBS Studio and turn its WebSocket server on as "
                "described below; or try the demo."
            ).format(url=url)
        if code == "too_old":
            return self.tr(
                "Something answers at {url}, but not obs-websocket 5. LiveDesk needs OBS 28 or "
                "later. Port 4444 is the old obs-websocket 4 plugin; OBS 28 and later listen on "
                "4455."
            ).format(url=url)
        if code == "timeout":
            return self.tr(
                "No answer from {url} in time. Check the address, and that no firewall blocks "
                "the port."
            ).format(url=url)
        if code == "unknown_host":
            return self.tr("Cannot find the computer in {url}. Check the address.").format(url=url)
        # the problem's own words (the connection bar's), in the interface's language
        return self.tr("{problem}. {hint}").format(
            problem=text_for(problem.message), hint=text_for(problem.hint)
        )


class _WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to LiveDesk"))
        self.setSubTitle(self.tr("The console of your live show, beside OBS Studio."))
        text = QLabel(
            self.tr(
                "LiveDesk switches OBS's scenes, puts product cards, coupons and viewers' "
                "questions on stream, and keeps a log of the whole show for the review.\n\n"
                "It talks to OBS Studio (version 28 or later) through OBS's WebSocket server. "
                "The next page finds your OBS and shows how to turn that server on; it takes a "
                "minute.\n\n"
                "No OBS at hand? Press “Try the demo”: LiveDesk opens with a simulated OBS, a "
                "sample show and replayed comments. Nothing goes on air, and the demo's shows "
                "are kept apart from your real ones."
            )
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addStretch(1)


class _ConnectPage(QWizardPage):
    def __init__(self, wizard: ConnectWizard, url: str, password: str) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Connect to OBS"))
        self.setSubTitle(self.tr("LiveDesk looks for OBS on this computer first (port 4455)."))
        self.url_edit = QLineEdit(url)
        self.url_edit.setPlaceholderText(DEFAULT_URL)
        self.url_edit.setToolTip(
            self.tr("OBS's WebSocket address: ws://127.0.0.1:4455 when OBS runs on this computer")
        )
        self.password_edit = QLineEdit(password)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("empty when OBS asks for none"))
        self.password_edit.setToolTip(
            self.tr(
                "Tools → WebSocket Server Settings → Show Connect Info → Server Password. LiveDesk "
                "keeps it in the system's keyring, never in a file."
            )
        )
        self.show_password = QPushButton(self.tr("Show"))
        self.show_password.setCheckable(True)
        self.show_password.toggled.connect(self._reveal)
        key = QKeySequence("Return").toString(QKeySequence.SequenceFormat.NativeText)
        self.test_button = QPushButton(self.tr("Test"))
        self.test_button.setToolTip(
            self.tr("Connect to OBS once with this address and password") + f" ({key})"
        )
        self.test_button.clicked.connect(wizard.look_for_obs)
        for edit in (self.url_edit, self.password_edit):
            edit.returnPressed.connect(wizard.look_for_obs)
        self.result_label = QLabel()
        self.result_label.setObjectName("probeResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.help_label = QLabel(
            self.tr(
                "<b>Turning on OBS's WebSocket server</b> (OBS 28 or later):<ol>"
                "<li>In OBS open <b>Tools → WebSocket Server Settings</b> "
                "(工具 → WebSocket 服务器设置).</li>"
                "<li>Tick <b>Enable WebSocket server</b> (开启 WebSocket 服务器); the server port "
                "should be <b>4455</b>. Press OK.</li>"
                "<li>Press <b>Show Connect Info</b> (显示连接信息) and copy the "
                "<b>Server Password</b> into the field above.</li></ol>"
                "Port <b>4444</b> is the old obs-websocket 4 plugin, which LiveDesk cannot use: "
                "update OBS to version 28 or later, which has the new server built in on port "
                "4455."
            )
        )
        self.help_label.setObjectName("obsHelp")
        self.help_label.setWordWrap(True)
        self.help_label.setTextFormat(Qt.TextFormat.RichText)

        password_row = QHBoxLayout()
        password_row.addWidget(self.password_edit, 1)
        password_row.addWidget(self.show_password)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Address"), self.url_edit)
        form.addRow(self.tr("Password"), password_row)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addSpacing(8)
        layout.addWidget(self.help_label)
        layout.addStretch(1)

    def initializePage(self) -> None:
        """Look for OBS as soon as the page opens."""
        self._wizard.look_for_obs()

    def validatePage(self) -> bool:
        if url_is_valid(self.url_edit.text()):
            return True
        self._wizard.look_for_obs()  # says what is wrong with the address
        return False

    def show_result(self, ok: bool | None, text: str) -> None:
        colour = {True: OK_COLOUR, False: BAD_COLOUR, None: ""}[ok]
        mark = {True: "✓ ", False: "✗ ", None: ""}[ok]
        self.result_label.setText(mark + text)
        self.result_label.setStyleSheet(f"color: {colour};" if colour else "")

    def _reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password_edit.setEchoMode(mode)
        self.show_password.setText(self.tr("Hide") if shown else self.tr("Show"))
