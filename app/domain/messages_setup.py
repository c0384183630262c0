"""The catalog's codes for setting LiveDesk up (app/domain/messages.py joins them to CATALOG):
the settings file, the chat sources and the blocked viewers. The window's texts for them are in
app/ui/message_texts_setup.py. No imports: messages.py imports this."""

from __future__ import annotations

_REWRITE = "LiveDesk started with the default settings; correct the file and restart LiveDesk."
_TWITCH = "write the channel's name (letters, digits and _), the NAME in twitch.tv/NAME"
_YOUTUBE = (
    "paste the live stream's address (youtube.com/watch?v=…, youtube.com/live/…, youtu.be/… or "
    "YouTube Studio's studio.youtube.com/video/…/livestreaming) or its 11-character ID"
)
_BILIBILI = (
    "write the number at the end of the room's address, e.g. 21452505 for "
    "live.bilibili.com/21452505"
)
_RETRY = "LiveDesk tries again by itself"

SETUP_CATALOG: dict[str, str] = {
    # app/adapters/store/settings_file.py: a settings file that cannot be read
    "settings.unreadable": "Cannot read the settings file {path}: {problem} at line {line}, "
    "column {column}. " + _REWRITE + " A copy of the file is kept as {backup}.",
    "settings.unreadable_no_copy": "Cannot read the settings file {path}: {problem} at line "
    "{line}, column {column}. " + _REWRITE,
    "settings.cannot_open": "Cannot open the settings file {path} ({reason}). LiveDesk started "
    "with the default settings.",
    "settings.json.trailing_comma": "a comma before a closing bracket (delete that comma)",
    "settings.json.syntax": "this is not valid JSON ({detail})",
    "settings.json.not_utf8": "this is not UTF-8 text",
    "settings.json.not_object": "this is not a JSON object (settings between curly brackets)",
    # a value of the file that falls back to its default (app/domain/settings.py's notes)
    "settings.in_file": "{path}: {note}",
    "settings.not_bool": "{key} must be true or false; using the default",
    "settings.not_words": "{key} must be a list of words; using the default",
    "settings.bad_value": "{key}: {value} is not valid; using the default",
    "settings.chat_sources_not_list": "chat_sources must be a list of objects; none are started",
    "settings.audience_rules_not_object": "audience_rules must be an object of word lists; using "
    "the default",
    "settings.hotkeys_not_object": "hotkeys must be an object of action: key; using the default "
    "keys",
    "settings.bad_overlay_mode": "overlay_mode must be auto, browser or native; using auto",
    "settings.bad_language": 'language must be "", "zh_CN" or "en"; following the system',
    "settings.bad_theme": "theme must be system, light or dark; using system",
    "settings.overlay_theme_not_object": "overlay_theme must be an object; using the default",
    "settings.bad_colour": "overlay_theme {key}: “{value}” is not a colour like #E4393C; using "
    "the default theme",
    "settings.empty_font": "overlay_theme font: empty; using the default theme",
    # app/adapters/chat: a chat source of the settings that cannot run, and why one stopped
    "chat.source_problem": "chat source #{n} ({kind}): {problem}",
    "chat.entry_problem": "chat source #{n}: {problem}",
    "chat.not_object": "each entry must be an object",
    "chat.unknown_kind": "“kind” must be twitch, youtube, bilibili or replay, not “{kind}”",
    "chat.twitch.no_channel": "no channel: " + _TWITCH,
    "chat.twitch.bad_channel": "“{value}” is not a Twitch channel: " + _TWITCH,
    "chat.youtube.no_video": "no video: " + _YOUTUBE,
    "chat.youtube.bad_video": "not a YouTube video URL or id: “{value}”; " + _YOUTUBE,
    "chat.youtube.no_key": "no YouTube API key: type it in Settings → Chat sources → Keys (or set "
    "LIVEDESK_YOUTUBE_KEY), then restart LiveDesk",
    "chat.bilibili.no_room": "no room number: " + _BILIBILI,
    "chat.bilibili.bad_room": "“{value}” is not a Bilibili room number: " + _BILIBILI,
    "chat.bilibili.bad_uid": "“uid” must be your Bilibili user number (digits only), not “{value}”",
    "chat.replay.no_path": "no file: choose the chat recording to replay",
    "chat.replay.bad_speed": "“speed” must be a number from {low} to {high}, not “{value}”",
    "chat.bad_port": "“port” must be a whole number from 1 to 65535, not “{value}”",
    "chat.not_text": "“{key}” must be text",
    "chat.unknown_host": "cannot find {host}: check the internet connection; " + _RETRY,
    "chat.refused": "{host} refused the connection: check the internet connection and the "
    "firewall; " + _RETRY,
    "chat.timed_out": "no answer from {host} in time: check the internet connection; " + _RETRY,
    "chat.network": "the connection to {host} failed ({detail}): check the internet connection; "
    + _RETRY,
    "chat.replay.missing": "the chat recording {path} is not there: choose it again in Settings → "
    "Chat sources",
    "chat.replay.unreadable": "cannot read the chat recording {path} ({detail}): check the file, "
    "or choose another in Settings → Chat sources",
    # app/domain/blocked_viewers.py: a line of the blocked viewers that may not block its viewer
    "moderation.viewer_platform": "“{line}”: “{platform}” is not a platform LiveDesk knows, so "
    "the whole line would be read as a viewer's name; write platform:name (bilibili:小明, "
    "抖音:小明) or the name alone",
    "moderation.viewer_nobody": "“{line}” names no viewer after the platform",
}
