"""The first-start connection wizard: finding OBS, saying what is wrong in words, keeping the
password in the keyring (never in the settings file), and “Try the demo”."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app import first_start
from app.adapters.obs import problems as obs_problems
from app.adapters.obs.gateway import ObsWebsocketGateway
from app.domain.obs_state import ObsState
from app.runtime.tasks import TaskRunner
from app.services.ports import ConnectProblem, ObsConnectError, ObsVersion
from app.ui.connect_wizard import ConnectWizard
from app.ui.i18n import install_translations, remove_translations
from app.ui.message_texts import text_for
from tests.support.i18n import ZH_TS, build_qm

FOUND = ObsVersion("30.2.3", "5.5.2")


class Probe:
    """Stands for the composition root's probe: records what it was asked, answers `outcome`."""

    def __init__(self, outcome: ObsVersion | Exception) -> None:
        self.outcome = outcome
        self.calls: list[tuple[str, str]] = []

    async def __call__(self, url: str, password: str) -> ObsVersion:
        self.calls.append((url, password))
        await asyncio.sleep(0)
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


def problem(code: str) -> ObsConnectError:
    return ObsConnectError(ConnectProblem(code, f"adapter says {code}", "adapter hint"))


def open_wizard(qtbot: Any, probe: Probe, runner: TaskRunner, **kwargs: Any) -> ConnectWizard:
    wizard = ConnectWizard(probe, runner, **kwargs)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


async def look(wizard: ConnectWizard, until: Any) -> str:
    """Go to (or stay on) the connect page and wait for the probe's answer."""
    if wizard.currentPage() is not wizard.connect_page:
        wizard.next()
    else:
        wizard.connect_page.test_button.click()
    await until(
        lambda: (
            not wizard.probing
            and wizard.connect_page.result_label.text()
            and not wizard.connect_page.result_label.text().startswith("Looking")
        )
    )
    return str(wizard.connect_page.result_label.text())


async def test_obs_found_on_this_computer(qtbot, runner, until) -> None:
    probe = Probe(FOUND)
    wizard = open_wizard(qtbot, probe, runner)
    assert not wizard.isModal()
    text = await look(wizard, until)
    assert probe.calls == [("ws://127.0.0.1:4455", "")]
    assert text.startswith("✓")
    assert "OBS 30.2.3" in text
    assert "5.5.2" in text


@pytest.mark.parametrize(
    ("code", "password", "words"),
    [
        ("refused", "", "No OBS answers at ws://127.0.0.1:4455"),
        ("server_disabled", "", "its WebSocket server is off"),
        ("auth", "", "asks for a password"),
        ("auth", "wrong", "refused the password"),
        ("too_old", "", "Port 4444 is the old obs-websocket 4 plugin"),
        ("timeout", "", "firewall"),
        ("protocol", "", "adapter says protocol. adapter hint"),
    ],
)
async def test_each_failure_says_what_to_do(qtbot, runner, until, code, password, words) -> None:
    wizard = open_wizard(qtbot, Probe(problem(code)), runner, password=password)
    text = await look(wizard, until)
    assert text.startswith("✗")
    assert words in text


@pytest.mark.parametrize("code", ["refused", "server_disabled", "timeout"])
async def test_on_port_4444_the_old_plugin_s_port_is_named(qtbot, runner, until, code) -> None:
    """An old tutorial's port: OBS 28 and later listen on 4455, and the address should say so."""
    old = open_wizard(qtbot, Probe(problem(code)), runner, url="ws://127.0.0.1:4444")
    assert "Port 4444 is the old obs-websocket 4 port" in await look(old, until)
    assert "to 4455" in old.connect_page.result_label.text()
    new = open_wizard(qtbot, Probe(problem(code)), runner, url="ws://127.0.0.1:4455")
    assert "4444" not in await look(new, until)


@pytest.fixture
def zh_cn(tmp_path: Path) -> Iterator[None]:
    install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path / "qm").parent)
    yield
    remove_translations()


