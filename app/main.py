"""The composition root, as the program's table of contents: logging, the Qt application and
its asyncio loop, then the console — gates, services, window, start, wait for the quit, stop.

The steps live in app/wiring/ (each small and typed); with the openers beside them they are the
only modules that know every concrete class; everything else gets its collaborators passed in.
They are imported inside the functions, after app/preload.py's early imports: importing them
loads PySide6, and the time from start to window counts every import before it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def run_console(args: argparse.Namespace) -> int:
    from app.logging_setup import setup_logging
    from app.runtime.collector import hold_during_start

    hold_during_start()  # the cycle collector waits for the window (app/runtime/collector.py)
    setup_logging(json_lines=args.log_json)

    from app.preload import import_qt_free_modules

    import_qt_free_modules()  # before PySide6, whose import hook slows every import after it
    os.environ.setdefault("QT_API", "pyside6")  # qasync binds to PySide6
    from PySide6.QtWidgets import QApplication

    from app.preload import spare_own_modules_the_feature_scan
    from app.runtime.event_loop import ConsoleEventLoop

    spare_own_modules_the_feature_scan()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("LiveDesk")
    app.setApplicationName("LiveDesk")
    app.setApplicationDisplayName("LiveDesk 直播中控台")
    loop = ConsoleEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code = loop.run_until_complete(_console(args, app))
    from app.first_start import relaunch_if_requested

    relaunch_if_requested()  # the connection wizard's “Try the demo”
    return code


async def _console(args: argparse.Namespace, app: QApplication) -> int:
    """The console from its gates to its stop; the exit code (0, or the refusing gate's)."""
    from app.wiring import lifecycle, services, start_up, window

    quit_requested = lifecycle.quit_signals(app)
    main_window = window.WindowRef()  # the window, once built: the crash dialog's parent
    errors = lifecycle.ErrorRoutes.install(args, main_window)
    start = start_up.read_start(args, app)
    if isinstance(start, int):
        return start
    gates = await start_up.pass_gates(args, start)
    if isinstance(gates, int):
        return gates
    session_log = await services.open_store(start)
    if session_log is None:
        return 1
    built = services.build_services(args, start, gates.tokens, session_log)
    shown = window.build_window(args, start, gates.tokens, built, main_window)
    console = lifecycle.Console(start, gates, built, shown, quit_requested, errors)
    running = await lifecycle.start(args, console)
    await quit_requested.wait()
    await lifecycle.stop(console, running)
    return 0
