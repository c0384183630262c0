"""What the console's menus open, wired to the concrete parts (an extension of the composition
root, app/wiring/window.py): the run-sheet editor, the assistants' links, the sessions archive with
its review windows, and the settings dialog. Each loads its heavy parts when first opened, not at
start."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.adapters.obs.gateway import ObsWebsocketGateway
    from app.adapters.store.writer import SqliteSessionLog
    from app.runtime.tasks import TaskRunner
    from app.services.archive import Archive
    from app.services.clips import ClipMaker
    from app.services.session import ShowRecorder
    from app.services.show import Show
    from app.ui.main_window import MainWindow
    from app.ui.review import ReviewWindow, SessionsDialog
    from app.ui.runsheet_editor import RunSheetEditor
    from app.ui.settings_dialog import SettingsDialog

Opener = Callable[[], None]
Parent = Callable[[], "MainWindow | None"]  # the main window, once it exists


def editor_opener(show: Show, tasks: TaskRunner) -> Opener:
    """Show menu → Run-sheet editor: one editor at a time; asking again brings it to the front."""
    editors: list[RunSheetEditor] = []

    def open_editor() -> None:
        if editors and editors[0].isVisible():
            editors[0].raise_()
            editors[0].activateWindow()
            return
        from app.adapters.files.runsheets import FileRunSheets, left_out
        from app.adapters.files.typed_cells import read_typed_cells
        from app.resources import templates_dir
        from app.ui.runsheet_editor import RunSheetEditor  # when first opened: not at start

        editors[:] = [RunSheetEditor(show, tasks, FileRunSheets(), templates_dir(),
                                     typed_cells=read_typed_cells, left_out=left_out)]  # fmt: skip
        editors[0].show()

    return open_editor


def assist_links(lan: bool, port: int, token: str) -> list[str]:
    """The /assist address with its token: this machine's LAN addresses when LAN access is on
    (the outward interface's first; 127.0.0.1 only when it has none)."""
    hosts = (lan_addresses() if lan else []) or ["127.0.0.1"]
    return [f"http://{h}:{port}/assist?token={token}" for h in hosts]


def lan_addresses() -> list[str]:
    """This machine's addresses on the LAN, best first (app/adapters/web/lan.py)."""
    from app.adapters.web.lan import lan_addresses as find

    return find()


def sessions_opener(
    db_path: Path,
    session_log: SqliteSessionLog,
    recorder: ShowRecorder,
    tasks: TaskRunner,
    parent: Parent,
) -> Opener:
    """Show menu → Sessions…: the archive dialog (one, brought forward when asked again), and
    one review window per show, with the report's charts. Exports' viewer aliases hold for this
    run (across runs with $LIVEDESK_PSEUDONYM_SALT, as `livedesk report`)."""
    salt = os.environ.get("LIVEDESK_PSEUDONYM_SALT") or os.urandom(16).hex()
    archive = _archive_once(db_path, session_log, recorder, salt)
    reviews: dict[int, ReviewWindow] = {}
    dialogs: list[SessionsDialog] = []

    def open_review(session_id: int) -> None:
        review = reviews.get(session_id)
        if review is None:
            # matplotlib loads with the first review, not at start (~0.25 s: the start-up bench)
            from app.adapters.report.charts import styled_review_figures
            from app.ui.review import ReviewWindow

            clips = _clip_maker(db_path)
            review = reviews[session_id] = ReviewWindow(
                archive(), tasks, styled_review_figures, session_id, parent(), clips=clips
            )
        if not review.isVisible():
            review.reload()  # read afresh: the log may have grown since
        review.present()

    def review_deleted(session_id: int) -> None:
        """The show's review, if open, says it was deleted (and is made afresh if reopened)."""
        review = reviews.pop(session_id, None)
        if review is not None:
            review.show_deleted()

    def open_sessions() -> None:
        if not dialogs:
            from app.ui.review import SessionsDialog

            dialogs.append(SessionsDialog(archive(), tasks, open_review, parent()))
            dialogs[0].session_deleted.connect(review_deleted)
        dialogs[0].present()

    return open_sessions


def _archive_once(
    db_path: Path, session_log: SqliteSessionLog, recorder: ShowRecorder, salt: str
) -> Callable[[], Archive]:
    """The archive, built when first asked: the report adapters (numpy) are not loaded at start."""
    archives: list[Archive] = []

    def archive() -> Archive:
        if not archives:
            from app.adapters.files.orders import OrderExportFiles
            from app.adapters.report.reviews import ReportReviews
            from app.adapters.store.sessions import SqliteSessions
            from app.services.archive import Archive

            archives.append(Archive(
                SqliteSessions(db_path, session_log), ReportReviews(db_path), OrderExportFiles(),
                lambda: recorder.session.id if recorder.session else None, lambda: salt,
            ))  # fmt: skip
        return archives[0]

    return archive


def _clip_maker(db_path: Path) -> ClipMaker:
    from app.adapters.media.ffmpeg import Ffmpeg
    from app.adapters.store.clip_log import SqliteClipLog
    from app.services.clips import ClipMaker

    return ClipMaker(SqliteClipLog(db_path), Ffmpeg())


def settings_opener(
    data_dir: Path, tasks: TaskRunner, token: str, gateway: ObsWebsocketGateway, show: Show,
    parent: Parent, *, fixed: bool, new_assist_link: Opener | None = None,
) -> Opener:  # fmt: skip
    """Show menu → Settings…: one dialog at a time, over the settings file as it is now. Saving
    applies the keys, the compliance lists, the assistants' rights and the OBS address and
    password at once (the OBS ones not when --obs-url or --demo chose OBS); the dialog says what
    waits for a restart."""
    from app import first_start, secrets
    from app.adapters.obs.gateway import parse_obs_url
    from app.adapters.store.settings_file import load_settings, save_settings
    from app.domain.compliance import ComplianceRules
    from app.domain.settings import Settings, moderation_of
    from app.ui.keymap import Keymap

    dialogs: list[SettingsDialog] = []

    def saved(new: Settings) -> None:
        if (window := parent()) is not None:
            window.set_keymap(Keymap(new.hotkeys))
        show.compliance = ComplianceRules(new.compliance_terms, new.compliance_allowed)
        if show.audience is not None:  # blocked words and viewers apply to the next comment
            show.audience.set_moderation(moderation_of(new))
        if show.assist is not None:  # the assistants' rights apply to their next request
            show.assist.allow_interaction(new.assistants_run_interaction)
            show.assist.allow_helping(new.assistants_help_host)
        if fixed:  # --obs-url or --demo chose OBS
            return
        host, port = parse_obs_url(new.obs_url)
        # the environment's, the keyring's, or (no keyring) the one typed for this run
        password = secrets.read_secret(*secrets.OBS_PASSWORD) or ""
        changed = (host, port, password) != (gateway.host, gateway.port, gateway.password)
        gateway.host, gateway.port, gateway.password = host, port, password
        if changed and gateway.connected:  # the supervisor reconnects with the new ones
            tasks.run(gateway.close(), "settings-reconnect")

    def open_settings() -> None:
        if dialogs and dialogs[0].isVisible():
            dialogs[0].raise_()
            dialogs[0].activateWindow()
            return
        for old in dialogs:
            old.deleteLater()
        from app.ui.settings_dialog import SettingsDialog  # when first opened: not at start

        settings, notes = load_settings(data_dir)
        dialog = SettingsDialog(settings, lambda new: save_settings(data_dir, new),
                                secrets.KeyringSecrets(), tasks, probe=first_start.probe_obs,
                                running_token=token, new_assist_link=new_assist_link,
                                lan_addresses=lan_addresses(), notes=notes,
                                parent=parent())  # fmt: skip
        dialog.saved.connect(saved)
        dialogs[:] = [dialog]
        dialog.show()

    return open_settings
