"""The English texts the Qt-free layers (domain, services, the OBS adapter) put into messages, shown
in the interface's language.

Those layers speak English (the API and the logs use the same words). The window passes their
texts through `translated(text)`: a text made from one of the templates below is recognised, and
its translation is returned with the same values filled in ("OBS has no scene “{scene}”" ->
"OBS 中没有场景“开场”"). A value that is itself a known text or word is translated too. Any other
text is returned as it is. tests/ui/test_known_texts.py makes each layer's texts and checks they
are all recognised, so a reworded message shows up there.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QCoreApplication

from app.ui.translate_noop import QT_TRANSLATE_NOOP

CONTEXT = "KnownTexts"

TEMPLATES: tuple[str, ...] = (
    # app/adapters/obs/problems.py: why OBS cannot be reached, and what to do
    QT_TRANSLATE_NOOP(
        "KnownTexts", "OBS → Tools → WebSocket Server Settings (工具 → WebSocket 服务器设置)"
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "OBS refused the password (密码错误)"),
    QT_TRANSLATE_NOOP(
        "KnownTexts",
        "Copy the server password from {settings} → Show Connect Info, and paste it into "
        "LiveDesk's OBS settings.",
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts",
        "OBS is running but its WebSocket server is off at {host}:{port} (WebSocket 服务器未开启)",
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "Tick “Enable WebSocket server” in {settings}; check the port is {port}."
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "OBS is not running (OBS 未启动): nothing answers at {host}:{port}"
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "Start OBS Studio; LiveDesk connects by itself as soon as it is up."
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts",
        "Nothing answers at {host}:{port}: OBS is not running or its WebSocket server is off",
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "Start OBS Studio and tick “Enable WebSocket server” in {settings}."
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts",
        "LiveDesk needs OBS Studio 28 or later (obs-websocket 5). Update OBS from obsproject.com.",
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts",
        "LiveDesk needs OBS Studio 28 or later (obs-websocket 5). Update OBS from "
        "obsproject.com. Port 4444 is the old obs-websocket 4.x port; OBS 28+ listens on "
        "4455.",
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "OBS is older than 28 or speaks obs-websocket 4 ({detail})"),
    QT_TRANSLATE_NOOP("KnownTexts", "No answer from {host}:{port} within {seconds} s"),
    QT_TRANSLATE_NOOP("KnownTexts", "Check the address and that no firewall blocks the port."),
    QT_TRANSLATE_NOOP("KnownTexts", "Cannot find the computer “{host}”"),
    QT_TRANSLATE_NOOP("KnownTexts", "Check the OBS address in settings."),
    QT_TRANSLATE_NOOP("KnownTexts", "OBS answered in a way LiveDesk did not expect ({detail})"),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "Restart OBS; if it persists, copy the debug info from Help and report it."
    ),
    # app/domain/preflight.py: the checklist before going live
    QT_TRANSLATE_NOOP("KnownTexts", "The run-sheet has no segments"),
    QT_TRANSLATE_NOOP("KnownTexts", "Open a run-sheet or add segments in the editor."),
    QT_TRANSLATE_NOOP("KnownTexts", "The run-sheet has {n} error(s)"),
    QT_TRANSLATE_NOOP("KnownTexts", "First: {where}: {message}"),
    QT_TRANSLATE_NOOP("KnownTexts", "{n} segments, {total} planned"),
    QT_TRANSLATE_NOOP("KnownTexts", "OBS is not connected"),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "Start OBS and enable its WebSocket server; scenes cannot be checked."
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "OBS is connected"),
    QT_TRANSLATE_NOOP("KnownTexts", "#{n} “{title}”: OBS has no scene “{scene}”"),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "Create the scene in OBS, or pick an existing one in the editor."
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "Chat source {name}: connected"),
    QT_TRANSLATE_NOOP("KnownTexts", "Chat source {name}: not connected"),
    QT_TRANSLATE_NOOP("KnownTexts", "Check the source's settings or its network."),
    QT_TRANSLATE_NOOP("KnownTexts", "No standby scene (马上回来) is chosen"),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "Pick the scene to cut to in an emergency, e.g. “马上回来 BRB”."
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "The standby scene “{scene}” is not in OBS"),
    QT_TRANSLATE_NOOP("KnownTexts", "Create it in OBS or choose another standby scene."),
    QT_TRANSLATE_NOOP("KnownTexts", "Standby scene: {scene}"),
    QT_TRANSLATE_NOOP("KnownTexts", "#{n}: product “{sku}” is not defined"),
    QT_TRANSLATE_NOOP("KnownTexts", "Add it to the Products sheet or the catalog."),
    QT_TRANSLATE_NOOP("KnownTexts", "#{n}: the card of “{name}” lacks {gaps}"),
    QT_TRANSLATE_NOOP("KnownTexts", "Fill them in the catalog."),
    QT_TRANSLATE_NOOP("KnownTexts", "#{n}: “{name}” has no image"),
    QT_TRANSLATE_NOOP("KnownTexts", "Cards look better with a picture."),
    QT_TRANSLATE_NOOP("KnownTexts", "#{n}: coupon “{code}” is not defined"),
    QT_TRANSLATE_NOOP("KnownTexts", "Add it to the Coupons sheet or the catalog."),
    QT_TRANSLATE_NOOP("KnownTexts", "#{n}: coupon “{code}” lacks {gaps}"),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "#{n}: coupon “{code}” runs {time}, longer than its segment ({length})"
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts",
        "Shorten the countdown or lengthen the segment, or let it run on deliberately.",
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "#{n}: coupon “{code}” starts again (first at #{first})"),
    QT_TRANSLATE_NOOP("KnownTexts", "A second start restarts the countdown; is that intended?"),
    QT_TRANSLATE_NOOP("KnownTexts", "#{n} talking points: {claims}"),
    QT_TRANSLATE_NOOP("KnownTexts", "#{n} card of “{name}”: {claims}"),
    # app/domain/compliance.py
    QT_TRANSLATE_NOOP(
        "KnownTexts",
        "Absolute claims (最, 第一, 国家级, 100%, best, guaranteed …) can breach the Advertising "
        "Law (广告法) and the platforms' rules: say what is true and checkable instead.",
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "“{term}” in “{context}”"),
    # app/domain/runsheet.py and durations.py: a run-sheet's cells
    QT_TRANSLATE_NOOP("KnownTexts", "missing required column “{field}” ({aliases})"),
    QT_TRANSLATE_NOOP("KnownTexts", "unknown kind “{kind}” (one of {known})"),
    QT_TRANSLATE_NOOP("KnownTexts", "OBS has no scene “{scene}”"),
    QT_TRANSLATE_NOOP("KnownTexts", "no catalog defines product “{sku}”"),
    QT_TRANSLATE_NOOP("KnownTexts", "no catalog defines coupon “{code}”"),
    QT_TRANSLATE_NOOP("KnownTexts", "the segment is longer than 2 hours"),
    QT_TRANSLATE_NOOP("KnownTexts", "duplicate SKU “{sku}”"),
    QT_TRANSLATE_NOOP("KnownTexts", "duplicate coupon code “{code}”"),
    QT_TRANSLATE_NOOP("KnownTexts", "the {field} is missing"),
    QT_TRANSLATE_NOOP(
        "KnownTexts",
        "expected a duration such as 5, 5m, 90s, 5:00, 1:05:00, 5分钟 or 90秒, not {value}",
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "the duration must be more than zero, not {value}"),
    QT_TRANSLATE_NOOP("KnownTexts", "the duration must be at most a year, not {value}"),
    QT_TRANSLATE_NOOP("KnownTexts", "the duration is empty"),
    QT_TRANSLATE_NOOP(
        "KnownTexts",
        "unknown unit “{unit}” in {value}; expected a duration such as 5, 5m, 90s, 5:00, "
        "1:05:00, 5分钟 or 90秒",
    ),
    # app/services: what a button press can be refused with (the message bar)
    QT_TRANSLATE_NOOP("KnownTexts", "OBS has no scene named “{scene}”"),
    QT_TRANSLATE_NOOP("KnownTexts", "the Transition button works in studio mode only"),
    QT_TRANSLATE_NOOP("KnownTexts", "the {output} is already running"),
    QT_TRANSLATE_NOOP("KnownTexts", "the {output} is not running"),
    QT_TRANSLATE_NOOP("KnownTexts", "OBS refused {request}"),
    QT_TRANSLATE_NOOP("KnownTexts", "OBS refused {request} ({detail})"),
    QT_TRANSLATE_NOOP("KnownTexts", "no product with SKU “{sku}” in the catalog"),
    QT_TRANSLATE_NOOP("KnownTexts", "a featured comment needs text"),
    QT_TRANSLATE_NOOP("KnownTexts", "no coupon with code “{code}” in the catalog"),
    QT_TRANSLATE_NOOP("KnownTexts", "a countdown runs between 1 second and 24 hours"),
    QT_TRANSLATE_NOOP("KnownTexts", "no coupon countdown is running"),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "a segment is live; finish the run-sheet (or end the show) first"
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "the run-sheet has no more segments"),
    QT_TRANSLATE_NOOP("KnownTexts", "there is no segment before this one"),
    QT_TRANSLATE_NOOP("KnownTexts", "choose a standby scene first (e.g. “马上回来 BRB”)"),
    QT_TRANSLATE_NOOP("KnownTexts", "a show needs a title"),
    QT_TRANSLATE_NOOP("KnownTexts", "the title is longer than 200 characters"),
    QT_TRANSLATE_NOOP("KnownTexts", "the show “{title}” is still running; end it first"),
    QT_TRANSLATE_NOOP("KnownTexts", "the show “{title}” is running; end it first"),
    QT_TRANSLATE_NOOP("KnownTexts", "no show is running"),
    QT_TRANSLATE_NOOP("KnownTexts", "there is no interrupted show to resume"),
    QT_TRANSLATE_NOOP("KnownTexts", "a show is running; end it before resuming another"),
    QT_TRANSLATE_NOOP("KnownTexts", "the show was resumed or another was started meanwhile"),
    QT_TRANSLATE_NOOP("KnownTexts", "the comment needs text"),
    QT_TRANSLATE_NOOP("KnownTexts", "the text is longer than 2,000 characters"),
    QT_TRANSLATE_NOOP("KnownTexts", "{user} is on the block list"),
    QT_TRANSLATE_NOOP("KnownTexts", "a marker note is at most {n} characters"),
    # app/domain/rules.py: products and coupons (run-sheets, the card editor, the API)
    QT_TRANSLATE_NOOP(
        "KnownTexts", "the {field} must be a number such as 199 or 39.90, not {value}"
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "the {field} must be more than 0, not {value}"),
    QT_TRANSLATE_NOOP("KnownTexts", "the {field} must be at most {limit}, not {value}"),
    QT_TRANSLATE_NOOP("KnownTexts", "the {field} has at most {n} decimals, not {value}"),
    QT_TRANSLATE_NOOP(
        "KnownTexts",
        "a countdown runs between 1 second and 24 hours (300, 5:00 or 5m), not {value}",
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "a countdown is extended by a positive number of seconds, not {value}"
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "a countdown runs at most 24 hours: {value} s more would make it longer"
    ),
    QT_TRANSLATE_NOOP(
        "KnownTexts", "the {field} must be a whole number from 0 to {limit}, not {value}"
    ),
    QT_TRANSLATE_NOOP("KnownTexts", "the coupon code is missing"),
    QT_TRANSLATE_NOOP("KnownTexts", "the coupon code must be at most {n} characters, not {count}"),
    QT_TRANSLATE_NOOP("KnownTexts", "the coupon code must be one word without spaces, not {value}"),
    QT_TRANSLATE_NOOP("KnownTexts", "the SKU is missing"),
    QT_TRANSLATE_NOOP("KnownTexts", "the SKU must be at most {n} characters, not {count}"),
    QT_TRANSLATE_NOOP("KnownTexts", "the SKU must be printable text on one line, not {value}"),
    QT_TRANSLATE_NOOP("KnownTexts", "the discount must be text, not {value}"),
    QT_TRANSLATE_NOOP("KnownTexts", "the discount must be at most {n} characters, not {count}"),
    QT_TRANSLATE_NOOP("KnownTexts", "the discount must be printable text on one line, not {value}"),
)

# Words that stand for a field or an output inside a message ("the card of “X” lacks price").
WORDS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("KnownTexts", "name"),
    QT_TRANSLATE_NOOP("KnownTexts", "price"),
    QT_TRANSLATE_NOOP("KnownTexts", "original price"),
    QT_TRANSLATE_NOOP("KnownTexts", "stock"),
    QT_TRANSLATE_NOOP("KnownTexts", "quantity"),
    QT_TRANSLATE_NOOP("KnownTexts", "title"),
    QT_TRANSLATE_NOOP("KnownTexts", "seconds"),
    QT_TRANSLATE_NOOP("KnownTexts", "duration"),
    QT_TRANSLATE_NOOP("KnownTexts", "stream"),
    QT_TRANSLATE_NOOP("KnownTexts", "recording"),
)
SEPARATORS = (QT_TRANSLATE_NOOP("KnownTexts", ", "), QT_TRANSLATE_NOOP("KnownTexts", "; "))
_NESTED = {"settings", "message", "gaps", "output", "field", "claims"}  # values translated too
_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each template as a pattern, the most specific (most fixed text) first."""
    found = []
    for template in TEMPLATES:
        parts = _FIELD.split(template)  # text, name, text, name, …, text
        pattern = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
        fixed = sum(len(part) for part in parts[::2])
        found.append((fixed, re.compile(pattern + r"\Z", re.DOTALL), template))
    found.sort(key=lambda item: -item[0])
    return [(pattern, template) for _fixed, pattern, template in found]


def known(text: str) -> str | None:
    """The template `text` was made from, or None."""
    return next((t for p, t in _patterns() if p.match(text)), None)


def translated(text: str, _depth: int = 0) -> str:
    """`text` in the interface's language when it is a known text; else `text` itself."""
    if text in WORDS:
        return QCoreApplication.translate(CONTEXT, text)
    for pattern, template in _patterns():
        match = pattern.match(text)
        if match is None:
            continue
        values = {}
        for name, value in match.groupdict().items():
            if name in _NESTED and _depth < 3:
                value = _nested(value, _depth + 1)
            values[name] = value
        return QCoreApplication.translate(CONTEXT, template).format(**values)
    return text


def _nested(value: str, depth: int) -> str:
    """A value inside a known text: a known text itself, or a list of them ("name, price")."""
    whole = translated(value, depth)
    if whole != value:
        return whole
    for separator in ("; ", ", "):
        if separator in value:
            items = [translated(item, depth) for item in value.split(separator)]
            return QCoreApplication.translate(CONTEXT, separator).join(items)
    return value
