"""The retention setting: comment text older than N days is blanked; who, when, whether it was a
question and its intent stay, so the reviews' counts do not change."""

from __future__ import annotations

import sqlite_utils

DAY_S = 86_400
REDACTED = ""


def forget_old_comment_text(db: sqlite_utils.Database, now: float, days: int) -> int:
    """Blank the text of comments older than `days` (0: keep everything); returns how many."""
    if days <= 0:
        return 0
    cursor = db.execute(
        "UPDATE comments SET text = ?, user = ? WHERE ts < ? AND text != ?",
        [REDACTED, "", now - days * DAY_S, REDACTED],
    )
    return int(cursor.rowcount or 0)
