"""Who a viewer is across platforms, and the text matching every interaction shares."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Protocol


class Said(Protocol):
    """What an interaction reads of a comment (app/domain/audience.Comment has it)."""

    @property
    def platform(self) -> str: ...
    @property
    def user(self) -> str: ...
    @property
    def user_id(self) -> str | None: ...
    @property
    def text(self) -> str: ...


ViewerKey = tuple[str, str]  # (platform, "id:…" or "name:…")
# one interaction's entrants, voters or check-ins: what it holds in memory and what resume keeps
# (beyond it a newcomer is not taken; a voter already counted may still change their vote)
MAX_VIEWERS = 250_000  # a 福袋 in the largest rooms draws 100,000+ within its minutes


@dataclass(frozen=True, slots=True)
class Viewer:
    """A viewer on one platform: known by the platform's user id, or by name where there is
    none (two platforms' viewers of the same name are two viewers)."""

    platform: str
    user: str
    user_id: str | None = None

    @property
    def key(self) -> ViewerKey:
        return viewer_key(self.platform, self.user, self.user_id)

    def as_api(self) -> dict[str, Any]:
        return {"platform": self.platform, "user": self.user, "user_id": self.user_id}

    def as_log(self) -> tuple[str, str, str | None]:
        """Compact for the log (a draw may have 100,000 entrants): [platform, user, user_id]
        (a tuple, written as a JSON list: tuples of strings cost the collector nothing)."""
        return (self.platform, self.user, self.user_id)

    @classmethod
    def from_log(cls, row: Any) -> Viewer:
        platform, user, user_id = row
        return cls(str(platform), str(user), None if user_id is None else str(user_id))


def viewer_key(platform: str, user: str, user_id: str | None) -> ViewerKey:
    return (platform, "id:" + user_id) if user_id else (platform, "name:" + user)


def viewer_of(comment: Said) -> Viewer:
    return Viewer(comment.platform, comment.user, comment.user_id or None)


def normalise(text: str) -> str:
    """Text as a keyword is matched: full-width forms as half-width (NFKC), any case. ASCII
    text, most of a flood, skips the normalisation."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()
