"""Check-in (签到): each viewer who types the keyword is there, once, at the time they first did."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.interaction.lottery import check_keyword
from app.domain.interaction.viewers import MAX_VIEWERS, Said, Viewer, ViewerKey, normalise


@dataclass
class CheckIn:
    id: int
    keyword: str
    opened_at: float
    open: bool = True
    closed_at: float | None = None
    present: dict[ViewerKey, tuple[Viewer, float]] = field(default_factory=dict)
    # a closed check-in resumed with its count alone (its viewers are in the log)
    kept_count: int | None = None
    _match: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        self.keyword = check_keyword(self.keyword)
        self._match = normalise(self.keyword)

    def offer(self, comment: Said, at: float) -> bool:
        """Check the comment's viewer in when it holds the keyword; True when newly checked in."""
        if self._match not in normalise(comment.text):
            return False
        return self.enter(Viewer(comment.platform, comment.user, comment.user_id or None), at)

    def enter(self, viewer: Viewer, at: float) -> bool:
        """Check a viewer in once (none past MAX_VIEWERS); True when newly checked in."""
        key = viewer.key
        if key in self.present or len(self.present) >= MAX_VIEWERS:
            return False
        self.present[key] = (viewer, at)
        return True

    @property
    def count(self) -> int:
        return len(self.present) if self.kept_count is None else self.kept_count

    def close(self, now: float) -> None:
        if self.open:
            self.open, self.closed_at = False, now

    def attendance(self) -> list[tuple[object, ...]]:
        """[platform, user, user_id, t] for each viewer, in the order they checked in."""
        return [(*viewer.as_log(), at) for viewer, at in self.present.values()]
