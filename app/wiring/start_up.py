"""Before anything opens: the arguments and settings, then the gates a start must pass — usable
tokens, one console per data directory, a show log that is not damaged, the retention's sweep.
A gate that refuses returns the exit code (after saying why, in a box in the GUI)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app import paths, secrets
from app.adapters.store.instance_lock import InstanceLock
from app.adapters.store.retention import forget_at_start
from app.adapters.store.schema import DataDirUnwritable, LogLocked, StoreError
from app.adapters.store.settings_file import load_settings
from app.domain.settings import Settings
from app.ui.i18n import choose_language, install_translations
from app.ui.theme import apply_theme

if TYPE_CHECKING:
    from app.demo.launch import DemoLaunch

log = logging.getLogger(__name__)
_T = TypeVar("_T")


@dataclass(frozen=True)
class Start:
    """What the start reads first: the settings (the demo's, with --demo) and where the log is;
    what the settings file's reading noted (a value not used, a file that cannot be read), for
    the window once it is up."""

    settings: Settings
    db_path: Path
    demo: DemoLaunch | None
    notes: tuple[str, ...] = ()

    @property
    def data_dir(self) -> Path:
        return self.db_path.parent


@dataclass(frozen=True)
class Tokens:
    """The API token and the assistants' token, each with whether the OS keyring keeps it."""

    api: str
    api_kept: bool
    assist: str
    assist_kept: bool


@dataclass(frozen=True)
class Gates:
    """What passing the gates holds: the tokens, and the data directory's lock."""

    tokens: Tokens
    instance: InstanceLock


def read_start(args: argparse.Namespace, app: QApplication) -> Start | int:
    """The demo's OBS simulator (with --demo; `args` then point at it), the settings, the
    interface's language and the console's colours — before any window."""
    demo = None
    if args.demo:  # the OBS simulator on a thread of its own
        from app.demo.launch import DemoLaunch

        try:
            demo = DemoLaunch.start(args)
        except (OSError, RuntimeError) as exc:
            print(f"livedesk: {exc}", file=sys.stderr)
            return 1
    try:
        db_path = paths.database_path(args.data_dir)
    except OSError as exc:  # said, with what to do, when the show log is opened there
        log.warning("cannot make the data directory: %s", exc)
        db_path = paths.data_dir(args.data_dir, create=False) / paths.DB_NAME
    settings, notes = load_settings(db_path.parent)
    settings = demo.settings(settings) if demo else settings
    install_translations(choose_language(args.lang, settings.language))  # before any window
    apply_theme(app, settings.theme)  # the console's colours ("system" leaves them alone)
    return Start(settings, db_path, demo, tuple(notes))


async def pass_gates(args: argparse.Namespace, start: Start) -> Gates | int:
    """The gates in their order; the exit code of the first that refuses."""
    tokens = await check_tokens()
    if isinstance(tokens, int):
        return tokens
    instance = InstanceLock(start.data_dir)  # one console per data directory
    if not instance.acquire():
        return await already_running(instance)
    if (refused := await damaged_log_at_start(start.db_path, args)) is not None:
        return refused
    if start.settings.retention_days > 0:  # before the writer opens the file: VACUUM needs it
        days = start.settings.retention_days
        await asyncio.to_thread(forget_at_start, start.db_path, time.time(), days)
    return Gates(tokens, instance)


async def check_tokens() -> Tokens | int:
    """A token set by hand that is too short, or the same for both, stops the start."""
    try:
        token, token_kept = secrets.api_token()
        assist_token, assist_kept = secrets.assist_token()
    except secrets.TokenTooShort as exc:
        return await refuse_token(str(exc))
    if assist_token == token:
        return await refuse_token("LIVEDESK_ASSIST_TOKEN must differ from the API token")
    return Tokens(token, token_kept, assist_token, assist_kept)


async def refuse_token(problem: str) -> int:
    """A token set by hand is unusable: say so (and in a box in the GUI), exit 2."""
    log.error("cannot start: %s", problem)
    print(f"livedesk: {problem}", file=sys.stderr)
    await _cannot_start(problem)
    return 2


async def refuse_store(problem: StoreError) -> int:
    """The show log cannot be opened: say why (and in a box in the GUI), exit 1. A data directory
    that cannot be written is named, with what to do, in the interface's language."""
    print(f"livedesk: {problem}", file=sys.stderr)
    if isinstance(problem, LogLocked):
        text = translate("Console", "Another program is holding LiveDesk's show log:\n"
                         "{path}").format(path=problem.path)  # fmt: skip
        what_to_do = translate(
            "Console", "Close the program using it (a database browser, a backup tool, a "
            "second LiveDesk), then start LiveDesk again.")  # fmt: skip
        await _cannot_start(str(problem), text=text, informative=what_to_do)
        return 1
    if not isinstance(problem, DataDirUnwritable):
        await _cannot_start(str(problem))
        return 1
    text = translate("Console", "LiveDesk cannot write to its data directory:\n"
                     "{directory}").format(directory=problem.folder)  # fmt: skip
    what_to_do = translate(
        "Console", "Choose another data directory (--data-dir or LIVEDESK_HOME), or make "
        "this one writable (check its permissions, free space, and whether its disk is "
        "mounted read-only), then start LiveDesk again.")  # fmt: skip
    await _cannot_start(str(problem), text=text, informative=what_to_do)
    return 1


async def _cannot_start(problem: str, *, text: str | None = None, informative: str = "") -> None:
    """In the GUI, a box that says why the console cannot start (`problem`, or `text` with
    `problem` as its details), closed before the console exits; nothing without a screen."""
    if not _has_screen():
        return
    from PySide6.QtWidgets import QMessageBox

    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    box = QMessageBox(QMessageBox.Icon.Critical, "LiveDesk",
                      translate("Console", "LiveDesk cannot start: {problem}").format(
                          problem=problem))  # fmt: skip
    if text is not None:
        box.setText(text)
        box.setInformativeText(informative)
        box.setDetailedText(problem)
    box.finished.connect(lambda _result: settle(closed, None))
    box.open()
    await closed
    box.deleteLater()


async def already_running(instance: InstanceLock) -> int:
    """Another console holds this data directory: say so (and in a box in the GUI), exit 1."""
    directory, pid = instance.path.parent, instance.holder()
    log.error("another LiveDesk (pid %s) is running with the data in %s", pid, directory)
    print(f"livedesk: another LiveDesk (pid {pid}) is already running with the data in "
          f"{directory}; switch to it, or start this one with another --data-dir",
          file=sys.stderr)  # fmt: skip
    if _has_screen():
        from app.ui.store_dialogs import tell_already_running

        closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        box = tell_already_running(str(directory), pid, lambda: settle(closed, None))
        await closed
        box.deleteLater()
    return 1


async def damaged_log_at_start(db_path: Path, args: argparse.Namespace) -> int | None:
    """A damaged show log is set aside (the GUI asks first; headless only with --move-broken-db
    or LIVEDESK_MOVE_BROKEN_DB=1) and a fresh one started; else the console exits with 1."""
    from app.adapters.store import recovery

    problem = await asyncio.to_thread(recovery.check, db_path)
    if problem is None:
        return None
    log.error("the show log %s is damaged: %s", db_path, problem)
    move = bool(getattr(args, "move_broken_db", False)) or os.environ.get(recovery.MOVE_ENV) == "1"
    if not move and _has_screen():
        from app.ui.store_dialogs import ask_set_aside

        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        box = ask_set_aside(str(db_path), problem, lambda yes: settle(answer, yes))
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


def settle(future: asyncio.Future[_T], value: _T) -> None:
    """Give the future its value, unless it already has one (a dialog may answer twice)."""
    if not future.done():
        future.set_result(value)


def translate(context: str, text: str) -> str:
    """A text the window shows, in the interface's language (`make i18n` finds the calls)."""
    return QCoreApplication.translate(context, text)


def _has_screen() -> bool:
    """Whether a box can be shown (not the headless platforms tests and scripts use)."""
    return QGuiApplication.platformName() not in ("offscreen", "minimal")
