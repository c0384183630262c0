"""The console window: a shell that assembles the panels and wires them to the show's bridge."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QHideEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QMainWindow,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.resume import ResumeSummary
from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.events import Event, ServiceFailed
from app.services.state import ShowState
from app.ui.connection_bar import ConnectionBar
from app.ui.cue_panel import CuePanel
from app.ui.demo_banner import DemoBanner
from app.ui.feed_panel import FeedPanel
from app.ui.host_message_box import HostMessageBox
from app.ui.host_view import HostView
from app.ui.interaction_panel import InteractionPanel
from app.ui.keymap import Keymap, unless_typing
from app.ui.message_bar import MessageBar
from app.ui.outputs_panel import OutputsPanel
from app.ui.overlay_panel import OverlayPanel, RenderPreview
from app.ui.program_view import ProgramView
from app.ui.pulse_panel import PulsePanel
from app.ui.queue_panel import QueuePanel
from app.ui.scenes_panel import ScenesPanel
from app.ui.session_bar import SessionBar
from app.ui.start_problems import StartProblems
from app.ui.store_bar import StoreBar
from app.ui.thanks_panel import ThanksPanel

if TYPE_CHECKING:  # the dialogs are imported when first opened: not in the start's time
    from app.ui.card_editor import CardEditor
    from app.ui.overlay_setup_dialog import OverlaySetupDialog
    from app.ui.preflight_dialog import PreflightDialog
    from app.ui.resume_dialog import ResumeDialog

VisibilityCallback = Callable[[bool], None]
SESSIONS_KEY = "Ctrl+Shift+S"  # the sessions archive (Show menu)
CUE_DOCK_WIDTH = 460
OVERLAY_DOCK_HEIGHT = 260
LOW_BELOW_PX = 900  # a screen less high than this lays the overlays out low (fit_screen)
THANKS_TAB = 3  # the audience dock's tabs: feed, questions, pulse, thanks, interaction
INTERACTION_TAB = 4


class MainWindow(QMainWindow):
    """Connection and session bars on top, the message bar under them, scenes on the left, the
    program picture and the outputs in the centre, the run-sheet's cue panel docked on the right,
    the overlays (product card, coupon, featured comment) docked below the centre, tabbed with the
    audience (comment feed, question queue, pulse) when the show has one; the host view is a
    window of its own (a second screen when there is one).

    `bridge` brings the show's state and thumbnails in, and is how panels reach the show's services;
    `runner` runs every action (its user errors should land in `show_error`, its successes in
    `action_succeeded`). `on_visible(bool)` is called when the window becomes visible or goes
    away (hidden, minimised), so the composition root can start and stop the thumbnail feed.
    `open_editor()` opens the run-sheet editor (the "Run-sheet editor…" action is disabled
    without it). `render_preview(view)` draws the
    overlays' view as the stream shows it, for the overlay panel's preview (text without it).
    """

    def __init__(
        self,
        bridge: ShowBridge,
        runner: TaskRunner,
        *,
        on_visible: VisibilityCallback | None = None,
        open_editor: Callable[[], None] | None = None,
        render_preview: RenderPreview | None = None,
        assistant_name: str = "主控",
        open_assist_link: Callable[[], None] | None = None,
        open_settings: Callable[[], None] | None = None,
        keymap: Keymap | None = None,
        open_sessions: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("LiveDesk 直播中控台"))
        self.resize(1280, 800)
        self._bridge = bridge
        self.on_visible = on_visible
        self._open_assist_link = open_assist_link
        self._open_settings = open_settings
        self._open_sessions = open_sessions
        self.keymap = keymap or Keymap()
        self._visible: bool | None = None
        self.demo_banner: DemoBanner | None = None
        show = bridge.show

        self.connection_bar = ConnectionBar()
        self.session_bar = SessionBar(show.recorder, runner, resume=show.resume)
        self.resume_dialog: ResumeDialog | None = None
        self.start_problems = StartProblems()  # until dismissed: no later success hides them
        self.message_bar = MessageBar()
        self._error_after = 0  # the message on the bar came after these actions started
        self.store_bar = StoreBar()  # stays while the show log cannot be written
        self.host_view = HostView(show)  # no parent: it must not minimise with the console
        self.scenes_panel = ScenesPanel(
            show.obs, runner, keymap=self.keymap, also_in=(self.host_view,)
        )
        self.program_view = ProgramView()
        self.outputs_panel = OutputsPanel(
            show.obs, runner, key_scope=self, keymap=self.keymap, markers=show.markers
        )
        self.cue_panel = CuePanel(show, runner, key_scope=self, keymap=self.keymap)
        self.overlay_panel = OverlayPanel(
            show, runner, render_preview, key_scope=self, keymap=self.keymap
        )
        self.card_editor: CardEditor | None = None
        self._runner = runner
        self.host_message_box = HostMessageBox(show, runner, assistant_name)
        self.preflight_dialog: PreflightDialog | None = None
        self.overlay_setup_dialog: OverlaySetupDialog | None = None

        top = QHBoxLayout()
        top.addWidget(self.connection_bar, 1)  # OBS's versions elided first, then the title
        top.addWidget(self.session_bar, 2)
        top.addWidget(self.host_message_box, 2)  # in the top row: no height taken from the rest
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.program_view, 1)
        centre_layout.addWidget(self.outputs_panel)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.scenes_panel)
        splitter.addWidget(centre)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.addLayout(top)
        layout.addWidget(self.start_problems)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.store_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(root)
        self.cue_dock = QDockWidget(self.tr("Run-sheet"), self)
        self.cue_dock.setObjectName("cueDock")
        self.cue_dock.setWidget(self.cue_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.cue_dock)
        self.resizeDocks([self.cue_dock], [CUE_DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.overlay_dock = QDockWidget(self.tr("Overlays"), self)
        self.overlay_dock.setObjectName("overlayDock")
        self.overlay_dock.setWidget(self.overlay_panel)
        self.overlay_dock.dockLocationChanged.connect(self._place_overlays)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.overlay_dock)
        self._place_overlays(Qt.DockWidgetArea.BottomDockWidgetArea)
        self.resizeDocks([self.overlay_dock], [OVERLAY_DOCK_HEIGHT], Qt.Orientation.Vertical)
        self.audience_dock: QDockWidget | None = None
        self._fitted = False  # fit_screen at the first show
        if show.audience is not None:
            self._build_audience(bridge, runner, assistant_name)

        self._follow_state(bridge)
        bridge.event_received.connect(self.connection_bar.on_event)
        bridge.event_received.connect(self.store_bar.on_event)
        bridge.event_received.connect(self._on_service_event)
        bridge.thumbnail_changed.connect(self.program_view.show_image)
        self.cue_panel.cue_warned.connect(self.show_error)
        self.cue_panel.cue_noted.connect(self.show_note)
        self.cue_panel.preflight_requested.connect(self.open_preflight)
        self._build_menus(open_editor)

    def _follow_state(self, bridge: ShowBridge) -> None:
        """Each view is handed its slices of the show's state: now, and on every change."""
        bar, session, scenes = self.connection_bar, self.session_bar, self.scenes_panel
        program, outputs, cue = self.program_view, self.outputs_panel, self.cue_panel
        overlay, host = self.overlay_panel, self.host_view
        feeds: tuple[tuple[QWidget, Callable[[ShowState], None]], ...] = (
            (bar, lambda state: bar.update_state(state.obs)),
            (session, lambda state: session.update_state(state.session)),
            (scenes, lambda state: scenes.update_state(state.obs)),
            (program, lambda state: program.update_state(state.obs)),
            (outputs, lambda state: outputs.update_state(state.obs)),
            (cue, lambda state: cue.update_state(state.runsheet, state.overlay.coupon, state.obs)),
            (overlay, lambda state: overlay.update_state(state.overlay)),
            (host, lambda state: host.update_state(
                state.runsheet, state.overlay.coupon, state.audience)),
            (host, lambda state: host.show_message(state.host_message)),
            (self.host_message_box,
             lambda state: self.host_message_box.update_state(state.host_message)),
        )  # fmt: skip
        now = bridge.show.state()
        for view, feed in feeds:
            bridge.state_changed.connect(feed, owner=view)
            feed(now)

    def _build_menus(self, open_editor: Callable[[], None] | None) -> None:
        show_menu = self.menuBar().addMenu(self.tr("&Show"))
        self.editor_action = show_menu.addAction(self.tr("Run-sheet editor…"))
        self.editor_action.setEnabled(open_editor is not None)
        if open_editor is not None:
            self.editor_action.triggered.connect(lambda _checked=False: open_editor())
        self.preflight_action = show_menu.addAction(self.tr("Pre-flight check"))
        self.preflight_action.triggered.connect(self.open_preflight)
        self.marker_action = show_menu.addAction(self.tr("Mark this moment"))
        self.marker_action.setToolTip(self.tr("A marker for the replay's editor"))
        self.marker_shortcut = QShortcut(self.keymap.sequence("show.marker"), self)
        self.marker_shortcut.activated.connect(unless_typing(self.mark_moment))
        self.marker_action.triggered.connect(self.mark_moment)
        self.assist_link_action = show_menu.addAction(self.tr("Assistants' panel link…"))
        self.assist_link_action.setEnabled(self._open_assist_link is not None)
        if self._open_assist_link is not None:
            self.assist_link_action.triggered.connect(self._open_assist_link)
        self.overlay_setup_action = show_menu.addAction(self.tr("Set up overlays in OBS…"))
        self.overlay_setup_action.triggered.connect(self.open_overlay_setup)
        self.card_editor_action = show_menu.addAction(self.tr("Products && coupons…"))
        self.card_editor_action.triggered.connect(self.open_card_editor)
        self.host_view_action = show_menu.addAction(self.tr("Host view"))
        self.host_view_action.setShortcut(self.keymap.sequence("view.host"))
        self.host_view_action.triggered.connect(self.open_host_view)
        self.settings_action = show_menu.addAction(self.tr("Settings…"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setShortcuts(settings_keys())
        self.settings_action.setEnabled(self._open_settings is not None)
        if self._open_settings is not None:
            self.settings_action.triggered.connect(self._open_settings)
        self.sessions_action = show_menu.addAction(self.tr("Sessions…"))  # the archive, reviews
        self.sessions_action.setShortcut(QKeySequence(SESSIONS_KEY))
        key = QKeySequence(SESSIONS_KEY).toString(QKeySequence.SequenceFormat.NativeText)
        self.sessions_action.setToolTip(self.tr("Past shows: review, rename, delete") + f" ({key})")
        self.sessions_action.setEnabled(self._open_sessions is not None)
        if self._open_sessions is not None:
            self.sessions_action.triggered.connect(self._open_sessions)
        self._show_action_keys()
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.cue_dock.toggleViewAction())
        view_menu.addAction(self.overlay_dock.toggleViewAction())
        if self.audience_dock is not None:
            view_menu.addAction(self.audience_dock.toggleViewAction())

    def _build_audience(self, bridge: ShowBridge, runner: TaskRunner, assistant_name: str) -> None:
        """观众 Audience: feed, questions, pulse, thanks and interaction as tabs, docked behind the
        overlays."""
        self.feed_panel = FeedPanel(bridge.show, runner)
        self.queue_panel = QueuePanel(
            bridge.show, runner, assistant_name, key_scope=self, keymap=self.keymap
        )
        self.pulse_panel = PulsePanel(bridge.show)
        self.thanks_panel = ThanksPanel(bridge.show, runner, key_scope=self, keymap=self.keymap)
        self.interaction_panel = InteractionPanel(
            bridge.show, runner, key_scope=self, keymap=self.keymap
        )
        self.audience_tabs = QTabWidget()
        for panel, title in ((self.feed_panel, self.tr("Feed")),
                             (self.queue_panel, self.tr("Questions")),
                             (self.pulse_panel, self.tr("Pulse")),
                             (self.thanks_panel, self.tr("感谢 Thanks")),
                             (self.interaction_panel, self.tr("互动 Interaction"))):  # fmt: skip
            self.audience_tabs.addTab(panel, title)
        self._show_thanks_pending(self.thanks_panel.pending)
        self.thanks_panel.pending_changed.connect(self._show_thanks_pending)
        dock = self.audience_dock = QDockWidget(self.tr("观众 Audience"), self)
        dock.setObjectName("audienceDock")
        dock.setWidget(self.audience_tabs)
        self.tabifyDockWidget(self.overlay_dock, dock)
        self.overlay_dock.raise_()
        dock.dockLocationChanged.connect(self._place_audience)
        bridge.event_received.connect(self.feed_panel.on_event)
        bridge.event_received.connect(self.queue_panel.on_event)
        bridge.event_received.connect(self.thanks_panel.on_event)
        interaction = self.interaction_panel

        def feed_interaction(state: ShowState) -> None:  # its slice: now, and on every change
            interaction.update_state(state.interaction)

        bridge.state_changed.connect(feed_interaction, owner=interaction)
        feed_interaction(bridge.show.state())

    def _show_thanks_pending(self, pending: int) -> None:
        """The thanks tab's title says how many entries wait: "感谢 Thanks (3)"."""
        title = self.tr("感谢 Thanks")
        self.audience_tabs.setTabText(THANKS_TAB, f"{title} ({pending})" if pending else title)

    def show_audience(self, tab: int = 0) -> None:
        """Bring the audience dock forward on tab `tab` (0 feed, 1 questions, 2 pulse, 3 thanks,
        4 interaction)."""
        if self.audience_dock is not None:
            self.audience_dock.show()
            self.audience_dock.raise_()
            self.audience_tabs.setCurrentIndex(tab)

    def _place_audience(self, area: Qt.DockWidgetArea) -> None:
        self.queue_panel.set_orientation(_orientation(area))
        self.interaction_panel.set_orientation(_orientation(area))

    def _place_overlays(self, area: Qt.DockWidgetArea) -> None:
        """Side by side when docked above or below the centre, stacked when docked at a side."""
        self.overlay_panel.set_orientation(_orientation(area))

    def open_preflight(self) -> None:
        """The pre-flight checklist, non-modal (the console stays usable), checks run afresh."""
        if self.preflight_dialog is None:
            from app.ui.preflight_dialog import PreflightDialog

            self.preflight_dialog = PreflightDialog(self._bridge.show, self)
        self.preflight_dialog.present()

    def open_card_editor(self) -> None:
        """The products & coupons editor, a window of its own; asking again brings it forward."""
        if self.card_editor is None:
            from app.ui.card_editor import CardEditor  # when first opened: not at start

            self.card_editor = CardEditor(self._bridge.show, self._runner, self)
        elif not self.card_editor.isVisible() and not self.card_editor.isWindowModified():
            self.card_editor.revert()  # the catalog may have changed meanwhile (API, run-sheet)
        self.card_editor.show()
        self.card_editor.raise_()
        self.card_editor.activateWindow()

    def mark_moment(self, note: str = "") -> None:
        """M: a marker now (and a recording chapter where OBS can), for the replay's editor."""
        self._runner.run(self._bridge.show.markers.mark(note, origin="hotkey"), "marker")

    def open_overlay_setup(self) -> None:
        if self.overlay_setup_dialog is None:
            from app.ui.overlay_setup_dialog import OverlaySetupDialog

            self.overlay_setup_dialog = OverlaySetupDialog(self._bridge.show, self._runner, self)
        self.overlay_setup_dialog.present()

    def open_host_view(self) -> None:
        self.host_view.show_on_best_screen(console=self.screen())

    def offer_resume(self, summary: ResumeSummary) -> ResumeDialog:
        """After a crash (the composition root asks): offer to resume the interrupted show."""
        from app.ui.resume_dialog import ResumeDialog

        self.resume_dialog = ResumeDialog(summary, self.session_bar.resume, self)
        self.resume_dialog.open()
        return self.resume_dialog

    def set_keymap(self, keymap: Keymap) -> None:
        """New live keys (the settings were saved): every panel, shortcut and tooltip follows."""
        self.keymap = keymap
        panels: list[
            ScenesPanel
            | OutputsPanel
            | CuePanel
            | OverlayPanel
            | QueuePanel
            | ThanksPanel
            | InteractionPanel
        ] = [self.scenes_panel, self.outputs_panel, self.cue_panel, self.overlay_panel]
        if self.audience_dock is not None:
            panels += [self.queue_panel, self.thanks_panel, self.interaction_panel]
        for panel in panels:
            panel.set_keymap(keymap)
        self.marker_shortcut.setKey(keymap.sequence("show.marker"))
        self.host_view_action.setShortcut(keymap.sequence("view.host"))
        self._show_action_keys()

    def _show_action_keys(self) -> None:
        """Menus show an action's shortcut by themselves; tooltips say it too."""
        marker = self.tr("A marker for the replay's editor")
        self.marker_action.setToolTip(self.keymap.tip(marker, "show.marker"))
        host = self.tr("The host's full-screen view, on a second screen when there is one")
        self.host_view_action.setToolTip(self.keymap.tip(host, "view.host"))

    def set_demo_banner(self, shown: bool) -> None:
        """“DEMO — simulated OBS” across the top of the window (livedesk --demo)."""
        if shown and self.demo_banner is None:
            self.demo_banner = DemoBanner(self)
            self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.demo_banner)
        if self.demo_banner is not None:
            self.demo_banner.setVisible(shown)
        if self.isVisible():
            self.fit_screen()

    def fit_screen(self, available: QSize | None = None) -> None:
        """Lay the overlays out low (four columns) on a short screen: when the window would not
        fit the height `available` otherwise, or that height is under LOW_BELOW_PX and the
        width takes four columns (the scenes and the program picture get the height). By
        default the window's screen, less the taskbar and a title bar (a 1366×768 laptop
        leaves about 700 px)."""
        if available is None:
            screen = self.screen().availableGeometry().size()
            title = self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
            available = QSize(screen.width(), screen.height() - title)
        self.overlay_panel.set_low(False)
        self._settle_layout()
        too_tall = self.minimumSizeHint().height() > available.height()
        if too_tall or available.height() < LOW_BELOW_PX:
            self.overlay_panel.set_low(True)
            self._settle_layout()
            if not too_tall and self.minimumSizeHint().width() > available.width():
                self.overlay_panel.set_low(False)  # too narrow for four columns
                self._settle_layout()
        # the rest of the height to the program picture and the scenes, not to the overlays
        self.resizeDocks([self.overlay_dock], [OVERLAY_DOCK_HEIGHT], Qt.Orientation.Vertical)

    def _settle_layout(self) -> None:
        """The layouts' minimum sizes worked out now, not at the next round of events."""
        for widget in (self.overlay_panel, self.overlay_dock, self):
            layout = widget.layout()
            if layout is not None:
                layout.activate()

    def show_error(self, text: str) -> None:
        """Where the TaskRunner's user errors go (wire `TaskRunner(on_user_error=...)` here).
        The message stays until it times out, is dismissed, or a later action succeeds."""
        self._error_after = self._runner.started  # the actions started before it
        self.message_bar.show_error(text)

    def show_start_problem(self, text: str) -> None:
        """What went wrong as the console started: listed with the others, until dismissed."""
        self.start_problems.add(text)

    def show_note(self, text: str) -> None:
        """As show_error, for what is worth knowing with nothing wrong (a cue's note)."""
        self._error_after = self._runner.started
        self.message_bar.show_note(text)

    def action_succeeded(self, number: int) -> None:
        """An action went through (wire `TaskRunner(on_success=...)` here): a message shown
        before it started is out of date. One it brought (a cue's warning) stays."""
        if number > self._error_after:
            self.message_bar.dismiss()

    def _on_service_event(self, event: Event) -> None:
        """A long-lived service failed (app/runtime/supervisor.py): say so; it restarts itself."""
        if isinstance(event, ServiceFailed):
            text = self.tr("{service} stopped unexpectedly ({error}); it restarts in {s} s.")
            self.show_error(text.format(service=event.service, error=event.error,
                                        s=event.restart_in_s))  # fmt: skip

    def closeEvent(self, event: QCloseEvent) -> None:
        self.host_view.close()
        if self.card_editor is not None:
            self.card_editor.close()
        super().closeEvent(event)

    # ----- visibility, for the thumbnail feed --------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:  # the first time: the screen it is on is known
            self._fitted = True
            self.fit_screen()
        self._report_visible(not self.isMinimized())

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._report_visible(False)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self._report_visible(self.isVisible() and not self.isMinimized())

    def _report_visible(self, visible: bool) -> None:
        if visible == self._visible:
            return
        self._visible = visible
        if self.on_visible is not None:
            self.on_visible(visible)


def settings_keys() -> list[QKeySequence]:
    """The platform's Preferences key (⌘, on a Mac) and Ctrl+, everywhere."""
    keys = [QKeySequence(QKeySequence.StandardKey.Preferences), QKeySequence("Ctrl+,")]
    unique = {k.toString(): k for k in keys if not k.isEmpty()}
    return list(unique.values())


def _orientation(area: Qt.DockWidgetArea) -> Qt.Orientation:
    """Horizontal for a dock above or below the centre, vertical for one at a side."""
    across = area in (Qt.DockWidgetArea.TopDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea)
    return Qt.Orientation.Horizontal if across else Qt.Orientation.Vertical
