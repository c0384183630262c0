"""The window's texts for setting LiveDesk up (app/domain/messages_setup.py): the settings file,
the chat sources and the blocked viewers (message_texts.py puts them together and translates)."""

from __future__ import annotations

from app.ui.translate_noop import QT_TRANSLATE_NOOP

SETUP_TEXTS: dict[str, str] = {
    "settings.unreadable": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "Cannot read the settings file {path}: {problem} at line {line}, column {column}. "
        "LiveDesk started with the default settings; correct the file and restart LiveDesk. A "
        "copy of the file is kept as {backup}.",
    ),
    "settings.unreadable_no_copy": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "Cannot read the settings file {path}: {problem} at line {line}, column {column}. "
        "LiveDesk started with the default settings; correct the file and restart LiveDesk.",
    ),
    "settings.cannot_open": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "Cannot open the settings file {path} ({reason}). LiveDesk started with the default "
        "settings.",
    ),
    "settings.json.trailing_comma": QT_TRANSLATE_NOOP(
        "MessageTexts", "a comma before a closing bracket (delete that comma)"
    ),
    "settings.json.syntax": QT_TRANSLATE_NOOP("MessageTexts", "this is not valid JSON ({detail})"),
    "settings.json.not_utf8": QT_TRANSLATE_NOOP("MessageTexts", "this is not UTF-8 text"),
    "settings.json.not_object": QT_TRANSLATE_NOOP(
        "MessageTexts", "this is not a JSON object (settings between curly brackets)"
    ),
    "settings.in_file": QT_TRANSLATE_NOOP("MessageTexts", "{path}: {note}"),
    "settings.not_bool": QT_TRANSLATE_NOOP(
        "MessageTexts", "{key} must be true or false; using the default"
    ),
    "settings.not_words": QT_TRANSLATE_NOOP(
        "MessageTexts", "{key} must be a list of words; using the default"
    ),
    "settings.bad_value": QT_TRANSLATE_NOOP(
        "MessageTexts", "{key}: {value} is not valid; using the default"
    ),
    "settings.chat_sources_not_list": QT_TRANSLATE_NOOP(
        "MessageTexts", "chat_sources must be a list of objects; none are started"
    ),
    "settings.audience_rules_not_object": QT_TRANSLATE_NOOP(
        "MessageTexts", "audience_rules must be an object of word lists; using the default"
    ),
    "settings.hotkeys_not_object": QT_TRANSLATE_NOOP(
        "MessageTexts", "hotkeys must be an object of action: key; using the default keys"
    ),
    "settings.bad_overlay_mode": QT_TRANSLATE_NOOP(
        "MessageTexts", "overlay_mode must be auto, browser or native; using auto"
    ),
    "settings.bad_language": QT_TRANSLATE_NOOP(
        "MessageTexts", 'language must be "", "zh_CN" or "en"; following the system'
    ),
    "settings.bad_theme": QT_TRANSLATE_NOOP(
        "MessageTexts", "theme must be system, light or dark; using system"
    ),
    "settings.overlay_theme_not_object": QT_TRANSLATE_NOOP(
        "MessageTexts", "overlay_theme must be an object; using the default"
    ),
    "settings.bad_colour": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "overlay_theme {key}: “{value}” is not a colour like #E4393C; using the default theme",
    ),
    "settings.empty_font": QT_TRANSLATE_NOOP(
        "MessageTexts", "overlay_theme font: empty; using the default theme"
    ),
    "chat.source_problem": QT_TRANSLATE_NOOP(
        "MessageTexts", "chat source #{n} ({kind}): {problem}"
    ),
    "chat.entry_problem": QT_TRANSLATE_NOOP("MessageTexts", "chat source #{n}: {problem}"),
    "chat.not_object": QT_TRANSLATE_NOOP("MessageTexts", "each entry must be an object"),
    "chat.unknown_kind": QT_TRANSLATE_NOOP(
        "MessageTexts", "“kind” must be twitch, youtube, bilibili or replay, not “{kind}”"
    ),
    "chat.twitch.no_channel": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "no channel: write the channel's name (letters, digits and _), the NAME in twitch.tv/NAME",
    ),
    "chat.twitch.bad_channel": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "“{value}” is not a Twitch channel: write the channel's name (letters, digits and _), "
        "the NAME in twitch.tv/NAME",
    ),
    "chat.youtube.no_video": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "no video: paste the live stream's address (youtube.com/watch?v=…, youtube.com/live/…, "
        "youtu.be/… or YouTube Studio's studio.youtube.com/video/…/livestreaming) or its "
        "11-character ID",
    ),
    "chat.youtube.bad_video": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "not a YouTube video URL or id: “{value}”; paste the live stream's address "
        "(youtube.com/watch?v=…, youtube.com/live/…, youtu.be/… or YouTube Studio's "
        "studio.youtube.com/video/…/livestreaming) or its 11-character ID",
    ),
    "chat.youtube.no_key": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "no YouTube API key: type it in Settings → Chat sources → Keys (or set "
        "LIVEDESK_YOUTUBE_KEY), then restart LiveDesk",
    ),
    "chat.bilibili.no_room": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "no room number: write the number at the end of the room's address, e.g. 21452505 for "
        "live.bilibili.com/21452505",
    ),
    "chat.bilibili.bad_room": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "“{value}” is not a Bilibili room number: write the number at the end of the room's "
        "address, e.g. 21452505 for live.bilibili.com/21452505",
    ),
    "chat.bilibili.bad_uid": QT_TRANSLATE_NOOP(
        "MessageTexts", "“uid” must be your Bilibili user number (digits only), not “{value}”"
    ),
    "chat.replay.no_path": QT_TRANSLATE_NOOP(
        "MessageTexts", "no file: choose the chat recording to replay"
    ),
    "chat.replay.bad_speed": QT_TRANSLATE_NOOP(
        "MessageTexts", "“speed” must be a number from {low} to {high}, not “{value}”"
    ),
    "chat.bad_port": QT_TRANSLATE_NOOP(
        "MessageTexts", "“port” must be a whole number from 1 to 65535, not “{value}”"
    ),
    "chat.not_text": QT_TRANSLATE_NOOP("MessageTexts", "“{key}” must be text"),
    "chat.unknown_host": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "cannot find {host}: check the internet connection; LiveDesk tries again by itself",
    ),
    "chat.refused": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "{host} refused the connection: check the internet connection and the firewall; LiveDesk "
        "tries again by itself",
    ),
    "chat.timed_out": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "no answer from {host} in time: check the internet connection; LiveDesk tries again by "
        "itself",
    ),
    "chat.network": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the connection to {host} failed ({detail}): check the internet connection; LiveDesk "
        "tries again by itself",
    ),
    "chat.replay.missing": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the chat recording {path} is not there: choose it again in Settings → Chat sources",
    ),
    "chat.replay.unreadable": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "cannot read the chat recording {path} ({detail}): check the file, or choose another in "
        "Settings → Chat sources",
    ),
    "moderation.viewer_platform": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "“{line}”: “{platform}” is not a platform LiveDesk knows, so the whole line would be "
        "read as a viewer's name; write platform:name (bilibili:小明, 抖音:小明) or the name alone",
    ),
    "moderation.viewer_nobody": QT_TRANSLATE_NOOP(
        "MessageTexts", "“{line}” names no viewer after the platform"
    ),
}
