"""Starting and stopping: how a quit is asked for, where uncaught errors go, the long-lived
services under the supervisor, the window shown, then the local API and what is offered after
the window (the connection wizard, resuming a show); at quit, everything stopped in order.

What went wrong at start (the settings file, a chat source, the run-sheet given, the local API's
port, no keyring) is listed in the window until the user dismisses it (`show_start_problem`):
the first action that succeeds must not take it away, nor the next problem replace it."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import logging
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from app import first_start, secrets
from app.adapters.chat.base import ChatSource
from app.adapters.chat.factory import build_sources
from app.adapters.obs.native_overlays import NativeOverlays
from app.domain.messages import Message
from app.openers import lan_addresses
from app.runtime.collector import release_after_start
from app.runtime.supervisor import Service, Supervisor, route_loop_errors, route_thread_errors
from app.services.resume import ShowKeeper
from app.services.show_runner import ShowRunner
from app.ui.crash_dialog import CrashHandler, install_crash_handler
from app.ui.main_window import MainWindow
from app.ui.message_texts import text_for
from app.wiring.services import Services
from app.wiring.start_up import Gates, Start, translate
from app.wiring.window import Window, WindowRef

if TYPE_CHECKING:
    from app.adapters.web.server import LocalServer
    from app.domain.moderation import Moderation

log = logging.getLogger(__name__)
PORT_TAKEN = {errno.EADDRINUSE, 10048}  # 10048: Windows' WSAEADDRINUSE


def quit_signals(app: QApplication) -> asyncio.Event:
    """Qt must not quit on its own: the loop would stop before the console cleans up. Closing
    the window, SIGTERM and SIGINT all set the event the console waits on instead."""
    quit_requested = asyncio.Event()
    app.setQuitOnLastWindowClosed(False)
    app.lastWindowClosed.connect(quit_requested.set)
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # Windows' loop has no signal handlers
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, quit_requested.set)
    return quit_requested


@dataclass(frozen=True)
class ErrorRoutes:
    """The crash path (a dialog over the window, unless --no-crash-dialog) for what nobody
    catches: in the loop, in another thread, in a Qt slot."""

    crash_handler: CrashHandler
    unroute_threads: Callable[[], None]

    @classmethod
    def install(cls, args: argparse.Namespace, window: WindowRef) -> ErrorRoutes:
        crash_handler = install_crash_handler(window.get, enabled=not args.no_crash_dialog)
        route_loop_errors(asyncio.get_running_loop())
        return cls(crash_handler, route_thread_errors())

    def uninstall(self) -> None:
        self.unroute_threads()
        asyncio.get_running_loop().set_exception_handler(None)
        self.crash_handler.uninstall()


@dataclass(frozen=True)
class Console:
    """Everything built: what the start starts and the stop stops."""

    start: Start
    gates: Gates
    services: Services
    window: Window
    quit_requested: asyncio.Event
    errors: ErrorRoutes


@dataclass(frozen=True)
class Running:
    """What the start started that the stop must stop, and what it offered: the connection
    wizard's wiring lives as long as the console (the wizard's signals reach it only while
    something holds it; a local would be collected as soon as the wizard had opened)."""

    supervisor: Supervisor
    server: LocalServer
    wizard_wiring: first_start.FirstStart | None = None


async def start(args: argparse.Namespace, console: Console) -> Running:
    """The run-sheet, the long-lived services, the window shown, the local API, the offers."""
    services, window = console.services, console.window.main
    if args.runsheet:  # before the API opens, so scripts never see the console without it
        await load_runsheet_at_start(args.runsheet, services.runner, window)
    chats, chat_notes = build_sources(
        console.start.settings.chat_sources,
        lambda name: lambda batch: services.audience.ingest(batch, source=name),
        services.audience.source_status,
        secrets.read_secret,
    )
    tell_start_problems(console.start.notes, chat_notes, window)
    supervisor = supervise(Supervisor(services.bus.publish), services.lag, services.store_watch,
                           services.keeper, services.native, chats, services.thumbnail,
                           services.obs_supervisor)  # fmt: skip
    supervisor.start()
    window.show()
    services.bridge.refresh()
    if os.environ.get("LIVEDESK_EXIT_AFTER_SHOWN") == "1":  # tests/bench/test_startup_bench.py
        await asyncio.sleep(0)  # one round of the event loop (the window's first events)
        print(f"livedesk: window shown at {time.perf_counter():.6f}", flush=True)
        console.quit_requested.set()
    server = await start_server(console)
    warm_up_audience(console.services.audience.moderation)
    tell_token_notes(console)
    wizard_wiring = offer_at_start(args, console)
    release_after_start()  # the window is up: the start's objects collected once and frozen
    log.info("LiveDesk is up (data in %s)", console.start.data_dir)
    return Running(supervisor, server, wizard_wiring)


def tell_start_problems(
    settings_notes: tuple[str, ...], chat_notes: list[str], window: MainWindow
) -> None:
    """The settings file's notes (a value not used, a file that cannot be read: load_settings
    logged them) and the chat sources that cannot start: listed in the window together."""
    for note in settings_notes:
        window.show_start_problem(note)
    for note in chat_notes:
        log.warning("settings: %s", note)
        window.show_start_problem(note)


def warm_up_audience(moderation: Moderation) -> None:
    """The built-in comment rules and the blocked words compiled once the window is up, before
    the first comment."""
    from app.domain.classify import warm_up

    warm_up()
    moderation.warm_up()


async def start_server(console: Console) -> LocalServer:
    """The local API right after the window: the user sees the console a tenth of a second
    sooner (aiohttp's import), and scripts wait for /api/state anyway."""
    from app.adapters.web.guard import HostRules
    from app.adapters.web.server import LocalServer, create_app

    lan = console.start.settings.lan_access
    host = "0.0.0.0" if lan else "127.0.0.1"  # the LAN is an explicit opt-in
    services, port = console.services, console.services.api_port
    lan_hosts = lan_addresses() if lan else []  # Host names the server answers
    hosts = HostRules.from_env(lan, lambda: lan_hosts)
    app = create_app(services.show, console.gates.tokens.api, assist=services.assist,
                     media=services.media.served, hosts=hosts)  # fmt: skip
    server = LocalServer(app, host, port)
    try:
        await server.start()
    except (OSError, OverflowError) as exc:  # OverflowError: a port out of range got through
        log.error("the local API cannot listen on %s:%s: %s", host, port, exc)
        console.window.main.show_start_problem(cannot_listen(port, exc))
    return server


def cannot_listen(port: int, exc: Exception) -> str:
    """Why the local API is not there, and what to do: another program on the port (often a
    second LiveDesk) is the usual case."""
    if isinstance(exc, OSError) and exc.errno in PORT_TAKEN:
        return Message("api.port_taken", port=port)
    message = translate("Console", "The local API could not start on port {port}: {error}")
    return message.format(port=port, error=exc)


def tell_token_notes(console: Console) -> None:
    """Without an OS keyring a token lasts until exit: the window says so (the API's first)."""
    tokens, window = console.gates.tokens, console.window.main
    if not tokens.api_kept:
        log.warning("no OS keyring: the API token lasts until exit; set LIVEDESK_API_TOKEN to "
                    "keep it")  # fmt: skip
        window.show_start_problem(translate("Console", "No keyring: the API token changes at "
                                            "every start; set LIVEDESK_API_TOKEN to keep "
                                            "it"))  # fmt: skip
    elif not tokens.assist_kept:
        log.info("no OS keyring: the assistants' token lasts until exit")
        window.show_start_problem(translate("Console", "No keyring: the assistants' link "
                                            "changes at every start; set "
                                            "LIVEDESK_ASSIST_TOKEN to keep it"))  # fmt: skip


def offer_at_start(args: argparse.Namespace, console: Console) -> first_start.FirstStart | None:
    """After the window, never blocking it: the saved products' images, the demo's banner or
    the connection wizard, and resuming a show the last run left unfinished. The connection
    wizard's wiring is returned: the console holds it (`Running`) for as long as it runs."""
    services, window, tasks = console.services, console.window.main, console.window.tasks
    tasks.run(services.runner.import_saved_media(), name="media-import")
    wiring = None
    if console.start.demo is not None:
        console.start.demo.attach(services.show, window)
    elif first_start.wanted(args):
        wiring = first_start.FirstStart(
            console.start.data_dir, services.gateway, services.control, tasks,
            quit=console.quit_requested.set, tell=window.show_start_problem,
        )  # fmt: skip
        done = console.start.settings.first_start_done
        tasks.run(wiring.offer(window, done), name="first-start", finish_at_quit=False)
    if services.recorder.interrupted is not None:
        tasks.run(offer_resume(services.keeper, window), name="resume-offer", finish_at_quit=False)
    return wiring


async def stop(console: Console, running: Running) -> None:
    """Everything in order: no new requests, the action in flight finished, the services
    stopped last to first, OBS let go, the log closed, the data directory freed."""
    log.info("LiveDesk is stopping")
    services = console.services
    await running.server.stop()  # no new requests; those under way finish
    await console.window.tasks.finish()  # an action in flight (an end of show) finishes
    await running.supervisor.stop()  # the OBS supervisor first, ..., the show's final save
    await services.gateway.close()
    services.gateway.shutdown()
    if console.start.demo is not None:
        console.start.demo.stop()
    services.bridge.close()
    services.session_log.close()
    console.gates.instance.release()
    console.errors.uninstall()


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


async def offer_resume(keeper: ShowKeeper, window: MainWindow) -> None:
    """After a crash: say what resuming the interrupted show brings back, and let the user say."""
    summary = await keeper.offer()
    if summary is not None:
        window.offer_resume(summary)


async def load_runsheet_at_start(path: str, runner: ShowRunner, window: MainWindow) -> None:
    """--runsheet FILE: load it; a sheet with errors is not loaded, and the window says why."""
    from app.adapters.files.runsheets import FileRunSheets, UnreadableFile

    try:
        parsed = FileRunSheets().load(path)
    except UnreadableFile as exc:
        log.error("cannot read the run-sheet %s: %s", path, exc)
        message = translate("Console", "Cannot read the run-sheet {path}: {error}")
        window.show_start_problem(message.format(path=path, error=text_for(exc.message)))
        return
    if parsed.errors:
        first = parsed.errors[0]
        log.error("the run-sheet %s has %d error(s)", path, len(parsed.errors))
        message = translate(
            "Console", "The run-sheet {path} has errors: {n}; the first at {where}: {message}"
        )
        window.show_start_problem(
            message.format(path=path, n=len(parsed.errors), where=first.location,
                           message=text_for(first.message))
        )  # fmt: skip
        return
    await runner.load(parsed.sheet, origin="start")
    log.info("loaded the run-sheet %s (%d segments)", path, len(parsed.sheet.segments))
