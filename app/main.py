"""The composition root: args -> logging -> QApplication -> qasync loop -> services -> window.

The only module that knows every concrete class; everything else gets its collaborators passed in.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import signal
import sys
import time
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from app.adapters.chat.base import ChatSource
    from app.adapters.obs.native_overlays import NativeOverlays
    from app.runtime.supervisor import Service, Supervisor
    from app.services.resume import ShowKeeper
    from app.services.show_runner import ShowRunner
    from app.ui.main_window import MainWindow
    from app.ui.runsheet_editor import RunSheetEditor

log = logging.getLogger(__name__)
_T = TypeVar("_T")


def run_console(args: argparse.Namespace) -> int:
    from app.logging_setup import setup_logging

    setup_logging(json_lines=args.log_json)
    # The show keeps tens of thousands of comments and questions alive: collect young objects
    # less often, so a full collection does not stall the loop under a flood (measured).
    gc.set_threshold(50_000, 20, 20)

    from app.preload import import_qt_free_modules

    import_qt_free_modules()  # before PySide6, whose import hook slows every import after it
    os.environ.setdefault("QT_API", "pyside6")  # qasync binds to PySide6
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("LiveDesk")
    app.setApplicationName("LiveDesk")
    app.setApplicationDisplayName("LiveDesk 直播中控台")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code = loop.run_until_complete(_console(args, app))
    from app.first_start import relaunch_if_requested

    relaunch_if_requested()  # the connection wizard's “Try the demo”
    return code


async def _console(args: argparse.Namespace, app: object) -> int:
    from PySide6.QtWidgets import QApplication

    from app import first_start, paths, secrets
    from app.adapters.chat.factory import build_sources
    from app.adapters.files.media import MediaLibrary
    from app.adapters.files.runsheets import FileRunSheets
    from app.adapters.obs.gateway import DEFAULT_URL, ObsWebsocketGateway
    from app.adapters.obs.native_overlays import NativeOverlays
    from app.adapters.obs.overlay_stage import ObsOverlayStage
    from app.adapters.render.cards import QtCardRenderer, brand_from_theme
    from app.adapters.render.preview import OverlayPreview
    from app.adapters.render.qr import qr_image
    from app.adapters.store.catalog import SqliteCatalog
    from app.adapters.store.comments import SqliteComments
    from app.adapters.store.instance_lock import InstanceLock
    from app.adapters.store.retention import forget_at_start
    from app.adapters.store.schema import StoreError
    from app.adapters.store.settings_file import load_settings
    from app.adapters.store.show_state import SqliteShowState
    from app.adapters.store.writer import SqliteSessionLog
    from app.assist_opener import AssistLinks
    from app.domain.compliance import ComplianceRules
    from app.openers import assist_links, lan_addresses, sessions_opener, settings_opener
    from app.resources import templates_dir
    from app.runtime.bridge import ShowBridge
    from app.runtime.supervisor import Supervisor, route_loop_errors, route_thread_errors
    from app.runtime.tasks import TaskRunner
    from app.services.assist_access import AssistAccess
    from app.services.audience import Audience
    from app.services.event_bus import EventBus
    from app.services.health import Health, LoopLagMonitor
    from app.services.obs_control import ObsControl
    from app.services.overlays import OverlayControl
    from app.services.resume import ShowKeeper
    from app.services.session import ShowRecorder
    from app.services.show import Show
    from app.services.show_runner import ShowRunner
    from app.services.store_watch import StoreWatch
    from app.services.supervisor import ObsSupervisor
    from app.services.thumbnail import ProgramThumbnail
    from app.ui.assist_link_dialog import AssistLinkDialog
    from app.ui.crash_dialog import install_crash_handler
    from app.ui.i18n import choose_language, install_translations
    from app.ui.keymap import Keymap
    from app.ui.main_window import MainWindow
    from app.ui.theme import apply_theme

    assert isinstance(app, QApplication)
    # Qt must not quit on its own: the loop would stop before this coroutine cleans up (FACTS
    # §3.1). Closing the window, SIGTERM and SIGINT all ask this coroutine to finish instead.
    quit_requested = asyncio.Event()
    app.setQuitOnLastWindowClosed(False)
    app.lastWindowClosed.connect(quit_requested.set)
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # Windows' loop has no signal handlers
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, quit_requested.set)

    window: MainWindow | None = None
    crash_handler = install_crash_handler(lambda: window, enabled=not args.no_crash_dialog)
    route_loop_errors(loop)  # what the loop or another thread catches reaches the crash path
    unroute_threads = route_thread_errors()

    demo = None
    if args.demo:  # the OBS simulator on a thread of its own; `args` now point at it
        from app.demo.launch import DemoLaunch

        try:
            demo = DemoLaunch.start(args)
        except (OSError, RuntimeError) as exc:
            print(f"livedesk: {exc}", file=sys.stderr)
            return 1
    db_path = paths.database_path(args.data_dir)
    settings, _notes = load_settings(db_path.parent)
    settings = demo.settings(settings) if demo else settings
    install_translations(choose_language(args.lang, settings.language))  # before any window
    apply_theme(app, settings.theme)  # the console's colours ("system" leaves them alone)
    api_port = args.api_port or settings.api_port
    try:  # a token set by hand that is too short stops the start, before anything opens
        token, token_kept = secrets.api_token()
        assist_token, assist_kept = secrets.assist_token()
    except secrets.TokenTooShort as exc:
        return await _refuse_token(str(exc))
    if assist_token == token:
        return await _refuse_token("LIVEDESK_ASSIST_TOKEN must differ from the API token")
    instance = InstanceLock(db_path.parent)  # one console per data directory
    if not instance.acquire():
        return await _already_running(instance)
    if (refused := await _damaged_log_at_start(db_path, args)) is not None:
        return refused
    if settings.retention_days > 0:  # before the writer opens the file: VACUUM needs it alone
        await asyncio.to_thread(forget_at_start, db_path, time.time(), settings.retention_days)
    try:
        session_log = SqliteSessionLog(db_path)
    except StoreError as exc:
        log.critical("cannot open the show log %s: %s", db_path, exc)
        print(f"livedesk: {exc}", file=sys.stderr)
        return 1
    bus = EventBus()
    store_watch = StoreWatch(session_log.health, bus)  # a failing log reaches window and API
    recorder = ShowRecorder(session_log, bus)
    obs_password = secrets.read_secret(*secrets.OBS_PASSWORD) or ""
    gateway = ObsWebsocketGateway(args.obs_url or settings.obs_url or DEFAULT_URL, obs_password)
    control = ObsControl(gateway, recorder, bus)
    overlays = OverlayControl(recorder, bus, lambda: runner.catalog())
    runner = ShowRunner(control, overlays, recorder, bus, SqliteCatalog(db_path, session_log))
    overlays.theme = settings.overlay_theme
    stage = ObsOverlayStage(gateway, api_port=api_port, token=token)
    stage.default_mode = None if settings.overlay_mode == "auto" else settings.overlay_mode
    audience = Audience(
        recorder,
        bus,
        SqliteComments(session_log),
        overlays,
        *_classifier(settings.audience_rules),
        clock=time.time,
    )
    lag = LoopLagMonitor()
    keeper = ShowKeeper(recorder, runner, overlays, audience, SqliteShowState(session_log), bus)
    show = Show(
        bus,
        recorder,
        control,
        overlays,
        runner,
        stage=stage,
        audience=audience,
        health=Health(lag, session_log.health, session_log.behind_s),
        keeper=keeper,
    )
    show.assist = AssistAccess(
        bus, assist_token, make=secrets.new_token, keep=secrets.keep_assist_token,
        links=lambda t: assist_links(settings.lan_access, api_port, t), kept=assist_kept,
    )  # fmt: skip
    media = MediaLibrary(db_path.parent / "media")  # the only product images the pages serve
    runner.import_media = media.imported
    brand, family = brand_from_theme(settings.overlay_theme)
    native = NativeOverlays(
        stage, overlays, bus, QtCardRenderer(brand, family), db_path.parent / "overlay-cards"
    )
    show.compliance = ComplianceRules(settings.compliance_terms, settings.compliance_allowed)
    supervisor = ObsSupervisor(gateway, control)
    thumbnail = ProgramThumbnail(gateway, control)

    host = "0.0.0.0" if settings.lan_access else "127.0.0.1"  # the LAN is an explicit opt-in

    bridge = ShowBridge(show)
    thumbnail.add_sink(bridge.on_thumbnail)

    def show_error(message: str) -> None:
        if window is not None:
            window.show_error(message)

    tasks = TaskRunner(show_error)
    editors: list[RunSheetEditor] = []

    def open_editor() -> None:
        """One editor at a time; asking again brings it to the front."""
        if editors and editors[0].isVisible():
            editors[0].raise_()
            editors[0].activateWindow()
            return
        from app.ui.runsheet_editor import RunSheetEditor  # when first opened: not at start

        editors[:] = [RunSheetEditor(show, tasks, FileRunSheets(), templates_dir())]
        editors[0].show()

    card_renderer = QtCardRenderer(brand, family)
    assist = AssistLinks(
        show.assist,
        lambda links, new_link: AssistLinkDialog(
            links, settings.lan_access, qr_image, window, new_link=new_link
        ),
        bridge.event_received,
    )
    window = MainWindow(
        bridge,
        tasks,
        open_editor=open_editor,
        render_preview=OverlayPreview(card_renderer),
        assistant_name=settings.assistant_name,
        open_assist_link=assist.open,
        open_sessions=sessions_opener(db_path, session_log, recorder, tasks, lambda: window),
        keymap=Keymap(settings.hotkeys),
        open_settings=settings_opener(
            db_path.parent,
            tasks,
            token,
            gateway,
            show,
            lambda: window,
            fixed=bool(args.obs_url),
            new_assist_link=assist.new_link,
        ),
    )
    window.on_visible = lambda visible: thumbnail.start() if visible else thumbnail.stop()

    if args.runsheet:  # before the API opens, so scripts never see the console without it
        await _load_runsheet_at_start(args.runsheet, runner, window)
    chats, chat_notes = build_sources(
        settings.chat_sources,
        lambda name: lambda batch: audience.ingest(batch, source=name),
        audience.source_status,
        secrets.read_secret,
    )
    for note in chat_notes:
        log.warning("settings: %s", note)
        window.show_error(note)
    services = supervise(Supervisor(bus.publish), lag, store_watch, keeper, native, chats,
                         thumbnail, supervisor)  # fmt: skip
    services.start()
    window.show()
    bridge.refresh()
    if os.environ.get("LIVEDESK_EXIT_AFTER_SHOWN") == "1":  # tests/bench/test_startup_bench.py
        await asyncio.sleep(0)  # one round of the event loop (the window's first events)
        print(f"livedesk: window shown at {time.perf_counter():.6f}", flush=True)
        quit_requested.set()
    # The local API right after the window: the user sees the console a tenth of a second sooner
    # (aiohttp's import), and scripts wait for /api/state anyway.
    from app.adapters.web.guard import HostRules
    from app.adapters.web.server import LocalServer, create_app

    lan_hosts = lan_addresses() if settings.lan_access else []  # Host names the server answers
    hosts = HostRules.from_env(settings.lan_access, lambda: lan_hosts)
    server = LocalServer(
        create_app(show, token, assist=show.assist, media=media.served, hosts=hosts), host, api_port
    )
    try:
        await server.start()
    except OSError as exc:
        log.error("the local API cannot listen on %s:%s: %s", host, api_port, exc)
        message = translate("Console", "The local API could not start on port {port}: {error}")
        window.show_error(message.format(port=api_port, error=exc))
    if not token_kept:
        log.warning("no OS keyring: the API token lasts until exit; set LIVEDESK_API_TOKEN to "
                    "keep it")  # fmt: skip
        window.show_error(translate("Console", "No keyring: the API token changes at every "
                                    "start; set LIVEDESK_API_TOKEN to keep it"))  # fmt: skip
    elif not assist_kept:
        log.info("no OS keyring: the assistants' token lasts until exit")
        window.show_error(translate("Console", "No keyring: the assistants' link changes at every "
                                    "start; set LIVEDESK_ASSIST_TOKEN to keep it"))  # fmt: skip
    tasks.run(runner.import_saved_media(), name="media-import")
    if demo is not None:
        demo.attach(show, window)
    elif first_start.wanted(args):  # the connection wizard, after the window (never blocking it)
        wizard = first_start.FirstStart(
            db_path.parent, gateway, control, tasks, quit=quit_requested.set, tell=window.show_error
        )
        tasks.run(wizard.offer(window, settings.first_start_done), name="first-start",
                  finish_at_quit=False)  # fmt: skip
    if recorder.interrupted is not None:
        tasks.run(_offer_resume(keeper, window), name="resume-offer", finish_at_quit=False)
    log.info("LiveDesk is up (data in %s)", db_path.parent)

    await quit_requested.wait()
    log.info("LiveDesk is stopping")
    await server.stop()  # no new requests; those under way finish
    await tasks.finish()  # an action in flight (an end of show) finishes; the rest is cancelled
    await services.stop()  # the OBS supervisor first, ..., the final save of the show's state
    await gateway.close()
    gateway.shutdown()
    if demo is not None:
        demo.stop()
    bridge.close()
    session_log.close()
    instance.release()
    unroute_threads()
    loop.set_exception_handler(None)
    crash_handler.uninstall()
    return 0


async def _refuse_token(problem: str) -> int:
    """A token set by hand is unusable: say so (and in a box in the GUI), exit 2."""
    from PySide6.QtGui import QGuiApplication

    log.error("cannot start: %s", problem)
    print(f"livedesk: {problem}", file=sys.stderr)
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        from PySide6.QtWidgets import QMessageBox

        closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        box = QMessageBox(QMessageBox.Icon.Critical, "LiveDesk",
                          translate("Console", "LiveDesk cannot start: {problem}").format(
                              problem=problem))  # fmt: skip
        box.finished.connect(lambda _result: _settle(closed, None))
        box.open()
        await closed
        box.deleteLater()
    return 2


def _settle(future: asyncio.Future[_T], value: _T) -> None:
    """Give the future its value, unless it already has one (a dialog may answer twice)."""
    if not future.done():
        future.set_result(value)


async def _offer_resume(keeper: ShowKeeper, window: MainWindow) -> None:
    """After a crash: say what resuming the interrupted show brings back, and let the user say."""
    summary = await keeper.offer()
    if summary is not None:
        window.offer_resume(summary)


async def _already_running(instance: Any) -> int:
    """Another console holds this data directory: say so (and in a box in the GUI), exit 1."""
    from PySide6.QtGui import QGuiApplication

    directory, pid = instance.path.parent, instance.holder()
    log.error("another LiveDesk (pid %s) is running with the data in %s", pid, directory)
    print(f"livedesk: another LiveDesk (pid {pid}) is already running with the data in "
          f"{directory}; switch to it, or start this one with another --data-dir",
          file=sys.stderr)  # fmt: skip
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        from app.ui.store_dialogs import tell_already_running

        closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        box = tell_already_running(str(directory), pid, lambda: _settle(closed, None))
        await closed
        box.deleteLater()
    return 1


async def _damaged_log_at_start(db_path: Any, args: argparse.Namespace) -> int | None:
    """A damaged show log is set aside (the GUI asks first; headless only with --move-broken-db
    or LIVEDESK_MOVE_BROKEN_DB=1) and a fresh one started; else the console exits with 1."""
    from PySide6.QtGui import QGuiApplication

    from app.adapters.store import recovery

    problem = await asyncio.to_thread(recovery.check, db_path)
    if problem is None:
        return None
    log.error("the show log %s is damaged: %s", db_path, problem)
    move = bool(getattr(args, "move_broken_db", False)) or os.environ.get(recovery.MOVE_ENV) == "1"
    if not move and QGuiApplication.platformName() not in ("offscreen", "minimal"):
        from app.ui.store_dialogs import ask_set_aside

        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        box = ask_set_aside(str(db_path), problem, lambda yes: _settle(answer, yes))
        move = await answer
        box.deleteLater()
    if not move:
        print(f"livedesk: {recovery.refusal(db_path, problem)}", file=sys.stderr)
        return 1
    try:
        moved = recovery.move_aside(db_path)
    except OSError as exc:
        print(f"livedesk: cannot set the damaged show log aside: {exc}", file=sys.stderr)
        return 1
    print(f"livedesk: the damaged show log was set aside as {moved}; a fresh one starts",
          file=sys.stderr)  # fmt: skip
    return None


async def _load_runsheet_at_start(path: str, runner: ShowRunner, window: MainWindow) -> None:
    """--runsheet FILE: load it; a sheet with errors is not loaded, and the window says why."""
    from app.adapters.files.runsheets import FileRunSheets, UnreadableFile

    try:
        parsed = FileRunSheets().load(path)
    except UnreadableFile as exc:
        log.error("cannot read the run-sheet %s: %s", path, exc)
        message = translate("Console", "Cannot read the run-sheet {path}: {error}")
        window.show_error(message.format(path=path, error=exc))
        return
    if parsed.errors:
        first = parsed.errors[0]
        log.error("the run-sheet %s has %d error(s)", path, len(parsed.errors))
        message = translate(
            "Console", "The run-sheet {path} has {n} error(s); first at {where}: {message}"
        )
        window.show_error(
            message.format(path=path, n=len(parsed.errors), where=first.location,
                           message=first.message)
        )  # fmt: skip
        return
    await runner.load(parsed.sheet, origin="start")
    log.info("loaded the run-sheet %s (%d segments)", path, len(parsed.sheet.segments))


def translate(context: str, text: str) -> str:
    """A text the window shows, in the interface's language (`make i18n` finds the calls)."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text)


