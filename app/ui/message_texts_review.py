"""The texts of app/domain/messages.py for after the show: the archive, the review's exports,
order imports and clips (message_texts.py puts them together and translates)."""

from __future__ import annotations

from app.ui.translate_noop import QT_TRANSLATE_NOOP

REVIEW_TEXTS: dict[str, str] = {
    "archive.on_air": QT_TRANSLATE_NOOP(
        "MessageTexts", "this show is on air; end it before deleting its log"
    ),
    "archive.not_orders": QT_TRANSLATE_NOOP(
        "MessageTexts", "the file is not an order table: {reason}"
    ),
    "archive.unknown_format": QT_TRANSLATE_NOOP("MessageTexts", "unknown report format “{fmt}”"),
    "archive.no_path": QT_TRANSLATE_NOOP("MessageTexts", "choose where to save the file"),
    "archive.no_export": QT_TRANSLATE_NOOP(
        "MessageTexts", "no {fmt} export for this show: {reason}"
    ),
    "archive.cannot_write": QT_TRANSLATE_NOOP("MessageTexts", "cannot write {path}: {reason}"),
    "archive.orders_too_big": QT_TRANSLATE_NOOP(
        "MessageTexts", "{name} is larger than {mb} MB; is it an order export?"
    ),
    "archive.cannot_read": QT_TRANSLATE_NOOP("MessageTexts", "cannot read {name}: {reason}"),
    "markers.note_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "a marker note is at most {n} characters"
    ),
    "clips.no_recording": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "this show has no recording: clips are cut from what OBS recorded while LiveDesk "
        "followed the show",
    ),
    "clips.no_recording_file": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the log does not say which file recording {n} went to: pass it with --recording FILE",
    ),
    "clips.no_recording_times": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "the log has no recording timecodes for this show (OBS was not recording while LiveDesk "
        "followed it), so there is no telling where its clips are in {path}",
    ),
    "clips.recording_missing": QT_TRANSLATE_NOOP(
        "MessageTexts", "the recording {path} is not there (moved or deleted?)"
    ),
    "clips.not_recorded": QT_TRANSLATE_NOOP("MessageTexts", "{title}: not recorded"),
    "clips.past_the_end": QT_TRANSLATE_NOOP(
        "MessageTexts", "{title}: after the end of the recording file"
    ),
    "clips.too_short": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "{title}: {seconds} s long, under the {min} s a clip needs: no clip",
    ),
    "clips.cannot_write": QT_TRANSLATE_NOOP("MessageTexts", "cannot write {path}: {reason}"),
    "clips.no_ffmpeg": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "ffmpeg is not installed: install it (apt install ffmpeg, brew install ffmpeg, winget "
        "install ffmpeg) or set LIVEDESK_FFMPEG to its path",
    ),
    "clips.ffmpeg_failed": QT_TRANSLATE_NOOP(
        "MessageTexts", "ffmpeg could not cut {path}: {reason}"
    ),
    "orders.empty_file": QT_TRANSLATE_NOOP("MessageTexts", "the file is empty"),
    "orders.not_csv": QT_TRANSLATE_NOOP(
        "MessageTexts", "line {line}: not a readable CSV table ({detail})"
    ),
    "orders.field.time": QT_TRANSLATE_NOOP("MessageTexts", "time"),
    "orders.field.amount": QT_TRANSLATE_NOOP("MessageTexts", "amount"),
    "orders.field.sku": QT_TRANSLATE_NOOP("MessageTexts", "SKU"),
    "orders.field.product": QT_TRANSLATE_NOOP("MessageTexts", "product"),
    "orders.field.quantity": QT_TRANSLATE_NOOP("MessageTexts", "quantity"),
    "orders.field.order_no": QT_TRANSLATE_NOOP("MessageTexts", "order number"),
    "orders.field.status": QT_TRANSLATE_NOOP("MessageTexts", "status"),
    "orders.choose_column": QT_TRANSLATE_NOOP("MessageTexts", "choose the {field} column"),
    "orders.no_such_column": QT_TRANSLATE_NOOP(
        "MessageTexts", "the file has no column “{column}” (for {field})"
    ),
    "orders.cell_too_long": QT_TRANSLATE_NOOP(
        "MessageTexts", "the {field} is longer than {limit} characters"
    ),
    "orders.time_empty": QT_TRANSLATE_NOOP("MessageTexts", "the time is empty"),
    "orders.not_unix_time": QT_TRANSLATE_NOOP(
        "MessageTexts", "“{text}” is not a date and time nor unix seconds"
    ),
    "orders.not_a_time": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "“{text}” is not a date and time (e.g. 2024-11-11 20:05:00) nor unix seconds",
    ),
    "orders.amount_empty": QT_TRANSLATE_NOOP("MessageTexts", "the amount is empty"),
    "orders.not_an_amount": QT_TRANSLATE_NOOP(
        "MessageTexts", "“{text}” is not an amount (e.g. 39.90)"
    ),
    "orders.amount_ambiguous": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "“{text}” is ambiguous: is the dot a decimal point or a thousands separator? Write the "
        "amount with its cents (1,299.00 or 1.299,00)",
    ),
    "orders.not_a_quantity": QT_TRANSLATE_NOOP(
        "MessageTexts", "“{text}” is not a quantity (a whole number)"
    ),
    "orders.quantity_ambiguous": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "“{text}” is ambiguous: is the dot a decimal point or a thousands separator? Write the "
        "quantity without it (e.g. 1000)",
    ),
    "orders.no_sale": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "left out: the order is “{status}” (cancelled, closed, refunded or not paid)",
    ),
    "orders.repeat": QT_TRANSLATE_NOOP(
        "MessageTexts", "the same row as line {first} (the order exported twice): counted once"
    ),
    "orders.by_row": QT_TRANSLATE_NOOP(
        "MessageTexts",
        "The file has no order-number column: each row counts as one order, so an order of "
        "several items counts once per item.",
    ),
}
