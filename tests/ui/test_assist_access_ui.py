"""The assistants' link in the console (issue #13): the dialog carries the assistants' token, lists
the assistants connected (fed by events), and “New assistants' link” — there and in the settings —
makes a new token at once and shows its link."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from app.assist_opener import AssistLinks
from app.domain.settings import Settings
from app.runtime.bridge import Relay
from app.services.assist_access import AssistAccess
from app.services.event_bus import EventBus
from app.services.events import AssistTokenRotated, Event
from app.ui.assist_link_dialog import AssistLinkDialog
from app.ui.settings.server_page import ServerPage

MASTER = "master-token-never-in-the-link"


class NoSecrets:
    def keyring_available(self) -> bool:
        return True

    def read(self, slot: str) -> str | None:
        return MASTER

    def in_keyring(self, slot: str) -> bool:
        return True

    def env_var(self, slot: str) -> str:
        return "LIVEDESK_API_TOKEN"

    def from_environment(self, slot: str) -> bool:
        return False

    def store(self, slot: str, value: str) -> bool:
        return True

    def forget(self, slot: str) -> bool:
        return True


def _links(token: str) -> list[str]:
    return [f"http://192.168.1.20:4466/assist?token={token}"]


def _opener(qtbot: Any) -> tuple[AssistLinks, AssistAccess, EventBus, list[AssistLinkDialog]]:
    bus = EventBus()
    events = Relay("event_received")
    bus.listen(events.emit)
    made = iter(f"assist-token-{n:04d}-abcdefgh" for n in range(1, 100))
    access = AssistAccess(bus, "assist-token-0000-abcdefgh", make=lambda: next(made),
                          keep=lambda _t: True, links=_links)  # fmt: skip
    built: list[AssistLinkDialog] = []

    def dialog(links: list[str], new_link: Any) -> AssistLinkDialog:
        built.append(AssistLinkDialog(links, True, None, new_link=new_link))
        qtbot.addWidget(built[-1])
        return built[-1]

    return AssistLinks(access, dialog, events), access, bus, built


def test_the_dialog_carries_the_assistants_token_and_lists_who_is_connected(qtbot: Any) -> None:
    opener, access, _bus, built = _opener(qtbot)
    opener.open()
    dialog = built[-1]
    assert dialog.links == _links(access.token)
    assert MASTER not in " ".join(dialog.links)
    assert dialog.assistants_label.text() == "No assistant is connected."
    one = access.joined("小王")
    access.joined("小王")
    access.joined("Li")
    assert dialog.assistants_label.text() == "Connected: Li, 小王 ×2"
    access.left(one)
    assert dialog.assistants_label.text() == "Connected: Li, 小王"


def test_a_new_link_from_the_dialog_replaces_the_token_and_the_dialog(qtbot: Any) -> None:
    opener, access, bus, built = _opener(qtbot)
    seen: list[Event] = []
    bus.listen(seen.append)
    opener.open()
    old = access.token
    renew = [b for b in built[-1].findChildren(QPushButton) if "New" in b.text()]
    renew[0].click()
    assert access.token != old
    assert len(built) == 2
    assert built[-1].links == _links(access.token)
    assert old not in built[-1].links[0]
    assert AssistTokenRotated(origin="console") in seen


def test_the_settings_offer_a_new_assistants_link(qtbot: Any) -> None:
    page = ServerPage(Settings(), NoSecrets(), MASTER)
    qtbot.addWidget(page)
    assert page.new_assist_button.isHidden()  # nothing wired: no button
    clicked: list[bool] = []
    page.set_new_assist_link(lambda: clicked.append(True))
    assert not page.new_assist_button.isHidden()
    page.new_assist_button.click()
    assert clicked == [True]