def supervise(
    services: Supervisor,
    lag: Service,
    store_watch: Service,
    keeper: ShowKeeper,
    native: NativeOverlays,
    chats: list[ChatSource],
    thumbnail: Service,
    obs: Service,
) -> Supervisor:
    """The long-lived services, in their order: started first to last, stopped last to first (the
    OBS supervisor first, the show keeper's final save after the chats and overlays stopped)."""
    services.add(lag)
    services.add(store_watch)
    services.add(keeper, finish=keeper.save_if_changed)  # the final save, once it has stopped
    native.attach()  # before the OBS supervisor: it re-applies the overlays on every connect
    services.add(native, finish=native.detach)
    for chat in chats:
        services.add(chat, name=f"chat-{chat.name}", ask_stop=chat.stop)
    services.add(thumbnail)
    services.add(obs)
    return services


def _classifier(word_lists: dict[str, list[str]]) -> tuple[Any, Any]:
    """The comment classifier (the settings' word lists, else the built-in ones) with its memory
    of recent texts (floods), and the question key."""
    from app.domain.classify import AudienceRules, RecentTexts, classify, question_key

    rules, notes = AudienceRules.from_dict(word_lists)
    for note in notes:
        log.warning("settings: audience_rules: %s", note)
    recent = RecentTexts()
    return (lambda text, ts: classify(text, rules, recent, now=ts)), (
        lambda text: question_key(text, rules)
    )
