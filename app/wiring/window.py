"""The main window and what its menus open (the run-sheet editor, the assistants' link, the
sessions archive, the settings), over the services `build_services` made."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from app.adapters.render.cards import QtCardRenderer, brand_from_theme
from app.adapters.render.preview import OverlayPreview
from app.assist_opener import AssistLinks, LinkDialog, OpenLinkDialog
from app.openers import editor_opener, sessions_opener, settings_opener
from app.runtime.tasks import TaskRunner
from app.ui.keymap import Keymap
from app.ui.main_window import MainWindow
from app.wiring.services import Services
from app.wiring.start_up import Start, Tokens


class WindowRef:
    """The main window, for what must exist before it yet shows things over it: the crash
    dialog (installed first of all), the task runner's user errors and successes, the dialogs'
    parent. The window takes those at its construction and they need the window: this cycle is
    closed by one `bind`, once the window exists; until then they have no window (`get()` is
    None)."""

    def __init__(self) -> None:
        self._window: MainWindow | None = None

    def bind(self, window: MainWindow) -> None:
        self._window = window

    def get(self) -> MainWindow | None:
        return self._window

    def show_error(self, message: str) -> None:
        if self._window is not None:
            self._window.show_error(message)

    def action_succeeded(self, number: int) -> None:
        if self._window is not None:
            self._window.action_succeeded(number)


@dataclass(frozen=True)
class Window:
    """The window, and the runner of the actions it starts (whose errors it shows)."""

    main: MainWindow
    tasks: TaskRunner


def build_window(
    args: argparse.Namespace, start: Start, tokens: Tokens, services: Services, ref: WindowRef
) -> Window:
    """The main window (not shown yet), bound to `ref`."""
    settings, show, thumbnail = start.settings, services.show, services.thumbnail
    tasks = TaskRunner(ref.show_error, on_success=ref.action_succeeded)
    assist = AssistLinks(services.assist, _assist_dialog(settings.lan_access, ref),
                         services.bridge.event_received)  # fmt: skip
    brand, family = brand_from_theme(settings.overlay_theme)
    window = MainWindow(
        services.bridge,
        tasks,
        on_visible=lambda visible: thumbnail.start() if visible else thumbnail.stop(),
        open_editor=editor_opener(show, tasks),
        render_preview=OverlayPreview(QtCardRenderer(brand, family)),
        assistant_name=settings.assistant_name,
        open_assist_link=assist.open,
        open_sessions=sessions_opener(
            start.db_path, services.session_log, services.recorder, tasks, ref.get
        ),
        keymap=Keymap(settings.hotkeys),
        open_settings=settings_opener(
            start.data_dir,
            tasks,
            tokens.api,
            services.gateway,
            show,
            ref.get,
            fixed=bool(args.obs_url),
            new_assist_link=assist.new_link,
        ),
    )
    ref.bind(window)
    return Window(window, tasks)


def _assist_dialog(lan: bool, ref: WindowRef) -> OpenLinkDialog:
    """The assistants' link dialog, imported when first opened (not in the start's time)."""

    def make(links: list[str], new_link: Callable[[], None]) -> LinkDialog:
        from app.adapters.render.qr import qr_image
        from app.ui.assist_link_dialog import AssistLinkDialog

        return AssistLinkDialog(links, lan, qr_image, ref.get(), new_link=new_link)

    return make
