"""What the Qt-free layers tell a person: a code and its values, said in English by one catalog.

The domain, the services and the adapters never build a sentence by hand for something a person
reads in the window: they make a `Message("obs.no_scene_named", scene="开场")`. The API and the
logs use its English (`str(message)`, from `CATALOG`), the window maps the code to a translatable
text (app/ui/message_texts.py) and fills in the same values.

A Message *is* its English sentence (a `str`): every place that stored, compared, logged or sent
the sentence as JSON keeps doing so unchanged, and the code and values ride along for the window.
A value may itself be a Message (a field's name, a list of problems): the window translates it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, NoReturn

from app.domain.messages_files import FILES_CATALOG
from app.domain.messages_setup import SETUP_CATALOG

Param = str | int | float  # a Message is a str, so a value may be a Message

PLAIN = "plain"  # a sentence without a code (not in CATALOG): shown as it is, in English
# Lists of values (the fields a card lacks, the risky claims): joined with a separator.
LISTS: Mapping[str, str] = MappingProxyType({"list.comma": ", ", "list.semicolon": "; "})

_SETTINGS = "OBS → Tools → WebSocket Server Settings (工具 → WebSocket 服务器设置)"
_NEEDS_OBS_28 = (
    "LiveDesk needs OBS Studio 28 or later (obs-websocket 5). Update OBS from obsproject.com."
)
_DURATION = "a duration such as 5, 5m, 90s, 5:00, 1:05:00, 5分钟 or 90秒"

# code -> English template. The window has one translatable text per code, with the same
# placeholders (tests/ui/test_message_texts.py holds the two lists together).
CATALOG: Mapping[str, str] = MappingProxyType({
    **SETUP_CATALOG,  # the settings file, the chat sources, the blocked viewers
    **FILES_CATALOG,  # a run-sheet file that cannot be read at all
    # a word inside a message: a field of a product or coupon, an output of OBS
    "field.name": "name",
    "field.price": "price",
    "field.original_price": "original price",
    "field.stock": "stock",
    "field.quantity": "quantity",
    "field.title": "title",
    "field.seconds": "seconds",
    "field.duration": "duration",
    "output.stream": "stream",
    "output.recording": "recording",
    "output.replay_buffer": "replay buffer",
    "output.virtualcam": "virtual camera",
    # app/adapters/obs/problems.py: why OBS cannot be reached, and what to do
    "obs.websocket_settings": _SETTINGS,
    "obs.auth_failed": "OBS refused the password (密码错误)",
    "obs.auth_failed.hint": "Copy the server password from {settings} → Show Connect Info, and "
    "paste it into LiveDesk's OBS settings.",
    "obs.server_off": "OBS is running but its WebSocket server is off at {host}:{port} "
    "(WebSocket 服务器未开启)",
    "obs.server_off.hint": "Tick “Enable WebSocket server” in {settings}; check the port is "
    "{port}.",
    "obs.not_running": "OBS is not running (OBS 未启动): nothing answers at {host}:{port}",
    "obs.not_running.hint": "Start OBS Studio; LiveDesk connects by itself as soon as it is "
    "up.",
    "obs.nothing_answers": "Nothing answers at {host}:{port}: OBS is not running or its "
    "WebSocket server is off",
    "obs.nothing_answers.hint": "Start OBS Studio and tick “Enable WebSocket server” in "
    "{settings}.",
    "obs.too_old": "OBS is older than 28 or speaks obs-websocket 4 ({detail})",
    "obs.too_old.hint": _NEEDS_OBS_28,
    "obs.too_old.hint_old_port": _NEEDS_OBS_28 + " Port 4444 is the old obs-websocket 4.x port; "
    "OBS 28+ listens on 4455.",
    "obs.timeout": "No answer from {host}:{port} within {seconds} s",
    "obs.timeout.hint": "Check the address and that no firewall blocks the port.",
    "obs.unknown_host": "Cannot find the computer “{host}”",
    "obs.unknown_host.hint": "Check the OBS address in settings.",
    "obs.protocol": "OBS answered in a way LiveDesk did not expect ({detail})",
    "obs.protocol.hint": "Restart OBS; if it persists, copy the debug info from Help and report "
    "it.",
    "obs.not_obs": "Something other than OBS's WebSocket server answers at {host}:{port}",
    "obs.not_obs.hint": "Check the port: {settings} shows OBS's (4455 by default).",
    "obs.bad_address": "“{url}” is not an OBS WebSocket address",
    "obs.bad_address.hint": "Write it as ws://HOST:PORT, e.g. ws://127.0.0.1:4455, in LiveDesk's "
    "OBS settings (or LIVEDESK_OBS_URL).",
    "obs.hint.old_port": "{hint} Port 4444 is the old obs-websocket 4 port; OBS 28 and later "
    "listen on 4455: change the port in LiveDesk's OBS address to 4455.",
    # app/wiring/lifecycle.py and app/domain/settings.py: the local API's port
    "api.port_taken": "The local API (Stream Deck, Companion, overlays, the assistants' panel) "
    "cannot start: another program, maybe another LiveDesk, uses port {port}. Close it, or choose "
    "another port in Settings → Local server and restart LiveDesk.",
    "settings.api_port_range": "api_port {port} is not a port from 1 to 65535; the local API "
    "uses {default}",
    # app/domain/preflight.py: the checklist before going live
    "preflight.no_segments": "The run-sheet has no segments",
    "preflight.no_segments.hint": "Open a run-sheet or add segments in the editor.",
    "preflight.sheet_errors": "Run-sheet errors: {n}",
    "preflight.sheet_errors.hint": "First: {where}: {message}",
    "preflight.planned": "Segments: {n} · planned {total}",
    "preflight.obs_not_connected": "OBS is not connected",
    "preflight.obs_not_connected.hint": "Start OBS and enable its WebSocket server; scenes "
    "cannot be checked.",
    "preflight.obs_connected": "OBS is connected",
    "preflight.missing_scene": "#{n} “{title}”: OBS has no scene “{scene}”",
    "preflight.missing_scene.hint": "Create the scene in OBS, or pick an existing one in the "
    "editor.",
    "preflight.chat_connected": "Chat source {name}: connected",
    "preflight.chat_not_connected": "Chat source {name}: not connected",
    "preflight.chat_not_connected.hint": "Check the source's settings or its network.",
    "preflight.no_standby": "No standby scene (马上回来) is chosen",
    "preflight.no_standby.hint": "Pick the scene to cut to in an emergency, e.g. “马上回来 BRB”.",
    "preflight.standby_missing": "The standby scene “{scene}” is not in OBS",
    "preflight.standby_missing.hint": "Create it in OBS or choose another standby scene.",
    "preflight.standby": "Standby scene: {scene}",
    "preflight.product_undefined": "#{n}: product “{sku}” is not defined",
    "preflight.product_undefined.hint": "Add it to the Products sheet or the catalog.",
    "preflight.product_gaps": "#{n}: the card of “{name}” lacks {gaps}",
    "preflight.gaps.hint": "Fill them in the catalog.",
    "preflight.no_image": "#{n}: “{name}” has no image",
    "preflight.no_image.hint": "Cards look better with a picture.",
    "preflight.coupon_undefined": "#{n}: coupon “{code}” is not defined",
    "preflight.coupon_undefined.hint": "Add it to the Coupons sheet or the catalog.",
    "preflight.coupon_gaps": "#{n}: coupon “{code}” lacks {gaps}",
    "preflight.coupon_too_long": "#{n}: coupon “{code}” runs {time}, longer than its segment "
    "({length})",
    "preflight.coupon_too_long.hint": "Shorten the countdown or lengthen the segment, or let it "
    "run on deliberately.",
    "preflight.coupon_again": "#{n}: coupon “{code}” starts again (first at #{first})",
    "preflight.coupon_again.hint": "A second start restarts the countdown; is that intended?",
    "preflight.lottery_again": "#{n} “{title}”: its lottery opens only if the one of #{first} "
    "has been drawn by then",
    "preflight.lottery_again.hint": "Draw the lottery of #{first} before cueing #{n}: a lottery "
    "stays open until it is drawn, even once its time is up.",
    "preflight.risky_points": "#{n} talking points: {claims}",
    "preflight.risky_card": "#{n} card of “{name}”: {claims}",
    # app/domain/compliance.py
    "compliance.hint": "Absolute claims (最, 第一, 国家级, 100%, best, guaranteed …) can breach "
    "the Advertising Law (广告法) and the platforms' rules: say what is true and checkable "
    "instead.",
    "compliance.claim": "“{term}” in “{context}”",
    # app/domain/runsheet.py and durations.py: a run-sheet's cells
    "runsheet.missing_column": "missing required column “{field}” ({aliases})",
    "runsheet.unknown_kind": "unknown kind “{kind}” (one of {known})",
    "runsheet.no_scene": "OBS has no scene “{scene}”",
    "runsheet.no_product": "no catalog defines product “{sku}”",
    "runsheet.no_coupon": "no catalog defines coupon “{code}”",
    "runsheet.long_segment": "the segment is longer than 2 hours",
    "runsheet.short_segment": "the segment lasts only {seconds} s: a bare number is minutes,"
    " and 0:05 reads as five seconds (m:ss); for five minutes type 5 or 5分钟",
    "runsheet.duplicate_sku": "duplicate SKU “{sku}”",
    "runsheet.duplicate_code": "duplicate coupon code “{code}”",
    "runsheet.lottery_again": "this lottery opens only if the one of “{title}” has been drawn by "
    "then (one lottery is open at a time)",
    "runsheet.missing": "the {field} is missing",
    "duration.expected": "expected " + _DURATION + ", not {value}",
    "duration.not_positive": "the duration must be more than zero, not {value}",
    "duration.under_a_second": "{value} is less than a second: a bare number is minutes"
    " (5 is five minutes; seconds are 90s or 90秒)",
    "duration.too_long": "the duration must be at most a year, not {value}",
    "duration.empty": "the duration is empty",
    "duration.unknown_unit": "unknown unit “{unit}” in {value}; expected " + _DURATION,
    # app/services: what a button press can be refused with (the message bar)
    "obs.no_scene_named": "OBS has no scene named “{scene}”",
    "obs.studio_mode_only": "the Transition button works in studio mode only",
    "obs.output_running": "the {output} is already running",
    "obs.output_not_running": "the {output} is not running",
    "obs.output_finishing": "OBS is still finishing the {output} it stopped; try again in a moment",
    "obs.output_stopping": "the {output} is already stopping",
    "obs.output_start_called_off": "the {output} start was called off by the stop pressed after it",
    "obs.replay_unconfirmed": "the connection to OBS was lost before OBS said it had saved the "
    "replay: it may not exist (no marker set)",
    "obs.refused": "OBS refused {request}",
    "obs.refused_detail": "OBS refused {request} ({detail})",
    "obs.replay_unavailable": (
        "OBS's replay buffer is switched off in its settings (回放缓存未启用): tick “Enable Replay "
        "Buffer” in OBS → Settings → Output → Replay Buffer, then start it from LiveDesk"
    ),
    "obs.replay_not_running": (
        "the replay buffer is not running, so there is nothing to save: start it first "
        "(the REPLAY button of the outputs panel, or POST /api/obs/replay_buffer with the "
        "action start)"
    ),
    "obs.virtualcam_unavailable": (
        "OBS has no virtual camera (虚拟摄像机不可用): on Linux install and load v4l2loopback "
        "(sudo apt install v4l2loopback-dkms; sudo modprobe v4l2loopback) and restart OBS; on "
        "Windows reinstall OBS with its virtual camera; on macOS allow OBS's camera extension "
        "in System Settings"
    ),
    "overlay.no_product": "no product with SKU “{sku}” in the catalog",
    "overlay.featured_needs_text": "a featured comment needs text",
    "overlay.no_coupon": "no coupon with code “{code}” in the catalog",
    "overlay.no_countdown": "no coupon countdown is running",
    "overlay.nothing_to_show": "there is no {kind} to show on screen",
    "runner.segment_live": "a segment is live; finish the run-sheet (or end the show) first",
    "runner.no_next": "the run-sheet has no more segments",
    "runner.no_previous": "there is no segment before this one",
    "runner.no_standby": "choose a standby scene first (e.g. “马上回来 BRB”)",
    # a segment cued again while the lottery, poll or check-in its cue opened is still open
    "runner.lottery_still_open": "this segment's lottery “{keyword}” is still open and goes on",
    "runner.poll_still_open": "this segment's poll “{question}” is still open and goes on",
    "runner.checkin_still_open": "this segment's check-in “{keyword}” is still open and goes on",
    "session.needs_title": "a show needs a title",
    "session.title_too_long": "the title is longer than 200 characters",
    "session.still_running": "the show “{title}” is still running; end it first",
    "session.running": "the show “{title}” is running; end it first",
    "session.not_running": "no show is running",
    # app/services/archive.py: the sessions archive after the show
    "archive.on_air": "this show is on air; end it before deleting its log",
    "archive.not_orders": "the file is not an order table: {reason}",
    "archive.unknown_format": "unknown report format “{fmt}”",
    "archive.no_path": "choose where to save the file",
    "archive.no_export": "no {fmt} export for this show: {reason}",
    "archive.cannot_write": "cannot write {path}: {reason}",
    "archive.orders_too_big": "{name} is larger than {mb} MB; is it an order export?",
    "archive.cannot_read": "cannot read {name}: {reason}",
    "resume.nothing": "there is no interrupted show to resume",
    "resume.show_running": "a show is running; end it before resuming another",
    "resume.raced": "the show was resumed or another was started meanwhile",
    "audience.needs_text": "the comment needs text",
    "audience.text_too_long": "the text is longer than 2,000 characters",
    "audience.blocked": "{user} is on the block list",
    "audience.blocked_text": "the text has blocked words or contact details",
    "audience.comment_blocked": "comment {id} is blocked: it stays off the queue and the screen",
    "moderation.needs_viewer": "say which viewer: “user_id” or “user” (and “platform”)",
    "host_message.needs_text": "the message for the host needs text",
    "host_message.too_long": "a message for the host is at most {max} characters",
    "host_message.bad_level": "“level” must be info or urgent",
    "markers.note_too_long": "a marker note is at most {n} characters",
    # app/services/clips.py: cutting the recording into clips
    "clips.no_recording": "this show has no recording: clips are cut from what OBS recorded "
    "while LiveDesk followed the show",
    "clips.no_recording_file": "the log does not say which file recording {n} went to: pass it "
    "with --recording FILE",
    "clips.no_recording_times": "the log has no recording timecodes for this show (OBS was not "
    "recording while LiveDesk followed it), so there is no telling where its clips are in {path}",
    "clips.recording_missing": "the recording {path} is not there (moved or deleted?)",
    "clips.not_recorded": "{title}: not recorded",
    "clips.past_the_end": "{title}: after the end of the recording file",
    "clips.too_short": "{title}: {seconds} s long, under the {min} s a clip needs: no clip",
    "clips.cannot_write": "cannot write {path}: {reason}",
    "clips.no_ffmpeg": "ffmpeg is not installed: install it (apt install ffmpeg, brew install "
    "ffmpeg, winget install ffmpeg) or set LIVEDESK_FFMPEG to its path",
    "clips.ffmpeg_failed": "ffmpeg could not cut {path}: {reason}",
    # app/domain/question_queue.py and the audience service: the question queue's actions
    "question.unknown": "there is no question {id}",
    # a question is named by what was asked (messages.excerpt), not by its id
    "question.claimed": "{user} is already answering the question “{question}”",
    "question.answering": "{user} is answering the question “{question}”",
    "question.finished": "the question “{question}” is already {state}",
    "question.answered": "the question “{question}” is already answered",
    "question.state.answered": "answered",
    "question.state.dismissed": "dismissed",
    "question.asked_again": "viewers asked “{question}” again after it was dismissed: answer the "
    "open one",
    "question.dismissed_off_screen": "the question “{question}” was dismissed: reopen it to put "
    "it on screen",
    "question.askers_blocked": "every viewer who asked “{question}” is blocked: it stays off "
    "screen",
    "input.too_long": "“{field}” is at most {limit:,} characters, not {count:,}",
    "question.bad_action": "“action” must be claim, answer, dismiss, reopen or feature",
    "question.who": "say who you are (“by”)",
    # app/domain/rules.py: products and coupons (run-sheets, the card editor, the API). The
    # limits are spelled out: they are the rules' constants, and a translation needs the words.
    "rules.not_a_number": "the {field} must be a number such as 199 or 39.90, not {value}",
    "rules.not_positive": "the {field} must be more than 0, not {value}",
    "rules.too_large": "the {field} must be at most {limit}, not {value}",
    "rules.decimals": "the {field} has at most {n} decimals, not {value}",
    "rules.countdown": "a countdown runs between 1 second and 24 hours (300, 5:00 or 5m), "
    "not {value}",
    "rules.extension": "a countdown is extended by a positive number of seconds, not {value}",
    "rules.extension_too_long": "a countdown runs at most 24 hours: {value} s more would make it "
    "longer",
    "rules.count": "the {field} must be a whole number from 0 to {limit}, not {value}",
    "rules.code_missing": "the coupon code is missing",
    "rules.code_too_long": "the coupon code must be at most {n} characters, not {count}",
    "rules.code_spaces": "the coupon code must be one word without spaces, not {value}",
    "rules.sku_missing": "the SKU is missing",
    "rules.sku_too_long": "the SKU must be at most {n} characters, not {count}",
    "rules.sku_not_printable": "the SKU must be printable text on one line, not {value}",
    "rules.discount_not_text": "the discount must be text, not {value}",
    "rules.discount_too_long": "the discount must be at most {n} characters, not {count}",
    "rules.discount_not_printable": "the discount must be printable text on one line, not {value}",
    # app/domain/interaction and the interaction service: lottery, polls and quizzes, check-in
    "interaction.needs_keyword": "a keyword is needed (the text viewers type, such as 666 or 签到)",
    "interaction.keyword_too_long": "the keyword is longer than {limit} characters",
    "interaction.bad_seconds": "the time must be a whole number of seconds from 1 to {limit}",
    "interaction.bad_cue": "the interaction cannot be read: {detail}",
    "interaction.unknown_cue": "an interaction starts with what it opens (one of {known}), "
    "then “:”",
    "interaction.quiz_needs_answer": "a quiz marks its one right option with * (2+2? | 3 | 4*)",
    "lottery.bad_winners": "the winners must be a whole number from 1 to {limit}",
    "lottery.unknown": "there is no lottery {id}",
    "lottery.already_open": "lottery {id} is still open; draw it first",
    "lottery.drawn": "lottery {id} is already drawn",
    "poll.needs_question": "a poll needs a question",
    "poll.question_too_long": "the question is longer than {limit} characters",
    "poll.bad_options": "a poll has {low} to {high} options, each a text",
    "poll.bad_answer": "the answer is the index of the right option, from 0 to {high}",
    "poll.unknown": "there is no poll {id}",
    "poll.already_open": "poll {id} is still open; close it first",
    "poll.not_quiz": "poll {id} is not a quiz: it has no right answer to reveal",
    "checkin.already_open": "a check-in is already open",
    "checkin.not_open": "no check-in is open",
    "checkin.none_in_show": "no check-in in this show: there is no attendance list to export",
    "preflight.interaction_bad": "segment {n} “{title}” cannot open its interaction: {problem}",
    "preflight.interaction_bad.hint": "Write the interaction cell as lottery: 口令=666; "
    "winners=3; 60s, poll: question | A | B, quiz: question | wrong | right*, or checkin: 签到",
    # app/domain/orders.py and order_cells.py: reading the platform's order export
    "orders.empty_file": "the file is empty",
    "orders.not_csv": "line {line}: not a readable CSV table ({detail})",
    "orders.field.time": "time",
    "orders.field.amount": "amount",
    "orders.field.sku": "SKU",
    "orders.field.product": "product",
    "orders.field.quantity": "quantity",
    "orders.field.order_no": "order number",
    "orders.field.status": "status",
    "orders.choose_column": "choose the {field} column",
    "orders.no_such_column": "the file has no column “{column}” (for {field})",
    "orders.cell_too_long": "the {field} is longer than {limit} characters",
    "orders.time_empty": "the time is empty",
    "orders.not_unix_time": "“{text}” is not a date and time nor unix seconds",
    "orders.not_a_time": "“{text}” is not a date and time (e.g. 2024-11-11 20:05:00) nor unix "
    "seconds",
    "orders.amount_empty": "the amount is empty",
    "orders.not_an_amount": "“{text}” is not an amount (e.g. 39.90)",
    "orders.amount_ambiguous": "“{text}” is ambiguous: is the dot a decimal point or a thousands "
    "separator? Write the amount with its cents (1,299.00 or 1.299,00)",
    "orders.not_a_quantity": "“{text}” is not a quantity (a whole number)",
    "orders.quantity_ambiguous": "“{text}” is ambiguous: is the dot a decimal point or a "
    "thousands separator? Write the quantity without it (e.g. 1000)",
    "orders.no_sale": "left out: the order is “{status}” (cancelled, closed, refunded or not "
    "paid)",
    "orders.repeat": "the same row as line {first} (the order exported twice): counted once",
    "orders.by_row": "The file has no order-number column: each row counts as one order, so an "
    "order of several items counts once per item.",
})  # fmt: skip


class Message(str):
    """A code and its values; the str itself is the English sentence (see the module's doc).

    `Message("obs.no_scene_named", scene="开场")`; `Message.plain(text)` for a sentence without a
    code; `Message.listing([...])` for values joined by ", " (or "; "). Immutable."""

    code: str
    params: Mapping[str, Param]

    def __new__(
        cls, code: str, params: Mapping[str, Param] | None = None, /, **more: Param
    ) -> Message:
        values: Mapping[str, Param] = MappingProxyType({**(params or {}), **more})
        made = super().__new__(cls, _english(code, values))
        object.__setattr__(made, "code", code)
        object.__setattr__(made, "params", values)
        return made

    @classmethod
    def plain(cls, text: str) -> Message:
        """`text` as it is (a Message already: kept)."""
        return text if isinstance(text, Message) else cls(PLAIN, text=text)

    @classmethod
    def listing(cls, items: Iterable[Param], separator: str = ", ") -> Message:
        code = next(code for code, joint in LISTS.items() if joint == separator)
        return cls(code, {str(i): item for i, item in enumerate(items)})

    def english(self) -> str:
        return str.__str__(self)

    def __str__(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {dict(self.params)!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # pickle keeps the code and values
        return (Message, (self.code, dict(self.params)))

    def __copy__(self) -> Message:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Message:
        return self  # immutable

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"a Message is immutable ({name})")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"a Message is immutable ({name})")


def word(code: str) -> Message:
    """A word of the catalog ("field.price") as a value inside another message."""
    return Message(code)


def field_word(field: str, spelled: str | None = None) -> Message | str:
    """A field ("original_price") as the catalog's word when it is spelled as the word
    ("original price"), so the window can translate it; any other as `spelled` (default `field`)."""
    text = field if spelled is None else spelled
    code = f"field.{field}"
    return Message(code) if CATALOG.get(code) == text else text


EXCERPT_CHARS = 30  # a viewer's text named in a message: at most this long


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A viewer's text as a message names it (a question by what was asked, never by its id):
    on one line, ended with “…” past `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _english(code: str, params: Mapping[str, Param]) -> str:
    if code in LISTS:
        return LISTS[code].join(str(value) for value in params.values())
    template = CATALOG.get(code)
    if template is None:  # PLAIN, or a code this version does not know
        return str(params.get("text", code))
    return template.format_map(params)