OTHER_PROBLEMS = [
    obs_problems.not_obs("127.0.0.1", 4466),
    obs_problems.bad_address("http://127.0.0.1:4455"),
    obs_problems.protocol("no Hello"),
]


@pytest.mark.parametrize("made", OTHER_PROBLEMS, ids=["not_obs", "bad_address", "protocol"])
async def test_the_other_problems_are_said_in_the_interface_s_language(
    qtbot, runner, until, zh_cn, made
) -> None:
    """As the connection bar says them (text_for), not the problem's English."""
    wizard = open_wizard(qtbot, Probe(ObsConnectError(made)), runner)
    text = await look(wizard, until)
    assert text_for(made.message) in text
    assert text_for(made.hint) in text
    assert str(made.message) not in text
    assert str(made.hint) not in text


async def test_a_typed_address_and_password_are_tried(qtbot, runner, until) -> None:
    probe = Probe(problem("auth"))
    wizard = open_wizard(qtbot, probe, runner)
    assert "asks for a password" in await look(wizard, until)
    page = wizard.connect_page
    page.url_edit.setText("192.168.1.20:4455")
    page.password_edit.setText("s3cret")
    probe.outcome = FOUND
    assert "✓" in await look(wizard, until)
    assert probe.calls[-1] == ("ws://192.168.1.20:4455", "s3cret")


async def test_a_wrong_address_is_explained_and_not_tried(qtbot, runner, until) -> None:
    probe = Probe(FOUND)
    wizard = open_wizard(qtbot, probe, runner)
    await look(wizard, until)
    wizard.connect_page.url_edit.setText("http://obs here")
    wizard.connect_page.test_button.click()
    assert "is not an OBS address" in wizard.connect_page.result_label.text()
    assert len(probe.calls) == 1
    assert not wizard.connect_page.validatePage()


async def test_the_help_names_the_obs_menu_port_and_password(qtbot, runner, until) -> None:
    wizard = open_wizard(qtbot, Probe(problem("refused")), runner)
    await look(wizard, until)
    help_text = wizard.connect_page.help_label.text()
    for words in (
        "Tools → WebSocket Server Settings",
        "工具 → WebSocket 服务器设置",
        "4455",
        "Show Connect Info",
        "4444",
    ):
        assert words in help_text


async def test_finish_hands_over_address_and_password(qtbot, runner, until) -> None:
    wizard = open_wizard(qtbot, Probe(FOUND), runner)
    await look(wizard, until)
    wizard.connect_page.password_edit.setText("pw")
    with qtbot.waitSignal(wizard.connection_chosen, timeout=1000) as chosen:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert chosen.args == ["ws://127.0.0.1:4455", "pw"]
    assert not wizard.isVisible()


