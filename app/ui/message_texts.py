"""What the Qt-free layers say (app/domain/messages.py), in the interface's language.

Each code of the domain's catalog has one translatable text here, with the same placeholders;
`text_for(message)` fills in the message's values, a value that is a Message itself (a field's
name, a list of claims, the OBS settings' path) translated too. A code this module does not know,
or a plain str, is shown as its English. tests/ui/test_message_texts.py keeps the two lists equal.
The texts for the audience during the show and for after it are in message_texts_audience.py
and message_texts_review.py, those for setting LiveDesk up in message_texts_setup.py.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.messages import LISTS, Message
from app.ui.message_texts_audience import AUDIENCE_TEXTS
from app.ui.message_texts_files import FILES_TEXTS
from app.ui.message_texts_review import REVIEW_TEXTS
from app.ui.message_texts_setup import SETUP_TEXTS
from app.ui.translate_noop import QT_TRANSLATE_NOOP

CONTEXT = "MessageTexts"

TEXTS: dict[str, str] = {
    "field.name": QT_TRANSLATE_NOOP("MessageTexts", "name"),
    "field.price": QT_TRANSLATE_NOOP("MessageTexts", "price"),
    "field.original_price": QT_TRANSLATE_NOOP("MessageTexts", "original price"),
    "field.stock": QT_TRANSLATE_NOOP("MessageTexts", "stock"),
    "field.quantity": QT_TRANSLATE_NOOP("MessageTexts", "quantity"),
    "field.title": QT_TRANSLATE_NOOP("MessageTexts", "title"),
    "field.seconds": QT_TRANSLATE_NOOP("MessageTexts", "seconds"),
    "field.duration": QT_TRANSLATE_NOOP("MessageTexts", "duration"),
    "output.stream": QT_TRANSLATE_NOOP("MessageTexts", "stream"),
    "output.recording": QT_TRANSLATE_NOOP("MessageTexts", "recording"),
    "output.replay_buffer": QT_TRANSLATE_NOOP("MessageTexts", "replay buffer"),
    "output.virtualcam": QT_TRANSLATE_NOOP("MessageTexts", "virtual camera"),
    "obs.websocket_settings": QT_TRANSLATE_NOOP(
        "MessageTexts", "OBS → Tools → WebSocket Server Settings (工具 → WebSocket 服务器设置)"
    ),
    "obs.auth_failed": QT_TRANSLATE_NOOP("MessageTexts", "OBS refused the password (密码错误)"),
    "obs.auth_failed.hint": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "Copy the server password from {settings} → Show Connect Info, and paste it into "
        "LiveDesk's OBS settings.",
    ),
    "obs.server_off": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "OBS is running but its WebSocket server is off at {host}:{port} (WebSocket 服务器未开启)",
    ),
    "obs.server_off.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Tick “Enable WebSocket server” in {settings}; check the port is {port}."
    ),
    "obs.not_running": QT_TRANSLATE_NOOP(
        "MessageTexts", "OBS is not running (OBS 未启动): nothing answers at {host}:{port}"
    ),
    "obs.not_running.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Start OBS Studio; LiveDesk connects by itself as soon as it is up."
    ),
    "obs.nothing_answers": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "Nothing answers at {host}:{port}: OBS is not running or its WebSocket server is off",
    ),
    "obs.nothing_answers.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Start OBS Studio and tick “Enable WebSocket server” in {settings}."
    ),
    "obs.too_old": QT_TRANSLATE_NOOP(
        "MessageTexts", "OBS is older than 28 or speaks obs-websocket 4 ({detail})"
    ),
    "obs.too_old.hint": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "LiveDesk needs OBS Studio 28 or later (obs-websocket 5). Update OBS from obsproject.com.",
    ),
    "obs.too_old.hint_old_port": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "LiveDesk needs OBS Studio 28 or later (obs-websocket 5). Update OBS from "
        "obsproject.com. Port 4444 is the old obs-websocket 4.x port; OBS 28+ listens on 4455.",
    ),
    "obs.timeout": QT_TRANSLATE_NOOP(
        "MessageTexts", "No answer from {host}:{port} within {seconds} s"
    ),
    "obs.timeout.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Check the address and that no firewall blocks the port."
    ),
    "obs.unknown_host": QT_TRANSLATE_NOOP("MessageTexts", "Cannot find the computer “{host}”"),
    "obs.unknown_host.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Check the OBS address in settings."
    ),
    "obs.protocol": QT_TRANSLATE_NOOP(
        "MessageTexts", "OBS answered in a way LiveDesk did not expect ({detail})"
    ),
    "obs.protocol.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Restart OBS; if it persists, copy the debug info from Help and report it."
    ),
    "obs.not_obs": QT_TRANSLATE_NOOP(
        "MessageTexts", "Something other than OBS's WebSocket server answers at {host}:{port}"
    ),
    "obs.not_obs.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Check the port: {settings} shows OBS's (4455 by default)."
    ),
    "obs.bad_address": QT_TRANSLATE_NOOP("MessageTexts", "“{url}” is not an OBS WebSocket address"),
    "obs.bad_address.hint": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "Write it as ws://HOST:PORT, e.g. ws://127.0.0.1:4455, in LiveDesk's OBS settings (or "
        "LIVEDESK_OBS_URL).",
    ),
    "obs.hint.old_port": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "{hint} Port 4444 is the old obs-websocket 4 port; OBS 28 and later listen on 4455: "
        "change the port in LiveDesk's OBS address to 4455.",
    ),
    "api.port_taken": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "The local API (Stream Deck, Companion, overlays, the assistants' panel) cannot start: "
        "another program, maybe another LiveDesk, uses port {port}. Close it, or choose another "
        "port in Settings → Local server and restart LiveDesk.",
    ),
    "settings.api_port_range": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "api_port {port} is not a port from 1 to 65535; the local API uses {default}",
    ),
    "preflight.no_segments": QT_TRANSLATE_NOOP("MessageTexts", "The run-sheet has no segments"),
    "preflight.no_segments.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Open a run-sheet or add segments in the editor."
    ),
    "preflight.sheet_errors": QT_TRANSLATE_NOOP("MessageTexts", "Run-sheet errors: {n}"),
    "preflight.sheet_errors.hint": QT_TRANSLATE_NOOP("MessageTexts", "First: {where}: {message}"),
    "preflight.planned": QT_TRANSLATE_NOOP("MessageTexts", "Segments: {n} · planned {total}"),
    "preflight.obs_not_connected": QT_TRANSLATE_NOOP("MessageTexts", "OBS is not connected"),
    "preflight.obs_not_connected.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Start OBS and enable its WebSocket server; scenes cannot be checked."
    ),
    "preflight.obs_connected": QT_TRANSLATE_NOOP("MessageTexts", "OBS is connected"),
    "preflight.missing_scene": QT_TRANSLATE_NOOP(
        "MessageTexts", "#{n} “{title}”: OBS has no scene “{scene}”"
    ),
    "preflight.missing_scene.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Create the scene in OBS, or pick an existing one in the editor."
    ),
    "preflight.chat_connected": QT_TRANSLATE_NOOP("MessageTexts", "Chat source {name}: connected"),
    "preflight.chat_not_connected": QT_TRANSLATE_NOOP(
        "MessageTexts", "Chat source {name}: not connected"
    ),
    "preflight.chat_not_connected.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Check the source's settings or its network."
    ),
    "preflight.no_standby": QT_TRANSLATE_NOOP(
        "MessageTexts", "No standby scene (马上回来) is chosen"
    ),
    "preflight.no_standby.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Pick the scene to cut to in an emergency, e.g. “马上回来 BRB”."
    ),
    "preflight.standby_missing": QT_TRANSLATE_NOOP(
        "MessageTexts", "The standby scene “{scene}” is not in OBS"
    ),
    "preflight.standby_missing.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Create it in OBS or choose another standby scene."
    ),
    "preflight.standby": QT_TRANSLATE_NOOP("MessageTexts", "Standby scene: {scene}"),
    "preflight.product_undefined": QT_TRANSLATE_NOOP(
        "MessageTexts", "#{n}: product “{sku}” is not defined"
    ),
    "preflight.product_undefined.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Add it to the Products sheet or the catalog."
    ),
    "preflight.product_gaps": QT_TRANSLATE_NOOP(
        "MessageTexts", "#{n}: the card of “{name}” lacks {gaps}"
    ),
    "preflight.gaps.hint": QT_TRANSLATE_NOOP("MessageTexts", "Fill them in the catalog."),
    "preflight.no_image": QT_TRANSLATE_NOOP("MessageTexts", "#{n}: “{name}” has no image"),
    "preflight.no_image.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Cards look better with a picture."
    ),
    "preflight.coupon_undefined": QT_TRANSLATE_NOOP(
        "MessageTexts", "#{n}: coupon “{code}” is not defined"
    ),
    "preflight.coupon_undefined.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "Add it to the Coupons sheet or the catalog."
    ),
    "preflight.coupon_gaps": QT_TRANSLATE_NOOP(
        "MessageTexts", "#{n}: coupon “{code}” lacks {gaps}"
    ),
    "preflight.coupon_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "#{n}: coupon “{code}” runs {time}, longer than its segment ({length})"
    ),
    "preflight.coupon_too_long.hint": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "Shorten the countdown or lengthen the segment, or let it run on deliberately.",
    ),
    "preflight.coupon_again": QT_TRANSLATE_NOOP(
        "MessageTexts", "#{n}: coupon “{code}” starts again (first at #{first})"
    ),
    "preflight.coupon_again.hint": QT_TRANSLATE_NOOP(
        "MessageTexts", "A second start restarts the countdown; is that intended?"
    ),
    "preflight.lottery_again": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "#{n} “{title}”: its lottery opens only if the one of #{first} has been drawn by then",
    ),
    "preflight.lottery_again.hint": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "Draw the lottery of #{first} before cueing #{n}: a lottery stays open until it is "
        "drawn, even once its time is up.",
    ),
    "preflight.risky_points": QT_TRANSLATE_NOOP("MessageTexts", "#{n} talking points: {claims}"),
    "preflight.risky_card": QT_TRANSLATE_NOOP("MessageTexts", "#{n} card of “{name}”: {claims}"),
    "runsheet.missing_column": QT_TRANSLATE_NOOP(
        "MessageTexts", "missing required column “{field}” ({aliases})"
    ),
    "runsheet.unknown_kind": QT_TRANSLATE_NOOP(
        "MessageTexts", "unknown kind “{kind}” (one of {known})"
    ),
    "runsheet.no_scene": QT_TRANSLATE_NOOP("MessageTexts", "OBS has no scene “{scene}”"),
    "runsheet.no_product": QT_TRANSLATE_NOOP("MessageTexts", "no catalog defines product “{sku}”"),
    "runsheet.no_coupon": QT_TRANSLATE_NOOP("MessageTexts", "no catalog defines coupon “{code}”"),
    "runsheet.long_segment": QT_TRANSLATE_NOOP(
        "MessageTexts", "the segment is longer than 2 hours"
    ),
    "runsheet.short_segment": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the segment lasts only {seconds} s: a bare number is minutes, and 0:05 reads as five"
        " seconds (m:ss); for five minutes type 5 or 5分钟",
    ),
    "runsheet.duplicate_sku": QT_TRANSLATE_NOOP("MessageTexts", "duplicate SKU “{sku}”"),
    "runsheet.duplicate_code": QT_TRANSLATE_NOOP("MessageTexts", "duplicate coupon code “{code}”"),
    "runsheet.lottery_again": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "this lottery opens only if the one of “{title}” has been drawn by then (one lottery is "
        "open at a time)",
    ),
    "runsheet.missing": QT_TRANSLATE_NOOP("MessageTexts", "the {field} is missing"),
    "duration.expected": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "expected a duration such as 5, 5m, 90s, 5:00, 1:05:00, 5分钟 or 90秒, not {value}",
    ),
    "duration.not_positive": QT_TRANSLATE_NOOP(
        "MessageTexts", "the duration must be more than zero, not {value}"
    ),
    "duration.under_a_second": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "{value} is less than a second: a bare number is minutes (5 is five minutes; seconds are"
        " 90s or 90秒)",
    ),
    "duration.too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "the duration must be at most a year, not {value}"
    ),
    "duration.empty": QT_TRANSLATE_NOOP("MessageTexts", "the duration is empty"),
    "duration.unknown_unit": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "unknown unit “{unit}” in {value}; expected a duration such as 5, 5m, 90s, 5:00, "
        "1:05:00, 5分钟 or 90秒",
    ),
    "obs.no_scene_named": QT_TRANSLATE_NOOP("MessageTexts", "OBS has no scene named “{scene}”"),
    "obs.studio_mode_only": QT_TRANSLATE_NOOP(
        "MessageTexts", "the Transition button works in studio mode only"
    ),
    "obs.output_running": QT_TRANSLATE_NOOP("MessageTexts", "the {output} is already running"),
    "obs.output_not_running": QT_TRANSLATE_NOOP("MessageTexts", "the {output} is not running"),
    "obs.output_finishing": QT_TRANSLATE_NOOP(
        "MessageTexts", "OBS is still finishing the {output} it stopped; try again in a moment"
    ),
    "obs.output_stopping": QT_TRANSLATE_NOOP("MessageTexts", "the {output} is already stopping"),
    "obs.output_start_called_off": QT_TRANSLATE_NOOP(
        "MessageTexts", "the {output} start was called off by the stop pressed after it"
    ),
    "obs.replay_unconfirmed": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the connection to OBS was lost before OBS said it had saved the replay: it may not exist "
        "(no marker set)",
    ),
    "obs.refused": QT_TRANSLATE_NOOP("MessageTexts", "OBS refused {request}"),
    "obs.refused_detail": QT_TRANSLATE_NOOP("MessageTexts", "OBS refused {request} ({detail})"),
    "obs.replay_unavailable": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "OBS's replay buffer is switched off in its settings (回放缓存未启用): tick “Enable Replay "
        "Buffer” in OBS → Settings → Output → Replay Buffer, then start it from LiveDesk",
    ),
    "obs.replay_not_running": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the replay buffer is not running, so there is nothing to save: start it first "
        "(the REPLAY button of the outputs panel, or POST /api/obs/replay_buffer with the "
        "action start)",
    ),
    "obs.virtualcam_unavailable": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "OBS has no virtual camera (虚拟摄像机不可用): on Linux install and load v4l2loopback "
        "(sudo apt install v4l2loopback-dkms; sudo modprobe v4l2loopback) and restart OBS; on "
        "Windows reinstall OBS with its virtual camera; on macOS allow OBS's camera extension "
        "in System Settings",
    ),
    "overlay.no_product": QT_TRANSLATE_NOOP(
        "MessageTexts", "no product with SKU “{sku}” in the catalog"
    ),
    "overlay.featured_needs_text": QT_TRANSLATE_NOOP(
        "MessageTexts", "a featured comment needs text"
    ),
    "overlay.nothing_to_show": QT_TRANSLATE_NOOP(
        "MessageTexts", "there is no {kind} to show on screen"
    ),
    "overlay.no_coupon": QT_TRANSLATE_NOOP(
        "MessageTexts", "no coupon with code “{code}” in the catalog"
    ),
    "overlay.no_countdown": QT_TRANSLATE_NOOP("MessageTexts", "no coupon countdown is running"),
    "session.needs_title": QT_TRANSLATE_NOOP("MessageTexts", "a show needs a title"),
    "session.title_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "the title is longer than 200 characters"
    ),
    "session.still_running": QT_TRANSLATE_NOOP(
        "MessageTexts", "the show “{title}” is still running; end it first"
    ),
    "session.running": QT_TRANSLATE_NOOP(
        "MessageTexts", "the show “{title}” is running; end it first"
    ),
    "session.not_running": QT_TRANSLATE_NOOP("MessageTexts", "no show is running"),
    "resume.nothing": QT_TRANSLATE_NOOP("MessageTexts", "there is no interrupted show to resume"),
    "resume.show_running": QT_TRANSLATE_NOOP(
        "MessageTexts", "a show is running; end it before resuming another"
    ),
    "resume.raced": QT_TRANSLATE_NOOP(
        "MessageTexts", "the show was resumed or another was started meanwhile"
    ),
    "input.too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "“{field}” is at most {limit:,} characters, not {count:,}"
    ),
    "rules.not_a_number": QT_TRANSLATE_NOOP(
        "MessageTexts", "the {field} must be a number such as 199 or 39.90, not {value}"
    ),
    "rules.not_positive": QT_TRANSLATE_NOOP(
        "MessageTexts", "the {field} must be more than 0, not {value}"
    ),
    "rules.too_large": QT_TRANSLATE_NOOP(
        "MessageTexts", "the {field} must be at most {limit}, not {value}"
    ),
    "rules.decimals": QT_TRANSLATE_NOOP(
        "MessageTexts", "the {field} has at most {n} decimals, not {value}"
    ),
    "rules.countdown": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "a countdown runs between 1 second and 24 hours (300, 5:00 or 5m), not {value}",
    ),
    "rules.extension": QT_TRANSLATE_NOOP(
        "MessageTexts", "a countdown is extended by a positive number of seconds, not {value}"
    ),
    "rules.extension_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "a countdown runs at most 24 hours: {value} s more would make it longer"
    ),
    "rules.count": QT_TRANSLATE_NOOP(
        "MessageTexts", "the {field} must be a whole number from 0 to {limit}, not {value}"
    ),
    "rules.code_missing": QT_TRANSLATE_NOOP("MessageTexts", "the coupon code is missing"),
    "rules.code_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "the coupon code must be at most {n} characters, not {count}"
    ),
    "rules.code_spaces": QT_TRANSLATE_NOOP(
        "MessageTexts", "the coupon code must be one word without spaces, not {value}"
    ),
    "rules.sku_missing": QT_TRANSLATE_NOOP("MessageTexts", "the SKU is missing"),
    "rules.sku_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "the SKU must be at most {n} characters, not {count}"
    ),
    "rules.sku_not_printable": QT_TRANSLATE_NOOP(
        "MessageTexts", "the SKU must be printable text on one line, not {value}"
    ),
    "rules.discount_not_text": QT_TRANSLATE_NOOP(
        "MessageTexts", "the discount must be text, not {value}"
    ),
    "rules.discount_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "the discount must be at most {n} characters, not {count}"
    ),
    "rules.discount_not_printable": QT_TRANSLATE_NOOP(
        "MessageTexts", "the discount must be printable text on one line, not {value}"
    ),
    "preflight.interaction_bad": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "segment {n} “{title}” cannot open its interaction: {problem}",
    ),
    "preflight.interaction_bad.hint": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "Write the interaction cell as lottery: 口令=666; winners=3; 60s, poll: question | A | "
        "B, quiz: question | wrong | right*, or checkin: 签到",
    ),
    **AUDIENCE_TEXTS,
    **REVIEW_TEXTS,
    **SETUP_TEXTS,
    **FILES_TEXTS,
}

# How the values of a list are joined ("name, price"; "“最” in “…”; “第一” in “…”").
SEPARATORS: dict[str, str] = {
    "list.comma": QT_TRANSLATE_NOOP("MessageTexts", ", "),
    "list.semicolon": QT_TRANSLATE_NOOP("MessageTexts", "; "),
}
assert set(SEPARATORS) == set(LISTS)


def text_for(message: str) -> str:
    """`message` in the interface's language: a Message by its code, anything else as it is."""
    if not isinstance(message, Message):
        return message
    values = {name: text_for(value) if isinstance(value, str) else value
              for name, value in message.params.items()}  # fmt: skip
    if message.code in SEPARATORS:
        separator = QCoreApplication.translate(CONTEXT, SEPARATORS[message.code])
        return separator.join(str(value) for value in values.values())
    template = TEXTS.get(message.code)
    if template is None:
        return str(message)
    return QCoreApplication.translate(CONTEXT, template).format_map(values)
