"""The console's settings: typed, versioned, with defaults. Never a password or token (those live
in the OS keyring or the environment)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from app.domain.compliance import DEFAULT_ALLOWED, DEFAULT_TERMS
from app.domain.messages import Message
from app.domain.moderation import (
    DEFAULT_BLOCKED_WORDS,
    FORMER_DEFAULT_BLOCKED_WORDS,
    Moderation,
    viewers_from_lines,
)

SETTINGS_VERSION = 1
PORTS = range(1, 65536)  # what a TCP port may be (0 asks the system for any)
LANGUAGES = ("", "zh_CN", "en")
THEMES = ("system", "light", "dark")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


@dataclass(frozen=True)
class OverlayTheme:
    """Brand colours and font of the on-stream cards (#RRGGBB or #RRGGBBAA)."""

    brand: str = "#E4393C"
    accent: str = "#FFB400"
    text: str = "#FFFFFF"
    card: str = "#14141CE0"
    font: str = "Noto Sans CJK SC"

    def problems(self) -> list[str]:
        found = [f"{f.name}: “{getattr(self, f.name)}” is not a colour like #E4393C"
                 for f in fields(self) if f.name != "font"
                 and not _COLOUR.match(str(getattr(self, f.name)))]  # fmt: skip
        if not self.font.strip():
            found.append("font: empty")
        return found


@dataclass(frozen=True)
class Settings:
    version: int = SETTINGS_VERSION
    obs_url: str = "ws://127.0.0.1:4455"
    api_port: int = 4466
    overlay_theme: OverlayTheme = field(default_factory=OverlayTheme)
    overlay_mode: str = "auto"  # "auto" | "browser" | "native"
    compliance_terms: tuple[str, ...] = DEFAULT_TERMS
    compliance_allowed: tuple[str, ...] = DEFAULT_ALLOWED
    # the comment classifier's word lists (AudienceRules.to_dict()); empty: the built-in ones
    audience_rules: dict[str, list[str]] = field(default_factory=dict)
    # chat sources, e.g. {"kind": "twitch", "channel": "…"} (adapters/chat/factory.py)
    chat_sources: list[dict[str, Any]] = field(default_factory=list)
    assistant_name: str = "主控"
    # opt-in: the local server listens on the LAN so assistants' phones reach /assist
    lan_access: bool = False
    # opt-in: the assistants' token may also run polls, lotteries and check-ins (from the panel's
    # Interaction tab); off, those routes refuse it like every other route outside its own
    assistants_run_interaction: bool = False
    # opt-in: the assistants' token may also mark thanks, block a viewer and send the host a
    # message; off, those routes refuse it (403) like every route beyond the queue, comments and
    # the thanks list
    assistants_help_host: bool = False
    # privacy: what viewers said or were, older than this many days, is forgotten at start (the
    # counts stay; app/adapters/store/retention.py); 0 keeps everything
    retention_days: int = 0
    # the interface language: "" follows the system, else "zh_CN" or "en"
    language: str = ""
    # the console's colours: "system", "light" or "dark"
    theme: str = "system"
    # live actions' keys, by action name (e.g. {"cue.next": "Space"}); empty: the built-in ones
    hotkeys: dict[str, str] = field(default_factory=dict)
    # the first-start connection wizard has been seen (or skipped)
    first_start_done: bool = False
    # moderation: comments with these words (on a normal form: full-width folded, separators
    # allowed) are kept in the log, marked, and off the queue and the screen
    blocked_words: tuple[str, ...] = DEFAULT_BLOCKED_WORDS
    # and those with contact details by their shape: mobile and QQ numbers, WeChat ids, links
    block_contacts: bool = True
    # viewers blocked: "name", "platform:name" or "platform:id=USER_ID" (moderation.BlockedViewer)
    blocked_viewers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["compliance_terms"] = list(self.compliance_terms)
        data["compliance_allowed"] = list(self.compliance_allowed)
        data["blocked_words"] = list(self.blocked_words)
        data["blocked_viewers"] = list(self.blocked_viewers)
        return data


def settings_from_dict(data: object) -> tuple[Settings, list[str]]:
    """Settings from their stored form; unknown keys are ignored, bad values fall back to the
    default with a note, so a hand-edited file never stops the console."""
    notes: list[str] = []
    if not isinstance(data, dict):
        return Settings(), ["the settings file is not a JSON object; using the defaults"]
    base = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in data or f.name == "version":
            continue
        raw, default = data[f.name], getattr(base, f.name)
        if f.name == "overlay_theme":
            theme, theme_notes = _theme(raw)
            values[f.name], notes = theme, notes + theme_notes
        elif f.name == "chat_sources":
            if isinstance(raw, list) and all(isinstance(x, dict) for x in raw):
                values[f.name] = raw
            else:
                notes.append("chat_sources must be a list of objects; none are started")
        elif f.name == "audience_rules":
            if isinstance(raw, dict):
                values[f.name] = raw
            else:
                notes.append("audience_rules must be an object of word lists; using the default")
        elif f.name == "hotkeys":
            if isinstance(raw, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
            ):
                values[f.name] = dict(raw)
            else:
                notes.append("hotkeys must be an object of action: key; using the default keys")
        elif isinstance(default, tuple):
            if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
                values[f.name] = tuple(raw)
            else:
                notes.append(f"{f.name} must be a list of words; using the default")
        elif isinstance(default, bool):
            if isinstance(raw, bool):
                values[f.name] = raw
            else:
                notes.append(f"{f.name} must be true or false; using the default")
        elif isinstance(raw, type(default)) and not isinstance(raw, bool):
            values[f.name] = raw
        else:
            notes.append(f"{f.name}: {raw!r} is not valid; using the default")
    if values.get("api_port", base.api_port) not in PORTS:
        notes.append(Message("settings.api_port_range", port=values["api_port"],
                             default=base.api_port))  # fmt: skip
        values["api_port"] = base.api_port
    if values.get("overlay_mode", "auto") not in ("auto", "browser", "native"):
        notes.append("overlay_mode must be auto, browser or native; using auto")
        values["overlay_mode"] = "auto"
    if values.get("language", "") not in LANGUAGES:
        notes.append('language must be "", "zh_CN" or "en"; following the system')
        values["language"] = ""
    if values.get("blocked_words") in FORMER_DEFAULT_BLOCKED_WORDS:  # never edited: today's
        values["blocked_words"] = DEFAULT_BLOCKED_WORDS  # (加微 blocked 加微糖 and 加微辣)
    if values.get("theme", "system") not in THEMES:
        notes.append("theme must be system, light or dark; using system")
        values["theme"] = "system"
    return replace(base, **values), notes


def _theme(raw: object) -> tuple[OverlayTheme, list[str]]:
    if not isinstance(raw, dict):
        return OverlayTheme(), ["overlay_theme must be an object; using the default"]
    known = {f.name for f in fields(OverlayTheme)}
    theme = OverlayTheme(**{k: str(v) for k, v in raw.items() if k in known})
    problems = theme.problems()
    if problems:
        return OverlayTheme(), [f"overlay_theme {p}; using the default theme" for p in problems]
    return theme, []


def moderation_of(settings: Settings) -> Moderation:
    """The blocked words and viewers the settings name, compiled for ingest."""
    return Moderation(settings.blocked_words, viewers_from_lines(settings.blocked_viewers),
                      contacts=settings.block_contacts)  # fmt: skip
