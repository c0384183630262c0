"""The assistants' link as the console shows it, wired to the concrete parts (an extension of the
composition root, app/wiring/window.py): Show menu → Assistants' panel link… opens the dialog
with the link and QR code of the assistants' token (never the API token) and the assistants
connected; “New assistants' link” (in that dialog and in the settings) makes a new token at once,
which disconnects every panel that holds the old one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from app.services.assist_access import AssistAccess
from app.services.events import AssistPresence, Event


class LinkDialog(Protocol):
    """What the console asks of the dialog (app/ui/assist_link_dialog.py)."""

    def show_assistants(self, assistants: list[dict[str, object]]) -> None: ...
    def show(self) -> None: ...
    def close(self) -> bool: ...
    def deleteLater(self) -> None: ...


class EventRelay(Protocol):
    """The bridge's event relay (app/runtime/bridge.py)."""

    def connect(self, slot: Callable[[Event], object]) -> None: ...
    def disconnect(self, slot: Callable[[Event], object]) -> None: ...


OpenLinkDialog = Callable[[list[str], Callable[[], None]], LinkDialog]  # (links, on_new_link)


class AssistLinks:
    """`dialog(links, on_new_link)`: builds the dialog; `events`: the bridge's event relay
    (connect / disconnect), for who is connected."""

    def __init__(
        self,
        access: AssistAccess,
        dialog: OpenLinkDialog,
        events: EventRelay,
    ) -> None:
        self.access, self._dialog, self._events = access, dialog, events
        self.current: LinkDialog | None = None

    def open(self) -> None:
        """Open the dialog (a fresh one: the link may have changed since)."""
        self._close_current()
        dialog = self.current = self._dialog(self.access.links(), self.new_link)
        dialog.show_assistants(self.access.assistants())
        self._events.connect(self._on_event)
        dialog.show()

    def new_link(self) -> None:
        """A new assistants' token now; the dialog opens again with its link."""
        self.access.rotate(origin="console")
        self.open()

    def _on_event(self, event: Event) -> None:
        if isinstance(event, AssistPresence) and self.current is not None:
            self.current.show_assistants(event.assistants)

    def _close_current(self) -> None:
        if self.current is None:
            return
        self._events.disconnect(self._on_event)
        self.current.close()
        self.current.deleteLater()
        self.current = None
