"""The assistants' token: a second token, for the people who work the question queue from their
phones. It opens only the assistants' panel and the routes it needs (the local server decides
which); this keeps it, makes a new one on request (the old one stops working at once, and the
panels that hold it are told and disconnected), and counts the assistants connected.

The token itself never travels on the event bus: the events say only that it changed and who is
connected."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from app.domain.settings import Settings
from app.services.event_bus import EventBus
from app.services.events import AssistPresence, AssistTokenRotated

log = logging.getLogger(__name__)

UNNAMED = "?"  # an assistant who has not given a name yet


class AssistAccess:
    """`make()` makes a new token; `keep(token)` keeps it for the next start (False when it
    cannot: no keyring, or an environment variable sets it); `links(token)` the addresses of the
    assistants' panel with that token, the first the one to share (LAN address first when LAN
    access is on). `runs_interaction`: whether the token may also run polls, lotteries and
    check-ins (the host's opt-in; `allow_interaction` changes it at once, without a restart);
    `helps_host`: whether it may also mark thanks, block viewers and message the host (another
    opt-in, `allow_helping`). `console_name`: the name the console's own queue works under (the
    settings' `assistant_name`): no panel may take it."""

    def __init__(
        self,
        bus: EventBus,
        token: str,
        *,
        make: Callable[[], str],
        keep: Callable[[str], bool],
        links: Callable[[str], list[str]] | None = None,
        kept: bool = True,
        runs_interaction: bool = False,
        helps_host: bool = False,
        console_name: str = Settings.assistant_name,
    ) -> None:
        if not token:
            raise ValueError("the assistants' token is empty")
        self.bus, self._token, self._make, self._keep = bus, token, make, keep
        self._links = links
        self.kept = kept  # whether the token in use lasts beyond this run
        self.runs_interaction = runs_interaction  # read by the server at every request
        self.helps_host = helps_host  # likewise
        self.console_name = console_name  # the producer's claims go by it
        self._present: dict[int, str] = {}  # connection handle -> the name the assistant gave
        self._panels: dict[int, str] = {}  # connection handle -> its panel's own id, if it said
        self._next_handle = 0

    @property
    def token(self) -> str:
        return self._token

    def allow_interaction(self, allowed: bool) -> None:
        """The host's choice from the settings: the next request already follows it."""
        if allowed != self.runs_interaction:
            log.info("assistants %s run polls, lotteries and check-ins",
                     "may now" if allowed else "may no longer")  # fmt: skip
        self.runs_interaction = allowed

    def allow_helping(self, allowed: bool) -> None:
        """The host's choice from the settings: the next request already follows it."""
        if allowed != self.helps_host:
            log.info("assistants %s mark thanks, block viewers and message the host",
                     "may now" if allowed else "may no longer")  # fmt: skip
        self.helps_host = allowed

    def links(self) -> list[str]:
        return self._links(self._token) if self._links is not None else []

    def rotate(self, *, origin: str = "console") -> dict[str, Any]:
        """A new token at once; the old one stops working now. Answers {"token", "url",
        "kept"} ("url": "" when no address is known here; the server fills its own)."""
        self._token = self._make()
        self.kept = self._keep(self._token)
        log.info("a new assistants' token was made (from the %s)%s", origin,
                 "" if self.kept else "; it lasts until exit")  # fmt: skip
        self.bus.publish(AssistTokenRotated(origin))
        links = self.links()
        return {"token": self._token, "url": links[0] if links else "", "kept": self.kept}

    # ----- who is connected --------------------------------------------------------------------
    def joined(self, name: str) -> int:
        """An assistants' panel connected; its handle for `left`. A name given in its address
        is taken as it is (an old panel is not asked for another), but for the console's."""
        name = name.strip()[:40]
        self._next_handle += 1
        self._present[self._next_handle] = UNNAMED if self._console(name) else name or UNNAMED
        self._publish_presence()
        return self._next_handle

    def renamed(self, handle: int, name: str, panel: str = "") -> bool:
        """The assistant on this connection gave (another) name. `panel`: the panel's own id
        (kept by the browser, the same after a reload or a reconnect). Claims go by name, so
        a name another panel holds is refused: False, and this connection keeps its name. So is
        the console's own name, also to a client that says no panel id (one that says none is
        not checked against the panels: an old panel)."""
        name, panel = name.strip()[:40] or UNNAMED, panel[:64]
        if handle not in self._present:
            return True
        if self._console(name) or (panel and self.taken(name, panel, handle)):
            return False
        if panel:
            self._panels[handle] = panel
        if self._present[handle] != name:
            self._present[handle] = name
            self._publish_presence()
        return True

    def taken(self, name: str, panel: str, handle: int | None = None) -> bool:
        """Whether the console or another panel holds `name`: a connection other than `handle`
        whose panel is not `panel` -- one that said no panel id is another panel (it cannot be
        told from one)."""
        if name == UNNAMED:
            return False
        return self._console(name) or any(
            held == name and other != handle and self._panels.get(other) != panel
            for other, held in self._present.items()
        )

    def _console(self, name: str) -> bool:
        """Whether `name` is the console's own (the producer's claims go by it)."""
        return bool(name) and name == self.console_name.strip()[:40]

    def name_of(self, handle: int) -> str:
        """The name this connection goes by ("" before it gave one)."""
        name = self._present.get(handle, UNNAMED)
        return "" if name == UNNAMED else name

    def left(self, handle: int) -> None:
        self._panels.pop(handle, None)
        if self._present.pop(handle, None) is not None:
            self._publish_presence()

    def assistants(self) -> list[dict[str, Any]]:
        """Who is connected: each name with how many panels (sockets) it has open."""
        counts = Counter(self._present.values())
        return [{"name": name, "sockets": n} for name, n in sorted(counts.items())]

    def _publish_presence(self) -> None:
        self.bus.publish(AssistPresence(self.assistants()))
