"""The show's services over the concrete parts: the store (the SQLite writer thread), the OBS
gateway and control, the run-sheet, the overlays, the audience, the show itself, and what feeds
the window (the bridge, the program thumbnail). Each gets its collaborators at construction."""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from app import secrets
from app.adapters.files.media import MediaLibrary
from app.adapters.obs.gateway import DEFAULT_URL, ObsWebsocketGateway
from app.adapters.obs.native_overlays import NativeOverlays
from app.adapters.obs.overlay_stage import ObsOverlayStage
from app.adapters.render.cards import QtCardRenderer, brand_from_theme
from app.adapters.store.catalog import SqliteCatalog
from app.adapters.store.comments import SqliteComments
from app.adapters.store.interaction_viewers import SqliteInteractionViewers
from app.adapters.store.schema import StoreError
from app.adapters.store.settings_file import load_settings, save_settings
from app.adapters.store.show_history import LoggedShows
from app.adapters.store.show_state import SqliteShowState
from app.adapters.store.writer import SqliteSessionLog
from app.domain.compliance import ComplianceRules
from app.domain.moderation import BlockedViewer
from app.domain.settings import Settings, moderation_of
from app.openers import assist_links
from app.runtime.bridge import ShowBridge
from app.services.assist_access import AssistAccess
from app.services.audience import Audience, Classifier
from app.services.event_bus import EventBus
from app.services.health import Health, LoopLagMonitor
from app.services.interaction import Interaction
from app.services.obs_control import ObsControl
from app.services.overlays import OverlayControl
from app.services.resume import ShowKeeper
from app.services.session import ShowRecorder
from app.services.show import Show
from app.services.show_runner import ShowRunner
from app.services.store_watch import StoreWatch
from app.services.supervisor import ObsSupervisor
from app.services.thumbnail import ProgramThumbnail
from app.wiring.start_up import Start, Tokens, refuse_store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    """What `build_services` built, for the window, the start and the stop."""

    session_log: SqliteSessionLog
    bus: EventBus
    store_watch: StoreWatch
    recorder: ShowRecorder
    gateway: ObsWebsocketGateway
    control: ObsControl
    runner: ShowRunner
    audience: Audience
    lag: LoopLagMonitor
    keeper: ShowKeeper
    show: Show
    assist: AssistAccess
    media: MediaLibrary
    native: NativeOverlays
    obs_supervisor: ObsSupervisor
    thumbnail: ProgramThumbnail
    bridge: ShowBridge
    api_port: int


async def open_store(start: Start) -> SqliteSessionLog | None:
    """The show log's writer thread; None when the file cannot be opened (said on stderr, and in
    a box in the GUI: a data directory that cannot be written is named, with what to do)."""
    try:
        return SqliteSessionLog(start.db_path)
    except StoreError as exc:
        log.critical("cannot open the show log %s: %s", start.db_path, exc)
        await refuse_store(exc)
        return None


