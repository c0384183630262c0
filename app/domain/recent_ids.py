"""Items sent again: a relay that reconnects, or retries a frame it had no answer for, sends
what LiveDesk already took. An item that carries the platform's own id (`id`: a message, gift
or super chat id) is taken once; one without an id is always taken."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from app.domain.audience import IncomingComment

KEPT_IDS = 50_000  # the latest ids remembered: minutes of a busy show, a few MB


class RecentIds:
    """The (platform, id) of the latest KEPT_IDS items that carried one; `repeats` counts the
    items left out for having been taken before."""

    def __init__(self, capacity: int = KEPT_IDS) -> None:
        self.capacity = capacity
        self.repeats = 0
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()

    def new_only(self, items: list[IncomingComment]) -> list[IncomingComment]:
        """`items` without those whose id was taken before (in this list too), in order."""
        seen = self._seen
        kept: list[IncomingComment] = []
        for item in items:
            native = item.native_id
            if native is not None:
                key = (item.platform, native)
                if key in seen:
                    self.repeats += 1
                    continue
                seen[key] = None
                if len(seen) > self.capacity:
                    seen.popitem(last=False)
            kept.append(item)
        return kept

    def remember(self, keys: Iterable[tuple[str, str]]) -> None:
        """Take the (platform, id) `keys` (oldest first) as taken before every id remembered
        now: a resumed show's logged ids, so that a relay sending them again after the crash is
        taken once. At most `capacity` are kept, the latest."""
        seen = self._seen
        room = self.capacity - len(seen)
        if room <= 0:
            return
        older = [key for key in dict.fromkeys(keys) if key not in seen]
        kept: OrderedDict[tuple[str, str], None] = OrderedDict.fromkeys(older[-room:])
        kept.update(seen)
        self._seen = kept