def test_the_demo_button(qtbot, runner) -> None:
    wizard = open_wizard(qtbot, Probe(FOUND), runner)
    demo = wizard.button(QWizard.WizardButton.CustomButton1)
    assert demo.isVisible()
    with qtbot.waitSignal(wizard.demo_requested, timeout=1000):
        qtbot.mouseClick(demo, Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()


# ----- wired as the console wires it -----------------------------------------------------------
class Control:
    def __init__(self, problem: ConnectProblem | None = None) -> None:
        self.state = ObsState()
        self.problem = problem


def wired(
    tmp_path: Path,
    gateway: ObsWebsocketGateway,
    runner: TaskRunner,
    quits: list[int],
    control: Control | None = None,
    **kwargs: Any,
) -> first_start.FirstStart:
    return first_start.FirstStart(
        tmp_path,
        gateway,
        control or Control(),
        runner,  # type: ignore[arg-type]
        quit=lambda: quits.append(1),
        **kwargs,
    )


async def test_password_goes_to_the_keyring_not_the_file(
    qtbot, runner, until, tmp_path, gateway, memory_keyring
) -> None:
    quits: list[int] = []
    wiring = wired(tmp_path, gateway, runner, quits, probe=Probe(FOUND))
    wizard = wiring.open()
    qtbot.addWidget(wizard)
    await look(wizard, until)
    wizard.connect_page.url_edit.setText("ws://10.0.0.5:4455")
    wizard.connect_page.password_edit.setText("pässwörd-4455")
    wizard.button(QWizard.WizardButton.FinishButton).click()

    assert memory_keyring.passwords[("LiveDesk", "obs-password")] == "pässwörd-4455"
    text = (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert "pässwörd" not in text
    saved = json.loads(text)
    assert saved["obs_url"] == "ws://10.0.0.5:4455"
    assert saved["first_start_done"] is True
    assert (gateway.host, gateway.port, gateway.password) == ("10.0.0.5", 4455, "pässwörd-4455")
    assert quits == []


async def test_skipping_remembers_the_first_start(qtbot, runner, tmp_path, gateway) -> None:
    wiring = wired(tmp_path, gateway, runner, [], probe=Probe(problem("refused")))
    wizard = wiring.open()
    qtbot.addWidget(wizard)
    wizard.reject()
    assert json.loads((tmp_path / "settings.json").read_text())["first_start_done"] is True


async def test_try_the_demo_ends_this_console_to_start_the_demo(
    qtbot, runner, tmp_path, gateway
) -> None:
    quits: list[int] = []
    wiring = wired(
        tmp_path, gateway, runner, quits, probe=Probe(FOUND), argv=["--api-port", "5000", "--demo"]
    )
    wizard = wiring.open()
    qtbot.addWidget(wizard)
    try:
        wizard.try_demo()
        assert quits == [1]
        command = first_start.relaunch_requested()
        assert command is not None
        assert command[-3:] == ["--api-port", "5000", "--demo"]
        assert command.count("--demo") == 1
        assert json.loads((tmp_path / "settings.json").read_text())["first_start_done"] is True
    finally:
        first_start._relaunch.clear()


async def test_offered_when_no_obs_answers_at_start(
    qtbot, runner, tmp_path, gateway, monkeypatch
) -> None:
    monkeypatch.setattr(first_start, "START_GRACE_S", 0.05)
    refused = ConnectProblem("refused", "nothing there", "start OBS")
    wiring = wired(tmp_path, gateway, runner, [], Control(refused), probe=Probe(FOUND))
    await wiring.offer(None, first_start_done=True)
    assert wiring.wizard is not None
    assert wiring.wizard.isVisible()
    qtbot.addWidget(wiring.wizard)

    password_problem = ConnectProblem("auth", "wrong password", "copy it")
    quiet = wired(tmp_path, gateway, runner, [], Control(password_problem), probe=Probe(FOUND))
    await quiet.offer(None, first_start_done=True)
    assert quiet.wizard is None  # a wrong password is the settings' business, not a first start


def test_not_offered_in_demo_with_an_explicit_address_or_when_switched_off(monkeypatch) -> None:
    import argparse

    monkeypatch.delenv(first_start.NO_WIZARD_ENV, raising=False)
    assert first_start.wanted(argparse.Namespace(demo=False, obs_url=None))
    assert not first_start.wanted(argparse.Namespace(demo=True, obs_url=None))
    assert not first_start.wanted(argparse.Namespace(demo=False, obs_url="ws://127.0.0.1:4455"))
    monkeypatch.setenv(first_start.NO_WIZARD_ENV, "1")
    assert not first_start.wanted(argparse.Namespace(demo=False, obs_url=None))


def test_the_demo_banner(window) -> None:
    assert window.demo_banner is None
    window.set_demo_banner(True)
    assert window.demo_banner is not None
    assert window.demo_banner.isVisible()
    assert window.demo_banner.label.text() == "DEMO — simulated OBS"
    window.set_demo_banner(False)
    assert not window.demo_banner.isVisible()