def build_services(
    args: argparse.Namespace, start: Start, tokens: Tokens, session_log: SqliteSessionLog
) -> Services:
    settings, api_port = start.settings, args.api_port or start.settings.api_port
    bus = EventBus()
    store_watch = StoreWatch(session_log.health, bus)  # a failing log reaches window and API
    recorder = ShowRecorder(session_log, bus)
    obs_password = secrets.read_secret(*secrets.OBS_PASSWORD) or ""
    gateway = ObsWebsocketGateway(args.obs_url or settings.obs_url or DEFAULT_URL, obs_password)
    control = ObsControl(gateway, recorder, bus)
    media = MediaLibrary(start.data_dir / "media")  # the only product images the pages serve
    # The overlays show the run-sheet's products, and the run-sheet drives the overlays: the
    # overlays ask the runner for its catalog through this function, called only after both exist.
    overlays = OverlayControl(recorder, bus, lambda: runner.catalog(), theme=settings.overlay_theme)
    # lottery, polls, check-in (cued by the runner too); their viewers kept in rows for resume
    interaction = Interaction(recorder, bus, viewers=SqliteInteractionViewers(session_log))
    runner = ShowRunner(control, overlays, recorder, bus, SqliteCatalog(start.db_path, session_log),
                        import_media=media.imported, interaction=interaction)  # fmt: skip
    mode = None if settings.overlay_mode == "auto" else settings.overlay_mode
    stage = ObsOverlayStage(gateway, api_port=api_port, token=tokens.api, default_mode=mode)
    classify, question_key = _classifier(settings.audience_rules)
    audience = Audience(recorder, bus, SqliteComments(session_log), overlays, classify,
                        question_key, clock=time.time, moderation=moderation_of(settings),
                        on_viewers_changed=_keep_blocked_viewers(start))  # fmt: skip
    lag = LoopLagMonitor()
    # a show the last run left open is closed by the next start with what End show would write
    keeper = ShowKeeper(recorder, runner, overlays, audience, SqliteShowState(session_log), bus,
                        interaction=interaction, history=LoggedShows(start.db_path))  # fmt: skip
    assist = _assist_access(bus, tokens, settings, api_port)
    show = Show(
        bus, recorder, control, overlays, runner, stage=stage, audience=audience,
        health=Health(lag, session_log.health, session_log.behind_s), keeper=keeper,
        compliance=ComplianceRules(settings.compliance_terms, settings.compliance_allowed),
        assist=assist, interaction=interaction,
    )  # fmt: skip
    brand, family = brand_from_theme(settings.overlay_theme)
    native = NativeOverlays(stage, overlays, bus, QtCardRenderer(brand, family),
                            start.data_dir / "overlay-cards")  # fmt: skip
    bridge = ShowBridge(show)
    return Services(
        session_log, bus, store_watch, recorder, gateway, control, runner, audience, lag, keeper,
        show, assist, media, native, ObsSupervisor(gateway, control),
        ProgramThumbnail(gateway, control, sinks=[bridge.on_thumbnail]), bridge, api_port,
    )  # fmt: skip


def _assist_access(bus: EventBus, tokens: Tokens, settings: Settings, port: int) -> AssistAccess:
    """The assistants' token: kept in the keyring when it can be, new ones made on demand."""
    return AssistAccess(
        bus, tokens.assist, make=secrets.new_token, keep=secrets.keep_assist_token,
        links=lambda t: assist_links(settings.lan_access, port, t), kept=tokens.assist_kept,
        runs_interaction=settings.assistants_run_interaction,
        helps_host=settings.assistants_help_host, console_name=settings.assistant_name,
    )  # fmt: skip


def _keep_blocked_viewers(start: Start) -> Callable[[tuple[BlockedViewer, ...]], None]:
    """A viewer blocked (or unblocked) during a show stays so in the settings, for the next."""

    def keep(viewers: tuple[BlockedViewer, ...]) -> None:
        try:
            settings, _notes = load_settings(start.data_dir)
            blocked = tuple(v.as_text() for v in viewers)
            save_settings(start.data_dir, replace(settings, blocked_viewers=blocked))
        except OSError as exc:  # the block holds for this show; the next starts without it
            log.warning("cannot keep the blocked viewers in the settings: %s", exc)

    return keep


def _classifier(
    word_lists: dict[str, list[str]],
) -> tuple[Classifier, Callable[[str], str]]:
    """The comment classifier (the settings' word lists, else the built-in ones) with its memory
    of recent texts (floods), and the question key."""
    from app.domain.classify import AudienceRules, CommentClassifier, RecentTexts

    rules, notes = AudienceRules.from_dict(word_lists)
    for note in notes:
        log.warning("settings: audience_rules: %s", note)
    classifier = CommentClassifier(rules, RecentTexts())
    return classifier.classify, classifier.key
